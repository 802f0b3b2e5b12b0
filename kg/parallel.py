"""The per-document map: every document's reading (:func:`kg.extract.document.read_document`),
from the cache, serially, in worker processes or on a Dask cluster.

The readings come back in the documents' order whichever way they were computed, so the
corpus stages that follow (:func:`kg.extract.pipeline.extract`) see the same input and the build
writes the same bytes. A model is passed as a folder path and loaded once in each worker
(``kg.extract.learned.load_model``), never pickled.

Example::

    readings, stats = read_corpus(docs, ReadOptions(workers=2), cache=ReadingCache(Path("cache")))
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.extract.document import DocumentReading, read_document
from kg.model import Document
from kg.reading_cache import ReadingCache

Progress = Callable[[str], None]


class ReadError(RuntimeError):
    """The map cannot run as asked (Dask missing, scheduler unreachable, model not loadable)."""


@dataclass
class ReadOptions:
    """How the per-document stage runs.

    ``workers``: local worker processes (None: the CPU count when there are at least
    :data:`PARALLEL_MIN_CHARS` characters to read, else this process; 1: in this process).
    ``scheduler``: a Dask scheduler address (``tcp://host:8786``); ``dask_local``: start a Dask
    LocalCluster of that many worker processes on this machine. ``cache``: keep readings
    (``kg build`` puts them in ``OUT/cache``; ``cache_dir`` elsewhere). ``model_path``: a learned
    model's folder."""

    workers: int | None = None
    scheduler: str | None = None
    dask_local: int | None = None
    cache: bool = True
    cache_dir: Path | None = None
    model_path: Path | None = None


# A worker process first loads jieba's dictionary and the model (~1.5 s), so below this many
# characters to read (about 0.6 MB of Chinese text; the sample corpus holds ~80,000) a default
# build reads in its own process, which is faster on two cores.
PARALLEL_MIN_CHARS = 200_000


def default_workers(chars: int) -> int:
    """Worker processes for ``chars`` characters to read when ``--workers`` is not given."""
    return (os.cpu_count() or 1) if chars >= PARALLEL_MIN_CHARS else 1


# ------------------------------------------------------------------------------- in the worker
_MODELS: dict[str, object] = {}


def load_model(path: str | None):
    """The model of a folder, loaded once per process (None: no model)."""
    if path is None:
        return None
    if path not in _MODELS:
        try:
            from kg.extract.learned import load_model as load
        except ImportError:
            raise ReadError("learned models are not available in this version of kg") from None
        _MODELS[path] = load(Path(path))
    return _MODELS[path]


def read_one(name: str, text: str, model_path: str | None = None) -> DocumentReading:
    """One document's reading from its name and normalized text (what a worker is sent)."""
    return read_document(Document(name=name, raw="", encoding="", text=text, offsets=[]), load_model(model_path))


def _read_payload(payload: tuple[str, str, str | None]) -> DocumentReading:
    return read_one(*payload)


# ------------------------------------------------------------------------------------ the maps
def _serial(payloads, say: Progress) -> list[DocumentReading]:
    out = []
    for n, p in enumerate(payloads, 1):
        out.append(_read_payload(p))
        say(f"read {n}/{len(payloads)} documents")
    return out


def _processes(payloads, workers: int, say: Progress) -> list[DocumentReading]:
    from concurrent.futures import ProcessPoolExecutor

    if multiprocessing.get_start_method() == "fork":  # the children inherit jieba's dictionary
        from kg.extract.lexicon import tokenizer

        tokenizer()
    out = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for n, r in enumerate(pool.map(_read_payload, payloads, chunksize=1), 1):
            out.append(r)
            say(f"read {n}/{len(payloads)} documents ({workers} worker processes)")
    return out


def dask_client(scheduler: str | None, local: int | None):
    """A ``distributed.Client`` on ``scheduler`` or on a new LocalCluster of ``local`` worker
    processes on the loopback address; the caller closes it (and its cluster)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ReadError("Dask is not installed: pip install 'kg[dask]' (dask.distributed)") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ReadError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=local, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster)


def _dask(payloads, scheduler: str | None, local: int | None, say: Progress) -> tuple[list[DocumentReading], int]:
    from distributed import as_completed

    client = dask_client(scheduler, local)
    try:
        workers = len(client.scheduler_info().get("workers", {}))
        futures = client.map(_read_payload, payloads, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        out: list[DocumentReading | None] = [None] * len(payloads)
        for n, f in enumerate(as_completed(futures), 1):
            out[index[f.key]] = f.result()
            say(f"read {n}/{len(payloads)} documents (Dask, {workers} workers)")
        return out, workers  # type: ignore[return-value]
    finally:
        cluster = client.cluster if local else None
        client.close()
        if cluster is not None:
            cluster.close()


def read_corpus(documents: list[Document], options: ReadOptions | None = None, cache: ReadingCache | None = None,
                progress: Progress | None = None) -> tuple[list[DocumentReading], dict]:
    """The reading of every document, in order; and what the map did (for ``report.json``)."""
    options = options or ReadOptions()
    say = progress or (lambda _m: None)
    t0 = time.perf_counter()
    model = str(options.model_path) if options.model_path is not None else None
    if model is not None:
        load_model(model)  # fail here, once, with a clear error
    readings: list[DocumentReading | None] = [None] * len(documents)
    todo: list[int] = []
    for i, d in enumerate(documents):
        hit = cache.get(d) if cache is not None else None
        if hit is None:
            todo.append(i)
        else:
            readings[i] = hit
    if cache is not None and cache.hits:
        say(f"{cache.hits} of {len(documents)} documents read from the cache")
    payloads = [(documents[i].name, documents[i].text, model) for i in todo]
    dask = bool(options.scheduler or options.dask_local)
    workers = options.workers or default_workers(sum(len(p[1]) for p in payloads))
    if dask and payloads:
        done, workers = _dask(payloads, options.scheduler, options.dask_local, say)
        mode = "dask"
    elif workers > 1 and len(payloads) > 1:
        workers = min(workers, len(payloads))
        done, mode = _processes(payloads, workers, say), "processes"
    else:
        done, mode, workers = _serial(payloads, say), "serial", 1
    for i, r in zip(todo, done, strict=True):
        readings[i] = r
        if cache is not None:
            cache.put(documents[i], r)
    stats = {"mode": mode, "workers": workers, "documents": len(documents), "computed": len(todo),
             "seconds": round(time.perf_counter() - t0, 3)}
    if cache is not None:
        stats["cache"] = cache.stats()
    return readings, stats  # type: ignore[return-value]


def build_cache(out: Path, tmp: Path, options: ReadOptions) -> ReadingCache | None:
    """The cache a build uses: ``options.cache_dir``, or the previous build's ``OUT/cache``
    read and the new build's ``OUT.partial/cache`` written."""
    if not options.cache:
        return None
    if options.cache_dir is not None:
        return ReadingCache(Path(options.cache_dir), model_path=options.model_path)
    return ReadingCache(tmp / "cache", sources=[tmp / "cache", out / "cache"], model_path=options.model_path,
                        label=str(out / "cache"))
