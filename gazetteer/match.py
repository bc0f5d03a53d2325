"""Candidates for a name, and their ranking.

A query is looked up at three levels of :mod:`gazetteer.normalize` (folded name,
transliteration key, consonant skeleton), then, when nothing matches, by edit distance
over the skeletons. Each candidate gets a match quality (how close one of its names is to
the query) and a score that adds its prior importance (kind, population, how many names
it has) and, with a bias point, its distance from it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from gazetteer.exc import GazetteerConfigurationError, GazetteerQueryError
from gazetteer.normalize import MAX_QUERY_LENGTH, bare_from_fold
from gazetteer.normalize import forms as _forms
from gazetteer.place import EARTH_RADIUS_KM, FEATURE_CLASSES, Place, check_lat_lon, distance_km
from gazetteer.store import PRIMARY, Store

__all__ = ["ARABIC_COUNTRIES", "Candidate", "Matcher", "check_query", "looks_arabic", "QUALITY"]

#: Match quality by how the query met the name.
QUALITY = {"exact": 1.0, "key": 0.85, "skeleton": 0.55, "fuzzy": 0.35}
_KEY_SPREAD = 0.1  # a key match scores 0.85 to 0.95, by how close the names are but for the article
_SETTLEMENT_BONUS = 0.06  # a bare name means the town more often than the district named after it
_ALTERNATE = 0.03  # "Mexico" is the country's own name and one of Mexico City's other names
#: How much a place's prior importance counts, by how well its name matched: a famous place
#: wins a tie of exact names, but must not take a name that is only close to one of its own.
IMPORTANCE_WEIGHT = {"exact": 0.3, "key": 0.08, "skeleton": 0.3, "fuzzy": 0.3}
_BIAS_WEIGHT = 0.35
_BIAS_SCALE_KM = 400.0
_MIN_SIMILARITY = {"skeleton": 0.6, "fuzzy": 0.72}
_ARABIC_CUE_BONUS = 0.12
#: Arab League states, where a name written with the Arabic article most likely lies.
ARABIC_COUNTRIES = frozenset(
    c.encode() for c in "SY IQ JO LB PS SA YE OM AE QA BH KW EG LY TN DZ MA MR SD SO DJ KM".split()
)
# Words of Arabic place names: the article, "father of", and the generic terms of toponyms.
_ARABIC_CUES = frozenset(
    """al el ad ar as ash at az an ed er es et ez en abu abou albu albou bou um umm oum ibn bin bani beni
    deir dayr dair tell tall tal ras ain ayn ein jabal jebel djebel wadi bir khirbet khirbat kafr kfar qasr
    souq suq bab beit bayt sheikh cheikh shaykh qalaat qalat jisr maarat maaret nahr mazraat mazraa hammam
    qaryat tell hay harat""".split()
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may mean, with why and how well.

    Attributes
    ----------
    place : Place
        The record.
    rowid : int
        Its row in the store.
    score : float
        The ranking score (higher is better).
    quality : float
        How well one of its names matches the query, 0..1.
    match : str
        ``"exact"`` (the folded name), ``"key"`` (same transliteration key), ``"skeleton"``
        (same consonants) or ``"fuzzy"`` (a small edit away).
    importance : float
        The place's prior importance, 0..1.
    distance_km : float or None
        Distance from the bias point, when one was given.
    """

    place: Place
    rowid: int
    score: float
    quality: float
    match: str
    importance: float
    distance_km: float | None = None


def check_query(query: object) -> str:
    """Return ``query`` stripped, or raise :class:`GazetteerQueryError` saying what is wrong with it."""
    if not isinstance(query, str):
        raise GazetteerQueryError(f"query must be a string, not {type(query).__name__}")
    stripped = query.strip()
    if not stripped:
        raise GazetteerQueryError("query is empty")
    if len(stripped) > MAX_QUERY_LENGTH:
        raise GazetteerQueryError(
            f"query is {len(stripped)} characters long; a place name has at most {MAX_QUERY_LENGTH}"
        )
    return stripped


