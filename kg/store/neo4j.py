"""A Neo4j 5 server as a second home for the property graph: loader and query backend.

Everything here is derived from :func:`kg.store.projection.pg_schema` and fed by
:func:`kg.store.projection.project` (the same projection as the embedded Ladybug database):

- :func:`schema_statements` — a uniqueness constraint on ``iri`` for every node label, an index on
  ``name`` for every label that has one, and a uniqueness constraint on ``aid`` for every
  relationship type (Neo4j >= 5.7, Community included; older servers get a range index instead).
  DDL cannot take parameters, so labels and types are checked against a strict pattern and
  back-quoted; the constraint names are built from them (``kg_<Label>_iri`` …);
- :func:`node_statement` / :func:`rel_statement` — ``UNWIND $rows AS r MERGE … SET …``, one per label
  and per (type, from label, to label); every value is a parameter;
- :func:`load` — creates the schema, then upserts nodes and relationships in batches, each batch in
  its own managed write transaction (``session.execute_write``), so a failure leaves no half batch
  and a rerun completes the load. Loading twice changes nothing. Nothing is ever deleted;
- :class:`Neo4jBackend` — ``run(cypher, params) -> list[dict]`` with ``dialect = "neo4j"``, the
  :mod:`kg.queries.runner` protocol, returning rows shaped like the Ladybug backend's.

The password is never a parameter of the command line: it comes from ``NEO4J_PASSWORD`` and is
scrubbed from every error message.

Example::

    from kg.store.neo4j import load
    stats = load("out", "neo4j+s://xxxx.databases.neo4j.io", "neo4j", os.environ["NEO4J_PASSWORD"])
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.store.projection import PGSchema, PropertyGraph, batches, pg_schema, project, typed_value

DIALECT = "neo4j"
PASSWORD_ENV = "NEO4J_PASSWORD"
CONNECTION_TIMEOUT_S = 5.0  # TCP connect (and TLS handshake)
ACQUISITION_TIMEOUT_S = 10.0  # getting a connection from the pool, including connecting
MAX_RETRY_TIME_S = 15.0  # execute_write retries transient errors (leader switch, deadlock) this long
DEFAULT_BATCH_SIZE = 5000

# Labels, relationship types and property names that may be spliced into a statement.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")


class Neo4jError(RuntimeError):
    """A one-line, user-facing error: no password, cannot connect, refused, a batch failed.

    ``reason`` is the message without the "cannot reach Neo4j at URI" context (for callers that
    add their own, like :func:`kg.queries.runner.open_backend`).
    """

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


# ------------------------------------------------------------------------------------ statements
def ident(name: str) -> str:
    """``name`` back-quoted, after checking it is a plain ontology name (never user input)."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a valid label, type or property name: {name!r}")
    return f"`{name}`"


def _schema_name(*parts: str) -> str:
    for p in parts:
        ident(p)
    return "kg_" + "_".join(parts)


def node_constraints(pgs: PGSchema | None = None) -> dict[str, str]:
    """``{constraint name: DDL}``: ``iri`` is unique for every node label."""
    pgs = pgs or pg_schema()
    out = {}
    for label in pgs.node_props:
        name = _schema_name(label, "iri")
        out[name] = (f"CREATE CONSTRAINT {ident(name)} IF NOT EXISTS "
                     f"FOR (n:{ident(label)}) REQUIRE n.`iri` IS UNIQUE")
    return out


def rel_types(pgs: PGSchema | None = None) -> list[str]:
    """Relationship types that have endpoints in the schema."""
    pgs = pgs or pg_schema()
    return [t for t, pairs in pgs.rel_endpoints.items() if pairs]


def rel_constraints(pgs: PGSchema | None = None) -> dict[str, str]:
    """``{constraint name: DDL}``: ``aid`` is unique for every relationship type (Neo4j >= 5.7)."""
    pgs = pgs or pg_schema()
    out = {}
    for rtype in rel_types(pgs):
        name = _schema_name(rtype, "aid")
        out[name] = (f"CREATE CONSTRAINT {ident(name)} IF NOT EXISTS "
                     f"FOR ()-[x:{ident(rtype)}]-() REQUIRE x.`aid` IS UNIQUE")
    return out


