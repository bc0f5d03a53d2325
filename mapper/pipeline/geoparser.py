"""The geoparser: from an article's text to its mentions of places.

Stages, each in its own module: :mod:`~mapper.pipeline.text` (tokens, sentences, captions,
language), :mod:`~mapper.pipeline.ner` (named entities, when a model runs),
:mod:`~mapper.pipeline.recognize` (stretches that may name places),
:mod:`~mapper.pipeline.filters` (names that are not places), :mod:`~mapper.pipeline.resolve`
(which place each name means) and :mod:`~mapper.pipeline.relative` (places derived from
directions, distances and roads).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from gazetteer.match import Matcher, looks_arabic
from gazetteer.normalize import fold
from gazetteer.store import Store
from gazetteer.world import country_facts

from mapper.documents import Document
from mapper.mention import DerivedPlace, Mention
from mapper.pipeline.borders import find_borders
from mapper.pipeline.filters import apply_filters, blocked_tokens
from mapper.pipeline.lexicon import NON_LATIN, STOPWORDS, load_lexicon
from mapper.pipeline.recognize import capitalised_runs, find_spans
from mapper.pipeline.relative import country_sides, derive_places
from mapper.pipeline.resolve import AREA_CODES, PLACE_PREPOSITIONS, _context, _wanted, resolve_spans
from mapper.pipeline.text import TextView

__all__ = ["Geoparser", "ParsedDocument"]

log = logging.getLogger(__name__)

_CACHE_SIZE = 50_000
_LIMIT = 8
_LOOSE = 0.8  # quality a consonant or edit-distance match needs in a world-wide look-up
_HOME_SHARE = 0.4  # the share of the article's places from which a country is the one it is about
_LONGEST_NAME = 100  # characters: a longer stretch is no name to look for by edit distance


@dataclass
class ParsedDocument:
    """What the geoparser found in one document.

    Attributes
    ----------
    document : Document
        The document read.
    lang : str
        Its language (``"fr"``, ``"en"``, ``"und"``).
    mentions : list of Mention
        Places named, in text order.
    derived : list of DerivedPlace
        Places derived from directions, distances and roads.
    view : TextView
        Its tokens and sentences, for the stages that follow.
    """

    document: Document
    lang: str
    mentions: list[Mention] = field(default_factory=list)
    derived: list[DerivedPlace] = field(default_factory=list)
    view: TextView | None = None


def _clip_entities(text: str, entities: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Cut entities at line breaks: a model's entity never spans two paragraphs ("Abou Kamal\n\nUS Rep")."""
    out = []
    for start, end, label in entities:
        piece = text[start:end]
        cut = piece.find("\n")
        if cut == -1:
            out.append((start, end, label))
        elif cut > 0:
            stripped = piece[:cut].rstrip()
            out.append((start, start + len(stripped), label))
    return out


