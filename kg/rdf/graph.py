"""Facts to RDF: every entity, relation, observation and policy date with its provenance.

Layout (prefixes ``kg:`` ontology, ``kgr:`` resources):

- an entity ``kgr:{Type}/{slug}`` is a ``kg:{Type}`` with ``skos:prefLabel``, ``skos:altLabel``,
  ``kg:category``, ``kg:divisionCode``, ``kg:mentionedIn`` its documents; a policy document also
  ``dcterms:title``, ``kg:issuedDate`` and ``kg:documentType``;
- a corpus file is a ``kg:SourceDocument`` ``kgr:doc/{slug}``; each sentence that is evidence of
  something is a ``kg:Sentence`` ``kgr:doc/{slug}/s{n}`` with its text and raw offsets, stored
  once however many facts cite it;
- a relation is the plain triple plus a ``kg:Assertion`` (an ``rdf:Statement``) that carries
  ``kg:evidence`` (the sentence), ``kg:start``/``kg:end`` (raw offsets), ``kg:rule`` and
  ``kg:confidence``; the first mention of an entity in a document and a policy's date are
  asserted the same way;
- an observation is a ``kg:Observation`` node with its subject, metric, value, unit, year, kind
  and the same provenance properties.

The build keeps this graph as plain records (:class:`BuiltGraph`), not as an rdflib graph: the
Turtle file, the CSV facts and the property graph are written from the records, and the triples
exist only while the Turtle is streamed. :meth:`BuiltGraph.to_rdflib` and
:meth:`BuiltGraph.from_rdflib` convert where a standard RDF library is wanted (``kg validate``,
the exports, reading ``graph.ttl`` back).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.model import Document, Evidence, Extraction
from kg.rdf.reference import DIVISIONS, RULE, division_links, reference_iri
from kg.schema import DCTERMS, KG, KGR, PROV, SKOS, load_schema


@functools.lru_cache(maxsize=1 << 16)  # the same document and entity names come back thousands of times
def slug(text: str) -> str:
    """A readable, IRI-safe and stable key: letters and digits kept, anything else as ``_``,
    with a short hash when something was replaced (so two names never share a slug)."""
    kept = "".join(c if c.isalnum() else "_" for c in text)
    if kept == text:
        return kept
    return f"{kept}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


def entity_iri(type_: str, name: str) -> str:
    return str(KGR[f"{type_}/{slug(name)}"])


def doc_iri(name: str) -> URIRef:
    return KGR[f"doc/{slug(name)}"]


def sentence_iri(doc: str, index: int) -> URIRef:
    return KGR[f"doc/{slug(doc)}/s{index}"]


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


class _P:
    """The IRIs the triples use, as plain strings (computed once, not per triple)."""

    type = str(RDF.type)
    subject, predicate, object, Statement = str(RDF.subject), str(RDF.predicate), str(RDF.object), str(RDF.Statement)
    label = str(RDFS.label)
    prefLabel, altLabel = str(SKOS.prefLabel), str(SKOS.altLabel)
    title = str(DCTERMS.title)
    wasDerivedFrom, Entity = str(PROV.wasDerivedFrom), str(PROV.Entity)
    divisions = str(DIVISIONS)
    SourceDocument, Assertion, Observation, Sentence = (str(KG.SourceDocument), str(KG.Assertion),
                                                        str(KG.Observation), str(KG.Sentence))
    fileName, encoding, category, divisionCode = str(KG.fileName), str(KG.encoding), str(KG.category), str(KG.divisionCode)
    mentionedIn, issuedDate, documentType, locatedIn = (str(KG.mentionedIn), str(KG.issuedDate), str(KG.documentType),
                                                        str(KG.locatedIn))
    obsSubject, metric, value, unit, year, kind = (str(KG.subject), str(KG.metric), str(KG.value), str(KG.unit),
                                                   str(KG.year), str(KG.kind))
    evidence, start, end, rule, confidence = (str(KG.evidence), str(KG.start), str(KG.end), str(KG.rule),
                                              str(KG.confidence))
    text, inDocument = str(KG.text), str(KG.inDocument)


@functools.cache
def _class_iri(name: str) -> str:
    return str(KG[name])


# ------------------------------------------------------------------------------------ the records
@dataclass
class DocumentNode:
    name: str
    encoding: str


@dataclass
class SentenceNode:
    text: str
    doc: str  # document IRI
    start: int | None = None  # raw offsets of the sentence in its document
    end: int | None = None


@dataclass
class EntityNode:
    type: str  # core class name
    name: str
    aliases: list[str] = field(default_factory=list)  # sorted, without the name
    category: str = ""
    code: str = ""
    docs: list[str] = field(default_factory=list)  # document IRIs, sorted
    title: str = ""  # policy documents
    date: str = ""
    doc_type: str = ""


@dataclass
class Provenance:
    """Where an assertion or observation was read: the sentence IRI, raw offsets, rule, confidence."""

    sentence: str
    start: int
    end: int
    rule: str
    confidence: Decimal


@dataclass
class AssertionNode:
    subject: str
    predicate: str  # full IRI
    object: str  # an IRI, or a literal's text when ``literal``
    prov: Provenance
    literal: bool = False


@dataclass
class ObservationNode:
    subject: str
    metric: str
    value: Decimal
    unit: str
    year: int
    kind: str
    prov: Provenance


@dataclass
class BuiltGraph:
    """The RDF graph of a build as records keyed by IRI (insertion-ordered, one record per node)."""

    documents: dict[str, DocumentNode] = field(default_factory=dict)
    sentences: dict[str, SentenceNode] = field(default_factory=dict)
    entities: dict[str, EntityNode] = field(default_factory=dict)
    relations: dict[tuple[str, str, str], None] = field(default_factory=dict)  # plain (s, p IRI, o) triples
    assertions: dict[str, AssertionNode] = field(default_factory=dict)
    observations: dict[str, ObservationNode] = field(default_factory=dict)
    # (place, parent place) locatedIn pairs from the division data, not from a sentence
    references: dict[tuple[str, str], None] = field(default_factory=dict)

    def __len__(self) -> int:
        """The number of triples (what ``len()`` of the rdflib graph would be)."""
        n = 3 * len(self.documents)  # type, fileName, encoding
        n += sum(3 if s.start is None else 5 for s in self.sentences.values())  # type, text, inDocument, start, end
        for e in self.entities.values():
            n += 2 + len(e.aliases) + len(e.docs) + bool(e.category) + bool(e.code)
            n += bool(e.title) + bool(e.date) + bool(e.doc_type)
        n += len(self.relations) + 9 * len(self.assertions) + 12 * len(self.observations)
        n += 7 * len(self.references) + (2 if self.references else 0)
        return n

    def triples(self) -> Iterator[tuple[str, str, object]]:
        """Every triple as (subject IRI, predicate IRI, object): an object is a :class:`URIRef`,
        a ``str`` (plain literal), an ``int`` (xsd:integer) or a ``Decimal`` (xsd:decimal)."""
        for s, p, o, iri in self.plain_triples():
            yield s, p, (URIRef(o) if iri else o)

    def plain_triples(self) -> Iterator[tuple[str, str, object, bool]]:
        """The triples of :meth:`triples` as (subject, predicate, object, object is an IRI), every
        IRI a plain ``str`` (quicker where no rdflib term is wanted: the Turtle writer)."""
        T = _P.type
        for iri, d in self.documents.items():
            yield iri, T, _P.SourceDocument, True
            yield iri, _P.fileName, d.name, False
            yield iri, _P.encoding, d.encoding, False
        for iri, e in self.entities.items():
            yield iri, T, _class_iri(e.type), True
            yield iri, _P.prefLabel, e.name, False
            for a in e.aliases:
                yield iri, _P.altLabel, a, False
            if e.category:
                yield iri, _P.category, e.category, False
            if e.code:
                yield iri, _P.divisionCode, e.code, False
            for doc in e.docs:
                yield iri, _P.mentionedIn, doc, True
            if e.title:
                yield iri, _P.title, e.title, False
            if e.date:
                yield iri, _P.issuedDate, e.date, False
            if e.doc_type:
                yield iri, _P.documentType, e.doc_type, False
        for s, p, o in self.relations:
            yield s, p, o, True
        for iri, a in self.assertions.items():
            yield iri, T, _P.Assertion, True
            yield iri, _P.subject, a.subject, True
            yield iri, _P.predicate, a.predicate, True
            yield iri, _P.object, a.object, not a.literal
            yield from _prov_triples(iri, a.prov)
        for iri, ob in self.observations.items():
            yield iri, T, _P.Observation, True
            yield iri, _P.obsSubject, ob.subject, True
            yield iri, _P.metric, ob.metric, False
            yield iri, _P.value, ob.value, False
            yield iri, _P.unit, ob.unit, False
            yield iri, _P.year, ob.year, False
            yield iri, _P.kind, ob.kind, False
            yield from _prov_triples(iri, ob.prov)
        for (s, o) in self.references:
            st = reference_iri(s, o)
            yield s, _P.locatedIn, o, True
            yield st, T, _P.Statement, True
            yield st, _P.subject, s, True
            yield st, _P.predicate, _P.locatedIn, True
            yield st, _P.object, o, True
            yield st, _P.wasDerivedFrom, _P.divisions, True
            yield st, _P.rule, RULE, False
        if self.references:
            yield _P.divisions, T, _P.Entity, True
            yield _P.divisions, _P.label, "GB/T 2260 administrative divisions (kg/data/divisions.tsv)", False
        for iri, s in self.sentences.items():
            yield iri, T, _P.Sentence, True
            yield iri, _P.text, s.text, False
            yield iri, _P.inDocument, s.doc, True
            if s.start is not None:
                yield iri, _P.start, s.start, False
                yield iri, _P.end, s.end, False

    def to_rdflib(self) -> Graph:
        """The same triples in an rdflib graph (for SHACL, the standard serializers)."""
        g = Graph()
        for prefix, ns in (("kg", KG), ("kgr", KGR), ("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS)):
            g.bind(prefix, ns)
        for s, p, o in self.triples():
            g.add((URIRef(s), URIRef(p), _rdflib_term(o)))
        return g

    @classmethod
    def from_rdflib(cls, g: Graph) -> BuiltGraph:
        """Records of a graph written by :func:`write_turtle` and parsed back (``graph.ttl``)."""
        return _from_rdflib(g)

    def evidence(self, prov: Provenance) -> tuple[str, str]:
        """(document file name, sentence text) of a provenance record."""
        s = self.sentences.get(prov.sentence)
        if s is None:
            return "", ""
        d = self.documents.get(s.doc)
        return (d.name if d else ""), s.text


def _prov_triples(iri: str, p: Provenance):
    yield iri, _P.evidence, p.sentence, True
    yield iri, _P.start, p.start, False
    yield iri, _P.end, p.end, False
    yield iri, _P.rule, p.rule, False
    yield iri, _P.confidence, p.confidence, False


def _rdflib_term(o: object):
    if isinstance(o, URIRef):
        return o
    if isinstance(o, Decimal):
        return Literal(o, datatype=XSD.decimal)
    return Literal(o)


# --------------------------------------------------------------------------------- from extraction
class _Builder:
    def __init__(self, docs: dict[str, Document]):
        self.bg = BuiltGraph()
        self.docs = docs
        self.cited: set[tuple[str, int]] = set()

    def provenance(self, ev: Evidence) -> Provenance:
        s_iri = str(sentence_iri(ev.doc, ev.sentence))
        if s_iri not in self.bg.sentences:
            self.cited.add((ev.doc, ev.sentence))
            self.bg.sentences[s_iri] = SentenceNode(ev.text, str(doc_iri(ev.doc)))
        start, end = self.docs[ev.doc].raw_span(ev.start, ev.end)
        return Provenance(s_iri, start, end, ev.rule, Decimal(str(round(ev.confidence, 3))))

    def assertion(self, s: str, p: str, o: str, ev: Evidence, literal: bool = False) -> None:
        a = str(KGR[f"assertion/{_hash(s, p, o, ev.doc, ev.sentence)}"])
        prov = self.provenance(ev)
        if a not in self.bg.assertions:  # one provenance per assertion node
            self.bg.assertions[a] = AssertionNode(s, p, o, prov, literal)


def to_rdf(ex: Extraction, mentions: dict[tuple[str, str], Evidence] | None = None) -> BuiltGraph:
    """The graph of an extraction, as records.

    ``mentions`` maps (entity IRI, document) to the evidence of the entity's first mention there.
    """
    b = _Builder({d.name: d for d in ex.documents})
    bg = b.bg
    for d in ex.documents:
        bg.documents[str(doc_iri(d.name))] = DocumentNode(d.name, d.encoding)
    for e in ex.entities.values():
        policy = e.type == "PolicyDocument"
        bg.entities[e.iri] = EntityNode(
            type=e.type, name=e.name, aliases=sorted(e.aliases - {e.name}), category=e.category, code=e.code,
            docs=sorted({str(doc_iri(doc)) for doc in e.docs}), title=e.name if policy else "",
            date=e.date if policy else "", doc_type=e.doc_type if policy else "")
    mentioned = str(KG.mentionedIn)
    for (iri, doc), ev in sorted((mentions or {}).items()):
        b.assertion(iri, mentioned, str(doc_iri(doc)), ev)
    for r in ex.relations:
        p = str(KG[r.predicate])
        bg.relations[(r.subject, p, r.object)] = None
        b.assertion(r.subject, p, r.object, r.evidence)
    issued = str(KG.issuedDate)
    for pf in ex.policies:
        if pf.date:
            b.assertion(pf.policy, issued, pf.date, pf.evidence, literal=True)
    for ob in ex.observations:
        ev = ob.evidence
        iri = str(KGR[f"observation/{_hash(ob.subject, ob.metric, ob.value, ob.unit, ob.year, ob.kind, ev.doc, ev.sentence, ev.start)}"])
        prov = b.provenance(ev)
        if iri not in bg.observations:
            bg.observations[iri] = ObservationNode(ob.subject, ob.metric, Decimal(ob.value), ob.unit, ob.year,
                                                   ob.kind, prov)
    # sentence offsets, once each
    for doc, index in b.cited:
        sent = ex.sentences[doc][index]
        node = bg.sentences[str(sentence_iri(doc, index))]
        node.start, node.end = b.docs[doc].raw_span(sent.start, sent.end)
    # reference facts from the division data (kg/rdf/reference.py), kept apart from the assertions
    located = str(KG.locatedIn)
    bg.references = {(s, o): None for s, o in division_links(bg.entities) if (s, located, o) not in bg.relations}
    return bg


# ------------------------------------------------------------------------------------ from rdflib
def _from_rdflib(g: Graph) -> BuiltGraph:
    schema = load_schema()
    core = {schema.classes[c].iri: c for c in schema.entity_classes}
    bg = BuiltGraph()

    def one(s, p, default=None):
        v = g.value(s, p)
        return default if v is None else v.toPython()

    for d in g.subjects(RDF.type, KG.SourceDocument):
        bg.documents[str(d)] = DocumentNode(str(one(d, KG.fileName, "")), str(one(d, KG.encoding, "")))
    for s in g.subjects(RDF.type, KG.Sentence):
        bg.sentences[str(s)] = SentenceNode(str(one(s, KG.text, "")), str(one(s, KG.inDocument, "")),
                                            one(s, KG.start), one(s, KG.end))
    for s, o in g.subject_objects(RDF.type):
        if o not in core:
            continue
        bg.entities[str(s)] = EntityNode(
            type=core[o], name=str(one(s, SKOS.prefLabel, "")),
            aliases=sorted(str(a) for a in g.objects(s, SKOS.altLabel)),
            category=str(one(s, KG.category, "")), code=str(one(s, KG.divisionCode, "")),
            docs=sorted(str(d) for d in g.objects(s, KG.mentionedIn)), title=str(one(s, DCTERMS.title, "")),
            date=str(one(s, KG.issuedDate, "")), doc_type=str(one(s, KG.documentType, "")))
    for p in schema.core_relations:
        for s, o in g.subject_objects(schema.relations[p].iri):
            bg.relations[(str(s), str(schema.relations[p].iri), str(o))] = None

    def prov(node) -> Provenance:
        conf = g.value(node, KG.confidence)
        return Provenance(str(one(node, KG.evidence, "")), int(one(node, KG.start, 0)), int(one(node, KG.end, 0)),
                          str(one(node, KG.rule, "")), Decimal(str(conf)) if conf is not None else Decimal(0))

    for a in g.subjects(RDF.type, KG.Assertion):
        o = g.value(a, RDF.object)
        bg.assertions[str(a)] = AssertionNode(str(g.value(a, RDF.subject)), str(g.value(a, RDF.predicate)),
                                              str(o), prov(a), literal=isinstance(o, Literal))
    for ob in g.subjects(RDF.type, KG.Observation):
        value = g.value(ob, KG.value)
        bg.observations[str(ob)] = ObservationNode(
            str(one(ob, KG.subject, "")), str(one(ob, KG.metric, "")), Decimal(str(value)) if value is not None
            else Decimal(0), str(one(ob, KG.unit, "")), int(one(ob, KG.year, 0)), str(one(ob, KG.kind, "")), prov(ob))
    located = str(KG.locatedIn)
    for st in sorted(g.subjects(PROV.wasDerivedFrom, DIVISIONS), key=str):  # reference facts
        s, o = str(g.value(st, RDF.subject)), str(g.value(st, RDF.object))
        bg.relations.pop((s, located, o), None)
        bg.references[(s, o)] = None
    return bg


def as_built(g) -> BuiltGraph:
    """A :class:`BuiltGraph` for either a built graph or an rdflib graph (converted once, kept on it)."""
    if isinstance(g, BuiltGraph):
        return g
    cached = getattr(g, "_kg_built", None)
    if cached is not None and cached[0] == len(g):
        return cached[1]
    bg = _from_rdflib(g)
    g._kg_built = (len(g), bg)  # type: ignore[attr-defined]
    return bg


# ------------------------------------------------------------------------------------------ Turtle
_PREFIXES = {str(ns): p for p, ns in (("kg", KG), ("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS),
                                      ("rdf", RDF), ("xsd", XSD))}
_DECIMAL = f"^^<{XSD.decimal}>"
_INTEGER = f"^^<{XSD.integer}>"


def _quote(text: str) -> str:
    """A string literal as rdflib's N3 writer quotes it (triple quotes around line breaks)."""
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2:-1] != "\\":
            encoded = encoded[:-1] + '\\"'
        return '"""' + encoded.replace("\r", "\\r") + '"""'
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'


