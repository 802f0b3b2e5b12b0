"""The trained models: which spans are mentions (and of which class), which mention pairs are related.

A model folder holds ``model.json`` (format version, labels, thresholds, what it was trained on)
and two crfsuite files (crfsuite's own binary format: loading one runs no code):

- ``mentions.crfsuite``: a linear-chain CRF over the characters of a sentence, BIO labels per
  core class, reading the features of :func:`kg.extract.features.char_features`;
- ``relations.crfsuite``: a maximum-entropy classifier (a CRF over one-item sequences) over the
  ordered mention pairs of a sentence, labels the ontology's predicates and ``none``.

The default model ships in the package (``kg/data/model``) and is made by
``scripts/train_model.py``; ``kg train`` makes one from a team's own annotations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.extract import mentions as M
from kg.extract.crf import CrfFileError, CrfWeights
from kg.extract.features import CharFeatureIds
from kg.model import Mention

FORMAT = 1  # bump when features or files change: an older model folder is refused, not misread
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "data" / "model"
NONE = "none"


class ModelError(ValueError):
    """A model folder that is missing, incomplete or from another version of kg."""


def decode_bio(labels: list[str]) -> list[tuple[int, int, str]]:
    """BIO labels → (start, end, type) spans; an I- without its B- opens a span."""
    out, start, kind = [], None, None
    for i, lab in enumerate(labels + ["O"]):
        if lab == "O":  # most characters: close the open span, if any
            if start is not None:
                out.append((start, i, kind))
                start = kind = None
            continue
        tag, _, t = lab.partition("-")
        if start is not None and (tag != "I" or t != kind):
            out.append((start, i, kind))
            start = kind = None
        if tag == "B" or (tag == "I" and start is None):
            start, kind = i, t
    return out


def encode_bio(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * n
    for a, b, t in spans:
        labels[a] = f"B-{t}"
        for i in range(a + 1, b):
            labels[i] = f"I-{t}"
    return labels


_PASS_THROUGH = ("pattern.headline_issuer",)  # nested inside a title on purpose, kept as the rules say


@dataclass
class Model:
    """A loaded model folder."""

    path: Path
    meta: dict
    mention_model: CrfWeights
    relation_model: CrfWeights | None
    char_ids: CharFeatureIds

    @property
    def rule_features(self) -> bool:
        """False for a model trained without the rules' outputs as features (the ablation)."""
        return bool(self.meta.get("rule_features", True))

    @property
    def relation_threshold(self) -> float:
        return float(self.meta.get("relation_threshold", 0.5))

    @property
    def identity(self) -> str:
        """A short fingerprint of the model's files (for caches keyed by model)."""
        return self.meta.get("fingerprint", "")

    # -- mentions
    def decide(self, view: M.SentenceView, found: list[Mention]) -> list[Mention]:
        """The mentions of a sentence: the CRF's spans, carrying the rules' key, code and category
        where a recognizer proposed the same span."""
        return self.decide_all([view], [found])[0]

    def decide_all(self, views: list[M.SentenceView], founds: list[list[Mention]]) -> list[list[Mention]]:
        """:meth:`decide` for many sentences, the CRF run on all of them at once (same result)."""
        selected = [M.select(list(found)) for found in founds]
        crf = self.mention_model
        rows = [(v.text, v.tokens, f, s) if self.rule_features else (v.text, v.tokens, [], [])
                for v, f, s in zip(views, founds, selected, strict=True)]
        ids, mark_rows, mark_ids, firsts = self.char_ids.ids(rows)
        scores = crf.scores(ids, mark_rows, mark_ids)
        per_sentence = [scores[first:first + len(v.text)] for v, first in zip(views, firsts, strict=True)]
        paths = crf.viterbi(per_sentence)
        outs, wanted = [], []
        for k, (view, found, sel, path) in enumerate(zip(views, founds, selected, paths, strict=True)):
            out = self._decided(view.text, found, sel, [crf.labels[y] for y in path]) if view.text else []
            outs.append(out)
            if view.text and self.rule_features and self.span_threshold < 1.0 and self._undecided(sel, out):
                wanted.append(k)
        if wanted:  # the marginals only of the sentences with a rule's span left to judge
            outside = crf.labels.index("O")
            for k, probs in zip(wanted, crf.marginals([per_sentence[k] for k in wanted]), strict=True):
                outs[k] += self._kept_candidates(self._undecided(selected[k], outs[k]), probs[:, outside])
        return outs

    def _decided(self, text: str, found: list[Mention], selected: list[Mention], labels: list[str]) -> list[Mention]:
        by_span: dict[tuple[int, int], list[Mention]] = {}
        for m in found:
            by_span.setdefault((m.start, m.end), []).append(m)
        out = [m for m in found if m.rule in _PASS_THROUGH]
        # policy titles stay the rules' call: 《》, headlines and plan names are patterns the rules
        # read precisely, and a learned span over a title cuts it
        titles = [m for m in selected if m.type == "PolicyDocument"]
        out += titles
        for a, b, t in decode_bio(labels):
            if t == "PolicyDocument" or any(a < m.end and m.start < b for m in titles):
                continue
            same = by_span.get((a, b), [])
            match = next((m for m in same if m.type == t), None) or next(
                (m for m in same if _group(m.type) == _group(t)), None)
            if match is not None:
                out.append(match)
            else:
                out.append(Mention(text[a:b], t, a, b, "learned.crf"))
        return out

    @staticmethod
    def _undecided(selected: list[Mention], decided: list[Mention]) -> list[Mention]:
        """The rules' selected spans (not titles) that the CRF left out and nothing decided overlaps."""
        return [m for m in selected
                if m.type != "PolicyDocument" and m.rule not in _PASS_THROUGH and m.start >= 0
                and not any(m.start < d.end and d.start < m.end for d in decided)]

    def _kept_candidates(self, undecided: list[Mention], outside) -> list[Mention]:
        """The spans of ``undecided`` the CRF did not rule out: over the span's characters, the
        CRF's mean probability of being inside some mention (1 - the marginal of ``O``, given per
        character in ``outside``) is at least ``span_threshold``."""
        kept = []
        for m in undecided:
            out = sum(float(outside[t]) for t in range(m.start, m.end))
            if 1.0 - out / (m.end - m.start) >= self.span_threshold:
                kept.append(m)
        return kept

    # -- relations
    def pair_probabilities(self, instances: list[list[str]]) -> list[dict[str, float]]:
        """The probability of every label (predicates and ``none``) for each pair's features."""
        crf = self.relation_model
        if crf is None:
            return [{} for _ in instances]
        if not instances:
            return []
        get, missing = crf.attributes.get, crf.missing
        width = max(1, max(len(f) for f in instances))
        flat: list[int] = []
        for feats in instances:  # one row of ids per pair, padded with the all-zero row
            flat += [get(a, missing) for a in feats]
            flat += [missing] * (width - len(feats))
        ids = np.array(flat, dtype=np.intp).reshape(len(instances), width)
        labels = crf.labels
        return [dict(zip(labels, p, strict=True)) for p in crf.one_item_marginals(ids).tolist()]

    @property
    def span_threshold(self) -> float:
        """Mean in-mention probability at which a rule's span the CRF left out is kept (1: never)."""
        return float(self.meta.get("span_threshold", 1.0))

    @property
    def rule_threshold(self) -> float:
        """Probability below which the model overrules a relation a rule proposed."""
        return float(self.meta.get("rule_threshold", 0.0))


