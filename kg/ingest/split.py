"""Split normalized text into sentences: at 。！？!? (with closing quotes kept) and at line ends.

A sentence is at most :data:`MAX_SENTENCE` characters: a longer run (text without sentence
punctuation) is cut at its last clause mark (；，：…) in the second half of the window, else at
an enumeration mark or a space, else at :data:`FIXED_WIDTH` characters. Every fact keeps its sentence as
evidence, so the cap keeps the output linear in the input.
"""

from __future__ import annotations

import re

from kg.model import Sentence

MAX_SENTENCE = 400
FIXED_WIDTH = 80  # a run with no mark to cut at is cut this short: it holds no sentence a reader could quote
_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n")
_CUTS = ("；;，,：:", "、 ")  # preferred cut marks first; the cut is after the mark


def split_sentences(doc_name: str, text: str, max_len: int = MAX_SENTENCE) -> list[Sentence]:
    """Sentences of ``text`` with their offsets; whitespace around them is left out.

    >>> [s.text for s in split_sentences("d", "河南发展陶瓷卫浴。许昌建设“假发之都”！\\n标题")]
    ['河南发展陶瓷卫浴。', '许昌建设“假发之都”！', '标题']
    >>> [s.text for s in split_sentences("d", "甲乙丙，丁戊己庚", max_len=5)]
    ['甲乙丙，', '丁戊己庚']
    """
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        _add_capped(out, doc_name, text, start, m.end(), max_len)
        start = m.end()
    _add_capped(out, doc_name, text, start, len(text), max_len)
    return out


def _cut(text: str, start: int, end: int, max_len: int) -> int:
    """Where to end the piece that starts at ``start`` of a run ``[start, end)`` longer than ``max_len``."""
    limit = start + max_len
    low = start + max_len // 2
    for marks in _CUTS:
        best = max(text.rfind(mark, low, limit) for mark in marks)
        if best >= low:
            return best + 1
    return start + min(max_len, FIXED_WIDTH)


def _add_capped(out: list[Sentence], doc: str, text: str, start: int, end: int, max_len: int) -> None:
    long_run = end - start > max_len
    while end - start > max_len:
        cut = _cut(text, start, end, max_len)
        _add(out, doc, text, start, cut)
        start = cut
    # the rest of a long run with no mark to cut at is cut at the fixed width too
    while long_run and end - start > FIXED_WIDTH and not any(m in text[start:end] for m in "".join(_CUTS)):
        _add(out, doc, text, start, start + FIXED_WIDTH)
        start += FIXED_WIDTH
    _add(out, doc, text, start, end)


def _add(out: list[Sentence], doc: str, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(doc=doc, index=len(out), text=text[start:end], start=start, end=end))
