"""kg: Chinese industrial-policy documents to a knowledge graph.

The notebook API::

    from kg import KnowledgeGraph

    with KnowledgeGraph.open("out") as g:          # the build's embedded database (out/graph.lbdb)
        g.region("郑州")                            # a DataFrame (pandas installed) or a list of dicts
        g.chain("新型材料")
        g.cypher("MATCH (c:City) RETURN c.name AS city LIMIT $n", n=5)
        G = g.to_networkx()                         # networkx MultiDiGraph of the property graph

``KnowledgeGraph.open(out, uri="bolt://…")`` queries a Neo4j server instead (password from
``NEO4J_PASSWORD``). Imports are lazy: ``import kg`` loads nothing heavy.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__"]


def _frame(rows: list[dict], columns: list[str] | None = None, attrs: dict | None = None):
    """A pandas DataFrame of ``rows`` when pandas is importable, else the rows themselves."""
    try:
        import pandas as pd
    except ImportError:
        return rows
    df = pd.DataFrame(rows, columns=columns if columns is not None else (list(rows[0]) if rows else None))
    if attrs:
        df.attrs.update(attrs)
    return df


class KnowledgeGraph:
    """A built knowledge graph, queried through a backend (Ladybug by default, or Neo4j).

    Question methods return one row per fact — ``section`` (kind of fact), ``name`` (the
    other end), the ``evidence`` sentence and its ``doc`` — as a DataFrame whose ``attrs``
    hold the resolved ``entity`` and a resolution ``note`` (e.g. ``郑州 → 郑州市 (City), by
    alias``). An unknown name raises :class:`kg.queries.questions.NotFound` (a ``LookupError``)
    whose ``suggestions`` lists close names.
    """

    def __init__(self, backend, out: Any = None):
        self.backend = backend
        self.out = out

    @classmethod
    def open(cls, out: Any = "out", uri: str | None = None, user: str = "neo4j",
             database: str | None = None) -> KnowledgeGraph:
        """Open build folder ``out`` (its ``graph.lbdb``), or the Neo4j server at ``uri``."""
        from kg.queries.runner import open_backend

        return cls(open_backend(out, uri=uri, user=user, database=database), out=out)

    @property
    def dialect(self) -> str:
        return self.backend.dialect

    # -- Cypher --------------------------------------------------------------------------------
    def cypher(self, query: str, **params: Any):
        """Run ``query`` with ``$params``; a DataFrame (pandas installed) else a list of dicts."""
        from kg.queries.runner import run_cypher

        return _frame(run_cypher(self.backend, query, params))

    def resolve(self, name: str, labels: tuple[str, ...] | None = None):
        """Entities named like ``name`` (exact name, alias, then partial matches), best first."""
        from kg.queries.questions import resolve

        rows = [{"name": e.name, "label": e.label, "rank": rank, "aliases": list(e.aliases), "iri": e.iri}
                for e, rank in resolve(self.backend, name, labels)]
        return _frame(rows, ["name", "label", "rank", "aliases", "iri"])

    # -- questions -----------------------------------------------------------------------------
    def _answer(self, answer):
        entity = {"iri": answer.entity.iri, "name": answer.entity.name, "label": answer.entity.label}
        attrs = {"question": answer.question, "entity": entity, "note": answer.note}
        if answer.other is not None:
            attrs["other"] = {"iri": answer.other.iri, "name": answer.other.name, "label": answer.other.label}
        return _frame(answer.rows, answer.columns, attrs)

    def chain(self, name: str):
        """An industry, chain or cluster: firms (and where they are), places, policies, parts."""
        from kg.queries.questions import chain

        return self._answer(chain(self.backend, name))

    def region(self, name: str):
        """A place: what it develops, its zones, platforms, firms, policies, figures by year."""
        from kg.queries.questions import region

        return self._answer(region(self.backend, name))

    def policy(self, title: str):
        """A policy document: issuer, date, type, what it supports, where it is cited."""
        from kg.queries.questions import policy

        return self._answer(policy(self.backend, title))

    def firm(self, name: str):
        """A firm: what it leads or works in, where it is, figures about it."""
        from kg.queries.questions import firm

        return self._answer(firm(self.backend, name))

    def path(self, a: str, b: str):
        """The shortest connection between two entities: one row per hop, with its evidence."""
        from kg.queries.questions import path

        return self._answer(path(self.backend, a, b))

    # -- graph ---------------------------------------------------------------------------------
    def to_networkx(self):
        """The property graph as a ``networkx.MultiDiGraph``: nodes keyed by IRI with ``label``
        and ``name`` (and their other properties), edges keyed by assertion with ``type``,
        ``evidence``, ``doc`` (and ``rule``, ``confidence``, …)."""
        from kg.store.analyze import to_networkx

        return to_networkx(self.backend)

    def close(self) -> None:
        close = getattr(self.backend, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        where = f" {self.out!s}" if self.out is not None else ""
        return f"<KnowledgeGraph{where} ({self.backend.dialect})>"
