from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon

from gazetteer.exc import GazetteerConfigurationError, GazetteerSourceError
from gazetteer.place import AltName
from gazetteer.sources.overlay import iter_overlay

# --- helpers -------------------------------------------------------------------------------

CSV_HEADER = (
    "ID,Name,Latitude,Longitude,alternate_names,feature_class,feature_code,country_code,"
    "admin1_name,admin2_name,population,source"
)
CSV_ROWS = [
    "al-tanf,Al-Tanf Garrison,33.4968,38.6181,At Tanf|التنف|Tanf base,S,MILB,sy,Homs,Tadmur,,ACLED 2024",
    'mayadin,Al Mayadin,35.0199,40.4518,"Mayadeen|Mayadin|Al-Mayadin",P,PPL,SY,Deir-ez-Zor,Al Mayadin,44000,',
]


def _write_csv(tmp_path: Path, lines: list[str], name: str = "overlay.csv", *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig" if bom else "utf-8")
    return path


def _feature(geometry: dict | None, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _write_geojson(tmp_path: Path, features: list[dict], name: str = "overlay.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _on_feature(place) -> bool:
    geom = shapely.from_wkt(place.geometry)
    return geom.distance(Point(place.lon, place.lat)) < 1e-9


M4 = {"type": "LineString", "coordinates": [[36.7, 35.9], [37.1, 36.0], [38.0, 36.1], [40.1, 36.3]]}
TANF_ZONE = {
    "type": "Polygon",
    "coordinates": [[[38.4, 33.3], [38.9, 33.3], [38.9, 33.7], [38.4, 33.7], [38.4, 33.3]]],
}
# A "C" shape: its centroid is outside, a representative point is not.
C_SHAPE = {
    "type": "Polygon",
    "coordinates": [
        [
            [36.0, 35.0],
            [37.0, 35.0],
            [37.0, 35.2],
            [36.2, 35.2],
            [36.2, 35.8],
            [37.0, 35.8],
            [37.0, 36.0],
            [36.0, 36.0],
            [36.0, 35.0],
        ]
    ],
}
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[36.0, 35.0], [37.0, 36.0], [37.0, 35.0], [36.0, 36.0], [36.0, 35.0]]],
}


# --- CSV -----------------------------------------------------------------------------------


def test_overlay_csv_points(tmp_path):
    path = _write_csv(tmp_path, [CSV_HEADER, *CSV_ROWS], bom=True)
    tanf, mayadin = iter_overlay(path)
    assert tanf.id == "overlay:al-tanf"
    assert tanf.source == "overlay"  # the row's "source" citation is documentation only
    assert (tanf.name, tanf.lat, tanf.lon) == ("Al-Tanf Garrison", 33.4968, 38.6181)
    assert tanf.alternate_names == (AltName("At Tanf"), AltName("التنف"), AltName("Tanf base"))
    assert (tanf.feature_class, tanf.feature_code, tanf.country_code) == ("S", "MILB", "SY")
    assert (tanf.admin1_name, tanf.admin2_name, tanf.population) == ("Homs", "Tadmur", 0)
    assert tanf.geometry is None
    assert mayadin.population == 44000
    assert [a.name for a in mayadin.alternate_names] == ["Mayadeen", "Mayadin", "Al-Mayadin"]


def test_overlay_csv_admin_codes_kept_as_written(tmp_path):
    path = _write_csv(tmp_path, [
        "id,name,lat,lon,feature_class,feature_code,country_code,admin1_code,admin2_code",
        "4331987,Louisiana,30.5274,-91.9991,A,ADM1,US,LA,",
        "98180,Baghdad,33.34,44.4,A,ADM1,IQ,07,",
        "x,Somewhere,33.4,44.5,P,PPL,IQ,07,0701",
    ])
    louisiana, baghdad, town = iter_overlay(path, id_prefix="geonames")
    assert (louisiana.id, louisiana.admin1_code, louisiana.admin2_code) == ("geonames:4331987", "LA", "")
    assert baghdad.admin1_code == "07"  # a leading zero is part of GeoNames' code
    assert (town.admin1_code, town.admin2_code) == ("07", "0701")