def _iri_term(iri: str) -> str:
    """An IRI as the writer shows it: ``prefix:name`` for a vocabulary term, else ``<iri>``."""
    for ns, p in _PREFIXES.items():
        if iri.startswith(ns) and iri[len(ns):].isascii() and iri[len(ns):].replace("_", "").isalnum():
            return f"{p}:{iri[len(ns):]}"
    return f"<{iri}>"


def _literal(o: object) -> str:
    if isinstance(o, bool):
        raise TypeError("no boolean literals in a build")
    if isinstance(o, int):
        return f'"{o}"{_INTEGER}'
    if isinstance(o, Decimal):
        return f'"{format(o, "f")}"{_DECIMAL}'
    return _quote(str(o))


def _sort_text(o: object) -> str:
    return format(o, "f") if isinstance(o, Decimal) else str(o)


def write_turtle(g, path) -> None:
    """Write a built graph (or an rdflib graph) as Turtle, subjects and predicates sorted.

    Triples are grouped by subject, vocabulary terms abbreviated with their prefixes and resource
    IRIs written in full. The output is plain Turtle that any parser reads, and the same graph
    gives the same bytes.
    """
    bg = as_built(g)
    by_subject: dict[str, list] = {}
    for s, p, o, iri in bg.plain_triples():
        by_subject.setdefault(s, []).append((p, o, iri))
    predicates: dict[str, str] = {str(RDF.type): "a"}  # IRI → how it is written
    objects: dict[str, str] = {}

    def term(iri: str, written: dict[str, str]) -> str:
        hit = written.get(iri)
        if hit is None:
            hit = written[iri] = _iri_term(iri)
        return hit

    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(f"@prefix {p}: <{ns}> ." for ns, p in sorted(_PREFIXES.items(), key=lambda kv: kv[1])))
        fh.write("\n\n")
        first = True
        for s in sorted(by_subject):
            rows = sorted(set(by_subject[s]), key=lambda row: (row[0], _sort_text(row[1])))
            body = " ;\n    ".join(f"{term(p, predicates)} {term(o, objects) if iri else _literal(o)}"
                                   for p, o, iri in rows)
            fh.write(("" if first else "\n") + f"<{s}>\n    {body} .\n")
            first = False
