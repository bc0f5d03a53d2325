"""Tests of mapper/pipeline/recognize.py: capitalised runs, cuts into known names, lower-case names,
roads and named entities."""

import pytest

from mapper.pipeline.recognize import (
    ARABIC_PARTICLES,
    CONNECTORS,
    SpanCandidate,
    capitalised_runs,
    find_spans,
)
from mapper.pipeline.text import TextView
from tests.mapper.fakes import candidate, names


class FakeLookup:
    """A gazetteer stand-in: knows a few folded names, per source, and records the questions."""

    def __init__(self, names=(), *, roads=(), lower=()):
        self.names, self.roads, self.lower = set(names), set(roads), set(lower)
        self.calls = []

    def __call__(self, query, source):
        self.calls.append((query, source))
        known = {"road": self.roads, "lower": self.lower}.get(source, self.names)
        return [candidate(query)] if query in known else []


def surfaces(text, spans):
    return [(text[sp.start : sp.end], sp.source) for sp in spans]


def runs(text):
    view = TextView(text)
    return [text[view.tokens[a].start : view.tokens[b - 1].end] for a, b in capitalised_runs(view)]


# --------------------------------------------------------------------------------------------------
# capitalised runs


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Des combats à Deir ez-Zor hier.", ["Des", "Deir ez-Zor"]),
        ("Ils ont repris al Quaryantayn mardi.", ["Ils", "al Quaryantayn"]),
        ("Des tirs sur Jisr al-Shughur et Ariha.", ["Des", "Jisr al-Shughur", "Ariha"]),
        ("Un raid près d’Abou Kamal.", ["Un", "Abou Kamal"]),
        ("la route Deir Ezzor-Damas est coupée", ["Deir Ezzor-Damas"]),
        ("vers Ras al-Ayn", ["Ras al-Ayn"]),
        ("à Tell Abyad, Manbij", ["Tell Abyad", "Manbij"]),
    ],
)
def test_recognize_capitalised_runs_keep_arabic_particles(text, expected):
    assert runs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("vers Homs de nuit", ["Homs"]),  # a particle at the end of a run is left out
        ("entre Homs et Hama", ["Homs", "Hama"]),  # "et" is no particle
        ("L’Euphrate coule", ["Euphrate"]),  # an elided article starts no name
        ("à Homs\nHama", ["Homs", "Hama"]),  # a line break ends a run
        ("à Homs, Hama", ["Homs", "Hama"]),  # so does a comma
    ],
)
def test_recognize_capitalised_runs_boundaries(text, expected):
    assert runs(text) == expected


def test_recognize_particles_are_connectors():
    assert {"al", "ez", "ash", "abou", "bin", "umm"} <= ARABIC_PARTICLES
    assert ARABIC_PARTICLES < CONNECTORS
    assert {"de", "la", "of"} <= CONNECTORS - ARABIC_PARTICLES


# --------------------------------------------------------------------------------------------------
# find_spans with a fake gazetteer


def test_recognize_whole_run_asked_first():
    text = "Des combats à Deir ez-Zor hier."
    lookup = FakeLookup({"deir ez zor"})
    spans = find_spans(TextView(text), lookup)
    assert surfaces(text, spans) == [("Deir ez-Zor", "cap")]
    sp = spans[0]
    assert isinstance(sp, SpanCandidate)
    assert sp.query == "deir ez zor" and names(sp.candidates) == ["deir ez zor"] and sp.veto is None
    assert ("deir ez zor", "cap") in lookup.calls


def test_recognize_unknown_run_starting_with_particle_is_kept_for_a_closer_look():
    text = "Les rebelles ont repris al Quaryantayn hier."
    spans = find_spans(TextView(text), FakeLookup())
    assert surfaces(text, spans) == [("al Quaryantayn", "cap")]
    assert spans[0].candidates == [] and spans[0].query == "al quaryantayn"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("La grande mosquée al-Nouri de Mossoul a été détruite.", [("Mossoul", "sub")]),
        ("Le marché al-Hal de Mossoul a rouvert.", [("Mossoul", "sub")]),
        ("The al-Nuri Mosque of Mosul was rebuilt.", [("Mosul", "sub")]),
    ],
)
def test_recognize_run_linking_two_names_is_looked_into(text, expected):
    """A run from a particle to a known name, linked by "de"/"of", names the known place."""
    spans = find_spans(TextView(text), FakeLookup({"mossoul", "mosul"}))
    assert surfaces(text, spans) == expected


