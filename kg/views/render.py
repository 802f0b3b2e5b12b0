"""HTML pages for views: the page's data (compact JSON), drawn by ``page.js`` with vis-network.

Why not pyvis's ``Network.write_html``: pyvis 0.3.2 with ``cdn_resources="in_line"`` inlines
vis-network but its template still loads bootstrap's CSS and JS from a CDN, writes the heading and
titles unescaped, and repeats every IRI, colour and option on every node and edge. So pyvis is
used for the vis-network build it ships, the page comes from ``template.html`` here and its data
from :func:`page_data` (each entity, sentence and document name once per page, by index), which
``page.js`` turns into vis-network's nodes and edges, tooltips and the figures chart:

- vis-network's JavaScript is read from pyvis's package data and inlined; the few CSS rules the
  page needs (tooltip) are ours, so the page loads nothing but itself, from ``file://`` too;
- every document text (names, aliases, evidence, document names) reaches the browser only as
  JSON data (``<``, ``>``, ``&`` and ``'`` escaped as ``\\u003c``… so it cannot close the
  ``<script>``) or through Jinja's autoescaping; the page's JavaScript builds tooltips and the
  details panel with ``textContent`` and passes vis-network DOM elements as ``title`` (vis
  9.x would show a string title as text, older versions as HTML: elements are safe in both);
  node labels are drawn on the canvas (``font.multi`` stays off, so no markup is parsed);
- the figures chart is inline SVG built by ``page.js`` with DOM calls (``<title>`` tooltips
  set with ``textContent``), no library;
- output is deterministic: nodes in view order, JSON with sorted keys, a fixed layout seed,
  no timestamps.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.schema import load_schema
from kg.views.network import KIND_NOUN, RADIUS, View, ViewIndex

LAYOUT_SEED = 20240607
FONT = "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif"
SHARED_EVIDENCE, SHARED_CHARS = 1, 120  # tooltips of the build's pages: sentences per item, characters
LABEL_MAX = 18  # characters of a name drawn under its node (the tooltip has the full name)
OVERVIEW_LABELS, OVERVIEW_FONT = 25, 52  # labelled hubs of a large overview, their font size (px at 100%)

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
    figures: int = 0  # points in the figures chart

    def save(self, path: str | Path) -> Path:
        """Write the page (UTF-8), creating parent folders; return its path."""
        path = Path(path)
        write_page(self, path)
        return path


# -- assets ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def vis_js() -> str:
    """vis-network's standalone build as shipped inside pyvis, checked safe to inline.

    The file is found without importing pyvis (whose import loads IPython, networkx and
    jsonpickle: about half a second)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: it ships the vis-network library the pages use")
    lib = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib"
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


# -- the data ------------------------------------------------------------------------------
class _Table:
    """Distinct values in first-seen order: each is written once and referred to by its index."""

    def __init__(self):
        self.items: list = []
        self._pos: dict = {}

    def ref(self, item) -> int:
        key = item if not isinstance(item, list) else tuple(item)
        if key not in self._pos:
            self._pos[key] = len(self.items)
            self.items.append(item)
        return self._pos[key]


def _clip(text: str, chars: int | None) -> str:
    return text[: chars - 1] + "…" if chars and len(text) > chars else text


def _scale(values: list[float], base: str) -> tuple[float, str]:
    """The factor and unit a chart's axis shows ``values`` (in ``base``) in: 1.55e12 元 → (1e12, 万亿元)."""
    from kg.queries.units import NO_PREFIX

    top = max((abs(v) for v in values), default=0.0)
    if base in NO_PREFIX or base.endswith("百分点"):
        return 1.0, base
    for prefix, factor in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if top >= factor:
            return factor, prefix + base
    return 1.0, base


def figure_series(figures: list, sentence) -> list[list]:
    """The figures of an entity as chart series, one per (metric, base unit), the longest first:
    ``[metric, base unit, axis factor, axis unit, points]``, each point ``[year, kind (0 actual,
    1 target), value in the base unit, value as stated, [sentence refs]]``; statements of the same
    value in the same year are one point with all their sentences (``sentence`` makes a ref)."""
    from kg.queries.units import normalize

    groups: dict[tuple[str, str], dict[tuple[int, int, float], list]] = {}
    for f in figures:
        value, base = normalize(f.value, f.unit)
        points = groups.setdefault((f.metric, base), {})
        key = (f.year, 1 if f.kind == "target" else 0, value)
        point = points.setdefault(key, [f.year, key[1], value, f"{f.value_text}{f.unit}", []])
        ref = sentence(f.evidence, f.doc, None)
        if ref not in point[4]:
            point[4].append(ref)
    out = []
    for (metric, base), points in groups.items():
        rows = [points[k] for k in sorted(points)]
        factor, axis = _scale([p[2] for p in rows], base)
        out.append([metric, base, factor, axis, rows])
    out.sort(key=lambda s: (-len({p[0] for p in s[4]}), -len(s[4]), s[0], s[1]))
    return out


