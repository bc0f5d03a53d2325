"""Tokens, sentences, paragraphs and language of an article, with offsets into its text.

The geoparser's own tokenizer: a regular expression, a hundred times faster than a full
tokenizer, which is what lets the gazetteer path read hundreds of articles a second.
French elisions (d', l', qu') are split off; apostrophes inside a word ("Jala'a", "Dar'a")
stay in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from gazetteer.normalize import fold

__all__ = ["Token", "Paragraph", "TextView", "tokenize", "detect_language", "ABBREVIATIONS",
           "NAME_ABBREVIATIONS"]

# A French elision ("d’", "l’", "qu’") is a token of its own; apostrophes inside a word stay in it.
# Every token starts with a letter or digit: the look-ahead lets the engine skip the rest at once.
# Only the initials and the elisions ignore case: a case-blind word class is slower to match.
_WORD = re.compile(r"(?=[^\W_])(?:\b(?i:[A-Z]\.){2,}(?![^\W_])|"  # "U.S.", "U.K.": one token
                   r"\b(?i:[dlnsjcmt]|qu|jusqu|lorsqu|puisqu|quoiqu)[’'‘`](?=[^\W_])|[^\W_]+(?:[’'‘`ʿʾ][^\W_]+)*)")
_APOSTROPHES = "’'‘`"
#: Abbreviations that open a place's name: "St. Louis", "Mt. Vernon", "Ft. Worth".
NAME_ABBREVIATIONS = frozenset("st ste mt mts ft pt".split())
#: The full stop of an abbreviation before a name ends no sentence: "St. Louis", "Dr. Smith".
ABBREVIATIONS = NAME_ABBREVIATIONS | frozenset("dr mr mrs ms gen sen rep gov lt col sgt capt prof".split())
_SENTENCE_END = re.compile(r"[.!?…]+[»\"”)]*\s+|\n+")
_LAST_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,5}$")  # the word a full stop ends, if short
# A credit in brackets marks a caption, unless a dash follows it: "MOSSOUL (Irak), 18 juil (AFP) - Six
# combattants..." is the dateline that opens a dispatch.
_CAPTION = re.compile(  # the look-ahead holds the first letters of the alternatives, for speed
    r"(?=[(©pcig])(?:\(\s*(?:AFP|AP|Reuters|photo|file photo|photo d['’]archives?)\b[^)]*\)(?!\s*[-–—])|©|\bphoto\s*:|"
    r"\bcr[ée]dit\s*:|"
    r"\bpicture\s*:|\bimage\s*:|\bgetty images\b)",
    re.IGNORECASE,
)
# "ATLANTA (AP) An aide...", "HELENA, Mont. (AP) Montana...": a credit after a dateline in capitals
# opens a dispatch even when the dash after it is lost.
_DATELINE_CREDIT = re.compile(r"^\s*[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*\(")
_DATELINE_GAP = re.compile(r" |\. |-| & ")  # between the words of a dateline: "ST. LOUIS", "TIJUANA & SAN DIEGO"
_FURNITURE = re.compile(
    r"^\s*(?:partager|share|source\s*:|sources\s*:|votre commentaire|lire aussi|read more|see also|voir aussi|"
    r"related|tags?\s*:|mots[- ]cl[ée]s|abonnez|subscribe|newsletter|publicit[ée]|advertisement|tv\s*$|"
    r"copyright|tous droits|all rights)",
    re.IGNORECASE,
)

_FURNITURE_WORDS = 40  # the most words a line of page furniture has

_FR = frozenset(
    "le la les des du de un une et est en dans pour par sur au aux que qui ont été ses leur leurs cette ce "
    "il elle ils se pas plus avec selon après contre depuis entre lors sont ont".split()
)
_EN = frozenset(
    "the of and to in is was for on that with by from at as are were have has had its their this which "
    "been after against said they he she it an".split()
)


class Token(NamedTuple):
    """A word of the text.

    Attributes
    ----------
    start, end : int
        Offsets into the text.
    text : str
        The word as written.
    fold : str
        The word folded as gazetteer names are (:func:`gazetteer.normalize.fold`).
    sentence : int
        Index of its sentence.
    paragraph : int
        Index of its paragraph (a line of text).
    """

    start: int
    end: int
    text: str
    fold: str
    sentence: int
    paragraph: int

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter."""
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        """All upper case, longer than one letter ("FRENCH", "US")."""
        return len(self.text) > 1 and self.text.isupper()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A line of the text: its span, language and whether it is a caption or page furniture."""

    start: int
    end: int
    lang: str
    caption: bool
    furniture: bool


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold(word)


def tokenize(text: str, sentence_starts: list[int] | None = None,
             paragraph_starts: list[int] | None = None) -> list[Token]:
    """Split ``text`` into tokens with offsets, sentence and paragraph indices."""
    sentence_starts = sentence_starts or [0]
    paragraph_starts = paragraph_starts or [0]
    tokens: list[Token] = []
    append, new = tokens.append, tuple.__new__  # a NamedTuple built without its Python-level __new__
    si = pi = 0
    ns, np_ = len(sentence_starts), len(paragraph_starts)
    for m in _WORD.finditer(text):
        start, word = m.start(), m.group()
        while si + 1 < ns and sentence_starts[si + 1] <= start:
            si += 1
        while pi + 1 < np_ and paragraph_starts[pi + 1] <= start:
            pi += 1
        if word[-1] in "sS" and len(word) > 3 and word[-2] in _APOSTROPHES and (len(word) > 5 or word[:-2].isupper()):
            word = word[:-2]  # English possessive: "Hawaii's" → "Hawaii", "UK’s" → "UK"; "Ra's" stays
        folded = _fold_word(word) if "." not in word else word.replace(".", "").lower()  # "U.S." → "us"
        if folded:
            append(new(Token, (start, start + len(word), word, folded, si, pi)))
    return tokens


def detect_language(tokens: list[Token] | list[str]) -> str:
    """Guess French or English from function words (``"fr"``, ``"en"``, or ``"und"``)."""
    fr = en = 0
    for t in tokens:
        w = t.fold if isinstance(t, Token) else t
        fr += w in _FR
        en += w in _EN
    if fr == en:
        return "und"
    return "fr" if fr > en else "en"


def _abbreviation_before(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation such as "St." or "Dr." (not a sentence)."""
    if text[stop] != "." or not text[stop - 1:stop].isalpha():
        return False
    m = _LAST_WORD.search(text, max(0, stop - 6), stop)
    return m is not None and m.group()[0].isupper() and m.group().lower() in ABBREVIATIONS


