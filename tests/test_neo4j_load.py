"""``kg load`` into a real Neo4j 5 server (tests/neo4j_fixture.py): schema, counts, idempotence,
incremental loads, failures mid-load, connection errors and the password.

The corpus (../shared/corpus) is built once per session; a second build leaves out one document.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest
from rdflib import Graph

import kg.store.neo4j as kn
from kg.store.projection import PropertyGraph, pg_schema, project
from tests import cypherlint

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DROPPED_DOC = "001_4f6cd11a973eb229.txt"  # the only document with LEADING_ENTERPRISE facts
SECRET = "kg-test-secret-7Qx9-Zr2w"  # a password that must never be printed
EXIT_WITHIN_S = 10.0


# ------------------------------------------------------------------------------------- builds
def built(tmp_path_factory: pytest.TempPathFactory, name: str, drop: str | None = None) -> Path:
    """The corpus built once per session (and shared with test_neo4j_questions.py); the whole
    corpus is the session's build of tests/conftest.py."""
    from kg.build import build

    if drop is None:
        from tests.conftest import corpus_build

        return corpus_build(tmp_path_factory)
    base = tmp_path_factory.getbasetemp() / f"neo4j-{name}"
    out = base / "out"
    if not (out / "graph.ttl").is_file():
        if not CORPUS.is_dir():
            pytest.skip(f"no corpus at {CORPUS}")
        corpus = CORPUS
        if drop:
            corpus = base / "corpus"
            shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns(drop))
            assert not (corpus / drop).exists()
        build(corpus, out)
    return out


def projection(out: Path) -> PropertyGraph:
    g = Graph()
    g.parse(out / "graph.ttl", format="turtle")
    return project(g)


@pytest.fixture(scope="session")
def full_build(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "full")


@pytest.fixture(scope="session")
def partial_build(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "partial", drop=DROPPED_DOC)


@pytest.fixture(scope="session")
def full_pg(full_build) -> PropertyGraph:
    return projection(full_build)


@pytest.fixture(scope="session")
def partial_pg(partial_build) -> PropertyGraph:
    return projection(partial_build)


@pytest.fixture
def loaded_full(neo4j_server, full_build, full_pg):
    """A driver on a database holding exactly the full build: reloaded only when a test changed it
    (the read-only tests share one load)."""
    from tests.neo4j_fixture import wipe_database

    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        constraints = len(driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records)
        if counts(driver) != expected_counts(full_pg) or constraints != len(kn.schema_statements()) - len(
                kn.name_indexes()) or db_keys(driver) != keys(full_pg):
            wipe_database(driver)
            do_load(neo4j_server, full_build)
        yield driver


# ------------------------------------------------------------------------------------- helpers
def do_load(server, source, **kw) -> dict:
    return kn.load(source, server.uri, server.user, server.password, **kw)


def counts(driver: neo4j.Driver) -> dict[str, int]:
    with driver.session() as session:
        return kn.db_counts(session)


def expected_counts(pg: PropertyGraph) -> dict[str, int]:
    """The projection's rows per label and type, zero included, keyed like db_counts."""
    found = pg.counts()
    return {k: found.get(k, 0) for k in kn.count_statements()}


def keys(pg: PropertyGraph) -> dict[str, set[str]]:
    """Node IRIs per label and relationship aids per type."""
    out = {f"node:{label}": {r["iri"] for r in rows} for label, rows in pg.nodes.items()}
    out.update({f"rel:{t}": {r["aid"] for r in rows} for t, rows in pg.rels.items()})
    return {k: out.get(k, set()) for k in kn.count_statements()}


def db_keys(driver: neo4j.Driver) -> dict[str, set[str]]:
    out = {}
    pgs = pg_schema()
    for label in pgs.node_props:
        recs = driver.execute_query(f"MATCH (n:{kn.ident(label)}) RETURN n.iri AS k").records
        out[f"node:{label}"] = {r["k"] for r in recs}
    for t in kn.rel_types(pgs):
        recs = driver.execute_query(f"MATCH ()-[x:{kn.ident(t)}]->() RETURN x.aid AS k").records
        out[f"rel:{t}"] = {r["k"] for r in recs}
    return out


