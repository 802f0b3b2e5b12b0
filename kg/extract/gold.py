"""Annotated passages (the gold format of ``../shared/eval/README.md``) aligned to sentences.

A gold line names entities, relations, observations and policies of a passage, not spans. The
aligner finds which sentences of the normalized document lie inside each passage and where the
entity names and aliases stand in them (longest first, never overlapping), which gives the
character labels the mention model learns from and the mention pairs the relation model learns from.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Document, Sentence

# the scorer's normalization: NFKC, no spaces or quote marks, lower case
_STRIP = re.compile(r"[\s\u3000《》〈〉「」『』“”‘’\"'`·•・]")
_REQUIRED = {"doc": str, "passage": str}
_LISTS = ("entities", "relations", "observations", "policies")


class GoldError(ValueError):
    """A gold file or line that cannot be read; the message names the file and line."""


def norm(text: str) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFKC", text or "")).lower()


@dataclass
class Passage:
    """One gold line."""

    doc: str
    passage: str
    entities: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    policies: list[dict] = field(default_factory=list)
    line: int = 0

    def names(self) -> dict[str, tuple[str, set[str]]]:
        """Normalized canonical name → (type, every normalized form)."""
        out = {}
        for e in self.entities:
            forms = {norm(e["name"])} | {norm(a) for a in e.get("aliases", [])}
            out[norm(e["name"])] = (e["type"], forms - {""})
        return out


def read_gold(path: Path, entity_types: set[str] | None = None) -> list[Passage]:
    """Read a gold JSONL file, checking every line; a bad line raises :class:`GoldError`."""
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise GoldError(f"{where}: a gold line is a JSON object")
        for key, kind in _REQUIRED.items():
            if not isinstance(obj.get(key), kind) or not obj[key].strip():
                raise GoldError(f"{where}: missing or empty '{key}'")
        for key in _LISTS:
            if not isinstance(obj.get(key, []), list):
                raise GoldError(f"{where}: '{key}' must be a list")
        for e in obj.get("entities", []):
            if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not isinstance(e.get("type"), str):
                raise GoldError(f"{where}: every entity needs a 'type' and a 'name'")
            if entity_types is not None and e["type"] not in entity_types:
                raise GoldError(f"{where}: unknown entity type '{e['type']}'")
        for r in obj.get("relations", []):
            if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("s", "p", "o")):
                raise GoldError(f"{where}: every relation needs 's', 'p' and 'o'")
        out.append(Passage(obj["doc"], obj["passage"], *(obj.get(k, []) for k in _LISTS), line=n))
    return out


@dataclass
class Span:
    """A gold entity found in a sentence: ``[start, end)`` of the sentence's text."""

    start: int
    end: int
    type: str
    key: str  # the normalized canonical name of the gold entity


@dataclass
class AlignedSentence:
    sentence: Sentence
    passage: Passage
    spans: list[Span]


def _norm_map(text: str) -> tuple[str, list[int]]:
    """The normalized text and, for each of its characters, the index of the source character."""
    out, index = [], []
    for i, ch in enumerate(text):
        for c in norm(ch):
            out.append(c)
            index.append(i)
    return "".join(out), index


def align(doc: Document, sentences: list[Sentence], passages: list[Passage]) -> list[AlignedSentence]:
    """The sentences of ``doc`` that lie inside one of its ``passages``, with the gold spans in them."""
    texts = [(p, norm(p.passage)) for p in passages]
    out = []
    for s in sentences:
        ns, index = _norm_map(s.text)
        if not ns:
            continue
        owner = next((p for p, t in texts if ns in t), None)
        if owner is None:
            continue
        forms = sorted(((f, key, type_) for key, (type_, fs) in owner.names().items() for f in fs if len(f) > 1),
                       key=lambda x: (-len(x[0]), x[0]))
        used = [False] * len(ns)
        spans = []
        for form, key, type_ in forms:
            for m in re.finditer(re.escape(form), ns):
                a, b = m.start(), m.end()
                if any(used[a:b]):
                    continue
                for i in range(a, b):
                    used[i] = True
                spans.append(Span(index[a], index[b - 1] + 1, type_, key))
        spans.sort(key=lambda sp: sp.start)
        out.append(AlignedSentence(s, owner, spans))
    return out
