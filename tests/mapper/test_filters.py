"""Tests of mapper/pipeline/filters.py: each reason a stretch is not a place."""

import pytest

from mapper.pipeline.filters import apply_filters, blocked_tokens
from mapper.pipeline.lexicon import load_lexicon
from mapper.pipeline.recognize import SpanCandidate, find_spans
from mapper.pipeline.text import TextView
from tests.mapper.fakes import candidate


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


class FakeLookup:
    """Knows a few folded names: the gazetteer is not the point here."""

    def __init__(self, names):
        self.names = set(names)

    def __call__(self, query, source):
        return [candidate(query)] if query in self.names else []


def _minor_places(names):
    """A lookup that knows ``names`` as minor places (villages)."""
    return lambda q, s: [candidate(q, importance=0.2)] if q in names else []


def filtered(text, known, lexicon, entities=None, lowercase_names=None):
    view = TextView(text)
    spans = find_spans(view, FakeLookup(known), entities=entities, lowercase_names=lowercase_names)
    apply_filters(view, spans, lexicon, entities)
    return {text[sp.start : sp.end]: sp.veto for sp in spans}


def entity(text, surface, label):
    start = text.index(surface)
    return (start, start + len(surface), label)


# --------------------------------------------------------------------------------------------------
# actors, outlets, demonyms from the lexicon


@pytest.mark.parametrize(
    "text, known, name",
    [
        ("Les combattants du Hachd al-Chaabi ont avancé vers Qaïm.", {"al chaabi", "qaim"}, "al-Chaabi"),
        ("Les combattants du Hachd al-Chaabi ont avancé vers Qaïm.", {"hachd", "qaim"}, "Hachd"),
        ("Une attaque de Daech a visé Soukhné mardi.", {"daech", "soukhne"}, "Daech"),
        ("Des cellules de Daesh ont visé Soukhné mardi.", {"daesh", "soukhne"}, "Daesh"),
        ("Les combattants des FDS contrôlent Hajin.", {"fds", "hajin"}, "FDS"),
        ("Un commandant de l’État islamique a été tué à Hajin.", {"etat", "hajin"}, "État"),
    ],
)
def test_filters_actor_alias(lexicon, text, known, name):
    vetoes = filtered(text, known, lexicon)
    assert vetoes[name] == "actor"
    assert [v for k, v in vetoes.items() if k != name] == [None]  # the real place is kept


def test_filters_short_alias_only_in_capitals(lexicon):
    view = TextView("Les Fds et les FDS.")
    blocked = blocked_tokens(view, lexicon)
    fds = [i for i, t in enumerate(view.tokens) if t.fold == "fds"]
    assert fds[0] not in blocked and blocked[fds[1]] == "actor"


@pytest.mark.parametrize(
    "text, known, place",
    [
        ("Des frappes ont visé Boukamal, selon Al-Mayadeen Net.", {"mayadeen", "boukamal"}, "Boukamal"),
        ("Des frappes ont visé Boukamal, selon Al-Mayadeen Net.", {"al mayadeen", "boukamal"}, "Boukamal"),
        ("L'armée a repris Maadan, selon l’agence Sana.", {"sana", "maadan"}, "Maadan"),
        ("La ville de Hajin est tombée, selon FRENCH PRESS TV.", {"french", "hajin"}, "Hajin"),
        ("La ville de Hajin est tombée, selon FRENCH PRESS TV.", {"french press", "hajin"}, "Hajin"),
        ("Des combats à Hajin, selon Deir ez-Zor 24.", {"deir ez zor", "hajin"}, "Hajin"),
    ],
)
def test_filters_outlet(lexicon, text, known, place):
    vetoes = filtered(text, known, lexicon)
    assert vetoes.pop(place) is None
    assert vetoes and set(vetoes.values()) == {"outlet"}


