"""Tests of mapper/incidents/dates.py: incident dates from the sentence and the publication date."""

import dataclasses
import datetime as dt

import pytest

from mapper.exc import MapperInputError
from mapper.incidents.dates import EventDate, resolve_date

# 2021-01-24 is a Sunday.
SUNDAY = "2021-01-24"


def test_dates_reference_day_is_a_sunday():
    assert dt.date.fromisoformat(SUNDAY).weekday() == 6


# --------------------------------------------------------------------------------------------------
# Absolute dates


@pytest.mark.parametrize(
    "sentence, lang, publication, expected",
    [
        ("Des heurts ont éclaté dimanche 10 janvier près de la base.", "fr", "2021-01-12", "2021-01-10"),
        ("Le 10 janvier, une patrouille a été visée.", "fr", "2021-01-12", "2021-01-10"),
        ("Une patrouille a été visée le 10 janvier 2021.", "fr", None, "2021-01-10"),
        ("Une patrouille a été visée le 10 janvier 2021.", "fr", "2021-03-02", "2021-01-10"),
        ("Le 1er février, un dépôt a explosé.", "fr", "2021-02-03", "2021-02-01"),
        ("L'attaque du 3 août a été revendiquée.", "fr", "2020-08-05", "2020-08-03"),
        ("Militants struck on January 10.", "en", "2021-01-12", "2021-01-10"),
        ("On Sunday, January 10, a patrol was hit.", "en", "2021-01-12", "2021-01-10"),
        ("On 10 January 2021 a patrol was hit.", "en", None, "2021-01-10"),
        ("The base was shelled on March 3rd, 2020.", "en", None, "2020-03-03"),
        ("Le rapport daté du 24/01/2021 fait état de tirs.", "fr", None, "2021-01-24"),
        ("The report dated 2021-01-24 mentions shelling.", "en", None, "2021-01-24"),
    ],
)
def test_dates_absolute_day(sentence, lang, publication, expected):
    found = resolve_date(sentence, lang, publication)
    assert (found.date, found.time_precision) == (expected, 1)


@pytest.mark.parametrize(
    "sentence, lang, publication, expected",
    [
        ("Le 28 décembre, un convoi a été attaqué.", "fr", "2021-01-04", "2020-12-28"),
        ("Le 28 décembre, un convoi a été attaqué.", "fr", "2021-01", "2020-12-28"),
        ("A convoy was hit on December 30.", "en", "2021-01-02", "2020-12-30"),
        ("Le 2 février, un convoi a été attaqué.", "fr", "2021-01-24", "2021-02-02"),  # within a month
        ("Le 15 novembre, un convoi a été attaqué.", "fr", "2021-11-20", "2021-11-15"),
    ],
)
def test_dates_year_from_publication_or_the_year_before(sentence, lang, publication, expected):
    assert resolve_date(sentence, lang, publication).date == expected


def test_dates_absolute_date_beats_relative_words():
    found = resolve_date("Hier, le 22 janvier, une mine a explosé.", "fr", SUNDAY)
    assert found.date == "2021-01-22"


@pytest.mark.parametrize(
    "sentence, lang, expected",
    [
        ("Les combats ont commencé en janvier 2021.", "fr", "2021-01-01"),
        ("Fighting began in March 2020.", "en", "2020-03-01"),
    ],
)
def test_dates_month_and_year_only(sentence, lang, expected):
    found = resolve_date(sentence, lang, None)
    assert (found.date, found.time_precision) == (expected, 3)


def test_dates_day_without_year_nor_publication_is_unknown():
    found = resolve_date("Le 24 janvier, une patrouille a été visée.", "fr", None)
    assert (found.date, found.time_precision) == (None, 3)
    assert "24 janvier" in found.reason


def test_dates_may_the_verb_is_no_month():
    found = resolve_date("Officials said the toll may 3 times higher.", "en", SUNDAY)
    assert (found.date, found.reason) == (SUNDAY, "publication date")


# --------------------------------------------------------------------------------------------------
# Weekdays


@pytest.mark.parametrize(
    "sentence, lang, publication, expected",
    [
        ("Des tirs ont été entendus mercredi soir.", "fr", SUNDAY, "2021-01-20"),
        ("Militants attacked a checkpoint on Tuesday.", "en", SUNDAY, "2021-01-19"),
        ("Lundi, un drone a visé un camion.", "fr", SUNDAY, "2021-01-18"),
        ("Dimanche, un drone a visé un camion.", "fr", SUNDAY, SUNDAY),  # on the publication day
        ("Dimanche dernier, un drone a visé un camion.", "fr", SUNDAY, "2021-01-17"),
        ("Last Sunday a drone hit a truck.", "en", SUNDAY, "2021-01-17"),
        ("Jeudi, les rebelles ont lancé l'assaut.", "fr", "2021-01-28", "2021-01-28"),
        ("Dans la nuit de samedi à dimanche, la base a été visée.", "fr", "2021-01-26", "2021-01-23"),
    ],
)
def test_dates_weekday_before_publication(sentence, lang, publication, expected):
    found = resolve_date(sentence, lang, publication)
    assert (found.date, found.time_precision) == (expected, 1)


