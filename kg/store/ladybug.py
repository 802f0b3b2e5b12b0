"""The embedded graph database: the property graph of a build in Ladybug (in-process Cypher).

Everything here is derived from :func:`kg.store.projection.pg_schema` and fed by
:func:`kg.store.projection.project`:

- :func:`ddl` — ``CREATE NODE TABLE`` per label (``iri STRING PRIMARY KEY`` and typed properties)
  and ``CREATE REL TABLE`` per relationship type with all its ``FROM … TO …`` pairs;
- :func:`copy_load` — the bulk path used by the build: one temporary CSV file per label and per
  (type, from, to) pair, then ``COPY``; list items that Ladybug's CSV list syntax cannot carry
  (commas, brackets, quotes, outer spaces) are set afterwards with a parameterized statement;
- :func:`merge_load` — batched, parameterized ``UNWIND $rows … MERGE`` (portable Cypher, also valid
  on Neo4j): two ``MATCH`` clauses on the primary key, never one comma pattern (1000x faster on
  Ladybug, see shared/NOTES-graph-stores.md); for incremental loads and the benchmark;
- :func:`create_database` — a whole database file, written under a temporary name and renamed
  into place, so that a failed load leaves nothing behind;
- :func:`load_build` — the build stage (``kg.build.POST_BUILD``): ``OUT/graph.lbdb`` and
  ``report["store"]``;
- :func:`connect` — a read-only :class:`LadybugBackend` (``run(cypher, params) -> list[dict]``,
  ``dialect = "ladybug"``) for :mod:`kg.queries.runner`.

Example::

    from kg.store.ladybug import connect
    with connect("out") as db:
        db.run("MATCH (c:City) RETURN c.name AS name ORDER BY name LIMIT $n", {"n": 3})
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any

from kg.store.projection import PGSchema, PropertyGraph, batches, pg_schema, project, typed_value

DB_NAME = "graph.lbdb"
DIALECT = "ladybug"

# Words that must be back-quoted when used as a name (Cypher keywords that the ontology's property
# names could collide with; ``end`` does: the relationship's character offset).
_KEYWORDS = {
    "all", "and", "any", "as", "asc", "ascending", "by", "call", "case", "contains", "copy", "count",
    "create", "delete", "desc", "descending", "detach", "distinct", "else", "end", "ends", "exists",
    "false", "from", "group", "in", "is", "key", "limit", "load", "match", "merge", "node", "none",
    "not", "null", "on", "optional", "or", "order", "primary", "rel", "remove", "return", "set",
    "shortest", "single", "skip", "starts", "table", "then", "to", "true", "union", "unwind", "when",
    "where", "with", "xor", "yield",
}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UNSAFE_ITEM = re.compile(r"[,\[\]{}'\"\\\r\n]|^\s|\s$|^$")


class StoreError(RuntimeError):
    """The database is missing, locked, or a load did not give the projection's counts."""


def q(name: str) -> str:
    """``name`` as a Cypher identifier, back-quoted when it is a keyword or not a plain word."""
    if _IDENT.fullmatch(name) and name.lower() not in _KEYWORDS:
        return name
    return "`" + name.replace("`", "``") + "`"


# ---------------------------------------------------------------------------------------- schema
def ddl(pgs: PGSchema | None = None) -> dict[str, str]:
    """Ladybug-only DDL statements by name (``table:<Label>``, ``rel:<TYPE>``), nodes first.

    >>> ddl()["table:City"]  # doctest: +ELLIPSIS
    'CREATE NODE TABLE City(iri STRING PRIMARY KEY, name STRING, aliases STRING[], ...)'
    """
    pgs = pgs or pg_schema()
    out: dict[str, str] = {}
    for label, props in pgs.node_props.items():
        cols = [f"{q(p)} {t}{' PRIMARY KEY' if p == 'iri' else ''}" for p, t in props.items()]
        out[f"table:{label}"] = f"CREATE NODE TABLE {q(label)}({', '.join(cols)})"
    for rtype, pairs in pgs.rel_endpoints.items():
        if not pairs:
            continue
        ends = [f"FROM {q(a)} TO {q(b)}" for a, b in pairs]
        cols = [f"{q(p)} {t}" for p, t in pgs.rel_props.items()]
        out[f"rel:{rtype}"] = f"CREATE REL TABLE {q(rtype)}({', '.join(ends + cols)})"
    return out


