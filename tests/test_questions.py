"""The analysts' questions: `kg query/chain/region/policy/firm/path/analyze/export` and the API.

Every command runs through click's CliRunner on one build of ../shared/corpus per session
(shared with tests/test_store_ladybug.py), and through ``kg.KnowledgeGraph``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg import KnowledgeGraph
from kg.cli import main
from kg.queries.questions import REFERENCE_DOC, NotFound
from kg.store.commands import clip, pad, width
from kg.store.ladybug import connect, db_counts

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
ZHENGZHOU = "https://w3id.org/kg-henan/id/City/郑州市"


@pytest.fixture(scope="session")
def kg(built):
    with KnowledgeGraph.open(built) as g:
        yield g


@pytest.fixture(scope="session")
def busiest(kg) -> dict[str, str]:
    """The sector and the policy with the most relations (what the extractor finds changes)."""
    def top(labels: str) -> str:
        rows = kg.cypher(f"MATCH (n:{labels})-[r]-() MATCH (p:Assertion {{iri: r.aid}}) WHERE p.sentence <> '' "
                         "RETURN n.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 1")
        return rows["name"].iloc[0]
    return {"chain": top("Industry|IndustryChain|IndustryCluster"), "policy": top("PolicyDocument")}


def kg_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return result.stdout


def user_error(result) -> str:
    """A user error: exit code 1, one line on stderr, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def answer(result) -> dict:
    data = json.loads(ok(result))
    assert data["rows"], data
    for row in data["rows"]:
        if row["doc"] == REFERENCE_DOC:  # a place's parent from the division data, not a sentence
            assert row["section"] in ("contains", "located in") and row["n"] == 0, row
            continue
        assert row["evidence"].strip() and row["doc"].endswith((".txt", ".md")), row
        if "n" in row:  # a fact: how many sentences state it, the best one first
            assert row["n"] >= 1 and [row["evidence"], row["doc"]] == row["evidences"][0], row
    return data


# --------------------------------------------------------------------------- questions, CLI
def test_region_by_alias_has_rows_with_evidence(built):
    data = answer(kg_cli("region", "郑州", "-o", str(built), "--format", "json"))
    assert data["entity"]["iri"] == ZHENGZHOU and data["entity"]["label"] == "City"
    assert "郑州 → 郑州市" in data["note"] and "alias" in data["note"]
    sections = {r["section"] for r in data["rows"]}
    assert {"develops", "mentioned in"} <= sections
    same = json.loads(ok(kg_cli("region", "郑州市", "-o", str(built), "--format", "json")))
    assert same["entity"] == data["entity"] and same["rows"] == data["rows"] and same["note"] == ""


def test_region_observations_carry_metric_value_unit_year(built):
    data = answer(kg_cli("region", "河南省", "-o", str(built), "--format", "json"))
    obs = [r for r in data["rows"] if r["section"] == "observation"]
    assert obs, "河南省 has figures by year in the corpus"
    for r in obs:
        assert r["name"] and r["value"] != "" and isinstance(r["year"], int) and r["kind"]
    assert [r["year"] for r in obs] == sorted(r["year"] for r in obs)


def test_region_table_is_readable(built):
    text = ok(kg_cli("region", "郑州", "-o", str(built), "--limit", "2"))
    lines = text.splitlines()
    assert lines[0].startswith("郑州市 (City)")
    assert any(line.startswith("develops (") for line in lines)
    assert "more (--limit 0 shows all)" in text
    # columns line up in terminal columns: every row of a section has its doc at the same column
    header = next(i for i, line in enumerate(lines) if line.startswith("develops ("))
    rows = lines[header + 3: header + 5]
    starts = {width(r[: r.index(".txt") - 20]) for r in rows}
    assert len(starts) == 1, rows


def test_zone_lists_the_firms_located_in_it(built):
    data = answer(kg_cli("region", "郑州航空港经济综合实验区", "-o", str(built), "--format", "json"))
    assert data["entity"]["label"] == "Zone"
    assert {"mentioned in"} <= {r["section"] for r in data["rows"]}


def test_firm_by_alias(built):
    data = answer(kg_cli("firm", "宇通", "-o", str(built), "--format", "json"))
    assert data["entity"]["name"] == "宇通集团" and data["entity"]["label"] == "Enterprise"
    assert any(r["section"] == "mentioned in" and "宇通" in r["evidence"] for r in data["rows"])


