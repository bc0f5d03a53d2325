"""Articles to map layers: the geoparser and the incident extractor run over the inputs, and their
results become the incident and mention frames :class:`~mapper.maps.EventMap` draws."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

__all__ = ["map_inputs_from_articles"]

log = logging.getLogger(__name__)


def _place_text(incident, parsed) -> str:
    """How the article wrote the incident's place: the mention inside its sentence(s) with its name."""
    for m in parsed.mentions:
        if m.name == incident.location and incident.start <= m.start < max(incident.end, incident.start + 1):
            return m.text
    for m in parsed.mentions:
        if m.name == incident.location:
            return m.text
    return ""


def map_inputs_from_articles(inputs: Iterable[Any], *, geoparser: Any = None, ner: bool | str = "auto",
                             text_column: str = "text") -> tuple[Any, Any, list[dict[str, Any]]]:
    """Geoparse articles and extract their incidents, for a map.

    Parameters
    ----------
    inputs : iterable of str or Path
        As for :func:`mapper.documents.read_documents`.
    geoparser : Geoparser, optional
        A configured geoparser (one is made with ``ner`` otherwise).
    ner : bool or "auto", default "auto"
        Whether the named-entity recogniser runs, when no geoparser is given.
    text_column : str, default "text"
        The text field of JSON Lines and CSV inputs.

    Returns
    -------
    (incidents, mentions, failures)
        The incidents in :data:`~mapper.maps.tables.MAP_COLUMNS` (duplicates across articles merged),
        the mentions frame (:func:`mapper.frames.mentions_frame`), and one ``{"id", "path", "error"}``
        per document that could not be read or parsed.
    """
    from mapper.extract import extract_records
    from mapper.frames import incidents_frame, mentions_frame
    from mapper.incidents import merge_duplicates
    from mapper.incidents.model import assign_event_ids
    from mapper.maps.tables import normalise_incidents
    from mapper.pipeline import Geoparser

    geoparser = geoparser or Geoparser(ner=ner)
    found: list = []
    parsed: list = []
    failures = []
    for record in extract_records(inputs, geoparser=geoparser, text_column=text_column, sink=found,
                                  parsed_sink=parsed):
        if "error" in record:
            failures.append({"id": record["id"], "path": record.get("path"), "error": record["error"]})
    by_doc = {p.document.id: p for p in parsed}
    texts = {}  # merging may replace the records: keyed by what identifies one
    for inc in found:
        doc = by_doc.get(inc.doc_id)
        texts.setdefault((inc.doc_id, inc.start, inc.location), _place_text(inc, doc) if doc else "")
    incidents = assign_event_ids(merge_duplicates(found))
    frame = incidents_frame(incidents)
    frame["url"] = [(by_doc[d].document.url or "") if d in by_doc else "" for d in frame["doc_id"]]
    frame["source"] = [s or (by_doc[d].document.source or "" if d in by_doc else "")
                       for s, d in zip(frame["source"], frame["doc_id"], strict=True)]
    frame["place_text"] = [texts.get((inc.doc_id, inc.start, inc.location), "") for inc in incidents]
    return normalise_incidents(frame), mentions_frame(parsed), failures
