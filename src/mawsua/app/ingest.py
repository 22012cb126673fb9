"""Ingest: paths in, articles stored, one summary out.

Records are read lazily, processed in bounded batches (in worker processes when asked) and
written to the store one transaction per batch, so memory stays bounded whatever the input
size. One broken record is reported and skipped; the rest land.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing as mp
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from mawsua.annotate import ner
from mawsua.annotate.entities import preload_tables as preload_entity_tables
from mawsua.annotate.language import preload as preload_language_models
from mawsua.app import alerts, outlets, store_pairs
from mawsua.app.connect import connect_added, connect_pending
from mawsua.app.pipeline import process
from mawsua.arabic.fold import tokens
from mawsua.connect.features import Features, features
from mawsua.errors import Failed, MawsuaError, Ok, Skipped
from mawsua.model import Article
from mawsua.model.raw import RawItem
from mawsua.model.results import AddResult
from mawsua.sources import read_bytes
from mawsua.sources.archives import read_any
from mawsua.store.sqlite import Prepared, SqliteStore

#: Records written per transaction. Each result waiting in the parent (a :class:`Prepared`:
#: FTS columns, text, desk rows, connect features) holds ~50 KB of Python objects, so the
#: writer's batch and the results queued behind it are most of the parent's memory: 250
#: rather than 1,000 keeps ~50-70 MB less at the peak (``bench/bench_memory.py``); a commit
#: per 250 articles costs the writer nothing measurable.
BATCH_SIZE = 250
#: Records per worker task (amortises inter-process overhead).
CHUNK_SIZE = 50
#: Most records read but not yet handed back, with worker processes: one batch being written
#: and one being processed (the writer, ~2-3 ms an article, keeps ahead of two workers); each
#: waiting record holds ~8 KB and each result ~50 KB in the parent.
IN_FLIGHT = 2 * BATCH_SIZE


@dataclass
class IngestSummary:
    """What an ingest run did. ``read == added + duplicates + skipped_count + len(failed)``.

    ``failed`` and ``skipped`` hold ``{"path", "code", "reason"}`` dicts (path is
    ``file:LINE`` for a record of a JSONL file).
    """

    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    unconnected: list[dict[str, str]] = field(default_factory=list)
    reconnected: int = 0
    warnings: dict[str, int] = field(default_factory=dict)
    connected: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``read, added, duplicates, skipped`` (a count), ``skipped_items``,
        ``failed`` (a list of ``{path, code, reason}``), ``unconnected`` (articles stored but
        not connected to duplicates and stories, ``{path, code: E_CONNECT, reason}``),
        ``reconnected`` (articles a killed earlier run had stored without connecting them,
        connected by this run before anything else), ``warnings`` (added articles per coded
        warning: ``{"W_BAD_DATE": 3}``); for ``bulk``, which connects after storing, also
        ``connected`` (articles its final pass connected, this run's and earlier ones')."""
        out: dict[str, Any] = {
            "read": self.read,
            "added": self.added,
            "duplicates": self.duplicates,
            "skipped": len(self.skipped),
            "skipped_items": self.skipped,
            "failed": self.failed,
            "unconnected": self.unconnected,
            "reconnected": self.reconnected,
            "warnings": dict(sorted(self.warnings.items())),
        }
        if self.connected is not None:
            out["connected"] = self.connected
        return out

    @property
    def exit_code(self) -> int:
        """0 when anything was added or was already there, 1 when nothing could be read."""
        return 0 if (self.added or self.duplicates) else 1


def iter_items(paths: Iterable[str | os.PathLike[str]], max_bytes: int | None = None) -> Iterator[Any]:
    """All records of all ``paths`` (files or directories, walked recursively), in order;
    gzipped JSON Lines and WARC files are read by their name
    (:func:`mawsua.sources.archives.read_any`)."""
    for p in paths:
        if max_bytes is None:
            yield from read_any(p)
        else:
            yield from read_any(p, max_bytes=max_bytes)


