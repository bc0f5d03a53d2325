"""Tests of mapper/incidents/detect.py, end to end through the gazetteer-only geoparser: which
clauses start an incident, which continue one, where it happened, its toll, actors and date."""

import math

import pytest

from mapper.incidents import extract_incidents
from mapper.incidents.detect import clauses

PUBLISHED = "2021-01-26"  # a Tuesday

#: Points of the towns the sentences name (GeoNames), lat/lon.
SARAQIB = (35.86447, 36.80591)
MAYADIN = (35.01982, 40.45154)
DEIR_EZ_ZOR_CITY = (35.33588, 40.14084)
TANF = (33.50583, 38.61778)
IDLIB = (35.93062, 36.63393)
AZAZ = (36.58662, 37.04628)
PALMYRA = (34.5624, 38.28402)
SARMIN = (35.90403, 36.72501)  # 9 km from Saraqib
BINNISH = (35.95664, 36.7138)  # 13 km from Saraqib


def km(a, b):
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def point(inc):
    return inc.lat, inc.lon


def incidents(geoparser, text, date=PUBLISHED):
    return extract_incidents(geoparser.parse_text(text, date=date))


def one(geoparser, text, date=PUBLISHED):
    found = incidents(geoparser, text, date)
    assert len(found) == 1, [(i.event_type, i.location, i.killed) for i in found]
    return found[0]


# --------------------------------------------------------------------------------------------------
# no incident


@pytest.mark.parametrize("text", [
    "Le ministre a visité Damas pour discuter du budget.",
    "The governor opened a school in Raqqa.",
    "Les habitants de Hama ont célébré la fin du ramadan.",
    "",
])
def test_detect_quiet_sentence_gives_no_incident(geoparser, text):
    assert incidents(geoparser, text) == []


@pytest.mark.parametrize("text", [
    "La situation pourrait se dégrader à Idleb ces derniers temps.",
    "Les combats pourraient reprendre à Idleb dans les prochains jours.",
    "Clashes could erupt again in Idlib.",
])
def test_detect_commentary_gives_no_incident(geoparser, text):
    assert incidents(geoparser, text) == []


@pytest.mark.parametrize("text", [
    "Les troupes ont traversé Mayadine sans aucun combat.",
    "The army entered Raqqa without fighting.",
    "No clashes were reported in Mayadin.",
])
def test_detect_negation_gives_no_incident(geoparser, text):
    assert incidents(geoparser, text) == []


@pytest.mark.parametrize("text", [
    "Des combats ont éclaté à Saraqeb.\nPhoto : une frappe aérienne sur Idleb (AFP)\n",
    "Des combats ont éclaté à Saraqeb.\nUne frappe aérienne sur Idleb. (AFP)\n",
    "Des combats ont éclaté à Saraqeb.\nLire aussi : une frappe aérienne a touché Idleb\n",
    "Clashes broke out near Saraqib.\nRead more: Air strike kills five in Idlib\n",
])
def test_detect_captions_and_page_furniture_give_no_incident(geoparser, text):
    inc = one(geoparser, text)
    assert inc.event_type == "Battles"
    assert km(point(inc), SARAQIB) < 5


def test_detect_clauses_skip_captions_and_furniture(geoparser):
    text = ("Des combats ont éclaté à Saraqeb.\nPhoto : des blindés à Idleb (AFP)\n"
            "Partager sur Facebook\n")
    view = geoparser.parse_text(text).view
    assert [c.text.strip() for c in clauses(view)] == ["Des combats ont éclaté à Saraqeb."]


# --------------------------------------------------------------------------------------------------
# one incident told over several clauses, or several incidents


@pytest.mark.parametrize("text", [
    "Des combats ont éclaté près de Saraqeb. Au moins 12 combattants ont été tués.",
    "Des combats ont éclaté près de Saraqeb.\nAu moins 12 combattants ont été tués.",
    "Clashes broke out near Saraqib. At least 12 fighters were killed.",
])
def test_detect_casualty_sentence_without_place_continues_the_incident(geoparser, text):
    inc = one(geoparser, text)
    assert (inc.event_type, inc.sub_event_type) == ("Battles", "Armed clash")
    assert inc.killed == 12
    assert "Saraqib" in inc.location and inc.geo_precision == 2
    assert km(point(inc), SARAQIB) < 5
    assert inc.end == len(text.rstrip()) and "12" in inc.notes


