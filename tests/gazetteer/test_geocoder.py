import math

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from gazetteer import GazetteerGeocoder
from gazetteer.exc import GazetteerConfigurationError, GazetteerQueryError

# Reference points (GeoNames, and Wikipedia for the al-Tanf garrison).
TRUTH = {
    "Albu Kamal": (34.45226, 40.91854), "Al Mayadin": (35.01982, 40.45154), "Deir ez-Zor": (35.33588, 40.14084),
    "Palmyra": (34.5624, 38.28402), "Raqqa": (35.95283, 39.00788), "Al-Hasakah": (36.50237, 40.74772),
    "Ash Shaddadi": (36.0500, 40.7300), "Al Qaryatayn": (34.22956, 37.24066), "Muhasan": (35.23349, 40.3166),
    "Damascus": (33.5102, 36.29128), "Aleppo": (36.20124, 37.16117), "Idlib": (35.93062, 36.63393),
    "Daraa": (32.61889, 36.10213), "Qamishli": (37.05215, 41.23142), "Manbij": (36.52815, 37.95495),
    "Kobani": (36.89095, 38.35347), "Al-Tanf": (33.50583, 38.61778),
}
SPELLINGS = [
    ("Abou Kamal", "Albu Kamal"), ("Albou Kamal", "Albu Kamal"), ("Al-Bukamal", "Albu Kamal"),
    ("Abu Kamal", "Albu Kamal"), ("al-Mayadin", "Al Mayadin"), ("Al-Mayadeen", "Al Mayadin"),
    ("Mayadine", "Al Mayadin"), ("Deir ez-Zor", "Deir ez-Zor"), ("Deir Ezzor", "Deir ez-Zor"),
    ("Dayr az-Zawr", "Deir ez-Zor"), ("Deir el-Zor", "Deir ez-Zor"), ("Palmyre", "Palmyra"), ("Tadmor", "Palmyra"),
    ("Raqqa", "Raqqa"), ("Rakka", "Raqqa"), ("Hassaké", "Al-Hasakah"), ("Al-Hasakah", "Al-Hasakah"),
    ("Al-Hasakeh", "Al-Hasakah"), ("Al-Chaddadi", "Ash Shaddadi"), ("Al-Shaddadi", "Ash Shaddadi"),
    ("al Quaryantayn", "Al Qaryatayn"), ("al Mohssen", "Muhasan"), ("Damas", "Damascus"), ("Alep", "Aleppo"),
    ("Idleb", "Idlib"), ("Deraa", "Daraa"), ("Qamichli", "Qamishli"), ("Manbij", "Manbij"), ("Kobané", "Kobani"),
    ("al-Tanf", "Al-Tanf"),
]


def km(a, b):
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("country", [None, "SY"])
@pytest.mark.parametrize("query, place", SPELLINGS)
def test_geocoder_resolves_report_spellings_within_10km(geocoder, query, place, country):
    loc = geocoder.geocode(query, country_codes=country)
    assert loc is not None
    assert km((loc.latitude, loc.longitude), TRUTH[place]) <= 10, loc.raw["name"]


def test_geocoder_returns_geopy_locations_with_the_record(geocoder):
    loc = geocoder.geocode("Albou Kamal", country_codes="SY")
    assert isinstance(loc, Location)
    raw = loc.raw
    assert raw["country_code"] == "SY" and raw["admin1_name"] == "Deir-ez-Zor" and raw["admin1_code"] == "SY09"
    assert raw["admin2_name"] == "Abu Kamal"
    assert any(name == "البوكمال" for name, _ in raw["alternate_names"])
    assert loc.address.startswith(raw["name"]) and loc.address.endswith("SY")
    assert raw["score"] > 0 and raw["match"] in {"exact", "key", "skeleton", "fuzzy"}


def test_geocoder_list_and_limit(geocoder):
    found = geocoder.geocode("Damascus", exactly_one=False, limit=3)
    assert 1 < len(found) <= 3
    assert found[0].raw["country_code"] == "SY"
    assert [x.raw["score"] for x in found] == sorted((x.raw["score"] for x in found), reverse=True)


