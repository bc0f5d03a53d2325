"""Corpus runs on Dask: many articles in partitions, resumable, from one laptop to a cluster.

:func:`run_corpus` (the ``mapper run`` command) reads a corpus lazily, groups the documents into
partitions, has Dask workers geoparse them and extract their incidents, and writes each finished
partition to ``OUTDIR`` as it arrives::

    OUTDIR/mentions/part-<key>.parquet    places named, GeoParquet (EPSG:4326), one row per mention
    OUTDIR/incidents/part-<key>.parquet   incidents of each article, before the corpus-wide merge
    OUTDIR/documents/part-<key>.parquet   one row per document: id, content key, counts
    OUTDIR/_done/<key>.json               the partition's manifest, written last
    OUTDIR/incidents.csv                  every incident, merged across articles, ACLED's columns
    OUTDIR/map.html                       the merged incidents on an offline map
    OUTDIR/failures.jsonl                 {"id", "path", "error"} of each document that failed
    OUTDIR/duplicates.jsonl               {"id", "path", "key", "same_as"} of each document whose
                                          content another document of the run had

A document is keyed by a hash of its content (text, date, url, title, source, language: not its
id nor its file), a partition by the keys of its documents and the pipeline's version. A rerun
skips the documents already done, so renaming or reordering files redoes nothing and writes
nothing twice. A partition counts as done once its manifest is written; parts without one (a run
killed mid-write) are removed when the next run starts.

:func:`process_bag` and :func:`to_frames` do the same work on a Dask bag or dataframe of
articles, for notebooks; :func:`merge_incidents` merges incidents told by several articles.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mapper.documents import Document, DocumentFailure
from mapper.exc import MapperError, MapperInputError

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import dask_geopandas
    import distributed
    import geopandas
    import pandas

    from gazetteer.store import Store
    from mapper.pipeline.geoparser import Geoparser, ParsedDocument

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "CorpusFrames",
    "RunSummary",
    "document_key",
    "merge_incidents",
    "process_bag",
    "run_corpus",
    "to_frames",
]

log = logging.getLogger(__name__)

#: Documents per partition by default: about a second of work for one worker without NER.
DEFAULT_PARTITION_SIZE = 100
#: A partition is closed early once its texts hold this many characters (keeps tasks small).
PARTITION_CHARS = 4_000_000
#: Version of the outputs' layout; part of every partition key.
RUN_FORMAT = 1

_CONNECT_TIMEOUT = "20s"  # to reach a scheduler given by address
_MARKER = "_run.json"
_DONE = "_done"
_TABLES = ("mentions", "incidents", "documents")
_CSV = "incidents.csv"
_MAP = "map.html"
_FAILURES = "failures.jsonl"
_DUPLICATES = "duplicates.jsonl"


# --------------------------------------------------------------------------------------------------
# keys and settings


def document_key(document: Document) -> str:
    """Return the content key of a document: 32 hex digits.

    A hash of the text, date, url, title, source and language: the same article read from
    another file, under another id or in another order keeps its key.

    Parameters
    ----------
    document : Document
        The document.

    Returns
    -------
    str
    """
    data = [RUN_FORMAT, document.text, document.date, document.url, document.title, document.source,
            document.lang]
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def _partition_key(keys: Iterable[str], version: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(version.encode())
    for key in sorted(keys):
        digest.update(b"\n" + key.encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class _Config:
    """What a worker needs to open its geoparser; hashable, the key of the worker's cache."""

    store: str | None
    ner: bool | str

    @property
    def version(self) -> str:
        """The pipeline's version: results of two runs mix only when it is the same."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            package = version("conflict-event-mapper")
        except PackageNotFoundError:  # pragma: no cover - a source checkout that is not installed
            package = "unknown"
        return f"mapper-run/{RUN_FORMAT} conflict-event-mapper/{package} ner={self.ner}"


def _config(store: str | os.PathLike[str] | Store | None, ner: bool | str) -> _Config:
    if ner not in (True, False, "auto"):
        raise MapperInputError(f"ner must be True, False or 'auto', not {ner!r}")
    if store is None:
        return _Config(None, ner)
    path = getattr(store, "path", store)
    if not isinstance(path, str | os.PathLike):
        raise MapperInputError(f"store must be a path or a Store, not {type(store).__name__}")
    return _Config(str(Path(path).expanduser().resolve()), ner)


# --------------------------------------------------------------------------------------------------
# worker side: one geoparser per process, reused by every partition

# One per configuration and thread: a Geoparser's caches are not shared between threads. Workers with
# one thread each (what run_corpus starts, and what the README advises) hold one geoparser per process.
_GEOPARSERS: dict[tuple[_Config, int], Geoparser] = {}
_GEOPARSERS_LOCK = threading.Lock()


def _geoparser(config: _Config) -> Geoparser:
    """Return this thread's geoparser for `config`, made on first use (store, lexicon, spaCy model)."""
    key = (config, threading.get_ident())
    parser = _GEOPARSERS.get(key)
    if parser is None:
        from gazetteer.geocoder import shared_store
        from mapper.pipeline import Geoparser

        parser = Geoparser(store=shared_store(config.store), ner=config.ner)
        with _GEOPARSERS_LOCK:
            _GEOPARSERS[key] = parser
    return parser


_WARM_UP_TEXT = ("date 2021-01-24\nDes combats ont eu lieu près d'Abou Kamal dimanche, tuant deux soldats. "
                 "A roadside bomb struck a patrol near Tikrit on Monday.")


