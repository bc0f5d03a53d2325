"""Readers of articles: plain text, HTML, JSON Lines, CSV/TSV, JSON, directories and standard input.

:func:`read_documents` turns paths into a stream of :class:`Document` records, one per article, and
never stops on a bad input: each unreadable file, line or row becomes a :class:`DocumentFailure` whose
message names the file (and the line or row) and says what is wrong, and reading goes on.

Notes
-----
Character offsets found later in the pipeline refer to :attr:`Document.text`:

- for plain text files it is the decoded file content, unchanged (line endings included), except that
  a leading UTF-8 byte order mark is removed: offsets count from the first character after the mark;
- for HTML it is the main text extracted by trafilatura, not the markup;
- for JSON Lines, CSV/TSV and JSON it is the value of the text field, as decoded by the JSON or CSV
  parser.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import errno
import functools
import io
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mapper.exc import MapperInputError

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

__all__ = ["Document", "DocumentFailure", "leading_date", "read_documents"]

logger = logging.getLogger(__name__)

_STDIN_ID = "<stdin>"

_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_CSV_DELIMITERS = {".csv": ",", ".tsv": "\t"}

_TEXT_FIELDS = ("text", "content", "body")
_LANG_FIELDS = ("lang", "language")

_CHUNK = 1 << 20  # bytes read at a time from a text file
_PEEK = 8192  # bytes looked at to recognise a binary file
_SOURCE_FACTOR = 4  # HTML and JSON sources may hold this many times max_chars characters of markup
_HTML_MAX_DEPTH = 256  # libxml2's nesting limit: deeper elements are not read
_CSV_FIELD_LIMIT_CAP = 2**31 - 1  # csv.field_size_limit takes a C long, 32 bits on Windows

# Magic numbers of common binary formats, to say which kind of file was met.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy office document"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# The day is taken whole or not at all ("2021-01-245" is no date); an ISO time may follow ("...T10:00").
_LEADING_DATE = re.compile(r"^\s*date\s+([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?+)(?:\b|(?=T[0-9]))", re.IGNORECASE)
_LEADING_DATE_WINDOW = 200
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_ISO_SHAPED = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_FOUR_DIGITS = re.compile(r"\d{4}")  # any script's digits: a year written out in full
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", re.IGNORECASE)
_SURROGATE = re.compile("[\udc80-\udcff]")

# dateparser settings that never fill a missing part from today's date: a year and a month are
# required, relative expressions ("yesterday", "il y a 2 jours") are not parsed, and numeric dates
# read day first (03/04/2021 is 3 April), as in the French- and Arabic-language press.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["year", "month"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "DMY",
    "PREFER_LOCALE_DATE_ORDER": False,
}


@dataclass(frozen=True, slots=True)
class Document:
    """One article to read.

    Parameters
    ----------
    id : str
        The file name for a file given directly (``"000_2a8ce6604b30154d.txt"``), the path relative to
        the directory for a file found in a directory (``"2021/a.txt"``), ``"<file>:<n>"`` for the
        n-th line of a JSON Lines file, row of a CSV file or item of a JSON list, unless the record
        carries its own ``id``; ``"<stdin>"`` for text read from standard input.
    text : str
        The text. For a text file, the decoded content unchanged (a leading byte order mark removed),
        so character offsets refer to the file's text.
    date : str, optional
        Publication date, ISO ``"YYYY-MM-DD"``, or ``"YYYY-MM"`` when only the month is known.
    url : str, optional
        Address of the article.
    title : str, optional
        Headline.
    source : str, optional
        Name of the outlet.
    lang : str, optional
        Language code; readers leave it ``None`` unless the input's metadata gives it.
    path : str, optional
        The file it was read from; ``None`` for standard input or text built in memory.
    """

    id: str
    text: str = field(repr=False)
    date: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    lang: str | None = None
    path: str | None = None

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        id: str = "<text>",
        date: str | _dt.date | None = None,
        url: str | None = None,
        title: str | None = None,
        source: str | None = None,
        lang: str | None = None,
        path: str | None = None,
    ) -> Document:
        """Build a document from a string.

        Parameters
        ----------
        text : str
            The article text, kept unchanged.
        id : str, default "<text>"
            Identifier of the document.
        date : str or datetime.date, optional
            Publication date in any format :func:`read_documents` understands; normalised to ISO.
            When not given, taken from a leading ``date YYYY-MM[-DD]`` line (see :func:`leading_date`).
        url, title, source, lang, path : str, optional
            Metadata, kept as given.

        Returns
        -------
        Document

        Raises
        ------
        TypeError
            If `text` is not a string.
        MapperInputError
            If `date` is given but is not a recognisable date.

        Examples
        --------
        >>> doc = Document.from_text(" date 2021-01 Daech attacked near al-Tanf.")
        >>> doc.id, doc.date
        ('<text>', '2021-01')
        >>> Document.from_text("Clashes in Deir ez-Zor.", date="24 janvier 2021").date
        '2021-01-24'
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, not {type(text).__name__}")
        if date is None:
            iso = leading_date(text)
        else:
            iso = _normalise_date(date)
            if iso is None:
                raise MapperInputError(f"document {id!r}: unrecognised date {date!r}")
        return cls(id=id, text=text, date=iso, url=url, title=title, source=source, lang=lang, path=path)


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    """An input that could not be read as a document.

    Parameters
    ----------
    id : str
        The identifier the document would have had (see :class:`Document`).
    path : str or None
        The file concerned; ``None`` for standard input.
    error : str
        What is wrong, naming the file (and the line or row).
    """

    id: str
    path: str | None
    error: str