def rel_indexes(pgs: PGSchema | None = None) -> dict[str, str]:
    """The fallback for servers without relationship uniqueness: a range index on ``aid``."""
    pgs = pgs or pg_schema()
    out = {}
    for rtype in rel_types(pgs):
        name = _schema_name(rtype, "aid")
        out[name] = f"CREATE INDEX {ident(name)} IF NOT EXISTS FOR ()-[x:{ident(rtype)}]-() ON (x.`aid`)"
    return out


def name_indexes(pgs: PGSchema | None = None) -> dict[str, str]:
    """``{index name: DDL}``: a range index on ``name`` for every label that has the property."""
    pgs = pgs or pg_schema()
    out = {}
    for label, props in pgs.node_props.items():
        if "name" in props:
            name = _schema_name(label, "name")
            out[name] = f"CREATE INDEX {ident(name)} IF NOT EXISTS FOR (n:{ident(label)}) ON (n.`name`)"
    return out


def schema_statements(pgs: PGSchema | None = None) -> dict[str, str]:
    """Every DDL statement :func:`load` runs, by schema object name (the fallback indexes aside)."""
    pgs = pgs or pg_schema()
    return {**node_constraints(pgs), **name_indexes(pgs), **rel_constraints(pgs)}


def node_statement(label: str, props: Iterable[str]) -> str:
    """Upsert the nodes of one label by ``iri``; returns the number of rows."""
    sets = ", ".join(f"n.{ident(p)} = r.{ident(p)}" for p in props if p != "iri")
    return (f"UNWIND $rows AS r MERGE (n:{ident(label)} {{`iri`: r.`iri`}})"
            + (f" SET {sets}" if sets else "") + " RETURN count(*) AS rows")


def rel_statement(rtype: str, src: str, dst: str, props: Iterable[str]) -> str:
    """Upsert the relationships of one (type, from, to) by ``aid``; returns the rows whose two
    endpoints were found (two MATCH clauses on the endpoints' keys, never one comma pattern)."""
    sets = ", ".join(f"x.{ident(p)} = r.{ident(p)}" for p in props if p != "aid")
    return (f"UNWIND $rows AS r MATCH (a:{ident(src)} {{`iri`: r.`src`}}) MATCH (b:{ident(dst)} {{`iri`: r.`dst`}}) "
            f"MERGE (a)-[x:{ident(rtype)} {{`aid`: r.`aid`}}]->(b)"
            + (f" SET {sets}" if sets else "") + " RETURN count(*) AS rows")


def count_statements(pgs: PGSchema | None = None) -> dict[str, str]:
    """``{"node:Label" | "rel:TYPE": statement}`` counting what the database holds."""
    pgs = pgs or pg_schema()
    out = {f"node:{label}": f"MATCH (n:{ident(label)}) RETURN count(n) AS n" for label in pgs.node_props}
    out.update({f"rel:{t}": f"MATCH ()-[x:{ident(t)}]->() RETURN count(x) AS n" for t in rel_types(pgs)})
    return out


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"


def loader_statements(pgs: PGSchema | None = None) -> dict[str, str]:
    """Every statement the loader can send, by name (for the linter test)."""
    pgs = pgs or pg_schema()
    out = {f"ddl:{k}": v for k, v in schema_statements(pgs).items()}
    out.update({f"ddl-fallback:{k}": v for k, v in rel_indexes(pgs).items()})
    out["await-indexes"] = AWAIT_INDEXES
    for label, props in pgs.node_props.items():
        out[f"merge:{label}"] = node_statement(label, props)
    for rtype, pairs in pgs.rel_endpoints.items():
        for a, b in pairs:
            out[f"merge:{rtype}:{a}->{b}"] = rel_statement(rtype, a, b, pgs.rel_props)
    out.update({f"count:{k}": v for k, v in count_statements(pgs).items()})
    return out


# ------------------------------------------------------------------------------------- errors
_URI_PASSWORD = re.compile(r"(://[^/?#\s@:]*:)[^/?#\s]*@")


def redact_uri(text: str) -> str:
    """``text`` with the password of any ``scheme://user:password@host`` written as ``***``.

    >>> redact_uri("bolt://neo4j:s3cr@t@db:7687")
    'bolt://neo4j:***@db:7687'
    """
    return _URI_PASSWORD.sub(r"\1***@", text)


def check_uri(uri: str) -> None:
    """Refuse a URI that holds a password (it would show in messages and shell history)."""
    if redact_uri(uri) != uri:
        raise Neo4jError(f"the Neo4j URI {redact_uri(uri)} holds a password: leave it out and export "
                         f"the password in {PASSWORD_ENV}", "the URI holds a password")


