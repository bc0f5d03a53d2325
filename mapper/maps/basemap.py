"""Borders the map draws from data the package ships: the offline basemap and the governorate
choropleth.

Countries come from Natural Earth (``mapper/data/basemap/countries.geojson``); governorates
from the gazetteer store (the COD-AB polygons of Syria's first-level divisions).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas
    import pandas

    from gazetteer.store import Store

__all__ = ["basemap_payload", "choropleth_payload", "countries", "governorates"]


@functools.cache
def _countries_text() -> str:
    return resources.files("mapper").joinpath("data", "basemap", "countries.geojson").read_text(encoding="utf-8")


def countries() -> dict[str, Any]:
    """The world's countries (Natural Earth 1:110m) as a GeoJSON FeatureCollection."""
    return json.loads(_countries_text())


def governorates(store: Store, country_code: str = "SY") -> geopandas.GeoDataFrame:
    """First-level divisions with polygons in the store: ``name``, ``pcode``, ``geometry`` (EPSG:4326)."""
    import geopandas
    import shapely

    places = store.areas("ADM1", country_code)
    return geopandas.GeoDataFrame(
        {"name": [p.name for p in places], "pcode": [p.id.split(":", 1)[-1] for p in places]},
        geometry=[shapely.from_wkt(p.geometry) for p in places], crs="EPSG:4326")


def _feature_collection(frame: geopandas.GeoDataFrame, columns: list[str], precision: float) -> dict[str, Any]:
    import shapely

    features = []
    for values in zip(*(frame[c] for c in columns), frame.geometry, strict=True):
        *props, geom = values
        props = [p.item() if hasattr(p, "item") else p for p in props]  # numpy scalars to JSON numbers
        geom = shapely.set_precision(geom, precision)
        features.append({"type": "Feature", "properties": dict(zip(columns, props, strict=True)),
                         "geometry": shapely.geometry.mapping(geom)})
    return {"type": "FeatureCollection", "features": features}


@functools.cache
def _country_labels() -> tuple[tuple[float, float, str], ...]:
    import shapely

    out = []
    for f in countries()["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        if geom.area < 2:  # square degrees: too small to carry a label at the zooms labels show
            continue
        pt = geom.representative_point()
        out.append((round(pt.y, 3), round(pt.x, 3), f["properties"]["name"]))
    return tuple(out)


def basemap_payload(areas: geopandas.GeoDataFrame | None) -> dict[str, Any]:
    """Countries, governorate borders and their labels, for the offline basemap and the minimap."""
    labels = [[lat, lon, name, "country"] for lat, lon, name in _country_labels()]
    admin1 = None
    if areas is not None and len(areas):
        admin1 = _feature_collection(areas, ["name"], 1e-3)
        for name, geom in zip(areas["name"], areas.geometry, strict=True):
            pt = geom.representative_point()
            labels.append([round(pt.y, 3), round(pt.x, 3), name, "admin1"])
    return {"countries": countries(), "admin1": admin1, "labels": labels}


def choropleth_payload(incidents: pandas.DataFrame, areas: geopandas.GeoDataFrame | None) -> dict[str, Any] | None:
    """Incidents and fatalities per governorate, by where each incident's point falls.

    Returns a GeoJSON FeatureCollection whose features carry ``name``, ``incidents`` and
    ``fatalities``, or ``None`` when no incident falls in any of ``areas``.
    """
    if areas is None or not len(areas) or not len(incidents):
        return None
    import geopandas

    points = geopandas.GeoDataFrame(
        {"fatalities": incidents["fatalities"].to_numpy()},
        geometry=geopandas.points_from_xy(incidents["longitude"], incidents["latitude"]), crs="EPSG:4326")
    joined = geopandas.sjoin(points, areas[["pcode", "geometry"]], how="inner", predicate="within")
    if not len(joined):
        return None
    counts = joined.groupby("pcode").agg(incidents=("fatalities", "size"), fatalities=("fatalities", "sum"))
    frame = areas.join(counts, on="pcode")
    frame["incidents"] = frame["incidents"].fillna(0).astype(int)
    frame["fatalities"] = frame["fatalities"].fillna(0).astype(int)
    return _feature_collection(frame, ["name", "incidents", "fatalities"], 1e-3)
