"""Load a corpus folder: every ``.txt``/``.md`` file, decoded and normalized, in name order."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kg.ingest.decode import DecodeError, decode_file
from kg.ingest.normalize import normalize
from kg.model import Document

log = logging.getLogger("kg")
SUFFIXES = (".txt", ".md")


class CorpusError(ValueError):
    """The corpus cannot be read at all (missing folder, no usable file)."""


def corpus_files(folder: Path) -> list[Path]:
    if not folder.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"not a folder: {folder}")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise CorpusError(f"no .txt or .md files in {folder}")
    return files


def load_document(path: Path, name: str | None = None) -> Document:
    raw, encoding = decode_file(path)
    text, offsets = normalize(raw)
    return Document(name=name or path.name, raw=raw, encoding=encoding, text=text, offsets=offsets)


def load_corpus(folder: Path, warn: Callable[[str], None] | None = None) -> list[Document]:
    """Decode every file of ``folder``; a file that cannot be read is skipped with a warning."""
    docs = []
    for path in corpus_files(folder):
        name = path.relative_to(folder).as_posix()
        try:
            doc = load_document(path, name)
        except DecodeError as exc:
            (warn or log.warning)(f"skipped {name}: {exc}")
            continue
        if not doc.text.strip():
            (warn or log.warning)(f"skipped {name}: no text after normalization")
            continue
        docs.append(doc)
    if not docs:
        raise CorpusError(f"no readable document in {folder}")
    return docs
