"""Tests of mapper/pipeline/resolve.py: which place each name means, and whether it is a place.

Run through the gazetteer-only geoparser (the ``geoparser`` fixture of tests/mapper/conftest.py,
over the session's default store); a few unit tests call ``resolve_spans`` and ``Focus`` directly.
"""

import pytest

from mapper.pipeline.filters import apply_filters
from mapper.pipeline.recognize import find_spans
from mapper.pipeline.resolve import (
    ACCEPT,
    ADMIN_NOUNS,
    FEATURE_NOUNS,
    PLACE_PREPOSITIONS,
    Focus,
    resolve_spans,
)
from mapper.pipeline.text import TextView
from tests.mapper.geo_helpers import km

DAMASCUS_SY = (33.5102, 36.29128)
DAMASCUS_OR = (45.41762, -122.45898)


def mentions(geoparser, text):
    return geoparser.parse_text(text).mentions


def only(geoparser, text, surface):
    found = [m for m in mentions(geoparser, text) if m.text == surface]
    assert len(found) == 1, [(m.text, m.name) for m in mentions(geoparser, text)]
    return found[0]


# --------------------------------------------------------------------------------------------------
# administrative and feature nouns



@pytest.mark.parametrize(
    "text, surface, feature, name",
    [
        (
            "Des combats ont eu lieu dans la province de Deir ez-Zor, selon des témoins.",
            "Deir ez-Zor",
            "A.ADM1",
            "Deir-ez-Zor",
        ),
        ("Une frappe a visé la province de Homs mardi.", "Homs", "A.ADM1", "Homs"),
        ("Une frappe a visé le gouvernorat de Raqqa.", "Raqqa", "A.ADM1", "Ar-Raqqa"),
        ("Fighting was reported in the governorate of Raqqa.", "Raqqa", "A.ADM1", "Ar-Raqqa"),
        ("Des combats ont eu lieu dans le district de Mayadin.", "Mayadin", "A.ADM2", None),
        pytest.param(
            "Fighting was reported in Deir ez-Zor province.",
            "Deir ez-Zor",
            "A.ADM1",
            None,
        ),
        ("Une frappe a visé la province de Damas.", "Damas", "A.ADM1", "Damascus"),
        ("Une frappe a visé le gouvernorat d’Alep.", "Alep", "A.ADM1", "Aleppo"),
    ],
)
def test_resolve_admin_phrase_gives_the_governorate(geoparser, text, surface, feature, name):
    m = only(geoparser, text, surface)
    assert m.feature == feature and m.country == "SY"
    assert m.precision == 3
    if name is not None:
        assert m.name == name


@pytest.mark.parametrize(
    "text, surface, name",
    [
        ("Des frappes ont visé Deir ez-Zor mardi soir.", "Deir ez-Zor", "Deir ez-Zor"),
        ("Des combats ont eu lieu à Homs.", "Homs", "Homs"),
        ("Shells fell on Raqqa on Monday.", "Raqqa", "Ar Raqqah"),
        ("Des tirs ont visé la ville de Homs.", "Homs", "Homs"),
        ("Des combats ont eu lieu dans la région de Homs.", "Homs", "Homs"),
    ],
)
def test_resolve_bare_name_is_the_town(geoparser, text, surface, name):
    m = only(geoparser, text, surface)
    assert m.feature.startswith("P.") and m.country == "SY" and m.name == name
    assert m.precision == 1


@pytest.mark.parametrize(
    "text, surface, feature",
    [
        (
            "Les forces américaines sont stationnées sur la base d’al-Tanf, près de la frontière.",
            "al-Tanf",
            "S.MILB",
        ),
        ("Les jihadistes ont traversé l’Euphrate à la nage.", "Euphrate", "H."),
        ("Les forces ont franchi le fleuve Euphrate.", "Euphrate", "H."),
        ("Des cellules se cachent dans la badia depuis des mois.", "la badia", "T."),
        ("Un convoi a sauté sur la route M20 mardi.", "M20", "R."),
        ("Une attaque a visé la prison de Ghwayran à Hassaké.", "Ghwayran", "P."),
        # adjectives of kind between the noun and the name
        ("Des drones ont visé la base aérienne de Hmeimim, dans l'ouest du pays.", "Hmeimim", "S.AIRB"),
        ("Des drones ont visé la base aérienne russe de Hmeimim mardi.", "Hmeimim", "S.AIRB"),
        ("Un convoi est arrivé à la base militaire américaine d’al-Tanf.", "al-Tanf", "S.MILB"),
    ],
)
def test_resolve_feature_noun_asks_for_a_kind_of_place(geoparser, text, surface, feature):
    m = only(geoparser, text, surface)
    assert m.feature.startswith(feature)
    assert m.resolved


