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
from importlib import resources

from kg.schema import KGR

DIVISIONS = KGR["source/divisions"]
RULE = "reference:divisions"
PLACE_TYPES = ("Province", "City", "County")


@functools.lru_cache(maxsize=1)
def division_parents() -> dict[str, str]:
    """GB/T 2260 code → the code of the division above it (from kg/data/divisions.tsv)."""
    text = (resources.files("kg.data") / "divisions.tsv").read_text(encoding="utf-8")
    return {r["code"]: r["parent"] for r in csv.DictReader(text.splitlines(), delimiter="\t") if r["parent"]}


def reference_iri(s: str, o: str) -> str:
    """The IRI of the ``rdf:Statement`` describing the reference fact ``s locatedIn o``."""
    return str(KGR[f"reference/{hashlib.sha1(f'{s} {o}'.encode()).hexdigest()[:16]}"])


def division_links(entities) -> list[tuple[str, str]]:
    """(place IRI, parent place IRI) for each Province, City or County of ``entities`` (IRI → record
    with ``type`` and ``code``) whose nearest division above it is also among them."""
    by_code: dict[str, str] = {}
    for iri in sorted(entities):
        e = entities[iri]
        if e.type in PLACE_TYPES and e.code:
            by_code.setdefault(e.code, iri)
    parents = division_parents()
    out = []
    for code, s in sorted(by_code.items()):
        up, seen = parents.get(code), set()
        while up and up not in by_code and up not in seen:
            seen.add(up)
            up = parents.get(up)
        if up and up in by_code:
            out.append((s, by_code[up]))
    return out
