"""What the geoparser finds: mentions of places, and places derived from them.

A :class:`Mention` is a stretch of the article that names a place ("Abou Kamal"), with the
place it was resolved to, or none. A :class:`DerivedPlace` is where a phrase built on one or
two mentions points: "au nord d'Abou Kamal" (a point moved north), "la route reliant
al-Mayadin à Abou Kamal" (a line). Incidents are placed on either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Alternative", "DerivedPlace", "Mention", "GEO_PRECISION"]

#: ACLED geo_precision: 1 the town itself, 2 near a town or part of a region, 3 a region only.
GEO_PRECISION = {1: "town named", 2: "near a town or part of a region", 3: "region only"}


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another place a mention may mean, with its score."""

    id: str
    name: str
    lat: float
    lon: float
    country: str
    feature: str
    score: float


@dataclass(slots=True)
class Mention:
    """A place name in a document.

    Attributes
    ----------
    start, end : int
        Character offsets into the document's text (``text[start:end]`` is the surface).
    text : str
        The surface as written.
    place_id, name : str or None
        The resolved place's id and name; ``None`` for an unresolved mention.
    lat, lon : float or None
        Its point (WGS84).
    feature : str
        GeoNames ``class.code`` (``"P.PPL"``, ``"A.ADM1"``, ``"S.MILB"``, ``"R.RD"``).
    country, admin1, admin2 : str
        ISO country code and administrative names of the place.
    geometry : str or None
        WKT for lines and areas.
    precision : int
        ACLED geo_precision of the place itself (1 a town or site, 3 a region or country).
    score : float
        Confidence, 0..1.
    alternatives : list of Alternative
        The next best places.
    reason : str
        Why this place, in a few words.
    sentence : int
        Index of the sentence the mention is in.
    caption : bool
        True when the mention is in a caption, credit or page furniture: a place, but not
        where anything in the article happened.
    """

    start: int
    end: int
    text: str
    place_id: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    geometry: str | None = None
    precision: int = 1
    score: float = 0.0
    alternatives: list[Alternative] = field(default_factory=list)
    reason: str = ""
    sentence: int = 0
    caption: bool = False

    @property
    def resolved(self) -> bool:
        """Whether the mention was put on a place."""
        return self.lat is not None

    def to_json(self) -> dict[str, Any]:
        """The mention in the JSON Lines shape of ``mapper extract``."""
        return {
            "start": self.start, "end": self.end, "text": self.text, "name": self.name,
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "feature": self.feature, "country": self.country, "admin1": self.admin1,
            "precision": self.precision, "score": round(self.score, 3), "reason": self.reason,
            "id": self.place_id, "admin2": self.admin2, "sentence": self.sentence, "caption": self.caption,
            "alternatives": [
                {"id": a.id, "name": a.name, "lat": a.lat, "lon": a.lon, "country": a.country, "score": a.score}
                for a in self.alternatives
            ],
        }


@dataclass(slots=True)
class DerivedPlace:
    """A place that a phrase points to, built on one or two mentions.

    Attributes
    ----------
    start, end : int
        Offsets of the whole phrase ("au nord d'Abou Kamal").
    text : str
        The phrase.
    kind : str
        ``"relative"`` (a direction, a distance, a part of a place) or ``"route"`` (a line
        between two places, or a named road).
    anchors : list of int
        Indices of the mentions it is built on.
    lat, lon : float
        Its point: the moved point, or the middle of the line.
    geometry : str or None
        WKT of the line for a route.
    radius_km : float
        How far from the point it may be.
    precision : int
        ACLED geo_precision (2 near a town or part of a region; 3 when the anchor is a region).
    reason : str
        The cue that made it.
    sentence : int
        The sentence it is in.
    """

    start: int
    end: int
    text: str
    kind: str
    anchors: list[int]
    lat: float
    lon: float
    geometry: str | None = None
    radius_km: float = 0.0
    precision: int = 2
    reason: str = ""
    sentence: int = 0
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        """The derived place in the JSON Lines shape of ``mapper extract``."""
        return {
            "start": self.start, "end": self.end, "text": self.text, "kind": self.kind, "name": self.name,
            "anchors": self.anchors, "lat": round(self.lat, 6), "lon": round(self.lon, 6),
            "geometry": self.geometry, "radius_km": round(self.radius_km, 2), "precision": self.precision,
            "reason": self.reason, "sentence": self.sentence,
        }
