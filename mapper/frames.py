"""Results as tables: GeoDataFrames in EPSG:4326, one row per mention or derived place.

Axis order is converted here only: mentions carry ``lat``/``lon`` (geopy's order); shapely
and GeoJSON take ``(lon, lat)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas

    from mapper.pipeline.geoparser import ParsedDocument

__all__ = ["MENTION_COLUMNS", "incidents_frame", "mentions_frame", "neutralise_formulas", "point_lonlat", "write_incidents"]

MENTION_COLUMNS = [
    "doc_id", "kind", "start", "end", "text", "name", "place_id", "feature", "country", "admin1", "admin2",
    "lat", "lon", "precision", "radius_km", "score", "reason", "sentence", "caption", "alternatives",
]


def point_lonlat(lat: float, lon: float):
    """A shapely point from geopy-ordered ``(lat, lon)``: the one place the axes are swapped."""
    from shapely import Point

    return Point(lon, lat)


def _geometry(wkt: str | None, lat: float | None, lon: float | None):
    from shapely import from_wkt

    if wkt:
        return from_wkt(wkt)
    if lat is None or lon is None:
        return None
    return point_lonlat(lat, lon)


def mentions_frame(parsed: Iterable[ParsedDocument], *, lines: bool = True) -> geopandas.GeoDataFrame:
    """One row per mention and derived place of the parsed documents.

    Parameters
    ----------
    parsed : iterable of ParsedDocument
        What :meth:`mapper.pipeline.Geoparser.parse_many` yields.
    lines : bool, default True
        Give roads, rivers and areas their line or polygon; with ``False`` every row gets
        its point.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`MENTION_COLUMNS` and ``geometry`` (EPSG:4326). ``kind`` is ``"toponym"``,
        ``"relative"`` or ``"route"``. An unresolved mention has empty ``lat``/``lon`` and a
        missing geometry.
    """
    import geopandas

    rows, geoms = [], []
    for p in parsed:
        doc_id = p.document.id
        for m in p.mentions:
            rows.append({
                "doc_id": doc_id, "kind": "toponym", "start": m.start, "end": m.end, "text": m.text,
                "name": m.name, "place_id": m.place_id, "feature": m.feature, "country": m.country,
                "admin1": m.admin1, "admin2": m.admin2, "lat": m.lat, "lon": m.lon, "precision": m.precision,
                "radius_km": 0.0, "score": m.score, "reason": m.reason, "sentence": m.sentence,
                "caption": m.caption, "alternatives": [a.name for a in m.alternatives],
            })
            geoms.append(_geometry(m.geometry if lines else None, m.lat, m.lon))
        for d in p.derived:
            anchor = p.mentions[d.anchors[0]] if d.anchors else None
            rows.append({
                "doc_id": doc_id, "kind": d.kind, "start": d.start, "end": d.end, "text": d.text, "name": d.name,
                "place_id": None, "feature": "", "country": anchor.country if anchor else "",
                "admin1": anchor.admin1 if anchor else "", "admin2": anchor.admin2 if anchor else "",
                "lat": d.lat, "lon": d.lon, "precision": d.precision, "radius_km": d.radius_km, "score": None,
                "reason": d.reason, "sentence": d.sentence, "caption": False, "alternatives": [],
            })
            geoms.append(_geometry(d.geometry if lines else None, d.lat, d.lon))
    frame = geopandas.GeoDataFrame(rows, columns=MENTION_COLUMNS, geometry=geoms, crs="EPSG:4326")
    return frame


# ----------------------------------------------------------------------------- incidents

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ACLED's integer codes and counts: written as 12, not 12.0, when some rows have none.
_INTEGER_COLUMNS = ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                    "fatalities", "wounded", "killed_or_wounded", "start", "end")


def incidents_frame(incidents) -> geopandas.GeoDataFrame:
    """One row per incident: ACLED's 31 columns in ACLED's order, then the project's own, and ``geometry``.

    Parameters
    ----------
    incidents : iterable of Incident
        Records, e.g. from :func:`mapper.incidents.extract_incidents`.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; an incident without coordinates has a missing geometry.
    """
    import geopandas

    from mapper.incidents.model import ACLED_COLUMNS, EXTRA_COLUMNS

    rows, geoms = [], []
    for inc in incidents:
        rows.append(inc.to_acled())
        geoms.append(None if inc.lat is None else point_lonlat(inc.lat, inc.lon))
    return geopandas.GeoDataFrame(rows, columns=ACLED_COLUMNS + EXTRA_COLUMNS, geometry=geoms, crs="EPSG:4326")


def neutralise_formulas(value):
    """A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) made plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_incidents(frame, path) -> None:
    """Write an incidents frame by the file's extension, atomically.

    ``.csv`` (ACLED's columns, text cells that start like a formula prefixed with ``'``),
    ``.geojson``, ``.parquet`` (GeoParquet) or ``.gpkg`` (GeoPackage, layer ``incidents``).

    Raises
    ------
    MapperInputError
        For an unsupported extension.
    """
    import os
    import tempfile
    from pathlib import Path

    from mapper._io import atomic_write
    from mapper.exc import MapperInputError

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        import pandas

        table = frame.drop(columns=frame.geometry.name)
        for col in table.columns:
            if not pandas.api.types.is_numeric_dtype(table[col]):
                table[col] = table[col].map(neutralise_formulas)
        for col in _INTEGER_COLUMNS:
            if col in table.columns:
                table[col] = pandas.to_numeric(table[col], errors="coerce").astype("Int64")
        with atomic_write(path, newline="") as fh:
            table.to_csv(fh, index=False, lineterminator="\r\n")  # RFC 4180; a lone CR in a cell gets quoted
        return
    if suffix not in (".geojson", ".json", ".parquet", ".gpkg"):
        raise MapperInputError(f"{path}: unsupported output format {suffix!r} (csv, geojson, parquet, gpkg)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    os.unlink(tmp)
    try:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        elif suffix == ".gpkg":
            frame.to_file(tmp, driver="GPKG", layer="incidents")
        else:
            frame.to_file(tmp, driver="GeoJSON")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