def test_geocoder_country_filter_and_bias(geocoder):
    us = geocoder.geocode("Damascus", country_codes=["US"])
    assert us.raw["country_code"] == "US"
    oregon = geocoder.geocode("Damascus", bias=(45.4, -122.4))
    assert oregon.raw["country_code"] == "US" and oregon.raw["distance_km"] < 20


def test_geocoder_feature_class_filter(geocoder):
    area = geocoder.geocode("Deir ez-Zor", feature_classes="A", country_codes="SY")
    assert area.raw["feature_code"] in {"ADM1", "ADM2"}
    assert area.raw["geometry"].startswith(("POLYGON", "MULTIPOLYGON"))
    assert area.raw["id"].startswith("codab:")


def test_geocoder_lines_carry_their_geometry(geocoder):
    river = geocoder.geocode("Euphrate", feature_classes="H")
    assert river is not None and river.raw["geometry"].startswith(("LINESTRING", "MULTILINESTRING"))


def test_geocoder_no_match_is_none(geocoder):
    assert geocoder.geocode("Xqzvvbnm Qqqqq") is None
    assert geocoder.geocode("Xqzvvbnm Qqqqq", exactly_one=False) is None


def test_geocoder_reverse(geocoder):
    loc = geocoder.reverse((34.4525, 40.9185))
    assert loc.raw["distance_km"] < 2 and loc.raw["asciiname"] == "Albu Kamal"
    many = geocoder.reverse("34.4525, 40.9185", exactly_one=False, limit=3)
    assert len(many) == 3 and many[0].raw["distance_km"] <= many[-1].raw["distance_km"]


def test_geocoder_with_geopandas(default_store):
    geopandas = pytest.importorskip("geopandas")
    names = ["Alep", "Idleb", "Qamichli", "Xqzvvbnm Qqqqq"]
    frame = geopandas.tools.geocode(names, provider=GazetteerGeocoder, country_codes="SY")
    assert frame.crs == "EPSG:4326" and len(frame) == 4
    assert km((frame.geometry[0].y, frame.geometry[0].x), TRUTH["Aleppo"]) <= 10
    assert km((frame.geometry[2].y, frame.geometry[2].x), TRUTH["Qamishli"]) <= 10
    assert frame.geometry[3].is_empty and frame.address.isna()[3]


def test_geocoder_with_rate_limiter(geocoder):
    geocode = RateLimiter(geocoder.geocode, min_delay_seconds=0, max_retries=0)
    assert km(geocode("Deir Ezzor").point[:2], TRUTH["Deir ez-Zor"]) <= 10
    # geopy's RateLimiter passes keyword arguments through
    assert geocode("Damascus", country_codes="US").raw["country_code"] == "US"


@pytest.mark.parametrize(
    "query, message",
    [("", "empty"), ("   \t\n", "empty"), (None, "string"), (42, "string"), (b"Homs", "string"),
     ("x" * 10_000, "characters long")],
)
def test_geocoder_bad_query(geocoder, query, message):
    with pytest.raises(GazetteerQueryError, match=message):
        geocoder.geocode(query)
    with pytest.raises(ValueError):  # a GazetteerQueryError is a ValueError, as geopandas expects
        geocoder.geocode(query)


@pytest.mark.parametrize(
    "kwargs, message",
    [({"country_codes": "XX"}, "unknown country code"), ({"country_codes": ["SY", 7]}, "unknown country code"),
     ({"feature_classes": "Z"}, "unknown feature class"), ({"bias": (95, 40)}, "bias"),
     ({"bias": "Homs"}, "bias"), ({"limit": 0, "exactly_one": False}, "limit")],
)
def test_geocoder_bad_settings(geocoder, kwargs, message):
    with pytest.raises(GazetteerConfigurationError, match=message):
        geocoder.geocode("Homs", **kwargs)


def test_geocoder_bad_constructor_settings(default_store):
    with pytest.raises(GazetteerConfigurationError, match="unknown country code"):
        GazetteerGeocoder(store=default_store, country_codes="ZZ")
    with pytest.raises(GazetteerConfigurationError, match="feature class"):
        GazetteerGeocoder(store=default_store, feature_classes="Q")


def test_geocoder_bad_reverse_point(geocoder):
    with pytest.raises(GazetteerConfigurationError):
        geocoder.reverse((123.0, 40.0))
    with pytest.raises(GazetteerConfigurationError):
        geocoder.reverse("not a point")
