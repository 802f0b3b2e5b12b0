#!/usr/bin/env python3
"""Document-level k-fold cross-validation of the extractor over the union of the shared gold sets.

No document is in both a training and a test fold. For each fold a model is trained on the other
folds' gold, the test documents are extracted and their facts scored by the shared scorer
(``score.py``) against the test documents' gold; counts are summed over folds (micro) and P/R/F1
reported per kind, with the macro F1 over entities, relations, observations and policies.

Modes (the ablation): ``rules`` (no model), ``learned`` (models trained without the rules'
outputs as features), ``both`` (the shipped configuration).

    python scripts/crossval.py                      # 5 folds, all modes, markdown table
    python scripts/crossval.py --modes both --thresholds 0.3,0.4,0.5,0.6
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.document import decide  # noqa: E402
from kg.extract.gold import read_gold  # noqa: E402
from kg.extract.learned import load_model  # noqa: E402
from kg.extract.pipeline import extract  # noqa: E402
from kg.extract.train import load_training, train_model  # noqa: E402
from kg.ingest.loader import load_corpus  # noqa: E402
from kg.rdf.export import write_facts  # noqa: E402
from kg.rdf.graph import to_rdf  # noqa: E402

SETS = (("train_gold.jsonl", "corpus_train"), ("dev_gold.jsonl", "corpus"), ("dev_web_gold.jsonl", "corpus_web"))
KINDS = ("entities", "relations", "observations", "policies")


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("kg_score", eval_dir / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def folds_of(names_by_set: list[list[str]], k: int) -> list[list[str]]:
    """Round-robin over each gold set's sorted documents, so every fold holds each kind of text."""
    folds: list[list[str]] = [[] for _ in range(k)]
    n = 0
    for names in names_by_set:
        for name in sorted(names):
            folds[n % k].append(name)
            n += 1
    return folds


def score_docs(scorer, ex, docs: list[str], gold_lines: list[str], work: Path) -> dict:
    out = work / "facts"
    write_facts(to_rdf(ex, ex.first_mentions), out)
    gold = work / "gold.jsonl"
    gold.write_text("".join(gold_lines), encoding="utf-8")
    tallies = scorer.score(str(out), str(gold))
    return {k: (tallies[k].tp_p, tallies[k].n_pred, tallies[k].tp_r, tallies[k].n_gold) for k in KINDS}


def table(totals: dict) -> dict:
    rows = {}
    for k in KINDS:
        tpp, npred, tpr, ngold = totals[k]
        p = tpp / npred if npred else 0.0
        r = tpr / ngold if ngold else 0.0
        rows[k] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    rows["macro"] = sum(rows[k][2] for k in KINDS) / 4
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--modes", default="rules,learned,both")
    ap.add_argument("--thresholds", default="0.5")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--keep", type=Path, help="keep each fold's facts and gold here (to read the misses)")
    ap.add_argument("--rule-threshold", type=float)
    ap.add_argument("--span-thresholds", default="",
                    help="keep a rule's span the CRF left out at these mean probabilities, e.g. 0.2,0.4")
    ap.add_argument("--params", default="", help="crfsuite overrides, e.g. m.c2=0.1,r.c2=1")
    args = ap.parse_args()
    from kg.extract import train as T

    for item in filter(None, args.params.split(",")):
        key, value = item.split("=")
        which, name = key.split(".", 1)
        (T.MENTION_PARAMS if which == "m" else T.RELATION_PARAMS)[name] = float(value)
    scorer = load_scorer(args.eval)
    passages, documents, lines_by_doc, names_by_set = [], {}, {}, []
    for gold_file, corpus in SETS:
        ps = read_gold(args.eval / gold_file)
        passages += ps
        for doc in load_corpus(args.eval.parent / corpus):
            documents.setdefault(doc.name, doc)
        with open(args.eval / gold_file, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    lines_by_doc.setdefault(json.loads(line)["doc"], []).append(line)
        names_by_set.append(sorted({p.doc for p in ps}))
    t0 = time.time()
    ts = load_training(passages, documents, lambda m: print(m, file=sys.stderr))
    folds = folds_of(names_by_set, args.folds)
    taus = [float(x) for x in args.thresholds.split(",")]
    spans = [float(x) for x in args.span_thresholds.split(",")] if args.span_thresholds else [None]
    # each setting: (span threshold, relation threshold); the rules alone have one
    settings = [(sp, tau) for sp in spans for tau in taus]
    results = {}
    for mode in args.modes.split(","):
        runs = settings if mode != "rules" else settings[:1]
        totals = {st: {k: [0, 0, 0, 0] for k in KINDS} for st in runs}
        for i, test in enumerate(folds):
            train = [d for j, f in enumerate(folds) if j != i for d in f]
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                model = None
                if mode != "rules":
                    train_model(ts, train, work / "model", rule_features=(mode == "both"))
                    model = load_model(work / "model")
                    if args.rule_threshold is not None:
                        model.meta["rule_threshold"] = args.rule_threshold
                docs = [documents[d] for d in test]
                for sp in dict.fromkeys(st[0] for st in runs):
                    if model and sp is not None:
                        model.meta["span_threshold"] = sp
                    readings = [decide(ts.readings[d], model) if model else ts.readings[d] for d in test]
                    for st in [st for st in runs if st[0] == sp]:
                        if model:
                            model.meta["relation_threshold"] = st[1]
                        ex = extract(docs, model=model, readings=readings)
                        got = score_docs(scorer, ex, test, [ln for d in test for ln in lines_by_doc[d]], work)
                        if args.keep:
                            import shutil

                            dest = args.keep / f"{mode}-{st[1]}-s{st[0]}-fold{i + 1}"
                            shutil.rmtree(dest, ignore_errors=True)
                            shutil.copytree(work, dest, ignore=shutil.ignore_patterns("model"))
                        for k in KINDS:
                            for n in range(4):
                                totals[st][k][n] += got[k][n]
            print(f"{mode}: fold {i + 1}/{len(folds)} done ({time.time() - t0:.0f} s)", file=sys.stderr)
        for st in runs:
            key = mode
            if mode != "rules" and len(taus) > 1:
                key += f"@{st[1]}"
            if mode != "rules" and len(spans) > 1:
                key += f"/span{st[0]}"
            results[key] = table(totals[st])
    print("| mode | entities P/R/F1 | relations P/R/F1 | observations P/R/F1 | policies P/R/F1 | macro F1 |")
    print("|---|---|---|---|---|---|")
    for key, rows in results.items():
        cells = " | ".join("{:.3f}/{:.3f}/{:.3f}".format(*rows[k]) for k in KINDS)
        print(f"| {key} | {cells} | {rows['macro']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