def test_overlay_geojson_admin_codes(tmp_path):
    path = _write_geojson(tmp_path, [
        _feature({"type": "Point", "coordinates": [44.4, 33.34]}, id="b", name="Baghdad", feature_class="A",
                 feature_code="ADM1", country_code="IQ", admin1_code="07", admin2_code=None),
    ])
    (baghdad,) = iter_overlay(path)
    assert (baghdad.admin1_code, baghdad.admin2_code) == ("07", "")


def test_overlay_csv_id_prefix_and_source_name(tmp_path):
    path = _write_csv(tmp_path, [CSV_HEADER, *CSV_ROWS])
    places = list(iter_overlay(path, id_prefix="curated", source_name="curated"))
    assert [p.id for p in places] == ["curated:al-tanf", "curated:mayadin"]
    assert {p.source for p in places} == {"curated"}


def test_overlay_csv_minimal_columns_any_case_and_stable_slug_ids(tmp_path):
    path = _write_csv(
        tmp_path, ["NAME,LAT,Lon", "Khān Shaykhūn,35.44167,36.65111", "Kafr Nubl,35.6136,-0.00001"]
    )
    first = list(iter_overlay(path))
    assert [p.id for p in first] == [
        "overlay:khan-shaykhun_35.4417_36.6511",
        "overlay:kafr-nubl_35.6136_0.0000",
    ]
    assert [p.id for p in iter_overlay(path)] == [p.id for p in first]
    assert first[0].feature_class == "P"
    assert first[0].alternate_names == ()


def test_overlay_csv_wkt_line_and_polygon(tmp_path):
    line = LineString([(36.0, 35.0), (36.5, 35.0), (37.0, 35.0)])
    c_shape = shapely.geometry.shape(C_SHAPE)
    path = _write_csv(
        tmp_path,
        [
            "id,name,wkt,lat,lon,feature_class",
            f'road,Test road,"{line.wkt}",,,R',
            f'c,C area,"{c_shape.wkt}",,,',
            'pt,Point by WKT,"POINT (36.123456789 35.987654321)",,,',
            "ll,Point by lat/lon,,35.5,36.5,",
        ],
    )
    road, area, pt, ll = iter_overlay(path)
    assert road.geometry == "LINESTRING (36 35, 36.5 35, 37 35)"
    assert (road.lat, road.lon) == (35.0, 36.5)  # halfway along the line
    assert road.feature_class == "R"
    assert area.geometry.startswith("POLYGON ((36 35, 37 35")
    assert c_shape.contains(Point(area.lon, area.lat))
    assert not c_shape.contains(c_shape.centroid)  # so the test means something
    assert area.feature_class == ""  # no default class for a line or an area
    assert pt.geometry is None and (pt.lat, pt.lon) == (35.987654321, 36.123456789)
    assert ll.geometry is None and (ll.lat, ll.lon) == (35.5, 36.5)


def test_overlay_csv_light_path_does_not_import_geopandas(tmp_path):
    path = _write_csv(tmp_path, ["name,lat,lon", "Aleppo,36.2,37.16"])
    code = (
        "import sys\n"
        "from gazetteer.sources.overlay import iter_overlay\n"
        f"assert len(list(iter_overlay({str(path)!r}))) == 1\n"
        "assert 'geopandas' not in sys.modules, 'geopandas imported'\n"
    )
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --- GeoJSON -------------------------------------------------------------------------------


