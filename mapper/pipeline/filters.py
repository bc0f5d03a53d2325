"""Telling names that are not places from names that are.

A stretch is vetoed, with the reason kept, when it is

- an actor, an outlet or a demonym from the lexicon, or part of one ("Hachd al-Chaabi",
  "Al-Mayadeen Net", "FRENCH PRESS TV", "syrienne");
- followed by a capitalised outlet or building word ("US Capitol", "Damascus University");
- preceded by a noun that makes it an outlet, an organisation or a person ("l'agence Sana",
  "le général ...", "Rep. ..."), or by a demonym used as a noun ("le Saoudien Mohsen ...");
- inside a longer name a statistical model calls a person or an organisation, or a word of a
  first name and a surname the gazetteer does not know as a whole ("Ashley Sutton", "Andrew
  Jordan": a given name from the lexicon opens it);
- the first words of the name of a river, an island, a valley... the gazetteer does not know
  ("Mississippi River", "Niger Delta"), the word after "St", "Fort" or "Mount" in a name it does
  not know ("St Athan" is not Athens), or the continent in the name of one of its regions
  ("North Africa", "Latin America");
- in page furniture ("Partager cet article", "SOURCE: ...").
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from mapper.pipeline.lexicon import PLACE_PREPOSITIONS, Lexicon
from mapper.pipeline.recognize import (
    ARABIC_PARTICLES,
    CONNECTORS,
    FEATURE_KINDS,
    GENERIC_TERMS,
    NAME_PREFIXES,
    SpanCandidate,
)
from mapper.pipeline.relative import SIDE_WORDS
from mapper.pipeline.text import TextView

__all__ = ["apply_filters", "blocked_tokens"]

_SHORT_ALIAS = 3
# "Ali a déclaré", "Victoria said": a name followed by a verb of saying is a person's (a famous place
# that speaks, "Washington said", is a government and stays a place).
_SAYS = re.compile(
    r"^(?:a |has |had |lui meme |himself |herself )?(?:declare|affirme|indique|annonce|precise|ajoute|explique|"
    r"estime|souligne|dit|raconte|confie|assure|said|says|told|added|stated|announced|explained|tweeted|wrote|"
    r"recalled|noted|argued|insisted|confirmed|denied)\b"
)


def blocked_tokens(view: TextView, lexicon: Lexicon) -> dict[int, str]:
    """Token indices covered by an actor alias, an outlet or a demonym, with the reason."""
    toks = view.tokens
    blocked: dict[int, str] = {}
    i = 0
    firsts = lexicon.first_words
    # only a token that starts some alias is looked at; one inside a match already made is passed
    for k in view.positions(firsts):
        if k < i:
            continue
        i = k
        hit = 0
        widths = firsts[toks[i].fold]
        for width in widths:
            if width > len(toks) - i:
                continue
            window = toks[i:i + width]
            if window[0].paragraph != window[-1].paragraph:  # paragraph indices only grow
                continue
            words = " ".join([t.fold for t in window])
            why = lexicon.non_place(words)
            if why is None:
                continue
            surface = view.text[window[0].start:window[-1].end]
            if len(words.replace(" ", "")) <= _SHORT_ALIAS and why != "demonym" and not surface.isupper():
                continue  # short aliases ("EI", "IS", "SDF") count only in capitals
            for covered in range(i, i + width):
                blocked.setdefault(covered, why)
            hit = width
            break
        i += hit or 1
    return blocked


_RUN_GAPS = frozenset({" ", "-"})
_OF = frozenset("of de du des d".split())


def _building_word(view: TextView, sp: SpanCandidate, words: frozenset) -> str | None:
    """The outlet, building or street word of the capitalised name the stretch is part of, if any.

    "Damascus University", "Florida Atlantic University", "California State University",
    "University of Alberta", "Atlantic Avenue": the word may follow the stretch directly or
    further on in the same name, or open the name before "of"/"de".
    """
    toks = view.tokens
    k = sp.last
    while k < len(toks) and k - sp.last < 4 and toks[k].paragraph == toks[sp.first].paragraph \
            and (toks[k].is_cap or toks[k].is_upper) and view.text[toks[k - 1].end:toks[k].start] in _RUN_GAPS:
        if toks[k].fold in words:
            return toks[k].text
        k += 1
    if 0 <= sp.run_first < sp.first:
        before = toks[sp.run_first:sp.first]
        for n, t in enumerate(before):
            if t.is_cap and t.fold in words and any(x.fold in _OF for x in before[n + 1:]):
                return t.text  # "University of Alberta"; but "News Russia announces" is a headline
    return None


#: Words that make a continent's name a region of it: "North Africa", "Latin America", "Afrique du Nord".
_REGION_QUALIFIERS = SIDE_WORDS | frozenset(
    "latin central middle sub saharan subsaharan equatorial far near centrale subsaharienne".split())
_CONTINENTS = frozenset("africa afrique europe asia asie america americas amerique ameriques oceania oceanie".split())


def _part_of_a_continent(view: TextView, sp: SpanCandidate) -> bool:
    """Whether the stretch is the continent in a longer name of one of its regions."""
    if sp.query not in _CONTINENTS:
        return False
    toks = view.tokens
    if sp.first > 0:
        prev = toks[sp.first - 1]
        if prev.is_cap and prev.fold in _REGION_QUALIFIERS and view.text[prev.end:sp.start] in (" ", "-"):
            return True  # "North Africa", "Latin America", "Sub-Saharan Africa"
    k = sp.last
    return (k + 1 < len(toks) and toks[k].fold in ("du", "de", "of") and toks[k + 1].is_cap
            and toks[k + 1].fold in _REGION_QUALIFIERS)  # "Afrique du Nord"


#: Months as dates abbreviate them in English and French.
_MONTH_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec janv fev fevr avr juil".split())
_DAY_AFTER = re.compile(r"\.\s?\d")


def _abbreviated_month(view: TextView, sp: SpanCandidate) -> bool:
    """Whether the stretch is a month's abbreviation with its full stop, before a number: "Dec. 21"."""
    return (sp.last - sp.first == 1 and sp.query in _MONTH_ABBREVIATIONS
            and _DAY_AFTER.match(view.text, sp.end) is not None)


