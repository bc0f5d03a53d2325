"""Gazetteer figures: first build, later start-up, warm geocode latency, resident memory.

Usage: python benchmarks/gazetteer_bench.py [--builds 3] [--starts 7] [--rounds 20]

Each build and each start-up runs in a fresh Python process; medians are printed, with the
spread, since the machine is shared and noisy. Targets: build <= 60 s, start-up <= 1 s,
warm geocode median <= 0.2 ms, resident memory <= 500 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = [
    "Abou Kamal", "Albou Kamal", "Al-Bukamal", "Abu Kamal", "al-Mayadin", "Al-Mayadeen", "Mayadine", "Deir ez-Zor",
    "Deir Ezzor", "Dayr az-Zawr", "Deir el-Zor", "Palmyre", "Tadmor", "Raqqa", "Rakka", "Hassaké", "Al-Hasakah",
    "Al-Hasakeh", "Al-Chaddadi", "Al-Shaddadi", "al Quaryantayn", "al Mohssen", "Damas", "Alep", "Idleb", "Deraa",
    "Qamichli", "Manbij", "Kobané", "al-Tanf", "Mosul", "Mossoul", "Falloujah", "Ramadi", "Kirkouk", "Tikrit",
    "Paris", "London", "Washington", "Moscou", "Téhéran", "Beyrouth", "Amman", "Ankara", "Istanbul", "Homs",
]

_BUILD = """
import json, resource, sys, time
t = time.perf_counter()
from gazetteer.store import build_store
stats = build_store(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t, "places": stats["places"], "names": stats["names"],
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_START = """
import json, sys, time
t = time.perf_counter()
from gazetteer import GazetteerGeocoder
from gazetteer.store import open_store
geocoder = GazetteerGeocoder(store=open_store(sys.argv[1], build=False))
opened = time.perf_counter() - t
geocoder.geocode("Abou Kamal")
print(json.dumps({"open": opened, "first_answer": time.perf_counter() - t}))
"""

_WARM = """
import json, resource, statistics, sys, time
from gazetteer import GazetteerGeocoder
from gazetteer.store import open_store
queries, rounds = json.loads(sys.argv[2]), int(sys.argv[3])
geocoder = GazetteerGeocoder(store=open_store(sys.argv[1], build=False))
for q in queries:
    geocoder.geocode(q)
per_query = {q: [] for q in queries}
for country in (None, "SY"):
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            geocoder.geocode(q, country_codes=country)
            per_query[q].append(time.perf_counter() - t)
all_times = [x for v in per_query.values() for x in v]
with open("/proc/self/status") as fh:
    rss = next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS"))
print(json.dumps({"median_ms": statistics.median(all_times) * 1000,
                  "p90_ms": statistics.quantiles(all_times, n=10)[-1] * 1000,
                  "slowest": sorted(((statistics.median(v) * 1000, q) for q, v in per_query.items()))[-3:],
                  "rss_mb": rss, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} (min {min(values):.3f}, max {max(values):.3f}, n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--starts", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "gazetteer.sqlite")
        builds = []
        for _ in range(args.builds):
            Path(path).unlink(missing_ok=True)
            builds.append(_run(_BUILD, path))
        print(f"store: {builds[-1]['places']:,} places, {builds[-1]['names']:,} names, "
              f"{Path(path).stat().st_size / 2**20:.0f} MB on disk")
        print(f"first build (s)            {_spread([b['seconds'] for b in builds])}   target <= 60")
        print(f"build peak memory (MB)     {_spread([b['maxrss_mb'] for b in builds])}")
        starts = [_run(_START, path) for _ in range(args.starts)]
        print(f"start-up, open (s)         {_spread([s['open'] for s in starts])}   target <= 1")
        print(f"start-up, first answer (s) {_spread([s['first_answer'] for s in starts])}")
        warm = [_run(_WARM, path, json.dumps(QUERIES), str(args.rounds)) for _ in range(3)]
        print(f"warm geocode (ms)          {_spread([w['median_ms'] for w in warm])}   target <= 0.2")
        print(f"warm geocode p90 (ms)      {_spread([w['p90_ms'] for w in warm])}")
        print(f"slowest queries (ms)       {warm[-1]['slowest']}")
        print(f"resident memory (MB)       {_spread([w['rss_mb'] for w in warm])}   target <= 500")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - t0:.0f} s)")