_ARABIC_MARKS = re.compile(r"\w[’'‘`ʿʾ]\w|[ḩḥḑḍţṭşṣẓẕāīūĀĪŪ]")
_ARABIC_SPELLING = re.compile(r"(?:kh|gh|dh|q(?!u)|aa|ou|ee)|(?:iyah|iyeh|iye|ieh|eh)$")


def _looks_arabic(folded: str, raw: str = "", *, spelling: bool = True) -> bool:
    """Whether a name reads as transliterated Arabic.

    Arabic script; the article or a generic Arabic term ("Deir", "Tell", "Ain"); an ayn or
    hamza mark or a transliteration diacritic in the name as written ("Da'il", "Ḩārim"); or,
    with ``spelling``, letter groups of Arabic transliteration (kh, gh, dh, q, aa, ou, -iyah, -eh).
    """
    if any("\u0600" <= c <= "\u06ff" for c in folded) or any(w in _ARABIC_CUES for w in folded.split()):
        return True
    if raw and _ARABIC_MARKS.search(raw):
        return True
    return spelling and any(_ARABIC_SPELLING.search(w) for w in folded.split())


class _ByLength:
    """A list of skeletons ordered by length.

    A search within an edit distance then reads only the lengths it can reach: the distance
    is at least the difference of the lengths.
    """

    def __init__(self, skeletons: list[str]) -> None:
        order = sorted(range(len(skeletons)), key=lambda i: (len(skeletons[i]), i))
        self.items = [skeletons[i] for i in order]
        self.index = order  # position in the original list
        self.bounds = [len(s) for s in self.items]

    def within(self, query: str, max_distance: int, limit: int) -> list[str]:
        lo = bisect.bisect_left(self.bounds, len(query) - max_distance)
        hi = bisect.bisect_right(self.bounds, len(query) + max_distance)
        found = process.extract(query, self.items[lo:hi], scorer=Levenshtein.distance,
                                score_cutoff=max_distance, limit=None)
        # nearest first and, among equals, in the order of the original list
        found.sort(key=lambda hit: (hit[1], self.index[lo + hit[2]]))
        return [s for s, _, _ in found[:limit]]


_BY_LENGTH: dict[int, tuple[list[str], _ByLength]] = {}


def _nearest_skeletons(query: str, skeletons: list[str], max_distance: int, limit: int = 50) -> list[str]:
    """The (at most ``limit``) skeletons within ``max_distance`` edits of ``query``, nearest first."""
    held = _BY_LENGTH.get(id(skeletons))
    if held is None or held[0] is not skeletons:
        if len(_BY_LENGTH) > 300:  # the store's lists stay; lists passed once do not pile up
            _BY_LENGTH.clear()
        held = _BY_LENGTH[id(skeletons)] = (skeletons, _ByLength(skeletons))
    return held[1].within(query, max_distance, limit)


@lru_cache(maxsize=100_000)
def forms(query: str) -> tuple[str, str, str]:
    """:func:`gazetteer.normalize.forms`, remembered: the same names come back article after article."""
    return _forms(query)


looks_arabic = _looks_arabic