@dataclass(frozen=True, slots=True)
class _Entry:
    """A file to read (``path`` None: standard input) and the id its document gets."""

    path: Path | None
    id: str


class _Failure(Exception):
    """A whole input is unreadable; the message says why, without naming the file."""


@dataclass(frozen=True, slots=True)
class _Options:
    text_column: str
    max_chars: int

    @property
    def text_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.text_column, *_TEXT_FIELDS)))


# --------------------------------------------------------------------------------------------------
# public functions


def leading_date(text: str) -> str | None:
    r"""Return the date of a leading ``date YYYY-MM[-DD]`` line.

    Many reports start with such a line (``" date 2021-01 C'est depuis ..."``), possibly followed by
    more text on the same line or an ISO time (``date 2021-01-24T10:00``). The date must start within
    the first 200 characters; the word ``date`` is matched case-insensitively. The text is not modified.

    Parameters
    ----------
    text : str
        The article.

    Returns
    -------
    str or None
        ``"YYYY-MM"`` or ``"YYYY-MM-DD"``, or ``None`` without such a line or with an impossible
        date (month 13, 30 February).

    Examples
    --------
    >>> leading_date(" date 2021-01 C'est depuis la région al-Tanf")
    '2021-01'
    >>> leading_date("DATE 2021-01-24\nDaech attacked.")
    '2021-01-24'
    >>> leading_date("Le 24 janvier, date 2021-01-24") is None
    True
    """
    match = _LEADING_DATE.match(text[: _LEADING_DATE_WINDOW + 16])
    if match is None or match.start(1) >= _LEADING_DATE_WINDOW:
        return None
    return _valid_iso(match.group(1))


