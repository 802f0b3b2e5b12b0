"""Features the learned models read: per character for mentions, per mention pair for relations.

Both are plain lists of strings (crfsuite attributes), so a feature is a name a person can read
in the model file. The rules stay in as features: every recognizer's candidate span and the
rules' own selection are marked on the characters they cover, and every relation rule that fires
on a pair is a feature of that pair.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise, repeat

from kg.extract import lexicon as L
from kg.model import Mention

PUNCT = set("，。；：、（）()《》“”‘’\"'！？!?,.;:·—-…【】[]「」 \t")
CONTEXT_RULE = "context.previous"
_PLACE_TYPES = ("Province", "City", "County", "Region", "Zone")
_DIGIT = re.compile(r"[0-9０-９.%％一二三四五六七八九十百千万亿]")
TRIGGERS = frozenset(("发展", "打造", "建设", "布局", "培育", "壮大", "形成", "集聚", "聚集", "拥有", "做强", "做大", "聚焦",
            "推动", "加快", "引进", "构建", "建成", "承接", "龙头", "链主", "头部", "领军", "位于", "落户", "入驻",
            "坐落", "地处", "印发", "出台", "发布", "制定", "提出", "支持", "包括", "涵盖", "涉及", "等", "以", "为",
            "依托", "围绕", "重点", "主导", "优势", "特色", "首位", "支柱", "产业", "企业", "领域", "集群", "基地",
            "项目", "投资", "生产", "研发", "制造", "主营", "专注", "从事", "实现", "达到", "增长", "关于", "通知"))


def _bucket(n: int) -> str:
    for cap in (0, 1, 2, 3, 5, 8, 12, 20, 40):
        if n <= cap:
            return str(cap)
    return "many"


@functools.lru_cache(maxsize=4096)
def char_class(ch: str) -> str:
    """P punctuation, D digit or number word, L Latin letter, H Chinese character, O other."""
    if ch in PUNCT:
        return "P"
    if _DIGIT.match(ch):
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    return "H" if "\u4e00" <= ch <= "\u9fff" else "O"


def char_features(text: str, tokens: list[str], candidates: list[Mention], selected: list[Mention]) -> list[list[str]]:
    """One list of attributes per character of ``text``.

    Built template by template over the whole sentence (one list comprehension per template)
    rather than character by character; the attributes and their order within a character are
    what the model was trained on and must not change."""
    n = len(text)
    if n == 0:
        return []
    tags = L.word_tags()
    pad = "^^" + text + "$$"  # pad[i + 2] is character i; two "^" before, two "$" after
    classes = "".join([char_class(ch) for ch in pad[1:n + 3]])  # classes[i + 1]: text[i]
    feats = [list(f) for f in zip(
        repeat("b", n),
        ["c0=" + ch for ch in text],
        ["c-1=" + ch for ch in pad[1:n + 1]],
        ["c+1=" + ch for ch in pad[3:n + 3]],
        ["c-2=" + ch for ch in pad[:n]],
        ["c+2=" + ch for ch in pad[4:n + 4]],
        ["c-1c0=" + pad[i:i + 2] for i in range(1, n + 1)],
        ["c0c+1=" + pad[i:i + 2] for i in range(2, n + 2)],
        ["c-2c-1=" + pad[i:i + 2] for i in range(n)],
        ["c+1c+2=" + pad[i:i + 2] for i in range(3, n + 3)],
        ["cls=" + cl for cl in classes[1:n + 1]],
        ["cls3=" + classes[i:i + 3] for i in range(n)],
        strict=True)]
    pos = 0
    for tok in tokens:
        a, b = pos, pos + len(tok)
        pos = b
        tag = tags.get(tok, "?")
        length = f"tl={min(b - a, 5)}"
        word = [f"tw={tok}"] if b - a <= 4 else []
        if b - a == 1:
            if a < n:
                feats[a] += ["tp=S", f"tp=S:{tag}", length, *word]
        else:
            first = ["tp=B", f"tp=B:{tag}", length, *word]
            middle = ["tp=M", f"tp=M:{tag}", length, *word]
            last = ["tp=E", f"tp=E:{tag}", length, *word]
            for i in range(a, min(b, n)):
                feats[i] += first if i == a else last if i == b - 1 else middle
        if a > 0:
            feats[a - 1].append(f"next_tw={tok}" if len(tok) <= 4 else "next_long")
        if b < n:
            feats[b].append(f"prev_tw={tok}" if len(tok) <= 4 else "prev_long")
    for prefix, ms in (("r", candidates), ("s", selected)):
        for m in ms:
            family = m.rule.split(".", 1)[0]
            marks = {where: [f"{prefix}:{where}-{m.type}", f"{prefix}f:{where}-{family}"]
                     + ([f"s:{where}-{m.type}:{m.rule}"] if prefix == "s" else []) for where in "BIE"}
            for i in range(max(m.start, 0), min(m.end, n)):
                feats[i] += marks["B" if i == m.start else "E" if i == m.end - 1 else "I"]
            if 0 < m.start <= n:
                feats[m.start - 1].append(f"{prefix}:before-{m.type}")
            if m.end < n:
                feats[m.end].append(f"{prefix}:after-{m.type}")
    return feats


def token_spans(tokens: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, token) of each token of a sentence."""
    spans, pos = [], 0
    for tok in tokens:
        spans.append((pos, pos + len(tok), tok))
        pos += len(tok)
    return spans


