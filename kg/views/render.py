"""HTML pages for views: pyvis builds the network, our own template makes a self-contained page.

Why not ``Network.write_html``: pyvis 0.3.2 with ``cdn_resources="in_line"`` inlines vis-network
but its template still loads bootstrap's CSS and JS from a CDN, and writes the heading and
titles unescaped. So pyvis is used for what it is good at (the node/edge model and the bundled
vis-network build) and the page comes from ``template.html`` here:

- vis-network's JavaScript is read from pyvis's package data and inlined; the few CSS rules the
  page needs (tooltip) are ours, so the page loads nothing but itself, from ``file://`` too;
- every document text (names, aliases, evidence, document names) reaches the browser only as
  JSON data (``<``, ``>``, ``&`` and ``'`` escaped as ``\\u003c``… so it cannot close the
  ``<script>``) or through Jinja's autoescaping; the page's JavaScript builds tooltips and the
  details panel with ``textContent`` and passes vis-network DOM elements as ``title`` (vis
  9.x would show a string title as text, older versions as HTML: elements are safe in both);
  node labels are drawn on the canvas (``font.multi`` stays off, so no markup is parsed);
- output is deterministic: nodes in view order, JSON with sorted keys, a fixed layout seed,
  no timestamps.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.schema import load_schema
from kg.views.network import KIND_NOUN, RADIUS, View, ViewIndex

LAYOUT_SEED = 20240607
FONT = "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif"
SHARED_EVIDENCE, SHARED_CHARS = 1, 120  # tooltips of the build's pages: sentences per item, characters
LABEL_MAX = 18
OVERVIEW_LABELS, OVERVIEW_FONT = 25, 52  # labelled hubs of a large overview, their font size (px at 100%)  # characters of a name drawn under its node (the tooltip has the full name)

# node label → (vis-network shape, colour). Places are blue/green, sectors orange, actors purple,
# policies red; shapes tell the classes of a group apart.
STYLE: dict[str, tuple[str, str]] = {
    "Province": ("hexagon", "#1f4e8c"),
    "City": ("square", "#3a7dc9"),
    "County": ("triangle", "#6fa8dc"),
    "Region": ("triangleDown", "#2a9d8f"),
    "Zone": ("diamond", "#52b069"),
    "Industry": ("dot", "#f2b134"),
    "IndustryChain": ("star", "#e4682a"),
    "IndustryCluster": ("hexagon", "#c0532a"),
    "Enterprise": ("dot", "#8e5cc4"),
    "InnovationPlatform": ("triangle", "#b07cd8"),
    "Organization": ("square", "#6c5b7b"),
    "PolicyDocument": ("diamond", "#d1394b"),
}
DEFAULT_STYLE = ("dot", "#999999")
EDGE_COLOR: dict[str, str] = {
    "DEVELOPS": "#8da4bd",
    "IN_INDUSTRY": "#a57cc9",
    "ISSUED_BY": "#d1394b",
    "LEADING_ENTERPRISE": "#e4682a",
    "LOCATED_IN": "#3a7dc9",
    "PART_OF": "#e0a030",
    "SUPPORTS": "#e06070",
}
KIND_TITLE = {"overview": "总览 Overview", "chain": "产业 Sector", "region": "地区 Place",
              "policy": "政策 Policy", "firm": "企业 Firm"}


@dataclass
class Page:
    html: str
    nodes: int
    edges: int
    truncated: bool
    title: str

    def save(self, path: str | Path) -> Path:
        """Write the page (UTF-8), creating parent folders; return its path."""
        path = Path(path)
        write_page(self, path)
        return path


# -- assets ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def vis_js() -> str:
    """vis-network's standalone build as shipped inside pyvis, checked safe to inline."""
    lib = resources.files("pyvis") / "templates" / "lib"
    candidates = sorted((p for p in lib.iterdir() if p.name.startswith("vis-")),
                        key=lambda p: tuple(int(x) for x in p.name[4:].split(".") if x.isdigit()))
    for folder in reversed(candidates):
        js = folder / "vis-network.min.js"
        if js.is_file():
            text = js.read_text(encoding="utf-8")
            low = text.lower()
            if "</script" in low or "<!--" in low:
                raise RuntimeError(f"{js} cannot be inlined in a <script> element")
            return text
    raise RuntimeError("vis-network.min.js not found in pyvis's package data")


