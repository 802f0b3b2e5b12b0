"""Split normalized text into sentences: at 。！？!? (with closing quotes kept) and at line ends."""

from __future__ import annotations

import re

from kg.model import Sentence

_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n")


def split_sentences(doc_name: str, text: str) -> list[Sentence]:
    """Sentences of ``text`` with their offsets; whitespace around them is left out.

    >>> [s.text for s in split_sentences("d", "河南发展陶瓷卫浴。许昌建设“假发之都”！\\n标题")]
    ['河南发展陶瓷卫浴。', '许昌建设“假发之都”！', '标题']
    """
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        _add(out, doc_name, text, start, m.end())
        start = m.end()
    _add(out, doc_name, text, start, len(text))
    return out


def _add(out: list[Sentence], doc: str, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(doc=doc, index=len(out), text=text[start:end], start=start, end=end))
