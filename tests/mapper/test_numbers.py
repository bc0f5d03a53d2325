"""Tests of mapper/incidents/numbers.py: figures in words and digits, and casualty counts in sentences."""

import dataclasses

import pytest

from mapper.incidents.numbers import Casualties, find_casualties, parse_number

# --------------------------------------------------------------------------------------------------
# parse_number()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("35", 35),
        ("7", 7),
        ("1 200", 1200),
        ("1\u00a0200", 1200),
        ("1,200", 1200),
        ("1.200", 1200),
        ("12 500", 12500),
    ],
)
def test_numbers_parse_digits(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("trois", 3),
        ("Onze", 11),
        ("dix-huit", 18),
        ("Dix huit", 18),
        ("vingt et un", 21),
        ("vingt-et-une", 21),
        ("vingt-trois", 23),
        ("soixante et onze", 71),
        ("soixante-dix-sept", 77),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix", 90),
        ("quatre-vingt-dix-neuf", 99),
        ("cent", 100),
        ("cent vingt", 120),
        ("deux cents", 200),
        ("trois cent cinquante", 350),
        ("mille", 1000),
        ("deux mille", 2000),
        ("mille deux cents", 1200),
    ],
)
def test_numbers_parse_french_words(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("une dizaine", 10),
        ("une douzaine", 12),
        ("une quinzaine", 15),
        ("une vingtaine", 20),
        ("une trentaine", 30),
        ("une cinquantaine", 50),
        ("une centaine", 100),
        ("un millier", 1000),
        ("des dizaines", 10),
        ("plusieurs dizaines", 10),
        ("des centaines", 100),
        ("des milliers", 1000),
        ("des dizaines de milliers", 10000),
    ],
)
def test_numbers_parse_french_approximations(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("three", 3),
        ("Eighteen", 18),
        ("twenty-one", 21),
        ("forty two", 42),
        ("a hundred", 100),
        ("one hundred and five", 105),
        ("two thousand", 2000),
    ],
)
def test_numbers_parse_english_words(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a dozen", 12),
        ("dozens", 12),  # ACLED codes "dozens" as 12
        ("several dozen", 12),
        ("tens", 10),  # ... and "tens" as 10
        ("scores", 20),
        ("hundreds", 100),
        ("thousands", 1000),
        ("tens of thousands", 10000),
    ],
)
def test_numbers_parse_english_approximations(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["plusieurs", "quelques", "several", "a few", "Several", "some villagers"])
def test_numbers_parse_vague_plurals_are_three(text):
    assert parse_number(text) == 3


@pytest.mark.parametrize(
    "text, expected",
    [
        ("un soldat", 1),
        ("une femme", 1),
        ("un mort", 1),
        ("un jeune homme", 1),
        ("un des gardes", 1),
        ("a soldier", 1),
        ("an officer", 1),
        ("one fighter", 1),
        ("a senior commander", 1),
        ("un", None),
        ("une", None),
        ("a", None),
        ("an", None),
        ("one", None),
        ("some", None),
        ("un village", None),
        ("une voiture piégée", None),
        ("a car", None),
        ("some reports", None),
    ],
)
def test_numbers_parse_one_only_before_people(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("au moins 35", 35),
        ("pas moins de 40", 40),
        ("plus de 40", 40),
        ("plus d'une dizaine", 10),
        ("près de 50", 50),
        ("près d'une centaine", 100),
        ("environ 30", 30),
        ("at least 5", 5),
        ("more than 20", 20),
        ("nearly 60", 60),
        ("about 15", 15),
        ("some 40", 40),
        ("entre 10 et 15", 10),
        ("between 10 and 15", 10),
        ("Entre dix et quinze", 10),
        ("10 à 15", 10),
        ("12-20", 12),
        ("deux ou trois", 2),
        ("two or three", 2),
        ("six to eight", 6),
    ],
)
def test_numbers_parse_keeps_the_lowest_figure(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "village", "âgé de 35 ans", "les soldats", "4e division"])
def test_numbers_parse_not_a_number(text):
    assert parse_number(text) is None


def test_numbers_parse_reads_the_opening_figure_only():
    assert parse_number("  18 combattants et 3 civils") == 18


