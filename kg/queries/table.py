"""Tables for a terminal: display widths of Chinese text, columns fitted to the terminal's width.

Wide (East Asian) characters take two columns. :func:`table` gives every column its natural
width, then narrows the widest columns until the table fits the terminal (``COLUMNS``): names
wrap onto more lines, the evidence sentence is shortened around the names it is about (whole
and wrapped with ``full``). No line is wider than the terminal unless a column cannot get
narrower than four characters.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Callable
from typing import Any

MIN_COL = 4  # narrowest a column gets
MAX_COL = 40  # widest a column other than the wide one gets (unless full)
MAX_WRAP = 3  # lines a wrapped cell takes at most (unless full)
# columns of names, which wrap onto more lines; the others are shortened on one line
WRAPPED = {"name", "entity", "segment", "firm", "via", "located_in", "issuer", "from", "to", "aliases", "matched"}


def width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def _cut(text: str, cols: int) -> str:
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > cols:
            break
        out.append(ch)
        used += w
    return "".join(out)


def clip(text: str, cols: int, focus: tuple[str, ...] = ()) -> str:
    """``text`` in at most ``cols`` columns; a cut is marked ``…`` and keeps the first ``focus``
    term that occurs in it in view (the entity's name in its evidence sentence)."""
    text = " ".join(str(text).split())
    if width(text) <= cols:
        return text
    if cols <= 1:
        return "…"[:cols]
    start = 0
    for term in focus:
        i = text.find(term) if term else -1
        if i >= 0:
            # put the term about a third into the window
            start = max(0, i - max(0, (cols - width(term)) // 3))
            break
    while start > 0 and width(text[start:]) < cols - 1:
        start -= 1
    head = "…" if start > 0 else ""
    body = _cut(text[start:], cols - width(head) - 1)
    if width(head + text[start:]) <= cols:
        return head + text[start:]
    return head + body + "…"


def wrap(text: str, cols: int, max_lines: int = 0) -> list[str]:
    """``text`` in lines of at most ``cols`` columns (``max_lines`` > 0: the last one ends ``…``)."""
    text = " ".join(str(text).split())
    lines: list[str] = []
    rest = text
    while rest:
        if max_lines and len(lines) == max_lines - 1 and width(rest) > cols:
            lines.append(_cut(rest, cols - 1) + "…")
            break
        piece = _cut(rest, cols) or rest[0]
        lines.append(piece)
        rest = rest[len(piece):].lstrip()
    return lines or [""]


def cell(value: Any) -> str:
    """A value as table text: nodes as ``name (Label)``, relationships as ``TYPE``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        if "_label" in value:
            return f"{value.get('name') or value.get('metric') or value.get('iri', '')} ({value['_label']})"
        if "_type" in value:
            return f"[{value['_type']}] {value.get('evidence', '')}".strip()
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, list):
        return "[" + ", ".join(cell(v) for v in value) + "]"
    return " ".join(str(value).split())


def terminal_width() -> int:
    """The terminal's width (``COLUMNS`` first), at least 40."""
    return max(40, shutil.get_terminal_size((120, 24)).columns)


def fit(natural: list[int], available: int, wide: int | None, full: bool) -> list[int]:
    """Column widths that fit ``available`` columns: the widest columns give way first; the wide
    column (the evidence) counts as half as wide, so it keeps the most room."""
    cols = [n if full or i == wide else min(n, MAX_COL) for i, n in enumerate(natural)]
    floor = [min(n, MIN_COL) for n in natural]
    while sum(cols) > available:
        shrinkable = [i for i in range(len(cols)) if cols[i] > floor[i]]
        if not shrinkable:
            break
        i = max(shrinkable, key=lambda j: (cols[j] / 2 if j == wide else cols[j], -j))
        cols[i] -= 1
    return cols


def table(rows: list[dict], columns: list[str], total: int | None = None, full: bool = False,
          focus: Callable[[dict], tuple] = lambda row: (), wide: str = "evidence",
          indent: str = "  ", headers: dict[str, str] | None = None) -> list[str]:
    """Aligned lines for ``rows``, fitted to ``total`` columns (default: the terminal's width)."""
    headers = headers or {}
    titles = [headers.get(c, c) for c in columns]
    texts = [[cell(r.get(c)) for c in columns] for r in rows]
    term = total or terminal_width()
    natural = [max([width(titles[i]), *(width(t[i]) for t in texts)]) for i in range(len(columns))]
    w = columns.index(wide) if wide in columns else None
    available = term - width(indent) - 2 * (len(columns) - 1)
    cols = fit(natural, available, w, full)
    sep = "  "
    lines = [(indent + sep.join(pad(clip(t, cols[i]), cols[i]) for i, t in enumerate(titles))).rstrip(),
             indent + sep.join("─" * cols[i] for i in range(len(columns)))]
    for r, t in zip(rows, texts, strict=True):
        parts: list[list[str]] = []
        for i in range(len(columns)):
            if full:
                parts.append(wrap(t[i], cols[i]))
            elif i == w:
                parts.append([clip(t[i], cols[i], tuple(x for x in focus(r) if x))])
            elif columns[i] in WRAPPED:
                parts.append(wrap(t[i], cols[i], MAX_WRAP))
            else:
                parts.append([clip(t[i], cols[i])])
        for k in range(max(len(p) for p in parts)):
            lines.append((indent + sep.join(pad(p[k] if k < len(p) else "", cols[i])
                                            for i, p in enumerate(parts))).rstrip())
    return lines