def scrub(text: str, *secrets: str | None) -> str:
    """``text`` on one line, without any of ``secrets`` (nor the password in the environment) and
    without URI passwords. A secret is replaced only as a whole token (not next to a letter, digit
    or ``_``), so a short password never garbles the words that contain it."""
    text = redact_uri(str(text))
    for s in sorted({s for s in (*secrets, os.environ.get(PASSWORD_ENV)) if s}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(s)}(?!\w)", "***", text)
    return " ".join(text.split())


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc``, its causes and the members of exception groups, outermost first."""
    out, todo = [], [exc]
    while todo:
        e = todo.pop(0)
        if e is None or any(e is seen for seen in out):
            continue
        out.append(e)
        todo.extend(getattr(e, "exceptions", ()))
        todo.extend([e.__cause__, e.__context__])
    return out


def _reason(exc: BaseException) -> str:
    """The useful part of a driver error (its deepest socket-level reason), on one line."""
    import socket
    import ssl

    chain = _chain(exc)
    texts = [" ".join(str(getattr(e, "message", None) or e).split()) for e in chain]
    if any(isinstance(e, socket.gaierror) for e in chain) or any("DNS resolve" in t for t in texts):
        return "the host name does not resolve"
    if any(isinstance(e, ssl.SSLError) or type(e).__name__ == "BoltSecurityError" for e in chain):
        return ("the TLS handshake failed (a +s/+ssc scheme needs a server with TLS; "
                "use bolt:// or neo4j:// for one without)")
    for text in texts:  # "... Failed to establish connection to … (reason [Errno 111] Connection refused)"
        m = re.search(r"\(reason ([^)]*)\)", text)
        if m:
            return re.sub(r"^\[Errno -?\d+\]\s*", "", m.group(1))[:300]
    return (texts[0] or type(exc).__name__)[:300]


def connection_error(exc: BaseException, uri: str, user: str, password: str | None = None) -> Neo4jError:
    """A one-line :class:`Neo4jError` for a connection, authentication or server error."""
    from neo4j.exceptions import (
        AuthError,
        ConfigurationError,
        ServiceUnavailable,
        SessionExpired,
    )
    from neo4j.exceptions import Neo4jError as DriverError

    if isinstance(exc, AuthError):
        where, reason = f"Neo4j at {uri}", f"user {user!r} refused: authentication failed (check {PASSWORD_ENV})"
    elif isinstance(exc, ServiceUnavailable | SessionExpired | OSError):
        where, reason = f"cannot reach Neo4j at {uri}", _reason(exc)
    elif isinstance(exc, ConfigurationError | ValueError):
        where, reason = f"bad Neo4j URI {uri!r}", _reason(exc)
    elif isinstance(exc, DriverError) and getattr(exc, "code", None):
        where = f"Neo4j at {uri}"
        if "AuthenticationRateLimit" in exc.code:
            reason = f"user {user!r} refused: too many failed logins, wait and retry"
        else:
            reason = f"{exc.code.rsplit('.', 1)[-1]}: {_reason(exc)}"
    else:
        where, reason = f"Neo4j at {uri}", f"{type(exc).__name__}: {_reason(exc)}"
    return Neo4jError(scrub(f"{where}: {reason}", password), scrub(reason, password))


# ------------------------------------------------------------------------------------- driver
def password_from_env() -> str:
    """``NEO4J_PASSWORD``, or a :class:`Neo4jError` when it is unset or empty."""
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        raise Neo4jError(f"{PASSWORD_ENV} is not set: export the Neo4j password in {PASSWORD_ENV} "
                         f"(it is never taken from the command line)")
    return password


SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def connect(uri: str, user: str, password: str, database: str | None = None):
    """A verified ``neo4j.Driver`` with short timeouts; connection and login errors become one-line
    :class:`Neo4jError`. ``neo4j+s://`` and ``bolt+s://`` URIs go to the driver unchanged."""
    import logging

    import neo4j

    # The driver logs routing failures too; without a handler Python would print them on stderr.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    check_uri(uri)
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        reason = f"the scheme must be one of {', '.join(s + '://' for s in SCHEMES)}"
        raise Neo4jError(scrub(f"bad Neo4j URI {uri!r}: {reason}", password), reason)
    try:
        driver = neo4j.GraphDatabase.driver(
            uri, auth=(user, password),
            connection_timeout=CONNECTION_TIMEOUT_S,
            connection_acquisition_timeout=ACQUISITION_TIMEOUT_S,
            max_transaction_retry_time=MAX_RETRY_TIME_S,
        )
    except Exception as exc:  # bad scheme, bad port, …
        raise connection_error(exc, uri, user, password) from None
    try:
        driver.verify_connectivity()
        if database:  # verify_connectivity does not check that the database exists
            with driver.session(database=database) as session:
                session.run("RETURN 1").consume()
    except Exception as exc:
        driver.close()
        raise connection_error(exc, uri, user, password) from None
    return driver


