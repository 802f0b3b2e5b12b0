"""The facts export (CONTRACT.md): four CSV files written from the graph's records.

Columns come from the ontology (``kg:ExportFile`` individuals); rows are sorted so that the same
graph always gives the same bytes. The contract wants the evidence sentence on every row, so the
sentence text, stored once in the graph, is repeated here.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.csvout import write_csv
from kg.rdf.graph import as_built
from kg.schema import KG, load_schema


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _fmt(value) -> str:
    text = str(value)
    if "." in text and text.replace(".", "", 1).isdigit():
        text = text.rstrip("0").rstrip(".")
    return text


def export_rows(g) -> dict[str, list[dict[str, str]]]:
    """The rows of the four CSV files of a built graph (or an rdflib graph), sorted."""
    schema = load_schema()
    bg = as_built(g)
    rows: dict[str, list[dict[str, str]]] = {k: [] for k in schema.export_columns}
    files = {iri: d.name for iri, d in bg.documents.items()}
    ents = bg.entities
    for iri, e in ents.items():
        rows["entities"].append({
            "id": iri, "type": e.type, "name": e.name, "aliases": "|".join(e.aliases),
            "category": e.category, "docs": "|".join(sorted(files[d] for d in e.docs)),
        })
    core = {str(schema.relations[p].iri): p for p in schema.core_relations}
    mentioned, issued = str(KG.mentionedIn), str(KG.issuedDate)
    evidence_in: dict[tuple[str, str], str] = {}
    date_in: dict[tuple[str, str], tuple[str, str]] = {}
    for a in bg.assertions.values():
        doc, text = bg.evidence(a.prov)
        p = core.get(a.predicate)
        if p is not None and not a.literal and a.subject in ents and a.object in ents:
            s, o = ents[a.subject], ents[a.object]
            rows["relations"].append({
                "subject": s.name, "subject_type": s.type, "predicate": p,
                "object": o.name, "object_type": o.type, "doc": doc, "evidence": text,
            })
        elif a.predicate == mentioned:
            evidence_in[(a.subject, doc)] = text
        elif a.predicate == issued:
            date_in[(a.subject, doc)] = (a.object, text)
    for ob in bg.observations.values():
        doc, text = bg.evidence(ob.prov)
        subj = ents.get(ob.subject)
        rows["observations"].append({
            "subject": subj.name if subj else "", "subject_type": subj.type if subj else "",
            "metric": ob.metric, "value": _fmt(ob.value), "unit": ob.unit, "year": str(ob.year),
            "kind": ob.kind, "doc": doc, "evidence": text,
        })
    issued_by = str(KG.issuedBy)
    issuers_of: dict[str, list[str]] = defaultdict(list)
    for s, p, o in bg.relations:
        if p == issued_by and o in ents:
            issuers_of[s].append(ents[o].name)
    for iri, e in ents.items():
        if e.type != "PolicyDocument":
            continue
        issuers = "|".join(sorted(issuers_of.get(iri, [])))
        for doc in sorted(files[d] for d in e.docs):
            date, text = date_in.get((iri, doc), (e.date, evidence_in.get((iri, doc), "")))
            rows["policies"].append({"title": e.title, "date": date, "issuers": issuers, "doc": doc,
                                     "evidence": text})
    for name, columns in schema.export_columns.items():
        rows[name].sort(key=lambda r, cols=columns: [r[c] for c in cols])
    return rows


def write_facts(g, folder: Path) -> dict[str, int]:
    """Write the four CSV files of a built graph (or an rdflib graph) into ``folder`` (through
    :mod:`kg.csvout`); return
    the row count of each."""
    schema = load_schema()
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, table in export_rows(g).items():
        counts[name] = write_csv(folder / f"{name}.csv", schema.export_columns[name], table)
    return counts
