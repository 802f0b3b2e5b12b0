"""A cache of the per-document stage's results, one JSON file per document.

An entry is keyed by the SHA-256 of the document's name and normalized text, of the code the
per-document stage runs (:func:`code_version`) and of the model it uses (:func:`model_version`),
so an edited document, a changed recognizer or another model misses the cache. Entries are plain
JSON (sentence offsets, token lengths, mentions), never pickles: loading one runs no code. A
corrupt or foreign entry is recomputed, never trusted.

Layout: ``DIR/<first two hex digits>/<key>.json``. A build reads the cache of the previous build
(``OUT/cache``) and writes the entries of its own documents into the new ``OUT/cache``, so the
cache holds exactly the current corpus.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import re
from dataclasses import astuple, fields
from pathlib import Path

from kg.extract.document import DocumentReading
from kg.model import Document, Mention, Sentence

FORMAT = 1
_VERSION = re.compile(r"^__version__ = ['\"]([^'\"]+)['\"]", re.M)
_MENTION_FIELDS = len(fields(Mention))


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code and data the per-document stage depends on (kg/extract, the sentence
    splitter, the data model, kg/data, the jieba version)."""
    root = Path(__file__).resolve().parent
    files = sorted([*(root / "extract").glob("*.py"), root / "ingest" / "split.py", root / "model.py",
                    *(p for p in (root / "data").iterdir() if p.is_file())])
    h = hashlib.sha256(f"format {FORMAT}; jieba {jieba_version()}".encode())
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def jieba_version() -> str:
    """``jieba.__version__``, read from jieba's ``__init__.py`` without importing it (the import
    takes about 0.2 s, and a build whose documents are all cached never needs jieba)."""
    spec = importlib.util.find_spec("jieba")
    if spec is not None and spec.origin:
        with contextlib.suppress(OSError):
            found = _VERSION.search(Path(spec.origin).read_text(encoding="utf-8"))
            if found:
                return found.group(1)
    import jieba

    return jieba.__version__


def model_version(path: Path | str | None) -> str:
    """A hash of a model folder's files (names and contents), or ``"none"``."""
    if path is None:
        return "none"
    path = Path(path)
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in files:
        h.update(p.relative_to(path if path.is_dir() else path.parent).as_posix().encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def reading_key(doc: Document, code: str, model: str) -> str:
    h = hashlib.sha256(f"{code}\0{model}\0{doc.name}\0".encode())
    h.update(doc.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def encode(reading: DocumentReading, doc: Document, key: str) -> str:
    """An entry's JSON text: sentence offsets, token lengths (or the tokens when they do not
    spell the sentence), mentions as field lists."""
    tokens = []
    for s, toks in zip(reading.sentences, reading.tokens, strict=True):
        tokens.append([len(t) for t in toks] if "".join(toks) == s.text else list(toks))
    entry = {
        "format": FORMAT, "key": key, "doc": doc.name,
        "sentences": [[s.start, s.end] for s in reading.sentences],
        "texts": {str(i): s.text for i, s in enumerate(reading.sentences) if s.text != doc.text[s.start:s.end]},
        "tokens": tokens,
        "mentions": [[list(astuple(m)) for m in ms] for ms in reading.mentions],
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def decode(data: str, doc: Document, key: str) -> DocumentReading:
    """The reading an entry holds; ``ValueError`` (or another exception) when it is not a
    well-formed entry for this document and key."""
    entry = json.loads(data)
    if entry.get("format") != FORMAT or entry.get("key") != key or entry.get("doc") != doc.name:
        raise ValueError("entry for another document, key or format")
    spans, texts = entry["sentences"], entry.get("texts", {})
    if not (len(spans) == len(entry["tokens"]) == len(entry["mentions"])):
        raise ValueError("sentences, tokens and mentions differ in number")
    sentences = []
    for i, (start, end) in enumerate(spans):
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(doc.text)):
            raise ValueError("sentence offsets outside the document")
        sentences.append(Sentence(doc.name, i, texts.get(str(i), doc.text[start:end]), start, end))
    reading = DocumentReading(doc.name, sentences)
    for s, toks in zip(sentences, entry["tokens"], strict=True):
        if all(isinstance(t, int) for t in toks):
            out, at = [], 0
            for n in toks:
                out.append(s.text[at:at + n])
                at += n
            if at != len(s.text):
                raise ValueError("token lengths do not spell the sentence")
            toks = out
        elif not all(isinstance(t, str) for t in toks):
            raise ValueError("tokens are neither lengths nor strings")
        reading.tokens.append(toks)
    for row in entry["mentions"]:
        ms = []
        for m in row:
            if len(m) != _MENTION_FIELDS or not isinstance(m[2], int) or not isinstance(m[3], int):
                raise ValueError("malformed mention")
            ms.append(Mention(*m))
        reading.mentions.append(ms)
    return reading


class ReadingCache:
    """Entries read from ``sources`` (the first that has a key wins) and written to ``target``.

    Counts ``hits``, ``misses`` and ``corrupt`` (entries found but unusable, recomputed)."""

    def __init__(self, target: Path, sources: list[Path] | None = None, model_path: Path | str | None = None,
                 label: str | None = None):
        self.target = Path(target)
        self.label = label or str(target)  # how the report names it
        self.sources = [Path(p) for p in (sources if sources is not None else [target])]
        self.code = code_version()
        self.model = model_version(model_path)
        self.hits = self.misses = self.corrupt = 0

    def key(self, doc: Document) -> str:
        return reading_key(doc, self.code, self.model)

    def _path(self, root: Path, key: str) -> Path:
        return root / key[:2] / f"{key}.json"

    def get(self, doc: Document) -> DocumentReading | None:
        """The cached reading of ``doc``, carried into ``target``; None on a miss."""
        key = self.key(doc)
        for root in self.sources:
            path = self._path(root, key)
            try:
                data = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            try:
                reading = decode(data, doc, key)
            except Exception:  # any malformed entry: recompute it
                self.corrupt += 1
                continue
            self.hits += 1
            if root != self.target:
                self._carry(path, key, data)
            return reading
        self.misses += 1
        return None

    def put(self, doc: Document, reading: DocumentReading) -> None:
        key = self.key(doc)
        self._write(key, encode(reading, doc, key))

    def _carry(self, found: Path, key: str, data: str) -> None:
        """Put an entry read from another folder into ``target``: a hard link to the file read
        (its bytes were just checked), else a copy."""
        path = self._path(self.target, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            os.link(found, tmp)
        except OSError:
            self._write(key, data)
            return
        os.replace(tmp, path)

    def _write(self, key: str, data: str) -> None:
        path = self._path(self.target, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, path)  # readers see the old entry or the new one, never half of one

    def stats(self) -> dict:
        return {"path": self.label, "hits": self.hits, "misses": self.misses, "corrupt": self.corrupt}