def process_all(items: Iterable[Any], workers: int = 1,
                fn: Callable[[Any], Any] = process) -> Iterator[Any]:
    """Map ``fn`` (default :func:`mawsua.app.pipeline.process`) over ``items`` in order, in
    ``workers`` processes.

    With several workers the reader runs ahead of the consumer by at most :data:`IN_FLIGHT`
    records (a semaphore gates the pool's feeder thread), so workers keep processing while the
    caller stores results, and memory stays bounded whatever the input size.
    """
    it = iter(items)
    if workers <= 1:
        for item in it:
            yield fn(item)
        return
    gate = threading.BoundedSemaphore(IN_FLIGHT)
    stop = threading.Event()

    def gated() -> Iterator[Any]:
        for item in it:
            while not gate.acquire(timeout=0.1):
                if stop.is_set():  # the consumer went away: let the pool shut down
                    return
            yield item

    if "fork" in mp.get_all_start_methods():
        ctx = mp.get_context("fork")
        preload()  # forked workers share the loaded models, lexicons and gazetteers
    else:
        ctx = mp.get_context()
    gc.freeze()  # the parent's objects stay untouched by the workers' collections (shared pages)
    # the parent now runs the writer, whose memory of recent articles' features (~20k
    # dicts of lists) the default thresholds would scan again and again: the workers'
    # thresholds while the pool runs, the previous ones after
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    with ctx.Pool(workers, initializer=_worker_init) as pool:
        try:
            for result in pool.imap(fn, gated(), chunksize=CHUNK_SIZE):
                gate.release()
                yield result
        finally:
            stop.set()
            gc.set_threshold(*thresholds)


#: Records run through the pipeline once by :func:`preload` (an Arabic and an English news
#: paragraph, written for this purpose): every lazily loaded table on their path is read.
WARM_UP = (
    {"id": "warm-up-ar", "outlet": "alarabiya", "url": "https://example.invalid/ar",
     "published": "2021-03-08", "lang": "ar", "title": "الرئيس العراقي يستقبل وزير الخارجية",
     "text": "بغداد (رويترز) - استقبل الرئيس العراقي برهم صالح في بغداد يوم الاثنين 8 آذار "
             "2021 وزير الخارجية الأمريكي، وبحثا العلاقات بين البلدين.\n"
             "وقال صالح في بيان: \"إن العراق يتطلع إلى شراكة قوية\"، مشيرا إلى منحة بقيمة "
             "5 ملايين دولار للأمم المتحدة والجامعةالعربية."},
    {"id": "warm-up-en", "outlet": "reuters", "url": "https://example.invalid/en",
     "published": "2021-03-08T10:00:00+00:00", "lang": "en", "title": "Iraq's president meets",
     "text": "BAGHDAD (Reuters) - Iraq's President Barham Salih said on Monday that the "
             "country received $5 million from the United Nations."},
)


def preload() -> None:
    """Read every model, lexicon, gazetteer and table the per-article stages load lazily,
    in this process: called before the worker pool forks, so that the workers share those
    pages (copy-on-write; PSS counts them once) instead of each reading its own copy.

    Loads the language models (:func:`mawsua.annotate.language.preload`), the entity
    tagger with its numpy engine (:func:`mawsua.annotate.ner.load`), the entity rules'
    tables built on first use (:func:`mawsua.annotate.entities.preload_tables`), then runs
    :data:`WARM_UP` through :func:`process_for_store` (which reads the rest: repair
    lexicons, gazetteers, date locale, section tables). Idempotent and pure (the word
    caches it fills are caches of pure functions); ~1 s of CPU the first time."""
    preload_language_models()
    ner.load()
    preload_entity_tables()
    for rec in WARM_UP:
        data = json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n"
        for item in read_bytes(data, where=f"{rec['id']}.jsonl"):
            process_for_store(item)


