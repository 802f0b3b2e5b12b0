#!/usr/bin/env python3
"""Train the model shipped in kg/data/model from the union of the shared gold sets.

One deterministic command (same gold, same files): ``python scripts/train_model.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.learned import DEFAULT_MODEL  # noqa: E402
from kg.extract.train import RELATION_THRESHOLD, train_from_files  # noqa: E402

SHARED = ROOT.parent / "shared"
GOLD = [SHARED / "eval" / f for f in ("train_gold.jsonl", "dev_gold.jsonl", "dev_web_gold.jsonl")]
CORPORA = [SHARED / d for d in ("corpus_train", "corpus", "corpus_web")]


def main() -> int:
    t0 = time.time()
    meta = train_from_files(GOLD, CORPORA, DEFAULT_MODEL, say=lambda m: print(m, file=sys.stderr),
                            relation_threshold=RELATION_THRESHOLD)
    size = sum(f.stat().st_size for f in DEFAULT_MODEL.iterdir())
    print(f"{DEFAULT_MODEL}: {meta['documents']} documents, {meta['sentences']} sentences, {meta['pairs']} pairs; "
          f"{size / 1e6:.1f} MB, {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
