"""One incident told twice becomes one record.

Two records are the same incident when they have the same ACLED event type, lie within 25 km
of each other, and fall within a day of each other. Within one article, two tactics (sub-event
types) or two figures that disagree mean two incidents (an article does not report one event
twice with different tolls);
across articles they are the same event reported differently, and ACLED keeps the lowest figure.
"""

from __future__ import annotations

import math
from datetime import date as _date

from gazetteer.place import distance_km

from mapper.incidents.model import Incident

__all__ = ["merge_duplicates", "SAME_PLACE_KM", "SAME_DAYS"]

SAME_PLACE_KM = 25.0
SAME_DAYS = 1


def _km(a: Incident, b: Incident) -> float:
    if a.lat is None or b.lat is None:
        return math.inf
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _days(a: Incident, b: Incident) -> float:
    if not a.date or not b.date:
        return 0.0 if a.date == b.date else math.inf
    try:
        return abs((_date.fromisoformat(a.date[:10]) - _date.fromisoformat(b.date[:10])).days)
    except ValueError:
        return math.inf


def _compatible(x: int | None, y: int | None) -> bool:
    return x is None or y is None or x == y


def _lowest(x: int | None, y: int | None) -> int | None:
    values = [v for v in (x, y) if v is not None]
    return min(values) if values else None


def same_incident(a: Incident, b: Incident, *, same_article: bool) -> bool:
    """Whether two records tell one incident."""
    if a.event_type != b.event_type or _km(a, b) > SAME_PLACE_KM or _days(a, b) > SAME_DAYS:
        return False
    if same_article or set(a.sources) & set(b.sources):  # one article: two tactics or two tolls, two incidents
        return (a.sub_event_type == b.sub_event_type and _compatible(a.killed, b.killed)
                and _compatible(a.wounded, b.wounded))
    return True


def _merge(a: Incident, b: Incident) -> Incident:
    """``a`` with ``b``'s details: the finer place, the lowest figures, every source."""
    if b.geo_precision < a.geo_precision:
        a.location, a.lat, a.lon, a.geo_precision = b.location, b.lat, b.lon, b.geo_precision
        a.admin1, a.admin2 = b.admin1 or a.admin1, b.admin2 or a.admin2
    a.killed = _lowest(a.killed, b.killed)
    a.wounded = _lowest(a.wounded, b.wounded)
    a.killed_or_wounded = _lowest(a.killed_or_wounded, b.killed_or_wounded)
    if b.time_precision < a.time_precision:
        a.date, a.time_precision = b.date, b.time_precision
    # actor1 stays the side that acts, actor2 the side acted upon (civilians stay actor2)
    first = [(a.actor1, a.inter1), (b.actor1, b.inter1)]
    second = [(a.actor2, a.inter2), (b.actor2, b.inter2)]
    a.actor1, a.inter1 = next(((n, i) for n, i in first if n), ("", 0))
    a.actor2, a.inter2 = next(((n, i) for n, i in second + first if n and n != a.actor1), ("", 0))
    extra = [n for n, _ in first + second if n and n not in (a.actor1, a.actor2)]
    a.assoc_actor_1 = "; ".join(dict.fromkeys(x for x in [a.assoc_actor_1, *extra] if x))
    a.sources = list(dict.fromkeys(a.sources + b.sources))
    a.confidence = max(a.confidence, b.confidence)
    a.reason += f"; same incident as {b.doc_id}:{b.start}"
    return a


def merge_duplicates(incidents: list[Incident], *, same_article: bool = False) -> list[Incident]:
    """Merge the records that tell the same incident, keeping the first of each group in place.

    Parameters
    ----------
    incidents : list of Incident
        Records of one article (``same_article=True``) or of many.
    same_article : bool, default False
        Within one article, two different tolls are two incidents.
    """
    out: list[Incident] = []
    for inc in incidents:
        for kept in out:
            if same_incident(kept, inc, same_article=same_article):
                _merge(kept, inc)
                break
        else:
            out.append(inc)
    return out
