"""The one projection of the RDF graph into a property graph, derived from the ontology.

- classes with a ``kg:graphLabel`` → node labels (tables); the entity's IRI is the key;
- core object properties → relationship types (``kg:graphType``), one relationship per
  assertion, carrying its provenance: ``aid`` (the assertion IRI, the relationship's key),
  ``evidence`` (the sentence), ``doc`` (file name), ``rule``, ``confidence``, ``start``, ``end``;
- ``kg:mentionedIn`` → ``MENTIONED_IN`` from an entity to its ``Document`` node, with the first
  sentence that names it there;
- observations → ``Observation`` nodes linked ``ABOUT`` their subject.

``pg_schema()`` gives the labels, their typed properties and the relationship types with their
endpoint labels; the Ladybug DDL and the Neo4j constraints are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, Graph

from kg.rdf.export import GraphIndex, _fmt
from kg.rdf.reference import reference_rels
from kg.schema import DCTERMS, KG, load_schema

# property name → type ("STRING", "STRING[]", "INT64", "DOUBLE") per node label
ENTITY_PROPS = {"iri": "STRING", "name": "STRING", "aliases": "STRING[]", "category": "STRING",
                "code": "STRING", "date": "STRING", "doc_type": "STRING", "docs": "STRING[]"}
DOCUMENT_PROPS = {"iri": "STRING", "name": "STRING", "encoding": "STRING"}
OBSERVATION_PROPS = {"iri": "STRING", "metric": "STRING", "value": "DOUBLE", "value_text": "STRING",
                     "unit": "STRING", "year": "INT64", "kind": "STRING", "evidence": "STRING", "doc": "STRING",
                     "rule": "STRING", "confidence": "DOUBLE"}
EDGE_PROPS = {"aid": "STRING", "evidence": "STRING", "doc": "STRING", "rule": "STRING", "confidence": "DOUBLE",
              "start": "INT64", "end": "INT64"}


def batches(rows: list, size: int):
    """``rows`` in consecutive slices of at most ``size``."""
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def typed_value(value, typ: str):
    """A property value as the declared type says (``STRING[]``, ``DOUBLE``, ``INT64``, ``STRING``);
    both stores bind parameters through it, so Ladybug and Neo4j hold the same values."""
    if typ.endswith("[]"):
        return [str(x) for x in (value or [])]
    if value is None:
        return None
    if typ == "DOUBLE":
        return float(value)
    if typ == "INT64":
        return int(value)
    return str(value)


@dataclass
class PGSchema:
    node_props: dict[str, dict[str, str]]  # label → {property: type}
    rel_endpoints: dict[str, list[tuple[str, str]]]  # type → [(from label, to label)]
    rel_props: dict[str, str] = field(default_factory=lambda: dict(EDGE_PROPS))


def pg_schema() -> PGSchema:
    """Labels, properties and relationship types of the property graph, from the ontology."""
    schema = load_schema()
    nodes: dict[str, dict[str, str]] = {}
    for name in schema.entity_classes:
        nodes[schema.classes[name].graph_label or name] = dict(ENTITY_PROPS)
    nodes["Document"] = dict(DOCUMENT_PROPS)
    nodes["Observation"] = dict(OBSERVATION_PROPS)
    rels: dict[str, list[tuple[str, str]]] = {}
    for p in schema.core_relations:
        info = schema.relations[p]
        pairs = [(schema.classes[d].graph_label, schema.classes[r].graph_label)
                 for dom in info.domain for d in schema.leaves(dom)
                 for rng in info.range for r in schema.leaves(rng)]
        rels[info.graph_type] = sorted(set(pairs))
    entity_labels = [schema.classes[c].graph_label for c in schema.entity_classes]
    rels[schema.relations["mentionedIn"].graph_type] = [(lbl, "Document") for lbl in entity_labels]
    rels[schema.relations["subject"].graph_type] = [("Observation", lbl) for lbl in entity_labels]
    return PGSchema(node_props=nodes, rel_endpoints=rels)


@dataclass
class PropertyGraph:
    nodes: dict[str, list[dict]]  # label → rows (each with "iri")
    rels: dict[str, list[dict]]  # type → rows with "src", "dst", "src_label", "dst_label" and EDGE_PROPS

    def rels_by_pair(self, rtype: str) -> dict[tuple[str, str], list[dict]]:
        """The relationships of one type grouped by (source label, target label), in row order:
        each group is loaded with its own statement or COPY."""
        out: dict[tuple[str, str], list[dict]] = {}
        for r in self.rels.get(rtype, []):
            out.setdefault((r["src_label"], r["dst_label"]), []).append(r)
        return out

    def counts(self) -> dict[str, int]:
        out = {f"node:{k}": len(v) for k, v in self.nodes.items()}
        out.update({f"rel:{k}": len(v) for k, v in self.rels.items()})
        return out


def project(g: Graph) -> PropertyGraph:
    """Project a built RDF graph into labelled nodes and typed relationships (sorted rows).

    The result is kept on the graph object while the graph is unchanged, so the build stages
    that need it (database, views) compute it once."""
    cached = getattr(g, "_kg_projection", None)
    if cached is not None and cached[0] == len(g):
        return cached[1]
    pg = _project(g)
    g._kg_projection = (len(g), pg)  # type: ignore[attr-defined]
    return pg


def _project(g: Graph) -> PropertyGraph:
    schema = load_schema()
    pgs = pg_schema()
    ix = GraphIndex(g)
    label_of = {name: schema.classes[name].graph_label for name in schema.entity_classes}
    nodes: dict[str, list[dict]] = {label: [] for label in pgs.node_props}
    rels: dict[str, list[dict]] = {t: [] for t in pgs.rel_endpoints}
    docs_of: dict = {}
    for s, d in g.subject_objects(KG.mentionedIn):
        docs_of.setdefault(s, []).append(ix.file[d])
    node_label: dict[str, str] = {}
    for s, type_ in ix.type.items():
        label = label_of[type_]
        node_label[str(s)] = label
        nodes[label].append({
            "iri": str(s), "name": ix.name.get(s, ""), "aliases": sorted(ix.aliases.get(s, [])),
            "category": str(ix.one(s, KG.category)), "code": str(ix.one(s, KG.divisionCode)),
            "date": str(ix.one(s, KG.issuedDate)), "doc_type": str(ix.one(s, KG.documentType)),
            "docs": sorted(docs_of.get(s, [])),
        })
    for d, fname in ix.file.items():
        node_label[str(d)] = "Document"
        nodes["Document"].append({"iri": str(d), "name": fname, "encoding": str(ix.one(d, KG.encoding))})
    types = {schema.relations[p].iri: schema.relations[p].graph_type
             for p in [*schema.core_relations, "mentionedIn"]}
    for a in g.subjects(RDF.type, KG.Assertion):
        pred = g.value(a, RDF.predicate)
        if pred not in types:
            continue
        src, dst = str(g.value(a, RDF.subject)), str(g.value(a, RDF.object))
        if src not in node_label or dst not in node_label:
            continue
        doc, text = ix.evidence(a)
        rels[types[pred]].append({
            "src": src, "dst": dst, "src_label": node_label[src], "dst_label": node_label[dst],
            "aid": str(a), "evidence": text, "doc": doc, "rule": str(ix.one(a, KG.rule)),
            "confidence": float(ix.one(a, KG.confidence, 0.0)),
            "start": int(ix.one(a, KG.start, 0)), "end": int(ix.one(a, KG.end, 0)),
        })
    for rtype, row in reference_rels(g, node_label):  # the division data's locatedIn (kg/rdf/reference.py)
        rels[rtype].append(row)
    about = schema.relations["subject"].graph_type
    for ob in g.subjects(RDF.type, KG.Observation):
        doc, text = ix.evidence(ob)
        subj = str(g.value(ob, KG.subject))
        value = ix.one(ob, KG.value)
        nodes["Observation"].append({
            "iri": str(ob), "metric": str(ix.one(ob, KG.metric)), "value": float(value),
            "value_text": _fmt(value), "unit": str(ix.one(ob, KG.unit)), "year": int(ix.one(ob, KG.year)),
            "kind": str(ix.one(ob, KG.kind)), "evidence": text, "doc": doc, "rule": str(ix.one(ob, KG.rule)),
            "confidence": float(ix.one(ob, KG.confidence, 0.0)),
        })
        if subj in node_label:
            rels[about].append({
                "src": str(ob), "dst": subj, "src_label": "Observation", "dst_label": node_label[subj],
                "aid": str(ob), "evidence": text, "doc": doc, "rule": str(ix.one(ob, KG.rule)),
                "confidence": float(ix.one(ob, KG.confidence, 0.0)),
                "start": int(ix.one(ob, KG.start, 0)), "end": int(ix.one(ob, KG.end, 0)),
            })
    for rows in nodes.values():
        rows.sort(key=lambda r: r["iri"])
    for rows in rels.values():
        rows.sort(key=lambda r: (r["src"], r["dst"], r["aid"]))
    _ = DCTERMS  # titles are the entity names of policy documents
    return PropertyGraph(nodes=nodes, rels=rels)