def test_overlay_geojson_points_lines_and_polygons(tmp_path):
    multiline = MultiLineString([[(36.0, 34.0), (36.0, 34.4)], [(36.2, 34.0), (36.2, 34.2)]])
    multipolygon = MultiPolygon(
        [
            Polygon([(39.0, 33.0), (39.1, 33.0), (39.1, 33.1), (39.0, 33.0)]),
            Polygon([(40.0, 33.0), (40.1, 33.0), (40.1, 33.1), (40.0, 33.0)]),
        ]
    )
    path = _write_geojson(
        tmp_path,
        [
            _feature(
                {"type": "Point", "coordinates": [38.6181, 33.4968]},
                id="al-tanf",
                Name="Al-Tanf Garrison",
                alternate_names=["At Tanf", "التنف"],
                feature_class="S",
                country_code="SY",
                population=120,
            ),
            _feature(
                M4,
                id="m4",
                name="M4 highway",
                alternate_names="M4|Aleppo-Latakia highway",
                feature_class="R",
                feature_code="RD",
                source="OSM",
            ),
            _feature(C_SHAPE, id=7, name="C area", alternate_names='[["Zone C", "en"], ["Zone Cé", "fr"]]'),
            _feature(shapely.geometry.mapping(multiline), id="ml", name="Two tracks", feature_class="R"),
            _feature(shapely.geometry.mapping(multipolygon), id="mp", name="Two fields", feature_class="L"),
            _feature(None, id="nogeom", name="From properties", lat=35.1, lon=36.1),
            _feature(None, id="wkt", name="From WKT", wkt="LINESTRING (36 35, 37 35)"),
        ],
    )
    places = {p.id: p for p in iter_overlay(path, id_prefix="curated", source_name="curated")}
    assert list(places) == [
        "curated:al-tanf",
        "curated:m4",
        "curated:7",
        "curated:ml",
        "curated:mp",
        "curated:nogeom",
        "curated:wkt",
    ]
    tanf = places["curated:al-tanf"]
    assert (tanf.name, tanf.lat, tanf.lon, tanf.geometry) == ("Al-Tanf Garrison", 33.4968, 38.6181, None)
    assert tanf.alternate_names == (AltName("At Tanf"), AltName("التنف"))
    assert (tanf.feature_class, tanf.population, tanf.source) == ("S", 120, "curated")

    m4 = places["curated:m4"]
    assert m4.geometry == "LINESTRING (36.7 35.9, 37.1 36, 38 36.1, 40.1 36.3)"
    assert _on_feature(m4)
    assert m4.alternate_names == (AltName("M4"), AltName("Aleppo-Latakia highway"))
    assert (m4.feature_class, m4.feature_code) == ("R", "RD")

    c_area = places["curated:7"]
    assert shapely.geometry.shape(C_SHAPE).contains(Point(c_area.lon, c_area.lat))
    assert c_area.alternate_names == (AltName("Zone C", "en"), AltName("Zone Cé", "fr"))

    for pid, kind in (("curated:ml", "MULTILINESTRING"), ("curated:mp", "MULTIPOLYGON")):
        assert places[pid].geometry.startswith(kind)
        assert _on_feature(places[pid])
    assert shapely.from_wkt(places["curated:mp"].geometry).covers(
        Point(places["curated:mp"].lon, places["curated:mp"].lat)
    )
    assert (places["curated:nogeom"].lat, places["curated:nogeom"].lon) == (35.1, 36.1)
    assert (places["curated:wkt"].lat, places["curated:wkt"].lon) == (35.0, 36.5)


def test_overlay_geojson_wkt_rounded_to_6_decimals(tmp_path):
    line = {"type": "LineString", "coordinates": [[36.123456789, 35.000000449], [37.987654321, 35.5]]}
    path = _write_geojson(tmp_path, [_feature(line, name="Precise")], name="precise.json")
    (place,) = iter_overlay(path)
    assert place.geometry == "LINESTRING (36.123457 35, 37.987654 35.5)"
    assert place.id.startswith("overlay:precise_")


# --- GeoPackage ----------------------------------------------------------------------------