# ----------------------------------------------------------------------------- portable statements
def merge_node_statement(label: str, props: Iterable[str]) -> str:
    """``UNWIND $rows AS r MERGE (n:Label {iri: r.iri}) SET n.p = r.p, …`` (Ladybug and Neo4j)."""
    sets = ", ".join(f"n.{q(p)} = r.{q(p)}" for p in props if p != "iri")
    return f"UNWIND $rows AS r MERGE (n:{q(label)} {{iri: r.iri}})" + (f" SET {sets}" if sets else "")


def merge_rel_statement(rtype: str, src: str, dst: str, props: Iterable[str]) -> str:
    """Relationships of one (type, from, to) pair, keyed by their assertion ``aid``.

    Two MATCH clauses on the endpoints' primary keys, then MERGE on ``aid`` (Ladybug and Neo4j).
    """
    sets = ", ".join(f"x.{q(p)} = r.{q(p)}" for p in props if p != "aid")
    return (f"UNWIND $rows AS r MATCH (a:{q(src)} {{iri: r.src}}) MATCH (b:{q(dst)} {{iri: r.dst}}) "
            f"MERGE (a)-[x:{q(rtype)} {{aid: r.aid}}]->(b)" + (f" SET {sets}" if sets else ""))


def set_list_statement(label: str, prop: str) -> str:
    """Set one list property by primary key (the list items COPY cannot carry)."""
    return f"UNWIND $rows AS r MATCH (n:{q(label)} {{iri: r.iri}}) SET n.{q(prop)} = r.value"


def count_node_statement(label: str) -> str:
    return f"MATCH (n:{q(label)}) RETURN count(n) AS n"


def count_rel_statement(rtype: str) -> str:
    return f"MATCH ()-[r:{q(rtype)}]->() RETURN count(r) AS n"


def loader_statements(pgs: PGSchema | None = None) -> dict[str, str]:
    """Every statement the loaders run, by name; names starting ``ladybug:`` are Ladybug-only
    (DDL, COPY), the others are portable Cypher (checked with Neo4j's linter in the tests)."""
    pgs = pgs or pg_schema()
    out = {f"ladybug:{k}": v for k, v in ddl(pgs).items()}
    for label, props in pgs.node_props.items():
        out[f"ladybug:copy:{label}"] = copy_statement(label, Path("nodes.csv"))
        out[f"merge:{label}"] = merge_node_statement(label, props)
        out[f"count:{label}"] = count_node_statement(label)
        for p, t in props.items():
            if t.endswith("[]"):
                out[f"set:{label}.{p}"] = set_list_statement(label, p)
    for rtype, pairs in pgs.rel_endpoints.items():
        out[f"count:{rtype}"] = count_rel_statement(rtype)
        for a, b in pairs:
            out[f"ladybug:copy:{rtype}:{a}->{b}"] = copy_statement(rtype, Path("rels.csv"), (a, b), len(pairs))
            out[f"merge:{rtype}:{a}->{b}"] = merge_rel_statement(rtype, a, b, pgs.rel_props)
    return out


# ------------------------------------------------------------------------------------ bulk (COPY)
def copy_statement(table: str, path: Path, pair: tuple[str, str] | None = None, npairs: int = 1,
                   parallel: bool = True) -> str:
    """``COPY table FROM 'file' (header=true, …)``: Ladybug-only."""
    literal = "'" + path.as_posix().replace("\\", "\\\\").replace("'", "\\'") + "'"
    opts = ["header=true", "auto_detect=false"]  # the loader writes the CSV: sniffing it is wasted time
    if not parallel:
        opts.append("parallel=false")  # quoted newlines need the serial CSV reader
    if pair is not None and npairs > 1:
        opts += [f"from='{pair[0]}'", f"to='{pair[1]}'"]
    return f"COPY {q(table)} FROM {literal} ({', '.join(opts)})"


