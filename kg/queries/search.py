"""Names as people type them: one ranked search over the names and aliases of every entity.

:func:`rank` is pure (it takes candidates, not a database), so the questions, the Python API and
the views all rank the same way. Tiers, best first (``MATCH``):

0 ``name``       the name itself;
1 ``alias``      one of its aliases (郑州 → 郑州市);
2 ``normalized`` the same after folding width, case, spaces and quotes (“十四五” = "十四五");
3 ``prefix``     a name or alias starts with the text (尼龙 → 尼龙新材料);
4 ``contains``   a name or alias contains it (光伏 → 光伏玻璃, 光伏组件产业链);
5 ``letters``    the text's characters appear in order in the name (电动车 → 电动载货车,
                 某某装备 → 某某重型装备集团);
6 ``within``     the text contains the name, which is at least half of it (河南省郑州市 → 郑州市);
7 ``similar``    close by edit distance (difflib ratio ≥ 0.6).

Within a tier: closer length first, then entities with more facts, then the name.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

MATCH = ("name", "alias", "normalized", "prefix", "contains", "letters", "within", "similar")
EXACT_TIERS = (0, 1, 2)  # one best match answers
TOGETHER_TIERS = (3, 4, 5)  # every good match answers, each row saying which
MAX_TOGETHER = 8
SIMILAR_CUTOFF = 0.6
_DROP = set("“”\"'‘’《》〈〉「」『』()（）[]【】·・-—_ 　")


def normalize(text: str) -> str:
    """Width-, case-, space- and quote-insensitive form of a name."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c not in _DROP and not c.isspace())


@dataclass(frozen=True)
class Candidate:
    """An entity as the search sees it."""

    iri: str
    label: str
    name: str
    aliases: tuple[str, ...] = ()
    facts: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Hit:
    candidate: Candidate
    tier: int
    matched: str  # the name or alias that matched

    @property
    def match(self) -> str:
        return MATCH[self.tier]


def _subsequence(q: str, s: str) -> bool:
    it = iter(s)
    return all(c in it for c in q)


def _tier(query: str, q: str, c: Candidate) -> tuple[int, str, float] | None:
    """(tier, matched string, closeness) of ``c`` for the typed ``query`` (``q`` normalized)."""
    if c.name == query:
        return 0, c.name, 1.0
    if query in c.aliases:
        return 1, query, 1.0
    forms = [(s, normalize(s)) for s in (c.name, *c.aliases) if s]
    best: tuple[int, str, float] | None = None
    for s, n in forms:
        if not n:
            continue
        closeness = min(len(q), len(n)) / max(len(q), len(n))
        if n == q:
            t = 2
        elif n.startswith(q):
            t = 3
        elif q in n:
            t = 4
        elif len(q) >= 3 and n[0] == q[0] and _subsequence(q, n) and len(q) / len(n) >= 0.3:
            t = 5
        elif len(n) >= 2 and n in q and len(n) * 2 >= len(q):
            t = 6
        else:
            ratio = difflib.SequenceMatcher(None, q, n).ratio()
            if ratio < SIMILAR_CUTOFF:
                continue
            t, closeness = 7, ratio
        if best is None or (t, -closeness) < (best[0], -best[2]):
            best = (t, s, closeness)
    return best


def rank(query: str, candidates: Iterable[Candidate], labels: tuple[str, ...] | None = None) -> list[Hit]:
    """Every candidate (of ``labels``, in that order of preference) that matches ``query``, best first."""
    query = query.strip()
    q = normalize(query)
    if not q:
        return []
    scored = []
    for c in candidates:
        if labels is not None and c.label not in labels:
            continue
        found = _tier(query, q, c)
        if found is None:
            continue
        tier, matched, closeness = found
        pref = labels.index(c.label) if labels else 0
        scored.append(((tier, -round(closeness, 3), -c.facts, pref, len(c.name), c.name, c.iri), Hit(c, tier, matched)))
    scored.sort(key=lambda x: x[0])
    return [h for _, h in scored]


def choose(hits: list[Hit]) -> list[Hit]:
    """The hits that answer: the best one when it is exact (name, alias, normalized), else every
    prefix/containment/letters match of the best tier (those with facts, when any has facts; at
    most ``MAX_TOGETHER``), else the best one."""
    if not hits:
        return []
    top = hits[0].tier
    if top in EXACT_TIERS:
        return [hits[0]]
    if top in TOGETHER_TIERS:
        group = (3, 4) if top in (3, 4) else (top,)  # prefix and containment answer together
        same = [h for h in hits if h.tier in group]
        with_facts = [h for h in same if h.candidate.facts > 0]
        return (with_facts or same)[:MAX_TOGETHER]
    return [hits[0]]