def read_documents(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    text_column: str = "text",
    max_chars: int = 5_000_000,
    recursive: bool = True,
) -> Iterator[Document | DocumentFailure]:
    """Read articles from files, directories and standard input.

    Parameters
    ----------
    inputs : iterable of str or path-like
        Files and directories, read in the order given; ``"-"`` is standard input (give a file named
        ``-`` as ``./-``). A single path is accepted too.
    text_column : str, default "text"
        Field or column holding the text in JSON Lines, JSON and CSV/TSV inputs; ``text``, ``content``
        and ``body`` are tried after it, then the same names ignoring case.
    max_chars : int, default 5_000_000
        Longest text accepted, in characters. HTML and JSON files may hold four times as many
        characters of markup.
    recursive : bool, default True
        Walk sub-directories of the directories given.

    Yields
    ------
    Document or DocumentFailure
        One per article, or per input (file, line, row, item) that could not be read.

    Raises
    ------
    ValueError
        If `max_chars` is not a positive integer.
    TypeError
        If `text_column` is not a string.

    Notes
    -----
    Formats are chosen by extension, ignoring case:

    - ``.txt``, ``.text``, ``.md`` and no extension: one document, the whole file. Any other
      extension is read the same way if the file is UTF-8 text; otherwise it fails as a binary file.
    - ``.html``, ``.htm``, ``.xhtml``: one document, the main text extracted by trafilatura, with
      title, address, outlet, ``<html lang>`` and publication date from the page's markup (meta tags,
      ``<time>``; htmldate's search of the body text is off). A page without main text fails with
      "no main text", saying so when its elements nest deeper than the HTML parser reads (256).
    - ``.jsonl``, ``.ndjson``: one document per line, a JSON object with a text field and optional
      ``id``, ``date``, ``url``, ``title``, ``source``, ``lang`` (or ``language``). Blank lines are
      skipped; a broken line fails alone.
    - ``.csv``, ``.tsv``: one document per row, with the same column names. A ``.csv`` file whose
      header has no text column with commas is tried with semicolons. A file without a text column
      fails as a whole. The process-wide ``csv.field_size_limit`` is raised (never lowered) to about
      twice `max_chars`.
    - ``.json``: one object (one document) or a list of objects (items numbered from 1).

    Standard input is read whole: if every non-blank line is a JSON object it is read as JSON Lines,
    if it is one JSON object or list as JSON, otherwise as one text with id ``"<stdin>"``.

    Directories are walked in sorted order, skipping names that start with a dot; symbolic links are
    followed, but a link back to a directory being walked fails as a symlink loop, and a directory
    met twice through links is read once.

    Text must be UTF-8 (a byte order mark is removed). Invalid UTF-8, NUL bytes, a known binary
    signature (PNG, PDF, ZIP...), an empty or blank text, or a text over `max_chars` characters each
    give a failure. A file more than four times `max_chars` bytes long fails without being read, and
    a longer text stops being read once over the limit.

    The publication date comes from the metadata (normalised to ISO, an unreadable date is dropped),
    or else from a leading ``date YYYY-MM[-DD]`` line (:func:`leading_date`).

    Examples
    --------
    >>> for item in read_documents(["reports/", "extra.jsonl"]):  # doctest: +SKIP
    ...     if isinstance(item, DocumentFailure):
    ...         print(item.error)
    """
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise ValueError(f"max_chars must be a positive integer, not {max_chars!r}")
    if not isinstance(text_column, str):
        raise TypeError(f"text_column must be a string, not {type(text_column).__name__}")
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    return _read_all(inputs, _Options(text_column, max_chars), recursive)


# --------------------------------------------------------------------------------------------------
# walking the inputs


def _read_all(inputs: Iterable[Any], opts: _Options, recursive: bool) -> Iterator[Document | DocumentFailure]:
    for entry in _iter_paths(inputs, recursive=recursive):
        if isinstance(entry, DocumentFailure):
            logger.debug("%s", entry.error)
            yield entry
            continue
        display = _STDIN_ID if entry.path is None else str(entry.path)
        path = None if entry.path is None else str(entry.path)
        try:
            for item in _read_entry(entry, opts):
                if isinstance(item, DocumentFailure):
                    logger.debug("%s", item.error)
                yield item
        except _Failure as err:
            yield _fail(entry.id, path, f"{display}: {err}")
        except OSError as err:
            yield _fail(entry.id, path, f"{display}: cannot read: {_os_reason(err)}")
        except Exception as err:  # never let one bad input stop a corpus run
            logger.debug("unexpected error reading %s", display, exc_info=True)
            yield _fail(entry.id, path, f"{display}: unexpected error: {type(err).__name__}: {err}")


def _fail(doc_id: str, path: str | None, error: str) -> DocumentFailure:
    logger.debug("%s", error)
    return DocumentFailure(id=doc_id, path=path, error=error)