# --------------------------------------------------------------------------------------- load
def _graph_of(source: Any) -> tuple[PropertyGraph, float, float]:
    """The projection of a build folder, a graph.ttl file, an rdflib Graph or a PropertyGraph,
    with the seconds spent reading and projecting."""
    if isinstance(source, PropertyGraph):
        return source, 0.0, 0.0
    t0 = time.perf_counter()
    if isinstance(source, str | os.PathLike):
        from rdflib import Graph

        path = Path(source)
        ttl = path / "graph.ttl" if path.is_dir() else path
        if not ttl.is_file():
            raise Neo4jError(f"no build in {path}: run `kg build CORPUS -o {path}` first")
        g = Graph()
        try:
            g.parse(ttl, format="turtle")
        except Exception as exc:  # rdflib raises several parser errors
            raise Neo4jError(f"{ttl} is not valid Turtle: {str(exc).splitlines()[0]}") from None
    else:
        g = source
    t1 = time.perf_counter()
    pg = project(g)
    return pg, t1 - t0, time.perf_counter() - t1




class _Incomplete(Exception):
    """Raised inside a write transaction so that it rolls back."""


def write_batch(tx, statement: str, rows: list[dict]) -> tuple[int, int]:
    """The transaction function of one batch: run the statement, check every row was written;
    return the nodes and relationships it created.

    Raising here (a server error, or fewer rows than sent: a relationship whose endpoint is not
    in the database) rolls the whole batch back.
    """
    result = tx.run(statement, {"rows": rows})
    written = result.single(strict=True)["rows"]
    if written != len(rows):
        raise _Incomplete(f"{len(rows) - written} of {len(rows)} rows have an endpoint not in the database")
    c = result.consume().counters
    return c.nodes_created, c.relationships_created


def create_schema(session, pgs: PGSchema, say: Callable[[str], None]) -> dict[str, str]:
    """Create the constraints and indexes (idempotent); return ``{name: kind}``."""
    from neo4j.exceptions import ClientError

    made: dict[str, str] = {}
    for name, stmt in {**node_constraints(pgs), **name_indexes(pgs)}.items():
        session.run(stmt).consume()
        made[name] = "constraint" if name.endswith("_iri") else "index"
    fallback = rel_indexes(pgs)
    for name, stmt in rel_constraints(pgs).items():
        try:
            session.run(stmt).consume()
            made[name] = "constraint"
        except ClientError as exc:  # Neo4j < 5.7: no relationship uniqueness constraints
            if "Syntax" not in (exc.code or "") and "Unsupported" not in (exc.code or ""):
                raise
            session.run(fallback[name]).consume()
            made[name] = "index"
    session.run(AWAIT_INDEXES, {"seconds": 300}).consume()
    say(f"schema: {sum(v == 'constraint' for v in made.values())} constraints, "
        f"{sum(v == 'index' for v in made.values())} indexes")
    return made


