"""The networks the views draw, cut from the property-graph projection.

:class:`ViewIndex` indexes a :class:`~kg.store.projection.PropertyGraph` once: the entities
(every node label the ontology marks as an extracted class), the core relationships merged per
``(from, to, type)`` with all their evidence sentences, the undirected adjacency and the degree
(number of merged relationships at a node). ``MENTIONED_IN`` is not drawn: its sentence (the
first one naming the entity in a document) becomes the entity's own evidence in the tooltip.
``ABOUT`` is not drawn either: the observations it ties to an entity are that entity's figures
(:attr:`ViewIndex.figures`, the rows ``kg figures`` reads), charted on its page.

A :class:`View` is an ordered, deterministic selection of entities and the relationships among
them: an ego network (:meth:`ViewIndex.ego`) or the overview (:meth:`ViewIndex.overview`). When
a selection exceeds ``max_nodes`` it is cut to the nearest, then most connected part and the
view says so (``truncated``, ``note``).
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kept light: ``kg --help`` imports the viz commands, which import this module
    from kg.store.projection import PropertyGraph

MAX_NODES = 300  # a view larger than this is cut to its most connected part
HUB_DEGREE = 12  # ego views show, but do not expand, nodes more connected than this (e.g. 郑州市, 河南省)
MAX_EVIDENCE = 6  # evidence sentences kept per relationship / entity for tooltips

# which node labels each ``kg viz`` kind may name, in order of preference
KINDS: dict[str, tuple[str, ...]] = {
    "chain": ("IndustryChain", "IndustryCluster", "Industry"),
    "region": ("Province", "City", "County", "Region", "Zone"),
    "policy": ("PolicyDocument",),
    "firm": ("Enterprise",),
    "entity": ("InnovationPlatform", "Organization"),
}
KIND_NOUN = {"chain": "chain, cluster or industry", "region": "place", "policy": "policy", "firm": "firm",
             "entity": "platform or organisation"}
# how far each kind's ego network reaches
RADIUS = {"chain": 2, "region": 1, "policy": 2, "firm": 2, "entity": 1}
NOT_DRAWN = {"MENTIONED_IN", "ABOUT"}


@dataclass
class Entity:
    iri: str
    label: str  # node label (class)
    name: str
    aliases: list[str]
    docs: list[str]
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (sentence, document)


@dataclass
class Link:
    src: str
    dst: str
    type: str
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (sentence, document), distinct
    count: int = 0  # assertions merged into this link
    confidence: float = 0.0  # highest


@dataclass(frozen=True)
class Figure:
    """One observation about an entity: a metric's value in a year, as stated, with its sentence."""

    metric: str
    kind: str  # actual | target
    year: int
    value: float
    value_text: str
    unit: str
    evidence: str
    doc: str


@dataclass
class View:
    kind: str  # overview | chain | region | policy | firm
    center: str | None  # IRI of the ego, None for the overview
    nodes: list[str]  # IRIs, in drawing order
    links: list[Link]
    candidates: int  # entities selected before the cut
    truncated: bool = False
    note: str = ""