def _os_reason(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop"
    return err.strerror or str(err)


def _iter_paths(inputs: Iterable[Any], recursive: bool = True) -> Iterator[_Entry | DocumentFailure]:
    """Yield the files to read, in order, and a failure for each path that cannot be walked."""
    for raw in inputs:
        try:
            name = os.fsdecode(raw)
        except TypeError:
            yield DocumentFailure(repr(raw), None, f"{raw!r}: not a path ({type(raw).__name__})")
            continue
        if name == "-":
            yield _Entry(None, _STDIN_ID)
            continue
        path = Path(name)
        doc_id = path.name or str(path)
        try:
            st = os.stat(path)
        except OSError as err:
            yield DocumentFailure(doc_id, str(path), f"{path}: {_stat_reason(path, err)}")
            continue
        if stat.S_ISDIR(st.st_mode):
            real = os.path.realpath(path)
            yield from _walk(path, "", recursive, frozenset({real}), {real})
        else:
            yield _Entry(path, doc_id)


def _stat_reason(path: Path, err: OSError) -> str:
    if err.errno == errno.ENOENT:
        return "broken symlink" if path.is_symlink() else "no such file or directory"
    return _os_reason(err)


def _walk(
    root: Path, prefix: str, recursive: bool, ancestors: frozenset[str], seen: set[str]
) -> Iterator[_Entry | DocumentFailure]:
    try:
        names = sorted(os.listdir(root))
    except OSError as err:
        yield DocumentFailure(
            prefix or root.name or str(root), str(root), f"{root}: cannot list directory: {_os_reason(err)}"
        )
        return
    for name in names:
        path = root / name
        rel = f"{prefix}/{name}" if prefix else name
        if name.startswith("."):
            logger.debug("skipping hidden %s", path)
            continue
        try:
            st = os.stat(path)
        except OSError as err:
            yield DocumentFailure(rel, str(path), f"{path}: {_stat_reason(path, err)}")
            continue
        if stat.S_ISDIR(st.st_mode):
            if not recursive:
                logger.debug("skipping sub-directory %s (not recursive)", path)
                continue
            real = os.path.realpath(path)
            if real in ancestors:
                yield DocumentFailure(rel, str(path), f"{path}: symlink loop (leads back to {real})")
            elif real in seen:
                logger.debug("skipping %s: already read as %s", path, real)
            else:
                seen.add(real)
                yield from _walk(path, rel, recursive, ancestors | {real}, seen)
        elif stat.S_ISREG(st.st_mode):
            yield _Entry(path, rel)
        else:
            logger.debug("skipping %s: not a regular file", path)


# --------------------------------------------------------------------------------------------------
# one input


def _read_entry(entry: _Entry, opts: _Options) -> Iterator[Document | DocumentFailure]:
    if entry.path is None:
        yield from _read_stdin(opts)
        return
    path = entry.path
    display = str(path)
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        with open(path, "rb") as fh:
            yield from _read_jsonl(fh, display=display, base_id=entry.id, path=display, opts=opts)
    elif suffix in _CSV_DELIMITERS:
        with open(path, "rb") as fh:
            yield from _read_csv(
                fh,
                display=display,
                base_id=entry.id,
                path=display,
                opts=opts,
                delimiter=_CSV_DELIMITERS[suffix],
            )
    elif suffix in _HTML_SUFFIXES:
        html = _read_file_text(path, limit=_SOURCE_FACTOR * opts.max_chars)
        yield _html_item(html, doc_id=entry.id, path=display, display=display, opts=opts)
    elif suffix == ".json":
        source = _read_file_text(path, limit=_SOURCE_FACTOR * opts.max_chars)
        yield from _read_json(source, display=display, base_id=entry.id, path=display, opts=opts)
    else:
        if suffix not in _TEXT_SUFFIXES:
            logger.debug("reading %s as text (unknown extension %r)", path, suffix)
        text = _read_file_text(path, limit=opts.max_chars)
        yield _text_item(text, doc_id=entry.id, path=display, where=display, opts=opts)


def _read_stdin(opts: _Options) -> Iterator[Document | DocumentFailure]:
    stream = sys.stdin
    if stream is None:
        raise _Failure("standard input is not available")
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    _check_binary(data[:_PEEK])
    text = _decode_bytes(data)
    if _looks_like_jsonl(text):
        fh = io.BufferedReader(io.BytesIO(data))
        yield from _read_jsonl(fh, display=_STDIN_ID, base_id=_STDIN_ID, path=None, opts=opts)
        return
    if text.lstrip()[:1] in ("{", "["):
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError):
            obj = None
        if isinstance(obj, dict | list):
            yield from _json_items(obj, display=_STDIN_ID, base_id=_STDIN_ID, path=None, opts=opts)
            return
    yield _text_item(text, doc_id=_STDIN_ID, path=None, where=_STDIN_ID, opts=opts)


def _looks_like_jsonl(text: str) -> bool:
    """Tell whether every non-blank line is a JSON object, and there is at least one."""
    found = False
    for line in text.split("\n"):
        if not line.strip():
            continue
        if not line.lstrip().startswith("{"):
            return False
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            return False
        if not isinstance(obj, dict):
            return False
        found = True
    return found


