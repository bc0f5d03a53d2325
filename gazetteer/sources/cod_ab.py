"""Administrative areas from OCHA COD-AB files.

Every country's Common Operational Dataset of administrative boundaries on the
Humanitarian Data Exchange shares one column scheme: ``admN_name`` (the first language),
``admN_name1..3`` (other languages, named by ``lang1..3``), ``admN_pcode``, ``admN_ref_n``
(a reference spelling), the parents' ``admM_*`` columns, and ``center_lat``/``center_lon``.
A loader written for Syria's serves them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gazetteer.exc import GazetteerSourceError
from gazetteer.place import AltName, Place

__all__ = ["iter_cod_ab", "admin_level", "read_cod_ab"]

_LEVEL = re.compile(r"^adm(\d)_pcode$")
_FEATURE_CODES = {0: ("A", "PCLI"), 1: ("A", "ADM1"), 2: ("A", "ADM2"), 3: ("A", "ADM3"), 4: ("A", "ADM4")}


def admin_level(columns) -> int:
    """Return the deepest ``admN_pcode`` level among ``columns``, or raise ``ValueError``."""
    levels = [int(m.group(1)) for c in columns if (m := _LEVEL.match(str(c).lower()))]
    if not levels:
        raise ValueError("no admN_pcode column: not a COD-AB layer")
    return max(levels)


def read_cod_ab(path: str | Path, layer: str | None = None):
    """Read one COD-AB layer as a GeoDataFrame in EPSG:4326, with lower-case column names."""
    import geopandas

    try:
        frame = geopandas.read_file(path, layer=layer)
    except Exception as err:  # pyogrio raises its own DataSourceError, OSError, ValueError ...
        raise GazetteerSourceError(f"cannot read COD-AB layer {layer!r}: {err}", path=str(path)) from err
    frame.columns = [c.lower() if c != frame.geometry.name else c for c in frame.columns]
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    return frame


def _text(row: Any, col: str) -> str:
    value = row.get(col)
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def iter_cod_ab(path: str | Path, *, layer: str | None = None, country_code: str | None = None) -> Iterator[Place]:
    """Yield one place per administrative area of a COD-AB layer.

    Parameters
    ----------
    path : str or Path
        A shapefile, GeoJSON or GeoPackage in the COD-AB column scheme.
    layer : str or None, default None
        The layer of a multi-layer file (``"admin1"``).
    country_code : str or None, default None
        ISO alpha-2 code; read from ``adm0_pcode`` or ``iso2`` when not given.

    Yields
    ------
    Place
        ``id`` ``"codab:<pcode>"``, feature class ``A`` with code ``ADM1``..``ADM4`` (``PCLI`` for
        the country), the polygon as WKT, ``lat``/``lon`` at ``center_lat``/``center_lon`` when the
        file has them and they fall inside the area, else at a point inside it.

    Raises
    ------
    GazetteerSourceError
        When the file cannot be read, lacks the COD-AB columns, or a row has no P-code,
        no name or an invalid geometry; the message names the file and the row.
    """
    from shapely import Point, make_valid, set_precision

    frame = read_cod_ab(path, layer)
    where = f"{path}" if layer is None else f"{path}[{layer}]"
    try:
        level = admin_level(frame.columns)
    except ValueError as err:
        raise GazetteerSourceError(str(err), path=where) from err
    fclass, fcode = _FEATURE_CODES.get(level, ("A", f"ADM{level}"))
    for i, row in enumerate(frame.to_dict("records"), start=1):
        pcode = _text(row, f"adm{level}_pcode")
        name = _text(row, f"adm{level}_name")
        if not pcode or not name:
            raise GazetteerSourceError(f"row without adm{level}_pcode or adm{level}_name", path=where, line=i)
        geom = row.get("geometry")
        if geom is None or geom.is_empty:
            raise GazetteerSourceError(f"{pcode}: empty geometry", path=where, line=i)
        if not geom.is_valid:
            geom = make_valid(geom)
        geom = set_precision(geom, 1e-6)
        cc = country_code or _text(row, "iso2") or _text(row, "adm0_pcode")[:2]
        lat, lon = None, None
        try:
            clat, clon = float(row.get("center_lat")), float(row.get("center_lon"))
            if geom.contains(Point(clon, clat)):
                lat, lon = clat, clon
        except (TypeError, ValueError):
            pass
        if lat is None:
            pt = geom.representative_point()
            lat, lon = pt.y, pt.x
        alts: dict[str, str | None] = {}
        for j in (1, 2, 3):
            alt = _text(row, f"adm{level}_name{j}")
            if alt:
                alts.setdefault(alt, _text(row, f"lang{j}") or None)
        ref = _text(row, f"adm{level}_ref_n")
        if ref and ref != name:
            alts.setdefault(ref, _text(row, "lang") or None)
        admin = {}
        for lv, field in ((1, "admin1"), (2, "admin2")):
            if lv <= level:
                admin[f"{field}_code"] = _text(row, f"adm{lv}_pcode")
                admin[f"{field}_name"] = _text(row, f"adm{lv}_name")
        try:
            yield Place(
                id=f"codab:{pcode}",
                source="codab",
                name=name,
                lat=lat,
                lon=lon,
                alternate_names=tuple(AltName(n, lang) for n, lang in alts.items()),
                geometry=geom.wkt,
                feature_class=fclass,
                feature_code=fcode,
                country_code=cc.upper(),
                **admin,
            )
        except ValueError as err:
            raise GazetteerSourceError(str(err), path=where, line=i) from err