def _list_cell(value: Any) -> str | None:
    """A list in Ladybug's CSV list syntax, or None when an item needs quoting it cannot carry."""
    items = [str(x) for x in (value or [])]
    if any(_UNSAFE_ITEM.search(x) for x in items):
        return None
    return "[" + ",".join(items) + "]"


def _quoted(value: Any) -> str:
    """A CSV field, always quoted (so an empty string stays an empty string)."""
    return '"' + ("" if value is None else str(value)).replace('"', '""') + '"'


def _number(value: Any) -> str:
    return "" if value is None else str(value)


_CHUNK = 20_000  # rows formatted and written at a time


def _write_csv(path: Path, header: list[str], types: list[str], rows: Iterable[list]) -> bool:
    """Write a CSV file for COPY: text fields quoted, numbers bare, None empty (NULL); return True
    when a field holds a line break (then COPY must read the file serially).

    Formatted by hand, a chunk of rows at a time: about twice as fast as :mod:`csv`, which
    matters at a million rows."""
    fmt = [_number if t in ("INT64", "DOUBLE") else _quoted for t in types]
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        chunk: list[str] = []
        for row in rows:
            chunk.append(",".join([f(v) for f, v in zip(fmt, row, strict=True)]))
            if len(chunk) == _CHUNK:
                multiline = _flush(fh, chunk) or multiline
                chunk = []
        if chunk:
            multiline = _flush(fh, chunk) or multiline
    return multiline


def _flush(fh, lines: list[str]) -> bool:
    text = "\n".join(lines) + "\n"
    fh.write(text)
    return "\r" in text or text.count("\n") != len(lines)


def _copy_jobs(graph: PropertyGraph, pgs: PGSchema, workdir: Path, counts: dict[str, int],
               fixups: list[tuple[str, str, list[dict]]]) -> Iterator[tuple[Callable[[], bool], Callable[[bool], str]]]:
    """The COPY input files, one job per node label and per relationship (type, from, to) pair:
    ``(write the file → multiline?, multiline → COPY statement)``, nodes first."""
    for label, props in pgs.node_props.items():
        rows = graph.nodes.get(label, [])
        if not rows:
            continue
        lists = [p for p, t in props.items() if t.endswith("[]")]
        at = {p: list(props).index(p) for p in lists}
        late: dict[str, list[dict]] = {p: [] for p in lists}

        def cells(row: dict, props=props, at=at, late=late) -> list:
            out = [row.get(p) for p in props]
            for p, i in at.items():
                text = _list_cell(out[i])
                if text is None:  # set after the COPY, as a parameter
                    late[p].append({"iri": row["iri"], "value": [str(x) for x in out[i]]})
                    text = "[]"
                out[i] = text
            return out

        counts[f"node:{label}"] = len(rows)
        f = workdir / f"node_{len(counts)}.csv"
        types = ["STRING" if t.endswith("[]") else t for t in props.values()]
        yield ((lambda f=f, props=props, types=types, rows=rows, cells=cells:
                _write_csv(f, list(props), types, (cells(r) for r in rows))),
               (lambda multiline, f=f, label=label: copy_statement(label, f, parallel=not multiline)))
        fixups += [(label, p, v) for p, v in late.items()]
    keys = list(pgs.rel_props)
    types = ["STRING", "STRING", *pgs.rel_props.values()]
    for rtype, pairs in pgs.rel_endpoints.items():
        rows = graph.rels.get(rtype, [])
        counts[f"rel:{rtype}"] = len(rows)
        by_pair = graph.rels_by_pair(rtype)
        for pair in pairs:
            part = by_pair.pop(pair, [])
            if not part:
                continue
            f = workdir / f"rel_{rtype}_{pairs.index(pair)}.csv"
            yield ((lambda f=f, part=part: _write_csv(f, ["from", "to", *keys], types,
                                                      ([r["src"], r["dst"], *[r.get(k) for k in keys]] for r in part))),
                   (lambda multiline, f=f, rtype=rtype, pair=pair, pairs=pairs:
                    copy_statement(rtype, f, pair, len(pairs), parallel=not multiline)))
        if by_pair:
            raise StoreError(f"{rtype}: endpoint labels not in the schema: {sorted(by_pair)}")


