"""From a geoparsed article to its incidents.

The article is read clause by clause (sentences cut at semicolons and at "affirmant que",
"tandis que", "while"...), skipping captions and page furniture:

- a clause with a trigger word ("embuscade", "frappes aériennes", "roadside bomb") starts an
  incident, unless it points back at the one before ("lors de cette embuscade", "the attack");
- a clause with a casualty figure and no trigger and no place of its own completes the
  incident before it ("Cette source a fait part de la mort d'au moins 35 daéchistes");
- general commentary ("ces derniers temps", "in recent weeks", "a tentative to revive") and
  negations ("n'a rencontré aucune résistance") start nothing without a figure.

Each incident takes the place its clause names nearest the trigger: a derived place first
("au nord d'Abou Kamal", "la route reliant X à Y"), then a town or site, then a region;
"cette même ville" refers to the last town named; a clause with no place inherits the place of
the incident it continues, else of the sentence before. Actors come from the lexicon, dates
from the clause and the publication date, tolls from :mod:`mapper.incidents.numbers`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from mapper.incidents.dates import resolve_date
from mapper.incidents.model import Incident
from mapper.incidents.numbers import find_casualties
from mapper.incidents.taxonomy import SUB_EVENT_TYPES, find_triggers
from mapper.mention import DerivedPlace, Mention
from mapper.pipeline.lexicon import Lexicon, load_lexicon

__all__ = ["extract_incidents", "clauses"]

_CLAUSE_BREAK = re.compile(
    r"\s*:\s+|,?\s+(?:affirmant|ajoutant|pr[ée]cisant|indiquant|expliquant|soulignant|tandis|alors|"
    r"while|whereas|adding|saying)\s+(?:qu['’]|que\s+|that\s+)?",
    re.IGNORECASE,
)
_EVENT_NOUN = (r"(?:embuscade|attaque|offensive|explosion|frappe|bombardement|attentat|affrontements?|combats?|"
               r"op[ée]ration|attack|ambush|blast|explosion|strike|raid|assault|clash(?:es)?|fighting|bombing)\b")
# "lors de cette embuscade", "leur attaque", "this attack": the incident already told.
_BACK_REFERENCE = re.compile(r"\b(?:cette|cet|ces|leur|leurs|son|sa|ses|this|that|these|their|its)\s+" + _EVENT_NOUN,
                             re.IGNORECASE)
# "l'attaque a fait trois martyrs": the same incident when the clause names no place of its own.
_DEFINITE_REFERENCE = re.compile(r"\b(?:l['’]\s*|la\s+|le\s+|les\s+|the\s+)" + _EVENT_NOUN, re.IGNORECASE)
# "Selon une source militaire à Deir Ezzor, ...": where the source is, not where it happened.
_ATTRIBUTION = re.compile(r"\b(?:selon|d['’]apr[èe]s|according\s+to|citing)\b[^,]*$", re.IGNORECASE)
_ATTRIBUTION_CUE = re.compile(r"\b(?:selon|d['’]apr[èe]s|according\s+to|citing)", re.IGNORECASE)
_WORD_CHAR = re.compile(r"\w")
# "En s'emparant de Palmyre, l'armée ...": a gerund sets the scene, it reports no incident.
_GERUND = re.compile(r"\ben\s+$", re.IGNORECASE)
_COMMENTARY = re.compile(
    r"\bces\s+derni(?:ers|[èe]res)\s+(?:temps|jours|semaines|mois)|\bdepuis\s+(?:automne|des\s+mois|des\s+ann[ée]es)|"
    r"\bescalade\b|\bsemble\b|\bcherch(?:e|ent)\s+[àa]|\bplan\b|\bprojet\b|\bpourrait|\bpourraient|\bviser?\b|"
    r"\bdevront\b|\bin\s+recent\s+(?:days|weeks|months)|\bcould\b|\bwould\b|\bmay\s+be\b|\bseeks?\s+to\b|"
    r"\baccus(?:é|e|ent|ait|ed|es)\b|\bsoutenir\b|\bsoutenus?\b|\btentative\s+de\s+(?:l['’]organisation|relancer)|"
    r"\bvers\s+la\s+lib[ée]ration|\baurai(?:t|ent)\b|\bdevrai(?:t|ent)\b|\breportedly\s+planned|\bafin\s+d(?:e\b|['’])",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:aucune?|jamais|no|never|without)\s+(?:r[ée]sistance|combat|clash|fighting|casualt)",
                       re.IGNORECASE)
# A weapon named as what was destroyed or seized is not the tactic of the incident.
_OBJECT = re.compile(r"\b(?:d[ée]trui(?:t|re|sent|saient)|saisi|confisqu|d[ée]mantel|destroy(?:ed|ing)?|seiz(?:ed|ing)|"
                     r"dismantl|captur(?:ed|ing))\b[^.;]*$", re.IGNORECASE)
_SAME_TOWN = re.compile(r"\b(?:cette|la)\s+m[êe]me\s+ville\b|\bcette\s+ville\b|\bthe\s+(?:same\s+)?(?:town|city)\b",
                        re.IGNORECASE)
_ORIGIN = re.compile(r"(?:\bdepuis|\bfrom|\ben\s+provenance)\b[^.,;]{0,40}$", re.IGNORECASE)
# "attribuées par Ankara", "talks with Damascus": a capital standing for its government
_AGENT = re.compile(r"\b(?:par|by|avec|with)\s+(?:l['’]\s*)?$", re.IGNORECASE)
# "MOSSOUL (Irak), 18 juil 2019 (AFP) - ...": where the dispatch was filed, not where it happened
_DATELINE = re.compile(r"[^\n]{0,60}?\((?:AFP|AP|Reuters|ANSA|DPA|Xinhua|UPI|Belga|ATS|APS|SANA)\)\s*[-–—]")
_CIVILIANS = re.compile(r"\bcivils?\b|\bcivilians?\b|\bhabitants?\b|\bvillageois\b|\bresidents?\b|\bagriculteurs?\b|"
                        r"\bfarmers?\b|\bfemmes\s+et\s+enfants\b|\bwomen\s+and\s+children\b|\bpassants?\b",
                        re.IGNORECASE)
_STATE_FORCES = {"SY": "Military Forces of Syria (2000-2024)", "IQ": "Military Forces of Iraq (2014-)"}
_COUNTRY_NAMES = {"SY": "Syria", "IQ": "Iraq", "JO": "Jordan", "LB": "Lebanon", "TR": "Turkey", "IR": "Iran",
                  "IL": "Israel", "PS": "Palestine", "SA": "Saudi Arabia", "YE": "Yemen", "EG": "Egypt"}


@dataclass
class _Clause:
    start: int
    end: int
    text: str
    sentence: int
    paragraph: int


def clauses(view) -> list[_Clause]:
    """The clauses of an article's sentences, outside captions and page furniture."""
    out = []
    for s in range(len(view.sentence_starts)):
        start, end = view.sentence_span(s)
        para = view.paragraphs[max(0, _bisect(view.paragraph_starts, start))]
        if para.caption or para.furniture:
            continue
        text = view.text[start:end]
        pos = 0
        for m in _CLAUSE_BREAK.finditer(text):
            if m.start() > pos:
                out.append(_Clause(start + pos, start + m.start(), text[pos:m.start()], s, para.start))
            pos = m.end()
        if pos < len(text) and text[pos:].strip():
            out.append(_Clause(start + pos, end, text[pos:], s, para.start))
    return out


