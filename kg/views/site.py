"""The build's HTML views: ``OUT/html/index.html``, the overview and one page per chain, cluster
and city, plus ``OUT/html/manifest.json`` (each page's kind, entity and node/edge counts).

:func:`views` is the ``kg build`` post-build stage (registered in ``kg/build.py``).
"""

from __future__ import annotations

import functools
import json
import time
from importlib import resources
from pathlib import Path

from kg.store.projection import PropertyGraph, project
from kg.views.network import MAX_NODES, ViewIndex
from kg.views.render import page_name, render, write_page

# folder → (node label, the ``kg viz`` kind whose neighbourhood the page shows), in index order
SECTIONS: dict[str, tuple[str, str]] = {
    "chain": ("IndustryChain", "chain"),
    "cluster": ("IndustryCluster", "chain"),
    "city": ("City", "region"),
}
SECTION_TITLE = {"chain": "产业链 Industry chains", "cluster": "产业集群 Industry clusters", "city": "地级市 Cities"}


@functools.lru_cache(maxsize=1)
def _index_template():
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string((resources.files("kg.views") / "site_index.html").read_text(encoding="utf-8"))


def write_site(pg: PropertyGraph, html_dir: Path, max_nodes: int = MAX_NODES) -> dict:
    """Write the pages of ``pg`` into ``html_dir``; return counts for the build report."""
    index = ViewIndex(pg)
    html_dir.mkdir(parents=True, exist_ok=True)
    targets: list[tuple[str, str]] = []  # (folder, iri)
    for folder, (label, _kind) in SECTIONS.items():
        iris = [e.iri for e in index.entities.values() if e.label == label]
        targets += [(folder, iri) for iri in sorted(iris, key=lambda i: (index.entities[i].name, i))]
    paths = {iri: f"{folder}/{page_name(iri)}" for folder, iri in targets}
    manifest: list[dict] = []
    size = 0

    def emit(rel: str, page, kind: str, iri: str = "", name: str = "") -> None:
        nonlocal size
        write_page(page, html_dir / rel)
        size += len(page.html.encode("utf-8"))
        manifest.append({"path": rel, "kind": kind, "iri": iri, "name": name, "nodes": page.nodes,
                         "edges": page.edges, "truncated": page.truncated})

    emit("overview.html", render(index.overview(max_nodes), index, hrefs=paths, index_href="index.html"),
         "overview")
    up = {iri: "../" + p for iri, p in paths.items()}
    for folder, iri in targets:
        kind = SECTIONS[folder][1]
        page = render(index.ego(iri, kind, max_nodes=max_nodes), index, hrefs=up, index_href="../index.html")
        emit(paths[iri], page, folder, iri, index.entities[iri].name)
    sections = []
    for folder in SECTIONS:
        rows = [m for m in manifest if m["kind"] == folder]
        sections.append({"key": folder, "title": SECTION_TITLE[folder], "rows": rows})
    overview = manifest[0]
    (html_dir / "index.html").write_text(
        _index_template().render(sections=sections, overview=overview, entities=len(index.entities),
                                 links=len(index.links)),
        encoding="utf-8")
    (html_dir / "manifest.json").write_text(
        json.dumps({"max_nodes": max_nodes, "pages": manifest}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    by_kind: dict[str, int] = {}
    for m in manifest:
        by_kind[m["kind"]] = by_kind.get(m["kind"], 0) + 1
    return {
        "pages": len(manifest) + 1,  # + index.html
        "by_kind": by_kind,
        "overview_nodes": overview["nodes"],
        "overview_edges": overview["edges"],
        "truncated_pages": sum(1 for m in manifest if m["truncated"]),
        "isolated_pages": sum(1 for m in manifest if m["edges"] == 0),
        "bytes": size,
    }


def views(out_dir: Path, graph, report: dict, say) -> None:
    """Post-build stage: write ``out_dir/html`` from the build's RDF graph; ``report["views"]``."""
    t0 = time.perf_counter()
    stats = write_site(project(graph), Path(out_dir) / "html")
    stats["seconds"] = round(time.perf_counter() - t0, 3)
    report["views"] = stats
    say(f"wrote {stats['pages']} HTML pages to html/ ({stats['bytes'] / 1e6:.0f} MB, {stats['seconds']} s)")