@pytest.mark.parametrize(
    "text, known, name",
    [
        ("Les Britanniques encadrent un groupe local, Maghawir al-Thawra, près de Tanf.",
         {"al thawra", "tanf"}, "al-Thawra"),
        ("Des tirs du Parti islamique du Turkestan ont visé Jourine.", {"turkestan", "jourine"}, "Turkestan"),
        ("Des combattants de Liwa al-Quds ont repris Handarat.", {"al quds", "handarat"}, "al-Quds"),
        ("Le Conseil militaire de Deir ez-Zor a lancé une offensive vers Hajin.",
         {"deir ez zor", "hajin"}, "Deir ez-Zor"),
        ("L'Etat islamique en Irak et au Levant a attaqué Hajin.", {"irak", "hajin"}, "Irak"),
        ("Les combattants du Front du Levant ont quitté Azaz.", {"levant", "azaz"}, "Levant"),
        ("La force Al-Qods est présente à Boukamal.", {"al qods", "boukamal"}, "Al-Qods"),
        ("The Turkistan Islamic Party shelled Jurin.", {"turkistan", "jurin"}, "Turkistan"),
    ],
)
def test_filters_place_inside_an_actor_name(lexicon, text, known, name):
    vetoes = filtered(text, known, lexicon)
    assert vetoes.pop(name) == "actor"
    places = [k for k in known if k not in name.lower().replace("-", " ")]
    kept = [s for s, veto in vetoes.items() if veto is None]
    assert len(kept) == len(places)  # the real place is kept
    assert set(vetoes.values()) <= {None, "actor"}  # an unknown word of the name may be vetoed too


@pytest.mark.parametrize(
    "text, known, name",
    [
        ("Des combats à Hajin, selon le réseau local Deir Ezzor 24.", {"deir ezzor", "hajin"}, "Deir Ezzor"),
        ("Des combats à Hajin, selon Euphrates Post.", {"euphrates", "hajin"}, "Euphrates"),
        ("Des frappes ont visé Saraqeb, selon Halab Today.", {"halab", "saraqeb"}, "Halab"),
        ("Des frappes ont visé Saraqeb, selon Aleppo 24.", {"aleppo", "saraqeb"}, "Aleppo"),
        ("Une frappe a visé Mayadine, selon Damascus Now.", {"damascus", "mayadine"}, "Damascus"),
        ("A rocket hit Makhmour, Kirkuk Now reported.", {"kirkuk", "makhmour"}, "Kirkuk"),
        ("A drone hit Qaim, the Jerusalem Post reported.", {"jerusalem", "qaim"}, "Jerusalem"),
    ],
)
def test_filters_place_inside_an_outlet_name(lexicon, text, known, name):
    vetoes = filtered(text, known, lexicon)
    assert vetoes.pop(name) == "outlet"
    assert set(vetoes.values()) == {None}


def spans_in_order(text, known, lexicon):
    view = TextView(text)
    spans = find_spans(view, FakeLookup(known), entities=None)
    apply_filters(view, spans, lexicon)
    return [(text[sp.start : sp.end], sp.veto) for sp in sorted(spans, key=lambda s: s.start)]


@pytest.mark.parametrize(
    "text, known, expected",
    [
        # an alias names the group only with its noun: the town of the same name stays a place
        ("L'organisation Badr a envoyé des renforts à Badr.", {"badr"}, [("Badr", "actor"), ("Badr", None)]),
        ("Les Forces du Tigre ont avancé le long du Tigre.", {"tigre"}, [("Tigre", "actor"), ("Tigre", None)]),
        ("La division Hamza a pris Tal Hamza.", {"hamza", "tal hamza"},
         [("Hamza", "actor"), ("Tal Hamza", None)]),
        ("Deir Ezzor 24 rapporte des combats à Deir Ezzor.", {"deir ezzor"},
         [("Deir Ezzor", "outlet"), ("Deir Ezzor", None)]),
        ("Le porte-parole de Liwa al-Quds est arrivé à Al-Quds.", {"al quds"},
         [("al-Quds", "actor"), ("Al-Quds", None)]),
    ],
)
def test_filters_alias_sharing_a_word_with_a_place(lexicon, text, known, expected):
    assert spans_in_order(text, known, lexicon) == expected


