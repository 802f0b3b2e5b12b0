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


def build_shapes(core_only: bool = False) -> Graph:
    """The SHACL shapes; ``core_only``: the entity, category, date and relation shapes alone
    (what the build checks; the provenance, observation and sentence shapes hold by construction)."""
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
    if core_only:
        return g
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


def validate(data, full: bool = True) -> dict:
    """Validate a graph against the shapes; return a summary for ``report.json``.

    ``data`` is an rdflib graph or a :class:`kg.rdf.graph.BuiltGraph`. ``full``: every shape, on
    every triple (``kg validate --full``); otherwise the entity and relation shapes on the
    entities, documents and relations alone, plus :func:`provenance_problems` (the build's check).
    """
    from pyshacl import validate as shacl_validate

    from kg.rdf.graph import BuiltGraph, as_built

    started = time.perf_counter()
    problems: list[str] = []
    if full:
        g = data.to_rdflib() if isinstance(data, BuiltGraph) else data
    else:
        bg = as_built(data)
        g = core_graph(bg)
        problems = provenance_problems(bg)
    conforms, results, text = shacl_validate(g, shacl_graph=build_shapes(core_only=not full), inference="none",
                                             advanced=False, allow_warnings=True)
    violations = list(results.subjects(RDF.type, SH.ValidationResult))
    messages = sorted({str(results.value(v, SH.resultMessage)) for v in violations} | set(problems))[:20]
    return {"conforms": bool(conforms) and not problems, "violations": len(violations) + len(problems),
            "messages": messages, "seconds": round(time.perf_counter() - started, 3),
            "shapes": "all" if full else "entities and relations"}


def core_graph(bg) -> Graph:
    """The triples the core shapes look at: entities, documents' types and relations."""
    from rdflib import URIRef

    from kg.rdf.graph import _rdflib_term

    g = Graph()
    keep = {str(RDF.type), str(SKOS.prefLabel), str(KG.mentionedIn), str(KG.category), str(KG.issuedDate)}
    for s, p, o in bg.triples():
        if p in keep and (s in bg.entities or s in bg.documents):
            g.add((URIRef(s), URIRef(p), _rdflib_term(o)))
    for s, p, o in bg.relations:
        g.add((URIRef(s), URIRef(p), URIRef(o)))
    return g


def provenance_problems(bg) -> list[str]:
    """What the provenance, observation and sentence shapes would report, checked on the records:
    every assertion and observation cites a sentence of a document, with a rule, a confidence
    in [0, 1] and integer offsets; observations have a metric and a kind."""
    out: list[str] = []
    for iri, node in [*bg.assertions.items(), *bg.observations.items()]:
        p = node.prov
        s = bg.sentences.get(p.sentence)
        if s is None or s.doc not in bg.documents:
            out.append(f"{iri}: evidence is not a sentence of a source document")
        if not p.rule or not 0 <= p.confidence <= 1 or not isinstance(p.start, int) or not isinstance(p.end, int):
            out.append(f"{iri}: provenance without a rule, a confidence in [0, 1] or offsets")
    for iri, ob in bg.observations.items():
        if not ob.metric or ob.kind not in ("actual", "target"):
            out.append(f"{iri}: observation without a metric or with kind {ob.kind!r}")
    return out


if __name__ == "__main__":
    out = ontology_path().with_name("shapes.ttl")
    out.write_text(shapes_turtle(), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