@pytest.mark.parametrize(
    "text, known, expected",
    [
        ("La route Deir Ezzor-Damas est coupée.", {"deir ezzor", "damas"}, ["Deir Ezzor", "Damas"]),
        ("Le convoi Alep-Raqqa a été visé.", {"alep", "raqqa"}, ["Alep", "Raqqa"]),
        ("Les habitants de Homs Nord ont fui.", {"homs"}, ["Homs"]),
    ],
)
def test_recognize_runs_cut_into_known_names(text, known, expected):
    spans = find_spans(TextView(text), FakeLookup(known))
    assert [(s, src) for s, src in surfaces(text, spans)] == [(e, "sub") for e in expected]
    for sp in spans:
        assert sp.run_first <= sp.first


@pytest.mark.parametrize(
    "text, known, expected",
    [
        ("Officials in Trinidad and Tobago said so.", {"trinidad and tobago", "trinidad", "tobago"},
         [("Trinidad and Tobago", "cap")]),
        ("Troops left Syria and Iraq in May.", {"syria", "iraq"}, [("Syria", "cap"), ("Iraq", "cap")]),
    ],
)
def test_recognize_runs_linked_by_and_joined_only_when_known(text, known, expected):
    spans = find_spans(TextView(text), FakeLookup(known))
    assert [s for s in surfaces(text, spans) if s[0] != "Officials"] == expected
    assert not any(sp.name_part for sp in spans)


@pytest.mark.parametrize("text, expected", [
    ("Fans in St. Louis cheered.", ["Fans", "St. Louis"]),
    ("Mt. Vernon and Ft. Worth", ["Mt. Vernon", "Ft. Worth"]),
    ("He met Dr. Smith.", ["He", "Dr", "Smith"]),  # a title is not part of the name
])
def test_recognize_abbreviation_with_a_full_stop_inside_a_name(text, expected):
    assert runs(text) == expected


ABBREVIATIONS = {"N.C.": "north carolina", "Mont.": "montana", "SC": "south carolina", "Miss.": "mississippi"}


@pytest.mark.parametrize(
    "text, surface, query",
    [
        ("RALEIGH, N.C. (AP) - A report.", "N.C.", "north carolina"),
        ("HELENA, Mont. (AP) - Montana said.", "Mont", "montana"),
        ("Police in Conway, SC said so.", "SC", "south carolina"),
    ],
)
def test_recognize_state_abbreviation_after_a_town(text, surface, query):
    lookup = FakeLookup({"raleigh", "helena", "conway", "north carolina", "montana", "south carolina"})
    spans = find_spans(TextView(text), lookup, abbreviations=ABBREVIATIONS)
    sp = next(sp for sp in spans if text[sp.start : sp.end] == surface)
    assert (sp.query, names(sp.candidates)) == (query, [query])


@pytest.mark.parametrize("text", ["Miss. Smith came.", "They met Miss Smith.", "He went to SC games.", "Yes, SC won."])
def test_recognize_state_abbreviation_needs_a_town_and_a_comma_before(text):
    spans = find_spans(TextView(text), FakeLookup({"mississippi", "south carolina"}), abbreviations=ABBREVIATIONS)
    assert not any(sp.query in ("mississippi", "south carolina") for sp in spans)


def test_recognize_name_ending_in_a_noun_of_kind():
    text = "Boats on the Mississippi River passed Fire Island and the Thames Valley."
    spans = find_spans(TextView(text), FakeLookup({"mississippi", "island", "valley", "thames", "fire"}))
    found = {text[sp.start : sp.end]: sp.kind_after for sp in spans}
    found.pop("Boats", None)
    assert found == {"Mississippi": "river", "Fire": "island", "Thames": "valley"}  # "Island", "Valley" alone: no


