"""Plain data passed between the stages: documents, sentences, mentions, entities and facts.

Every stage takes and returns these, so a test can build a stage's input by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    """A decoded and normalized corpus file.

    ``offsets[i]`` is the character offset in ``raw`` of ``text[i]``; ``offsets`` has one extra
    entry at the end (``len(raw)``) so that an end offset maps too.
    """

    name: str
    raw: str
    encoding: str
    text: str
    offsets: list[int]
    # what reading the file had to repair: replacement_characters, first_bad_byte, control_characters
    repairs: dict[str, int] = field(default_factory=dict)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the normalized text back to the raw text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass
class Sentence:
    """A sentence of a document: ``text == doc.text[start:end]``."""

    doc: str
    index: int
    text: str
    start: int
    end: int


@dataclass
class Mention:
    """A span of a sentence recognized as naming something of a core class.

    ``start``/``end`` are offsets within the sentence. ``key`` is the canonical name the
    recognizer proposes (a full division name for a short place name, say); ``code`` an
    administrative division code where one is known.
    """

    text: str
    type: str
    start: int
    end: int
    rule: str
    key: str = ""
    code: str = ""
    category: str = ""
    entity: str = ""  # IRI, filled by the resolver

    @property
    def name(self) -> str:
        return self.key or self.text


@dataclass
class Entity:
    """A canonical entity: one real thing, however many mentions name it."""

    iri: str
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    category: str = ""
    docs: set[str] = field(default_factory=set)
    code: str = ""
    # policy documents only
    date: str = ""
    doc_type: str = ""


@dataclass
class Evidence:
    """Where a fact was read: the document, the sentence and the span within the document's
    normalized text, the rule that made it and a confidence."""

    doc: str
    sentence: int
    text: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass
class Relation:
    subject: str  # IRI
    predicate: str  # local name of an ontology object property
    object: str  # IRI
    evidence: Evidence


@dataclass
class Observation:
    subject: str  # IRI
    metric: str
    value: str  # the number as written, Chinese numerals converted
    unit: str
    year: int
    kind: str  # actual | target
    evidence: Evidence


@dataclass
class PolicyFact:
    """The date and issuers of a policy document as one sentence states them."""

    policy: str  # IRI
    date: str
    issuers: list[str]  # IRIs
    evidence: Evidence


@dataclass
class Extraction:
    """Everything the extractor read from a corpus."""

    documents: list[Document] = field(default_factory=list)
    sentences: dict[str, list[Sentence]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    policies: list[PolicyFact] = field(default_factory=list)
    # (entity IRI, document) → where the document first names the entity (the entity's evidence there)
    first_mentions: dict[tuple[str, str], Evidence] = field(default_factory=dict)
    # (document, sentence index) of a 关于…的通知 line → (the issuing body's mention, the issuer line above)
    issuer_lines: dict[tuple[str, int], tuple[Mention, Sentence]] = field(default_factory=dict)