def norm(text: str) -> str:
    """Case-, width- and whitespace-insensitive form of a name."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


class ViewIndex:
    """Entities, merged relationships, adjacency and degrees of a projection."""

    def __init__(self, pg: PropertyGraph):
        from kg.schema import load_schema

        schema = load_schema()
        self.labels = [schema.classes[c].graph_label for c in schema.entity_classes]
        self.entities: dict[str, Entity] = {}
        for label in self.labels:
            for row in pg.nodes.get(label, []):
                self.entities[row["iri"]] = Entity(row["iri"], label, row.get("name") or "",
                                                   list(row.get("aliases") or []), list(row.get("docs") or []))
        for row in pg.rels.get("MENTIONED_IN", []):
            ent = self.entities.get(row["src"])
            if ent is not None and row.get("evidence") and len(ent.mentions) < MAX_EVIDENCE:
                ent.mentions.append((row["evidence"], row.get("doc") or ""))
        links: dict[tuple[str, str, str], Link] = {}
        for rtype in sorted(pg.rels):
            if rtype in NOT_DRAWN:
                continue
            for row in pg.rels[rtype]:
                if row["src"] not in self.entities or row["dst"] not in self.entities:
                    continue
                key = (row["src"], row["dst"], rtype)
                link = links.get(key)
                if link is None:
                    link = links[key] = Link(row["src"], row["dst"], rtype)
                link.count += 1
                link.confidence = max(link.confidence, float(row.get("confidence") or 0.0))
                ev = (row.get("evidence") or "", row.get("doc") or "")
                if ev[0] and ev not in link.evidence and len(link.evidence) < MAX_EVIDENCE:
                    link.evidence.append(ev)
        self.links = [links[k] for k in sorted(links)]
        observations = {row["iri"]: row for row in pg.nodes.get("Observation", [])}
        self.figures: dict[str, list[Figure]] = {}
        for row in pg.rels.get("ABOUT", []):
            ob = observations.get(row["src"])
            if ob is None or row["dst"] not in self.entities or ob.get("year") is None or ob.get("value") is None:
                continue
            self.figures.setdefault(row["dst"], []).append(Figure(
                ob.get("metric") or "", ob.get("kind") or "actual", int(ob["year"]), float(ob["value"]),
                str(ob.get("value_text") or ob["value"]), ob.get("unit") or "", ob.get("evidence") or "",
                ob.get("doc") or ""))
        for figs in self.figures.values():
            figs.sort(key=lambda f: (f.metric, f.year, f.kind, f.value, f.evidence, f.doc))
        self.adj: dict[str, set[str]] = {iri: set() for iri in self.entities}
        self.degree: dict[str, int] = dict.fromkeys(self.entities, 0)
        self._incident: dict[str, list[Link]] = {iri: [] for iri in self.entities}
        for link in self.links:
            for a, b in ((link.src, link.dst), (link.dst, link.src)):
                self.adj[a].add(b)
                self.degree[a] += 1
                self._incident[a].append(link)

    # -- selections ---------------------------------------------------------------------
    def _rank(self, iri: str) -> tuple[int, str, str]:
        return (-self.degree[iri], self.entities[iri].name, iri)

    def _links_among(self, keep: list[str]) -> list[Link]:
        kept = set(keep)
        seen: set[int] = set()
        out = []
        for iri in keep:
            for link in self._incident[iri]:
                if id(link) not in seen and link.src in kept and link.dst in kept:
                    seen.add(id(link))
                    out.append(link)
        out.sort(key=lambda lk: (lk.src, lk.dst, lk.type))
        return out

    def overview(self, max_nodes: int = MAX_NODES) -> View:
        """The connected entities, cut to the ``max_nodes`` most connected."""
        connected = sorted((iri for iri, d in self.degree.items() if d > 0), key=self._rank)
        keep = connected[:max_nodes]
        view = View("overview", None, keep, self._links_among(keep), len(connected),
                    truncated=len(connected) > max_nodes)
        if view.truncated:
            view.note = (f"Large graph: showing the {len(keep)} most connected of {len(connected)} "
                         f"connected entities ({len(self.entities)} entities in all).")
        return view

    def ego(self, center: str, kind: str, radius: int | None = None, max_nodes: int = MAX_NODES,
            hub_degree: int = HUB_DEGREE) -> View:
        """``center`` and its neighbourhood within ``radius`` hops.

        Nodes more connected than ``hub_degree`` (other than the centre) are shown but not
        expanded, so a chain's page is not swamped by everything its province develops.
        """
        radius = RADIUS.get(kind, 1) if radius is None else radius
        dist = {center: 0}
        frontier = [center]
        for d in range(1, radius + 1):
            nxt = []
            for iri in frontier:
                if iri != center and self.degree[iri] > hub_degree:
                    continue
                for other in sorted(self.adj[iri]):
                    if other not in dist:
                        dist[other] = d
                        nxt.append(other)
            frontier = nxt
        ranked = sorted(dist, key=lambda iri: (dist[iri], *self._rank(iri)))
        keep = ranked[:max_nodes]
        view = View(kind, center, keep, self._links_among(keep), len(ranked),
                    truncated=len(ranked) > max_nodes)
        if view.truncated:
            view.note = (f"Large neighbourhood: showing the {len(keep)} nearest and most connected of "
                         f"{len(ranked)} entities within {radius} hop{'s' if radius > 1 else ''}.")
        return view

    # -- names ------------------------------------------------------------------------
    def resolve(self, name: str, kind: str) -> str:
        """The IRI of the entity of ``kind`` called ``name``.

        Exact name or alias first, then case/width/whitespace-insensitive, then a unique
        substring. Raises :class:`LookupError` with a one-line message and suggestions.
        """
        labels = KINDS[kind]
        pool = [e for e in self.entities.values() if e.label in labels]

        def best(hits: list[tuple[int, Entity]]) -> str:
            hits.sort(key=lambda h: (h[0], labels.index(h[1].label), *self._rank(h[1].iri)))
            return hits[0][1].iri

        exact = [(0 if e.name == name else 1, e) for e in pool if e.name == name or name in e.aliases]
        if exact:
            return best(exact)
        q = norm(name)
        if not q:
            raise LookupError(f"empty {KIND_NOUN[kind]} name")
        loose = [(0 if norm(e.name) == q else 1, e) for e in pool
                 if norm(e.name) == q or any(norm(a) == q for a in e.aliases)]
        if loose:
            return best(loose)
        sub = [e for e in pool if q in norm(e.name) or any(q in norm(a) for a in e.aliases)]
        if len(sub) == 1:
            return sub[0].iri
        noun = KIND_NOUN[kind]
        if sub:
            sub.sort(key=lambda e: self._rank(e.iri))
            names = _quote_list([e.name for e in sub[:8]])
            more = f" (+{len(sub) - 8} more)" if len(sub) > 8 else ""
            raise LookupError(f"{_q(name)} matches {len(sub)} {noun} names: {names}{more}; give the full name")
        close = difflib.get_close_matches(name, sorted({e.name for e in pool}), n=5, cutoff=0.4)
        hint = f"; did you mean {_quote_list(close)}?" if close else f" ({len(pool)} in this build)"
        raise LookupError(f"no {noun} named {_q(name)}{hint}")

    def find(self, kind: str) -> list[str]:
        """IRIs of all entities of a ``kg viz`` kind, by name."""
        labels = KINDS[kind]
        return sorted((e.iri for e in self.entities.values() if e.label in labels),
                      key=lambda iri: (self.entities[iri].name, iri))


def _q(text: str) -> str:
    """A name quoted for a one-line message (control characters made visible)."""
    return "'" + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + "'"


def _quote_list(names: list[str]) -> str:
    return ", ".join(_q(n) for n in names)