_GROUPS = {"Province": "place", "City": "place", "County": "place", "Region": "place",
           "Industry": "sector", "IndustryChain": "sector", "IndustryCluster": "sector",
           "Zone": "body", "InnovationPlatform": "body", "Organization": "body"}


def _group(t: str) -> str:
    return _GROUPS.get(t, t)


def load_model(path: Path | str | None = None) -> Model:
    """Open a model folder (default: the model shipped with kg)."""
    folder = Path(path) if path else DEFAULT_MODEL
    meta_path = folder / "model.json"
    if not meta_path.is_file():
        raise ModelError(f"not a kg model folder (no model.json): {folder}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"unreadable model.json in {folder}: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        found = meta.get("format") if isinstance(meta, dict) else None
        raise ModelError(f"model in {folder} has format {found!r}, this kg reads format {FORMAT}: "
                         f"retrain it with `kg train`")
    file = folder / "mentions.crfsuite"
    if not file.is_file():
        raise ModelError(f"model folder {folder} lacks mentions.crfsuite")
    try:
        mentions = CrfWeights.read(file)
    except (OSError, CrfFileError) as exc:
        raise ModelError(f"cannot open {file}: {exc}") from None
    relations = None
    file = folder / "relations.crfsuite"
    if file.is_file():
        try:
            relations = CrfWeights.read(file)
        except (OSError, CrfFileError) as exc:
            raise ModelError(f"cannot open {file}: {exc}") from None
    return Model(folder, meta, mentions, relations, CharFeatureIds(mentions.attributes, mentions.missing))
