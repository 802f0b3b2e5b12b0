#!/usr/bin/env python3
"""Print a reproducible random sample of a build's entities, for a by-hand junk audit.

    python scripts/audit_sample.py OUT [--n 100] [--seed 10]

The sample is drawn with ``random.Random(seed).sample`` from the rows of ``OUT/facts/entities.csv``
sorted by IRI, so the same build and seed give the same sample. Each line shows the class, the
name and the words around its first occurrence in the text of its first document (``--corpus``).
A person then marks each line: is the name a name of its class (ANNOTATION.md)?
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=10)
    args = ap.parse_args()
    with (args.out / "facts" / "entities.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["id"])
    sample = random.Random(args.seed).sample(rows, min(args.n, len(rows)))
    for k, r in enumerate(sample, 1):
        doc = r["docs"].split("|")[0]
        text = (args.corpus / doc).read_text(encoding="utf-8", errors="replace").replace("\n", "")
        i = text.find(r["name"])
        context = re.sub(r"\s+", "", text[max(0, i - 20):i + len(r["name"]) + 20]) if i >= 0 else ""
        print(f"{k:3d} {r['type']:<18} {r['name']:<24} {context}")
    print(f"# {len(sample)} of {len(rows)} entities, seed {args.seed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
