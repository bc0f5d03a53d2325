"""The fr-dev evaluation set (benchmarks/data/fr-dev) is well-formed for ../shared/eval/score.py.

Every gold span matches its document's text, coordinates are in range, kinds come from the allowed
list, spans of one document do not overlap across toponyms and traps, events carry a known ACLED type,
and gold.json is exactly what build_gold.py makes from its tables.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

FRDEV = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "fr-dev"
KINDS = {"city", "town", "village", "base", "district", "facility", "site", "neighbourhood", "border crossing",
         "region", "country", "governorate", "road", "river"}
EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
               "Protests", "Riots"}


@pytest.fixture(scope="module")
def gold():
    return json.loads((FRDEV / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def texts(gold):
    return {name: (FRDEV / "docs" / name).read_text(encoding="utf-8") for name in gold}


def test_documents_and_gold_match(gold):
    docs = sorted(p.name for p in (FRDEV / "docs").glob("*.txt"))
    assert docs == sorted(gold)
    assert 16 <= len(docs) <= 20


def test_documents_start_with_a_date_line(texts):
    for name, text in texts.items():
        assert re.fullmatch(r"date \d{4}-\d{2}-\d{2}", text.splitlines()[0]), name
        assert 200 <= len(text.split()) <= 450, name


def test_spans_match_the_text(gold, texts):
    for name, g in gold.items():
        text = texts[name]
        for t in g["toponyms"] + g["not_places"]:
            assert 0 <= t["start"] < t["end"] <= len(text), (name, t)
            assert text[t["start"]:t["end"]] == t["text"], (name, t)
        for t in g.get("ignore", []):
            assert 0 <= t["start"] < t["end"] <= len(text), (name, t)


def test_spans_do_not_overlap(gold):
    for name, g in gold.items():
        spans = sorted((t["start"], t["end"]) for t in g["toponyms"] + g["not_places"] + g.get("ignore", []))
        for (a0, a1), (b0, _b1) in zip(spans, spans[1:]):
            assert a1 <= b0, (name, a0, a1, b0)


def test_toponyms_are_well_formed(gold):
    for name, g in gold.items():
        assert g["toponyms"], name
        for t in g["toponyms"]:
            assert t["kind"] in KINDS, (name, t)
            assert isinstance(t["precise"], bool), (name, t)
            assert (t["lat"] is None) == (t["lon"] is None), (name, t)
            if t["lat"] is not None:
                assert -90 <= t["lat"] <= 90 and -180 <= t["lon"] <= 180, (name, t)
            if t["kind"] in {"city", "town", "village"}:
                assert t["lat"] is not None and t["precise"], (name, t)


def test_events_are_well_formed(gold):
    for name, g in gold.items():
        assert g["events"], name
        for e in g["events"]:
            assert e["type"] in EVENT_TYPES, (name, e)
            assert isinstance(e["killed"], int) and e["killed"] >= 0, (name, e)
            assert -90 <= e["lat"] <= 90 and -180 <= e["lon"] <= 180, (name, e)


def test_gold_is_what_the_builder_makes(gold):
    spec = importlib.util.spec_from_file_location("frdev_build_gold", FRDEV / "build_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == gold
