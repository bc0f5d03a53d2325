"""Casualty counts in French and English news sentences, read the way ACLED codes them.

:func:`parse_number` reads one figure ("dix-huit", "1 200", "une dizaine", "dozens");
:func:`find_casualties` finds the killed, wounded and killed-or-wounded figures of a sentence.

ACLED's conventions are followed: the lowest figure reported is kept ("plus de 40" is 40,
"entre 10 et 15" is 10), "tens" is 10, "dozens" 12, "hundreds" 100, and vague plurals
("plusieurs", "quelques", "several", "a few") are read as 3, the most conservative plural.
A combined figure ("tué ou blessé 40 éléments") is a killed-or-wounded count, never a death toll.

The reading is pattern based and works on one sentence at a time:

1. every number phrase is found, with its qualifier ("au moins", "at least") and ranges
   ("entre 10 et 15"); "un", "une", "a", "an", "one" and "some" count only before a noun
   for people ("un soldat", "a fighter");
2. numbers that are dates, years, ages, distances, durations, equipment ("cinq de leurs
   blindés", "5 tanks") or a subset of another figure ("dont trois enfants") are set aside;
3. a number is labelled by the words around it: a killing or wounding verb just before it
   ("tuant 12", "killed 5", "la mort de 35") or a casualty word just after it, across a short
   noun phrase ("18 des terroristes tués", "3 morts", "20 blessés", "5 people killed");
4. passive and intransitive verbs ("ont été éliminés", "ont perdu la vie", "were killed")
   take the count of their subject, searched back to the start of the clause; a singular
   verb ("a été tué", "was killed") counts one person;
5. numbers joined to a labelled one by "et", "and" or a comma ("deux soldats et trois
   civils tués") share its label, and the figures of each label are added up.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["Casualties", "find_casualties", "parse_number"]

#: The labels of :attr:`Casualties.spans`.
_KILLED, _WOUNDED, _KOW = "killed", "wounded", "killed_or_wounded"


@dataclass(frozen=True)
class Casualties:
    """The casualty figures of one sentence.

    Attributes
    ----------
    killed : int or None
        People killed (ACLED fatalities); ``None`` when the sentence gives no figure.
    wounded : int or None
        People wounded.
    killed_or_wounded : int or None
        A combined figure ("tué ou blessé 40 éléments", "12 killed or wounded"), which is not
        a death toll.
    spans : tuple of (int, int, str)
        Character offsets into the sentence of each figure found, qualifier included
        ("au moins 35"), with its label: ``"killed"``, ``"wounded"`` or
        ``"killed_or_wounded"``. A singular verb counted without a number ("X a été tué")
        is given by the span of the verb.
    """

    killed: int | None
    wounded: int | None
    killed_or_wounded: int | None
    spans: tuple[tuple[int, int, str], ...]


# --------------------------------------------------------------------------------------------------
# Number phrases

_FR_WORD_VALUES = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "quatrevingt": 80,
}  # fmt: skip
_EN_WORD_VALUES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_WORD_VALUES = {**_FR_WORD_VALUES, **_EN_WORD_VALUES}

#: "une dizaine" and the like: approximate round numbers, read as the round number.
_FR_AINE = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip
#: Plural round numbers: ACLED reads "tens" as 10, "dozens" as 12, "hundreds" as 100.
_PLURAL_ROUND = {
    "dizaines": 10, "douzaines": 12, "centaines": 100, "milliers": 1000, "millier": 1000,
    "tens": 10, "dozens": 12, "dozen": 12, "scores": 20, "score": 20, "hundreds": 100,
    "hundred": 100, "thousands": 1000, "thousand": 1000,
}  # fmt: skip
#: Vague plurals, read as 3 (the smallest plural that is more than a couple).
_VAGUE_VALUE = 3
#: Above this, a figure is no incident's toll but an identifier, an amount or a hostile input;
#: longer runs of digits are not even converted (Python refuses more than 4,300 digits).
_MAX_FIGURE = 10_000_000
_MAX_FIGURE_DIGITS = len(str(_MAX_FIGURE))

_SEP = r"[\s-]+"
_FR_UNIT = r"(?:une?|deux|trois|quatre|cinq|six|sept|huit|neuf)"
_FR_UNIT_NOT_ONE = r"(?:deux|trois|quatre|cinq|six|sept|huit|neuf)"
_FR_TEEN = r"(?:dix|onze|douze|treize|quatorze|quinze|seize)"
_FR_DIX_SEPT = rf"(?:dix{_SEP}(?:sept|huit|neuf))"
_FR_BELOW_100 = (
    rf"(?:quatre{_SEP}vingts?(?:{_SEP}(?:{_FR_DIX_SEPT}|{_FR_TEEN}|{_FR_UNIT}))?"
    rf"|(?:vingt|trente|quarante|cinquante|soixante)"
    rf"(?:(?:\s+et\s+|-et-)(?:une?|onze)|{_SEP}(?:{_FR_DIX_SEPT}|{_FR_TEEN}|{_FR_UNIT_NOT_ONE}))?"
    rf"|{_FR_DIX_SEPT}|{_FR_TEEN}|{_FR_UNIT})"
)
_FR_BELOW_1000 = rf"(?:(?:{_FR_UNIT_NOT_ONE}{_SEP})?cents?(?:{_SEP}{_FR_BELOW_100})?|{_FR_BELOW_100})"
_FR_CARD = rf"(?:(?:{_FR_BELOW_1000}{_SEP})?mille(?:{_SEP}{_FR_BELOW_1000})?|{_FR_BELOW_1000})"

_EN_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_EN_TEEN = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_EN_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_EN_BELOW_100 = rf"(?:{_EN_TENS}(?:[\s-]+{_EN_UNIT})?|{_EN_TEEN}|{_EN_UNIT})"
_EN_BELOW_1000 = rf"(?:(?:{_EN_UNIT}\s+|an?\s+)?hundred(?:\s+(?:and\s+)?{_EN_BELOW_100})?|{_EN_BELOW_100})"
_EN_CARD = rf"(?:(?:{_EN_BELOW_1000}\s+|an?\s+)?thousand(?:\s+(?:and\s+)?{_EN_BELOW_1000})?|{_EN_BELOW_1000})"

#: Digits, with thousands grouped by a space, a comma or a dot ("1 200", "1,200", "1.200").
_DIGITS = r"(?:\d{1,3}(?:[.,\s]\d{3})+(?!\d)|\d+(?![.,]\d))"

_FR_APPROX = (
    r"(?:(?:des|plusieurs|quelques|de|les)\s+)?(?:dizaines|douzaines|centaines|milliers)"
    r"(?:\s+(?:de\s+|d')milliers)?"
    rf"|(?:(?:une|la|cette)\s+)?(?:{'|'.join(_FR_AINE)})"
    r"|(?:un|le)\s+millier"
)
_EN_APPROX = (
    r"(?:tens|dozens|hundreds|scores)\s+of\s+thousands"
    r"|(?:a|one)\s+dozen|(?:several|a\s+few)\s+(?:dozen|hundred|thousand)"
    r"|dozens|tens|hundreds|thousands|scores|a\s+score"
)
_FR_VAGUE = r"plusieurs|quelques"
_EN_VAGUE = r"several|a\s+few|some"

#: Qualifiers kept out of the value: ACLED keeps the figure given ("plus de 40" is 40).
_QUALIFIER = (
    r"(?:au\s+moins\s+|pas\s+moins\s+(?:de\s+|d')|plus\s+(?:de\s+|d')|pr[eè]s\s+(?:de\s+|d')"
    r"|environ\s+|quelque\s+|jusqu'[àa]\s+|au\s+total\s+"
    r"|at\s+least\s+|more\s+than\s+|nearly\s+|about\s+|some\s+|over\s+|around\s+|almost\s+"
    r"|approximately\s+|roughly\s+|up\s+to\s+|no\s+(?:fewer|less)\s+than\s+|an\s+estimated\s+"
    r"|as\s+many\s+as\s+)"
)


def _number_pattern(card: str, approx: str, vague: str, one: str) -> re.Pattern[str]:
    plain = rf"(?:{_DIGITS}|{card})"
    ranges = (
        rf"(?:entre|between)\s+(?P<lo1>{plain})\s+(?:et|and)\s+(?P<hi1>{plain})"
        rf"|(?P<lo2>{_DIGITS})\s*-\s*(?P<hi2>{_DIGITS})"
        rf"|(?P<lo3>{plain})\s+(?:à|ou|to|or)\s+(?P<hi3>{plain})"
    )
    core = (
        rf"(?P<range>{ranges})|(?P<approx>{approx})|(?P<digits>{_DIGITS})|(?P<card>{card})"
        rf"|(?P<vague>{vague})" + (rf"|(?P<one>{one})" if one else "")
    )
    return re.compile(rf"(?<!\w)(?P<qual>{_QUALIFIER})?(?P<core>{core})(?!\w)", re.IGNORECASE)


_NUMBER = {
    "fr": _number_pattern(_FR_CARD, _FR_APPROX, _FR_VAGUE, ""),
    "en": _number_pattern(_EN_CARD, _EN_APPROX, _EN_VAGUE, r"an?"),
    "any": _number_pattern(
        rf"(?:{_FR_CARD}|{_EN_CARD})", rf"{_FR_APPROX}|{_EN_APPROX}", rf"{_FR_VAGUE}|{_EN_VAGUE}", r"an?"
    ),
}

_NORMALIZE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00a0": " ", "\u202f": " ",
    "\u2009": " ", "\u2013": "-", "\u2010": "-", "\u2011": "-",
})  # fmt: skip


def _normalize(text: str) -> str:
    """Straighten apostrophes, spaces and dashes, one character for one (offsets are kept)."""
    return text.translate(_NORMALIZE)


def _lang_key(lang: str | None) -> str:
    key = (lang or "").strip().lower()[:2]
    return key if key in ("fr", "en") else "any"


@dataclass
class _Number:
    """A number phrase of the sentence, as the scanner found it."""

    start: int
    end: int
    value: int
    kind: str  # "exact", "approx", "vague", "one" (needs a noun for people), "some", "year"
    skip: bool = False
    label: str | None = None


def _card_value(text: str) -> int:
    """The value of a cardinal written in French or English words ("quatre-vingt-dix", "twenty-one")."""
    text = re.sub(r"quatre[\s-]+vingts?", "quatrevingt", text.lower())
    total = current = 0
    for word in re.split(r"[\s-]+", text):
        if word in ("et", "and", ""):
            continue
        if word in ("cent", "cents", "hundred"):
            current = (current or 1) * 100
        elif word in ("mille", "thousand"):
            total += (current or 1) * 1000
            current = 0
        else:
            current += _WORD_VALUES[word]
    return total + current


def _plain_value(text: str) -> int:
    """The value of digits or of a cardinal in words (``_MAX_FIGURE + 1`` for a longer run of digits)."""
    if text[:1].isdigit():
        digits = re.sub(r"\D", "", text).lstrip("0") or "0"
        return int(digits) if len(digits) <= _MAX_FIGURE_DIGITS else _MAX_FIGURE + 1
    return _card_value(text)


def _approx_value(text: str) -> int:
    """The value of an approximate figure ("une dizaine", "des centaines", "dozens", "tens of thousands")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    values = [_FR_AINE.get(w) or _PLURAL_ROUND.get(w) for w in words]
    values = [v for v in values if v]
    value = values[0]
    for other in values[1:]:  # "des dizaines de milliers", "tens of thousands"
        value *= other
    return value