def test_dates_weekday_reason():
    found = resolve_date("Dimanche, un drone a visé un camion.", "fr", SUNDAY)
    assert found.reason == f"weekday 'Dimanche' before {SUNDAY}"


@pytest.mark.parametrize(
    "publication, expected",
    [("2021-01", "2021-01-01"), (None, None)],
)
def test_dates_weekday_without_publication_day(publication, expected):
    found = resolve_date("Mercredi, des obus sont tombés sur le marché.", "fr", publication)
    assert (found.date, found.time_precision) == (expected, 3)


# --------------------------------------------------------------------------------------------------
# Days relative to publication


@pytest.mark.parametrize(
    "sentence, lang, expected",
    [
        ("Hier, un convoi a sauté sur une mine.", "fr", "2021-01-23"),
        ("Une mine a explosé hier soir.", "fr", "2021-01-23"),
        ("A mine went off yesterday.", "en", "2021-01-23"),
        ("Avant-hier, un convoi a sauté sur une mine.", "fr", "2021-01-22"),
        ("Un convoi a sauté sur une mine avant hier.", "fr", "2021-01-22"),
        ("A mine went off the day before yesterday.", "en", "2021-01-22"),
        ("Aujourd'hui, un convoi a sauté sur une mine.", "fr", SUNDAY),
        ("Aujourd’hui, un convoi a sauté sur une mine.", "fr", SUNDAY),
        ("Ce matin, un convoi a sauté sur une mine.", "fr", SUNDAY),
        ("A mine went off today.", "en", SUNDAY),
        ("This morning a mine went off.", "en", SUNDAY),
    ],
)
def test_dates_relative_day(sentence, lang, expected):
    found = resolve_date(sentence, lang, SUNDAY)
    assert (found.date, found.time_precision) == (expected, 1)


@pytest.mark.parametrize(
    "publication, expected",
    [("2021-01", "2021-01-01"), (None, None)],
)
def test_dates_relative_day_without_publication_day(publication, expected):
    found = resolve_date("Hier, un convoi a sauté sur une mine.", "fr", publication)
    assert (found.date, found.time_precision) == (expected, 3)


# --------------------------------------------------------------------------------------------------
# Weeks


@pytest.mark.parametrize(
    "sentence, lang",
    [
        ("La semaine dernière, les frappes se sont intensifiées.", "fr"),
        ("Depuis une semaine, la ville est bombardée.", "fr"),
        ("Cette semaine, les frappes se sont intensifiées.", "fr"),
        ("Les frappes se sont intensifiées ces derniers jours.", "fr"),
        ("Strikes intensified last week.", "en"),
        ("Strikes have intensified in recent days.", "en"),
    ],
)
def test_dates_week_cue(sentence, lang):
    found = resolve_date(sentence, lang, SUNDAY)
    assert (found.date, found.time_precision) == (SUNDAY, 2)


def test_dates_week_cue_without_publication_day():
    found = resolve_date("La semaine dernière, les frappes ont repris.", "fr", "2021-01")
    assert (found.date, found.time_precision) == ("2021-01-01", 3)


# --------------------------------------------------------------------------------------------------
# No cue, bad publication dates, the result type


@pytest.mark.parametrize(
    "sentence, publication, expected",
    [
        ("Daech a attaqué une position de l'armée.", SUNDAY, EventDate(SUNDAY, 1, "publication date")),
        (
            "Daech a attaqué une position de l'armée.",
            "2021-01",
            EventDate("2021-01-01", 3, "publication month only"),
        ),
        ("", SUNDAY, EventDate(SUNDAY, 1, "publication date")),
        ("", "2021-01", EventDate("2021-01-01", 3, "publication month only")),
    ],
)
def test_dates_no_cue_takes_the_publication_date(sentence, publication, expected):
    assert resolve_date(sentence, "fr", publication) == expected


@pytest.mark.parametrize("publication", [None, "", "  "])
@pytest.mark.parametrize("sentence", ["Daech a attaqué une position de l'armée.", ""])
def test_dates_no_cue_and_no_publication(sentence, publication):
    found = resolve_date(sentence, "fr", publication)
    assert (found.date, found.time_precision) == (None, 3)


def test_dates_publication_with_a_time():
    assert resolve_date("Daech a attaqué.", "fr", "2021-01-24T10:30:00").date == SUNDAY


@pytest.mark.parametrize("publication", ["2021", "24/01/2021", "2021-13", "2021-02-30", "janvier 2021"])
def test_dates_bad_publication_raises(publication):
    with pytest.raises(MapperInputError):
        resolve_date("Daech a attaqué.", "fr", publication)


def test_dates_bad_publication_is_a_value_error():
    with pytest.raises(ValueError):
        resolve_date("Daech a attaqué.", "fr", "hier")


@pytest.mark.parametrize("lang", ["fr", "en", "", "und"])
def test_dates_any_language_code(lang):
    found = resolve_date("Le 10 janvier, une patrouille a été visée.", lang, "2021-01-12")
    expected = "2021-01-10" if lang != "en" else "2021-01-12"  # English reads no French month
    assert found.date == expected


def test_dates_eventdate_is_frozen():
    found = resolve_date("Daech a attaqué.", "fr", SUNDAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.date = "2021-01-01"