@pytest.mark.parametrize("text", ["Une frappe a visé Sumaria.", "Al-Iraqiya, près d'Ariha."])
def test_filters_place_names_that_are_no_alias(lexicon, text):
    # Soumariyeh (Damascus) and al-Iraqiya (Idleb) share their names with the channels Al-Sumaria
    # and Al-Iraqiya, which the outlet list therefore holds only with "TV" or "News" after them
    assert blocked_tokens(TextView(text), lexicon) == {}


def test_filters_tip_only_in_capitals(lexicon):
    view = TextView("A tip led police to the TIP fighters.")
    blocked = blocked_tokens(view, lexicon)
    tips = [i for i, t in enumerate(view.tokens) if t.fold == "tip"]
    assert tips[0] not in blocked and blocked[tips[1]] == "actor"


@pytest.mark.parametrize(
    "text, known, name",
    [
        ("Un raid a tué le Saoudien Mohsen Qahtani à Hajin.", {"mohsen", "hajin"}, "Mohsen"),
        ("Un raid a tué le Saoudien Mohsen Qahtani à Hajin.", {"mohsen qahtani", "hajin"}, "Mohsen Qahtani"),
        ("Un raid a tué l'Irakien Abou Hajar à Hajin.", {"abou hajar", "hajin"}, "Abou Hajar"),
    ],
)
def test_filters_person_introduced_by_demonym(lexicon, text, known, name):
    vetoes = filtered(text, known, lexicon)
    assert vetoes[name].startswith("a person or body introduced by ")
    assert vetoes["Hajin"] is None


def test_filters_person_entity_after_demonym(lexicon):
    text = "Un raid a tué le Saoudien Mohsen Qahtani à Hajin."
    ents = [entity(text, "Mohsen Qahtani", "LOC")]  # a model mistaking a person for a place
    vetoes = filtered(text, {"hajin"}, lexicon, entities=ents)
    assert vetoes["Mohsen Qahtani"] == "a person introduced by a demonym (Saoudien)"
    assert vetoes["Hajin"] is None


@pytest.mark.parametrize(
    "text", ["Les forces syriennes ont repris Maadan.", "Les combattants kurdes sont à Maadan."]
)
def test_filters_demonym_tokens_blocked(lexicon, text):
    view = TextView(text)
    blocked = blocked_tokens(view, lexicon)
    demonym = next(i for i, t in enumerate(view.tokens) if t.fold in ("syriennes", "kurdes"))
    assert blocked == {demonym: "demonym"}


def test_filters_demonym_as_lower_case_name(lexicon):
    text = "Les forces syriennes ont repris Maadan."
    vetoes = filtered(text, {"syriennes", "maadan"}, lexicon, lowercase_names={"syriennes": 1})
    assert vetoes == {"syriennes": "demonym", "Maadan": None}


def test_filters_hand_built_span_on_a_demonym(lexicon):
    text = "Les forces syriennes ont repris Maadan."
    view = TextView(text)
    i = next(i for i, t in enumerate(view.tokens) if t.fold == "syriennes")
    tok = view.tokens[i]
    sp = SpanCandidate(i, i + 1, tok.start, tok.end, "syriennes", "ner", [candidate("syriennes")])
    apply_filters(view, [sp], lexicon)
    assert sp.veto == "demonym"


def test_filters_capitalised_demonym(lexicon):
    vetoes = filtered("Les Forces Syriennes ont repris Maadan.", {"syriennes", "maadan"}, lexicon)
    assert vetoes == {"Syriennes": "demonym", "Maadan": None}


def test_filters_all_capitals_headline_keeps_the_place(lexicon):
    vetoes = filtered("LES FORCES SYRIENNES ONT REPRIS MAADAN", {"syriennes", "maadan"}, lexicon)
    assert vetoes["SYRIENNES"] == "demonym"
    assert vetoes["MAADAN"] is None


