"""Answers an analyst can use (issue 11): names as typed, places that roll up, list, compare,
figures, gaps, tables that fit, CSV with a BOM, xlsx; on the sample build (the shared ``built``).

The extractor changes, so the tests assert properties that a better extractor keeps (a typed name
finds the entities whose names hold it; every row's evidence is a sentence of the corpus; a
county's facts roll up into its city), not exact rows.
"""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.queries import search, units
from kg.queries.questions import REFERENCE_DOC
from kg.queries.table import width
from kg.rdf.reference import RULE, division_parents
from kg.schema import KG
from kg.store.ladybug import connect


def kg_cli(*args: str, columns: int = 80):
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(main, list(args), catch_exceptions=True)


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str) -> dict:
    return json.loads(ok(kg_cli(*args, "--format", "json")))


@pytest.fixture(scope="module")
def sentences(built) -> set[str]:
    """Every sentence text of the build's graph (what evidence must be)."""
    g = Graph().parse(built / "graph.ttl", format="turtle")
    return {str(o) for o in g.objects(None, KG.text)}


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl", format="turtle")


def facts(rows: list[dict], sentences: set[str]) -> None:
    """Every row is a sentence of the corpus (or a place's parent from the division data)."""
    for r in rows:
        if r.get("doc") == REFERENCE_DOC:
            assert r["section"] in ("contains", "located in"), r
            continue
        assert r["evidence"] in sentences and r["doc"].endswith((".txt", ".md")), r
        for text, _doc in r.get("evidences", []):
            assert text in sentences


# ------------------------------------------------------------------------------ names as typed
def test_rank_tiers_on_names():
    c = [search.Candidate(f"i{i}", "Industry", n, a, facts=f) for i, (n, a, f) in enumerate([
        ("郑州市", ("郑州",), 5), ("氢能与新型储能", (), 3), ("氢能燃料电池技术链", (), 1), ("新能源汽车", (), 2),
        ("中铁工程装备集团有限公司", (), 1), ("“十四五”制造业高质量发展规划", (), 1)])]
    def top(q):
        hits = search.rank(q, c)
        return [(h.candidate.name, h.match) for h in search.choose(hits)]
    assert top("郑州市") == [("郑州市", "name")]
    assert top("郑州") == [("郑州市", "alias")]
    assert top("氢能") == [("氢能与新型储能", "prefix"), ("氢能燃料电池技术链", "prefix")]
    assert top("新能源车") == [("新能源汽车", "letters")]
    assert top("中铁装备") == [("中铁工程装备集团有限公司", "letters")]
    assert top('"十四五"制造业高质量发展规划') == [("“十四五”制造业高质量发展规划", "normalized")]
    assert top("河南省郑州市") == [("郑州市", "within")]
    assert top("郑州XYZ") == [] and top("   ") == []


def test_chain_hydrogen_answers_every_sector_named_so(built, sentences):
    data = as_json("chain", "氢能", "-o", str(built))
    names = [e["name"] for e in data.get("entities", [data["entity"]])]
    assert names and all("氢能" in n for n in names)
    assert data["rows"] and any("氢能" in r.get("entity", data["entity"]["name"]) for r in data["rows"])
    facts(data["rows"], sentences)
    if len(names) > 1:  # each row says which entity it belongs to
        assert "entity" in data["columns"] and {r["entity"] for r in data["rows"]} <= set(names)


@pytest.mark.parametrize("typed, holds", [("尼龙", "尼龙"), ("新能源车", "新能源")])
def test_chain_typed_names(built, sentences, typed, holds):
    data = as_json("chain", typed, "-o", str(built))
    for e in data.get("entities", [data["entity"]]):
        assert holds in e["name"] and e["label"] in ("Industry", "IndustryChain", "IndustryCluster")
    assert data["rows"]
    facts(data["rows"], sentences)