FRAME_MIN_ROWS = 100_000  # from this many table rows, COPY reads pandas DataFrames (no CSV files)


def frames_available() -> bool:
    """True when pandas can be imported (the DataFrame path of :func:`copy_load`)."""
    import importlib.util

    return importlib.util.find_spec("pandas") is not None


def _column(rows: list[dict], key: str) -> list:
    """``[row.get(key) for row in rows]``, at C speed when every row has the key."""
    try:
        return list(map(itemgetter(key), rows))
    except KeyError:
        return [r.get(key) for r in rows]


def _frame_column(values: list, typ: str):
    """One DataFrame column holding what the CSV path stores: strings with None as ``""``, lists
    of strings with None as ``[]``, numbers as numpy arrays (object arrays when one is missing:
    None is NULL, as an empty CSV field is). Strings stay Python objects (dtype ``object``: no
    conversion by pandas)."""
    import numpy as np
    import pandas as pd

    if typ.endswith("[]"):
        col = [[x if type(x) is str else str(x) for x in v] if v else [] for v in values]
        out = np.empty(len(col), dtype=object)
        out[:] = col  # (np.array would make a list of lists a 2-D array)
        return pd.Series(out, dtype=object, copy=False)
    if typ in ("INT64", "DOUBLE"):
        kinds = set(map(type, values))
        if type(None) not in kinds:
            return np.array(values, dtype=np.int64 if typ == "INT64" else np.float64)
        cast = int if typ == "INT64" else float
        col = [None if v is None else cast(v) for v in values]
    elif set(map(type, values)) == {str}:
        col = values
    else:
        col = ["" if v is None else str(v) for v in values]
    return pd.Series(np.array(col, dtype=object), dtype=object, copy=False)


def _frame_jobs(graph: PropertyGraph, pgs: PGSchema,
                counts: dict[str, int]) -> Iterator[tuple[Callable[[], Any], Callable[[Any], tuple[str, dict]]]]:
    """The COPY inputs as pandas DataFrames, one job per node label and per relationship (type,
    from, to) pair: ``(make the frame, frame → (COPY … FROM $rows, parameters))``, nodes first.
    Lists, quotes and line breaks need no special case here."""
    import pandas as pd

    def frame(columns: dict[str, tuple[str, list]]):
        return pd.DataFrame({name: _frame_column(values, typ) for name, (typ, values) in columns.items()},
                            copy=False)

    for label, props in pgs.node_props.items():
        rows = graph.nodes.get(label, [])
        if not rows:
            continue
        counts[f"node:{label}"] = len(rows)
        yield ((lambda rows=rows, props=props: frame({p: (t, _column(rows, p)) for p, t in props.items()})),
               (lambda df, label=label: (f"COPY {q(label)} FROM $rows", {"rows": df})))
    for rtype, pairs in pgs.rel_endpoints.items():
        counts[f"rel:{rtype}"] = len(graph.rels.get(rtype, []))
        by_pair = graph.rels_by_pair(rtype)
        for pair in pairs:
            part = by_pair.pop(pair, [])
            if not part:
                continue
            opts = f" (from='{pair[0]}', to='{pair[1]}')" if len(pairs) > 1 else ""

            def make(part=part) -> Any:
                columns = {"from": ("STRING", _column(part, "src")), "to": ("STRING", _column(part, "dst"))}
                columns.update({k: (t, _column(part, k)) for k, t in pgs.rel_props.items()})
                return frame(columns)

            yield make, (lambda df, rtype=rtype, opts=opts: (f"COPY {q(rtype)} FROM $rows{opts}", {"rows": df}))
        if by_pair:
            raise StoreError(f"{rtype}: endpoint labels not in the schema: {sorted(by_pair)}")