class TextView:
    """An article cut into paragraphs, sentences and tokens.

    Parameters
    ----------
    text : str
        The article.
    lang : str or None, default None
        The language if known; detected from the text otherwise.
    """

    def __init__(self, text: str, lang: str | None = None) -> None:
        self.text = text
        self.sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)
                                      if m.end() < len(text) and not _abbreviation_before(text, m.start())]
        para_starts, pos = [], 0
        for line in text.splitlines(keepends=True):
            para_starts.append(pos)
            pos += len(line)
        self.paragraph_starts = para_starts or [0]
        self.tokens = tokenize(text, self.sentence_starts, self.paragraph_starts)
        #: For each token, whether it starts with a capital (:attr:`Token.is_cap`), read by the finders.
        self.caps = [t.text[:1].isupper() for t in self.tokens]
        #: The folded form of each token (:attr:`Token.fold`).
        self.folds = list(map(itemgetter(3), self.tokens))
        n = len(self.paragraph_starts)
        fr, en, count = [0] * n, [0] * n, [0] * n
        for t in self.tokens:  # function words per paragraph, in one pass
            p = t.paragraph
            count[p] += 1
            if t.fold in _FR:
                fr[p] += 1
            elif t.fold in _EN:
                en[p] += 1
        if lang:
            self.lang = lang
        else:
            f, e = sum(fr), sum(en)
            self.lang = "und" if f == e else ("fr" if f > e else "en")
        self.paragraphs: list[Paragraph] = []
        for i, start in enumerate(self.paragraph_starts):
            end = self.paragraph_starts[i + 1] if i + 1 < n else len(text)
            line = text[start:end]
            plang = self.lang
            if count[i] >= 6:
                plang = "und" if fr[i] == en[i] else ("fr" if fr[i] > en[i] else "en")
            foreign = plang not in ("und", self.lang) and self.lang != "und"
            credit = _CAPTION.search(line)
            caption = foreign or (credit is not None and not (
                credit.group().startswith("(") and _DATELINE_CREDIT.fullmatch(line[:credit.start() + 1])))
            # furniture is a short line ("Partager cet article", "SOURCE: AFP"); a whole article on one
            # line that opens with "Source: ..." is still the article
            furniture = count[i] == 0 or (count[i] <= _FURNITURE_WORDS and bool(_FURNITURE.match(line)))
            self.paragraphs.append(Paragraph(start, end, plang, caption, furniture))

    def positions(self, words) -> list[int]:
        """Indices of the tokens whose folded form is in ``words`` (a set or a dict), in order."""
        return list(compress(range(len(self.folds)), map(words.__contains__, self.folds)))

    @cached_property
    def dateline(self) -> tuple[int, int] | None:
        """Offsets of the dispatch's dateline, the place in capitals that opens the article.

        "RALEIGH, N.C. (AP) -", "CAIRO - On a ...", "SAN ANTONIO Turner Sports analyst ...": the
        words in capitals at the start of the first paragraph with text, before a comma, a bracket,
        a dash, a colon or a word in lower case. ``None`` when the article opens otherwise.
        """
        toks = self.tokens
        first = next((k for k, t in enumerate(toks) if not self.paragraphs[t.paragraph].furniture), None)
        if first is None or not toks[first].is_upper:
            return None
        last = first
        while (last + 1 < len(toks) and toks[last + 1].paragraph == toks[first].paragraph
               and toks[last + 1].text.isupper()
               and _DATELINE_GAP.fullmatch(self.text[toks[last].end:toks[last + 1].start])):
            last += 1
        if sum(c.isalpha() for c in self.text[toks[first].start:toks[last].end]) < 3:
            return None  # "US Army said": initials, not a dateline
        after = self.text[toks[last].end:toks[last].end + 3]
        following = toks[last + 1] if last + 1 < len(toks) else None
        if after[:1] in ("", "\n") or after.lstrip(" .")[:1] in ",(-–—:|" or (
                following is not None and following.is_cap and not following.is_upper):
            return toks[first].start, toks[last].end
        return None

    def in_dateline(self, start: int, end: int) -> bool:
        """Whether the offsets ``start:end`` lie inside the :attr:`dateline`."""
        dateline = self.dateline
        return dateline is not None and dateline[0] <= start and end <= dateline[1]

    def sentence_span(self, index: int) -> tuple[int, int]:
        """Offsets of sentence ``index``."""
        start = self.sentence_starts[index]
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)
        return start, end

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding ``offset``."""
        import bisect

        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding ``offset``."""
        import bisect

        return max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)
