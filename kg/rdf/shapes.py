"""SHACL shapes derived from the ontology, and validation of a built graph.

``python -m kg.rdf.shapes`` writes ``ontology/shapes.ttl``; a test keeps that file equal to what
the ontology gives, so the shapes never drift from it.
"""

from __future__ import annotations

import sys
import time

from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace
from rdflib.collection import Collection

from kg.schema import KG, SKOS, load_schema, ontology_path

SH = Namespace("http://www.w3.org/ns/shacl#")
KGS = Namespace("https://w3id.org/kg-henan/shapes#")


def _list(g: Graph, items) -> BNode:
    head = BNode()
    Collection(g, head, list(items))
    return head


def _prop(g: Graph, shape, path, **constraints) -> None:
    p = BNode()
    g.add((shape, SH.property, p))
    g.add((p, SH.path, path))
    for key, value in constraints.items():
        g.add((p, SH[key], value))


def _classes(g: Graph, names: list[str]) -> BNode:
    """``sh:or`` over ``sh:class`` constraints, one per class."""
    schema = load_schema()
    options = []
    for name in names:
        b = BNode()
        g.add((b, SH["class"], schema.classes[name].iri))
        options.append(b)
    return _list(g, options)


def build_shapes() -> Graph:
    schema = load_schema()
    g = Graph()
    g.bind("sh", SH)
    g.bind("kg", KG)
    g.bind("kgs", KGS)
    g.bind("skos", SKOS)
    one = Literal(1)
    for c in schema.entity_classes:
        shape = KGS[f"{c}Shape"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, schema.classes[c].iri))
        _prop(g, shape, SKOS.prefLabel, minCount=one, maxCount=one, datatype=XSD.string)
        _prop(g, shape, KG.mentionedIn, minCount=one, **{"class": KG.SourceDocument})
    cat = KGS["CategoryShape"]
    g.add((cat, RDF.type, SH.NodeShape))
    g.add((cat, SH.targetSubjectsOf, KG.category))
    g.add((cat, SH.property, _cat := BNode()))
    g.add((_cat, SH.path, KG.category))
    g.add((_cat, SH["in"], _list(g, [Literal("traditional"), Literal("emerging"), Literal("future")])))
    g.add((_cat, SH.maxCount, one))
    date = KGS["IssuedDateShape"]
    g.add((date, RDF.type, SH.NodeShape))
    g.add((date, SH.targetClass, KG.PolicyDocument))
    _prop(g, date, KG.issuedDate, maxCount=one, pattern=Literal(r"^\d{4}(-\d{2}(-\d{2})?)?$"))
    for p in schema.core_relations:
        info = schema.relations[p]
        shape = KGS[f"{p}Shape"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetSubjectsOf, info.iri))
        g.add((shape, SH["or"], _classes(g, [leaf for d in info.domain for leaf in schema.leaves(d)])))
        _prop(g, shape, info.iri, **{"or": _classes(g, [leaf for r in info.range for leaf in schema.leaves(r)])})
    prov = KGS["ProvenanceShape"]
    g.add((prov, RDF.type, SH.NodeShape))
    g.add((prov, SH.targetClass, KG.Assertion))
    g.add((prov, SH.targetClass, KG.Observation))
    _prop(g, prov, KG.evidence, minCount=one, maxCount=one, **{"class": KG.Sentence})
    _prop(g, prov, KG.rule, minCount=one, maxCount=one, datatype=XSD.string)
    _prop(g, prov, KG.confidence, minCount=one, maxCount=one, datatype=XSD.decimal,
          minInclusive=Literal(0), maxInclusive=Literal(1))
    _prop(g, prov, KG.start, minCount=one, maxCount=one, datatype=XSD.integer)
    _prop(g, prov, KG.end, minCount=one, maxCount=one, datatype=XSD.integer)
    obs = KGS["ObservationShape"]
    g.add((obs, RDF.type, SH.NodeShape))
    g.add((obs, SH.targetClass, KG.Observation))
    _prop(g, obs, KG.subject, minCount=one, maxCount=one)
    _prop(g, obs, KG.metric, minCount=one, maxCount=one, datatype=XSD.string, minLength=one)
    _prop(g, obs, KG.value, minCount=one, maxCount=one, datatype=XSD.decimal)
    _prop(g, obs, KG.unit, minCount=one, maxCount=one, datatype=XSD.string)
    _prop(g, obs, KG.year, minCount=one, maxCount=one, datatype=XSD.integer)
    _prop(g, obs, KG.kind, minCount=one, maxCount=one, **{"in": _list(g, [Literal("actual"), Literal("target")])})
    sent = KGS["SentenceShape"]
    g.add((sent, RDF.type, SH.NodeShape))
    g.add((sent, SH.targetClass, KG.Sentence))
    _prop(g, sent, KG.text, minCount=one, maxCount=one, datatype=XSD.string)
    _prop(g, sent, KG.inDocument, minCount=one, maxCount=one, **{"class": KG.SourceDocument})
    return g


def shapes_turtle() -> str:
    header = "# Generated from ontology/kg.ttl by `python -m kg.rdf.shapes`: do not edit by hand.\n"
    return header + build_shapes().serialize(format="turtle")


def validate(data: Graph) -> dict:
    """Validate a built graph against the shapes; return a summary for ``report.json``."""
    from pyshacl import validate as shacl_validate

    started = time.perf_counter()
    conforms, results, text = shacl_validate(data, shacl_graph=build_shapes(), inference="none",
                                             advanced=False, allow_warnings=True)
    violations = list(results.subjects(RDF.type, SH.ValidationResult))
    messages = sorted({str(results.value(v, SH.resultMessage)) for v in violations})[:20]
    return {"conforms": bool(conforms), "violations": len(violations), "messages": messages,
            "seconds": round(time.perf_counter() - started, 3)}


if __name__ == "__main__":
    out = ontology_path().with_name("shapes.ttl")
    out.write_text(shapes_turtle(), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