def copy_load(conn, graph: PropertyGraph, workdir: Path, pgs: PGSchema | None = None,
              frames: bool | None = None) -> dict[str, int]:
    """Bulk-load ``graph`` into an empty database with the schema in place; return rows per table.

    ``conn`` is a ``ladybug.Connection``. Rows are written in the projection's (sorted) order,
    values as the projection typed them (``PropertyGraph`` rows carry the declared types).
    ``frames``: COPY from pandas DataFrames, which Ladybug scans in memory (no file to format and
    parse: about a quarter of the CSV files' Python time), instead of temporary CSV files in
    ``workdir``; by default from :data:`FRAME_MIN_ROWS` table rows when pandas is installed
    (importing pandas costs more than a small graph's files). Both give the same rows. A CSV file
    is written in a thread while the previous one is copied (COPY releases the interpreter for
    most of its run); a DataFrame is made just before its COPY, because Ladybug reads its Python
    strings holding the interpreter, and a thread beside it slows it down more than it saves.
    The garbage collector is paused meanwhile (the rows are millions of containers, which its
    passes would walk again and again). Run it on a database without automatic checkpoints (as
    :func:`create_database` does): otherwise every COPY pays a checkpoint (~50 ms).
    """
    import gc
    from concurrent.futures import ThreadPoolExecutor

    pgs = pgs or pg_schema()
    if frames is None:
        frames = sum(graph.counts().values()) >= FRAME_MIN_ROWS and frames_available()
    counts: dict[str, int] = {}
    fixups: list[tuple[str, str, list[dict]]] = []
    collecting = gc.isenabled()
    gc.disable()
    try:
        if frames:
            for make, statement in _frame_jobs(graph, pgs, counts):
                conn.execute(*statement(make()))
        else:
            jobs = _copy_jobs(graph, pgs, workdir, counts, fixups)
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-csv") as pool:
                job = next(jobs, None)
                pending = pool.submit(job[0]) if job else None
                while job is not None:
                    statement = job[1](pending.result())
                    job = next(jobs, None)
                    pending = pool.submit(job[0]) if job else None
                    conn.execute(statement)
    finally:
        if collecting:
            gc.enable()
    for label, prop, rows in fixups:
        if rows:
            conn.execute(set_list_statement(label, prop), {"rows": rows})
    return counts


# ---------------------------------------------------------------------------- incremental (MERGE)
def merge_load(run: Callable[[str, dict], Any], graph: PropertyGraph, batch_size: int = 5000,
               pgs: PGSchema | None = None) -> dict[str, int]:
    """Upsert ``graph`` with batched parameterized MERGE statements; return rows per table.

    ``run(cypher, params)`` executes one statement (``LadybugBackend.run``, a Ladybug
    ``Connection.execute`` or a Neo4j session's ``run``). Nodes first, then relationships.
    """
    pgs = pgs or pg_schema()
    counts: dict[str, int] = {}
    for label, props in pgs.node_props.items():
        rows = graph.nodes.get(label, [])
        stmt = merge_node_statement(label, props)
        keys = list(props)
        for batch in batches(rows, batch_size):
            run(stmt, {"rows": [{k: typed_value(r.get(k), props[k]) for k in keys} for r in batch]})
        if rows:
            counts[f"node:{label}"] = len(rows)
    eprops = pgs.rel_props
    for rtype, pairs in pgs.rel_endpoints.items():
        rows = graph.rels.get(rtype, [])
        counts[f"rel:{rtype}"] = len(rows)
        by_pair = graph.rels_by_pair(rtype)
        for a, b in pairs:
            part = by_pair.pop((a, b), [])
            stmt = merge_rel_statement(rtype, a, b, eprops)
            for batch in batches(part, batch_size):
                run(stmt, {"rows": [{"src": r["src"], "dst": r["dst"],
                                     **{k: typed_value(r.get(k), t) for k, t in eprops.items()}} for r in batch]})
        if by_pair:
            raise StoreError(f"{rtype}: endpoint labels not in the schema: {sorted(by_pair)}")
    return counts


# ------------------------------------------------------------------------------------- database
def _remove_db(path: Path, main: bool = True) -> None:
    """Delete a database file (unless ``main`` is false) and its .wal and .lock files."""
    files = [path.with_name(path.name + ".wal"), path.with_name(path.name + ".lock")]
    for p in ([path] if main else []) + files:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()