@pytest.mark.parametrize("text, killed", [
    ("Une embuscade a visé un convoi près de Palmyre. Lors de cette embuscade, 7 soldats ont été "
     "tués.", 7),
    ("Une embuscade a visé un convoi près de Palmyre. Lors de cette embuscade, cinq soldats ont été "
     "tués et huit blessés.", 5),
    ("An ambush targeted a convoy near Palmyra. During this ambush, six soldiers were killed.", 6),
])
def test_detect_back_reference_continues_the_incident(geoparser, text, killed):
    inc = one(geoparser, text)
    assert inc.event_type == "Battles" and inc.killed == killed
    assert km(point(inc), PALMYRA) < 5


@pytest.mark.parametrize("text, expected", [
    ("Des combats ont éclaté près de Saraqeb. Une frappe aérienne a touché Azaz.",
     [("Battles", SARAQIB), ("Explosions/Remote violence", AZAZ)]),
    ("Une frappe aérienne a visé Azaz. Des combats ont éclaté près de Saraqeb.",
     [("Explosions/Remote violence", AZAZ), ("Battles", SARAQIB)]),
    ("Des combats ont éclaté près de Saraqeb. Des combats ont aussi éclaté à Palmyre.",
     [("Battles", SARAQIB), ("Battles", PALMYRA)]),
])
def test_detect_new_place_with_its_own_trigger_starts_a_new_incident(geoparser, text, expected):
    found = incidents(geoparser, text)
    assert [i.event_type for i in found] == [t for t, _ in expected]
    for inc, (_, where) in zip(found, expected, strict=True):
        assert km(point(inc), where) < 5
    assert found[0].end <= found[1].start


@pytest.mark.parametrize("text", [
    "Des combats ont éclaté près de Saraqeb. Des combats ont aussi éclaté à Sarmin.",
    "Des affrontements ont éclaté à Saraqeb. Une heure plus tard, des affrontements ont éclaté à Binnish.",
])
def test_detect_same_type_within_25km_the_same_day_is_one_incident(geoparser, text):
    # the project's duplicate rule: same type, within 25 km, a day apart, no conflicting toll
    (inc,) = incidents(geoparser, text)
    assert inc.event_type == "Battles" and km(point(inc), SARAQIB) < 15


def test_detect_casualty_sentence_with_its_own_place_is_its_own_incident(geoparser):
    text = "Des combats ont éclaté près de Saraqeb. À Palmyre, quatre soldats ont été tués."
    found = incidents(geoparser, text)
    assert [(i.killed, km(point(i), w) < 5) for i, w in zip(found, (SARAQIB, PALMYRA), strict=True)] == [
        (None, True), (4, True)]


def test_detect_same_town_refers_to_the_last_town(geoparser):
    # the province is the last place named, the town the last town: "cette même ville" is the town
    text = ("Des affrontements ont éclaté à Mayadine, dans la province de Deir ez-Zor. "
            "Une frappe aérienne a ensuite visé cette même ville.")
    clash, strike = incidents(geoparser, text)
    assert strike.sub_event_type == "Air/drone strike"
    assert point(strike) == pytest.approx(MAYADIN, abs=1e-4) and strike.geo_precision == 1
    assert km(point(clash), MAYADIN) < 1


# --------------------------------------------------------------------------------------------------
# where


@pytest.mark.parametrize("text", [
    "Selon une source militaire à Deir ez-Zor, des affrontements ont éclaté à Mayadine.",
    "Des combats ont éclaté à Mayadine, selon une source à Deir ez-Zor.",
    "According to a source in Deir ez-Zor, clashes broke out in Mayadin.",
])
def test_detect_source_location_is_not_the_incident_location(geoparser, text):
    inc = one(geoparser, text)
    assert point(inc) == pytest.approx(MAYADIN, abs=1e-4)


@pytest.mark.parametrize("text", [
    "DAMAS (AFP) - Des affrontements ont éclaté mardi à Mayadine entre l'armée et l'EI.",
    "DAMAS, 3 mars (AFP) — Des affrontements ont éclaté mardi à Mayadine entre l'armée et l'EI.",
    "DAMASCUS (Reuters) - Clashes broke out on Tuesday in Mayadin between the army and IS.",
])
def test_detect_dateline_is_not_the_incident_location(geoparser, text):
    """The city a dispatch was filed from opens the lead; the incident is where the text says."""
    inc = one(geoparser, text)
    assert point(inc) == pytest.approx(MAYADIN, abs=1e-4)


@pytest.mark.parametrize("text", [
    "Des frappes attribuées par Damas aux rebelles ont touché Mayadine mardi.",
    "Airstrikes blamed by Damascus on the rebels hit Mayadin on Tuesday.",
])
def test_detect_capital_as_agent_is_not_the_incident_location(geoparser, text):
    inc = one(geoparser, text)
    assert point(inc) == pytest.approx(MAYADIN, abs=1e-4)