@functools.lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    here = resources.files("kg.views")
    return env.from_string((here / "template.html").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    here = resources.files("kg.views")
    return (here / "page.css").read_text(encoding="utf-8"), (here / "page.js").read_text(encoding="utf-8")


def lib_files() -> dict[str, str]:
    """The files the build's pages share (``html/lib/``): vis-network, the page script and style."""
    css, js = _assets()
    return {"vis-network.min.js": vis_js(), "page.js": js, "page.css": css}


def _json(obj) -> str:
    from jinja2.utils import htmlsafe_json_dumps

    return htmlsafe_json_dumps(obj, dumps=functools.partial(json.dumps, sort_keys=True, ensure_ascii=False,
                                                            separators=(",", ":")))


def _svg(shape: str, color: str) -> str:
    """A 14 px legend symbol for a vis-network shape (our constants only, no document text)."""
    pts = {
        "hexagon": "7,1 12.2,4 12.2,10 7,13 1.8,10 1.8,4",
        "triangle": "7,1 13,13 1,13",
        "triangleDown": "1,1 13,1 7,13",
        "diamond": "7,0.5 13.5,7 7,13.5 0.5,7",
        "star": "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5",
    }
    if shape == "dot":
        body = f'<circle cx="7" cy="7" r="6" fill="{color}"/>'
    elif shape == "square":
        body = f'<rect x="1.5" y="1.5" width="11" height="11" fill="{color}"/>'
    else:
        body = f'<polygon points="{pts[shape]}" fill="{color}"/>'
    return f'<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">{body}</svg>'


def page_name(iri: str) -> str:
    """A stable, ASCII file name for an entity's page."""
    return hashlib.sha1(iri.encode("utf-8")).hexdigest()[:12] + ".html"


# -- the network ----------------------------------------------------------------------------
def node_size(degree: int) -> float:
    return round(min(48.0, 9.0 + 4.0 * math.sqrt(degree)), 1)


def _short(name: str) -> str:
    return name if len(name) <= LABEL_MAX else name[: LABEL_MAX - 1] + "…"


def options(n_nodes: int) -> dict:
    """vis-network options: a seeded force layout that stabilizes, then physics is switched off."""
    big = n_nodes > 100
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": not big},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": FONT, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"inherit": False},
            "font": {"size": 10, "face": FONT, "color": "#444444", "strokeWidth": 3, "align": "middle"},
            "smooth": False,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70 if big else -50, "centralGravity": 0.012,
                                 "springLength": 120 if big else 100, "springConstant": 0.06,
                                 "damping": 0.5, "avoidOverlap": 0.5},
            "maxVelocity": 40,
            "minVelocity": 1.0,
            "timestep": 0.4,
            "stabilization": {"enabled": True, "iterations": 400 if big else 250, "updateInterval": 20,
                              "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "keyboard": False,
                        "navigationButtons": False, "multiselect": False},
    }


def _evidence(pairs, limit: int | None, chars: int | None) -> list[list[str]]:
    """At most ``limit`` (sentence, document) pairs, sentences cut to ``chars`` characters."""
    out = []
    for text, doc in list(pairs)[:limit]:
        if chars and len(text) > chars:
            text = text[: chars - 1] + "…"
        out.append([text, doc])
    return out


def to_pyvis(view: View, index: ViewIndex, hrefs: dict[str, str] | None = None,
             max_evidence: int | None = None, max_chars: int | None = None):
    """The view as a pyvis ``Network`` (nodes carry ``kg`` data the page turns into tooltips;
    with ``max_evidence``, relationships keep that many sentences of at most ``max_chars``
    characters and only the centre keeps the sentences naming it: its neighbours have pages)."""
    from pyvis.network import Network

    schema = load_schema()
    cls_zh = {c.graph_label: c.label_zh for c in schema.classes.values() if c.graph_label}
    rel_zh = {p.graph_type: p.label_zh for p in schema.relations.values() if p.graph_type}
    hrefs = hrefs or {}
    net = Network(directed=True)
    # the overview fits hundreds of nodes on the screen, where vis-network hides 14 px labels: the
    # most connected ones get labels large enough to read at 100% (the rest show when zooming in)
    hubs = set(sorted(view.nodes, key=lambda i: (-index.degree[i], index.entities[i].name, i))[:OVERVIEW_LABELS]) \
        if view.center is None and len(view.nodes) > 60 else set()
    for iri in view.nodes:
        ent = index.entities[iri]
        shape, color = STYLE.get(ent.label, DEFAULT_STYLE)
        centre = iri == view.center
        net.add_node(
            iri, label=_short(ent.name) or "?", shape=shape, size=node_size(index.degree[iri]) + (4 if centre else 0),
            color={"background": color, "border": "#111111" if centre else color,
                   "highlight": {"background": color, "border": "#111111"},
                   "hover": {"background": color, "border": "#111111"}},
            borderWidth=2 if centre else 1,
            **({"font": {"size": OVERVIEW_FONT, "strokeWidth": 6}} if iri in hubs else {}),
            kg={"name": ent.name, "cls": ent.label, "cls_zh": cls_zh.get(ent.label, ent.label),
                "aliases": ent.aliases, "degree": index.degree[iri], "docs": ent.docs,
                "evidence": _evidence(ent.mentions, None if centre or max_evidence is None else 0, max_chars), "href": hrefs.get(iri, ""), "center": centre},
        )
    for i, link in enumerate(view.links):
        net.add_edge(
            link.src, link.dst, id=f"e{i}", label=link.type, color=EDGE_COLOR.get(link.type, "#999999"),
            width=round(1.0 + math.log2(link.count), 2),
            kg={"type": link.type, "type_zh": rel_zh.get(link.type, ""), "count": link.count,
                "from": index.entities[link.src].name, "to": index.entities[link.dst].name,
                "confidence": link.confidence, "evidence": _evidence(link.evidence, max_evidence, max_chars)},
        )
    net.options = options(len(view.nodes))
    return net


