"""The questions on Neo4j give the same rows as on the embedded database.

The corpus build (shared with test_neo4j_load.py) is loaded once into the test server with
``kg.store.neo4j.load``; each question (``kg.queries.questions`` and the ``kg`` commands with
``--uri``) and every shipped ``kg/queries/*.cypher`` file then runs on both backends, and the rows
are compared as sets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg.store.neo4j as kn
from kg.queries import questions as Q
from kg.queries import runner
from kg.store.projection import PropertyGraph
from tests.neo4j_fixture import wipe_database
from tests.test_neo4j_load import ROOT, SECRET, built, projection

pytestmark = pytest.mark.neo4j


# ------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    out = built(tmp_path_factory, "full")
    if not (out / "graph.lbdb").exists():
        pytest.skip("the build has no graph.lbdb (the embedded database stage is not registered)")
    return out


@pytest.fixture(scope="module")
def pg(build) -> PropertyGraph:
    return projection(build)


@pytest.fixture(scope="module")
def neo4j_loaded(neo4j_server, build):
    """The test server holding exactly the build (emptied first), NEO4J_PASSWORD set."""
    import neo4j

    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        wipe_database(driver)
    t0 = time.monotonic()
    stats = kn.load(build, neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    print(f"loaded the corpus into Neo4j in {time.monotonic() - t0:.1f} s: {stats['seconds']}")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEO4J_PASSWORD", neo4j_server.password)
        yield neo4j_server


@pytest.fixture(scope="module")
def embedded(build):
    from kg.store.ladybug import connect

    with connect(build) as db:
        yield db


@pytest.fixture(scope="module")
def server(neo4j_loaded):
    with kn.Neo4jBackend(neo4j_loaded.uri, neo4j_loaded.user) as backend:
        yield backend


# --------------------------------------------------------------------- entities the corpus has
def _names(pg: PropertyGraph) -> dict[str, tuple[str, str]]:
    """iri → (label, name) of every entity."""
    return {r["iri"]: (label, r["name"]) for label, rows in pg.nodes.items() if label not in
            ("Document", "Observation", "Assertion", "Sentence") for r in rows}


def _best(pg: PropertyGraph, rtype: str, end: str, labels: tuple[str, ...] | None = None) -> str:
    """``Label:name`` of the entity at ``end`` ("src"/"dst") of most ``rtype`` relationships."""
    names = _names(pg)
    tally: dict[str, int] = {}
    for r in pg.rels.get(rtype, []):
        iri = r[end]
        if iri in names and (labels is None or names[iri][0] in labels):
            tally[iri] = tally.get(iri, 0) + 1
    if not tally:
        pytest.skip(f"the build has no {rtype} relationships")
    iri = min(tally, key=lambda i: (-tally[i], names[i][1], i))
    label, name = names[iri]
    return f"{label}:{name}"


def _named(pg: PropertyGraph, label: str, name: str) -> str:
    if not any(r["name"] == name for r in pg.nodes.get(label, [])):
        pytest.skip(f"the extractor found no {label} {name}")
    return f"{label}:{name}"


CASES = {
    # question → function of the projection giving its arguments
    "region:河南省": ("region", lambda pg: (_named(pg, "Province", "河南省"),)),
    "region:郑州市": ("region", lambda pg: (_named(pg, "City", "郑州市"),)),
    "region:郑州 (alias)": ("region", lambda pg: (_named(pg, "City", "郑州市") and "郑州",)),
    "chain:with a leading firm": ("chain", lambda pg: (_best(pg, "LEADING_ENTERPRISE", "src"),)),
    "chain:most developed": ("chain", lambda pg: (_best(pg, "DEVELOPS", "dst", Q.SECTOR),)),
    "firm:leading": ("firm", lambda pg: (_best(pg, "LEADING_ENTERPRISE", "dst"),)),
    "firm:located": ("firm", lambda pg: (_best(pg, "LOCATED_IN", "src", Q.FIRM),)),
    "policy:issued": ("policy", lambda pg: (_best(pg, "ISSUED_BY", "src"),)),
    "policy:supporting": ("policy", lambda pg: (_best(pg, "SUPPORTS", "src"),)),
    "path:firm-province": ("path", lambda pg: (_best(pg, "LEADING_ENTERPRISE", "dst"),
                                               _named(pg, "Province", "河南省"))),
    "path:policy-city": ("path", lambda pg: (_best(pg, "SUPPORTS", "src"), _named(pg, "City", "郑州市"))),
}


def _rows(rows: list[dict]) -> set[str]:
    return {json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in rows}


# ------------------------------------------------------------------------------------ the API
@pytest.mark.parametrize("case", sorted(CASES))
def test_question_gives_the_same_rows_on_both(case, pg, embedded, server):
    question, args_of = CASES[case]
    args = args_of(pg)
    ask = {**Q.ASK, "path": Q.path}[question]
    a, b = ask(embedded, *args), ask(server, *args)
    assert (a.entity.iri, a.note, a.columns) == (b.entity.iri, b.note, b.columns)
    if a.other is not None:
        assert a.other.iri == b.other.iri
    assert _rows(a.rows) == _rows(b.rows)
    assert len(a.rows) == len(b.rows)
    assert a.rows, f"{case}: {args} gives no rows: the comparison would prove nothing"
    for r in a.rows:
        # a path may step along the division data's locatedIn (reference facts): no sentence there
        reference = r.get("section") == "hop" and r.get("relation", "").endswith("LOCATED_IN->")
        assert (r["evidence"] and r["doc"]) or reference, r


VERB_CASES = {
    # the analyst's verbs (kg.queries.verbs) and the name search: name → (function, args, kwargs)
    "search:氢能": ("search_all", ("氢能",), {}),
    "list:chains": ("list_entities", ("chains",), {}),
    "list:firms in 郑州": ("list_entities", ("firms", "郑州"), {}),
    "list:industries in 河南": ("list_entities", ("industries", "河南"), {}),
    "compare:郑州 洛阳": ("compare", (["郑州", "洛阳"],), {}),
    "figures:河南 工业增加值": ("figures", ("河南",), {"metric": "工业增加值"}),
    "figures:郑州": ("figures", ("郑州",), {}),
    "gaps:装备制造 in 郑州": ("gaps", ("装备制造", "郑州"), {}),
}
MULTI_CASES = {  # questions a typed name answers for several entities, and the region rollup
    "chain:氢能": ("chain", ("氢能",), {}),
    "chain:新能源车": ("chain", ("新能源车",), {}),
    "policy:制造业高质量发展规划": ("policy", ("制造业高质量发展规划",), {}),
    "region:郑州 no rollup": ("region", ("郑州",), {"rollup": False}),
}


@pytest.mark.parametrize("case", sorted(VERB_CASES))
def test_verb_gives_the_same_rows_on_both(case, embedded, server):
    from kg.queries import verbs

    fn, args, kwargs = VERB_CASES[case]
    a, b = (getattr(verbs, fn)(backend, *args, **kwargs) for backend in (embedded, server))
    assert (a.title, a.note, a.columns) == (b.title, b.note, b.columns)
    assert [e.iri for e in a.entities] == [e.iri for e in b.entities]
    assert a.rows == b.rows  # the same rows in the same order
    assert a.rows, f"{case} gives no rows: the comparison would prove nothing"


@pytest.mark.parametrize("case", sorted(MULTI_CASES))
def test_typed_names_give_the_same_rows_on_both(case, embedded, server):
    fn, args, kwargs = MULTI_CASES[case]
    ask = getattr(Q, fn)
    a, b = (ask(backend, *args, **kwargs) for backend in (embedded, server))
    assert ([e.iri for e in a.entities], a.note, a.columns) == ([e.iri for e in b.entities], b.note, b.columns)
    assert a.rows == b.rows and a.rows


def test_knowledge_graph_api_on_neo4j(build, neo4j_loaded):
    from kg import KnowledgeGraph

    with KnowledgeGraph.open(build) as lb, KnowledgeGraph.open(build, uri=neo4j_loaded.uri,
                                                               user=neo4j_loaded.user) as nj:
        assert (lb.dialect, nj.dialect) == ("ladybug", "neo4j")
        q = "MATCH (c:City) RETURN c.name AS city, c.aliases AS aliases ORDER BY city"
        assert _frame_rows(lb.cypher(q)) == _frame_rows(nj.cypher(q))
        assert _frame_rows(lb.region("郑州")) == _frame_rows(nj.region("郑州"))
        g1, g2 = lb.to_networkx(), nj.to_networkx()
        assert (g1.number_of_nodes(), g1.number_of_edges()) == (g2.number_of_nodes(), g2.number_of_edges())
        assert set(g1.nodes) == set(g2.nodes)


def _frame_rows(frame) -> set[str]:
    rows = frame.to_dict("records") if hasattr(frame, "to_dict") else frame
    return _rows(rows)


# ------------------------------------------------------------------------------ shipped .cypher
def _params(pg: PropertyGraph) -> dict:
    names = {name: iri for iri, (_label, name) in _names(pg).items()}
    province = names.get("河南省") or next(iter(names.values()))
    firm_iri = max(pg.rels["LEADING_ENTERPRISE"], key=lambda r: r["dst"])["dst"] \
        if pg.rels.get("LEADING_ENTERPRISE") else next(iter(names.values()))
    aids = sorted(r["aid"] for rows in pg.rels.values() for r in rows)[::50]
    return {"iri": province, "iris": [province, names.get("郑州市", province)], "a": firm_iri, "b": province,
            "name": "郑州", "limit": 10_000, "aids": aids}


@pytest.mark.parametrize("name", runner.questions())
def test_every_shipped_query_runs_on_both(name, pg, embedded, server):
    files = runner.query_files()
    variants = [k for k in files if k == name or k.startswith(name + ".")]
    assert variants
    results = {}
    for backend in (embedded, server):
        cypher = runner.load(name, backend.dialect)
        if name not in files:  # a split question: each dialect has its own file
            assert cypher == files[f"{name}.{backend.dialect}"].read_text(encoding="utf-8")
        results[backend.dialect] = backend.run(cypher, runner.bind(cypher, _params(pg)))
    assert _rows(results["ladybug"]) == _rows(results["neo4j"])
    assert len(results["ladybug"]) == len(results["neo4j"])


# ------------------------------------------------------------------------------------ the CLI
def _kg(*args: str, password: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


CLI_CASES = ["region:郑州 (alias)", "chain:with a leading firm", "firm:leading", "policy:supporting",
             "path:firm-province"]


@pytest.mark.parametrize("case", CLI_CASES)
def test_command_with_uri_prints_the_same_answer(case, build, pg, neo4j_loaded):
    question, args_of = CASES[case]
    args = [question, *args_of(pg), "-o", str(build), "--format", "json"]
    local = _kg(*args)
    remote = _kg(*args, "--uri", neo4j_loaded.uri, "--user", neo4j_loaded.user, password=neo4j_loaded.password)
    assert local.returncode == 0, local.stderr
    assert remote.returncode == 0, remote.stderr
    a, b = json.loads(local.stdout), json.loads(remote.stdout)
    assert {k: v for k, v in a.items() if k != "rows"} == {k: v for k, v in b.items() if k != "rows"}
    assert _rows(a["rows"]) == _rows(b["rows"]) and a["rows"]
    assert neo4j_loaded.password not in remote.stdout + remote.stderr


def test_query_command_with_uri(build, neo4j_loaded):
    args = ["query", "MATCH (p:Province)-[r:DEVELOPS]->(i) WHERE p.name = $p "
            "MATCH (a:Assertion {iri: r.aid}) MATCH (s:Sentence {iri: a.sentence}) "
            "RETURN i.name AS industry, s.text AS evidence, s.doc AS doc",
            "--param", "p=河南省", "-o", str(build), "--format", "json"]
    local = _kg(*args)
    remote = _kg(*args, "--uri", neo4j_loaded.uri, password=neo4j_loaded.password)
    assert local.returncode == 0 and remote.returncode == 0, local.stderr + remote.stderr
    a, b = json.loads(local.stdout), json.loads(remote.stdout)
    assert a and _rows(a) == _rows(b)


def test_question_errors_with_uri_are_one_line(build, neo4j_loaded):
    wrong = _kg("region", "郑州", "-o", str(build), "--uri", neo4j_loaded.uri, password=SECRET)
    assert wrong.returncode != 0
    assert len(wrong.stderr.strip().splitlines()) == 1, wrong.stderr
    assert "authentication failed" in wrong.stderr and SECRET not in wrong.stdout + wrong.stderr
    unknown = _kg("region", "不存在的地方", "-o", str(build), "--uri", neo4j_loaded.uri,
                  password=neo4j_loaded.password)
    assert unknown.returncode != 0 and len(unknown.stderr.strip().splitlines()) == 1, unknown.stderr
    bad = _kg("query", "MATCH (n RETURN n", "-o", str(build), "--uri", neo4j_loaded.uri,
              password=neo4j_loaded.password)
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert neo4j_loaded.password not in bad.stdout + bad.stderr
