"""Countries, with their names in the languages news is written in.

The pack ``data/world/countries.csv`` gives each country its GeoNames id, a representative
point and ``lang:name`` alternate names (see ``data/world/SOURCES.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gazetteer.exc import GazetteerSourceError
from gazetteer.place import AltName, Place
from gazetteer.sources._csv import csv_rows

__all__ = ["iter_countries_csv"]

_REQUIRED = ("iso2", "iso3", "geonameid", "name", "lat", "lon")


def _alt(text: str) -> AltName:
    lang, sep, name = text.partition(":")
    if sep and 2 <= len(lang) <= 3 and lang.isalpha():
        return AltName(name.strip(), lang)
    return AltName(text.strip())


def iter_countries_csv(path: str | Path) -> Iterator[Place]:
    """Yield one ``A``/``PCLI`` place per row, id ``"geonames:<geonameid>"``.

    Raises
    ------
    GazetteerSourceError
        Missing columns or a bad row; the message names file and line.
    """
    path = Path(path)
    for line, row in csv_rows(path, _REQUIRED):
        alts = [_alt(a) for a in (row.get("alternate_names") or "").split("|") if a.strip()]
        alts += [AltName(row["iso3"])]
        try:
            yield Place(
                id=f"geonames:{int(row['geonameid'])}",
                source="countries",
                name=row["name"].strip(),
                lat=row["lat"],
                lon=row["lon"],
                alternate_names=tuple(a for a in alts if a.name),
                feature_class="A",
                feature_code="PCLI",
                country_code=row["iso2"].strip().upper(),
                population=int(float(row.get("population") or 0)),
            )
        except ValueError as err:
            raise GazetteerSourceError(str(err), path=str(path), line=line) from err