def db_counts(run: Callable[[str, dict], list[dict]], pgs: PGSchema | None = None) -> dict[str, int]:
    """Rows per table in a database, keyed like ``PropertyGraph.counts()``."""
    pgs = pgs or pg_schema()
    out = {f"node:{label}": run(count_node_statement(label), {})[0]["n"] for label in pgs.node_props}
    out.update({f"rel:{t}": run(count_rel_statement(t), {})[0]["n"] for t, pairs in pgs.rel_endpoints.items()
                if pairs})
    return out


def create_database(path: Path, graph: PropertyGraph, method: str = "copy", batch_size: int = 5000,
                    pgs: PGSchema | None = None,
                    threads: int | None = None, hash_index: bool | None = None,
                    frames: bool | None = None) -> dict:
    """Write a new database file at ``path`` holding ``graph``; return counts and timings.

    The file is built as ``<path>.partial`` and renamed over ``path`` only when the load is
    complete and its counts equal the projection's, so a failure leaves no half database.
    ``method`` is ``"copy"`` (bulk, default) or ``"merge"`` (batched parameterized MERGE).
    ``threads``: Ladybug's worker threads (default: 1 below 100,000 rows, else all cores).
    ``hash_index``: keep Ladybug's primary-key hash index (default: only from 50,000 nodes, or for
    ``"merge"``). The index costs about 1 MB per node table whatever its size, which is most of a
    small build's file; without it a lookup by ``iri`` scans the table, which is quick below that size.
    ``frames``: ``"copy"`` reads pandas DataFrames instead of CSV files (default: from
    :data:`FRAME_MIN_ROWS` table rows, when pandas is installed; see :func:`copy_load`).
    """
    import ladybug

    pgs = pgs or pg_schema()
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    _remove_db(tmp)
    t0 = time.perf_counter()
    if method not in ("copy", "merge"):
        raise ValueError(f"unknown load method {method!r} (copy or merge)")
    rows = sum(graph.counts().values())
    if threads is None:  # small graphs load faster on one thread (no hand-offs between statements)
        threads = 1 if rows < 100_000 else 0
    if frames is None:
        frames = method == "copy" and rows >= FRAME_MIN_ROWS and frames_available()
    # No automatic checkpoint (otherwise each COPY pays a checkpoint): the database is written
    # once, when it is closed. No explicit transaction either: each COPY commits on its own, which
    # keeps the memory of one statement, not of the whole load (the file is a temporary one, so a
    # failed load is removed whole anyway).
    if hash_index is None:
        hash_index = method == "merge" or sum(len(v) for v in graph.nodes.values()) >= 50_000
    backend = LadybugBackend(tmp, read_only=False, auto_checkpoint=False, max_num_threads=threads)
    try:
        conn = backend._conn
        if not hash_index:
            conn.execute("CALL enable_default_hash_index=false")
        for stmt in ddl(pgs).values():
            conn.execute(stmt)
        t1 = time.perf_counter()
        if method == "copy":
            with tempfile.TemporaryDirectory(prefix="kg-lbdb-") as work:
                loaded = copy_load(conn, graph, Path(work), pgs, frames=frames)
        else:
            loaded = merge_load(backend.run, graph, batch_size, pgs)
        t2 = time.perf_counter()
        found = db_counts(backend.run, pgs)
        expected = {k: v for k, v in graph.counts().items() if k in found}
        expected.update({k: 0 for k in found if k not in expected})
        if found != expected:
            diff = {k: (expected[k], found[k]) for k in found if found[k] != expected[k]}
            raise StoreError(f"database counts differ from the projection (expected, found): {diff}")
        t3 = time.perf_counter()
        backend.close()  # the checkpoint: the file is written, no .wal is left beside it
        _remove_db(path, main=False)  # an old database's .wal must not be replayed on the new one
        try:
            os.replace(tmp, path)  # atomic: readers see the old database or the new one
        except OSError as exc:
            raise StoreError(f"cannot replace {path} (is it open elsewhere?): {exc.strerror}") from None
    except BaseException:
        backend.close()
        _remove_db(tmp)
        raise
    t4 = time.perf_counter()
    return {
        "engine": f"ladybug {ladybug.__version__}",
        "method": method,
        **({"copy_from": "dataframes" if frames else "csv"} if method == "copy" else {}),
        "hash_index": hash_index,
        "nodes": sum(v for k, v in found.items() if k.startswith("node:")),
        "relationships": sum(v for k, v in found.items() if k.startswith("rel:")),
        "tables": {k: v for k, v in found.items() if v},
        "seconds": {"schema": round(t1 - t0, 3), "load": round(t2 - t1, 3), "check": round(t3 - t2, 3),
                    "write": round(t4 - t3, 3)},
        "loaded": loaded,
    }