def _read_match(match: re.Match[str]) -> tuple[int, str]:
    """The value and kind of a number-phrase match."""
    if match["range"]:
        pairs = [(match[f"lo{i}"], match[f"hi{i}"]) for i in (1, 2, 3)]
        lo, hi = next(pair for pair in pairs if pair[0])
        return min(_plain_value(lo), _plain_value(hi)), "exact"
    if match["approx"]:
        return _approx_value(match["approx"]), "approx"
    if match["digits"]:
        digits = match["digits"]
        value = _plain_value(digits)
        return value, ("year" if digits.isdigit() and len(digits) == 4 and 1900 <= value <= 2100 else "exact")
    if match["vague"]:
        return _VAGUE_VALUE, ("some" if match["vague"].lower() == "some" else "vague")
    if match["card"]:
        card = match["card"]
        return _card_value(card), ("one" if card.lower() in ("un", "une", "one") else "exact")
    return 1, "one"  # "a", "an"


# --------------------------------------------------------------------------------------------------
# The words around a number

_FR_PERSONS = (
    "personne civil civile soldat militaire combattant combattante terroriste daéchiste daechiste "
    "djihadiste jihadiste islamiste insurgé rebelle militant membre élément homme femme enfant garçon "
    "fille bébé policier gendarme officier commandant chef dirigeant responsable kamikaze habitant "
    "résident otage prisonnier détenu captif garde agent ouvrier travailleur employé berger agriculteur "
    "paysan pèlerin fidèle journaliste secouriste médecin infirmier réfugié déplacé manifestant mercenaire "
    "volontaire recrue conscrit sergent lieutenant capitaine colonel émir individu assaillant tireur sniper "
    "milicien peshmerga frère proche partisan passager passant élève étudiant écolier adolescent jeune "
    "mineur citoyen ressortissant fonctionnaire pilote chauffeur gardien"
).split()
_EN_PERSONS = (
    "people person civilian soldier troop serviceman servicemen fighter militant member man men woman "
    "women child children kid boy girl baby babies policeman policemen police officer commander leader "
    "official jihadist insurgent rebel terrorist gunman gunmen attacker bomber guard bodyguard resident "
    "villager worker farmer shepherd pilgrim worshipper journalist medic doctor nurse refugee protester "
    "protestor mercenary mercenaries volunteer recruit hostage prisoner detainee captive sergeant "
    "lieutenant captain colonel individual student pupil passenger relative sniper militiaman militiamen "
    "peshmerga personnel staff employee teenager youth citizen pilot driver"
).split()
_PERSONS = frozenset(
    _FR_PERSONS
    + _EN_PERSONS
    + [w + "s" for w in _FR_PERSONS + _EN_PERSONS if not w.endswith(("s", "x", "men", "ren", "ple"))]
    + ["villageois", "généraux", "fils", "personnes", "persons", "casques"]
)
#: Words that are themselves casualties: "un mort", "un blessé", "one dead".
_CASUALTY_WORDS = frozenset(
    "mort morts morte mortes tué tués tuée tuées blessé blessés blessée blessées martyr martyrs victime "
    "victimes killed dead wounded injured fatalities casualties victims".split()
)
#: Heads that make a number something else than people: units, equipment, places, events.
_NOT_PERSONS = frozenset(
    (
        "km kilomètre kilomètres kilometre kilometres kilometer kilometers mètre mètres metre metres meter "
        "meters mile miles an ans année années year years mois month months semaine semaines week weeks "
        "jour jours day days heure heures hour hours minute minutes seconde secondes fois times reprises "
        "siècle siècles pour per percent dollars dollar euros euro livres tonne tonnes ton tons kg kilos "
        "litres liters degrés degrees véhicule véhicules voiture voitures camion camions blindé blindés "
        "char chars tank tanks vehicle vehicles car cars truck trucks pick pickup pickups moto motos "
        "motorcycle motorcycles drone drones missile missiles roquette roquettes rocket rockets obus shell "
        "shells mortier mortiers mortar mortars bombe bombes bomb bombs engin engins mine mines arme armes "
        "weapon weapons canon canons gun guns fusil fusils rifle rifles munitions ammunition balles bullets "
        "avion avions aircraft plane planes hélicoptère hélicoptères helicopter helicopters bateau bateaux "
        "boat boats navire navires ship ships position positions village villages localité localités ville "
        "villes town towns maison maisons house houses home homes bâtiment bâtiments building buildings "
        "immeuble immeubles quartier quartiers district districts mosquée mosquées mosque mosques école "
        "écoles school schools hôpital hôpitaux hospital hospitals attaque attaques attack attacks attentat "
        "attentats explosion explosions raid raids frappe frappes strike strikes airstrike airstrikes "
        "bombardement bombardements opération opérations operation operations offensive offensives tunnel "
        "tunnels checkpoint checkpoints barrage barrages poste postes post posts base bases dépôt dépôts "
        "depot depots entrepôt entrepôts point points tentative tentatives attempt attempts incident "
        "incidents affrontement affrontements clash clashes combat combats province provinces pays "
        "country countries division divisions brigade brigades bataillon bataillons battalion battalions "
        "groupe groupes group groups ceinture ceintures belt belts cache caches tir tirs"
    ).split()
)
_FILLERS = frozenset(
    "de d' des du of the their leurs leur ses his her its ces these those les autres autre other others "
    "more additional supplémentaires nouveaux nouvelles new".split()
)
_AUXILIARIES = frozenset(
    "ont sont a est avaient étaient auraient seraient furent were was are is have has had died".split()
)
_TOKEN = re.compile(r"[^\W\d_]+'|[^\W\d_]+|\d+|[^\w\s]")

