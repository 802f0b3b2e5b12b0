"""Every shipped Cypher statement is valid Neo4j 5 Cypher, and every shipped query runs on Ladybug.

Checked with Neo4j's own parser (tests/cypherlint.py; install it once with
``npm ci --prefix tests/cypher_lint``): the question files in kg/queries and the statements the
loaders generate (kg.store.ladybug.loader_statements), plus the constraints of the
neo4j-import bundle. Statements that are Ladybug-only by design are excluded by name below, and
a test checks that Neo4j's parser really rejects them (so the exclusions stay honest).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

try:
    import cypherlint
except ImportError:  # tests/ is a package: run from the repository root
    from tests import cypherlint

from kg.queries import runner
from kg.store import ladybug as lb
from kg.store.exports import neo4j_constraints
from kg.store.projection import PropertyGraph, pg_schema

QUERY_FILES = runner.query_files()
# Ladybug-only by design: the shortest-path variants (Neo4j: path*.neo4j.cypher) ...
LADYBUG_ONLY_QUERIES = {"path.ladybug", "path_via_docs.ladybug"}
# ... and the loader's DDL and COPY statements, named "ladybug:…" by loader_statements().
LADYBUG_ONLY_LOADER_PREFIXES = ("ladybug:table:", "ladybug:rel:", "ladybug:copy:")


def portable_statements() -> dict[str, str]:
    out = {f"query:{k}": p.read_text(encoding="utf-8") for k, p in QUERY_FILES.items()
           if k not in LADYBUG_ONLY_QUERIES}
    out.update({f"loader:{k}": v for k, v in lb.loader_statements().items()
                if not k.startswith(LADYBUG_ONLY_LOADER_PREFIXES)})
    out.update({f"constraint:{k}": v for k, v in neo4j_constraints().items()})
    return out


def ladybug_only_statements() -> dict[str, str]:
    out = {f"query:{k}": QUERY_FILES[k].read_text(encoding="utf-8") for k in sorted(LADYBUG_ONLY_QUERIES)}
    out.update({f"loader:{k}": v for k, v in lb.loader_statements().items()
                if k.startswith(LADYBUG_ONLY_LOADER_PREFIXES)})
    return out


# ---------------------------------------------------------------------------------- the linter
def test_portable_statements_pass_neo4j_linter():
    cypherlint.require()
    stmts = portable_statements()
    assert len(stmts) > 50 and any(k.startswith("query:") for k in stmts)
    # neo4j_functions: also reject functions Neo4j does not have (label(), list_contains(), …)
    assert cypherlint.errors(stmts, neo4j_functions=True) == {}


def test_ladybug_only_statements_are_really_not_neo4j():
    cypherlint.require()
    stmts = ladybug_only_statements()
    rejected = cypherlint.errors(stmts)
    assert sorted(rejected) == sorted(stmts)


def test_every_loader_statement_is_classified():
    names = set(lb.loader_statements())
    ladybug = {n for n in names if n.startswith("ladybug:")}
    assert all(n.startswith(LADYBUG_ONLY_LOADER_PREFIXES) for n in ladybug)
    assert {n.split(":")[0] for n in names - ladybug} == {"merge", "count", "set"}


# ---------------------------------------------------------------------------- dialect variants
def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")).strip()


def test_dialect_variants_come_in_pairs_and_differ_only_in_the_shortest_path():
    variants = {k for k in QUERY_FILES if "." in k}
    bases = {k.split(".")[0] for k in variants}
    assert variants == {f"{b}.{d}" for b in bases for d in runner.DIALECTS}
    assert {k for k in variants if k.endswith(".ladybug")} == LADYBUG_ONLY_QUERIES
    for base in bases:
        lady = _strip_comments(QUERY_FILES[f"{base}.ladybug"].read_text(encoding="utf-8"))
        neo = _strip_comments(QUERY_FILES[f"{base}.neo4j"].read_text(encoding="utf-8"))
        # Ladybug: (a)-[:T* ALL SHORTEST 1..6]-(b)   Neo4j: allShortestPaths((a)-[:T*1..6]-(b))
        lady_norm = re.sub(r"\(a\)-\[([^\]]*)\* ALL SHORTEST 1\.\.6\]-\(b\)", r"SP(\1)", lady)
        neo_norm = re.sub(r"allShortestPaths\(\(a\)-\[([^\]]*)\*1\.\.6\]-\(b\)\)", r"SP(\1)", neo)
        assert lady_norm != lady and neo_norm != neo, base
        assert lady_norm == neo_norm, base


def test_runner_picks_the_variant_of_the_dialect():
    assert "ALL SHORTEST" in runner.load("path", "ladybug")
    assert "allShortestPaths" in runner.load("path", "neo4j")
    assert runner.load("region", "ladybug") == runner.load("region", "neo4j")


def test_parameters_ignore_strings_and_comments():
    cypher = "// $not_me\nMATCH (n {iri: $iri}) WHERE n.name = '$no' OR n.x = \"$nor\" RETURN n LIMIT $limit"
    assert runner.parameters(cypher) == ["iri", "limit"]
    assert runner.bind(cypher, {"iri": "x", "limit": 1, "extra": 2}) == {"iri": "x", "limit": 1}
    with pytest.raises(runner.QueryError, match=r"\$limit"):
        runner.bind(cypher, {"iri": "x"})


def test_every_shipped_query_documents_its_parameters():
    for name, path in QUERY_FILES.items():
        text = path.read_text(encoding="utf-8")
        header = "\n".join(line for line in text.splitlines() if line.startswith("//"))
        assert "Parameters:" in header, name
        for p in runner.parameters(text):
            assert f"${p}" in header, (name, p)


# ------------------------------------------------------------------------- runs on Ladybug
K = "https://w3id.org/kg-henan/id/"


def _sample_graph() -> PropertyGraph:
    """A small graph in which every question has something to say."""
    def ent(label, name, aliases=()):
        return {"iri": f"{K}{label}/{name}", "name": name, "aliases": list(aliases), "category": "", "code": "",
                "date": "2023-08" if label == "PolicyDocument" else "", "doc_type": "", "docs": ["d.txt"]}

    e = {
        "prov": ent("Province", "河南省", ["河南"]), "city": ent("City", "郑州市", ["郑州"]),
        "zone": ent("Zone", "郑州航空港经济综合实验区"), "firm": ent("Enterprise", "宇通集团", ["宇通"]),
        "chain": ent("IndustryChain", "新能源汽车产业链"), "ind": ent("Industry", "汽车"),
        "pol": ent("PolicyDocument", "河南省建设制造强省三年行动计划"), "plat": ent("InnovationPlatform", "国家超算郑州中心"),
        "county": ent("County", "新郑市"), "cluster": ent("IndustryCluster", "汽车产业集群"),
        "org": ent("Organization", "河南省工信厅"), "region": ent("Region", "中原城市群"),
    }
    doc = {"iri": f"{K}doc/d", "name": "d.txt", "encoding": "utf-8"}
    obs = {"iri": f"{K}observation/o1", "metric": "工业增加值", "value": 3533.0, "value_text": "3533", "unit": "亿元",
           "year": 2022, "kind": "actual", "evidence": "2022年郑州工业增加值完成3533亿元。", "doc": "d.txt",
           "rule": "t", "confidence": 0.7}
    nodes = {label: [] for label in pg_schema().node_props}
    for x in e.values():
        nodes[x["iri"].split("/")[-2]].append(x)
    nodes["Document"], nodes["Observation"] = [doc], [obs]
    rels = {t: [] for t in pg_schema().rel_endpoints}
    n = 0

    def rel(t, a, b, a_label=None, b_label=None):
        nonlocal n
        n += 1
        rels[t].append({"src": a["iri"], "dst": b["iri"], "src_label": a_label or a["iri"].split("/")[-2],
                        "dst_label": b_label or b["iri"].split("/")[-2], "aid": f"{K}assertion/{n}",
                        "evidence": f"证据句{n}。", "doc": "d.txt", "rule": "t", "confidence": 0.8, "start": 0, "end": 2})

    rel("LOCATED_IN", e["city"], e["prov"])
    rel("LOCATED_IN", e["zone"], e["city"])
    rel("LOCATED_IN", e["county"], e["city"])
    rel("LOCATED_IN", e["firm"], e["zone"])
    rel("LOCATED_IN", e["plat"], e["city"])
    rel("LEADING_ENTERPRISE", e["chain"], e["firm"])
    rel("IN_INDUSTRY", e["firm"], e["ind"])
    rel("PART_OF", e["ind"], e["chain"])
    rel("DEVELOPS", e["city"], e["chain"])
    rel("SUPPORTS", e["pol"], e["chain"])
    rel("SUPPORTS", e["pol"], e["city"])
    rel("ISSUED_BY", e["pol"], e["prov"])
    rel("ABOUT", obs, e["city"], "Observation", "City")
    for x in e.values():
        rel("MENTIONED_IN", x, doc, None, "Document")
    for rows in (*nodes.values(), *rels.values()):
        rows.sort(key=lambda r: (r.get("src", ""), r.get("dst", ""), r["aid"]) if "aid" in r else r["iri"])
    return PropertyGraph(nodes=nodes, rels=rels)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "graph.lbdb"
    lb.create_database(path, _sample_graph())
    with lb.connect(path) as db:
        yield db


PARAMS = {
    "resolve": {"name": "郑州", "limit": 5},
    "chain": {"iri": f"{K}IndustryChain/新能源汽车产业链"},
    "region": {"iri": f"{K}City/郑州市"},
    "observations": {"iri": f"{K}City/郑州市"},
    "policy": {"iri": f"{K}PolicyDocument/河南省建设制造强省三年行动计划"},
    "firm": {"iri": f"{K}Enterprise/宇通集团"},
    "path": {"a": f"{K}Enterprise/宇通集团", "b": f"{K}Province/河南省", "limit": 10},
    "evidence": {"aids": [f"{K}assertion/1", f"{K}assertion/4"]},
    "path_via_docs": {"a": f"{K}Organization/河南省工信厅", "b": f"{K}Region/中原城市群", "limit": 10},
    "names": {}, "graph_nodes": {}, "graph_edges": {},
    "entities": {}, "firm_places": {}, "leading_firms": {},
    "inside": {"iri": f"{K}City/郑州市"}, "tied_to": {"iris": [f"{K}City/郑州市"]},
    "parts": {"iri": f"{K}IndustryChain/新能源汽车产业链"}, "segment_firms": {"iri": f"{K}IndustryChain/新能源汽车产业链"},
    "observations_within": {"iri": f"{K}Province/河南省"},
}


@pytest.mark.parametrize("name", runner.questions())
def test_every_shipped_query_runs_on_ladybug_and_finds_rows(sample_db, name):
    assert name in PARAMS, f"add sample parameters for the new query {name!r}"
    rows = runner.run(sample_db, name, **PARAMS[name])
    assert rows, name
    for row in rows:
        for key in ("evidence", "doc"):
            if key in row:
                assert row[key], (name, row)


def test_region_reaches_firms_through_zones(sample_db):
    rows = runner.run(sample_db, "region", **PARAMS["region"])
    firm = [r for r in rows if r["section"] == "firm"]
    assert firm == [{"section": "firm", "name": "宇通集团", "via": "郑州航空港经济综合实验区",
                     "evidence": "证据句4。", "doc": "d.txt"}]
    assert {r["name"] for r in rows if r["section"] == "zone"} == {"郑州航空港经济综合实验区"}
    assert {r["name"] for r in rows if r["section"] == "contains"} == {"新郑市"}


def test_path_on_ladybug_follows_relations(sample_db):
    rows = runner.run(sample_db, "path", **PARAMS["path"])
    best = rows[0]
    assert [n["name"] for n in best["nodes"]] == ["宇通集团", "郑州航空港经济综合实验区", "郑州市", "河南省"]
    assert [r["_type"] for r in best["rels"]] == ["LOCATED_IN"] * 3
    assert best["rels"][0]["_src"] == best["nodes"][0]["iri"]  # direction is known


def test_queries_ship_with_the_package():
    assert Path(runner.__file__).parent == runner.QUERY_DIR
    assert set(runner.questions()) >= {"resolve", "chain", "region", "policy", "firm", "path"}
