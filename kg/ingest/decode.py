"""Decode a corpus file: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK by detection.

A file with a few undecodable bytes (at most 1 % of them) is decoded lossily: each bad byte
sequence becomes U+FFFD, and the count and the byte offset of the first one are kept so that the
build can report them. A file that is not text at all raises :class:`DecodeError` with a one-line
reason and the byte offset of the first problem.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass
from pathlib import Path

MAX_BAD_FRACTION = 0.01  # more undecodable bytes than this: not text in that encoding
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_seen = threading.local()


def _count_and_replace(exc: UnicodeDecodeError) -> tuple[str, int]:
    _seen.bad.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("kg-count-replace", _count_and_replace)


class DecodeError(ValueError):
    """The file is not text in an encoding ``kg`` reads."""


@dataclass
class Decoded:
    """Decoded text, its encoding, and how many byte sequences were replaced (first at ``first_bad``,
    a byte offset in the file); ``controls`` counts control characters other than tab and line ends."""

    text: str
    encoding: str
    replaced: int = 0
    first_bad: int | None = None
    controls: int = 0


def _lossy(data: bytes, encoding: str) -> tuple[str, list[int]]:
    _seen.bad = []
    try:
        return data.decode(encoding, errors="kg-count-replace"), _seen.bad
    finally:
        _seen.bad = []


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    nuls = sample.count(0)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return nuls > 0.01 * len(sample) or controls / len(sample) > 0.05


def _mostly_chinese(text: str) -> bool:
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or c.isascii() or "\u3000" <= c <= "\u303f"
              or "\uff00" <= c <= "\uffef")
    return not text or cjk / len(text) >= 0.9


def _done(text: str, encoding: str, bad: list[int] = (), shift: int = 0) -> Decoded:
    return Decoded(text, encoding, len(bad), bad[0] + shift if bad else None, len(_CONTROL.findall(text)))


def decode(data: bytes) -> Decoded:
    """Decode the bytes of a text file; raise :class:`DecodeError` when they are not text."""
    limit = max(1, int(MAX_BAD_FRACTION * len(data)))
    for bom, enc, label in ((b"\xef\xbb\xbf", "utf-8", "utf-8-sig"), (b"\xff\xfe", "utf-16-le", "utf-16-le"),
                            (b"\xfe\xff", "utf-16-be", "utf-16-be")):
        if data.startswith(bom):
            text, bad = _lossy(data[len(bom):], enc)
            if len(bad) > limit:
                raise DecodeError(f"not {label} text: {len(bad)} undecodable byte sequences, "
                                  f"the first at byte {bad[0] + len(bom)}")
            return _done(text, label, bad, len(bom))
    if _looks_binary(data):
        first = next((i for i, b in enumerate(data[:4096]) if b < 32 and b not in (9, 10, 12, 13, 27)), 0)
        raise DecodeError(f"binary file, not text (control byte at byte {first})")
    text, bad = _lossy(data, "utf-8")
    if not bad:
        return _done(text, "utf-8")
    non_ascii = sum(1 for c in text if c > "\x7f") - len(bad)
    if len(bad) <= limit and non_ascii >= 10 * len(bad):  # UTF-8 with a few bad bytes
        return _done(text, "utf-8", bad)
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    if gb is not None and _mostly_chinese(gb):  # GB18030 decodes almost any bytes: require Chinese
        return _done(gb, "gb18030")
    if len(bad) <= limit:
        return _done(text, "utf-8", bad)
    raise DecodeError(f"neither UTF-8 nor GB18030: {len(bad)} undecodable byte sequences as UTF-8, "
                      f"the first at byte {bad[0]}")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a text file.

    >>> decode_bytes("河南".encode("gb18030"))
    ('河南', 'gb18030')
    """
    d = decode(data)
    return d.text, d.encoding


def read_decoded(path: Path) -> Decoded:
    """Read and decode one file; raises :class:`DecodeError` with a one-line reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DecodeError(f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise DecodeError("empty file")
    return decode(data)


def decode_file(path: Path) -> tuple[str, str]:
    """Read and decode one file: ``(text, encoding)``."""
    d = read_decoded(path)
    return d.text, d.encoding