# English month names count only capitalised: "Dozens may have died" has no date, nor "sept" (7).
_MONTHS = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
    r"|(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
_UNIT_AFTER = re.compile(
    r"[\s-]*(?:km|kms|m|h|%|pour\s*cents?|per\s*cents?|percent|ans|an|years?|mois|months?"
    r"|[ap]\.m\.|[ap]m|o'clock|gmt|utc)(?!\w)"
    rf"|\s*(?:{_MONTHS})\b",
    re.IGNORECASE,
)
_BEFORE_EXCLUDED = re.compile(
    rf"(?:(?<!\w)(?:{_MONTHS})\.?\s*"  # "January 24"
    r"|[âa]g[ée]e?s?\s+(?:de\s+|d')|\baged\s+|\bages?\s+of\s+"  # ages
    r"|\b(?:brigade|division|r[ée]giment|bataillon|battalion|route|autoroute|highway|road|r[ée]solution"
    r"|article|num[ée]ro|number|no\.|n°|page|vol|flight|secteur|sector|zone|unit[ée]?|groupe|group"
    r"|corps|colonne|lot|tranche|kilom[eè]tre|km)\s*)\Z",
    re.IGNORECASE,
)
_SUBSET_BEFORE = re.compile(
    r"\b(?:dont|including|among\s+them|among\s+whom|parmi\s+(?:eux|elles|lesquel(?:le)?s|les\s+victimes)"
    r"|notamment|y\s+compris)\s*\Z",
    re.IGNORECASE,
)


