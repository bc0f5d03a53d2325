"""The ``mapper`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

__all__ = ["main", "build_parser"]


def _store_path(args):
    return getattr(args, "store", None)


def _cmd_gazetteer_build(args) -> int:
    from gazetteer.store import _DB_NAME, build_store, default_cache_dir

    path = args.store or default_cache_dir() / _DB_NAME
    from filelock import FileLock

    with FileLock(str(path) + ".lock", timeout=900):
        stats = build_store(path)
    print(f"built {path}: {stats['places']:,} places, {stats['names']:,} names in {stats['seconds']} s")
    return 0


def _cmd_gazetteer_info(args) -> int:
    from gazetteer.store import open_store

    store = open_store(args.store)
    info = {"path": str(store.path), "places": len(store), "built": store.meta.get("built"), **store.stats}
    if args.json:
        print(json.dumps(info, indent=1))
    else:
        print(f"store    {info['path']}")
        print(f"built    {info['built']}")
        print(f"places   {info['places']:,}")
        print(f"names    {info.get('names', 0):,}")
        for name, src in info.get("sources", {}).items():
            print(f"  {name:22} {src['read']:>9,} records read")
    return 0


def _cmd_gazetteer_add(args) -> int:
    from gazetteer.store import _DB_NAME, default_cache_dir, open_store, register_file

    cache = args.store.parent if args.store else default_cache_dir()
    entry = register_file(args.file, cache_dir=cache, label=args.label, alternate_names=args.alternate_names,
                          admin1_codes=args.admin1_codes, admin2_codes=args.admin2_codes)
    store = open_store(args.store or cache / _DB_NAME)
    print(f"added {entry['kind']} {args.file} as {entry['label']!r}: {entry['places']:,} places; "
          f"store now holds {len(store):,}")
    return 0


def _location_dict(loc) -> dict:
    raw = dict(loc.raw)
    raw.pop("geometry", None)
    return {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, **raw}


def _cmd_geocode(args) -> int:
    from gazetteer.geocoder import GazetteerGeocoder

    geocoder = GazetteerGeocoder(path=args.store, country_codes=args.country, feature_classes=args.feature_class)
    bias = None
    if args.near:
        try:
            lat, lon = (float(x) for x in args.near.split(","))
        except ValueError:
            raise SystemExit(f"mapper: error: --near takes LAT,LON, not {args.near!r}") from None
        bias = (lat, lon)
    status = 0
    for query in args.query:
        found = geocoder.geocode(query, exactly_one=False, limit=args.limit, bias=bias)
        if args.json:
            print(json.dumps({"query": query, "results": [_location_dict(x) for x in found or []]},
                             ensure_ascii=False))
            continue
        if not found:
            print(f"{query}: no match")
            status = 1
            continue
        for i, loc in enumerate(found):
            raw = loc.raw
            head = f"{query}:" if i == 0 else " " * (len(query) + 1)
            print(f"{head} {loc.latitude:.5f}, {loc.longitude:.5f}  {loc.address}  "
                  f"[{raw['feature_class']}.{raw['feature_code']} {raw['id']} {raw['match']} {raw['score']:.3f}]")
    return status


def _cmd_reverse(args) -> int:
    from gazetteer.geocoder import GazetteerGeocoder

    geocoder = GazetteerGeocoder(path=args.store)
    found = geocoder.reverse((args.lat, args.lon), exactly_one=False, limit=args.limit)
    for loc in found or []:
        if args.json:
            print(json.dumps(_location_dict(loc), ensure_ascii=False))
        else:
            print(f"{loc.address}  ({loc.latitude:.5f}, {loc.longitude:.5f})  {loc.raw['distance_km']:.2f} km")
    return 0 if found else 1


def _inputs(args, what: str = "files, directories, - for standard input, or --example") -> list[str]:
    """The command's inputs, with the example articles when ``--example`` is given."""
    inputs = list(args.inputs)
    if args.example:
        from mapper.examples import example_paths

        inputs += [str(p) for p in example_paths()]
    if not inputs:
        raise SystemExit(f"mapper: error: no input (give {what})")
    return inputs