def _warm_worker(config: _Config) -> int:
    """Open the geoparser on this worker and run it once (what loads on first use loads now); the pid."""
    for _ in _analyse([Document.from_text(_WARM_UP_TEXT, id="<warm-up>")], config):
        pass
    return os.getpid()


def _analyse(
    docs: list[Document], config: _Config
) -> Iterator[tuple[Document, ParsedDocument | None, list, str | None]]:
    """Yield ``(document, parsed, incidents, error)`` per document, in order; `error` None if it went well."""
    from mapper.extract import _safe_parse
    from mapper.incidents import extract_incidents

    parser = _geoparser(config)
    for doc, out in zip(docs, _safe_parse(parser, docs), strict=True):
        if isinstance(out, DocumentFailure):
            yield doc, None, [], out.error
            continue
        try:
            found = extract_incidents(out)
        except Exception as err:  # noqa: BLE001 - the document is recorded as failed, the partition goes on
            reason = f"{type(err).__name__}: {err}"
            yield doc, None, [], f"{doc.path or doc.id}: incident extraction failed: {reason}"
            continue
        yield doc, out, found, None


# --------------------------------------------------------------------------------------------------
# tables with one schema for every partition

_STR, _INT, _FLOAT, _BOOL, _LIST = "str", "int", "float", "bool", "list"

_MENTION_TYPES = {
    "doc_id": _STR, "kind": _STR, "start": _INT, "end": _INT, "text": _STR, "name": _STR,
    "place_id": _STR, "feature": _STR, "country": _STR, "admin1": _STR, "admin2": _STR, "lat": _FLOAT,
    "lon": _FLOAT, "precision": _INT, "radius_km": _FLOAT, "score": _FLOAT, "reason": _STR, "sentence": _INT,
    "caption": _BOOL, "alternatives": _LIST,
}
_INCIDENT_INTS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                  "fatalities", "timestamp", "wounded", "killed_or_wounded", "start", "end", "killed"}
_INCIDENT_FLOATS = {"latitude", "longitude", "confidence"}
#: Columns the parts carry after ACLED's and the project's: what the corpus-wide merge needs back.
_MERGE_COLUMNS = ["iso_country", "killed"]
_DOCUMENT_TYPES = {
    "doc_id": _STR, "key": _STR, "path": _STR, "date": _STR, "url": _STR, "title": _STR, "source": _STR,
    "lang": _STR, "chars": _INT, "mentions": _INT, "incidents": _INT, "error": _STR,
}


def _incident_types() -> dict[str, str]:
    from mapper.incidents.model import ACLED_COLUMNS, EXTRA_COLUMNS

    columns = ACLED_COLUMNS + EXTRA_COLUMNS + _MERGE_COLUMNS
    return {c: _INT if c in _INCIDENT_INTS else _FLOAT if c in _INCIDENT_FLOATS else _STR for c in columns}


def _typed(frame, types: Mapping[str, str]):
    """Cast each column of `frame` to its kind: one Parquet schema for every partition, empty or not."""
    import pandas as pd

    dtypes = {_STR: "string", _INT: "Int64", _FLOAT: "float64", _BOOL: "bool"}
    for column, kind in types.items():
        if kind == _LIST:  # lists of strings; see _parquet_bytes for the Parquet type
            values = [list(v) if isinstance(v, list | tuple) else [] for v in frame[column]]
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
        else:
            frame[column] = frame[column].astype(dtypes[kind])
    return frame


def _empty_frame(types: Mapping[str, str], *, geometry: bool = True):
    import pandas as pd

    frame = pd.DataFrame({column: pd.Series([], dtype=object) for column in types})
    if geometry:
        import geopandas

        empty = geopandas.GeoSeries([], crs="EPSG:4326")
        frame = geopandas.GeoDataFrame(frame, geometry=empty, crs="EPSG:4326")
    return _typed(frame, types)


def _incident_table(incidents: list) -> geopandas.GeoDataFrame:
    """Tabulate incidents: ACLED's columns, the project's, and those the merge needs back."""
    from mapper.frames import incidents_frame

    frame = incidents_frame(incidents)
    frame["iso_country"] = [inc.iso_country for inc in incidents]
    frame["killed"] = [inc.killed for inc in incidents]
    types = _incident_types()
    return _typed(frame[[*types, frame.geometry.name]], types)


def _document_row(key: str, doc: Document, parsed, incidents: list, error: str | None) -> dict[str, Any]:
    return {
        "doc_id": doc.id, "key": key, "path": doc.path, "date": doc.date, "url": doc.url, "title": doc.title,
        "source": doc.source, "lang": parsed.lang if parsed is not None else doc.lang, "chars": len(doc.text),
        "mentions": len(parsed.mentions) + len(parsed.derived) if parsed is not None else 0,
        "incidents": len(incidents), "error": error,
    }


def _tables(items: list[tuple[str, Document]], config: _Config):
    """Return the mentions, incidents and documents tables of one partition, and its failures."""
    import pandas as pd

    from mapper.frames import mentions_frame

    keys = [key for key, _ in items]
    parsed_ok, incidents, rows, failures = [], [], [], []
    for key, (doc, parsed, found, error) in zip(keys, _analyse([d for _, d in items], config), strict=True):
        rows.append(_document_row(key, doc, parsed, found, error))
        if error is None:
            parsed_ok.append(parsed)
            incidents.extend(found)
        else:
            failures.append({"id": doc.id, "path": doc.path, "error": error, "key": key})
    mentions = _typed(mentions_frame(parsed_ok), _MENTION_TYPES)
    documents = _typed(pd.DataFrame(rows, columns=list(_DOCUMENT_TYPES)), _DOCUMENT_TYPES)
    return mentions, _incident_table(incidents), documents, failures


