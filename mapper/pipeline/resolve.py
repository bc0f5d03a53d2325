"""Choosing the place each name means, and whether it is a place at all.

Each stretch's candidates from the gazetteer are re-scored with what the article says:

- the words before it: an administrative noun ("province de", "gouvernorat de") asks for a
  governorate, a feature noun ("ville", "village", "base", "aéroport", "fleuve", "désert",
  "route") for that kind of place, a preposition ("à", "près de", "in") says a place follows;
- a hierarchy cue: "X, dans la province de Y", "X (Y)", "X, Y" ("Lexington, Massachusetts")
  favours an X inside Y;
- the kind of place the name is: a country's, a continent's or a state's own name means the
  area rather than a small town named after it ("Jamaica", "Louisiana"), unless a notable town
  inside the area bears it ("Aleppo"); a place the name is only another name of (a former name,
  a nickname: "Salisbury" for Harare) yields to one that bears it as its own;
- the article's focus: the countries its confident names fall in, the states they lie in, and
  the point they cluster around; a candidate far from the others loses; states named together
  ("Washington, Oregon and Idaho") are read as states;
- what the name may be instead: a first name opening a sentence ("Ali a déclaré", "Victoria
  said") is a person's before a village or a place outside the article's countries; a spelling
  only close to a place's names is that place only near the article's places.

A stretch becomes a :class:`~mapper.mention.Mention` when its confidence passes a threshold;
a stretch the gazetteer cannot place but that reads as a place stays as an unresolved mention.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

from gazetteer.match import QUALITY
from gazetteer.normalize import bare_from_fold, fold, forms
from gazetteer.normalize import key as name_key
from gazetteer.place import EARTH_RADIUS_KM, distance_km
from mapper.mention import Alternative, Mention
from mapper.pipeline.lexicon import NON_LATIN, PLACE_PREPOSITIONS, load_lexicon, word_frequency
from mapper.pipeline.recognize import SpanCandidate
from mapper.pipeline.relative import SIDE_WORDS
from mapper.pipeline.text import TextView

__all__ = ["Focus", "resolve_spans", "ACCEPT", "FEATURE_NOUNS", "ADMIN_NOUNS", "PLACE_PREPOSITIONS"]

#: Confidence a stretch needs to become a mention. Between 0.8 and 0.9 lay mostly first names,
#: words of organisations' names and far-away namesakes: on GeoWebNews a quarter of the stretches
#: there were places; leaving them out took the French dev set's recall from 0.906 to 0.903.
ACCEPT = 0.9

#: Nouns before a name that ask for a kind of place: (feature classes, feature codes or None).
FEATURE_NOUNS = {
    **dict.fromkeys("ville villes village villages localite localites bourg hameau cite town towns city cities "
                    "village villages hamlet quartier quartiers neighbourhood neighborhood banlieue".split(),
                    ("P", None)),
    **dict.fromkeys("base bases aeroport airport airbase aerodrome camp camps prison prisons barrage dam "
                    "champ field raffinerie refinery garnison garrison caserne barracks poste crossing "
                    "checkpoint".split(), ("S", None)),
    **dict.fromkeys("fleuve riviere river lac lake".split(), ("H", None)),
    **dict.fromkeys("plaine vallee valley montagne montagnes mountain mountains jebel djebel jabal mont monts massif "
                    "plateau plateaux".split(), ("TL", None)),
    # "le désert de Deir ez-Zor", "the Homs desert": the desert of a region, read as the region
    **dict.fromkeys("desert badia steppe".split(), ("A", ("ADM1", "ADM2"))),
    **dict.fromkeys("route routes autoroute highway road motorway axe".split(), ("R", None)),
    **dict.fromkeys("pays country republique republic royaume kingdom".split(), ("A", ("PCLI",))),
}
#: Administrative nouns: the level they ask for.
ADMIN_NOUNS = {
    **dict.fromkeys("province provinces gouvernorat gouvernorats governorate governorates muhafazat "
                    "wilaya state etat".split(), ("ADM1",)),
    **dict.fromkeys("district districts mantiqa mintaqa county".split(), ("ADM2",)),
    **dict.fromkeys("nahiya nahia subdistrict canton".split(), ("ADM3",)),
}
_HIERARCHY_NOUNS = frozenset(ADMIN_NOUNS) | {"region", "campagne", "countryside", "pres", "near"}

_W_FEATURE = 0.3
_W_ADMIN = 0.45
_W_FOCUS_COUNTRY = 0.25
_W_DISTANCE = 0.45
_DISTANCE_SCALE_KM = 600.0
_W_HIERARCHY = 0.35
_W_SETTLEMENT = 0.08
_W_LOCAL = 0.25
_COMMON = 3.6  # zipf frequency from which a word is common language
_EVERYDAY = 4.5  # ... and from which it is everyday language ("minister", "park", "star")
_LOCAL_SCALE_KM = 150.0
_W_AREA = 0.2  # a country's or a state's own name: what the matcher's and the settlement bonus give a town
_NAMED_FROM_ANYWHERE = 0.5  # the least share of the article a country's own name is credited with
_W_FOCUS_STATE = 0.15  # a place in the state the article's other places lie in
_W_SIBLING = 0.25  # a state named in a list with other states
_W_OTHER_NAME = 0.15  # a place called by another of its names, against one whose own name it is
_CLEAR_LEAD = 0.1  # the lead in importance over another country's place of the same name from which a
_LEAST_VOTE = 0.1  # pick's vote counts in full (a tie counts half)
_W_DATELINE = 0.3  # evidence of a name in the dateline that opens a dispatch
_FAMOUS = 0.8  # importance from which a place is named from anywhere (capitals, great cities)
_NOTABLE_TOWN = 0.4  # importance from which a town inside a state of the same name is what the name means
QUALITY_KEY = QUALITY["key"]
#: Countries and continents: named from anywhere, whatever the article is about.
COUNTRY_CODES = frozenset("PCLI PCLD PCLS PCLF PCLIX TERR CONT".split())
#: ... and first-level divisions: the areas whose own name means the area before a town named after it.
AREA_CODES = COUNTRY_CODES | {"ADM1"}
#: Countries, continents, oceans, seas, straits and large regions: far from the article's other places
#: is no evidence against them.
WIDE_CODES = frozenset("PCLI CONT OCN SEA GULF STRT CHN BAY LKS RGN DSRT MTS PEN".split())
#: A name of several words ending in one of these names its own kind ("Ohio County", "Hudson River",
#: "Niger Delta"): it is not common language, however common its words are together.
_KIND_NOUNS = frozenset("county parish borough district province governorate river lake sea ocean gulf bay "
                        "strait delta desert mountains peninsula".split())




_CLAUSE_BREAK = frozenset(",;:()")


def _context(view: TextView, sp: SpanCandidate, width: int = 4) -> list[str]:
    """Folded words before the stretch, nearest first, within its sentence."""
    toks, out = view.tokens, []
    k = sp.first - 1
    sentence = view.tokens[sp.first].sentence
    while k >= 0 and len(out) < width and toks[k].sentence == sentence:
        if _CLAUSE_BREAK.intersection(view.text[toks[k].end:toks[k + 1].start]):
            break  # "Oaxaca State, Mexico": the noun before the comma is not about the name after it
        out.append(toks[k].fold)
        k -= 1
    return out


_NOUN_LINKS = frozenset("de d du des of the la le l".split())
#: Adjectives that say which kind of feature a noun is ("la base aérienne de", "le champ pétrolier d'",
#: "le poste frontière de", "la prison centrale de").
_KIND_ADJECTIVES = frozenset(fold(w) for w in (
    "aérienne aérien aériennes militaire militaires navale naval pétrolier pétrolière pétrolifère gazier "
    "gazière frontalier frontalière frontière pénitentiaire centrale central hydroélectrique internationale "
    "international principale principal".split()))
#: Words that describe an area rather than name it: a division called by them alone ("Western",
#: "Central Province", "West Coast", "Islands", "Delta") reads as a common phrase before a name.
_DESCRIPTIVE = SIDE_WORDS | frozenset(
    "central centre center centrale middle upper lower far greater inner outer north-west north-east "
    "south-west south-east northwest northeast southwest southeast coast coastal island islands region "
    "province district area state territory capital national federal delta lake lakes bay valley hill hills "
    "end side point river rivers port city town county department".split()
)


def _wanted(context: list[str]) -> tuple[str | None, tuple | None, bool]:
    """Feature classes, codes and whether an administrative level is asked for.

    The noun must stand right before the name, with only "de"/"of"/an article and adjectives of
    nationality, of side or of kind between them ("la province de X", "la base aérienne russe de X",
    "the northern town of X"): in "Islamic State members near X" the "state" says nothing about X.
    """
    demonyms = load_lexicon().demonyms
    for i, word in enumerate(context[:4]):
        if word in ADMIN_NOUNS:
            return "A", ADMIN_NOUNS[word], True
        if word in FEATURE_NOUNS:
            classes, codes = FEATURE_NOUNS[word]
            return classes, codes, False
        # adjectives of nationality, of side or of kind: "la ville septentrionale de", "the northern town of"
        qualifies = i > 0 and (word in demonyms or word in SIDE_WORDS or word in _KIND_ADJECTIVES)
        if word not in _NOUN_LINKS and not qualifies:
            break
    return None, None, False


@dataclass(frozen=True)
class _Parent:
    """The area named right after a stretch: its key, and the states and countries it may be.

    "Lexington, Massachusetts", "Tripoli, Lebanon", "X, dans la province de Y": a town of that
    state or country is the one meant.
    """

    key: str
    states: frozenset = frozenset()  # (country, first-level code)
    countries: frozenset = frozenset()

    def holds(self, place) -> bool:
        if self.key in _area_keys(place.admin1_name, place.admin2_name):
            return True
        if place.feature_code in AREA_CODES:
            return False
        return place.country_code in self.countries or (place.country_code, place.admin1_code) in self.states


@lru_cache(maxsize=50_000)
def _area_keys(admin1_name: str, admin2_name: str) -> frozenset[str]:
    """The keys of the areas a place lies in."""
    return frozenset({name_key(admin1_name), name_key(admin2_name)} - {""})


def _hierarchy_parent(view: TextView, spans: list[SpanCandidate], index: int) -> _Parent | None:
    """The area named right after the stretch ("X, dans la province de Y", "X (Y)", "X, Y")."""
    sp = spans[index]
    for other in spans[index + 1:index + 3]:
        between = view.text[sp.end:other.start]
        if len(between) > 40 or view.tokens[other.first].sentence != view.tokens[sp.first].sentence:
            break
        words = between.replace("’", "'").lower()
        if between.strip() in (",", "(") or any(f" {n} " in f" {words} " for n in ("province", "gouvernorat",
                                                                                    "governorate", "région", "region")):
            named = [c.place for c in other.candidates if c.match in ("exact", "key")]
            states = frozenset((p.country_code, p.admin1_code) for p in named if p.feature_code == "ADM1")
            countries = frozenset(p.country_code for p in named if p.feature_code in COUNTRY_CODES)
            return _Parent(name_key(view.text[other.start:other.end]), states, countries)
    return None


@cache
def _country_tables() -> dict[str, object]:
    """Return what the gazetteer's world pack says of each country, read once.

    ``weight``: how much a country's first-level divisions count as places people name, from
    their mean population (the country's over its number of divisions): a US state or a
    Syrian governorate fully, the parishes of Bermuda or the councils of Malta not at all;
    ``country_names``: each country's folded names in English and in French ("Mexico" is the
    country in English, its capital in French, where the country is "Mexique").
    """
    from gazetteer.world import country_facts

    weight: dict[str, float] = {}
    names: dict[str, dict[str, set[str]]] = {"en": {}, "fr": {}}
    for code, country in country_facts().items():
        if country.divisions:
            mean = country.population / country.divisions
            weight[code] = min(1.0, max(0.0, (math.log10(mean + 1) - 4.0) / 2.0))
        names["en"].setdefault(code, set()).add(fold(country.name))  # the pack's own name is English
        for lang, by_lang in names.items():
            for name in country.names.get(lang, ()):
                by_lang.setdefault(code, set()).add(fold(name))
    return {"weight": weight, "country_names": names}


def _other_name(query: str, place) -> bool:
    """Whether ``query`` is another name of ``place`` rather than a spelling of its own.

    "Salisbury" for Harare, "Garden City" for Singapore, "Colchester" for Occoquan: a former
    name, a nickname or a translation; "Southampton" for Hampton: a longer name. "Alep",
    "Al-Hasakah", "Mexico" for Mexico City, "Londres" are spellings or shortenings of the
    place's own name.
    """
    hit = _OTHER_NAMES.get((query, place.id))
    if hit is None:
        from rapidfuzz import fuzz

        own = forms(place.name)
        mine = forms(query)
        bare_own, bare_mine = bare_from_fold(own[0]), bare_from_fold(mine[0])
        hit = (max(fuzz.ratio(mine[0], own[0]), fuzz.ratio(mine[1], own[1])) < 50.0
               or (bare_own != bare_mine and bare_own in bare_mine))  # "Southampton" is not Hampton
        if len(_OTHER_NAMES) > 50_000:
            _OTHER_NAMES.clear()
        _OTHER_NAMES[query, place.id] = hit
    return hit


_OTHER_NAMES: dict[tuple[str, str], bool] = {}


def _descriptive(place) -> bool:
    """Whether an area's name is only words that describe one ("Western", "North West", "Islands")."""
    hit = _DESCRIPTIVE_NAMES.get(place.id)
    if hit is None:
        words = fold(place.name).replace("-", " ").split()
        hit = _DESCRIPTIVE_NAMES[place.id] = all(w in _DESCRIPTIVE for w in words)
    return hit


