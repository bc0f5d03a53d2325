"""Tests of the incident writers of mapper/frames.py: ``incidents_frame``, ``write_incidents`` (CSV,
GeoPackage, GeoJSON, GeoParquet, written atomically) and ``neutralise_formulas``."""

import csv
import math
import sqlite3

import geopandas
import pandas as pd
import pytest

from mapper.exc import MapperInputError
from mapper.frames import incidents_frame, neutralise_formulas, write_incidents
from mapper.incidents.model import ACLED_COLUMNS, EXTRA_COLUMNS, Incident

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def make_incidents():
    return [
        Incident("Battles", "Armed clash", date="2021-01-24", time_precision=1,
                 actor1="Islamic State (Syria)", inter1=2, actor2="Military Forces of Syria (2000-2024)",
                 inter2=1, location="Al Mayadin", country="Syria", iso_country="SY", admin1="Deir-ez-Zor",
                 lat=35.01982, lon=40.45154, killed=35,
                 notes='Des combats ont éclaté, dit-on, près de "Mayadine".', doc_id="fr-1", start=0,
                 end=51, confidence=0.8, reason="'combats' → Armed clash", sources=["fr-1", "en-2"],
                 event_id="SYR1"),
        Incident("Explosions/Remote violence", "Remote explosive/landmine/IED", date="2021-06-08",
                 time_precision=1, location="Al Qaim", country="Iraq", iso_country="IQ", admin1="Al-Anbar",
                 lat=34.3925, lon=40.98945, geo_precision=2, wounded=3,
                 notes="A roadside bomb struck a patrol.\nTwo soldiers were wounded.",
                 doc_id="en-3", sources=["en-3"], event_id="IRQ1"),
        Incident("Protests", "Peaceful protest", date="2021-01-20", time_precision=2, location="Washington",
                 country="United States", iso_country="US", lat=38.89511, lon=-77.03637, geo_precision=1,
                 notes="Protesters gathered.", doc_id="en-4", sources=["en-4"], event_id="USA1"),
    ]


@pytest.fixture
def frame():
    return incidents_frame(make_incidents())


