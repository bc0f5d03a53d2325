"""Geoparser accuracy on the shared evaluation sets, scored by ../shared/eval/score.py.

Usage: python benchmarks/geoparse_eval.py [--set seeds|gwn|fr-dev|all] [--ner auto|on|off] [--out DIR]

- seeds: the four French reports in ../shared/seeds, gold in ../shared/eval/seeds_gold.json;
- gwn: GeoWebNews, 200 English articles (../shared/eval/en-gwn), recognition precision and
  recall and Acc@161 km of resolution (the published figure for Mordecai 3 is 94.1%);
- fr-dev: 18 French conflict reports written for the project (benchmarks/data/fr-dev, gold built by
  its build_gold.py from OCHA, GeoNames and Wikipedia coordinates; see its SOURCES.md).
Sets whose files are absent are skipped with a note.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATA = Path(__file__).resolve().parent / "data"
SETS = {
    "seeds": (SHARED / "seeds", SHARED / "eval" / "seeds_gold.json"),
    "gwn": (SHARED / "eval" / "en-gwn" / "docs", SHARED / "eval" / "en-gwn" / "gold.json"),
    "fr-dev": (DATA / "fr-dev" / "docs", DATA / "fr-dev" / "gold.json"),
}
KEYS = ["documents", "gold_mentions", "predicted_mentions", "precision", "recall", "f1", "acc_10km", "n_10km",
        "acc_161km", "n_161km", "end_to_end_161km", "median_error_km", "traps_hit", "gold_events",
        "predicted_events", "event_recall_25km", "killed_exact_given_hit", "type_match_given_hit"]


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def evaluate(name: str, ner, out_dir: Path | None) -> dict | None:
    from mapper.extract import extract_records
    from mapper.pipeline import Geoparser

    docs, gold_path = SETS[name]
    if not docs.is_dir() or not gold_path.is_file():
        print(f"{name}: skipped ({docs} or {gold_path} is absent)")
        return None
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    geoparser = Geoparser(ner=ner)
    t = time.perf_counter()
    records = list(extract_records(sorted(docs.glob("*.txt")), geoparser=geoparser))
    seconds = time.perf_counter() - t
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    preds = {r["id"].rsplit("/", 1)[-1]: r for r in records}
    result = _scorer()(gold, preds)
    print(f"== {name} ({len(records)} documents, ner={'on' if geoparser.ner else 'off'}, {seconds:.1f} s)")
    for k in KEYS:
        if k in result:
            print(f"  {k:24} {result[k]}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="all", choices=[*SETS, "all"])
    parser.add_argument("--ner", default="auto", choices=["auto", "on", "off"])
    parser.add_argument("--out", type=Path, help="also write the JSON Lines predictions here")
    args = parser.parse_args()
    ner = {"auto": "auto", "on": True, "off": False}[args.ner]
    for name in (list(SETS) if args.set == "all" else [args.set]):
        evaluate(name, ner, args.out)


if __name__ == "__main__":
    main()
