"""Places that phrases build on named places: directions, distances, parts and roads.

- "au nord d'Abou Kamal", "north of Raqqa": a point moved that way (8 km from a town);
- "à 20 km à l'est de X", "20 km east of X": moved by the distance given;
- "la banlieue sud de X", "X's southern outskirts": a few kilometres out; "la campagne sud de
  X", "the countryside of X": fifteen; "près de X", "near X": the place itself, with a radius;
- "le désert occidental de Deir ez-Zor", "le sud de la Syrie", "le Nord-Est syrien" (the
  country by its adjective, see :func:`country_sides`): part of a region, moved towards that
  side;
- "la route reliant X à Y", "la route X/Y", "route X-Y", "the X-Y road": a line from X to Y,
  along a road of the gazetteer when one passes by both.

Each becomes a :class:`~mapper.mention.DerivedPlace` with an uncertainty radius and ACLED's
geo_precision: 2 near a town or part of a region, 3 when the anchor is a region.
"""

from __future__ import annotations

import math
import re

from gazetteer.normalize import fold
from gazetteer.place import EARTH_RADIUS_KM, distance_km

from mapper.mention import DerivedPlace, Mention
from mapper.pipeline.text import TextView

__all__ = ["derive_places", "move", "BEARINGS", "SIDE_WORDS", "COUNTRY_ADJECTIVES", "country_sides"]

BEARINGS = {
    "nord": 0, "north": 0, "septentrional": 0, "septentrionale": 0, "northern": 0,
    "nord-est": 45, "northeast": 45, "north-east": 45, "northeastern": 45, "north-eastern": 45,
    "est": 90, "east": 90, "oriental": 90, "orientale": 90, "eastern": 90,
    "sud-est": 135, "southeast": 135, "south-east": 135, "southeastern": 135, "south-eastern": 135,
    "sud": 180, "south": 180, "meridional": 180, "méridional": 180, "méridionale": 180, "meridionale": 180,
    "southern": 180,
    "sud-ouest": 225, "southwest": 225, "south-west": 225, "southwestern": 225, "south-western": 225,
    "ouest": 270, "west": 270, "occidental": 270, "occidentale": 270, "western": 270,
    "nord-ouest": 315, "northwest": 315, "north-west": 315, "northwestern": 315, "north-western": 315,
}
#: The words of :data:`BEARINGS` folded as tokens are ("meridionale" for "méridionale").
SIDE_WORDS = frozenset(fold(w) for w in BEARINGS)
_DIR = (r"(?P<dir>nord-est|nord-ouest|sud-est|sud-ouest|north-?east(?:ern)?|north-?west(?:ern)?|"
        r"south-?east(?:ern)?|south-?west(?:ern)?|nord|sud|est|ouest|north(?:ern)?|south(?:ern)?|east(?:ern)?|"
        r"west(?:ern)?|septentrionale?|m[ée]ridionale?|orientale?|occidentale?)")
_ADMIN_FR = r"(?:(?:la\s+|le\s+)?(?:province|gouvernorat|r[ée]gion|district|campagne)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|de\s+|d['’]\s*))?"
_OF_FR = r"(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|de\s+|d['’]\s*)" + _ADMIN_FR
_OF_EN = r"(?:of\s+(?:the\s+)?(?:(?:province|governorate|region|district)\s+of\s+)?)"
_DIST = r"(?P<dist>\d+(?:[.,]\d+)?)\s*(?P<unit>km|kilom[èe]tres?|kilometers?|kilometres?|miles?|mi)\b"