# --------------------------------------------------------------------------------------------------
# words around the name


@pytest.mark.parametrize(
    "text, known, name, word",
    [
        ("She studied in Damascus University before the war.", {"damascus"}, "Damascus", "University"),
        ("Il a parlé à Raqqa Post lundi.", {"raqqa"}, "Raqqa", "Post"),
        ("Des combats ont été filmés par Hama News hier.", {"hama"}, "Hama", "News"),
        ("Selon Aleppo Media, les combats continuent.", {"aleppo"}, "Aleppo", "Media"),
        ("The shop on Atlantic Avenue was closed.", {"atlantic"}, "Atlantic", "Avenue"),
        ("A fire at 333 Victoria St. in Nelson.", {"victoria", "nelson"}, "Victoria", "St"),
    ],
)
def test_filters_outlet_or_building_word_after(lexicon, text, known, name, word):
    vetoes = filtered(text, known, lexicon)
    assert vetoes[name] == f"name of an outlet or building ({word})"


def test_filters_us_capitol(lexicon):
    # "US" alone is a stop word the finders never ask about: hand-build the stretch
    text = "Protesters gathered at the US Capitol on Monday."
    view = TextView(text)
    i = next(i for i, t in enumerate(view.tokens) if t.text == "US")
    tok = view.tokens[i]
    us = candidate("us", feature_class="A", feature_code="PCLI")
    sp = SpanCandidate(i, i + 1, tok.start, tok.end, "us", "cap", [us])
    apply_filters(view, [sp], lexicon)
    assert sp.veto == "name of an outlet or building (Capitol)"


def test_filters_street_word_leaves_the_town_after_it(lexicon):
    vetoes = filtered("A fire on Main Street in Nelson. Road works in Nelson.", {"nelson"}, lexicon)
    assert set(vetoes.values()) == {None}


def test_filters_media_word_must_follow_directly(lexicon):
    text = "Des combats à Hama. News du soir : rien."
    assert filtered(text, {"hama"}, lexicon)["Hama"] is None


def test_filters_media_word_in_lower_case_is_not_a_name(lexicon):
    text = "Des combats à Hama news ce soir."
    assert filtered(text, {"hama"}, lexicon)["Hama"] is None


@pytest.mark.parametrize(
    "text, known, name, noun",
    [
        (
            "Les troupes du général Souheil Hassan ont pris Hama.",
            {"souheil hassan", "hama"},
            "Souheil Hassan",
            "général",
        ),
        ("Selon l'agence Qasioun, Hama a été bombardée.", {"qasioun", "hama"}, "Qasioun", "agence"),
        ("La chaîne Orient a montré Hama.", {"orient", "hama"}, "Orient", "chaîne"),
        ("Le ministre Ali Mamlouk est arrivé à Hama.", {"ali mamlouk", "hama"}, "Ali Mamlouk", "ministre"),
        ("He met Sheikh Zayed in Hama.", {"zayed", "hama"}, "Zayed", None),
    ],
)
def test_filters_title_or_organisation_noun_before(lexicon, text, known, name, noun):
    vetoes = filtered(text, known, lexicon)
    if noun is None:  # the title starts the capitalised run itself
        assert vetoes[name] == "a person or body introduced by 'Sheikh'"
    else:
        assert vetoes[name] == f"title or organisation noun before it ({noun})"
    assert vetoes["Hama"] is None


def test_filters_organisation_noun_inside_the_run(lexicon):
    text = "Le Mouvement Tahrir al-Sham a frappé Idleb."
    vetoes = filtered(text, {"tahrir", "idleb"}, lexicon)
    assert vetoes["Tahrir"] == "a person or body introduced by 'Mouvement'"
    assert vetoes["Idleb"] is None


