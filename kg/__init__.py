"""kg: Chinese industrial-policy documents to a knowledge graph.

The notebook API::

    from kg import KnowledgeGraph

    with KnowledgeGraph.open("out") as g:          # the build's embedded database (out/graph.lbdb)
        g.region("郑州")                            # a DataFrame (pandas installed) or a list of dicts
        g.chain("氢能")                              # every sector named like it, row by row
        g.list("chains"); g.compare("郑州", "洛阳"); g.figures("河南", metric="工业增加值")
        g.gaps("装备制造", within="郑州")             # 招商: segments with no local firm
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
        """Entities named like ``name`` (the ranked name search), best first."""
        from kg.queries.questions import search_names

        rows = [{"name": h.candidate.name, "label": h.candidate.label, "rank": h.tier, "match": h.match,
                 "aliases": list(h.candidate.aliases), "iri": h.candidate.iri}
                for h in search_names(self.backend, name, labels)]
        return _frame(rows, ["name", "label", "rank", "match", "aliases", "iri"])

    # -- questions -----------------------------------------------------------------------------
    def _answer(self, answer):
        entity = {"iri": answer.entity.iri, "name": answer.entity.name, "label": answer.entity.label}
        attrs = {"question": answer.question, "entity": entity, "note": answer.note,
                 "entities": [{"iri": e.iri, "name": e.name, "label": e.label} for e in answer.entities]}
        if answer.other is not None:
            attrs["other"] = {"iri": answer.other.iri, "name": answer.other.name, "label": answer.other.label}
        return _frame(answer.rows, answer.columns, attrs)

    def _result(self, result):
        attrs = {"question": result.question, "title": result.title, "note": result.note,
                 "entities": [{"iri": e.iri, "name": e.name, "label": e.label} for e in result.entities]}
        return _frame(result.rows, result.columns, attrs)

    def chain(self, name: str, exact: bool = False):
        """An industry, chain or cluster: firms (and where they are), places, policies, parts.
        A name matching several sectors answers for all (column ``entity``); ``exact`` turns that off."""
        from kg.queries.questions import chain

        return self._answer(chain(self.backend, name, exact=exact))

    def region(self, name: str, exact: bool = False, rollup: bool = True):
        """A place: what it develops, its zones, platforms, firms, policies, figures by year; with
        ``rollup`` also those of its counties and zones (column ``via``)."""
        from kg.queries.questions import region

        return self._answer(region(self.backend, name, exact=exact, rollup=rollup))

    def policy(self, title: str, exact: bool = False):
        """A policy document (a partial title finds it): issuer, date, type, what it supports."""
        from kg.queries.questions import policy

        return self._answer(policy(self.backend, title, exact=exact))

    def firm(self, name: str, exact: bool = False):
        """A firm: what it leads or works in, where it is, figures about it."""
        from kg.queries.questions import firm

        return self._answer(firm(self.backend, name, exact=exact))

    def path(self, a: str, b: str):
        """The shortest connection between two entities: one row per hop, with its evidence."""
        from kg.queries.questions import path

        return self._answer(path(self.backend, a, b))

    # -- the analyst's verbs -------------------------------------------------------------------
    def search(self, text: str, limit: int = 20):
        """Entities of every kind whose name or alias matches ``text``, best first."""
        from kg.queries.verbs import search_all

        return self._result(search_all(self.backend, text, limit))

    def list(self, kind: str, within: str | None = None):
        """``chains``, ``clusters``, ``industries``, ``firms``, ``places``, ``zones``, ``policies`` …
        with their counts of facts, most first; ``within`` a place: only those in or tied to it."""
        from kg.queries.verbs import list_entities

        return self._result(list_entities(self.backend, kind, within))

    def compare(self, *places: str):
        """Places side by side: industries, zones, platforms, firms, policies, latest figures."""
        from kg.queries.verbs import compare

        return self._result(compare(self.backend, list(places)))

    def figures(self, subject: str, metric: str | None = None, plot: Any = None):
        """Figures about ``subject`` by metric, kind and year, also in base units (``base_value``,
        ``base_unit``); ``plot``: a .png/.svg file to draw them into (needs matplotlib)."""
        from pathlib import Path

        from kg.queries.verbs import figures

        result = figures(self.backend, subject, metric)
        if plot is not None:
            from kg.queries.plot import plot_figures

            plot_figures(result, Path(plot))
        return self._result(result)

    def gaps(self, chain: str, within: str):
        """For 招商: the segments of ``chain`` with no firm in place ``within`` (``gap``: the firms
        elsewhere as candidates) and those with one (``covered``)."""
        from kg.queries.verbs import gaps

        return self._result(gaps(self.backend, chain, within))

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
