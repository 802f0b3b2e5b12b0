"""Load the shipped Cypher questions (``kg/queries/*.cypher``), bind their parameters, run them.

A question is one file, ``NAME.cypher``, in the Cypher that Ladybug and Neo4j 5 both accept.
Where the two dialects differ (the shortest path), the file is split into
``NAME.ladybug.cypher`` and ``NAME.neo4j.cypher`` and the backend's ``dialect`` picks one.

The backend protocol is deliberately small, so that the embedded database
(:class:`kg.store.ladybug.LadybugBackend`) and a Neo4j server
(``kg.store.neo4j.Neo4jBackend(uri, user, database)``) are interchangeable::

    class Backend(Protocol):
        dialect: str                                   # "ladybug" or "neo4j"
        def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict]: ...

``run`` returns one dict per row, column name → plain Python value. A node comes back as a
dict of its properties plus ``"_label"`` (its label, a string); a relationship as a dict of its
properties plus ``"_type"``, ``"_src"`` and ``"_dst"`` (the IRIs of its start and end nodes).
A statement the database rejects raises :class:`QueryError` (a one-line, user-facing message).
``close()`` is optional.

Example::

    from kg.queries import runner
    from kg.store.ladybug import connect
    with connect("out") as db:
        rows = runner.run(db, "resolve", name="郑州", limit=5)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

QUERY_DIR = Path(__file__).resolve().parent
DIALECTS = ("ladybug", "neo4j")


class QueryError(Exception):
    """A statement was rejected by the database, or its parameters do not fit it."""


class BackendUnavailable(Exception):
    """The requested backend cannot be opened (not installed, not wired, no database)."""


@runtime_checkable
class Backend(Protocol):
    """What the questions need from a graph database: see the module docstring."""

    dialect: str

    def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...


# -------------------------------------------------------------------------------------- the files
def query_files() -> dict[str, Path]:
    """Every shipped statement by name: ``resolve``, ``path.ladybug``, ``path.neo4j``, …"""
    return {p.name.removesuffix(".cypher"): p for p in sorted(QUERY_DIR.glob("*.cypher"))}


def questions() -> list[str]:
    """Names of the questions (a variant pair counts once)."""
    return sorted({name.split(".")[0] for name in query_files()})


def load(name: str, dialect: str = "ladybug") -> str:
    """The text of question ``name`` for ``dialect`` (its variant file when there is one)."""
    files = query_files()
    for key in (f"{name}.{dialect}", name):
        if key in files:
            return files[key].read_text(encoding="utf-8")
    raise QueryError(f"no query {name!r} for {dialect} (have: {', '.join(questions())})")


_TOKENS = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/|\$(`[^`]+`|\w+)""", re.S)


def parameters(cypher: str) -> list[str]:
    """The ``$parameters`` a statement uses, in order of first use (strings and comments skipped)."""
    out: list[str] = []
    for m in _TOKENS.finditer(cypher):
        if m.group(1):
            name = m.group(1).strip("`")
            if name not in out:
                out.append(name)
    return out


def bind(cypher: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The parameters ``cypher`` uses, taken from ``params``; a missing one raises QueryError.

    Extra parameters are dropped (Ladybug rejects parameters a statement does not use).
    """
    params = dict(params or {})
    needed = parameters(cypher)
    missing = [p for p in needed if p not in params]
    if missing:
        raise QueryError(f"missing parameter{'s' if len(missing) > 1 else ''}: "
                         + ", ".join(f"${p}" for p in missing))
    return {p: params[p] for p in needed}


def run(backend: Backend, name: str, /, **params: Any) -> list[dict[str, Any]]:
    """Run shipped question ``name`` with ``params`` on ``backend``."""
    cypher = load(name, backend.dialect)
    return backend.run(cypher, bind(cypher, params))


def run_cypher(backend: Backend, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict]:
    """Run an ad-hoc statement, binding the parameters it uses from ``params``."""
    return backend.run(cypher, bind(cypher, params))


# ------------------------------------------------------------------------------------- backends
def open_backend(out: str | Path = "out", uri: str | None = None, user: str = "neo4j",
                 database: str | None = None) -> Backend:
    """The embedded database of build folder ``out``, or a Neo4j server when ``uri`` is given.

    The Neo4j backend is ``kg.store.neo4j.Neo4jBackend(uri, user, database)`` (password from its
    own configuration); until it exists this raises :class:`BackendUnavailable`.
    """
    if uri:
        try:
            from kg.store.neo4j import Neo4jBackend  # type: ignore[attr-defined]
        except ImportError as exc:
            raise BackendUnavailable(f"Neo4j backend not available ({exc})") from None
        try:
            return Neo4jBackend(uri, user, database)
        except Exception as exc:  # the driver's connection and auth errors
            from kg.store.neo4j import redact_uri

            raise BackendUnavailable(f"cannot connect to Neo4j at {redact_uri(uri)}: {exc}") from None
    from kg.store.ladybug import StoreError, connect

    try:
        return connect(out, read_only=True)
    except StoreError as exc:
        raise BackendUnavailable(str(exc)) from None
