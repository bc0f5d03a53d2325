"""Choosing the place each name means, and whether it is a place at all.

Each stretch's candidates from the gazetteer are re-scored with what the article says:

- the words before it: an administrative noun ("province de", "gouvernorat de") asks for a
  governorate, a feature noun ("ville", "village", "base", "aéroport", "fleuve", "désert",
  "route") for that kind of place, a preposition ("à", "près de", "in") says a place follows;
- a hierarchy cue: "X, dans la province de Y", "X (Y)", "X, Y" favours an X inside Y;
- the article's focus: the countries its confident names fall in, and the point they cluster
  around; a candidate far from the others loses.

A stretch becomes a :class:`~mapper.mention.Mention` when its confidence passes a threshold;
a stretch the gazetteer cannot place but that reads as a place stays as an unresolved mention.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from gazetteer.match import QUALITY
from gazetteer.normalize import key as name_key
from gazetteer.place import EARTH_RADIUS_KM, distance_km

from mapper.mention import Alternative, Mention
from mapper.pipeline.lexicon import word_frequency
from mapper.pipeline.recognize import SpanCandidate
from mapper.pipeline.text import TextView

__all__ = ["Focus", "resolve_spans", "ACCEPT", "FEATURE_NOUNS", "ADMIN_NOUNS", "PLACE_PREPOSITIONS"]

#: Confidence a stretch needs to become a mention.
ACCEPT = 0.8

#: Nouns before a name that ask for a kind of place: (feature classes, feature codes or None).
FEATURE_NOUNS = {
    **dict.fromkeys("ville villes village villages localite localites bourg hameau cite town towns city cities "
                    "village villages hamlet quartier quartiers neighbourhood neighborhood banlieue".split(),
                    ("P", None)),
    **dict.fromkeys("base bases aeroport airport airbase aerodrome camp camps prison prisons barrage dam "
                    "champ field raffinerie refinery garnison garrison caserne barracks poste crossing "
                    "checkpoint".split(), ("S", None)),
    **dict.fromkeys("fleuve riviere river lac lake".split(), ("H", None)),
    **dict.fromkeys("plaine vallee valley montagne montagnes mountain mountains jebel djebel".split(), ("TL", None)),
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
#: Words before a name that say a place follows ("à", "près de", "in"); "de" says too little.
PLACE_PREPOSITIONS = frozenset(
    "a au aux en dans pres vers depuis sur entre jusqu in at near from to outside around across "
    "into toward towards inside".split()
)
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
QUALITY_KEY = QUALITY["key"]




def _context(view: TextView, sp: SpanCandidate, width: int = 4) -> list[str]:
    """Folded words before the stretch, nearest first, within its sentence."""
    toks, out = view.tokens, []
    k = sp.first - 1
    sentence = view.tokens[sp.first].sentence
    while k >= 0 and len(out) < width and toks[k].sentence == sentence:
        out.append(toks[k].fold)
        k -= 1
    return out


_NOUN_LINKS = frozenset("de d du des of the la le l".split())


def _wanted(context: list[str]) -> tuple[str | None, tuple | None, bool]:
    """Feature classes, codes and whether an administrative level is asked for.

    The noun must stand right before the name, with only "de"/"of"/an article and one adjective
    of nationality between them ("la province de X", "la base américaine d'X"): in "Islamic
    State members near X" the "state" says nothing about X.
    """
    from mapper.pipeline.lexicon import load_lexicon

    demonyms = load_lexicon().demonyms
    for i, word in enumerate(context[:3]):
        if word in ADMIN_NOUNS:
            return "A", ADMIN_NOUNS[word], True
        if word in FEATURE_NOUNS:
            classes, codes = FEATURE_NOUNS[word]
            return classes, codes, False
        if word not in _NOUN_LINKS and not (i > 0 and word in demonyms):
            break
    return None, None, False


def _hierarchy_parent(view: TextView, spans: list[SpanCandidate], index: int) -> str | None:
    """The key of the area named right after the stretch ("X, dans la province de Y", "X (Y)", "X, Y")."""
    sp = spans[index]
    for other in spans[index + 1:index + 3]:
        between = view.text[sp.end:other.start]
        if len(between) > 40 or view.tokens[other.first].sentence != view.tokens[sp.first].sentence:
            break
        words = between.replace("’", "'").lower()
        if between.strip() in (",", "(") or any(f" {n} " in f" {words} " for n in ("province", "gouvernorat",
                                                                                    "governorate", "région", "region")):
            return name_key(view.text[other.start:other.end])
    return None


@dataclass
class Focus:
    """What an article is about: the weight of each country among its confident places, and the
    median point of its confident towns and sites.

    ``share(cc, exclude=i)`` leaves stretch ``i``'s own vote out, so that a name cannot make
    the article about its own country.
    """

    weights: dict[str, float] = field(default_factory=dict)
    votes: dict[int, tuple[str, float]] = field(default_factory=dict)
    center: tuple[float, float] | None = None

    @property
    def countries(self) -> dict[str, float]:
        """Each country's share of the votes."""
        total = sum(self.weights.values()) or 1.0
        return {cc: w / total for cc, w in self.weights.items()}

    def share(self, cc: str, exclude: int | None = None) -> float:
        """The share of ``cc``, without the vote of stretch ``exclude``."""
        own_cc, own = self.votes.get(exclude, ("", 0.0))
        total = sum(self.weights.values()) - own
        if total <= 0:
            return 0.0
        return (self.weights.get(cc, 0.0) - (own if own_cc == cc else 0.0)) / total