def _cmd_extract(args) -> int:
    import contextlib

    from mapper._io import atomic_write
    from mapper.extract import extract_records
    from mapper.pipeline import Geoparser

    inputs = _inputs(args)
    geoparser = Geoparser(store=_open_store(args), ner=False if args.no_ner else "auto",
                          country_codes=args.country)
    failed = total = 0
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(atomic_write(args.output)) if args.output else sys.stdout
        for record in extract_records(inputs, geoparser=geoparser, text_column=args.text_column):
            total += 1
            if "error" in record:
                failed += 1
                print(f"mapper: {record['error']}", file=sys.stderr)
            if args.jsonl or args.output:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif "error" not in record:
                _print_document(record, out)
    if failed:
        print(f"mapper: {total - failed} of {total} documents geoparsed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _cmd_events(args) -> int:
    from mapper.extract import extract_records
    from mapper.frames import incidents_frame, write_incidents
    from mapper.incidents import merge_duplicates
    from mapper.incidents.model import assign_event_ids
    from mapper.pipeline import Geoparser

    inputs = _inputs(args)
    geoparser = Geoparser(store=_open_store(args), ner=False if args.no_ner else "auto")
    found: list = []
    failed = total = 0
    for record in extract_records(inputs, geoparser=geoparser, text_column=args.text_column, sink=found):
        total += 1
        if "error" in record:
            failed += 1
            print(f"mapper: {record['error']}", file=sys.stderr)
    incidents = assign_event_ids(merge_duplicates(found))
    frame = incidents_frame(incidents)
    if args.output:
        write_incidents(frame, args.output)
        print(f"{len(incidents)} incidents from {total - failed} documents written to {args.output}")
    else:
        cols = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude",
                "longitude", "geo_precision", "fatalities"]
        print(frame[cols].to_string(index=False) if len(frame) else "no incident found")
    if failed:
        print(f"mapper: {total - failed} of {total} documents read, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _cmd_map(args) -> int:
    from pathlib import Path

    from mapper.maps import EventMap, is_incident_table
    from mapper.pipeline import Geoparser

    inputs = _inputs(args, "articles or incident tables, or --example")
    tables = [p for p in inputs if p != "-" and is_incident_table(p)]
    articles = [p for p in inputs if p not in tables]
    options = {"offline": args.offline, "title": args.title, "store": args.store,
               "basemaps": args.basemap or None}
    options = {k: v for k, v in options.items() if v is not None}
    if articles:
        geoparser = Geoparser(store=_open_store(args), ner=False if args.no_ner else "auto")
        emap = EventMap.from_articles(articles, geoparser=geoparser, text_column=args.text_column, **options)
    else:
        emap = EventMap(**options)
    for table in tables:
        emap.add_incidents(table)
    if args.mentions:
        import geopandas

        emap.add_mentions(geopandas.read_parquet(Path(args.mentions)))
    for failure in emap.failures:
        print(f"mapper: {failure['error']}", file=sys.stderr)
    emap.save(args.output)
    shown = len(emap.incidents)
    print(f"{shown} incidents mapped in {args.output}"
          + (f" ({emap.unplaced} without coordinates left out)" if emap.unplaced else ""))
    return 1 if emap.failures else 0


def _cmd_run(args) -> int:
    from mapper.run import run_corpus

    summary = run_corpus(args.inputs, args.output, workers=args.workers, scheduler=args.scheduler,
                         partition_size=args.partition_size, ner=False if args.no_ner else "auto",
                         store=args.store, text_column=args.text_column,
                         progress=False if args.quiet else None)
    where = f"; failures listed in {summary.outdir / 'failures.jsonl'}" if summary.failed else ""
    print(f"{summary} in {summary.seconds:.1f} s; outputs in {summary.outdir}{where}")
    return 1 if summary.failed else 0


def _print_document(record: dict, out) -> None:
    out.write(f"{record['id']} ({record['lang']}, {record.get('date') or 'no date'}): "
              f"{len(record['toponyms'])} places\n")
    for t in record["toponyms"]:
        where = "unresolved" if t["lat"] is None else f"{t['lat']:.4f}, {t['lon']:.4f}"
        out.write(f"  {t['start']:>6}  {t['text'][:40]:40}  {(t['name'] or '')[:34]:34}  {where:20}  "
                  f"{t['feature']:8} p{t['precision']}\n")
    for d in record["derived"]:
        out.write(f"  {d['start']:>6}  {d['text'][:40]:40}  {d['kind']:34}  {d['lat']:.4f}, {d['lon']:.4f}  "
                  f"r={d['radius_km']:.0f} km p{d['precision']}\n")


def _open_store(args):
    if args.store is None:
        return None
    from gazetteer.store import open_store

    return open_store(args.store)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``mapper`` command."""
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="mapper", description=__doc__.strip() + " Places, incidents and maps "
                                     "from news reports about armed conflict, offline.")
    parser.add_argument("--store", type=Path, default=None,
                        help="gazetteer database file (default: the user cache directory, or $MAPPER_CACHE_DIR)")
    sub = parser.add_subparsers(dest="command", required=True)

    gaz = sub.add_parser("gazetteer", help="build, inspect or extend the offline gazetteer")
    gsub = gaz.add_subparsers(dest="gazetteer_command", required=True)
    p = gsub.add_parser("build", help="build the store from the shipped data and added files")
    p.set_defaults(func=_cmd_gazetteer_build)
    p = gsub.add_parser("info", help="where the store is and what it holds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_gazetteer_info)
    p = gsub.add_parser("add", help="add an overlay (CSV, GeoJSON, GeoPackage) or a GeoNames dump")
    p.add_argument("file", type=Path)
    p.add_argument("--label", help="name of the added source (default: from the file name)")
    p.add_argument("--alternate-names", type=Path, help="GeoNames alternateNamesV2 file (.zip or .txt)")
    p.add_argument("--admin1-codes", type=Path, help="GeoNames admin1CodesASCII.txt")
    p.add_argument("--admin2-codes", type=Path, help="GeoNames admin2Codes.txt")
    p.set_defaults(func=_cmd_gazetteer_add)

    p = sub.add_parser("geocode", help="resolve place names against the gazetteer")
    p.add_argument("query", nargs="+", help="place names, as reports spell them")
    p.add_argument("--country", action="append", help="ISO country code filter (repeatable), e.g. SY")
    p.add_argument("--feature-class", help="GeoNames feature classes to keep, e.g. P or PA")
    p.add_argument("--near", help="prefer places near LAT,LON")
    p.add_argument("--limit", type=int, default=1, help="results per name (default 1)")
    p.add_argument("--json", action="store_true", help="one JSON object per name")
    p.set_defaults(func=_cmd_geocode)

    p = sub.add_parser("extract", help="find and resolve every place the articles name")
    p.add_argument("inputs", nargs="*", help="text, HTML, JSON Lines or CSV files, directories, or - for stdin")
    p.add_argument("--example", action="store_true", help="also read the example articles shipped with the package")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per document (the shape score.py reads)")
    p.add_argument("-o", "--output", help="write JSON Lines to this file (atomically)")
    p.add_argument("--no-ner", action="store_true", help="gazetteer only: no statistical model (fastest)")
    p.add_argument("--country", action="append", help="only places in this country (repeatable)")
    p.add_argument("--text-column", default="text", help="text field of JSON Lines and CSV inputs")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("events", help="ACLED-style incident records from the articles")
    p.add_argument("inputs", nargs="*", help="text, HTML, JSON Lines or CSV files, directories, or - for stdin")
    p.add_argument("--example", action="store_true", help="also read the example articles shipped with the package")
    p.add_argument("-o", "--output", help="write to .csv (ACLED columns), .geojson, .parquet or .gpkg (atomically)")
    p.add_argument("--no-ner", action="store_true", help="gazetteer only: no statistical model (fastest)")
    p.add_argument("--text-column", default="text", help="text field of JSON Lines and CSV inputs")
    p.set_defaults(func=_cmd_events)

    p = sub.add_parser("map", help="a self-contained HTML map of the incidents")
    p.add_argument("inputs", nargs="*", help="articles (as for extract) or incident tables: ACLED CSV export, "
                   "mapper events output, GeoJSON, GeoParquet, GeoPackage")
    p.add_argument("-o", "--output", required=True, help="the HTML file to write (atomically)")
    p.add_argument("--offline", action="store_true",
                   help="basemap drawn from the borders the package ships: the page needs no network")
    p.add_argument("--title", help="page title and summary heading")
    p.add_argument("--basemap", action="append", help="xyzservices provider name (repeatable; default "
                   "Esri.WorldGrayCanvas, OpenStreetMap.Mapnik, Esri.WorldImagery, OpenTopoMap)")
    p.add_argument("--mentions", help="places mentioned to add, a GeoParquet file or folder (mapper run)")
    p.add_argument("--example", action="store_true", help="also map the example articles shipped with the package")
    p.add_argument("--no-ner", action="store_true", help="gazetteer only: no statistical model (fastest)")
    p.add_argument("--text-column", default="text", help="text field of JSON Lines and CSV inputs")
    p.set_defaults(func=_cmd_map)

    p = sub.add_parser("run", help="a corpus in partitions on Dask: GeoParquet, ACLED CSV; resumable")
    p.add_argument("inputs", nargs="+", metavar="CORPUS",
                   help="text, HTML, JSON Lines or CSV files, directories, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUTDIR", required=True,
                   help="output directory (a rerun into it skips the documents already done)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N",
                       help="worker processes of the local Dask cluster (default: one per core)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="use a running Dask cluster, e.g. tcp://host:8786")
    p.add_argument("--partition-size", type=int, default=100, metavar="N",
                   help="documents per partition (default 100)")
    p.add_argument("--no-ner", action="store_true", help="gazetteer only: no statistical model (fastest)")
    p.add_argument("--text-column", default="text", help="text field of JSON Lines and CSV inputs")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("reverse", help="the place nearest to a point")
    p.add_argument("lat", type=float)
    p.add_argument("lon", type=float)
    p.add_argument("--limit", type=int, default=1)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_reverse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``mapper`` command; return its exit status."""
    from gazetteer.exc import GazetteerError

    from mapper.exc import MapperError

    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "limit", 1) is not None and getattr(args, "limit", 1) < 1:
        parser.error("--limit must be at least 1")
    try:
        return args.func(args)
    except (GazetteerError, MapperError) as err:
        print(f"mapper: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
