"""Build an incident map from a large ACLED-shaped CSV and open it in headless Chromium.

Prints the median build time (CSV to HTML file, popups included), the page size, and the time
headless Chromium takes from navigation to the first view drawn (data decoded, layers and controls
built, one animation frame painted). Targets: build <= 10 s, HTML <= 30 MB, first view <= 5 s for
100,000 rows.

    python benchmarks/map_bench.py                 # 100,000 rows, 3 runs
    python benchmarks/map_bench.py --rows 10000 --runs 5

The CSV is synthetic but shaped like an ACLED export: its 31 columns, six event types, dates over
three years, points over the Middle East, and notes of 150 to 400 characters drawn from a
vocabulary of several thousand words, so that they compress about as real prose does.
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapper.incidents.model import ACLED_COLUMNS  # noqa: E402

TYPES = [("Battles", "Armed clash", 0.35), ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.3),
         ("Violence against civilians", "Attack", 0.15), ("Protests", "Peaceful protest", 0.1),
         ("Riots", "Violent demonstration", 0.04), ("Strategic developments", "Looting/property destruction", 0.06)]
REGIONS = [("Syria", 760, 35.0, 38.5, 2.0), ("Iraq", 368, 33.5, 43.5, 2.5), ("Yemen", 887, 15.5, 46.0, 2.0),
           ("Lebanon", 422, 33.9, 35.8, 0.4)]
ACTORS = ["Military Forces of Syria", "SDF: Syrian Democratic Forces", "Islamic State (Syria)",
          "HTS: Hayat Tahrir al Sham", "Military Forces of Turkey", "Civilians (Syria)", "Unidentified Armed Group",
          "Military Forces of Russia", "Police Forces of Iraq", "Houthi Movement", "Protesters (Iraq)",
          "Military Forces of Israel", "Hezbollah", "Coalition Forces", "Rioters (Lebanon)"]


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    weights = [8, 1.5, 2.8, 4.3, 12.7, 2.2, 2, 6.1, 7, 0.2, 0.8, 4, 2.4, 6.7, 7.5, 1.9, 0.1, 6, 6.3, 9.1, 2.8, 1,
               2.4, 0.2, 2, 0.1]
    words = ["the", "of", "and", "in", "a", "to", "was", "were", "by", "on", "near", "killed", "forces", "village",
             "attack", "reported", "clashes", "between", "civilians", "district", "town", "fighters"]
    while len(words) < size:
        words.append("".join(rng.choices(letters, weights, k=rng.randint(3, 10))))
    return words


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    import csv

    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    head = vocab[:22]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(ACLED_COLUMNS)
        for i in range(rows):
            etype, sub, _ = rng.choices(TYPES, [t[2] for t in TYPES])[0]
            country, iso, lat0, lon0, spread = rng.choice(REGIONS)
            lat = round(lat0 + rng.uniform(-spread, spread), 4)
            lon = round(lon0 + rng.uniform(-spread, spread), 4)
            day = rng.randint(0, 3 * 365)
            date = time.strftime("%Y-%m-%d", time.gmtime(1577836800 + day * 86400))
            a1, a2 = rng.sample(ACTORS, 2)
            location = "Location " + str(rng.randint(1, 4000))
            fatalities = rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 8, 13, 40])
            words = []
            target = rng.randint(150, 400)
            while sum(len(w) + 1 for w in words) < target:
                words.append(rng.choice(head) if rng.random() < 0.4 else rng.choice(vocab))
            notes = f"On {date}, {a1} {' '.join(words[:8])} {location} ({country}). " + " ".join(words[8:])
            values = {
                "event_id_cnty": f"X{i}", "event_date": date, "year": date[:4], "time_precision": rng.choice([1, 1, 2]),
                "disorder_type": "Political violence", "event_type": etype, "sub_event_type": sub, "actor1": a1,
                "assoc_actor_1": "", "inter1": 1, "actor2": a2, "assoc_actor_2": "", "inter2": 2, "interaction": 12,
                "civilian_targeting": "", "iso": iso, "region": "Middle East", "country": country,
                "admin1": f"Admin {rng.randint(1, 14)}", "admin2": "", "admin3": "", "location": location,
                "latitude": lat, "longitude": lon, "geo_precision": rng.choice([1, 1, 1, 2, 3]),
                "source": rng.choice(["Reuters", "SOHR", "AFP", "Local media"]), "source_scale": "National",
                "notes": notes, "fatalities": fatalities, "tags": "", "timestamp": 1700000000,
            }
            out.writerow([values[c] for c in ACLED_COLUMNS])


def first_view_seconds(html: Path) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            start = time.perf_counter()
            page.goto(html.as_uri(), wait_until="commit", timeout=120_000)
            page.wait_for_selector("[data-eventmap-ready], [data-eventmap-error]", state="attached", timeout=120_000)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            elapsed = time.perf_counter() - start
            error = page.evaluate("document.querySelector('.folium-map').getAttribute('data-eventmap-error')")
            if error:
                raise RuntimeError(f"the page failed: {error}")
            return elapsed
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="build only")
    args = parser.parse_args()

    from gazetteer.store import open_store
    from mapper.maps import EventMap

    store = open_store()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "acled.csv"
        write_csv(csv_path, args.rows)
        notes_mb = csv_path.stat().st_size / 1e6
        ratio = len(csv_path.read_bytes()) / len(gzip.compress(csv_path.read_bytes(), 6))
        print(f"input: {args.rows:,} rows, CSV {notes_mb:.1f} MB (gzip ratio {ratio:.1f})")
        builds, views = [], []
        html = Path(tmp) / "map.html"
        for _ in range(args.runs):
            t = time.perf_counter()
            EventMap(csv_path, offline=True, store=store).save(html)
            builds.append(time.perf_counter() - t)
            if not args.no_browser:
                views.append(first_view_seconds(html))
        size = html.stat().st_size / 1e6
        print(f"build (CSV to HTML, offline, popups included): median {statistics.median(builds):.2f} s "
              f"over {args.runs} runs {[round(b, 2) for b in builds]}")
        print(f"HTML: {size:.1f} MB")
        if views:
            print(f"first view in headless Chromium: median {statistics.median(views):.2f} s "
                  f"{[round(v, 2) for v in views]}")


if __name__ == "__main__":
    main()
