"""End to end: ``kg build ../shared/corpus`` and what it writes, checked against CONTRACT.md.

The corpus is built twice per session, in two processes with different hash seeds (the second
build only serves the determinism test); every other test reads the first build.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.compare import isomorphic

from kg.cli import main
from kg.ingest.loader import load_document
from kg.ingest.split import split_sentences
from kg.rdf.shapes import build_shapes, validate
from kg.schema import KG, load_schema, ontology_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CONTRACT = SHARED / "eval" / "CONTRACT.md"
SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "dev_gold.jsonl"
KG_EXE = Path(sys.executable).with_name("kg")
FACT_FILES = ("entities", "relations", "observations", "policies")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir() or not CONTRACT.is_file(),
                                reason="../shared/corpus or ../shared/eval/CONTRACT.md is not there")


def kg_command(*args: str) -> list[str]:
    if KG_EXE.is_file():
        return [str(KG_EXE), *args]
    return [sys.executable, "-m", "kg.cli", *args]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def contract_headers() -> dict[str, list[str]]:
    """The four export files and their headers, as CONTRACT.md lists them."""
    text = CONTRACT.read_text(encoding="utf-8")
    found = re.findall(r"^- `(\w+)\.csv`: `([^`]+)`", text, flags=re.M)
    return {name: cols.split(",") for name, cols in found}


def contract_table(heading: str) -> list[str]:
    """First column of the Markdown table under the ``## heading...`` section of CONTRACT.md."""
    text = CONTRACT.read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(heading)}\b.*$", text, flags=re.M)
    assert m, f"no section {heading!r} in {CONTRACT}"
    section = text[m.end():].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    cells = [row.strip("|").split("|")[0].strip() for row in rows[2:]]  # skip header and rule
    return [c for c in cells if c]


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    """Two builds of the corpus, in parallel processes with different PYTHONHASHSEED."""
    base = tmp_path_factory.mktemp("e2e")
    outs = [base / "out1", base / "out2"]
    procs = []
    for seed, out in zip(("1", "2"), outs, strict=True):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        procs.append(subprocess.Popen(kg_command("build", str(CORPUS), "-o", str(out)), env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        results.append((p.returncode, stdout, stderr))
    return outs, results


@pytest.fixture(scope="session")
def out(builds) -> Path:
    (out1, _), ((code, stdout, stderr), _) = builds
    assert code == 0, stderr
    return out1


@pytest.fixture(scope="session")
def report(out) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def graph(out) -> Graph:
    g = Graph()
    g.parse(out / "graph.ttl", format="turtle")
    return g


@pytest.fixture(scope="session")
def docs() -> dict:
    """Normalized text and sentences of every corpus file, by file name."""
    result = {}
    for path in sorted(CORPUS.glob("*.txt")):
        doc = load_document(path)
        result[doc.name] = (doc.text, {s.text for s in split_sentences(doc.name, doc.text)})
    return result


# ---------------------------------------------------------------- the build itself


def test_build_succeeds_and_writes_the_outputs(builds, out):
    _, ((code, stdout, stderr), _) = builds
    assert code == 0
    assert "Traceback" not in stderr
    assert stdout.startswith(f"built {out}:") and "SHACL conforms" in stdout
    assert {p.name for p in out.iterdir()} >= {"facts", "graph.ttl", "report.json"}
    assert sorted(p.name for p in (out / "facts").iterdir()) == sorted(f"{n}.csv" for n in FACT_FILES)
    assert not out.with_name(out.name + ".partial").exists()
    assert not out.with_name(out.name + ".old").exists()


def test_graph_parses(graph, report):
    assert len(graph) == report["counts"]["triples"] > 0
    files = {str(o) for o in graph.objects(None, KG.fileName)}
    assert files == {p.name for p in CORPUS.glob("*.txt")}


def test_shacl_conforms(graph):
    result = validate(graph)
    assert result["conforms"], result["messages"]
    assert result["violations"] == 0


def test_kg_validate_exits_0(out):
    result = CliRunner().invoke(main, ["validate", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_kg_stats(out, report):
    result = CliRunner().invoke(main, ["stats", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == report["counts"]
    result = CliRunner().invoke(main, ["stats", "-o", str(out)])
    assert result.exit_code == 0
    assert re.search(rf"^entities\s+{report['counts']['entities']}$", result.stdout, flags=re.M)


# ---------------------------------------------------------------- the facts export


def test_csv_headers_are_the_contracts(out):
    headers = contract_headers()
    assert sorted(headers) == sorted(FACT_FILES)
    for name, columns in headers.items():
        raw = (out / "facts" / f"{name}.csv").read_bytes()
        first = raw.decode("utf-8").removeprefix("\ufeff").split("\n", 1)[0]
        assert first.rstrip("\r") == ",".join(columns), name


def test_ontology_export_columns_are_the_contracts():
    assert load_schema().export_columns == contract_headers()


def test_csv_row_counts_match_report(out, report):
    counts = report["counts"]["facts_csv_rows"]
    for name in FACT_FILES:
        assert len(read_rows(out / "facts" / f"{name}.csv")) == counts[name], name
    assert counts["entities"] == report["counts"]["entities"]


def test_evidence_is_a_sentence_of_the_normalized_document(out, docs):
    for name in ("relations", "observations"):
        rows = read_rows(out / "facts" / f"{name}.csv")
        assert rows, f"{name}.csv is empty"
        for row in rows:
            assert row["doc"] in docs, row
            text, sentences = docs[row["doc"]]
            assert row["evidence"].strip(), row
            assert row["evidence"] in text, row
            assert row["evidence"] in sentences, row  # the whole sentence, as split
    for row in read_rows(out / "facts" / "policies.csv"):
        assert row["doc"] in docs, row
        assert row["title"] and not row["title"].startswith("《"), row
        if row["evidence"]:
            assert row["evidence"] in docs[row["doc"]][1], row
        if row["date"]:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["date"]), row


def test_relations_follow_the_ontology(out):
    schema = load_schema()
    rows = read_rows(out / "facts" / "relations.csv")
    entities = {(r["name"], r["type"]) for r in read_rows(out / "facts" / "entities.csv")}
    for row in rows:
        assert row["predicate"] in schema.core_relations, row
        assert schema.allowed(row["predicate"], row["subject_type"], row["object_type"]), row
        assert (row["subject"], row["subject_type"]) in entities, row
        assert (row["object"], row["object_type"]) in entities, row


def test_observations_are_well_formed(out):
    for row in read_rows(out / "facts" / "observations.csv"):
        assert row["kind"] in ("actual", "target"), row
        assert re.fullmatch(r"\d{4}", row["year"]), row
        assert re.fullmatch(r"-?\d+(\.\d+)?", row["value"]), row
        assert row["metric"], row


def test_entities_are_well_formed(out, docs):
    schema = load_schema()
    rows = read_rows(out / "facts" / "entities.csv")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["type"] in schema.entity_classes, row
        assert row["name"], row
        assert row["category"] in ("", "traditional", "emerging", "future"), row
        row_docs = row["docs"].split("|")
        assert row_docs and set(row_docs) <= set(docs), row
        # an entity is named in each document it lists
        names = [row["name"], *filter(None, row["aliases"].split("|"))]
        if row["type"] != "PolicyDocument":
            for d in row_docs:
                assert any(n in docs[d][0] for n in names), (row, d)
    by_name = {(r["name"], r["type"]) for r in rows}
    assert ("河南省", "Province") in by_name
    assert ("郑州市", "City") in by_name or ("郑州", "City") in by_name


# ---------------------------------------------------------------- report.json


def test_report_has_counts_and_timings(report):
    counts = report["counts"]
    for key in ("triples", "entities", "relations", "observations", "policy_facts"):
        assert isinstance(counts[key], int) and counts[key] >= 0, key
    assert counts["entities"] > 0 and counts["triples"] > 0
    assert sum(counts["entities_by_type"].values()) == counts["entities"]
    assert sum(counts["relations_by_predicate"].values()) == counts["relations"]
    timings = report["timings_s"]
    for stage in ("ingest", "extract", "rdf", "shacl", "write", "total"):
        assert isinstance(timings[stage], int | float) and timings[stage] >= 0, stage
    stages = sum(v for k, v in timings.items() if k != "total")
    assert stages <= timings["total"] + 0.01 * len(timings)
    assert report["shacl"]["conforms"] is True
    assert report["skipped"] == []


def test_report_lists_documents(report, docs):
    listed = {d["name"]: d for d in report["documents"]}
    assert sorted(listed) == sorted(docs)
    for name, (text, sentences) in docs.items():
        assert listed[name]["encoding"] == "utf-8"
        assert listed[name]["characters"] == len(text)
        assert listed[name]["sentences"] >= len(sentences) > 0  # sentences may repeat in a file


# ---------------------------------------------------------------- the scorer and determinism


def test_scorer_reads_the_export(out):
    proc = subprocess.run([sys.executable, str(SCORER), str(out / "facts"), str(GOLD), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "missing export file" not in proc.stderr
    scores = json.loads(proc.stdout)
    for key in FACT_FILES:
        for measure in ("precision", "recall", "f1"):
            value = scores[key][measure]
            assert isinstance(value, int | float) and 0.0 <= value <= 1.0, (key, measure, value)
    assert scores["entities"]["recall"] > 0  # the gold's entities are found at all


def test_two_builds_are_byte_identical(builds):
    (out1, out2), results = builds
    for code, _, stderr in results:
        assert code == 0, stderr
    for rel in ["graph.ttl", *(f"facts/{n}.csv" for n in FACT_FILES)]:
        a, b = (out1 / rel).read_bytes(), (out2 / rel).read_bytes()
        assert a == b, f"{rel} differs between two builds"


# ---------------------------------------------------------------- ontology and shapes


def test_shapes_file_is_derived_from_the_ontology():
    stored = Graph()
    stored.parse(ontology_path().with_name("shapes.ttl"), format="turtle")
    assert isomorphic(stored, build_shapes()), "run `python -m kg.rdf.shapes` to regenerate ontology/shapes.ttl"


def _labels(g: Graph, term) -> dict[str, str]:
    return {o.language: str(o) for o in g.objects(term, RDFS.label) if isinstance(o, Literal)}


def test_contract_vocabulary_is_in_the_ontology():
    classes = contract_table("Core classes")
    relations = contract_table("Core relations")
    assert len(classes) == 12 and "Province" in classes and "PolicyDocument" in classes
    assert len(relations) == 7 and "locatedIn" in relations and "supports" in relations
    g = Graph()
    g.parse(ontology_path(), format="turtle")
    for names, kind in ((classes, OWL.Class), (relations, OWL.ObjectProperty)):
        for name in names:
            term = KG[name]
            assert (term, RDF.type, kind) in g, name
            labels = _labels(g, term)
            assert labels.get("zh") and labels.get("en"), (name, labels)
            assert any(str(c).strip() for c in g.objects(term, RDFS.comment)), name
    schema = load_schema()
    assert sorted(schema.entity_classes) == sorted(classes)  # kg:core marks exactly the contract's terms
    assert sorted(schema.core_relations) == sorted(relations)