@pytest.mark.parametrize(
    "text, paired",
    [
        ("La route Damas-Deir Ezzor a été coupée.", True),
        ("The Aleppo-Damascus highway reopened.", True),
        ("Michelle Mungall, MLA for Nelson-Creston, spoke.", False),  # a riding, not a road
    ],
)
def test_recognize_two_names_a_road_joins(text, paired):
    known = {"damas", "deir ezzor", "aleppo", "damascus", "nelson", "creston"}
    spans = [sp for sp in find_spans(TextView(text), FakeLookup(known)) if sp.source == "sub"]
    assert len(spans) == 2 and all(sp.paired is paired for sp in spans)


def test_recognize_cut_prefers_the_longest_known_name():
    text = "Les combats de Tell Abyad Sud ont cessé."
    spans = find_spans(TextView(text), FakeLookup({"tell abyad", "tell", "abyad"}))
    assert surfaces(text, spans) == [("Tell Abyad", "sub")]


def test_recognize_single_stopword_is_never_asked():
    text = "Selon des témoins, Homs est calme. Mais tout change à Hama."
    lookup = FakeLookup({"selon", "mais", "homs", "hama"})
    spans = find_spans(TextView(text), lookup)
    assert surfaces(text, spans) == [("Homs", "cap"), ("Hama", "cap")]
    assert ("selon", "cap") not in lookup.calls and ("mais", "cap") not in lookup.calls


def test_recognize_single_word_of_a_longer_name_is_marked():
    text = "John Kelly est arrivé. Kelly a parlé."
    spans = find_spans(TextView(text), FakeLookup({"kelly"}))
    kelly = [sp for sp in spans if text[sp.start : sp.end] == "Kelly"]
    assert [sp.source for sp in kelly] == ["sub", "cap"]
    assert kelly[1].name_part


@pytest.mark.parametrize(
    "text",
    [
        "Des missiles au-dessus de la région du Golan. (Photo) Vue du Golan depuis Majdal Shams.",
        "Golan est calme. Les Hauteurs du Golan sont occupées.",
    ],
)
def test_recognize_name_after_a_link_in_a_longer_name_is_not_marked(text):
    # "Vue du Golan": after "du" stands a name of its own, which a lone "Golan" elsewhere still is
    spans = find_spans(TextView(text), FakeLookup({"golan"}))
    golan = [sp for sp in spans if text[sp.start : sp.end] == "Golan" and sp.source == "cap"]
    assert golan and not any(sp.name_part for sp in golan)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Des cellules se cachent dans la badia, selon des sources.", "la badia"),
        ("Des raids ont visé la badia syrienne.", "la badia"),
    ],
)
def test_recognize_lower_case_names(text, name):
    lookup = FakeLookup(lower={name})
    spans = find_spans(TextView(text), lookup, lowercase_names={name: len(name.split())})
    assert surfaces(text, spans) == [(name, "lower")]


def test_recognize_lower_case_names_need_the_list():
    text = "Des cellules se cachent dans la badia."
    assert find_spans(TextView(text), FakeLookup(lower={"la badia"})) == []


def test_recognize_lower_case_name_needs_its_full_width():
    text = "Des cellules dans la badia."
    # "badia" is listed as a two-word name only: one word alone is not enough
    spans = find_spans(TextView(text), FakeLookup(lower={"badia"}), lowercase_names={"badia": 2})
    assert spans == []


@pytest.mark.parametrize(
    "text, surface, query",
    [
        ("Un convoi a sauté sur la route M20 mardi.", "la route M20", "m20"),
        ("Des combats sur l’autoroute M5 près de Hama.", "l’autoroute M5", "m5"),
        ("Des combats sur l'autoroute M5 près de Hama.", "l'autoroute M5", "m5"),
        ("Un barrage sur la route 7 au nord.", "la route 7", "7"),
        ("Traffic resumed on highway M4 on Monday.", "highway M4", "m4"),
        ("Un convoi sur la route N 4 vers le nord.", "la route N 4", "n4"),
        ("An attack on the M4 near Ariha.", "M4", "m4"),
    ],
)
def test_recognize_roads_by_number(text, surface, query):
    lookup = FakeLookup(roads={query})
    spans = [sp for sp in find_spans(TextView(text), lookup) if sp.source == "road"]
    assert [(text[sp.start : sp.end], sp.query) for sp in spans] == [(surface, query)]
    assert names(spans[0].candidates) == [query]