# Each pattern must end where the anchor name starts. Each opens with a look-ahead on the letters it can
# start with, so that the search skips every other position of the window at once.
_PATTERNS = [
    ("suburb",
     re.compile(rf"(?=[nsewom]){_DIR}\s+(?P<part>outskirts|suburbs?)\s+{_OF_EN}$", re.IGNORECASE)),
    ("countryside",
     re.compile(rf"(?=[nsewom]){_DIR}\s+(?P<part>countryside|rural)\s+{_OF_EN}$", re.IGNORECASE)),
    ("desert",
     re.compile(rf"(?=[nsewom]){_DIR}\s+(?P<part>desert)\s+{_OF_EN}$", re.IGNORECASE)),
    ("distance",
     re.compile(rf"(?=\d){_DIST}\s+(?:au\s+|à\s+l['’]\s*|a\s+l['’]\s*|à\s+|)?{_DIR}\s+(?:{_OF_FR}|{_OF_EN})$",
                re.IGNORECASE)),
    ("suburb",
     re.compile(rf"(?=[bpfqos])(?P<part>banlieues?|p[ée]riph[ée]rie|faubourgs?|quartiers?|outskirts|suburbs?)\s+"
                rf"(?:{_DIR}\s+)?(?:{_OF_FR}|{_OF_EN})$", re.IGNORECASE)),
    ("countryside",
     re.compile(rf"(?=[crz])(?P<part>campagne|countryside|rural\s+areas?|zone\s+rurale)\s+"
                rf"(?:{_DIR}\s+)?(?:{_OF_FR}|{_OF_EN})$", re.IGNORECASE)),
    ("desert",
     re.compile(rf"(?=[dbs])(?P<part>d[ée]sert|desert|badia|steppe)\s+(?:{_DIR}\s+)?(?:{_OF_FR}|{_OF_EN})$",
                re.IGNORECASE)),
    ("direction",
     re.compile(rf"(?=[aàdlv])(?:\bau\s+|\bà\s+l['’]\s*|\ba\s+l['’]\s*|\bdans\s+le\s+|\bdans\s+l['’]\s*|\ble\s+|"
                rf"\bl['’]\s*|\bdu\s+|\bvers\s+le\s+|\bvers\s+l['’]\s*|\bdepuis\s+le\s+|\bdepuis\s+l['’]\s*)"
                rf"{_DIR}\s+{_OF_FR}$", re.IGNORECASE)),
    ("direction",
     re.compile(rf"(?=[nsewom])\b{_DIR}\s+{_OF_EN}$", re.IGNORECASE)),
    ("direction",
     re.compile(rf"(?=[it])\b(?:in\s+|the\s+){_DIR}\s+(?:part\s+|parts\s+|areas?\s+)?{_OF_EN}$",
                re.IGNORECASE)),
    ("direction",  # "northern Syria", "in southeastern Aleppo"; not "Northern Alliance", a name
     re.compile(r"(?=[nsew])\b(?P<dir>north-?east|north-?west|south-?east|south-?west|north|south|east|west)ern\s+$")),
    ("near",
     re.compile(rf"(?=[pnàadoci])(?:pr[èe]s|proche|non\s+loin|à\s+proximit[ée]|aux\s+abords|aux\s+environs|"
                rf"dans\s+les\s+environs|autour)\s+{_OF_FR}$|\b(?:near|outside|around|close\s+to|"
                rf"in\s+the\s+vicinity\s+of|on\s+the\s+outskirts\s+of)\s+(?:the\s+)?$", re.IGNORECASE)),
]
# "le Nord-Est syrien", "dans le sud syrien", a headline "Sud syrien : ...": a side of the country
# whose adjective the anchor is
_ADJECTIVAL = re.compile(
    rf"(?:\ble\s+|\bl['’]\s*|\bdu\s+|\bau\s+|\bdans\s+le\s+|\bdans\s+l['’]\s*|\bvers\s+le\s+|^){_DIR}\s+$",
    re.IGNORECASE)