def _focus(picks: dict[int, tuple], spans: list[SpanCandidate], view: TextView, evidence: dict[int, float]) -> Focus:
    """Focus from the anchors: exact or key matches of notable places, or exact, well-attested ones."""
    focus = Focus()
    points = []
    for i, (cand, conf) in picks.items():
        if conf < ACCEPT or cand.quality < QUALITY_KEY:
            continue
        if cand.importance < 0.35 and not (cand.match == "exact" and evidence[i] >= 0.2):
            continue
        if view.paragraphs[view.tokens[spans[i].first].paragraph].caption:
            continue
        place = cand.place
        vote = 0.5 if place.feature_code in ("PCLI", "CONT") else 1.0
        focus.weights[place.country_code] = focus.weights.get(place.country_code, 0.0) + vote
        focus.votes[i] = (place.country_code, vote)
        if place.feature_code not in ("PCLI", "CONT") and place.feature_class in "PS":
            points.append((place.lat, place.lon))
    if points:
        focus.center = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
    return focus


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


def _score(cand, index: int, want, focus: Focus, parent_key, neighbours=()) -> float:
    place = cand.place
    s = cand.score
    if neighbours and place.feature_class in "PSHR":  # an area's point says little of where it lies
        # places named in the same sentence are usually near each other
        if isinstance(neighbours, _Neighbours):
            d = neighbours.nearest_km(place)
        else:
            d = min(_distance_km(place, pt) for pt in neighbours)
        s += _W_LOCAL * (1.0 - min(1.0, d / _LOCAL_SCALE_KM))
    classes, codes, admin = want
    if classes is not None:
        if place.feature_class in classes and (codes is None or place.feature_code in codes):
            s += _W_ADMIN if admin else _W_FEATURE
        elif admin:
            s -= _W_ADMIN
    s += _W_FOCUS_COUNTRY * focus.share(place.country_code, exclude=index)
    if focus.center is not None and place.feature_code not in ("PCLI", "CONT"):
        # far from the article's places counts against small places; a capital is named from anywhere
        scale = 1.0 - min(1.0, cand.importance / 0.8)
        s -= _W_DISTANCE * scale * min(1.0, _distance_km(place, focus.center) / _DISTANCE_SCALE_KM)
    if classes is None and place.feature_class in "PS":
        s += _W_SETTLEMENT  # a bare name means the town more often than the district named after it
    if parent_key and parent_key in {name_key(place.admin1_name), name_key(place.admin2_name)} - {""}:
        s += _W_HIERARCHY
    return s


def _is_acronym(surface: str) -> bool:
    """Initials in capitals, four letters at most ("BA", "AMLO", "U.S.")."""
    letters = "".join(c for c in surface if c.isalpha())
    no_digits = not any(c.isdigit() for c in surface)  # "M20" is a road's number, not initials
    return 2 <= len(letters) <= 4 and letters.isupper() and no_digits and " " not in surface.strip()


_DETERMINERS = frozenset("le la les l un une des du de d the a an this that".split())


