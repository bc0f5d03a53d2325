"""The data a map page carries: incidents, places mentioned, lines, choropleth and basemap, as one
compact JSON document, gzip-compressed and base64-encoded.

Columns rather than records, and repeated texts (types, actors, places, sources) stored once and
referred to by index, keep a 100,000-incident page small; base64 text has no character that could
end the ``<script type="application/json">`` element it sits in, whatever the articles contain.
The page decodes it with the browser's own ``DecompressionStream``.
"""

from __future__ import annotations

import base64
import functools
import itertools
import gzip
import json
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from mapper.maps.style import EVENT_STYLES, OTHER_STYLE

if TYPE_CHECKING:
    import pandas

__all__ = ["encode", "highlight_spans", "incidents_payload", "mentions_payload", "routes_payload", "type_table"]

_APOSTROPHES = "'’‘`ʿʾ´"


class _FoldTable(dict):
    """``str.translate`` table: each character to one lower-case, accent-free character (filled on use)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        base = unicodedata.normalize("NFD", c)[0]
        if base in _APOSTROPHES:
            out = "'"
        else:
            low = base.lower()
            out = low if len(low) == 1 else base
        self[code] = out
        return out


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    """Lower case, accents and apostrophe variants removed, one character for one: offsets stay valid."""
    return text.translate(_FOLD)


_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|ash|an|at|az)[-\s']+", re.IGNORECASE)


def _pattern(term: str) -> str | None:
    folded = _fold(term.strip())
    if len(folded) < 2:
        return None
    parts = []
    for c in folded:
        if c == "'":
            parts.append("'?")
        elif c in " -":
            parts.append("[-\\s]?")
        else:
            parts.append(re.escape(c))
    return "".join(parts)


@functools.lru_cache(maxsize=65536)
def _folded_name(term: str) -> str:
    return _fold(term.strip())


@functools.lru_cache(maxsize=65536)
def _name_regex(term: str) -> re.Pattern | None:
    variants = []
    for variant in (term, _ARTICLE.sub("", term.strip())):
        pat = _pattern(variant)
        if pat and pat not in variants:
            variants.append(pat)
    if not variants:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(variants) + r")(?!\w)", re.IGNORECASE)


def _whole_word_hits(haystack: str, needle: str) -> list[int]:
    spans: list[int] = []
    start = haystack.find(needle)
    while start >= 0 and len(spans) < 16:
        end = start + len(needle)
        if (start == 0 or not haystack[start - 1].isalnum()) and (end == len(haystack) or not haystack[end].isalnum()):
            spans += [start, end]
        start = haystack.find(needle, start + 1)
    return spans


def highlight_spans(text: str, terms: list[str]) -> list[int] | None:
    """Where the place's name occurs in ``text``: flat ``[start, end, start, end, ...]`` offsets.

    Matching ignores case, accents, the Arabic article (``al-``, ``Al ``...), and hyphens, spaces
    and apostrophes inside the name, so that ``Al Qā’im`` is found in "near al-Qaim".
    """
    if not text:
        return None
    # Lower-casing ASCII keeps every offset; other text is folded one character for one.
    haystack = text.lower() if text.isascii() else _fold(text)
    terms = [t for t in terms if t]
    for term in terms:  # the name as written, at once
        name = _folded_name(term)
        if len(name) >= 2 and (spans := _whole_word_hits(haystack, name)):
            return spans
    for term in terms:  # hyphens, spaces and apostrophes may differ
        regex = _name_regex(term)
        if regex is not None:
            if spans := [x for m in itertools.islice(regex.finditer(haystack), 8) for x in m.span()]:
                return spans
    return None


def type_table(event_types) -> tuple[list[dict[str, str]], dict[str, int]]:
    """The styles of ACLED's types, then one "Other" entry when other types occur; and each type's index."""
    styles = [{"label": s.label, "color": s.color, "glyph": s.glyph} for s in EVENT_STYLES.values()]
    index = {name: i for i, name in enumerate(EVENT_STYLES)}
    if any(t not in index for t in event_types):
        styles.append({"label": OTHER_STYLE.label, "color": OTHER_STYLE.color, "glyph": OTHER_STYLE.glyph})
    other = len(styles) - 1
    return styles, {t: index.get(t, other) for t in event_types}


def _codes(values, table: list[str], lookup: dict[str, int]) -> list[int]:
    out = []
    for v in values:
        if not v:
            out.append(-1)
            continue
        i = lookup.get(v)
        if i is None:
            i = lookup[v] = len(table)
            table.append(v)
        out.append(i)
    return out


def _ints(values) -> list[int | None]:
    import pandas

    return [None if pandas.isna(v) else int(v) for v in values]


def incidents_payload(frame: pandas.DataFrame) -> tuple[dict[str, Any], dict[str, list[str]], list[dict[str, str]]]:
    """The incidents as columns, for :func:`encode`.

    Parameters
    ----------
    frame : pandas.DataFrame
        In :data:`mapper.maps.tables.MAP_COLUMNS`, every row placed.

    Returns
    -------
    (columns, strings, types)
        ``columns`` holds one list per field, ``strings`` the texts they refer to by index,
        ``types`` the style of each type index.
    """
    import numpy as np
    import pandas

    types, type_index = type_table(frame["event_type"].unique().tolist())
    strings: dict[str, list[str]] = {k: [] for k in ("sub", "actors", "loc", "adm", "src", "url")}
    lookups: dict[str, dict[str, int]] = {k: {} for k in strings}
    dates = pandas.to_datetime(frame["event_date"].replace("", None), format="%Y-%m-%d", errors="coerce")
    epoch = np.datetime64("1970-01-01", "D")
    days = [None if pandas.isna(d) else int((np.datetime64(d.date(), "D") - epoch).astype(int)) for d in dates]
    adm = [", ".join(x for x in (a, c) if x) for a, c in zip(frame["admin1"], frame["country"], strict=True)]
    src = [s or d for s, d in zip(frame["source"], frame["doc_id"], strict=True)]
    notes = frame["notes"].tolist()
    terms = zip(frame["place_text"], frame["location"], strict=True)
    columns = {
        "lat": np.round(frame["latitude"].to_numpy(float), 5).tolist(),
        "lon": np.round(frame["longitude"].to_numpy(float), 5).tolist(),
        "day": days,
        "tp": frame["time_precision"].astype(int).tolist(),
        "type": [type_index[t] for t in frame["event_type"]],
        "sub": _codes(frame["sub_event_type"], strings["sub"], lookups["sub"]),
        "a1": _codes(frame["actor1"], strings["actors"], lookups["actors"]),
        "a2": _codes(frame["actor2"], strings["actors"], lookups["actors"]),
        "loc": _codes(frame["location"], strings["loc"], lookups["loc"]),
        "adm": _codes(adm, strings["adm"], lookups["adm"]),
        "prec": frame["geo_precision"].astype(int).tolist(),
        "k": frame["fatalities"].astype(int).tolist(),
        "w": _ints(frame["wounded"].tolist()),
        "kw": _ints(frame["killed_or_wounded"].tolist()),
        "note": notes,
        "hl": [highlight_spans(n, [p, loc]) for n, (p, loc) in zip(notes, terms, strict=True)],
        "src": _codes(src, strings["src"], lookups["src"]),
        "url": _codes(frame["url"], strings["url"], lookups["url"]),
        "id": frame["event_id_cnty"].tolist(),
    }
    return columns, strings, types


def _strs(values) -> list[str]:
    import pandas

    return ["" if v is None or pandas.isna(v) else str(v) for v in values]


def mentions_payload(frame) -> dict[str, list] | None:
    """The resolved places mentioned, as columns (``None`` when there are none)."""
    import pandas

    if frame is None or not len(frame):
        return None
    rows = frame[frame["lat"].notna() & frame["lon"].notna()]
    if not len(rows):
        return None
    feature = [f or k for f, k in zip(_strs(rows["feature"]), _strs(rows["kind"]), strict=True)]
    sentences = _strs(rows["sentence"])
    texts = _strs(rows["text"])
    return {
        "lat": [round(float(x), 5) for x in rows["lat"]], "lon": [round(float(x), 5) for x in rows["lon"]],
        "text": texts, "name": _strs(rows["name"]), "doc": _strs(rows["doc_id"]),
        "prec": [1 if pandas.isna(p) else int(p) for p in rows["precision"]], "feature": feature,
        "sentence": sentences, "hl": [highlight_spans(s, [t]) for s, t in zip(sentences, texts, strict=True)],
    }


def routes_payload(frame) -> dict | None:
    """Roads, rivers and areas named, as a GeoJSON FeatureCollection (one feature per place)."""
    if frame is None or not len(frame):
        return None
    import shapely

    geoms = frame.geometry
    keep = geoms.notna() & geoms.geom_type.isin(["LineString", "MultiLineString", "Polygon", "MultiPolygon"])
    rows = frame[keep]
    features, seen = [], set()
    for name, place_id, geom in zip(_strs(rows["name"]), _strs(rows["place_id"]), rows.geometry, strict=True):
        key = place_id or name
        if key in seen:
            continue
        seen.add(key)
        geom = shapely.set_precision(geom, 1e-4)
        features.append({"type": "Feature", "properties": {"name": name},
                         "geometry": shapely.geometry.mapping(geom)})
    return {"type": "FeatureCollection", "features": features} if features else None


def encode(data: dict[str, Any]) -> str:
    """JSON, gzip, base64: the text of the page's data element."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")
