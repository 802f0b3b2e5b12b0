#!/usr/bin/env python3
"""Extraction speed in MB of text per second of CPU, on corpus folders (default ../shared/corpus).

Measures the per-document stage and the corpus stages (what ``kg.extract`` does: split, tokenize,
recognize, the learned models' decisions, resolution, relations, observations, policies), after
start-up (jieba's dictionary, the lexicon and the model loaded once before timing). Median of 3.

    python scripts/bench_extract.py [CORPUS...] [--rules]

Several folders are read as one corpus (say ../shared/corpus ../shared/corpus_web
../shared/corpus_train for the whole shared text).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.learned import load_model  # noqa: E402
from kg.extract.pipeline import extract  # noqa: E402
from kg.ingest.loader import load_corpus  # noqa: E402


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folders = [Path(a) for a in args] or [ROOT.parent / "shared" / "corpus"]
    model = None if "--rules" in sys.argv else load_model()
    docs = [d for folder in folders for d in load_corpus(folder)]
    corpus = " + ".join(str(f) for f in folders)
    size = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    extract(docs[:1], model=model)  # warm up: dictionaries, automata
    runs = []
    for _ in range(3):
        t = time.process_time()
        extract(docs, model=model)
        runs.append(time.process_time() - t)
    cpu = statistics.median(runs)
    print(f"{corpus}: {size:.3f} MB in {cpu:.2f} s of CPU ({'rules' if model is None else 'model'}): "
          f"{size / cpu:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