def test_chain_of_the_busiest_sector(built, busiest):
    data = answer(kg_cli("chain", busiest["chain"], "-o", str(built), "--format", "json"))
    assert data["entity"]["label"] in ("Industry", "IndustryChain", "IndustryCluster")
    assert set(data["columns"]) >= {"section", "name", "located_in", "issuer", "date", "evidence", "doc"}
    assert len({r["section"] for r in data["rows"]}) >= 2
    text = ok(kg_cli("chain", busiest["chain"], "-o", str(built)))
    assert text.splitlines()[0].startswith(busiest["chain"])


def test_policy_of_the_busiest_policy(built, busiest):
    data = answer(kg_cli("policy", busiest["policy"], "-o", str(built), "--format", "json"))
    assert data["entity"]["label"] == "PolicyDocument"
    assert {r["section"] for r in data["rows"]} & {"issued by", "supports"}


def test_path_hops_have_evidence(built):
    data = answer(kg_cli("path", "宇通集团", "河南省", "-o", str(built), "--format", "json"))
    hops = data["rows"]
    assert data["entity"]["name"] == "宇通集团" and data["other"]["name"] == "河南省"
    assert [h["hop"] for h in hops] == list(range(1, len(hops) + 1))
    assert hops[0]["from"].startswith("宇通集团 (") and hops[-1]["to"].startswith("河南省 (")
    for a, b in zip(hops, hops[1:], strict=False):
        assert a["to"] == b["from"]  # the hops chain up
    assert all(h["relation"].startswith(("-", "<-")) for h in hops)


def test_path_to_itself_is_a_user_error(built):
    line = user_error(kg_cli("path", "郑州", "郑州市", "-o", str(built)))
    assert "same entity" in line


def test_unknown_name_gives_suggestions_and_exit_1(built):
    line = user_error(kg_cli("region", "郑州XYZ", "-o", str(built)))
    assert "no place named '郑州XYZ'" in line and "did you mean:" in line
    suggestions = line.split("did you mean:")[1].split(", ")
    assert 1 <= len(suggestions) <= 5
    assert "郑州市 (City)" in line


def test_unknown_name_of_the_wrong_kind_is_not_resolved(built):
    # 宇通集团 is a firm, not a place: the question refuses it, and suggests places
    line = user_error(kg_cli("region", "宇通集团", "-o", str(built)))
    assert line.startswith("Error: no place named '宇通集团'")


def test_missing_database_is_a_user_error(tmp_path):
    line = user_error(kg_cli("region", "郑州", "-o", str(tmp_path / "nothing")))
    assert "kg build" in line


# --------------------------------------------------------------------------------- kg query
def test_query_json_and_csv_parse_back(built):
    cypher = ("MATCH (c:City) WHERE size(c.aliases) > 0 RETURN c.name AS name, c.aliases AS aliases, "
              "size(c.docs) AS docs ORDER BY name LIMIT 5")
    rows = json.loads(ok(kg_cli("query", cypher, "-o", str(built), "--format", "json")))
    assert len(rows) == 5 and all(set(r) == {"name", "aliases", "docs"} for r in rows)
    assert all(isinstance(r["aliases"], list) and isinstance(r["docs"], int) for r in rows)
    back = list(csv.DictReader(io.StringIO(ok(kg_cli("query", cypher, "-o", str(built), "--format", "csv")))))
    assert [r["name"] for r in back] == [r["name"] for r in rows]
    assert [json.loads(r["aliases"]) for r in back] == [r["aliases"] for r in rows]
    assert [int(r["docs"]) for r in back] == [r["docs"] for r in rows]


def test_query_parameters(built):
    cypher = "MATCH (c:City) WHERE $n IN c.aliases RETURN c.iri AS iri LIMIT $k"
    rows = json.loads(ok(kg_cli("query", cypher, "-p", "n=郑州", "--param", "k=3", "-o", str(built),
                                "--format", "json")))
    assert rows == [{"iri": ZHENGZHOU}]
    table = ok(kg_cli("query", cypher, "-p", "n=郑州", "-p", "k=3", "-o", str(built)))
    assert ZHENGZHOU in table and "(1 row)" in table


