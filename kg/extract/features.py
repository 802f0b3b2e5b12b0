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
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise, repeat

import numpy as np

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


_BUCKETS = [_bucket(n) for n in range(41)]  # _bucket(n) for n <= 40; "many" above


def _family(rule: str) -> str:
    """The rule's family: what comes before its first dot (dict, suffix, pattern, ...)."""
    family = _FAMILIES.get(rule)
    if family is None:
        family = _FAMILIES[rule] = rule.split(".", 1)[0]
    return family


_FAMILIES: dict[str, str] = {}


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


_UNIGRAMS = ("c-2=", "c-1=", "c0=", "c+1=", "c+2=")  # template k reads pad[i + k]
_BIGRAMS = ("c-2c-1=", "c-1c0=", "c0c+1=", "c+1c+2=")  # template k reads pad[i + k:i + k + 2]
_CLASSES = "PDLHO"
_PLANE = 0x110000  # code points: a bigram's key is first * _PLANE + second
_BMP = 0x10000  # characters past it (rare) are looked up one by one


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.intp)


def _per_code_point(cps: np.ndarray, table: np.ndarray, beyond: Callable[[int], int]) -> np.ndarray:
    """table[cp] for each code point of the basic plane, beyond(cp) for the others."""
    out = table[np.minimum(cps, _BMP - 1)]
    far = np.flatnonzero(cps >= _BMP)
    if len(far):
        out[far] = [beyond(int(cp)) for cp in cps[far]]
    return out


