"""Hypothesis strategies for hostile text: what scraped articles and odd queries can hold.

Control characters and NUL, bidirectional marks (U+200F, U+202E ...), invisible and exotic
spaces, combining marks, Arabic, Latin and CJK mixed, very long tokens, empty and blank texts,
and texts built from real place names and conflict vocabulary with noise between them, so that
the deeper paths of the geoparser and of the incident extractor run too.
"""

from __future__ import annotations

from hypothesis import strategies as st

CONTROL = [chr(c) for c in range(32)] + ["\x7f", "\x80", "\x85", "\x9f"]
BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e"]
SPACES = [" ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u00a0",
          "\u1680", "\u2000", "\u2007", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
COMBINING = ["\u0301", "\u0308", "\u0327", "\u0651", "\u064b", "\u0670", "\u20dd", "\u0300\u0301\u0302\u0303"]

PLACES = [
    "Raqqa", "al-Mayadin", "Deir ez-Zor", "Deir Ezzor", "Abou Kamal", "Albu Kamal", "Palmyre", "Palmyra",
    "Tikrit", "Mossoul", "Mosul", "Idleb", "Alep", "Damas", "Damascus", "Homs", "Hama", "Hassaké",
    "Qamichli", "al-Tanf", "Tal Afar", "Kobané", "Manbij", "Khan Cheikhoun", "Jisr al-Choughour",
    "Ra's al 'Ayn", "Al-Jala’a", "الميادين", "البوكمال", "دير الزور", "الرقة", "حلب", "大马士革", "阿勒颇",
    "Дамаск", "Washington", "Paris", "M4", "l’autoroute M4", "l'Euphrate", "the Euphrates", "la Badia",
]
CONFLICT = [
    "Des frappes près d'al-Mayadin ont tué 5 civils", "clashes near Raqqa killed 3",
    "une embuscade de Daech", "a roadside bomb struck an army patrol", "au moins 12 soldats ont été tués",
    "were killed", "ont été blessés", "tuant", "killed", "wounded", "selon l'OSDH",
    "according to a source in", "depuis la région de", "from", "à 10 km au nord de", "10 km north of",
    "la route reliant", "the road between",
    "cette même ville", "le 24 janvier 2021", "on Monday", "hier", "date 2021-01-24", "l'armée syrienne",
    "Daech", "ISIS", "SDF", "HTS", "frappe aérienne", "airstrike", "des dizaines de", "dozens of",
    "entre 10 et 15", "plus de 40", "dont trois enfants", "n'ont pas été tués", "(AFP photo)", "Partager",
]
NUMBER_WORDS = ["1 200", "1,200", "1.200", "١٢٣", "𝟓", "³", "½", "-5", "+5", "1e308", "0x1F", "00007",
                "4 300", "dix-huit", "quatre-vingt-dix", "a dozen"]

#: Any character but a lone surrogate: what a UTF-8 file or stream can carry.
ENCODABLE = st.characters(codec="utf-8")

marks = st.sampled_from(CONTROL + BIDI + INVISIBLE + SPACES + COMBINING)
words = st.sampled_from(PLACES + CONFLICT)
numbers = st.one_of(st.integers(0, 10**30).map(str), st.sampled_from(NUMBER_WORDS),
                    st.integers(4_000, 6_000).map(lambda n: "9" * n))  # more digits than int() takes
noise = st.text(alphabet=ENCODABLE, max_size=30)
#: A token of 1,000 to 10,000 repeats of a unit: letters, digits, marks or a name.
long_tokens = st.builds(
    lambda unit, n: unit * n,
    st.sampled_from(["a", "é", "ق", "字", "7", "-", "\u0301", "\u202e", "Raqqa", "x'", "Al-", "\u200b", "."]),
    st.integers(1_000, 10_000),
).map(lambda token: token[:10_000])
separators = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "\n\n", "", "; ", " : ", "\u200f ", "\t",
                              " - "])

#: Empty and whitespace-only texts, invisible characters included.
blank_texts = st.lists(st.sampled_from(SPACES + ["\u200b", "\ufeff"]), max_size=20).map("".join)


def _join(parts: list[tuple[str, str]]) -> str:
    return "".join(piece + sep for piece, sep in parts)


#: Real names and conflict vocabulary among noise, marks and numbers; now and then a very long token.
mixed_texts = st.lists(
    st.tuples(st.one_of(words, words, words, numbers, noise, marks, long_tokens), separators), max_size=40
).map(_join)

TRIGGERS = ["Des frappes", "Une frappe aérienne", "Une embuscade de Daech", "Des affrontements",
            "Des combats", "Un attentat", "Clashes", "An airstrike", "A roadside bomb", "Fighting",
            "Shelling", "An ambush"]
WHERE = ["près d'", "près de", "à", "dans la région de", "au nord d'", "à 20 km au sud de",
         "sur la route reliant Homs à", "near", "in", "10 km north of", "on the road between Raqqa and",
         "outside", "selon une source à", "depuis"]
HARM = ["ont tué", "a tué", "tuant", "ont blessé", "a fait", "killed", "wounded", "left", "killing"]
VICTIMS = ["civils", "soldats", "combattants", "civilians", "soldiers", "people", "militants", "morts",
           "dead"]
TOLLS = ["3", "trois", "au moins 12", "entre 10 et 15", "des dizaines de", "dozens of", "plusieurs", "1 200",
         "two", "at least 40"]
ENDS = [".", ".", " hier.", " on Monday.", " le 24 janvier 2021.", "!", "", ";", " (AFP)."]
#: Between words: mostly a space, sometimes a mark, a control character or noise.
word_gaps = st.one_of(st.just(" "), st.just(" "), st.just(" "), st.just(" "), marks.map(lambda m: " " + m),
                      noise.map(lambda n: " " + n + " "), st.sampled_from(["\u00a0", "\n", " \u200f", "  "]))


def _interleave(words: list[str]):
    return st.lists(word_gaps, min_size=len(words), max_size=len(words)).map(
        lambda gaps: "".join(w + g for w, g in zip(words, gaps, strict=True)))


#: A report's sentence, "<trigger> <where> <place> <harm> <toll> <victims><end>", with hostile gaps.
sentences = st.tuples(
    st.sampled_from(TRIGGERS), st.sampled_from(WHERE), st.sampled_from(PLACES), st.sampled_from(HARM),
    st.one_of(st.sampled_from(TOLLS), numbers), st.sampled_from(VICTIMS), st.sampled_from(ENDS),
).map(list).flatmap(_interleave)

#: Articles of such sentences, with mixed vocabulary and noise among them.
articles = st.lists(st.tuples(st.one_of(sentences, sentences, sentences, mixed_texts),
                              st.sampled_from([" ", "\n", "\n\n", "", "\r\n", "\u2029"])),
                    min_size=1, max_size=6).map(_join)

#: Everything a document's text may be: articles, mixed vocabulary, arbitrary Unicode, or blank.
hostile_texts = st.one_of(articles, articles, mixed_texts, st.text(alphabet=ENCODABLE, max_size=300),
                          blank_texts)

#: Place-name queries: a name with marks and noise around it, arbitrary text (lone surrogates
#: included), blank strings, and very long tokens.
queries = st.one_of(
    st.tuples(st.one_of(marks, noise), st.sampled_from(PLACES), st.one_of(marks, noise)).map("".join),
    st.text(max_size=60),
    blank_texts,
    long_tokens,
    st.tuples(st.sampled_from(PLACES), st.sampled_from(COMBINING + BIDI)).map("".join),
)