def test_overlay_gpkg_every_layer_reprojected(tmp_path):
    import geopandas
    import pandas

    path = tmp_path / "overlay.gpkg"
    points = geopandas.GeoDataFrame(
        {
            "id": ["tanf", "mayadin"],
            "Name": ["Al-Tanf Garrison", "Al Mayadin"],
            "alternate_names": ["At Tanf|التنف", '["Mayadeen", "Mayadin"]'],
            "population": [None, 44000],
        },
        geometry=[Point(38.6181, 33.4968), Point(40.4518, 35.0199)],
        crs="EPSG:4326",
    ).to_crs(3857)
    areas = geopandas.GeoDataFrame(
        {"id": ["zone"], "name": ["Tanf deconfliction zone"], "feature_class": ["L"]},
        geometry=[shapely.geometry.shape(TANF_ZONE)],
        crs="EPSG:4326",
    )
    points.to_file(path, layer="points", driver="GPKG")
    areas.to_file(path, layer="areas", driver="GPKG")
    # QGIS keeps its styles in an attribute table of the same file: not an overlay layer
    import pyogrio

    pyogrio.write_dataframe(
        pandas.DataFrame({"styleName": ["default"], "styleQML": ["<qgis/>"]}),
        path,
        layer="layer_styles",
        driver="GPKG",
    )

    places = {p.id: p for p in iter_overlay(path)}
    assert list(places) == ["overlay:tanf", "overlay:mayadin", "overlay:zone"]
    tanf = places["overlay:tanf"]
    assert tanf.lat == pytest.approx(33.4968, abs=1e-9) and tanf.lon == pytest.approx(38.6181, abs=1e-9)
    assert tanf.alternate_names == (AltName("At Tanf"), AltName("التنف"))
    assert places["overlay:mayadin"].alternate_names == (AltName("Mayadeen"), AltName("Mayadin"))
    assert (tanf.population, places["overlay:mayadin"].population) == (0, 44000)
    zone = places["overlay:zone"]
    assert zone.geometry == "POLYGON ((38.4 33.3, 38.9 33.3, 38.9 33.7, 38.4 33.7, 38.4 33.3))"
    assert shapely.geometry.shape(TANF_ZONE).contains(Point(zone.lon, zone.lat))
    assert zone.feature_class == "L"


# --- bad input -----------------------------------------------------------------------------

GOOD_ROW = "Aleppo,36.2,37.16,,P"


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        (["lat,lon", "36.2,37.16"], 1, "missing required column.*name"),
        (["name,lat", "Aleppo,36.2"], 1, "lon \\(or wkt\\)"),
        (["id,title", "1,Aleppo"], 1, "name, lat and lon \\(or wkt\\)"),
        (["name,lat,latitude,lon", "Aleppo,1,2,3"], 1, "given twice"),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, "Homs,north,36.7,,P"], 3, "not numbers"),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, "Homs,34.7,,,P"], 3, "not numbers"),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, "Homs,,,,P"], 3, "no coordinates"),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, "Homs,94.7,36.7,,P"], 3, "latitude out of range"),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, "Homs,34.7,236.7,,P"], 3, "longitude out of range"),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, 'Road,,,"LINESTRING (36 35,",R'], 3, "unparsable WKT"),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, "Road,,,not wkt at all,R"], 3, "unparsable WKT"),
        (
            [
                "name,lat,lon,wkt,feature_class",
                GOOD_ROW,
                '"Bowtie",,,"POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))",A',
            ],
            3,
            "invalid geometry: Self-intersection",
        ),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, "Nothing,,,POLYGON EMPTY,A"], 3, "empty geometry"),
        (
            ["name,lat,lon,wkt,feature_class", GOOD_ROW, 'Pts,,,"MULTIPOINT ((36 35), (37 35))",S'],
            3,
            "unsupported geometry type MultiPoint",
        ),
        (
            ["name,lat,lon,wkt,feature_class", GOOD_ROW, 'Far,,,"LINESTRING (0 0, 3900000 4200000)",R'],
            3,
            "out of range",
        ),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, "Homs,34.7,36.7,,X"], 3, "unknown feature class 'X'"),
        (["name,lat,lon,wkt,feature_class", GOOD_ROW, ",34.7,36.7,,P"], 3, "has no name"),
        (
            ["id,name,lat,lon", "a,Aleppo,36.2,37.16", "b,Homs,34.7,36.7", "a,Hama,35.1,36.7"],
            4,
            "duplicate id 'overlay:a'.*overlay.csv:2",
        ),
        (["name,lat,lon", "Aleppo,36.2,37.16", "", "Aleppo,36.20001,37.16001"], 4, "duplicate id"),
        (["name,lat,lon,population", "Aleppo,36.2,37.16,lots"], 2, "population"),
        (["name,lat,lon,country_code", "Aleppo,36.2,37.16,Syria"], 2, "country_code"),
        (["name,lat,lon", "Aleppo,36.2,37.16,extra"], 2, "4 fields"),
        (["name,lat,lon,alternate_names", 'Aleppo,36.2,37.16,"[1, 2]"'], 2, "alternate_names"),
    ],
)
def test_overlay_csv_bad_input_names_file_and_line(tmp_path, lines, line, message):
    path = _write_csv(tmp_path, lines)
    with pytest.raises(GazetteerSourceError, match=message) as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert (info.value.path, info.value.line) == (str(path), line)


