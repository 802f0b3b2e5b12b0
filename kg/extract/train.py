"""Train a model folder from annotated passages: ``kg train GOLD.jsonl... --corpus DIR... -o MODEL_DIR``.

1. Every gold document is read by the per-document stage with the rules alone (sentences, tokens,
   the recognizers' candidate mentions).
2. The sentences inside a gold passage are aligned with its entity names (:mod:`kg.extract.gold`);
   sentences outside every passage are not used (they are not annotated, so not negatives).
3. The mention CRF learns BIO labels per character; the relation classifier learns, for every
   ordered pair of gold mentions in a sentence that the ontology lets relate, the gold predicate
   or ``none``.

Training is deterministic: documents in name order, fixed crfsuite parameters, one thread.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.extract import mentions as M
from kg.extract.document import DocumentReading, read_document
from kg.extract.features import CONTEXT_RULE
from kg.extract.gold import AlignedSentence, Passage, align, norm, read_gold
from kg.extract.learned import FORMAT, NONE, encode_bio
from kg.extract.relations import RULES, SentenceContext
from kg.model import Document, Mention
from kg.schema import load_schema

Say = Callable[[str], None]
# max_iterations 300 rather than 150: cross-validated macro F1 0.735 → 0.738 (scripts/crossval.py --params)
MENTION_PARAMS = {"c1": 0.02, "c2": 0.1, "max_iterations": 300, "feature.possible_transitions": True}
RELATION_PARAMS = {"c1": 0.05, "c2": 0.5, "max_iterations": 150}


@dataclass
class TrainingSet:
    """Gold passages and the documents they annotate, read once."""

    readings: dict[str, DocumentReading]
    aligned: dict[str, list[AlignedSentence]]


def load_training(passages: list[Passage], documents: dict[str, Document], say: Say | None = None) -> TrainingSet:
    """Read and align every document that has gold passages (documents missing from the corpus are an error)."""
    say = say or (lambda _m: None)
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.doc, []).append(p)
    missing = sorted(set(by_doc) - set(documents))
    if missing:
        raise FileNotFoundError(f"gold names documents not in the corpus folders: {', '.join(missing[:5])}")
    readings, aligned = {}, {}
    for n, name in enumerate(sorted(by_doc), 1):
        readings[name] = read_document(documents[name])
        aligned[name] = align(documents[name], readings[name].sentences, by_doc[name])
        if n % 10 == 0 or n == len(by_doc):
            say(f"read and aligned {n}/{len(by_doc)} annotated documents")
    return TrainingSet(readings, aligned)


def mention_examples(ts: TrainingSet, docs: Iterable[str], rule_features: bool = True):
    from kg.extract.features import char_features

    for name in docs:
        r = ts.readings[name]
        for a in ts.aligned[name]:
            i = a.sentence.index
            found = r.mentions[i] if rule_features else []
            feats = char_features(a.sentence.text, r.tokens[i], found, M.select(list(found)))
            yield feats, encode_bio(len(a.sentence.text), [(s.start, s.end, s.type) for s in a.spans])


def gold_mentions(a: AlignedSentence, found: list[Mention]) -> list[Mention]:
    """The gold spans of a sentence as mentions, carrying the rule, key and code of a recognizer's
    mention of the same span (so that the relation rules see what they see at run time)."""
    by_span = {(m.start, m.end): m for m in found}
    out = []
    for s in a.spans:
        twin = by_span.get((s.start, s.end))
        out.append(Mention(a.sentence.text[s.start:s.end], s.type, s.start, s.end,
                           twin.rule if twin else "gold", key=twin.key if twin else "",
                           code=twin.code if twin else "", category=twin.category if twin else "",
                           entity=s.key))
    return out


PLACE_TYPES = ("Province", "City", "County", "Region", "Zone")


def with_context(mentions: list[Mention], previous: Mention | None) -> list[Mention]:
    """The sentence's mentions plus, first, the place or zone an earlier sentence named (when this
    sentence does not name it itself): the subject a sentence such as 该集群以某某为龙头 leaves out."""
    if previous is None or any(m.entity == previous.entity for m in mentions):
        return mentions
    return [Mention(previous.text, previous.type, -1, -1, CONTEXT_RULE, key=previous.key, code=previous.code,
                    entity=previous.entity)] + mentions


@functools.lru_cache(maxsize=1)
def allowed_type_pairs() -> frozenset[tuple[str, str]]:
    """(subject class, object class) pairs that some predicate of the ontology admits."""
    schema = load_schema()
    classes = list(schema.entity_classes)
    return frozenset((a, b) for a in classes for b in classes
                     if any(schema.allowed(p, a, b) for p in schema.relations))


def candidate_pairs(mentions: list[Mention], type_of: Callable[[Mention], str]):
    """Ordered pairs of distinct entities that some predicate of the ontology admits."""
    allowed = allowed_type_pairs()
    for i, x in enumerate(mentions):
        for j, y in enumerate(mentions):
            if i == j or not x.entity or not y.entity or x.entity == y.entity:
                continue
            nested = [m for m in (x, y) if m.rule.startswith("nested")]
            if nested:  # a place nested in a zone's name relates to that zone only
                n, other = (x, y) if nested[0] is x else (y, x)
                if len(nested) == 2 or not (other.start <= n.start and n.end <= other.end):
                    continue
            tx, ty = type_of(x), type_of(y)
            if (tx, ty) in allowed:
                yield i, j


def rule_hits(ctx: SentenceContext) -> dict[tuple[int, int, int, int], list[str]]:
    """(x span, y span) → the relation rules that proposed x→y, as ``predicate:rule`` strings."""
    hits: dict[tuple[int, int, int, int], list[str]] = {}
    for fn in RULES.values():
        for subj, pred, obj, rule_name, _conf in fn(ctx):
            hits.setdefault((subj.start, subj.end, obj.start, obj.end), []).extend([pred, f"{pred}:{rule_name}"])
    return hits


def relation_examples(ts: TrainingSet, docs: Iterable[str], rule_features: bool = True):
    from kg.extract.features import pair_features
    from kg.extract.pipeline import names_within

    for name in docs:
        r = ts.readings[name]
        last_place: tuple[Passage, Mention] | None = None
        for a in ts.aligned[name]:
            forms: dict[str, str] = {}
            for key, (_t, fs) in a.passage.names().items():
                for f in fs:
                    forms.setdefault(f, key)
            gold = {(forms.get(norm(g["s"]), norm(g["s"])), g["p"], forms.get(norm(g["o"]), norm(g["o"])))
                    for g in a.passage.relations}
            i = a.sentence.index
            ms = gold_mentions(a, r.mentions[i])
            nested = names_within(ms)
            for m in nested:
                m.entity = forms.get(norm(m.name), forms.get(norm(m.text), ""))
            ms = sorted(ms + nested, key=lambda m: m.start)
            previous = last_place[1] if last_place and last_place[0] is a.passage else None
            places = [m for m in ms if m.type in PLACE_TYPES and not m.rule.startswith("nested")]
            if places:
                last_place = (a.passage, places[-1])
            ms = with_context(ms, previous)
            ctx = SentenceContext(a.sentence.text, ms)
            hits = rule_hits(ctx) if rule_features else {}
            for xi, yi in candidate_pairs(ms, lambda m: m.type):
                x, y = ms[xi], ms[yi]
                label = next((p for (s, p, o) in sorted(gold) if s == x.entity and o == y.entity), NONE)
                feats = pair_features(a.sentence.text, r.tokens[i], x, y, ms,
                                      hits.get((x.start, x.end, y.start, y.end), []))
                yield [feats], [label]


def _fit(trainer_params: dict, examples, path: Path) -> int:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for xseq, yseq in examples:
        trainer.append(xseq, yseq)
        n += 1
    trainer.set_params(trainer_params)
    trainer.train(str(path))
    return n


def fingerprint(folder: Path) -> str:
    h = hashlib.sha256()
    for name in ("mentions.crfsuite", "relations.crfsuite"):
        f = folder / name
        if f.is_file():
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


# A rule's span the CRF left out is kept when the CRF's mean in-mention probability over it reaches
# this: chosen by document-level 5-fold cross-validation (scripts/crossval.py --span-thresholds
# 1.0,0.5,0.3,0.15: entity recall 0.739 → 0.751 at precision 0.862 → 0.855, relations F1 +0.01).
SPAN_THRESHOLD = 0.15
# A pair is related when its predicate's probability reaches this: chosen by the same cross-validation
# (--thresholds 0.4,…,0.9, session 5: relations F1 0.505 at 0.5, 0.538 at 0.7, 0.537 at 0.8, 0.525 at
# 0.9; precision 0.53 → 0.62 at 0.7).
RELATION_THRESHOLD = 0.7


def train_model(ts: TrainingSet, docs: list[str], out: Path, relation_threshold: float = RELATION_THRESHOLD,
                say: Say | None = None, sources: list[str] | None = None, rule_features: bool = True) -> dict:
    """Train both models on the gold of ``docs`` into the folder ``out`` (replaced whole)."""
    say = say or (lambda _m: None)
    out = Path(out)
    tmp = Path(tempfile.mkdtemp(prefix=out.name + ".", dir=out.parent if out.parent.exists() else None))
    try:
        say(f"training the mention model on {len(docs)} documents")
        n_sent = _fit(MENTION_PARAMS, mention_examples(ts, docs, rule_features), tmp / "mentions.crfsuite")
        say(f"training the relation model ({n_sent} sentences)")
        n_pairs = _fit(RELATION_PARAMS, relation_examples(ts, docs, rule_features), tmp / "relations.crfsuite")
        meta = {"format": FORMAT, "relation_threshold": relation_threshold, "span_threshold": SPAN_THRESHOLD,
                "documents": len(docs),
                "sentences": n_sent, "pairs": n_pairs, "rule_features": rule_features, "sources": sorted(sources or []),
                "fingerprint": fingerprint(tmp)}
        (tmp / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                        encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return meta


def train_from_files(gold_files: list[Path], corpus_dirs: list[Path], out: Path, say: Say | None = None,
                     relation_threshold: float = RELATION_THRESHOLD) -> dict:
    """``kg train``: gold JSONL files and the corpus folders holding their documents → a model folder."""
    from kg.ingest.loader import load_corpus

    schema = load_schema()
    passages = []
    for f in gold_files:
        passages += read_gold(f, set(schema.entity_classes))
    documents: dict[str, Document] = {}
    for d in corpus_dirs:
        for doc in load_corpus(Path(d)):
            documents.setdefault(doc.name, doc)
    ts = load_training(passages, documents, say)
    return train_model(ts, sorted(ts.readings), out, relation_threshold, say,
                       sources=[Path(f).name for f in gold_files])