def _evidence(sp: SpanCandidate, view: TextView, context: list[str], want) -> float:
    """What the text says for the stretch being a place, whatever place it is."""
    ev = {"cap": 0.1, "sub": -0.2, "lower": 0.0, "road": 0.2, "ner": 0.0}[sp.source]
    if sp.name_part:
        ev -= 0.4  # the same word stood in a longer name earlier ("John Kelly ... Kelly said")
    if sp.ner in ("LOC", "GPE", "FAC"):
        ev += 0.12
    if context and context[0] in PLACE_PREPOSITIONS:
        ev += 0.12
    if want[0] is not None:
        ev += 0.1
    toks = view.tokens
    k = sp.first - 1
    while k >= 0 and toks[k].sentence == toks[sp.first].sentence and toks[k].fold in _DETERMINERS:
        k -= 1
    sentence_start = k < 0 or toks[k].sentence != toks[sp.first].sentence
    if sentence_start and sp.last - sp.first == 1 and sp.source != "ner":
        ev -= 0.15
    if view.paragraphs[toks[sp.first].paragraph].caption:
        ev -= 0.15
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


def _confidence(cand, index: int, evidence: float, focus: Focus, caption: bool = False,
                frequency: float = 0.0, acronym: int = 0) -> float:
    if (acronym and cand.importance < 0.5) or acronym == 2:
        return 0.0  # "BA", "AMLO", "GW": initials mean a notable place or nothing
    if caption and (cand.match != "exact" or cand.importance < 0.4):
        return 0.0  # captions are noisy and often in another language: only well-known names, as written
    conf = cand.quality + 0.3 * cand.importance + evidence
    if (frequency >= _EVERYDAY and cand.importance < 0.6) or (
            frequency >= _COMMON and (cand.match != "exact" or cand.importance < 0.35)):
        conf -= 0.5  # an everyday word or first name ("Minister", "Thomas") for a minor or look-alike place
    share = focus.share(cand.place.country_code, exclude=index)
    conf += 0.1 * share
    minor = cand.importance < 0.3
    near = False
    if focus.center is not None and cand.place.feature_code not in ("PCLI", "CONT"):
        d = _distance_km(cand.place, focus.center)
        near = d < 150.0
        if cand.importance < 0.6:
            conf -= (0.6 if minor else 0.35) * min(1.0, d / 1000.0)
    if focus.weights and share < 0.05 and minor and not near:
        conf -= 0.3  # a minor place far away, in a country the article is not about
    return conf


def resolve_spans(view: TextView, spans: list[SpanCandidate], *, iterations: int = 1) -> tuple[list[Mention], Focus]:
    """Turn the stretches that survived the filters into mentions.

    Parameters
    ----------
    view : TextView
        The article.
    spans : list of SpanCandidate
        Stretches with their gazetteer candidates; vetoed ones are skipped.
    iterations : int, default 1
        Rounds of re-scoring with the article's focus.

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
    frequencies = {i: word_frequency(view.text[spans[i].start:spans[i].end].lower(), view.lang) for i in live}
    acronyms = {i: _is_acronym(view.text[spans[i].start:spans[i].end]) for i in live}
    for i in live:  # initials inside a longer capitalised run ("D-MN") are a party or a state code
        if acronyms[i] and spans[i].source == "sub":
            acronyms[i] = 2
    for _ in range(iterations + 1):
        by_sentence: dict[int, _SentencePoints] = defaultdict(_SentencePoints)
        for i, (c, conf, _) in new.items():
            if conf >= ACCEPT and c.place.feature_class in "PS":
                by_sentence[sentence_of[i]].add(spans[i].query, (c.place.lat, c.place.lon))
        others: dict[tuple[int, str], list[tuple[float, float]] | _Neighbours] = {}
        new = {}
        for i in live:
            sp = spans[i]
            if not sp.candidates:
                continue
            neighbours = others.get((sentence_of[i], sp.query))
            if neighbours is None:
                named = by_sentence.get(sentence_of[i])
                neighbours = others[sentence_of[i], sp.query] = named.without(sp.query) if named else []
            top = sp.candidates[0].score  # the context adds at most ~0.8: far weaker candidates cannot win
            pool = [c for c in sp.candidates if c.score >= top - 0.8]
            scored = sorted(pool, key=lambda c: -_score(c, i, wants[i], focus, parents[i], neighbours))
            best = scored[0]
            caption = view.paragraphs[view.tokens[sp.first].paragraph].caption
            new[i] = (best, _confidence(best, i, evidence[i], focus, caption, frequencies[i], acronyms[i]), scored)
        focus = _focus({i: (c, conf) for i, (c, conf, _) in new.items()}, spans, view, evidence)
    mentions: list[Mention] = []
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
        if focus.countries.get(place.country_code, 0) >= 0.2:
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