def test_overlay_csv_multiline_cell_reports_the_row_start(tmp_path):
    path = _write_csv(
        tmp_path, ["name,lat,lon,alternate_names", 'Aleppo,36.2,37.16,"Alep|', 'Halab"', "Homs,x,36.7,"]
    )
    with pytest.raises(GazetteerSourceError, match="not numbers") as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}:4: ")


def test_overlay_csv_not_utf8_names_line(tmp_path):
    path = tmp_path / "overlay.csv"
    path.write_bytes(b"name,lat,lon\nAleppo,36.2,37.16\nSa\xefd,35,36\n")
    with pytest.raises(GazetteerSourceError, match="UTF-8") as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}:3: ")


@pytest.mark.parametrize(
    ("features", "row", "message"),
    [
        ([_feature(M4, name="M4"), _feature(BOWTIE, name="Bowtie")], 2, "invalid geometry"),
        (
            [_feature(M4, name="M4"), _feature({"type": "Point", "coordinates": [37.0, 95.0]}, name="Pole")],
            2,
            "latitude out of range",
        ),
        (
            [
                _feature(M4, name="M4"),
                _feature({"type": "LineString", "coordinates": [[0, 0], [200, 0]]}, name="Far"),
            ],
            2,
            "out of range",
        ),
        (
            [
                _feature(M4, name="M4"),
                _feature({"type": "MultiPoint", "coordinates": [[36, 35], [37, 35]]}, name="P"),
            ],
            2,
            "unsupported geometry type MultiPoint",
        ),
        (
            [
                _feature(M4, id="x", name="M4"),
                _feature(TANF_ZONE, id="y", name="Zone"),
                _feature(TANF_ZONE, id="x", name="Zone again"),
            ],
            3,
            "duplicate id 'overlay:x'",
        ),
        ([_feature(M4, name="M4", feature_class="Road")], 1, "unknown feature class 'ROAD'"),
        ([_feature(M4, name="M4"), _feature(None, name="Nowhere")], 2, "no coordinates"),
        ([_feature(M4, name="M4"), _feature(None, name="Bad WKT", wkt="POLYGON ((")], 2, "unparsable WKT"),
        ([_feature(M4, name="M4"), _feature(M4, name="M5", Name="M6")], 2, "'name' given more than once"),
        ([_feature(M4, name="M4", population="lots")], 1, "population is not a whole number"),
    ],
)
def test_overlay_geojson_bad_input_names_file_and_row(tmp_path, features, row, message):
    path = _write_geojson(tmp_path, features)
    with pytest.raises(GazetteerSourceError, match=message) as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}:{row}: ")


def test_overlay_geojson_missing_name_property(tmp_path):
    path = _write_geojson(tmp_path, [_feature(M4, title="M4")])
    with pytest.raises(GazetteerSourceError, match="missing required column.*name") as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}: ")