def _head(text: str, end: int) -> list[str]:
    """The first two words after a number, past determiners and prepositions ("de leurs", "of the")."""
    tokens = _TOKEN.findall(text, end, min(len(text), end + 80))
    while tokens and (tokens[0].lower() in _FILLERS or tokens[0] in ("-", "'")):
        tokens.pop(0)
    return tokens[:2]


def _is_person(word: str, *, casualty: bool = True) -> bool:
    """Whether a word names people (or, with ``casualty``, is a casualty noun such as "morts")."""
    low = word.lower()
    if low in _PERSONS or (casualty and low in _CASUALTY_WORDS):
        return True
    # "trois Saoudiens", "a Syrian soldier": capitalised demonyms and names
    return word[:1].isupper() and word.isalpha() and low not in _NOT_PERSONS and low not in _AUXILIARIES


def _head_is_person(head: list[str], *, casualty: bool = True) -> bool:
    """Whether the head names people, allowing an adjective first ("un jeune homme", "a senior commander")."""
    if not head:
        return False
    if _is_person(head[0], casualty=casualty):
        return True
    first = head[0].lower()
    return (
        len(head) > 1
        and head[0].isalpha()
        and first not in _NOT_PERSONS
        and first not in _AUXILIARIES
        and _is_person(head[1], casualty=casualty)
    )