def _parquet_bytes(frame, lists: Iterable[str] = ()) -> bytes:
    """Encode `frame` as Parquet (GeoParquet for a GeoDataFrame), the columns `lists` as lists of strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    lists = [c for c in lists if not any(len(v) for v in frame[c])]
    if not lists:
        return buffer.getvalue()
    # nothing but empty lists: Arrow infers lists of nulls (or nulls), which the other parts contradict
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    schema = pa.schema([f.with_type(pa.list_(pa.string())) if f.name in lists else f for f in table.schema],
                       metadata=table.schema.metadata)
    buffer = io.BytesIO()
    pq.write_table(table.cast(schema), buffer)
    return buffer.getvalue()


def _run_partition(items: list[tuple[str, Document]], config: _Config) -> dict[str, Any]:
    """Process one partition (the task): its three tables as Parquet bytes, and its failures."""
    started = time.perf_counter()
    mentions, incidents, documents, failures = _tables(items, config)
    return {
        "mentions": _parquet_bytes(mentions, [c for c, kind in _MENTION_TYPES.items() if kind == _LIST]),
        "incidents": _parquet_bytes(incidents),
        "documents": _parquet_bytes(documents),
        "documents_done": [[key, doc.id] for key, doc in items],
        "failures": failures,
        "counts": {"documents": len(items), "mentions": len(mentions), "incidents": len(incidents)},
        "seconds": round(time.perf_counter() - started, 3),
        "pid": os.getpid(),
    }


# --------------------------------------------------------------------------------------------------
# the corpus run


@dataclass
class RunSummary:
    """What a corpus run did.

    Attributes
    ----------
    outdir : Path
        The output directory.
    processed : int
        Documents geoparsed by this run and written to the outputs.
    failed : int
        Documents of this run listed in ``failures.jsonl``: unreadable, failed in the pipeline, or in
        a partition whose task failed (those are tried again by the next run).
    skipped : int
        Documents already done by an earlier run (same content key).
    duplicates : int
        Documents whose content is the same as that of a document met earlier in this run.
    partitions : int
        Partitions done by this run.
    mentions, incidents : int
        Rows written by this run to ``mentions/`` and ``incidents/``.
    merged_incidents : int or None
        Rows of ``incidents.csv``; None when it was left as it was (nothing new).
    seconds : float
        Wall-clock time of the run.
    """

    outdir: Path
    processed: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    partitions: int = 0
    mentions: int = 0
    incidents: int = 0
    merged_incidents: int | None = None
    seconds: float = 0.0

    def __str__(self) -> str:
        text = f"{self.processed} documents processed, {self.failed} failed"
        if self.skipped:
            text += f", {self.skipped} skipped as already done"
        if self.duplicates:
            text += f", {self.duplicates} skipped as duplicates of earlier documents"
        return text


@dataclass
class _Partition:
    key: str
    items: list[tuple[str, Document]]
    meta: list[tuple[str, str, str | None]] = field(default_factory=list)  # (key, id, path): no texts


def run_corpus(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: distributed.Client | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    ner: bool | str = "auto",
    store: str | os.PathLike[str] | Store | None = None,
    text_column: str = "text",
    progress: bool | None = None,
) -> RunSummary:
    """Geoparse a corpus on Dask into partitioned GeoParquet, a merged ACLED CSV and a failure list.

    Parameters
    ----------
    inputs : iterable of str or path-like
        Files and directories, as for :func:`mapper.documents.read_documents`; read lazily.
    outdir : str or path-like
        Output directory: new, empty, or one an earlier run wrote (the run resumes there).
    workers : int, optional
        Worker processes of the local cluster started for the run (one thread each); the number
        of cores by default. Not with `scheduler` or `client`.
    scheduler : str, optional
        Address of a running Dask scheduler (``"tcp://host:8786"``) to connect to instead.
    client : distributed.Client, optional
        A connected client to use (left open).
    partition_size : int, default 100
        Documents per partition (a partition is closed earlier once it holds 4 million characters).
    ner : bool or "auto", default "auto"
        Whether the workers run the spaCy model (see :class:`mapper.pipeline.Geoparser`).
    store : str, path-like or Store, optional
        The gazetteer store; each worker's default store (``$MAPPER_CACHE_DIR``) otherwise. Workers
        on other machines need the file at the same path.
    text_column : str, default "text"
        Text field of JSON Lines and CSV inputs.
    progress : bool, optional
        Show a progress bar on standard error; by default when standard error is a terminal.

    Returns
    -------
    RunSummary

    Raises
    ------
    MapperInputError
        For a bad setting, an output directory that holds something else or a run with other
        settings, an output directory inside an input directory, or an unreachable scheduler.
    MapperError
        When the workers cannot start the geoparser, or no worker joins the scheduler.

    Examples
    --------
    >>> summary = run_corpus(["reports/"], "out", workers=2, ner=False)  # doctest: +SKIP
    >>> print(summary)  # doctest: +SKIP
    1250 documents processed, 3 failed
    """
    started = time.perf_counter()
    config = _config(store, ner)
    _check_settings(workers, scheduler, client, partition_size, text_column)
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    inputs = list(inputs)
    outdir = Path(outdir)
    _check_outdir(outdir, inputs)
    from filelock import FileLock, Timeout

    outdir.mkdir(parents=True, exist_ok=True)
    try:
        lock = FileLock(str(outdir / ".lock"), timeout=0)
        lock.acquire()
    except Timeout:
        raise MapperInputError(f"{outdir}: another run is writing to this directory") from None
    try:
        return _run_locked(inputs, outdir, config, workers=workers, scheduler=scheduler, client=client,
                           partition_size=partition_size, text_column=text_column, progress=progress,
                           started=started)
    finally:
        lock.release()


def _check_settings(workers, scheduler, client, partition_size, text_column) -> None:
    if sum(x is not None for x in (workers, scheduler, client)) > 1:
        raise MapperInputError("give at most one of workers, scheduler and client")
    for name, value in (("workers", workers), ("partition_size", partition_size)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise MapperInputError(f"{name} must be a positive integer, not {value!r}")
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise MapperInputError(f"scheduler must be an address such as 'tcp://host:8786', not {scheduler!r}")
    if not isinstance(text_column, str) or not text_column:
        raise MapperInputError(f"text_column must be a non-empty string, not {text_column!r}")


def _check_outdir(outdir: Path, inputs: list) -> None:
    """Refuse an output directory that is a file, inside an input directory, or holds other files."""
    if outdir.exists() and not outdir.is_dir():
        raise MapperInputError(f"{outdir}: output directory is a file")
    resolved = outdir.resolve()
    for item in inputs:
        if str(item) == "-":
            continue
        source = Path(item).resolve()
        if source.is_dir() and (resolved == source or source in resolved.parents):
            raise MapperInputError(f"{outdir}: output directory inside the input directory {item}; "
                                   f"the run would read its own outputs")
        if resolved in source.parents:
            raise MapperInputError(f"{item}: input inside the output directory {outdir}")
    if outdir.is_dir() and not (outdir / _MARKER).is_file():
        other = [p.name for p in outdir.iterdir() if p.name != ".lock"]
        if other:
            raise MapperInputError(f"{outdir}: directory is not empty and holds no corpus run "
                                   f"(found {', '.join(sorted(other)[:5])}); give a new or empty directory")


def _run_locked(inputs, outdir: Path, config: _Config, *, workers, scheduler, client, partition_size,
                text_column, progress, started) -> RunSummary:
    from mapper._io import atomic_write
    from mapper.documents import read_documents

    version = config.version
    if _check_marker(outdir, version):
        with atomic_write(outdir / _MARKER) as fh:
            json.dump({"format": RUN_FORMAT, "version": version}, fh)
            fh.write("\n")
    done, _ = _load_done(outdir, version)
    summary = RunSummary(outdir=outdir)
    with contextlib.ExitStack() as stack:
        bar = stack.enter_context(_progress_bar(progress))
        run_failures = stack.enter_context(_scratch(outdir))
        run_duplicates = stack.enter_context(_scratch(outdir, "duplicates"))
        dask_client = stack.enter_context(_connect(workers, scheduler, client))
        _warm_up(dask_client, config)
        stream = read_documents(inputs, text_column=text_column)
        parts = _partitions(stream, done, partition_size, summary, run_failures, bar, version, run_duplicates)
        _submit_all(dask_client, parts, config, outdir, summary, run_failures, bar, version)
        run_failures.flush()
        _write_failures(outdir, Path(run_failures.name))
        run_duplicates.flush()
        _write_duplicates(outdir, Path(run_duplicates.name), summary.duplicates)
    if summary.partitions or not (outdir / _CSV).is_file():
        merged = _merge_all(_part_incidents(outdir))
        _write_outputs(outdir, merged, config)
        summary.merged_incidents = len(merged)
    summary.seconds = round(time.perf_counter() - started, 3)
    log.info("%s in %.1f s", summary, summary.seconds)
    return summary


def _check_marker(outdir: Path, version: str) -> bool:
    """Refuse a directory where partitions were done with other settings; whether to (re)write the marker."""
    marker = outdir / _MARKER
    if not marker.is_file():
        return True
    try:
        found = json.loads(marker.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError) as err:
        raise MapperInputError(f"{marker}: unreadable run description: {err}") from err
    if found == version:
        return False
    if any((outdir / _DONE).glob("*.json")):
        raise MapperInputError(f"{outdir} holds a run made with other settings ({found}); this run is "
                               f"{version}: give another output directory")
    return True  # nothing done under the other settings: this run takes the directory over


def _load_done(outdir: Path, version: str) -> tuple[set[str], set[str]]:
    """Return the keys of the documents and partitions done; remove parts without a manifest."""
    keys: set[str] = set()
    parts: set[str] = set()
    done_dir = outdir / _DONE
    for folder in (outdir, done_dir, *(outdir / t for t in _TABLES)):
        for path in folder.glob(".*.tmp") if folder.is_dir() else []:
            path.unlink()  # left by a run killed mid-write (this run holds the lock)
    for path in sorted(done_dir.glob("*.json")) if done_dir.is_dir() else []:
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if manifest["version"] != version:
                raise MapperInputError(f"{path}: partition made with other settings ({manifest['version']})")
            keys.update(key for key, _ in manifest["documents"])
            parts.add(manifest["key"])
        except (OSError, ValueError, KeyError, TypeError) as err:
            if isinstance(err, MapperInputError):
                raise
            log.warning("%s: unreadable manifest (%s); its partition will be done again", path, err)
            path.unlink(missing_ok=True)
    for table in _TABLES:
        for path in (outdir / table).glob("part-*.parquet"):
            if path.name[len("part-"):-len(".parquet")] not in parts:
                log.info("%s: part of an unfinished partition, removed", path)
                path.unlink()
    return keys, parts


@contextlib.contextmanager
def _scratch(outdir: Path, what: str = "failures") -> Iterator[io.TextIOWrapper]:
    """Collect this run's failures (or duplicates) in a hidden file of `outdir`, removed at the end."""
    fd, name = tempfile.mkstemp(dir=outdir, prefix=f".{what}-", suffix=".jsonl.tmp")
    os.close(fd)
    try:
        with open(name, "w", encoding="utf-8") as fh:
            yield fh
    finally:
        Path(name).unlink(missing_ok=True)


