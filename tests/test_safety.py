"""Safety: nothing lost, nothing leaked (issue 12).

CSV cells are escaped against formula injection; builds never destroy data they did not write;
one bad input file is skipped or decoded lossily while the rest is built; ``kg query`` is
read-only on both backends; credentials never reach a message.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.build
from kg import csvout
from kg.cli import main


# ------------------------------------------------------------------------------------------ CSV
@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-", "'-"),
    ("-3.5", "-3.5"), ("+2", "+2"), ("1e-3", "1e-3"), ("-.5", "-.5"), (-3.5, "-3.5"),
    ("郑州", "郑州"), ("a=b", "a=b"), (None, ""), ("", ""),
])
def test_csv_cell_escaping(cell, written):
    assert csvout.escape_cell(cell) == written


def test_csv_file_has_bom_and_rows_survive_cr(tmp_path):
    path = tmp_path / "x.csv"
    n = csvout.write_csv(path, ["doc", "value"], [["a\rb.txt", -3.5], {"doc": "=HYPERLINK()", "value": 2}])
    raw = path.read_bytes()
    assert n == 2 and raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw.replace(b'"a\rb.txt"', b"")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["doc", "value"], ["a\rb.txt", "-3.5"], ["'=HYPERLINK()", "2"]]
    assert float(rows[1][1]) == -3.5


def test_csv_text_for_stdout_has_no_bom():
    text = csvout.csv_text(["a"], [["@x"], [None]])
    assert text == "a\n'@x\n\"\"\n"
    assert list(csv.reader(io.StringIO(text)))[1] == ["'@x"]


# ------------------------------------------------------------------------------- build fixtures
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SMALL = "000_683edb0f08ce512f.txt"  # the smallest corpus file: a quick build
needs_corpus = pytest.mark.skipif(not (CORPUS / SMALL).is_file(), reason="../shared/corpus is not there")
GOOD = "河南省郑州市发展装备制造产业。洛阳市建设新材料产业集群，郑煤机等龙头企业位于郑州市。\n"


def invoke(*args: str):
    """``kg ARGS`` in this process (faster than a subprocess: jieba and Ladybug load once)."""
    return CliRunner().invoke(main, list(args))


def one_line_error(result, *words: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    for w in words:
        assert w in errors[0], (w, errors[0])
    return errors[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A complete build of a tiny corpus: each probe starts from a copy of it as OUT."""
    corpus = tmp_path_factory.mktemp("prev") / "corpus"
    corpus.mkdir()
    (corpus / "prev.txt").write_text(GOOD, encoding="utf-8")
    out = corpus.parent / "out"
    result = invoke("build", str(corpus), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def site(tmp_path, previous) -> tuple[Path, Path]:
    """``(corpus, out)`` in a fresh folder: a corpus with one good file, OUT a copy of the previous build."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    shutil.copytree(previous, tmp_path / "out")
    return corpus, tmp_path / "out"


# --------------------------------------------------------------------------- bad input files
def _deep(corpus: Path, depth: int, name: str = "d") -> Path:
    """``depth`` nested folders made one at a time (relative to an open folder: no path length limit)."""
    fd = os.open(corpus, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        with os.fdopen(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8") as fh:
            fd = -1
            fh.write("许昌市发展假发产业。\n")
    finally:
        if fd >= 0:
            os.close(fd)
    return corpus


TEXT_16K = ("河南省郑州市发展装备制造产业，打造千亿级产业集群。" * 400)[:5400]


def _bad_bytes(data: bytes, *at: int) -> bytes:
    """``data`` with a 0xFF byte inserted so that it lands at each offset of ``at`` (ascending)."""
    b = bytearray(data)
    for i in at:
        b.insert(i, 0xFF)
    return bytes(b)


# name → (write the bad entry into the corpus, what "skipped" holds, what "repaired" holds,
#         how many replacement characters the bad document has, a check of the build)
INPUT_PROBES = {
    "utf8_bom_one_bad_byte": (
        lambda c: (c / "bom.txt").write_bytes(b"\xef\xbb\xbf" + _bad_bytes(TEXT_16K.encode(), 30)),
        [], ["bom.txt", "1 undecodable", "at byte 33"], ("bom.txt", 1), None),
    "utf16_bom_odd_byte": (
        lambda c: (c / "odd.txt").write_bytes(GOOD.encode("utf-16") + b"\x41"),
        [], ["odd.txt", "1 undecodable"], ("odd.txt", 1), None),
    "utf16_lone_surrogate": (
        lambda c: (c / "sur.txt").write_bytes(
            b"\xff\xfe" + ("郑州市\ud800" + GOOD).encode("utf-16-le", errors="surrogatepass")),
        [], ["sur.txt", "at byte 8"], ("sur.txt", 1), None),
    "three_bad_bytes_in_16kb": (
        lambda c: (c / "three.txt").write_bytes(_bad_bytes(TEXT_16K.encode(), 3000, 9001, 15002)),
        [], ["three.txt", "3 undecodable", "at byte 3000"], ("three.txt", 3), None),
    "nul_inside_sentences": (
        lambda c: (c / "nul.txt").write_text(GOOD.replace("装备", "装\x00备") * 3 + "信阳市\x07发展茶产业。",
                                             encoding="utf-8"),
        [], ["nul.txt", "4 control"], None, lambda out: "\x00" not in (out / "graph.ttl").read_text("utf-8")),
    "name_with_invalid_utf8": (
        lambda c: (Path(os.fsdecode(bytes(c) + b"/bad\xff.txt"))).write_text(GOOD, encoding="utf-8"),
        [], [], None, lambda out: "bad\\xff.txt" in _doc_names(out)),
    "name_with_cr": (
        lambda c: (c / "a\rb.txt").write_text(GOOD, encoding="utf-8"),
        [], [], None, lambda out: "a\\x0db.txt" in _doc_names(out) and _csv_rows_well_formed(out)),
    "deep_tree_1100": (lambda c: _deep(c, 1100), [], [], None,
                       lambda out: any(n.endswith("/d/deep.txt") for n in _doc_names(out))),
    "path_too_long_to_list": (lambda c: _deep(c, 900, "ddddd"), ["File name too long"], [], None, None),
    "symlink_out_of_corpus": (
        lambda c: (c / "passwd.txt").symlink_to("/etc/passwd"),
        ["passwd.txt: symbolic link to a place outside the corpus folder, not followed"], [], None,
        lambda out: "root:" not in (out / "graph.ttl").read_text("utf-8")),
    "symlink_inside_corpus": (
        lambda c: (c / "again.txt").symlink_to(c / "good.txt"), [], [], None,
        lambda out: "again.txt" in _doc_names(out)),
    "broken_symlink": (lambda c: (c / "gone.txt").symlink_to(c / "nowhere.txt"), ["gone.txt: broken symbolic link"],
                       [], None, None),
    "binary_file": (lambda c: (c / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8),
                    ["img.txt: binary file"], [], None, None),
    "no_punctuation_40k": (
        lambda c: (c / "run.txt").write_text(("郑州市发展装备制造产业洛阳市建设新材料产业" * 2000)[:40000],
                                             encoding="utf-8"),
        [], [], None, lambda out: (out / "facts" / "relations.csv").stat().st_size < 5_000_000
        and max(d["characters"] / max(d["sentences"], 1) for d in _report(out)["documents"]) <= 400),
}


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _doc_names(out: Path) -> set[str]:
    return {d["name"] for d in _report(out)["documents"]}


def _csv_rows_well_formed(out: Path) -> bool:
    for f in (out / "facts").glob("*.csv"):
        with f.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        if any(len(r) != len(rows[0]) for r in rows):
            return False
    return True


@needs_corpus
@pytest.mark.parametrize("probe", INPUT_PROBES, ids=str)
def test_bad_input_file_is_skipped_or_repaired_never_fatal(site, probe):
    corpus, out = site
    make, skipped, repaired, replaced, check = INPUT_PROBES[probe]
    make(corpus)
    result = invoke("build", str(corpus), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = _report(out)
    assert "good.txt" in _doc_names(out)  # the rest is built
    for words in (skipped,):
        for w in words:
            assert any(w in line for line in report["skipped"]), (w, report["skipped"])
    assert all(w in " ".join(report["repaired"]) for w in repaired), report["repaired"]
    if replaced:
        doc = next(d for d in report["documents"] if d["name"] == replaced[0])
        assert doc["replacement_characters"] == replaced[1]
    if check:
        assert check(out)
    assert kg.build.read_manifest(out)["complete"] is True
    assert sorted(p.name for p in out.parent.iterdir()) == ["corpus", "out"]  # nothing left beside OUT