def snapshot(driver: neo4j.Driver) -> tuple[list, list]:
    """Every node and relationship with all their properties, sorted."""
    nodes = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS l, properties(n) AS p").records
    rels = driver.execute_query(
        "MATCH (a)-[x]->(b) RETURN a.iri AS a, type(x) AS t, b.iri AS b, properties(x) AS p").records
    return (sorted(repr((r["l"], sorted(r["p"].items()))) for r in nodes),
            sorted(repr((r["a"], r["t"], r["b"], sorted(r["p"].items()))) for r in rels))


def kg_cli(*args: str, password: str | None, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``kg ARGS`` in a fresh process with NEO4J_PASSWORD set (or unset); also the seconds it took."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return proc, time.monotonic() - t0


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is


# --------------------------------------------------------------------------------------- schema
def test_constraints_and_indexes_come_from_the_ontology(neo4j_server, neo4j_driver, full_build):
    stats = do_load(neo4j_server, full_build)
    pgs = pg_schema()
    constraints = neo4j_driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties").records
    got = {(r["entityType"], r["labelsOrTypes"][0], tuple(r["properties"]), r["type"]) for r in constraints}
    want = {("NODE", label, ("iri",), "UNIQUENESS") for label in pgs.node_props}
    want |= {("RELATIONSHIP", t, ("aid",), "RELATIONSHIP_UNIQUENESS") for t in kn.rel_types(pgs)}
    assert got == want
    assert {r["name"] for r in constraints} == {f"kg_{lbl}_iri" for lbl in pgs.node_props} | {
        f"kg_{t}_aid" for t in kn.rel_types(pgs)}
    indexes = neo4j_driver.execute_query(
        "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, state "
        "WHERE owningConstraint IS NULL AND type <> 'LOOKUP' RETURN *").records
    assert {(r["labelsOrTypes"][0], tuple(r["properties"]), r["type"]) for r in indexes} == {
        (label, ("name",), "RANGE") for label, props in pgs.node_props.items() if "name" in props}
    assert {r["state"] for r in indexes} == {"ONLINE"}
    assert stats["schema"] == {**{f"kg_{lbl}_iri": "constraint" for lbl in pgs.node_props},
                               **{f"kg_{lbl}_name": "index" for lbl, p in pgs.node_props.items() if "name" in p},
                               **{f"kg_{t}_aid": "constraint" for t in kn.rel_types(pgs)}}


def test_ddl_names_are_checked_and_quoted():
    assert kn.ident("IndustryChain") == "`IndustryChain`"
    for bad in ("", "a`b", "City) DETACH DELETE (n", "1abc", "名字", "a b"):
        with pytest.raises(ValueError):
            kn.ident(bad)
    for stmt in kn.loader_statements().values():
        assert "'" not in stmt and '"' not in stmt  # no literal values: everything is a parameter


# --------------------------------------------------------------------------------------- counts
def test_counts_and_keys_equal_the_projection(neo4j_server, neo4j_driver, full_build, full_pg):
    stats = do_load(neo4j_server, full_build)
    want = expected_counts(full_pg)
    assert counts(neo4j_driver) == want
    assert stats["database"] == want
    assert sum(stats["nodes"].values()) + sum(stats["relationships"].values()) == sum(want.values())
    assert stats["created"] == {"nodes": sum(v for k, v in want.items() if k.startswith("node:")),
                                "relationships": sum(v for k, v in want.items() if k.startswith("rel:"))}
    assert db_keys(neo4j_driver) == keys(full_pg)
    # properties arrive with their types: lists, floats, integers
    rec = neo4j_driver.execute_query(
        "MATCH (o:Observation)-[x:ABOUT]->() MATCH (p:Assertion {iri: x.aid}) "
        "RETURN o.value AS v, o.year AS y, p.start AS s, p.confidence AS c LIMIT 1").records[0]
    assert isinstance(rec["v"], float) and isinstance(rec["y"], int) and isinstance(rec["s"], int)
    assert isinstance(rec["c"], float)
    docs = neo4j_driver.execute_query("MATCH (n:City) RETURN n.docs AS d LIMIT 1").records[0]["d"]
    assert isinstance(docs, list) and docs


def test_counts_equal_the_embedded_database(loaded_full, full_build):
    lbdb = full_build / "graph.lbdb"
    if not lbdb.exists():
        pytest.skip("the build has no graph.lbdb (the Ladybug build stage is not registered yet)")
    from kg.store.ladybug import connect
    from kg.store.ladybug import db_counts as ladybug_counts

    with connect(full_build) as db:
        embedded = ladybug_counts(db.run)
    assert counts(loaded_full) == embedded


def test_every_relationship_has_evidence_and_doc(loaded_full):
    neo4j_driver = loaded_full
    rec = neo4j_driver.execute_query(
        "MATCH ()-[x]->() OPTIONAL MATCH (p:Assertion {iri: x.aid}) OPTIONAL MATCH (s:Sentence {iri: p.sentence}) "
        "RETURN count(x) AS n, count(p) AS assertions, "
        "count(CASE WHEN (coalesce(s.text, '') = '' OR coalesce(s.doc, '') = '') "
        "AND p.rule <> 'reference:divisions' THEN 1 END) AS bad").records[0]  # a place's parent: no sentence
    assert rec["n"] > 0 and rec["assertions"] == rec["n"]
    assert rec["bad"] == 0
    docs = {r["d"] for r in neo4j_driver.execute_query(
        "MATCH (s:Sentence) RETURN DISTINCT s.doc AS d").records}
    names = {r["n"] for r in neo4j_driver.execute_query("MATCH (d:Document) RETURN d.name AS n").records}
    assert docs <= names


# ----------------------------------------------------------------------------------- idempotence
def test_loading_twice_changes_nothing(neo4j_server, neo4j_driver, full_build, full_pg):
    do_load(neo4j_server, full_build, batch_size=100)
    before, snap = counts(neo4j_driver), snapshot(neo4j_driver)
    again = do_load(neo4j_server, full_pg, batch_size=37)  # (its projection: not read again)
    assert again["created"] == {"nodes": 0, "relationships": 0}
    assert counts(neo4j_driver) == before
    assert snapshot(neo4j_driver) == snap
    dupes = neo4j_driver.execute_query(
        "MATCH (n) WITH n.iri AS k, count(*) AS c WHERE c > 1 RETURN count(k) AS n").records[0]["n"]
    dupe_rels = neo4j_driver.execute_query(
        "MATCH ()-[x]->() WITH x.aid AS k, count(*) AS c WHERE c > 1 RETURN count(k) AS n").records[0]["n"]
    assert (dupes, dupe_rels) == (0, 0)


def test_a_build_with_one_more_document_adds_its_facts(neo4j_server, neo4j_driver, partial_build,
                                                        partial_pg, full_build, full_pg):
    do_load(neo4j_server, partial_pg)  # the builds' projections (reading a build: the tests above)
    before = counts(neo4j_driver)
    assert before == expected_counts(partial_pg)
    stats = do_load(neo4j_server, full_pg)
    after = counts(neo4j_driver)
    old, new = keys(partial_pg), keys(full_pg)
    # nothing is deleted: the database holds the union; entities the two builds share count once
    assert after == {k: len(old[k] | new[k]) for k in after}
    added = {k: len(new[k] - old[k]) for k in after}
    assert {k: after[k] - before[k] for k in after} == added
    assert stats["created"]["nodes"] == sum(v for k, v in added.items() if k.startswith("node:"))
    assert stats["created"]["relationships"] == sum(v for k, v in added.items() if k.startswith("rel:"))
    # every fact of the added document is there now
    doc_aids = {r["aid"] for rows in full_pg.rels.values() for r in rows if r["doc"] == DROPPED_DOC}
    assert doc_aids and not doc_aids & set().union(*(old[k] for k in old if k.startswith("rel:")))
    found = neo4j_driver.execute_query("MATCH ()-[x]->() MATCH (p:Assertion {iri: x.aid}) "
                                       "MATCH (s:Sentence {iri: p.sentence}) WHERE s.doc = $d RETURN x.aid AS a",
                                       d=DROPPED_DOC).records
    assert {r["a"] for r in found} == doc_aids
    assert after["rel:LEADING_ENTERPRISE"] > before["rel:LEADING_ENTERPRISE"]
    assert after["node:Document"] == before["node:Document"] + 1


# ------------------------------------------------------------------------------ failure mid-load
@pytest.mark.parametrize("how", ["server_rejects", "raise_after_write"])
@pytest.mark.parametrize("phase", ["nodes", "relationships"])
def test_a_failure_mid_load_leaves_only_complete_batches(neo4j_server, neo4j_driver, full_build, full_pg,
                                                         monkeypatch, how, phase):
    batch_size = 40
    node_batches = sum(-(-len(rows) // batch_size) for rows in full_pg.nodes.values())
    fail_at = 5 if phase == "nodes" else node_batches + 4
    calls: list[list[dict]] = []
    real = kn.write_batch

    def flaky(tx, statement, rows):
        calls.append(rows)
        if len(calls) != fail_at:
            return real(tx, statement, rows)
        if how == "server_rejects":  # writes every row, then fails: 1/0 after the eager count
            broken = statement.replace(" RETURN count(*) AS rows", " WITH count(*) AS c RETURN c / 0 AS rows")
            assert broken != statement
            return real(tx, broken, rows)
        real(tx, statement, rows)
        raise RuntimeError("boom after the write")

    monkeypatch.setattr(kn, "write_batch", flaky)
    if how == "server_rejects":
        with pytest.raises(kn.Neo4jError) as err:
            do_load(neo4j_server, full_pg, batch_size=batch_size)
        msg = str(err.value)
        assert msg.startswith(f"load failed at {phase} ") and ", batch " in msg, msg
        assert "\n" not in msg and "ArithmeticError" in msg, msg
    else:
        with pytest.raises(RuntimeError, match="boom"):
            do_load(neo4j_server, full_pg, batch_size=batch_size)
    assert len(calls) == fail_at

    complete = calls[:-1]
    key = "iri" if phase == "nodes" else "aid"
    written_rows = sum(len(b) for b in complete)
    if phase == "nodes":
        total = sum(v for k, v in counts(neo4j_driver).items() if k.startswith("node:"))
        assert total == written_rows
        assert sum(v for k, v in counts(neo4j_driver).items() if k.startswith("rel:")) == 0
    else:
        got = counts(neo4j_driver)
        assert sum(v for k, v in got.items() if k.startswith("node:")) == sum(map(len, full_pg.nodes.values()))
        assert sum(v for k, v in got.items() if k.startswith("rel:")) == written_rows - sum(
            map(len, full_pg.nodes.values()))
    failed = [r[key] for r in calls[-1]]
    prop = "n.iri" if phase == "nodes" else "x.aid"
    pattern = "(n)" if phase == "nodes" else "()-[x]->()"
    left = neo4j_driver.execute_query(f"MATCH {pattern} WHERE {prop} IN $k RETURN count(*) AS c",
                                      k=failed).records[0]["c"]
    assert left == 0, "the failed batch was rolled back as a whole"

    monkeypatch.setattr(kn, "write_batch", real)
    stats = do_load(neo4j_server, full_pg)  # running it again finishes it (in batches of any size)
    assert counts(neo4j_driver) == expected_counts(full_pg)
    assert stats["created"]["nodes"] + stats["created"]["relationships"] == sum(
        map(len, full_pg.nodes.values())) + sum(map(len, full_pg.rels.values())) - written_rows


def test_relationships_whose_endpoint_is_missing_roll_back_their_batch(neo4j_server, neo4j_driver, full_pg):
    rtype = "LOCATED_IN"
    rows = full_pg.rels[rtype][:3]
    pg = PropertyGraph(nodes={k: [] for k in full_pg.nodes}, rels={rtype: rows})
    with pytest.raises(kn.Neo4jError, match="endpoint not in the database"):
        do_load(neo4j_server, pg)
    assert counts(neo4j_driver)[f"rel:{rtype}"] == 0


# ------------------------------------------------------------------------------------- the CLI
def test_cli_loads_and_never_prints_the_password(neo4j_server, neo4j_driver, full_build, full_pg):
    proc, seconds = kg_cli("load", "-o", str(full_build), "--uri", neo4j_server.uri, "--user",
                           neo4j_server.user, "--batch-size", "500", password=neo4j_server.password)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"loaded {full_build} into {neo4j_server.uri}: ")
    assert "relationships" in proc.stderr  # progress
    assert neo4j_server.password not in proc.stdout + proc.stderr
    assert counts(neo4j_driver) == expected_counts(full_pg)
    print(f"kg load of the corpus: {seconds:.1f} s (process)")  # shown with -s / -rP


@pytest.mark.parametrize("case", ["wrong_password", "closed_port", "unresolvable_host", "no_password",
                                  "bad_scheme", "unknown_database", "no_build"])
def test_cli_errors_are_one_line_and_quick(neo4j_server, full_build, tmp_path, case):
    host_port = neo4j_server.uri.split("://", 1)[1]
    uri, password, extra, out = neo4j_server.uri, SECRET, [], full_build
    if case == "closed_port":
        uri = f"bolt://127.0.0.1:{closed_port()}"
    elif case == "unresolvable_host":
        uri = "bolt://nonexistent.invalid:7687"
    elif case == "no_password":
        password = None
    elif case == "bad_scheme":
        uri = f"http://{host_port}"
    elif case == "unknown_database":
        password = neo4j_server.password
        extra = ["--database", "nosuchdb"]
    elif case == "no_build":
        password = neo4j_server.password
        out = tmp_path / "empty"
    proc, seconds = kg_cli("load", "-q", "-o", str(out), "--uri", uri, *extra, password=password)
    assert proc.returncode != 0
    assert seconds < EXIT_WITHIN_S, f"{case} took {seconds:.1f} s"
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("Error: ") and "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert SECRET not in proc.stdout + proc.stderr
    assert neo4j_server.password not in proc.stdout + proc.stderr
    expected = {"wrong_password": "authentication failed", "closed_port": "Connection refused",
                "unresolvable_host": "does not resolve", "no_password": "NEO4J_PASSWORD is not set",
                "bad_scheme": "scheme", "unknown_database": "nosuchdb", "no_build": "no build in"}[case]
    assert expected in lines[0]


def test_wrong_password_with_progress_still_ends_in_one_error_line(neo4j_server, full_build):
    proc, seconds = kg_cli("load", "-o", str(full_build), "--uri", neo4j_server.uri, password=SECRET)
    assert proc.returncode != 0 and seconds < EXIT_WITHIN_S
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("Error")]
    assert len(errors) == 1 and proc.stderr.strip().splitlines()[-1] == errors[0]
    assert SECRET not in proc.stdout + proc.stderr


def test_password_is_scrubbed_from_error_messages(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    msg = kn.scrub(f"server said:\n  bad token {SECRET} for neo4j", "other-secret")
    assert SECRET not in msg and "\n" not in msg and "***" in msg
    err = kn.connection_error(ValueError(f"oops {SECRET}"), "bolt://h:1", "neo4j", SECRET)
    assert SECRET not in str(err)


def test_secure_schemes_go_to_the_driver_unchanged(monkeypatch):
    """neo4j+s:// (Aura) needs no encryption settings of ours: the URI scheme says it all."""
    seen = {}

    def fake_driver(uri, **kwargs):
        seen.update(uri=uri, **kwargs)
        raise neo4j.exceptions.ServiceUnavailable("no network in tests")

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", fake_driver)
    uri = "neo4j+s://xxxx.databases.neo4j.io"
    with pytest.raises(kn.Neo4jError, match="cannot reach Neo4j at neo4j\\+s://xxxx"):
        kn.connect(uri, "neo4j", SECRET)
    assert seen["uri"] == uri
    assert not {"encrypted", "trust", "trusted_certificates", "ssl_context"} & set(seen)
    assert seen["connection_timeout"] <= 5 and seen["connection_acquisition_timeout"] <= 10
    assert seen["auth"] == ("neo4j", SECRET)


def test_help_shows_examples():
    proc, _ = kg_cli("load", "--help", password=None)
    assert proc.returncode == 0
    assert "neo4j+s://xxxx.databases.neo4j.io" in proc.stdout
    assert "NEO4J_PASSWORD" in proc.stdout
    assert "--password" not in proc.stdout


# ------------------------------------------------------------------------------------ the linter
def test_loader_statements_pass_the_neo4j_linter():
    cypherlint.require()
    statements = kn.loader_statements()
    assert any(k.startswith("ddl:") for k in statements) and any(k.startswith("merge:") for k in statements)
    assert cypherlint.errors(statements) == {}
