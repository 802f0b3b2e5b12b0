"""Safety: nothing lost, nothing leaked (issue 12).

CSV cells are escaped against formula injection; builds never destroy data they did not write;
one bad input file is skipped or decoded lossily while the rest is built; ``kg query`` is
read-only on both backends; credentials never reach a message.
"""

from __future__ import annotations

import csv
import io

import pytest

from kg import csvout


# ------------------------------------------------------------------------------------------ CSV
@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-", "'-"),
    ("-3.5", "-3.5"), ("+2", "+2"), ("1e-3", "1e-3"), ("-.5", "-.5"), (-3.5, "-3.5"),
    ("郑州", "郑州"), ("a=b", "a=b"), (None, ""), ("", ""),
])
def test_csv_cell_escaping(cell, written):
    assert csvout.escape_cell(cell) == written


def test_csv_file_has_bom_and_rows_survive_cr(tmp_path):
    path = tmp_path / "x.csv"
    n = csvout.write_csv(path, ["doc", "value"], [["a\rb.txt", -3.5], {"doc": "=HYPERLINK()", "value": 2}])
    raw = path.read_bytes()
    assert n == 2 and raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw.replace(b'"a\rb.txt"', b"")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["doc", "value"], ["a\rb.txt", "-3.5"], ["'=HYPERLINK()", "2"]]
    assert float(rows[1][1]) == -3.5


def test_csv_text_for_stdout_has_no_bom():
    text = csvout.csv_text(["a"], [["@x"], [None]])
    assert text == "a\n'@x\n\"\"\n"
    assert list(csv.reader(io.StringIO(text)))[1] == ["'@x"]
