"""Shared fixtures: the default gazetteer store, and tiny stores built from files the tests write."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis profiles. "ci" (the default) is reproducible: the examples are derived from each
# test's name, nothing is saved between runs, and no example is timed out (the first call of the
# geoparser loads its tables). Each property sets its own number of examples in its decorator, so
# the count run in CI is the one written there. "dev" draws new examples on every run and keeps the
# failing ones in .hypothesis/ to replay them: HYPOTHESIS_PROFILE=dev pytest tests/test_... .
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def default_store():
    """The store built from the shipped sources, in the cache directory ($MAPPER_CACHE_DIR)."""
    from gazetteer.geocoder import shared_store

    return shared_store()


@pytest.fixture(scope="session")
def geocoder(default_store):
    from gazetteer import GazetteerGeocoder

    return GazetteerGeocoder(store=default_store)


TINY_ROWS = [
    # id, name, alternate_names, lat, lon, feature_class, feature_code, country_code, population
    ("mayadin", "Al Mayadin", "Mayadine|Al-Mayadeen|الميادين", 35.01982, 40.45154, "P", "PPLA2", "SY", 44000),
    ("bukamal", "Albu Kamal", "Abu Kamal|Al-Bukamal|البوكمال", 34.45226, 40.91854, "P", "PPLA2", "SY", 50000),
    ("tanf", "Al-Tanf garrison", "At Tanf|التنف", 33.50583, 38.61778, "S", "MILB", "SY", 0),
    ("damascus-or", "Damascus", "", 45.41762, -122.45898, "P", "PPL", "US", 10000),
]


def write_overlay(path: Path, rows=TINY_ROWS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "alternate_names", "lat", "lon", "feature_class", "feature_code",
                    "country_code", "population"])
        w.writerows(rows)
    return path


@pytest.fixture
def tiny_sources(tmp_path):
    """A list with one Source: a small overlay CSV written by the test."""
    from gazetteer.sources.overlay import iter_overlay
    from gazetteer.store import Source

    path = write_overlay(tmp_path / "tiny.csv")
    return [Source("tiny", (path,), lambda s: s.extend(iter_overlay(path, id_prefix="tiny")))]