def _bisect(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


@dataclass
class _Where:
    name: str
    lat: float | None
    lon: float | None
    precision: int
    country: str
    admin1: str
    admin2: str
    offset: int
    reason: str


def _where_mention(m: Mention, why: str) -> _Where:
    return _Where(m.name or m.text, m.lat, m.lon, m.precision, m.country, m.admin1, m.admin2, m.start, why)


def _where_derived(d: DerivedPlace, anchor: Mention) -> _Where:
    if d.precision >= 3:  # part of a region: ACLED places it at the region's own point
        return _Where(anchor.name or anchor.text, anchor.lat, anchor.lon, 3, anchor.country, anchor.admin1,
                      anchor.admin2, d.start, f"{d.reason} (region)")
    # ACLED names the town in `location` and says "near" through geo_precision 2
    return _Where(anchor.name or anchor.text, d.lat, d.lon, d.precision, anchor.country, anchor.admin1,
                  anchor.admin2, d.start, d.reason)


_APPOSITION = frozenset(",(-–")


def _between(starts: list[int], start: int, end: int) -> slice:
    """Return the slice of the sorted ``starts`` that lie in ``[start, end)``."""
    return slice(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))


class _Offsets:
    """An article's mentions, derived places and tokens by offset, built once per article.

    Each clause looks up its own by bisection, so an article's cost grows with its length, not
    with the square of it: a long report (or a hostile million-character input) stays tractable.
    """

    def __init__(self, view, mentions: list[Mention], derived: list[DerivedPlace]) -> None:
        self.text = view.text
        self._m_order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        self._m_starts = [mentions[i].start for i in self._m_order]
        self._d_order = sorted(range(len(derived)), key=lambda i: derived[i].start)
        self._d_starts = [derived[i].start for i in self._d_order]
        self.tokens = view.tokens  # in text order
        self._t_starts = [t.start for t in view.tokens]
        self._town_ends = sorted(m.end for m in mentions if m.resolved and m.feature[:1] in "PS")

    def mentions_in(self, start: int, end: int) -> list[int]:
        """Return the indices, in list order, of the mentions starting in ``[start, end)``."""
        return sorted(self._m_order[_between(self._m_starts, start, end)])

    def derived_in(self, start: int, end: int) -> list[int]:
        """Return the indices, in list order, of the derived places starting in ``[start, end)``."""
        return sorted(self._d_order[_between(self._d_starts, start, end)])

    def tokens_in(self, start: int, end: int) -> list:
        """Return the tokens starting in ``[start, end)``."""
        return self.tokens[_between(self._t_starts, start, end)]

    def mention_starts_between(self, lo: int, hi: int) -> bool:
        """Whether a mention starts strictly between ``lo`` and ``hi``."""
        k = bisect.bisect_right(self._m_starts, lo)
        return k < len(self._m_starts) and self._m_starts[k] < hi

    def town_before(self, offset: int) -> bool:
        """Whether a resolved town or site ends just before ``offset``, apart from one of ``, ( - –``.

        That is, some such mention ``m`` with ``text[m.end:offset].strip()`` one of those marks.
        """
        text = self.text
        b = offset
        while b > 0 and text[b - 1].isspace():
            b -= 1
        if b == 0 or text[b - 1] not in _APPOSITION:
            return False
        mark = b - 1
        lo = mark
        while lo > 0 and text[lo - 1].isspace():
            lo -= 1
        k = bisect.bisect_left(self._town_ends, lo)
        return k < len(self._town_ends) and self._town_ends[k] <= mark


