"""Finding the stretches of text that may name a place.

Four finders, each leaving a :class:`SpanCandidate`:

- capitalised runs ("Deir ez-Zor", "al Quaryantayn", "Abou Kamal"), with the particles of
  Arabic and French names inside them, cut into the longest stretches the gazetteer knows;
- lower-case names the gazetteer marks as usable so (regions, rivers, deserts: "la badia");
- roads written by number ("route M20", "route 7", "highway 4");
- named entities from a statistical model, when one runs (``LOC``, ``GPE``, ``FAC``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress

from mapper.pipeline.lexicon import PLACE_PREPOSITIONS, STOPWORDS
from mapper.pipeline.text import NAME_ABBREVIATIONS, TextView, Token

__all__ = ["SpanCandidate", "find_spans", "CONNECTORS", "ARABIC_PARTICLES", "FEATURE_KINDS", "NAME_PREFIXES"]

#: Lower-case particles of Arabic names ("Deir ez-Zor", "Jisr al-Shughur", "Abou Kamal").
ARABIC_PARTICLES = frozenset(
    "al el il ad ar as ash at az an ez es ed er adh ath bin ibn bint abu abou bou umm um oum".split()
)
# Particles that start a name with a space after them ("al Quaryantayn"); the others ("at", "as",
# "an", "ad" ...) are English or French words too, and start a name only with a hyphen ("as-Sukhnah").
_SPACED_PARTICLES = frozenset("al el abu abou bou umm oum ibn bin".split())
#: Generic terms of Arabic place names: never a name alone when an unknown name follows them.
GENERIC_TERMS = frozenset(
    "khirbet khirbat kherbet tell tall tal kafr kfar jabal jebel djebel deir dayr ain ayn ein bir ras umm "
    "qasr wadi nahr hay harat mazraat mazraa qaryat jisr bab beit bayt sheikh cheikh".split()
)
#: Words that open the name of a place other than the one whose name follows: "St Athan" is not
#: Athens, "Mount Lebanon" not Lebanon, "Fort Hood" no hood.
NAME_PREFIXES = NAME_ABBREVIATIONS | frozenset(
    "saint sainte san santa santo sao mount mont port fort".split())
#: Particles allowed inside a run of capitalised words, never at its ends.
CONNECTORS = ARABIC_PARTICLES | frozenset("de du des la le of the del di da von van".split())
#: The word before an unknown name that may make it a place: a preposition of place, or "de" after
#: a feature noun ("la localité de X"), which the geoparser checks.
_CUES = PLACE_PREPOSITIONS | frozenset("de d du of".split())
_LONGEST_WORD = 40  # letters of the longest one-word name looked at again
_LINKS = CONNECTORS - ARABIC_PARTICLES  # "de", "of": the words that link two names in one run
_JOIN = re.compile(r"^[ \t\u00a0]?[-‐‑]?[ \t\u00a0]?$")
_ROAD = re.compile(  # the look-ahead holds the first letters of the alternatives, for speed
    r"(?=[lrahm])\b(?:(?:la\s+|l['’]\s*)?(?:route|autoroute|autostrade|highway|road|motorway|axe)\s+(?:n°\s*)?"
    r"(?P<num>[MNR]\s?-?\d{1,3}|\d{1,3})|(?P<bare>M-?\d{1,2}))\b",
    re.IGNORECASE,
)
_MAX_WORDS = 6
_PAIR_DASHES = frozenset({"-", "–", "—", " - ", " – ", " — "})
# nouns of a link between two places written with a dash ("la route Damas-Deir Ezzor")
_LINK_NOUNS = frozenset("route routes autoroute axe road highway motorway corridor border frontiere".split())
#: Nouns that end the name of a natural or local feature ("Mississippi River", "Niger Delta", "Fire
#: Island", "Washington Township"), with the GeoNames feature classes such a feature has.
FEATURE_KINDS = {
    **dict.fromkeys("river rivers creek lake lakes lagoon bay delta falls canal strait sound".split(), ("H", None)),
    **dict.fromkeys("island islands valley mountain mountains hills peninsula desert canyon beach heights "
                    "plateau".split(), ("TL", None)),
    **dict.fromkeys("park forest reserve".split(), ("L", None)),
    "township": ("A", ("ADM3", "ADM4", "ADM5")),
}


@dataclass(slots=True)
class SpanCandidate:
    """A stretch of text that may name a place.

    Attributes
    ----------
    first, last : int
        Token indices (``last`` exclusive).
    start, end : int
        Character offsets.
    query : str
        The folded words, as the gazetteer is asked.
    source : str
        ``"cap"`` (a capitalised run), ``"sub"`` (part of a longer capitalised run),
        ``"lower"``, ``"road"`` or ``"ner"``.
    candidates : list
        What the gazetteer proposes, best first.
    ner : str or None
        The label a statistical model gave the same stretch.
    veto : str or None
        Why it is not a place, once the filters have run.
    """

    first: int
    last: int
    start: int
    end: int
    query: str
    source: str
    candidates: list = field(default_factory=list)
    ner: str | None = None
    veto: str | None = None
    run_first: int = -1
    name_part: bool = False
    unknown: bool = False  # a capitalised word the gazetteer does not know, kept for a closer look
    paired: bool = False  # one of two names a road joins ("la route Damas-Deir Ezzor"), not part of a longer name
    kind_after: str | None = None  # "Mississippi River", "Niger Delta": the noun of kind that ends the name


def _joined(view: TextView, a: Token, b: Token) -> bool:
    if a.paragraph != b.paragraph:
        return False
    gap = view.text[a.end:b.start]
    return gap == " " or gap == "-" or bool(_JOIN.match(gap)) or (
        gap == ". " and a.fold in NAME_ABBREVIATIONS and a.is_cap)


def capitalised_runs(view: TextView) -> list[tuple[int, int]]:
    """Token ranges of runs of capitalised words, with name particles inside them."""
    toks, caps, runs, n = view.tokens, view.caps, [], len(view.tokens)
    i = 0
    # only a capitalised word or a particle can start a run: the others are passed over at once
    for k in sorted({*compress(range(n), caps), *view.positions(ARABIC_PARTICLES)}):
        if k < i:
            continue
        i = k
        t = toks[i]
        if t.text[-1] in "’'‘`":  # an elided article ("L’", "D’") starts no name
            continue
        starts = caps[i] or (
            i + 1 < n and caps[i + 1] and _joined(view, t, toks[i + 1])
            and (t.fold in _SPACED_PARTICLES or "-" in view.text[t.end:toks[i + 1].start])
        )
        if not starts:
            continue
        j = i + 1
        while j < n and _joined(view, toks[j - 1], toks[j]):
            if caps[j]:
                j += 1
                continue
            # a particle continues the run only if a capitalised word follows it
            k = j
            while k < n and toks[k].fold in CONNECTORS and not caps[k] and _joined(view, toks[k - 1], toks[k]):
                k += 1
            if k > j and k < n and caps[k] and _joined(view, toks[k - 1], toks[k]):
                j = k + 1
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def _joined_by_and(view: TextView, runs: list[tuple[int, int]], lookup: Callable[[str, str], list]) -> list[tuple[int, int]]:
    """Join two runs linked by "and" when the gazetteer knows the whole ("Trinidad and Tobago")."""
    toks, out = view.tokens, []
    for a, b in runs:
        if out and out[-1][1] + 1 == a and toks[a - 1].fold == "and" and not toks[a - 1].is_cap:
            a0 = out[-1][0]
            if b - a0 <= _MAX_WORDS and _joined(view, toks[a - 2], toks[a - 1]) and _joined(view, toks[a - 1], toks[a]):
                whole = " ".join(t.fold for t in toks[a0:b])
                if _exact(lookup(whole, "cap")):
                    out[-1] = (a0, b)
                    continue
        out.append((a, b))
    return out


def _abbreviated_state(view: TextView, i: int, abbreviations: dict[str, str]) -> str | None:
    """The folded name of the state token ``i`` abbreviates right after "Town, ", or ``None``.

    The caller checks that the words before the comma are a name the gazetteer knows.
    """
    toks = view.tokens
    if i == 0 or view.text[toks[i - 1].end:toks[i].start].strip() != "," or not toks[i - 1].is_cap:
        return None
    surface = toks[i].text
    if not surface.endswith(".") and view.text[toks[i].end:toks[i].end + 1] == ".":
        surface += "."
    elif not surface.isupper():
        return None  # "Wash", "Miss" without their full stop are words
    return abbreviations.get(surface)


_NOTABLE = 0.5  # importance of a place known well enough to be named with "the" before it


def _exact(cands: list) -> bool:
    """Whether the gazetteer knows the words as written (not only look-alikes)."""
    return any(c.match == "exact" for c in cands)


def _leading_article(view: TextView, toks: list[Token], a: int, b: int, words: list[str]) -> bool:
    """Whether run ``a:b`` opens with a word such as "The" or "Les", a space after it."""
    return (b - a > 1 and words[0] in STOPWORDS and toks[a].fold not in ARABIC_PARTICLES
            and words[0] not in NAME_PREFIXES  # "St Athan", "Fort Hood" are names
            and view.text[toks[a].end:toks[a + 1].start].strip() == "")


_FIRSTS: dict[int, frozenset[str]] = {}


def _first_words(names: dict[str, int]) -> frozenset[str]:
    cached = _FIRSTS.get(id(names))
    if cached is None:
        cached = _FIRSTS[id(names)] = frozenset(n.split()[0] for n in names)
    return cached


def find_spans(
    view: TextView,
    lookup: Callable[[str, str], list],
    *,
    lowercase_names: dict[str, int] | None = None,
    entities: list[tuple[int, int, str]] | None = None,
    abbreviations: dict[str, str] | None = None,
) -> list[SpanCandidate]:
    """Find the stretches of ``view`` that may name places.

    Parameters
    ----------
    view : TextView
        The article.
    lookup : callable
        ``lookup(query, source)`` returns the gazetteer's candidates for folded words, as
        :class:`gazetteer.match.Candidate` records (an empty list when it knows none).
    lowercase_names : dict, optional
        Folded names usable in lower case, mapped to their length in words.
    entities : list of (start, end, label), optional
        Named entities from a statistical model.
    abbreviations : dict, optional
        Abbreviations of states as written ("N.C.", "Calif.") → the folded name asked for
        instead, when one follows "Town, " and the gazetteer knows the town.

    Returns
    -------
    list of SpanCandidate
        In text order; stretches may overlap only where a model's entity does.
    """
    toks = view.tokens
    spans: list[SpanCandidate] = []
    taken = [False] * len(toks)
    ends = [t.end for t in toks]

    def token_range(start: int, end: int) -> tuple[int, int] | None:
        first = bisect.bisect_right(ends, start)
        if first >= len(toks) or toks[first].start >= end:
            return None
        last = bisect.bisect_left([t.start for t in toks[first:]], end) + first
        return first, last

    def add(first: int, last: int, source: str, cands: list, query: str, run_first: int = -1) -> None:
        spans.append(SpanCandidate(first, last, toks[first].start, toks[last - 1].end, query, source, cands,
                                   run_first=first if run_first < 0 else run_first))
        for k in range(first, last):
            taken[k] = True

    longer_name_words: set[str] = set()
    for a, b in _joined_by_and(view, capitalised_runs(view), lookup):
        if abbreviations and b - a == 1 and spans and spans[-1].last == a and spans[-1].candidates:
            state = _abbreviated_state(view, a, abbreviations)
            if state is not None:  # "RALEIGH, N.C.", "Helena, Mont.": the state, by its name
                cands = lookup(state, "cap")
                states = [c for c in cands if c.place.feature_code == "ADM1"]
                add(a, b, "cap", states or cands, state)  # "Wash." is the state, not the capital
                continue
        words = [t.fold for t in toks[a:b]]
        whole = " ".join(words)
        if b - a == 1 and whole in STOPWORDS and not toks[a].is_upper:
            continue  # "Les", "In"; but "US" in capitals is not the pronoun
        cands = lookup(whole, "cap") if b - a <= _MAX_WORDS else []
        if cands and not _exact(cands) and _leading_article(view, toks, a, b, words):
            # "The UK": look-alikes of the whole run yield to a notable place named without the article
            bare = lookup(" ".join(words[1:]), "cap")
            if any(c.importance >= _NOTABLE for c in bare if c.match == "exact"):
                a, words, whole, cands = a + 1, words[1:], " ".join(words[1:]), bare
        if cands:
            add(a, b, "cap", cands, whole)
            continue
        while _leading_article(view, toks, a, b, words):  # "D-MN" is one code
            a, words = a + 1, words[1:]  # "In Hawaii", "Les États-Unis": the article is not the name
            whole = " ".join(words)
            cands = lookup(whole, "cap") if b - a <= _MAX_WORDS else []
            if cands:
                break
        if cands:
            add(a, b, "cap", cands, whole)
            continue
        if b - a <= _MAX_WORDS and toks[a].fold in ARABIC_PARTICLES and not _LINKS.intersection(words[1:]):
            # "al Quaryantayn": an Arabic name the gazetteer spells otherwise; kept for a closer look.
            # "al-Nouri de Mossoul" links two names: they are looked for one by one below
            add(a, b, "cap", [], whole)
            continue
        unknown_name = b - a >= 2 and toks[a].is_cap  # a longer name the gazetteer does not know
        if b - a == 1 and whole not in STOPWORDS and 2 < len(whole) <= _LONGEST_WORD and a > 0 \
                and toks[a - 1].sentence == toks[a].sentence and toks[a - 1].fold in _CUES:
            # "près d'Ithriya": a word the gazetteer spells otherwise; the geoparser looks again
            # among the article's places (see Geoparser._refine)
            spans.append(SpanCandidate(a, b, toks[a].start, toks[a].end, whole, "cap", [], unknown=True))
            continue
        i, first_cut = a, len(spans)
        while i < b:
            found = False
            for j in range(min(b, i + _MAX_WORDS), i, -1):
                if toks[i].fold in CONNECTORS and not toks[i].is_cap and toks[i].fold not in ARABIC_PARTICLES:
                    break
                if toks[j - 1].fold in CONNECTORS and not toks[j - 1].is_cap:
                    continue
                query = " ".join(words[i - a:j - a])
                if j - i == 1 and (query in STOPWORDS or (query in GENERIC_TERMS and j < b)
                                   or (query in FEATURE_KINDS and i > a)):
                    continue  # "Fire Island", "Thames Valley": the noun of kind is no name alone
                cands = lookup(query, "sub")
                if cands:
                    add(i, j, "sub", cands, query, run_first=a)
                    if j < b and toks[j].fold in FEATURE_KINDS:
                        spans[-1].kind_after = toks[j].fold
                    i, found = j, True
                    break
            if not found:
                i += 1
        cut = [sp for sp in spans[first_cut:] if sp.source == "sub"]
        linked = (a > 0 and toks[a - 1].fold in _LINK_NOUNS) or (b < len(toks) and toks[b].fold in _LINK_NOUNS)
        if linked and len(cut) >= 2 and cut[0].first == a and cut[-1].last == b and all(
                x.last == y.first and view.text[toks[x.last - 1].end:toks[y.first].start] in _PAIR_DASHES
                for x, y in zip(cut, cut[1:], strict=False)):
            for sp in cut:  # "la route Damas-Deir Ezzor", "the Aleppo-Damascus highway": two names, no unknown one
                sp.paired = True
        elif unknown_name:  # its words name no place elsewhere either ("John Kelly ... Kelly said"),
            # up to a link: after it stands a name of its own ("Vue du Golan", "Bank of America")
            link = next((k for k, w in enumerate(words) if k and w in _LINKS), len(words))
            longer_name_words.update(w for w in words[:link] if w not in CONNECTORS and w not in STOPWORDS)

    if lowercase_names:
        firsts = _first_words(lowercase_names)
        for i in view.positions(firsts):
            if taken[i] or view.caps[i]:
                continue
            for width in (3, 2, 1):
                if i + width > len(toks) or any(taken[i:i + width]):
                    continue
                query = " ".join(x.fold for x in toks[i:i + width])
                if lowercase_names.get(query) == width:
                    cands = lookup(query, "lower")
                    if cands:
                        add(i, i + width, "lower", cands, query)
                        break

    for m in _ROAD.finditer(view.text):
        found = token_range(*m.span())
        if found is None:
            continue
        first, last = found
        if any(taken[first:last]) and not all(taken[first:last]):
            continue
        number = (m.group("num") or m.group("bare")).replace(" ", "").replace("-", "").upper()
        query = number.lower()
        cands = lookup(query, "road")
        spans = [sp for sp in spans if not (sp.first >= first and sp.last <= last)]
        spans.append(SpanCandidate(first, last, toks[first].start, toks[last - 1].end, query, "road", cands))
        for k in range(first, last):
            taken[k] = True

    for start, end, label in entities or ():
        if label not in ("LOC", "GPE", "FAC"):
            # a person or a body by the model's reading: not a word to look at again
            spans = [sp for sp in spans if not (sp.unknown and sp.start < end and start < sp.end)]
            continue
        found = token_range(start, end)
        if found is None:
            continue
        first, last = found
        overlapping = [sp for sp in spans if sp.first < last and first < sp.last]
        if any(sp.unknown for sp in overlapping):  # the model's entity replaces a word kept for a closer look
            spans = [sp for sp in spans if not (sp.unknown and sp.first < last and first < sp.last)]
            overlapping = [sp for sp in overlapping if not sp.unknown]
        for sp in overlapping:
            sp.ner = label
        if overlapping:
            continue
        # strip leading articles and lower-case words a model leaves at the edges
        while first < last and not toks[first].is_cap and toks[first].fold not in ARABIC_PARTICLES:
            first += 1
        while last > first and not toks[last - 1].is_cap:
            last -= 1
        if first >= last or last - first > _MAX_WORDS:
            continue
        query = " ".join(t.fold for t in toks[first:last])
        if last - first == 1 and query in STOPWORDS:
            continue
        sp = SpanCandidate(first, last, toks[first].start, toks[last - 1].end, query, "ner", lookup(query, "ner"))
        sp.ner = label
        spans.append(sp)
    for sp in spans:
        if sp.source == "cap" and sp.last - sp.first == 1 and sp.query in longer_name_words:
            sp.name_part = True
    spans.sort(key=lambda sp: (sp.start, -sp.end))
    return spans
