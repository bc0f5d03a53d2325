"""Gazetteer stand-ins for the finder and filter tests: real candidate records, few of them."""

from __future__ import annotations

import zlib

from gazetteer.match import Candidate
from gazetteer.place import Place


def candidate(name: str, *, match: str = "exact", importance: float = 1.0, feature_class: str = "P",
              feature_code: str = "PPL") -> Candidate:
    """A candidate for the folded name ``name``: a place of that name, matched as ``match``."""
    place = Place(f"test:{name}", "test", name, 0.0, 0.0, feature_class=feature_class,
                  feature_code=feature_code)
    return Candidate(place, rowid=zlib.crc32(name.encode()), score=1.0, quality=1.0, match=match,
                     importance=importance)


def names(candidates) -> list[str]:
    """The names of the candidates' places, in order."""
    return [c.place.name for c in candidates]