def test_query_errors_are_one_line(built):
    assert "query failed" in user_error(kg_cli("query", "MATCH (n RETURN n", "-o", str(built)))
    assert "$k" in user_error(kg_cli("query", "MATCH (n) RETURN n LIMIT $k", "-o", str(built)))
    result = kg_cli("query", "RETURN 1", "-p", "nonsense", "-o", str(built))
    assert result.exit_code == 2 and "NAME=VALUE" in result.output  # click usage error


def test_query_uri_without_neo4j_backend(built, monkeypatch):
    monkeypatch.setitem(sys.modules, "kg.store.neo4j", None)  # as if kg/store/neo4j.py were absent
    line = user_error(kg_cli("query", "RETURN 1 AS x", "--uri", "bolt://127.0.0.1:1", "-o", str(built)))
    assert "Neo4j backend not available" in line


# -------------------------------------------------------------------------------------- API
def test_api_questions_return_frames_with_evidence(kg, busiest):
    pd = pytest.importorskip("pandas")
    for frame in (kg.region("郑州"), kg.firm("宇通集团"), kg.chain(busiest["chain"]), kg.policy(busiest["policy"]),
                  kg.path("宇通集团", "河南省")):
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0
        assert (frame["evidence"].str.len() > 0).all() and (frame["doc"].str.len() > 0).all()
    region = kg.region("郑州")
    assert region.attrs["entity"]["name"] == "郑州市" and "alias" in region.attrs["note"]


def test_api_resolve_and_not_found(kg):
    found = kg.resolve("郑州")
    assert found.iloc[0]["iri"] == ZHENGZHOU  # the alias beats partial matches
    with pytest.raises(NotFound) as info:
        kg.firm("郑州XYZ")
    assert isinstance(info.value, LookupError)
    assert len(info.value.suggestions) <= 5


def test_api_cypher_params(kg):
    rows = kg.cypher("MATCH (c:City {iri: $iri}) RETURN c.name AS name", iri=ZHENGZHOU)
    assert list(rows["name"]) == ["郑州市"]


def test_to_networkx_is_the_whole_property_graph(kg, built):
    g = kg.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    with connect(built) as db:
        counts = db_counts(db.run)
    provenance = ("node:Assertion", "node:Sentence")  # on the edges: evidence, doc, rule, …
    assert g.number_of_nodes() == sum(v for k, v in counts.items() if k.startswith("node:") and k not in provenance)
    assert g.number_of_edges() == sum(v for k, v in counts.items() if k.startswith("rel:"))
    assert g.nodes[ZHENGZHOU]["label"] == "City" and g.nodes[ZHENGZHOU]["name"] == "郑州市"
    for _, _, d in g.edges(data=True):  # a sentence, or the division data (reference facts)
        assert d["type"] and ((d["evidence"] and d["doc"]) or d["rule"] == "reference:divisions")


def test_open_with_uri_fails_cleanly_without_server(built, monkeypatch):
    from kg.queries.runner import BackendUnavailable

    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(BackendUnavailable):
        KnowledgeGraph.open(built, uri="bolt://127.0.0.1:1")


# -------------------------------------------------------------------------- analyze, export
def test_analyze_is_deterministic_and_grouped(built):
    first = json.loads(ok(kg_cli("analyze", "-o", str(built), "--format", "json", "--top", "5")))
    second = json.loads(ok(kg_cli("analyze", "-o", str(built), "--format", "json", "--top", "5")))
    assert first == second
    labels = {"firms": {"Enterprise"}, "places": {"Province", "City", "County", "Region", "Zone"},
              "chains": {"IndustryChain", "IndustryCluster", "Industry"}}
    for group, rows in first["centrality"].items():
        assert {r["label"] for r in rows} <= labels[group]
        assert [r["pagerank"] for r in rows] == sorted((r["pagerank"] for r in rows), reverse=True)
    assert first["centrality"]["places"] and first["communities"]
    assert "河南省" in {r["name"] for r in first["centrality"]["places"]}
    text = ok(kg_cli("analyze", "-o", str(built), "--top", "3"))
    assert "places by PageRank" in text and "communities" in text