def _progress_bar(progress: bool | None):
    from tqdm import tqdm

    enabled = sys.stderr.isatty() if progress is None else bool(progress)
    return tqdm(total=None, unit=" articles", desc="mapper run", disable=not enabled, file=sys.stderr,
                smoothing=0.1, dynamic_ncols=True)


@contextlib.contextmanager
def _connect(workers: int | None, scheduler: str | None, client) -> Iterator[distributed.Client]:
    """Yield the run's client: the one given, one connected to `scheduler`, or a new local cluster's."""
    if client is not None:
        yield client
        return
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            connected = Client(scheduler, timeout=_CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise MapperInputError(f"cannot reach the Dask scheduler at {scheduler!r}: {err}") from err
        with connected:
            yield connected
        return
    count = workers or _cores()
    # any free port for the HTTP server: a second cluster on the machine must not collide with the first
    cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster:
        with Client(cluster, set_as_default=False) as local:
            yield local


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _warm_up(client, config: _Config) -> None:
    """Open the geoparser on every worker at once; fail early and clearly when it cannot be."""
    try:
        client.wait_for_workers(1, timeout=60)
    except TimeoutError as err:
        raise MapperError("no Dask worker joined the scheduler within 60 s") from err
    futures = [client.submit(_warm_worker, config, workers=[address], allow_other_workers=False, pure=False)
               for address in client.nthreads()]
    try:
        client.gather(futures)
    except Exception as err:
        reason = f"{type(err).__name__}: {err}"
        raise MapperError(f"the Dask workers cannot start the geoparser: {reason}") from err
    finally:
        for future in futures:
            future.release()


def _partitions(stream, done: set[str], size: int, summary: RunSummary, run_failures, bar,
                version: str, run_duplicates=None) -> Iterator[_Partition]:
    """Group the documents not done yet into partitions; record reading failures and duplicates as they come."""
    seen: dict[str, str] = {}
    batch: list[tuple[str, Document]] = []
    chars = 0

    def close() -> _Partition:
        keys = [key for key, _ in batch]
        meta = [(key, doc.id, doc.path) for key, doc in batch]
        return _Partition(_partition_key(keys, version), list(batch), meta)

    for item in stream:
        if isinstance(item, DocumentFailure):
            _record_failure(run_failures, item.id, item.path, item.error)
            summary.failed += 1
            bar.update(1)
            continue
        key = document_key(item)
        if key in done:
            summary.skipped += 1
            continue
        if key in seen:
            summary.duplicates += 1
            if run_duplicates is not None:
                run_duplicates.write(json.dumps({"id": item.id, "path": item.path, "key": key,
                                                 "same_as": seen[key]}, ensure_ascii=False) + "\n")
            continue
        seen[key] = item.id
        batch.append((key, item))
        chars += len(item.text)
        if len(batch) >= size or chars >= PARTITION_CHARS:
            yield close()
            batch, chars = [], 0
    if batch:
        yield close()


def _record_failure(fh, doc_id: str, path: str | None, error: str, key: str | None = None) -> None:
    record = {"id": doc_id, "path": path, "error": error}
    if key is not None:
        record["key"] = key
    fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def _submit_all(client, parts: Iterator[_Partition], config: _Config, outdir: Path, summary: RunSummary,
                run_failures, bar, version: str) -> None:
    """Submit the partitions with at most two per worker thread in flight; write each as it finishes."""
    from distributed import as_completed

    limit = max(2, 2 * sum(client.nthreads().values()))
    pending: dict[Any, _Partition] = {}
    finished = as_completed(loop=client.loop)

    def finish(future) -> None:
        part = pending.pop(future)
        try:
            result = future.result()
        except Exception as err:  # noqa: BLE001 - the partition is lost, not its documents: each one is listed
            log.warning("partition %s failed: %s: %s", part.key, type(err).__name__, err)
            for key, doc_id, path in part.meta:
                _record_failure(run_failures, doc_id, path,
                                f"{path or doc_id}: partition failed: {type(err).__name__}: {err}", key)
            summary.failed += len(part.meta)
        else:
            _write_partition(outdir, part.key, result, version)
            summary.partitions += 1
            summary.failed += len(result["failures"])
            summary.processed += result["counts"]["documents"] - len(result["failures"])
            summary.mentions += result["counts"]["mentions"]
            summary.incidents += result["counts"]["incidents"]
        finally:
            future.release()
        bar.update(len(part.meta))
        bar.set_postfix(failed=summary.failed, skipped=summary.skipped, refresh=False)

    for part in parts:
        future = client.submit(_run_partition, part.items, config, key=f"mapper-run-{part.key}", pure=False)
        part.items = []  # the client keeps no text once the task is sent
        pending[future] = part
        finished.add(future)
        while len(pending) >= limit:
            finish(next(finished))
    for future in finished:
        finish(future)


def _write_partition(outdir: Path, key: str, result: Mapping[str, Any], version: str) -> None:
    """Write a partition's tables, then its manifest: it counts as done only once all are in place."""
    from mapper._io import atomic_write

    for table in _TABLES:
        with atomic_write(outdir / table / f"part-{key}.parquet", "wb") as fh:
            fh.write(result[table])
    manifest = {"key": key, "version": version, "documents": result["documents_done"],
                "failures": result["failures"], "counts": result["counts"], "seconds": result["seconds"]}
    with atomic_write(outdir / _DONE / f"{key}.json") as fh:
        json.dump(manifest, fh, ensure_ascii=False)
        fh.write("\n")


def _write_failures(outdir: Path, run_failures: Path) -> None:
    """``failures.jsonl``: failures of every partition done (this run's and earlier ones') and of this run."""
    from mapper._io import atomic_write

    with atomic_write(outdir / _FAILURES) as out:
        done_dir = outdir / _DONE
        for path in sorted(done_dir.glob("*.json")) if done_dir.is_dir() else []:
            for failure in json.loads(path.read_text(encoding="utf-8"))["failures"]:
                out.write(json.dumps(failure, ensure_ascii=False) + "\n")
        with open(run_failures, encoding="utf-8") as fh:
            for line in fh:
                out.write(line)


def _write_duplicates(outdir: Path, run_duplicates: Path, count: int) -> None:
    """``duplicates.jsonl``: the documents skipped because another document of the same run had their
    content (their places and incidents are that one's), from this run and the earlier ones."""
    if not count:
        return
    from mapper._io import atomic_write

    target = outdir / _DUPLICATES
    lines: dict[tuple, str] = {}
    for source in (target, run_duplicates):
        if source.is_file():
            for line in source.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                lines.setdefault((record["id"], record["path"], record["key"]), line)
    with atomic_write(target) as out:
        for line in lines.values():
            out.write(line + "\n")


def _read_parts(outdir: Path, table: str):
    """Every part of one table as one frame (an empty frame of the right columns when there is none)."""
    import pandas as pd

    paths = sorted((outdir / table).glob("part-*.parquet"))
    if table == "documents":
        if not paths:
            return _empty_frame(_DOCUMENT_TYPES, geometry=False)
        return pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
    import geopandas

    types = _MENTION_TYPES if table == "mentions" else _incident_types()
    if not paths:
        return _empty_frame(types)
    frames = [geopandas.read_parquet(p) for p in paths]
    return geopandas.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def _write_outputs(outdir: Path, incidents: geopandas.GeoDataFrame, config: _Config) -> None:
    """Write the corpus-wide outputs from the merged incidents: ``incidents.csv`` (ACLED's columns)
    and ``map.html`` (an offline :class:`~mapper.maps.EventMap`, with the places mentioned when
    there are at most :data:`MAP_MENTIONS_MAX` of them)."""
    from mapper.frames import write_incidents
    from mapper.maps import EventMap

    write_incidents(incidents, outdir / _CSV)
    emap = EventMap(incidents, _map_mentions(outdir), offline=True, store=config.store,
                    title=f"Corpus run: {outdir.resolve().name}")
    emap.save(outdir / _MAP)


#: The map of a run shows the places mentioned up to this many; beyond, the incidents only.
MAP_MENTIONS_MAX = 50_000


def _map_mentions(outdir: Path):
    import geopandas
    import pyarrow.dataset

    folder = outdir / "mentions"
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return None
    if pyarrow.dataset.dataset(folder, format="parquet").count_rows() > MAP_MENTIONS_MAX:
        return None
    return geopandas.read_parquet(folder)


# --------------------------------------------------------------------------------------------------
# merging incidents across the corpus


def merge_incidents(frame: geopandas.GeoDataFrame | pandas.DataFrame) -> geopandas.GeoDataFrame:
    """Merge the incidents several articles tell, and number them ACLED-style.

    The rule of :func:`mapper.incidents.merge_duplicates` (same event type, within 25 km, a day
    apart), applied to the incidents sorted by date, article and offset, so that the result does
    not depend on how the corpus was split. Candidates are looked up by type, day and latitude
    band rather than compared pairwise, so a corpus-wide merge stays fast.

    Parameters
    ----------
    frame : GeoDataFrame or DataFrame
        Incidents, as in ``OUTDIR/incidents/`` or :attr:`CorpusFrames.incidents` (computed).

    Returns
    -------
    geopandas.GeoDataFrame
        See :func:`mapper.frames.incidents_frame`; ``event_id_cnty`` numbered per country.
    """
    rows = frame.drop(columns=getattr(frame, "_geometry_column_name", "geometry"), errors="ignore")
    return _merge_all([_incident_from_row(row) for row in rows.to_dict("records")])


def _merge_all(incidents: list) -> geopandas.GeoDataFrame:
    from mapper.frames import incidents_frame
    from mapper.incidents.model import assign_event_ids

    incidents.sort(key=lambda inc: (inc.date or "", inc.doc_id, inc.start, inc.end))
    return incidents_frame(assign_event_ids(_merge_indexed(incidents)))


def _part_incidents(outdir: Path) -> list:
    """Read the incidents of every part, one part at a time (Arrow to Python, no geometry decoded)."""
    import pyarrow.parquet as pq

    columns = list(_incident_types())
    incidents = []
    for path in sorted((outdir / "incidents").glob("part-*.parquet")):
        rows = pq.read_table(path, columns=columns).to_pylist()  # None for a missing value already
        incidents.extend(_incident_from_row(row, clean=False) for row in rows)
    return incidents


def _value(value: Any) -> Any:
    """Return a table cell as Python: None for a missing value."""
    import numpy as np
    import pandas as pd

    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _incident_from_row(row: Mapping[str, Any], *, clean: bool = True):
    from mapper.incidents.model import _ISO_NUMERIC, Incident

    get = {k: _value(v) for k, v in row.items()} if clean else row
    text = lambda name: get.get(name) or ""  # noqa: E731
    integer = lambda name, default=0: int(get[name]) if get.get(name) is not None else default  # noqa: E731
    iso = get.get("iso_country")
    if iso is None and get.get("iso") is not None:
        iso = next((cc for cc, code in _ISO_NUMERIC.items() if code == int(get["iso"])), "")
    killed = get.get("killed") if "killed" in get else get.get("fatalities")
    doc_id = text("doc_id")
    sources = text("sources")
    return Incident(
        event_type=text("event_type"), sub_event_type=text("sub_event_type"),
        date=get.get("event_date") or None, time_precision=integer("time_precision", 3),
        actor1=text("actor1"), assoc_actor_1=text("assoc_actor_1"),
        inter1=integer("inter1"), actor2=text("actor2"), assoc_actor_2=text("assoc_actor_2"),
        inter2=integer("inter2"), location=text("location"), country=text("country"), iso_country=iso or "",
        admin1=text("admin1"), admin2=text("admin2"), admin3=text("admin3"), lat=get.get("latitude"),
        lon=get.get("longitude"), geo_precision=integer("geo_precision", 1),
        killed=None if killed is None else int(killed),
        wounded=None if get.get("wounded") is None else int(get["wounded"]),
        killed_or_wounded=None if get.get("killed_or_wounded") is None else int(get["killed_or_wounded"]),
        civilian_targeting=bool(get.get("civilian_targeting")), doc_id=doc_id, start=integer("start"),
        end=integer("end"), source=text("source"), notes=text("notes"),
        confidence=float(get.get("confidence") or 0.0), reason=text("reason"),
        sources=[doc_id] if sources in ("", doc_id) else sources.split("; "),
    )


# a latitude band: 27.8 km, more than SAME_PLACE_KM, so an incident's match lies in the next band at most
_BAND_DEGREES = 0.25


def _merge_indexed(incidents: list) -> list:
    """Return what ``merge_duplicates(incidents)`` does, finding candidates by type, day and latitude band."""
    import math
    from datetime import date as _date

    from mapper.incidents.dedupe import SAME_DAYS, SAME_PLACE_KM, _merge, same_incident

    assert _BAND_DEGREES * 111.19 > SAME_PLACE_KM

    def day(inc) -> int | str | None:
        if not inc.date:
            return ("none", inc.date)  # matches only the same empty value (see dedupe._days)
        try:
            return _date.fromisoformat(inc.date[:10]).toordinal()
        except ValueError:
            return None  # never within a day of anything

    def home(inc) -> tuple | None:
        d = day(inc)
        if d is None or inc.lat is None:
            return None
        return inc.event_type, d, math.floor(inc.lat / _BAND_DEGREES)

    def around(inc) -> list[tuple]:
        d = day(inc)
        if d is None or inc.lat is None:
            return []
        band = math.floor(inc.lat / _BAND_DEGREES)
        days = [d] if isinstance(d, tuple) else [d + k for k in range(-SAME_DAYS, SAME_DAYS + 1)]
        return [(inc.event_type, x, band + b) for x in days for b in (-1, 0, 1)]

    out: list = []
    buckets: dict[tuple, list[int]] = {}
    for inc in incidents:
        candidates = sorted(i for k in around(inc) for i in buckets.get(k, ()))
        for i in candidates:
            kept = out[i]
            if same_incident(kept, inc, same_article=False):
                before = home(kept)
                _merge(kept, inc)
                after = home(kept)
                if after != before:
                    if before is not None:
                        buckets[before].remove(i)
                    if after is not None:
                        buckets.setdefault(after, []).append(i)
                break
        else:
            out.append(inc)
            where = home(inc)
            if where is not None:
                buckets.setdefault(where, []).append(len(out) - 1)
    return out


# --------------------------------------------------------------------------------------------------
# Dask bags and dataframes of articles


class CorpusFrames(NamedTuple):
    """Lazy tables of a corpus, one partition per input partition.

    Compute them together (``dask.compute(*frames)``) or persist them: each one computed alone
    runs the geoparser again.

    Attributes
    ----------
    mentions : dask_geopandas.GeoDataFrame
        One row per mention (see :func:`mapper.frames.mentions_frame`), EPSG:4326.
    incidents : dask_geopandas.GeoDataFrame
        Incidents of each article, not merged across articles (see :func:`merge_incidents`).
    documents : dask.dataframe.DataFrame
        One row per article: id, content key, counts, and ``error`` for those that failed.
    """

    mentions: dask_geopandas.GeoDataFrame
    incidents: dask_geopandas.GeoDataFrame
    documents: dask.dataframe.DataFrame


def _item_document(item: Any, *, default_id: str, where: str, text_column: str) -> Document | DocumentFailure:
    """Make a document of a bag item or row: a string, a Document, or a mapping with a text field."""
    from mapper.documents import _Options, _record_item

    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        if not item.strip():
            return DocumentFailure(default_id, None, f"{where}: empty document")
        return Document.from_text(item, id=default_id)
    if isinstance(item, Mapping):
        record = {k: _value(v) for k, v in item.items()}
        return _record_item(record, default_id=default_id, where=where, path=None,
                            opts=_Options(text_column, 5_000_000))
    return DocumentFailure(default_id, None, f"{where}: expected a string, a mapping or a Document, "
                                             f"not {type(item).__name__}")


def _items_documents(items: Iterable[Any], partition: int, text_column: str, labels: list | None = None):
    out = []
    for n, item in enumerate(items):
        label = labels[n] if labels is not None else n
        default_id = f"{partition}:{label}" if labels is None else str(label)
        where = f"item {n} of partition {partition}" if labels is None else f"row {label!r}"
        try:
            out.append(_item_document(item, default_id=default_id, where=where, text_column=text_column))
        except Exception as err:  # noqa: BLE001 - a malformed item fails alone
            out.append(DocumentFailure(default_id, None, f"{where}: {type(err).__name__}: {err}"))
    return out


def _frame_partition(items, partition: int, config: _Config, text_column: str, rows: bool):
    """Tabulate one input partition (a bag partition, or a pandas partition when `rows`)."""
    import pandas as pd

    if rows:
        labels = list(items.index)
        items = items.to_dict("records")
    else:
        labels = None
    docs = _items_documents(items, partition, text_column, labels)
    good = [(document_key(d), d) for d in docs if isinstance(d, Document)]
    mentions, incidents, documents, _ = _tables(good, config)
    bad = [{"doc_id": d.id, "key": None, "path": d.path, "error": d.error}
           for d in docs if isinstance(d, DocumentFailure)]
    if bad:
        documents = _typed(pd.concat([documents, pd.DataFrame(bad)], ignore_index=True), _DOCUMENT_TYPES)
    return {"mentions": mentions, "incidents": incidents, "documents": documents}


def _records_partition(items, partition: int, config: _Config, text_column: str) -> list[dict[str, Any]]:
    from mapper.extract import document_record, failure_record

    docs = _items_documents(items, partition, text_column)
    good = [d for d in docs if isinstance(d, Document)]
    analysed = iter(_analyse(good, config))
    out = []
    for d in docs:
        if isinstance(d, DocumentFailure):
            out.append(failure_record(d))
            continue
        doc, parsed, found, error = next(analysed)
        if error is not None:
            out.append(failure_record(DocumentFailure(doc.id, doc.path, error)))
        else:
            out.append(document_record(parsed, found))
    return out


def process_bag(
    bag: dask.bag.Bag,
    *,
    ner: bool | str = False,
    store: str | os.PathLike[str] | Store | None = None,
    text_column: str = "text",
) -> dask.bag.Bag:
    """Geoparse a Dask bag of articles into a bag of records, one per article.

    Parameters
    ----------
    bag : dask.bag.Bag
        Articles: strings (the text; id ``"<partition>:<n>"``), :class:`~mapper.documents.Document`
        objects, or mappings with a text field and optional ``id``, ``date``, ``url``, ``title``,
        ``source``, ``lang`` (as a JSON Lines line).
    ner : bool or "auto", default False
        Whether the spaCy model runs.
    store : str, path-like or Store, optional
        The gazetteer store (each worker's default otherwise).
    text_column : str, default "text"
        Text field of mapping items.

    Returns
    -------
    dask.bag.Bag
        The records of ``mapper extract --jsonl`` (places, derived places, incidents), or
        ``{"id", "path", "error", ...}`` for an article that failed, in the bag's order.

    Examples
    --------
    >>> import dask.bag as db  # doctest: +SKIP
    >>> bag = db.from_sequence(["Des combats ont eu lieu près d'Abou Kamal."])  # doctest: +SKIP
    >>> process_bag(bag).pluck("toponyms").compute()  # doctest: +SKIP
    """
    import dask
    import dask.bag as db

    config = _config(store, ner)
    parts = bag.to_delayed()
    return db.from_delayed([dask.delayed(_records_partition, pure=True)(part, i, config, text_column)
                            for i, part in enumerate(parts)])


def to_frames(
    articles: dask.bag.Bag | dask.dataframe.DataFrame,
    *,
    ner: bool | str = False,
    store: str | os.PathLike[str] | Store | None = None,
    text_column: str = "text",
) -> CorpusFrames:
    """Geoparse a Dask bag or dataframe of articles into lazy mentions, incidents and documents tables.

    Parameters
    ----------
    articles : dask.bag.Bag or dask.dataframe.DataFrame
        A bag as for :func:`process_bag`, or a dataframe with one article per row: a text column
        and optional ``id``, ``date``, ``url``, ``title``, ``source``, ``lang`` (a row without an
        id is named by its index label).
    ner : bool or "auto", default False
        Whether the spaCy model runs.
    store : str, path-like or Store, optional
        The gazetteer store (each worker's default otherwise).
    text_column : str, default "text"
        The text column.

    Returns
    -------
    CorpusFrames
        ``(mentions, incidents, documents)``, each with one partition per input partition.

    Raises
    ------
    MapperInputError
        If `articles` is neither a Dask bag nor a Dask dataframe.

    Examples
    --------
    >>> import dask, dask.dataframe as dd  # doctest: +SKIP
    >>> frames = to_frames(dd.read_parquet("articles.parquet"))  # doctest: +SKIP
    >>> mentions, incidents, documents = dask.compute(*frames)  # doctest: +SKIP
    >>> merge_incidents(incidents).to_csv("incidents.csv")  # doctest: +SKIP
    """
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    config = _config(store, ner)
    if isinstance(articles, db.Bag):
        rows = False
    elif isinstance(articles, dd.DataFrame):
        rows = True
    else:
        raise MapperInputError(f"articles must be a Dask bag or dataframe, not {type(articles).__name__}")
    parts = [dask.delayed(_frame_partition, pure=True)(part, i, config, text_column, rows)
             for i, part in enumerate(articles.to_delayed())]
    metas = {"mentions": _empty_frame(_MENTION_TYPES), "incidents": _empty_frame(_incident_types()),
             "documents": _empty_frame(_DOCUMENT_TYPES, geometry=False)}
    tables = {name: dd.from_delayed([dask.delayed(_pick, pure=True)(p, name) for p in parts], meta=meta,
                                    verify_meta=False)
              for name, meta in metas.items()}
    return CorpusFrames(tables["mentions"], tables["incidents"], tables["documents"])


def _pick(tables: Mapping[str, Any], name: str):
    return tables[name]
