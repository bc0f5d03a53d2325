"""The GeoNames dump files users download from https://download.geonames.org/export/dump/.

Reads the main table (``SY.zip``, ``allCountries.zip``, ``cities500.zip`` or the ``.txt``
inside), and optionally the alternate names (``alternateNamesV2.zip``, or the older
8-column ``alternateNames``) and the first- and second-level admin code tables
(``admin1CodesASCII.txt``, ``admin2Codes.txt``) that give the admin names.

Every file is read line by line; a zip member is streamed without unpacking it. With an
alternate names file the main table is read twice: first for its ids (a set of ints), so that
only the alternate names of its places are kept in memory.
"""

from __future__ import annotations

import logging
import re
import sys
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from gazetteer.exc import GazetteerConfigurationError, GazetteerSourceError
from gazetteer.place import AltName, Place, check_lat_lon

__all__ = ["iter_geonames", "sniff_geonames"]

_log = logging.getLogger(__name__)

#: Columns of the main table (geonameid ... modification date).
_MAIN_COLUMNS = 19
#: alternateNamesV2 has 10 columns, the older alternateNames 8.
_ALT_COLUMNS = (10, 8)
#: code, name, asciiname, geonameid.
_ADMIN_COLUMNS = 4

#: Members of a dump zip that are never data.
_NOT_DATA = frozenset({"readme.txt", "iso-languagecodes.txt"})

#: ``isolanguage`` values of alternateNames that are not languages: links, Wikidata ids,
#: postcodes, airport and railway codes, UN/LOCODEs, abbreviations, the 1793 French names.
_PSEUDO_LANGUAGES = frozenset(
    {"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr", "fr_1793"}
)

#: An ISO 639 code with optional subtags: ``ar``, ``ckb``, ``zh-CN``, ``sr_Latn``.
_LANG_RE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*", re.IGNORECASE)

#: File names of the main table on download.geonames.org.
_MAIN_NAME_RE = re.compile(r"(?:[A-Z]{2}|allCountries|no-country|cities\d+)\.(?:txt|zip)")

_COUNTRY_RE = re.compile(r"[A-Z]{2}")

# Column indexes in the main table.
_GID, _NAME, _ASCII, _ALTS, _LAT, _LON, _FCLASS, _FCODE, _CC = range(9)
_ADMIN1, _ADMIN2, _POPULATION = 10, 11, 14

_READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error)


@dataclass(frozen=True, slots=True)
class _Source:
    """A text file, or a member of a zip, with the name to use in messages."""

    path: Path
    member: str | None = None

    @property
    def label(self) -> str:
        return str(self.path) if self.member is None else f"{self.path}:{self.member}"


def _reason(err: BaseException) -> str:
    return getattr(err, "strerror", None) or str(err) or type(err).__name__


def _pick_member(path: Path, names: list[str], what: str) -> str:
    """Return the data member of a dump zip: the only ``.txt`` that is not a readme."""
    candidates = [
        n for n in names if n.lower().endswith(".txt") and n.rsplit("/", 1)[-1].lower() not in _NOT_DATA
    ]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        found = ", ".join(names) or "nothing"
        raise GazetteerSourceError(f"zip holds no {what} (.txt member); found: {found}", path=str(path))
    stem = path.stem.lower() + ".txt"
    same_name = [n for n in candidates if n.rsplit("/", 1)[-1].lower() == stem]
    if len(same_name) == 1:
        return same_name[0]
    raise GazetteerSourceError(
        f"zip holds several possible {what} members ({', '.join(candidates)}); "
        f"expected one named {path.stem}.txt",
        path=str(path),
    )


