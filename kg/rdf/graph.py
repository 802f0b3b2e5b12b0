"""Facts to RDF: every entity, relation, observation and policy date with its provenance.

Layout (prefixes ``kg:`` ontology, ``kgr:`` resources):

- an entity ``kgr:{Type}/{slug}`` is a ``kg:{Type}`` with ``skos:prefLabel``, ``skos:altLabel``,
  ``kg:category``, ``kg:divisionCode``, ``kg:mentionedIn`` its documents; a policy document also
  ``dcterms:title``, ``kg:issuedDate`` and ``kg:documentType``;
- a corpus file is a ``kg:SourceDocument`` ``kgr:doc/{slug}``; each sentence that is evidence of
  something is a ``kg:Sentence`` ``kgr:doc/{slug}/s{n}`` with its text and raw offsets;
- a relation is the plain triple plus a ``kg:Assertion`` (an ``rdf:Statement``) that carries
  ``kg:evidence`` (the sentence), ``kg:start``/``kg:end`` (raw offsets), ``kg:rule`` and
  ``kg:confidence``; the first mention of an entity in a document and a policy's date are
  asserted the same way;
- an observation is a ``kg:Observation`` node with its subject, metric, value, unit, year, kind
  and the same provenance properties.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import RDF, XSD, Graph, Literal, URIRef

from kg.model import Document, Evidence, Extraction
from kg.rdf.reference import add_division_links
from kg.schema import DCTERMS, KG, KGR, PROV, SKOS


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


class _Writer:
    def __init__(self, docs: dict[str, Document]):
        self.g = Graph()
        self.docs = docs
        self.sentences: set[tuple[str, int]] = set()
        for prefix, ns in (("kg", KG), ("kgr", KGR), ("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS)):
            self.g.bind(prefix, ns)

    def provenance(self, node: URIRef, ev: Evidence) -> None:
        g, doc = self.g, self.docs[ev.doc]
        s_iri = sentence_iri(ev.doc, ev.sentence)
        if (ev.doc, ev.sentence) not in self.sentences:
            self.sentences.add((ev.doc, ev.sentence))
            g.add((s_iri, RDF.type, KG.Sentence))
            g.add((s_iri, KG.text, Literal(ev.text)))
            g.add((s_iri, KG.inDocument, doc_iri(ev.doc)))
        start, end = doc.raw_span(ev.start, ev.end)
        g.add((node, KG.evidence, s_iri))
        g.add((node, KG.start, Literal(start)))
        g.add((node, KG.end, Literal(end)))
        g.add((node, KG.rule, Literal(ev.rule)))
        g.add((node, KG.confidence, Literal(Decimal(str(round(ev.confidence, 3))), datatype=XSD.decimal)))

    def assertion(self, s: URIRef, p: URIRef, o, ev: Evidence) -> None:
        a = KGR[f"assertion/{_hash(s, p, o, ev.doc, ev.sentence)}"]
        g = self.g
        g.add((a, RDF.type, KG.Assertion))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        self.provenance(a, ev)


def to_rdf(ex: Extraction, mentions: dict[tuple[str, str], Evidence] | None = None) -> Graph:
    """Build the RDF graph of an extraction.

    ``mentions`` maps (entity IRI, document) to the evidence of the entity's first mention there.
    """
    w = _Writer({d.name: d for d in ex.documents})
    g = w.g
    for d in ex.documents:
        node = doc_iri(d.name)
        g.add((node, RDF.type, KG.SourceDocument))
        g.add((node, KG.fileName, Literal(d.name)))
        g.add((node, KG.encoding, Literal(d.encoding)))
    for e in ex.entities.values():
        node = URIRef(e.iri)
        g.add((node, RDF.type, KG[e.type]))
        g.add((node, SKOS.prefLabel, Literal(e.name)))
        for alias in sorted(e.aliases - {e.name}):
            g.add((node, SKOS.altLabel, Literal(alias)))
        if e.category:
            g.add((node, KG.category, Literal(e.category)))
        if e.code:
            g.add((node, KG.divisionCode, Literal(e.code)))
        for doc in sorted(e.docs):
            g.add((node, KG.mentionedIn, doc_iri(doc)))
        if e.type == "PolicyDocument":
            g.add((node, DCTERMS.title, Literal(e.name)))
            if e.date:
                g.add((node, KG.issuedDate, Literal(e.date)))
            if e.doc_type:
                g.add((node, KG.documentType, Literal(e.doc_type)))
    for (iri, doc), ev in sorted((mentions or {}).items()):
        w.assertion(URIRef(iri), KG.mentionedIn, doc_iri(doc), ev)
    for r in ex.relations:
        s, p, o = URIRef(r.subject), KG[r.predicate], URIRef(r.object)
        g.add((s, p, o))
        w.assertion(s, p, o, r.evidence)
    for pf in ex.policies:
        if pf.date:
            w.assertion(URIRef(pf.policy), KG.issuedDate, Literal(pf.date), pf.evidence)
    for ob in ex.observations:
        ev = ob.evidence
        node = KGR[f"observation/{_hash(ob.subject, ob.metric, ob.value, ob.unit, ob.year, ob.kind, ev.doc, ev.sentence, ev.start)}"]
        g.add((node, RDF.type, KG.Observation))
        g.add((node, KG.subject, URIRef(ob.subject)))
        g.add((node, KG.metric, Literal(ob.metric)))
        g.add((node, KG.value, Literal(Decimal(ob.value), datatype=XSD.decimal)))
        g.add((node, KG.unit, Literal(ob.unit)))
        g.add((node, KG.year, Literal(ob.year)))
        g.add((node, KG.kind, Literal(ob.kind)))
        w.provenance(node, ev)
    # sentence offsets, once each
    for doc, index in sorted(w.sentences):
        sent = ex.sentences[doc][index]
        start, end = w.docs[doc].raw_span(sent.start, sent.end)
        g.add((sentence_iri(doc, index), KG.start, Literal(start)))
        g.add((sentence_iri(doc, index), KG.end, Literal(end)))
    add_division_links(g)  # reference facts from the division data (kg/rdf/reference.py)
    return g


def write_turtle(g: Graph, path) -> None:
    """Write ``g`` as Turtle, subjects and predicates sorted, quickly.

    rdflib's pretty serializer takes seconds on a corpus graph; this writer groups triples by
    subject, abbreviates the vocabulary terms with their prefixes and writes resource IRIs in
    full. The output is plain Turtle that any parser reads, and the same graph gives the same bytes.
    """
    prefixes = {str(ns): p for p, ns in (("kg", KG), ("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS),
                                          ("rdf", RDF), ("xsd", XSD))}

    def term(t) -> str:
        if isinstance(t, URIRef):
            iri = str(t)
            for ns, p in prefixes.items():
                if iri.startswith(ns) and iri[len(ns):].isascii() and iri[len(ns):].replace("_", "").isalnum():
                    return f"{p}:{iri[len(ns):]}"
            return f"<{iri}>"
        return t.n3()

    by_subject: dict = {}
    for s, p, o in g:
        by_subject.setdefault(s, []).append((p, o))
    lines = [f"@prefix {p}: <{ns}> ." for ns, p in sorted(prefixes.items(), key=lambda kv: kv[1])]
    lines.append("")
    for s in sorted(by_subject, key=str):
        pairs = sorted(by_subject[s], key=lambda po: (str(po[0]), str(po[1])))
        body = " ;\n    ".join(f"{'a' if p == RDF.type else term(p)} {term(o)}" for p, o in pairs)
        lines.append(f"{term(s)}\n    {body} .\n")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines))