# --------------------------------------------------------------------------------------------------
# find_casualties(): French


def counts(sentence, lang):
    found = find_casualties(sentence, lang)
    return found.killed, found.wounded, found.killed_or_wounded


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("On dénombrait 14 morts à la fin de la journée.", 14),
        ("Selon l'OSDH, 9 tués ont été recensés dans le village.", 9),
        ("Les frappes ont tué 22 combattants près du fleuve.", 22),
        ("La localité a enterré 6 martyrs mardi.", 6),
        ("L'explosion a fait 11 victimes parmi les passants.", 11),
        ("La défense civile a confirmé la mort de 27 combattants.", 27),
        ("Les médecins ont confirmé la mort d’au moins 21 daéchistes.", 21),
        ("Au moins 16 daéchistes ont perdu la vie lors de l'assaut.", 16),
        ("Huit membres de la milice ont perdu la vie dans l'embuscade.", 8),
        ("Le bombardement a coûté la vie à 13 villageois.", 13),
        (
            "Pas moins de 25 djihadistes de l'EI, parmi lesquels plusieurs émirs venus d'Irak, "
            "ont été éliminés par l'aviation.",
            25,
        ),
        ("Dix-sept des assaillants tués portaient des ceintures explosives.", 17),
        ("Dix sept des assaillants tués étaient étrangers.", 17),
        ("Une trentaine d'insurgés ont été abattus par les gardes.", 30),
        ("Cinq otages ont été exécutés par leurs ravisseurs.", 5),
        ("L'attentat a fait 12 morts en plein marché.", 12),
        ("L'embuscade a fait deux martyrs dans les rangs de l'armée.", 2),
        ("Un bilan de 31 morts a été avancé par les secouristes.", 31),
        ("Une vingtaine de combattants ont été tués dans les rangs de l'EI.", 20),
        ("Des dizaines de miliciens ont été tués dans les rangs des rebelles.", 10),
        ("L'aviation a frappé un convoi, tuant 9 miliciens.", 9),
        ("Plus de 40 civils ont été tués dans la nuit.", 40),
        ("Environ 30 combattants ont été tués.", 30),
        ("Entre 10 et 15 civils ont péri sous les décombres.", 10),
        ("Plusieurs soldats ont été tués au poste frontière.", 3),
        ("Quelques rebelles ont été abattus.", 3),
        ("Deux soldats et un civil ont été tués.", 3),
        ("L'artillerie a bombardé le quartier, tuant trois soldats et deux civils.", 5),
        ("On compte deux soldats et trois civils tués.", 5),
        ("Au moins 12 civils, dont trois enfants, ont perdu la vie.", 12),
        ("Le 3 mai, 5 soldats ont été tués.", 5),
        ("Les combats ont éclaté vers 5 h du matin, tuant 3 soldats.", 3),
        # a time or a manner between the verb and its figure
        ("Des frappes ont tué mardi au moins cinq civils, dont deux enfants.", 5),
        ("Les jihadistes ont exécuté sommairement neuf villageois.", 9),
        ("Les bombardements ont tué hier soir douze personnes.", 12),
        ("Les raids ont tué dans la nuit sept combattants.", 7),
    ],
)
def test_numbers_french_killed(sentence, expected):
    assert counts(sentence, "fr") == (expected, None, None)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("On compte aussi 23 blessés, dont 4 dans un état grave.", 23),
        ("Le tir de mortier a blessé trois autres civils.", 3),
        ("Quinze personnes ont été blessées par les éclats.", 15),
        ("La voiture piégée a explosé, faisant 18 blessés.", 18),
        ("Près de 50 soldats ont été blessés.", 50),
        ("Des centaines de manifestants ont été blessés.", 100),
    ],
)
def test_numbers_french_wounded(sentence, expected):
    assert counts(sentence, "fr") == (None, expected, None)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Les raids ont tué ou blessé au moins 60 membres du groupe.", 60),
        ("On déplore 45 morts ou blessés.", 45),
        ("L'assaut a fait 50 tués et blessés.", 50),
        ("Plusieurs dizaines de combattants ont été tués ou blessés.", 10),
    ],
)
def test_numbers_french_killed_or_wounded_is_not_a_toll(sentence, expected):
    assert counts(sentence, "fr") == (None, None, expected)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("L'attaque a fait 4 morts et 9 blessés.", (4, 9, None)),
        ("Un mort et deux blessés ont été signalés.", (1, 2, None)),
        ("L'obus a tué un soldat et blessé deux autres.", (1, 2, None)),
        ("Au moins 12 soldats ont été tués et 20 autres ont été blessés.", (12, 20, None)),
        ("Un civil a été tué et trois autres blessés.", (1, 3, None)),
        ("Cinq de leurs blindés ont été détruits et 12 combattants ont été tués.", (12, None, None)),
    ],
)
def test_numbers_french_several_figures(sentence, expected):
    assert counts(sentence, "fr") == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Le Saoudien Abou Hafs al-Jazrawi a été tué lors du raid.", (1, None, None)),
        ("Le commandant de la brigade a été éliminé.", (1, None, None)),
        ("Un soldat a été tué au point de contrôle.", (1, None, None)),
        ("Un homme âgé de 35 ans a été tué devant chez lui.", (1, None, None)),
        ("Un soldat syrien a été blessé par un tireur.", (None, 1, None)),
    ],
)
def test_numbers_french_singular_passive_counts_one(sentence, expected):
    assert counts(sentence, "fr") == expected


