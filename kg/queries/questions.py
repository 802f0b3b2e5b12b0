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

import contextlib
import difflib
from dataclasses import dataclass, field
from typing import Any

from kg.queries import runner, search
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
    entities: list[Entity] = field(default_factory=list)  # every entity answered (first: ``entity``)

    def __post_init__(self) -> None:
        if not self.entities:
            self.entities = [self.entity]

    def sections(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for r in self.rows:
            out.setdefault(r["section"], []).append(r)
        return out


# ------------------------------------------------------------------------------------- resolving
def candidates(backend: Backend) -> list[search.Candidate]:
    """Every entity of the graph as the name search sees it (read once per backend)."""
    cached = getattr(backend, "_kg_candidates", None)
    if cached is not None:
        return cached
    out = []
    for r in runner.run(backend, "entities"):
        e = Entity.from_node(r["node"])
        out.append(search.Candidate(iri=e.iri, label=e.label, name=e.name, aliases=e.aliases,
                                    facts=int(r["facts"] or 0), extra={"entity": e, "figures": int(r["figures"] or 0)}))
    with contextlib.suppress(AttributeError):
        backend._kg_candidates = out  # type: ignore[attr-defined]
    return out


def search_names(backend: Backend, name: str, labels: tuple[str, ...] | None = None) -> list[search.Hit]:
    """Entities named like ``name`` (any tier of :mod:`kg.queries.search`), best first."""
    return search.rank(name, candidates(backend), labels)


def resolve(backend: Backend, name: str, labels: tuple[str, ...] | None = None,
            limit: int = 50) -> list[tuple[Entity, int]]:
    """(entity, tier) of entities named like ``name``, best first (tiers: kg.queries.search)."""
    return [(h.candidate.extra["entity"], h.tier) for h in search_names(backend, name, labels)[:limit]]


def _split_label(name: str, labels: tuple[str, ...] | None) -> tuple[str, tuple[str, ...] | None]:
    prefix, sep, rest = name.replace("：", ":").partition(":")
    if sep and prefix in ALL_LABELS and rest.strip() and (labels is None or prefix in labels):
        return rest, (prefix,)  # "City:郑州市" asks for that label only
    return name, labels


def resolve_many(backend: Backend, name: str, question: str, exact: bool = False) -> tuple[list[Entity], str]:
    """The entities ``name`` means for ``question`` and a note when that was not literal.

    The unique best match when it is exact (name, alias, normalized); otherwise every good
    match together (prefix, containment, letters in order: ``光伏`` → 光伏玻璃, 光伏组件产业链, …), or the
    one closest. ``exact``: names and aliases only. ``Label:name`` accepts that label only.
    Nothing found raises :class:`NotFound` with suggestions."""
    labels, kind, _ = SPECS[question]
    name, labels = _split_label(name, labels)
    hits = search_names(backend, name, labels)
    if exact:
        hits = [h for h in hits if h.tier in search.EXACT_TIERS]
    chosen = search.choose(hits)
    if not chosen:
        raise NotFound(name, kind, suggest(backend, name, labels))
    ents = [h.candidate.extra["entity"] for h in chosen]
    first = chosen[0]
    if len(chosen) == 1 and first.tier == 0:
        note = ""
    elif len(chosen) == 1:
        note = f"{name} → {ents[0].display} ({first.match}: {first.matched})"
    else:
        more = sum(1 for h in hits if h.tier == first.tier) - len(chosen)
        note = (f"{name} → {len(ents)} {kind} names ({first.match}): " + ", ".join(e.name for e in ents)
                + (f" (+{more} without facts)" if more > 0 else "") + "; --exact for the name only")
    return ents, note


def resolve_one(backend: Backend, name: str, question: str, exact: bool = False) -> tuple[Entity, str]:
    """The one entity ``name`` means for ``question`` (the best of :func:`resolve_many`)."""
    ents, note = resolve_many(backend, name, question, exact)
    if len(ents) > 1:
        note = f"{name} → {ents[0].display} (the best of {len(ents)} matches)"
    return ents[0], note


def suggest(backend: Backend, name: str, labels: tuple[str, ...] | None, n: int = 5) -> list[Entity]:
    """Up to ``n`` entities the user may have meant: matches of the wanted labels, then of others."""
    out: list[Entity] = []
    for h in [*search_names(backend, name, labels), *search_names(backend, name, None)]:
        e = h.candidate.extra["entity"]
        if e not in out:
            out.append(e)
    if len(out) < n:  # looser than the search: difflib over every name
        by_name: dict[str, list[Entity]] = {}
        for c in candidates(backend):
            if labels is None or c.label in labels:
                for s in (c.name, *c.aliases):
                    by_name.setdefault(s, []).append(c.extra["entity"])
        for s in difflib.get_close_matches(name.strip(), sorted(by_name), n=n, cutoff=0.3):
            out += [e for e in by_name[s] if e not in out]
    return out[:n]


# ------------------------------------------------------------------------------------ questions
REFERENCE_EVIDENCE = "(reference data: GB/T 2260 administrative divisions, not a sentence)"
REFERENCE_DOC = "kg/data/divisions.tsv"
FACT_KEYS = ("evidence", "doc", "n", "evidences")
BY_YEAR = {"observation", "actual", "target"}  # sections sorted by metric and year


def _clean(rows: list[dict]) -> list[dict]:
    return [{k: ("" if v is None else v) for k, v in r.items()} for r in rows]


def _best_first(evidences: set[tuple[str, str]], names: tuple[str, ...]):
    """Sentences naming both ends first, then shorter ones."""
    def key(ev: tuple[str, str]):
        return (-sum(1 for x in names if x and x in ev[0]), len(ev[0]), ev[1], ev[0])
    return sorted(evidences, key=key)


def group_rows(question: str, rows: list[dict], columns: list[str], names_of: dict[str, tuple[str, ...]],
               weight: dict[str, int] | None = None) -> list[dict]:
    """One row per fact: rows equal but for their sentence merged, with ``n`` (how many
    sentences state it), the best sentence as ``evidence``/``doc`` and all of them in
    ``evidences`` [(sentence, doc)…]; sorted by section, entity, then most stated first and,
    among those stated as often, the other end with the most facts in the graph (``weight``)
    first. Figures are sorted by metric and year."""
    weight = weight or {}
    order = {s: i for i, s in enumerate(SPECS[question][2])}
    entity_order = {k: i for i, k in enumerate(names_of)}
    key_cols = [c for c in columns if c not in FACT_KEYS]
    groups: dict[tuple, set[tuple[str, str]]] = {}
    for r in _clean(rows):
        key = tuple(str(r.get(c, "")) for c in key_cols)
        groups.setdefault(key, set()).add((str(r.get("evidence", "")), str(r.get("doc", ""))))
    out = []
    for key, evs in groups.items():
        row = dict(zip(key_cols, key, strict=True))
        for c in ("year", "hop"):
            if c in row and str(row[c]).lstrip("-").isdigit():
                row[c] = int(row[c])
        names = (row.get("name", ""), *names_of.get(row.get("entity", ""), next(iter(names_of.values()), ())))
        ordered = _best_first(evs, names)
        stated = [ev for ev in ordered if ev[0]]
        if not stated:  # the division data, not a sentence
            row.update(evidence=REFERENCE_EVIDENCE, doc=REFERENCE_DOC, n=0, evidences=[])
        else:
            row.update(evidence=stated[0][0], doc=stated[0][1], n=len(stated), evidences=[list(ev) for ev in stated])
        out.append(row)

    def sort_key(r):
        by_year = r["section"] in BY_YEAR
        return (order.get(r["section"], 99), entity_order.get(r.get("entity", ""), 0),
                0 if by_year else -r["n"], 0 if by_year else -weight.get(str(r.get("name", "")), 0),
                str(r.get("year", "")) if r["section"] == "observation" else "", str(r.get("name", "")), str(r.get("year", "")),
                str(r.get("via", "")), tuple(str(r.get(c, "")) for c in key_cols), r["doc"], r["evidence"])
    out.sort(key=sort_key)
    return [{**{c: r.get(c, "") for c in columns}, "evidences": r["evidences"]} for r in out]


def _finish(question: str, entities: list[Entity], note: str, rows_of: list[list[dict]],
            columns: list[str], weight: dict[str, int] | None = None) -> Answer:
    several = len(entities) > 1
    rows: list[dict] = []
    for e, part in zip(entities, rows_of, strict=True):
        for r in part:
            rows.append({**r, "entity": e.name} if several else r)
    if several:
        columns = [columns[0], "entity", *columns[1:]]
    names_of = {e.name: (e.name, *e.aliases) for e in entities}
    columns = [*[c for c in columns if c not in ("evidence", "doc")], "n", "evidence", "doc"]
    return Answer(question=question, entity=entities[0], rows=group_rows(question, rows, columns, names_of, weight),
                  columns=columns, note=note, entities=entities)


def _observations(backend: Backend, iri: str, rollup: bool = False) -> list[dict]:
    rows = [{"section": "observation", "name": o["metric"], "value": o["value_text"], "unit": o["unit"],
             "year": o["year"], "kind": o["kind"], "evidence": o["evidence"], "doc": o["doc"]}
            for o in runner.run(backend, "observations", iri=iri)]
    if rollup:
        rows += [{"section": "observation", "name": o["metric"], "via": o["via"], "value": o["value_text"],
                  "unit": o["unit"], "year": o["year"], "kind": o["kind"], "evidence": o["evidence"], "doc": o["doc"]}
                 for o in runner.run(backend, "observations_within", iri=iri)]
    return rows


OBS_COLUMNS = ["value", "unit", "year", "kind"]


def _weights(backend: Backend) -> dict[str, int]:
    """Entity name → its number of facts (the largest among namesakes): how rows rank."""
    out: dict[str, int] = {}
    for c in candidates(backend):
        out[c.name] = max(out.get(c.name, 0), c.facts)
    return out


def chain(backend: Backend, name: str, exact: bool = False) -> Answer:
    """An industry, chain or cluster: leading firms and other firms (with where they are), the
    places that develop it, supporting policies (issuer, date), what it is part of, its parts,
    figures about it, the documents naming it. Several good name matches answer together."""
    ents, note = resolve_many(backend, name, "chain", exact)
    rows = [runner.run(backend, "chain", iri=e.iri) + _observations(backend, e.iri) for e in ents]
    return _finish("chain", ents, note, rows,
                   ["section", "name", "located_in", "issuer", "date", *OBS_COLUMNS, "evidence", "doc"],
                   _weights(backend))


def region(backend: Backend, name: str, exact: bool = False, rollup: bool = True) -> Answer:
    """A place: what it develops, its zones, platforms and firms, policies for it, its figures by
    year, the documents naming it; with ``rollup`` also what the places and zones inside it
    develop, host and report (``via`` says where)."""
    ents, note = resolve_many(backend, name, "region", exact)
    rows = []
    for e in ents:
        part = runner.run(backend, "region", iri=e.iri) + _observations(backend, e.iri, rollup)
        rows.append(part if rollup else [r for r in part if not r.get("via")])
    return _finish("region", ents, note, rows, ["section", "name", "via", *OBS_COLUMNS, "evidence", "doc"],
                   _weights(backend))


def policy(backend: Backend, title: str, exact: bool = False) -> Answer:
    """A policy document: who issued it, what it supports, where it is cited (date, doc type).
    A partial title finds the policy."""
    ents, note = resolve_many(backend, title, "policy", exact)
    rows = [runner.run(backend, "policy", iri=e.iri) for e in ents]
    return _finish("policy", ents, note, rows, ["section", "name", "date", "doc_type", "evidence", "doc"],
                   _weights(backend))


def firm(backend: Backend, name: str, exact: bool = False) -> Answer:
    """A firm: the industries and chains it leads or works in, where it is, figures about it."""
    ents, note = resolve_many(backend, name, "firm", exact)
    rows = [runner.run(backend, "firm", iri=e.iri) + _observations(backend, e.iri) for e in ents]
    return _finish("firm", ents, note, rows, ["section", "name", *OBS_COLUMNS, "evidence", "doc"],
                   _weights(backend))


PATH_COLUMNS = ["section", "hop", "from", "relation", "to", "evidence", "doc"]


def path(backend: Backend, a: str, b: str, exact: bool = False) -> Answer:
    """The shortest connection between two entities (any kind), each hop with its evidence.

    Relations first; when there is none within 6 hops, a shared document or observation may be
    a hop (``note`` says so). No connection at all gives an Answer without rows.
    """
    ea, note_a = resolve_one(backend, a, "path", exact)
    eb, note_b = resolve_one(backend, b, "path", exact)
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
        aids = [x.get("aid") for x in rels if x.get("aid")]
        said = {r["aid"]: r for r in runner.run(backend, "evidence", aids=aids)} if aids else {}
        for i, rel in enumerate(rels):
            x, y = nodes[i], nodes[i + 1]
            forward = rel.get("_src") == x.get("iri") if rel.get("_src") else True
            arrow = f"-{rel.get('_type', '')}->" if forward else f"<-{rel.get('_type', '')}-"
            hops.append({"section": "hop", "hop": i + 1, "from": _node_name(x), "relation": arrow,
                         "to": _node_name(y),
                         "evidence": said.get(rel.get("aid"), {}).get("evidence") or "",
                         "doc": said.get(rel.get("aid"), {}).get("doc") or ""})
    else:
        notes.append(f"no connection within {MAX_HOPS} hops")
    return Answer(question="path", entity=ea, other=eb, rows=hops, columns=PATH_COLUMNS,
                  note="; ".join(notes))


def _node_name(node: dict) -> str:
    name = node.get("name") or node.get("metric") or node.get("iri", "")
    return f"{name} ({node.get('_label', '')})"


ASK = {"chain": chain, "region": region, "policy": policy, "firm": firm}
