"""The per-document map: worker processes and a Dask LocalCluster give the serial build's bytes;
the cache re-reads only what changed and survives a corrupt entry."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from kg.build import build
from kg.model import Document
from kg.parallel import ReadOptions
from tests.conftest import CORPUS

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there")
DOCS = sorted(CORPUS.glob("*.txt"))[:3] if CORPUS.is_dir() else []


def facts(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "facts").glob("*.csv"))}


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a build writes but the cache and the database (compared by content), with
    report.json's timings, readings and seconds blanked."""
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
             and p.relative_to(out).parts[0] not in ("cache", "graph.lbdb", ".kg-build.json", "report.json")}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    report["timings_s"] = report["readings"] = None
    for key in ("shacl", "views", "store"):
        report[key]["seconds"] = None
    files["report.json"] = json.dumps(report, ensure_ascii=False, indent=2).encode()
    return files


def database(out: Path) -> list[str]:
    """The database's nodes and relationships, sorted (Ladybug scans tables in parallel)."""
    from kg.store.ladybug import connect

    with connect(out) as db:
        rows = db.run("MATCH (n) RETURN n AS node") + db.run("MATCH (a)-[r]->(b) RETURN a.iri AS a, b.iri AS b, r AS r")
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for p in DOCS:
        shutil.copyfile(p, folder / p.name)
    return folder


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "out"
    report = build(corpus, out, reading=ReadOptions(workers=1, cache=False))
    assert report["readings"]["mode"] == "serial"
    return out


@needs_corpus
def test_two_workers_give_the_serial_bytes(corpus, serial, tmp_path):
    report = build(corpus, tmp_path / "out", reading=ReadOptions(workers=2, cache=False))
    assert report["readings"]["mode"] == "processes" and report["readings"]["workers"] == 2
    assert facts(tmp_path / "out") == facts(serial)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (serial / "graph.ttl").read_bytes()


@needs_corpus
def test_dask_local_cluster_gives_the_serial_bytes(corpus, serial, tmp_path):
    pytest.importorskip("distributed")
    report = build(corpus, tmp_path / "out", reading=ReadOptions(dask_local=2, cache=False))
    assert report["readings"]["mode"] == "dask"
    assert report["readings"]["workers"] == 2
    assert facts(tmp_path / "out") == facts(serial)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (serial / "graph.ttl").read_bytes()


@needs_corpus
def test_an_edited_document_is_read_again_alone(corpus, tmp_path):
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    out = tmp_path / "out"
    first = build(work, out, reading=ReadOptions(workers=1))
    assert first["readings"]["cache"] == {"path": str(out / "cache"), "hits": 0, "misses": len(DOCS), "corrupt": 0}
    edited = work / DOCS[1].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\n郑州市大力发展氢能产业。\n", encoding="utf-8")
    again = build(work, out, reading=ReadOptions(workers=1))
    assert again["readings"]["cache"]["hits"] == len(DOCS) - 1
    assert again["readings"]["cache"]["misses"] == 1
    assert again["readings"]["computed"] == 1
    assert "reused" not in again["store"]["seconds"]  # another graph: the database is loaded again
    fresh = tmp_path / "fresh"
    build(work, fresh, reading=ReadOptions(workers=1, cache=False))
    # byte for byte what a build from scratch writes (the unchanged pages linked to the previous
    # build's files), and the same database
    assert outputs(out) == outputs(fresh)
    assert database(out) == database(fresh)
    # the cache holds the current documents only: the edited document's old entry is gone
    assert len(list((out / "cache").rglob("*.json"))) == len(DOCS)


@needs_corpus
def test_an_unchanged_build_reuses_its_database_and_pages(corpus, serial, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, reading=ReadOptions(workers=1))
    said: list[str] = []
    again = build(corpus, out, say=said.append, reading=ReadOptions(workers=1))
    assert "reused" in again["store"]["seconds"] and "load" not in again["store"]["seconds"]
    assert any("unchanged, linked" in line for line in said)
    assert outputs(out) == outputs(serial)
    assert database(out) == database(serial)
    # a database changed after its build is not reused: the next build loads it again
    from kg.store.ladybug import connect

    with connect(out, read_only=False) as db:
        db.run("CREATE (:City {iri: 'https://example.org/not-from-the-corpus', name: 'x'})")
    third = build(corpus, out, reading=ReadOptions(workers=1))
    assert "load" in third["store"]["seconds"]
    assert database(out) == database(serial)


@needs_corpus
def test_corrupt_cache_entries_are_read_again(corpus, serial, tmp_path):
    cache = tmp_path / "cache"
    build(corpus, tmp_path / "a", reading=ReadOptions(workers=1, cache_dir=cache))
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == len(DOCS) == 3
    for entry, damage in zip(entries[:2], [b"{not json", b'{"format": 1}'], strict=True):
        entry.write_bytes(damage)
    report = build(corpus, tmp_path / "b", reading=ReadOptions(workers=1, cache_dir=cache))
    c = report["readings"]["cache"]
    assert (c["hits"], c["misses"], c["corrupt"]) == (1, 2, 2)
    assert facts(tmp_path / "b") == facts(serial)
    assert all(e.read_bytes().startswith(b'{"format":1') for e in entries)  # rewritten whole


def test_jieba_version_is_read_without_importing_it():
    code = ("import sys; from kg.reading_cache import code_version, jieba_version; v = jieba_version(); "
            "code_version(); print(v, 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [jieba.__version__, "False"]


def test_default_workers_read_small_corpora_in_this_process(monkeypatch):
    """Without --workers, a corpus under PARALLEL_MIN_CHARS characters to read stays in this process
    (a worker pays ~1.5 s to load jieba and the model); from that size on, one worker per core."""
    from kg import parallel

    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 4)
    assert parallel.default_workers(parallel.PARALLEL_MIN_CHARS - 1) == 1
    assert parallel.default_workers(parallel.PARALLEL_MIN_CHARS) == 4
    docs = [Document(name=f"{i}.txt", raw="", encoding="utf-8", text="郑州市大力发展新能源汽车产业。", offsets=[])
            for i in range(3)]
    _, stats = parallel.read_corpus(docs, parallel.ReadOptions())
    assert (stats["mode"], stats["workers"]) == ("serial", 1)