class Matcher:
    """Find and rank the places a name may mean.

    Parameters
    ----------
    store : Store
        An open store.
    names : bool, default True
        Candidates carry their places' alternate names (``False``: faster, for the geoparser).
    """

    def __init__(self, store: Store, *, names: bool = True) -> None:
        self.store = store
        self.names = names
        self._countries = {c.decode() for c in set(store.country.tolist()) if c}

    # -- settings checks, shared with the geocoder
    def check_country_codes(self, country_codes: str | Iterable[str] | None) -> frozenset[bytes] | None:
        """Return the country filter as a set of codes, or raise on an unknown code."""
        if country_codes is None:
            return None
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        codes = []
        for code in country_codes:
            if not isinstance(code, str) or code.strip().upper() not in self._countries:
                raise GazetteerConfigurationError(f"unknown country code: {code!r}")
            codes.append(code.strip().upper().encode())
        return frozenset(codes) or None

    @staticmethod
    def check_feature_classes(feature_classes: str | Iterable[str] | None) -> frozenset[bytes] | None:
        """Return the feature-class filter as a set, or raise on an unknown class."""
        if feature_classes is None:
            return None
        if isinstance(feature_classes, str):
            feature_classes = list(feature_classes)
        out = []
        for fc in feature_classes:
            if not isinstance(fc, str) or fc.upper() not in FEATURE_CLASSES:
                raise GazetteerConfigurationError(f"unknown feature class: {fc!r} (one of {''.join(sorted(FEATURE_CLASSES))})")
            out.append(fc.upper().encode())
        return frozenset(out) or None

    @staticmethod
    def check_bias(bias: Sequence[float] | None) -> tuple[float, float] | None:
        """Return the bias point as ``(lat, lon)``, or raise on a bad one."""
        if bias is None:
            return None
        try:
            lat, lon = bias
            return check_lat_lon(lat, lon)
        except (TypeError, ValueError) as err:
            raise GazetteerConfigurationError(f"bias must be a (lat, lon) pair: {bias!r}") from err

    # -- lookup
    def _allowed(self, rowid: int, countries, classes) -> bool:
        if countries is not None and self.store.country[rowid] not in countries:
            return False
        if classes is not None and self.store.fclass[rowid] not in classes:
            return False
        return True

    def candidates(
        self,
        query: str,
        *,
        country_codes: str | Iterable[str] | None = None,
        feature_classes: str | Iterable[str] | None = None,
        bias: Sequence[float] | None = None,
        limit: int = 10,
        fuzzy: bool = True,
        skeleton: bool = True,
        exhaustive: bool = False,
    ) -> list[Candidate]:
        """Return the places ``query`` may mean, best first.

        Parameters
        ----------
        query : str
            A place name as written.
        country_codes : str or iterable of str, optional
            Keep places of these countries (ISO alpha-2).
        feature_classes : str or iterable of str, optional
            Keep places of these GeoNames feature classes (``"P"``, ``"A"``, ``"S"`` ...).
        bias : (lat, lon), optional
            Prefer places near this point.
        limit : int, default 10
            How many candidates at most.
        fuzzy : bool, default True
            Fall back on edit distance when no name matches at a finer level.
        skeleton : bool, default True
            Look at consonant skeletons when no name matches by folded name or key.
        exhaustive : bool, default False
            Add skeleton matches even when exact or key matches exist.

        Raises
        ------
        GazetteerQueryError
            For an empty, non-string or overlong query.
        GazetteerConfigurationError
            For an unknown country code or feature class, or a bad bias point.
        """
        query = check_query(query)
        countries = self.check_country_codes(country_codes)
        classes = self.check_feature_classes(feature_classes)
        point = self.check_bias(bias)
        fq, kq, sq = forms(query)
        if not fq:
            return []
        found: dict[int, tuple[float, str]] = {}

        def offer(rowid: int, quality: float, how: str) -> None:
            if not self._allowed(rowid, countries, classes):
                return
            old = found.get(rowid)
            if old is None or quality > old[0]:
                found[rowid] = (quality, how)

        bq = bare_from_fold(fq)
        for level, rowid, detail in self.store.lookup({0: fq, 1: kq}):
            if level == 0:  # the record's own name, or one of its alternate names
                offer(rowid, QUALITY["exact"] - (0.0 if detail == PRIMARY else _ALTERNATE), "exact")
            else:  # same key: closer when the names agree but for the article ("al-Hol", "El Hol")
                offer(rowid, QUALITY["key"] + _KEY_SPREAD * fuzz.ratio(bq, detail) / 100.0, "key")
        fine = bool(found)
        if not fine and not (skeleton and len(sq) >= 2) and not (fuzzy and len(sq) >= 3):
            return []  # most words asked about name no place: answered without ranking
        if skeleton and (not fine or exhaustive) and len(sq) >= 2:
            self._similar(self.store.lookup_skeletons([sq]), kq, "skeleton", offer)
        if not fine and fuzzy and len(sq) >= 3:
            max_dist = 1 if len(sq) <= 5 else 2
            near = _nearest_skeletons(sq, self.store.skeletons, max_dist)
            self._similar(self.store.lookup_skeletons(near), kq, "fuzzy", offer)
        return self._rank(found, point, limit, arabic=_looks_arabic(fq, query))

    def fuzzy_within(
        self, query: str, country_codes: str | Iterable[str], *, limit: int = 10, max_distance: int | None = None
    ) -> list[Candidate]:
        """Candidates a small edit away from ``query``, among the places of some countries only.

        The geoparser asks this for names the gazetteer does not spell as the article does, once
        it knows which countries the article is about: the search runs over those countries'
        skeletons, a small fraction of the world's, so it is cheap and finds fewer false friends.
        """
        query = check_query(query)
        countries = self.check_country_codes(country_codes)
        if not countries:
            return []
        fq, kq, sq = forms(query)
        if len(sq) < 3:
            return []
        found: dict[int, tuple[float, str]] = {}

        def offer(rowid: int, quality: float, how: str) -> None:
            if self.store.country[rowid] in countries and quality > found.get(rowid, (0.0, ""))[0]:
                found[rowid] = (quality, how)

        if max_distance is None:
            max_distance = 1 if len(sq) <= 5 else 2
        near: list[str] = []
        for code in sorted(countries):
            near.extend(_nearest_skeletons(sq, self.store.country_skeletons(code.decode()), max_distance))
        self._similar(self.store.lookup_skeletons(near), kq, "fuzzy", offer)
        return self._rank(found, None, limit, arabic=_looks_arabic(fq))

    @staticmethod
    def _similar(rows, kq: str, how: str, offer) -> None:
        base, floor = QUALITY[how], _MIN_SIMILARITY[how]
        best: dict[int, float] = {}
        for _skel, rowid, k in rows:
            sim = fuzz.ratio(kq, k) / 100.0
            if sim >= floor and sim > best.get(rowid, 0.0):
                best[rowid] = sim
        for rowid, sim in best.items():
            offer(rowid, base + (0.9 - base) * sim, how)

    def _rank(self, found: dict[int, tuple[float, str]], point, limit: int, arabic: bool = False) -> list[Candidate]:
        imp, country, fclass = self.store.importance, self.store.country, self.store.fclass
        scored = []
        for rowid, (quality, how) in found.items():
            score = quality + IMPORTANCE_WEIGHT[how] * float(imp[rowid])
            if fclass[rowid] == b"P":
                score += _SETTLEMENT_BONUS
            if arabic and country[rowid] in ARABIC_COUNTRIES:
                score += _ARABIC_CUE_BONUS
            dist = None
            if point is not None:
                dist = distance_km(point[0], point[1], float(self.store.lat[rowid]), float(self.store.lon[rowid]))
                score -= _BIAS_WEIGHT * min(1.0, dist / _BIAS_SCALE_KM)
            scored.append((score, rowid, quality, how, dist))
        scored.sort(key=lambda t: (-t[0], t[1]))
        top = scored[: max(1, limit)]
        places = self.store.places([t[1] for t in top], names=self.names)
        return [
            Candidate(places[rowid], rowid, round(score, 4), round(quality, 4), how,
                      float(imp[rowid]), None if dist is None else round(dist, 2))
            for score, rowid, quality, how, dist in top
        ]

    def nearest(
        self, lat: float, lon: float, *, feature_classes: str | Iterable[str] | None = "PS", limit: int = 1
    ) -> list[tuple[Place, float]]:
        """Return the places nearest to ``(lat, lon)`` with their distance in km."""
        import numpy as np

        lat, lon = check_lat_lon(lat, lon)
        classes = self.check_feature_classes(feature_classes)
        la, lo = np.radians(self.store.lat), np.radians(self.store.lon)
        p1, l1 = math.radians(lat), math.radians(lon)
        h = np.sin((la - p1) / 2) ** 2 + math.cos(p1) * np.cos(la) * np.sin((lo - l1) / 2) ** 2
        dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        if classes is not None:
            dist = np.where(np.isin(self.store.fclass, list(classes)), dist, np.inf)
        order = np.argsort(dist)[: max(1, limit)]
        return [(self.store.place(int(i)), round(float(dist[i]), 3)) for i in order if np.isfinite(dist[i])]