def _cell(value):
    """A cell as it reads back, whatever the dtype: missing and "" alike, numbers as floats."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        return float(value)
    return str(value)


def _rows(table):
    return [[_cell(v) for v in row] for row in table.itertuples(index=False)]


# --------------------------------------------------------------------------------------------------
# the frame


def test_writers_incidents_frame_columns_and_crs(frame):
    assert list(frame.columns) == ACLED_COLUMNS + EXTRA_COLUMNS + ["geometry"]
    assert frame.crs.to_epsg() == 4326 and len(frame) == 3
    assert [(p.x, p.y) for p in frame.geometry] == [
        (40.45154, 35.01982), (40.98945, 34.3925), (-77.03637, 38.89511)]


def test_writers_incidents_frame_without_coordinates_has_missing_geometry():
    frame = incidents_frame([Incident("Battles", "Armed clash", date="2021-01-24")])
    assert frame.geometry.isna().all() or frame.geometry.is_empty.all()


def test_writers_incidents_frame_empty():
    frame = incidents_frame([])
    assert len(frame) == 0 and list(frame.columns) == ACLED_COLUMNS + EXTRA_COLUMNS + ["geometry"]


# --------------------------------------------------------------------------------------------------
# CSV


def test_writers_csv_round_trip(frame, tmp_path):
    path = tmp_path / "incidents.csv"
    write_incidents(frame, path)
    back = pd.read_csv(path)
    table = frame.drop(columns=frame.geometry.name)
    assert list(back.columns) == list(table.columns) == ACLED_COLUMNS + EXTRA_COLUMNS
    assert _rows(back) == _rows(table)
    assert back["event_id_cnty"].tolist() == ["SYR1", "IRQ1", "USA1"]
    assert back["fatalities"].tolist() == [35, 0, 0]
    assert back["notes"][1] == "A roadside bomb struck a patrol.\nTwo soldiers were wounded."


def test_writers_csv_header_is_acleds_order(frame, tmp_path):
    path = tmp_path / "incidents.csv"
    write_incidents(frame, path)
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:31] == ACLED_COLUMNS and header[31:] == EXTRA_COLUMNS


@pytest.mark.parametrize("value", ["=1+1", "=HYPERLINK(\"http://x\")", "+33 1 23", "-2+3", "@SUM(A1)",
                                   "\tDaech", "\rDaech"])
def test_writers_neutralise_formulas_prefixes_a_quote(value):
    assert neutralise_formulas(value) == "'" + value


@pytest.mark.parametrize("value", ["Daech", "", " =1", "Al-Mayadin", -5, -5.5, None, 0])
def test_writers_neutralise_formulas_leaves_plain_values(value):
    assert neutralise_formulas(value) == value


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_writers_csv_formula_cells_are_written_as_text(tmp_path, start):
    incs = make_incidents()
    incs[0].notes = start + "cmd|' /C calc'!A0"
    incs[0].actor1 = start + "SUM(1,2)"
    path = tmp_path / "incidents.csv"
    write_incidents(incidents_frame(incs), path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["notes"] == "'" + incs[0].notes
    assert rows[0]["actor1"] == "'" + incs[0].actor1
    assert rows[1]["notes"] == incs[1].notes  # plain text untouched


def test_writers_csv_negative_numbers_are_untouched(frame, tmp_path):
    path = tmp_path / "incidents.csv"
    write_incidents(frame, path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert float(rows[2]["longitude"]) == -77.03637 and rows[2]["longitude"].startswith("-")
    assert pd.read_csv(path)["longitude"].tolist() == [40.45154, 40.98945, -77.03637]


def _written_rows(frame, tmp_path):
    path = tmp_path / "incidents.csv"
    write_incidents(frame, path)
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


#: The columns written as numbers: never prefixed, a negative value stays a number.
NUMERIC_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude",
                   "longitude", "geo_precision", "fatalities", "timestamp", "wounded", "killed_or_wounded",
                   "start", "end", "confidence"}
TEXT_COLUMNS = [c for c in ACLED_COLUMNS + EXTRA_COLUMNS if c not in NUMERIC_COLUMNS]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_writers_csv_every_text_column_is_neutralised(frame, tmp_path, column):
    frame[column] = ["=1+1", "-5", "plain"]  # a formula, and a number written as text
    rows = _written_rows(frame, tmp_path)
    assert [r[column] for r in rows] == ["'=1+1", "'-5", "plain"]


@pytest.mark.parametrize("dtype", ["object", "string", "string[pyarrow]", "str", "category"])
@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_writers_csv_formula_cells_of_any_string_dtype(frame, tmp_path, dtype, start):
    frame["notes"] = pd.Series([start + "cmd|' /C calc'!A0", start + "5", "Daech"], dtype=dtype)
    assert not pd.api.types.is_numeric_dtype(frame["notes"])
    rows = _written_rows(frame, tmp_path)
    assert [r["notes"] for r in rows] == ["'" + start + "cmd|' /C calc'!A0", "'" + start + "5", "Daech"]


def test_writers_csv_mixed_column_neutralises_its_text_only(frame, tmp_path):
    frame["admin3"] = pd.Series(["-5", -5, None], dtype=object)  # numbers-as-text beside a number
    rows = _written_rows(frame, tmp_path)
    assert [r["admin3"] for r in rows] == ["'-5", "-5", ""]


def test_writers_csv_negative_numbers_of_numeric_columns_stay_numbers(frame, tmp_path):
    frame["longitude"] = [-40.5, -0.0, -77.03637]
    frame["confidence"] = [-0.5, 0.0, 1.0]
    rows = _written_rows(frame, tmp_path)
    assert [r["longitude"] for r in rows] == ["-40.5", "-0.0", "-77.03637"]
    assert [r["confidence"] for r in rows] == ["-0.5", "0.0", "1.0"]


# --------------------------------------------------------------------------------------------------
# GeoPackage, GeoJSON, GeoParquet


def _check_geo_round_trip(frame, back):
    assert len(back) == len(frame)
    assert back.crs is not None and back.crs.to_epsg() == 4326
    assert back.geometry.geom_equals(frame.geometry).all()
    assert back["event_id_cnty"].tolist() == ["SYR1", "IRQ1", "USA1"]
    assert back["fatalities"].tolist() == [35, 0, 0]
    assert back["longitude"].tolist() == [40.45154, 40.98945, -77.03637]
    assert [c for c in back.columns if c != back.geometry.name] == ACLED_COLUMNS + EXTRA_COLUMNS


def test_writers_gpkg_round_trip(frame, tmp_path):
    path = tmp_path / "incidents.gpkg"
    write_incidents(frame, path)
    _check_geo_round_trip(frame, geopandas.read_file(path, layer="incidents"))


def test_writers_gpkg_is_a_sqlite_geopackage(frame, tmp_path):
    path = tmp_path / "incidents.gpkg"
    write_incidents(frame, path)
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    con = sqlite3.connect(path)
    try:
        contents = con.execute("SELECT table_name, data_type, srs_id FROM gpkg_contents").fetchall()
        count = con.execute('SELECT COUNT(*) FROM "incidents"').fetchone()[0]
    finally:
        con.close()
    assert contents == [("incidents", "features", 4326)]
    assert count == 3


@pytest.mark.parametrize("suffix", [".geojson", ".json"])
def test_writers_geojson_round_trip(frame, tmp_path, suffix):
    path = tmp_path / f"incidents{suffix}"
    write_incidents(frame, path)
    _check_geo_round_trip(frame, geopandas.read_file(path))


def test_writers_parquet_round_trip(frame, tmp_path):
    path = tmp_path / "incidents.parquet"
    write_incidents(frame, path)
    _check_geo_round_trip(frame, geopandas.read_parquet(path))


@pytest.mark.parametrize("name", ["incidents.CSV", "incidents.GPKG"])
def test_writers_extension_is_case_insensitive(frame, tmp_path, name):
    path = tmp_path / name
    write_incidents(frame, path)
    assert path.stat().st_size > 0


def test_writers_creates_the_parent_directory(frame, tmp_path):
    path = tmp_path / "out" / "deeper" / "incidents.gpkg"
    write_incidents(frame, path)
    assert len(geopandas.read_file(path)) == 3


# --------------------------------------------------------------------------------------------------
# errors and atomicity


@pytest.mark.parametrize("name", ["incidents.xlsx", "incidents.shp", "incidents", "incidents.csv.bak"])
def test_writers_unsupported_extension_raises(frame, tmp_path, name):
    with pytest.raises(MapperInputError, match="unsupported output format"):
        write_incidents(frame, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_writers_unsupported_extension_is_a_value_error(frame, tmp_path):
    with pytest.raises(ValueError):
        write_incidents(frame, tmp_path / "incidents.kml")


@pytest.mark.parametrize("suffix", [".csv", ".gpkg", ".geojson", ".parquet"])
def test_writers_leave_no_temporary_file(frame, tmp_path, suffix):
    path = tmp_path / f"incidents{suffix}"
    write_incidents(frame, path)
    write_incidents(frame, path)  # over an existing file too
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def _partial_then_fail(written):
    def fail(self, target, *args, **kwargs):
        if hasattr(target, "write"):
            target.write("partial")
        else:
            with open(target, "wb") as fh:
                fh.write(b"partial")
        written.append(target)
        raise OSError("disk full")
    return fail


@pytest.mark.parametrize("suffix, cls, method", [
    (".gpkg", geopandas.GeoDataFrame, "to_file"),
    (".geojson", geopandas.GeoDataFrame, "to_file"),
    (".parquet", geopandas.GeoDataFrame, "to_parquet"),
    (".csv", pd.DataFrame, "to_csv"),
])
def test_writers_failing_write_leaves_the_existing_file_unchanged(frame, tmp_path, monkeypatch, suffix, cls,
                                                                  method):
    path = tmp_path / f"incidents{suffix}"
    path.write_bytes(b"previous results")
    written = []
    monkeypatch.setattr(cls, method, _partial_then_fail(written))
    with pytest.raises(OSError, match="disk full"):
        write_incidents(frame, path)
    assert written, "the writer was not called"
    assert path.read_bytes() == b"previous results"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_writers_failing_write_leaves_no_file_when_none_existed(frame, tmp_path, monkeypatch):
    monkeypatch.setattr(geopandas.GeoDataFrame, "to_file", _partial_then_fail([]))
    with pytest.raises(OSError):
        write_incidents(frame, tmp_path / "incidents.gpkg")
    assert list(tmp_path.iterdir()) == []


def test_writers_nan_coordinates_are_not_zero(tmp_path):
    incs = make_incidents()
    incs[2].lat = incs[2].lon = None
    path = tmp_path / "incidents.csv"
    write_incidents(incidents_frame(incs), path)
    back = pd.read_csv(path)
    assert math.isnan(back["latitude"][2]) and math.isnan(back["longitude"][2])


def test_writers_csv_integer_codes_are_written_as_integers(frame, tmp_path):
    path = tmp_path / "incidents.csv"
    write_incidents(frame, path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert (rows[0]["inter1"], rows[0]["inter2"], rows[0]["interaction"]) == ("2", "1", "12")
    assert rows[1]["wounded"] == "3" and rows[1]["inter1"] == ""