#: collector thresholds in worker processes (CPython's default is (700, 10, 10))
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Collector settings for a process that runs the per-article stages: every object alive
    now (models, lexicons, gazetteers, word caches) is moved to the permanent generation
    (:func:`gc.freeze`) and young collections run every 50,000 allocations instead of 700.
    The stages allocate many short-lived containers and make almost no reference cycles, so
    the default thresholds spend ~6% of the annotate stage scanning live caches
    (``bench/bench_annotate.py``). As the Python docs advise for forked workers, the parent
    freezes its objects before the fork, so that collections in the workers do not write to
    (and un-share) its pages."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _worker_init() -> None:
    """Worker initializer: :func:`_ignore_sigint` and :func:`tune_gc`."""
    _ignore_sigint()
    tune_gc()


def _ignore_sigint() -> None:
    """Worker initializer: Ctrl-C is the parent's to handle (it stops the pool), so workers
    do not each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The input paths that do not exist (``-``, standard input, always does), for the
    command to refuse before it opens or creates any store: a missing input is a wrong
    argument, not a record read (user test s25: ``ingest /nonexistent`` said ``read: 1``
    and left a new empty database)."""
    return [str(p) for p in paths if str(p) != "-" and not os.path.lexists(p)]


def check_workers(workers: int) -> int:
    """The number of worker processes ``--workers N`` asks for: ``N`` itself, or for ``0``
    one per core (``os.cpu_count()``).

    Raises:
        ValueError: for a negative ``N``.
    """
    if workers < 0:
        raise ValueError(f"--workers is 0 (one per core) or a number of processes, got {workers}")
    return workers or (os.cpu_count() or 1)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: SqliteStore,
    *,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
) -> IngestSummary:
    """Read, process and store every record of ``paths``.

    Args:
        paths: files or directories (any supported format, detected from content).
        store: an open writable store.
        workers: processes for the per-article stages (1 = in this process).
        progress: called with the number of records handled so far, after each batch.
        max_bytes: per-file size limit for single-document formats (reader default if None).

    Returns:
        The :class:`IngestSummary`. Never raises for bad input: broken files and records are
        listed in ``failed`` with a code and the path.
    """
    summary = ingest_items(iter_items(paths, max_bytes), store, workers=workers,
                           progress=progress)
    alerts.deliver_quietly(store)  # the alerts the new articles fired, and earlier retries
    return summary


