"""Incident maps without a browser: tables read, data embedded, page made, CLI."""

from __future__ import annotations

import base64
import gzip
import json
import re

import pandas as pd
import pytest

from mapper.exc import MapperInputError
from mapper.maps import EventMap, is_incident_table, read_incident_table
from mapper.maps.payload import highlight_spans
from mapper.incidents.model import ACLED_COLUMNS


def _acled_rows():
    base = dict.fromkeys(ACLED_COLUMNS, "")
    rows = [
        {**base, "event_id_cnty": "SYR1", "event_date": "15 March 2021", "event_type": "Battles",
         "sub_event_type": "Armed clash", "actor1": "Islamic State (Syria)", "actor2": "Military Forces of Syria",
         "country": "Syria", "admin1": "Deir ez Zor", "location": "Al Mayadin", "latitude": "35.0207",
         "longitude": "40.4513", "geo_precision": "1", "fatalities": "7", "source": "SOHR",
         "notes": "On 15 March 2021, IS fighters attacked army positions near al-Mayadin. 7 killed."},
        {**base, "event_id_cnty": "SYR2", "event_date": "2021-03-16", "event_type": "Explosions/Remote violence",
         "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Russia", "country": "Syria",
         "admin1": "Idleb", "location": "Ariha", "latitude": "35.8127", "longitude": "36.6093", "geo_precision": "2",
         "fatalities": "", "notes": "'=HYPERLINK(\"http://x\")", "source": "'-Local media"},
        {**base, "event_id_cnty": "SYR3", "event_date": "17/03/2021", "event_type": "Protests",
         "sub_event_type": "Peaceful protest", "country": "Syria", "location": "Nowhere", "latitude": "not a number",
         "longitude": "40", "fatalities": "0"},
        {**base, "event_id_cnty": "IRQ1", "event_date": "2021-02-30", "event_type": "Riots",
         "location": "Out of range", "latitude": "95", "longitude": "40", "fatalities": "0"},
    ]
    return rows


def test_acled_export_is_read_with_its_date_forms_counts_and_bad_rows_left_out(tmp_path):
    path = tmp_path / "acled.csv"
    pd.DataFrame(_acled_rows()).to_csv(path, index=False)
    assert is_incident_table(path)
    frame = read_incident_table(path)
    assert list(frame["event_id_cnty"]) == ["SYR1", "SYR2"]
    assert frame.attrs["unplaced"] == 2
    assert list(frame["event_date"]) == ["2021-03-15", "2021-03-16"]
    assert list(frame["fatalities"]) == [7, 0]
    assert frame["latitude"].tolist() == [35.0207, 35.8127]
    assert list(frame["geo_precision"]) == [1, 2]
    # the quote mapper's own CSV writer puts before a formula-like cell is taken off again
    assert frame["notes"].iloc[1] == '=HYPERLINK("http://x")'
    assert frame["source"].iloc[1] == "-Local media"


def test_invalid_dates_become_empty_not_errors(tmp_path):
    from mapper.maps.tables import _iso_dates

    got = _iso_dates(pd.Series(["2021-02-30", "31 Feb 2020", "1 Sept 2019", "", "garbage", "03/04/2020"]))
    assert got.tolist() == ["", "", "2019-09-01", "", "", "2020-04-03"]


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".parquet", ".gpkg"])
def test_own_outputs_read_back_onto_the_map(tmp_path, suffix):
    from mapper.frames import incidents_frame, write_incidents
    from mapper.incidents import Incident

    incidents = [
        Incident("Battles", "Armed clash", date="2021-01-24", location="Al Mayadin", lat=35.02, lon=40.45,
                 killed=4, wounded=2, notes="-clashes near al-Mayadin", iso_country="SY", country="Syria"),
        Incident("Violence against civilians", "Attack", date="2021-01-25", location="Hajin", lat=34.69,
                 lon=40.83, geo_precision=2, notes="=civilians killed in Hajin", iso_country="SY", country="Syria"),
    ]
    path = tmp_path / f"incidents{suffix}"
    write_incidents(incidents_frame(incidents), path)
    assert is_incident_table(path)
    frame = read_incident_table(path)
    assert frame["event_type"].tolist() == ["Battles", "Violence against civilians"]
    assert frame["latitude"].round(4).tolist() == [35.02, 34.69]
    assert frame["fatalities"].tolist() == [4, 0]
    assert frame["wounded"].iloc[0] == 2 and pd.isna(frame["wounded"].iloc[1])
    assert frame["notes"].tolist() == ["-clashes near al-Mayadin", "=civilians killed in Hajin"]
    assert frame["geo_precision"].tolist() == [1, 2]