def page_data(view: View, index: ViewIndex, hrefs: dict[str, str] | None = None, root: str = "",
              max_evidence: int | None = None, max_chars: int | None = None) -> dict:
    """The page's data, compact: each entity once, by its index in ``nodes``; IRIs as their
    local part after ``base``; every sentence and document name once, in ``sents`` and ``docs``,
    referred to by index; page links relative to ``root``. With ``max_evidence``, relationships keep
    that many sentences of at most ``max_chars`` characters and only the centre keeps the
    sentences naming it (its neighbours have pages). Layout: see ``page.js``.

    - ``nodes``: ``[iri after base, name, class, degree, aliases, [doc refs], [sentence refs], href]``
    - ``edges``: ``[from node, to node, type, assertions, confidence, [sentence refs]]``
    - ``sents``: ``[text, doc ref]``; ``figures``: see :func:`figure_series` (the centre's)
    - ``classes``: class → ``[shape, colour, Chinese, English label]`` (from the ontology);
      ``rels``: type → ``[colour, Chinese, English label]``: the legend and the tooltips
    """
    schema = load_schema()
    hrefs = hrefs or {}
    docs, sents = _Table(), _Table()

    def sentence(text: str, doc: str, chars: int | None) -> int:
        return sents.ref([_clip(text, chars), docs.ref(doc)])

    pos = {iri: i for i, iri in enumerate(view.nodes)}
    base = _common_base(view.nodes)
    nodes = []
    for iri in view.nodes:
        ent = index.entities[iri]
        keep = None if iri == view.center or max_evidence is None else 0
        nodes.append([iri[len(base):], ent.name, ent.label, index.degree[iri], list(ent.aliases),
                      [docs.ref(d) for d in ent.docs],
                      [sentence(t, d, max_chars) for t, d in list(ent.mentions)[:keep]], hrefs.get(iri, "")])
    edges = [[pos[lk.src], pos[lk.dst], lk.type, lk.count, lk.confidence,
              [sentence(t, d, max_chars) for t, d in lk.evidence[:max_evidence]]] for lk in view.links]
    figures = figure_series(index.figures.get(view.center, []), sentence) if view.center else []
    labels = sorted({n[2] for n in nodes})
    cls_names = {c.graph_label: (c.label_zh, c.label_en) for c in schema.classes.values() if c.graph_label}
    rel_names = {p.graph_type: (p.label_zh, p.label_en) for p in schema.relations.values() if p.graph_type}
    # the overview fits hundreds of nodes on the screen, where vis-network hides 14 px labels: the
    # most connected ones get labels large enough to read at 100% (the rest show when zooming in)
    hubs = sorted(view.nodes, key=lambda i: (-index.degree[i], index.entities[i].name, i))[:OVERVIEW_LABELS] \
        if view.center is None and len(view.nodes) > 60 else []
    return {
        "kind": view.kind, "center": pos.get(view.center) if view.center else None, "truncated": view.truncated,
        "base": base, "root": root, "nodes": nodes, "edges": edges, "docs": docs.items, "sents": sents.items,
        "figures": figures, "hubs": sorted(pos[i] for i in hubs),
        "classes": {lb: [*STYLE.get(lb, DEFAULT_STYLE), *cls_names.get(lb, (lb, lb))] for lb in labels},
        "rels": {t: [EDGE_COLOR.get(t, "#999999"), *rel_names.get(t, ("", ""))] for t in sorted({e[2] for e in edges})},
        "style": {"seed": LAYOUT_SEED, "font": FONT, "hubFont": OVERVIEW_FONT, "labelMax": LABEL_MAX},
    }


def _common_base(iris: list[str]) -> str:
    """The longest prefix of all ``iris`` that ends with ``/`` (``https://…/id/``)."""
    if not iris:
        return ""
    lo, hi = min(iris), max(iris)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    cut = lo[:n].rfind("/") + 1
    return lo[:cut]


def render(view: View, index: ViewIndex, *, hrefs: dict[str, str] | None = None, root: str = "",
           index_href: str = "", lib: str = "") -> Page:
    """An HTML page for ``view``: self-contained (vis-network, the page's script and style
    inlined), or, with ``lib`` (a relative folder: the build's pages share one copy), loading
    them from ``lib`` and keeping one short sentence per tooltip (the CLI has them all).
    ``hrefs`` maps entities to their pages, relative to ``root`` (a relative folder)."""
    from markupsafe import Markup

    data = page_data(view, index, hrefs, root, *((SHARED_EVIDENCE, SHARED_CHARS) if lib else (None, None)))
    nodes, edges = data["nodes"], data["edges"]
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
    css, js = _assets()
    html = _template().render(
        title=title, heading=heading, subtitle=subtitle, note=view.note, index_href=index_href,
        page_css=Markup("" if lib else css), page_js=Markup("" if lib else js),
        vis_js=Markup("" if lib else vis_js()), lib=lib,
        data_json=_json(data), empty=not view.links, overview=view.center is None, figures=bool(data["figures"]),
    )
    return Page(html=html, nodes=len(nodes), edges=len(edges), truncated=view.truncated, title=heading,
                figures=sum(len(s[4]) for s in data["figures"]))


def write_page(page: Page, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.html, encoding="utf-8")