class _Attribution:
    """Which prefixes of a clause end in an attribution, each answered in log time.

    ``attribution(x)`` is ``bool(_ATTRIBUTION.search(text[:x]))`` without searching the prefix again
    for each place of the clause: a cue ending at ``x``, or a cue followed by a word boundary and
    no comma up to ``x``.
    """

    def __init__(self, text: str) -> None:
        self.ends: list[int] = []
        self.last_closed: list[int] = []  # the end of the last cue so far followed by a word boundary
        last = -1
        for cue in _ATTRIBUTION_CUE.finditer(text):
            self.ends.append(cue.end())
            if _WORD_CHAR.match(text, cue.end()) is None:
                last = cue.end()
            self.last_closed.append(last)
        self.commas = [m.start() for m in re.finditer(",", text)] if self.ends else []

    def __call__(self, x: int) -> bool:
        k = bisect.bisect_right(self.ends, x) - 1
        if k < 0:
            return False
        if self.ends[k] == x:
            return True
        end = self.last_closed[k]
        if end < 0:
            return False
        j = bisect.bisect_left(self.commas, end)
        return j == len(self.commas) or self.commas[j] >= x


def _places_in(clause: _Clause, mentions: list[Mention], derived: list[DerivedPlace], text: str,
               offsets: _Offsets) -> list[_Where]:
    """Candidate places of a clause, finest first within each kind."""
    out: list[_Where] = []
    used: set[int] = set()
    attribution: _Attribution | None = None
    for j in offsets.derived_in(clause.start, clause.end):
        d = derived[j]
        if d.anchors:
            anchor = mentions[d.anchors[0]]
            if anchor.lat is None:
                continue
            if offsets.town_before(d.start):
                used.update(d.anchors)  # "Tal Afar, 60 km west of Mosul": it describes Tal Afar; Mosul is
                continue                # only the reference point
            out.append(_where_derived(d, anchor))
            used.update(d.anchors if d.kind == "relative" else ())
    for i in offsets.mentions_in(clause.start, clause.end):
        m = mentions[i]
        if i in used or not m.resolved or m.caption:
            continue
        origin = _ORIGIN.search(text[max(clause.start, m.start - 40):m.start])
        if origin is not None and not offsets.mention_starts_between(
                max(clause.start, m.start - 40) + origin.start(), m.start):
            continue  # "depuis la région d'al-Tanf": where they came from, not where it happened
        if _AGENT.search(text[max(clause.start, m.start - 12):m.start]):
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        if not text[line_start:m.start].strip() and _DATELINE.match(text, m.start):
            continue
        if attribution is None:
            attribution = _Attribution(clause.text)
        if attribution(m.start - clause.start):
            continue  # "selon une source à Deir Ezzor": where the source is
        if m.feature[:1] in "HR" or m.feature.endswith(("PCLI", "CONT", "BDR")):
            continue  # a river, a road or a country is where nothing precise happened
        out.append(_where_mention(m, f"named in the clause ({m.text})"))
    return out