def _resolve(path: str | Path, what: str) -> _Source:
    """Check that ``path`` can be read and, for a zip, choose its data member."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                names = [info.filename for info in zf.infolist() if not info.is_dir()]
            member = _pick_member(path, names, what)
            _log.debug("reading %s from %s:%s", what, path, member)
            return _Source(path, member)
        with open(path, "rb"):
            pass
    except _READ_ERRORS as err:
        raise GazetteerSourceError(f"cannot read {what}: {_reason(err)}", path=str(path)) from err
    return _Source(path)


@contextmanager
def _open_binary(source: _Source) -> Iterator[IO[bytes]]:
    if source.member is None:
        with open(source.path, "rb") as fh:
            yield fh
    else:
        with zipfile.ZipFile(source.path) as zf, zf.open(source.member) as fh:
            yield fh


def _iter_lines(source: _Source) -> Iterator[tuple[int, str]]:
    """Yield ``(1-based line number, text)`` for each non-blank, non-comment line."""
    label = source.label
    lineno = 0
    try:
        with _open_binary(source) as fh:
            for lineno, raw in enumerate(fh, start=1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    raise GazetteerSourceError(
                        f"not UTF-8 text ({err.reason} at byte {err.start})", path=label, line=lineno
                    ) from err
                if lineno == 1:
                    text = text.removeprefix("\ufeff")
                text = text.removesuffix("\n").removesuffix("\r")
                if text and not text.startswith("#"):
                    yield lineno, text
    except _READ_ERRORS as err:
        raise GazetteerSourceError(f"cannot read: {_reason(err)}", path=label, line=lineno + 1) from err


def _parse_id(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _is_language(lang: str) -> bool:
    return lang.lower() not in _PSEUDO_LANGUAGES and _LANG_RE.fullmatch(lang) is not None


def _normalise_countries(codes: str | Iterable[str] | None) -> frozenset[str] | None:
    if codes is None:
        return None
    if isinstance(codes, str):
        codes = [codes]
    out = set()
    for code in codes:
        norm = str(code).strip().upper()
        if not _COUNTRY_RE.fullmatch(norm):
            raise GazetteerConfigurationError(f"not an ISO 3166-1 alpha-2 country code: {code!r}")
        out.add(norm)
    return frozenset(out)


def _load_admin(source: _Source, level: int, countries: frozenset[str] | None) -> dict[str, str]:
    """Read ``admin1CodesASCII.txt`` (level 1) or ``admin2Codes.txt`` (level 2) into code -> name."""
    table: dict[str, str] = {}
    for lineno, line in _iter_lines(source):
        fields = line.split("\t")
        if len(fields) != _ADMIN_COLUMNS:
            raise GazetteerSourceError(
                f"expected {_ADMIN_COLUMNS} tab-separated columns (code, name, asciiname, geonameid), "
                f"found {len(fields)}",
                path=source.label,
                line=lineno,
            )
        code = fields[0].strip()
        parts = code.split(".")
        if len(parts) != level + 1 or not all(parts):
            example = "SY.09" if level == 1 else "SY.09.SY0900"
            raise GazetteerSourceError(
                f"admin{level} code {code!r} does not look like {example!r}", path=source.label, line=lineno
            )
        if countries is not None and parts[0].upper() not in countries:
            continue
        table[code] = fields[1].strip() or fields[2].strip()
    _log.debug("read %d admin%d names from %s", len(table), level, source.label)
    return table


def _collect_ids(main: _Source, countries: frozenset[str] | None) -> set[int]:
    """Return the geonameids of the main table (of the wanted countries); bad lines are left for later."""
    ids: set[int] = set()
    for _, line in _iter_lines(main):
        if countries is not None:
            fields = line.split("\t")
            if len(fields) != _MAIN_COLUMNS or fields[_CC].strip().upper() not in countries:
                continue
        gid = _parse_id(line.partition("\t")[0])
        if gid is not None:
            ids.add(gid)
    return ids


def _load_alternate_names(
    source: _Source, ids: set[int]
) -> tuple[dict[int, list[tuple[str, str | None]]], dict[int, set[str]]]:
    """Stream an alternateNames file, keeping rows of ``ids`` only.

    Returns the kept ``(name, lang)`` pairs per id, and per id the names that were dropped
    because their ``isolanguage`` is a pseudo-language (IATA codes, postcodes...), so that the
    main table's copy of them is dropped too.
    """
    kept: dict[int, list[tuple[str, str | None]]] = {}
    dropped: dict[int, set[str]] = {}
    count = 0
    for lineno, line in _iter_lines(source):
        fields = line.split("\t")
        if len(fields) not in _ALT_COLUMNS:
            raise GazetteerSourceError(
                f"expected 10 tab-separated columns (alternateNamesV2) or 8 (alternateNames), "
                f"found {len(fields)}",
                path=source.label,
                line=lineno,
            )
        gid = _parse_id(fields[1])
        if gid is None:
            raise GazetteerSourceError(
                f"geonameid is not a number: {fields[1]!r}", path=source.label, line=lineno
            )
        if gid not in ids:
            continue
        name = fields[3].strip()
        if not name:
            continue
        lang = fields[2].strip()
        if lang and not _is_language(lang):
            if lang.lower() != "link":
                dropped.setdefault(gid, set()).add(name)
            continue
        kept.setdefault(gid, []).append((name, sys.intern(lang) if lang else None))
        count += 1
    _log.debug("kept %d alternate names of %d places from %s", count, len(kept), source.label)
    return kept, dropped


def _alternate_names(
    name: str,
    asciiname: str,
    column: str,
    from_file: list[tuple[str, str | None]],
    dropped: set[str],
) -> tuple[AltName, ...]:
    """Merge the alternateNames rows with the main table's comma-separated column."""
    pairs: dict[tuple[str, str | None], None] = dict.fromkeys(from_file)
    seen = {n for n, _ in pairs} | dropped | {name, asciiname}
    for alt in column.split(","):
        alt = alt.strip()
        if alt and alt not in seen:
            seen.add(alt)
            pairs[(alt, None)] = None
    return tuple(AltName(n, lang) for n, lang in pairs)