def test_overlay_geojson_unreadable(tmp_path):
    path = tmp_path / "overlay.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(GazetteerSourceError, match="cannot read") as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}: ")
    assert info.value.__cause__ is not None


@pytest.mark.parametrize(
    ("geometry", "props", "row", "message"),
    [
        (shapely.from_wkt("POLYGON ((36 35, 37 36, 37 35, 36 36, 36 35))"), {}, 2, "invalid geometry"),
        (Point(36.5, 35.5), {"feature_class": "Z"}, 2, "unknown feature class"),
        (Point(36.5, 35.5), {"id": "zone"}, 2, "duplicate id"),
    ],
)
def test_overlay_gpkg_bad_input_names_file_layer_and_row(tmp_path, geometry, props, row, message):
    import geopandas

    path = tmp_path / "overlay.gpkg"
    good = shapely.geometry.shape(TANF_ZONE)
    frame = geopandas.GeoDataFrame(
        {
            "id": ["zone", props.get("id", "other")],
            "name": ["Zone", "Other"],
            "feature_class": ["L", props.get("feature_class", "L")],
        },
        geometry=[good, geometry],
        crs="EPSG:4326",
    )
    frame.to_file(path, layer="areas", driver="GPKG")
    with pytest.raises(GazetteerSourceError, match=message) as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}:areas:{row}: ")


def test_overlay_gpkg_duplicate_id_across_layers(tmp_path):
    import geopandas

    path = tmp_path / "overlay.gpkg"
    for layer in ("one", "two"):
        geopandas.GeoDataFrame(
            {"id": ["same"], "name": [layer]}, geometry=[Point(36, 35)], crs="EPSG:4326"
        ).to_file(path, layer=layer, driver="GPKG")
    with pytest.raises(
        GazetteerSourceError, match=r"duplicate id 'overlay:same' \(first used at .*:one:1\)"
    ) as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}:two:1: ")


def test_overlay_gpkg_missing_name_column_names_layer(tmp_path):
    import geopandas

    path = tmp_path / "overlay.gpkg"
    geopandas.GeoDataFrame({"title": ["x"]}, geometry=[Point(36, 35)], crs="EPSG:4326").to_file(
        path, layer="pts", driver="GPKG"
    )
    with pytest.raises(GazetteerSourceError, match="missing required column.*name") as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}:pts: ")


@pytest.mark.parametrize("name", ["overlay.shp", "overlay.xlsx", "overlay.kml", "overlay"])
def test_overlay_unsupported_extension(tmp_path, name):
    path = tmp_path / name
    path.write_text("name,lat,lon\n", encoding="utf-8")
    with pytest.raises(GazetteerSourceError, match="unsupported overlay file type") as info:
        iter_overlay(path)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.parametrize("name", ["missing.csv", "missing.geojson", "missing.gpkg"])
def test_overlay_missing_file(tmp_path, name):
    path = tmp_path / name
    with pytest.raises(GazetteerSourceError, match="cannot read overlay") as info:
        iter_overlay(path)
    assert str(info.value).startswith(f"{path}: ")
    assert isinstance(info.value.__cause__, FileNotFoundError)


def test_overlay_empty_csv(tmp_path):
    path = tmp_path / "overlay.csv"
    path.write_bytes(b"")
    with pytest.raises(GazetteerSourceError, match="no header") as info:
        list(iter_overlay(path))
    assert str(info.value).startswith(f"{path}:1: ")


@pytest.mark.parametrize(
    ("kwargs", "what"), [({"id_prefix": ""}, "id_prefix"), ({"source_name": " "}, "source_name")]
)
def test_overlay_empty_prefix_or_source_name(tmp_path, kwargs, what):
    path = _write_csv(tmp_path, ["name,lat,lon", "Aleppo,36.2,37.16"])
    with pytest.raises(GazetteerConfigurationError, match=what):
        iter_overlay(path, **kwargs)