def _legend(view: View, index: ViewIndex) -> tuple[list[dict], list[dict]]:
    from markupsafe import Markup

    schema = load_schema()
    by_label: dict[str, int] = {}
    for iri in view.nodes:
        label = index.entities[iri].label
        by_label[label] = by_label.get(label, 0) + 1
    classes = []
    for name in schema.entity_classes:  # ontology order (sorted by name), labels from the ontology
        info = schema.classes[name]
        if info.graph_label in by_label:
            shape, color = STYLE.get(info.graph_label, DEFAULT_STYLE)
            classes.append({"svg": Markup(_svg(shape, color)), "zh": info.label_zh, "en": info.label_en,
                            "label": info.graph_label, "count": by_label[info.graph_label]})
    rel_zh = {p.graph_type: (p.label_zh, p.label_en) for p in schema.relations.values() if p.graph_type}
    by_type: dict[str, int] = {}
    for link in view.links:
        by_type[link.type] = by_type.get(link.type, 0) + 1
    rels = [{"type": t, "zh": rel_zh.get(t, ("", ""))[0], "en": rel_zh.get(t, ("", ""))[1],
             "color": EDGE_COLOR.get(t, "#999999"), "count": n} for t, n in sorted(by_type.items())]
    return classes, rels


def render(view: View, index: ViewIndex, *, hrefs: dict[str, str] | None = None,
           index_href: str = "", lib: str = "") -> Page:
    """An HTML page for ``view``: self-contained (vis-network, the page's script and style
    inlined), or, with ``lib`` (a relative folder: the build's pages share one copy), loading
    them from ``lib`` and keeping one short sentence per tooltip (the CLI has them all)."""
    from markupsafe import Markup

    net = to_pyvis(view, index, hrefs, *((SHARED_EVIDENCE, SHARED_CHARS) if lib else (None, None)))
    nodes, edges, *_ = net.get_network_data()
    if view.center:
        ent = index.entities[view.center]
        cls = load_schema().classes.get(ent.label)
        heading = ent.name
        kind = f"{cls.label_zh} {cls.label_en}" if cls else ent.label
        radius = RADIUS.get(view.kind, 1)
        subtitle = (f"{KIND_TITLE.get(view.kind, view.kind)} · {kind} · neighbourhood within {radius} "
                    f"hop{'s' if radius > 1 else ''}: {len(nodes)} entities, {len(edges)} relationships")
        title = f"{ent.name} · {KIND_NOUN.get(view.kind, view.kind)} · kg"
    else:
        heading = "知识图谱总览 Knowledge graph overview"
        subtitle = f"{len(nodes)} entities, {len(edges)} relationships (sized by degree)"
        title = "Overview · kg"
    classes, rels = _legend(view, index)
    css, js = _assets()
    data = {"nodes": nodes, "edges": edges, "options": net.options, "center": view.center,
            "kind": view.kind, "truncated": view.truncated}
    html = _template().render(
        title=title, heading=heading, subtitle=subtitle, note=view.note, index_href=index_href,
        classes=classes, rels=rels, page_css=Markup("" if lib else css), page_js=Markup("" if lib else js),
        vis_js=Markup("" if lib else vis_js()), lib=lib,
        data_json=_json(data), empty=not view.links, overview=view.center is None,
    )
    return Page(html=html, nodes=len(nodes), edges=len(edges), truncated=view.truncated, title=heading)


def write_page(page: Page, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.html, encoding="utf-8")
