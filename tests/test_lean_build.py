"""The lean build: the graph's records write the same Turtle and facts as the parsed graph.ttl,
the build's checks catch broken provenance, and the database holds the projection."""

from __future__ import annotations

import copy
import time
from decimal import Decimal

import pytest
from click.testing import CliRunner
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, Graph

from kg.cli import main
from kg.rdf.export import write_facts
from kg.rdf.graph import BuiltGraph, write_turtle
from kg.rdf.shapes import SH, _summary, build_shapes, core_conforms, core_graph, provenance_problems, validate


@pytest.fixture(scope="module")
def parsed(built) -> Graph:
    g = Graph()
    g.parse(built / "graph.ttl", format="turtle")
    return g


def test_records_round_trip_through_turtle(built, parsed, tmp_path):
    bg = BuiltGraph.from_rdflib(parsed)
    assert len(bg) == len(parsed)
    write_turtle(bg, tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_bytes() == (built / "graph.ttl").read_bytes()
    write_facts(bg, tmp_path / "facts")
    for f in (built / "facts").glob("*.csv"):
        assert (tmp_path / "facts" / f.name).read_bytes() == f.read_bytes(), f.name


def test_to_rdflib_gives_the_parsed_graph(parsed):
    bg = BuiltGraph.from_rdflib(parsed)
    assert set(bg.to_rdflib()) == set(parsed)


def test_each_sentence_is_stored_once(built):
    ttl = (built / "graph.ttl").read_text(encoding="utf-8")
    g = Graph()
    g.parse(data=ttl, format="turtle")
    bg = BuiltGraph.from_rdflib(g)
    texts = [s.text for s in bg.sentences.values()]
    cited = {n.prov.sentence for n in [*bg.assertions.values(), *bg.observations.values()]}
    assert set(bg.sentences) == cited
    assert len(cited) < len(bg.assertions) + len(bg.observations)  # many facts share a sentence
    assert len(texts) == len(set(bg.sentences))


def test_broken_provenance_is_reported(parsed):
    bg = BuiltGraph.from_rdflib(parsed)
    assert provenance_problems(bg) == []
    aid, first = next(iter(bg.assertions.items()))
    first.prov.confidence = Decimal("1.5")
    ob = next(iter(bg.observations.values()))
    ob.prov.sentence = "https://w3id.org/kg-henan/id/doc/missing/s0"
    problems = provenance_problems(bg)
    assert any(p.startswith(aid) and "confidence" in p for p in problems)
    assert any("not a sentence" in p for p in problems)
    result = validate(bg, full=False)
    assert not result["conforms"] and result["violations"] >= 2


def test_core_shapes_catch_a_relation_between_wrong_classes(parsed):
    bg = BuiltGraph.from_rdflib(parsed)
    city = next(i for i, e in bg.entities.items() if e.type == "City")
    doc = next(iter(bg.documents))
    bg.relations[(doc, "https://w3id.org/kg-henan/ontology#develops", city)] = None
    result = validate(bg, full=False)
    assert not result["conforms"]
    assert result["shapes"] == "entities and relations"


@pytest.mark.parametrize("args", [[], ["--full"]])
def test_kg_validate(built, args):
    result = CliRunner().invoke(main, ["validate", "-o", str(built), *args])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_small_database_without_hash_index(built):
    import json

    from kg.store.ladybug import connect

    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    assert report["store"]["hash_index"] is False
    with connect(built) as db:
        city = db.run("MATCH (c:City) RETURN c.iri AS iri ORDER BY iri LIMIT 1")[0]["iri"]
        assert db.run("MATCH (c:City {iri: $iri}) RETURN c.iri AS iri", {"iri": city}) == [{"iri": city}]


# ------------------------------------------------------- the database stage in a child process
SMALL = "郑州市大力发展新能源汽车产业。洛阳市重点发展高端装备制造产业，支持中信重工等龙头企业做大做强。\n"


def _dump(out) -> list[str]:
    import json

    from kg.store.ladybug import connect

    with connect(out) as db:
        rows = db.run("MATCH (n) RETURN n AS node") + db.run("MATCH (a)-[r]->(b) RETURN a.iri AS a, b.iri AS b, r AS r")
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def test_database_stage_apart_gives_the_same_database(built, tmp_path, monkeypatch):
    import json

    from kg.build import build

    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    assert "apart" not in report  # the child process is opt-in
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SMALL, encoding="utf-8")
    inline = build(corpus, tmp_path / "inline", rules_only=True)
    monkeypatch.setenv("KG_FORK", "1")
    apart = build(corpus, tmp_path / "apart", rules_only=True)
    assert apart.get("apart") == ["load_build"] and "apart" not in inline
    assert apart["store"]["tables"] == inline["store"]["tables"]
    assert _dump(tmp_path / "apart") == _dump(tmp_path / "inline")


