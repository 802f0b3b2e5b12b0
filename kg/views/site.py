"""The build's HTML views: ``OUT/html/index.html`` (grouped by kind, with a filter), the overview
and one page per entity that has relationships or figures (industries, chains, clusters, places,
zones, firms, platforms, organisations, policies) under a readable file name (``city/郑州市.html``),
the one shared copy of vis-network and of the pages' script and style in ``OUT/html/lib/``, and
``OUT/html/manifest.json`` (each page's kind, entity, node/edge counts and figures).

:func:`views` is the ``kg build`` post-build stage (registered in ``kg/build.py``).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import time
from importlib import resources
from pathlib import Path

from kg.store.projection import PropertyGraph, project
from kg.views.network import MAX_NODES, ViewIndex
from kg.views.render import render

# folder → (node label, the ``kg viz`` kind whose neighbourhood the page shows, index title), in
# index order: a page for every kind of entity that has relationships
SECTIONS: dict[str, tuple[str, str, str]] = {
    "chain": ("IndustryChain", "chain", "产业链 Industry chains"),
    "cluster": ("IndustryCluster", "chain", "产业集群 Industry clusters"),
    "industry": ("Industry", "chain", "产业 Industries"),
    "province": ("Province", "region", "省 Provinces"),
    "city": ("City", "region", "地级市 Cities"),
    "county": ("County", "region", "县区 Counties and districts"),
    "region": ("Region", "region", "区域 Regions"),
    "zone": ("Zone", "region", "园区 Development zones"),
    "firm": ("Enterprise", "firm", "企业 Firms"),
    "platform": ("InnovationPlatform", "entity", "创新平台 Innovation platforms"),
    "organization": ("Organization", "entity", "机构 Organisations"),
    "policy": ("PolicyDocument", "policy", "政策 Policies"),
}
SECTION_TITLE = {k: v[2] for k, v in SECTIONS.items()}
LIB = "lib"  # the one shared copy of vis-network, the pages' script and style, beside the pages
_UNSAFE = set('<>:"/\\|?*#%&{}$!\'@+`=[];,~^')
MAX_FILE_CHARS = 60


def file_stem(name: str) -> str:
    """A readable file name for an entity's page: its name, with the characters Windows, URLs or
    shells mind replaced by ``_``, at most ``MAX_FILE_CHARS`` characters."""
    stem = "".join("_" if c in _UNSAFE or not c.isprintable() or c.isspace() else c for c in name)
    stem = stem.strip("._ ")[:MAX_FILE_CHARS].rstrip("._ ")
    return stem or "_"


def page_paths(targets: list[tuple[str, str]], names: dict[str, str]) -> dict[str, str]:
    """``folder/name.html`` for each (folder, IRI), namesakes numbered in target order (stable);
    case-insensitively unique, as Windows and macOS file systems need."""
    used: set[str] = set()
    out = {}
    for folder, iri in targets:
        stem = file_stem(names[iri])
        rel, n = f"{folder}/{stem}.html", 1
        while rel.casefold() in used:
            n += 1
            rel = f"{folder}/{stem}-{n}.html"
        used.add(rel.casefold())
        out[iri] = rel
    return out


@functools.lru_cache(maxsize=1)
def _index_template():
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string((resources.files("kg.views") / "site_index.html").read_text(encoding="utf-8"))


class _Files:
    """Writes the site's files as ``Path.write_text`` would; a file whose bytes equal those of the
    same file in ``previous`` (the html folder of the build being replaced) becomes a hard link to
    it instead: the same bytes, without making a new file (the costly part of writing hundreds of
    small pages on some file systems). ``linked`` counts them."""

    def __init__(self, root: Path, previous: Path | None):
        self.root, self.previous = root, previous
        self.linked = 0
        self._folders: set[Path] = set()

    def write(self, rel: str, text: str) -> int:
        """Write ``rel`` (a path relative to the root); return the length of its UTF-8 text."""
        encoded = text.encode("utf-8")
        data = encoded if os.linesep == "\n" else text.replace("\n", os.linesep).encode("utf-8")
        path = self.root / rel
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        if self.previous is not None and self._link(self.previous / rel, path, data):
            self.linked += 1
        else:
            path.write_bytes(data)
        return len(encoded)

    @staticmethod
    def _link(old: Path, path: Path, data: bytes) -> bool:
        try:
            if old.is_symlink() or not old.is_file() or old.stat().st_size != len(data) or old.read_bytes() != data:
                return False
            os.link(old, path)
        except OSError:  # no hard links here (another device, FAT, a limit): write it
            return False
        return True


def write_site(pg: PropertyGraph, html_dir: Path, max_nodes: int = MAX_NODES, previous: Path | None = None) -> dict:
    """Write the pages of ``pg`` into ``html_dir``; return counts for the build report.

    Every entity with a relationship or a figure gets a page; the others are listed in the index,
    not drawn. The pages load the one copy of vis-network in ``html_dir/lib``. ``previous``: the
    html folder of the build being replaced; files that come out the same are linked to it."""
    from kg.views.render import lib_files

    index = ViewIndex(pg)
    if html_dir.exists():
        shutil.rmtree(html_dir)
    html_dir.mkdir(parents=True)
    files = _Files(html_dir, previous if previous is not None and previous.is_dir() else None)
    size = 0
    for name, text in lib_files().items():
        size += files.write(f"{LIB}/{name}", text)
    targets: list[tuple[str, str]] = []  # (folder, iri)
    unlinked: dict[str, list[str]] = {}
    for folder, (label, _kind, _title) in SECTIONS.items():
        iris = sorted((e.iri for e in index.entities.values() if e.label == label),
                      key=lambda i: (index.entities[i].name, i))
        drawn = {iri for iri in iris if index.degree[iri] > 0 or iri in index.figures}
        targets += [(folder, iri) for iri in iris if iri in drawn]
        unlinked[folder] = [index.entities[i].name for i in iris if i not in drawn]
    paths = page_paths(targets, {iri: index.entities[iri].name for _, iri in targets})
    manifest: list[dict] = []

    def emit(rel: str, page, kind: str, iri: str = "", name: str = "") -> None:
        nonlocal size
        size += files.write(rel, page.html)
        manifest.append({"path": rel, "kind": kind, "iri": iri, "name": name, "nodes": page.nodes,
                         "edges": page.edges, "truncated": page.truncated, "figures": page.figures})

    emit("overview.html", render(index.overview(max_nodes), index, hrefs=paths, index_href="index.html",
                                 lib=LIB), "overview")
    for folder, iri in targets:
        kind = SECTIONS[folder][1]
        page = render(index.ego(iri, kind, max_nodes=max_nodes), index, hrefs=paths, root="../",
                      index_href="../index.html", lib="../" + LIB)
        emit(paths[iri], page, folder, iri, index.entities[iri].name)
    sections = []
    for folder in SECTIONS:
        rows = [m for m in manifest if m["kind"] == folder]
        if rows or unlinked[folder]:
            sections.append({"key": folder, "title": SECTION_TITLE[folder], "rows": rows,
                             "unlinked": unlinked[folder]})
    overview = manifest[0]
    index_html = _index_template().render(sections=sections, overview=overview, entities=len(index.entities),
                                          links=len(index.links))
    size += files.write("index.html", index_html)
    files.write("manifest.json",
                json.dumps({"max_nodes": max_nodes, "lib": LIB, "pages": manifest}, ensure_ascii=False, indent=1) + "\n")
    by_kind: dict[str, int] = {}
    for m in manifest:
        by_kind[m["kind"]] = by_kind.get(m["kind"], 0) + 1
    return {
        "pages": len(manifest) + 1,  # + index.html
        "by_kind": by_kind,
        "unlinked": sum(len(v) for v in unlinked.values()),
        "overview_nodes": overview["nodes"],
        "overview_edges": overview["edges"],
        "truncated_pages": sum(1 for m in manifest if m["truncated"]),
        "figure_pages": sum(1 for m in manifest if m["figures"]),
        "bytes": size,
        "linked": files.linked,  # files linked to the previous build's (not in the report)
    }


def views(out_dir: Path, graph, report: dict, say, previous=None) -> None:
    """Post-build stage: write ``out_dir/html`` from the build's RDF graph; ``report["views"]``.
    ``previous`` (a :class:`kg.build.Previous`): its unchanged pages are linked, not written again."""
    t0 = time.perf_counter()
    stats = write_site(project(graph), Path(out_dir) / "html",
                       previous=previous.folder / "html" if previous is not None else None)
    linked = stats.pop("linked")
    stats["seconds"] = round(time.perf_counter() - t0, 3)
    report["views"] = stats
    same = f"; {linked} files unchanged, linked to the previous build's" if linked else ""
    say(f"wrote {stats['pages']} HTML pages to html/ ({stats['bytes'] / 1e6:.0f} MB, {stats['seconds']} s{same})")


views.reuses_previous = True  # type: ignore[attr-defined]  # kg.build passes the build being replaced
