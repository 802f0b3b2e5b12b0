"""The one projection of the RDF graph into a property graph, derived from the ontology.

- classes with a ``kg:graphLabel`` → node labels (tables); the entity's IRI is the key;
- core object properties → relationship types (``kg:graphType``), one relationship per
  assertion, keyed by ``aid`` (the assertion IRI), its only stored property;
- the provenance as in the RDF, each record once: an ``Assertion`` node per relationship
  (``iri`` = the relationship's ``aid``; ``sentence``, ``rule``, ``confidence``, ``start``,
  ``end``) and a ``Sentence`` node per cited sentence (``iri``, ``text``, ``doc`` file name).
  Queries join them by key: ``OPTIONAL MATCH (a:Assertion {iri: r.aid}) OPTIONAL MATCH
  (s:Sentence {iri: a.sentence})``. A relationship table costs a few pages per column and per
  (from, to) pair in Ladybug whatever its rows, so one narrow column keeps the database small and
  its COPY fast, and a long sentence cited by many facts is stored once (output linear in input);
- ``kg:mentionedIn`` → ``MENTIONED_IN`` from an entity to its ``Document`` node, with the first
  sentence that names it there;
- observations → ``Observation`` nodes (with their sentence and file) linked ``ABOUT`` their subject.

In memory the relationship rows of :class:`PropertyGraph` also carry ``evidence``, ``doc``,
``rule``, ``confidence``, ``start`` and ``end`` (the views and the exports read them there).

``pg_schema()`` gives the labels, their typed properties and the relationship types with their
endpoint labels; the Ladybug DDL and the Neo4j constraints are generated from it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from operator import itemgetter

from kg.rdf.export import _fmt
from kg.rdf.graph import BuiltGraph, Provenance, as_built
from kg.rdf.reference import RULE as REFERENCE_RULE
from kg.rdf.reference import reference_iri
from kg.schema import KGR, load_schema

# property name → type ("STRING", "STRING[]", "INT64", "DOUBLE") per node label
ENTITY_PROPS = {"iri": "STRING", "name": "STRING", "aliases": "STRING[]", "category": "STRING",
                "code": "STRING", "date": "STRING", "doc_type": "STRING", "docs": "STRING[]"}
DOCUMENT_PROPS = {"iri": "STRING", "name": "STRING", "encoding": "STRING"}
OBSERVATION_PROPS = {"iri": "STRING", "metric": "STRING", "value": "DOUBLE", "value_text": "STRING",
                     "unit": "STRING", "year": "INT64", "kind": "STRING", "evidence": "STRING", "doc": "STRING",
                     "rule": "STRING", "confidence": "DOUBLE"}
ASSERTION_PROPS = {"iri": "STRING", "sentence": "STRING", "rule": "STRING", "confidence": "DOUBLE",
                   "start": "INT64", "end": "INT64"}
SENTENCE_PROPS = {"iri": "STRING", "text": "STRING", "doc": "STRING"}
PROVENANCE_LABELS = ("Assertion", "Sentence")  # node tables of the provenance records (kg:graphLabel)
EDGE_PROPS = {"aid": "STRING"}  # stored on every relationship; the rest of its provenance: ASSERTION_PROPS
# the relationship rows' in-memory provenance (PropertyGraph.rels), for the views and the exports
ROW_PROVENANCE = {"evidence": "STRING", "doc": "STRING", "rule": "STRING", "confidence": "DOUBLE",
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
    labels = (schema.classes["Assertion"].graph_label, schema.classes["Sentence"].graph_label)
    if labels != PROVENANCE_LABELS:
        raise ValueError(f"the ontology's graph labels of kg:Assertion and kg:Sentence are {labels}, "
                         f"the projection writes {PROVENANCE_LABELS}")
    nodes[labels[0]] = dict(ASSERTION_PROPS)
    nodes[labels[1]] = dict(SENTENCE_PROPS)
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

    def __post_init__(self) -> None:
        """A graph made by hand (tests, benchmarks) gets its Assertion and Sentence rows here."""
        if any(self.rels.values()) and not self.nodes.get("Assertion"):
            self.nodes.update(provenance_nodes(self.rels))

    def rels_by_pair(self, rtype: str) -> dict[tuple[str, str], list[dict]]:
        """The relationships of one type grouped by (source label, target label), in row order:
        each group is loaded with its own statement or COPY."""
        rows = self.rels.get(rtype, [])
        pairs = list(map(itemgetter("src_label", "dst_label"), rows))
        if len(set(pairs)) == 1:
            return {pairs[0]: list(rows)}
        out: dict[tuple[str, str], list[dict]] = {}
        for pair, r in zip(pairs, rows, strict=True):
            out.setdefault(pair, []).append(r)
        return out

    def counts(self) -> dict[str, int]:
        out = {f"node:{k}": len(v) for k, v in self.nodes.items()}
        out.update({f"rel:{k}": len(v) for k, v in self.rels.items()})
        return out


def project(g) -> PropertyGraph:
    """Project a built graph (:class:`kg.rdf.graph.BuiltGraph`, or an rdflib graph) into labelled
    nodes and typed relationships (sorted rows).

    The result is kept on the graph object while the graph is unchanged, so the build stages
    that need it (database, views) compute it once."""
    cached = getattr(g, "_kg_projection", None)
    if cached is not None and cached[0] == len(g):
        return cached[1]
    pg = _project(as_built(g))
    g._kg_projection = (len(g), pg)  # type: ignore[attr-defined]
    return pg


def _project(bg: BuiltGraph) -> PropertyGraph:
    schema = load_schema()
    pgs = pg_schema()
    label_of = {name: schema.classes[name].graph_label for name in schema.entity_classes}
    nodes: dict[str, list[dict]] = {label: [] for label in pgs.node_props}
    rels: dict[str, list[dict]] = {t: [] for t in pgs.rel_endpoints}
    files = {iri: d.name for iri, d in bg.documents.items()}
    node_label: dict[str, str] = {}
    for iri, e in bg.entities.items():
        label = label_of[e.type]
        node_label[iri] = label
        nodes[label].append({
            "iri": iri, "name": e.name, "aliases": list(e.aliases), "category": e.category, "code": e.code,
            "date": e.date, "doc_type": e.doc_type, "docs": sorted(files[d] for d in e.docs),
        })
    for iri, d in bg.documents.items():
        node_label[iri] = "Document"
        nodes["Document"].append({"iri": iri, "name": d.name, "encoding": d.encoding})
    types = {str(schema.relations[p].iri): schema.relations[p].graph_type
             for p in [*schema.core_relations, "mentionedIn"]}
    for aid, a in bg.assertions.items():
        rtype = types.get(a.predicate)
        if rtype is None or a.literal or a.subject not in node_label or a.object not in node_label:
            continue
        doc, text = bg.evidence(a.prov)
        rels[rtype].append({
            "src": a.subject, "dst": a.object, "src_label": node_label[a.subject], "dst_label": node_label[a.object],
            "aid": aid, "sentence": _sentence(bg, a.prov), "evidence": text, "doc": doc, **_prov(a.prov),
        })
    located = schema.relations["locatedIn"].graph_type
    for s, o in bg.references:  # the division data's locatedIn (kg/rdf/reference.py): no sentence
        if s in node_label and o in node_label:
            rels[located].append({"src": s, "dst": o, "src_label": node_label[s], "dst_label": node_label[o],
                                  "aid": reference_iri(s, o), "sentence": "", "evidence": "", "doc": "",
                                  "rule": REFERENCE_RULE, "confidence": 1.0, "start": 0, "end": 0})
    about = schema.relations["subject"].graph_type
    for iri, ob in bg.observations.items():
        doc, text = bg.evidence(ob.prov)
        prov = _prov(ob.prov)
        nodes["Observation"].append({
            "iri": iri, "metric": ob.metric, "value": float(ob.value), "value_text": _fmt(ob.value),
            "unit": ob.unit, "year": int(ob.year), "kind": ob.kind, "evidence": text, "doc": doc,
            "rule": prov["rule"], "confidence": prov["confidence"],
        })
        if ob.subject in node_label:
            aid = about_aid(iri)
            rels[about].append({
                "src": iri, "dst": ob.subject, "src_label": "Observation", "dst_label": node_label[ob.subject],
                "aid": aid, "sentence": _sentence(bg, ob.prov), "evidence": text, "doc": doc, **prov,
            })
    for rows in rels.values():
        rows.sort(key=lambda r: (r["src"], r["dst"], r["aid"]))
    nodes.update(provenance_nodes(rels))
    for rows in nodes.values():
        rows.sort(key=lambda r: r["iri"])
    return PropertyGraph(nodes=nodes, rels=rels)


def _sentence(bg: BuiltGraph, p: Provenance) -> str:
    return p.sentence if p.sentence in bg.sentences else ""


def sentence_key(doc: str, text: str) -> str:
    """A stable IRI for a sentence known only by its file and text (hand-made graphs)."""
    if not text:
        return ""
    digest = hashlib.sha1((doc + "\x1f" + text).encode()).hexdigest()[:16]
    return str(KGR[f"sentence/{digest}"])


def provenance_nodes(rels: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The ``Assertion`` rows (one per relationship, keyed by its ``aid``) and the ``Sentence`` rows
    (one per sentence cited, however many facts cite it) of relationship rows, sorted by IRI.
    A row's ``sentence`` names its sentence; rows without one (hand-made graphs) get a key
    from their ``doc`` and ``evidence``."""
    assertions: list[dict] = []
    sentences: dict[str, dict] = {}
    for rows in rels.values():
        for r in rows:
            sentence = r.get("sentence")
            if sentence is None:
                sentence = sentence_key(r.get("doc") or "", r.get("evidence") or "")
            if sentence and sentence not in sentences:
                sentences[sentence] = {"iri": sentence, "text": r.get("evidence") or "", "doc": r.get("doc") or ""}
            assertions.append({"iri": r["aid"], "sentence": sentence, "rule": r.get("rule"),
                               "confidence": r.get("confidence"), "start": r.get("start"), "end": r.get("end")})
    assertions.sort(key=lambda a: a["iri"])
    return {"Assertion": assertions, "Sentence": sorted(sentences.values(), key=lambda x: x["iri"])}


def about_aid(observation: str) -> str:
    """The key of an observation's ``ABOUT`` relationship (not the observation's own IRI: every
    node of the graph, Assertion nodes too, has an IRI of its own)."""
    return f"{observation}/about"


def _prov(p: Provenance) -> dict:
    return {"rule": p.rule, "confidence": float(p.confidence), "start": p.start, "end": p.end}
