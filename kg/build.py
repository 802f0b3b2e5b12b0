"""``kg build``: corpus folder → graph.ttl, facts/*.csv, report.json (and the embedded database).

What a build may touch, and why it never loses data:

- **A lock per OUT** (``.OUT.kg-lock`` beside OUT, removed at the end): a second build into the
  same OUT fails at once with one line instead of sharing its files.
- **A unique temporary folder** (``.OUT.kg-tmp-XXXX`` beside OUT) per build; the finished build is
  swapped into place with one atomic exchange of the two folders (Linux), else by renaming the old
  build aside (``.OUT.kg-old-XXXX``) only after the new one is complete. If a run is killed
  between those renames, the next run puts the complete build back in place before anything else.
- **A manifest** (``OUT/.kg-build.json``) marks a folder as a build written by ``kg``; only such a
  folder (or an empty one, or a pre-manifest build holding nothing but build files) is replaced,
  and only when every entry in it was written by ``kg``. OUT may not be the corpus folder or hold
  it. Leftover temporary folders are removed only when they carry the manifest.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import errno
import json
import os
import secrets
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.extract.pipeline import extract
from kg.ingest.loader import BUILD_MARKER, corpus_files, display_name, load_corpus
from kg.parallel import ReadOptions, build_cache, read_corpus
from kg.rdf.export import write_facts
from kg.rdf.graph import to_rdf, write_turtle
from kg.rdf.shapes import validate

Say = Callable[[str], None]
# Later stages (the embedded database, the HTML views) register here: fn(out_dir, graph, report, say).
# A stage with ``reuses_previous = True`` is also given ``previous=`` (a :class:`Previous`, or None)
# and may return a dict, kept for it in the manifest and handed back in the next build's
# ``previous.state``: what it needs to tell that an output of the previous build is still right.
# A stage with ``runs_apart = True`` (the database) may run in a forked child process where that is
# safe (Linux, no other thread running, KG_FORK=1), beside SHACL, the files and the views; it writes
# only its own file in the temporary folder and its own keys of the report. Off by default: on two
# busy cores it gained nothing (README, "Speed and size").
POST_BUILD: list[Callable] = []
POST_BUILD.append(__import__("kg.store.ladybug", fromlist=["load_build"]).load_build)  # OUT/graph.lbdb
POST_BUILD.append(__import__("kg.views.site", fromlist=["views"]).views)  # OUT/html pages (kg/views/site.py)

MANIFEST = BUILD_MARKER
MANIFEST_VERSION = 1
# What OUT may hold besides the manifest's files: `kg export` writes OUT/export by default.
ALSO_WRITTEN_BY_KG = {"export", MANIFEST}
# A build from before manifests existed holds only these.
LEGACY_ENTRIES = {"graph.ttl", "facts", "graph.lbdb", "graph.lbdb.wal", "html", "report.json", "export"}


class BuildError(Exception):
    """The build was refused (OUT is not a build, holds the corpus, is locked); a one-line reason."""


@dataclasses.dataclass(frozen=True)
class Previous:
    """The complete build this one replaces (OUT as it is), for stages that reuse its unchanged
    files instead of writing them again. ``state``: what each stage recorded in its manifest
    (stage name → dict); empty for a build without one."""

    folder: Path
    state: dict

    def of(self, stage: str) -> dict:
        """What ``stage`` recorded in the previous build (an empty dict when nothing)."""
        found = self.state.get(stage)
        return found if isinstance(found, dict) else {}


def previous_build(out: Path) -> Previous | None:
    """OUT as the previous build (call after :func:`check_out`): None when there is none."""
    if not out.is_dir():
        return None
    manifest = read_manifest(out)
    if manifest is not None and not manifest.get("complete"):
        return None
    stages = (manifest or {}).get("stages")
    return Previous(out, stages if isinstance(stages, dict) else {})


def run_stage(stage: Callable, out_dir: Path, graph, report: dict, say: Say, previous: Previous | None) -> dict | None:
    """Run a post-build stage; return the state it asks to keep in the manifest (or None)."""
    if getattr(stage, "reuses_previous", False):
        state = stage(out_dir, graph, report, say, previous=previous)
        return state if isinstance(state, dict) else None
    stage(out_dir, graph, report, say)
    return None


# ------------------------------------------------------------------------------------- the lock
def _lock_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.kg-lock")


def _try_lock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the lock of ``out`` for the block; raise :class:`BuildError` when another build holds it."""
    path = _lock_path(out)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _try_lock(fd)
        except OSError:
            os.close(fd)
            raise BuildError(f"another kg build is writing {out}; wait for it to finish or choose "
                             "another -o") from None
        try:  # the previous holder may have removed the file between our open and our lock
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        if os.name != "nt":  # removed while still locked, so no one can lock the stale file
            with contextlib.suppress(OSError):
                os.unlink(path)
        os.close(fd)