def test_recognize_unknown_road_is_kept_without_candidates():
    text = "Un barrage sur la route 412 au nord."
    spans = find_spans(TextView(text), FakeLookup())
    assert [(text[sp.start : sp.end], sp.source, sp.candidates) for sp in spans] == [
        ("la route 412", "road", [])
    ]


def test_recognize_spans_in_text_order():
    text = "Entre Homs et la route M5, puis Hama."
    spans = find_spans(TextView(text), FakeLookup({"homs", "hama"}, roads={"m5"}))
    assert [sp.start for sp in spans] == sorted(sp.start for sp in spans)
    assert [text[sp.start : sp.end] for sp in spans] == ["Homs", "la route M5", "Hama"]


# --------------------------------------------------------------------------------------------------
# named entities (hand-built spans: no model)


def entity(text, surface, label):
    start = text.index(surface)
    return (start, start + len(surface), label)


def test_recognize_entity_adds_a_name_the_gazetteer_lacks():
    text = "Les habitants de Tell Zouqrabiyya ont fui vers Mhardeh."
    ents = [entity(text, "Tell Zouqrabiyya", "LOC"), entity(text, "Mhardeh", "LOC")]
    spans = find_spans(TextView(text), FakeLookup({"mhardeh"}), entities=ents)
    assert surfaces(text, spans) == [("Tell Zouqrabiyya", "ner"), ("Mhardeh", "cap")]
    assert spans[0].ner == "LOC" and spans[0].query == "tell zouqrabiyya" and spans[0].candidates == []
    assert spans[1].ner == "LOC"  # the model's label lands on the gazetteer's own span


def test_recognize_entity_asks_the_gazetteer_as_ner():
    text = "Des combats à Zorba hier."
    lookup = FakeLookup({"zorba"})
    spans = find_spans(TextView(text), lookup, entities=[entity(text, "Zorba", "GPE")])
    assert [(sp.source, sp.ner) for sp in spans] == [("cap", "GPE")]
    lookup = FakeLookup()
    spans = find_spans(TextView(text), lookup, entities=[entity(text, "Zorba", "GPE")])
    assert [(sp.source, sp.ner) for sp in spans] == [("ner", "GPE")]
    assert ("zorba", "ner") in lookup.calls


@pytest.mark.parametrize("label", ["PER", "ORG", "MISC", "NORP"])
def test_recognize_only_place_entities_add_spans(label):
    text = "Des combats à Zorba hier."
    assert find_spans(TextView(text), FakeLookup(), entities=[entity(text, "Zorba", label)]) == []


def test_recognize_entity_edges_are_trimmed_to_capitalised_words():
    text = "Des combats dans la localité de Qasr Zouqrab hier."
    spans = find_spans(
        TextView(text), FakeLookup(), entities=[entity(text, "la localité de Qasr Zouqrab", "LOC")]
    )
    assert surfaces(text, spans) == [("Qasr Zouqrab", "ner")]


def test_recognize_entity_in_lower_case_only_is_dropped():
    text = "Des combats dans la localité de souran hier."
    assert (
        find_spans(TextView(text), FakeLookup(), entities=[entity(text, "la localité de souran", "LOC")])
        == []
    )


def test_recognize_entity_beyond_the_text_is_ignored():
    text = "Des combats à Homs."
    spans = find_spans(TextView(text), FakeLookup(), entities=[(500, 510, "LOC")])
    assert [(sp.query, sp.source, sp.unknown) for sp in spans] == [("homs", "cap", True)]


# --------------------------------------------------------------------------------------------------
# with the real gazetteer (Geoparser.lookup over the session store)


def real_spans(geoparser, text):
    view = TextView(text)
    return find_spans(view, geoparser.lookup, lowercase_names=geoparser._lowercase)


def best(sp):
    place = sp.candidates[0].place
    return place.name, f"{place.feature_class}.{place.feature_code}", place.country_code


