"""The embedded database (kg/store/ladybug.py): schema, bulk COPY, MERGE, atomicity, backend.

The corpus is built once per session (shared with tests/test_questions.py through the session's
base temporary folder); the other tests use small hand-made property graphs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.queries.runner import QueryError
from kg.store import ladybug as lb
from kg.store.projection import EDGE_PROPS, PropertyGraph, pg_schema, project

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
KGR = "https://w3id.org/kg-henan/id/"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there")


@pytest.fixture(scope="session")
def projection(built) -> PropertyGraph:
    g = Graph()
    g.parse(built / "graph.ttl", format="turtle")
    return project(g)


def dump(path: Path) -> dict:
    """Every node and relationship of a database, sorted: equal dumps mean equal contents."""
    with lb.connect(path) as db:
        nodes = sorted(json.dumps(r["node"], sort_keys=True, ensure_ascii=False)
                       for r in db.run("MATCH (n) RETURN n AS node"))
        rels = sorted(json.dumps([r["src"], r["dst"], {k: v for k, v in r["rel"].items() if k not in ("_src", "_dst")}],
                                 sort_keys=True, ensure_ascii=False)
                      for r in db.run("MATCH (a)-[r]->(b) RETURN a.iri AS src, b.iri AS dst, r AS rel"))
    return {"nodes": nodes, "rels": rels}


def tiny_graph(**overrides) -> PropertyGraph:
    """Two cities, an industry, a document; awkward text on purpose (CSV and list syntax)."""
    def entity(label, name, aliases=(), docs=("a.txt",)):
        return {"iri": f"{KGR}{label}/{name}", "name": name, "aliases": list(aliases), "category": "",
                "code": "", "date": "", "doc_type": "", "docs": list(docs)}

    def rel(src, dst, src_label, dst_label, aid, evidence):
        return {"src": src["iri"], "dst": dst["iri"], "src_label": src_label, "dst_label": dst_label,
                "aid": f"{KGR}assertion/{aid}", "evidence": evidence, "doc": "a.txt", "rule": "test",
                "confidence": 0.5, "start": 1, "end": 3}

    zz = entity("City", "郑州市", aliases=["郑州", "a,b", "[x]", ' "q" ', "it's"])
    ly = entity("City", "洛阳市", aliases=["洛阳"])
    car = entity("Industry", "汽车", aliases=[])
    doc = {"iri": f"{KGR}doc/a", "name": "a.txt", "encoding": "utf-8"}
    nodes = {label: [] for label in pg_schema().node_props}
    nodes.update(City=[ly, zz], Industry=[car], Document=[doc])
    nodes["City"].sort(key=lambda r: r["iri"])
    rels = {t: [] for t in pg_schema().rel_endpoints}
    rels["DEVELOPS"] = [rel(zz, car, "City", "Industry", "1", 'line one\nline "two", with comma')]
    rels["LOCATED_IN"] = [rel(ly, zz, "City", "City", "2", "洛阳、郑州")]
    rels["MENTIONED_IN"] = [rel(zz, doc, "City", "Document", "3", "郑州市\\n 是")]
    nodes.update(overrides.pop("nodes", {}))
    rels.update(overrides.pop("rels", {}))
    return PropertyGraph(nodes=nodes, rels=rels)


# ------------------------------------------------------------------------------------------ schema
def test_ddl_has_every_label_pair_and_typed_property():
    pgs = pg_schema()
    stmts = lb.ddl(pgs)
    for label, props in pgs.node_props.items():
        s = stmts[f"table:{label}"]
        assert s.startswith(f"CREATE NODE TABLE {label}(iri STRING PRIMARY KEY")
        for p, t in props.items():
            assert f"{lb.q(p)} {t}" in s
    for rtype, pairs in pgs.rel_endpoints.items():
        if not pairs:
            continue
        s = stmts[f"rel:{rtype}"]
        assert len(re.findall(r"[(,] FROM |\(FROM ", s)) == len(pairs)
        for a, b in pairs:
            assert f"FROM {a} TO {b}" in s
        assert s.endswith(", aid STRING)")  # the key only: the provenance is in Assertion nodes
    a = stmts["table:Assertion"]
    assert "`end` INT64" in a and "confidence DOUBLE" in a and "sentence STRING" in a  # `end`: a keyword
    assert stmts["table:Sentence"] == "CREATE NODE TABLE Sentence(iri STRING PRIMARY KEY, text STRING, doc STRING)"


def test_keyword_names_are_quoted():
    assert lb.q("end") == "`end`" and lb.q("name") == "name" and lb.q("a b") == "`a b`"


# ----------------------------------------------------------------------------------------- build
@needs_corpus
def test_build_writes_database_and_report(built):
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    store = report["store"]
    assert (built / "graph.lbdb").is_file()
    assert not list(built.glob("graph.lbdb.*")), "no .wal or .partial left beside the database"
    assert store["path"] == "graph.lbdb" and store["method"] == "copy"
    assert store["nodes"] > 100 and store["relationships"] > 100
    assert set(store["seconds"]) >= {"project", "load", "total"}
    assert "load_build" in report["timings_s"]


@needs_corpus
def test_database_counts_equal_projection(built, projection):
    expected = {k: v for k, v in projection.counts().items() if v}
    with lb.connect(built) as db:
        found = {k: v for k, v in lb.db_counts(db.run).items() if v}
    assert found == expected
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    assert report["store"]["tables"] == expected
    assert report["store"]["nodes"] == sum(v for k, v in expected.items() if k.startswith("node:"))
    assert report["store"]["relationships"] == sum(v for k, v in expected.items() if k.startswith("rel:"))


@needs_corpus
def test_every_relationship_has_evidence_and_doc(built):
    with lb.connect(built) as db:
        total = db.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        # every relationship is read from a sentence, but a place's parent from the division data
        joined = db.run("MATCH (a)-[r]->(b) OPTIONAL MATCH (p:Assertion {iri: r.aid}) "
                        "OPTIONAL MATCH (s:Sentence {iri: p.sentence}) "
                        "RETURN r.aid AS aid, p.rule AS rule, s.text AS text, s.doc AS doc")
        docs = {r["name"] for r in db.run("MATCH (d:Document) RETURN d.name AS name")}
        assertions = db.run("MATCH (p:Assertion) RETURN count(p) AS n")[0]["n"]
        sentences = db.run("MATCH (s:Sentence) RETURN count(s) AS n, count(DISTINCT s.text) AS texts")[0]
    assert total > 100 and len(joined) == total == assertions  # one Assertion node per relationship
    # every relationship is read from a sentence, but a place's parent from the division data
    bad = [r for r in joined if r["rule"] != "reference:divisions" and not (r["text"] and r["doc"])]
    assert bad == []
    assert {r["doc"] for r in joined if r["doc"]} <= docs  # every doc cited is a Document node
    # each sentence once, however many facts cite it
    assert sentences["n"] < total / 2
    assert sentences["texts"] >= sentences["n"] - 5  # (the same words in two files: two sentences)


@needs_corpus
def test_alias_list_is_loaded_as_a_list(built):
    with lb.connect(built) as db:
        rows = db.run("MATCH (c:City) WHERE $a IN c.aliases RETURN c.name AS name", {"a": "郑州"})
    assert rows == [{"name": "郑州市"}]


@needs_corpus
def test_loading_is_deterministic(built, projection, tmp_path):
    first = lb.create_database(tmp_path / "a.lbdb", projection)
    second = lb.create_database(tmp_path / "b.lbdb", projection)
    assert first["tables"] == second["tables"]
    assert dump(tmp_path / "a.lbdb") == dump(tmp_path / "b.lbdb") == dump(built / "graph.lbdb")


@needs_corpus
def test_merge_path_gives_the_same_database_as_copy(built, projection, tmp_path):
    stats = lb.create_database(tmp_path / "m.lbdb", projection, method="merge", batch_size=700)
    assert stats["method"] == "merge"
    assert dump(tmp_path / "m.lbdb") == dump(built / "graph.lbdb")


@needs_corpus
def test_copy_from_dataframes_gives_the_same_database_as_csv_files(built, projection, tmp_path):
    stats = lb.create_database(tmp_path / "f.lbdb", projection, frames=True)
    assert stats["copy_from"] == "dataframes"
    assert dump(tmp_path / "f.lbdb") == dump(built / "graph.lbdb")


def test_missing_values_load_alike_from_dataframes_and_csv_files(tmp_path):
    """None is "" in a text column, [] in a list column and NULL in a number column, either way."""
    g = tiny_graph()
    g.nodes["City"][0].update(category=None, aliases=None, docs=[3, "b.txt"])
    rels = dict(g.rels, DEVELOPS=[dict(g.rels["DEVELOPS"][0], start=None, confidence=None)])
    g = PropertyGraph(nodes={k: v for k, v in g.nodes.items() if k not in ("Assertion", "Sentence")}, rels=rels)
    csv = lb.create_database(tmp_path / "c.lbdb", g, frames=False)
    frames = lb.create_database(tmp_path / "f.lbdb", g, frames=True)
    assert (csv["copy_from"], frames["copy_from"]) == ("csv", "dataframes")
    assert dump(tmp_path / "c.lbdb") == dump(tmp_path / "f.lbdb")
    with lb.connect(tmp_path / "f.lbdb") as db:
        city = db.run("MATCH (c:City {iri: $i}) RETURN c.category AS category, c.aliases AS aliases, c.docs AS docs",
                      {"i": g.nodes["City"][0]["iri"]})[0]
        prov = db.run("MATCH (:City)-[r:DEVELOPS]->() MATCH (p:Assertion {iri: r.aid}) "
                      "RETURN p.start AS start, p.confidence AS confidence, p.`end` AS end_")[0]
    assert city == {"category": "", "aliases": [], "docs": ["3", "b.txt"]}
    assert prov == {"start": None, "confidence": None, "end_": 3}


# ------------------------------------------------------------------------------ awkward values
@pytest.mark.parametrize("method", ["copy", "frames", "merge"])
def test_quotes_commas_brackets_and_newlines_survive(tmp_path, method):
    g = tiny_graph()
    if method == "frames":
        lb.create_database(tmp_path / "t.lbdb", g, frames=True)
    else:
        lb.create_database(tmp_path / "t.lbdb", g, method=method)
    with lb.connect(tmp_path / "t.lbdb") as db:
        zz = db.run("MATCH (c:City {iri: $i}) RETURN c.aliases AS aliases, c.docs AS docs",
                    {"i": f"{KGR}City/郑州市"})[0]
        ev = db.run("MATCH (:City)-[r:DEVELOPS]->(:Industry) MATCH (p:Assertion {iri: r.aid}) "
                    "MATCH (s:Sentence {iri: p.sentence}) RETURN s.text AS e, p.`end` AS end_")[0]
        mention = db.run("MATCH ()-[r:MENTIONED_IN]->() MATCH (p:Assertion {iri: r.aid}) "
                         "MATCH (s:Sentence {iri: p.sentence}) RETURN s.text AS e")[0]["e"]
        car = db.run("MATCH (i:Industry) RETURN i.aliases AS aliases")[0]
    assert zz["aliases"] == ["郑州", "a,b", "[x]", ' "q" ', "it's"]
    assert zz["docs"] == ["a.txt"]
    assert ev == {"e": 'line one\nline "two", with comma', "end_": 3}
    assert mention == "郑州市\\n 是"
    assert car["aliases"] == []


def test_merge_twice_changes_nothing(tmp_path):
    g = tiny_graph()
    lb.create_database(tmp_path / "t.lbdb", g)
    before = dump(tmp_path / "t.lbdb")
    db = lb.LadybugBackend(tmp_path / "t.lbdb", read_only=False)
    try:
        lb.merge_load(db.run, g)
        counts = lb.db_counts(db.run)
    finally:
        db.close()
    assert counts["rel:DEVELOPS"] == 1 and counts["node:City"] == 2
    assert dump(tmp_path / "t.lbdb") == before


# ------------------------------------------------------------------------------------ atomicity
def test_failed_load_leaves_no_database(tmp_path):
    good = tiny_graph()
    path = tmp_path / "graph.lbdb"
    lb.create_database(path, good)
    before = dump(path)
    orphan = dict(good.rels["DEVELOPS"][0], dst=f"{KGR}Industry/不存在", aid=f"{KGR}assertion/x")
    broken = tiny_graph(rels={"DEVELOPS": [orphan]})
    with pytest.raises(RuntimeError):  # COPY: the endpoint is not a node
        lb.create_database(path, broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.lbdb"]
    assert dump(path) == before  # the previous database is untouched
    with pytest.raises(RuntimeError):
        lb.create_database(tmp_path / "new.lbdb", broken)
    assert not list(tmp_path.glob("new.lbdb*"))


def test_counts_are_checked_against_the_projection(tmp_path, monkeypatch):
    g = tiny_graph()
    real = lb.copy_load

    def lossy(conn, graph, workdir, pgs=None, **options):  # a loader that silently drops a table
        counts = real(conn, graph, workdir, pgs, **options)
        conn.execute("MATCH (:City)-[r:LOCATED_IN]->(:City) DELETE r")
        return counts

    monkeypatch.setattr(lb, "copy_load", lossy)
    with pytest.raises(lb.StoreError, match="LOCATED_IN"):
        lb.create_database(tmp_path / "t.lbdb", g)
    assert not list(tmp_path.iterdir())


# -------------------------------------------------------------------------------------- backend
def test_backend_rows_nodes_relationships_and_paths(tmp_path):
    lb.create_database(tmp_path / "t.lbdb", tiny_graph())
    with lb.connect(tmp_path / "t.lbdb") as db:
        assert db.dialect == "ladybug"
        node = db.run("MATCH (i:Industry) RETURN i AS n")[0]["n"]
        assert node["_label"] == "Industry" and node["name"] == "汽车" and "_ID" not in node
        row = db.run("MATCH (a:City)-[r:DEVELOPS]->(b) RETURN a, r, b")[0]
        assert row["r"]["_type"] == "DEVELOPS"
        assert (row["r"]["_src"], row["r"]["_dst"]) == (row["a"]["iri"], row["b"]["iri"])
        assert set(EDGE_PROPS) <= set(row["r"])
        with pytest.raises(QueryError, match="(?i)parser"):
            db.run("MATCH (n RETURN n")
        with pytest.raises(QueryError):  # read-only
            db.run("CREATE (:Industry {iri: 'x', name: 'y'})")


def test_connect_without_database_is_a_store_error(tmp_path):
    with pytest.raises(lb.StoreError, match="kg build"):
        lb.connect(tmp_path)


def test_loader_statements_are_named_by_dialect():
    stmts = lb.loader_statements()
    ladybug_only = {k for k in stmts if k.startswith("ladybug:")}
    assert all(stmts[k].startswith(("CREATE NODE TABLE", "CREATE REL TABLE", "COPY ")) for k in ladybug_only)
    portable = {k: v for k, v in stmts.items() if k not in ladybug_only}
    assert all(v.startswith(("UNWIND $rows AS r ", "MATCH ")) for v in portable.values())
    # MERGE of relationships: two MATCH clauses on the primary key, never one comma pattern
    for k, v in portable.items():
        if k.startswith("merge:") and k.count(":") == 2:
            assert v.count("MATCH (") == 2 and "), (" not in v, v