def _head_is_thing(head: list[str]) -> bool:
    """Whether the head is a unit, equipment, a place or an event ("cinq de leurs blindés", "5 tanks")."""
    for word in head:
        low = word.lower()
        if _is_person(word):
            return False
        if low in _NOT_PERSONS:
            return True
    return False


def _scan_numbers(text: str, lang: str) -> list[_Number]:
    """Every number phrase of the text, with the ones that cannot be casualties marked ``skip``."""
    numbers = []
    for match in _NUMBER[lang].finditer(text):
        value, kind = _read_match(match)
        number = _Number(match.start(), match.end(), value, kind)
        head = _head(text, number.end)
        if kind in ("one", "some"):
            core = match["core"].lower()
            if not _head_is_person(head, casualty=core not in ("a", "an")):
                continue  # "un village", "a car", "some reports": not a figure
        before = text[max(0, number.start - 60) : number.start]
        number.skip = bool(
            value > _MAX_FIGURE
            or _UNIT_AFTER.match(text, number.end)
            or _BEFORE_EXCLUDED.search(before)
            or _SUBSET_BEFORE.search(before)
            or _head_is_thing(head)
            or (kind == "year" and not (head and _is_person(head[0])))
        )
        numbers.append(number)
    return numbers


# --------------------------------------------------------------------------------------------------
# Labels from the neighbouring words

# what may stand between a verb and its figure: "au total", "aussi", a time ("mardi soir", "dans la
# nuit", "on Tuesday", "overnight") or a manner ("sommairement"), up to three of them
_DAYS = (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|monday|tuesday|wednesday|thursday"
         r"|friday|saturday|sunday)")
