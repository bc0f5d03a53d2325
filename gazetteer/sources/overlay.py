"""Custom overlays: extra places users add as CSV, GeoJSON or GeoPackage.

The project's own curated pack uses the same format. Columns (or feature properties), any
case:

``name`` (required)
    The preferred name.
``lat`` and ``lon`` (or ``latitude`` and ``longitude``), or ``wkt``
    A WGS84 point, or the WKT of a point, line or polygon. In GeoJSON and GeoPackage the
    feature geometry comes first; ``wkt`` and ``lat``/``lon`` are used when it is empty.
``id``
    The row's id, unique in the file; the place id is ``"<id_prefix>:<id>"``. Without one,
    a slug of the name and the coordinates rounded to 4 decimals.
``alternate_names``
    ``|``-separated, or a JSON list of names (or of ``[name, lang]`` pairs).
``feature_class``, ``feature_code``, ``country_code``, ``admin1_code``, ``admin1_name``, ``admin2_name``,
``population``
    As in :class:`~gazetteer.place.Place`. The feature class defaults to ``P`` for a point
    and to none for a line or polygon.
``source``
    The citation of the row; documentation only, not read.

A line or polygon keeps its WKT (6 decimals) in ``geometry``; its ``lat``/``lon`` is a point
on the feature: the midpoint along a line, :meth:`~shapely.Geometry.representative_point`
of a polygon.
"""

from __future__ import annotations

import csv
import json
import logging
import math
import numbers
import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from gazetteer.exc import GazetteerConfigurationError, GazetteerSourceError
from gazetteer.place import AltName, Place, check_lat_lon

__all__ = ["iter_overlay"]

_log = logging.getLogger(__name__)

_KINDS = {".csv": "csv", ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg"}

_ALIASES = {"latitude": "lat", "longitude": "lon"}
_COLUMNS = frozenset(
    {
        "id",
        "name",
        "lat",
        "lon",
        "wkt",
        "alternate_names",
        "feature_class",
        "feature_code",
        "country_code",
        "admin1_code",
        "admin1_name",
        "admin2_name",
        "population",
        "source",
    }
)

_LINES = frozenset({"LineString", "MultiLineString"})
_AREAS = frozenset({"Polygon", "MultiPolygon"})
_GEOMETRY_TYPES = _LINES | _AREAS | {"Point"}

_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_SLUG_RE = re.compile(r"[\W_]+")

#: Polygons in a ``wkt`` cell easily pass the csv module's default 128 KiB field limit.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024


# --- values -------------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    """Tell whether a cell is empty: ``None``, NaN, ``pd.NA``."""
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return math.isnan(float(value))
    return type(value).__name__ in {"NAType", "NaTType"}


def _text(value: Any) -> str:
    """Return a cell as stripped text; a whole float (an id read as ``3.0``) without ``.0``."""
    if _is_missing(value):
        return ""
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value).strip()


def _population(value: Any) -> int:
    text = _text(value)
    if not text:
        return 0
    try:
        number = int(text)
    except ValueError:
        try:
            as_float = float(text)
        except ValueError:
            as_float = math.nan
        if not as_float.is_integer():
            raise ValueError(f"population is not a whole number: {text!r}") from None
        number = int(as_float)
    if number < 0:
        raise ValueError(f"population is negative: {text!r}")
    return number


def _json_list(text: str) -> list[Any] | None:
    """Return ``text`` parsed if it is a JSON list, else ``None``."""
    if not text.lstrip().startswith("["):
        return None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        return None
    return parsed if isinstance(parsed, list) else None