@pytest.mark.parametrize(
    "text, surface, country",
    [
        ("Les combats à Deir ez-Zor ont repris.", "Deir ez-Zor", "SY"),
        ("Des obus sont tombés sur Jisr al-Shughur mardi.", "Jisr al-Shughur", "SY"),
        ("Des combats à Abou Kamal et ailleurs.", "Abou Kamal", "SY"),
        ("Des combats à al-Bukamal et ailleurs.", "al-Bukamal", "SY"),
    ],
)
def test_recognize_real_gazetteer_names_whole_runs(geoparser, text, surface, country):
    spans = real_spans(geoparser, text)
    hit = [sp for sp in spans if text[sp.start : sp.end] == surface]
    assert len(hit) == 1 and hit[0].source == "cap"
    assert hit[0].candidates and best(hit[0])[2] == country


def test_recognize_real_gazetteer_keeps_variant_spelling_without_candidates(geoparser):
    text = "Les rebelles ont repris al Quaryantayn hier."
    spans = real_spans(geoparser, text)
    assert surfaces(text, spans) == [("al Quaryantayn", "cap")]


def test_recognize_real_gazetteer_cuts_a_route_run(geoparser):
    text = "La route Deir Ezzor-Damas est coupée."
    spans = real_spans(geoparser, text)
    assert surfaces(text, spans) == [("Deir Ezzor", "sub"), ("Damas", "sub")]
    assert best(spans[0])[:2] == ("Deir ez-Zor", "P.PPL")
    assert best(spans[1])[0] == "Damascus"


def test_recognize_real_gazetteer_lower_case_badia(geoparser):
    text = "Des cellules se cachent dans la badia depuis des mois."
    spans = real_spans(geoparser, text)
    assert surfaces(text, spans) == [("la badia", "lower")]
    assert best(spans[0])[1].startswith("T.")


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Un convoi a sauté sur la route M20 mardi.", "M20"),
        ("Des combats sur l’autoroute M5 près de Hama.", "M5"),
    ],
)
def test_recognize_real_gazetteer_numbered_roads(geoparser, text, surface):
    spans = real_spans(geoparser, text)
    road = [sp for sp in spans if surface in text[sp.start : sp.end]]
    assert len(road) == 1
    assert road[0].candidates and all(c.place.feature_class == "R" for c in road[0].candidates)


def test_recognize_article_before_a_notable_name_is_dropped():
    """ "The UK": when the whole run has only look-alikes, a notable place named without the article wins."""
    text = "The UK sent troops."

    def lookup(query, source):
        known = {"the uk": [candidate("the uk", match="key", importance=0.2)],
                 "uk": [candidate("uk", importance=0.9)]}
        return known.get(query, [])

    assert surfaces(text, find_spans(TextView(text), lookup)) == [("UK", "cap")]


def test_recognize_article_before_a_minor_name_stays():
    text = "The Rs won the game."

    def lookup(query, source):
        known = {"the rs": [candidate("the rs", match="key", importance=0.2)],
                 "rs": [candidate("rs", importance=0.2)]}
        return known.get(query, [])

    assert surfaces(text, find_spans(TextView(text), lookup)) == [("The Rs", "cap")]


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Des combats ont eu lieu près de Kobajeb hier.", ["kobajeb"]),
        ("L'attaque a visé la localité de Kobajeb.", ["kobajeb"]),
        ("Kobajeb a été visée hier.", []),  # no cue before it
        ("Les combattants de Kobajeb Sharqi ont fui.", []),  # two unknown words: not one name to look at
        ("Des civils ont fui vers Les.", []),  # a stopword
    ],
)
def test_recognize_unknown_word_after_a_place_cue_is_kept_for_a_closer_look(text, kept):
    spans = find_spans(TextView(text), FakeLookup())
    assert [sp.query for sp in spans if sp.unknown and not sp.candidates] == kept


def test_recognize_person_entity_drops_the_unknown_word():
    text = "Des combats près de Zorba hier."
    assert find_spans(TextView(text), FakeLookup(), entities=[entity(text, "Zorba", "PER")]) == []
