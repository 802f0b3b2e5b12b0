"""Shared fixtures: the Neo4j test server plugin (tests/neo4j_fixture.py) and one build of the
sample corpus per session for the store and question tests."""

from pathlib import Path

import pytest

from kg.build import build

pytest_plugins = ["tests.neo4j_fixture"]
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_build(tmp_path_factory) -> Path:
    """The session's one build of ../shared/corpus (default options), made on first use."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not there")
    out = tmp_path_factory.getbasetemp() / "kg-corpus-build" / "out"
    if not (out / "report.json").is_file():
        build(CORPUS, out)
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """One build of ../shared/corpus per session, shared by the store, question, Neo4j and
    quality tests (none of them writes into it)."""
    return corpus_build(tmp_path_factory)