# --------------------------------------------------------------------------------------------------
# bytes to text


def _binary_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _check_binary(head: bytes) -> None:
    """Fail on a known binary signature, a UTF-16 byte order mark, or a NUL byte in `head`."""
    kind = _binary_kind(head)
    if kind is not None:
        raise _Failure(f"binary file ({kind})")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Failure("not valid UTF-8 (byte offset 0): looks like UTF-16; save it as UTF-8")
    nul = head.find(b"\x00")
    if nul >= 0:
        raise _Failure(f"binary file (NUL byte at byte offset {nul})")


def _decode_bytes(data: bytes, base: int = 0) -> str:
    """Decode UTF-8 bytes, dropping a byte order mark; `base` is the file offset of ``data[0]``."""
    if data.startswith(codecs.BOM_UTF8):
        data, base = data[len(codecs.BOM_UTF8) :], base + len(codecs.BOM_UTF8)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _Failure(f"binary file (NUL byte at byte offset {base + nul})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _Failure(f"not valid UTF-8 (byte offset {base + err.start})") from err


def _read_head(fh: IO[bytes], size: int) -> bytes:
    parts, got = [], 0
    while got < size:
        chunk = fh.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _read_file_text(path: Path, *, limit: int) -> str:
    """Read a whole UTF-8 file of at most `limit` characters, failing early on a larger one."""
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        size = st.st_size if stat.S_ISREG(st.st_mode) else None
        head = _read_head(fh, _PEEK)
        _check_binary(head)
        if size is not None and size > 4 * limit:
            # A UTF-8 character takes at most 4 bytes: more characters than the limit for sure.
            raise _Failure(f"too large: {size} bytes, more than {limit} characters (limit {limit})")
        return _decode_stream(head, fh, limit=limit, size=size)


def _decode_stream(head: bytes, fh: IO[bytes], *, limit: int, size: int | None) -> str:
    """Decode `head` and the rest of `fh` chunk by chunk, stopping once over `limit` characters."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    parts: list[str] = []
    count = 0
    offset = 0  # file offset of the chunk being decoded
    chunk = head
    if chunk.startswith(codecs.BOM_UTF8):
        chunk, offset = chunk[len(codecs.BOM_UTF8) :], len(codecs.BOM_UTF8)
    while True:
        final = not chunk
        nul = chunk.find(b"\x00")
        if nul >= 0:
            raise _Failure(f"binary file (NUL byte at byte offset {offset + nul})")
        pending = len(decoder.getstate()[0])
        try:
            text = decoder.decode(chunk, final)
        except UnicodeDecodeError as err:
            raise _Failure(f"not valid UTF-8 (byte offset {offset - pending + err.start})") from err
        offset += len(chunk)
        count += len(text)
        if count > limit:
            where = f"; {size} bytes" if size is not None else ""
            raise _Failure(f"too large: more than {limit} characters (limit {limit}{where})")
        parts.append(text)
        if final:
            return "".join(parts)
        chunk = fh.read(_CHUNK)


# --------------------------------------------------------------------------------------------------
# formats


def _text_item(
    text: str, *, doc_id: str, path: str | None, where: str, opts: _Options, **meta: str | None
) -> Document | DocumentFailure:
    """Make a document from `text`, or a failure if it is blank or too long."""
    if not text.strip():
        return _fail(doc_id, path, f"{where}: empty document")
    if len(text) > opts.max_chars:
        return _fail(doc_id, path, f"{where}: too large: {len(text)} characters (limit {opts.max_chars})")
    if meta.get("date") is None:
        meta["date"] = leading_date(text)
    return Document(id=doc_id, text=text, path=path, **meta)


def _html_item(
    html: str, *, doc_id: str, path: str, display: str, opts: _Options
) -> Document | DocumentFailure:
    if not html.strip():
        return _fail(doc_id, path, f"{display}: empty document")
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            with_metadata=True,
            date_extraction_params=_html_date_params(),
        )
    except Exception as err:  # lxml and trafilatura raise many kinds on broken markup
        return _fail(doc_id, path, f"{display}: HTML extraction failed: {type(err).__name__}: {err}")
    meta = _result_getter(result)
    text = meta("text")
    if not isinstance(text, str) or not text.strip():
        if _too_deep(html):
            return _fail(doc_id, path, f"{display}: no main text: the HTML nests elements deeper than the "
                                       f"parser's limit of {_HTML_MAX_DEPTH}")
        return _fail(doc_id, path, f"{display}: no main text (nothing extracted from the HTML)")
    match = _HTML_LANG.search(html, 0, 4096)
    return _text_item(
        text.strip(),
        doc_id=doc_id,
        path=path,
        where=display,
        opts=opts,
        date=_normalise_date(meta("date")),
        url=_clean_str(meta("url")),
        title=_clean_str(meta("title")),
        source=_clean_str(meta("sitename")),
        lang=match.group(1) if match else None,
    )


def _too_deep(html: str) -> bool:
    """Whether libxml2 stopped reading `html` at its nesting limit, the text below left unread.

    The limit guards the parser and what walks its tree; it is kept, and the page fails saying so.
    """
    from lxml import etree

    parser = etree.HTMLParser()
    try:
        etree.fromstring(html, parser)
    except Exception:  # lxml raises many kinds on broken markup; only the depth is asked here
        pass
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _html_date_params() -> dict[str, Any]:
    """Return htmldate settings that take dates from the page's markup only.

    No "extensive search" of the body, whose dates are mostly those of the events reported, and
    which htmldate completes with the first of the month when only a month is given.
    """
    return {"original_date": True, "extensive_search": False, "max_date": _dt.date.today().isoformat()}


def _result_getter(result: Any) -> Callable[[str], Any]:
    """Read a trafilatura result: a dict in trafilatura 1.x, a Document object in 2.x."""
    if result is None:
        return lambda key: None
    if isinstance(result, Mapping):
        return result.get
    return lambda key: getattr(result, key, None)


def _iter_raw_lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, int, bytes | None]]:
    """Yield (line number, file offset, line) from `fh`; the line is None when over `limit` bytes."""
    lineno = offset = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        lineno += 1
        start = offset
        offset += len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the long line without holding it
                more = fh.readline(_CHUNK)
                offset += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, start, None
        else:
            yield lineno, start, line


def _read_jsonl(
    fh: IO[bytes], *, display: str, base_id: str, path: str | None, opts: _Options
) -> Iterator[Document | DocumentFailure]:
    _check_binary(_peek(fh))
    # JSON escapes take up to 6 bytes a character ("\u00e9"); a longer line holds too long a text.
    limit = 6 * opts.max_chars + 65_536
    records = 0
    for lineno, offset, raw in _iter_raw_lines(fh, limit):
        where = f"{display}, line {lineno}"
        line_id = f"{base_id}:{lineno}"
        if raw is None:
            records += 1
            yield _fail(
                line_id,
                path,
                f"{where}: too large: line longer than {limit} bytes "
                f"(limit {opts.max_chars} characters of text)",
            )
            continue
        try:
            line = _decode_bytes(raw, offset)
        except _Failure as err:
            records += 1
            yield _fail(line_id, path, f"{where}: {err}")
            continue
        if not line.strip():
            continue
        records += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield _fail(line_id, path, f"{where}: invalid JSON ({_json_reason(err)} at column {err.colno})")
            continue
        except RecursionError:
            yield _fail(line_id, path, f"{where}: invalid JSON (nested too deeply)")
            continue
        if not isinstance(obj, dict):
            yield _fail(line_id, path, f"{where}: not a JSON object (got {_json_type(obj)})")
            continue
        yield _record_item(obj, default_id=line_id, where=where, path=path, opts=opts)
    if not records:
        raise _Failure("empty document (no records)")


def _json_reason(err: json.JSONDecodeError) -> str:
    """Return the decoder's message without its trailing "at" ("Unterminated string starting at")."""
    return err.msg.removesuffix(" at")


def _peek(fh: IO[bytes]) -> bytes:
    peek = getattr(fh, "peek", None)
    return peek(_PEEK)[:_PEEK] if peek is not None else b""


def _json_type(obj: Any) -> str:
    if obj is None:
        return "null"
    return {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
    }.get(type(obj), type(obj).__name__)


def _read_json(
    source: str, *, display: str, base_id: str, path: str | None, opts: _Options
) -> Iterator[Document | DocumentFailure]:
    if not source.strip():
        raise _Failure("empty document")
    try:
        obj = json.loads(source)
    except json.JSONDecodeError as err:
        raise _Failure(f"invalid JSON ({_json_reason(err)} at line {err.lineno} column {err.colno})") from err
    except RecursionError as err:
        raise _Failure("invalid JSON (nested too deeply)") from err
    yield from _json_items(obj, display=display, base_id=base_id, path=path, opts=opts)


def _json_items(
    obj: Any, *, display: str, base_id: str, path: str | None, opts: _Options
) -> Iterator[Document | DocumentFailure]:
    if isinstance(obj, dict):
        yield _record_item(obj, default_id=base_id, where=display, path=path, opts=opts)
        return
    if not isinstance(obj, list):
        raise _Failure(f"not a JSON object or list of objects (got {_json_type(obj)})")
    if not obj:
        raise _Failure("empty document (no records)")
    for number, item in enumerate(obj, start=1):
        where = f"{display}, item {number}"
        item_id = f"{base_id}:{number}"
        if isinstance(item, dict):
            yield _record_item(item, default_id=item_id, where=where, path=path, opts=opts)
        else:
            yield _fail(item_id, path, f"{where}: not a JSON object (got {_json_type(item)})")


def _pick_field(names: Iterable[str], wanted: Iterable[str]) -> str | None:
    """Find the first of `wanted` among `names`, exactly, else ignoring case."""
    names = list(names)
    present = set(names)
    wanted = list(wanted)
    for name in wanted:
        if name in present:
            return name
    folded = {}
    for name in names:
        if isinstance(name, str):
            folded.setdefault(name.strip().casefold(), name)
    for name in wanted:
        if name.casefold() in folded:
            return folded[name.casefold()]
    return None


def _clean_str(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _record_id(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _clean_str(value)


def _record_item(
    record: Mapping[str, Any], *, default_id: str, where: str, path: str | None, opts: _Options
) -> Document | DocumentFailure:
    """Make a document from a JSON object or CSV row, or a failure naming `where`."""
    names = list(record)
    doc_id = _record_id(record.get(_pick_field(names, ["id"]) or "id")) or default_id
    key = _pick_field(names, opts.text_fields)
    if key is None:
        looked = ", ".join(repr(name) for name in opts.text_fields)
        return _fail(doc_id, path, f"{where}: no text field (looked for {looked})")
    text = record[key]
    if text is None:
        return _fail(doc_id, path, f"{where}: empty document (field {key!r} is null)")
    if not isinstance(text, str):
        return _fail(doc_id, path, f"{where}: field {key!r} is not a string (got {_json_type(text)})")

    def meta(*fields: str) -> Any:
        name = _pick_field(names, fields)
        return None if name is None else record[name]

    lang = _clean_str(meta(*_LANG_FIELDS))
    return _text_item(
        text,
        doc_id=doc_id,
        path=path,
        where=where,
        opts=opts,
        date=_normalise_date(meta("date")),
        url=_clean_str(meta("url")),
        title=_clean_str(meta("title")),
        source=_clean_str(meta("source")),
        lang=lang,
    )


def _raise_csv_field_limit(limit: int) -> None:
    """Raise the process-wide CSV field size limit to `limit`; never lower it (other threads read it)."""
    limit = min(limit, _CSV_FIELD_LIMIT_CAP)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


class _LineTooLong(Exception):
    pass


def _limited_lines(fh: IO[str], limit: int) -> Iterator[str]:
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(("\n", "\r")):
            raise _LineTooLong
        yield line


def _choose_delimiter(header_line: str, default: str, opts: _Options) -> str:
    if default != ",":
        return default
    for delimiter in (",", ";"):
        names = next(csv.reader([header_line], delimiter=delimiter), [])
        if _pick_field([name.strip() for name in names], opts.text_fields) is not None:
            return delimiter
    return default


def _read_csv(
    fh: IO[bytes], *, display: str, base_id: str, path: str | None, opts: _Options, delimiter: str
) -> Iterator[Document | DocumentFailure]:
    _check_binary(_peek(fh))
    limit = 2 * opts.max_chars + 65_536
    _raise_csv_field_limit(limit)
    # Undecodable bytes become lone surrogates, so that a bad row fails alone.
    text_fh = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        lines = _limited_lines(text_fh, limit)
        try:
            first = next(lines)
        except StopIteration:
            raise _Failure("empty document (no header row)") from None
        except _LineTooLong:
            raise _Failure(f"header line longer than {limit} characters") from None
        delimiter = _choose_delimiter(first, delimiter, opts)
        reader = csv.reader(_chain_first(first, lines), delimiter=delimiter)
        yield from _csv_rows(reader, display=display, base_id=base_id, path=path, opts=opts, limit=limit)
    finally:
        text_fh.detach()  # the caller closes the binary file


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _csv_rows(
    reader: Any, *, display: str, base_id: str, path: str | None, opts: _Options, limit: int
) -> Iterator[Document | DocumentFailure]:
    try:
        header = [name.strip() for name in next(reader)]
    except (csv.Error, _LineTooLong) as err:
        raise _Failure(f"unreadable header row: {err or 'line too long'}") from err
    except StopIteration:
        raise _Failure("empty document (no header row)") from None
    columns = [name.lstrip("\ufeff") for name in header]
    if _pick_field(columns, opts.text_fields) is None:
        looked = ", ".join(repr(name) for name in opts.text_fields)
        shown = ", ".join(repr(_repair(name)) for name in columns[:20])
        raise _Failure(f"no text column (looked for {looked}; columns: {shown})")
    row_number = 0
    while True:
        start_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except _LineTooLong:
            raise _Failure(
                f"row {row_number + 1} (line {start_line}): line longer than {limit} characters; "
                f"rest of file skipped"
            ) from None
        except csv.Error as err:
            raise _Failure(f"row {row_number + 1} (line {start_line}): {err}; rest of file skipped") from err
        if not any(cell.strip() for cell in row):
            continue
        row_number += 1
        where = f"{display}, row {row_number} (line {start_line})"
        record: dict[str, Any] = {}
        for index, name in enumerate(columns):
            if name and name not in record:
                record[name] = row[index] if index < len(row) else None
        key = _pick_field(list(record), opts.text_fields)
        row_id = f"{base_id}:{row_number}"
        value = record.get(key) if key else None
        if key is not None and value is None:  # a short row: the text column is not there at all
            cell = record.get(_pick_field(list(record), ["id"]) or "id")
            doc_id = _record_id(_repair(cell) if isinstance(cell, str) else cell) or row_id
            yield _fail(doc_id, path, f"{where}: missing column {key!r} (the row has {len(row)} of "
                                      f"{len(columns)} columns)")
            continue
        if isinstance(value, str) and _SURROGATE.search(value):
            yield _fail(row_id, path, f"{where}: not valid UTF-8 in column {key!r}")
            continue
        record = {name: _repair(cell) if isinstance(cell, str) else cell for name, cell in record.items()}
        yield _record_item(record, default_id=row_id, where=where, path=path, opts=opts)
    if not row_number:
        raise _Failure("empty document (no rows)")


def _repair(value: str) -> str:
    """Replace bytes that were not UTF-8 (kept as lone surrogates) by U+FFFD."""
    if _SURROGATE.search(value) is None:
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# --------------------------------------------------------------------------------------------------
# dates


def _valid_iso(value: str) -> str | None:
    """`value` ("YYYY-MM" or "YYYY-MM-DD") if it is a real month or day, else None."""
    try:
        if len(value) == 7:
            _dt.date(int(value[:4]), int(value[5:7]), 1)
        else:
            _dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


@functools.lru_cache(maxsize=1)
def _date_parser() -> DateDataParser:
    from dateparser.date import DateDataParser

    return DateDataParser(settings=_DATEPARSER_SETTINGS)


def _normalise_date(value: Any) -> str | None:
    """Return `value` as ``"YYYY-MM-DD"`` or ``"YYYY-MM"``, or None if it is not a full date.

    ISO strings are read with :meth:`datetime.datetime.fromisoformat`; other formats ("24 janvier
    2021", "Jan 24, 2021", "24/01/2021", RFC 2822) with dateparser, which is never allowed to fill a
    missing year or month from today's date. A string without a four-digit year gives None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    if _YEAR_MONTH.fullmatch(text):
        return _valid_iso(text)
    try:
        return _dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    if _ISO_SHAPED.match(text) or not _FOUR_DIGITS.search(text):
        return None  # an impossible ISO date, or no year: never let dateparser guess
    try:
        data = _date_parser().get_date_data(text)
    except Exception:  # dateparser fails in many ways on odd strings
        logger.debug("dateparser failed on %r", text, exc_info=True)
        return None
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    return day.isoformat()[:7] if data.period in ("month", "year") else day.isoformat()
