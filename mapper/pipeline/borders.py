"""Borders named by the countries they separate.

"les frontières syro-irakiennes", "la frontière syro-turque", "the Syrian-Iraqi border",
"the Iraq-Syria border": a mention of the border between two countries. "la frontière turque",
"les confins irakiens", "les frontières jordanienne et irakienne": the border of the country
named with the country the article is about (``home``), or of the named country alone when the
article is about it or about no country. Its point is left empty; the countries are in its name
and reason. "la frontière avec l'Irak" and "les frontières syriennes avec l'Irak" keep their
place mention of Iraq instead, and "the Turkish border" its adjective, which English news
uses for the country itself ("Turkish border guards").
"""

from __future__ import annotations

import re

from mapper.mention import Mention
from mapper.pipeline.text import TextView

__all__ = ["find_borders", "PREFIXES"]

#: French compound prefixes and adjectives, English adjectives and names, to ISO codes.
PREFIXES = {
    "syro": "SY", "syrien": "SY", "syrienne": "SY", "syrian": "SY", "syria": "SY",
    "irako": "IQ", "irakien": "IQ", "irakienne": "IQ", "iraqi": "IQ", "iraq": "IQ",
    "turco": "TR", "turc": "TR", "turque": "TR", "turkish": "TR", "turkey": "TR", "turkiye": "TR",
    "jordano": "JO", "jordanien": "JO", "jordanienne": "JO", "jordanian": "JO", "jordan": "JO",
    "libano": "LB", "libanais": "LB", "libanaise": "LB", "lebanese": "LB", "lebanon": "LB",
    "israelo": "IL", "israélo": "IL", "israelien": "IL", "israélien": "IL", "israélienne": "IL",
    "israelienne": "IL", "israeli": "IL", "israel": "IL",
    "irano": "IR", "iranien": "IR", "iranienne": "IR", "iranian": "IR", "iran": "IR",
    "saoudo": "SA", "saoudien": "SA", "saoudienne": "SA", "saudi": "SA",
    "kowéito": "KW", "koweitien": "KW", "kuwaiti": "KW", "kuwait": "KW",
}
_NAMES = {"SY": "Syria", "IQ": "Iraq", "TR": "Turkey", "JO": "Jordan", "LB": "Lebanon", "IL": "Israel",
          "IR": "Iran", "SA": "Saudi Arabia", "KW": "Kuwait"}
def _alternatives(words) -> str:
    return "|".join(sorted((re.escape(k) for k in words), key=len, reverse=True))


_WORD = _alternatives(PREFIXES)
# French adjectives of nationality, without the compound prefixes and the names
_FR_ADJECTIVES = _alternatives(
    k for k in PREFIXES if k.endswith(("ien", "ienne", "ais", "aise", "turc", "turque")))
_FR = re.compile(rf"\bfronti[èe]res?\s+(?P<a>{_WORD})s?[-–](?P<b>{_WORD})s?\b", re.IGNORECASE)
_EN = re.compile(rf"\b(?:the\s+)?(?P<a>{_WORD})[-–/](?P<b>{_WORD})\s+(?:border|frontier)s?\b", re.IGNORECASE)
# "la frontière turque", "les confins irakiens", "les frontières jordanienne et irakienne"; not
# "les frontières syriennes avec l'Irak", named by the country after it
_FR_ONE = re.compile(rf"\b(?:fronti[èe]res?|confins)\s+(?P<a>{_FR_ADJECTIVES})s?"
                     rf"(?:\s+et\s+(?P<b>{_FR_ADJECTIVES})s?)?\b(?![-–])(?!\s+avec\b)", re.IGNORECASE)


# Where each pattern may match around the word that must be in it: (word, pattern, before, after).
_WINDOWS = (("fronti", _FR, 0, 60), ("border", _EN, 60, 20), ("frontier", _EN, 60, 20),
            ("fronti", _FR_ONE, 0, 60), ("confins", _FR_ONE, 0, 60))


def _matches(text: str):
    """Matches of the border patterns, looked for only around the words they need, each stretch once."""
    lowered = text.lower()
    taken: list[tuple[int, int]] = []
    for word, pattern, before, after in _WINDOWS:
        pos = lowered.find(word)
        while pos != -1:
            for m in pattern.finditer(text, max(0, pos - before), min(len(text), pos + after)):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    taken.append(m.span())
                    yield pattern, m
            pos = lowered.find(word, pos + 1)


def find_borders(view: TextView, home: str | None = None) -> list[Mention]:
    """Mentions of borders, in text order.

    ``home`` is the country the article is about (ISO code): the other side of a border named
    by one country only ("la frontière turque").
    """
    out = []
    for pattern, m in _matches(view.text):
        a = PREFIXES.get(m.group("a").lower())
        second = m.groupdict().get("b")
        b = PREFIXES.get(second.lower()) if second else None
        if pattern in (_FR, _EN):
            if a is None or b is None or a == b:
                continue
            name, country, reason = f"{_NAMES[a]}–{_NAMES[b]} border", a, f"border between {a} and {b}"
        else:
            others = [c for c in dict.fromkeys((a, b)) if c is not None]
            if home is not None and home in _NAMES and home not in others:
                names = " and ".join(f"{_NAMES[home]}–{_NAMES[c]}" for c in others)
                name = f"{names} border{'s' if len(others) > 1 else ''}"
                country, reason = home, f"border between {home} and {', '.join(others)}"
            else:
                name = " and ".join(f"{_NAMES[c]}'s border" for c in others)
                country, reason = others[0], f"border of {', '.join(others)}"
        start, end = m.span()
        out.append(Mention(start, end, view.text[start:end], name=name, feature="L.BDR", country=country,
                           precision=3, score=0.9, reason=reason, sentence=view.sentence_of(start),
                           caption=view.paragraphs[view.paragraph_of(start)].caption))
    out.sort(key=lambda x: x.start)
    return out