def _population(text: str) -> int:
    text = text.strip()
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"population is not a whole number: {text!r}") from None


def _place(
    fields: list[str],
    alts: dict[int, list[tuple[str, str | None]]],
    dropped: dict[int, set[str]],
    admin1: dict[str, str],
    admin2: dict[str, str],
) -> Place:
    """Build the place of one main-table line; raise ``ValueError`` on bad values."""
    gid = _parse_id(fields[_GID])
    if gid is None:
        raise ValueError(f"geonameid is not a number: {fields[_GID]!r}")
    lat, lon = check_lat_lon(fields[_LAT], fields[_LON])
    name, asciiname = fields[_NAME].strip(), fields[_ASCII].strip()
    cc = fields[_CC].strip().upper()
    a1, a2 = fields[_ADMIN1].strip(), fields[_ADMIN2].strip()
    return Place(
        id=f"geonames:{gid}",
        source="geonames",
        name=name,
        asciiname=asciiname,
        alternate_names=_alternate_names(
            name, asciiname, fields[_ALTS], alts.get(gid, []), dropped.get(gid, set())
        ),
        lat=lat,
        lon=lon,
        feature_class=fields[_FCLASS].strip(),
        feature_code=fields[_FCODE].strip(),
        country_code=cc,
        admin1_code=a1,
        admin1_name=admin1.get(f"{cc}.{a1}", "") if a1 else "",
        admin2_code=a2,
        admin2_name=admin2.get(f"{cc}.{a1}.{a2}", "") if a2 else "",
        population=_population(fields[_POPULATION]),
    )


def _generate(
    main: _Source,
    alt: _Source | None,
    adm1: _Source | None,
    adm2: _Source | None,
    countries: frozenset[str] | None,
) -> Iterator[Place]:
    admin1 = _load_admin(adm1, 1, countries) if adm1 is not None else {}
    admin2 = _load_admin(adm2, 2, countries) if adm2 is not None else {}
    alts: dict[int, list[tuple[str, str | None]]] = {}
    dropped: dict[int, set[str]] = {}
    if alt is not None:
        alts, dropped = _load_alternate_names(alt, _collect_ids(main, countries))
    count = 0
    for lineno, line in _iter_lines(main):
        fields = line.split("\t")
        if len(fields) != _MAIN_COLUMNS:
            raise GazetteerSourceError(
                f"expected {_MAIN_COLUMNS} tab-separated columns, found {len(fields)}",
                path=main.label,
                line=lineno,
            )
        if countries is not None and fields[_CC].strip().upper() not in countries:
            continue
        try:
            place = _place(fields, alts, dropped, admin1, admin2)
        except ValueError as err:
            raise GazetteerSourceError(str(err), path=main.label, line=lineno) from err
        count += 1
        yield place
    _log.debug("read %d places from %s", count, main.label)