def test_exact_turns_partial_matches_off(built):
    result = kg_cli("chain", "氢能", "--exact", "-o", str(built))
    if result.exit_code == 0:  # only when a sector is named 氢能 (or has it as an alias)
        data = as_json("chain", "氢能", "--exact", "-o", str(built))
        assert "entities" not in data and "氢能" in (data["entity"]["name"], *data["entity"]["aliases"])
    else:
        assert result.exit_code == 1 and "no industry, chain or cluster named '氢能'" in result.stderr


def test_partial_policy_title_finds_the_policy(built, sentences):
    data = as_json("policy", "制造业高质量发展规划", "-o", str(built))
    for e in data.get("entities", [data["entity"]]):
        assert "制造业高质量发展规划" in e["name"] and e["label"] == "PolicyDocument"
    facts(data["rows"], sentences)


def test_firm_by_a_short_name(built, sentences):
    with connect(built) as db:
        firms = [r["n"] for r in db.run("MATCH (f:Enterprise) RETURN f.name AS n")]
    if not any(search._subsequence("中铁装备", search.normalize(f)) and f.startswith("中铁") for f in firms):
        pytest.skip("the extractor finds no firm like 中铁(工程)装备 in this build")
    data = as_json("firm", "中铁装备", "-o", str(built))
    assert data["entity"]["name"].startswith("中铁") and data["rows"]
    facts(data["rows"], sentences)


def test_search_lists_matches_of_every_kind(built):
    data = as_json("search", "郑州", "-o", str(built))
    assert data["rows"][0]["name"] == "郑州市" and data["rows"][0]["match"] == "alias"
    for r in data["rows"]:
        assert "郑州" in r["name"] or r["match"] in ("letters", "within", "similar")
    assert len({r["label"] for r in data["rows"]}) > 1


# ------------------------------------------------------------------------ places that roll up
def test_places_carry_codes_and_parents_from_the_division_data(built, graph):
    parents = division_parents()
    reference = list(graph.subjects(KG.rule, None))
    places = {str(s): str(graph.value(s, KG.divisionCode)) for t in (KG.County, KG.City, KG.Province)
              for s in graph.subjects(None, t)}
    assert places and all(code.isdigit() and len(code) == 6 for code in places.values())
    with connect(built) as db:
        rows = db.run("MATCH (a)-[r:LOCATED_IN]->(b) MATCH (p:Assertion {iri: r.aid}) WHERE p.rule = $rule "
                      "OPTIONAL MATCH (s:Sentence {iri: p.sentence}) RETURN a.code AS a, b.code AS b, "
                      "coalesce(s.text, '') AS evidence, coalesce(s.doc, '') AS doc", {"rule": RULE})
    assert rows and reference
    for r in rows:  # b is an ancestor of a in the division data
        up = parents.get(r["a"])
        while up and up != r["b"]:
            up = parents.get(up)
        assert up == r["b"] and r["evidence"] == "" and r["doc"] == "", r
    # kept out of the contract's facts export
    with (built / "facts" / "relations.csv").open(encoding="utf-8-sig") as fh:
        assert all(r["evidence"] and r["doc"] for r in csv.DictReader(fh))


def test_region_rolls_up_and_groups(built, sentences):
    data = as_json("region", "郑州", "-o", str(built))
    rows = data["rows"]
    facts(rows, sentences)
    contains = {r["name"] for r in rows if r["section"] == "contains"}
    with connect(built) as db:  # every county of 郑州 (code 4101xx) in the build is inside it
        counties = {r["n"] for r in db.run("MATCH (c:County) WHERE c.code STARTS WITH '4101' RETURN c.name AS n")}
    assert counties and counties <= contains
    assert "巩义市" in counties
    rolled = [r for r in rows if r["via"]]
    assert rolled, "something of a county or zone of 郑州 rolls up, saying where"
    keys = [(r["section"], r["name"], r["via"], r["value"], r["unit"], r["year"], r["kind"]) for r in rows]
    assert len(keys) == len(set(keys)), "one row per fact"
    develops = [r for r in rows if r["section"] == "develops"]
    assert [r["n"] for r in develops] == sorted((r["n"] for r in develops), reverse=True)
    # the sectors said most often of the city itself come first, above what its zones roll up
    assert develops and not develops[0]["via"] and develops[0]["n"] >= 3
    flat = as_json("region", "郑州", "--no-rollup", "-o", str(built))["rows"]
    assert flat and not any(r["via"] for r in flat) and len(flat) < len(rows)
    assert develops[0]["name"] in ok(kg_cli("region", "郑州", "-o", str(built)))