class Geoparser:
    """Find and resolve the places an article names.

    Parameters
    ----------
    store : Store or None, default None
        The gazetteer store; the shared default one when not given.
    ner : bool or str, default "auto"
        Run a spaCy model's named-entity recogniser too: ``True`` (fail if no model),
        ``False`` (gazetteer only: fastest), ``"auto"`` (when the model is installed).
    country_codes : iterable of str, optional
        Only places in these countries.

    Examples
    --------
    >>> parser = Geoparser(ner=False)  # doctest: +SKIP
    >>> [m.name for m in parser.parse_text("Des combats ont eu lieu près d'Abou Kamal.").mentions]  # doctest: +SKIP
    ['Albu Kamal']
    """

    def __init__(self, store: Store | None = None, *, ner: bool | str = "auto",
                 country_codes: Iterable[str] | None = None) -> None:
        from gazetteer.geocoder import shared_store

        self.store = store if store is not None else shared_store()
        self.matcher = Matcher(self.store, names=False)
        self.country_codes = self.matcher.check_country_codes(country_codes) and list(country_codes)
        self.lexicon = load_lexicon()
        self._cache: OrderedDict[tuple[str, str], list] = OrderedDict()
        self._lowercase = self._lowercase_names()
        from mapper.pipeline.ner import EntityRecognizer

        self.ner = EntityRecognizer.create(ner)

    def _lowercase_names(self) -> dict[str, int]:
        """Names of regions, rivers and deserts usable in lower case ("la badia")."""
        from gazetteer.normalize import fold

        out: dict[str, int] = {}
        for _rowid, place in self._curated_places():
            if place.feature_class not in "HLT":
                continue
            for name in place.names:
                f = fold(name)
                if len(f) >= 4 and f not in STOPWORDS and not f.isdigit():
                    out[f] = len(f.split())
        return out

    def _curated_places(self):
        con = self.store._con()
        for (rowid,) in con.execute("SELECT rowid FROM places WHERE source LIKE '%curated%'"):
            yield rowid, self.store.place(rowid)

    def _remember(self, key: tuple[str, str], compute) -> list:
        """Return ``compute()``, kept in the cache of look-ups under ``key`` (least recently used out)."""
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        hit = self._cache[key] = compute()
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return hit

    def lookup(self, query: str, source: str) -> list:
        """The gazetteer's candidates for folded words, cached."""
        return self._remember((query, source), lambda: self._candidates(query, source))

    def _candidates(self, query: str, source: str) -> list:
        if len(query) < 2 or len(query) > 120:
            found = []
        else:
            arabic = looks_arabic(query)
            found = self.matcher.candidates(
                query, limit=_LIMIT, country_codes=self.country_codes,
                fuzzy=source == "ner" and arabic, skeleton=source in ("cap", "ner") and arabic,
            )
            if len(found) >= _LIMIT and source != "road":
                found = found + self._areas_named(query, found)
            if source == "lower":
                found = [c for c in found if c.match == "exact"]
            elif source == "road":
                found = [c for c in found if c.place.feature_class == "R"]
            else:
                # spellings vary only for names transliterated from another script; consonants
                # alone are looked at only for a name that reads as Arabic (above)
                found = [c for c in found if c.match == "exact" or c.place.country_code in NON_LATIN]
                # a world-wide look-alike must be close: a loose one is found again, if it is right,
                # among the article's own countries (see _refine)
                found = [c for c in found if c.match in ("exact", "key") or c.quality >= _LOOSE]
        return found

    def _areas_named(self, query: str, found: list) -> list:
        """Countries and states of exactly this name that a long list of towns pushed out.

        "Washington" names hundreds of towns ranked above the state; the resolver must still
        see the state to weigh it against them.
        """
        seen = {c.rowid for c in found}
        extra = self.matcher.candidates(query, limit=3, country_codes=self.country_codes,
                                        feature_classes="AL", fuzzy=False, skeleton=False)
        return [c for c in extra if c.rowid not in seen and c.match == "exact"
                and c.place.feature_code in AREA_CODES]

    def sentences_for_ner(self, view: TextView) -> list[tuple[int, int]]:
        """The sentences where the recogniser has something to add, as ``(start, end)`` offsets.

        A sentence whose capitalised names the gazetteer or the lexicon all account for, by
        exact or key matches of whole names, needs no statistical model: the recogniser runs
        on the others only (names the gazetteer lacks, persons and bodies around known names,
        names matched only by their consonants). On news this halves the model's work.
        """
        toks = view.tokens
        spans = find_spans(view, self.lookup, lowercase_names=self._lowercase)
        blocked = blocked_tokens(view, self.lexicon)
        whole = {}
        for sp in spans:
            if sp.source == "cap" and sp.candidates and sp.candidates[0].match in ("exact", "key"):
                whole[sp.last] = sp.first
        wanted: set[int] = set()
        for a, b in capitalised_runs(view):
            if all(k in blocked for k in range(a, b)) or (b - a == 1 and toks[a].fold in STOPWORDS):
                continue
            first = whole.get(b)
            if first is not None and all(t.fold in STOPWORDS for t in toks[a:first]):
                continue
            wanted.add(toks[a].sentence)
        for sp in spans:
            if sp.candidates and sp.candidates[0].match not in ("exact", "key"):
                wanted.add(toks[sp.first].sentence)
        return [view.sentence_span(i) for i in sorted(wanted)]

    def _entities_on_demand(self, views: list[TextView]) -> list[list[tuple[int, int, str]] | None]:
        pieces, owners, langs = [], [], []
        for n, view in enumerate(views):
            for start, end in self.sentences_for_ner(view):
                pieces.append(view.text[start:end])
                owners.append((n, start))
                langs.append(view.lang)
        out: list = [[] if self.ner.model_for(v.lang) else None for v in views]
        for (n, offset), ents in zip(owners, self.ner.entities_many(pieces, langs), strict=True):
            if ents is not None and out[n] is not None:
                out[n].extend((offset + s, offset + e, label) for s, e, label in ents)
        return out

    def parse(self, document: Document, entities: list[tuple[int, int, str]] | None = None, *,
              view: TextView | None = None) -> ParsedDocument:
        """Find the places one document names.

        Parameters
        ----------
        document : Document
            The document.
        entities : list of (start, end, label), optional
            Named entities already found (otherwise the recogniser runs, if there is one, on
            the sentences that need it).
        view : TextView, optional
            The document already cut into tokens.
        """
        view = view or TextView(document.text, lang=document.lang)
        if entities is None and self.ner is not None:
            entities = self._entities_on_demand([view])[0]
        if entities:
            entities = _clip_entities(document.text, entities)
        spans = find_spans(view, self.lookup, lowercase_names=self._lowercase, entities=entities,
                           abbreviations=self.lexicon.state_abbreviations)
        apply_filters(view, spans, self.lexicon, entities)
        mentions, focus = resolve_spans(view, spans, lexicon=self.lexicon)
        if self._refine(view, spans, mentions, focus):
            mentions, focus = resolve_spans(view, spans, lexicon=self.lexicon)
        shares = focus.countries
        home = max(shares, key=shares.get) if shares else None  # the country the article is about
        borders = find_borders(view, home if home and shares[home] >= _HOME_SHARE else None)
        if borders:
            mentions = [m for m in mentions if not any(b.start < m.end and m.start < b.end for b in borders)]
            mentions = sorted(mentions + borders, key=lambda m: m.start)
        sides = self._country_sides(view, mentions)
        if sides:
            mentions = sorted(mentions + sides, key=lambda m: m.start)
        derived = derive_places(view, mentions, self.matcher)
        return ParsedDocument(document, view.lang, mentions, derived, view)

    def _country_sides(self, view: TextView, mentions: list[Mention]) -> list[Mention]:
        """Mention the countries whose adjective follows a side ("le Nord-Est syrien").

        Only where no other mention stands; the relative places make the side of them.
        """
        out = []
        for start, end, code in country_sides(view.text):
            facts = country_facts().get(code)
            if facts is None or any(m.start < end and start < m.end for m in mentions):
                continue
            country = next((c.place for c in self.lookup(fold(facts.name), "cap")
                            if c.place.feature_code == "PCLI" and c.place.country_code == code), None)
            if country is None:
                continue
            caption = view.paragraphs[view.paragraph_of(start)].caption
            out.append(Mention(start, end, view.text[start:end], country.id, country.name, country.lat,
                               country.lon, f"{country.feature_class}.{country.feature_code}", code, "", "",
                               country.geometry, 3, 0.9, [], f"adjective of {country.name} after a side",
                               view.sentence_of(start), caption))
        return out

    def _refine(self, view: TextView, spans, mentions, focus) -> bool:
        """Look again, by edit distance within the article's countries, at names placed weakly.

        A name the gazetteer spells otherwise ("al Quaryantayn" for Al Qaryatayn) meets only
        distant false friends in a world-wide search; among the places of the countries the
        article is about, a small edit finds it. Returns whether any stretch gained candidates.
        """
        changed = self._bearers_at_home(spans, focus)
        # spellings vary only for names transliterated from another script (as in :meth:`lookup`)
        countries = [cc for cc, share in focus.countries.items() if share >= 0.15 and cc in NON_LATIN]
        if not countries:
            return changed
        placed = {(m.start, m.end): m for m in mentions}
        for sp in spans:
            if sp.veto is not None or sp.source not in ("cap", "ner") or len(sp.query) > _LONGEST_NAME:
                continue
            context = _context(view, sp)
            cue = bool(context) and (context[0] in PLACE_PREPOSITIONS or _wanted(context)[0] is not None)
            if not (cue or (not sp.unknown and looks_arabic(sp.query, view.text[sp.start:sp.end], spelling=False))):
                continue
            best = sp.candidates[0] if sp.candidates else None
            m = placed.get((sp.start, sp.end))
            if best is not None and best.match in ("exact", "key") and m is not None:
                continue
            if m is not None and best is not None and best.place.country_code in countries:
                continue
            key = (sp.query, "within:" + ",".join(sorted(countries)))
            extra = self._remember(key, lambda q=sp.query: self.matcher.fuzzy_within(q, countries, limit=_LIMIT))
            if extra:
                seen = {c.rowid for c in sp.candidates}
                sp.candidates = sp.candidates + [c for c in extra if c.rowid not in seen]
                changed = True
        return changed

    def _bearers_at_home(self, spans, focus) -> bool:
        """Add the towns of a common name that lie in the article's own countries.

        "Newport" names some forty towns; the first :data:`_LIMIT` of the world-wide ranking are
        British and American, and an article about Ireland means an Irish one. Returns whether
        any stretch gained candidates.
        """
        home = sorted(cc for cc, share in focus.countries.items() if share >= _HOME_SHARE)
        if not home:
            return False
        changed = False
        for sp in spans:
            if sp.veto is not None or len(sp.candidates) < _LIMIT or sp.source == "road":
                continue
            if any(c.place.country_code in home for c in sp.candidates):
                continue
            extra = self._remember((sp.query, "home:" + ",".join(home)), lambda q=sp.query: [
                c for c in self.matcher.candidates(q, limit=_LIMIT, country_codes=home,
                                                   fuzzy=False, skeleton=False)
                if c.match == "exact"])
            if extra:
                sp.candidates = sp.candidates + extra
                changed = True
        return changed

    def parse_text(self, text: str, **meta) -> ParsedDocument:
        """Parse a string (``meta`` goes to :class:`~mapper.documents.Document`)."""
        return self.parse(Document.from_text(text, **meta))

    def parse_many(self, documents: Iterable[Document], *, batch_size: int = 32) -> Iterator[ParsedDocument]:
        """Parse documents in order, batching the named-entity recogniser."""
        if self.ner is None:
            for doc in documents:
                yield self.parse(doc)
            return
        batch: list[Document] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._parse_batch(batch)
                batch = []
        if batch:
            yield from self._parse_batch(batch)

    def _parse_batch(self, batch: list[Document]) -> Iterator[ParsedDocument]:
        views = [TextView(d.text, lang=d.lang) for d in batch]
        for doc, view, ents in zip(batch, views, self._entities_on_demand(views), strict=True):
            yield self.parse(doc, entities=ents, view=view)
