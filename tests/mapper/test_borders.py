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