def _pick(places: list[_Where], trigger_at: int | None) -> _Where | None:
    """The place nearest after the trigger, preferring towns and sites to regions and countries."""
    if not places:
        return None

    def rank(w: _Where):
        # nearest after the trigger ("une embuscade dans le désert de X"); a region counts as 60
        # characters further than a town, a place before the trigger as 120
        distance = abs(w.offset - trigger_at) if trigger_at is not None else w.offset
        if trigger_at is not None and w.offset < trigger_at:
            distance += 120
        return distance + (60 if w.precision >= 3 else 0)

    return min(places, key=rank)


def _actors(clause: _Clause, view, lexicon: Lexicon, offsets: _Offsets) -> list[tuple[str, int, str]]:
    """Actors named in the clause, in order: ``(ACLED name, inter code, country)``."""
    toks = offsets.tokens_in(clause.start, clause.end)
    found, seen = [], set()
    i = 0
    while i < len(toks):
        hit = 0
        for width in range(min(lexicon.max_alias_words, len(toks) - i), 0, -1):
            words = " ".join(t.fold for t in toks[i:i + width])
            actor = lexicon.actors.get(words)
            if actor is None:
                continue
            surface = view.text[toks[i].start:toks[i + width - 1].end]
            if len(words.replace(" ", "")) <= 3 and not surface.isupper():
                continue
            name, inter, country = actor
            if name not in seen:
                seen.add(name)
                found.append((name, int(inter or 0), country))
            hit = width
            break
        i += hit or 1
    return found


def extract_incidents(parsed, *, lexicon: Lexicon | None = None) -> list[Incident]:
    """The incidents a parsed article reports, in text order.

    Parameters
    ----------
    parsed : mapper.pipeline.ParsedDocument
        The article with its mentions and derived places.
    lexicon : Lexicon, optional
        Actor aliases; the shipped lists by default.
    """
    lexicon = lexicon or load_lexicon()
    view, doc = parsed.view, parsed.document
    if view is None:
        return []
    mentions, derived, lang = parsed.mentions, parsed.derived, parsed.lang
    text = view.text
    offsets = _Offsets(view, mentions, derived)
    incidents: list[Incident] = []
    current: Incident | None = None
    current_sentence = -10
    last_where: _Where | None = None
    last_town: Mention | None = None
    for clause in clauses(view):
        triggers = [t for t in find_triggers(clause.text)
                    if not _OBJECT.search(clause.text[max(0, t.start - 45):t.start])
                    and not (t.text.endswith("ant") and _GERUND.search(clause.text[max(0, t.start - 12):t.start]))]
        casualties = find_casualties(clause.text, lang)
        has_figure = any(x is not None for x in (casualties.killed, casualties.wounded, casualties.killed_or_wounded))
        places = _places_in(clause, mentions, derived, text, offsets)
        same_town = _SAME_TOWN.search(clause.text)
        if same_town and last_town is not None:
            offset = clause.start + same_town.start()
            places.append(_Where(last_town.name or last_town.text, last_town.lat, last_town.lon, 1,
                                 last_town.country, last_town.admin1, last_town.admin2, offset,
                                 f"'{same_town.group(0)}' = {last_town.name}"))
        near_current = current is not None and clause.sentence - current_sentence <= 1
        back_reference = bool(_BACK_REFERENCE.search(clause.text)) or (
            not places and bool(_DEFINITE_REFERENCE.search(clause.text)))
        commentary = bool(_COMMENTARY.search(clause.text)) or bool(_NEGATION.search(clause.text))
        trigger = triggers[0] if triggers else None
        if trigger is None and not has_figure:
            pass  # nothing happens here; its places still count below for the clauses that follow
        elif current is not None and (
                (near_current and back_reference)
                or (not places and trigger is None and clause.sentence - current_sentence <= 2)):
            _complete(current, clause, trigger, casualties)
            current_sentence = clause.sentence
        elif trigger is not None and not (commentary and not has_figure):
            where = _pick(places, clause.start + trigger.start)
            continues = False
            if where is None and current is not None and clause.sentence - current_sentence <= 2:
                if trigger.sub_event_type == current.sub_event_type or back_reference or trigger.priority <= 5:
                    _complete(current, clause, trigger, casualties)
                    current_sentence = clause.sentence
                    continues = True
                else:  # another tactic, no place of its own: a new incident where the last one was
                    where = _Where(current.location, current.lat, current.lon, current.geo_precision,
                                   current.iso_country, current.admin1, current.admin2, clause.start,
                                   f"no place in the clause: where the previous incident was ({current.location})")
            if where is None and last_where is not None and clause.sentence - _last_sentence(last_where, view) <= 1:
                where = last_where
            if where is not None and not continues:
                current = _new_incident(doc, parsed, clause, trigger, casualties, where, view, lexicon, offsets)
                incidents.append(current)
                current_sentence = clause.sentence
        elif has_figure and trigger is None and places and not commentary:
            where = _pick(places, None)
            current = _new_incident(doc, parsed, clause, None, casualties, where, view, lexicon, offsets)
            incidents.append(current)
            current_sentence = clause.sentence
        for w in places:
            last_where = w
        for i in offsets.mentions_in(clause.start, clause.end):
            m = mentions[i]
            if m.resolved and m.feature[:1] == "P" and not m.caption:
                last_town = m
    return _merge_within(incidents)