def db_counts(session, pgs: PGSchema | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type in the database, keyed like
    ``PropertyGraph.counts()``."""
    return {k: session.run(stmt).single(strict=True)["n"] for k, stmt in count_statements(pgs).items()}


def load(graph_or_build_dir: Any, uri: str, user: str, password: str, database: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, say: Callable[[str], None] | None = None) -> dict:
    """Upsert the projection of a build into Neo4j; return counts and timings.

    ``graph_or_build_dir`` is a build folder (its ``graph.ttl`` is read), a Turtle file, an rdflib
    ``Graph`` or a :class:`~kg.store.projection.PropertyGraph`. Constraints and indexes come first
    (``IF NOT EXISTS``), then nodes per label and relationships per (type, from, to), ``batch_size``
    rows per write transaction. Nothing is deleted: a database holding an older build keeps what
    the new one lacks. Errors are :class:`Neo4jError` with a one-line message without the password.

    The result: ``{"nodes": {label: rows}, "relationships": {type: rows}, "created": {...},
    "database": {"node:Label"|"rel:TYPE": count after the load}, "batches": n, "seconds": {...}}``.
    """
    from neo4j.exceptions import DriverError
    from neo4j.exceptions import Neo4jError as ServerError

    say = say or (lambda _m: None)
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    t0 = time.perf_counter()
    if isinstance(graph_or_build_dir, str | os.PathLike):
        path = Path(graph_or_build_dir)
        if not (path / "graph.ttl" if path.is_dir() else path).is_file():
            raise Neo4jError(f"no build in {path}: run `kg build CORPUS -o {path}` first")
    driver = connect(uri, user, password, database)  # before the slow part: bad logins fail at once
    seconds = {"connect": round(time.perf_counter() - t0, 3)}
    try:
        pg, t_read, t_project = _graph_of(graph_or_build_dir)
    except BaseException:
        driver.close()
        raise
    pgs = pg_schema()
    say(f"projected {sum(map(len, pg.nodes.values())):,} nodes and {sum(map(len, pg.rels.values())):,} "
        f"relationships ({t_read + t_project:.1f} s)")
    seconds.update({"read": round(t_read, 3), "project": round(t_project, 3)})
    stats: dict[str, Any] = {"uri": uri, "database_name": database, "batch_size": batch_size,
                             "nodes": {}, "relationships": {}, "created": {"nodes": 0, "relationships": 0},
                             "batches": 0}
    where = "schema"
    try:
        with driver.session(database=database) as session:
            t = time.perf_counter()
            stats["schema"] = create_schema(session, pgs, say)
            seconds["schema"] = round(time.perf_counter() - t, 3)

            def send(statement: str, rows: list[dict], what: str) -> None:
                nonlocal where
                done = 0
                for i, batch in enumerate(batches(rows, batch_size), 1):
                    where = f"{what}, batch {i} (rows {done + 1}-{done + len(batch)})"
                    nodes, rels = session.execute_write(write_batch, statement, batch)
                    stats["created"]["nodes"] += nodes
                    stats["created"]["relationships"] += rels
                    done += len(batch)
                    stats["batches"] += 1

            t = time.perf_counter()
            for label, props in pgs.node_props.items():
                rows = pg.nodes.get(label, [])
                if not rows:
                    continue
                t1 = time.perf_counter()
                send(node_statement(label, props),
                     [{p: typed_value(r.get(p), typ) for p, typ in props.items()} for r in rows], f"nodes {label}")
                stats["nodes"][label] = len(rows)
                say(f"nodes {label}: {len(rows):,} ({_rate(len(rows), time.perf_counter() - t1)})")
            seconds["nodes"] = round(time.perf_counter() - t, 3)

            t = time.perf_counter()
            eprops = pgs.rel_props
            for rtype in rel_types(pgs):
                rows = pg.rels.get(rtype, [])
                if not rows:
                    continue
                t1 = time.perf_counter()
                for (a, b), part in pg.rels_by_pair(rtype).items():
                    params = [{"src": r["src"], "dst": r["dst"], **{p: typed_value(r.get(p), typ) for p, typ in eprops.items()}}
                              for r in part]
                    send(rel_statement(rtype, a, b, eprops), params, f"relationships {rtype} ({a}->{b})")
                stats["relationships"][rtype] = len(rows)
                say(f"relationships {rtype}: {len(rows):,} ({_rate(len(rows), time.perf_counter() - t1)})")
            seconds["relationships"] = round(time.perf_counter() - t, 3)

            where = "counting"
            t = time.perf_counter()
            stats["database"] = db_counts(session, pgs)
            seconds["count"] = round(time.perf_counter() - t, 3)
    except Neo4jError:
        raise
    except (ServerError, DriverError, OSError) as exc:
        base = connection_error(exc, uri, user, password)
        raise Neo4jError(scrub(f"load failed at {where}: {base}", password)) from None
    except _Incomplete as exc:
        raise Neo4jError(scrub(f"load failed at {where}: {exc}", password)) from None
    finally:
        driver.close()
    short = [k for k, n in pg.counts().items() if n and stats["database"].get(k, 0) < n]
    if short:
        raise Neo4jError(f"after the load the database holds fewer rows than the build for: {', '.join(short)}")
    seconds["total"] = round(time.perf_counter() - t0, 3)
    stats["seconds"] = seconds
    return stats


def _rate(n: int, seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 1 or n < 1000 else f"{seconds:.1f} s, {n / seconds:,.0f} rows/s"


# ------------------------------------------------------------------------------------- backend
def _plain_value(value: Any, iris: dict[str, Any]) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        labels = sorted(value.labels)
        props = {k: v for k, v in value.items() if v is not None}
        return {"_label": labels[0] if len(labels) == 1 else ":".join(labels), **_plain_map(props, iris)}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        props = {k: v for k, v in value.items() if v is not None}
        return {"_type": value.type,
                "_src": iris.get(start.element_id) if start is not None else None,
                "_dst": iris.get(end.element_id) if end is not None else None,
                **_plain_map(props, iris)}
    if isinstance(value, Path):
        return {"nodes": [_plain_value(n, iris) for n in value.nodes],
                "relationships": [_plain_value(r, iris) for r in value.relationships]}
    if isinstance(value, list | tuple):
        return [_plain_value(v, iris) for v in value]
    if isinstance(value, dict):
        return _plain_map(value, iris)
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return value.iso_format()
    return value


def _plain_map(m: Mapping, iris: dict) -> dict:
    return {k: _plain_value(v, iris) for k, v in m.items()}


def _collect_nodes(value: Any, iris: dict[str, Any]) -> None:
    """IRIs of the nodes a row holds (directly, in lists, maps or paths), by element id."""
    from neo4j.graph import Node, Path

    if isinstance(value, Node):
        iris[value.element_id] = value.get("iri")
    elif isinstance(value, Path):
        for n in value.nodes:
            iris[n.element_id] = n.get("iri")
    elif isinstance(value, list | tuple):
        for v in value:
            _collect_nodes(v, iris)
    elif isinstance(value, dict):
        for v in value.values():
            _collect_nodes(v, iris)


def plain_row(record) -> dict[str, Any]:
    """A ``neo4j.Record`` as a dict of plain Python values, shaped like the Ladybug backend's rows:
    a node is its properties plus ``_label``; a relationship its properties plus ``_type``,
    ``_src`` and ``_dst`` (the endpoints' IRIs when the endpoints are in the same row, else None);
    a path ``{"nodes": [...], "relationships": [...]}``."""
    iris: dict[str, Any] = {}
    for v in record.values():
        _collect_nodes(v, iris)
    return {k: _plain_value(v, iris) for k, v in record.items()}


def _read_rows(tx, cypher: str, params: dict) -> list[dict[str, Any]]:
    return [plain_row(rec) for rec in tx.run(cypher, params)]


class Neo4jBackend:
    """A Neo4j server behind the :class:`kg.queries.runner.Backend` protocol.

    Statements pass the read-only allow-list (:mod:`kg.store.readonly`) and run in read
    transactions (``execute_read``, access mode READ), so the server itself refuses writes. The password comes from ``NEO4J_PASSWORD``. Connection problems raise :class:`Neo4jError`
    when the backend is made; a statement the server rejects raises
    :class:`kg.queries.runner.QueryError`.
    """

    dialect = DIALECT

    def __init__(self, uri: str, user: str = "neo4j", database: str | None = None):
        self.uri, self.user, self.database = uri, user, database
        try:
            self._password = password_from_env()
            self._driver = connect(uri, user, self._password, database)
        except Neo4jError as exc:  # the caller says where ("cannot connect to Neo4j at URI: …")
            raise Neo4jError(exc.reason) from None

    def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        from neo4j.exceptions import DriverError
        from neo4j.exceptions import Neo4jError as ServerError

        from kg.queries.runner import QueryError
        from kg.store.readonly import ReadOnlyError, check_read_only

        try:  # LOAD CSV is a read clause: a read transaction alone would let it read the server's files
            check_read_only(cypher)
        except ReadOnlyError as exc:
            raise QueryError(str(exc)) from None
        try:
            from neo4j import READ_ACCESS

            with self._driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                return session.execute_read(_read_rows, cypher, dict(params or {}))
        except ServerError as exc:
            raise QueryError(scrub(getattr(exc, "message", None) or str(exc), self._password)) from None
        except (DriverError, OSError) as exc:
            raise QueryError(str(connection_error(exc, self.uri, self.user, self._password))) from None

    def close(self) -> None:
        if getattr(self, "_driver", None) is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Neo4jBackend:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
