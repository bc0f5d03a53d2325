"""OCHA place-code lists: communities (villages, towns) and city neighbourhoods.

Syria's list of 27 June 2018 names 7,250 communities with the English spelling humanitarian
and conflict datasets use, the Arabic name and ``|``-separated alternate spellings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gazetteer.exc import GazetteerSourceError
from gazetteer.place import Place
from gazetteer.sources._csv import alternate_names, csv_rows

__all__ = ["iter_ocha_communities", "iter_ocha_neighbourhoods"]

_REQUIRED = ("pcode", "name", "lat", "lon")


def iter_ocha_communities(path: str | Path, *, country_code: str = "SY") -> Iterator[Place]:
    """Yield one place per community (``P``/``PPL``, ``PPLA3`` for a sub-district centre).

    ``admin1``/``admin2`` carry the OCHA P-codes and English names; the id is ``"ocha:<pcode>"``.

    Raises
    ------
    GazetteerSourceError
        Missing columns, or a row with bad coordinates; the message names file and line.
    """
    path = Path(path)
    for line, row in csv_rows(path, _REQUIRED):
        name = (row.get("name") or "").strip()
        try:
            yield Place(
                id=f"ocha:{row['pcode']}",
                source="ocha",
                name=name,
                lat=row["lat"],
                lon=row["lon"],
                alternate_names=alternate_names(row, name),
                feature_class="P",
                feature_code="PPLA3" if row.get("is_admin3_capital") == "Yes" else "PPL",
                country_code=(row.get("country") or country_code).upper(),
                admin1_code=row.get("admin1_pcode", ""),
                admin1_name=row.get("admin1", ""),
                admin2_code=row.get("admin2_pcode", ""),
                admin2_name=row.get("admin2", ""),
            )
        except ValueError as err:
            raise GazetteerSourceError(str(err), path=str(path), line=line) from err


def iter_ocha_neighbourhoods(path: str | Path, *, country_code: str = "SY") -> Iterator[Place]:
    """Yield city neighbourhoods (``P``/``PPLX``) at their parent community's point."""
    path = Path(path)
    for line, row in csv_rows(path, _REQUIRED):
        name = " ".join((row.get("name") or "").replace("_", " ").split())
        try:
            yield Place(
                id=f"ocha:{row['pcode']}",
                source="ocha",
                name=name,
                lat=row["lat"],
                lon=row["lon"],
                alternate_names=alternate_names(row, name),
                feature_class="P",
                feature_code="PPLX",
                country_code=(row.get("country") or country_code).upper(),
                admin1_name=row.get("admin1", ""),
            )
        except ValueError as err:
            raise GazetteerSourceError(str(err), path=str(path), line=line) from err