@pytest.mark.parametrize(
    "text, surface, name",
    [
        ("Des cellules de l'EI restent actives dans la Badia, à l'est de Homs.", "Badia", "Syrian Desert"),
        ("Les troupes israéliennes ont avancé sur le plateau du Golan.", "Golan", "Golan Heights"),
        ("Le Hezbollah a combattu dans le Qalamoun en 2017.", "Qalamoun", "Qalamoun Mountains"),
        ("Des jihadistes se cachent dans les monts Hamrin, au nord de Bagdad.", "Hamrin", "Hamrin Mountains"),
        ("Une embuscade a eu lieu dans le Jabal al-Bichri.", "Jabal al-Bichri", "Jebel Bishri"),
        ("Des frappes ont visé le Jabal al-Zawiya, dans le sud d'Idleb.", "Jabal al-Zawiya", "Jabal al-Zawiya"),
        ("Le siège de la Ghouta orientale a duré cinq ans.", "Ghouta", "Ghouta"),
    ],
)
def test_resolve_named_region_is_the_region(geoparser, text, surface, name):
    found = [m for m in mentions(geoparser, text) if surface in m.text]
    assert found, [(m.text, m.name) for m in mentions(geoparser, text)]
    m = found[0]
    assert m.name == name and m.feature[:1] in "TL", (m.text, m.name, m.feature)


@pytest.mark.parametrize(
    "text",
    [
        "Un drone a visé l’aéroport de Deir ez-Zor.",
        "The militants crossed the river near Deir ez-Zor.",
        "Des soldats ont été tués près de Deir ez-Zor.",
    ],
)
def test_resolve_unmet_feature_noun_keeps_the_town(geoparser, text):
    m = only(geoparser, text, "Deir ez-Zor")
    assert m.feature[:1] in "PS", m.feature


def test_resolve_reason_names_the_cue(geoparser):
    m = only(geoparser, "Des combats dans la province de Deir ez-Zor.", "Deir ez-Zor")
    assert "exact match of 'Deir ez-Zor'" in m.reason and "after 'de'" in m.reason


# --------------------------------------------------------------------------------------------------
# hierarchy


@pytest.mark.parametrize(
    "text, admin1, lat",
    [
        ("Des combats ont eu lieu à Souran, dans la province de Hama.", "Hama", 35.29),
        ("Des combats ont eu lieu à Souran, dans la province d’Alep.", "Aleppo", 36.57),
        ("Des combats ont eu lieu à Souran (Hama).", "Hama", 35.29),
    ],
)
def test_resolve_hierarchy_cue_picks_the_place_inside(geoparser, text, admin1, lat):
    # two Souran in Syria: one in Hama governorate, one in Aleppo's
    m = only(geoparser, text, "Souran")
    assert m.admin1 == admin1 and m.country == "SY"
    assert m.lat == pytest.approx(lat, abs=0.02)


# --------------------------------------------------------------------------------------------------
# coherence with the article's other places


@pytest.mark.parametrize(
    "text, surface, point",
    [
        ("Des renforts sont arrivés de Damas vers Palmyre et Soukhné.", "Damas", DAMASCUS_SY),
        ("Le régime a envoyé des renforts à Damas, Homs et Hama.", "Damas", DAMASCUS_SY),
        ("Reinforcements moved from Damascus to Palmyra and Homs.", "Damascus", DAMASCUS_SY),
        (
            "The fire spread from Damascus to Estacada and Sandy, in Clackamas County, Oregon.",
            "Damascus",
            DAMASCUS_OR,
        ),
        ("Damascus, Estacada and Sandy are towns in Clackamas County, Oregon.", "Damascus", DAMASCUS_OR),
    ],
)
def test_resolve_damascus_follows_its_neighbours(geoparser, text, surface, point):
    m = only(geoparser, text, surface)
    assert km(m.lat, m.lon, *point) < 10