# ---------------------------------------------------------------------------- what OUT may be
def read_manifest(folder: Path) -> dict | None:
    """The manifest of a build folder, or None when ``folder`` carries none (or a broken one)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("kg_build") == MANIFEST_VERSION else None


def _legacy_build(folder: Path, entries: set[str]) -> bool:
    if not entries <= LEGACY_ENTRIES or not (folder / "graph.ttl").is_file():
        return False
    try:
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and "counts" in report and "timings_s" in report


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_out(out: Path, corpus: Path) -> None:
    """Refuse an OUT that is not ours to replace: a file, a symbolic link, the corpus or a folder
    holding it, a folder with entries ``kg`` did not write."""
    if _inside(os.path.realpath(corpus), os.path.realpath(out)):
        raise BuildError(f"cannot write {out}: it is the corpus folder or holds it; choose another -o")
    if os.path.islink(out):
        raise BuildError(f"cannot write {out}: it is a symbolic link; give the folder it points to, or another -o")
    if not out.exists():
        return
    if not out.is_dir():
        raise BuildError(f"cannot write {out}: exists and is not a folder; not replacing it")
    try:
        entries = {p.name for p in out.iterdir()}
    except OSError as exc:
        raise BuildError(f"cannot list {out}: {exc.strerror or exc}") from None
    if not entries:
        return
    manifest = read_manifest(out)
    if manifest is not None:
        foreign = sorted(entries - set(manifest.get("files", [])) - ALSO_WRITTEN_BY_KG)
    elif _legacy_build(out, entries):
        foreign = []
    else:
        foreign = sorted(entries)
        if not (out / "report.json").exists() and not (out / "graph.ttl").exists():
            raise BuildError(f"cannot write {out}: holds files and is not a kg build; not replacing it "
                             "(choose another -o)")
    if foreign:
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise BuildError(f"cannot write {out}: holds files kg did not write ({shown}); not replacing it "
                         "(move them or choose another -o)")


# ------------------------------------------------------------------------ temporary folders, swap
def _siblings(out: Path, tag: str) -> list[Path]:
    prefix = f".{out.name}.kg-{tag}-"
    try:
        return sorted(p for p in out.parent.iterdir() if p.name.startswith(prefix) and p.is_dir()
                      and not p.is_symlink())
    except OSError:
        return []


def recover(out: Path, say: Say) -> None:
    """Finish what an interrupted run left (call with the lock held): put a complete build back in
    place when OUT is missing, then remove the temporary folders that carry the manifest."""
    if not out.exists():
        for tag in ("tmp", "old"):  # a complete new build first, else the old one
            done = [p for p in _siblings(out, tag) if (read_manifest(p) or {}).get("complete")]
            if done:
                done[-1].rename(out)
                say(f"recovered the complete build {out} left by an interrupted run")
                break
    for tag in ("tmp", "old"):
        for p in _siblings(out, tag):
            if read_manifest(p) is not None:
                shutil.rmtree(p, ignore_errors=True)


def _write_manifest(folder: Path, complete: bool, stages: dict | None = None) -> None:
    files = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST) if complete else []
    data = {"kg_build": MANIFEST_VERSION, "complete": complete, "files": files}
    if stages:
        data["stages"] = stages
    tmp = folder / (MANIFEST + ".new")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def swap_in(tmp: Path, out: Path) -> None:
    """Move the complete build ``tmp`` to ``out``; at every instant one complete build exists."""
    if not out.exists():
        tmp.rename(out)
    elif _exchange(tmp, out):
        shutil.rmtree(tmp)  # now the old build
    else:
        aside = out.with_name(f".{out.name}.kg-old-{secrets.token_hex(4)}")
        out.rename(aside)
        tmp.rename(out)  # killed before this line: the next run moves the complete tmp in place
        shutil.rmtree(aside)


# ------------------------------------------------------------------------------------ the build
def build(corpus: Path, out: Path, say: Say | None = None, warn: Say | None = None, model=None,
          rules_only: bool = False, reading: ReadOptions | None = None) -> dict:
    """Build the knowledge graph of ``corpus`` into ``out``; return the report.

    ``model`` is a loaded :class:`kg.extract.learned.Model` (default: the model shipped with kg);
    ``rules_only`` builds with the rules alone; ``reading``: how the per-document stage runs
    (workers, Dask, cache; :mod:`kg.parallel`)."""
    if model is None and not rules_only:
        from kg.extract.learned import load_model

        model = load_model()
    say = say or (lambda _m: None)
    out = Path(os.path.abspath(out))  # "." and "x/.." get a real name
    if not out.name:
        raise BuildError(f"{out} cannot be a build folder; choose another -o")
    corpus_files(corpus, warn=lambda _m: None)  # a missing or empty corpus fails before anything is written
    existing = next(p for p in out.parents if p.exists())
    if not existing.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(existing))
    out.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(out):
        recover(out, say)
        check_out(out, corpus)
        return _build(corpus, out, say, warn, model, reading)


def _build(corpus: Path, out: Path, say: Say, warn: Say | None, model, reading: ReadOptions | None) -> dict:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    def lap(name: str, started: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - started, 3)
        return now

    warnings: list[str] = []

    def on_warn(msg: str) -> None:
        warnings.append(msg)
        if warn:
            warn(msg)

    # The temporary folder is made before the slow stages, so an unwritable OUT fails at once.
    tmp = out.with_name(f".{out.name}.kg-tmp-{secrets.token_hex(4)}")
    tmp.mkdir()
    apart: list[_Apart] = []  # stages running in a child process
    previous = previous_build(out)
    stages: dict[str, dict] = {}  # what each stage keeps in the manifest
    try:
        _write_manifest(tmp, complete=False)
        docs = load_corpus(corpus, warn=on_warn)
        t = lap("ingest", t0)
        say(f"read {len(docs)} documents ({sum(len(d.text) for d in docs):,} characters)")
        reading = reading or ReadOptions()
        if model is not None and reading.model_path is None:
            reading = dataclasses.replace(reading, model_path=model.path)
        readings, read_stats = read_corpus(docs, reading, build_cache(out, tmp, reading), say)
        t = lap("read", t)
        ex = extract(docs, progress=say, model=model, readings=readings)
        t = lap("extract", t)
        graph = to_rdf(ex, ex.first_mentions)
        t = lap("rdf", t)
        apart += [_Apart(stage, tmp, graph, previous) for stage in POST_BUILD if _Apart.possible(stage)]
        say(f"validating {len(graph):,} triples against the SHACL shapes")
        shacl = validate(graph, full=False)  # entity and relation shapes; provenance holds by construction
        t = lap("shacl", t)
        write_turtle(graph, tmp / "graph.ttl")
        counts = write_facts(graph, tmp / "facts")
        t = lap("write", t)
        report = {
            "corpus": display_name(str(corpus)),
            "documents": [{"name": d.name, "encoding": d.encoding, "characters": len(d.text),
                           "sentences": len(ex.sentences[d.name]), **d.repairs} for d in docs],
            "skipped": [w for w in warnings if w.startswith("skipped ")],
            "repaired": [w for w in warnings if not w.startswith("skipped ")],
            "model": {"path": str(model.path), "fingerprint": model.identity} if model is not None else None,
            "counts": {
                "triples": len(graph),
                "entities": len(ex.entities),
                "entities_by_type": dict(sorted(Counter(e.type for e in ex.entities.values()).items())),
                "relations": len(ex.relations),
                "relations_by_predicate": dict(sorted(Counter(r.predicate for r in ex.relations).items())),
                "observations": len(ex.observations),
                "policy_facts": len(ex.policies),
                "facts_csv_rows": counts,
            },
            "shacl": shacl,
            "readings": read_stats,
            "timings_s": timings,
        }
        for stage in POST_BUILD:
            if any(a.stage is stage for a in apart):
                continue
            state = run_stage(stage, tmp, graph, report, say, previous)
            if state is not None:
                stages[stage.__name__] = state
            t = lap(getattr(stage, "__name__", "stage"), t)
        for a in apart:  # the time spent waiting for it, after the stages it ran beside
            state = a.finish(report, say)
            if state is not None:
                stages[a.stage.__name__] = state
            t = lap(getattr(a.stage, "__name__", "stage"), t)
        timings["total"] = round(time.perf_counter() - t0, 3)
        (tmp / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        _write_manifest(tmp, complete=True, stages=stages)
        swap_in(tmp, out)
    except BaseException:
        for a in apart:
            a.stop()
        # With OUT missing and tmp complete (stopped between the two renames), tmp is what the next run
        # puts in place; otherwise OUT holds a complete build and tmp is only ours to remove.
        complete = (read_manifest(tmp) or {}).get("complete")
        if tmp.exists() and (out.exists() or not complete):
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


# ------------------------------------------------------------------- a stage in a child process
class _Apart:
    """A post-build stage running in a forked child process (started at once): it gets the graph
    without copying (fork), writes its files into the temporary folder and sends back the keys it
    added to the report, its progress lines, or its error as one line."""

    @staticmethod
    def possible(stage: Callable) -> bool:
        import sys
        import threading

        return (getattr(stage, "runs_apart", False) and sys.platform.startswith("linux")
                and threading.active_count() == 1 and os.environ.get("KG_FORK") == "1")

    def __init__(self, stage: Callable, tmp: Path, graph, previous: Previous | None = None) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self.stage = stage
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run_apart, args=(stage, tmp, graph, send, previous), daemon=True)
        self._proc.start()
        send.close()

    def finish(self, report: dict, say: Say) -> dict | None:
        """Wait for the child; merge its report keys and repeat its progress, or raise its error;
        return the state the stage keeps in the manifest. ``report["apart"]`` lists the stages
        that ran in a child process."""
        try:
            kind, payload, lines, state = self._recv.recv()
        except EOFError:
            self._proc.join()
            raise RuntimeError(f"the {self.stage.__name__} stage stopped unexpectedly "
                               f"(exit code {self._proc.exitcode})") from None
        self._proc.join()
        for line in lines:
            say(line)
        if kind == "error":
            raise payload
        report.update(payload)
        report.setdefault("apart", []).append(self.stage.__name__)
        return state

    def stop(self) -> None:
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join()


def _run_apart(stage: Callable, tmp: Path, graph, send, previous: Previous | None = None) -> None:
    lines: list[str] = []
    report: dict = {}
    try:
        state = run_stage(stage, tmp, graph, report, lines.append, previous)
        send.send(("ok", report, lines, state))
    except BaseException as exc:  # sent back whole when it pickles, else as one line
        import pickle

        try:
            pickle.dumps(exc)
            err = exc
        except Exception:
            err = RuntimeError(f"{type(exc).__name__}: {exc}")
        send.send(("error", err, lines, None))
    finally:
        send.close()
