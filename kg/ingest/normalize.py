"""Normalize raw document text while keeping a map back to raw offsets.

What changes: full-width digits, letters and ``％``/``．`` are folded to ASCII (Chinese punctuation
stays full-width); spaces next to Chinese characters go (PDF extraction puts them around
numbers); control characters (NUL included) become spaces; lines broken inside a sentence by PDF extraction are joined; page furniture (running
headers, page numbers, lines repeated on every page) and headings printed twice are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

BULLETS = "●•■◆▪▶★☆○◎"
TERMINAL = "。！？!?；：…”’」』）)"
_FURNITURE = [
    re.compile(r"^\s*\d{4}\s*年\s*第\s*\d+\s*期.*第\s*\d+\s*版\s*$"),  # newsletter running header
    re.compile(r"^\s*[-—－–]?\s*\d{1,4}\s*[-—－–]?\s*$"),  # page number
    re.compile(r"^\s*第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?\s*$"),
]
_DOUBLED = re.compile(r"^(\s*)(\S.{3,60}?)\2")
_LATIN_END = re.compile(r"[A-Za-z,.;:)]")
_LATIN_START = re.compile(r"[A-Za-z(]")


def _fold(ch: str) -> str:
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)
    if ch in "％．":
        return "%" if ch == "％" else "."
    if ch == "\t":
        return " "
    if code < 0x80 and code >= 0x20 and code != 0x7F:
        return ch
    cat = unicodedata.category(ch)
    if cat == "Zs" or cat == "Cc" or cat == "Cs":  # U+3000, U+00A0…; NUL and other controls; lone surrogates
        return " " if cat != "Cs" else "\ufffd"
    return ch


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" \
        or ch in "“”‘’—…·"


def _wrap_width(lines: list[str]) -> int | None:
    """The width at which a PDF extraction wrapped the lines, or None when the text is not wrapped.

    Wrapped text has many lines of nearly one length (the 80th percentile of line lengths);
    paragraphs of web or word-processor text vary in length.
    """
    lengths = sorted(len(s.strip()) for s in lines if len(s.strip()) >= 8)
    if len(lengths) < 20:
        return None
    width = lengths[int(len(lengths) * 0.8) - 1]
    near = sum(1 for n in lengths if abs(n - width) <= max(2, 0.12 * width))
    return width if width <= 80 and near >= 0.3 * len(lengths) else None


def _furniture(lines: list[str]) -> set[int]:
    counts = Counter(s.strip() for s in lines if s.strip())
    drop = set()
    for i, s in enumerate(lines):
        t = s.strip()
        if not t:
            continue
        if any(p.match(t) for p in _FURNITURE):
            drop.add(i)
        elif counts[t] >= 3 and len(t) <= 40 and t[-1] not in TERMINAL:  # repeated on every page
            drop.add(i)
    return drop


_HEADLINE_END = re.compile(r"的(?:通知|意见|决定|批复|函|报告|公告|通告|实施方案|办法)$")


def normalize(raw: str) -> tuple[str, list[int]]:
    """Return the normalized text and, for each of its characters, the raw offset it came from.

    The offsets list has one more entry than the text: ``len(raw)``.
    """
    raw_lines = raw.splitlines(keepends=True)
    starts, pos = [], 0
    for line in raw_lines:
        starts.append(pos)
        pos += len(line)
    bare = [line.rstrip("\r\n") for line in raw_lines]
    width = _wrap_width(bare)
    drop = _furniture(bare)
    out: list[str] = []
    offs: list[int] = []

    def put(ch: str, at: int) -> None:
        ch = _fold(ch)
        if ch == " ":
            prev = out[-1] if out else "\n"
            if prev in " \n" or _is_cjk(prev):
                return
        elif _is_cjk(ch) and out and out[-1] == " ":
            out.pop()
            offs.pop()
        out.append(ch)
        offs.append(at)

    pending_break = False
    eol = 0  # raw offset of the line break after the last line written
    for i, line in enumerate(bare):
        text = line.strip()
        if i in drop or not text:
            continue
        lead = len(line) - len(line.lstrip())
        m = _DOUBLED.match(line)
        skip = len(m.group(2)) if m else 0  # a heading printed twice: keep the second copy
        if pending_break and out:
            while out and out[-1] == " ":
                out.pop()
                offs.pop()
            out.append("\n")
            offs.append(eol)
        elif out and _LATIN_END.match(out[-1]) and _LATIN_START.match(line[lead + skip]):
            put(" ", eol)  # an English sentence wrapped between two words
        for j in range(lead + skip, len(line.rstrip())):
            put(line[j], starts[i] + j)
        eol = starts[i] + len(line)
        # A PDF wrap: the line fills the width and does not end a sentence.
        joined = width is not None and len(text) >= 0.8 * width and text[-1] not in TERMINAL
        # a title or quotation left open at the line end continues on the next line: 《…行动计划（2024—
        opened = "".join(out[-120:]).rsplit("\n", 1)[-1]
        if opened.count("《") > opened.count("》") or opened.count("“") > opened.count("”"):
            joined = True
        nxt = next((b.strip() for b in bare[i + 1:] if b.strip()), "")
        # a notice's headline wrapped over two lines: 关于印发某某计划的 / 通知, 关于…和 / …的意见
        if re.match(r"(?:[\u4e00-\u9fff]{2,20})?关于", opened) and len(opened) <= 40 and text[-1] not in TERMINAL \
                and not _HEADLINE_END.search(opened) and len(nxt) <= 30 and _HEADLINE_END.search(nxt):
            joined = True
        pending_break = not joined or nxt[:1] in BULLETS
    while out and out[-1] in " \n":
        out.pop()
        offs.pop()
    offs.append(len(raw))
    return "".join(out), offs
