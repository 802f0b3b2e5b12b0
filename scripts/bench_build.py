"""Build speed and memory: the sample corpus, and 10x and 50x perturbed copies of it.

Each run is ``kg build`` in a fresh process; wall time, CPU time (user + system, the build's
worker processes included) and peak memory (the largest ``ru_maxrss`` of the build and its
children, from ``os.wait4``) are measured from outside. Scenarios:

- sample: full build without cache into a new OUT (serial and the default workers), warm build (every document
  in the cache, nothing changed: the previous build's database and pages are reused), warm cache
  into a new OUT (readings cached, nothing to reuse), rebuild after editing one of the five
  documents: median of ``--repeat`` runs;
- 10x and 50x: copies of the sample whose city and county names are replaced, per copy, by
  other cities and counties of the division data (so entities grow too); serial vs
  ``--workers 2`` vs ``--dask-local 2``, no cache; the facts of every mode are compared byte for byte.

Usage::

    .venv/bin/python scripts/bench_build.py [--repeat 5] [--scales 10,50] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg.cli"]


def run(args: list[str]) -> dict:
    """One ``kg build`` in a child process: wall s, CPU s, peak MiB."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*KG, "build", *args, "-q"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"kg build {' '.join(args)} failed: {err.strip().splitlines()[-1:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "mib": ru.ru_maxrss / 1024}


def median(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def facts(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "facts").glob("*.csv"))}


def perturbed(sample: Path, dest: Path, copies: int) -> int:
    """``copies`` copies of ``sample``; in copy k every city and county name is replaced by another
    of the division data (the k-th in a fixed rotation). Returns the corpus size in bytes."""
    rows = list(csv.DictReader((ROOT / "kg" / "data" / "divisions.tsv").open(encoding="utf-8"), delimiter="\t"))
    cities = [r for r in rows if r["level"] == "City" and len(r["short"]) >= 2 and r["name"].endswith("市")]
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(sample.glob("*.txt"))}
    named = [c for c in cities if any(c["short"] in t for t in texts.values())]
    others = [c for c in cities if c not in named]
    dest.mkdir(parents=True)
    size = 0
    for k in range(copies):
        swap = {c["short"]: others[(k * len(named) + i) % len(others)]["short"] for i, c in enumerate(named)}
        for name, text in texts.items():
            if k:
                marks = {}
                for i, (a, b) in enumerate(sorted(swap.items(), key=lambda kv: -len(kv[0]))):
                    mark = f"\x00{i}\x00"
                    text = text.replace(a, mark)
                    marks[mark] = b
                for mark, b in marks.items():
                    text = text.replace(mark, b)
            path = dest / f"c{k:03d}_{name}"
            path.write_text(text, encoding="utf-8")
            size += path.stat().st_size
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scales", default="10,50")
    args = ap.parse_args()
    rows: list[tuple] = []
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp:
        work = Path(tmp)
        out = work / "out"
        corpus = work / "sample"
        shutil.copytree(args.corpus, corpus)
        n = args.repeat
        for label, opts in (("sample, serial, no cache", ["--workers", "1", "--no-cache"]),
                            ("sample, default workers, no cache", ["--no-cache"])):
            runs = []
            for _ in range(n):  # a full build: a new OUT each time (no previous build to reuse)
                shutil.rmtree(out, ignore_errors=True)
                runs.append(run([str(corpus), "-o", str(out), *opts]))
            rows.append((label, median(runs)))
        full = rows[-1][1]
        run([str(corpus), "-o", str(out)])  # fills OUT/cache
        rows.append(("sample, warm cache", median([run([str(corpus), "-o", str(out)]) for _ in range(n)])))
        fresh = []
        for i in range(n):
            fresh.append(run([str(corpus), "-o", str(work / f"new{i}"), "--cache", str(out / "cache")]))
            shutil.rmtree(work / f"new{i}")
        rows.append(("sample, warm cache, new OUT", median(fresh)))
        edited = sorted(corpus.glob("*.txt"))[2]
        base = edited.read_text(encoding="utf-8")
        edits = []
        for i in range(n):
            edited.write_text(base + f"\n郑州市大力发展第{i}代氢能产业。\n", encoding="utf-8")
            edits.append(run([str(corpus), "-o", str(out)]))
        edited.write_text(base, encoding="utf-8")
        m = median(edits)
        rows.append((f"sample, one document edited ({m['wall'] / full['wall']:.0%} of a full build)", m))
        html = sum(p.stat().st_size for p in (out / "html").rglob("*") if p.is_file())
        lbdb = (out / "graph.lbdb").stat().st_size
        print(f"sample: html/ {html / 2**20:.1f} MiB, graph.lbdb {lbdb / 2**20:.1f} MiB", flush=True)
        for scale in [int(s) for s in args.scales.split(",") if s]:
            big = work / f"x{scale}"
            size = perturbed(args.corpus, big, scale)
            results = {}
            for mode, opts in (("serial", ["--workers", "1"]), ("--workers 2", ["--workers", "2"]),
                               ("--dask-local 2", ["--dask-local", "2"])):
                o = work / f"out_x{scale}_{mode.strip('-').replace(' ', '')}"
                r = run([str(big), "-o", str(o), "--no-cache", *opts])
                results[mode] = facts(o)
                rows.append((f"{scale}x ({size / 1e6:.1f} MB), {mode}", r))
                print(f"{scale}x {mode}: {r}", flush=True)
            same = all(v == results["serial"] for v in results.values())
            print(f"{scale}x: facts identical across modes: {same}", flush=True)
            if not same:
                raise SystemExit(f"{scale}x: the modes wrote different facts")
            for o in work.glob(f"out_x{scale}_*"):
                shutil.rmtree(o)
    w = max(len(r[0]) for r in rows)
    print(f"\n{'build':<{w}}  {'wall s':>7}  {'CPU s':>7}  {'peak MiB':>8}")
    for label, m in rows:
        print(f"{label:<{w}}  {m['wall']:>7.2f}  {m['cpu']:>7.2f}  {m['mib']:>8.0f}")
    print(f"\n{os.cpu_count()} CPUs; median of {args.repeat} for the sample rows, one run for the larger corpora")
    if load is not None:
        print(f"load average (1, 5, 15 min): before {' '.join(f'{x:.2f}' for x in load)}, "
              f"after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
