"""The incident record: one reported event, in ACLED's columns plus the evidence behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Incident", "ACLED_COLUMNS", "EXTRA_COLUMNS", "assign_event_ids"]

#: ACLED's 31 columns, in ACLED's order.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
#: The project's own columns after ACLED's.
EXTRA_COLUMNS = ["wounded", "killed_or_wounded", "doc_id", "start", "end", "confidence", "reason", "sources"]


@dataclass(slots=True)
class Incident:
    """One incident an article reports.

    Attributes
    ----------
    event_type, sub_event_type : str
        ACLED's types.
    date : str or None
        ISO date of the event.
    time_precision : int
        ACLED: 1 the day, 2 the week, 3 the month.
    actor1, actor2 : str
        ACLED actor names ("" when not named); ``inter1``, ``inter2`` their inter codes (0 unknown).
    assoc_actor_1, assoc_actor_2 : str
        Associated actors, ``"; "``-separated.
    location, country, iso_country, admin1, admin2 : str
        Where: the place's name, ISO code, governorate and district.
    lat, lon : float or None
        The point (a derived point for "north of X").
    geo_precision : int
        ACLED: 1 the town, 2 near a town or part of a region, 3 the region only.
    killed : int or None
        Fatalities reported (ACLED codes an unstated toll as 0).
    wounded, killed_or_wounded : int or None
        Other figures: never counted as fatalities.
    civilian_targeting : bool
        The event targeted civilians.
    doc_id : str
        The article; ``start``/``end`` the offsets of its sentence(s).
    source, notes : str
        The outlet; a short summary with the sentence.
    confidence : float
        0..1.
    reason : str
        Why this type, this place, this toll.
    sources : list of str
        Every article that reports it, after duplicates are merged.
    """

    event_type: str
    sub_event_type: str
    date: str | None = None
    time_precision: int = 3
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int = 0
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int = 0
    location: str = ""
    country: str = ""
    iso_country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 1
    killed: int | None = None
    wounded: int | None = None
    killed_or_wounded: int | None = None
    civilian_targeting: bool = False
    doc_id: str = ""
    start: int = 0
    end: int = 0
    source: str = ""
    notes: str = ""
    confidence: float = 0.0
    reason: str = ""
    sources: list[str] = field(default_factory=list)
    event_id: str = ""

    @property
    def interaction(self) -> int:
        """ACLED interaction code: the two inter codes, lower first (e.g. 12), or one followed by 0."""
        codes = sorted(c for c in (self.inter1, self.inter2) if c)
        if not codes:
            return 0
        return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)

    @property
    def disorder_type(self) -> str:
        """ACLED disorder type of the event type."""
        from mapper.incidents.taxonomy import DISORDER_TYPES

        return DISORDER_TYPES[self.event_type]

    def to_json(self) -> dict[str, Any]:
        """The incident in the JSON Lines shape of ``mapper extract`` (``events``)."""
        return {
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "killed": self.killed, "wounded": self.wounded, "killed_or_wounded": self.killed_or_wounded,
            "type": self.event_type, "sub_type": self.sub_event_type, "date": self.date,
            "time_precision": self.time_precision, "location": self.location, "country": self.iso_country,
            "admin1": self.admin1, "geo_precision": self.geo_precision, "actor1": self.actor1,
            "actor2": self.actor2, "interaction": self.interaction, "start": self.start, "end": self.end,
            "confidence": round(self.confidence, 3), "reason": self.reason,
        }

    def to_acled(self, region: str = "Middle East") -> dict[str, Any]:
        """The incident as one row of ACLED's 31 columns and the project's extra ones."""
        date = self.date or ""
        return {
            "event_id_cnty": self.event_id, "event_date": date, "year": int(date[:4]) if date[:4].isdigit() else None,
            "time_precision": self.time_precision, "disorder_type": self.disorder_type,
            "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "actor1": self.actor1, "assoc_actor_1": self.assoc_actor_1, "inter1": self.inter1 or None,
            "actor2": self.actor2, "assoc_actor_2": self.assoc_actor_2, "inter2": self.inter2 or None,
            "interaction": self.interaction or None,
            "civilian_targeting": "Civilian targeting" if self.civilian_targeting else "",
            "iso": _ISO_NUMERIC.get(self.iso_country), "region": region if self.iso_country in _MIDDLE_EAST else "",
            "country": self.country, "admin1": self.admin1, "admin2": self.admin2, "admin3": self.admin3,
            "location": self.location, "latitude": self.lat, "longitude": self.lon,
            "geo_precision": self.geo_precision, "source": self.source,
            "source_scale": "", "notes": self.notes, "fatalities": self.killed or 0, "tags": "",
            "timestamp": None,
            "wounded": self.wounded, "killed_or_wounded": self.killed_or_wounded, "doc_id": self.doc_id,
            "start": self.start, "end": self.end, "confidence": round(self.confidence, 3), "reason": self.reason,
            "sources": "; ".join(self.sources),
        }


_MIDDLE_EAST = frozenset("SY IQ JO LB PS IL SA YE OM AE QA BH KW IR TR EG CY".split())
_ISO_NUMERIC = {"SY": 760, "IQ": 368, "JO": 400, "LB": 422, "PS": 275, "IL": 376, "SA": 682, "YE": 887,
                "OM": 512, "AE": 784, "QA": 634, "BH": 48, "KW": 414, "IR": 364, "TR": 792, "EG": 818,
                "CY": 196, "US": 840, "RU": 643, "FR": 250}


_ISO3 = {"SY": "SYR", "IQ": "IRQ", "JO": "JOR", "LB": "LBN", "PS": "PSE", "IL": "ISR", "SA": "SAU", "YE": "YEM",
         "OM": "OMN", "AE": "ARE", "QA": "QAT", "BH": "BHR", "KW": "KWT", "IR": "IRN", "TR": "TUR", "EG": "EGY",
         "CY": "CYP", "US": "USA", "RU": "RUS", "FR": "FRA"}


def assign_event_ids(incidents: list[Incident]) -> list[Incident]:
    """Number the incidents per country, ACLED-style (``SYR1``, ``SYR2``, ``IRQ1``...), in date order."""
    counters: dict[str, int] = {}
    for inc in sorted(incidents, key=lambda i: (i.date or "", i.doc_id, i.start)):
        prefix = _ISO3.get(inc.iso_country, inc.iso_country or "XXX")
        counters[prefix] = counters.get(prefix, 0) + 1
        inc.event_id = f"{prefix}{counters[prefix]}"
    return incidents
