"""An offline gazetteer of places with the many spellings reports give them.

Stands alone: it needs geopy and the data it ships, never the ``mapper`` package.
"""

from gazetteer.exc import (
    GazetteerConfigurationError,
    GazetteerError,
    GazetteerQueryError,
    GazetteerSourceError,
    GazetteerStoreError,
    GazetteerWarning,
)
from gazetteer.geocoder import GazetteerGeocoder, shared_store
from gazetteer.match import Candidate, Matcher
from gazetteer.normalize import fold, forms, key, skeleton
from gazetteer.place import AltName, Place
from gazetteer.store import Store, build_store, open_store, register_file
from gazetteer.world import CountryFacts, country_facts

__all__ = [
    "AltName",
    "Candidate",
    "CountryFacts",
    "GazetteerConfigurationError",
    "GazetteerError",
    "GazetteerGeocoder",
    "GazetteerQueryError",
    "GazetteerSourceError",
    "GazetteerStoreError",
    "GazetteerWarning",
    "Matcher",
    "Place",
    "Store",
    "build_store",
    "country_facts",
    "fold",
    "forms",
    "key",
    "open_store",
    "register_file",
    "shared_store",
    "skeleton",
]
