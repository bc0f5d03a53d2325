"""Tests of mapper/pipeline/relative.py: places derived from directions, distances, parts of places
and roads between two places."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import Point, from_wkt

from mapper.mention import DerivedPlace, Mention
from mapper.pipeline.relative import BEARINGS, country_sides, derive_places, move
from mapper.pipeline.text import TextView
from tests.mapper.geo_helpers import bearing_error, initial_bearing, km

ABU_KAMAL = (34.45226, 40.91854)
MAYADIN = (35.01982, 40.45154)


def path_km(line):
    coords = list(line.coords)
    return sum(km(a[1], a[0], b[1], b[0]) for a, b in zip(coords, coords[1:], strict=False))


def derived_of(geoparser, text):
    parsed = geoparser.parse_text(text)
    return parsed, parsed.derived


def one_derived(geoparser, text, kind):
    parsed, derived = derived_of(geoparser, text)
    found = [d for d in derived if d.kind == kind]
    assert len(found) == 1, [(d.text, d.kind) for d in derived]
    return parsed, found[0]


# --------------------------------------------------------------------------------------------------
# move()


@pytest.mark.parametrize(
    "lat, lon, bearing, dist, expected",
    [
        (0.0, 0.0, 0, 111.195, (1.0, 0.0)),
        (0.0, 0.0, 90, 111.195, (0.0, 1.0)),
        (0.0, 0.0, 180, 111.195, (-1.0, 0.0)),
        (0.0, 0.0, 270, 111.195, (0.0, -1.0)),
        (34.5, 40.9, 0, 0.0, (34.5, 40.9)),
        (34.5, 40.9, 123, 0.0, (34.5, 40.9)),
    ],
)
def test_relative_move_cardinal_points(lat, lon, bearing, dist, expected):
    got = move(lat, lon, bearing, dist)
    assert got == pytest.approx(expected, abs=1e-3)


def test_relative_move_wraps_the_antimeridian():
    lat, lon = move(0.0, 179.9, 90, 50)
    assert -180 <= lon < 180
    assert lon == pytest.approx(-179.65, abs=0.01) and lat == pytest.approx(0.0, abs=1e-6)


def test_relative_move_north_keeps_the_meridian():
    lat, lon = move(*ABU_KAMAL, 0, 8)
    assert lon == pytest.approx(ABU_KAMAL[1], abs=1e-9)
    assert lat > ABU_KAMAL[0]
    assert km(*ABU_KAMAL, lat, lon) == pytest.approx(8, rel=1e-3)


@settings(max_examples=200, deadline=None)
@given(
    lat=st.floats(-70, 70),
    lon=st.floats(-179.9, 179.9),
    bearing=st.floats(0, 359.9),
    dist=st.floats(1, 500),
)
def test_relative_move_distance_and_bearing_property(lat, lon, bearing, dist):
    lat2, lon2 = move(lat, lon, bearing, dist)
    assert -90 <= lat2 <= 90 and -180 <= lon2 < 180
    assert km(lat, lon, lat2, lon2) == pytest.approx(dist, rel=1e-4, abs=1e-3)
    assert bearing_error(initial_bearing(lat, lon, lat2, lon2), bearing) < 0.5


@pytest.mark.parametrize(
    "words, bearing",
    [
        (("nord", "north", "northern", "septentrional"), 0),
        (("nord-est", "northeast", "north-east", "northeastern"), 45),
        (("est", "east", "eastern", "oriental", "orientale"), 90),
        (("sud-est", "southeast", "south-eastern"), 135),
        (("sud", "south", "southern", "méridional", "meridionale"), 180),
        (("sud-ouest", "southwest", "south-west"), 225),
        (("ouest", "west", "western", "occidental", "occidentale"), 270),
        (("nord-ouest", "northwest", "north-western"), 315),
    ],
)
def test_relative_bearings_table(words, bearing):
    assert {BEARINGS[w] for w in words} == {bearing}


# --------------------------------------------------------------------------------------------------
# relative places, end to end over the real gazetteer



@pytest.mark.parametrize(
    "text, phrase, anchor, bearing, dist_km, radius_km, reason_word",
    [
        (
            "Les combats se poursuivent au nord d’Abou Kamal.",
            "au nord d’Abou Kamal",
            "Abou Kamal",
            0,
            8,
            8,
            "direction",
        ),
        (
            "Heavy fighting was reported north of Abu Kamal.",
            "north of Abu Kamal",
            "Abu Kamal",
            0,
            8,
            8,
            "direction",
        ),
        (
            "Des affrontements ont eu lieu à l’ouest de Palmyre.",
            "à l’ouest de Palmyre",
            "Palmyre",
            270,
            8,
            8,
            "direction",
        ),
        (
            "Un convoi a été visé à 20 km à l’est de Palmyre.",
            "20 km à l’est de Palmyre",
            "Palmyre",
            90,
            20,
            3,
            "20 km",
        ),
        ("A convoy was hit 20 km east of Palmyra.", "20 km east of Palmyra", "Palmyra", 90, 20, 3, "20 km"),
        (
            "Un drone a frappé à 15 kilomètres au sud-ouest d’Alep.",
            "15 kilomètres au sud-ouest d’Alep",
            "Alep",
            225,
            15,
            3,
            "15 km",
        ),
        ("The town lies 12 miles north of Homs.", "12 miles north of Homs", "Homs", 0, 12 * 1.609, 3, "km"),
        ("Un obus est tombé à 40 km au nord de Homs.", "40 km au nord de Homs", "Homs", 0, 40, 6, "40 km"),
        (
            "Des obus sont tombés sur la banlieue sud de Raqqa.",
            "banlieue sud de Raqqa",
            "Raqqa",
            180,
            3,
            3,
            "suburb",
        ),
        (
            "Shells fell on Raqqa's southern outskirts on Monday.",
            "Raqqa's southern outskirts",
            "Raqqa",
            180,
            3,
            3,
            "suburb",
        ),
        pytest.param(
            "Shells fell on the southern outskirts of Raqqa.",
            "southern outskirts of Raqqa",
            "Raqqa",
            180,
            3,
            3,
            "suburb",
        ),
        (
            "Des raids ont frappé la campagne nord de Hama.",
            "campagne nord de Hama",
            "Hama",
            0,
            15,
            15,
            "countryside",
        ),
        (
            "Airstrikes hit Idlib's southern countryside.",
            "Idlib's southern countryside",
            "Idlib",
            180,
            15,
            15,
            "countryside",
        ),
        pytest.param(
            "Airstrikes hit the northern countryside of Hama.",
            "northern countryside of Hama",
            "Hama",
            0,
            15,
            15,
            "countryside",
        ),
        pytest.param(
            "Airstrikes hit Hama's northern countryside.",
            "Hama's northern countryside",
            "Hama",
            0,
            15,
            15,
            "countryside",
        ),
        ("Une explosion a eu lieu près de Homs.", "près de Homs", "Homs", None, 0, 5, "near"),
        ("An explosion was reported near Homs.", "near Homs", "Homs", None, 0, 5, "near"),
        (
            "Des tirs ont été entendus aux environs de Hama.",
            "aux environs de Hama",
            "Hama",
            None,
            0,
            5,
            "near",
        ),
    ],
)
def test_relative_forms_near_a_town(
    geoparser, text, phrase, anchor, bearing, dist_km, radius_km, reason_word
):
    parsed, d = one_derived(geoparser, text, "relative")
    assert isinstance(d, DerivedPlace)
    assert d.text == phrase and text[d.start : d.end] == phrase
    assert len(d.anchors) == 1
    m = parsed.mentions[d.anchors[0]]
    assert m.text == anchor and m.feature.startswith("P.")
    assert d.precision == 2
    assert d.radius_km == pytest.approx(radius_km, rel=0.05)
    assert km(m.lat, m.lon, d.lat, d.lon) == pytest.approx(dist_km, rel=0.05, abs=0.05)
    if bearing is not None:
        assert bearing_error(initial_bearing(m.lat, m.lon, d.lat, d.lon), bearing) < 2
    assert reason_word in d.reason and m.name in d.reason
    assert d.sentence == m.sentence


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Des cellules de Daech opèrent dans le désert occidental de Deir ez-Zor.", "désert occidental de Deir ez-Zor"),
        ("ISIS cells remain active in the western desert of Deir ez-Zor.", "western desert of Deir ez-Zor"),
    ],
)
def test_relative_desert_of_a_region(geoparser, text, phrase):
    # "the desert of X" reads X as the governorate, and the place as its western part
    parsed, d = one_derived(geoparser, text, "relative")
    assert d.text == phrase
    m = parsed.mentions[d.anchors[0]]
    assert m.text == "Deir ez-Zor" and m.feature == "A.ADM1"
    assert d.precision == 3 and d.radius_km > 25
    assert bearing_error(initial_bearing(m.lat, m.lon, d.lat, d.lon), 270) < 2
    assert "desert" in d.reason


@pytest.mark.parametrize(
    "text, phrase, bearing",
    [
        ("Les attaques se multiplient dans le sud de la Syrie.", "dans le sud de la Syrie", 180),
        ("Attacks are increasing in the south of Syria.", "south of Syria", 180),
        ("Des cellules sont actives dans l’est de la Syrie.", "dans l’est de la Syrie", 90),
        # the country by its adjective, and the English adjective of side
        ("Une voiture piégée a explosé à Qamichli, dans le Nord-Est syrien.", "dans le Nord-Est syrien", 45),
        ("Fighting raged in northern Syria on Monday.", "northern Syria", 0),
    ],
)
def test_relative_part_of_a_region(geoparser, text, phrase, bearing):
    parsed, d = one_derived(geoparser, text, "relative")
    m = parsed.mentions[d.anchors[0]]
    assert m.feature == "A.PCLI" and m.country == "SY"
    assert d.text == phrase
    assert d.precision == 3
    assert d.radius_km > 50  # a part of a country is wide
    moved = km(m.lat, m.lon, d.lat, d.lon)
    assert 50 < moved < 400
    assert bearing_error(initial_bearing(m.lat, m.lon, d.lat, d.lon), bearing) < 2
    assert "part of Syria" in d.reason


def test_relative_part_of_a_named_province(geoparser):
    parsed, d = one_derived(
        geoparser, "Des combats ont eu lieu au nord de la province de Deir ez-Zor.", "relative"
    )
    m = parsed.mentions[d.anchors[0]]
    assert m.feature == "A.ADM1" and d.precision == 3
    assert bearing_error(initial_bearing(m.lat, m.lon, d.lat, d.lon), 0) < 2


def test_relative_none_without_a_cue(geoparser):
    _, derived = derived_of(geoparser, "Des combats ont eu lieu à Homs et à Hama.")
    assert derived == []


def test_relative_to_json_shape(geoparser):
    _, d = one_derived(geoparser, "Les combats se poursuivent au nord d’Abou Kamal.", "relative")
    data = d.to_json()
    assert set(data) >= {
        "start",
        "end",
        "text",
        "kind",
        "name",
        "anchors",
        "lat",
        "lon",
        "geometry",
        "radius_km",
        "precision",
        "reason",
        "sentence",
    }
    assert data["kind"] == "relative" and data["geometry"] is None and data["anchors"] == [0]


# --------------------------------------------------------------------------------------------------
# derive_places on hand-built mentions (no gazetteer)


def mention(text, surface, lat, lon, feature="P.PPL", name=None, **kw):
    start = text.index(surface)
    return Mention(
        start,
        start + len(surface),
        surface,
        place_id=f"test:{surface}",
        name=name or surface,
        lat=lat,
        lon=lon,
        feature=feature,
        country="SY",
        **kw,
    )


def test_relative_derive_places_on_hand_built_mention():
    text = "Les combats se poursuivent au nord d’Abou Kamal."
    m = mention(text, "Abou Kamal", *ABU_KAMAL)
    (d,) = derive_places(TextView(text), [m])
    assert (d.kind, d.text, d.anchors) == ("relative", "au nord d’Abou Kamal", [0])
    assert (d.lat, d.lon) == pytest.approx(move(*ABU_KAMAL, 0, 8))


@pytest.mark.parametrize(
    "text, surface, feature",
    [
        ("Les forces sont à l’est de l’Euphrate.", "Euphrate", "H.STM"),
        ("Un convoi au nord de la M4.", "M4", "R.RD"),
    ],
)
def test_relative_side_of_a_river_or_road_is_not_a_place(text, surface, feature):
    m = mention(text, surface, 35.0, 40.0, feature=feature)
    assert derive_places(TextView(text), [m]) == []


def test_relative_unresolved_anchor_is_skipped():
    text = "Des combats au nord de Zqarbiyya."
    start = text.index("Zqarbiyya")
    m = Mention(start, start + 9, "Zqarbiyya")
    assert derive_places(TextView(text), [m]) == []


def test_relative_direction_cue_must_be_in_the_same_sentence():
    text = "Les forces avancent vers le nord. Des combats à Abou Kamal."
    m = mention(text, "Abou Kamal", *ABU_KAMAL, sentence=1)
    assert derive_places(TextView(text), [m]) == []


def test_relative_route_without_gazetteer_is_a_straight_line():
    text = "Une embuscade a visé la route reliant al-Mayadin à Abou Kamal."
    a = mention(text, "al-Mayadin", *MAYADIN, name="Al Mayadin")
    b = mention(text, "Abou Kamal", *ABU_KAMAL, name="Albu Kamal")
    (d,) = derive_places(TextView(text), [a, b])
    assert d.kind == "route" and d.anchors == [0, 1]
    line = from_wkt(d.geometry)
    assert list(line.coords) == [(MAYADIN[1], MAYADIN[0]), (ABU_KAMAL[1], ABU_KAMAL[0])]
    assert "straight line" in d.reason


# --------------------------------------------------------------------------------------------------
# routes, end to end


def check_route(parsed, d, first, second):
    a, b = (parsed.mentions[i] for i in d.anchors)
    assert (a.text, b.text) == (first, second)
    line = from_wkt(d.geometry)
    assert line.geom_type == "LineString"
    start, end = line.coords[0], line.coords[-1]
    assert km(start[1], start[0], a.lat, a.lon) < 0.1
    assert km(end[1], end[0], b.lat, b.lon) < 0.1
    straight = km(a.lat, a.lon, b.lat, b.lon)
    assert straight <= path_km(line) < 1.35 * straight
    assert line.distance(Point(d.lon, d.lat)) < 1e-6  # the point is on the line
    assert d.radius_km == pytest.approx(straight / 2, rel=0.01)
    assert d.precision == 2
    return line




@pytest.mark.parametrize(
    "text, phrase, first, second",
    [
        (
            "Une embuscade a visé la route reliant al-Mayadin à Abou Kamal.",
            "route reliant al-Mayadin à Abou Kamal",
            "al-Mayadin",
            "Abou Kamal",
        ),
        ("A bus was hit on the Aleppo-Raqqa road.", "Aleppo-Raqqa road", "Aleppo", "Raqqa"),
        ("Les combats ont eu lieu sur l’axe Alep-Raqqa.", "axe Alep-Raqqa", "Alep", "Raqqa"),
        pytest.param(
            "Des combats sur la route entre Palmyre et Soukhné.",
            "route entre Palmyre et Soukhné",
            "Palmyre",
            "Soukhné",
        ),
        (
            "Des combats sur la route entre Soukhné et Palmyre.",
            "route entre Soukhné et Palmyre",
            "Soukhné",
            "Palmyre",
        ),
    ],
)
def test_relative_route_between_two_places(geoparser, text, phrase, first, second):
    parsed, d = one_derived(geoparser, text, "route")
    assert d.text == phrase and text[d.start : d.end] == phrase
    check_route(parsed, d, first, second)
    a, b = (parsed.mentions[i] for i in d.anchors)
    assert d.reason.startswith(f"road from {a.name} to {b.name}")


@pytest.mark.parametrize(
    "text, first, second",
    [
        ("Un bus a sauté sur une mine sur la route Deir Ezzor-Damas.", "Deir Ezzor", "Damas"),
        ("The convoy travelled on the road from Homs to Palmyra.", "Homs", "Palmyra"),
        ("La route reliant Homs à Palmyre est coupée.", "Homs", "Palmyre"),
        pytest.param("La route reliant Palmyre à Homs est coupée.", "Palmyre", "Homs"),
        pytest.param("La route Damas-Deir Ezzor a été coupée.", "Damas", "Deir Ezzor"),
    ],
)
def test_relative_route_follows_the_gazetteer_road(geoparser, text, first, second):
    parsed, d = one_derived(geoparser, text, "route")
    assert "along" in d.reason
    line = check_route(parsed, d, first, second)
    assert len(line.coords) > 2  # more than the straight line


def test_relative_no_route_without_a_road_word(geoparser):
    _, derived = derived_of(geoparser, "Des combats ont eu lieu à Homs et à Palmyre.")
    assert [d for d in derived if d.kind == "route"] == []


# --------------------------------------------------------------------------------------------------
# a side of a country named by its adjective


@pytest.mark.parametrize(
    "text, adjective, code",
    [
        ("Des combats dans le Nord-Est syrien.", "syrien", "SY"),
        ("Des tirs dans l’est syrien hier.", "syrien", "SY"),
        ("Les troupes du sud irakien se sont repliées.", "irakien", "IQ"),
        ("Sud syrien : le régime reprend le poste-frontière de Nassib", "syrien", "SY"),  # a headline
    ],
)
def test_relative_country_sides_found(text, adjective, code):
    (found,) = country_sides(text)
    assert (text[found[0] : found[1]], found[2]) == (adjective, code)


@pytest.mark.parametrize(
    "text",
    [
        "Le pilote est syrien.",  # "est" the verb
        "Le régime syrien a répondu.",  # no side
        "Des combats dans le nord de la Syrie.",  # the other form, with the country's name
        "Il a vu le Sud Syrien arriver.",  # a capital: a person
    ],
)
def test_relative_country_sides_not_found(text):
    assert country_sides(text) == []


@pytest.mark.parametrize(
    "text, surface, bearing",
    [
        ("Shelling hit southeastern Aleppo overnight.", "southeastern Aleppo", 135),
        ("Rebels hold parts of north-western Idlib.", "north-western Idlib", 315),
    ],
)
def test_relative_english_adjective_of_side_of_a_town(geoparser, text, surface, bearing):
    parsed, d = one_derived(geoparser, text, "relative")
    town = parsed.mentions[d.anchors[0]]
    assert (d.text, d.precision, town.feature[:1]) == (surface, 2, "P")
    assert bearing_error(initial_bearing(town.lat, town.lon, d.lat, d.lon), bearing) < 10


def test_relative_capitalised_side_is_part_of_a_name(geoparser):
    _, derived = derived_of(geoparser, "Fighters of the Northern Alliance entered Kabul.")
    assert [d.text for d in derived] == []