@pytest.mark.parametrize(
    "text, surface, country",
    [
        ("Des combats ont éclaté à Tripoli et à Misrata, dans l’ouest de la Libye.", "Tripoli", "LY"),
        ("Fighting broke out in Tripoli and Akkar, in northern Lebanon.", "Tripoli", "LB"),
        (
            "Des combats ont éclaté à Tripoli, près de la frontière avec la Syrie, et à Akkar.",
            "Tripoli",
            "LB",
        ),
        ("The militia moved from Misrata to Homs along the coast road.", "Homs", "LY"),
        ("Les combats se sont étendus de Hama à Homs.", "Homs", "SY"),
    ],
)
def test_resolve_ambiguous_name_follows_the_article_country(geoparser, text, surface, country):
    assert only(geoparser, text, surface).country == country


def test_resolve_alternatives_listed(geoparser):
    m = only(geoparser, "Des combats ont eu lieu à Homs.", "Homs")
    assert 1 <= len(m.alternatives) <= 3
    assert all(a.id != m.place_id for a in m.alternatives)
    assert 0 < m.score <= 1


# --------------------------------------------------------------------------------------------------
# names that are not places

@pytest.mark.parametrize(
    "text",
    [
        "Thomas a déclaré que les combats continuaient à Alep.",
        "Sandy said the fighting continued in Aleppo.",
        "Officials said the fighting continued in Aleppo.",
        "Hier, les combats continuaient à Alep.",
        "Selon des témoins, les combats continuaient à Alep.",
        "Plusieurs civils ont été tués à Alep.",
        "Michel a déclaré que les combats continuaient à Alep.",
        "Gunmen attacked a checkpoint near Aleppo.",
        "Ali a déclaré que les combats continuaient à Alep.",
        "Khaled a déclaré que les combats continuaient à Alep.",
        "Victoria said the fighting continued in Aleppo.",
        # a first name opening a sentence: a person's, not a village nor a town far from the article's places
        "Samir a déclaré que les combats continuaient à Alep.",
        "Fatima said the fighting continued in Aleppo.",
        "Rami said the fighting continued in Aleppo.",
        "Hassan a déclaré que les combats continuaient à Alep.",
        "Nadia a raconté que les combats continuaient à Alep.",
        "Omar said the fighting continued in Aleppo.",
        "Sydney said the fighting continued in Aleppo.",
        "Florence a indiqué que les combats continuaient à Alep.",
        "Stanley told reporters the fighting continued in Aleppo.",
        "Ali, un habitant, raconte que les combats continuaient à Alep.",
    ],
)
def test_resolve_sentence_start_word_is_not_a_place(geoparser, text):
    found = mentions(geoparser, text)
    assert [m.name for m in found] == ["Aleppo"]


@pytest.mark.parametrize(
    "text, surface, country",
    [
        # ... but a place when the article is about its country or names places near it
        ("Victoria said it would close its border. Melbourne and Geelong entered a lockdown.", "Victoria", "AU"),
        ("Sydney was hit by storms, and Melbourne and Brisbane were flooded.", "Sydney", "AU"),
        ("Florence was flooded again, and Pisa and Siena were on alert.", "Florence", "IT"),
        ("Victoria is the capital of British Columbia, west of Vancouver.", "Victoria", "CA"),
        # ... or a country, or a famous place called by its own name: its government
        ("Washington said the fighting continued in Aleppo.", "Washington", "US"),
        ("Jordan said the fighting continued in Aleppo.", "Jordan", "JO"),
        ("Paris a déclaré que les combats continuaient à Alep.", "Paris", "FR"),
        # ... or a first name after a determiner ("The Venice lagoon"; "The Venice Commission" is a body)
        ("The Venice lagoon rose by a metre on Tuesday, and the city was flooded.", "Venice", "IT"),
    ],
)
def test_resolve_first_name_that_is_a_place_in_context(geoparser, text, surface, country):
    assert only(geoparser, text, surface).country == country


