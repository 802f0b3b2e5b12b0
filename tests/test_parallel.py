"""The per-document map: worker processes and a Dask LocalCluster give the serial build's bytes;
the cache re-reads only what changed and survives a corrupt entry."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from kg.build import build
from kg.parallel import ReadOptions
from tests.conftest import CORPUS

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there")
DOCS = sorted(CORPUS.glob("*.txt"))[:3] if CORPUS.is_dir() else []


def facts(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "facts").glob("*.csv"))}


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
    fresh = tmp_path / "fresh"
    build(work, fresh, reading=ReadOptions(workers=1, cache=False))
    assert facts(out) == facts(fresh)
    # the cache holds the current documents only: the edited document's old entry is gone
    assert len(list((out / "cache").rglob("*.json"))) == len(DOCS)


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
