#!/usr/bin/env python3
"""Compare kg's extractor with two baselines on the dev gold: entity P/R/F1 and throughput.

Methods:

- **kg**: the facts export of ``kg build`` (``kg.build.build``, the function the CLI runs).
- **jieba POS**: jieba's part-of-speech tagger (``jieba.posseg.lcut``) with its own dictionary:
  ``ns`` → a place (City if it ends with 市, Province if it ends with 省, else Region), ``nt`` →
  Organization, ``nz`` → Industry.
- **JioNLP lexicon**: JioNLP's dictionary of Chinese administrative divisions
  (``jionlp.china_location_loader``: provinces, cities, counties with their short names) matched
  with Aho-Corasick, longest match first; places only. JioNLP's ``recognize_location`` is not
  used: it loads the jiojio tagger (GPL, ~13 s).

Each baseline writes the contract's four CSV files (relations, observations and policies empty)
into a temporary folder, and ../shared/eval/score.py scores them. A second table scores places
alone, where the lexicon baseline competes on its own ground: predictions restricted to
Province, City, County and Region; precision against the full gold (a place nested in a longer
gold name is excused as the scorer does), recall over the gold places.

Throughput is CPU time (``time.process_time``, best of 3, after a warm-up run that loads
dictionaries and models) over the normalized text of the corpus, in MB of UTF-8 per second:
kg's ``kg.extract.pipeline.extract``, jieba's POS tagging, jieba's plain cut, the lexicon scan.

JioNLP is a dev dependency (``pip install -e '.[dev]'``), used here only, never by kg/.

Usage: .venv/bin/python scripts/compare_baselines.py [--corpus DIR] [--gold JSONL] [--md FILE]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.util
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PLACES = {"Province", "City", "County", "Region"}
HEADERS = {
    "entities.csv": ["id", "type", "name", "aliases", "category", "docs"],
    "relations.csv": ["subject", "subject_type", "predicate", "object", "object_type", "doc", "evidence"],
    "observations.csv": ["subject", "subject_type", "metric", "value", "unit", "year", "kind", "doc", "evidence"],
    "policies.csv": ["title", "date", "issuers", "doc", "evidence"],
}


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("kg_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- exports


def write_export(folder: Path, entities: dict[tuple[str, str], dict]) -> Path:
    """The four CSV files of the contract; only entities.csv has rows."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            if name == "entities.csv":
                for n, ((type_, ent_name), e) in enumerate(sorted(entities.items()), 1):
                    w.writerow([f"e{n}", type_, ent_name, "|".join(sorted(e["aliases"])), "",
                                "|".join(sorted(e["docs"]))])
    return folder


def add(entities: dict, type_: str, name: str, doc: str, aliases: Iterable[str] = ()) -> None:
    e = entities.setdefault((type_, name), {"aliases": set(), "docs": set()})
    e["docs"].add(doc)
    e["aliases"].update(a for a in aliases if a and a != name)


def jieba_pos_entities(docs) -> dict:
    import jieba.posseg

    entities: dict = {}
    for d in docs:
        for pair in jieba.posseg.lcut(d.text):
            word, flag = pair.word.strip(), pair.flag
            if len(word) < 2:
                continue
            if flag == "ns":
                add(entities, "City" if word.endswith("市") else "Province" if word.endswith("省") else "Region",
                    word, d.name)
            elif flag == "nt":
                add(entities, "Organization", word, d.name)
            elif flag == "nz":
                add(entities, "Industry", word, d.name)
    return entities


def jionlp_automaton():
    """Aho-Corasick over JioNLP's province, city and county names and short names."""
    import ahocorasick
    import jionlp

    loc = jionlp.china_location_loader()
    names: dict[str, tuple[str, str, tuple[str, ...]]] = {}  # surface -> (type, full name, aliases)
    rank = {"Province": 0, "City": 1, "County": 2}

    def put(full: str, alias, type_: str) -> None:
        aliases = tuple(a for a in ([alias] if isinstance(alias, str) else alias or []) if a and len(a) >= 2)
        for surface in (full, *aliases):
            old = names.get(surface)
            if old is None or rank[type_] < rank[old[0]]:
                names[surface] = (type_, full, aliases)

    for pv in loc.values():
        put(pv["_full_name"], pv["_alias"], "Province")
        for c, cv in pv.items():
            if c.startswith("_"):
                continue
            put(cv["_full_name"], cv["_alias"], "City")
            for k, kv in cv.items():
                if not k.startswith("_"):
                    put(kv["_full_name"], kv["_alias"], "County")
    auto = ahocorasick.Automaton()
    for surface, value in names.items():
        auto.add_word(surface, (surface, *value))
    auto.make_automaton()
    return auto


def lexicon_matches(auto, text: str) -> list[tuple[int, int, tuple]]:
    """Longest non-overlapping matches, leftmost first among equals."""
    found = [(end - len(v[0]) + 1, end + 1, v) for end, v in auto.iter(text)]
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    used = bytearray(len(text) + 1)
    keep = []
    for s, e, v in found:
        if any(used[s:e]):
            continue
        used[s:e] = b"\x01" * (e - s)
        keep.append((s, e, v))
    return keep


