"""Incident tables read for the map: ACLED CSV exports, and the project's own CSV, GeoJSON,
GeoParquet and GeoPackage outputs.

:func:`read_incident_table` reads one file into a frame in :data:`MAP_COLUMNS`;
:func:`normalise_incidents` brings any frame of incidents (an ACLED download loaded by the user,
:func:`mapper.frames.incidents_frame`) to the same columns. Rows whose coordinates are missing or
out of range are kept out of the map and counted in ``frame.attrs["unplaced"]``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mapper.exc import MapperInputError

if TYPE_CHECKING:
    import pandas

__all__ = ["MAP_COLUMNS", "is_incident_table", "normalise_incidents", "read_incident_table"]

#: The columns the map reads, ACLED's names first, then the project's own.
MAP_COLUMNS = [
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "wounded", "killed_or_wounded", "doc_id", "url", "place_text",
]
_TEXT = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
         "location", "source", "notes", "doc_id", "url", "place_text")
_COUNTS = ("fatalities", "wounded", "killed_or_wounded")
_TABLE_SUFFIXES = (".parquet", ".geoparquet", ".gpkg", ".geojson")
_NEUTRALISED = re.compile(r"^'[=+\-@\t\r]")


def is_incident_table(path: str | Path) -> bool:
    """Whether ``path`` holds incidents (a table with coordinates and event types) rather than articles.

    GeoParquet, GeoPackage and GeoJSON files are tables; a CSV or TSV file is one when its header
    names ``event_type`` and ``latitude``/``longitude``; a ``.json`` file when it is a GeoJSON
    FeatureCollection. Anything else is read as articles.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in _TABLE_SUFFIXES:
        return True
    if not p.is_file():
        return False
    try:
        with open(p, "rb") as fh:
            head = fh.read(65536)
    except OSError:
        return False
    if suffix in (".csv", ".tsv"):
        first = head.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff").lower()
        cols = {c.strip().strip('"') for c in re.split(r"[,\t;]", first)}
        return "event_type" in cols and {"latitude", "longitude"} <= cols
    if suffix == ".json":
        return re.match(rb'\s*\{\s*"type"\s*:\s*"FeatureCollection"', head.lstrip(b"\xef\xbb\xbf")) is not None
    return False


def read_incident_table(path: str | Path) -> pandas.DataFrame:
    """Read one incident table into :data:`MAP_COLUMNS`.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.tsv`` (an ACLED export, or ``mapper events -o x.csv``), ``.geojson``/``.json``,
        ``.parquet`` (GeoParquet or plain Parquet with ``latitude``/``longitude``) or ``.gpkg``
        (the ``incidents`` layer if there is one, else the first).

    Returns
    -------
    pandas.DataFrame
        See :func:`normalise_incidents`.

    Raises
    ------
    MapperInputError
        When the file cannot be read or has no coordinates or event types; the message names the file.
    """
    import geopandas
    import pandas

    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix in (".csv", ".tsv", ".txt"):
            frame = pandas.read_csv(p, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False,
                                    encoding="utf-8-sig")
        elif suffix in (".parquet", ".geoparquet"):
            try:
                frame = geopandas.read_parquet(p)
            except ValueError:  # plain Parquet, no geometry metadata
                frame = pandas.read_parquet(p)
        elif suffix == ".gpkg":
            import pyogrio

            layers = [row[0] for row in pyogrio.list_layers(p)]
            frame = geopandas.read_file(p, layer="incidents" if "incidents" in layers else layers[0])
        elif suffix in (".geojson", ".json"):
            frame = geopandas.read_file(p)
        else:
            raise MapperInputError(f"{p}: not an incident table (csv, tsv, geojson, parquet or gpkg)")
    except MapperInputError:
        raise
    except (OSError, ValueError, UnicodeDecodeError, json.JSONDecodeError, pandas.errors.ParserError) as err:
        raise MapperInputError(f"{p}: cannot read the incident table: {err}") from err
    except Exception as err:  # pyogrio and pyarrow raise their own types for a corrupt file
        raise MapperInputError(f"{p}: cannot read the incident table: {type(err).__name__}: {err}") from err
    return normalise_incidents(frame, name=str(p))


def _cell(value) -> str:
    if value is None or value != value:  # None, NaN, NA
        return ""
    text = value if isinstance(value, str) else str(value)
    # Undo the quote that mapper's CSV writer puts before a cell that starts like a formula.
    return text[1:] if text[:1] == "'" and _NEUTRALISED.match(text) else text