def ingest_items(
    items: Iterable[RawItem | Failed | Skipped],
    store: SqliteStore,
    *,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Process and store records from any reader: files (:func:`ingest`), fetched feed entries
    and pages (``mawsua watch``), archived responses (``mawsua reprocess``).

    Args:
        items: :class:`~mawsua.model.raw.RawItem` records; ``Failed``/``Skipped`` outcomes
            of a reader pass through to the summary.
        store: an open writable store.
        workers: processes for the per-article stages (1 = in this process).
        progress: called with the number of records handled so far, after each batch.

    Returns:
        The :class:`IngestSummary` (never raises for bad input).
    """
    summary = IngestSummary()
    # the store's word pairs back weak merged-word cuts (mawsua store-pairs; before the fork)
    store_pairs.wire(getattr(store, "path", None))
    # first finish what a killed run left stored but unconnected (kill -9 between the store
    # and connect transactions): no article stays without its duplicates, story and sections
    summary.reconnected, pending_failed = connect_pending(store)
    summary.unconnected.extend(pending_failed)
    known = [0]  # records found stored before processing (counted by the reader thread)
    results = process_all(_new_only(items, store, known), workers, process_for_store)
    while batch := list(islice(results, BATCH_SIZE)):
        good: list[Prepared] = []
        for r in batch:
            summary.read += 1
            if isinstance(r, Ok):
                good.append(r.value)
            elif isinstance(r, Skipped):
                summary.skipped.append(r.to_dict())
            else:
                summary.failed.append(r.to_dict())
        _store_batch(store, good, summary)
        if progress is not None:
            progress(summary.read + known[0])
    summary.read += known[0]
    summary.duplicates += known[0]
    return summary


#: Raw-byte digests of this run remembered for the in-run repeat check.
SEEN_LIMIT = 200_000


def _new_only(items: Iterable[RawItem | Failed | Skipped], store: SqliteStore,
              known: list[int]) -> Iterator[RawItem | Failed | Skipped]:
    """``items`` less the records already stored — the same raw bytes, or (a JSON Lines record
    naming them) the same outlet + URL — and less repeats of raw bytes met earlier in this
    run; each of those is counted in ``known[0]``, before any processing, so a restarted
    or repeated ingest costs a hash and a lookup per stored record, not the whole pipeline.

    Only exact matches are dropped: a record whose URL the extractor would normalise
    differently still goes through the pipeline and the writer's own duplicate check."""
    seen: set[bytes] = set()
    for item in items:
        if isinstance(item, RawItem):
            digest = hashlib.sha256(item.data).digest()
            hints = item.hints or {}
            url = hints.get("url") if isinstance(hints.get("url"), str) else None
            outlet = hints.get("outlet") if isinstance(hints.get("outlet"), str) else None
            outlet = outlets.canonical(outlet)  # stored under the table's slug (pipeline)
            if digest in seen or store.stored_id(digest.hex(), outlet, url) is not None:
                known[0] += 1  # this runs in the pool's feeder thread: its own counter
                continue
            if len(seen) >= SEEN_LIMIT:
                seen.clear()  # bounded memory; later repeats are still caught by the writer
            seen.add(digest)
        yield item


def process_for_store(item: Any) -> Ok[Prepared] | Skipped | Failed:
    """:func:`mawsua.app.pipeline.process` followed by the store's preparation (folding,
    stemming, JSON, compression), so that worker processes do all of the per-article work and
    send back only plain rows."""
    out = process(item)
    if not isinstance(out, Ok):
        return out
    art = out.value.article
    try:
        # one folding and tokenisation of the headline and text, shared by the connect
        # features and the full-text columns
        title_tokens = tokens(art.metadata.title) if art.metadata.title else []
        text_tokens = tokens(art.text)
        return Ok(Prepared(art, out.value.raw, features(art, text_tokens, title_tokens),
                           title_tokens=title_tokens, text_tokens=text_tokens))
    except Exception as exc:  # noqa: BLE001 - reported per record
        return Failed(_where(art), "E_STORE", str(exc))


def _where(article: Article) -> str:
    where = article.source.path or article.source.url or article.id
    return f"{where}:{article.source.record}" if article.source.record else where


def _store_batch(store: SqliteStore, good: list[Prepared], summary: IngestSummary) -> None:
    try:
        pairs = list(zip(good, store.add_prepared(good), strict=True))
    except MawsuaError as e:
        if e.code == "E_STORE_LOST":  # the database is gone: stop with one coded line
            raise
        pairs = _one_by_one(store, good, summary)
    except Exception:  # noqa: BLE001 - retry one by one to isolate the bad record
        pairs = _one_by_one(store, good, summary)
    added: list[tuple[str, Features]] = []
    for p, res in pairs:
        if res.status == "added":
            summary.added += 1
            summary.added_ids.append(res.id)
            for code in p.warnings:
                summary.warnings[code] = summary.warnings.get(code, 0) + 1
            f = p.connect if p.connect is not None else features(store.get(res.id))
            added.append((res.id, f))
        else:
            summary.duplicates += 1
    # every ingest path ends here: connect what was added (duplicates, story, sections)
    summary.unconnected.extend(connect_added(store, added))
    if added:  # queue the alerts they match (a failure leaves them for the next run)
        alerts.enqueue_quietly(store)


def _one_by_one(store: SqliteStore, good: list[Prepared], summary: IngestSummary
                ) -> list[tuple[Prepared, AddResult]]:
    """Store a failed batch one article at a time, to isolate the bad record (failures are
    added to ``summary``; a lost database still stops the run)."""
    pairs: list[tuple[Prepared, AddResult]] = []
    for p in good:
        try:
            pairs.extend((p, r) for r in store.add_prepared([p]))
        except MawsuaError as one:
            if one.code == "E_STORE_LOST":
                raise
            summary.failed.append({"path": p.where, "code": "E_STORE", "reason": str(one)})
        except Exception as one:  # noqa: BLE001
            summary.failed.append({"path": p.where, "code": "E_STORE", "reason": str(one)})
    return pairs