def jionlp_entities(docs, auto) -> dict:
    entities: dict = {}
    for d in docs:
        for _, _, (_surface, type_, full, aliases) in lexicon_matches(auto, d.text):
            add(entities, type_, full, d.name, aliases)
    return entities


def places_only(export: Path, dest: Path) -> Path:
    """A copy of an export with only place entities (and no other facts)."""
    entities: dict = {}
    with open(export / "entities.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["type"] in PLACES:
                e = entities.setdefault((row["type"], row["name"]), {"aliases": set(), "docs": set()})
                e["aliases"].update(a for a in row["aliases"].split("|") if a)
                e["docs"].update(d for d in row["docs"].split("|") if d)
    return write_export(dest, entities)


def places_gold(gold: Path, dest: Path) -> Path:
    with open(gold, encoding="utf-8") as src, open(dest, "w", encoding="utf-8") as out:
        for line in src:
            if line.strip():
                g = json.loads(line)
                g["entities"] = [e for e in g.get("entities", []) if e["type"] in PLACES]
                g["relations"], g["observations"], g["policies"] = [], [], []
                out.write(json.dumps(g, ensure_ascii=False) + "\n")
    return dest


# ---------------------------------------------------------------- throughput


def best_cpu_seconds(fn: Callable[[], object], runs: int = 3) -> float:
    fn()  # warm-up: dictionaries, models, caches
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "dev_gold.jsonl")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    ap.add_argument("--md", type=Path, default=ROOT / "scripts" / "compare_baselines.md")
    args = ap.parse_args(argv)

    import jieba
    import jieba.posseg

    from kg.build import build
    from kg.extract.pipeline import extract
    from kg.ingest.loader import load_corpus

    jieba.setLogLevel(logging.WARNING)
    scorer = load_scorer(args.scorer)
    docs = load_corpus(args.corpus)
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6

    with tempfile.TemporaryDirectory(prefix="kg-baselines-") as tmp_name:
        tmp = Path(tmp_name)
        build(args.corpus, tmp / "kg")
        auto = jionlp_automaton()
        exports = {
            "kg (this extractor)": tmp / "kg" / "facts",
            "jieba POS (ns/nt/nz)": write_export(tmp / "jieba", jieba_pos_entities(docs)),
            "JioNLP location lexicon (places only)": write_export(tmp / "jionlp", jionlp_entities(docs, auto)),
        }
        gold_places = places_gold(args.gold, tmp / "gold_places.jsonl")
        scores, place_scores = {}, {}
        for method, folder in exports.items():
            scores[method] = scorer.score(str(folder), str(args.gold))["entities"].row("entities")
            pf = places_only(folder, tmp / (method.split()[0] + "_places"))
            # precision against the full gold (a place name nested in a longer gold name is excused,
            # a place predicted for a non-place gold name is wrong); recall over the gold places
            prec = scorer.score(str(pf), str(args.gold))["entities"].row("entities")
            rec = scorer.score(str(pf), str(gold_places))["entities"].row("entities")
            p, r = prec[1], rec[2]
            f = 2 * p * r / (p + r) if p + r else 0.0
            place_scores[method] = ("entities", p, r, f, prec[4], prec[5], rec[6], rec[7])

        texts = [d.text for d in docs]
        speed = {
            "kg (this extractor)": best_cpu_seconds(lambda: extract(docs)),
            "jieba POS (ns/nt/nz)": best_cpu_seconds(lambda: [jieba.posseg.lcut(t) for t in texts]),
            "JioNLP location lexicon (places only)": best_cpu_seconds(
                lambda: [lexicon_matches(auto, t) for t in texts]),
            "jieba plain cut (no entities)": best_cpu_seconds(lambda: [jieba.lcut(t) for t in texts]),
        }

    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    lines = [
        f"Entities on `{args.gold.name}` ({len(docs)} documents of `{args.corpus.name}`, {mb:.3f} MB of "
        f"normalized UTF-8 text), {datetime.date.today().isoformat()}, commit {commit}. MB/s: CPU time "
        "(`time.process_time`, best of 3 after a warm-up run).",
        "",
        "| method | entity P | R | F1 | MB/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for method in speed:
        rate = mb / speed[method] if speed[method] > 0 else float("inf")
        if method in scores:
            _, p, r, f, tpp, npred, tpr, ngold = scores[method]
            lines.append(f"| {method} | {p:.3f} ({tpp}/{npred}) | {r:.3f} ({tpr}/{ngold}) | {f:.3f} | {rate:.3f} |")
        else:
            lines.append(f"| {method} | – | – | – | {rate:.3f} |")
    lines += ["", "Places only (predicted Province, City, County, Region; P against the full gold, R over gold places):", "",
              "| method | place P | R | F1 |", "|---|---:|---:|---:|"]
    for method, (_, p, r, f, tpp, npred, tpr, ngold) in place_scores.items():
        lines.append(f"| {method} | {p:.3f} ({tpp}/{npred}) | {r:.3f} ({tpr}/{ngold}) | {f:.3f} |")
    table = "\n".join(lines) + "\n"
    print(table)
    args.md.write_text("# Baselines\n\n" + table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
