"""Corpus runs on Dask: articles per second with 1 and 2 workers, the speed-up, and peak memory per worker.

Usage: python benchmarks/run_bench.py [--docs 2000] [--repeat 3] [--partition-size 100] [--ner]
                                      [--big 10000] [--workers 1,2]

The corpus is written to a temporary directory as JSON Lines shards of 500 articles: the example
articles shipped with the package and, when present, the four French seed reports
(../shared/seeds), each copy made distinct by a line of its own (so every content key differs; the
names in them repeat, as in a corpus about one region). For each worker count a local cluster is
started (one process per worker, one thread each) and warmed up on a few articles; then, in
each of ``--repeat`` rounds, ``run_corpus`` is timed on each cluster in turn into fresh output
directories (so both see the same background load of a shared machine); the median of
processed / seconds is printed (seconds: the whole run as ``mapper run`` does it with a running
cluster, reading, partitions, GeoParquet parts, manifests, the merged CSV). ``--big N`` runs one
corpus of N articles on 2 workers and prints the peak resident memory of each worker process and of
the client, the rerun's time (everything skipped), and the size of the outputs per 1,000 articles.
Each round starts with a calibration: how many times the work of one pure-Python process two do in
the same time (2.00 on two idle cores), printed with the round's speed-up.
Targets: 2 workers >= 1.7 x 1 worker on 2 cores; <= 2 GB per worker with 10,000 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _texts() -> list[str]:
    from mapper.examples import example_paths

    paths = sorted((SHARED / "seeds").glob("*.txt")) + list(example_paths())
    return [p.read_text(encoding="utf-8") for p in paths]


def _write_corpus(root: Path, count: int, texts: list[str], shard: int = 500) -> Path:
    root.mkdir(parents=True)
    fh = None
    for i in range(count):
        if i % shard == 0:
            if fh:
                fh.close()
            fh = open(root / f"shard-{i // shard:05d}.jsonl", "w", encoding="utf-8")
        text = texts[i % len(texts)].rstrip() + f"\n\n(dépêche n° {i:07d})\n"
        fh.write(json.dumps({"id": f"a{i:07d}", "text": text, "source": "bench"}, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return root


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _spin(n: int = 15_000_000) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - started


def _free_cores() -> float:
    """Calibrate: how many times the work of one process two do in the same time (2.0 on two idle cores)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        one = list(pool.map(_spin, [15_000_000]))[0]
        two = max(pool.map(_spin, [15_000_000, 15_000_000]))
    return 2 * one / two


