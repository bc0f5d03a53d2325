"""Who's On First places (localities, counties, regions) in the project's CSV extract.

Nearly all rows are GeoNames places (``geonames_id``) below cities500's population floor,
with GeoNames' alternate names in many languages: GeoNames' village level for a country.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gazetteer.exc import GazetteerSourceError
from gazetteer.place import Place
from gazetteer.sources._csv import alternate_names, csv_rows

__all__ = ["iter_whosonfirst"]

_REQUIRED = ("wof_id", "name", "lat", "lon", "feature_type", "country")
_FEATURES = {
    "locality": ("P", "PPL"),
    "neighbourhood": ("P", "PPLX"),
    "campus": ("S", "SCH"),
    "county": ("A", "ADM2"),
    "region": ("A", "ADM1"),
    "country": ("A", "PCLI"),
}


def iter_whosonfirst(path: str | Path) -> Iterator[Place]:
    """Yield the places of a Who's On First CSV extract.

    The id is ``"geonames:<id>"`` where the row carries a GeoNames id, so the record merges
    with the same place from cities500; ``"wof:<id>"`` otherwise. Rows marked not current
    (``is_current`` 0) are skipped.

    Raises
    ------
    GazetteerSourceError
        Missing columns, or a row with bad coordinates; the message names file and line.
    """
    path = Path(path)
    for line, row in csv_rows(path, _REQUIRED):
        if row.get("is_current") == "0":
            continue
        name = row["name"].strip()
        fclass, fcode = _FEATURES.get(row["feature_type"], ("P", "PPL"))
        gid = (row.get("geonames_id") or "").strip()
        try:
            yield Place(
                id=f"geonames:{gid}" if gid.isdigit() and gid != "0" else f"wof:{row['wof_id']}",
                source="wof",
                name=name,
                lat=row["lat"],
                lon=row["lon"],
                alternate_names=alternate_names(row, name),
                feature_class=fclass,
                feature_code=fcode,
                country_code=row["country"].upper(),
                admin1_name=row.get("admin1", ""),
                admin2_name=row.get("admin2", ""),
            )
        except ValueError as err:
            raise GazetteerSourceError(str(err), path=str(path), line=line) from err