@pytest.mark.parametrize("label", ["PER", "PERSON", "ORG", "NORP"])
def test_filters_inside_longer_entity(lexicon, label):
    text = "Le porte-parole Ahmed Homs Khalil a parlé à Hama."
    ents = [entity(text, "Ahmed Homs Khalil", label)]
    vetoes = filtered(text, {"homs", "hama"}, lexicon, entities=ents)
    assert vetoes["Homs"] == f"inside a longer {label} name"
    assert vetoes["Hama"] is None


def test_filters_entity_of_the_same_length_does_not_veto(lexicon):
    text = "Des combats à Homs hier."
    vetoes = filtered(text, {"homs"}, lexicon, entities=[entity(text, "Homs", "PER")])
    assert vetoes["Homs"] is None


@pytest.mark.parametrize(
    "furniture",
    ["Partager cet article sur Damas", "SOURCE: Reuters, Damas", "Lire aussi : les combats à Damas"],
)
def test_filters_page_furniture(lexicon, furniture):
    text = "Des combats ont eu lieu à Hama selon des témoins.\n" + furniture + "\n"
    vetoes = filtered(text, {"hama", "damas"}, lexicon)
    assert vetoes == {"Hama": None, "Damas": "page furniture"}


def test_filters_long_line_after_a_source_label_is_text(lexicon):
    """A whole article on one line that opens with "Source: ..." is not page furniture."""
    body = " ".join(["Les habitants ont fui les combats dans la région."] * 6)
    text = f"Source: Agence locale. Des combats ont eu lieu à Hama hier. {body}\n"
    vetoes = filtered(text, {"hama"}, lexicon)
    assert vetoes == {"Hama": None}


def test_filters_plain_places_pass(lexicon):
    text = "Des combats ont eu lieu entre Homs et Hama, près de Deir ez-Zor."
    vetoes = filtered(text, {"homs", "hama", "deir ez zor"}, lexicon)
    assert vetoes == {"Homs": None, "Hama": None, "Deir ez-Zor": None}


@pytest.mark.parametrize(
    "text, vetoed",
    [
        ("Soukhné a déclaré que la guerre était finie.", True),
        ("Des frappes ont visé le désert autour de Soukhné, a ajouté l'ONG.", False),
        ("The strikes hit villages near Sukhnah, said the monitor.", False),
    ],
)
def test_filters_subject_of_a_verb_of_saying(lexicon, text, vetoed):
    """A minor place right before a verb of saying is its speaker; not when a comma stands between."""
    name = "Soukhné" if "Soukhné" in text else "Sukhnah"
    view = TextView(text)
    # a village: the verb-of-saying rule asks about minor places only
    spans = find_spans(view, _minor_places({"soukhne", "sukhnah"}))
    apply_filters(view, spans, lexicon)
    (sp,) = [sp for sp in spans if text[sp.start:sp.end] == name]
    assert (sp.veto == "the subject of a verb of saying: a person") is vetoed


@pytest.mark.parametrize(
    "text, known, name",
    [
        ("White House officials met in Washington.", {"white house", "washington"}, "White House"),
        ("Le Kremlin a démenti toute frappe près de Hama.", {"kremlin", "hama"}, "Kremlin"),
        ("Le Pentagone a confirmé la frappe près de Hajin.", {"pentagone", "hajin"}, "Pentagone"),
    ],
)
def test_filters_building_that_stands_for_a_government(lexicon, text, known, name):
    vetoes = filtered(text, known, lexicon)
    assert vetoes.pop(name) == "institution"
    assert set(vetoes.values()) == {None}


@pytest.mark.parametrize(
    "text, known, name, word",
    [
        ("She studied at Florida Atlantic University last year.", {"florida"}, "Florida", "University"),
        ("He teaches at the University of Alberta in Edmonton.", {"alberta", "edmonton"}, "Alberta", "University"),
        ("The Embassy of the Republic of Armenia in Rome opened.", {"armenia", "rome"}, "Armenia", "Embassy"),
        ("Il a étudié à l'Université de Damas avant la guerre.", {"damas"}, "Damas", "Université"),
    ],
)
def test_filters_building_word_further_in_the_name(lexicon, text, known, name, word):
    vetoes = filtered(text, known, lexicon)
    assert vetoes.pop(name) == f"name of an outlet or building ({word})"
    assert set(vetoes.values()) <= {None}