def _alternate_names(value: Any, name: str) -> tuple[AltName, ...]:
    """Parse ``a|b``, ``["a", "b"]`` or ``[["a", "fr"], ...]`` (text, list or array)."""
    if _is_missing(value):
        return ()
    if isinstance(value, str):
        parsed = _json_list(value)
        items: list[Any] = [value] if parsed is None else parsed
    elif isinstance(value, list | tuple):
        items = list(value)
    elif hasattr(value, "tolist"):  # a numpy array: GDAL reads a JSON list as a string list
        items = list(value.tolist())
    else:
        raise ValueError(f"alternate_names must be text or a list, not {type(value).__name__}")
    pairs: dict[tuple[str, str | None], None] = {}
    for item in items:
        if isinstance(item, str):
            # GDAL turns [["a", "fr"]] into the string list ['[ "a", "fr" ]']
            parsed = _json_list(item)
            if parsed == []:
                continue
            item = item if parsed is None else parsed
        if isinstance(item, str):
            entries: list[tuple[str, str | None]] = [(part, None) for part in item.split("|")]
        elif (
            isinstance(item, list | tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and (item[1] is None or isinstance(item[1], str))
        ):
            entries = [(item[0], item[1] or None)]
        else:
            raise ValueError(f"alternate_names: not a name or a [name, lang] pair: {item!r}")
        for alt, lang in entries:
            alt = alt.strip()
            if alt and alt != name:
                pairs[(alt, lang.strip() if lang else None)] = None
    return tuple(AltName(n, lang) for n, lang in pairs)


def _coord(value: float) -> str:
    rounded = round(value, 4)
    return f"{rounded if rounded else 0.0:.4f}"  # no "-0.0000"


def _slug(name: str, lat: float, lon: float) -> str:
    """Return a stable id from the name and the coordinates rounded to 4 decimals (~11 m)."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    slug = _SLUG_RE.sub("-", bare).strip("-") or "place"
    return f"{slug}_{_coord(lat)}_{_coord(lon)}"


# --- geometry -----------------------------------------------------------------------------


def _parse_wkt(text: str) -> BaseGeometry:
    try:
        return shapely.from_wkt(text)
    except (ShapelyError, ValueError, TypeError) as err:
        raise ValueError(f"unparsable WKT {text[:60]!r}: {err}") from err


def _locate(geom: BaseGeometry) -> tuple[float, float, str | None]:
    """Check a geometry and return ``(lat, lon, wkt)``; ``wkt`` is ``None`` for a point."""
    if geom.is_empty:
        raise ValueError(f"empty geometry ({geom.geom_type})")
    if geom.geom_type not in _GEOMETRY_TYPES:
        raise ValueError(
            f"unsupported geometry type {geom.geom_type}; expected Point, LineString, "
            "MultiLineString, Polygon or MultiPolygon"
        )
    if geom.geom_type == "Point":
        lat, lon = check_lat_lon(geom.y, geom.x)
        return lat, lon, None
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in geom.bounds) or not (
        -180.0 <= minx and maxx <= 180.0 and -90.0 <= miny and maxy <= 90.0
    ):
        raise ValueError(f"coordinates out of range for WGS84: bounds {minx:g}, {miny:g}, {maxx:g}, {maxy:g}")
    if not geom.is_valid:
        raise ValueError(f"invalid geometry: {shapely.is_valid_reason(geom)}")
    point = (
        geom.interpolate(0.5, normalized=True) if geom.geom_type in _LINES else geom.representative_point()
    )
    wkt = shapely.to_wkt(geom, rounding_precision=6, trim=True, output_dimension=2)
    return point.y, point.x, wkt


def _geometry_of(values: Mapping[str, Any], geom: Any) -> BaseGeometry:
    """Return the row's geometry: the feature's, else its ``wkt``, else its ``lat``/``lon``."""
    if isinstance(geom, BaseGeometry):
        return geom
    wkt = _text(values.get("wkt"))
    if wkt:
        return _parse_wkt(wkt)
    lat, lon = values.get("lat"), values.get("lon")
    if _text(lat) or _text(lon):
        flat, flon = check_lat_lon(lat if _text(lat) else "", lon if _text(lon) else "")
        return Point(flon, flat)
    raise ValueError("no coordinates: give lat and lon, or wkt")


# --- rows ---------------------------------------------------------------------------------


class _Builder:
    """Turn rows into places, checking that ids are unique across the file."""

    def __init__(self, id_prefix: str, source_name: str) -> None:
        self.id_prefix = id_prefix
        self.source_name = source_name
        self.seen: dict[str, str] = {}

    def build(self, values: Mapping[str, Any], geom: Any, *, label: str, row: int) -> Place:
        try:
            return self._build(values, geom, where=f"{label}:{row}")
        except GazetteerSourceError:
            raise
        except ValueError as err:
            raise GazetteerSourceError(str(err), path=label, line=row) from err

    def _build(self, values: Mapping[str, Any], geom: Any, *, where: str) -> Place:
        name = _text(values.get("name"))
        lat, lon, wkt = _locate(_geometry_of(values, geom))
        country = _text(values.get("country_code")).upper()
        if country and not _COUNTRY_RE.fullmatch(country):
            raise ValueError(f"country_code is not an ISO 3166-1 alpha-2 code: {country!r}")
        row_id = _text(values.get("id")) or _slug(name, lat, lon)
        place_id = f"{self.id_prefix}:{row_id}"
        if place_id in self.seen:
            raise ValueError(f"duplicate id {place_id!r} (first used at {self.seen[place_id]})")
        place = Place(
            id=place_id,
            source=self.source_name,
            name=name,
            lat=lat,
            lon=lon,
            alternate_names=_alternate_names(values.get("alternate_names"), name),
            geometry=wkt,
            feature_class=_text(values.get("feature_class")).upper() or ("P" if wkt is None else ""),
            feature_code=_text(values.get("feature_code")).upper(),
            country_code=country,
            admin1_code=_text(values.get("admin1_code")),
            admin1_name=_text(values.get("admin1_name")),
            admin2_name=_text(values.get("admin2_name")),
            population=_population(values.get("population")),
        )
        self.seen[place_id] = where
        return place


def _canonical_columns(
    names: list[Any], label: str, line: int | None, *, repeats: bool = False
) -> dict[str, list[Any]]:
    """Map canonical column names (lower case, aliases resolved) to the file's own names.

    A name given twice (``lat`` and ``Latitude``) is an error unless ``repeats`` (GeoJSON
    features each bring their own property names: ``Name`` in one, ``name`` in the next).
    """
    columns: dict[str, list[Any]] = {}
    for original in names:
        canon = str(original).strip().lower()
        canon = _ALIASES.get(canon, canon)
        if not canon:
            continue
        if canon in columns and not repeats:
            raise GazetteerSourceError(
                f"column {canon!r} given twice ({columns[canon][0]!r} and {original!r})",
                path=label,
                line=line,
            )
        columns.setdefault(canon, []).append(original)
    ignored = sorted(c for c in columns if c not in _COLUMNS)
    if ignored:
        _log.debug("%s: ignoring columns %s", label, ", ".join(ignored))
    return columns


def _missing_columns(columns: Mapping[str, Any], *, has_geometry: bool) -> list[str]:
    missing = [] if "name" in columns else ["name"]
    if not has_geometry and "wkt" not in columns:
        lat_lon = [c for c in ("lat", "lon") if c not in columns]
        if lat_lon:
            missing.append(" and ".join(lat_lon) + " (or wkt)")
    return missing


# --- CSV ----------------------------------------------------------------------------------


def _first_undecodable_line(path: Path) -> int | None:
    try:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    return lineno
    except OSError:
        pass
    return None


def _iter_csv(path: Path, builder: _Builder) -> Iterator[Place]:
    label = str(path)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    line = 1
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise GazetteerSourceError("empty file: no header row", path=label, line=1)
            columns = _canonical_columns(header, label, 1)
            missing = _missing_columns(columns, has_geometry=False)
            if missing:
                raise GazetteerSourceError(
                    f"missing required column(s): {', '.join(missing)}", path=label, line=1
                )
            keys = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
            line = reader.line_num + 1
            for record in reader:
                row, line = line, reader.line_num + 1
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) > len(keys):
                    raise GazetteerSourceError(
                        f"row has {len(record)} fields, the header {len(keys)}", path=label, line=row
                    )
                yield builder.build(dict(zip(keys, record, strict=False)), None, label=label, row=row)
    except UnicodeDecodeError as err:
        raise GazetteerSourceError(
            f"not UTF-8 text: {err.reason}", path=label, line=_first_undecodable_line(path)
        ) from err
    except csv.Error as err:
        raise GazetteerSourceError(f"malformed CSV: {err}", path=label, line=line) from err
    except OSError as err:
        raise GazetteerSourceError(f"cannot read overlay: {err.strerror or err}", path=label) from err


# --- GeoJSON, GeoPackage ------------------------------------------------------------------


def _read_frame(path: Path, layer: str | None, label: str) -> Any:
    """Read one layer with pyogrio, in EPSG:4326; a table without geometry is a DataFrame."""
    import geopandas

    try:
        with warnings.catch_warnings():
            # A property of mixed types (``"id": 7`` next to ``"id": "m4"``) is a JSON field to
            # GDAL; pyogrio warns that it keeps such a column as text, which is what we want.
            warnings.filterwarnings("ignore", r"Could not parse column .* as JSON", UserWarning)
            frame = geopandas.read_file(path, layer=layer, engine="pyogrio")
        if isinstance(frame, geopandas.GeoDataFrame) and frame.crs is not None:
            if not frame.crs.equals("EPSG:4326", ignore_axis_order=True):
                _log.debug("%s: reprojecting from %s to EPSG:4326", label, frame.crs.name)
                frame = frame.to_crs(4326)
    except (OSError, RuntimeError, ValueError) as err:
        raise GazetteerSourceError(f"cannot read overlay: {err}", path=label) from err
    return frame


def _iter_frame(frame: Any, label: str, builder: _Builder, *, optional: bool = False) -> Iterator[Place]:
    """Yield the places of one layer; with ``optional``, skip a layer that is not an overlay."""
    import geopandas

    geom_col = frame.geometry.name if isinstance(frame, geopandas.GeoDataFrame) else None
    columns = _canonical_columns([c for c in frame.columns if c != geom_col], label, None, repeats=True)
    missing = _missing_columns(columns, has_geometry=geom_col is not None)
    if missing:
        if optional:
            _log.debug("%s: skipping a table without %s", label, ", ".join(missing))
            return
        raise GazetteerSourceError(f"missing required column(s): {', '.join(missing)}", path=label)
    for row, record in enumerate(frame.to_dict("records"), start=1):
        values: dict[str, Any] = {}
        for canon, originals in columns.items():
            given = [record[o] for o in originals if not _is_missing(record[o])]
            if len(given) > 1:
                names = ", ".join(repr(o) for o in originals if not _is_missing(record[o]))
                raise GazetteerSourceError(f"{canon!r} given more than once ({names})", path=label, line=row)
            values[canon] = given[0] if given else None
        geom = record[geom_col] if geom_col is not None else None
        yield builder.build(values, geom, label=label, row=row)


def _iter_ogr(path: Path, kind: str, builder: _Builder) -> Iterator[Place]:
    label = str(path)
    if kind != "gpkg":
        yield from _iter_frame(_read_frame(path, None, label), label, builder)
        return
    import pyogrio

    try:
        layers = [(str(name), gtype) for name, gtype in pyogrio.list_layers(path)]
    except (OSError, RuntimeError, ValueError) as err:
        raise GazetteerSourceError(f"cannot read overlay: {err}", path=label) from err
    if not layers:
        raise GazetteerSourceError("GeoPackage holds no layer", path=label)
    for layer, gtype in layers:
        layer_label = f"{label}:{layer}"
        frame = _read_frame(path, layer, layer_label)
        # Attribute tables (QGIS's layer_styles...) are skipped unless they hold places.
        yield from _iter_frame(frame, layer_label, builder, optional=gtype is None)


# --- public -------------------------------------------------------------------------------


def iter_overlay(
    path: str | Path, *, id_prefix: str = "overlay", source_name: str = "overlay"
) -> Iterator[Place]:
    """Yield the places of an overlay file.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (UTF-8, optional BOM), ``.geojson``/``.json`` or ``.gpkg`` (every layer)
        file; see the module docstring for its columns. Data in another CRS is reprojected to
        EPSG:4326.
    id_prefix : str, default "overlay"
        The place ids are ``"<id_prefix>:<row id>"``.
    source_name : str, default "overlay"
        The ``source`` of every place (the per-row ``source`` column is documentation only).

    Returns
    -------
    Iterator[Place]
        One place per row or feature, in file order (GeoPackage layers in turn).

    Raises
    ------
    GazetteerSourceError
        At the call: an unsupported extension, a missing or unreadable file. While
        iterating: missing required columns (all listed), coordinates that are not numbers or
        out of range, WKT that does not parse, an empty, invalid or unsupported geometry, an
        unknown feature class, a bad population or country code, an id used twice in the
        file. The message names the file (``file.gpkg:layer`` for a GeoPackage) and the row:
        the line for a CSV (the header is line 1), the 1-based feature otherwise.
    GazetteerConfigurationError
        ``id_prefix`` or ``source_name`` is empty.
    """
    path = Path(path)
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        raise GazetteerSourceError(
            f"unsupported overlay file type {path.suffix or '(none)'!r}; "
            "expected .csv, .geojson, .json or .gpkg",
            path=str(path),
        )
    for value, what in ((id_prefix, "id_prefix"), (source_name, "source_name")):
        if not isinstance(value, str) or not value.strip():
            raise GazetteerConfigurationError(f"{what} must be a non-empty string, not {value!r}")
    try:
        with open(path, "rb"):
            pass
    except OSError as err:
        raise GazetteerSourceError(f"cannot read overlay: {err.strerror or err}", path=str(path)) from err
    builder = _Builder(id_prefix, source_name)
    return _iter_csv(path, builder) if kind == "csv" else _iter_ogr(path, kind, builder)
