"""Geocoder accuracy on how reports spell Syrian and Iraqi places (benchmarks/data/spellings.csv).

Usage: python benchmarks/spellings_eval.py [--show-misses]

Each spelling is geocoded with and without the country filter; a hit is the first result
within 10 km of the reference point. See benchmarks/data/SPELLINGS.md for how the list was made.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import time
from pathlib import Path

DATA = Path(__file__).parent / "data" / "spellings.csv"


def km(a, b) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    from gazetteer import GazetteerGeocoder

    rows = list(csv.DictReader(open(DATA, encoding="utf-8")))
    geocoder = GazetteerGeocoder()
    for with_country in (True, False):
        hits, misses, times = 0, [], []
        per_country: dict[str, list[int]] = {}
        for row in rows:
            t = time.perf_counter()
            loc = geocoder.geocode(row["query"], country_codes=row["country"] if with_country else None)
            times.append(time.perf_counter() - t)
            truth = (float(row["lat"]), float(row["lon"]))
            ok = loc is not None and km((loc.latitude, loc.longitude), truth) <= 10
            hits += ok
            per_country.setdefault(row["country"], []).append(ok)
            if not ok:
                got = "nothing" if loc is None else f"{loc.raw['name']} ({loc.raw['country_code']}) " \
                                                   f"{km((loc.latitude, loc.longitude), truth):.0f} km off"
                misses.append(f"{row['query']!r} [{row['expected']}] -> {got}")
        label = "with --country" if with_country else "without country"
        shares = ", ".join(f"{cc} {sum(v)}/{len(v)}" for cc, v in sorted(per_country.items()))
        print(f"{label:16} within 10 km: {hits}/{len(rows)} = {hits / len(rows):.3f}  ({shares}); "
              f"median {statistics.median(times) * 1000:.2f} ms")
        if args.show_misses:
            for m in misses:
                print("   ", m)


if __name__ == "__main__":
    main()