@pytest.mark.parametrize(
    "text, known, name",
    [
        ("News Russia announces expulsions of diplomats.", {"russia"}, "Russia"),  # a headline, no "of"
        ("Harare’s Third Street will be renamed.", {"harare"}, "Harare"),  # the town's street
        ("Associated Press WASHINGTON (AP) — China vowed to fight.", {"washington", "china"}, "WASHINGTON"),
    ],
)
def test_filters_building_word_needs_the_same_name(lexicon, text, known, name):
    assert filtered(text, known, lexicon)[name] is None


@pytest.mark.parametrize(
    "text, known, name",
    [
        ("Migrants from North Africa reached Malta.", {"africa", "malta"}, "Africa"),
        ("Exports to Latin America rose.", {"america"}, "America"),
        ("Des migrants d'Afrique du Nord sont arrivés à Malte.", {"afrique", "malte"}, "Afrique"),
        ("Aid to Sub-Saharan Africa fell.", {"africa"}, "Africa"),
    ],
)
def test_filters_continent_inside_the_name_of_one_of_its_regions(lexicon, text, known, name):
    vetoes = filtered(text, known, lexicon)
    assert vetoes.pop(name).startswith("a region of a continent")
    assert set(vetoes.values()) <= {None}


def test_filters_continent_alone_is_kept(lexicon):
    assert filtered("He toured Africa and then Asia.", {"africa", "asia"}, lexicon) == {"Africa": None, "Asia": None}



@pytest.mark.parametrize(
    "text, name, words",
    [
        ("Reigning champion Ashley Sutton will defend his title.", "Ashley Sutton", ["Ashley", "Sutton"]),
        ("The double champion is back alongside Andrew Jordan this year.", "Andrew Jordan", ["Jordan"]),
    ],
)
def test_filters_given_name_and_surname_are_a_person(lexicon, text, name, words):
    view = TextView(text)
    spans = find_spans(view, _minor_places({"ashley", "sutton", "jordan"}))
    apply_filters(view, spans, lexicon)
    vetoes = {text[sp.start : sp.end]: sp.veto for sp in spans}
    assert {w: vetoes[w] for w in words} == {w: f"part of a person's name ({name})" for w in words}


@pytest.mark.parametrize(
    "text, name",
    [
        ("Floods hit Marion County on Monday.", "Marion"),  # a division named after a person
        ("Fighting was reported near Tal Tamr overnight.", "Tamr"),  # a place the gazetteer spells otherwise
        ("Officials in Ashley Sutton met on Monday.", "Ashley"),  # a preposition of place before it
    ],
)
def test_filters_given_name_first_but_a_place(lexicon, text, name):
    view = TextView(text)
    spans = find_spans(view, _minor_places({"marion", "tamr", "ashley", "sutton"}))
    apply_filters(view, spans, lexicon)
    assert {text[sp.start : sp.end]: sp.veto for sp in spans}[name] is None


def test_filters_notable_place_before_a_name_stays(lexicon):
    # "the Dallas Mavericks": the team is named after the city, which the text names
    text = "The Dallas Mavericks star had surgery."
    view = TextView(text)
    spans = find_spans(view, lambda q, s: [candidate(q, importance=0.8)] if q == "dallas" else [])
    apply_filters(view, spans, lexicon)
    assert [(text[sp.start : sp.end], sp.veto) for sp in spans] == [("Dallas", None)]