def test_resolve_person_name_inside_a_sentence_after_a_title(geoparser):
    found = mentions(geoparser, "Le général Souheil Hassan commande les troupes à Hama.")
    assert [m.text for m in found] == ["Hama"]


# --------------------------------------------------------------------------------------------------
# countries, states and the names places bear


@pytest.mark.parametrize(
    "text, surface, feature, country",
    [
        # a country's name means the country, not a small town named after it, nor its capital
        ("Officials in Miami and Orlando said flights to Jamaica would resume.", "Jamaica", "A.PCLI", "JM"),
        ("Mexico sent troops to Sinaloa after violence in Culiacán.", "Mexico", "A.PCLI", "MX"),
        # ... in the article's language: "Mexico" is the capital in French
        ("Des manifestations ont eu lieu à Mexico et à Guadalajara.", "Mexico", "P.PPLC", "MX"),
        # a state's name means the state, not the town of another state named after it
        ("Storms hit Texas, Oklahoma and Kansas on Monday.", "Oklahoma", "A.ADM1", "US"),
        ("The wildfires spread across Idaho and Montana.", "Idaho", "A.ADM1", "US"),
        ("A storm hit Louisiana and Mississippi, flooding New Orleans.", "Louisiana", "A.ADM1", "US"),
        # ... but a notable town inside a state of its name is what the bare name means
        ("Des frappes ont visé Alep et Hama.", "Alep", "P.PPL", "SY"),
        ("A bomb exploded in Kirkuk, north of Baghdad.", "Kirkuk", "P.PPL", "IQ"),
        ("Heavy shelling was reported in Donetsk and Luhansk, in eastern Ukraine.", "Donetsk", "P.PPL", "UA"),
        # a name a place bears as its own, against a place it is only another name of
        ("The Skripals were poisoned in Salisbury, in southern England.", "Salisbury", "P.PPL", "GB"),
        # "Northern" is no demonym: it starts a place's name
        ("It is the first of its kind in Northern Ireland.", "Northern Ireland", "A.ADM1", "GB"),
    ],
)
def test_resolve_area_or_town_of_the_same_name(geoparser, text, surface, feature, country):
    m = only(geoparser, text, surface)
    assert (m.feature, m.country) == (feature, country), (m.name, m.reason)


@pytest.mark.parametrize(
    "text, surface, country, point",
    [
        ("The company is based in Lexington, Massachusetts.", "Lexington", "US", (42.4473, -71.2245)),
        ("The match in Birmingham, Alabama drew a large crowd.", "Birmingham", "US", (33.5207, -86.8025)),
        ("Officials in Victoria, British Columbia, said so.", "Victoria", "CA", (48.4329, -123.3693)),
    ],
)
def test_resolve_town_comma_state(geoparser, text, surface, country, point):
    m = only(geoparser, text, surface)
    assert m.country == country and km(m.lat, m.lon, *point) < 25, (m.name, m.lat, m.lon)


@pytest.mark.parametrize(
    "text, feature",
    [
        ("Protests spread to Washington, Oregon and Idaho, where crowds gathered in Boise.", "A.ADM1"),
        ("Protests spread from Portland, Oregon to Seattle, Washington.", "A.ADM1"),
        # a list in the same sentence is not enough: the capital speaks for the government
        ("Storms hit Texas, Oklahoma and Kansas; Washington said federal aid would follow.", "P.PPLC"),
    ],
)
def test_resolve_state_in_a_list_of_states_or_after_a_town(geoparser, text, feature):
    m = only(geoparser, text, "Washington")
    assert (m.feature, m.country) == (feature, "US"), (m.name, m.reason)