_DESCRIPTIVE_NAMES: dict[str, bool] = {}


def _contains(place, town, state_country: str) -> bool:
    """Whether ``place`` is the state ``town`` lies in, or the country of the state before it."""
    if town is not None and place.feature_code == "ADM1":
        return _inside(town, place)
    return bool(state_country) and place.feature_code in COUNTRY_CODES and place.country_code == state_country


def _inside(town, state) -> bool:
    """Whether a town lies in a first-level division: by code, by the division's name, or near its point."""
    if town.country_code != state.country_code:
        return False
    code = state.admin1_code
    if code and town.admin1_code:
        return town.admin1_code == code
    if town.admin1_name:
        return name_key(town.admin1_name) == name_key(state.name)
    return distance_km(town.lat, town.lon, state.lat, state.lon) < _LOCAL_SCALE_KM


# pools of the names met before: a corpus about one region names the same places in article after article
_POOLS: dict[tuple, tuple[list, dict[int, float]]] = {}
_POOLS_SIZE = 20_000


def _pool(query: str, candidates, lang: str) -> tuple[list, dict[int, float]]:
    """:func:`_make_pool`, remembered for the same name, language and candidates."""
    key = (query, lang, tuple((c.rowid, c.match, c.score) for c in candidates))
    hit = _POOLS.get(key)
    if hit is None:
        if len(_POOLS) >= _POOLS_SIZE:
            _POOLS.clear()
        hit = _POOLS[key] = _make_pool(query, candidates, lang)
    return hit


