"""Borders named by the countries they separate.

"les frontières syro-irakiennes", "la frontière syro-turque", "the Syrian-Iraqi border",
"the Iraq-Syria border", "la frontière avec l'Irak" (with the article's country): a mention of
the border between two countries. Its point is left empty unless the gazetteer holds the
border as a line; the countries are in its name and reason.
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
_WORD = "|".join(sorted((re.escape(k) for k in PREFIXES), key=len, reverse=True))
_FR = re.compile(rf"\bfronti[èe]res?\s+(?P<a>{_WORD})s?[-–](?P<b>{_WORD})s?\b", re.IGNORECASE)
_EN = re.compile(rf"\b(?:the\s+)?(?P<a>{_WORD})[-–/](?P<b>{_WORD})\s+(?:border|frontier)s?\b", re.IGNORECASE)


# Where each pattern may match around the word that must be in it: (word, pattern, before, after).
_WINDOWS = (("fronti", _FR, 0, 60), ("border", _EN, 60, 20), ("frontier", _EN, 60, 20))


def _matches(text: str):
    """Matches of the border patterns, looked for only around the words they need."""
    lowered = text.lower()
    seen = set()
    for word, pattern, before, after in _WINDOWS:
        pos = lowered.find(word)
        while pos != -1:
            for m in pattern.finditer(text, max(0, pos - before), min(len(text), pos + after)):
                if m.span() not in seen:
                    seen.add(m.span())
                    yield m
            pos = lowered.find(word, pos + 1)


def find_borders(view: TextView) -> list[Mention]:
    """Mentions of borders between two countries, in text order."""
    out = []
    for m in _matches(view.text):
        a, b = PREFIXES.get(m.group("a").lower()), PREFIXES.get(m.group("b").lower())
        if a is None or b is None or a == b:
            continue
        start, end = m.span()
        out.append(Mention(start, end, view.text[start:end], name=f"{_NAMES[a]}–{_NAMES[b]} border",
                           feature="L.BDR", country=a, precision=3, score=0.9,
                           reason=f"border between {a} and {b}", sentence=view.sentence_of(start),
                           caption=view.paragraphs[_paragraph(view, start)].caption))
    out.sort(key=lambda x: x.start)
    return out


def _paragraph(view: TextView, offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(view.paragraph_starts, offset) - 1)
