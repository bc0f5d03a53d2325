"""Running the geoparser over inputs, and the JSON Lines records of ``mapper extract``.

Every document read ends in exactly one record: its places, or its error. One broken
document never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from mapper.documents import Document, DocumentFailure, read_documents
from mapper.pipeline.geoparser import Geoparser, ParsedDocument

__all__ = ["document_record", "failure_record", "extract_records", "geoparse"]

log = logging.getLogger(__name__)


def document_record(parsed: ParsedDocument, incidents: list | None = None) -> dict[str, Any]:
    """The JSON Lines record of a parsed document.

    ``{"id", "lang", "date", "url", "title", "toponyms": [...], "derived": [...], "events": [...]}``,
    where each toponym has ``start, end, text, name, lat, lon, feature, country, admin1,
    precision, score, reason`` (and more), the shape ``score.py`` reads.
    """
    doc = parsed.document
    return {
        "id": doc.id, "lang": parsed.lang, "date": doc.date, "url": doc.url, "title": doc.title,
        "toponyms": [m.to_json() for m in parsed.mentions],
        "derived": [d.to_json() for d in parsed.derived],
        "events": [e.to_json() for e in incidents or []],
    }


def failure_record(failure: DocumentFailure) -> dict[str, Any]:
    """The JSON Lines record of a document that could not be read or parsed."""
    return {"id": failure.id, "path": failure.path, "error": failure.error, "toponyms": [], "derived": [],
            "events": []}


def _safe_parse(geoparser: Geoparser, docs: list[Document]) -> Iterator[ParsedDocument | DocumentFailure]:
    done = 0
    try:
        for parsed in geoparser.parse_many(docs):
            done += 1
            yield parsed
        return
    except Exception:  # noqa: BLE001 - one bad document must not take the batch down: the rest one by one
        pass
    for doc in docs[done:]:
        try:
            yield geoparser.parse(doc)
        except Exception as err:  # noqa: BLE001 - recorded with the document's id, the run goes on
            yield DocumentFailure(doc.id, doc.path, f"{doc.path or doc.id}: geoparser failed: "
                                                    f"{type(err).__name__}: {err}")


def extract_records(
    inputs: Iterable[Any],
    *,
    geoparser: Geoparser | None = None,
    ner: bool | str = "auto",
    text_column: str = "text",
    batch_size: int = 16,
    events: bool = True,
    sink: list | None = None,
    parsed_sink: list | None = None,
) -> Iterator[dict[str, Any]]:
    """Read ``inputs`` and yield one record per document, in input order.

    Parameters
    ----------
    inputs : iterable of str or Path
        Files, directories, or ``"-"`` for standard input (see :func:`mapper.documents.read_documents`).
    geoparser : Geoparser, optional
        A configured geoparser; one is made with ``ner`` otherwise.
    ner : bool or "auto", default "auto"
        Whether the named-entity recogniser runs.
    text_column : str, default "text"
        The text field of JSON Lines and CSV inputs.
    batch_size : int, default 16
        Documents per batch of the recogniser.
    events : bool, default True
        Extract the incidents too (the ``events`` of each record).
    sink : list, optional
        Receives every :class:`~mapper.incidents.Incident` found, for tables and maps.
    parsed_sink : list, optional
        Receives every :class:`~mapper.pipeline.geoparser.ParsedDocument`, for maps of the places.
    """
    geoparser = geoparser or Geoparser(ner=ner)
    batch: list[Document] = []

    def flush():
        for out in _safe_parse(geoparser, batch):
            if isinstance(out, DocumentFailure):
                yield failure_record(out)
                continue
            if parsed_sink is not None:
                parsed_sink.append(out)
            yield document_record(out, _incidents(out) if events else None)
        batch.clear()

    def _incidents(parsed):
        from mapper.incidents import extract_incidents

        try:
            found = extract_incidents(parsed)
        except Exception as err:  # noqa: BLE001 - the places stay; the failure is recorded with the document
            log.warning("%s: incident extraction failed: %s: %s", parsed.document.id, type(err).__name__, err)
            return []
        if sink is not None:
            sink.extend(found)
        return found

    for item in read_documents(inputs, text_column=text_column):
        if isinstance(item, DocumentFailure):
            yield from flush()
            yield failure_record(item)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def geoparse(inputs: Any, *, geoparser: Geoparser | None = None, ner: bool | str = "auto", lines: bool = True):
    """Geoparse text or files into a GeoDataFrame of mentions (EPSG:4326).

    Parameters
    ----------
    inputs : str, Document, or iterable of paths
        A text (a string with a line break or that is not an existing path), a
        :class:`~mapper.documents.Document`, or paths as for :func:`mapper.documents.read_documents`.
    geoparser : Geoparser, optional
        A configured geoparser.
    ner : bool or "auto", default "auto"
        Whether the named-entity recogniser runs (when no geoparser is given).
    lines : bool, default True
        Lines and polygons for roads, rivers and areas (else points).

    Returns
    -------
    geopandas.GeoDataFrame
        See :func:`mapper.frames.mentions_frame`. Documents that could not be read are listed in
        ``frame.attrs["failures"]``.

    Examples
    --------
    >>> frame = geoparse("Des combats ont eu lieu près d'Abou Kamal.", ner=False)  # doctest: +SKIP
    >>> frame[["text", "name", "lat", "lon"]]  # doctest: +SKIP
    """
    from pathlib import Path

    from mapper.frames import mentions_frame

    geoparser = geoparser or Geoparser(ner=ner)
    failures: list[DocumentFailure] = []
    if isinstance(inputs, Document):
        docs: Iterable = [inputs]
    elif isinstance(inputs, str) and ("\n" in inputs or not Path(inputs).exists()):
        docs = [Document.from_text(inputs)]
    else:
        def _docs():
            for item in read_documents(inputs if not isinstance(inputs, (str, Path)) else [inputs]):
                if isinstance(item, DocumentFailure):
                    failures.append(item)
                else:
                    yield item
        docs = _docs()
    parsed = []
    for out in _safe_parse(geoparser, list(docs)):
        if isinstance(out, DocumentFailure):
            failures.append(out)
        else:
            parsed.append(out)
    frame = mentions_frame(parsed, lines=lines)
    frame.attrs["failures"] = [{"id": f.id, "path": f.path, "error": f.error} for f in failures]
    return frame
