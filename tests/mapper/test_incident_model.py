"""Tests of mapper/incidents/model.py: the Incident record and its ACLED row."""

import pytest

from mapper.incidents.model import ACLED_COLUMNS, EXTRA_COLUMNS, Incident, assign_event_ids
from mapper.incidents.taxonomy import EVENT_TYPES

#: ACLED's 31 columns, in ACLED's order (the codebook's "data columns at a glance").
ACLED_ORDER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


def incident(**kw):
    base = {"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2021-01-24",
            "time_precision": 1, "location": "Al Mayadin", "country": "Syria", "iso_country": "SY",
            "admin1": "Deir-ez-Zor", "lat": 35.01982, "lon": 40.45154, "doc_id": "a", "sources": ["a"]}
    base.update(kw)
    return Incident(**base)


def test_incident_model_acled_columns_are_acleds_31_in_order():
    assert ACLED_COLUMNS == ACLED_ORDER and len(ACLED_COLUMNS) == 31


def test_incident_model_to_acled_has_acled_columns_then_extra_columns():
    row = incident().to_acled()
    assert list(row) == ACLED_ORDER + EXTRA_COLUMNS
    assert not set(EXTRA_COLUMNS) & set(ACLED_ORDER)


def test_incident_model_to_acled_values():
    inc = incident(actor1="Islamic State (Syria)", inter1=2, actor2="Military Forces of Syria (2000-2024)",
                   inter2=1, killed=35, wounded=4, geo_precision=2, notes="Des combats...", source="Exemple",
                   event_id="SYR7", sources=["a", "b"])
    row = inc.to_acled()
    assert row["event_id_cnty"] == "SYR7"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2021-01-24", 2021, 1)
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence", "Battles", "Armed clash")
    assert (row["inter1"], row["inter2"], row["interaction"]) == (2, 1, 12)
    assert (row["iso"], row["region"], row["country"]) == (760, "Middle East", "Syria")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == (35.01982, 40.45154, 2)
    assert (row["fatalities"], row["wounded"]) == (35, 4)
    assert row["civilian_targeting"] == ""
    assert row["sources"] == "a; b" and row["source"] == "Exemple"


@pytest.mark.parametrize("iso, country, number", [("SY", "Syria", 760), ("IQ", "Iraq", 368)])
def test_incident_model_iso_is_the_numeric_code(iso, country, number):
    row = incident(iso_country=iso, country=country).to_acled()
    assert (row["iso"], row["region"]) == (number, "Middle East")


@pytest.mark.parametrize("killed, killed_or_wounded, fatalities", [
    (None, None, 0), (None, 40, 0), (0, None, 0), (12, None, 12), (3, 40, 3),
])
def test_incident_model_unstated_toll_is_zero_fatalities(killed, killed_or_wounded, fatalities):
    row = incident(killed=killed, killed_or_wounded=killed_or_wounded).to_acled()
    assert row["fatalities"] == fatalities
    assert row["killed_or_wounded"] == killed_or_wounded


@pytest.mark.parametrize("event_type, disorder", [
    ("Battles", "Political violence"),
    ("Explosions/Remote violence", "Political violence"),
    ("Violence against civilians", "Political violence"),
    ("Protests", "Demonstrations"),
    ("Strategic developments", "Strategic developments"),
])
def test_incident_model_disorder_type_per_event_type(event_type, disorder):
    inc = incident(event_type=event_type, sub_event_type=EVENT_TYPES[event_type][0])
    assert inc.disorder_type == disorder
    assert inc.to_acled()["disorder_type"] == disorder


@pytest.mark.parametrize("inter1, inter2, interaction", [
    (1, 2, 12), (2, 1, 12), (2, 2, 22), (1, 7, 17), (7, 2, 27), (8, 1, 18), (3, 8, 38),
    (1, 0, 10), (0, 2, 20), (0, 0, 0),
])
def test_incident_model_interaction_puts_the_lower_code_first(inter1, inter2, interaction):
    inc = incident(inter1=inter1, inter2=inter2)
    assert inc.interaction == interaction
    row = inc.to_acled()
    assert row["interaction"] == (interaction or None)
    assert row["inter1"] == (inter1 or None) and row["inter2"] == (inter2 or None)


def test_incident_model_civilian_targeting_column():
    inc = incident(event_type="Violence against civilians", sub_event_type="Attack",
                   actor2="Civilians (Syria)", inter2=7, civilian_targeting=True)
    assert inc.to_acled()["civilian_targeting"] == "Civilian targeting"


def test_incident_model_no_date():
    row = incident(date=None, time_precision=3).to_acled()
    assert row["event_date"] == "" and row["year"] is None and row["time_precision"] == 3


def test_incident_model_to_json_shape():
    data = incident(killed=3, inter1=2, inter2=1, lat=35.019823456, lon=40.451549876).to_json()
    assert data["lat"] == 35.019823 and data["lon"] == 40.45155
    assert (data["type"], data["sub_type"], data["killed"], data["interaction"]) == (
        "Battles", "Armed clash", 3, 12)


def test_incident_model_assign_event_ids_per_country_in_date_order():
    found = [
        incident(date="2021-01-03", doc_id="x"),
        incident(date="2021-01-02", iso_country="IQ", country="Iraq", doc_id="y"),
        incident(date="2021-01-01", doc_id="z"),
        incident(date="2021-01-05", iso_country="IQ", country="Iraq", doc_id="w"),
    ]
    out = assign_event_ids(found)
    assert out is found  # numbered in place, order kept
    assert [i.event_id for i in found] == ["SYR2", "IRQ1", "SYR1", "IRQ2"]
    assert [i.to_acled()["event_id_cnty"] for i in found] == ["SYR2", "IRQ1", "SYR1", "IRQ2"]


def test_incident_model_assign_event_ids_unique_for_one_day():
    found = [incident(doc_id="b", start=10), incident(doc_id="a", start=50), incident(doc_id="a", start=5)]
    assign_event_ids(found)
    assert sorted(i.event_id for i in found) == ["SYR1", "SYR2", "SYR3"]
    assert found[2].event_id == "SYR1" and found[1].event_id == "SYR2" and found[0].event_id == "SYR3"


def test_incident_model_assign_event_ids_empty():
    assert assign_event_ids([]) == []
