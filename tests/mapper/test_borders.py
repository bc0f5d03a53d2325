"""Tests of mapper/pipeline/borders.py: borders named by the two countries they separate."""

import pytest

from mapper.pipeline.borders import PREFIXES, find_borders
from mapper.pipeline.text import TextView


def borders(text):
    return find_borders(TextView(text))


@pytest.mark.parametrize(
    "text, surface, name, country, other",
    [
        (
            "Des milices patrouillent le long des frontières syro-irakiennes.",
            "frontières syro-irakiennes",
            "Syria–Iraq border",
            "SY",
            "IQ",
        ),
        (
            "Des renforts ont été envoyés vers la frontière syro-turque.",
            "frontière syro-turque",
            "Syria–Turkey border",
            "SY",
            "TR",
        ),
        (
            "Smugglers cross the Syrian-Iraqi border at night.",
            "the Syrian-Iraqi border",
            "Syria–Iraq border",
            "SY",
            "IQ",
        ),
        (
            "The Iraq-Syria border was closed on Monday.",
            "The Iraq-Syria border",
            "Iraq–Syria border",
            "IQ",
            "SY",
        ),
        (
            "Des passeurs franchissent la frontière syro-libanaise.",
            "frontière syro-libanaise",
            "Syria–Lebanon border",
            "SY",
            "LB",
        ),
        (
            "Les tirs ont visé la frontière irako-syrienne.",
            "frontière irako-syrienne",
            "Iraq–Syria border",
            "IQ",
            "SY",
        ),
        (
            "Trucks queued at the Syria/Jordan border.",
            "the Syria/Jordan border",
            "Syria–Jordan border",
            "SY",
            "JO",
        ),
        (
            "Des renforts à la frontière syro–turque.",
            "frontière syro–turque",
            "Syria–Turkey border",
            "SY",
            "TR",
        ),
    ],
)
def test_borders_named_by_two_countries(text, surface, name, country, other):
    found = borders(text)
    assert len(found) == 1
    m = found[0]
    assert m.text == surface and text[m.start : m.end] == surface
    assert m.name == name and m.country == country
    assert m.feature == "L.BDR" and m.precision == 3
    assert m.reason == f"border between {country} and {other}"
    assert m.sentence == 0 and not m.caption


@pytest.mark.parametrize(
    "text",
    [
        "Les échanges syro-libanais se sont intensifiés.",
        "Les relations syro-irakiennes sont tendues.",
        "The Syrian-Iraqi talks resumed on Monday.",
        "La frontière syro-syrienne n'existe pas.",  # one country twice
        "La frontière franco-belge est calme.",  # countries outside the list
        "Il a franchi la frontière.",
    ],
)
def test_borders_not_a_border(text):
    assert borders(text) == []


def test_borders_several_in_text_order():
    text = (
        "La frontière syro-turque est fermée.\n"
        "Plus au sud, la frontière syro-irakienne reste ouverte aux camions."
    )
    found = borders(text)
    assert [m.name for m in found] == ["Syria–Turkey border", "Syria–Iraq border"]
    assert [m.sentence for m in found] == [0, 1]


def test_borders_caption_flag():
    text = (
        "Des combats ont eu lieu près de la ville selon des témoins sur place.\n"
        "Un poste à la frontière syro-turque, le 3 mars (AFP photo)\n"
    )
    (m,) = borders(text)
    assert m.caption


def test_borders_unresolved_point():
    (m,) = borders("La frontière syro-turque est fermée.")
    assert m.lat is None and m.lon is None and not m.resolved


def test_borders_prefix_table():
    assert {PREFIXES[w] for w in ("syro", "syrien", "syrian", "syria")} == {"SY"}
    assert {PREFIXES[w] for w in ("irako", "iraqi", "iraq")} == {"IQ"}
    assert PREFIXES["turco"] == PREFIXES["turkish"] == "TR"


def test_borders_replace_overlapping_mentions_in_the_geoparser(geoparser):
    text = "Des milices patrouillent le long des frontières syro-irakiennes près d’Abou Kamal."
    parsed = geoparser.parse_text(text)
    assert [m.text for m in parsed.mentions] == ["frontières syro-irakiennes", "Abou Kamal"]
    assert parsed.mentions[0].feature == "L.BDR"
    text = "Smugglers cross the Syrian-Iraqi border near Abu Kamal at night."
    parsed = geoparser.parse_text(text)
    assert [m.name for m in parsed.mentions][0] == "Syria–Iraq border"
    assert [m.text for m in parsed.mentions][1] == "Abu Kamal"


@pytest.mark.parametrize(
    "text, home, surface, name, country, reason",
    [
        ("Des renforts ont été envoyés vers la frontière turque.", "SY", "frontière turque",
         "Syria–Turkey border", "SY", "border between SY and TR"),
        ("Les jihadistes se sont repliés jusqu’aux confins irakiens.", "SY", "confins irakiens",
         "Syria–Iraq border", "SY", "border between SY and IQ"),
        ("Le camp se trouve près des frontières jordanienne et irakienne.", "SY",
         "frontières jordanienne et irakienne", "Syria–Jordan and Syria–Iraq borders", "SY",
         "border between SY and JO, IQ"),
        ("Des yézidis ont fui vers la frontière syrienne.", "IQ", "frontière syrienne",
         "Iraq–Syria border", "IQ", "border between IQ and SY"),
        # the article is about the country named, or about none: the border of that country
        ("Ankara a renforcé la frontière turque.", "TR", "frontière turque", "Turkey's border", "TR",
         "border of TR"),
        ("Des renforts vers la frontière turque.", None, "frontière turque", "Turkey's border", "TR",
         "border of TR"),
    ],
)
def test_borders_named_by_one_country(text, home, surface, name, country, reason):
    (m,) = find_borders(TextView(text), home)
    assert (m.text, text[m.start : m.end]) == (surface, surface)
    assert (m.name, m.country, m.reason, m.feature) == (name, country, reason, "L.BDR")
    assert m.lat is None


@pytest.mark.parametrize(
    "text",
    [
        "Abou Kamal est située sur les frontières syriennes avec l'Irak et la Jordanie.",  # named by Iraq
        "Les forces turques ont avancé.",  # no border noun
        "Smugglers cross the Turkish border at night.",  # the English adjective stays the country's
    ],
)
def test_borders_not_a_border_of_one_country(text):
    assert find_borders(TextView(text), "SY") == []


def test_borders_one_country_and_the_article_country_in_the_geoparser(geoparser):
    text = ("Des frappes ont visé Saraqeb et Maarat al-Numan, dans la province d'Idleb en Syrie. "
            "Des milliers de civils ont fui vers la frontière turque.")
    parsed = geoparser.parse_text(text)
    border = next(m for m in parsed.mentions if m.feature == "L.BDR")
    assert (border.text, border.name) == ("frontière turque", "Syria–Turkey border")