def test_export_rdf_formats_round_trip(built, tmp_path):
    triples = len(Graph().parse(built / "graph.ttl", format="turtle"))
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        dest = tmp_path / f"g.{fmt}"
        ok(kg_cli("export", "-o", str(built), "--format", fmt, "--dest", str(dest)))
        assert len(Graph().parse(dest, format=parser)) == triples, fmt


def test_export_graphml_and_csv(built, tmp_path):
    with connect(built) as db:
        counts = db_counts(db.run)
    provenance = ("node:Assertion", "node:Sentence")  # on the edges and in the relationships table
    nodes = sum(v for k, v in counts.items() if k.startswith("node:") and k not in provenance)
    rels = sum(v for k, v in counts.items() if k.startswith("rel:"))
    ok(kg_cli("export", "-o", str(built), "--format", "graphml", "--dest", str(tmp_path / "g.graphml")))
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.number_of_nodes() == nodes and g.number_of_edges() == rels
    assert g.nodes[ZHENGZHOU]["label"] == "City" and "郑州" in g.nodes[ZHENGZHOU]["aliases"]
    ok(kg_cli("export", "-o", str(built), "--format", "csv", "--dest", str(tmp_path / "csv")))
    for name in ("nodes.csv", "relationships.csv"):  # Excel on Windows needs the BOM to read UTF-8
        assert (tmp_path / "csv" / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    with (tmp_path / "csv" / "nodes.csv").open(encoding="utf-8-sig") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == nodes
    with (tmp_path / "csv" / "relationships.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == rels
    assert all((r["evidence"] and r["doc"]) or r["rule"] == "reference:divisions" for r in rows)
    names = {n["iri"]: n["name"] or n["metric"] for n in csv.DictReader((tmp_path / "csv" / "nodes.csv").open(encoding="utf-8-sig"))}
    assert all(r["src_name"] == names[r["src"]] and r["dst_name"] == names[r["dst"]] for r in rows)


def test_export_neo4j_import_bundle(built, tmp_path):
    dest = tmp_path / "bundle"
    text = ok(kg_cli("export", "-o", str(built), "--format", "neo4j-import", "--dest", str(dest)))
    assert str(dest) in text
    with connect(built) as db:
        counts = {k: v for k, v in db_counts(db.run).items() if v}
    script = (dest / "import.sh").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in script and "--array-delimiter=';'" in script
    for key, n in counts.items():
        kind, name = key.split(":")
        f = dest / (f"nodes_{name}.csv" if kind == "node" else f"relationships_{name}.csv")
        assert f"--{'nodes' if kind == 'node' else 'relationships'}={f.name}" in script
        with f.open(encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            body = list(reader)
        assert len(body) == n, f.name
        if kind == "node":
            assert header[0] == "iri:ID" and header[-1] == ":LABEL" and {r[-1] for r in body} == {name}
            if name == "Assertion":  # a relationship's provenance, keyed by its aid
                assert "confidence:double" in header and "start:long" in header and "sentence" in header
            if name == "City":
                assert "aliases:string[]" in header
                aliases = {r[0]: r[header.index("aliases:string[]")] for r in body}
                assert "郑州" in aliases[ZHENGZHOU].split(";")
        else:
            assert header == [":START_ID", ":END_ID", ":TYPE", "aid"] and {r[2] for r in body} == {name}
    assert "REQUIRE n.iri IS UNIQUE" in (dest / "constraints.cypher").read_text(encoding="utf-8")


def test_export_without_build_is_a_user_error(tmp_path):
    assert "kg build" in user_error(kg_cli("export", "-o", str(tmp_path), "--format", "nt"))


# ----------------------------------------------------------------------------- text helpers
def test_width_counts_cjk_as_two_columns():
    assert width("郑州") == 4 and width("ab") == 2 and width("（1）") == 5
    assert width(pad("郑州", 6)) == 6 and width(pad("ab", 6)) == 6


def test_clip_keeps_the_focus_term_in_view():
    text = "甲" * 40 + "宇通集团" + "乙" * 40
    short = clip(text, 30, ("宇通集团",))
    assert "宇通集团" in short and short.startswith("…") and short.endswith("…")
    assert width(short) <= 30
    assert clip("短句", 30) == "短句"