#: Plural street nouns after a list of street names: "at State and Hubbard streets".
_STREETS = frozenset("streets avenues roads boulevards lanes drives".split())
_LIST_GAPS = frozenset({" ", ", ", " & "})


def _street_in_a_list(view: TextView, sp: SpanCandidate) -> bool:
    """Whether the stretch is one of the names a plural street noun ends: "Bourbon and Dauphine streets"."""
    toks = view.tokens
    k = sp.last
    while k < len(toks) and k - sp.last < 8 and toks[k].sentence == toks[sp.first].sentence \
            and view.text[toks[k - 1].end:toks[k].start] in _LIST_GAPS:
        t = toks[k]
        if t.fold in _STREETS and not t.is_cap:
            return True
        if not (t.is_cap or t.fold in ("and", "or")):
            return False
        k += 1
    return False


def _head_of_a_longer_name(view: TextView, sp: SpanCandidate) -> bool:
    """Whether the stretch opens a longer English name with "of" ("Summit of the Americas").

    The gazetteer would have matched the whole name if it knew it ("Gulf of Mexico", "Isle of
    Man"); its first word alone, capitalised and followed by "of (the) X", is that name's head noun.
    """
    toks = view.tokens
    k = sp.last
    if sp.first > 0 and toks[sp.first - 1].is_cap and toks[sp.first - 1].sentence == toks[sp.first].sentence:
        return False  # inside a longer run of capitals: the finders weigh those
    if k + 1 >= len(toks) or toks[k].text != "of" or view.text[sp.end:toks[k].start] != " ":
        return False
    nxt = toks[k + 1] if toks[k + 1].text != "the" or k + 2 >= len(toks) else toks[k + 2]
    return nxt.is_cap and nxt.sentence == toks[sp.first].sentence