class CharFeatureIds:
    """:func:`char_features` as the attribute ids of one model, built without the strings.

    For a batch of sentences, ``ids`` gives one row per character and one column per attribute
    a character has at most once (the character templates, the token it is in, the tokens
    before and after), in the order of :func:`char_features`, with ``missing`` where the
    character has no such attribute or the model does not know it; the rules' marks, of which a
    character may have several, come as (row, id) pairs in their order. Summed in that order they
    are the state scores crfsuite computes from the strings
    (tests/test_extract_speed_equivalence.py)."""

    def __init__(self, attributes: dict[str, int], missing: int) -> None:
        self.attributes, self.missing = attributes, missing
        get = attributes.get

        def values(prefix: str, width: int | None = None) -> dict[str, int]:
            return {a[len(prefix):]: i for a, i in attributes.items()
                    if a.startswith(prefix) and (width is None or len(a) == len(prefix) + width)}

        # characters: code point → row of a table per template (0: no attribute of the model)
        chars = sorted({v for p in _UNIGRAMS for v in values(p, 1)})
        self._uni_far = {ord(c): k for k, c in enumerate(chars, 1) if ord(c) >= _BMP}
        self._uni = np.zeros(_BMP, dtype=np.intp)
        self._uni[[ord(c) for c in chars if ord(c) < _BMP]] = [k for k, c in enumerate(chars, 1) if ord(c) < _BMP]
        self._uni_ids = [np.array([missing] + [get(p + c, missing) for c in chars], dtype=np.intp) for p in _UNIGRAMS]
        pairs = sorted({v for p in _BIGRAMS for v in values(p, 2)}, key=lambda v: ord(v[0]) * _PLANE + ord(v[1]))
        self._bi_keys = np.array([ord(v[0]) * _PLANE + ord(v[1]) for v in pairs], dtype=np.intp)
        self._bi_ids = [np.array([get(p + v, missing) for v in pairs] + [missing], dtype=np.intp) for p in _BIGRAMS]
        self._classes: np.ndarray | None = None  # code point → index in _CLASSES, made on first use
        cls3 = [a + b + c for a in _CLASSES for b in _CLASSES for c in _CLASSES]
        self._cls_ids = np.array([get("cls=" + c, missing) for c in _CLASSES], dtype=np.intp)
        self._cls3_ids = np.array([get("cls3=" + c, missing) for c in cls3], dtype=np.intp)
        self._b = get("b", missing)
        # tokens: the token itself → attribute id, per template
        self._tw, self._next, self._prev = values("tw="), values("next_tw="), values("prev_tw=")
        self._next_long, self._prev_long = get("next_long", missing), get("prev_long", missing)
        self._tp = {w: get("tp=" + w, missing) for w in "SBME"}
        self._by_tag: dict[str, int] = {}  # part-of-speech tag → row of _tag_ids, filled as tags are met
        self._tag_ids: list[list[int]] = []
        self._tl = [get(f"tl={k}", missing) for k in range(6)]

    def _class_table(self) -> np.ndarray:
        """:func:`char_class` of every character of the basic plane, as an index in ``_CLASSES``."""
        if self._classes is None:
            plain = char_class.__wrapped__
            self._classes = np.array([_CLASSES.index(plain(chr(c))) for c in range(_BMP)], dtype=np.intp)
        return self._classes

    def ids(self, sentences: list[tuple[str, list[str], list[Mention], list[Mention]]]
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
        """(ids, mark rows, mark ids, first row of each sentence) for (text, tokens, candidates,
        selected) of each sentence, as :func:`char_features` would list them."""
        firsts, bases, row, base = [], [], 0, 0
        for text, *_ in sentences:
            firsts.append(row)
            bases.append(base)
            row += len(text)
            base += len(text) + 4
        if not row:
            return np.zeros((0, 18), dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), firsts
        # the character templates over the padded sentences: character i of sentence s is pad[base_s + 2 + i]
        cps = _code_points("".join(["^^" + t[0] + "$$" for t in sentences]))
        at = np.concatenate([np.arange(b + 2, b + 2 + len(t[0])) for b, t in zip(bases, sentences, strict=True)])
        uni = _per_code_point(cps, self._uni, lambda cp: self._uni_far.get(cp, 0))
        keys = cps[:-1] * _PLANE + cps[1:]
        found = np.searchsorted(self._bi_keys, keys)
        found[found == len(self._bi_keys)] = 0
        bi = np.where(self._bi_keys[found] == keys, found, len(self._bi_keys)) if len(self._bi_keys) \
            else np.zeros(len(keys), dtype=np.intp)
        cls = _per_code_point(cps, self._class_table(), lambda cp: _CLASSES.index(char_class(chr(cp))))
        cls3 = cls[at - 1] * 25 + cls[at] * 5 + cls[at + 1]
        columns = [np.full(row, self._b, dtype=np.intp)]
        columns += [self._uni_ids[_UNIGRAMS.index(p)][uni[at + _UNIGRAMS.index(p) - 2]]
                    for p in ("c0=", "c-1=", "c+1=", "c-2=", "c+2=")]
        columns += [self._bi_ids[_BIGRAMS.index(p)][bi[at + _BIGRAMS.index(p) - 2]]
                    for p in ("c-1c0=", "c0c+1=", "c-2c-1=", "c+1c+2=")]
        columns += [self._cls_ids[cls[at]], self._cls3_ids[cls3]]
        # a sentence whose tokens do not cover it exactly (never jieba's) gets char_features' own
        # attributes, all as (row, id) pairs in their order
        odd = [k for k, (text, tokens, *_) in enumerate(sentences) if sum(map(len, tokens)) != len(text) or "" in tokens]
        even = [(t if k not in odd else (t[0], list(t[0]), t[2], t[3])) for k, t in enumerate(sentences)]
        columns += self._token_columns(even, row)
        ids = np.stack(columns, axis=1)
        mark_rows, mark_ids = self._marks([t for k, t in enumerate(sentences) if k not in odd],
                                          [f for k, f in enumerate(firsts) if k not in odd])
        if odd:
            get, rows, extra = self.attributes.get, [], []
            for k in odd:
                first = firsts[k]
                ids[first:first + len(sentences[k][0])] = self.missing
                for i, attrs in enumerate(char_features(*sentences[k])):
                    rows += [first + i] * len(attrs)
                    extra += [get(a, self.missing) for a in attrs]
            mark_rows = np.concatenate([mark_rows, np.array(rows, dtype=np.intp)])
            mark_ids = np.concatenate([mark_ids, np.array(extra, dtype=np.intp)])
        return ids, mark_rows, mark_ids, firsts

    def _token_columns(self, sentences, row: int) -> list[np.ndarray]:
        """prev_tw, tp, tp:tag, tl, tw, next_tw of every character (``missing`` where none), for
        sentences whose tokens cover them exactly."""
        missing, tags, get = self.missing, L.word_tags(), self.attributes.get
        tokens = [tok for _text, toks, *_ in sentences for tok in toks]
        sizes = np.array([len(t) for t in tokens], dtype=np.intp)
        starts = np.cumsum(sizes) - sizes  # the row of each token's first character
        # which tokens open and close their sentence
        counts = np.array([len(toks) for _text, toks, *_ in sentences], dtype=np.intp)
        opens = np.zeros(len(tokens), dtype=bool)
        closes = np.zeros(len(tokens), dtype=bool)
        ends = np.cumsum(counts)
        opens[(ends - counts)[counts > 0]] = True
        closes[ends[counts > 0] - 1] = True
        inside = np.arange(row) - np.repeat(starts, sizes)  # position of a character in its token
        size = np.repeat(sizes, sizes)
        where = np.where(size == 1, 0, np.where(inside == 0, 1, np.where(inside == size - 1, 3, 2)))  # S B M E
        tp = np.array([self._tp[w] for w in "SBME"], dtype=np.intp)[where]
        # each distinct token once: its tag's row in _tag_ids, its tw=, next_tw= and prev_tw= ids
        by_tag, tw_get, next_get, prev_get = self._by_tag, self._tw.get, self._next.get, self._prev.get
        per_token = {}
        for tok in dict.fromkeys(tokens):
            tag = tags.get(tok, "?")
            if tag not in by_tag:
                by_tag[tag] = len(by_tag)
                self._tag_ids.append([get(f"tp={w}:{tag}", missing) for w in "SBME"])
            short = len(tok) <= 4
            per_token[tok] = (by_tag[tag], tw_get(tok, missing) if short else missing,
                              next_get(tok, missing) if short else self._next_long,
                              prev_get(tok, missing) if short else self._prev_long)
        table = np.array([per_token[tok] for tok in tokens], dtype=np.intp).reshape(-1, 4)
        tag_ids = np.array(self._tag_ids, dtype=np.intp)  # by tag index, then S B M E
        tag = tag_ids[np.repeat(table[:, 0], sizes), where]
        tl = np.array(self._tl, dtype=np.intp)[np.minimum(size, 5)]
        tw = np.repeat(table[:, 1], sizes)
        nxt = np.full(row, missing, dtype=np.intp)
        follow = ~opens  # a token after another: its next_tw goes on the character before it
        nxt[starts[follow] - 1] = table[follow, 2]
        prv = np.full(row, missing, dtype=np.intp)
        lead = ~closes  # a token before another: its prev_tw goes on the character after it
        prv[(starts + sizes)[lead]] = table[lead, 3]
        return [prv, tp, tag, tl, tw, nxt]

    def _marks(self, sentences, firsts: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The rules' marks of :func:`char_features` as (row, attribute id) pairs, in its order."""
        missing, get = self.missing, self.attributes.get
        known: dict[tuple[str, str, str], tuple[list[int], list[int], list[int], int, int]] = {}
        rows: list[int] = []
        ids: list[int] = []
        for (text, _tokens, candidates, selected), first in zip(sentences, firsts, strict=True):
            n = len(text)
            for prefix, ms in (("r", candidates), ("s", selected)):
                for m in ms:
                    marks = known.get((prefix, m.type, m.rule))
                    if marks is None:  # B, I, E, before, after: the same for every mention of a kind
                        family = m.rule.split(".", 1)[0]
                        marks = known[(prefix, m.type, m.rule)] = (
                            *([get(f"{prefix}:{where}-{m.type}", missing), get(f"{prefix}f:{where}-{family}", missing)]
                              + ([get(f"s:{where}-{m.type}:{m.rule}", missing)] if prefix == "s" else [])
                              for where in "BIE"),
                            get(f"{prefix}:before-{m.type}", missing), get(f"{prefix}:after-{m.type}", missing))
                    begin, inner, end = marks[0], marks[1], marks[2]
                    last = m.end - 1
                    for i in range(max(m.start, 0), min(m.end, n)):
                        where = begin if i == m.start else end if i == last else inner
                        rows += [first + i] * len(where)
                        ids += where
                    if 0 < m.start <= n:
                        rows.append(first + m.start - 1)
                        ids.append(marks[3])
                    if m.end < n:
                        rows.append(first + m.end)
                        ids.append(marks[4])
        return np.array(rows, dtype=np.intp), np.array(ids, dtype=np.intp)


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
_CLAUSE_MARKS = frozenset("，；;。")  # the characters _CLAUSE_END matches


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
    clause_at: list[int]  # offsets of the marks that end a clause
    local_places: int
    first_start: int | None
    # (first, second, dist, attributes between) by the span pair, for (x, y) and (y, x) alike;
    # an entry is used only for the very same two mentions
    _between: dict[tuple[int, int, int, int], tuple] = field(default_factory=dict, repr=False)

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
                   [i for i, ch in enumerate(text) if ch in _CLAUSE_MARKS],
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
        if x.start <= y.start:
            first, second, order = x, y, "xy"
        else:
            first, second, order = y, x, "yx"
        key = (first.start, first.end, second.start, second.end)
        known = self._between.get(key)
        if known is None or known[0] is not first or known[1] is not second:
            known = self._between[key] = (first, second, *self._between_features(first, second))
        types = x.type + ">" + y.type
        f = ["t=" + types, "order=" + order, known[2], "t_ord=" + types + ":" + order]
        f += known[3]
        f += self.triggers
        f.append("xr=" + _family(x.rule))
        f.append("yr=" + _family(y.rule))
        if x.start == self.first_start:
            f.append("x_first_in_sentence")
        f += ["rule=" + h for h in rule_hits]
        return f

    def _between_features(self, first: Mention, second: Mention) -> tuple[str, list[str]]:
        """What a pair's attributes say of the stretch between its ends and of the tokens around
        it, the same for (x, y) and (y, x): the ``dist=`` attribute and the attributes from
        ``n_between=`` to the ``mid=`` tokens."""
        text, lo, hi = self.text, first.end, second.start
        between = text[lo:hi] if lo <= hi else ""
        n = len(between)
        dist = "dist=" + (_BUCKETS[n] if n <= 40 else "many")
        inside = [m for m in self.mentions if m.start >= lo and m.end <= hi and m is not first and m is not second]
        if inside:
            f = ["n_between=" + (_BUCKETS[len(inside)] if len(inside) <= 40 else "many")]
            f += sorted({"mid_t=" + m.type for m in inside})
            rest = _masked(text, lo, hi, inside)
        else:
            f = ["n_between=0"]
            rest = between
        if len(rest) <= 8:
            f.append("btw=" + rest)
        if rest and set(rest) <= _LIST_MARKS:
            f.append("same_list")
        punct_at = self.punct_at
        a, b = bisect_left(punct_at, lo), bisect_left(punct_at, hi)
        if a < b:
            f += sorted({"punct=" + text[i] for i in punct_at[a:b]})
        clause_at = self.clause_at
        k = bisect_left(clause_at, lo)
        f.append("clause=other" if lo <= hi and k < len(clause_at) and clause_at[k] < hi else "clause=same")
        # tokens around the pair: offsets only grow, so each group is a slice found by bisection
        tokens = self.tokens
        upto_first = bisect_right(self.ends, first.start)
        from_second = bisect_left(self.starts, second.end)
        mid_from, mid_to = bisect_left(self.starts, lo), bisect_right(self.ends, hi)
        f += ["pre=" + t for t in tokens[max(0, upto_first - 3):upto_first]]
        f += ["post=" + t for t in tokens[from_second:from_second + 3]]
        if mid_to - mid_from <= 6:  # a short stretch: every token between; else its trigger words
            f += sorted({"mid=" + t for t in tokens[mid_from:mid_to]})
        else:
            at = self.trigger_at
            f += sorted({"mid=" + tokens[i] for i in at[bisect_left(at, mid_from):bisect_left(at, mid_to)]})
        return dist, f


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
