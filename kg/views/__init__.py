"""Interactive views of a build: HTML pages drawn with vis-network (as shipped in pyvis), with a
figures chart (inline SVG) where the entity has figures.

- ``kg build`` writes ``OUT/html/`` (index, overview, one page per entity with relationships or
  figures, sharing ``html/lib/``): :mod:`kg.views.site`;
- ``kg viz chain|region|policy|firm NAME -o page.html`` and ``kg viz overview``:
  :mod:`kg.views.commands`;
- from Python (e.g. a notebook)::

      from kg.views import load_index, make_page
      index = load_index("out")
      page = make_page(index, "region", "郑州")     # .html, .nodes, .edges, .truncated, .figures
      page.save("zhengzhou.html")

Imports are lazy: ``import kg.views`` loads nothing heavy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.views.network import ViewIndex
    from kg.views.render import Page

__all__ = ["load_index", "make_page"]


def load_index(out: str | Path = "out") -> ViewIndex:
    """The view index of build folder ``out`` (its ``graph.ttl`` through the projection).

    Raises ``FileNotFoundError`` when ``out`` holds no build.
    """
    from rdflib import Graph

    from kg.store.projection import project
    from kg.views.network import ViewIndex

    ttl = Path(out) / "graph.ttl"
    if not ttl.is_file():
        raise FileNotFoundError(f"no build in {out}: run `kg build CORPUS -o {out}` first")
    g = Graph()
    g.parse(ttl, format="turtle")
    return ViewIndex(project(g))


def make_page(index: ViewIndex, kind: str, name: str | None = None, *, max_nodes: int | None = None,
              radius: int | None = None) -> Page:
    """The page of ``kind`` ("overview", "chain", "region", "policy", "firm") for ``name``.

    ``name`` is resolved like ``kg viz`` does (exact, loose, unique substring); an unknown
    or ambiguous name raises ``LookupError`` with suggestions.
    """
    from kg.views.network import MAX_NODES
    from kg.views.render import render

    max_nodes = max_nodes or MAX_NODES
    if kind == "overview":
        return render(index.overview(max_nodes=max_nodes), index)
    if name is None:
        raise ValueError(f"a {kind} view needs a name")
    return render(index.ego(index.resolve(name, kind), kind, radius=radius, max_nodes=max_nodes), index)