def test_resolve_state_named_with_its_towns(geoparser):
    m = only(geoparser, "The governor of Georgia declared an emergency in Atlanta and Savannah.", "Georgia")
    assert (m.feature, m.country) == ("A.ADM1", "US")
    m = only(geoparser, "Troops were deployed to Georgia's border with Russia, near Tbilisi.", "Georgia")
    assert (m.feature, m.country) == ("A.PCLI", "GE")


# --------------------------------------------------------------------------------------------------
# resolve_spans and Focus directly


def test_resolve_spans_skips_vetoed_and_keeps_text_order(geoparser):
    text = "Selon l’agence Sana, des combats ont eu lieu à Homs puis à Hama."
    view = TextView(text)
    spans = find_spans(view, geoparser.lookup, lowercase_names=geoparser._lowercase)
    apply_filters(view, spans, geoparser.lexicon)
    found, focus = resolve_spans(view, spans)
    assert [m.text for m in found] == ["Homs", "Hama"]
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert isinstance(focus, Focus) and max(focus.countries, key=focus.countries.get) == "SY"
    assert focus.center is not None and km(*focus.center, 34.9, 36.7) < 60


def test_resolve_spans_unknown_road_stays_unresolved(geoparser):
    text = "Un barrage a été installé sur la route 412 au nord."
    view = TextView(text)
    found, _ = resolve_spans(view, find_spans(view, geoparser.lookup))
    assert len(found) == 1
    m = found[0]
    assert (m.text, m.name, m.feature, m.lat, m.lon) == ("la route 412", "Highway 412", "R.RD", None, None)
    assert not m.resolved and m.reason == "road: not in the gazetteer"


def test_resolve_spans_empty():
    view = TextView("Rien.")
    found, focus = resolve_spans(view, [])
    assert found == [] and focus.countries == {} and focus.center is None


def test_resolve_focus_share_leaves_own_vote_out():
    focus = Focus(weights={"SY": 2.0, "IQ": 1.0}, votes={0: ("SY", 1.0), 1: ("SY", 1.0), 2: ("IQ", 1.0)})
    assert focus.countries == pytest.approx({"SY": 2 / 3, "IQ": 1 / 3})
    assert focus.share("SY") == pytest.approx(2 / 3)
    assert focus.share("SY", exclude=0) == pytest.approx(1 / 2)
    assert focus.share("IQ", exclude=2) == 0.0
    assert Focus(weights={"SY": 1.0}, votes={0: ("SY", 1.0)}).share("SY", exclude=0) == 0.0


def test_resolve_focus_center_leaves_the_name_out():
    points = {"a": [(0.0, 0.0)], "b": [(2.0, 2.0)], "c": [(4.0, 4.0), (5.0, 5.0)]}
    focus = Focus(center=(2.0, 2.0), points=points)
    focus._lats = focus._lons = [0.0, 2.0, 4.0, 5.0]
    assert focus.center_without("zzz") == (2.0, 2.0)
    assert focus.center_without("a") == (4.0, 4.0)
    assert focus.center_without("c") == (1.0, 1.0)
    alone = Focus(center=(1.0, 1.0), points={"a": [(1.0, 1.0)]}, _lats=[1.0], _lons=[1.0])
    assert alone.center_without("a") is None


@pytest.mark.parametrize(
    "values, removed",
    [([1, 2, 3], [2]), ([1, 2, 2, 3], [2, 2]), ([1, 1, 1, 5, 9], [1, 9]), ([0, 4], [4]),
     ([3, 4, 5, 6, 7], [3, 4])],
)
def test_resolve_median_without(values, removed):
    import statistics

    from mapper.pipeline.resolve import _median_without

    rest = list(values)
    for v in removed:
        rest.remove(v)
    assert _median_without([float(v) for v in values], [float(v) for v in removed]) == statistics.median(rest)


def test_resolve_word_lists():
    assert ADMIN_NOUNS["province"] == ("ADM1",) and ADMIN_NOUNS["district"] == ("ADM2",)
    assert FEATURE_NOUNS["base"][0] == "S" and FEATURE_NOUNS["fleuve"][0] == "H"
    assert FEATURE_NOUNS["ville"][0] == "P" and FEATURE_NOUNS["route"][0] == "R"
    assert {"a", "pres", "near", "in"} <= PLACE_PREPOSITIONS and "de" not in PLACE_PREPOSITIONS
    assert 0 < ACCEPT < 1.5