_ADVERB = (
    r"(?:\s+(?:au\s+total|en\s+tout|in\s+total|also|aussi|[ée]galement|encore|sommairement|froidement"
    rf"|{_DAYS}(?:\s+(?:soir|matin|apr[èe]s-midi))?|aujourd['’]hui|dans\s+la\s+nuit|cette\s+semaine"
    rf"|(?:on\s+|last\s+|this\s+)?{_DAYS}|yesterday|today|overnight|last\s+(?:night|week)"
    r"|(?:en\s+)?(?:d[ée]but|fin)\s+de\s+(?:matin[ée]e|soir[ée]e|journ[ée]e)|summarily|in\s+cold\s+blood)){0,3}"
)
_LEFT = [
    (
        _KOW,
        re.compile(
            r"\b(?:tu[ée]e?s?|tuant|killed|killing)\s+(?:ou|et|or|and)\s+"
            rf"(?:bless[ée]e?s?|blessant|wounded|wounding|injured|injuring){_ADVERB}\s*\Z",
            re.IGNORECASE,
        ),
    ),
    (
        _KILLED,
        re.compile(
            r"(?:\b(?:tu[ée]e?s?|tuant|tuent|[ée]limin[ée]e?s?|[ée]liminant|abattu(?:e|s|es)?|abattant"
            r"|ex[ée]cut[ée]e?s?|ex[ée]cutant|massacr[ée]e?s?|massacrant|assassin[ée]e?s?"
            r"|killed|killing|kills?|executed|executing|massacred|massacring|shot\s+dead|slew|slaying)"
            rf"{_ADVERB}"
            r"|\bla\s+mort\s+(?:de\s+|d')|\bco[uû]t[ée]\s+la\s+vie\s+(?:[àa]\s+|de\s+|d')"
            r"|\bdeaths?\s+of|\bclaim(?:ed|ing|s)?\s+the\s+lives?\s+of|\blives\s+of)\s*\Z",
            re.IGNORECASE,
        ),
    ),
    (
        _WOUNDED,
        re.compile(
            r"\b(?:bless[ée]e?s?|blessant|blessent|wounded|wounding|wounds|injured|injuring|injures)"
            rf"{_ADVERB}\s*\Z",
            re.IGNORECASE,
        ),
    ),
]
#: Up to four words between a number and its casualty word ("18 des terroristes tués"), none of
#: them a verb, a conjunction (those are read by the verb and coordination rules) or a preposition
#: that would reach into another phrase ("seven players due to injuries").
_GAP = (
    r"(?:\s+(?!(?:ont|sont|a|est|avaient|étaient|auraient|were|was|are|is|have|has|had|et|and|ou|or|qui"
    r"|who|que|that|dont|including|mais|but|à|au|aux|en|dans|pour|par|avec|après|pendant|lors|depuis|sur"
    r"|sous|contre|vers|selon|to|in|on|at|from|with|by|after|for|due|because|during|while|when|since"
    r"|than)\b)[^\W\d][\w'-]*){0,4}?"
)
_RIGHT = [
    (
        _KOW,
        re.compile(
            rf"{_GAP}\s+(?:(?:morts?|mortes?|tu[ée]e?s?|killed|dead)\s+(?:ou|et|or|and)\s+"
            r"(?:bless[ée]e?s?|wounded|injured)|casualties)\b",
            re.IGNORECASE,
        ),
    ),
    (
        _KILLED,
        re.compile(
            rf"{_GAP}\s+(?:morts?|mortes?|tu[ée]e?s?|martyrs?|victimes?|killed|dead|fatalities|deaths)\b",
            re.IGNORECASE,
        ),
    ),
    (
        _WOUNDED,
        re.compile(rf"{_GAP}\s+(?:bless[ée]e?s?|wounded|injured|hurt|injuries)\b", re.IGNORECASE),
    ),
]
_COORDINATION = re.compile(
    r"\s*(?:[^\W\d][\w'-]*\s*){0,3}?(?:,\s*(?:et|and)?|et|and|ainsi\s+que|as\s+well\s+as)\s*", re.IGNORECASE
)


def _label_from_context(text: str, number: _Number) -> str | None:
    """The label given by a verb just before the number or a casualty word just after it."""
    before = text[max(0, number.start - 80) : number.start]
    for label, pattern in _LEFT:
        if pattern.search(before):
            return label
    for label, pattern in _RIGHT:
        if pattern.match(text, number.end):
            return label
    return None


def _coordinate(text: str, numbers: list[_Number]) -> None:
    """Give "deux soldats et trois civils tués" and "tuant trois soldats et deux civils" one label."""
    changed = True
    while changed:
        changed = False
        for left, right in zip(numbers, numbers[1:], strict=False):
            if left.skip or right.skip or (left.label is None) == (right.label is None):
                continue
            if not _COORDINATION.fullmatch(text, left.end, right.start):
                continue
            unlabelled = right if left.label else left
            if _head_is_person(_head(text, unlabelled.end)):
                unlabelled.label = left.label or right.label
                changed = True


# --------------------------------------------------------------------------------------------------
# Passive and intransitive verbs, with their subjects

_FR_ADV = r"(?:(?:tous|toutes|également|aussi|\w+ment)\s+){0,2}"
_EN_ADV = r"(?:(?:all|also|both|reportedly|allegedly|\w+ly)\s+){0,2}"
_FR_KILL_PP = (
    r"(?:tu[ée]|[ée]limin[ée]|abattu|ex[ée]cut[ée]|massacr[ée]|assassin[ée]|fusill[ée]|[ée]gorg[ée])"
)
_FR_PLURAL_AUX = (
    rf"(?:(?:ont|avaient|auraient|auront)\s+{_FR_ADV}été|sont|furent|seront|seraient)\s+{_FR_ADV}"
)
_FR_SINGULAR_AUX = rf"(?:(?:a|avait|aurait|aura)\s+{_FR_ADV}été|est|fut|sera|serait)\s+{_FR_ADV}"
_EN_PLURAL_AUX = rf"(?:were|are|have\s+been|had\s+been|would\s+have\s+been)\s+{_EN_ADV}"
_EN_SINGULAR_AUX = rf"(?:was|is|has\s+been|had\s+been|would\s+have\s+been)\s+{_EN_ADV}"
_EN_KILL_PP = r"(?:killed|shot\s+dead|executed|slain|murdered|massacred|beheaded|assassinated)"