# --------------------------------------------------------------------------------------------------
# find_casualties(): English


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Officials said 8 killed in the blast.", 8),
        ("The airstrike killed 14 fighters.", 14),
        ("Rescuers counted 5 dead after the collapse.", 5),
        ("The car bomb left 6 dead.", 6),
        ("Nine people were killed in the shelling.", 9),
        ("The explosion caused the deaths of four children.", 4),
        ("Militants opened fire, killing 7 villagers.", 7),
        ("Authorities recorded 19 fatalities.", 19),
        ("A soldier was killed when his patrol was ambushed.", 1),
        ("One fighter was killed in the exchange.", 1),
        ("The group's spokesman was killed in a drone strike.", 1),
        ("A dozen civilians were killed.", 12),
        ("Dozens were killed in the fighting.", 12),
        ("Hundreds of fighters were killed during the siege.", 100),
        ("Scores of residents were killed.", 20),
        ("Tens of conscripts were killed.", 10),
        ("A few soldiers were killed.", 3),
        ("Some militants were killed overnight.", 3),
        ("More than 40 people were killed.", 40),
        ("Between 10 and 15 soldiers were killed.", 10),
        ("About 15 fighters were killed.", 15),
        ("Some 35 people were killed, including 10 children.", 35),
        ("Twenty-one prisoners were executed.", 21),
        ("Three guards and a driver were killed.", 4),
        ("At least 6 civilians, 4 soldiers and 2 policemen have been killed.", 12),
        ("Dozens may have died in the strike.", 12),
        ("A guard was killed at around 5 p.m.", 1),
        ("Airstrikes killed on Tuesday at least five civilians.", 5),
        ("The gunmen summarily executed eleven prisoners.", 11),
        ("Shelling killed overnight three children.", 3),
    ],
)
def test_numbers_english_killed(sentence, expected):
    assert counts(sentence, "en") == (expected, None, None)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("At least 30 wounded were taken to hospital.", 30),
        ("The shelling hit a market, wounding 21.", 21),
        ("Medics treated 12 injured at the scene.", 12),
        ("Nearly 60 people were injured.", 60),
        ("Several guards were wounded.", 3),
        ("Tens of people were wounded.", 10),
    ],
)
def test_numbers_english_wounded(sentence, expected):
    assert counts(sentence, "en") == (None, expected, None)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The raids killed or wounded 70 militants.", 70),
        ("The clashes left 33 killed or wounded.", 33),
        ("About 100 people were killed or wounded.", 100),
    ],
)
def test_numbers_english_killed_or_wounded_is_not_a_toll(sentence, expected):
    assert counts(sentence, "en") == (None, None, expected)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Four policemen were killed and two wounded near the checkpoint.", (4, 2, None)),
        ("The strike killed at least 12 militants and wounded 5 others.", (12, 5, None)),
        ("Officials reported 14 fatalities and 30 injured.", (14, 30, None)),
        ("Five tanks were destroyed and 10 soldiers killed.", (10, None, None)),
    ],
)
def test_numbers_english_several_figures(sentence, expected):
    assert counts(sentence, "en") == expected


