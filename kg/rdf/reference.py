"""Reference facts: what the division data (GB/T 2260 codes, ``kg/data/divisions.tsv``) says about
the places of a graph, kept apart from what the documents say.

A Province, City or County of the graph is ``kg:locatedIn`` the nearest division above it that
the graph also holds (巩义市 410181 → 郑州市 410100 → 河南省 410000). Each such triple is described
by an ``rdf:Statement`` (not a ``kg:Assertion``: it has no sentence) derived from
``kgr:source/divisions`` with rule ``reference:divisions``. The contract's facts export reads
assertions only, so these facts stay out of it; the property graph carries them as
``LOCATED_IN`` relationships with that rule, an empty ``evidence`` and an empty ``doc``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
from collections.abc import Iterator
from importlib import resources

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.schema import KG, KGR, PROV, load_schema

DIVISIONS = KGR["source/divisions"]
RULE = "reference:divisions"
PLACE_TYPES = (KG.Province, KG.City, KG.County)


@functools.lru_cache(maxsize=1)
def division_parents() -> dict[str, str]:
    """GB/T 2260 code → the code of the division above it (from kg/data/divisions.tsv)."""
    text = (resources.files("kg.data") / "divisions.tsv").read_text(encoding="utf-8")
    return {r["code"]: r["parent"] for r in csv.DictReader(text.splitlines(), delimiter="\t") if r["parent"]}


def _statement_iri(s, o) -> URIRef:
    return KGR[f"reference/{hashlib.sha1(f'{s} {o}'.encode()).hexdigest()[:16]}"]


def add_division_links(g: Graph) -> int:
    """Add each place's ``kg:locatedIn`` its nearest parent division in ``g``; return how many."""
    places = {s for t in PLACE_TYPES for s in g.subjects(RDF.type, t)}
    by_code: dict[str, URIRef] = {}
    for s in sorted(places, key=str):
        code = g.value(s, KG.divisionCode)
        if code is not None:
            by_code.setdefault(str(code), s)
    parents = division_parents()
    added = 0
    for code, s in sorted(by_code.items()):
        up, seen = parents.get(code), set()
        while up and up not in by_code and up not in seen:
            seen.add(up)
            up = parents.get(up)
        if not up or up not in by_code or (s, KG.locatedIn, by_code[up]) in g:
            continue
        o = by_code[up]
        g.add((s, KG.locatedIn, o))
        st = _statement_iri(s, o)
        for p, v in ((RDF.type, RDF.Statement), (RDF.subject, s), (RDF.predicate, KG.locatedIn),
                     (RDF.object, o), (PROV.wasDerivedFrom, DIVISIONS), (KG.rule, Literal(RULE))):
            g.add((st, p, v))
        added += 1
    if added:
        g.add((DIVISIONS, RDF.type, PROV.Entity))
        g.add((DIVISIONS, RDFS.label, Literal("GB/T 2260 administrative divisions (kg/data/divisions.tsv)")))
    return added


def reference_rels(g: Graph, node_label: dict[str, str]) -> Iterator[tuple[str, dict]]:
    """(relationship type, row) of each reference fact of ``g``, as the projection stores them."""
    rtype = load_schema().relations["locatedIn"].graph_type
    for st in g.subjects(PROV.wasDerivedFrom, DIVISIONS):
        src, dst = str(g.value(st, RDF.subject)), str(g.value(st, RDF.object))
        if src in node_label and dst in node_label:
            yield rtype, {"src": src, "dst": dst, "src_label": node_label[src], "dst_label": node_label[dst],
                                 "aid": str(st), "evidence": "", "doc": "", "rule": RULE, "confidence": 1.0,
                                 "start": 0, "end": 0}