@pytest.mark.parametrize(
    "text, name, prefix",
    [
        ("A helicopter from St Athan joined the search.", "Athan", "St"),
        ("Shells fell on villages of Mount Lebanon overnight.", "Lebanon", "Mount"),
        ("Soldiers at Fort Hood were told to stay inside.", "Hood", "Fort"),
    ],
)
def test_filters_name_after_a_prefix_of_an_unknown_place(lexicon, text, name, prefix):
    # the gazetteer knows neither St Athan nor Mount Lebanon: Athens and Lebanon are not them
    vetoes = filtered(text, {"athan", "lebanon", "hood"}, lexicon)
    assert vetoes[name] == f"part of a name the gazetteer does not know, after {prefix!r}"


def test_filters_known_name_with_a_prefix_stays(lexicon):
    vetoes = filtered("Fans in St Louis cheered.", {"st louis", "louis"}, lexicon)
    assert vetoes == {"St Louis": None}


@pytest.mark.parametrize(
    "text, name",
    [
        ("Exports fell between March 20 and Dec. 21, the ministry said.", "Dec"),
        ("Talks resumed on Oct. 4 in a hotel.", "Oct"),
        ("Mis à jour le 12 Déc. 2019 à 18h00", "Déc"),
    ],
)
def test_filters_abbreviated_month_before_a_day(lexicon, text, name):
    # "Dec" is one of Decatur's names: before a full stop and a number, it is a date
    vetoes = filtered(text, {"dec", "oct"}, lexicon)
    assert vetoes[name] == "an abbreviated month before a day ('Dec. 21', 'Oct. 4')"


def test_filters_month_abbreviation_without_a_day_stays(lexicon):
    # a name that is also an abbreviation, with no day after it, is left to the resolver
    vetoes = filtered("Pilgrims walked from Mar Elias to Dec on foot.", {"dec"}, lexicon)
    assert vetoes["Dec"] is None


@pytest.mark.parametrize(
    "text, name",
    [
        ("Trump hopes to sign a deal at the Summit of the Americas in Peru.", "Summit"),
        ("Tourists crowded the Valley of the Kings near Luxor.", "Valley"),
        ("Trade with the Commonwealth of Independent States fell.", "Commonwealth"),
    ],
)
def test_filters_head_of_a_longer_name_with_of(lexicon, text, name):
    # the gazetteer knows "Summit", "Valley" and "Commonwealth" as towns, not the longer names
    vetoes = filtered(text, {"summit", "valley", "commonwealth", "peru", "luxor"}, lexicon)
    assert vetoes[name] == "the first word of a longer name ('Summit of the Americas')"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Rockets hit Aleppo of all places on Monday.", "Aleppo"),  # "of" before a word in lower case
        ("The mayor of Aleppo said the road of the Citadel was closed.", "Aleppo"),  # after "of"
        ("Fighting in Central Aleppo of the old town went on.", "Aleppo"),  # inside a run of capitals
    ],
)
def test_filters_place_before_of_stays(lexicon, text, name):
    vetoes = filtered(text, {"aleppo"}, lexicon)
    assert vetoes[name] is None


@pytest.mark.parametrize(
    "text, names",
    [
        ("The streetcar rolled down Bourbon and Dauphine streets.", ("Bourbon", "Dauphine")),
        ("He collapsed at the corner of State and Hubbard streets, police said.", ("Hubbard",)),
        ("Shops on Lafayette, Canal & Royal avenues stayed shut.", ("Lafayette", "Canal", "Royal")),
    ],
)
def test_filters_names_before_a_plural_street_noun(lexicon, text, names):
    known = {"bourbon", "dauphine", "hubbard", "lafayette", "canal", "royal", "state"}
    vetoes = filtered(text, known, lexicon)
    for name in names:
        assert vetoes[name] == "a street named in a list before 'streets' ('Bourbon and Dauphine streets')"


def test_filters_list_of_towns_before_other_words_stays(lexicon):
    text = "Convoys left Bourbon and Hubbard on roads that flooded."
    vetoes = filtered(text, {"bourbon", "hubbard"}, lexicon)
    assert vetoes == {"Bourbon": None, "Hubbard": None}
