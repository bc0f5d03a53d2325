"""The place record every source produces and the store returns."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from gazetteer.normalize import ascii_name

__all__ = ["AltName", "Place", "FEATURE_CLASSES", "EARTH_RADIUS_KM", "check_lat_lon", "distance_km"]

#: GeoNames feature classes: A country/state/region, H stream/lake, L parks/area,
#: P city/village, R road/railroad, S spot/building/farm, T mountain/hill, U undersea,
#: V forest/heath.
FEATURE_CLASSES = frozenset("AHLPRSTUV")


@dataclass(frozen=True, slots=True)
class AltName:
    """One alternate name of a place.

    Parameters
    ----------
    name : str
        The name as written.
    lang : str or None, default None
        ISO 639 language code where known (``"fr"``, ``"ar"``), ``None`` otherwise.
    """

    name: str
    lang: str | None = None


#: Mean Earth radius (IUGG), the one every distance in the project uses.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km between two points given as lat/lon."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def check_lat_lon(lat: Any, lon: Any) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats, or raise ``ValueError`` naming the bad value."""
    try:
        flat, flon = float(lat), float(lon)
    except (TypeError, ValueError, OverflowError) as err:  # OverflowError: an int too large for a float
        raise ValueError(f"coordinates are not numbers: lat={lat!r}, lon={lon!r}") from err
    if not (math.isfinite(flat) and -90.0 <= flat <= 90.0):
        raise ValueError(f"latitude out of range: {lat!r}")
    if not (math.isfinite(flon) and -180.0 <= flon <= 180.0):
        raise ValueError(f"longitude out of range: {lon!r}")
    return flat, flon


@dataclass(frozen=True, slots=True)
class Place:
    """A named place: a town, an administrative area, a road, a river, a base.

    Parameters
    ----------
    id : str
        Stable identifier prefixed by its source (``"geonames:170794"``, ``"ocha:C4452"``,
        ``"codab:SY09"``, ``"curated:al-tanf-garrison"``).
    source : str
        The sources the record was merged from, ``+``-separated (``"geonames+wof+ocha"``).
    name : str
        The preferred name.
    lat, lon : float
        A representative point in WGS84 (for lines and areas, a point on the feature).
    asciiname : str, default ""
        The name in plain ASCII; derived from ``name`` when not given.
    alternate_names : tuple of AltName, default ()
        Every other name, with its language where known.
    geometry : str or None, default None
        WKT of the line or polygon where the place is not a point.
    feature_class, feature_code : str, default "P", ""
        GeoNames feature class and code (``"P"``/``"PPLA"``, ``"A"``/``"ADM1"``, ``"R"``/``"RD"``).
    country_code : str, default ""
        ISO 3166-1 alpha-2.
    admin1_code, admin1_name, admin2_code, admin2_name : str, default ""
        First- and second-level administrative divisions (P-codes in Syria).
    population : int, default 0
        Population where known.
    """

    id: str
    source: str
    name: str
    lat: float
    lon: float
    asciiname: str = ""
    alternate_names: tuple[AltName, ...] = field(default_factory=tuple)
    geometry: str | None = None
    feature_class: str = "P"
    feature_code: str = ""
    country_code: str = ""
    admin1_code: str = ""
    admin1_name: str = ""
    admin2_code: str = ""
    admin2_name: str = ""
    population: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"place {self.id!r} has no name")
        lat, lon = check_lat_lon(self.lat, self.lon)
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)
        if not self.asciiname:
            object.__setattr__(self, "asciiname", ascii_name(self.name))
        if self.feature_class and self.feature_class not in FEATURE_CLASSES:
            raise ValueError(f"place {self.id!r}: unknown feature class {self.feature_class!r}")

    @property
    def names(self) -> list[str]:
        """The name, the ASCII name and every alternate name, without repeats."""
        seen: dict[str, None] = {self.name: None}
        if self.asciiname:
            seen.setdefault(self.asciiname, None)
        for alt in self.alternate_names:
            seen.setdefault(alt.name, None)
        return list(seen)

    @property
    def point(self) -> tuple[float, float]:
        """``(lat, lon)``, in geopy's order."""
        return (self.lat, self.lon)

    def replace(self, **changes: Any) -> Place:
        """Return a copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON-ready values."""
        out = {f: getattr(self, f) for f in _FIELDS}
        out["alternate_names"] = [[a.name, a.lang] for a in self.alternate_names]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        """Build a record from :meth:`to_dict` output."""
        data = dict(data)
        data["alternate_names"] = tuple(AltName(n, lang) for n, lang in data.get("alternate_names") or ())
        return cls(**data)

    def to_json(self) -> str:
        """Return the record as a JSON string."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


_FIELDS = tuple(f.name for f in fields(Place))