def test_tables_that_are_not_incidents_are_refused_with_the_file_named(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("id,text\n1,Des combats à Raqqa\n", encoding="utf-8")
    assert not is_incident_table(path)
    with pytest.raises(MapperInputError, match=r"articles\.csv.*event_type"):
        read_incident_table(path)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(MapperInputError, match=r"broken\.parquet"):
        read_incident_table(broken)
    nocoords = tmp_path / "nocoords.csv"
    nocoords.write_text("event_type,location\nBattles,Raqqa\n", encoding="utf-8")
    with pytest.raises(MapperInputError, match=r"nocoords\.csv.*latitude"):
        read_incident_table(nocoords)


def test_geojson_feature_collections_are_tables_and_other_json_is_articles(tmp_path):
    fc = tmp_path / "x.json"
    fc.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    arts = tmp_path / "y.json"
    arts.write_text('[{"text": "hello"}]', encoding="utf-8")
    assert is_incident_table(fc) and not is_incident_table(arts)
    assert not is_incident_table(tmp_path / "missing.csv")


@pytest.mark.parametrize(("text", "terms", "marked"), [
    ("Roadside bomb kills two soldiers near al-Qaim", ["", "Al Qā’im"], ["al-Qaim"]),
    ("Frappe près d’Al-Mayādīn hier, puis à Mayadin", ["Al Mayadin"], ["Al-Mayādīn", "Mayadin"]),
    ("Clashes in Deir Ezzor city", ["Deir ez-Zor"], ["Deir Ezzor"]),
    ("Homsi fighters entered Homs", ["Homs"], ["Homs"]),
    ("Nothing here", ["Raqqa"], []),
])
def test_the_place_is_found_in_its_sentence_despite_spelling(text, terms, marked):
    spans = highlight_spans(text, terms) or []
    assert [text[a:b] for a, b in zip(spans[::2], spans[1::2], strict=True)] == marked


def _decode(page: str) -> dict:
    blob = re.search(r'<script type="application/json" id="[^"]+">([A-Za-z0-9+/=]+)</script>', page).group(1)
    return json.loads(gzip.decompress(base64.b64decode(blob)))


def test_offline_page_is_self_contained_and_carries_every_incident(tmp_path, default_store):
    path = tmp_path / "acled.csv"
    pd.DataFrame(_acled_rows()).to_csv(path, index=False)
    emap = EventMap(path, offline=True, store=default_store, title="Test")
    page = emap.to_html()
    assert not re.search(r"<(script|img|iframe)[^>]+src=", page, re.I)
    assert not re.search(r"<link[^>]+href=", page, re.I)
    assert "tile.openstreetmap" not in page and "cartocdn" not in page
    data = _decode(page)
    assert data["inc"]["id"] == ["SYR1", "SYR2"]
    assert data["unplaced"] == 2
    labels = [data["types"][t]["label"] for t in data["inc"]["type"]]
    assert labels == ["Battles", "Explosions/Remote violence"]
    # both incidents fall in Syrian governorates: the choropleth counts them there
    counts = {f["properties"]["name"]: f["properties"]["incidents"] for f in data["choropleth"]["features"]}
    assert sum(counts.values()) == 2
    assert counts[max(counts, key=counts.get)] == 1
    assert len(data["basemap"]["countries"]["features"]) > 150
    assert len(data["basemap"]["admin1"]["features"]) == 14
    # rendering again (shown in Jupyter, then saved) gives the same data, started once
    again = emap.to_html()
    assert _decode(again) == data
    assert again.count("EventMapKit.start(") == page.count("EventMapKit.start(") == 1
    assert again.count('type="application/json"') == 1
    with pytest.raises(RuntimeError):
        emap.add_incidents(path)


def test_online_page_offers_xyzservices_basemaps(default_store):
    emap = EventMap(pd.DataFrame(_acled_rows()), store=default_store, basemaps=["OpenStreetMap.Mapnik", "OpenTopoMap"])
    page = emap.to_html()
    assert "tile.openstreetmap.org" in page and "opentopomap" in page
    assert "Borders (offline)" in page
    with pytest.raises(MapperInputError, match="API key"):
        EventMap(store=default_store, basemaps=["CartoDB.Positron"])
    with pytest.raises(MapperInputError, match="Nowhere.Tiles"):
        EventMap(store=default_store, basemaps=["Nowhere.Tiles"])


def test_choropleth_counts_incidents_and_fatalities_per_governorate(default_store):
    from mapper.maps.basemap import choropleth_payload, governorates
    from mapper.maps.tables import normalise_incidents

    frame = normalise_incidents(pd.DataFrame([
        {"event_type": "Battles", "latitude": 35.336, "longitude": 40.14, "fatalities": 5},   # Deir ez-Zor city
        {"event_type": "Battles", "latitude": 34.45, "longitude": 40.92, "fatalities": 2},    # Abu Kamal
        {"event_type": "Battles", "latitude": 36.2, "longitude": 37.16, "fatalities": 1},     # Aleppo
        {"event_type": "Battles", "latitude": 33.3, "longitude": 44.4, "fatalities": 9},      # Baghdad: no polygon
    ]))
    fc = choropleth_payload(frame, governorates(default_store))
    by_name = {f["properties"]["name"]: f["properties"] for f in fc["features"]}
    deir = next(v for k, v in by_name.items() if "Deir" in k)
    aleppo = next(v for k, v in by_name.items() if "Aleppo" in k)
    assert (deir["incidents"], deir["fatalities"]) == (2, 7)
    assert (aleppo["incidents"], aleppo["fatalities"]) == (1, 1)
    assert sum(v["incidents"] for v in by_name.values()) == 3


def test_empty_map_still_renders(default_store):
    page = EventMap(offline=True, store=default_store).to_html()
    assert _decode(page)["inc"]["lat"] == []


def test_eventmap_is_reachable_from_the_package_and_shows_in_jupyter(default_store):
    import mapper

    assert mapper.EventMap is EventMap
    html = EventMap(pd.DataFrame(_acled_rows()), offline=True, store=default_store)._repr_html_()
    assert "<iframe" in html and "EventMapKit" in html


def test_cli_maps_articles_and_tables_together(tmp_path, capsys, default_store):
    from mapper.cli import main
    from mapper.examples import example_paths

    table = tmp_path / "acled.csv"
    pd.DataFrame(_acled_rows()).to_csv(table, index=False)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    out = tmp_path / "map.html"
    status = main(["--store", str(default_store.path), "map", "--offline", "--no-ner", str(table), str(broken),
                   *map(str, example_paths()), "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 1  # one input could not be read: said, and the map still written
    assert "broken.txt" in captured.err
    data = _decode(out.read_text(encoding="utf-8"))
    ids = data["inc"]["id"]
    assert "SYR1" in ids and "SYR2" in ids and len(ids) > 2
    assert data["mentions"] and len(data["mentions"]["lat"]) > 5
    assert f"{len(ids)} incidents mapped" in captured.out


def test_saved_map_gets_the_permissions_of_a_new_file_and_replaces_atomically(tmp_path, default_store):
    import os

    out = tmp_path / "map.html"
    old = os.umask(0o022)
    try:
        EventMap(offline=True, store=default_store).save(out)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    out.chmod(0o640)
    EventMap(offline=True, store=default_store).save(out)
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left behind