def test_resolve_state_code_is_the_places_own(default_store):
    """A state's first-level code comes from its gazetteer record, as its towns carry it."""
    from gazetteer.place import Place
    from mapper.pipeline.resolve import _inside

    louisiana = default_store.get("geonames:4331987")
    assert (louisiana.feature_code, louisiana.admin1_code) == ("ADM1", "LA")
    shreveport = Place(id="t:1", source="t", name="Shreveport", lat=32.525, lon=-93.75, country_code="US",
                       admin1_code="LA")  # 250 km from the state's point, filed under it
    texarkana = Place(id="t:2", source="t", name="Texarkana", lat=33.44, lon=-94.04, country_code="US",
                      admin1_code="AR")
    assert _inside(shreveport, louisiana) and not _inside(texarkana, louisiana)
    unknown = louisiana.replace(id="overlay:la", admin1_code="")  # no code: the state's name decides
    assert not _inside(shreveport, unknown)
    assert _inside(shreveport.replace(admin1_code="", admin1_name="Louisiana"), unknown)


def test_resolve_country_tables_from_the_gazetteer():
    from mapper.pipeline.resolve import _country_tables

    tables = _country_tables()
    assert tables["weight"]["US"] == 1.0 and tables["weight"]["MT"] == 0.0  # Malta's 68 local councils
    french, english = tables["country_names"]["fr"]["MX"], tables["country_names"]["en"]["MX"]
    assert "mexique" in french and "mexico" not in french and "mexico" in english


# --------------------------------------------------------------------------------------------------
# seas, regions and second-level divisions of the world pack


@pytest.mark.parametrize(
    "text, surface, name, feature",
    [
        ("Oil spilled into the Gulf of Mexico off the coast of Louisiana.", "Gulf of Mexico", "Gulf of Mexico",
         "H.GULF"),
        ("Police in Suffolk County, New York, arrested two men on Tuesday.", "Suffolk County", "Suffolk County",
         "A.ADM2"),
        ("Police in Kent said the lorry crashed near Maidstone on Monday. The driver was taken to hospital "
         "in Canterbury.", "Kent", "Kent", "A.ADM2"),
        ("Drought has hit the Horn of Africa for a third year.", "Horn of Africa", "Horn of Africa", "L.RGN"),
        ("Migrants from Libya tried to cross the Mediterranean by boat.", "Mediterranean", "Mediterranean Sea", "H.SEA"),
    ],
)
def test_world_features_and_counties(geoparser, text, surface, name, feature):
    m = only(geoparser, text, surface)
    assert (m.name, m.feature) == (name, feature)


def test_county_does_not_take_a_known_name(geoparser):
    # the county's point is in New York state; a bare "Suffolk" in Virginia stays the town
    m = only(geoparser, "Police in Suffolk, Virginia, arrested two men near Norfolk.", "Suffolk")
    assert m.feature.startswith("P.") and m.admin1 in ("Virginia", "")
    m = only(geoparser, "Protesters gathered in Washington on Saturday.", "Washington")
    assert m.name == "Washington" and m.feature in ("P.PPLC", "A.ADM1")


@pytest.mark.parametrize(
    "text, word",
    [
        ("Fin décembre, les combats ont repris près d'Alep.", "Fin"),
        ("Per the agreement, the troops left Aleppo.", "Per"),
        ("Can the ceasefire hold in Aleppo?", "Can"),
        ("Mar Elias, le quartier chrétien, a été touché.", "Mar"),
    ],
)
def test_resolve_country_code_in_lower_case_is_a_word(geoparser, text, word):
    """ISO codes ("FIN", "PER", "CAN", "MAR") name a country only in capitals."""
    assert not any(m.text == word and m.feature.endswith("PCLI") for m in mentions(geoparser, text))


