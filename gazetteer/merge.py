"""Merging the sources so that one place is one record with all its names.

Three ways records meet:

- by id: Who's On First rows and GeoNames dumps carry GeoNames ids, so they fold into the
  cities500 record of the same id;
- by proximity and name: an OCHA community joins the GeoNames place within a few kilometres
  that shares one of its names (after transliteration folding);
- by containment: every Syrian place takes its governorate and district from the COD-AB
  polygons it falls in.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.fuzz import ratio

from gazetteer.normalize import forms
from gazetteer.place import AltName, Place, distance_km

__all__ = ["merge_places", "PlaceSet", "NEAR_KM"]

log = logging.getLogger(__name__)

#: How far apart two records of one village may lie and still be merged.
NEAR_KM = 6.0




def merge_places(first: Place, second: Place) -> Place:
    """Merge two records of one place.

    ``first`` keeps its id, name, point and every field it has; ``second`` fills the empty
    fields and adds its names (its own name becomes an alternate name).
    """
    names: dict[str, str | None] = {a.name: a.lang for a in first.alternate_names}
    for alt in (AltName(second.name), *second.alternate_names):
        if alt.name == first.name:
            continue
        if alt.name not in names or (names[alt.name] is None and alt.lang):
            names[alt.name] = alt.lang
    changes = {"alternate_names": tuple(AltName(n, lang) for n, lang in names.items())}
    for field in ("asciiname", "geometry", "feature_code", "country_code", "admin1_code", "admin1_name",
                  "admin2_code", "admin2_name"):
        if not getattr(first, field) and getattr(second, field):
            changes[field] = getattr(second, field)
    if second.population > first.population:
        changes["population"] = second.population
    sources = first.source.split("+")
    for s in second.source.split("+"):
        if s not in sources:
            sources.append(s)
    changes["source"] = "+".join(sources)
    return first.replace(**changes)


class PlaceSet:
    """The places of a store being built, keyed by id, with merging on the way in."""

    def __init__(self) -> None:
        self._places: dict[str, Place] = {}
        self._grid: dict[tuple[int, int], list[str]] | None = None
        self._key_cache: dict[str, tuple[Place, frozenset[str]]] = {}

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self):
        return iter(self._places.values())

    def __contains__(self, place_id: str) -> bool:
        return place_id in self._places

    def get(self, place_id: str) -> Place | None:
        """Return the record of ``place_id`` or ``None``."""
        return self._places.get(place_id)

    def add(self, place: Place) -> None:
        """Add a record, merging it into the record of the same id if there is one."""
        old = self._places.get(place.id)
        self._places[place.id] = place if old is None else merge_places(old, place)
        if old is None and self._grid is not None:
            self._grid[self._cell(place.lat, place.lon)].append(place.id)

    def extend(self, places: Iterable[Place]) -> int:
        """Add many records by id; return how many were read."""
        n = 0
        for n, place in enumerate(places, start=1):
            self.add(place)
        return n

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return (int(math.floor(lat * 10)), int(math.floor(lon * 10)))

    def _near(self, lat: float, lon: float) -> Iterable[str]:
        if self._grid is None:
            self._grid = defaultdict(list)
            for p in self._places.values():
                if p.feature_class == "P":
                    self._grid[self._cell(p.lat, p.lon)].append(p.id)
        ci, cj = self._cell(lat, lon)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                yield from self._grid.get((ci + di, cj + dj), ())

    def add_near(self, place: Place, *, max_km: float = NEAR_KM, min_ratio: float = 85.0) -> str:
        """Merge ``place`` into the nearby populated place that shares one of its names.

        A neighbour within ``max_km`` whose transliteration key equals one of ``place``'s keys,
        or is at least ``min_ratio`` similar, takes ``place``'s names; the nearest such
        neighbour wins. With none, ``place`` is added as a record of its own.

        Returns
        -------
        str
            The id of the record ``place`` ended in.
        """
        keys = self._keys(place)
        best: tuple[float, str] | None = None
        for pid in self._near(place.lat, place.lon):
            other = self._places[pid]
            if other.country_code and place.country_code and other.country_code != place.country_code:
                continue
            dist = distance_km(place.lat, place.lon, other.lat, other.lon)
            if dist > max_km or (best is not None and dist >= best[0]):
                continue
            other_keys = self._keys(other)
            if keys & other_keys or any(
                ratio(a, b) >= min_ratio for a in keys for b in other_keys if len(a) > 3 and len(b) > 3
            ):
                best = (dist, pid)
        if best is None:
            self.add(place)
            return place.id
        pid = best[1]
        self._places[pid] = merge_places(self._places[pid], place)
        return pid

    def _keys(self, place: Place) -> frozenset[str]:
        cached = self._key_cache.get(place.id)
        if cached is None or cached[0] is not place:
            cached = (place, frozenset(k for n in place.names if (k := forms(n)[1])))
            self._key_cache[place.id] = cached
        return cached[1]

    def discard(self, place_id: str) -> None:
        """Remove the record of ``place_id`` if there is one."""
        self._places.pop(place_id, None)
        self._key_cache.pop(place_id, None)
        if self._grid is not None:
            self._grid = None  # rebuilt on the next proximity query

    def replace(self, place: Place) -> None:
        """Put ``place`` in the set as it is, over any record of the same id."""
        self._places[place.id] = place