# Words that open place names and are given names too ("Santa", "Saint", "Mont"): a run they open
# may be a place the gazetteer spells otherwise
_NAME_OPENERS = GENERIC_TERMS | ARABIC_PARTICLES | NAME_PREFIXES | frozenset(
    "new lake cape glen grand la le los las".split())


def _after_a_prefix(view: TextView, sp: SpanCandidate) -> str | None:
    """The word ("St", "Mount", "Port") that opens the unknown name the stretch ends, if any."""
    if sp.source != "sub" or not 0 <= sp.run_first < sp.first:
        return None
    prefix = view.tokens[sp.first - 1]
    return prefix.text if prefix.is_cap and prefix.fold in NAME_PREFIXES else None


_NOTABLE = 0.6  # importance of a place a given name is named after rather than a person's ("Dallas")
_NOTABLE_CODES = frozenset("PCLI PCLD PCLS PCLF PCL ADM1".split())
# last words of a name of a place or a division ("Marion County", "Hamilton Township")
_KIND_ENDS = frozenset(FEATURE_KINDS) | frozenset(
    "county city town village state province district parish borough square airport".split())


def _notable(sp: SpanCandidate | None) -> bool:
    """Whether the stretch may name a country, a state or a great city ("Texas", "India", "Dallas")."""
    return sp is not None and any(c.importance >= _NOTABLE or c.place.feature_code in _NOTABLE_CODES
                                  for c in sp.candidates if c.match == "exact")


def _personal_name(view: TextView, sp: SpanCandidate, given_names: frozenset,
                   head_span: SpanCandidate | None) -> str | None:
    """The person's name ("Ashley Sutton", "Andrew Jordan") whose words the stretch is, if any.

    A run of two or three capitalised words that the gazetteer does not know as a whole and that
    opens with a given name is a first name and a surname, unless a preposition of place stands
    before it ("near Tal Tamr"), its first word also opens place names ("Santa", "Tal") or names a
    notable place (``head_span``: "Texas Rangers", "Dallas Mavericks" name the place they are
    from), or its last word is a noun of kind ("Marion County").
    """
    if sp.source != "sub" or sp.run_first < 0:
        return None
    toks, head = view.tokens, sp.run_first
    first = toks[head]
    if not first.is_cap or first.is_upper or first.fold not in given_names or first.fold in _NAME_OPENERS:
        return None
    if head > 0 and toks[head - 1].sentence == first.sentence and toks[head - 1].fold in PLACE_PREPOSITIONS:
        return None
    if _notable(sp if sp.first == head else head_span):
        return None
    end = head + 1
    while (end < len(toks) and end - head <= 3 and toks[end].paragraph == first.paragraph and toks[end].is_cap
           and not toks[end].is_upper and view.text[toks[end - 1].end:toks[end].start] == " "):
        end += 1
    if not 2 <= end - head <= 3 or sp.last > end:
        return None
    words = [t.fold for t in toks[head:end]]
    if CONNECTORS.intersection(words) or words[-1] in _KIND_ENDS:
        return None
    return view.text[first.start:toks[end - 1].end]


