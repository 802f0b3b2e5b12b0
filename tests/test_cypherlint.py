"""Tests of the Cypher lint helper (tests/cypherlint.py and tests/cypher_lint/lint.mjs).

Tests that need the linter skip when node or tests/cypher_lint/node_modules is missing,
unless KG_REQUIRE_LINT=1, in which case they fail.
"""

from __future__ import annotations

import subprocess

import pytest

from tests import cypherlint

VALID = {
    "unwind_merge": "UNWIND $rows AS r MERGE (n:Enterprise {iri: r.iri}) SET n.name = r.name",
    "shortest_path": "MATCH p = shortestPath((a {iri: $a})-[*..6]-(b {iri: $b})) RETURN p",
    "constraint": "CREATE CONSTRAINT x IF NOT EXISTS FOR (n:City) REQUIRE n.iri IS UNIQUE",
    "edge_upsert": (
        "UNWIND $rows AS r MATCH (a:Enterprise {iri: r.src}), (b:City {iri: r.dst}) "
        "MERGE (a)-[:LOCATED_IN]->(b)"
    ),
    "backticked_param": "MATCH (n:City) WHERE n.iri IN $`city iris` RETURN n.name SKIP $skip LIMIT $limit",
    "multiline": "MATCH (a:Enterprise {iri: $iri})\n  -[:LOCATED_IN]->(c:City)\nRETURN c.name AS city",
}

BROKEN = {
    "unclosed_node": "MATCH (n RETURN n",
    "bare_dollar": "MATCH (n) RETURN n LIMIT $",
    "undefined_variable": "MATCH (n)\nRETURN m",
    "undirected_create": "CREATE (a)-[:R]-(b)",
}

WARNING_ONLY = {"deprecated_id": "MATCH (n) RETURN id(n)"}
UNKNOWN_FUNCTION = {"kuzu_list_contains": "MATCH (n) WHERE list_contains(n.tags, $t) RETURN n"}


@pytest.fixture(scope="module")
def results():
    """One linter run for every statement above (each run pays ~1-2 s of start-up)."""
    cypherlint.require()
    return cypherlint.lint({**VALID, **BROKEN, **WARNING_ONLY, **UNKNOWN_FUNCTION})


def test_every_statement_gets_a_result(results):
    assert set(results) == {*VALID, *BROKEN, *WARNING_ONLY, *UNKNOWN_FUNCTION}
    for diagnostics in results.values():
        for d in diagnostics:
            assert set(d) == {"severity", "message", "line", "col"}
            assert d["severity"] in (1, 2, 3, 4)
            assert d["line"] >= 1 and d["col"] >= 1


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_parameterized_statement_has_no_error(results, name):
    assert [d for d in results[name] if d["severity"] == cypherlint.ERROR] == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_statement_has_an_error(results, name):
    assert any(d["severity"] == cypherlint.ERROR for d in results[name]), results[name]


def test_error_positions_are_one_based(results):
    (unclosed,) = results["unclosed_node"]
    assert (unclosed["line"], unclosed["col"]) == (1, 10)  # at RETURN
    assert "RETURN" in unclosed["message"]
    (undefined,) = results["undefined_variable"]
    assert (undefined["line"], undefined["col"]) == (2, 8)  # at m
    assert "m" in undefined["message"]


def test_warnings_are_reported_but_are_not_errors(results):
    assert [d["severity"] for d in results["deprecated_id"]] == [2]
    assert "deprecated_id" not in cypherlint.errors(WARNING_ONLY)


def test_function_names_are_checked_only_on_request(results):
    assert results["kuzu_list_contains"] == []
    found = cypherlint.errors(UNKNOWN_FUNCTION, neo4j_functions=True)
    assert "list_contains" in found["kuzu_list_contains"][0]["message"]


def test_errors_lists_only_failing_statements():
    cypherlint.require()
    found = cypherlint.errors({"ok": VALID["unwind_merge"], "bad": BROKEN["unclosed_node"]})
    assert list(found) == ["bad"]
    assert all(d["severity"] == cypherlint.ERROR for d in found["bad"])


def test_empty_input_needs_no_linter():
    assert cypherlint.lint({}) == {}
    assert cypherlint.errors({}) == {}


def test_script_exits_nonzero_on_bad_input():
    cypherlint.require()
    proc = subprocess.run(
        ["node", str(cypherlint.SCRIPT)], input="not json", capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    with pytest.raises(cypherlint.LintError):
        cypherlint.lint({"x": "RETURN 1"}, cypher="4")


def test_require_skips_or_fails_when_linter_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(cypherlint, "PACKAGE_JSON", tmp_path / "missing" / "package.json")
    monkeypatch.setattr(cypherlint.shutil, "which", lambda name: "/usr/bin/node")
    assert not cypherlint.available()
    assert "npm ci --prefix tests/cypher_lint" in cypherlint.unavailable_reason()
    monkeypatch.delenv("KG_REQUIRE_LINT", raising=False)
    with pytest.raises(pytest.skip.Exception):
        cypherlint.require()
    monkeypatch.setenv("KG_REQUIRE_LINT", "1")
    with pytest.raises(pytest.fail.Exception):
        cypherlint.require()
