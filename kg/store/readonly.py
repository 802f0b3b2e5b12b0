"""The statement allow-list of ``kg query``: reading the graph only, on Ladybug and on Neo4j.

A statement may start with ``MATCH``, ``OPTIONAL MATCH``, ``WITH``, ``UNWIND``, ``RETURN`` or
``CALL`` (after ``EXPLAIN``/``PROFILE``), may ``CALL`` only subqueries and the catalogue
procedures in :data:`CALLABLE`, and may not hold any clause that writes, reads or writes files,
loads extensions or changes the database (:data:`REFUSED`) — in any of several statements joined
with ``;``. Strings, comments and `back-quoted` names are left out before the check, so a name or a
sentence that holds such a word is fine. This is a second line behind the backends' own
protections: Ladybug is opened read-only and Neo4j runs read transactions.

Example::

    check_read_only("MATCH (c:City) RETURN c.name")   # fine
    check_read_only("LOAD FROM '/etc/passwd' RETURN *")  # ReadOnlyError
"""

from __future__ import annotations

import re

ALLOWED_START = {"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"}
REFUSED = {
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "RENAME",  # writes
    "COPY", "LOAD", "EXPORT", "IMPORT",  # files (Ladybug COPY/LOAD FROM, Neo4j LOAD CSV)
    "INSTALL", "ATTACH", "USE",  # extensions (network), other databases
    "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK", "FOREACH",
}
# Catalogue procedures, lower case: Ladybug's, then Neo4j's.
CALLABLE = {
    "show_tables", "table_info", "show_connection", "db_version", "show_functions",
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "dbms.components",
}
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*|\S")


class ReadOnlyError(ValueError):
    """A statement ``kg query`` refuses; the message is one line."""


def _statements(cypher: str) -> list[str]:
    """``cypher`` split at ``;`` with strings, comments and back-quoted names blanked."""
    out, cur, i, n = [], [], 0, len(cypher)
    while i < n:
        ch = cypher[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and cypher[j] != ch:
                j += 2 if cypher[j] == "\\" and ch != "`" else 1
            cur.append(" _s " if ch != "`" else " _q ")
            i = j + 1
        elif cypher.startswith("//", i):
            j = cypher.find("\n", i)
            i = n if j < 0 else j
        elif cypher.startswith("/*", i):
            j = cypher.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif ch == ";":
            out.append("".join(cur))
            cur = []
            i += 1
        else:
            cur.append(ch)
            i += 1
    out.append("".join(cur))
    return [s for s in out if s.strip()]


def _refuse(what: str) -> ReadOnlyError:
    return ReadOnlyError(f"refused: {what}; `kg query` only reads the graph (no writes, files, extensions "
                         "or settings; writes go through `kg load`)")


def check_read_only(cypher: str) -> None:
    """Raise :class:`ReadOnlyError` unless every statement of ``cypher`` only reads the graph."""
    statements = _statements(cypher)
    if not statements:
        raise ReadOnlyError("refused: an empty statement")
    for stmt in statements:
        tokens = _TOKEN.findall(stmt)
        words = [t.upper() for t in tokens]
        k = 0
        while k < len(words) and words[k] in ("EXPLAIN", "PROFILE"):
            k += 1
        if k == len(words) or words[k] not in ALLOWED_START:
            first = tokens[k] if k < len(tokens) else tokens[-1]
            raise _refuse(f"a statement may not start with {first}")
        for j, w in enumerate(words):
            if w in REFUSED:
                raise _refuse(f"{w} is not allowed")
            if w == "CALL":
                nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
                if nxt in ("{", "("):
                    continue  # a subquery; its clauses are checked like the rest
                name = re.sub(r"\s+", "", nxt).lower()
                after = tokens[j + 2] if j + 2 < len(tokens) else ""
                if name not in CALLABLE or after == "=":
                    raise _refuse(f"CALL {nxt} is not allowed (only catalogue procedures such as show_tables, db.labels)")