def test_detect_source_location_alone_places_nothing(geoparser):
    found = incidents(geoparser, "Selon une source à Deir ez-Zor, des combats ont eu lieu.")
    assert all(km(point(i), DEIR_EZ_ZOR_CITY) > 25 for i in found if i.lat is not None)


@pytest.mark.parametrize("text", [
    "Partis depuis la base de Tanf, des combattants ont attaqué Mayadine.",
    "Les combattants ont attaqué Mayadine depuis la base de Tanf.",
    "Coming from the al-Tanf base, fighters attacked Mayadin.",
    pytest.param(
        "Des combattants venus depuis la base de Tanf ont attaqué Mayadine.",
        id="fr-origin-without-comma",
    ),
    pytest.param(
        "Fighters coming from the al-Tanf base attacked Mayadin.",
        id="en-origin-without-comma",
    ),
])
def test_detect_origin_base_is_not_the_incident_location(geoparser, text):
    inc = one(geoparser, text)
    assert inc.event_type == "Battles"
    assert point(inc) == pytest.approx(MAYADIN, abs=1e-4)
    assert km(point(inc), TANF) > 100


def test_detect_relative_place_is_a_point_north_of_the_town(geoparser):
    parsed = geoparser.parse_text("Des affrontements ont eu lieu au nord d'Abou Kamal.", date=PUBLISHED)
    town = next(m for m in parsed.mentions if m.text == "Abou Kamal")
    (inc,) = extract_incidents(parsed)
    assert inc.geo_precision == 2
    assert inc.lat > town.lat + 0.01  # north
    assert inc.lon == pytest.approx(town.lon, abs=0.01)
    assert 1 < km(point(inc), (town.lat, town.lon)) < 25
    assert inc.iso_country == "SY" and inc.admin1 == town.admin1


@pytest.mark.parametrize("text, town", [
    ("Des combats ont éclaté près de Saraqeb.", "Saraqib"),
    ("Des affrontements ont eu lieu au nord d'Abou Kamal.", "Ālbū Kamāl"),
])
def test_detect_relative_place_location_names_the_town(geoparser, text, town):
    inc = one(geoparser, text)
    assert inc.geo_precision == 2 and inc.location == town


def test_detect_part_of_a_governorate_is_placed_at_the_governorate(geoparser):
    text = "Daech a attaqué des positions dans le désert occidental de Deir ez-Zor."
    parsed = geoparser.parse_text(text, date=PUBLISHED)
    gov = next(m for m in parsed.mentions if m.text == "Deir ez-Zor")
    assert gov.feature.startswith("A.ADM1")
    (inc,) = extract_incidents(parsed)
    assert inc.geo_precision == 3
    assert point(inc) == pytest.approx((gov.lat, gov.lon), abs=1e-6)
    assert km(point(inc), DEIR_EZ_ZOR_CITY) > 10  # not the city of the same name


# --------------------------------------------------------------------------------------------------
# tolls


@pytest.mark.parametrize("text", [
    "Les jihadistes ont tué ou blessé au moins 40 soldats près de Palmyre.",
    "Islamic State fighters killed or wounded at least 40 soldiers near Palmyra.",
])
def test_detect_killed_or_wounded_is_no_death_toll(geoparser, text):
    inc = one(geoparser, text)
    assert inc.killed is None and inc.killed_or_wounded == 40
    assert inc.to_acled()["fatalities"] == 0
    assert inc.to_json()["killed"] is None


@pytest.mark.parametrize("text, killed, wounded, fatalities", [
    ("Une frappe aérienne sur Idleb a fait 3 morts et 15 blessés.", 3, 15, 3),
    ("Une frappe aérienne sur Idleb a fait 15 blessés.", None, 15, 0),
    ("An air strike on Idlib wounded 15 people.", None, 15, 0),
])
def test_detect_wounded_kept_but_never_counted_as_fatalities(geoparser, text, killed, wounded, fatalities):
    inc = one(geoparser, text)
    assert (inc.killed, inc.wounded) == (killed, wounded)
    row = inc.to_acled()
    assert row["fatalities"] == fatalities and row["wounded"] == wounded


# --------------------------------------------------------------------------------------------------
# actors