def apply_filters(
    view: TextView,
    spans: list[SpanCandidate],
    lexicon: Lexicon,
    entities: list[tuple[int, int, str]] | None = None,
) -> None:
    """Set ``veto`` on the spans that are not places."""
    toks = view.tokens
    blocked = blocked_tokens(view, lexicon)
    people = [(s, e, lab) for s, e, lab in entities or () if lab in ("PER", "PERSON", "ORG", "NORP")]
    # demonyms and organisation nouns by position, and how many tokens before each are neither in
    # capitals nor one letter long: each stretch asks about the capitalised run before it in log time
    # (counted on first need: most articles have no stretch after such a word)
    introducers = sorted({*view.positions(lexicon.demonyms), *view.positions(lexicon.org_nouns)})
    lower_before: list[int] = []

    def lower_between(a: int, b: int) -> int:
        if not lower_before:
            lower_before.extend(accumulate([len(t.text) > 1 and not t.text.isupper() for t in toks], initial=0))
        return lower_before[b] - lower_before[a]

    by_first = {sp.first: sp for sp in spans}
    for sp in spans:
        para = view.paragraphs[toks[sp.first].paragraph]
        if para.furniture:
            sp.veto = "page furniture"
            continue
        reasons = {blocked[k] for k in range(sp.first, sp.last) if k in blocked}
        if reasons:
            sp.veto = sorted(reasons)[0]
            continue
        word = _building_word(view, sp, lexicon.media_words)
        if word is not None:
            sp.veto = f"name of an outlet or building ({word})"
            continue
        head = sp.run_first if sp.run_first >= 0 else sp.first
        k = bisect.bisect_left(introducers, sp.first) - 1  # the last introducer before the stretch
        # ... unless the run is a headline in capitals
        if k >= 0 and introducers[k] >= head and lower_between(head, sp.last) > 0:
            sp.veto = f"a person or body introduced by {toks[introducers[k]].text!r}"
            continue
        if head > 0:
            prev = toks[head - 1]
            gap = view.text[prev.end:toks[head].start]
            if prev.paragraph == toks[head].paragraph and gap.strip() in ("", ".", "-"):
                if prev.fold in lexicon.org_nouns:
                    sp.veto = f"title or organisation noun before it ({prev.text})"
                    continue
                if prev.fold in lexicon.demonyms and prev.is_cap and sp.source in ("cap", "sub", "ner"):
                    sp.veto = f"a person introduced by a demonym ({prev.text})"
                    continue
        if sp.last < len(toks) and sp.candidates and sp.candidates[0].importance < 0.4:
            after = " ".join(t.fold for t in toks[sp.last:sp.last + 3])
            # "X a déclaré": X speaks; "autour de X, a ajouté l'ONG": the speaker comes after the comma
            if _SAYS.match(after) and not view.text[sp.end:toks[sp.last].start].strip():
                sp.veto = "the subject of a verb of saying: a person"
                continue
        if _abbreviated_month(view, sp):
            sp.veto = "an abbreviated month before a day ('Dec. 21', 'Oct. 4')"
            continue
        if _street_in_a_list(view, sp):
            sp.veto = "a street named in a list before 'streets' ('Bourbon and Dauphine streets')"
            continue
        if _head_of_a_longer_name(view, sp):
            sp.veto = "the first word of a longer name ('Summit of the Americas')"
            continue
        prefix = _after_a_prefix(view, sp)
        if prefix is not None:
            sp.veto = f"part of a name the gazetteer does not know, after {prefix!r}"
            continue
        if _part_of_a_continent(view, sp):
            sp.veto = "a region of a continent the gazetteer does not know ('North Africa', 'Latin America')"
            continue
        if sp.kind_after is not None:
            classes, codes = FEATURE_KINDS[sp.kind_after]
            if not any(c.place.feature_class in classes and (codes is None or c.place.feature_code in codes)
                       for c in sp.candidates):
                # "the Mississippi River", "the Niger Delta": the feature, which the gazetteer lacks,
                # not the state or the country it is named after
                sp.veto = f"part of the name of a {sp.kind_after} the gazetteer does not know"
                continue
        for s, e, lab in people:
            if s <= sp.start and sp.end <= e and (e - s) > (sp.end - sp.start) + 1:
                sp.veto = f"inside a longer {lab} name"
                break
        else:
            name = _personal_name(view, sp, lexicon.given_names, by_first.get(sp.run_first))
            if name is not None:
                sp.veto = f"part of a person's name ({name})"
