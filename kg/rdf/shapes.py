"""SHACL shapes derived from the ontology, and validation of a built graph.

``python -m kg.rdf.shapes`` writes ``ontology/shapes.ttl``; a test keeps that file equal to what
the ontology gives, so the shapes never drift from it.
"""

from __future__ import annotations

import functools
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
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
    Without ``full``, :func:`core_conforms` decides on the records first; pySHACL runs only when it
    cannot say the graph conforms, so the summary is always pySHACL's.
    """
    from kg.rdf.graph import BuiltGraph, as_built

    started = time.perf_counter()
    problems: list[str] = []
    if full:
        g = data.to_rdflib() if isinstance(data, BuiltGraph) else data
    else:
        bg = as_built(data)
        problems = provenance_problems(bg)
        if core_conforms(bg):  # what pySHACL would say: no violation of the core shapes
            return _summary(True, 0, set(), problems, started, full)
        g = core_graph(bg)
    from pyshacl import validate as shacl_validate

    conforms, results, text = shacl_validate(g, shacl_graph=build_shapes(core_only=not full), inference="none",
                                             advanced=False, allow_warnings=True)
    violations = list(results.subjects(RDF.type, SH.ValidationResult))
    messages = {str(results.value(v, SH.resultMessage)) for v in violations}
    return _summary(bool(conforms), len(violations), messages, problems, started, full)


def _summary(conforms: bool, violations: int, messages: set[str], problems: list[str], started: float,
             full: bool) -> dict:
    return {"conforms": conforms and not problems, "violations": violations + len(problems),
            "messages": sorted(messages | set(problems))[:20], "seconds": round(time.perf_counter() - started, 3),
            "shapes": "all" if full else "entities and relations"}


_CORE_PREDICATES = (str(RDF.type), str(SKOS.prefLabel), str(KG.mentionedIn), str(KG.category), str(KG.issuedDate))


def core_triples(bg) -> Iterator[tuple[str, str, object]]:
    """The triples the core shapes look at, as :meth:`BuiltGraph.triples` gives them: the
    entities' and documents' types, labels, documents, categories and dates, and the relations."""
    t, label, mentioned, category, issued = _CORE_PREDICATES
    for iri in bg.documents:
        yield iri, t, URIRef(KG.SourceDocument)
    for iri, e in bg.entities.items():
        yield iri, t, URIRef(KG[e.type])
        yield iri, label, e.name
        if e.category:
            yield iri, category, e.category
        for doc in e.docs:
            yield iri, mentioned, URIRef(doc)
        if e.date:
            yield iri, issued, e.date
    for s, p, o in bg.relations:
        yield s, p, URIRef(o)


def core_graph(bg) -> Graph:
    """The triples the core shapes look at (:func:`core_triples`) as an rdflib graph."""
    from kg.rdf.graph import _rdflib_term

    g = Graph()
    for s, p, o in core_triples(bg):
        g.add((URIRef(s), URIRef(p), _rdflib_term(o)))
    return g


# ------------------------------------------------------- the core shapes checked on the records
class _Unsupported(Exception):
    """The shapes use something :func:`core_conforms` does not evaluate (pySHACL decides)."""


@dataclass(frozen=True)
class _PropertyRule:
    path: str
    min_count: int | None
    max_count: int | None
    datatype: str | None  # only xsd:string is evaluated
    classes: tuple[str, ...]  # sh:class: every value is an instance of each
    allowed: frozenset[str] | None  # sh:in of plain literals
    pattern: re.Pattern | None
    any_class: tuple[tuple[str, ...], ...]  # sh:or lists of sh:class options


@dataclass(frozen=True)
class _NodeRule:
    target_classes: tuple[str, ...]
    target_subjects_of: tuple[str, ...]
    any_class: tuple[tuple[str, ...], ...]  # sh:or lists of sh:class options on the focus node
    properties: tuple[_PropertyRule, ...]


_NODE_KEYS = {RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.property, SH["or"]}
_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.pattern, SH["or"]}


def _class_options(g: Graph, head, seen: set) -> tuple[str, ...]:
    """The classes of an ``sh:or`` list whose every member is a shape with one ``sh:class``."""
    out = []
    for option in Collection(g, head):
        if set(g.predicates(option)) != {SH["class"]} or len(list(g.objects(option, SH["class"]))) != 1:
            raise _Unsupported(f"sh:or option {option}")
        out.append(str(g.value(option, SH["class"])))
        seen.add(option)
    return tuple(out)


def _list_nodes(g: Graph, head) -> set:
    nodes = set()
    while head is not None and head != RDF.nil:
        nodes.add(head)
        head = g.value(head, RDF.rest)
    return nodes


def _count(g: Graph, node, key) -> int | None:
    values = list(g.objects(node, key))
    if len(values) > 1 or (values and not isinstance(values[0].toPython(), int)):
        raise _Unsupported(f"{key} of {node}")
    return int(values[0].toPython()) if values else None


@functools.lru_cache(maxsize=1)
def _core_rules() -> tuple[_NodeRule, ...]:
    """The core shapes (:func:`build_shapes` ``core_only``) as rules; :class:`_Unsupported` when a
    shape uses a target, constraint or value this module does not evaluate exactly as pySHACL does."""
    g = build_shapes(core_only=True)
    seen: set = set()
    rules = []
    for shape in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        seen.add(shape)
        if not set(g.predicates(shape)) <= _NODE_KEYS or set(g.objects(shape, RDF.type)) != {SH.NodeShape}:
            raise _Unsupported(f"shape {shape}")
        any_class = tuple(_class_options(g, h, seen) for h in g.objects(shape, SH["or"]))
        for h in g.objects(shape, SH["or"]):
            seen |= _list_nodes(g, h)
        props = []
        for node in g.objects(shape, SH.property):
            seen.add(node)
            keys = set(g.predicates(node))
            paths = list(g.objects(node, SH.path))
            if not keys <= _PROPERTY_KEYS or len(paths) != 1 or not isinstance(paths[0], URIRef):
                raise _Unsupported(f"property shape {node}")
            datatypes = [str(d) for d in g.objects(node, SH.datatype)]
            if datatypes not in ([], [str(XSD.string)]):
                raise _Unsupported(f"datatype of {node}")
            allowed = None
            for head in g.objects(node, SH["in"]):
                items = list(Collection(g, head))
                if allowed is not None or not all(isinstance(i, Literal) and i.datatype is None and i.language is None
                                                  for i in items):
                    raise _Unsupported(f"sh:in of {node}")
                allowed = frozenset(str(i) for i in items)
                seen |= _list_nodes(g, head)
            patterns = list(g.objects(node, SH.pattern))
            if len(patterns) > 1 or any(not isinstance(p, Literal) or p.datatype or p.language for p in patterns):
                raise _Unsupported(f"sh:pattern of {node}")
            or_heads = list(g.objects(node, SH["or"]))
            for h in or_heads:
                seen |= _list_nodes(g, h)
            props.append(_PropertyRule(
                path=str(paths[0]), min_count=_count(g, node, SH.minCount), max_count=_count(g, node, SH.maxCount),
                datatype=datatypes[0] if datatypes else None,
                classes=tuple(sorted(str(c) for c in g.objects(node, SH["class"]))), allowed=allowed,
                pattern=re.compile(str(patterns[0])) if patterns else None,
                any_class=tuple(_class_options(g, h, seen) for h in or_heads)))
        rules.append(_NodeRule(tuple(sorted(str(c) for c in g.objects(shape, SH.targetClass))),
                               tuple(sorted(str(p) for p in g.objects(shape, SH.targetSubjectsOf))),
                               any_class, tuple(props)))
    if set(g.subjects()) - seen:  # a shape or a constraint reached some other way
        raise _Unsupported(f"nodes {sorted(map(str, set(g.subjects()) - seen))[:3]}")
    return tuple(rules)


def core_conforms(bg) -> bool:
    """True when the core shapes (entities, categories, dates, relations) hold on the records of
    ``bg``, as pySHACL (no inference) would find on :func:`core_graph`; False when a constraint
    fails or when the shapes use a feature not evaluated here. Only True is relied upon: on
    False the build runs pySHACL, which says what fails."""
    try:
        rules = _core_rules()
    except _Unsupported:
        return False
    type_iri = str(RDF.type)
    values: dict[str, dict[str, set]] = {}
    for s, p, o in core_triples(bg):
        values.setdefault(s, {}).setdefault(p, set()).add(o)
    types = {s: {str(o) for o in by_p.get(type_iri, ())} for s, by_p in values.items()}
    if any(p == str(RDFS.subClassOf) for by_p in values.values() for p in by_p):
        return False  # pySHACL would follow subclasses in the data; none are there in a build

    def is_a(node: object, cls: str) -> bool:
        return isinstance(node, URIRef) and cls in types.get(str(node), ())

    def plain(v: object) -> bool:  # a literal without datatype or language (a Python str, not an IRI)
        return type(v) is str

    instances: dict[str, set[str]] = {}
    subjects_of: dict[str, set[str]] = {}
    for s, by_p in values.items():
        for c in types[s]:
            instances.setdefault(c, set()).add(s)
        for p in by_p:
            subjects_of.setdefault(p, set()).add(s)
    for rule in rules:
        focus = set().union(*(instances.get(c, ()) for c in rule.target_classes),
                            *(subjects_of.get(p, ()) for p in rule.target_subjects_of))
        for f in focus:
            node = URIRef(f)
            if not all(any(is_a(node, c) for c in options) for options in rule.any_class):
                return False
            by_p = values.get(f, {})
            for prop in rule.properties:
                vs = by_p.get(prop.path, ())
                if prop.min_count is not None and len(vs) < prop.min_count:
                    return False
                if prop.max_count is not None and len(vs) > prop.max_count:
                    return False
                for v in vs:
                    if prop.datatype is not None and not plain(v):
                        return False
                    if not all(is_a(v, c) for c in prop.classes):
                        return False
                    if prop.allowed is not None and not (plain(v) and v in prop.allowed):
                        return False
                    if prop.pattern is not None and not (plain(v) and prop.pattern.search(v)):
                        return False
                    if not all(any(is_a(v, c) for c in options) for options in prop.any_class):
                        return False
    return True


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
