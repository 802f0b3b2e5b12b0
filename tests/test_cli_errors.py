"""The command line on bad input: one-line errors, no tracebacks, nothing half-written left behind."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.build
from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SMALL = "000_683edb0f08ce512f.txt"  # the smallest corpus file: a quick build
KG_EXE = Path(sys.executable).with_name("kg")
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16

needs_corpus = pytest.mark.skipif(not (CORPUS / SMALL).is_file(), reason="../shared/corpus is not there")


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [str(KG_EXE), *args] if KG_EXE.is_file() else [sys.executable, "-m", "kg.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=cwd)


def assert_one_line_error(proc: subprocess.CompletedProcess, *words: str) -> str:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, proc.stderr
    assert proc.stderr.rstrip("\n").splitlines()[-1] == errors[0]  # the error is the last word
    for w in words:
        assert w in errors[0], (w, errors[0])
    return errors[0]


def entity_rows(out: Path) -> list[dict[str, str]]:
    with (out / "facts" / "entities.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def small_builds(tmp_path_factory):
    """Two builds of one corpus file: UTF-8 beside a binary .txt file, and a GB18030 copy alone."""
    base = tmp_path_factory.mktemp("cli")
    mixed, gb = base / "mixed", base / "gb"
    mixed.mkdir()
    gb.mkdir()
    shutil.copyfile(CORPUS / SMALL, mixed / SMALL)
    (mixed / "broken.txt").write_bytes(BINARY)
    (gb / SMALL).write_bytes((CORPUS / SMALL).read_text(encoding="utf-8").encode("gb18030"))
    return {
        "mixed": (base / "out_mixed", run_kg("build", str(mixed), "-o", str(base / "out_mixed"))),
        "gb": (base / "out_gb", run_kg("build", str(gb), "-o", str(base / "out_gb"))),
    }


# ---------------------------------------------------------------- bad corpus folders


def test_missing_corpus_folder(tmp_path):
    out = tmp_path / "deep" / "out"
    proc = run_kg("build", str(tmp_path / "no-such-folder"), "-o", str(out))
    assert_one_line_error(proc, "not found", "no-such-folder")
    assert leftovers(tmp_path) == []  # not even OUT's parent folder


def test_empty_corpus_folder(tmp_path):
    (tmp_path / "corpus").mkdir()
    proc = run_kg("build", str(tmp_path / "corpus"), "-o", str(tmp_path / "out"))
    assert_one_line_error(proc, "no .txt or .md")
    assert leftovers(tmp_path) == ["corpus"]


def test_corpus_is_a_file(tmp_path):
    (tmp_path / "a.txt").write_text("河南省", encoding="utf-8")
    proc = run_kg("build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"))
    assert_one_line_error(proc, "not a folder")
    assert leftovers(tmp_path) == ["a.txt"]


def test_corpus_with_only_unreadable_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.txt").write_bytes(BINARY)
    (corpus / "empty.md").write_bytes(b"")
    proc = run_kg("build", str(corpus), "-o", str(tmp_path / "out"))
    assert_one_line_error(proc, "no readable document")
    assert "broken.txt" in proc.stderr and "empty.md" in proc.stderr  # each skip is reported
    assert leftovers(tmp_path) == ["corpus"]


@needs_corpus
def test_binary_file_skipped_with_a_warning(small_builds):
    out, proc = small_builds["mixed"]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "broken.txt" in warnings[0], proc.stderr
    rows = entity_rows(out)
    assert ("河南省", "Province") in {(r["name"], r["type"]) for r in rows}
    assert {d for r in rows for d in r["docs"].split("|")} == {SMALL}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [d["name"] for d in report["documents"]] == [SMALL]
    assert len(report["skipped"]) == 1 and "broken.txt" in report["skipped"][0]


@needs_corpus
def test_gb18030_copy_gives_the_same_facts(small_builds):
    (out_utf8, p1), (out_gb, p2) = small_builds["mixed"], small_builds["gb"]
    assert p1.returncode == 0 and p2.returncode == 0, p1.stderr + p2.stderr
    report = json.loads((out_gb / "report.json").read_text(encoding="utf-8"))
    assert report["documents"][0]["encoding"] == "gb18030"
    utf8_rows, gb_rows = entity_rows(out_utf8), entity_rows(out_gb)
    assert len(gb_rows) > 0
    assert {(r["name"], r["type"]) for r in gb_rows} == {(r["name"], r["type"]) for r in utf8_rows}
    # same file name in both corpora, so every file of the export is the same
    for name in ("entities", "relations", "observations", "policies"):
        a = (out_utf8 / "facts" / f"{name}.csv").read_bytes()
        b = (out_gb / "facts" / f"{name}.csv").read_bytes()
        assert a == b, name


# ---------------------------------------------------------------- commands that need a build


@pytest.mark.parametrize("command", ["stats", "validate"])
def test_command_without_a_build(command, tmp_path):
    proc = run_kg(command, "-o", str(tmp_path / "missing"))
    assert_one_line_error(proc, "no build in", "kg build")
    assert not (tmp_path / "missing").exists()


def test_validate_a_broken_graph(tmp_path):
    (tmp_path / "graph.ttl").write_text("@prefix kg: <https://w3id.org/kg-henan/ontology#> .\nkg:a kg:b\n",
                                        encoding="utf-8")
    proc = run_kg("validate", "-o", str(tmp_path))
    assert_one_line_error(proc, "not valid Turtle")


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("args", [[], ["build"], ["stats"], ["validate"]])
def test_help_shows_an_example(args):
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    example = [line for line in result.output.splitlines() if line.strip().startswith("kg ")]
    assert example, result.output
    if args:
        assert any(line.split()[1] == args[0] for line in example)


def test_kg_help_as_a_process():
    proc = run_kg("--help")
    assert proc.returncode == 0
    assert "Example" in proc.stdout and "build" in proc.stdout


# ---------------------------------------------------------------- where the build goes


@needs_corpus
def test_out_under_a_regular_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / SMALL, corpus / SMALL)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    proc = run_kg("build", str(corpus), "-o", str(tmp_path / "afile" / "out"))
    assert_one_line_error(proc, "cannot write", "afile")
    assert leftovers(tmp_path) == ["afile", "corpus"]
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "x"


@needs_corpus
def test_out_is_a_regular_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / SMALL, corpus / SMALL)
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    proc = run_kg("build", str(corpus), "-o", str(tmp_path / "notes.txt"))
    assert_one_line_error(proc, "cannot write", "notes.txt")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert leftovers(tmp_path) == ["corpus", "notes.txt"]


@needs_corpus
@pytest.mark.parametrize("target", [".", "mydocs"])
def test_out_is_a_folder_that_is_not_a_build(tmp_path, target):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / SMALL, corpus / SMALL)
    (tmp_path / "mydocs").mkdir()
    (tmp_path / "mydocs" / "thesis.docx").write_bytes(b"precious")
    # `-o .` from inside the folder, `-o mydocs` from beside it
    proc = run_kg("build", str(corpus), "-o", target, cwd=tmp_path / "mydocs" if target == "." else tmp_path)
    assert_one_line_error(proc, "cannot write", "not replacing")
    assert leftovers(tmp_path) == ["corpus", "mydocs"]
    assert leftovers(tmp_path / "mydocs") == ["thesis.docx"]
    assert (tmp_path / "mydocs" / "thesis.docx").read_bytes() == b"precious"


@needs_corpus
def test_unwritable_out_fails_before_extraction(tmp_path, monkeypatch):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    calls = []

    def extract(*args, **kwargs):
        calls.append(args)
        raise AssertionError("extraction ran although OUT cannot be written")

    monkeypatch.setattr(kg.build, "extract", extract)
    with pytest.raises(NotADirectoryError):
        kg.build.build(CORPUS, tmp_path / "afile" / "out")
    assert calls == []


# ---------------------------------------------------------------- a build that fails midway


@needs_corpus
@pytest.mark.parametrize("stage", ["extract", "to_rdf", "write_facts"])
@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_failed_build_leaves_nothing(tmp_path, monkeypatch, stage, error):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / SMALL, corpus / SMALL)
    seen = []

    def boom(*args, **kwargs):
        seen.append(stage)
        raise error("stage failed")

    monkeypatch.setattr(kg.build, stage, boom)
    with pytest.raises(error):
        kg.build.build(corpus, tmp_path / "out")
    assert seen, f"{stage} was not called"
    assert leftovers(tmp_path) == ["corpus"]  # no out, no out.partial


@needs_corpus
def test_failed_rebuild_keeps_the_previous_build(tmp_path, monkeypatch, small_builds):
    previous, proc = small_builds["mixed"]
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / SMALL, corpus / SMALL)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(kg.build, "write_facts", boom)
    with pytest.raises(RuntimeError):
        kg.build.build(corpus, out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert leftovers(tmp_path) == ["corpus", "out"]


@needs_corpus
def test_rebuild_replaces_the_previous_build(tmp_path, small_builds):
    previous, proc = small_builds["mixed"]
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    (out / "stale.txt").write_text("not written by kg", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / SMALL, corpus / SMALL)
    with pytest.raises(kg.build.BuildError, match="stale.txt"):  # a file kg did not write is never deleted
        kg.build.build(corpus, out)
    assert (out / "stale.txt").read_text(encoding="utf-8") == "not written by kg"
    (out / "stale.txt").unlink()
    report = kg.build.build(corpus, out)
    assert (out / "facts" / "entities.csv").read_bytes() == (previous / "facts" / "entities.csv").read_bytes()
    assert report["counts"]["facts_csv_rows"]["entities"] == len(entity_rows(out))
    assert leftovers(tmp_path) == ["corpus", "out"]