def test_resolve_country_short_names_are_not_codes(geoparser):
    from mapper.pipeline.resolve import _by_code

    uk = geoparser.matcher.store.get("geonames:2635167")
    usa = geoparser.matcher.store.get("geonames:6252001")
    finland = geoparser.matcher.store.get("geonames:660013")
    assert not _by_code("uk", uk) and not _by_code("usa", usa)
    assert _by_code("fin", finland) and not _by_code("finlande", finland)


@pytest.mark.parametrize(
    "text, surfaces",
    [
        # Kent is a town of the United States and a county of England: the towns of its American
        # namesakes must not outvote the English counties and circuits named around it
        ("The season opens at Silverstone in Northamptonshire, then moves to Snetterton. "
         "Drivers from Leicestershire, Kent, Yorkshire and Cheshire will race.",
         ("Kent", "Yorkshire", "Cheshire")),
        # no English town bears the name "Kent": in a calendar of English circuits the county is
        # what it means, not the more important American town
        ("The 2018 calendar. 7/8 April: Brands Hatch, Kent. 28/29 April: Donington Park, Leicestershire. "
         "19/20 May: Thruxton, Hampshire. 9/10 June: Oulton Park, Cheshire. 23/24 June: Croft, Yorkshire.",
         ("Kent", "Leicestershire", "Cheshire")),
    ],
)
def test_english_counties_among_american_namesakes(geoparser, text, surfaces):
    for surface in surfaces:
        m = only(geoparser, text, surface)
        assert (m.country, m.feature) == ("GB", "A.ADM2"), surface


@pytest.mark.parametrize(
    "text, town, state, point",
    [
        ("RALEIGH, N.C. (AP) - A new report shows that more than 20 people died in crashes.", "RALEIGH",
         "North Carolina", (35.77, -78.64)),
        ("HELENA, Mont. (AP) - The state and the prison company are at an impasse.", "HELENA", "Montana",
         (46.59, -112.04)),
        ("OLYMPIA, Wash. (AP) - Lawmakers passed the budget late on Friday.", "OLYMPIA", "Washington",
         (47.04, -122.90)),
    ],
)
def test_dateline_town_and_abbreviated_state(geoparser, text, town, state, point):
    m = only(geoparser, text, town)
    assert m.country == "US" and abs(m.lat - point[0]) < 0.2 and abs(m.lon - point[1]) < 0.2
    s = next(x for x in mentions(geoparser, text) if x.name == state)
    assert s.feature == "A.ADM1"


def test_feature_named_after_a_place_is_not_that_place(geoparser):
    # the gazetteer knows no Mississippi River nor Niger Delta: the state and the country are not them
    text = "Boats sailed down the Mississippi River. Oil spills in the Niger Delta hurt farmers in Nigeria."
    assert {m.text for m in mentions(geoparser, text)} == {"Nigeria"}
    # a river the gazetteer knows keeps its name
    m = only(geoparser, "Fighting flared near the Euphrates River east of Raqqa.", "Euphrates River")
    assert m.feature.startswith("H.")


def test_state_abbreviation_is_the_state_even_when_the_town_is_elsewhere(geoparser):
    # the town before it is placed in another state: "Wash." still names the state, not the capital
    m = only(geoparser, "CAMP MURRAY, Wash. - The guard said the deployment ended.", "Wash")
    assert (m.name, m.feature) == ("Washington", "A.ADM1")


def test_country_after_a_state_and_a_comma(geoparser):
    # "State" before the comma asks nothing of the name after it; after a state comes its country
    m = only(geoparser, "Migrants camped in Matias Romero, Oaxaca State, Mexico, on Wednesday.", "Mexico")
    assert m.feature == "A.PCLI" and m.country == "MX"


def test_spelling_matched_by_key_alone_anchors_no_country(geoparser):
    # "Boken" is a surname; its transliteration key is that of Būkān in Iran. A name spelt only
    # alike must not make an article about Long Island one about Iran
    text = ("Police in Riverhead, New York, reopened the case on Monday. The day after she was last seen "
            "Boken resigned from his job as a police officer. According to the newspaper, Boken's former "
            "wife recently tipped off the police. Ms Blampied said she believes Boken murdered her.")
    found = mentions(geoparser, text)
    assert [m.country for m in found if m.text == "Riverhead"] == ["US"]
    assert not [m for m in found if m.country == "IR"]


