"""Properties of the normaliser and of the geocoder over hostile input (Hypothesis).

The normaliser's functions are total over every string, lone surrogates included, give the
documented alphabet and are stable where they should be. The geocoder raises nothing but its
documented errors (``GazetteerQueryError`` for an unusable query, ``GazetteerConfigurationError``
for a bad setting or point) and every place it returns has valid, finite coordinates.
"""

from __future__ import annotations

import math
import re

import pytest
from geopy.location import Location
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from gazetteer.exc import GazetteerConfigurationError, GazetteerQueryError
from gazetteer.normalize import MAX_QUERY_LENGTH, ascii_name, bare, fold, forms, key, skeleton

from ..strategies import BIDI, COMBINING, PLACES, long_tokens, queries

_FOLDED = re.compile(r"(?:[0-9a-z\u0600-\u06ff]+(?: [0-9a-z\u0600-\u06ff]+)*)?")
_KEYED = re.compile(r"[0-9a-z\u0600-\u06ff]*")

#: Any string: every code point, lone surrogates included, and the hostile pieces.
any_text = st.one_of(st.text(max_size=80), queries, long_tokens)


# --------------------------------------------------------------------------------------------------
# normaliser


@settings(max_examples=1000)
@given(any_text)
@example("")
@example("\u202eRaqqa\u202c")
@example("\ud800Homs\udfff")
@example("ﷺ")  # one character that decomposes into eighteen
@example("İstanbul")
@example("\u0622\u0651")  # alef with madda, shadda: Arabic marks NFKD takes apart
def test_properties_fold_is_total_plain_and_idempotent(text):
    folded = fold(text)
    assert _FOLDED.fullmatch(folded), folded
    assert fold(folded) == folded


@settings(max_examples=1000)
@given(any_text)
@example("Deir ez-Zor")
@example("al")
@example("Bakaha")
@example("\u0627\u0644")  # the Arabic article alone
def test_properties_forms_agree_and_never_empty_a_name(text):
    folded, k, skel = forms(text)
    assert (folded, k, skel) == (fold(text), key(text), skeleton(text))
    assert _KEYED.fullmatch(k) and _KEYED.fullmatch(skel)
    assert bool(k) == bool(folded)  # a name that folds to something keeps a key...
    assert bool(skel) == bool(k)  # ... and a skeleton
    assert len(skel) <= len(k)


@settings(max_examples=500)
@given(any_text)
@example("al-Hol")
@example("Āl Bū Kamāl")
def test_properties_bare_and_ascii_name_are_idempotent(text):
    b = bare(text)
    assert " " not in b and bare(b) == b
    a = ascii_name(text)
    assert a.isascii() and ascii_name(a) == a


# --------------------------------------------------------------------------------------------------
# geocoder


def assert_valid_location(loc):
    assert isinstance(loc, Location)
    lat, lon = loc.latitude, loc.longitude
    assert math.isfinite(lat) and math.isfinite(lon)
    assert -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
    assert (loc.raw["lat"], loc.raw["lon"]) == (lat, lon)
    assert loc.address and isinstance(loc.address, str)


def _usable(query: str) -> bool:
    stripped = query.strip()
    return bool(stripped) and len(stripped) <= MAX_QUERY_LENGTH


@settings(max_examples=1000)
@given(query=queries, exactly_one=st.booleans(), limit=st.integers(1, 12))
@example(query="x" * (MAX_QUERY_LENGTH + 1), exactly_one=True, limit=1)
@example(query=" " * 1000 + "Raqqa" + " " * 1000, exactly_one=False, limit=3)
@example(query="\x00", exactly_one=True, limit=1)
def test_properties_geocode_any_query(geocoder, query, exactly_one, limit):
    if not _usable(query):
        with pytest.raises(GazetteerQueryError):
            geocoder.geocode(query, exactly_one=exactly_one, limit=None if exactly_one else limit)
        return
    found = geocoder.geocode(query, exactly_one=exactly_one, limit=None if exactly_one else limit)
    event("geocode: " + ("no match" if found is None else "found"))
    if found is None:
        return
    if exactly_one:
        assert_valid_location(found)
        return
    assert isinstance(found, list) and 1 <= len(found) <= limit
    for loc in found:
        assert_valid_location(loc)
    scores = [loc.raw["score"] for loc in found]
    assert all(math.isfinite(s) for s in scores) and scores == sorted(scores, reverse=True)


