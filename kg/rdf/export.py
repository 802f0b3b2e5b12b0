"""The facts export (CONTRACT.md): four CSV files read off the RDF graph.

Columns come from the ontology (``kg:ExportFile`` individuals); rows are sorted so that the same
graph always gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from kg.csvout import write_csv
from kg.schema import DCTERMS, KG, SKOS, load_schema


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


class GraphIndex:
    """The parts of a built graph that the export and the projection read, indexed once."""

    def __init__(self, g: Graph):
        schema = load_schema()
        self.g = g
        core = {schema.classes[c].iri: c for c in schema.entity_classes}
        self.type: dict[URIRef, str] = {}
        for s, o in g.subject_objects(RDF.type):
            if o in core:
                self.type[s] = core[o]
        self.name = {s: str(o) for s, o in g.subject_objects(SKOS.prefLabel)}
        self.aliases: dict[URIRef, list[str]] = defaultdict(list)
        for s, o in g.subject_objects(SKOS.altLabel):
            self.aliases[s].append(str(o))
        self.file = {s: str(o) for s, o in g.subject_objects(KG.fileName)}
        self.text = {s: str(o) for s, o in g.subject_objects(KG.text)}
        self.sentence_doc = {s: o for s, o in g.subject_objects(KG.inDocument)}

    def one(self, s, p, default=""):
        v = self.g.value(s, p)
        return default if v is None else v.toPython() if hasattr(v, "toPython") else v

    def evidence(self, node) -> tuple[str, str]:
        """(document file name, sentence text) of a node with ``kg:evidence``."""
        sent = self.g.value(node, KG.evidence)
        return self.file.get(self.sentence_doc.get(sent), ""), self.text.get(sent, "")

    def assertions(self):
        """(subject, predicate local name, object, assertion node) of every assertion."""
        g = self.g
        for a in g.subjects(RDF.type, KG.Assertion):
            yield g.value(a, RDF.subject), _local(g.value(a, RDF.predicate)), g.value(a, RDF.object), a


def _fmt(value) -> str:
    text = str(value)
    if "." in text and text.replace(".", "", 1).isdigit():
        text = text.rstrip("0").rstrip(".")
    return text


def export_rows(g: Graph) -> dict[str, list[dict[str, str]]]:
    schema = load_schema()
    ix = GraphIndex(g)
    rows: dict[str, list[dict[str, str]]] = {k: [] for k in schema.export_columns}
    docs_of: dict[URIRef, list[str]] = defaultdict(list)
    for s, d in g.subject_objects(KG.mentionedIn):
        docs_of[s].append(ix.file[d])
    for s, type_ in ix.type.items():
        rows["entities"].append({
            "id": str(s), "type": type_, "name": ix.name.get(s, ""),
            "aliases": "|".join(sorted(ix.aliases.get(s, []))),
            "category": str(ix.one(s, KG.category)), "docs": "|".join(sorted(docs_of[s])),
        })
    core = set(schema.core_relations)
    evidence_in: dict[tuple[URIRef, str], str] = {}
    date_in: dict[tuple[URIRef, str], tuple[str, str]] = {}
    for s, p, o, a in ix.assertions():
        doc, text = ix.evidence(a)
        if p in core and s in ix.type and o in ix.type:
            rows["relations"].append({
                "subject": ix.name[s], "subject_type": ix.type[s], "predicate": p,
                "object": ix.name[o], "object_type": ix.type[o], "doc": doc, "evidence": text,
            })
        elif p == "mentionedIn":
            evidence_in[(s, doc)] = text
        elif p == "issuedDate":
            date_in[(s, doc)] = (str(o), text)
    for ob in g.subjects(RDF.type, KG.Observation):
        subj = g.value(ob, KG.subject)
        doc, text = ix.evidence(ob)
        rows["observations"].append({
            "subject": ix.name.get(subj, ""), "subject_type": ix.type.get(subj, ""),
            "metric": str(ix.one(ob, KG.metric)), "value": _fmt(ix.one(ob, KG.value)),
            "unit": str(ix.one(ob, KG.unit)), "year": str(ix.one(ob, KG.year)),
            "kind": str(ix.one(ob, KG.kind)), "doc": doc, "evidence": text,
        })
    for pol in g.subjects(RDF.type, KG.PolicyDocument):
        issuers = sorted(ix.name[o] for o in g.objects(pol, KG.issuedBy) if o in ix.name)
        for doc in sorted(docs_of[pol]):
            date, text = date_in.get((pol, doc), (str(ix.one(pol, KG.issuedDate)), evidence_in.get((pol, doc), "")))
            rows["policies"].append({
                "title": str(ix.one(pol, DCTERMS.title)), "date": date, "issuers": "|".join(issuers),
                "doc": doc, "evidence": text,
            })
    for name, columns in schema.export_columns.items():
        rows[name].sort(key=lambda r, cols=columns: [r[c] for c in cols])
    return rows


def write_facts(g: Graph, folder: Path) -> dict[str, int]:
    """Write the four CSV files into ``folder`` (through :mod:`kg.csvout`); return the row count of each."""
    schema = load_schema()
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, table in export_rows(g).items():
        counts[name] = write_csv(folder / f"{name}.csv", schema.export_columns[name], table)
    return counts
