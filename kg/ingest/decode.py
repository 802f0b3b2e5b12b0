"""Decode a corpus file: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK by detection."""

from __future__ import annotations

from pathlib import Path


class DecodeError(ValueError):
    """The file is not text in an encoding ``kg`` reads."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a text file.

    >>> decode_bytes("河南".encode("gb18030"))
    ('河南', 'gb18030')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(enc), enc
    if _looks_binary(data):
        raise DecodeError("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"neither UTF-8 nor GB18030 (byte {exc.start})") from None
    # GB18030 decodes almost any byte string: require mostly CJK or ASCII text.
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or c.isascii() or "\u3000" <= c <= "\u303f"
              or "\uff00" <= c <= "\uffef")
    if text and cjk / len(text) < 0.9:
        raise DecodeError("undecodable text (not UTF-8, GB18030 gives no Chinese)")
    return text, "gb18030"


def decode_file(path: Path) -> tuple[str, str]:
    """Read and decode one file; raises :class:`DecodeError` with a one-line reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DecodeError(f"cannot read: {exc.strerror}") from None
    if not data.strip():
        raise DecodeError("empty file")
    return decode_bytes(data)
