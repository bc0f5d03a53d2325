"""What the world pack says about each country as a whole.

The pack ``data/world/`` holds the countries (``countries.csv``) and their first-level
divisions (``admin1.csv``). :func:`country_facts` sums them up per country: the country's
name and population, its names by language, and how many first-level divisions it has.
It reads the countries through the loader the store is built with and counts the divisions
by their ``country_code`` and ``feature_code`` columns alone, so the figures are the shipped
pack's: files added to a store do not change them.
"""

from __future__ import annotations

import csv
import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from gazetteer.exc import GazetteerSourceError

__all__ = ["CountryFacts", "country_facts"]

_WORLD = Path(__file__).parent / "data" / "world"


@dataclass(frozen=True, slots=True)
class CountryFacts:
    """One country of the world pack.

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-2.
    name : str
        The pack's name of the country, in English ("Mexico", "Syria").
    population : int
        The country's population, 0 where unknown.
    divisions : int
        How many first-level divisions of the country the pack lists (50 US states and the
        District of Columbia, Syria's 14 governorates); 0 for a country GeoNames does not
        divide.
    names : Mapping of str to tuple of str
        The country's other names by language: ``names["fr"]`` is ``("Mexique", ...)``. Only
        names tagged with a language are here; ``name`` is not repeated.
    """

    code: str
    name: str
    population: int = 0
    divisions: int = 0
    names: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))


@functools.cache
def country_facts() -> Mapping[str, CountryFacts]:
    """Return the countries of the world pack by ISO code, read once per process.

    Returns
    -------
    Mapping of str to CountryFacts
        One entry per row of ``countries.csv``, read-only.

    Raises
    ------
    GazetteerSourceError
        When a pack file is missing or malformed.
    """
    from gazetteer.sources.countries import iter_countries_csv

    # only two columns of the divisions are needed: building their records (points, names) would
    # cost a quarter of a second for a count
    path = _WORLD / "admin1.csv"
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise GazetteerSourceError(f"{path}: cannot read the world pack's divisions ({exc})") from exc
    if rows and not {"country_code", "feature_code"} <= rows[0].keys():
        raise GazetteerSourceError(f"{path}: the columns country_code and feature_code are missing")
    divisions = Counter(r["country_code"] for r in rows if r["feature_code"] == "ADM1" and r["country_code"])
    out: dict[str, CountryFacts] = {}
    for place in iter_countries_csv(_WORLD / "countries.csv"):
        names: dict[str, list[str]] = {}
        for alt in place.alternate_names:
            if alt.lang and alt.name not in names.setdefault(alt.lang, []):
                names[alt.lang].append(alt.name)
        out[place.country_code] = CountryFacts(
            code=place.country_code,
            name=place.name,
            population=place.population,
            divisions=divisions.get(place.country_code, 0),
            names=MappingProxyType({lang: tuple(v) for lang, v in names.items()}),
        )
    return MappingProxyType(out)
