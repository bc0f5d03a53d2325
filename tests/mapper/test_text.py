"""Tests of mapper/pipeline/text.py: tokens, sentences, paragraphs, language, captions, furniture."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.pipeline.text import Paragraph, TextView, Token, detect_language, tokenize


def words(text):
    return [t.text for t in tokenize(text)]


# --------------------------------------------------------------------------------------------------
# tokenize


def test_text_tokenize_offsets_point_into_the_text():
    text = "Des tirs ont visé Hama, puis Homs."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["Des", "tirs", "ont", "visé", "Hama", "puis", "Homs"]
    for t in toks:
        assert text[t.start : t.end] == t.text
    assert (toks[4].start, toks[4].end) == (18, 22)


def test_text_tokenize_folds_accents_and_case():
    toks = tokenize("Soukhné ÉTAIT")
    assert [t.fold for t in toks] == ["soukhne", "etait"]
    assert toks[0].is_cap and not toks[0].is_upper
    assert toks[1].is_upper


@pytest.mark.parametrize(
    "text, expected",
    [
        ("près d’Abou Kamal", ["près", "d’", "Abou", "Kamal"]),
        ("près d'Abou Kamal", ["près", "d'", "Abou", "Kamal"]),
        ("vers l’Euphrate", ["vers", "l’", "Euphrate"]),
        ("L’Euphrate déborde", ["L’", "Euphrate", "déborde"]),
        ("qu'il a dit", ["qu'", "il", "a", "dit"]),
        ("jusqu’à Raqqa", ["jusqu’", "à", "Raqqa"]),
        ("l'autoroute M5", ["l'", "autoroute", "M5"]),
    ],
)
def test_text_tokenize_splits_french_elisions(text, expected):
    assert words(text) == expected


def test_text_tokenize_elision_offsets():
    text = "au nord d’Abou Kamal"
    toks = tokenize(text)
    d, abou = toks[2], toks[3]
    assert (d.text, d.fold) == ("d’", "d")
    assert (abou.start, abou.end) == (d.end, d.end + 4)
    assert text[abou.start : abou.end] == "Abou"


@pytest.mark.parametrize("name", ["Jala’a", "Jala'a", "Dar'a", "Ma‘arrat", "Saʿid"])
def test_text_tokenize_keeps_apostrophes_inside_names(name):
    text = f"Des combats à {name} hier."
    toks = tokenize(text)
    assert name in [t.text for t in toks]
    tok = next(t for t in toks if t.text == name)
    assert text[tok.start : tok.end] == name




@pytest.mark.parametrize(
    "text, first",
    [
        ("Raqqa's southern outskirts", "Raqqa"),
        ("Idlib’s countryside", "Idlib"),
        ("Aleppo's old city", "Aleppo"),
        pytest.param("Hama's countryside", "Hama"),
        pytest.param("Homs's suburbs", "Homs"),
        ("UK’s defence minister", "UK"),
        ("US's allies", "US"),
    ],
)
def test_text_tokenize_drops_english_possessive(text, first):
    tok = tokenize(text)[0]
    assert tok.text == first and (tok.start, tok.end) == (0, len(first))


def test_text_tokenize_keeps_a_short_word_with_an_apostrophe():
    assert [t.text for t in tokenize("Ra's al-Ain")][0] == "Ra's"


def test_text_tokenize_skips_punctuation_and_underscores():
    assert words("— « Homs » ; (Hama) __ 20 km !") == ["Homs", "Hama", "20", "km"]


def test_text_tokenize_empty_text():
    assert tokenize("") == []
    assert TextView("").tokens == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200))
def test_text_tokenize_offsets_property(text):
    toks = tokenize(text)
    previous_end = 0
    for t in toks:
        assert text[t.start : t.end] == t.text
        assert t.start >= previous_end
        previous_end = t.end


# --------------------------------------------------------------------------------------------------
# sentences and paragraphs


def test_text_sentences_split_on_end_marks_and_line_breaks():
    text = "Les combats ont repris. Des obus sont tombés ! Pourquoi ? Personne ne sait\nUn autre paragraphe"
    view = TextView(text)
    sentences = [text[slice(*view.sentence_span(i))].strip() for i in range(len(view.sentence_starts))]
    assert sentences == [
        "Les combats ont repris.",
        "Des obus sont tombés !",
        "Pourquoi ?",
        "Personne ne sait",
        "Un autre paragraphe",
    ]


def test_text_tokens_know_their_sentence_and_paragraph():
    text = "Premier. Deuxième.\nTroisième ici."
    view = TextView(text)
    assert [(t.text, t.sentence, t.paragraph) for t in view.tokens] == [
        ("Premier", 0, 0),
        ("Deuxième", 1, 0),
        ("Troisième", 2, 1),
        ("ici", 2, 1),
    ]


def test_text_sentence_of_offset():
    text = "Un. Deux. Trois."
    view = TextView(text)
    assert [view.sentence_of(text.index(w)) for w in ("Un", "Deux", "Trois")] == [0, 1, 2]
    assert view.sentence_of(len(text) - 1) == 2


def test_text_paragraphs_are_lines():
    text = "Première ligne.\nDeuxième ligne.\n\nQuatrième."
    view = TextView(text, lang="fr")
    assert [text[p.start : p.end] for p in view.paragraphs] == [
        "Première ligne.\n",
        "Deuxième ligne.\n",
        "\n",
        "Quatrième.",
    ]
    assert all(isinstance(p, Paragraph) for p in view.paragraphs)
    assert view.paragraphs[2].furniture  # an empty line holds no words


def test_text_token_dataclass_is_frozen():
    tok = tokenize("Homs")[0]
    assert isinstance(tok, Token)
    with pytest.raises(AttributeError):
        tok.text = "Hama"


# --------------------------------------------------------------------------------------------------
# language


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Les forces de la coalition ont frappé des positions dans la région après une attaque.", "fr"),
        ("Des combats ont eu lieu selon les témoins, qui sont restés sur place.", "fr"),
        ("The coalition said that it had struck positions in the region after an attack.", "en"),
        ("They were killed by a mine on the road from the town, which was taken.", "en"),
        ("Homs Hama Idlib", "und"),
        ("", "und"),
    ],
)
def test_text_detect_language(text, lang):
    assert detect_language(tokenize(text)) == lang
    assert TextView(text).lang == lang


def test_text_detect_language_takes_plain_words():
    assert detect_language(["le", "la", "des", "Homs"]) == "fr"
    assert detect_language(["the", "of", "Homs"]) == "en"
    assert detect_language(["le", "the"]) == "und"


def test_text_language_given_wins():
    view = TextView("The coalition said that it had struck the town.", lang="fr")
    assert view.lang == "fr"


# --------------------------------------------------------------------------------------------------
# captions and page furniture

ARTICLE_FR = (
    "Des combats ont eu lieu dans la région de Hama, selon des témoins sur place.\n"
    "Les forces du régime ont repris le contrôle de plusieurs villages après des frappes.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "Un combattant près de Homs, le 3 mars (AFP photo)",
        "Des civils fuient les combats (Reuters)",
        "Photo d'illustration (photo d'archives)",
        "© Getty Images",
        "Crédit : AFP",
        "Photo : un blindé à l'entrée de la ville",
    ],
)
def test_text_caption_detection(line):
    view = TextView(ARTICLE_FR + line + "\n")
    assert view.lang == "fr"
    assert [p.caption for p in view.paragraphs] == [False, False, True]


@pytest.mark.parametrize(
    "line",
    [
        "TIKRIT (Irak), 4 mai 2019 (AFP) - Trois soldats ont été tués près d'un village de la région.",
        "HOMS (AFP) — Des rebelles ont quitté la ville après un accord conclu avec le régime.",
        "BEYROUTH, 2 juin (Reuters) – Des frappes ont visé des positions rebelles près de la frontière.",
        "ALEP (AFP)-Des obus sont tombés sur un quartier de l'est de la ville pendant la nuit.",
    ],
)
def test_text_dateline_is_not_a_caption(line):
    """An agency credit followed by a dash opens a dispatch: the lead paragraph is text."""
    view = TextView(line + "\n" + ARTICLE_FR)
    assert [p.caption for p in view.paragraphs] == [False, False, False]
    assert TextView(ARTICLE_FR + line.split(" - ")[-1] + " (AFP)\n").paragraphs[-1].caption


def test_text_foreign_language_paragraph_is_a_caption():
    text = ARTICLE_FR + "The fighters were seen near the town on the road to the border with Turkey.\n"
    view = TextView(text)
    assert view.lang == "fr"
    last = view.paragraphs[-1]
    assert last.lang == "en" and last.caption
    assert not view.paragraphs[0].caption


def test_text_short_paragraph_takes_the_article_language():
    view = TextView(ARTICLE_FR + "Homs, le 3 mars.\n")
    assert view.paragraphs[-1].lang == "fr"
    assert not view.paragraphs[-1].caption


def test_text_no_foreign_caption_when_article_language_unknown():
    text = "Homs Hama\nThe fighters were seen near the town on the road to the border with Turkey."
    view = TextView(text, lang="und")
    assert view.paragraphs[-1].lang == "en"
    assert not any(p.caption for p in view.paragraphs)


@pytest.mark.parametrize(
    "line",
    [
        "Partager cet article",
        "Partager sur Facebook",
        "SOURCE: Agence France-Presse",
        "Sources : témoins locaux",
        "Share this story",
        "Lire aussi : les combats à Homs",
        "Read more: fighting near Hama",
        "Tags: Syrie, Irak",
        "Votre commentaire",
        "Tous droits réservés",
        "Copyright 2021",
        "Advertisement",
        "Publicité",
    ],
)
def test_text_page_furniture(line):
    view = TextView(ARTICLE_FR + line)
    assert [p.furniture for p in view.paragraphs] == [False, False, True]


@pytest.mark.parametrize(
    "line",
    [
        "La source de l'information est un témoin.",
        "Les combattants se partagent la ville de Homs.",
        "Il a partagé une vidéo des combats.",
    ],
)
def test_text_furniture_words_inside_a_sentence_are_text(line):
    view = TextView(ARTICLE_FR + line)
    assert not view.paragraphs[-1].furniture