@pytest.mark.parametrize("text, actor1, inter1, actor2, inter2, interaction", [
    ("L'EI a attaqué l'armée syrienne près de Palmyre.",
     "Islamic State (Syria)", 2, "Military Forces of Syria (2000-2024)", 1, 12),
    ("Daech a tendu une embuscade à l'armée syrienne près de Palmyre.",
     "Islamic State (Syria)", 2, "Military Forces of Syria (2000-2024)", 1, 12),
    ("Des affrontements ont opposé l'armée syrienne aux rebelles de l'Armée syrienne libre "
     "près de Saraqeb.",
     "Military Forces of Syria (2000-2024)", 1, "Free Syrian Army", 2, 12),
    ("L'Armée syrienne libre a attaqué l'armée syrienne près de Saraqeb.",
     "Free Syrian Army", 2, "Military Forces of Syria (2000-2024)", 1, 12),
    ("Clashes broke out between the SDF and Islamic State fighters near Raqqa.",
     "Syrian Democratic Forces", 2, "Islamic State (Syria)", 2, 22),
    ("Le Parti islamique du Turkestan a attaqué les Forces de défense nationale près de Jourine.",
     "TIP: Turkistan Islamic Party", 2, "QDW: National Defense Forces", 3, 23),
    ("La 4e division a bombardé les positions de Faylaq al-Cham près de Saraqeb.",
     "Military Forces of Syria (2000-2024) 4th Armored Division", 1, "Faylaq al-Sham", 2, 12),
    ("Clashes broke out between Asaib Ahl al-Haq and the Peshmerga near Tuz Khurmatu.",
     "Asaib Ahl al-Haq", 3, "Military Forces of Iraq (2014-) Peshmerga", 1, 13),
])
def test_detect_actors_and_interaction(geoparser, text, actor1, inter1, actor2, inter2, interaction):
    inc = one(geoparser, text)
    assert (inc.actor1, inc.inter1, inc.actor2, inc.inter2) == (actor1, inter1, actor2, inter2)
    assert inc.interaction == interaction


@pytest.mark.parametrize("text, actor1, actor2", [
    ("Daech a exécuté cinq civils à Mayadine.", "Islamic State (Syria)", "Civilians (Syria)"),
    ("Des hommes armés ont tué quatre civils dans un village près de Hama.", None, "Civilians (Syria)"),
    ("Islamic State militants executed four civilians in Mosul.", "Islamic State (Iraq)", "Civilians (Iraq)"),
])
def test_detect_civilians_are_actor2_with_civilian_targeting(geoparser, text, actor1, actor2):
    inc = one(geoparser, text)
    assert inc.event_type == "Violence against civilians"
    assert (inc.actor2, inc.inter2) == (actor2, 7)
    assert inc.civilian_targeting
    assert inc.to_acled()["civilian_targeting"] == "Civilian targeting"
    if actor1 is not None:  # unnamed gunmen: the first actor is left to the coder
        assert (inc.actor1, inc.interaction) == (actor1, 27)


# --------------------------------------------------------------------------------------------------
# dates


@pytest.mark.parametrize("text, date, precision", [
    ("Des combats ont éclaté dimanche 24 janvier près de Saraqeb.", "2021-01-24", 1),
    ("Des combats ont éclaté près de Saraqeb le dimanche 24 janvier.", "2021-01-24", 1),
    ("Des combats ont éclaté hier près de Saraqeb.", "2021-01-25", 1),
    ("Clashes broke out yesterday near Saraqib.", "2021-01-25", 1),
    ("Clashes broke out near Saraqib on Sunday.", "2021-01-24", 1),
    ("Des combats ont éclaté près de Saraqeb.", PUBLISHED, 1),
    ("Clashes broke out near Saraqib.", PUBLISHED, 1),
])
def test_detect_date_from_sentence_and_publication(geoparser, text, date, precision):
    inc = one(geoparser, text)
    assert (inc.date, inc.time_precision) == (date, precision)
    assert inc.to_acled()["year"] == 2021


def test_detect_no_date_anywhere_gives_no_date(geoparser):
    inc = one(geoparser, "Des combats ont éclaté près de Saraqeb.", date=None)
    assert inc.date is None and inc.time_precision == 3


# --------------------------------------------------------------------------------------------------
# the record


def test_detect_incident_points_back_at_its_sentence(geoparser):
    text = ("Le ministre a visité Damas. "
            "Une frappe aérienne a touché un marché à Idleb, tuant deux civils.")
    parsed = geoparser.parse_text(text, date=PUBLISHED, id="art-1", source="Exemple")
    (inc,) = extract_incidents(parsed)
    assert text[inc.start:inc.end].startswith("Une frappe aérienne")
    assert inc.doc_id == "art-1" and inc.sources == ["art-1"] and inc.source == "Exemple"
    assert "frappe aérienne" in inc.notes and 0 < inc.confidence <= 1 and inc.reason
    assert inc.killed == 2 and point(inc) == pytest.approx(IDLIB, abs=1e-4)