def _make_pool(query: str, candidates, lang: str) -> tuple[list, dict[int, float]]:
    """The candidates worth scoring for a name, and what each gains or loses against the others."""
    top = candidates[0].score  # the context adds at most ~0.8: far weaker candidates cannot win
    pool = [c for c in candidates if c.score >= top - 0.8]
    if any(c.match == "exact" for c in pool):  # a look-alike cannot take a name a place bears
        pool = [c for c in pool if c.match in ("exact", "key")]
    return pool, _pool_priors(query, pool, lang)


def _pool_priors(query: str, pool, lang: str = "und") -> dict[int, float]:
    """What each candidate gains or loses against the others of the same name.

    - A country's, a continent's or a state's name: "Jamaica", "Malta", "Louisiana", "Africa"
      mean the area, not the small town of another country or state named after it. A state
      whose own notable town bears its name ("Aleppo", "New York", "Hama") gains nothing: the
      bare name means the town; nor does an area that only has the name among its other names
      when a place has it as its own ("Tunis", one of Tunisia's names), or one the article's
      language does not call the country by ("Mexico" in French is the city), or a division
      whose name only describes one ("Western", "Central Province").
    - A place the name is only another name of (a former name, a nickname) loses against a
      place whose own name it is: "Salisbury" is the English town before it is Harare. Countries
      and states keep their other names ("U.S.", "UK", "Burma").
    """
    out: dict[int, float] = {}
    towns = None
    own = any(c.match == "exact" and c.quality >= 1.0 for c in pool)
    for c in pool:
        code = c.place.feature_code
        if own and c.quality < 1.0:
            if c.match == "exact" and code not in AREA_CODES and _other_name(query, c.place):
                out[c.rowid] = -_W_OTHER_NAME
            continue
        if c.match != "exact":
            continue  # a look-alike spelling says less than the name as written
        if code in COUNTRY_CODES:
            names = _country_tables()["country_names"].get(lang, {}).get(c.place.country_code)
            if names is None or query in names:
                out[c.rowid] = _W_AREA
        elif code == "ADM1" and not _descriptive(c.place):
            if towns is None:
                towns = [t.place for t in pool
                         if t.place.feature_class == "P" and t.importance >= _NOTABLE_TOWN]
            if not any(_inside(t, c.place) for t in towns):
                out[c.rowid] = _W_AREA * _country_tables()["weight"].get(c.place.country_code, 1.0)
        elif code == "ADM2" and not _descriptive(c.place) and not any(
                t.place.feature_class == "P" and t.place.country_code == c.place.country_code for t in pool):
            # "Essex", "Kent": a county no town of its country is named like means what a town
            # means elsewhere (the settlement bonus)
            out[c.rowid] = _W_SETTLEMENT
    return out