# --------------------------------------------------------------------------------------------------
# find_casualties(): what is not a toll


@pytest.mark.parametrize(
    "sentence, lang",
    [
        ("L'armée a détruit cinq de leurs blindés.", "fr"),
        ("Quatre voitures piégées ont été interceptées à l'entrée de la ville.", "fr"),
        ("Five tanks were destroyed near the town.", "en"),
        ("Les 3 drones ont été abattus par la défense aérienne.", "fr"),
        ("L'armée a abattu un drone.", "fr"),
        ("Les terroristes ont tiré 12 roquettes sur la base.", "fr"),
        ("Un jeune homme âgé de 35 ans a été arrêté.", "fr"),
        ("A 24-year-old man was arrested.", "en"),
        ("Le convoi s'est arrêté à 20 km de la frontière.", "fr"),
        ("The convoy stopped 20 km from the border.", "en"),
        ("Les forces ont libéré des dizaines de prisonniers.", "fr"),
        ("Des dizaines de prisonniers ont été libérés.", "fr"),
        ("Un hélicoptère a transporté 40 personnes vers Damas.", "fr"),
        ("En 2019, la ville était encore sous le contrôle de l'EI.", "fr"),
        ("Le 12 mars, les combats ont repris.", "fr"),
        ("On January 24, fighting resumed.", "en"),
        ("Les combats durent depuis 3 jours.", "fr"),
        ("La 4e division a repris 3 villages.", "fr"),
        ("Personne n'a été tué dans l'explosion.", "fr"),
        ("Aucun soldat n'a été blessé.", "fr"),
        ("No one was injured in the blast.", "en"),
        ("Des civils ont été tués.", "fr"),  # killed, but no figure
        ("", "fr"),
        ("   ", "en"),
    ],
)
def test_numbers_no_casualty_figure(sentence, lang):
    assert find_casualties(sentence, lang) == Casualties(None, None, None, ())


def test_numbers_killed_or_wounded_leaves_the_death_toll_empty():
    found = find_casualties("Les frappes ont tué ou blessé au moins 40 éléments de l'EI.", "fr")
    assert found.killed is None
    assert found.wounded is None
    assert found.killed_or_wounded == 40


# --------------------------------------------------------------------------------------------------
# Spans, languages, the result type


def test_numbers_spans_point_at_the_figures():
    sentence = "Les médecins ont confirmé la mort d’au moins 21 daéchistes et 7 blessés."
    found = find_casualties(sentence, "fr")
    assert [(sentence[start:end], label) for start, end, label in found.spans] == [
        ("au moins 21", "killed"),
        ("7", "wounded"),
    ]


def test_numbers_spans_of_a_verb_counted_as_one():
    sentence = "Le chef local de l'EI a été tué."
    found = find_casualties(sentence, "fr")
    assert found.killed == 1
    assert [(sentence[start:end], label) for start, end, label in found.spans] == [("a été tué", "killed")]


def test_numbers_spans_of_a_passive_subject():
    sentence = "Pas moins de 25 djihadistes, dont plusieurs émirs, ont été éliminés."
    [(start, end, label)] = find_casualties(sentence, "fr").spans
    assert (sentence[start:end], label) == ("Pas moins de 25", "killed")


@pytest.mark.parametrize("lang", ["fr", "fr-FR", "FR", "", "und"])
def test_numbers_french_with_any_language_code(lang):
    assert counts("L'attaque a tué 3 soldats.", lang) == (3, None, None)


@pytest.mark.parametrize("lang", ["en", "en-GB", "", "und"])
def test_numbers_english_with_any_language_code(lang):
    assert counts("The attack killed 3 soldiers.", lang) == (3, None, None)


def test_numbers_casualties_is_frozen():
    found = find_casualties("Trois soldats ont été tués.", "fr")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.killed = 4
