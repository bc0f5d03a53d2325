"""Reading the CSV packs: rows with their line numbers, and errors that name the file and line."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from gazetteer.exc import GazetteerSourceError
from gazetteer.place import AltName

__all__ = ["alternate_names", "csv_rows"]


def csv_rows(path: str | Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` of a UTF-8 CSV file with a header.

    Raises
    ------
    GazetteerSourceError
        When the file cannot be opened, lacks one of ``required``'s columns (line 1), or is
        not valid CSV or UTF-8 (at the line where reading stopped).
    """
    path = Path(path)
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise GazetteerSourceError(f"cannot open: {err}", path=str(path)) from err
    with fh:
        reader = csv.DictReader(fh)
        try:
            missing = [c for c in required if c not in (reader.fieldnames or ())]
        except (csv.Error, UnicodeDecodeError) as err:
            raise GazetteerSourceError(str(err), path=str(path), line=1) from err
        if missing:
            raise GazetteerSourceError(f"missing columns: {', '.join(missing)}", path=str(path), line=1)
        try:
            for row in reader:
                yield reader.line_num, row
        except (csv.Error, UnicodeDecodeError) as err:
            raise GazetteerSourceError(str(err), path=str(path), line=reader.line_num) from err


def alternate_names(row: dict[str, str], name: str) -> tuple[AltName, ...]:
    """The Arabic name (``name_ar``) and the ``|``-separated ``alt_names`` of a row, without repeats.

    A name in Arabic script is tagged ``"ar"``; the others carry no language.
    """
    names: dict[str, str | None] = {}
    if row.get("name_ar"):
        names[row["name_ar"].strip()] = "ar"
    for alt in (row.get("alt_names") or "").split("|"):
        alt = alt.strip()
        if alt and alt != name:
            names.setdefault(alt, "ar" if any("\u0600" <= c <= "\u06ff" for c in alt) else None)
    return tuple(AltName(n, lang) for n, lang in names.items() if n)