def test_full_shows_every_sentence(built):
    data = as_json("region", "郑州", "-o", str(built))
    many = [r for r in data["rows"] if r["n"] > 1]
    assert many
    text = ok(kg_cli("region", "郑州", "--full", "--limit", "0", "-o", str(built)))
    assert many[0]["evidences"][1][0][:6] in text
    assert "+ " + many[0]["evidences"][1][0][:4] in text


# --------------------------------------------------------------------------- the analyst's verbs
def test_list_chains_sorted_by_facts(built):
    data = as_json("list", "chains", "-o", str(built), "--limit", "0")
    with connect(built) as db:
        n = db.run("MATCH (c:IndustryChain) RETURN count(c) AS n")[0]["n"]
    assert len(data["rows"]) == n > 0 and {r["label"] for r in data["rows"]} == {"IndustryChain"}
    assert [r["facts"] for r in data["rows"]] == sorted((r["facts"] for r in data["rows"]), reverse=True)
    assert "chains (" in ok(kg_cli("list", "chains", "-o", str(built)))


def test_list_firms_in_a_place(built):
    data = as_json("list", "firms", "--in", "郑州", "-o", str(built))
    assert data["rows"] and "郑州市" in data["title"]
    with connect(built) as db:
        inside = {r["n"] for r in db.run("MATCH (f:Enterprise)-[:LOCATED_IN*1..4]->(:City {name: '郑州市'}) "
                                         "RETURN DISTINCT f.name AS n")}
    assert {r["name"] for r in data["rows"]} == inside


def test_compare_two_cities(built):
    data = as_json("compare", "郑州", "洛阳", "-o", str(built))
    assert data["columns"] == ["section", "name", "郑州市", "洛阳市", "shared"]
    assert {r["section"] for r in data["rows"]} >= {"industry", "latest figure"}
    for r in data["rows"]:
        assert r["郑州市"] or r["洛阳市"]
        assert (r["shared"] == "all") == bool(r["郑州市"] and r["洛阳市"])
    shared = [r for r in data["rows"] if r["section"] == "industry" and r["shared"]]
    own = [r for r in data["rows"] if r["section"] == "industry" and not r["shared"]]
    assert shared and own and data["rows"].index(shared[-1]) < data["rows"].index(own[0])


def test_figures_normalized_to_base_units(built, sentences, tmp_path):
    data = as_json("figures", "河南", "--metric", "工业增加值", "-o", str(built))
    rows = data["rows"]
    assert rows and all("工业增加值" in r["name"] and r["section"] in ("actual", "target") for r in rows)
    facts(rows, sentences)
    for r in rows:
        factor, base = units.base_unit(r["unit"])
        assert r["base_unit"] == base and r["base_value"] == pytest.approx(float(r["value"]) * factor)
    trillion = [r for r in rows if r["unit"] == "万亿元"]
    assert trillion and all(r["base_unit"] == "元" and r["base_value"] >= 1e12 for r in trillion)
    for metric in {r["name"] for r in rows}:
        years = [r["year"] for r in rows if r["name"] == metric and r["section"] == "actual"]
        assert years == sorted(years)
    png, svg = tmp_path / "f.png", tmp_path / "f.svg"
    ok(kg_cli("figures", "河南", "--metric", "工业增加值", "--plot", str(png), "-o", str(built)))
    ok(kg_cli("figures", "河南", "--plot", str(svg), "-o", str(built)))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in svg.read_bytes()[:400]
    bad = kg_cli("figures", "河南", "--metric", "不存在的指标", "-o", str(built))
    assert bad.exit_code == 1 and len(bad.stderr.strip().splitlines()) == 1