def database_key(graph: PropertyGraph, pgs: PGSchema | None = None) -> str:
    """What a database file written by :func:`create_database` depends on: Ladybug's version,
    this loader's code, the schema's DDL and every row of the projection (with its type)."""
    import ladybug

    pgs = pgs or pg_schema()
    h = hashlib.sha256(f"ladybug {ladybug.__version__}\0".encode())
    h.update(Path(__file__).read_bytes() + b"\0")
    h.update("\n".join(ddl(pgs).values()).encode() + b"\0")
    rows = json.dumps([graph.nodes, graph.rels], sort_keys=True, ensure_ascii=False,
                      default=lambda v: f"{type(v).__name__}:{v}")
    h.update(rows.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _file_stamp(path: Path) -> dict:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _reusable(previous, key: str) -> tuple[Path, dict] | None:
    """The previous build's database file and its report, when it holds exactly what this build
    would load (same key) and is the file that build wrote (same size and time, no log beside it)."""
    if previous is None:
        return None
    state = previous.of("load_build")
    old = Path(previous.folder) / DB_NAME
    if state.get("key") != key or not isinstance(state.get("report"), dict):
        return None
    try:
        if old.is_symlink() or not old.is_file() or _file_stamp(old) != state.get("file"):
            return None
    except OSError:
        return None
    if old.with_name(old.name + ".wal").exists():
        return None
    return old, state["report"]


def load_build(out_dir: Path, graph, report: dict, say: Callable[[str], None], previous=None) -> dict:
    """Build stage: project ``graph`` (RDF) and write ``out_dir/graph.lbdb``; fill ``report["store"]``.

    ``out_dir`` is the build's temporary folder, moved into place by :func:`kg.build.build` once
    every stage has succeeded. ``previous`` (a :class:`kg.build.Previous`): when its database
    holds exactly this projection (:func:`database_key`), the file is copied instead of loaded
    again. Returns what the next build needs to tell so (kept in the build's manifest).
    """
    t0 = time.perf_counter()
    pg = project(graph)
    t1 = time.perf_counter()
    key = database_key(pg)
    path = Path(out_dir) / DB_NAME
    reuse = _reusable(previous, key)
    if reuse is not None:
        shutil.copyfile(reuse[0], path)
        store = {"path": DB_NAME, **reuse[1]}
        store["seconds"] = {"project": round(t1 - t0, 3), "reused": round(time.perf_counter() - t1, 3),
                            "total": round(time.perf_counter() - t0, 3)}
        say(f"{DB_NAME} holds the same graph as the previous build's ({store['nodes']:,} nodes, "
            f"{store['relationships']:,} relationships): copied ({store['seconds']['total']} s)")
    else:
        stats = create_database(path, pg)
        stats.pop("loaded", None)
        stats["seconds"] = {"project": round(t1 - t0, 3), **stats["seconds"],
                            "total": round(time.perf_counter() - t0, 3)}
        store = {"path": DB_NAME, **stats}
        say(f"loaded {stats['nodes']:,} nodes and {stats['relationships']:,} relationships into "
            f"{DB_NAME} ({stats['seconds']['total']} s)")
    report["store"] = store
    return {"key": key, "file": _file_stamp(path), "report": {k: v for k, v in store.items() if k != "seconds"}}


load_build.reuses_previous = True  # type: ignore[attr-defined]  # kg.build passes the build being replaced
load_build.runs_apart = True  # type: ignore[attr-defined]  # kg.build runs it beside the later stages


def load_out(out_dir: Path, method: str = "copy", batch_size: int = 5000) -> dict:
    """(Re)create ``out_dir/graph.lbdb`` from ``out_dir/graph.ttl`` without rebuilding."""
    from rdflib import Graph

    g = Graph()
    g.parse(Path(out_dir) / "graph.ttl", format="turtle")
    stats = create_database(Path(out_dir) / DB_NAME, project(g), method=method, batch_size=batch_size)
    stats.pop("loaded", None)
    return stats


# --------------------------------------------------------------------------------------- backend
class LadybugBackend:
    """A Ladybug database behind the :class:`kg.queries.runner.Backend` protocol.

    ``run`` returns one dict per row; nodes come back as dicts of their properties plus
    ``_label``, relationships plus ``_type``, ``_src`` and ``_dst`` (endpoint IRIs when the
    endpoints are in the same row, as in a path's ``nodes(p)``), paths as
    ``{"nodes": [...], "relationships": [...]}``. Statement errors raise
    :class:`kg.queries.runner.QueryError`.
    """

    dialect = DIALECT

    def __init__(self, path: str | Path, read_only: bool = True, **options: Any):
        import ladybug

        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path}")
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only, **options)
        except RuntimeError as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        self._conn = ladybug.Connection(self._db)

    def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        from kg.queries.runner import QueryError

        try:
            result = self._conn.execute(cypher, dict(params or {}))
        except RuntimeError as exc:
            raise QueryError(str(exc).strip()) from None
        if isinstance(result, list):  # several statements: the rows of the last one
            for r in result[:-1]:
                r.close()
            result = result[-1]
        try:
            cols = result.get_column_names()
            rows = []
            while result.has_next():
                rows.append(_plain_row(cols, result.get_next()))
        finally:
            result.close()
        return rows

    def close(self) -> None:
        if getattr(self, "_conn", None) is not None:
            self._conn.close()
            self._db.close()
            self._conn = None

    def __enter__(self) -> LadybugBackend:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(out_dir: str | Path = "out", read_only: bool = True) -> LadybugBackend:
    """Open ``out_dir/graph.lbdb`` (a path ending in ``.lbdb`` is taken as the file itself)."""
    p = Path(out_dir)
    path = p if p.suffix == ".lbdb" else p / DB_NAME
    if read_only and not path.exists():
        raise StoreError(f"no database in {p}: run `kg build CORPUS -o {p}` (or `kg load -o {p}`)")
    return LadybugBackend(path, read_only=read_only)


