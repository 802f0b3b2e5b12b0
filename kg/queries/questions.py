"""The analysts' questions on any :class:`~kg.queries.runner.Backend`: names → entities → rows.

Each question resolves what the user typed to one entity (exact name or alias first, then a
unique partial match; ``郑州`` finds 郑州市 through its alias), runs the shipped Cypher, and
returns an :class:`Answer`: one row per fact, each with its ``section`` (what kind of fact),
``name`` (the other end), the ``evidence`` sentence and the ``doc`` it comes from. A name that
resolves to nothing raises :class:`NotFound` with up to five suggestions.

Example::

    from kg.queries import questions
    from kg.store.ladybug import connect
    with connect("out") as db:
        answer = questions.region(db, "郑州")
        answer.entity.name      # '郑州市'
        answer.rows[0]          # {'section': 'develops', 'name': ..., 'evidence': ..., 'doc': ...}
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from kg.queries import runner
from kg.queries.runner import Backend

SECTOR = ("IndustryChain", "IndustryCluster", "Industry")
PLACE = ("City", "Province", "County", "Region", "Zone")
FIRM = ("Enterprise",)
POLICY = ("PolicyDocument",)
MAX_HOPS = 6  # fixed in path*.cypher
MAX_PATHS = 100  # shortest paths fetched to choose from
ALL_LABELS = (*PLACE, *FIRM, *SECTOR, *POLICY, "InnovationPlatform", "Organization")

# question → (labels it accepts, in order of preference; what to call them; section order)
SPECS: dict[str, tuple[tuple[str, ...] | None, str, tuple[str, ...]]] = {
    "chain": (SECTOR, "industry, chain or cluster",
              ("leading firm", "firm", "developed in", "policy", "part of", "part", "observation",
               "mentioned in")),
    "region": (PLACE, "place",
               ("develops", "zone", "platform", "firm", "contains", "located in", "policy for it",
                "policy it issued", "observation", "mentioned in")),
    "policy": (POLICY, "policy", ("issued by", "supports", "cited in")),
    "firm": (FIRM, "firm", ("leads", "works in", "located in", "observation", "mentioned in")),
    "path": (None, "entity", ("hop",)),
}


class QuestionError(Exception):
    """A question that cannot be answered as asked (a user error: print it, exit 1)."""


class NotFound(QuestionError, LookupError):
    """No entity of the wanted kind has this name; ``suggestions`` holds up to five close ones."""

    def __init__(self, name: str, kind: str, suggestions: list[Entity]):
        self.name, self.kind, self.suggestions = name, kind, suggestions
        msg = f"no {kind} named {name!r}"
        if suggestions:
            msg += "; did you mean: " + ", ".join(s.display for s in suggestions) + "?"
        super().__init__(msg)


@dataclass(frozen=True)
class Entity:
    iri: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    props: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_node(cls, node: dict) -> Entity:
        return cls(iri=node["iri"], name=node.get("name") or "", label=node.get("_label", ""),
                   aliases=tuple(node.get("aliases") or ()),
                   props={k: v for k, v in node.items() if not k.startswith("_")})

    @property
    def display(self) -> str:
        return f"{self.name} ({self.label})"


@dataclass
class Answer:
    """Rows answering ``question`` about ``entity`` (for ``path``: ``entity`` and ``other``)."""

    question: str
    entity: Entity
    rows: list[dict[str, Any]]
    columns: list[str]
    note: str = ""
    other: Entity | None = None

    def sections(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for r in self.rows:
            out.setdefault(r["section"], []).append(r)
        return out


# ------------------------------------------------------------------------------------- resolving
def resolve(backend: Backend, name: str, labels: tuple[str, ...] | None = None,
            limit: int = 50) -> list[tuple[Entity, int]]:
    """(entity, rank) of entities named like ``name``, best first (see resolve.cypher for ranks)."""
    name = name.strip()
    if not name:
        return []
    rows = runner.run(backend, "resolve", name=name, limit=limit)
    out = [(Entity.from_node(r["node"]), int(r["rank"])) for r in rows]
    if labels is not None:
        out = [(e, k) for e, k in out if e.label in labels]
    return out


def _order(labels: tuple[str, ...] | None):
    def key(item: tuple[Entity, int]):
        e, rank = item
        pref = labels.index(e.label) if labels and e.label in labels else 99
        return (rank, pref, -len(e.props.get("docs") or ()), len(e.name), e.name, e.iri)
    return key


def resolve_one(backend: Backend, name: str, question: str) -> tuple[Entity, str]:
    """The one entity ``name`` means for ``question``, and a note when it was not literal.

    Exact name or alias of an accepted label first (preferring the labels' order), then a
    partial match when exactly one entity of an accepted label matches. Otherwise NotFound.
    ``Label:name`` (e.g. ``City:郑州市``) accepts that label only.
    """
    labels, kind, _ = SPECS[question]
    prefix, sep, rest = name.replace("：", ":").partition(":")
    if sep and prefix in ALL_LABELS and rest.strip() and (labels is None or prefix in labels):
        labels, name = (prefix,), rest  # "City:郑州市" asks for that label only
    found = resolve(backend, name)
    allowed = sorted([c for c in found if labels is None or c[0].label in labels], key=_order(labels))
    exact = [c for c in allowed if c[1] <= 1]
    if exact:
        e, rank = exact[0]
        note = "" if e.name == name.strip() else f"{name} → {e.display}" + (", by alias" if rank == 1 else "")
        return e, note
    partial = [c for c in allowed if c[1] in (2, 3)]
    if len(partial) == 1:
        e = partial[0][0]
        return e, f"{name} → {e.display} (the only {kind} whose name contains it)"
    raise NotFound(name, kind, suggest(backend, name, labels, found))


def suggest(backend: Backend, name: str, labels: tuple[str, ...] | None,
            found: list[tuple[Entity, int]] | None = None, n: int = 5) -> list[Entity]:
    """Up to ``n`` entities the user may have meant: partial matches of the wanted labels first,
    then names that look alike (difflib), then matches of other labels."""
    found = found if found is not None else resolve(backend, name)
    ok = [e for e, _ in sorted(found, key=_order(labels)) if labels is None or e.label in labels]
    out: list[Entity] = []
    for e in ok:
        if e not in out:
            out.append(e)
    if len(out) < n:
        nodes = [Entity.from_node(r["node"]) for r in runner.run(backend, "names")]
        pool = [e for e in nodes if labels is None or e.label in labels]
        by_name: dict[str, list[Entity]] = {}
        for e in pool:
            for s in (e.name, *e.aliases):
                by_name.setdefault(s, []).append(e)
        for s in difflib.get_close_matches(name.strip(), sorted(by_name), n=n, cutoff=0.4):
            for e in by_name[s]:
                if e not in out:
                    out.append(e)
    for e, _ in sorted(found, key=_order(labels)):
        if e not in out:
            out.append(e)
    return out[:n]


# ------------------------------------------------------------------------------------ questions
def _clean(rows: list[dict]) -> list[dict]:
    return [{k: ("" if v is None else v) for k, v in r.items()} for r in rows]


def _finish(question: str, entity: Entity, note: str, rows: list[dict], columns: list[str]) -> Answer:
    order = {s: i for i, s in enumerate(SPECS[question][2])}
    rows = _clean(rows)
    seen, unique = set(), []
    for r in rows:
        key = tuple((c, str(r.get(c, ""))) for c in columns)
        if key not in seen:
            seen.add(key)
            unique.append({c: r.get(c, "") for c in columns})
    unique.sort(key=lambda r: (order.get(r["section"], 99), str(r.get("year", "")), str(r["name"]),
                               str(r["doc"]), str(r["evidence"]), tuple(str(r.get(c, "")) for c in columns)))
    return Answer(question=question, entity=entity, rows=unique, columns=columns, note=note)


def _observations(backend: Backend, iri: str) -> list[dict]:
    return [{"section": "observation", "name": o["metric"], "value": o["value_text"], "unit": o["unit"],
             "year": o["year"], "kind": o["kind"], "evidence": o["evidence"], "doc": o["doc"]}
            for o in runner.run(backend, "observations", iri=iri)]


OBS_COLUMNS = ["value", "unit", "year", "kind"]


def chain(backend: Backend, name: str) -> Answer:
    """An industry, chain or cluster: leading firms and other firms (with where they are), the
    places that develop it, supporting policies (issuer, date), what it is part of, its parts,
    figures about it, the documents naming it."""
    e, note = resolve_one(backend, name, "chain")
    rows = runner.run(backend, "chain", iri=e.iri) + _observations(backend, e.iri)
    return _finish("chain", e, note, rows,
                   ["section", "name", "located_in", "issuer", "date", *OBS_COLUMNS, "evidence", "doc"])


def region(backend: Backend, name: str) -> Answer:
    """A place: what it develops, its zones, platforms and firms (also through its zones and
    sub-places: ``via``), policies for it, its observations by year, the documents naming it."""
    e, note = resolve_one(backend, name, "region")
    rows = runner.run(backend, "region", iri=e.iri) + _observations(backend, e.iri)
    return _finish("region", e, note, rows, ["section", "name", "via", *OBS_COLUMNS, "evidence", "doc"])


def policy(backend: Backend, title: str) -> Answer:
    """A policy document: who issued it, what it supports, where it is cited (date, doc type)."""
    e, note = resolve_one(backend, title, "policy")
    rows = runner.run(backend, "policy", iri=e.iri)
    return _finish("policy", e, note, rows, ["section", "name", "date", "doc_type", "evidence", "doc"])


def firm(backend: Backend, name: str) -> Answer:
    """A firm: the industries and chains it leads or works in, where it is, figures about it."""
    e, note = resolve_one(backend, name, "firm")
    rows = runner.run(backend, "firm", iri=e.iri) + _observations(backend, e.iri)
    return _finish("firm", e, note, rows, ["section", "name", *OBS_COLUMNS, "evidence", "doc"])


PATH_COLUMNS = ["section", "hop", "from", "relation", "to", "evidence", "doc"]


def path(backend: Backend, a: str, b: str) -> Answer:
    """The shortest connection between two entities (any kind), each hop with its evidence.

    Relations first; when there is none within 6 hops, a shared document or observation may be
    a hop (``note`` says so). No connection at all gives an Answer without rows.
    """
    ea, note_a = resolve_one(backend, a, "path")
    eb, note_b = resolve_one(backend, b, "path")
    if ea.iri == eb.iri:
        raise QuestionError(f"{a!r} and {b!r} are the same entity: {ea.display}")
    notes = [n for n in (note_a, note_b) if n]
    rows = runner.run(backend, "path", a=ea.iri, b=eb.iri, limit=MAX_PATHS)
    if not rows:
        rows = runner.run(backend, "path_via_docs", a=ea.iri, b=eb.iri, limit=MAX_PATHS)
        if rows:
            notes.append(f"no chain of relations within {MAX_HOPS} hops; this path goes through documents")
    hops: list[dict] = []
    if rows:
        # of equally short paths, the one with the smallest (node names, IRIs, assertions): both
        # engines return the same set of shortest paths, but not in the same order
        best = min(rows, key=lambda r: ([n.get("name") or "" for n in r["nodes"]],
                                        [n.get("iri") or "" for n in r["nodes"]],
                                        [x.get("aid") or "" for x in r["rels"]]))
        nodes, rels = best["nodes"], best["rels"]
        for i, rel in enumerate(rels):
            x, y = nodes[i], nodes[i + 1]
            forward = rel.get("_src") == x.get("iri") if rel.get("_src") else True
            arrow = f"-{rel.get('_type', '')}->" if forward else f"<-{rel.get('_type', '')}-"
            hops.append({"section": "hop", "hop": i + 1, "from": _node_name(x), "relation": arrow,
                         "to": _node_name(y),
                         "evidence": rel.get("evidence") or "", "doc": rel.get("doc") or ""})
    else:
        notes.append(f"no connection within {MAX_HOPS} hops")
    return Answer(question="path", entity=ea, other=eb, rows=hops, columns=PATH_COLUMNS,
                  note="; ".join(notes))


def _node_name(node: dict) -> str:
    name = node.get("name") or node.get("metric") or node.get("iri", "")
    return f"{name} ({node.get('_label', '')})"


ASK = {"chain": chain, "region": region, "policy": policy, "firm": firm}