@dataclass
class Focus:
    """What an article is about: the weight of each country among its confident places, the
    first-level divisions they lie in, and the median point of its confident towns, sites and
    second-level divisions (a county or a district says where an article is as well as a town).

    ``share(cc, exclude=i)`` and ``state_share(state, exclude=i)`` leave stretch ``i``'s own vote
    out, so that a name cannot make the article about its own country or state.
    """

    weights: dict[str, float] = field(default_factory=dict)
    votes: dict[int, tuple[str, float]] = field(default_factory=dict)
    center: tuple[float, float] | None = None
    states: dict[tuple[str, str], float] = field(default_factory=dict)
    state_votes: dict[int, tuple[str, str]] = field(default_factory=dict)
    points: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # name -> its points
    _lats: list[float] = field(default_factory=list, repr=False)
    _lons: list[float] = field(default_factory=list, repr=False)
    _centers: dict[str, tuple[float, float] | None] = field(default_factory=dict, repr=False)
    _nearest: dict = field(default_factory=dict, repr=False)  # (query, place id) -> km to the nearest point
    _total: float | None = field(default=None, repr=False)  # the sums of the votes, once they are all in
    _states_total: float | None = field(default=None, repr=False)

    def center_without(self, query: str) -> tuple[float, float] | None:
        """The median point of the confident towns, sites and districts, but those of the name ``query``.

        A name must not pull the article's centre to itself: in an article with few places, a
        far-away false friend named twice would otherwise be the centre the right place is far from.
        """
        own = self.points.get(query)
        if not own:
            return self.center
        if query not in self._centers:
            if len(own) >= len(self._lats):
                self._centers[query] = None
            else:
                self._centers[query] = (_median_without(self._lats, [p[0] for p in own]),
                                        _median_without(self._lons, [p[1] for p in own]))
        return self._centers[query]

    def nearest_km(self, place, query: str) -> float:
        """Distance from ``place`` to the nearest confident town, site or district not named ``query``."""
        key = (query, place.id)
        d = self._nearest.get(key)
        if d is None:
            own = set(self.points.get(query, ()))
            rest = [pt for pt in zip(self._lats, self._lons, strict=True) if pt not in own]
            d = self._nearest[key] = min((_point_km(place, pt) for pt in set(rest)), default=math.inf)
        return d

    @property
    def countries(self) -> dict[str, float]:
        """Each country's share of the votes."""
        total = sum(self.weights.values()) or 1.0
        return {cc: w / total for cc, w in self.weights.items()}

    def share(self, cc: str, exclude: int | None = None) -> float:
        """The share of ``cc``, without the vote of stretch ``exclude``."""
        own_cc, own = self.votes.get(exclude, ("", 0.0))
        if self._total is None:
            self._total = sum(self.weights.values())
        total = self._total - own
        if total <= 0:
            return 0.0
        return (self.weights.get(cc, 0.0) - (own if own_cc == cc else 0.0)) / total

    def state_share(self, state: tuple[str, str], exclude: int | None = None) -> float:
        """The share of a first-level division among the confident places that lie in one."""
        own = self.state_votes.get(exclude)
        if self._states_total is None:
            self._states_total = sum(self.states.values())
        total = self._states_total - (own is not None)
        if total <= 0:
            return 0.0
        return (self.states.get(state, 0.0) - (own == state)) / total


def _focus(picks: dict[int, tuple], spans: list[SpanCandidate], view: TextView, evidence: dict[int, float],
           given: frozenset | set = frozenset(), lead: dict[int, float] | None = None) -> Focus:
    """Focus from the anchors: exact or key matches of notable places, or exact, well-attested ones.

    A first name alone at the start of a sentence (``given``) is no anchor, unless it names a
    country or a famous place by its own name: "Hassan a déclaré" must not make an article about
    Aleppo one about India, but "Washington said" is about the United States.

    A pick that a place of another country is about as important as (``lead``: the pick's
    importance less that of the best bearer of the name elsewhere) votes for its country only in
    part: "Kent", "Cheshire" and "Fife" are towns of the United States and counties of Britain, and
    must not outvote "Leicestershire" and "Silverstone"; "Toronto" votes in full.
    """
    lead = lead or {}
    focus = Focus()
    points = []
    # a spelling matched by its transliteration key only ("Boken" for Būkān) anchors a country that
    # a name matched as written anchors too
    spelled = {cand.place.country_code for cand, conf in picks.values()
               if conf >= ACCEPT and cand.match == "exact"}
    for i, (cand, conf) in picks.items():
        if conf < ACCEPT or cand.match not in ("exact", "key") or (i in given and not _named_from_anywhere(cand)):
            continue
        if cand.match == "key" and cand.place.country_code not in spelled:
            continue
        if cand.importance < 0.35 and not (cand.match == "exact" and evidence[i] >= 0.2):
            continue
        if view.paragraphs[view.tokens[spans[i].first].paragraph].caption:
            continue
        place = cand.place
        vote = 0.5 if place.feature_code in ("PCLI", "CONT") else 1.0
        vote *= max(_LEAST_VOTE, min(1.0, 0.5 + lead.get(i, 1.0) / _CLEAR_LEAD))
        focus.weights[place.country_code] = focus.weights.get(place.country_code, 0.0) + vote
        focus.votes[i] = (place.country_code, vote)
        if place.feature_class in "PS" or place.feature_code == "ADM2":
            points.append((place.lat, place.lon))
            focus.points.setdefault(spans[i].query, []).append((place.lat, place.lon))
        code = place.admin1_code  # a state's own code, or the code of the state a town lies in
        state = (place.country_code, code)
        if code and place.feature_code not in COUNTRY_CODES:
            focus.states[state] = focus.states.get(state, 0.0) + 1.0
            focus.state_votes[i] = state
    if points:
        focus.center = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
        focus._lats = [p[0] for p in points]
        focus._lons = [p[1] for p in points]
    return focus