#: (label, grammatical number, pattern), most specific first.
_VERBS = [
    (_KOW, "plural", rf"{_FR_PLURAL_AUX}(?:tu[ée]e?s|morts|mortes)\s+(?:ou|et)\s+bless[ée]e?s"),
    (_KOW, "plural", rf"{_EN_PLURAL_AUX}(?:killed|dead)\s+(?:or|and)\s+(?:wounded|injured)"),
    (_KILLED, "plural", rf"{_FR_PLURAL_AUX}{_FR_KILL_PP}e?s"),
    (
        _KILLED,
        "plural",
        r"(?:sont|seraient)\s+(?:morts|mortes|d[ée]c[ée]d[ée]e?s|tomb[ée]e?s\s+en\s+martyrs)"
        r"|ont\s+(?:p[ée]ri|perdu\s+la\s+vie|trouv[ée]\s+la\s+mort|succomb[ée])",
    ),
    (_KILLED, "plural", rf"{_EN_PLURAL_AUX}{_EN_KILL_PP}|lost\s+their\s+lives"),
    (_KILLED, "any", r"died|perished"),
    (_KILLED, "singular", rf"{_FR_SINGULAR_AUX}{_FR_KILL_PP}e?"),
    (
        _KILLED,
        "singular",
        r"(?:est|serait)\s+(?:mort|morte|d[ée]c[ée]d[ée]e?|tomb[ée]e?\s+en\s+martyr)"
        r"|a\s+(?:p[ée]ri|perdu\s+la\s+vie|trouv[ée]\s+la\s+mort|succomb[ée])",
    ),
    (_KILLED, "singular", rf"{_EN_SINGULAR_AUX}{_EN_KILL_PP}|lost\s+(?:his|her)\s+life"),
    (_WOUNDED, "plural", rf"{_FR_PLURAL_AUX}bless[ée]e?s"),
    (_WOUNDED, "plural", rf"{_EN_PLURAL_AUX}(?:wounded|injured|hurt)"),
    (_WOUNDED, "singular", rf"{_FR_SINGULAR_AUX}bless[ée]e?"),
    (_WOUNDED, "singular", rf"{_EN_SINGULAR_AUX}(?:wounded|injured|hurt)"),
]
_VERB_PATTERNS = [
    (label, grammar, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE))
    for label, grammar, pattern in _VERBS
]
_CLAUSE_END = re.compile(r"[.;:!?()\[\]]")
_NEGATION_BEFORE = re.compile(r"(?:\bn'|\bne\s+)\Z", re.IGNORECASE)
_NEGATED_SUBJECT = re.compile(r"\b(?:no(?!\s+(?:fewer|less)\b)|none|nobody|aucune?|nul)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_SUBJECT_MAX_WORDS = 12


def _verb_matches(text: str) -> list[tuple[int, int, str, str]]:
    """The casualty verbs of the text, without overlaps, in reading order."""
    found: list[tuple[int, int, str, str]] = []  # disjoint, kept sorted
    for label, grammar, pattern in _VERB_PATTERNS:
        for match in pattern.finditer(text):
            k = bisect.bisect_left(found, (match.start(),))
            if (k > 0 and found[k - 1][1] > match.start()) or (k < len(found) and found[k][0] < match.end()):
                continue  # overlaps a verb already found
            found.insert(k, (match.start(), match.end(), label, grammar))
    return found


def _subjects(text: str, numbers: list[_Number], verb_start: int, clause_start: int,
              ends: list[int]) -> list[_Number]:
    """The unlabelled numbers counting a verb's subject: the nearest one, with those coordinated to it."""
    subjects: list[_Number] = []
    # numbers are in text order and do not overlap (``ends`` their ends): from the last one before the verb
    for k in range(bisect.bisect_right(ends, verb_start) - 1, -1, -1):
        number = numbers[k]
        if number.start < clause_start:
            break  # and so do all the numbers before it
        if number.label is not None:
            break  # the subject is past a figure already read
        if number.skip:
            continue
        if not subjects:
            if len(_WORD.findall(text, number.end, verb_start)) > _SUBJECT_MAX_WORDS:
                break
            subjects.append(number)
        elif _COORDINATION.fullmatch(text, number.end, subjects[-1].start) and _head_is_person(
            _head(text, number.end)
        ):
            subjects.append(number)
        else:
            break
    return subjects


def _negated(text: str, start: int) -> bool:
    """Whether ``n'`` or ``ne`` comes just before ``start`` (``_NEGATION_BEFORE`` on ``text[:start]``).

    The search starts a few characters before the blank run that ends at ``start``, not at the
    start of the text, so that a sentence with many verbs is not read again for each of them.
    """
    blank = start
    while blank > 0 and text[blank - 1].isspace():
        blank -= 1
    return _NEGATION_BEFORE.search(text, max(0, min(blank, start - 2) - 3), start) is not None


def _read_verbs(text: str, numbers: list[_Number]) -> list[tuple[int, int, str, int]]:
    """Figures given by passive and intransitive verbs: (start, end, label, value)."""
    figures = []
    previous_end = 0
    ends = [n.end for n in numbers]
    for start, end, label, grammar in _verb_matches(text):
        clause_starts = [m.end() for m in _CLAUSE_END.finditer(text, previous_end, start)]
        clause_start = clause_starts[-1] if clause_starts else previous_end
        previous_end = end
        if _negated(text, start) or _NEGATED_SUBJECT.search(text, clause_start, start):
            continue
        subjects = _subjects(text, numbers, start, clause_start, ends)
        if grammar == "singular":
            one = subjects[0] if subjects and subjects[0].value == 1 else None
            if one is not None:
                one.label = label
                figures.append((one.start, one.end, label, 1))
            else:
                figures.append((start, end, label, 1))
            continue
        for number in subjects:
            number.label = label
            figures.append((number.start, number.end, label, number.value))
    return figures


# --------------------------------------------------------------------------------------------------
# Public functions


def parse_number(text: str) -> int | None:
    """Read the number that opens ``text``, in digits or in French or English words.

    Parameters
    ----------
    text : str
        A number phrase, possibly followed by what it counts ("35", "1 200", "dix-huit",
        "une dizaine de soldats", "dozens", "au moins 40", "entre 10 et 15").

    Returns
    -------
    int or None
        The value, or ``None`` when ``text`` does not open with a number or opens with one
        above ten million, which counts no incident's victims. Qualifiers are
        dropped and the lowest figure of a range is kept; "tens"/"des dizaines" is 10,
        "dozens" 12, "scores" 20, "hundreds"/"des centaines" 100; vague plurals ("plusieurs",
        "quelques", "several", "a few", "some") are 3. "un", "une", "a", "an", "one" and
        "some" are numbers only before a noun for people ("un soldat", "a fighter").

    Examples
    --------
    >>> parse_number("quatre-vingt-dix")
    90
    >>> parse_number("1.200")
    1200
    >>> parse_number("une quinzaine")
    15
    >>> parse_number("plus de 40 terroristes")
    40
    >>> parse_number("un village") is None
    True
    """
    text = _normalize(text)
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    match = _NUMBER["any"].match(text, offset)
    if match is None:
        return None
    value, kind = _read_match(match)
    if value > _MAX_FIGURE:
        return None
    if kind in ("one", "some"):
        casualty = match["core"].lower() not in ("a", "an")
        if not _head_is_person(_head(text, match.end()), casualty=casualty):
            return None
    return value


def find_casualties(sentence: str, lang: str) -> Casualties:
    """Find the killed, wounded and killed-or-wounded figures of a sentence.

    Parameters
    ----------
    sentence : str
        One sentence of a news article.
    lang : str
        Its language, ``"fr"`` or ``"en"``; anything else reads both.

    Returns
    -------
    Casualties
        The sum of the figures found under each label (``None`` for a label with none), and
        the span of each figure.

    Notes
    -----
    Dates, years, ages, distances, durations, equipment and places are never counted, nor
    are people a sentence does not say were harmed ("des dizaines de prisonniers",
    "transporté 40 personnes"). A subset of a figure ("dont trois enfants") is not counted
    again. A killing verb in the singular passive ("a été tué", "was killed") without a
    number counts one person killed; the same holds for "a été blessé", "was wounded".

    Examples
    --------
    >>> found = find_casualties("Au moins 12 soldats ont été tués et cinq autres blessés.", "fr")
    >>> found.killed, found.wounded, found.killed_or_wounded
    (12, 5, None)
    >>> find_casualties("L'offensive a tué ou blessé au moins 40 éléments.", "fr").killed is None
    True
    """
    text = _normalize(sentence)
    numbers = _scan_numbers(text, _lang_key(lang))
    for number in numbers:
        if not number.skip:
            number.label = _label_from_context(text, number)
    figures = _read_verbs(text, numbers)
    _coordinate(text, numbers)
    figures += [(n.start, n.end, n.label, n.value) for n in numbers if n.label and not n.skip]
    figures = sorted(set(figures))
    totals: dict[str, int] = {}
    for _, _, label, value in figures:
        totals[label] = totals.get(label, 0) + value
    return Casualties(
        killed=totals.get(_KILLED),
        wounded=totals.get(_WOUNDED),
        killed_or_wounded=totals.get(_KOW),
        spans=tuple((start, end, label) for start, end, label, _ in figures),
    )