def test_plot_without_matplotlib_is_one_line(built, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the [plot] extra were not installed
    result = kg_cli("figures", "河南", "--plot", str(tmp_path / "x.png"), "-o", str(built))
    assert result.exit_code == 1 and "pip install 'kg[plot]'" in result.stderr
    assert not (tmp_path / "x.png").exists()
    assert kg_cli("figures", "河南", "--plot", str(tmp_path / "x.pdf"), "-o", str(built)).exit_code == 1


@pytest.mark.parametrize("unit, value, want", [("万亿元", 1.55, (1.55e12, "元")), ("亿元", 3533, (3.533e11, "元")),
                                               ("万辆", 3.5, (3.5e4, "辆")), ("%", 9.5, (9.5, "%")),
                                               ("万家", 2, (2e4, "家")), ("家", 12, (12, "家")),
                                               ("个百分点", 7, (7, "个百分点")), ("亿", 4, (4e8, ""))])
def test_units(unit, value, want):
    got = units.normalize(value, unit)
    assert got[0] == pytest.approx(want[0]) and got[1] == want[1]


def test_gaps_split_local_firms_from_candidates(built, sentences):
    data = as_json("gaps", "装备制造", "--in", "郑州", "-o", str(built))
    assert data["rows"] and "郑州市" in data["title"]
    with connect(built) as db:
        local = {r["n"] for r in db.run("MATCH (f:Enterprise)-[:LOCATED_IN*1..4]->(:City {name: '郑州市'}) "
                                        "RETURN DISTINCT f.name AS n")}
    covered = {r["segment"] for r in data["rows"] if r["section"] == "covered"}
    for r in data["rows"]:
        assert r["section"] in ("gap", "covered")
        if r["firm"]:
            assert (r["firm"] in local) == (r["section"] == "covered"), r
            assert r["evidence"] in sentences
        if r["section"] == "gap":
            assert r["segment"] not in covered


# ---------------------------------------------------------------------------- output that fits
FITTING = [("chain", "氢能"), ("region", "郑州"), ("policy", "制造业高质量发展规划"), ("firm", "富士康"),
           ("path", "富士康", "河南省"), ("list", "chains"), ("search", "氢能"), ("compare", "郑州", "洛阳"),
           ("figures", "河南"), ("gaps", "装备制造", "--in", "郑州")]


@pytest.mark.parametrize("args", FITTING, ids=lambda a: a[0])
@pytest.mark.parametrize("full", [False, True], ids=["short", "full"])
def test_tables_fit_80_columns(built, args, full):
    result = kg_cli(*args, "-o", str(built), "--limit", "0", *(["--full"] if full else []), columns=80)
    if args[0] == "firm" and result.exit_code == 1:
        pytest.skip("no firm 富士康 in this build")
    text = ok(result)
    wide = [line for line in text.splitlines() if width(line) > 80]
    assert not wide, wide[:3]
    assert len(text.splitlines()) > 3


def test_question_csv_has_a_bom(built):
    text = ok(kg_cli("region", "郑州", "-o", str(built), "--format", "csv"))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows and rows[0]["section"]


def test_export_xlsx_reads_back(built, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is in the test extras")
    dest = tmp_path / "g.xlsx"
    ok(kg_cli("export", "-o", str(built), "--format", "xlsx", "--dest", str(dest)))
    ok(kg_cli("export", "-o", str(built), "--format", "csv", "--dest", str(tmp_path / "csv")))
    wb = openpyxl.load_workbook(dest, read_only=True)
    assert wb.sheetnames == ["nodes", "relationships"]
    for sheet in wb.sheetnames:
        with (tmp_path / "csv" / f"{sheet}.csv").open(encoding="utf-8-sig") as fh:
            want = list(csv.reader(fh))
        got = [["" if v is None else str(v) for v in row] for row in wb[sheet].iter_rows(values_only=True)]
        assert got[0] == want[0] and len(got) == len(want)
    header = got[0]
    rel = dict(zip(header, got[1], strict=True))
    assert rel["src_name"] and rel["dst_name"] and rel["src"].startswith("https://")