def iter_geonames(
    path: str | Path,
    *,
    alternate_names: str | Path | None = None,
    admin1_codes: str | Path | None = None,
    admin2_codes: str | Path | None = None,
    country_codes: str | Iterable[str] | None = None,
) -> Iterator[Place]:
    """Yield the places of a GeoNames main table.

    Parameters
    ----------
    path : str or Path
        The main table: a ``.txt`` (19 tab-separated columns) or a ``.zip`` holding one
        (``SY.zip`` with ``SY.txt``, ``allCountries.zip``, ``cities500.zip``); ``readme.txt``
        and ``iso-languagecodes.txt`` members are ignored.
    alternate_names : str or Path, optional
        ``alternateNamesV2`` (``.zip`` or ``.txt``, 10 columns) or the older 8-column
        ``alternateNames``. Names in a language, or with no language, are kept (historic and
        colloquial ones too); pseudo-languages (``link``, ``wkdt``, ``post``, ``iata``,
        ``icao``, ``faac``, ``tcid``, ``unlc``, ``abbr``, ``fr_1793``) are dropped. Only rows of
        places in the main table are held in memory.
    admin1_codes, admin2_codes : str or Path, optional
        ``admin1CodesASCII.txt`` and ``admin2Codes.txt``, to fill ``admin1_name`` and
        ``admin2_name``.
    country_codes : str or iterable of str, optional
        Keep only places of these ISO 3166-1 alpha-2 countries (any case).

    Returns
    -------
    Iterator[Place]
        ``Place(id="geonames:<geonameid>", source="geonames", ...)`` per line, in file order.
        The alternate names are those of the alternateNames file with their language, then
        those of the main table's ``alternatenames`` column not already there (no language).

    Raises
    ------
    GazetteerSourceError
        At the call: a file missing or unreadable, or a zip with no data member. While
        iterating: a line with the wrong number of columns, a geonameid, coordinate or
        population that is not a number, a coordinate out of range, an unknown feature class,
        text that is not UTF-8. The message names the file (``SY.zip:SY.txt`` for a zip
        member) and the 1-based line.
    GazetteerConfigurationError
        ``country_codes`` holds something that is not a two-letter code.
    """
    countries = _normalise_countries(country_codes)
    main = _resolve(path, "GeoNames main table")
    alt = None if alternate_names is None else _resolve(alternate_names, "alternate names table")
    adm1 = None if admin1_codes is None else _resolve(admin1_codes, "admin1 codes table")
    adm2 = None if admin2_codes is None else _resolve(admin2_codes, "admin2 codes table")
    return _generate(main, alt, adm1, adm2, countries)


def sniff_geonames(path: str | Path) -> bool:
    """Tell whether a file looks like a GeoNames main table.

    Parameters
    ----------
    path : str or Path
        A ``.txt`` or ``.zip`` file.

    Returns
    -------
    bool
        ``True`` if the file exists and either has a GeoNames dump name (``SY.txt``,
        ``SY.zip``, ``allCountries.zip``, ``cities500.txt``...) or its first line (of its data
        member, for a zip) has 19 tab-separated columns starting with a numeric id.
        Never raises for a missing or unreadable file: it answers ``False``.
    """
    try:
        path = Path(path)
        if not path.is_file():
            return False
        if _MAIN_NAME_RE.fullmatch(path.name):
            return True
        source = _resolve(path, "GeoNames main table")
        if source.member is not None and _MAIN_NAME_RE.fullmatch(source.member.rsplit("/", 1)[-1]):
            return True
        with closing(_iter_lines(source)) as lines:
            for _, line in lines:
                fields = line.split("\t")
                return len(fields) == _MAIN_COLUMNS and _parse_id(fields[_GID]) is not None
    except (GazetteerSourceError, OSError, TypeError, ValueError) as err:
        _log.debug("%s does not look like a GeoNames table: %s", path, err)
    return False