#: Adjectives of countries, masculine and feminine, singular and plural, to ISO codes: the anchor of
#: "le Nord-Est syrien" (French puts the adjective after the side).
COUNTRY_ADJECTIVES = {
    **dict.fromkeys("syrien syrienne syriens syriennes".split(), "SY"),
    **dict.fromkeys("irakien irakienne irakiens irakiennes".split(), "IQ"),
    **dict.fromkeys("libanais libanaise libanaises".split(), "LB"),
    **dict.fromkeys("jordanien jordanienne jordaniens jordaniennes".split(), "JO"),
    **dict.fromkeys("israélien israélienne israéliens israéliennes israelien israelienne israeliens "
                    "israeliennes".split(), "IL"),
    **dict.fromkeys("iranien iranienne iraniens iraniennes".split(), "IR"),
    **dict.fromkeys("saoudien saoudienne saoudiens saoudiennes".split(), "SA"),
    **dict.fromkeys("turc turque turcs turques".split(), "TR"),
}
_ADJECTIVE_PHRASE = re.compile(rf"(?:\ble\s+|\bl['’]\s*|\bdu\s+|\bau\s+|^){_DIR}\s+(?P<adj>[^\W\d_]+)\b",
                               re.IGNORECASE | re.MULTILINE)
# A word one of the patterns needs: the patterns run only where one of these is near the name.
_TRIGGER = re.compile(
    r"\b(?:nord|sud|est|ouest|north|south|east|west|septentrional|m[ée]ridional|oriental|occidental|km|kilom|mile|"
    r"banlieue|p[ée]riph|faubourg|quartier|outskirts|suburb|campagne|countryside|rural|d[ée]sert|badia|steppe|"
    r"pr[èe]s|proche|loin|proximit|abords|environs|autour|near|outside|around|close|vicinity)",
    re.IGNORECASE,
)
# Every pattern ends with one of these words, right before the name, or with an English adjective of side.
_JOIN_WORDS = frozenset("de du des la of the near outside around autour to".split())
_SIDE_ADJECTIVES_EN = frozenset(w for w in BEARINGS if w.endswith("ern"))  # "northern", "south-western"
_POSSESSIVE = re.compile(rf"^['’]s\s+{_DIR}\s+(?P<part>outskirts|suburbs?|countryside|desert)", re.IGNORECASE)

_ROUTE_BEFORE = re.compile(
    r"(?:route|routes|autoroute|axe|tron[çc]on|highway|road|motorway|corridor)\s+(?:strat[ée]gique\s+|internationale\s+)?"
    r"(?:qui\s+relie\s+|reliant\s+|entre\s+|menant\s+de\s+|allant\s+de\s+|de\s+|d['’]\s*|linking\s+|between\s+|"
    r"from\s+|connecting\s+)?$",
    re.IGNORECASE,
)
_ROUTE_BETWEEN = re.compile(r"^\s*(?:à|a|et|and|to|vers|jusqu['’]à|[-–—/])\s*$", re.IGNORECASE)
_ROUTE_AFTER = re.compile(r"^\s*(?:road|highway|motorway|route)\b", re.IGNORECASE)

_OFFSET_KM = {"direction": 8.0, "suburb": 3.0, "countryside": 15.0, "near": 0.0}
_RADIUS_KM = {"direction": 8.0, "suburb": 3.0, "countryside": 15.0, "near": 5.0, "distance": 3.0}
_REGION_CLASSES = "AHLT"
_WINDOW = 70


