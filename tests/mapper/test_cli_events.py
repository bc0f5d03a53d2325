"""Tests of the ``mapper events`` command (mapper/cli.py): ACLED-style incident tables from articles."""

import csv

import pandas as pd
import pytest

from mapper.cli import main
from mapper.examples import example_paths
from mapper.incidents.model import ACLED_COLUMNS, EXTRA_COLUMNS

ARTICLE_FR = (
    "date 2021-01-26\n"
    "Des affrontements ont opposé l'armée syrienne à Daech près de Palmyre dimanche 24 janvier. "
    "Au moins 9 soldats ont été tués.\n"
    "Une frappe aérienne a touché un marché à Idleb hier, tuant deux civils.\n"
)
ARTICLE_EN = (
    "date 2021-06-08\n"
    "A roadside bomb struck an army patrol near Tikrit on Monday, killing three soldiers.\n"
    "The governor opened a school in Raqqa.\n"
)


@pytest.fixture
def articles(tmp_path):
    fr = tmp_path / "fr_palmyre.txt"
    fr.write_text(ARTICLE_FR, encoding="utf-8")
    en = tmp_path / "en_tikrit.txt"
    en.write_text(ARTICLE_EN, encoding="utf-8")
    return fr, en


def read_csv_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def test_cli_events_writes_an_acled_csv(default_store, articles, tmp_path, capsys):
    out_csv = tmp_path / "out" / "incidents.csv"
    assert main(["events", "--no-ner", "-o", str(out_csv), *map(str, articles)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "3 incidents from 2 documents written to" in out
    header, rows = read_csv_rows(out_csv)
    assert header == ACLED_COLUMNS + EXTRA_COLUMNS
    got = {(r["event_type"], r["event_date"], r["fatalities"]) for r in rows}
    assert got == {
        ("Battles", "2021-01-24", "9"),
        ("Explosions/Remote violence", "2021-01-25", "2"),
        ("Explosions/Remote violence", "2021-06-07", "3"),
    }
    assert sorted(r["event_id_cnty"] for r in rows) == ["IRQ1", "SYR1", "SYR2"]
    assert {r["country"] for r in rows} == {"Syria", "Iraq"}
    assert all(r["latitude"] and r["longitude"] for r in rows)
    assert [p.name for p in out_csv.parent.iterdir()] == ["incidents.csv"]


def test_cli_events_table_on_stdout(default_store, articles, capsys):
    assert main(["events", "--no-ner", *map(str, articles)]) == 0
    out = capsys.readouterr().out
    assert "event_type" in out and "fatalities" in out
    assert "Battles" in out and "Explosions/Remote violence" in out


def test_cli_events_no_incident_found(default_store, tmp_path, capsys):
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("Le ministre a visité Damas pour discuter du budget.\n", encoding="utf-8")
    assert main(["events", "--no-ner", str(quiet)]) == 0
    assert "no incident found" in capsys.readouterr().out


def test_cli_events_example(default_store, tmp_path, capsys):
    out_csv = tmp_path / "examples.csv"
    assert main(["events", "--no-ner", "--example", "-o", str(out_csv)]) == 0
    assert f"from {len(example_paths())} documents" in capsys.readouterr().out
    back = pd.read_csv(out_csv)
    assert list(back.columns) == ACLED_COLUMNS + EXTRA_COLUMNS
    assert len(back) >= len(example_paths())
    assert back["event_id_cnty"].is_unique
    assert set(back["event_type"]) <= {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                       "Protests", "Riots", "Strategic developments"}


@pytest.mark.parametrize("junk", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(64),
    b"Des combats\x00\x00\x00 ont eu lieu.",
], ids=["png", "pdf", "nul"])
def test_cli_events_broken_file_reported_others_processed(default_store, articles, tmp_path, capsys, junk):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(junk)
    out_csv = tmp_path / "incidents.csv"
    fr, en = articles
    assert main(["events", "--no-ner", "-o", str(out_csv), str(fr), str(broken), str(en)]) == 1
    out, err = capsys.readouterr()
    assert "broken.txt" in err and "binary" in err
    assert "2 of 3 documents read, 1 failed" in err
    _, rows = read_csv_rows(out_csv)
    assert {r["doc_id"].rsplit("/", 1)[-1] for r in rows} == {"fr_palmyre.txt", "en_tikrit.txt"}


def test_cli_events_missing_file_reported(default_store, articles, tmp_path, capsys):
    out_csv = tmp_path / "incidents.csv"
    assert main(["events", "--no-ner", "-o", str(out_csv), str(articles[0]), str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err
    assert len(read_csv_rows(out_csv)[1]) == 2


def test_cli_events_unsupported_output_format(default_store, articles, tmp_path, capsys):
    assert main(["events", "--no-ner", "-o", str(tmp_path / "incidents.xlsx"), str(articles[0])]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mapper: error:") and "unsupported output format" in err
    assert not (tmp_path / "incidents.xlsx").exists()


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".parquet"])
def test_cli_events_geo_outputs(default_store, articles, tmp_path, capsys, suffix):
    import geopandas

    out = tmp_path / f"incidents{suffix}"
    assert main(["events", "--no-ner", "-o", str(out), *map(str, articles)]) == 0
    back = geopandas.read_parquet(out) if suffix == ".parquet" else geopandas.read_file(out)
    assert len(back) == 3 and back.crs.to_epsg() == 4326


def test_cli_events_without_input_exits(capsys):
    with pytest.raises(SystemExit, match="no input"):
        main(["events", "--no-ner"])
