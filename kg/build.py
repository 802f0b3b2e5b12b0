"""``kg build``: corpus folder → graph.ttl, facts/*.csv, report.json (and the embedded database).

The build is written into a sibling temporary folder and moved into place at the end, so a
failed build never leaves a half-written output folder.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from kg.extract.pipeline import extract
from kg.ingest.loader import load_corpus
from kg.parallel import ReadOptions, build_cache, read_corpus
from kg.rdf.export import write_facts
from kg.rdf.graph import to_rdf, write_turtle
from kg.rdf.shapes import validate

Say = Callable[[str], None]
# Later stages (the embedded database, the HTML views) register here: fn(out_dir, graph, report, say).
POST_BUILD: list[Callable] = []
POST_BUILD.append(__import__("kg.store.ladybug", fromlist=["load_build"]).load_build)  # OUT/graph.lbdb
POST_BUILD.append(__import__("kg.views.site", fromlist=["views"]).views)  # OUT/html pages (kg/views/site.py)


def _check_out(out: Path) -> None:
    """Refuse to replace anything but an earlier build or an empty folder."""
    if not out.exists():
        return
    if not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(out))
    if any(out.iterdir()) and not ((out / "graph.ttl").is_file() or (out / "report.json").is_file()):
        raise FileExistsError(errno.EEXIST, "folder exists and holds no kg build, not replacing it", str(out))


def build(corpus: Path, out: Path, say: Say | None = None, warn: Say | None = None,
          reading: ReadOptions | None = None) -> dict:
    """Build the knowledge graph of ``corpus`` into ``out``; return the report.

    ``reading``: how the per-document stage runs (workers, Dask, cache; :mod:`kg.parallel`)."""
    say = say or (lambda _m: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    def lap(name: str, started: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - started, 3)
        return now

    warnings: list[str] = []

    def on_warn(msg: str) -> None:
        warnings.append(msg)
        if warn:
            warn(msg)

    out = Path(os.path.abspath(out))  # "." and "x/.." get a real name
    _check_out(out)
    docs = load_corpus(corpus, warn=on_warn)
    t = lap("ingest", t0)
    # The temporary folder is made before the slow stages, so an unwritable OUT fails at once.
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    try:
        say(f"read {len(docs)} documents ({sum(len(d.text) for d in docs):,} characters)")
        reading = reading or ReadOptions()
        readings, read_stats = read_corpus(docs, reading, build_cache(out, tmp, reading), say)
        t = lap("read", t)
        ex = extract(docs, progress=say, readings=readings)
        t = lap("extract", t)
        graph = to_rdf(ex, getattr(ex, "extra_mentions", None))
        t = lap("rdf", t)
        say(f"validating {len(graph):,} triples against the SHACL shapes")
        shacl = validate(graph, full=False)  # entity and relation shapes; provenance holds by construction
        t = lap("shacl", t)
        write_turtle(graph, tmp / "graph.ttl")
        counts = write_facts(graph, tmp / "facts")
        t = lap("write", t)
        report = {
            "corpus": str(corpus),
            "documents": [{"name": d.name, "encoding": d.encoding, "characters": len(d.text),
                           "sentences": len(ex.sentences[d.name])} for d in docs],
            "skipped": warnings,
            "counts": {
                "triples": len(graph),
                "entities": len(ex.entities),
                "entities_by_type": dict(sorted(Counter(e.type for e in ex.entities.values()).items())),
                "relations": len(ex.relations),
                "relations_by_predicate": dict(sorted(Counter(r.predicate for r in ex.relations).items())),
                "observations": len(ex.observations),
                "policy_facts": len(ex.policies),
                "facts_csv_rows": counts,
            },
            "shacl": shacl,
            "readings": read_stats,
            "timings_s": timings,
        }
        for stage in POST_BUILD:
            stage(tmp, graph, report, say)
            t = lap(getattr(stage, "__name__", "stage"), t)
        timings["total"] = round(time.perf_counter() - t0, 3)
        (tmp / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if out.exists():
        old = out.with_name(out.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)
    return report