def _text(series: pandas.Series) -> pandas.Series:
    import pandas

    return pandas.Series([_cell(v) for v in series.tolist()], index=series.index, dtype=object)


def normalise_incidents(frame, *, name: str = "incidents") -> pandas.DataFrame:
    """Bring a frame of incidents to :data:`MAP_COLUMNS`.

    Coordinates come from ``latitude``/``longitude`` (or ``lat``/``lon``), else from point
    geometries (the representative point of a line or polygon). Dates are kept as ISO text;
    ACLED's ``15 March 2021`` and ``15/03/2021`` forms are read too. Counts become integers
    (``fatalities`` 0 where empty, ``wounded`` and ``killed_or_wounded`` missing where empty).

    Parameters
    ----------
    frame : pandas.DataFrame or geopandas.GeoDataFrame
        One row per incident.
    name : str
        What the error messages call the table (its file name).

    Returns
    -------
    pandas.DataFrame
        The placed incidents, index reset; ``attrs["unplaced"]`` counts the rows left out for
        want of valid coordinates.

    Raises
    ------
    MapperInputError
        When the table has no event types or no coordinates.
    """
    import numpy as np
    import pandas

    frame = pandas.DataFrame(frame).copy()
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if "event_type" not in frame.columns:
        raise MapperInputError(f"{name}: not an incident table: no 'event_type' column "
                               f"(columns: {', '.join(map(str, frame.columns[:12]))})")
    for short, long in (("lat", "latitude"), ("lon", "longitude")):
        if long not in frame.columns and short in frame.columns:
            frame[long] = frame[short]
    geometry = frame.get("geometry")
    if "latitude" not in frame.columns or "longitude" not in frame.columns:
        if geometry is None:
            raise MapperInputError(f"{name}: not an incident table: no 'latitude'/'longitude' columns and no geometry")
        import geopandas

        points = geopandas.GeoSeries(geometry).representative_point()
        frame["latitude"] = points.y.where(~points.is_empty)
        frame["longitude"] = points.x.where(~points.is_empty)
    out = pandas.DataFrame(index=frame.index)
    for col in _TEXT:
        out[col] = _text(frame[col]) if col in frame.columns else ""
    for col in ("latitude", "longitude"):
        values = frame[col]
        if not pandas.api.types.is_numeric_dtype(values):
            values = _text(values).str.strip()
        out[col] = pandas.to_numeric(values, errors="coerce").astype(float)
    for col, default in (("time_precision", 1), ("geo_precision", 1)):
        values = pandas.to_numeric(frame[col], errors="coerce") if col in frame.columns else pandas.Series(
            default, index=frame.index)
        out[col] = values.where(values.isin([1, 2, 3]), default).astype(int)
    for col in _COUNTS:
        if col in frame.columns:
            values = pandas.to_numeric(frame[col], errors="coerce")
            values = values.where((values >= 0) & np.isfinite(values))
        else:
            values = pandas.Series(np.nan, index=frame.index)
        out[col] = values.fillna(0).astype(int) if col == "fatalities" else values.astype("Int64")
    out["event_date"] = _iso_dates(out["event_date"])
    ok = out["latitude"].between(-90, 90) & out["longitude"].between(-180, 180)
    placed = out[ok].reset_index(drop=True)
    placed.attrs["unplaced"] = int((~ok).sum())
    return placed[MAP_COLUMNS]


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"], 1)}
_DMY_NAME = re.compile(r"^\s*(\d{1,2})[ -]([A-Za-z]+)[ -,]*(\d{4})\s*$")
_DMY_NUM = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _iso_dates(values: pandas.Series) -> pandas.Series:
    """ISO ``YYYY-MM-DD`` text from ACLED's date forms; ``""`` where there is no valid date."""
    import datetime as dt

    def one(v: str) -> str:
        if not v:
            return ""
        y = m = d = None
        if hit := _ISO.match(v):
            y, m, d = (int(x) for x in hit.groups())
        elif hit := _DMY_NAME.match(v):
            month = _MONTHS.get(hit.group(2).lower()) or next(
                (i for k, i in _MONTHS.items() if k[:3] == hit.group(2).lower()[:3]), None)
            if month:
                y, m, d = int(hit.group(3)), month, int(hit.group(1))
        elif hit := _DMY_NUM.match(v):
            y, m, d = int(hit.group(3)), int(hit.group(2)), int(hit.group(1))
        if y is None:
            return ""
        try:
            return dt.date(y, m, d).isoformat()
        except ValueError:
            return ""

    cache: dict[str, str] = {}
    return values.map(lambda v: cache[v] if v in cache else cache.setdefault(v, one(v)))
