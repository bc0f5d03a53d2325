"""Tests of mapper/extract.py and the ``mapper extract`` command: JSON Lines records, failures and
GeoDataFrames."""

import json

import pytest

from mapper.cli import main
from mapper.documents import Document, DocumentFailure
from mapper.examples import example_paths
from mapper.extract import document_record, extract_records, failure_record, geoparse

#: The toponym fields /work/shared/eval/score.py and its readers rely on.
TOPONYM_KEYS = {
    "start",
    "end",
    "text",
    "name",
    "lat",
    "lon",
    "feature",
    "country",
    "admin1",
    "precision",
    "score",
    "reason",
}

GOOD_FR = "Des combats ont eu lieu près de Homs, puis à Hama, selon des témoins.\n"
GOOD_EN = "Two soldiers were killed near Palmyra on Monday, officials said.\n"


def write(path, data):
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def run_cli(capsys, *argv):
    status = main(["extract", "--no-ner", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines() if line.strip()], err


def check_toponyms(record, text=None):
    for t in record["toponyms"]:
        assert TOPONYM_KEYS <= set(t)
        assert isinstance(t["start"], int) and isinstance(t["end"], int) and t["start"] < t["end"]
        assert (t["lat"] is None) == (t["lon"] is None)
        assert isinstance(t["precision"], int) and 0 <= t["score"] <= 1
        if text is not None:
            assert text[t["start"] : t["end"]] == t["text"]


# --------------------------------------------------------------------------------------------------
# records


def test_extract_document_record_shape(geoparser):
    parsed = geoparser.parse(
        Document.from_text(GOOD_FR, id="a.txt", date="2021-01-24", url="https://x.test/a")
    )
    record = document_record(parsed)
    assert set(record) >= {"id", "lang", "date", "url", "title", "toponyms", "derived", "events"}
    assert (record["id"], record["lang"], record["date"], record["url"]) == (
        "a.txt",
        "fr",
        "2021-01-24",
        "https://x.test/a",
    )
    assert [t["text"] for t in record["toponyms"]] == ["Homs", "Hama"]
    check_toponyms(record, GOOD_FR)
    homs = record["toponyms"][0]
    assert homs["country"] == "SY" and homs["feature"].startswith("P.") and homs["admin1"] == "Homs"
    assert isinstance(record["events"], list)
    assert [d["kind"] for d in record["derived"]] == ["relative"]
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_extract_failure_record_shape():
    record = failure_record(DocumentFailure("b.txt", "/tmp/b.txt", "/tmp/b.txt: empty document"))
    assert record == {
        "id": "b.txt",
        "path": "/tmp/b.txt",
        "error": "/tmp/b.txt: empty document",
        "toponyms": [],
        "derived": [],
        "events": [],
    }


def test_extract_records_in_input_order(geoparser, tmp_path):
    paths = [
        write(tmp_path / "1.txt", GOOD_FR),
        write(tmp_path / "2.txt", ""),
        write(tmp_path / "3.txt", GOOD_EN),
    ]
    records = list(extract_records(paths, geoparser=geoparser, batch_size=1))
    assert [r["id"] for r in records] == ["1.txt", "2.txt", "3.txt"]
    assert ["error" in r for r in records] == [False, True, False]
    assert [t["name"] for t in records[2]["toponyms"]] == ["Tadmur"]


def test_extract_records_broken_document_becomes_a_failure(geoparser, tmp_path, monkeypatch):
    paths = [write(tmp_path / f"{i}.txt", GOOD_FR) for i in range(3)]
    real_parse = geoparser.parse

    def parse(doc, entities=None):
        if doc.id == "1.txt":
            raise RuntimeError("boom")
        return real_parse(doc, entities)

    monkeypatch.setattr(geoparser, "parse", parse)
    records = list(extract_records(paths, geoparser=geoparser, batch_size=1))
    assert [r["id"] for r in records] == ["0.txt", "1.txt", "2.txt"]
    assert records[1]["error"] == f"{paths[1]}: geoparser failed: RuntimeError: boom"
    assert records[0]["toponyms"] and records[2]["toponyms"]


def test_extract_records_one_broken_document_does_not_stop_the_batch(geoparser, tmp_path, monkeypatch):
    paths = [write(tmp_path / f"{i}.txt", GOOD_FR.replace("Homs", f"Homs {i}")) for i in range(3)]
    real_parse = geoparser.parse

    def parse(doc, entities=None):
        if doc.id == "1.txt":
            raise RuntimeError("boom")
        return real_parse(doc, entities)

    monkeypatch.setattr(geoparser, "parse", parse)
    records = list(extract_records(paths, geoparser=geoparser))
    assert [r["id"] for r in records] == ["0.txt", "1.txt", "2.txt"]
    assert "error" not in records[0] and "error" not in records[2]
    assert "geoparser failed: RuntimeError: boom" in records[1]["error"] and "1.txt" in records[1]["error"]


def test_extract_records_json_lines_input(geoparser, tmp_path):
    lines = [
        json.dumps({"id": "x", "text": GOOD_FR, "date": "2020-02-03"}),
        "{broken",
        json.dumps({"id": "y", "text": GOOD_EN}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    records = list(extract_records([path], geoparser=geoparser))
    assert [r["id"] for r in records][0] == "x" and records[0]["date"] == "2020-02-03"
    assert "error" in records[1] and "batch.jsonl" in records[1]["error"]
    assert records[2]["id"] == "y" and records[2]["toponyms"]


# --------------------------------------------------------------------------------------------------
# the command


def test_extract_cli_jsonl(default_store, tmp_path, capsys):
    a, b = write(tmp_path / "a.txt", GOOD_FR), write(tmp_path / "b.txt", GOOD_EN)
    status, records, err = run_cli(capsys, "--jsonl", a, b)
    assert status == 0 and err == ""
    assert [r["id"] for r in records] == ["a.txt", "b.txt"]
    assert [r["lang"] for r in records] == ["fr", "en"]
    for r, text in zip(records, (GOOD_FR, GOOD_EN), strict=True):
        assert r["toponyms"]
        check_toponyms(r, text)


def test_extract_cli_text_output(default_store, tmp_path, capsys):
    status = main(["extract", "--no-ner", str(write(tmp_path / "a.txt", GOOD_FR))])
    out = capsys.readouterr().out
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "a.txt (fr, no date): 2 places"
    assert lines[1].split()[:2] == ["32", "Homs"] and "P.PPL" in lines[1] and lines[1].endswith("p1")
    assert "relative" in lines[3] and lines[3].endswith("r=5 km p2")


def test_extract_cli_example(default_store, capsys):
    status, records, _ = run_cli(capsys, "--jsonl", "--example")
    assert status == 0
    assert len(example_paths()) == 3
    assert [r["id"] for r in records] == [p.name for p in example_paths()]
    assert all("error" not in r and r["toponyms"] for r in records)
    assert [r["lang"] for r in records] == ["en", "fr", "fr"]
    assert [r["date"] for r in records] == ["2021-06-08", "2019-03-14", "2020-02-03"]
    for r, path in zip(records, example_paths(), strict=True):
        check_toponyms(r, path.read_text(encoding="utf-8"))


def test_extract_cli_no_input(capsys):
    with pytest.raises(SystemExit, match="no input"):
        main(["extract", "--no-ner"])


def test_extract_cli_output_file_is_written_atomically(default_store, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    a = write(src / "a.txt", GOOD_FR)
    out_dir = tmp_path / "out"
    out = out_dir / "out.jsonl"
    status = main(["extract", "--no-ner", str(a), "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 0 and captured.out == ""
    assert [p.name for p in out_dir.iterdir()] == ["out.jsonl"]  # no temporary file left beside it
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a.txt"]


def test_extract_cli_output_file_kept_when_the_run_fails(default_store, tmp_path, capsys, monkeypatch):
    import mapper.extract

    out = write(tmp_path / "out.jsonl", "previous run\n")
    a = write(tmp_path / "a.txt", GOOD_FR)

    def broken(*args, **kwargs):
        yield {"id": "first", "toponyms": [], "derived": [], "events": []}
        raise KeyboardInterrupt

    monkeypatch.setattr(mapper.extract, "extract_records", broken)
    with pytest.raises(KeyboardInterrupt):
        main(["extract", "--no-ner", str(a), "-o", str(out)])
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.jsonl"]


@pytest.fixture
def bad_inputs(tmp_path):
    """One good document, each kind of bad input, and another good document, in that order."""
    d = tmp_path / "inputs"
    d.mkdir()
    big = d / "huge.txt"
    with open(big, "w", encoding="utf-8") as fh:
        line = "Des combats ont eu lieu près de Homs selon des témoins sur place. " * 15 + "\n"
        for _ in range(20 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size > 20 * 1024 * 1024
    return [
        write(d / "good1.txt", GOOD_FR),
        write(d / "empty.txt", ""),
        write(d / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        write(d / "blob.bin", b"\x00\x01\x02\x03binary"),
        write(d / "latin1.txt", "Des combats à Homs, près de Hama.".encode("latin-1")),
        write(d / "nobody.html", "<html><head><title>Rien</title></head></html>"),
        big,
        write(d / "good2.txt", GOOD_EN),
    ]


def test_extract_cli_bad_inputs_each_become_one_failure(default_store, bad_inputs, capsys):
    status, records, err = run_cli(capsys, "--jsonl", *bad_inputs)
    assert status == 1
    assert len(records) == len(bad_inputs)
    assert [r["id"] for r in records] == [p.name for p in bad_inputs]
    good = {"good1.txt", "good2.txt"}
    for r, path in zip(records, bad_inputs, strict=True):
        if path.name in good:
            assert "error" not in r and r["toponyms"]
        else:
            assert r["error"].startswith(str(path) + ":"), r["error"]
            assert r["toponyms"] == [] and r["events"] == []
            assert r["error"] in err
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert "empty" in errors["empty.txt"]
    assert "binary" in errors["image.png"] and "binary" in errors["blob.bin"]
    assert "UTF-8" in errors["latin1.txt"]
    assert "no main text" in errors["nobody.html"]
    assert "too large" in errors["huge.txt"]
    assert f"2 of {len(bad_inputs)} documents geoparsed, {len(bad_inputs) - 2} failed" in err


def test_extract_cli_bad_inputs_to_an_output_file(default_store, bad_inputs, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    status = main(["extract", "--no-ner", *map(str, bad_inputs), "-o", str(out)])
    assert status == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(bad_inputs)
    assert sum("error" in r for r in records) == len(bad_inputs) - 2


def test_extract_cli_missing_file(default_store, tmp_path, capsys):
    status, records, err = run_cli(
        capsys, "--jsonl", tmp_path / "nope.txt", write(tmp_path / "a.txt", GOOD_FR)
    )
    assert status == 1 and len(records) == 2
    assert "no such file" in records[0]["error"] and str(tmp_path / "nope.txt") in records[0]["error"]


def test_extract_records_are_what_score_py_reads(default_store, tmp_path, capsys):
    from tests.conftest import SHARED

    score_path = SHARED / "eval" / "score.py"
    if not score_path.is_file():
        pytest.skip(f"no scorer at {score_path}")
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_eval_score", score_path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    path = write(tmp_path / "a.txt", GOOD_FR)
    _, records, _ = run_cli(capsys, "--jsonl", path)
    homs, hama = GOOD_FR.index("Homs"), GOOD_FR.index("Hama")
    temoins = GOOD_FR.index("témoins")
    gold = {
        "a.txt": {
            "toponyms": [
                {
                    "start": homs,
                    "end": homs + 4,
                    "text": "Homs",
                    "lat": 34.7268,
                    "lon": 36.7234,
                    "kind": "city",
                },
                {
                    "start": hama,
                    "end": hama + 4,
                    "text": "Hama",
                    "lat": 35.1318,
                    "lon": 36.7578,
                    "kind": "city",
                },
            ],
            "not_places": [{"start": temoins, "end": temoins + 7, "text": "témoins"}],
            "events": [],
        }
    }
    result = scorer.score(gold, {r["id"]: r for r in records})
    assert (result["precision"], result["recall"], result["acc_10km"], result["traps_hit"]) == (
        1.0,
        1.0,
        1.0,
        0,
    )


# --------------------------------------------------------------------------------------------------
# geoparse(): a GeoDataFrame


@pytest.mark.parametrize("lines", [True, False])
def test_extract_geoparse_frame(geoparser, lines):
    text = GOOD_FR + "La route reliant al-Mayadin à Abou Kamal est coupée.\n"
    frame = geoparse(text, geoparser=geoparser, lines=lines)
    assert frame.crs.to_epsg() == 4326
    assert {"doc_id", "kind", "text", "name", "lat", "lon", "geometry"} <= set(frame.columns)
    assert set(frame["kind"]) == {"toponym", "relative", "route"}
    points = frame[frame.geometry.geom_type == "Point"]
    assert len(points) >= 4
    for geom, lat, lon in zip(points.geometry, points["lat"], points["lon"], strict=True):
        assert geom.x == pytest.approx(lon) and geom.y == pytest.approx(lat)  # x is the longitude
    route = frame[frame["kind"] == "route"].iloc[0]
    if lines:
        assert route.geometry.geom_type == "LineString"
        assert route.geometry.coords[0] == pytest.approx(
            (40.45154, 35.01982), abs=0.01
        )  # (lon, lat) of al-Mayadin
    else:
        assert route.geometry.geom_type == "Point"
        assert (route.geometry.x, route.geometry.y) == pytest.approx((route["lon"], route["lat"]))
    assert frame.attrs["failures"] == []


def test_extract_geoparse_document_and_paths(geoparser, tmp_path):
    frame = geoparse(Document.from_text(GOOD_EN, id="doc"), geoparser=geoparser)
    assert list(frame["doc_id"].unique()) == ["doc"] and "Palmyra" in set(frame["text"])
    good, empty = write(tmp_path / "a.txt", GOOD_FR), write(tmp_path / "b.txt", " ")
    frame = geoparse([good, empty], geoparser=geoparser)
    assert list(frame["doc_id"].unique()) == ["a.txt"]
    assert [f["id"] for f in frame.attrs["failures"]] == ["b.txt"]
    assert "empty" in frame.attrs["failures"][0]["error"]


def test_extract_geoparse_unresolved_has_no_geometry(geoparser):
    frame = geoparse("Un barrage a été installé sur la route 412 au nord.", geoparser=geoparser)
    (row,) = frame.itertuples()
    assert row.lat is None or row.lat != row.lat  # None or NaN
    assert row.geometry is None or row.geometry.is_empty


def test_extract_geoparse_empty(geoparser):
    frame = geoparse("Rien à signaler ce jour.", geoparser=geoparser)
    assert len(frame) == 0 and frame.crs.to_epsg() == 4326