def move(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` from ``(lat, lon)`` along ``bearing_deg`` (great circle)."""
    r = EARTH_RADIUS_KM
    d, b = km / r, math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


_EXTENTS: dict[str, float] = {}


def _region_extent_km(m: Mention) -> float:
    """Half the size of a region mention, from its geometry (50 km when unknown)."""
    if not m.geometry:
        return 300.0 if m.feature.endswith("PCLI") else 50.0
    cached = _EXTENTS.get(m.place_id or m.geometry)
    if cached is not None:
        return cached
    from shapely import from_wkt

    minx, miny, maxx, maxy = from_wkt(m.geometry).bounds
    height = (maxy - miny) * 111.0
    width = (maxx - minx) * 111.0 * math.cos(math.radians((miny + maxy) / 2))
    extent = _EXTENTS[m.place_id or m.geometry] = max(5.0, (height + width) / 4)
    return extent




def _relative(view: TextView, index: int, m: Mention) -> DerivedPlace | None:
    sent_start, _ = view.sentence_span(m.sentence)
    before = view.text[max(sent_start, m.start - _WINDOW):m.start]
    after = view.text[m.end:m.end + 40]
    found = None
    tail = before.rstrip().lower()
    last = tail.rsplit(None, 1)[-1] if tail else ""
    joins = last in _JOIN_WORDS or last.endswith(("d’", "d'", "l’", "l'")) or last in _SIDE_ADJECTIVES_EN
    patterns = _PATTERNS if joins and _TRIGGER.search(before) else ()
    if m.text[:1].islower() and m.text.lower() in COUNTRY_ADJECTIVES:  # "le Nord-Est syrien"
        patterns = (("direction", _ADJECTIVAL),)
    for kind, pattern in patterns:
        hit = pattern.search(before)
        if hit:
            found = (kind, hit, m.start - len(before) + hit.start(), m.end)
            break
    if found is None:
        hit = _POSSESSIVE.match(after)
        if hit is None:
            return None
        found = ("suburb" if hit.group("part").lower().startswith(("out", "sub")) else
                 "countryside" if hit.group("part").lower() == "countryside" else "desert", hit, m.start, m.end + hit.end())
    kind, hit, start, end = found
    groups = hit.groupdict()
    direction = (groups.get("dir") or "").lower()
    bearing = BEARINGS.get(direction)
    region = m.feature[:1] in _REGION_CLASSES
    precision = 3 if region and m.feature not in ("A.ADM3", "A.ADM4") else 2
    if kind == "distance":
        dist = float(groups["dist"].replace(",", "."))
        if groups["unit"].lower().startswith("mi"):
            dist *= 1.609
        radius = max(_RADIUS_KM["distance"], dist * 0.15)
        why = f"{dist:g} km {direction} of {m.name}"
    elif region or kind == "desert":
        extent = _region_extent_km(m)
        dist = extent * 0.6 if bearing is not None else 0.0
        radius = extent * 0.5
        why = f"{kind} {direction} part of {m.name}".replace("  ", " ")
    else:
        dist = _OFFSET_KM[kind] if bearing is not None or kind == "countryside" else 0.0
        radius = _RADIUS_KM[kind]
        why = f"{kind} {direction} of {m.name}".replace("  ", " ")
    if bearing is None:
        bearing, dist = 0.0, 0.0 if kind != "countryside" else 0.0
    lat, lon = move(m.lat, m.lon, bearing, dist)
    return DerivedPlace(start, end, view.text[start:end], "relative", [index], lat, lon, None, radius, precision,
                        why.strip(), m.sentence, name=why.strip())


def _route_geometry(a: Mention, b: Mention, roads: tuple[list, object]):
    """The line from ``a`` to ``b`` (a shapely LineString) and how it was drawn: along a gazetteer road
    passing near both, else straight."""
    from shapely import LineString, Point, distance, line_locate_point
    from shapely.ops import substring

    pa, pb = Point(a.lon, a.lat), Point(b.lon, b.lat)
    places, lines = roads
    best = None
    if places:
        near_a, near_b = (distance(lines, pa) * 111.0).tolist(), (distance(lines, pb) * 111.0).tolist()
        for k, (da, db) in enumerate(zip(near_a, near_b, strict=True)):
            if da <= 20 and db <= 20 and (best is None or da + db < best[0]):
                best = (da + db, places[k], lines[k])
    if best is not None:
        _, place, line = best
        at_a, at_b = line_locate_point(line, pa), line_locate_point(line, pb)
        part = substring(line, min(at_a, at_b), max(at_a, at_b))
        if part.length > 0:
            coords = list(part.coords)
            if at_a > at_b:  # the road is drawn the other way round
                coords.reverse()
            if coords[0] != (pa.x, pa.y):
                coords = [(pa.x, pa.y), *coords]
            if coords[-1] != (pb.x, pb.y):
                coords = [*coords, (pb.x, pb.y)]
            return LineString(coords), f"along {place.name}"
    return LineString([(a.lon, a.lat), (b.lon, b.lat)]), "straight line"


_DRAWINGS: dict[tuple, tuple[str, float, float, str]] = {}


def _route_drawing(a: Mention, b: Mention, roads: tuple[list, object]) -> tuple[str, float, float, str]:
    """Return the route's line as WKT, its midpoint (lat, lon) and how it was drawn, per pair of points."""
    key = (a.lat, a.lon, b.lat, b.lon, id(roads[1]))
    hit = _DRAWINGS.get(key)
    if hit is None:
        if len(_DRAWINGS) >= 10_000:
            _DRAWINGS.clear()
        line, how = _route_geometry(a, b, roads)
        mid = line.interpolate(0.5, normalized=True)
        hit = _DRAWINGS[key] = (line.wkt, mid.y, mid.x, how)
    return hit


def _routes(view: TextView, mentions: list[Mention], roads: tuple[list, object]) -> list[DerivedPlace]:
    out = []
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if not (a.resolved and b.resolved) or a.sentence != b.sentence or a.place_id == b.place_id:
            continue
        if a.feature[:1] not in "PS" or b.feature[:1] not in "PS":
            continue
        between = view.text[a.end:b.start]
        if not _ROUTE_BETWEEN.match(between):
            continue
        sent_start, _ = view.sentence_span(a.sentence)
        before = view.text[max(sent_start, a.start - 60):a.start]
        hit = _ROUTE_BEFORE.search(before)
        after = _ROUTE_AFTER.match(view.text[b.end:b.end + 20])
        if hit is None and after is None:
            continue
        start = a.start - len(before) + hit.start() if hit else a.start
        end = b.end + (after.end() if after else 0)
        wkt, mid_lat, mid_lon, how = _route_drawing(a, b, roads)
        length = distance_km(a.lat, a.lon, b.lat, b.lon)
        name = f"{a.name} – {b.name} road"
        out.append(DerivedPlace(start, end, view.text[start:end], "route", [i, i + 1], mid_lat, mid_lon, wkt,
                                length / 2, 2, f"road from {a.name} to {b.name}, {how}", a.sentence, name=name))
    return out


def country_sides(text: str) -> list[tuple[int, int, str]]:
    """Find the country adjectives after a side ("le Nord-Est syrien", "du sud irakien").

    Returns ``(start, end, ISO code)`` of each adjective, in text order.
    """
    out = []
    for hit in _ADJECTIVE_PHRASE.finditer(text):
        adjective = hit.group("adj")
        code = COUNTRY_ADJECTIVES.get(adjective.lower())
        if code is not None and adjective[:1].islower():
            out.append((hit.start("adj"), hit.end("adj"), code))
    return out


def derive_places(view: TextView, mentions: list[Mention], matcher=None) -> list[DerivedPlace]:
    """The relative places and routes built on ``mentions``.

    Parameters
    ----------
    view : TextView
        The article.
    mentions : list of Mention
        Its mentions, in text order.
    matcher : gazetteer.match.Matcher, optional
        Gives the gazetteer's roads, so that a route follows one where it can.
    """
    out = []
    for i, m in enumerate(mentions):
        if m.resolved and m.feature[:1] not in "HR":  # a side of a river or a road is not a place
            d = _relative(view, i, m)
            if d is not None:
                out.append(d)
    out.extend(_routes(view, mentions, _roads(matcher)))
    out.sort(key=lambda d: d.start)
    return out


_ROADS_CACHE: dict[int, tuple[list, object]] = {}


def _roads(matcher) -> tuple[list, object]:
    """The gazetteer's roads drawn as one line: their places and an array of their lines."""
    import numpy as np

    if matcher is None:
        return [], np.empty(0, dtype=object)
    cached = _ROADS_CACHE.get(id(matcher.store))
    if cached is None:
        con = matcher.store._con()
        from shapely import from_wkt

        rows = con.execute("SELECT rowid FROM places WHERE feature_class = 'R' AND geometry IS NOT NULL").fetchall()
        places, lines = [], []
        for (r,) in rows:
            place = matcher.store.place(r)
            line = from_wkt(place.geometry)
            if line.geom_type == "LineString":
                places.append(place)
                lines.append(line)
        cached = _ROADS_CACHE[id(matcher.store)] = (places, np.array(lines, dtype=object))
    return cached
