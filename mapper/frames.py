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

__all__ = ["MENTION_COLUMNS", "mentions_frame", "point_lonlat"]

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