@pytest.mark.parametrize(
    "text, state",
    [
        ("Police in Riverhead, New York, reopened the case on Monday.", "New York"),
        ("The plant in Bellevue, Washington, closed last year.", "Washington"),
    ],
)
def test_state_after_its_town_is_no_everyday_phrase(geoparser, text, state):
    # "New York" is a common phrase; after a town of that state it names the state
    m = only(geoparser, text, state)
    assert (m.name, m.feature, m.country) == (state, "A.ADM1", "US")


@pytest.mark.parametrize(
    "text, name",
    [
        ("He has a yellow lab, Levi, who goes everywhere with him. Levi is his service dog.", "Levi"),
        ("Rozen's wife, Julia, has taken on the work of the farm since the storm.", "Julia"),
    ],
)
def test_first_name_that_is_only_another_name_of_a_town_is_a_person(geoparser, text, name):
    # "Levi" is another name of Lévis (Quebec), "Julia" one of Plovdiv
    assert [m for m in mentions(geoparser, text) if m.text == name] == []



def test_county_named_in_the_article_draws_its_towns(geoparser):
    # the county is the only other place: its point tells Southold (Long Island) from the far
    # place that bears the name among its other names
    text = ("Detectives of Suffolk County reopened the case this week. She had lived in the town of "
            "Southold for ten years before she vanished.")
    m = only(geoparser, text, "Southold")
    assert km(m.lat, m.lon, 41.06, -72.43) < 20


_IRISH_TOWNS = ("Housing lists grew across the west of Ireland. Castlebar had 210 applicants, "
                "Westport 95, Ballina 57")


def test_common_name_found_among_the_articles_own_countries(geoparser):
    # forty towns are called Newport; the first of the world-wide ranking are British and American,
    # so the Irish ones are looked up again once the article is known to be about Ireland
    assert not any(c.place.country_code == "IE" for c in geoparser.lookup("newport", "cap"))
    m = only(geoparser, _IRISH_TOWNS + " and there were 48 in Newport, the council said.", "Newport")
    assert m.country == "IE" and abs(m.lat - 53.88) < 0.1 and abs(m.lon + 9.55) < 0.1


def test_common_word_that_is_a_nearby_town_after_a_preposition(geoparser):
    # "newport" is a frequent English word: a minor town of that name needs more than a capital
    # letter. After "in", near the article's other places and in its country, it is the town
    from wordfreq import zipf_frequency

    from mapper.pipeline.resolve import _COMMON

    assert zipf_frequency("newport", "en") >= _COMMON
    after_in = _IRISH_TOWNS + " and there were 48 in Newport."
    assert any(m.text == "Newport" for m in mentions(geoparser, after_in))
    assert not any(m.text == "Newport" for m in mentions(geoparser, _IRISH_TOWNS + ". Newport had 48."))


@pytest.mark.parametrize(
    "text, code",
    [
        ("A black SUV hit a wall in Leeds on Friday.", "SUV"),  # Suva's airport code
        ("Flights from CMB resumed after the storm in Colombo.", "CMB"),  # Colombo's
    ],
)
def test_airport_code_among_a_citys_names_is_no_mention(geoparser, text, code):
    # GeoNames files a city's airport code among its other names: initials in capitals that are
    # only such a name, and not the initials of the city's name, mean something else
    found = geoparser.lookup(code.lower(), "cap")
    assert any(c.place.feature_class == "P" and c.quality < 1.0 for c in found)
    assert not any(m.text == code for m in mentions(geoparser, text))


@pytest.mark.parametrize(
    "text, surface, name",
    [
        ("Rents rose in NYC last year.", "NYC", "New York City"),  # the initials of the city's name
        ("Rents rose in LA last year.", "LA", "Los Angeles"),
        ("He moved to Washington, D.C. in May.", "D.C.", "Washington"),  # written with full stops
    ],
)
def test_initials_and_abbreviations_of_a_city_stay(geoparser, text, surface, name):
    assert only(geoparser, text, surface).name == name