def _last_sentence(where: _Where | None, view) -> int:
    return -10 if where is None else view.sentence_of(where.offset)


def _complete(incident: Incident, clause: _Clause, trigger, casualties) -> None:
    """Add a clause's details to the incident it continues."""
    del trigger  # the incident keeps the type it was opened with
    if incident.killed is None and casualties.killed is not None:
        incident.killed = casualties.killed
    if incident.wounded is None and casualties.wounded is not None:
        incident.wounded = casualties.wounded
    if incident.killed_or_wounded is None and casualties.killed_or_wounded is not None:
        incident.killed_or_wounded = casualties.killed_or_wounded
    incident.end = max(incident.end, clause.end)
    incident.notes = (incident.notes + " " + clause.text.strip()).strip()[:1000]
    incident.reason += "; continued in the next clause"


def _new_incident(doc, parsed, clause: _Clause, trigger, casualties, where: _Where, view, lexicon,
                  offsets: _Offsets) -> Incident:
    sub = trigger.sub_event_type if trigger is not None else "Armed clash"
    event_type = SUB_EVENT_TYPES[sub]
    actors = _actors(clause, view, lexicon, offsets)
    civilians = bool(_CIVILIANS.search(clause.text))
    if civilians and event_type == "Battles":
        event_type, sub = "Violence against civilians", "Attack"
    when = resolve_date(clause.text, parsed.lang, doc.date)
    country_name = _COUNTRY_NAMES.get(where.country, "")
    if country_name:  # "Islamic State (Syria)" acting in Iraq is ACLED's "Islamic State (Iraq)"
        actors = [(re.sub(r"\((?:Syria|Iraq)\)$", f"({country_name})", n), i, c) for n, i, c in actors]
    a1 = actors[0] if actors else ("", 0, "")
    a2 = actors[1] if len(actors) > 1 else ("", 0, "")
    if civilians and not a2[0]:
        country = _COUNTRY_NAMES.get(where.country, where.country)
        a2 = (f"Civilians ({country})", 7, where.country)
    why = [f"'{trigger.text}' → {sub}" if trigger else "casualty figure", f"at {where.name}: {where.reason}",
           f"date: {when.reason}"]
    return Incident(
        event_type=event_type, sub_event_type=sub, date=when.date, time_precision=when.time_precision,
        actor1=a1[0], inter1=a1[1], actor2=a2[0], inter2=a2[1],
        assoc_actor_1="; ".join(a[0] for a in actors[2:]),
        location=where.name, country=_COUNTRY_NAMES.get(where.country, where.country), iso_country=where.country,
        admin1=where.admin1, admin2=where.admin2, lat=where.lat, lon=where.lon, geo_precision=where.precision,
        killed=casualties.killed, wounded=casualties.wounded, killed_or_wounded=casualties.killed_or_wounded,
        civilian_targeting=civilians and event_type == "Violence against civilians",
        doc_id=doc.id, start=clause.start, end=clause.end, source=doc.source or "",
        notes=clause.text.strip()[:1000], confidence=0.8 if trigger is not None else 0.6,
        reason="; ".join(why), sources=[doc.id],
    )


def _merge_within(incidents: list[Incident]) -> list[Incident]:
    """Merge the incidents of one article that tell the same event twice (see :mod:`mapper.incidents.dedupe`)."""
    from mapper.incidents.dedupe import merge_duplicates

    return merge_duplicates(incidents, same_article=True)
