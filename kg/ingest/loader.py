"""Load a corpus folder: every ``.txt``/``.md`` file, decoded and normalized, in name order.

One bad entry never stops the load: a file that cannot be decoded, a folder that cannot be
listed, a symbolic link that leaves the corpus folder (not followed) and a folder holding a
``kg`` build are each skipped with a one-line warning. The tree is walked without recursion, so
any depth works. File names with undecodable bytes or control characters are shown escaped
(``\\xff``, ``\\x0d``), so that they can be written to JSON, RDF and CSV.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.ingest.decode import DecodeError, read_decoded
from kg.ingest.normalize import normalize
from kg.model import Document

log = logging.getLogger("kg")
SUFFIXES = (".txt", ".md")
BUILD_MARKER = ".kg-build.json"  # written by kg/build.py into every build folder


class CorpusError(ValueError):
    """The corpus cannot be read at all (missing folder, no usable file)."""


@dataclass
class CorpusFile:
    """A file to read: where it is, and the name it has in the build (relative, ``/``-separated)."""

    path: Path
    name: str


def display_name(text: str) -> str:
    """``text`` with undecodable bytes (surrogate escapes) and control characters written as ``\\xNN``.

    >>> display_name("a\\udcff\\r.txt")
    'a\\\\xff\\\\x0d.txt'
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or 0x7F <= code < 0xA0 or unicodedata.category(ch) in ("Cs", "Cc"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def walk_corpus(folder: Path, warn: Callable[[str], None]) -> list[CorpusFile]:
    """Every ``.txt``/``.md`` file under ``folder``, sorted by relative path; problems go to ``warn``."""
    root = os.path.realpath(folder)
    files: list[tuple[tuple[str, ...], Path]] = []
    seen_dirs: set[tuple[int, int]] = set()
    stack: list[tuple[str, tuple[str, ...]]] = [(str(folder), ())]
    while stack:
        where, parts = stack.pop()
        shown = "/".join(display_name(p) for p in parts) or "."
        try:
            st = os.stat(where)
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            if parts and os.path.exists(os.path.join(where, BUILD_MARKER)):
                warn(f"skipped {shown}/: a kg build folder, not corpus")
                continue
            with os.scandir(where) as it:
                entries = list(it)
        except OSError as exc:
            warn(f"skipped {shown}/: cannot list folder: {exc.strerror or exc}")
            continue
        for entry in entries:
            rel = (*parts, entry.name)
            name = "/".join(display_name(p) for p in rel)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:
                warn(f"skipped {name}: cannot read entry: {exc.strerror or exc}")
                continue
            wanted = is_dir or entry.name.lower().endswith(SUFFIXES)
            if is_link and wanted:
                target = os.path.realpath(entry.path)
                if not _inside(target, root):
                    warn(f"skipped {name}: symbolic link to a place outside the corpus folder, not followed")
                    continue
                if not (is_dir or is_file):
                    warn(f"skipped {name}: broken symbolic link")
                    continue
            if is_dir:
                stack.append((entry.path, rel))
            elif is_file and wanted:
                files.append((rel, Path(entry.path)))
    files.sort(key=lambda f: f[0])
    out: list[CorpusFile] = []
    taken: set[str] = set()
    for rel, path in files:
        name = base = "/".join(display_name(p) for p in rel)
        n = 1
        while name in taken:  # two escaped names that came out alike
            n += 1
            name = f"{base}~{n}"
        taken.add(name)
        out.append(CorpusFile(path, name))
    return out


def corpus_files(folder: Path, warn: Callable[[str], None] | None = None) -> list[CorpusFile]:
    """The corpus files of ``folder``; raises :class:`CorpusError` when there are none."""
    if not folder.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"not a folder: {folder}")
    files = walk_corpus(folder, warn or log.warning)
    if not files:
        raise CorpusError(f"no .txt or .md files in {folder}")
    return files


def load_document(path: Path, name: str | None = None) -> Document:
    """Read, decode and normalize one file (:class:`DecodeError` when it is not text)."""
    d = read_decoded(path)
    text, offsets = normalize(d.text)
    repairs = {}
    if d.replaced:
        repairs = {"replacement_characters": d.replaced, "first_bad_byte": d.first_bad}
    if d.controls:
        repairs["control_characters"] = d.controls
    return Document(name=name or display_name(path.name), raw=d.text, encoding=d.encoding, text=text,
                    offsets=offsets, repairs=repairs)


def load_corpus(folder: Path, warn: Callable[[str], None] | None = None) -> list[Document]:
    """Decode every file of ``folder``; a file that cannot be read is skipped with a warning."""
    say = warn or log.warning
    docs = []
    for f in corpus_files(folder, say):
        try:
            doc = load_document(f.path, f.name)
        except DecodeError as exc:
            say(f"skipped {f.name}: {exc}")
            continue
        except (OSError, MemoryError) as exc:
            say(f"skipped {f.name}: cannot read: {getattr(exc, 'strerror', None) or exc}")
            continue
        if not doc.text.strip():
            say(f"skipped {f.name}: no text after normalization")
            continue
        if doc.repairs.get("replacement_characters"):
            say(f"repaired {f.name}: {doc.repairs['replacement_characters']} undecodable byte sequence(s) "
                f"replaced by U+FFFD, the first at byte {doc.repairs['first_bad_byte']}")
        if doc.repairs.get("control_characters"):
            say(f"repaired {f.name}: {doc.repairs['control_characters']} control character(s) (NUL…) "
                "read as spaces")
        docs.append(doc)
    if not docs:
        raise CorpusError(f"no readable document in {folder}")
    return docs