def _cluster(workers: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    return cluster, Client(cluster, set_as_default=False)


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _measure(counts: list[int], corpus: Path, warm: Path, tmp: Path, args) -> dict[int, dict]:
    """Time run_corpus on one cluster per worker count, the counts taking turns within each round."""
    import contextlib

    from mapper.run import run_corpus

    results: dict[int, dict] = {}
    with contextlib.ExitStack() as stack:
        clients = {}
        for workers in counts:
            started = time.perf_counter()
            cluster, client = _cluster(workers)
            stack.enter_context(cluster)
            clients[workers] = stack.enter_context(client)
            run_corpus([warm], tmp / f"warm-{workers}", client=client, ner=args.ner, progress=False,
                       partition_size=args.partition_size)
            results[workers] = {"ready": time.perf_counter() - started, "rates": [], "seconds": [],
                                "worker_cpu": [], "client_cpu": [], "free": []}
        for r in range(args.repeat):
            free = _free_cores()
            for workers, client in clients.items():
                res = results[workers]
                before, own = client.run(_cpu_seconds), _cpu_seconds()
                summary = run_corpus([corpus], tmp / f"out-{workers}-{r}", client=client, ner=args.ner,
                                     progress=False, partition_size=args.partition_size)
                after = client.run(_cpu_seconds)
                res["client_cpu"].append(_cpu_seconds() - own)
                res["worker_cpu"].append(sum(after[w] - before[w] for w in after))
                res["rates"].append(summary.processed / summary.seconds)
                res["seconds"].append(summary.seconds)
                res["docs"] = summary.processed
                res["free"].append(free)
        for workers, client in clients.items():
            results[workers]["peaks"] = sorted(client.run(_peak_rss_mb).values())
    return results


def _big(count: int, texts: list[str], warm: Path, tmp: Path, args) -> None:
    from mapper.run import run_corpus

    corpus = _write_corpus(tmp / "big", count, texts)
    out = tmp / "big-out"
    cluster, client = _cluster(2)
    with cluster, client:
        run_corpus([warm], tmp / "big-warm", client=client, ner=args.ner, progress=False)
        summary = run_corpus([corpus], out, client=client, ner=args.ner, progress=False,
                             partition_size=args.partition_size)
        peaks = sorted(client.run(_peak_rss_mb).values())
        again = run_corpus([corpus], out, client=client, ner=args.ner, progress=False,
                           partition_size=args.partition_size)
    tables = ("mentions", "incidents", "documents", "_done")
    per_k = {name: _size_mb(out / name) / count * 1000 for name in tables}
    print(f"big corpus, 2 workers: {summary.processed} articles in {summary.seconds:.1f} s = "
          f"{summary.processed / summary.seconds:.1f} articles/s; {summary.partitions} partitions, "
          f"{summary.mentions} mentions, {summary.incidents} incidents ({summary.merged_incidents} merged)")
    print(f"  peak RSS per worker: {', '.join(f'{p:.0f} MB' for p in peaks)}   target <= 2048 MB")
    print(f"  peak RSS of the client (this process): {_peak_rss_mb():.0f} MB")
    print(f"  rerun: {again.skipped} skipped, {again.processed} processed, in {again.seconds:.1f} s")
    print("  outputs per 1,000 articles: " + ", ".join(f"{k} {v:.2f} MB" for k, v in per_k.items())
          + f"; incidents.csv {(out / 'incidents.csv').stat().st_size / 1e6:.2f} MB in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated")
    parser.add_argument("--ner", action="store_true", help="run the spaCy model too (default: gazetteer)")
    parser.add_argument("--big", type=int, default=0, metavar="N", help="also run N articles on 2 workers")
    args = parser.parse_args()
    texts = _texts()
    load = os.getloadavg()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f}; {len(texts)} distinct texts; ner={'on' if args.ner else 'off'}; "
          f"partitions of {args.partition_size}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = _write_corpus(tmp / "corpus", args.docs, texts)
        warm = _write_corpus(tmp / "warm", 20, texts[::-1])
        counts = [int(w) for w in args.workers.split(",")]
        results = _measure(counts, corpus, warm, tmp, args)
        for workers, res in results.items():
            rate = statistics.median(res["rates"])
            print(f"{workers} worker(s): {rate:7.1f} articles/s (min {min(res['rates']):.1f}, "
                  f"max {max(res['rates']):.1f}, n={len(res['rates'])}) on {res['docs']} articles, "
                  f"median {statistics.median(res['seconds']):.1f} s; cluster up and warm in "
                  f"{res['ready']:.1f} s; peak RSS per worker "
                  f"{', '.join(f'{p:.0f}' for p in res['peaks'])} MB", flush=True)
            per_k = 1000 / res["docs"]
            workers_cpu = statistics.median(res["worker_cpu"]) * per_k
            client_cpu = statistics.median(res["client_cpu"]) * per_k
            print(f"    CPU per 1,000 articles: workers {workers_cpu:.1f} s, client and scheduler "
                  f"{client_cpu:.1f} s", flush=True)
        if 1 in results and 2 in results:
            rounds = [(two / one, free) for one, two, free in
                      zip(results[1]["rates"], results[2]["rates"], results[2]["free"], strict=True)]
            ratio = statistics.median(r for r, _ in rounds)
            print(f"speed-up 2 workers / 1 worker: {ratio:.2f} (median of the rounds)   target >= 1.7")
            print("    rounds (speed-up; free cores by a pure-Python calibration, 2.00 when idle): "
                  + ", ".join(f"{r:.2f}; {f:.2f}" for r, f in rounds))
        if args.big:
            _big(args.big, texts, warm, tmp, args)
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