def test_database_stage_failing_apart_leaves_the_previous_build(tmp_path, monkeypatch):
    from kg.build import build
    from kg.store import ladybug

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    build(corpus, out, rules_only=True)
    before = _dump(out)

    def broken(*_a, **_k):
        raise ladybug.StoreError("database counts differ from the projection (test)")

    monkeypatch.setenv("KG_FORK", "1")
    monkeypatch.setattr(ladybug, "create_database", broken)  # the forked child sees it too
    (corpus / "a.txt").write_text(SMALL + "开封市发展文化旅游产业。\n", encoding="utf-8")
    with pytest.raises(ladybug.StoreError, match=r"counts differ .*\(test\)"):
        build(corpus, out, rules_only=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "out"]  # no temporary folder left
    assert _dump(out) == before


# --------------------------------------------- the build's core check against pySHACL itself
@pytest.fixture(scope="module")
def small(parsed) -> BuiltGraph:
    """A small part of the sample's records (every document, the endpoints of 40 relations of
    each predicate, every policy), so that pySHACL runs quickly on each mutation."""
    bg = BuiltGraph.from_rdflib(parsed)
    by_pred: dict[str, list] = {}
    for s, p, o in bg.relations:
        by_pred.setdefault(p, []).append((s, p, o))
    keep = [t for ts in by_pred.values() for t in ts[:40]]
    iris = {x for s, _p, o in keep for x in (s, o)} | {i for i, e in bg.entities.items() if e.type == "PolicyDocument"}
    small = BuiltGraph(documents=dict(bg.documents))
    small.entities = {i: e for i, e in bg.entities.items() if i in iris}
    small.relations = {t: None for t in keep}
    return small


def _first(bg: BuiltGraph, type_: str) -> str:
    return next(i for i, e in bg.entities.items() if e.type == type_)


KG_NS = "https://w3id.org/kg-henan/ontology#"
MUTATIONS = {
    "none": lambda bg: None,
    "empty name (still a string)": lambda bg: setattr(bg.entities[_first(bg, "City")], "name", ""),
    "a valid category": lambda bg: setattr(bg.entities[_first(bg, "Industry")], "category", "future"),
    "no document": lambda bg: setattr(bg.entities[_first(bg, "City")], "docs", []),
    "mentioned in an entity": lambda bg: setattr(bg.entities[_first(bg, "City")], "docs", [_first(bg, "Industry")]),
    "unknown category": lambda bg: setattr(bg.entities[_first(bg, "Industry")], "category", "sunrise"),
    "date not a date": lambda bg: setattr(bg.entities[_first(bg, "PolicyDocument")], "date", "2021年3月"),
    "relation from a document": lambda bg: bg.relations.update(
        {(next(iter(bg.documents)), KG_NS + "develops", _first(bg, "Industry")): None}),
    "relation to an untyped IRI": lambda bg: bg.relations.update(
        {(_first(bg, "City"), KG_NS + "develops", "https://w3id.org/kg-henan/id/Industry/nowhere"): None}),
    "relation to the wrong class": lambda bg: bg.relations.update(
        {(_first(bg, "City"), KG_NS + "leadingEnterprise", _first(bg, "Industry")): None}),
    "subject of a relation changes class": lambda bg: setattr(
        bg.entities[next(s for s, p, _o in bg.relations if p == KG_NS + "leadingEnterprise")], "type", "Zone"),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_core_check_agrees_with_pyshacl(small, name):
    """The build trusts ``core_conforms`` only when it says True; it must never say True where
    pySHACL finds a violation, and the build's summary is pySHACL's either way."""
    bg = copy.deepcopy(small)
    MUTATIONS[name](bg)
    conforms, results, _ = pyshacl_validate(core_graph(bg), shacl_graph=build_shapes(core_only=True),
                                            inference="none", advanced=False, allow_warnings=True)
    assert core_conforms(bg) == conforms
    assert conforms == (name in ("none", "empty name (still a string)", "a valid category"))
    found = list(results.subjects(RDF.type, SH.ValidationResult))
    expected = _summary(conforms, len(found), {str(results.value(v, SH.resultMessage)) for v in found},
                        provenance_problems(bg), time.perf_counter(), full=False)
    got = validate(bg, full=False)
    assert {k: v for k, v in got.items() if k != "seconds"} == {k: v for k, v in expected.items() if k != "seconds"}
