"""Tests of mapper/incidents/dedupe.py: one incident told twice, within an article or across
articles, becomes one record (same event type, within 25 km, within a day)."""

import math

import pytest

from mapper.incidents import Incident, merge_duplicates
from mapper.incidents.dedupe import SAME_DAYS, SAME_PLACE_KM, same_incident

KM_PER_DEGREE_LAT = math.pi * 6371.0088 / 180
MAYADIN = (35.01982, 40.45154)


def incident(doc="a", *, lat=MAYADIN[0], lon=MAYADIN[1], date="2021-01-24", **kw):
    kw.setdefault("event_type", "Battles")
    kw.setdefault("sub_event_type", "Armed clash")
    return Incident(lat=lat, lon=lon, date=date, time_precision=kw.pop("time_precision", 1), doc_id=doc,
                    sources=[doc], iso_country="SY", country="Syria", location="Al Mayadin", **kw)


def north_of_mayadin(km):
    return MAYADIN[0] + km / KM_PER_DEGREE_LAT


def test_dedupe_thresholds_are_acled_like():
    assert SAME_PLACE_KM == 25 and SAME_DAYS == 1


@pytest.mark.parametrize("km, date", [
    (0, "2021-01-24"), (10, "2021-01-24"), (24, "2021-01-24"), (0, "2021-01-23"), (0, "2021-01-25"),
    (20, "2021-01-25"),
])
def test_dedupe_same_type_near_in_place_and_time_merges(km, date):
    a = incident("a", killed=10)
    b = incident("b", lat=north_of_mayadin(km), date=date, killed=7)
    merged = merge_duplicates([a, b])
    assert len(merged) == 1
    assert merged[0].sources == ["a", "b"]
    assert merged[0].killed == 7  # the lowest figure across articles


@pytest.mark.parametrize("km, date, b_type", [
    (26, "2021-01-24", "Battles"),
    (40, "2021-01-24", "Battles"),
    (0, "2021-01-26", "Battles"),
    (0, "2021-01-22", "Battles"),
    (0, "2021-01-24", "Explosions/Remote violence"),
])
def test_dedupe_far_apart_or_different_type_does_not_merge(km, date, b_type):
    sub = "Armed clash" if b_type == "Battles" else "Air/drone strike"
    a = incident("a", killed=10)
    b = incident("b", lat=north_of_mayadin(km), date=date, event_type=b_type, sub_event_type=sub, killed=10)
    merged = merge_duplicates([a, b])
    assert merged == [a, b]
    assert a.sources == ["a"] and b.sources == ["b"]


def test_dedupe_no_coordinates_does_not_merge():
    a = incident("a", lat=None, lon=None)
    b = incident("b", lat=None, lon=None)
    assert len(merge_duplicates([a, b])) == 2


@pytest.mark.parametrize("fields_a, fields_b, expected", [
    ({"killed": 12}, {"killed": 9}, {"killed": 9}),
    ({"killed": None}, {"killed": 5}, {"killed": 5}),
    ({"killed": 5}, {"killed": None}, {"killed": 5}),
    ({"wounded": 20, "killed": 3}, {"wounded": 14, "killed": 3}, {"wounded": 14, "killed": 3}),
    ({"killed_or_wounded": 40}, {"killed_or_wounded": 35}, {"killed_or_wounded": 35}),
])
def test_dedupe_across_articles_keeps_the_lowest_figure(fields_a, fields_b, expected):
    (merged,) = merge_duplicates([incident("a", **fields_a), incident("b", **fields_b)])
    for name, value in expected.items():
        assert getattr(merged, name) == value


def test_dedupe_lists_every_source_once():
    found = [incident("a"), incident("b"), incident("a"), incident("c")]
    (merged,) = merge_duplicates(found)
    assert merged.sources == ["a", "b", "c"]


@pytest.mark.parametrize("figures", [("killed", 12, 7), ("wounded", 3, 8)])
def test_dedupe_within_one_article_different_tolls_stay_two(figures):
    name, x, y = figures
    a, b = incident("a", **{name: x}), incident("a", **{name: y})
    assert not same_incident(a, b, same_article=True)
    assert merge_duplicates([a, b], same_article=True) == [a, b]
    assert getattr(a, name) == x and getattr(b, name) == y
    assert len(merge_duplicates([incident("a", **{name: x}), incident("b", **{name: y})])) == 1


@pytest.mark.parametrize("x, y", [(12, 12), (12, None), (None, 12), (None, None)])
def test_dedupe_within_one_article_agreeing_tolls_merge(x, y):
    (merged,) = merge_duplicates([incident("a", killed=x), incident("a", killed=y)], same_article=True)
    assert merged.killed == (x if x is not None else y)


@pytest.mark.parametrize("order", ["coarse first", "fine first"])
def test_dedupe_finer_geo_precision_location_wins(order):
    coarse = incident("a", lat=35.0736, lon=40.275, geo_precision=3)
    coarse.location, coarse.admin1 = "Deir-ez-Zor", "Deir-ez-Zor"
    fine = incident("b", lat=north_of_mayadin(1), geo_precision=1)
    fine.location = "Al Mayadin"
    pair = [coarse, fine] if order == "coarse first" else [fine, coarse]
    (merged,) = merge_duplicates(pair)
    assert (merged.location, merged.geo_precision) == ("Al Mayadin", 1)
    assert (merged.lat, merged.lon) == (fine.lat, fine.lon)
    assert sorted(merged.sources) == ["a", "b"]


def test_dedupe_finer_date_wins():
    month = incident("a", date="2021-01-01", time_precision=3)
    day = incident("b", date="2021-01-02", time_precision=1)
    (merged,) = merge_duplicates([month, day])
    assert (merged.date, merged.time_precision) == ("2021-01-02", 1)


def test_dedupe_keeps_the_named_actors():
    a = incident("a", actor1="Islamic State (Syria)", inter1=2)
    b = incident("b", actor1="Military Forces of Syria (2000-2024)", inter1=1)
    (merged,) = merge_duplicates([a, b])
    assert {merged.actor1, merged.actor2} == {"Islamic State (Syria)", "Military Forces of Syria (2000-2024)"}
    assert merged.interaction == 12


def test_dedupe_keeps_the_first_of_each_group_in_place():
    a, b = incident("a"), incident("b", lat=north_of_mayadin(100))
    c, d = incident("c", lat=north_of_mayadin(5)), incident("d", lat=north_of_mayadin(101))
    merged = merge_duplicates([a, b, c, d])
    assert merged == [a, b] and merged[0] is a and merged[1] is b
    assert a.sources == ["a", "c"] and b.sources == ["b", "d"]


def test_dedupe_empty():
    assert merge_duplicates([]) == []
