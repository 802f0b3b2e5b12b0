"""Features the learned models read: per character for mentions, per mention pair for relations.

Both are plain lists of strings (crfsuite attributes), so a feature is a name a person can read
in the model file. The rules stay in as features: every recognizer's candidate span and the
rules' own selection are marked on the characters they cover, and every relation rule that fires
on a pair is a feature of that pair.
"""

from __future__ import annotations

import re

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


def char_class(ch: str) -> str:
    if ch in PUNCT:
        return "P"
    if _DIGIT.match(ch):
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    return "H" if "\u4e00" <= ch <= "\u9fff" else "O"


def char_features(text: str, tokens: list[str], candidates: list[Mention], selected: list[Mention]) -> list[list[str]]:
    """One list of attributes per character of ``text``."""
    n = len(text)
    feats: list[list[str]] = [[] for _ in range(n)]
    tags = L.word_tags()

    def c(i: int) -> str:
        return text[i] if 0 <= i < n else ("^" if i < 0 else "$")

    classes = [char_class("^")] + [char_class(ch) for ch in text] + [char_class("$")]  # classes[i + 1]: text[i]
    for i in range(n):
        f = feats[i]
        f += ["b", f"c0={c(i)}", f"c-1={c(i - 1)}", f"c+1={c(i + 1)}", f"c-2={c(i - 2)}", f"c+2={c(i + 2)}",
              f"c-1c0={c(i - 1)}{c(i)}", f"c0c+1={c(i)}{c(i + 1)}", f"c-2c-1={c(i - 2)}{c(i - 1)}",
              f"c+1c+2={c(i + 1)}{c(i + 2)}", f"cls={classes[i + 1]}",
              f"cls3={classes[i]}{classes[i + 1]}{classes[i + 2]}"]
    pos = 0
    for tok in tokens:
        a, b = pos, pos + len(tok)
        pos = b
        tag = tags.get(tok, "?")
        for i in range(a, min(b, n)):
            where = "S" if b - a == 1 else "B" if i == a else "E" if i == b - 1 else "M"
            feats[i] += [f"tp={where}", f"tp={where}:{tag}", f"tl={min(b - a, 5)}"]
            if b - a <= 4:
                feats[i].append(f"tw={tok}")
        if a > 0:
            feats[a - 1].append(f"next_tw={tok}" if len(tok) <= 4 else "next_long")
        if b < n:
            feats[b].append(f"prev_tw={tok}" if len(tok) <= 4 else "prev_long")
    for prefix, ms in (("r", candidates), ("s", selected)):
        for m in ms:
            family = m.rule.split(".", 1)[0]
            for i in range(max(m.start, 0), min(m.end, n)):
                where = "B" if i == m.start else "E" if i == m.end - 1 else "I"
                feats[i] += [f"{prefix}:{where}-{m.type}", f"{prefix}f:{where}-{family}"]
                if prefix == "s":
                    feats[i].append(f"s:{where}-{m.type}:{m.rule}")
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


def pair_features(text: str, tokens: list[str], x: Mention, y: Mention, mentions: list[Mention],
                  rule_hits: list[str], spans: list[tuple[int, int, str]] | None = None) -> list[str]:
    """Attributes of the ordered pair (x as subject, y as object) in a sentence.

    One end may be the context mention (rule ``context.previous``: the place or zone an earlier
    sentence named, standing for a sentence that names none); it has no position in the text."""
    ctx_end = next((m for m in (x, y) if m.rule == CONTEXT_RULE), None)
    if ctx_end is not None:
        other = y if ctx_end is x else x
        side = "x" if ctx_end is x else "y"
        local_places = sum(1 for m in mentions if m.type in _PLACE_TYPES and m.rule != CONTEXT_RULE)
        pos, before = 0, []
        for tok in tokens:
            if pos + len(tok) <= other.start:
                before.append(tok)
            pos += len(tok)
        f = [f"ctx={side}", f"ctx_t={x.type}>{y.type}", f"ctx_places={min(local_places, 2)}",
             f"ctx_pos={_bucket(other.start)}", f"ctx_or={other.rule.split('.', 1)[0]}"]
        f += [f"ctx_pre={t}" for t in before[-3:]]
        f += sorted({f"ctx_trig={t}" for t in tokens if t in TRIGGERS})
        return f
    first, second = (x, y) if x.start <= y.start else (y, x)
    between = text[first.end:second.start] if first.end <= second.start else ""
    f = [f"t={x.type}>{y.type}", f"order={'xy' if x is first else 'yx'}", f"dist={_bucket(len(between))}",
         f"t_ord={x.type}>{y.type}:{'xy' if x is first else 'yx'}"]
    inside = [m for m in mentions if m.start >= first.end and m.end <= second.start and m is not x and m is not y]
    f.append(f"n_between={_bucket(len(inside))}")
    f += sorted({f"mid_t={m.type}" for m in inside})
    rest = between
    for m in sorted(inside, key=lambda m: -m.start):
        rest = rest[:m.start - first.end] + "M" + rest[m.end - first.end:]
    if len(rest) <= 8:
        f.append(f"btw={rest}")
    if rest and set(rest) <= set("M、和及与以及,，") :
        f.append("same_list")
    f += sorted({f"punct={ch}" for ch in between if ch in "，；：、。（）()"})
    f.append(f"clause={'same' if not re.search(r'[，；;。]', between) else 'other'}")
    # tokens around the pair
    spans = spans if spans is not None else token_spans(tokens)
    before = [t for a, b, t in spans if b <= first.start][-3:]
    after = [t for a, b, t in spans if a >= second.end][:3]
    mid = [t for a, b, t in spans if a >= first.end and b <= second.start]
    f += [f"pre={t}" for t in before] + [f"post={t}" for t in after]
    f += sorted({f"mid={t}" for t in mid if t in TRIGGERS or len(mid) <= 6})
    f += sorted({f"trig={t}" for t in tokens if t in TRIGGERS})
    f += [f"xr={x.rule.split('.', 1)[0]}", f"yr={y.rule.split('.', 1)[0]}"]
    if x.start == min(m.start for m in mentions):
        f.append("x_first_in_sentence")
    f += [f"rule={h}" for h in rule_hits]
    return f