def _median_without(values: list[float], removed: list[float]) -> float:
    """The median of ``values`` once one occurrence of each of ``removed`` is taken out."""
    rest = list(values)
    for v in removed:
        rest.remove(v)
    return statistics.median(rest)


_MANY_NEIGHBOURS = 32  # from this many points in a sentence, the nearest is found with numpy
_SLACK_KM = 1e-6  # far above the rounding difference between numpy's and math's haversine


class _SentencePoints:
    """The points the names of one sentence were placed at, each point once, with the names placing it.

    A sentence listing thousands of places (a flattened table of villages) must not cost the square
    of that for every name it holds: :meth:`without` is paid once per distinct name, in the size of
    that name's own points.
    """

    def __init__(self) -> None:
        self.points: dict[tuple[float, float], int] = {}  # point -> how many distinct names placed it
        self.by_query: dict[str, dict[tuple[float, float], None]] = {}
        self._index: dict[tuple[float, float], int] = {}
        self._arrays = None

    def add(self, query: str, point: tuple[float, float]) -> None:
        own = self.by_query.setdefault(query, {})
        if point not in own:
            own[point] = None
            self.points[point] = self.points.get(point, 0) + 1

    def without(self, query: str) -> list[tuple[float, float]] | _Neighbours:
        """Return the points placed by other names than ``query``."""
        own = self.by_query.get(query, {})
        if len(self.points) < _MANY_NEIGHBOURS:
            return [pt for pt in self.points if pt not in own or self.points[pt] > 1]
        if self._arrays is None:
            import numpy as np

            self._index = {pt: k for k, pt in enumerate(self.points)}
            coords = np.array(list(self.points), dtype=float)
            self._arrays = (coords[:, 0].copy(), coords[:, 1].copy())
        dropped = [self._index[pt] for pt in own if self.points[pt] == 1]
        if len(dropped) == len(self.points):
            return []
        return _Neighbours(*self._arrays, dropped)


class _Neighbours:
    """Many points, with the nearest one to a place found by numpy and measured exactly."""

    def __init__(self, lat, lon, dropped: list[int]) -> None:
        self.lat, self.lon, self.dropped = lat, lon, dropped

    def __bool__(self) -> bool:
        return len(self.lat) > len(self.dropped)

    def _points(self) -> list[tuple[float, float]]:
        dropped = set(self.dropped)
        return [(float(a), float(b)) for k, (a, b) in enumerate(zip(self.lat, self.lon, strict=True))
                if k not in dropped]

    def nearest_km(self, place) -> float:
        """``min(_distance_km(place, pt) for pt in points)``, to the last bit where it changes a score."""
        import numpy as np

        if place.geometry and place.feature_class in "HR":  # measured to the line, one point at a time
            return min(_distance_km(place, pt) for pt in self._points())
        p1, p2 = np.radians(self.lat), math.radians(place.lat)
        dlon = np.radians(place.lon - self.lon)
        h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dlon / 2) ** 2
        approx = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        approx[self.dropped] = np.inf
        lowest = float(approx.min())
        if lowest > _LOCAL_SCALE_KM + 1.0:
            return lowest  # beyond the scale every distance scores alike
        close = np.flatnonzero(approx <= lowest + _SLACK_KM)
        return min(distance_km(float(self.lat[k]), float(self.lon[k]), place.lat, place.lon) for k in close)


# distances from candidates to the article's centre and to the places named with them: the same
# candidates are scored again in each round and for each mention of a name
_POINT_KM: dict[tuple[str, tuple[float, float]], float] = {}


def _point_km(place, point: tuple[float, float]) -> float:
    """:func:`_distance_km`, remembered."""
    key = (place.id, point)
    d = _POINT_KM.get(key)
    if d is None:
        if len(_POINT_KM) > 100_000:
            _POINT_KM.clear()
        d = _POINT_KM[key] = _distance_km(place, point)
    return d


def _score(cand, index: int, want, focus: Focus, center, parent: _Parent | None, neighbours=(),
           prior: float = 0.0, sibling_states: frozenset = frozenset(), town=None, state_country: str = "") -> float:
    place = cand.place
    s = cand.score
    if neighbours and place.feature_class in "PSHR":  # an area's point says little of where it lies
        # places named in the same sentence are usually near each other
        if isinstance(neighbours, _Neighbours):
            d = neighbours.nearest_km(place)
        else:
            d = min(_point_km(place, pt) for pt in neighbours)
        s += _W_LOCAL * (1.0 - min(1.0, d / _LOCAL_SCALE_KM))
    classes, codes, admin = want
    if classes is not None:
        if place.feature_class in classes and (codes is None or place.feature_code in codes):
            s += _W_ADMIN if admin else _W_FEATURE
        elif admin:
            s -= _W_ADMIN
    if classes is None or prior < 0:
        s += prior
    share = focus.share(place.country_code, exclude=index)
    if prior > 0 and place.feature_code in COUNTRY_CODES:
        share = max(share, _NAMED_FROM_ANYWHERE)  # whatever the article is about, countries are named
    s += _W_FOCUS_COUNTRY * share
    if place.feature_code == "ADM1" and place.country_code in sibling_states:
        s += _W_SIBLING  # "Washington, Oregon and Idaho": a state listed with states
    if focus.states and cand.match == "exact" and place.feature_code not in COUNTRY_CODES:
        # the article's towns lie in one state: its other towns, and the state itself, more so
        # when no town of its name stands for it ("Georgia" named with Atlanta and Savannah)
        if place.feature_code == "ADM1":
            weight = 2 * _W_FOCUS_STATE if prior > 0 else _W_FOCUS_STATE
            s += weight * focus.state_share((place.country_code, place.admin1_code), exclude=index)
        elif place.admin1_code:
            s += _W_FOCUS_STATE * focus.state_share((place.country_code, place.admin1_code), exclude=index)
    if center is not None and place.feature_code not in WIDE_CODES:
        # far from the article's places counts against small places; a capital is named from anywhere
        scale = 1.0 - min(1.0, cand.importance / 0.8)
        if scale > 0.0:
            s -= _W_DISTANCE * scale * min(1.0, _point_km(place, center) / _DISTANCE_SCALE_KM)
    if classes is None and place.feature_class in "PS":
        s += _W_SETTLEMENT  # a bare name means the town more often than the district named after it
    if parent is not None and parent.holds(place):
        s += _W_HIERARCHY
    elif _contains(place, town, state_country):
        s += _W_HIERARCHY  # "Seattle, Washington"; "Oaxaca State, Mexico": after a state, its country
    return s


