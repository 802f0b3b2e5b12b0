"""Build time and output size for text without sentence punctuation (issue 12).

Makes one file of ``--mb`` megabytes (UTF-8) from the sample corpus with every punctuation mark
and line break removed (so no sentence ends and no clause mark to cut at: the splitter falls back
to its fixed width), builds it with ``kg build`` in a subprocess and prints the wall time, the
CPU time, the size of OUT (total and per part) and the sentences of the report. With
``--clauses`` the commas are kept (cuts at clause marks instead of the fixed width).

Usage::

    .venv/bin/python scripts/bench_bad_input.py [--mb 1.0] [--corpus ../shared/corpus] [--clauses]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def unpunctuated(corpus: Path, size: int, keep_commas: bool) -> bytes:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    drop = r"[\s。！？!?；;：:、“”‘’《》（）()\[\]【】…—·\-\"'.]" if keep_commas \
        else r"[\s。！？!?，,；;：:、“”‘’《》（）()\[\]【】…—·\-\"'.]"
    text = re.sub(drop, "", text)
    data = text.encode("utf-8")
    reps = size // len(data) + 1
    return (data * reps)[:size].decode("utf-8", errors="ignore").encode("utf-8")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--clauses", action="store_true", help="keep the commas")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-bad-") as work:
        corpus = Path(work) / "corpus"
        corpus.mkdir()
        data = unpunctuated(args.corpus, int(args.mb * 1_000_000), args.clauses)
        (corpus / "no_punctuation.txt").write_bytes(data)
        out = Path(work) / "out"
        kg = Path(sys.executable).with_name("kg")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run([str(kg), "build", str(corpus), "-o", str(out), "-q"], capture_output=True,
                              text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1) or not out.is_dir():
            sys.exit(f"build failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        parts = {p.name: (folder_size(p) if p.is_dir() else p.stat().st_size) for p in sorted(out.iterdir())}
        doc = report["documents"][0]
        print(f"input      {len(data):,} bytes, {doc['characters']:,} characters, {doc['sentences']:,} sentences"
              f" ({'commas kept' if args.clauses else 'no punctuation at all'})")
        print(f"build      {wall:.1f} s wall, {after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime:.1f}"
              f" s CPU, exit {proc.returncode}")
        print(f"output     {sum(parts.values()) / 1e6:.1f} MB: "
              + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in parts.items()))
        print(f"counts     {report['counts']['entities']} entities, {report['counts']['relations']} relations, "
              f"{report['counts']['triples']:,} triples")
        print("stages     " + ", ".join(f"{k} {v}" for k, v in report["timings_s"].items()))


if __name__ == "__main__":
    main()