@settings(max_examples=200)
@given(
    query=st.sampled_from(PLACES),
    country=st.one_of(st.none(), st.sampled_from(["SY", "iq", " TR ", "XX", "", "S", "SYR"]),
                      st.text(max_size=3)),
    classes=st.one_of(st.none(), st.sampled_from(["P", "ps", "Z", "", "PP", "ß"]), st.text(max_size=3)),
    bias=st.one_of(
        st.none(),
        st.tuples(st.floats(allow_nan=True, allow_infinity=True),
                  st.floats(allow_nan=True, allow_infinity=True)),
        st.tuples(st.integers(-(10**400), 10**400), st.integers(-(10**400), 10**400)),
        st.sampled_from([(35.0,), (1, 2, 3), "35,40", ("a", "b")]),
    ),
)
@example(query="Homs", country=None, classes=None, bias=(10**400, 0))  # once an OverflowError
def test_properties_geocode_settings_raise_only_configuration_errors(geocoder, query, country, classes, bias):
    try:
        found = geocoder.geocode(query, exactly_one=False, country_codes=country, feature_classes=classes,
                                 bias=bias)
    except GazetteerConfigurationError:
        return
    for loc in found or []:
        assert_valid_location(loc)
        if country and country.strip():
            assert loc.raw["country_code"] == country.strip().upper()
        if classes:
            assert loc.raw["feature_class"] in classes.upper()
        if bias is not None:
            assert math.isfinite(loc.raw["distance_km"]) and loc.raw["distance_km"] >= 0


coordinates = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.integers(-(10**400), 10**400),
    st.integers(-200, 200),
)


@settings(max_examples=500)
@given(lat=coordinates, lon=coordinates, exactly_one=st.booleans())
@example(lat=10**400, lon=0, exactly_one=True)  # once an OverflowError
@example(lat=0, lon=-(10**400), exactly_one=True)
@example(lat=90.0, lon=180.0, exactly_one=True)
@example(lat=-90.0, lon=-180.0, exactly_one=False)
@example(lat=-0.0, lon=float("nan"), exactly_one=True)
def test_properties_reverse_any_point(geocoder, lat, lon, exactly_one):
    try:
        valid = all(math.isfinite(float(v)) for v in (lat, lon)) and -90 <= lat <= 90 and -180 <= lon <= 180
    except OverflowError:
        valid = False
    if not valid:
        with pytest.raises(GazetteerConfigurationError):
            geocoder.reverse((lat, lon), exactly_one=exactly_one)
        return
    found = geocoder.reverse((lat, lon), exactly_one=exactly_one, limit=3)
    assert found is not None  # the store has places everywhere within reach of a sphere
    for loc in [found] if exactly_one else found:
        assert_valid_location(loc)
        assert math.isfinite(loc.raw["distance_km"]) and 0 <= loc.raw["distance_km"] <= 20_040


@settings(max_examples=200)
@given(st.one_of(
    st.text(max_size=40),
    st.tuples(st.floats(), st.sampled_from([", ", " ", ";", "\u202e"]), st.floats()).map(
        lambda t: f"{t[0]}{t[1]}{t[2]}"),
    st.sampled_from(["35, 40", "35N 40E", "91, 0", "1e400, 0", "-0,-0", "35 40 0", "", " , "]
                    + [b + "35, 40" for b in BIDI + COMBINING]),
))
def test_properties_reverse_any_string(geocoder, text):
    try:
        found = geocoder.reverse(text)
    except GazetteerConfigurationError:
        return
    if found is not None:
        assert_valid_location(found)


@given(st.lists(st.text("bcdfklmnrst", min_size=1, max_size=9), min_size=1, max_size=300),
       st.text("bcdfklmnrst", min_size=1, max_size=9), st.integers(1, 2))
def test_nearest_skeletons_equal_a_search_of_the_whole_list(skeletons, query, max_distance):
    """Reading only the reachable lengths finds what a search of every skeleton finds, in its order."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from gazetteer.match import _nearest_skeletons

    whole = process.extract(query, skeletons, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=50)
    assert _nearest_skeletons(query, skeletons, max_distance) == [s for s, _, _ in whole]