def _names_kind(surface: str) -> bool:
    """Whether a name of several words ends in a noun of its kind ("Ohio County", "Hudson River")."""
    words = fold(surface).split()
    return len(words) > 1 and words[-1] in _KIND_NOUNS


def _by_code(query: str, place) -> bool:
    """Whether ``query`` names the country ``place`` only by its ISO code ("fin" for Finland).

    Codes are written in capitals ("FIN", "USA"); in other case they are words ("Fin décembre",
    "Per", "Can"). Short forms the country goes by in English or French ("UK", "USA", "EAU") are
    its names, not codes.
    """
    if len(query) > 3 or place.feature_code not in COUNTRY_CODES or query == fold(place.name):
        return False
    names = _country_tables()["country_names"]
    cc = place.country_code
    return query not in names["en"].get(cc, ()) and query not in names["fr"].get(cc, ())


_MINOR_WORDS = frozenset("of the and de la du".split())


def _initials_of(query: str, name: str) -> bool:
    """Whether ``query`` (folded initials, one word) spells the first letters of ``name``'s words."""
    words = [w for w in fold(name).replace("-", " ").split() if w not in _MINOR_WORDS]
    return len(words) > 1 and query == "".join(w[0] for w in words)  # "nyc", "la"


def _is_acronym(surface: str) -> bool:
    """Initials in capitals, four letters at most ("BA", "AMLO", "U.S.")."""
    if len(surface) > 4 and surface.isalpha():
        return False  # a word of five letters or more
    letters = "".join(c for c in surface if c.isalpha())
    no_digits = not any(c.isdigit() for c in surface)  # "M20" is a road's number, not initials
    return 2 <= len(letters) <= 4 and letters.isupper() and no_digits and " " not in surface.strip()


_DETERMINERS = frozenset("le la les l un une des du de d the a an this that".split())


def _alone_at_sentence_start(view: TextView, sp: SpanCandidate, determiners: bool = True) -> bool:
    """Whether the stretch is one word that opens its sentence (but for determiners), and no model's entity."""
    if sp.last - sp.first != 1 or sp.source == "ner":
        return False
    toks = view.tokens
    k = sp.first - 1
    while determiners and k >= 0 and toks[k].sentence == toks[sp.first].sentence and toks[k].fold in _DETERMINERS:
        k -= 1
    return k < 0 or toks[k].sentence != toks[sp.first].sentence


def _evidence(sp: SpanCandidate, view: TextView, context: list[str], want) -> float:
    """What the text says for the stretch being a place, whatever place it is."""
    ev = 0.1 if sp.paired else {"cap": 0.1, "sub": -0.2, "lower": 0.0, "road": 0.2, "ner": 0.0}[sp.source]
    if sp.name_part:
        ev -= 0.4  # the same word stood in a longer name earlier ("John Kelly ... Kelly said")
    if sp.ner in ("LOC", "GPE", "FAC"):
        ev += 0.12
    if context and context[0] in PLACE_PREPOSITIONS:
        ev += 0.12
    if want[0] is not None:
        ev += 0.1
    toks = view.tokens
    if _alone_at_sentence_start(view, sp):
        ev -= 0.15
    if view.paragraphs[toks[sp.first].paragraph].caption:
        ev -= 0.15
    if view.in_dateline(sp.start, sp.end):
        return ev + _W_DATELINE  # "RALEIGH, N.C. (AP) -": the place the dispatch is filed from
    surface = view.text[sp.start:sp.end]
    if surface.replace("-", "").replace(" ", "").isupper() and len(sp.query.replace(" ", "")) <= 3:
        ev -= 0.3  # an acronym: "DC", "D-MN", "UN"
    return ev


_GEOMETRIES: dict[str, object] = {}


def _distance_km(place, point: tuple[float, float]) -> float:
    """Distance from ``point`` to the place: to its line for a road or a river, else to its point.

    An area is measured from its point, not its outline, so that a governorate does not beat
    its own capital for being "nearer" to the article's places.
    """
    if not place.geometry or place.feature_class not in "HR":
        return distance_km(point[0], point[1], place.lat, place.lon)
    geom = _GEOMETRIES.get(place.id)
    if geom is None:
        from shapely import from_wkt

        geom = _GEOMETRIES[place.id] = from_wkt(place.geometry)
    from shapely import Point

    return geom.distance(Point(point[1], point[0])) * 111.0


def _named_from_anywhere(cand, prior: float = 0.0) -> bool:
    """Whether a candidate is a country, or a famous place called by its own name ("Washington", "Paris")."""
    return cand.place.feature_code in COUNTRY_CODES or (
        cand.quality >= 1.0 and cand.importance + max(0.0, prior) >= _FAMOUS)


