"""Word lists the geoparser reads: names that are not places, and words that tell what a name is.

The lists live in ``mapper/data/lexicon/`` as plain text and CSV so that users can extend
them: actors (armed groups and forces), outlets, buildings that stand for a government ("White
House", "Kremlin"), demonyms, the words that turn a place name into an outlet's, a building's or a
street's name, the nouns that make the next name a person or an organisation, given names, and
the abbreviations of states written after a town ("Raleigh, N.C.").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gazetteer.normalize import fold


def _fold_words(text: str) -> str:
    """Fold a lexicon entry word by word, as the article's tokens are ("l'homme" → "l homme")."""
    from mapper.pipeline.text import tokenize

    return " ".join(t.fold for t in tokenize(text))

__all__ = ["Lexicon", "load_lexicon", "LEXICON_DIR", "NON_LATIN", "STOPWORDS", "word_frequency"]

LEXICON_DIR = Path(__file__).resolve().parents[1] / "data" / "lexicon"

# Function words and frequent words of French and English news that reports capitalise at the
# start of a sentence: never place names on their own.
STOPWORDS = frozenset(
    """a à au aux avec ce ces cet cette dans de des du elle en entre et il ils je la le les leur leurs lors mais
    ne ni nous on ou où par pas pour plus que qui sa sans se selon ses si son sur ta tandis tous tout toute
    toutes un une vers via d l qu n s c j m t y apres après depuis des dès pendant plusieurs quelques
    aujourd hui hier demain lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier février
    mars avril mai juin juillet aout août septembre octobre novembre decembre décembre
    the a an and or of in on at to for from by with as is are was were be been this that these those it its
    he she they we you i his her their our after before since during while when where which who whom whose
    but not no yes also than then there here about against between into over under up down out off
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr st
    nord sud est ouest north south east west centre center province region région district ville village
    city town village capital capitale base aeroport airport route road autoroute highway frontiere frontier
    border desert désert fleuve river camp prison barrage dam""".split()
)


def _spacy_stopwords() -> frozenset[str]:
    """spaCy's French and English stop words, folded (frequent words reports capitalise)."""
    try:
        from spacy.lang.en.stop_words import STOP_WORDS as en
        from spacy.lang.fr.stop_words import STOP_WORDS as fr
    except ImportError:  # spaCy is a dependency; without it the short list above serves
        return frozenset()
    return frozenset(fold(w) for w in (*fr, *en))


STOPWORDS = STOPWORDS | _spacy_stopwords()


#: Words before a name that say a place follows ("à", "près de", "in"); "de" says too little.
PLACE_PREPOSITIONS = frozenset(
    "a au aux en dans pres vers depuis sur entre jusqu in at near from to outside around across "
    "into toward towards inside".split()
)

#: Countries whose place names are written in another script and reach news transliterated,
#: so that spellings vary ("Abou Kamal", "Albu Kamal"). Elsewhere a name is matched as written.
NON_LATIN = frozenset(
    """SY IQ JO LB PS SA YE OM AE QA BH KW EG LY TN DZ MA MR SD SO DJ KM IR AF PK IN BD NP LK MM TH LA KH
    CN TW HK MO JP KR KP MN RU UA BY BG RS MK KZ KG TJ UZ TM GE AM AZ IL GR CY ET ER""".split()
)


@cache
def word_frequency(words: str, lang: str) -> float:
    """Zipf frequency of ``words`` in ``lang`` (wordfreq): 3 is rare, 5 and more is everyday."""
    from wordfreq import zipf_frequency

    if lang in ("fr", "en"):
        return zipf_frequency(words, lang)
    return max(zipf_frequency(words, "fr"), zipf_frequency(words, "en"))


@dataclass(frozen=True)
class Lexicon:
    """The folded word lists, ready for matching.

    Attributes
    ----------
    actors : dict
        Folded alias → ``(actor, inter, country)``.
    outlets : frozenset of str
        Folded outlet names.
    demonyms : frozenset of str
        Folded demonyms and adjectives of nationality.
    media_words, org_nouns : frozenset of str
        Words after a name that make it an outlet or building; words before it that make it a
        person, an outlet or an organisation.
    given_names : frozenset of str
        Folded first names (``first_names.txt``, from Faker's lists, and ``given_names_ar.txt``):
        one alone at the start of a sentence is a person's before it is a far-away place.
    institutions : frozenset of str
        Folded names of buildings that stand for a government ("White House", "Kremlin").
    state_abbreviations : dict
        A state's or a province's abbreviation as written ("N.C.", "Calif.", "SC") → its folded
        name (``state_abbreviations.csv``), read after "Town, ".
    max_alias_words : int
        The longest actor alias or outlet name, in words.
    """

    actors: dict
    outlets: frozenset
    demonyms: frozenset
    media_words: frozenset
    org_nouns: frozenset
    max_alias_words: int
    first_words: dict = None  # first word of an entry → the lengths, in words, of the entries it starts
    given_names: frozenset = frozenset()
    state_abbreviations: dict = None
    institutions: frozenset = frozenset()

    def non_place(self, folded: str) -> str | None:
        """Why the folded words ``folded`` are not a place (``"actor"``, ``"outlet"``...), or ``None``."""
        if folded in self.actors:
            return "actor"
        if folded in self.outlets:
            return "outlet"
        if folded in self.institutions:
            return "institution"
        if folded in self.demonyms:
            return "demonym"
        return None


def _lines(path: Path, optional: bool = False) -> list[str]:
    """The entries of a list, without blank lines and comments (none when an ``optional`` list is absent)."""
    if optional and not path.is_file():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]


@cache
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Read the word lists (from ``directory`` when given, else the shipped ones).

    A directory of one's own needs the actors, outlets, demonyms, media words and organisation
    nouns; the given names, institutions and state abbreviations are read when present.
    """
    base = Path(directory) if directory else LEXICON_DIR
    actors = {}
    with open(base / "actors.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            f = _fold_words(row["alias"])
            if f:
                actors.setdefault(f, (row["actor"], row.get("inter") or "", row.get("country") or ""))
    outlets = frozenset(f for f in (_fold_words(x) for x in _lines(base / "outlets.txt")) if f)
    institutions = frozenset(f for f in map(_fold_words, _lines(base / "institutions.txt", True)) if f)
    demonyms = frozenset(fold(x) for x in _lines(base / "demonyms.txt"))
    media = frozenset(fold(x) for x in _lines(base / "media_words.txt"))
    org = frozenset(fold(x) for x in _lines(base / "org_nouns.txt"))
    longest = max(len(x.split()) for x in [*actors, *outlets, *institutions])
    firsts: dict[str, set[int]] = {}
    for entry in (*actors, *outlets, *institutions, *demonyms):
        if entry:
            words = entry.split()
            firsts.setdefault(words[0], set()).add(len(words))
    firsts = {w: tuple(sorted(n, reverse=True)) for w, n in firsts.items()}
    given = frozenset(fold(x) for name in ("first_names.txt", "given_names_ar.txt")
                      for x in _lines(base / name, True))
    abbreviations = {row["abbreviation"]: fold(row["name"])
                     for row in csv.DictReader(_lines(base / "state_abbreviations.csv", True))}
    return Lexicon(actors, outlets, demonyms, media, org, longest, firsts, given, abbreviations, institutions)