_LIST_MARKS = frozenset("M、和及与以及,，")
_NAMED_PUNCT = frozenset("，；：、。（）()")
_CLAUSE_END = re.compile(r"[，；;。]")


@dataclass
class PairSentence:
    """What every mention pair of one sentence shares, computed once per sentence: token
    offsets (searched by bisection), the trigger words, the count of places, the first start."""

    text: str
    tokens: list[str]
    mentions: list[Mention]
    starts: list[int]
    ends: list[int]
    triggers: list[str]  # sorted ``trig=`` attributes
    ctx_triggers: list[str]  # sorted ``ctx_trig=`` attributes
    trigger_at: list[int]  # indexes of the tokens that are trigger words
    punct_at: list[int]  # offsets of the punctuation marks the pair features name
    local_places: int
    first_start: int | None

    @classmethod
    def of(cls, text: str, tokens: list[str], mentions: list[Mention]) -> PairSentence:
        starts, ends, pos = [], [], 0
        for tok in tokens:
            starts.append(pos)
            pos += len(tok)
            ends.append(pos)
        found = {t for t in tokens if t in TRIGGERS}
        return cls(text, tokens, mentions, starts, ends, sorted(f"trig={t}" for t in found),
                   sorted(f"ctx_trig={t}" for t in found),
                   [i for i, t in enumerate(tokens) if t in TRIGGERS],
                   [i for i, ch in enumerate(text) if ch in _NAMED_PUNCT],
                   sum(1 for m in mentions if m.type in _PLACE_TYPES and m.rule != CONTEXT_RULE),
                   min((m.start for m in mentions), default=None))

    def features(self, x: Mention, y: Mention, rule_hits: list[str]) -> list[str]:
        """Attributes of the ordered pair (x as subject, y as object); see :func:`pair_features`."""
        tokens = self.tokens
        ctx_end = x if x.rule == CONTEXT_RULE else y if y.rule == CONTEXT_RULE else None
        if ctx_end is not None:
            other = y if ctx_end is x else x
            side = "x" if ctx_end is x else "y"
            before = tokens[:bisect_right(self.ends, other.start)]
            f = [f"ctx={side}", f"ctx_t={x.type}>{y.type}", f"ctx_places={min(self.local_places, 2)}",
                 f"ctx_pos={_bucket(other.start)}", f"ctx_or={other.rule.split('.', 1)[0]}"]
            f += [f"ctx_pre={t}" for t in before[-3:]]
            f += self.ctx_triggers
            return f
        first, second = (x, y) if x.start <= y.start else (y, x)
        between = self.text[first.end:second.start] if first.end <= second.start else ""
        order = "xy" if x is first else "yx"
        f = [f"t={x.type}>{y.type}", f"order={order}", f"dist={_bucket(len(between))}",
             f"t_ord={x.type}>{y.type}:{order}"]
        inside = [m for m in self.mentions
                  if m.start >= first.end and m.end <= second.start and m is not x and m is not y]
        f.append(f"n_between={_bucket(len(inside))}")
        f += sorted({f"mid_t={m.type}" for m in inside})
        rest = _masked(self.text, first.end, second.start, inside) if inside else between
        if len(rest) <= 8:
            f.append(f"btw={rest}")
        if rest and set(rest) <= _LIST_MARKS:
            f.append("same_list")
        text, punct_at = self.text, self.punct_at
        f += sorted({f"punct={text[i]}" for i in punct_at[bisect_left(punct_at, first.end):
                                                               bisect_left(punct_at, second.start)]})
        f.append(f"clause={'same' if not _CLAUSE_END.search(between) else 'other'}")
        # tokens around the pair: offsets only grow, so each group is a slice found by bisection
        upto_first = bisect_right(self.ends, first.start)
        from_second = bisect_left(self.starts, second.end)
        mid_from, mid_to = bisect_left(self.starts, first.end), bisect_right(self.ends, second.start)
        f += [f"pre={t}" for t in tokens[max(0, upto_first - 3):upto_first]]
        f += [f"post={t}" for t in tokens[from_second:from_second + 3]]
        if mid_to - mid_from <= 6:  # a short stretch: every token between; else its trigger words
            f += sorted({f"mid={t}" for t in tokens[mid_from:mid_to]})
        else:
            at = self.trigger_at
            f += sorted({f"mid={tokens[i]}" for i in at[bisect_left(at, mid_from):bisect_left(at, mid_to)]})
        f += self.triggers
        f += [f"xr={x.rule.split('.', 1)[0]}", f"yr={y.rule.split('.', 1)[0]}"]
        if x.start == self.first_start:
            f.append("x_first_in_sentence")
        f += [f"rule={h}" for h in rule_hits]
        return f