def _confidence(cand, index: int, evidence: float, focus: Focus, caption: bool = False,
                frequency: float = 0.0, acronym: int = 0, prior: float = 0.0, given: bool = False,
                query: str = "", first_name: bool = False, surface: str = "") -> float:
    # a state's own name counts as much as a city: its record has no population to rank it by
    importance = min(1.0, cand.importance + max(0.0, prior))
    if (acronym and importance < 0.5) or acronym == 2:
        return 0.0  # "BA", "AMLO", "GW": initials mean a notable place or nothing
    if acronym and cand.quality < 1.0 and cand.place.feature_code not in COUNTRY_CODES \
            and "." not in surface and not _initials_of(query, cand.place.name):
        # "SUV", "NGO", "CMB": an airport's code among a city's other names, not the initials of its
        # name ("NYC", "LA"); codes are written without full stops, abbreviations with them ("D.C.")
        return 0.0
    if caption and (cand.match != "exact" or importance < 0.4):
        return 0.0  # captions are noisy and often in another language: only well-known names, as written
    conf = cand.quality + 0.3 * importance + evidence
    share = focus.share(cand.place.country_code, exclude=index)
    near, d = False, 0.0
    if focus.center is not None and cand.place.feature_code not in WIDE_CODES:
        d = _point_km(cand.place, focus.center)
        near = d < 150.0
    # a town's own name, after a preposition of place ("48 in Newport"), near the article's other
    # places and in its country, is the town however common the word
    at_home = near and share >= 0.5 and cand.quality >= 1.0 and evidence >= 0.2
    if (frequency >= _EVERYDAY and importance < 0.6) or (
            frequency >= _COMMON and (cand.match != "exact" or (importance < 0.35 and not at_home))):
        conf -= 0.5  # an everyday word or first name ("Minister", "Thomas") for a minor or look-alike place
    conf += 0.1 * share
    # a name only close to one of a place's own ("al-Fouqa" for Fuzhou) borrows nothing from its
    # fame: far from the article's places, a look-alike of a notable town counts as a minor place
    loose = cand.match != "exact" and importance < _FAMOUS
    minor = importance < 0.3 or loose
    if importance < 0.6 or loose:  # d is 0 without a centre
        conf -= (0.6 if minor else 0.35) * min(1.0, d / 1000.0)
    outside = bool(focus.weights) and share < 0.05 and not near
    if outside and minor:
        conf -= 0.3  # a minor place far away, in a country the article is not about
    if cand.match not in ("exact", "key") and focus.weights and (share < 0.05 or focus.center is not None) \
            and focus.nearest_km(cand.place, query) >= _LOCAL_SCALE_KM:
        # a spelling a few letters away from a place's names ("al-Zqawiyya" for Zakiyah) is that place
        # only near the article's places, or in its countries when it names no town: in the same
        # country but far from them all, or in another country, it is a false friend
        conf -= 0.4
    if given and not _named_from_anywhere(cand, prior) and (importance < 0.3 or outside):
        # "Ali a déclaré", "Victoria said", "Rami said": a first name opening a sentence is a person's,
        # before it is a village, or a town outside the article's countries and far from its places
        # (a famous place called by its own name speaks for its government: "Washington said")
        conf -= 0.5
    elif first_name and cand.quality < 1.0 and cand.place.feature_code not in AREA_CODES and (
            cand.place.country_code not in NON_LATIN or _other_name(query, cand.place)):
        # "Levi" (Lévis), "Zara" (Zadar), "Sam" (Şam, Damascus): a first name that is only another
        # name of a town is the person's; a transliteration of a town's own name ("Saïda") is not
        conf -= 0.5
    return conf


#: What stands between two names of a list.
_LIST_SEPARATORS = frozenset({",", "and", "or", "et", "ou", "&", "/", ", and", ", or", ", et"})


def _list_neighbours(view: TextView, spans: list[SpanCandidate],
                     live: list[int]) -> dict[int, tuple[int, ...]]:
    """The stretches right before and after each one in a list of names ("Texas, Oklahoma and Kansas")."""
    out: dict[int, tuple[int, ...]] = {}
    for a, b in zip(live, live[1:], strict=False):
        words = view.text[spans[a].end:spans[b].start].split(maxsplit=2)  # a separator is two words at most
        if len(words) <= 2 and " ".join(words).lower() in _LIST_SEPARATORS:
            out[a] = (*out.get(a, ()), b)
            out[b] = (*out.get(b, ()), a)
    return out


