"""The analyst's verbs beyond the one-entity questions: search, list, compare, figures, gaps.

Each takes a :class:`~kg.queries.runner.Backend` and returns a :class:`Result` (rows grouped in
``section``s, the same on Ladybug and on Neo4j). Names resolve through :mod:`kg.queries.search`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.queries import runner, search, units
from kg.queries.questions import (
    FIRM,
    PLACE,
    POLICY,
    SECTOR,
    SPECS,
    Entity,
    QuestionError,
    candidates,
    group_rows,
    region,
    resolve_many,
    resolve_one,
    search_names,
)
from kg.queries.runner import Backend

KINDS: dict[str, tuple[str, ...]] = {
    "chains": ("IndustryChain",), "clusters": ("IndustryCluster",), "industries": ("Industry",),
    "sectors": SECTOR, "firms": FIRM, "places": ("Province", "City", "County", "Region"), "zones": ("Zone",),
    "platforms": ("InnovationPlatform",), "organizations": ("Organization",), "policies": POLICY,
}
SPECS.setdefault("figures", ((*PLACE, *SECTOR, *FIRM, "InnovationPlatform", "Organization"), "subject",
                             ("actual", "target")))


@dataclass
class Result:
    """Rows of a verb: ``columns`` in order, ``section`` groups them; ``title`` says what was asked."""

    question: str
    title: str
    rows: list[dict[str, Any]]
    columns: list[str]
    note: str = ""
    entities: list[Entity] = field(default_factory=list)

    def sections(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for r in self.rows:
            out.setdefault(str(r.get("section", "")), []).append(r)
        return out


# ------------------------------------------------------------------------------------------ search
SEARCH_COLUMNS = ["section", "name", "label", "match", "matched", "facts", "figures", "iri"]


def search_all(backend: Backend, text: str, limit: int = 20) -> Result:
    """Entities of every kind whose name or alias matches ``text``, best first."""
    hits = search_names(backend, text)
    rows = [{"section": "match", "name": h.candidate.name, "label": h.candidate.label, "match": h.match,
             "matched": h.matched if h.matched != h.candidate.name else "", "facts": h.candidate.facts,
             "figures": h.candidate.extra.get("figures", 0), "iri": h.candidate.iri}
            for h in (hits[:limit] if limit else hits)]
    note = f"{len(hits)} matches" + (f", the first {limit} shown" if limit and len(hits) > limit else "")
    return Result("search", f"names like {text!r}", rows, SEARCH_COLUMNS, note)


# -------------------------------------------------------------------------------------------- list
LIST_COLUMNS = ["section", "name", "label", "facts", "figures", "docs", "aliases"]


def _inside(backend: Backend, place: Entity) -> set[str]:
    iris = {place.iri} | {r["iri"] for r in runner.run(backend, "inside", iri=place.iri)}
    return iris | {r["iri"] for r in runner.run(backend, "tied_to", iris=sorted(iris))}


def list_entities(backend: Backend, kind: str, within: str | None = None) -> Result:
    """The entities of ``kind`` (see ``KINDS``), with their counts of facts, most first; with
    ``within``: only those in that place (or its places and zones) or tied to it."""
    if kind not in KINDS:
        raise QuestionError(f"unknown kind {kind!r}: choose from {', '.join(KINDS)}")
    labels = KINDS[kind]
    pool = [c for c in candidates(backend) if c.label in labels]
    title, note = kind, ""
    if within:
        place, note = resolve_one(backend, within, "region")
        keep = _inside(backend, place)
        pool = [c for c in pool if c.iri in keep and c.iri != place.iri]
        title = f"{kind} in {place.name}"
    rows = [{"section": kind, "name": c.name, "label": c.label, "facts": c.facts,
             "figures": c.extra.get("figures", 0), "docs": len(c.extra["entity"].props.get("docs") or ()),
             "aliases": ", ".join(c.aliases)} for c in pool]
    rows.sort(key=lambda r: (-r["facts"], -r["figures"], -r["docs"], r["name"], r["label"]))
    return Result("list", title, rows, LIST_COLUMNS, note)


# ----------------------------------------------------------------------------------------- figures
FIGURE_COLUMNS = ["section", "name", "year", "value", "unit", "base_value", "base_unit", "n", "evidence", "doc"]


def figures(backend: Backend, subject: str, metric: str | None = None, exact: bool = False) -> Result:
    """The figures about ``subject`` as time series: one row per (metric, kind, year, value),
    values also in the base unit (1.55万亿元 → 1.55e12 元), actual and target apart; ``metric``
    keeps the metrics whose name contains it."""
    e, note = resolve_one(backend, subject, "figures", exact)
    rows = []
    for o in runner.run(backend, "observations", iri=e.iri):
        base_value, base = units.normalize(o["value"], o["unit"])
        rows.append({"section": o["kind"], "name": o["metric"], "year": o["year"], "value": o["value_text"],
                     "unit": o["unit"], "base_value": f"{base_value:g}", "base_unit": base,
                     "evidence": o["evidence"], "doc": o["doc"]})
    if metric:
        q = search.normalize(metric)
        wanted = [r for r in rows if q in search.normalize(r["name"])]
        if not wanted and rows:
            have = sorted({r["name"] for r in rows})
            raise QuestionError(f"no figure of {e.display} has a metric like {metric!r}; it has: "
                                + ", ".join(have[:12]) + (" …" if len(have) > 12 else ""))
        rows = wanted
    grouped = group_rows("figures", rows, FIGURE_COLUMNS, {e.name: (e.name, *e.aliases)})
    for r in grouped:
        r["base_value"] = float(r["base_value"])
    title = f"figures of {e.display}" + (f", metric like {metric!r}" if metric else "")
    return Result("figures", title, grouped, FIGURE_COLUMNS, note, [e])


def series(result: Result) -> dict[tuple[str, str, str], list[tuple[int, float]]]:
    """(metric, kind, base unit) → [(year, base value)…] of a figures result, by year."""
    out: dict[tuple[str, str, str], list[tuple[int, float]]] = {}
    for r in result.rows:
        out.setdefault((r["name"], r["section"], r["base_unit"]), []).append((int(r["year"]), float(r["base_value"])))
    return {k: sorted(set(v)) for k, v in out.items()}


# ----------------------------------------------------------------------------------------- compare
COMPARE_SECTIONS = {"develops": "industry", "zone": "zone", "platform": "platform", "firm": "firm",
                    "policy for it": "policy", "policy it issued": "policy"}


def compare(backend: Backend, places: list[str], exact: bool = False) -> Result:
    """Places side by side: the industries each develops, zones, platforms, firms (leading ones
    marked), policies (shared first, then each one's own) and the latest figure of each metric.
    A cell holds the number of sentences stating the fact, or the figure with its year."""
    if len(places) < 2:
        raise QuestionError("compare needs at least two places")
    ents: list[Entity] = []
    notes = []
    for p in places:
        e, note = resolve_one(backend, p, "region", exact)
        if e in ents:
            raise QuestionError(f"{p!r} is {e.display} twice")
        ents.append(e)
        if note:
            notes.append(note)
    leading = {r["iri"] for r in runner.run(backend, "leading_firms")}
    lead_names = {c.name for c in candidates(backend) if c.iri in leading}
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    latest: dict[tuple[str, str], dict[str, tuple]] = {}
    for e in ents:
        answer = region(backend, f"{e.label}:{e.name}", exact=True)
        for r in answer.rows:
            sec = COMPARE_SECTIONS.get(r["section"])
            if sec == "firm" and r["name"] in lead_names:
                sec = "leading firm"
            if sec:
                cell = cells.setdefault((sec, r["name"]), {})
                cell[e.name] = cell.get(e.name, 0) + r["n"]
            elif r["section"] == "observation" and not r.get("via") and r["kind"] == "actual":
                got = latest.setdefault(("latest figure", r["name"]), {})
                best = got.get(e.name)
                if best is None or int(r["year"]) > best[0]:
                    got[e.name] = (int(r["year"]), f"{r['value']}{r['unit']} ({r['year']})")
    order = ["industry", "zone", "platform", "leading firm", "firm", "policy", "latest figure"]
    names = [e.name for e in ents]
    rows = []
    for (sec, name), cell in cells.items():
        rows.append({"section": sec, "name": name, **{n: (f"● {cell[n]}" if n in cell else "") for n in names},
                     "shared": "all" if len(cell) == len(names) else "", "_n": sum(cell.values()), "_k": len(cell)})
    for (sec, name), got in latest.items():
        rows.append({"section": sec, "name": name, **{n: got[n][1] if n in got else "" for n in names},
                     "shared": "all" if len(got) == len(names) else "", "_n": len(got), "_k": len(got)})
    rows.sort(key=lambda r: (order.index(r["section"]), -r["_k"], -r["_n"], r["name"]))
    for r in rows:
        del r["_n"], r["_k"]
    return Result("compare", " vs ".join(e.display for e in ents), rows,
                  ["section", "name", *names, "shared"], "; ".join(notes), ents)


# -------------------------------------------------------------------------------------------- gaps
GAP_COLUMNS = ["section", "segment", "firm", "role", "located_in", "evidence", "doc"]
NO_FIRM = "(the documents tie no firm to this segment)"


def gaps(backend: Backend, chain_name: str, place_name: str, exact: bool = False) -> Result:
    """For 招商: the segments of a chain (the chain and what is part of it, recursively) and for each
    the firms the documents tie to it: those in the place (``covered``) and, for segments with no
    local firm (``gap``), the firms elsewhere as candidates, leading ones first."""
    roots, note_c = resolve_many(backend, chain_name, "chain", exact)
    if not exact:  # the sectors whose names hold the chain's name are its segments too (材料 → 先进材料)
        for h in search_names(backend, chain_name, SECTOR):
            if h.tier in (3, 4) and h.candidate.facts > 0 and len(roots) < search.MAX_TOGETHER:
                e = h.candidate.extra["entity"]
                if e not in roots:
                    roots.append(e)
    place, note_p = resolve_one(backend, place_name, "region", exact)
    segments: dict[str, str] = {}
    for root in roots:
        segments.setdefault(root.iri, root.name)
        for r in runner.run(backend, "parts", iri=root.iri):
            segments.setdefault(r["iri"], r["name"])
    where: dict[str, set[str]] = {}
    direct: dict[str, set[str]] = {}
    for r in runner.run(backend, "firm_places"):
        where.setdefault(r["firm"], set()).add(r["place"])
        if int(r["direct"]) == 1:
            direct.setdefault(r["firm"], set()).add(r["name"])
    rows: list[dict] = []
    for iri, seg in segments.items():
        firms: dict[tuple[str, str], dict] = {}
        for f in runner.run(backend, "segment_firms", iri=iri):
            key = (f["iri"], f["role"])
            best = firms.get(key)
            if best is None or (len(f["evidence"] or ""), f["doc"] or "", f["evidence"] or "") < \
                    (len(best["evidence"]), best["doc"], best["evidence"]):
                firms[key] = {"iri": f["iri"], "firm": f["name"], "role": f["role"],
                              "evidence": f["evidence"] or "", "doc": f["doc"] or ""}
        by_firm: dict[str, dict] = {}
        for (firm_iri, _role), f in sorted(firms.items(), key=lambda kv: (kv[0][1] != "leading", kv[1]["firm"])):
            by_firm.setdefault(firm_iri, f)  # a leading firm is listed once, as leading
        local = [f for f in by_firm.values() if place.iri in where.get(f["iri"], set())]
        elsewhere = [f for f in by_firm.values() if place.iri not in where.get(f["iri"], set())]
        section = "covered" if local else "gap"
        shown = local if local else elsewhere
        for f in sorted(shown, key=lambda f: (f["role"] != "leading", f["firm"])):
            rows.append({"section": section, "segment": seg, "firm": f["firm"], "role": f["role"],
                         "located_in": ", ".join(sorted(direct.get(f["iri"], set()))) or "?",
                         "evidence": f["evidence"], "doc": f["doc"]})
        if not shown:
            rows.append({"section": "gap", "segment": seg, "firm": "", "role": "", "located_in": "",
                         "evidence": NO_FIRM, "doc": ""})
    rows.sort(key=lambda r: (r["section"] != "gap", r["segment"], r["role"] != "leading", r["firm"]))
    n_gap = len({r["segment"] for r in rows if r["section"] == "gap"})
    note = "; ".join(n for n in (note_c, note_p) if n)
    title = (f"{', '.join(e.name for e in roots)} in {place.name}: {len(segments)} segment"
             f"{'s' if len(segments) != 1 else ''}, {n_gap} without a local firm")
    return Result("gaps", title, rows, GAP_COLUMNS, note, [*roots, place])
