"""The ontology, read once: classes, properties, labels, domains, ranges and export columns.

Everything that needs a list of terms (SHACL shapes, database DDL, Neo4j constraints, CSV
columns, the extractor's class names) asks this module instead of keeping its own list.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

KG = Namespace("https://w3id.org/kg-henan/ontology#")
KGR = Namespace("https://w3id.org/kg-henan/id/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")


def ontology_path() -> Path:
    """Path of the ontology's Turtle file (shipped inside the package as ``kg/ontology``)."""
    here = Path(__file__).resolve().parent
    packaged = here / "ontology" / "kg.ttl"  # in a wheel: kg/ontology
    return packaged if packaged.is_file() else here.parent / "ontology" / "kg.ttl"


@dataclass(frozen=True)
class ClassInfo:
    name: str
    iri: URIRef
    label_zh: str
    label_en: str
    comment: str
    parents: tuple[str, ...]
    core: bool
    graph_label: str | None


@dataclass(frozen=True)
class PropertyInfo:
    name: str
    iri: URIRef
    label_zh: str
    label_en: str
    comment: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    core: bool
    graph_type: str | None
    datatype: str | None = None


@dataclass
class Schema:
    graph: Graph
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    relations: dict[str, PropertyInfo] = field(default_factory=dict)
    attributes: dict[str, PropertyInfo] = field(default_factory=dict)
    export_columns: dict[str, list[str]] = field(default_factory=dict)

    # -- class hierarchy -------------------------------------------------------------
    def ancestors(self, name: str) -> list[str]:
        """``name`` and all its superclasses inside the ontology, nearest first."""
        out, todo = [], [name]
        while todo:
            c = todo.pop(0)
            if c in out or c not in self.classes:
                continue
            out.append(c)
            todo.extend(self.classes[c].parents)
        return out

    def leaves(self, name: str) -> list[str]:
        """The concrete (graph-labelled) classes at or below ``name``, in ontology order."""
        cache = self.__dict__.setdefault("_leaves", {})
        if name not in cache:
            cache[name] = [c for c, info in self.classes.items() if info.graph_label and name in self.ancestors(c)]
        return cache[name]

    @property
    def entity_classes(self) -> list[str]:
        """Classes whose instances are extracted entities (the contract's core classes)."""
        return [c for c, info in self.classes.items() if info.core]

    @property
    def core_relations(self) -> list[str]:
        return [p for p, info in self.relations.items() if info.core]

    def allowed(self, predicate: str, subject_type: str, object_type: str) -> bool:
        """True when the ontology's domain and range admit this typed triple."""
        info = self.relations[predicate]
        dom = {leaf for d in info.domain for leaf in self.leaves(d)}
        rng = {leaf for r in info.range for leaf in self.leaves(r)}
        return subject_type in dom and object_type in rng


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _text(g: Graph, s: URIRef, p: URIRef, lang: str | None = None) -> str:
    for o in g.objects(s, p):
        if isinstance(o, Literal) and (lang is None or o.language == lang):
            return str(o)
    return ""


def _classes_of(g: Graph, node) -> tuple[str, ...]:
    """A class or an owl:unionOf list, as local names."""
    if node is None:
        return ()
    union = g.value(node, OWL.unionOf)
    if union is not None:
        return tuple(_local(c) for c in Collection(g, union))
    return (_local(node),)


@functools.lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Parse the ontology and index its terms. Cached: the ontology is read once a process."""
    g = Graph()
    g.parse(ontology_path(), format="turtle")
    schema = Schema(graph=g)
    for c in g.subjects(RDF.type, OWL.Class):
        if not isinstance(c, URIRef) or not str(c).startswith(str(KG)):
            continue
        name = _local(c)
        if name == "ExportFile":
            continue
        schema.classes[name] = ClassInfo(
            name=name, iri=c,
            label_zh=_text(g, c, RDFS.label, "zh"), label_en=_text(g, c, RDFS.label, "en"),
            comment=_text(g, c, RDFS.comment),
            parents=tuple(_local(p) for p in g.objects(c, RDFS.subClassOf)
                          if isinstance(p, URIRef) and str(p).startswith(str(KG))),
            core=bool(g.value(c, KG.core)),
            graph_label=_text(g, c, KG.graphLabel) or None,
        )
    for kind, target in ((OWL.ObjectProperty, schema.relations), (OWL.DatatypeProperty, schema.attributes)):
        for p in g.subjects(RDF.type, kind):
            if not str(p).startswith(str(KG)) or p == KG.columns:
                continue
            rng = g.value(p, RDFS.range)
            target[_local(p)] = PropertyInfo(
                name=_local(p), iri=p,
                label_zh=_text(g, p, RDFS.label, "zh"), label_en=_text(g, p, RDFS.label, "en"),
                comment=_text(g, p, RDFS.comment),
                domain=_classes_of(g, g.value(p, RDFS.domain)),
                range=_classes_of(g, rng),
                core=bool(g.value(p, KG.core)),
                graph_type=_text(g, p, KG.graphType) or None,
                datatype=_local(rng) if kind == OWL.DatatypeProperty and rng is not None else None,
            )
    for f in g.subjects(RDF.type, KG.ExportFile):
        schema.export_columns[_text(g, f, RDFS.label)] = _text(g, f, KG.columns).split(",")
    # deterministic order: sort by name, core classes first in ontology file order is not kept by rdflib
    schema.classes = dict(sorted(schema.classes.items()))
    schema.relations = dict(sorted(schema.relations.items()))
    schema.attributes = dict(sorted(schema.attributes.items()))
    return schema