def resolve_spans(view: TextView, spans: list[SpanCandidate], *, iterations: int = 1,
                  lexicon=None) -> tuple[list[Mention], Focus]:
    """Turn the stretches that survived the filters into mentions.

    Parameters
    ----------
    view : TextView
        The article.
    spans : list of SpanCandidate
        Stretches with their gazetteer candidates; vetoed ones are skipped.
    iterations : int, default 1
        Rounds of re-scoring with the article's focus.
    lexicon : Lexicon, optional
        The word lists (the shipped ones when not given): its given names.

    Returns
    -------
    mentions : list of Mention
        In text order.
    focus : Focus
        The countries and the point the article is about.
    """
    live = [i for i, sp in enumerate(spans) if sp.veto is None]
    contexts = {i: _context(view, spans[i]) for i in live}
    wants = {i: _wanted(contexts[i]) for i in live}
    for i in live:  # "Deir ez-Zor province": the English order puts the noun after the name
        after = view.tokens[spans[i].last] if spans[i].last < len(view.tokens) else None
        if wants[i][0] is None and after is not None and after.fold in ADMIN_NOUNS and \
                after.sentence == view.tokens[spans[i].first].sentence:
            wants[i] = ("A", ADMIN_NOUNS[after.fold], True)
    parents = {i: _hierarchy_parent(view, spans, i) for i in live}
    evidence = {i: _evidence(spans[i], view, contexts[i], wants[i]) for i in live}
    focus = Focus()
    new: dict[int, tuple] = {}
    sentence_of = {i: view.tokens[spans[i].first].sentence for i in live}
    frequencies = {i: 0.0 if _names_kind(view.text[spans[i].start:spans[i].end])
                   else word_frequency(view.text[spans[i].start:spans[i].end].lower(), view.lang) for i in live}
    # initials that the finders read as a state's name ("N.C.") are no longer initials
    acronyms = {i: _is_acronym(view.text[spans[i].start:spans[i].end]) and " " not in spans[i].query
                and len(spans[i].query) <= 4 for i in live}
    given_names = (lexicon or load_lexicon()).given_names
    # a first name opening a sentence, with no determiner before it ("The Venice Commission" is no person)
    given = {i for i in live if spans[i].query in given_names and _alone_at_sentence_start(view, spans[i], False)
             and not view.in_dateline(spans[i].start, spans[i].end)}
    for i in live:  # initials inside a longer capitalised run ("D-MN") are a party or a state code
        if acronyms[i] and spans[i].source == "sub":
            acronyms[i] = 2
    listed = _list_neighbours(view, spans, live)
    # "Seattle, Washington": the name after a town and a comma is the state or country it lies in
    after_town = {b: a for a, b in zip(live, live[1:], strict=False)
                  if view.text[spans[a].end:spans[b].start].strip() == ","
                  and sentence_of[a] == sentence_of[b]}
    # the same candidates, scored in every round; holding each pool here also keeps the ids that
    # ``rankings`` and ``rivals`` are keyed by valid for the whole article
    pools: dict[tuple[str, int], tuple[list, dict[int, float]]] = {}
    rivals: dict[tuple[int, int], float] = {}  # the importance of the best bearer of a name in another country
    lead: dict[int, float] = {}  # how much more important each pick is than that rival
    for _ in range(iterations + 1):
        by_sentence: dict[int, _SentencePoints] = defaultdict(_SentencePoints)
        for i, (c, conf, _) in new.items():
            if conf >= ACCEPT and c.place.feature_class in "PS":
                by_sentence[sentence_of[i]].add(spans[i].query, (c.place.lat, c.place.lon))
        states = {i: c.place.country_code for i, (c, conf, _) in new.items()
                  if conf >= ACCEPT and c.place.feature_code == "ADM1"}
        towns = {i: c.place for i, (c, conf, _) in new.items()
                 if conf >= ACCEPT and c.place.feature_class == "P"}
        others: dict[tuple[int, str], list[tuple[float, float]] | _Neighbours] = {}
        # mentions of one name alike in everything _score reads share one ranking ("Raqqa" in five
        # sentences with no other place in them)
        rankings: dict[tuple, list] = {}
        new = {}
        for i in live:
            sp = spans[i]
            if not sp.candidates:
                continue
            neighbours = others.get((sentence_of[i], sp.query))
            if neighbours is None:
                named = by_sentence.get(sentence_of[i])
                neighbours = others[sentence_of[i], sp.query] = named.without(sp.query) if named else []
            pool, priors = pools.get((sp.query, id(sp.candidates)), (None, None))
            if pool is None:
                pool, priors = pools[sp.query, id(sp.candidates)] = _pool(sp.query, sp.candidates, view.lang)
            siblings = frozenset(states[k] for k in listed.get(i, ()) if k in states)
            town = towns.get(after_town.get(i))
            state_country = states.get(after_town.get(i), "")
            center = focus.center_without(sp.query)
            key = (id(pool), wants[i], parents[i], id(neighbours) if neighbours else None, siblings,
                   id(town), state_country, center, focus.votes.get(i), focus.state_votes.get(i))
            scored = rankings.get(key)
            if scored is None:
                scored = rankings[key] = sorted(pool, key=lambda c: -_score(
                    c, i, wants[i], focus, center, parents[i], neighbours, priors.get(c.rowid, 0.0), siblings, town,
                    state_country))
            best = scored[0]
            rival = rivals.get((id(pool), best.rowid))
            if rival is None:
                rival = rivals[id(pool), best.rowid] = max(
                    (c.importance for c in pool if c.match == "exact" and c.place.country_code != best.place.country_code),
                    default=0.0)
            lead[i] = best.importance - rival
            caption = view.paragraphs[view.tokens[sp.first].paragraph].caption
            if not acronyms[i] and _by_code(sp.query, best.place):
                new[i] = (best, 0.0, scored)  # "Fin décembre": a country's code counts only in capitals
                continue
            # "Riverhead, New York": the state a town lies in is no everyday phrase, however common
            frequency = 0.0 if _contains(best.place, town, state_country) else frequencies[i]
            new[i] = (best, _confidence(best, i, evidence[i], focus, caption, frequency, acronyms[i],
                                        priors.get(best.rowid, 0.0), i in given, sp.query,
                                        sp.query in given_names, view.text[sp.start:sp.end]), scored)
        focus = _focus({i: (c, conf) for i, (c, conf, _) in new.items()}, spans, view, evidence, given, lead)
    mentions: list[Mention] = []
    shares = focus.countries
    for i in live:
        sp = spans[i]
        text = view.text[sp.start:sp.end]
        sentence = view.tokens[sp.first].sentence
        caption = view.paragraphs[view.tokens[sp.first].paragraph].caption
        if i not in new:
            if sp.source == "road" or (sp.source == "ner" and contexts[i] and contexts[i][0] in PLACE_PREPOSITIONS):
                name = f"Highway {sp.query.upper()}" if sp.source == "road" else None
                mentions.append(Mention(sp.start, sp.end, text, name=name, feature="R.RD" if sp.source == "road" else "",
                                        precision=2, score=0.5, reason=f"{sp.source}: not in the gazetteer",
                                        sentence=sentence, caption=caption))
            continue
        best, conf, scored = new[i]
        if conf < ACCEPT:
            continue
        place = best.place
        cls = place.feature_class
        precision = 3 if cls in "AHLT" and place.feature_code not in ("ADM3", "ADM4") else 1
        if cls == "R":
            precision = 2
        why = [f"{best.match} match of {text!r}"]
        if wants[i][0] is not None:
            why.append(f"after '{contexts[i][0]}'" if contexts[i] else "feature noun")
        if shares.get(place.country_code, 0) >= 0.2:
            why.append(f"article about {place.country_code}")
        mentions.append(Mention(
            sp.start, sp.end, text, place.id, place.name, place.lat, place.lon,
            f"{place.feature_class}.{place.feature_code}", place.country_code, place.admin1_name, place.admin2_name,
            place.geometry, precision, round(max(0.0, min(1.0, conf / 1.5)), 3),
            [Alternative(c.place.id, c.place.name, c.place.lat, c.place.lon, c.place.country_code,
                         f"{c.place.feature_class}.{c.place.feature_code}", round(c.score, 3)) for c in scored[1:4]],
            "; ".join(why), sentence, caption,
        ))
    return mentions, focus
