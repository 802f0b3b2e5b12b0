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
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.build
from kg import csvout
from kg.cli import main
from kg.ingest.split import FIXED_WIDTH


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


def _flatten_and_remove(root: Path) -> None:
    """Remove ``root`` however deep it is: shutil.rmtree recurses and fails past ~1000 levels (pytest's
    own clean-up too), so every folder is first moved up to ``root`` (short paths, no recursion)."""
    todo = [p for p in root.iterdir() if p.is_dir() and not p.is_symlink()]
    n = 0
    while todo:
        folder = todo.pop()
        for sub in [p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()]:
            n += 1
            todo.append(sub.rename(root / f"_flat{n}"))
    shutil.rmtree(root)


@pytest.fixture
def site(tmp_path, previous) -> Iterator[tuple[Path, Path]]:
    """``(corpus, out)`` in a fresh folder: a corpus with one good file, OUT a copy of the previous build."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    shutil.copytree(previous, tmp_path / "out")
    yield corpus, tmp_path / "out"
    if corpus.is_dir():
        _flatten_and_remove(corpus)


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
        [], [], None, lambda out: (out / "facts" / "relations.csv").stat().st_size < 1_000_000
        and max(d["characters"] / max(d["sentences"], 1) for d in _report(out)["documents"]) <= FIXED_WIDTH),
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


# ------------------------------------------------------------------------ where a build may go
def _out_is_corpus(tmp: Path, corpus: Path, out: Path) -> list[str]:
    (corpus / "report.json").write_text("{}", encoding="utf-8")  # the old check took this for a build
    return ["build", str(corpus), "-o", str(corpus)]


def _out_holds_corpus(tmp: Path, corpus: Path, out: Path) -> list[str]:
    inner = out / "docs"
    shutil.copytree(corpus, inner)
    return ["build", str(inner), "-o", str(out)]


def _foreign_file_in_out(tmp: Path, corpus: Path, out: Path) -> list[str]:
    (out / "thesis.docx").write_bytes(b"precious")
    return ["build", str(corpus), "-o", str(out)]


def _out_is_symlink(tmp: Path, corpus: Path, out: Path) -> list[str]:
    (tmp / "link").symlink_to(out)
    return ["build", str(corpus), "-o", str(tmp / "link")]


def _locked(tmp: Path, corpus: Path, out: Path) -> list[str]:
    return ["build", str(corpus), "-o", str(out)]


# name → (set up and give the arguments, words of the one-line error)
OUT_PROBES = {
    "out_is_the_corpus": (_out_is_corpus, ["corpus folder"]),
    "out_holds_the_corpus": (_out_holds_corpus, ["corpus folder or holds it"]),
    "foreign_file_in_out": (_foreign_file_in_out, ["did not write", "thesis.docx"]),
    "out_is_a_symlink": (_out_is_symlink, ["symbolic link"]),
    "another_build_running": (_locked, ["another kg build"]),
}


@needs_corpus
@pytest.mark.parametrize("probe", OUT_PROBES, ids=str)
def test_refused_out_leaves_everything_as_it_was(site, probe):
    corpus, out = site
    tmp = corpus.parent
    make, words = OUT_PROBES[probe]
    args = make(tmp, corpus, out)
    before = snapshot(tmp)
    if probe == "another_build_running":
        with kg.build.build_lock(out):
            result = invoke(*args)
    else:
        result = invoke(*args)
    one_line_error(result, *words)
    assert snapshot(tmp) == before  # the corpus, the previous build, everything byte for byte
    assert sorted(p.name for p in tmp.iterdir()) == sorted({"corpus", "out", *(["link"] if "symlink" in probe else [])})


@needs_corpus
def test_folders_named_like_old_temporaries_are_left_alone(site):
    corpus, out = site
    for name in ("out.partial", "out.old"):
        (out.parent / name).mkdir()
        (out.parent / name / "mine.txt").write_text("user data", encoding="utf-8")
    assert invoke("build", str(corpus), "-o", str(out), "-q").exit_code == 0
    for name in ("out.partial", "out.old"):
        assert (out.parent / name / "mine.txt").read_text(encoding="utf-8") == "user data"


@needs_corpus
def test_two_builds_at_once_never_destroy_the_build(site):
    """Two real processes into one OUT: each ends with success or the lock's one line, and OUT is a
    complete build afterwards."""
    corpus, out = site
    kg_exe = Path(sys.executable).with_name("kg")
    procs = [subprocess.Popen([str(kg_exe), "build", str(corpus), "-o", str(out), "-q"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert any(rc == 0 for rc, _ in results), results
    for rc, err in results:
        assert rc == 0 or (rc == 1 and "another kg build is writing" in err and "Traceback" not in err), err
    assert kg.build.read_manifest(out)["complete"] is True and "good.txt" in _doc_names(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["corpus", "out"]


def test_interrupted_swap_is_recovered(site):
    """Killed between the two renames: OUT is missing, the complete new build waits beside it."""
    corpus, out = site
    waiting = out.with_name(".out.kg-tmp-deadbeef")
    out.rename(waiting)
    half = out.with_name(".out.kg-tmp-0badf00d")  # a build killed midway: incomplete, ours
    half.mkdir()
    (half / kg.build.MANIFEST).write_text(json.dumps({"kg_build": 1, "complete": False}), encoding="utf-8")
    foreign = out.with_name(".out.kg-tmp-notours")  # named like ours, without the manifest
    foreign.mkdir()
    before = snapshot(waiting)
    said: list[str] = []
    kg.build.recover(out, said.append)
    assert snapshot(out) == before and "recovered" in said[0]
    assert not half.exists() and not waiting.exists() and foreign.is_dir()


def test_swap_keeps_a_complete_build_at_every_instant(tmp_path):
    old, new = tmp_path / "out", tmp_path / ".out.kg-tmp-1"
    for folder, tag in ((old, b"old"), (new, b"new")):
        folder.mkdir()
        (folder / "graph.ttl").write_bytes(tag)
    kg.build.swap_in(new, old)
    assert (old / "graph.ttl").read_bytes() == b"new" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# ----------------------------------------------------------------------- kg query is read-only
LADYBUG_REFUSED = [
    "CHECKPOINT",
    "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
    "LOAD WITH HEADERS (a STRING) FROM '/etc/hostname' RETURN *",
    "INSTALL httpfs",
    "LOAD EXTENSION httpfs",
    "COPY (MATCH (c:City) RETURN c.name) TO '{tmp}/leak.csv'",
    "COPY City FROM '{tmp}/leak.csv'",
    "EXPORT DATABASE '{tmp}/dump'",
    "IMPORT DATABASE '{tmp}/dump'",
    "ATTACH '{tmp}/other.lbdb' AS other (dbtype lbug)",
    "CREATE (:City {{iri: 'x', name: 'x'}})",
    "MATCH (c:City) SET c.name = 'x'",
    "MATCH (c:City) DETACH DELETE c",
    "MATCH (c:City) REMOVE c.name",
    "UNWIND [1] AS i MERGE (:City {{iri: 'y'}})",
    "DROP TABLE City",
    "ALTER TABLE City ADD x STRING",
    "CALL threads=1",
    "MATCH (c:City) RETURN c.name; CREATE (:City {{iri: 'z'}})",
    "/* a comment */ CHECKPOINT",
]


@needs_corpus
@pytest.mark.parametrize("statement", LADYBUG_REFUSED)
def test_kg_query_refuses_writes_files_and_extensions(previous, tmp_path, statement):
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = snapshot(out)
    one_line_error(invoke("query", statement.format(tmp=tmp_path), "-o", str(out)), "refused")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no file written, none read into OUT
    ok = invoke("query", "MATCH (c:City) RETURN count(c) AS n", "-o", str(out), "--format", "json")
    assert ok.exit_code == 0 and json.loads(ok.stdout)[0]["n"] > 0  # the database still works


@needs_corpus
@pytest.mark.parametrize("statement", [
    "MATCH (c:City) WHERE c.name <> 'CREATE; LOAD FROM x' RETURN c.name AS `set` LIMIT 1",
    "CALL show_tables() RETURN *",
    "MATCH (a)-[r]->(b) RETURN r.aid AS aid LIMIT 1 // DELETE in a comment",
])
def test_kg_query_reads(previous, statement):
    result = invoke("query", statement, "-o", str(previous), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


def test_ladybug_read_only_database_refuses_writes_by_itself(previous):
    """Behind the allow-list: the database is opened read-only."""
    from kg.queries.runner import QueryError
    from kg.store.ladybug import connect

    with connect(previous, read_only=True) as db, pytest.raises(QueryError, match="read-only"):
        db.run("CREATE (:City {iri: 'x', name: 'x'})")


# ------------------------------------------------------------------------------------ Neo4j
@pytest.mark.neo4j
def test_neo4j_query_is_read_only_on_the_real_server(neo4j_server, monkeypatch):
    import neo4j

    from kg.queries.runner import QueryError
    from kg.store.neo4j import Neo4jBackend

    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        driver.execute_query("MATCH (n:SafetyProbe) DETACH DELETE n")
        driver.execute_query("CREATE (:SafetyProbe {id: 1})")

        def probes() -> int:
            return driver.execute_query("MATCH (n:SafetyProbe) RETURN count(n) AS c").records[0]["c"]

        # the command: refused by the allow-list, nothing changes on the server
        for statement in ("CREATE (:SafetyProbe {id: 2})", "MATCH (n:SafetyProbe) DETACH DELETE n",
                          "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
                          "CALL dbms.security.createUser('x', 'y', false)"):
            one_line_error(invoke("query", statement, "--uri", neo4j_server.uri, "--user", neo4j_server.user),
                           "refused")
        ok = invoke("query", "MATCH (n:SafetyProbe) RETURN n.id AS id", "--uri", neo4j_server.uri,
                    "--user", neo4j_server.user, "--format", "json")
        assert ok.exit_code == 0 and json.loads(ok.stdout) == [{"id": 1}], ok.output
        with Neo4jBackend(neo4j_server.uri, neo4j_server.user) as backend:
            # the backend applies the allow-list too: LOAD CSV is a read clause, and this server
            # (like a default Neo4j) lets a read transaction read its files
            with pytest.raises(QueryError, match="refused"):
                backend.run("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line LIMIT 1")
            # behind the allow-list, the read transaction: the server itself refuses writes
            monkeypatch.setattr("kg.store.readonly.check_read_only", lambda _c: None)
            for statement in ("CREATE (:SafetyProbe {id: 3})", "MATCH (n:SafetyProbe) DETACH DELETE n"):
                with pytest.raises(QueryError) as refused:
                    backend.run(statement)
                assert "Writing in read access mode not allowed" in str(refused.value)
        assert probes() == 1
        driver.execute_query("MATCH (n:SafetyProbe) DETACH DELETE n")


# ------------------------------------------------------------------------------- credentials
def test_scrub_replaces_whole_tokens_only(monkeypatch):
    from kg.store.neo4j import scrub

    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    assert scrub("Unexpected x failure: secret x.") == "Unexpected *** failure: secret ***."
    assert scrub("login bolt://neo4j:pa55@db:7687 failed", "pa55") == "login bolt://neo4j:***@db:7687 failed"
    assert scrub("a pa55word for pa55", "pa55") == "a pa55word for ***"


@pytest.mark.parametrize("command", [["query", "RETURN 1"], ["load"], ["chain", "郑州"]])
def test_uri_with_password_is_refused_without_printing_it(previous, command):
    result = invoke(*command, "-o", str(previous), "--uri", "bolt://neo4j:hunter2@127.0.0.1:1")
    error = one_line_error(result, "holds a password", "NEO4J_PASSWORD")
    assert "hunter2" not in result.output and "***" in error
