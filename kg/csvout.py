"""Every CSV that ``kg`` writes goes through here: UTF-8 with a BOM, formula cells escaped.

Spreadsheets (Excel on Windows above all) run a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula. Following OWASP's CSV-injection advice, such a cell is
written with a single quote in front (``=1+1`` → ``'=1+1``). Plain numbers (``-3.5``, ``+2``,
``1e-3``) are left alone: they are not formulas and the contract's ``value`` column must stay a
number for ``float()``. Cells holding a carriage return or a line feed are always quoted, so a
stray ``\\r`` in a file name cannot split a row. Files get a UTF-8 BOM so that Excel reads the
Chinese text correctly; readers that use ``encoding="utf-8-sig"`` (the scorer does) skip it.

Example::

    from kg.csvout import write_csv, writer
    write_csv("out/facts/x.csv", ["name", "value"], [["郑州", -3.5], ["=cmd()", 1]])
    with open("x.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = writer(fh)
        w.writerow(["name"])
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

ENCODING = "utf-8-sig"  # writes the BOM; pass it to open() when writing a CSV file yourself
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def escape_cell(value: Any) -> str:
    """The text of one cell: ``None`` → ``""``; a formula-looking text → prefixed with ``'``."""
    text = "" if value is None else value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def plain_cell(value: Any) -> str:
    """The text of one cell without escaping (load files read by machines, not spreadsheets)."""
    return "" if value is None else value if isinstance(value, str) else str(value)


class Writer:
    """A ``csv.writer`` look-alike: rows of values, escaped (unless ``escape=False``), ``\\n`` lines."""

    def __init__(self, fh: IO[str], *, escape: bool = True):
        self._fh = fh
        self._cell = escape_cell if escape else plain_cell
        self._buf = io.StringIO()
        # "\r\n" as terminator makes the csv module quote any cell holding "\r" or "\n";
        # each row is then written with a plain "\n".
        self._csv = csv.writer(self._buf, lineterminator="\r\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._buf.seek(0)
        self._buf.truncate()
        self._csv.writerow([self._cell(v) for v in row])
        self._fh.write(self._buf.getvalue()[:-2] + "\n")

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter:
    """A ``csv.DictWriter`` look-alike on :class:`Writer`; missing keys give empty cells."""

    def __init__(self, fh: IO[str], fieldnames: Sequence[str], *, escape: bool = True):
        self.fieldnames = list(fieldnames)
        self._w = Writer(fh, escape=escape)

    def writeheader(self) -> None:
        self._w.writerow(self.fieldnames)

    def writerow(self, row: Mapping[str, Any]) -> None:
        self._w.writerow([row.get(c) for c in self.fieldnames])

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh: IO[str], *, escape: bool = True) -> Writer:
    """A row writer on an open text file (open it with ``encoding=ENCODING, newline=""``)."""
    return Writer(fh, escape=escape)


def dict_writer(fh: IO[str], fieldnames: Sequence[str], *, escape: bool = True) -> DictWriter:
    """A dict-row writer on an open text file (open it with ``encoding=ENCODING, newline=""``)."""
    return DictWriter(fh, fieldnames, escape=escape)


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any] | Mapping[str, Any]],
              *, escape: bool = True, bom: bool = True) -> int:
    """Write ``header`` and ``rows`` (sequences, or mappings keyed by the header) to ``path``;
    return the number of data rows."""
    n = 0
    with Path(path).open("w", encoding=ENCODING if bom else "utf-8", newline="") as fh:
        w = Writer(fh, escape=escape)
        w.writerow(header)
        for row in rows:
            w.writerow([row.get(c) for c in header] if isinstance(row, Mapping) else row)
            n += 1
    return n


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, escape: bool = True) -> str:
    """The CSV text of ``header`` and ``rows`` (no BOM: for standard output)."""
    buf = io.StringIO()
    w = Writer(buf, escape=escape)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()