def _walk(value: Any, ids: dict) -> None:
    if isinstance(value, dict):
        if "_ID" in value and "_LABEL" in value and "_SRC" not in value:
            ids[_key(value["_ID"])] = value.get("iri")
        for v in value.values():
            _walk(v, ids)
    elif isinstance(value, list):
        for v in value:
            _walk(v, ids)


def _key(internal: Any) -> Any:
    return (internal.get("table"), internal.get("offset")) if isinstance(internal, dict) else internal


def _plain(value: Any, ids: dict) -> Any:
    if isinstance(value, list):
        return [_plain(v, ids) for v in value]
    if not isinstance(value, dict):
        return value
    if "_NODES" in value and "_RELS" in value:
        return {"nodes": _plain(value["_NODES"], ids), "relationships": _plain(value["_RELS"], ids)}
    if "_LABEL" in value and "_ID" in value:
        props = {k: v for k, v in value.items() if not k.startswith("_") and v is not None}
        if "_SRC" in value:
            return {"_type": value["_LABEL"], "_src": ids.get(_key(value["_SRC"])),
                    "_dst": ids.get(_key(value["_DST"])), **props}
        return {"_label": value["_LABEL"], **props}
    return {k: _plain(v, ids) for k, v in value.items()}


def _plain_row(cols: list[str], values: list[Any]) -> dict[str, Any]:
    ids: dict = {}
    _walk(values, ids)
    return {c: _plain(v, ids) for c, v in zip(cols, values, strict=True)}