def _masked(text: str, start: int, end: int, inside: list[Mention]) -> str:
    """text[start:end] with each mention of ``inside`` replaced by "M", right to left.

    Mentions that do not touch one another are replaced in one pass; overlapping or empty ones
    go through the right-to-left replacement one by one, whose result then depends on the order."""
    ordered = sorted(inside, key=lambda m: m.start)
    if all(m.start < m.end for m in ordered) and all(a.end <= b.start for a, b in pairwise(ordered)):
        pieces, pos = [], start
        for m in ordered:
            pieces += [text[pos:m.start], "M"]
            pos = m.end
        pieces.append(text[pos:end])
        return "".join(pieces)
    rest = text[start:end] if start <= end else ""
    for m in sorted(inside, key=lambda m: -m.start):
        rest = rest[:m.start - start] + "M" + rest[m.end - start:]
    return rest


def pair_features(text: str, tokens: list[str], x: Mention, y: Mention, mentions: list[Mention],
                  rule_hits: list[str], spans: list[tuple[int, int, str]] | None = None) -> list[str]:
    """Attributes of the ordered pair (x as subject, y as object) in a sentence.

    One end may be the context mention (rule ``context.previous``: the place or zone an earlier
    sentence named, standing for a sentence that names none); it has no position in the text.
    For many pairs of one sentence, build :class:`PairSentence` once and call its ``features``;
    ``spans`` is accepted for compatibility and not needed."""
    return PairSentence.of(text, tokens, mentions).features(x, y, rule_hits)
