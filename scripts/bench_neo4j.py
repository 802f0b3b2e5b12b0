"""Benchmark: batched UNWIND … MERGE into Neo4j (the `kg load` statements) beside Ladybug's COPY.

A synthetic graph shaped like the kg property graph: NODES nodes of one label (iri, name) and
RELS relationships of one type between random nodes, with the loader's relationship properties
(aid, evidence, doc, rule, confidence, start, end). For each batch size, the nodes and then the
relationships go into Neo4j with exactly the statements and the transaction function of
kg/store/neo4j.py (``node_statement``, ``rel_statement``, ``write_batch`` in
``session.execute_write``), into a label and a type of their own (``BenchE<size>``,
``BENCH_T<size>``) with the same uniqueness constraints, so runs do not disturb one another.
Relationships: OTHERS rows for every batch size, then the best batch size goes on to RELS rows.
The same graph is then bulk-loaded into a new Ladybug database with
``kg.store.ladybug.create_database(method="copy")`` (CSV files + COPY), the build's path.

Without --uri, the script starts the test server of tests/neo4j_server (Neo4j 5.26 Community,
embedded, 64 MiB page cache) the way tests/neo4j_fixture.py does, with a 2 GiB heap.
With --uri, the password comes from NEO4J_PASSWORD, and the server should be a disposable one.

    .venv/bin/python scripts/bench_neo4j.py                 # writes scripts/bench_neo4j.md
    .venv/bin/python scripts/bench_neo4j.py --rels 200000 --others 50000 --md /tmp/b.md
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kg.store.neo4j as kn  # noqa: E402
from kg.store.projection import EDGE_PROPS  # noqa: E402

NODE_PROPS = {"iri": "STRING", "name": "STRING"}
LABEL, RTYPE = "BenchE", "BENCH_T"


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------- the data
def make_graph(n_nodes: int, n_rels: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    rnd = random.Random(seed)
    nodes = [{"iri": f"https://w3id.org/kg-henan/id/Bench/{i:07d}", "name": f"实体{i}"} for i in range(n_nodes)]
    rels = []
    for i in range(n_rels):
        a, b = rnd.randrange(n_nodes), rnd.randrange(n_nodes)
        start = rnd.randrange(40_000)
        rels.append({"src": nodes[a]["iri"], "dst": nodes[b]["iri"],
                     "aid": f"https://w3id.org/kg-henan/id/assertion/{i:016x}",
                     "evidence": f"第{i}句：实体{a}大力发展实体{b}相关产业，打造千亿级产业集群。",
                     "doc": f"{i % 50:03d}_bench.txt", "rule": "bench", "confidence": 0.8,
                     "start": start, "end": start + 30})
    return nodes, rels


# ------------------------------------------------------------------------------------ the server
@contextlib.contextmanager
def test_server():
    """The test Neo4j server of tests/neo4j_server, started like the pytest fixture does."""
    import tests.neo4j_fixture as fx

    java = shutil.which("java")
    if java is None:
        sys.exit("bench: `java` is not on PATH (or pass --uri)")
    if not fx._artifact_is_fresh():
        mvn = shutil.which("mvn")
        if mvn is None:
            sys.exit("bench: tests/neo4j_server is not built and `mvn` is not on PATH")
        fx._build_server(mvn)
    fx.JVM_OPTIONS = [o if not o.startswith("-Xmx") else "-Xmx2g" for o in fx.JVM_OPTIONS]
    password = secrets.token_hex(12)
    process = fx._ServerProcess(java, fx._free_port(), password)
    try:
        if not process.wait_ready(fx.READY_TIMEOUT_S):
            sys.exit(f"bench: the Neo4j test server did not start:\n{process.output_text()}")
        yield process.uri or f"bolt://127.0.0.1:{process.port}", "neo4j", password
    finally:
        process.stop()


# ------------------------------------------------------------------------------------- Neo4j
def neo4j_schema(session, label: str, rtype: str) -> None:
    session.run(f"CREATE CONSTRAINT {kn.ident(label + '_iri')} IF NOT EXISTS "
                f"FOR (n:{kn.ident(label)}) REQUIRE n.`iri` IS UNIQUE").consume()
    session.run(f"CREATE CONSTRAINT {kn.ident(rtype + '_aid')} IF NOT EXISTS "
                f"FOR ()-[x:{kn.ident(rtype)}]-() REQUIRE x.`aid` IS UNIQUE").consume()
    session.run(kn.AWAIT_INDEXES, {"seconds": 300}).consume()


def merge_rows(session, statement: str, rows: list[dict], batch_size: int) -> float:
    """Seconds to upsert ``rows`` in write transactions of ``batch_size`` rows (kg load's way)."""
    t0 = time.perf_counter()
    for i in range(0, len(rows), batch_size):
        session.execute_write(kn.write_batch, statement, rows[i:i + batch_size])
    return time.perf_counter() - t0


def bench_neo4j(uri: str, user: str, password: str, nodes: list[dict], rels: list[dict], sizes: list[int],
                others: int) -> list[dict]:
    results = []
    driver = kn.connect(uri, user, password)
    try:
        with driver.session() as session:
            for size in sizes:
                label, rtype = f"{LABEL}{size}", f"{RTYPE}{size}"
                neo4j_schema(session, label, rtype)
                secs = merge_rows(session, kn.node_statement(label, NODE_PROPS), nodes, size)
                results.append({"what": "nodes", "size": size, "rows": len(nodes), "seconds": secs})
                log(f"nodes, batch {size:,}: {len(nodes):,} in {secs:.1f} s = {len(nodes) / secs:,.0f}/s")
                part = rels[:others]
                secs = merge_rows(session, kn.rel_statement(rtype, label, label, EDGE_PROPS), part, size)
                results.append({"what": "relationships", "size": size, "rows": len(part), "seconds": secs})
                log(f"relationships, batch {size:,}: {len(part):,} in {secs:.1f} s = {len(part) / secs:,.0f}/s")
            rel_runs = [r for r in results if r["what"] == "relationships"]
            best = max(rel_runs, key=lambda r: r["rows"] / r["seconds"])
            if len(rels) > others:
                size, rtype, label = best["size"], f"{RTYPE}{best['size']}", f"{LABEL}{best['size']}"
                rest = rels[others:]
                secs = merge_rows(session, kn.rel_statement(rtype, label, label, EDGE_PROPS), rest, size)
                log(f"relationships, batch {size:,}: {len(rest):,} more in {secs:.1f} s = {len(rest) / secs:,.0f}/s")
                results.append({"what": "relationships (rows after the first)", "size": size, "rows": len(rest),
                                "seconds": secs, "after": others})
                results.append({"what": "relationships", "size": size, "rows": len(rels),
                                "seconds": best["seconds"] + secs, "total": True})
            for size in sizes:  # the counts are what was sent
                n = session.run(f"MATCH (n:{kn.ident(LABEL + str(size))}) RETURN count(n) AS n").single()["n"]
                m = session.run(f"MATCH ()-[x:{kn.ident(RTYPE + str(size))}]->() RETURN count(x) AS n").single()["n"]
                want = len(rels) if len(rels) > others and size == best["size"] else min(others, len(rels))
                assert (n, m) == (len(nodes), want), (size, n, m)
            agent = driver.get_server_info().agent
    finally:
        driver.close()
    for r in results:
        r["engine"] = agent
    return results


# ------------------------------------------------------------------------------------ Ladybug
class _TimedConnection:
    """A ladybug.Connection that times its COPY statements (per table)."""

    def __init__(self, conn, node_tables: set[str]):
        self._conn, self._nodes = conn, node_tables
        self.seconds = {"nodes": 0.0, "relationships": 0.0}

    def execute(self, statement, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return self._conn.execute(statement, *args, **kwargs)
        finally:
            if statement.startswith("COPY "):
                table = statement.split()[1].strip("`")
                self.seconds["nodes" if table in self._nodes else "relationships"] += time.perf_counter() - t0

    def __getattr__(self, name):
        return getattr(self._conn, name)


def bench_ladybug(nodes: list[dict], rels: list[dict]) -> list[dict]:
    import ladybug

    import kg.store.ladybug as lb
    from kg.store.projection import PGSchema, PropertyGraph

    pgs = PGSchema(node_props={LABEL: dict(NODE_PROPS)}, rel_endpoints={RTYPE: [(LABEL, LABEL)]},
                   rel_props=dict(EDGE_PROPS))
    graph = PropertyGraph(nodes={LABEL: nodes},
                          rels={RTYPE: [{**r, "src_label": LABEL, "dst_label": LABEL} for r in rels]})
    timed: list[_TimedConnection] = []
    real_copy_load = lb.copy_load

    def copy_load(conn, *a, **kw):
        timed.append(_TimedConnection(conn, set(pgs.node_props)))
        return real_copy_load(timed[-1], *a, **kw)

    lb.copy_load = copy_load
    try:
        with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
            t0 = time.perf_counter()
            stats = lb.create_database(Path(tmp) / "bench.lbdb", graph, method="copy", pgs=pgs)
            total = time.perf_counter() - t0
    finally:
        lb.copy_load = real_copy_load
    copy = timed[0].seconds
    load = stats["seconds"]["load"]
    log(f"ladybug: {len(nodes):,} nodes + {len(rels):,} relationships, CSV + COPY {load} s "
        f"(COPY nodes {copy['nodes']:.1f} s, COPY relationships {copy['relationships']:.1f} s), all {total:.1f} s")
    engine = f"ladybug {ladybug.__version__}"
    return [
        {"what": "nodes (COPY)", "size": None, "rows": len(nodes), "seconds": copy["nodes"], "engine": engine},
        {"what": "relationships (COPY)", "size": None, "rows": len(rels), "seconds": copy["relationships"],
         "engine": engine},
        {"what": "nodes + relationships (write CSV files + COPY)", "size": None, "rows": len(nodes) + len(rels),
         "seconds": load, "engine": engine,
         "note": f"Ladybug, the whole `create_database` (DDL, CSV files, COPY, count check, checkpoint, "
                 f"rename): {total:.1f} s for {len(nodes):,} nodes and {len(rels):,} relationships"},
    ]


# ----------------------------------------------------------------------------------------- report
def markdown(results: list[dict], args, seconds: float) -> str:
    lines = [
        "# Loading the property graph: Neo4j MERGE batches beside Ladybug COPY",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `scripts/bench_neo4j.py` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()} (whole run {seconds / 60:.1f} min).",
        "",
        f"Synthetic graph: {args.nodes:,} nodes (`iri`, `name`), {args.rels:,} relationships between random "
        "nodes with the loader's properties (`aid`, `evidence` ~30 CJK characters, `doc`, `rule`, "
        "`confidence`, `start`, `end`).",
        "Neo4j: `kg load`'s own statements (`UNWIND $rows AS r MERGE (n:L {iri: r.iri}) SET …`; "
        "`UNWIND $rows AS r MATCH (a:L {iri: r.src}) MATCH (b:L {iri: r.dst}) MERGE (a)-[x:T {aid: r.aid}]->(b) "
        "SET …`), one `session.execute_write` per batch, uniqueness constraints on `iri` and `aid` in place, "
        "a label and a type per batch size on an initially empty database.",
        f"Relationships: the first {args.others:,} rows at every batch size, then the best batch size "
        f"continues to {args.rels:,} rows (its last row of the table).",
        "Ladybug: `kg.store.ladybug.create_database(method=\"copy\")` into a new file: CSV files, then "
        "`COPY` (the build's path); the COPY rows time the COPY statements alone, the last Ladybug row "
        "also the writing of the CSV files from the projection's rows.",
        "",
        "| engine | what | batch size | rows | seconds | rows per second |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        size = f"{r['size']:,}" if r.get("size") else "—"
        what = r["what"] + (" (all, to the full count)" if r.get("total") else "")
        if r.get("after"):
            what = f"relationships {r['after']:,}–{r['after'] + r['rows']:,}"
        lines.append(f"| {r['engine']} | {what} | {size} | {r['rows']:,} | {r['seconds']:.1f} | "
                     f"{r['rows'] / r['seconds']:,.0f} |")
    notes = [r["note"] for r in results if r.get("note")]
    lines += ["", *[f"- {n}" for n in notes]]
    lines += [
        "- The test server runs with a 64 MiB page cache (set by tests/neo4j_server) and a 2 GiB heap; a "
        "production server with the store in its page cache does better on large loads.",
        "- Other processes shared the machine's cores during the run; the ratios matter more than the "
        "absolute numbers.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=1_000_000, help="relationships for the best batch size")
    ap.add_argument("--others", type=int, default=200_000, help="relationships for the other batch sizes")
    ap.add_argument("--batch-sizes", default="1000,5000,20000")
    ap.add_argument("--uri", help="an existing, disposable Neo4j server (password in NEO4J_PASSWORD)")
    ap.add_argument("--user", default="neo4j")
    ap.add_argument("--md", type=Path, default=ROOT / "scripts" / "bench_neo4j.md")
    args = ap.parse_args()
    args.others = min(args.others, args.rels)
    sizes = [int(s) for s in args.batch_sizes.split(",")]
    t0 = time.perf_counter()
    nodes, rels = make_graph(args.nodes, args.rels)
    log(f"generated {len(nodes):,} nodes and {len(rels):,} relationships ({time.perf_counter() - t0:.1f} s)")
    results = bench_ladybug(nodes, rels)
    if args.uri:
        results = bench_neo4j(args.uri, args.user, kn.password_from_env(), nodes, rels, sizes, args.others) + results
    else:
        with test_server() as (uri, user, password):
            log(f"started the test server at {uri}")
            results = bench_neo4j(uri, user, password, nodes, rels, sizes, args.others) + results
    text = markdown(results, args, time.perf_counter() - t0)
    args.md.write_text(text, encoding="utf-8")
    print(text)
    log(f"wrote {args.md} ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
