"""Load speed of the embedded database: bulk COPY vs batched parameterized MERGE.

A synthetic property graph in the project's schema (kg.store.projection.pg_schema): 100,000
nodes over four labels and 1,000,000 relationships over five (type, from, to) pairs, every
relationship with the projection's provenance (aid, evidence, doc, rule, confidence, start, end),
which the database stores as an Assertion node per relationship and a Sentence node per sentence
(997 sentences here). Rates count the graph's rows (its nodes and relationships, 1.1 million);
the tables' rows (with the Assertion and Sentence nodes) are printed beside them.

- COPY: ``kg.store.ladybug.create_database(method="copy")``, the path ``kg build`` uses — the
  input made (pandas DataFrames from 100,000 table rows when pandas is installed, else CSV files;
  ``--csv`` forces the files), COPY per table and pair, counts checked, file checkpointed.
  Reported end to end and for the COPY statements alone, in graph rows per second and in table
  rows per second.
- MERGE: ``merge_load`` (``UNWIND $rows … MERGE``, two MATCH clauses on the primary key) on a
  sample — new nodes and new relationships into the database the COPY made, in batches — and
  extrapolated linearly to the whole graph (MERGE of the whole graph would take far longer than
  this script should; the sample sizes are printed with the result).

Usage::

    .venv/bin/python scripts/bench_load.py [--nodes 100000] [--rels 1000000] [--sample 30000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ladybug  # noqa: E402

from kg.store import ladybug as lb  # noqa: E402
from kg.store.projection import PROVENANCE_LABELS, PropertyGraph, pg_schema  # noqa: E402

K = "https://w3id.org/kg-henan/id/"
LABELS = {"Province": 0.01, "City": 0.09, "Enterprise": 0.30, "Industry": 0.60}
PAIRS = {  # (type, from, to): share of the relationships
    ("DEVELOPS", "City", "Industry"): 0.40,
    ("DEVELOPS", "Province", "Industry"): 0.10,
    ("IN_INDUSTRY", "Enterprise", "Industry"): 0.30,
    ("LEADING_ENTERPRISE", "Industry", "Enterprise"): 0.16,
    ("LOCATED_IN", "Enterprise", "City"): 0.04,
}
SENTENCES = [f"第{i}句：某市大力发展新能源汽车、电子信息和装备制造产业，培育龙头企业{i}家。" for i in range(997)]


def synthetic(n_nodes: int, n_rels: int, seed: int = 7, tag: str = "") -> PropertyGraph:
    rnd = random.Random(seed)
    pgs = pg_schema()
    nodes: dict[str, list[dict]] = {label: [] for label in pgs.node_props}
    for label, share in LABELS.items():
        for i in range(max(1, int(n_nodes * share))):
            name = f"{label}{tag}{i}"
            nodes[label].append({"iri": f"{K}{label}/{name}", "name": name, "aliases": [f"{name}别名"],
                                 "category": "", "code": "", "date": "", "doc_type": "",
                                 "docs": [f"{i % 50:03d}.txt"]})
    rels: dict[str, list[dict]] = {t: [] for t in pgs.rel_endpoints}
    n = 0
    for (rtype, a, b), share in PAIRS.items():
        src, dst = nodes[a], nodes[b]
        for _ in range(int(n_rels * share)):
            n += 1
            ev = SENTENCES[n % len(SENTENCES)]
            start = rnd.randrange(100_000)
            rels[rtype].append({"src": src[rnd.randrange(len(src))]["iri"], "dst": dst[rnd.randrange(len(dst))]["iri"],
                                "src_label": a, "dst_label": b, "aid": f"{K}assertion/{tag}{n:08x}",
                                "evidence": ev, "doc": f"{n % 50:03d}.txt", "rule": "bench", "confidence": 0.8,
                                "start": start, "end": start + 12})
    return PropertyGraph(nodes=nodes, rels=rels)


def sample(graph: PropertyGraph, n_nodes: int, n_rels: int, seed: int = 11) -> PropertyGraph:
    """New nodes (another name space) and new relationships between existing nodes."""
    fresh = synthetic(n_nodes, 0, seed, tag="new")
    rnd = random.Random(seed)
    rels: dict[str, list[dict]] = {t: [] for t in graph.rels}
    pool = [(t, r) for t, rows in graph.rels.items() for r in rows]
    for i, (t, r) in enumerate(rnd.sample(pool, n_rels)):
        rels[t].append(dict(r, aid=f"{r['aid']}-merge{i}"))
    return PropertyGraph(nodes=fresh.nodes, rels=rels)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=30_000, help="relationships (and nodes: 2/3 of it) to MERGE")
    ap.add_argument("--batch", type=int, default=5_000)
    ap.add_argument("--csv", action="store_true", help="COPY from CSV files even when pandas is installed")
    args = ap.parse_args()

    t = time.perf_counter()
    g = synthetic(args.nodes, args.rels)
    counts = g.counts()
    provenance = {f"node:{label}" for label in PROVENANCE_LABELS}
    n_nodes = sum(v for k, v in counts.items() if k.startswith("node:") and k not in provenance)
    n_rels = sum(v for k, v in counts.items() if k.startswith("rel:"))
    n_table_rows = sum(counts.values())
    print(f"synthetic graph: {n_nodes:,} nodes, {n_rels:,} relationships; {n_table_rows:,} table rows with "
          f"the provenance nodes ({time.perf_counter() - t:.1f} s to make)")

    copy_seconds = [0.0]
    real_execute = ladybug.Connection.execute

    def timed(self, query, parameters=None):
        t0 = time.perf_counter()
        try:
            return real_execute(self, query, parameters)
        finally:
            if isinstance(query, str) and query.startswith("COPY "):
                copy_seconds[0] += time.perf_counter() - t0

    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as work:
        db_path = Path(work) / "bench.lbdb"
        ladybug.Connection.execute = timed
        try:
            t = time.perf_counter()
            stats = lb.create_database(db_path, g, frames=False if args.csv else None)
            total = time.perf_counter() - t
        finally:
            ladybug.Connection.execute = real_execute
        n = n_nodes + n_rels
        rows.append(("COPY, end to end (input + COPY + check + write)", f"{n:,}", total, n / total))
        rows.append(("COPY statements alone", f"{n:,}", copy_seconds[0], n / copy_seconds[0]))
        rows.append(("  the same in table rows: end to end", f"{n_table_rows:,}", total, n_table_rows / total))
        rows.append(("  the same in table rows: COPY statements alone", f"{n_table_rows:,}", copy_seconds[0],
                     n_table_rows / copy_seconds[0]))
        print(f"COPY phases (s): {stats['seconds']}; input: {stats.get('copy_from')}; "
              f"file: {db_path.stat().st_size / 2**20:,.0f} MiB")

        s = sample(g, args.sample * 2 // 3, args.sample)
        s_nodes = sum(len(v) for v in s.nodes.values())
        s_rels = sum(len(v) for v in s.rels.values())
        db = lb.LadybugBackend(db_path, read_only=False)
        try:
            t = time.perf_counter()
            lb.merge_load(db.run, PropertyGraph(nodes=s.nodes, rels={k: [] for k in s.rels}), args.batch)
            node_s = time.perf_counter() - t
            t = time.perf_counter()
            lb.merge_load(db.run, PropertyGraph(nodes={k: [] for k in s.nodes}, rels=s.rels), args.batch)
            rel_s = time.perf_counter() - t
            found = lb.db_counts(db.run)
        finally:
            db.close()
        assert sum(v for k, v in found.items() if k.startswith("rel:")) == n_rels + s_rels, "MERGE lost rows"
        rows.append((f"MERGE nodes (sample, batches of {args.batch:,})", f"{s_nodes:,}", node_s, s_nodes / node_s))
        rows.append((f"MERGE relationships (sample, batches of {args.batch:,})", f"{s_rels:,}", rel_s, s_rels / rel_s))
        whole = n_nodes / (s_nodes / node_s) + n_rels / (s_rels / rel_s)
        rows.append(("MERGE, whole graph (extrapolated from the samples)", f"{n:,}", whole, n / whole))

    w = max(len(r[0]) for r in rows)
    print()
    print(f"{'path':<{w}}  {'rows':>10}  {'seconds':>8}  {'rows/s':>10}")
    print(f"{'-' * w}  {'-' * 10}  {'-' * 8}  {'-' * 10}")
    for name, n, sec, rate in rows:
        print(f"{name:<{w}}  {n:>10}  {sec:>8.2f}  {rate:>10,.0f}")
    print(f"\nCOPY is {rows[0][3] / rows[-1][3]:,.0f}x the MERGE rate end to end "
          f"(ladybug {ladybug.__version__}, {len(PAIRS)} relationship pairs, MERGE measured on "
          f"{s_nodes:,} nodes + {s_rels:,} relationships into the {n_nodes:,}-node database)")


if __name__ == "__main__":
    main()
