import json

import pytest

from mapper.cli import main


def test_cli_geocode_text(default_store, capsys):
    assert main(["geocode", "Abou Kamal", "Deir Ezzor", "--country", "SY"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Abou Kamal: 34.45") and "SY" in out[0]
    assert out[1].startswith("Deir Ezzor: 35.3")


def test_cli_geocode_json_limit(default_store, capsys):
    assert main(["geocode", "Damascus", "--limit", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "Damascus" and len(data["results"]) == 3
    assert data["results"][0]["country_code"] == "SY" and "geometry" not in data["results"][0]


def test_cli_geocode_no_match_exit_status(default_store, capsys):
    assert main(["geocode", "Xqzvvbnm Qqqqq"]) == 1
    assert "no match" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [(["geocode", "Homs", "--country", "XX"], "unknown country code"),
     (["geocode", "   "], "empty"),
     (["geocode", "x" * 10_000], "characters long"),
     (["geocode", "Homs", "--feature-class", "Q"], "feature class")],
)
def test_cli_geocode_bad_input(default_store, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mapper: error:") and message in err


def test_cli_limit_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        main(["geocode", "Homs", "--limit", "0"])


def test_cli_reverse(default_store, capsys):
    assert main(["reverse", "34.4525", "40.9185"]) == 0
    assert "Kam" in capsys.readouterr().out


def test_cli_gazetteer_info(default_store, capsys):
    assert main(["--store", str(default_store.path), "gazetteer", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["places"] == len(default_store) and "ocha-communities" in info["sources"]


def test_cli_gazetteer_add_rejects_broken_file(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat\nX,1\n", encoding="utf-8")
    assert main(["--store", str(tmp_path / "g.sqlite"), "gazetteer", "add", str(bad)]) == 2
    assert "bad.csv" in capsys.readouterr().err
