"""``mawsua bulk``: push archives through the pipeline on many cores (or hosts), write in bulk,
connect each chunk as it is written.

Flow: this process reads the records (:func:`mawsua.sources.archives.iter_bulk`) and passes
over those already stored (same raw bytes, or same outlet + URL: a killed run restarts where it
stopped and adds no duplicate); the rest go in chunks of :data:`CHUNK` records to the engine —
``local`` (a process pool, as ``ingest``) or ``dask`` (``dask.distributed`` futures on a
``LocalCluster`` of ``workers`` processes, or on the scheduler at ``scheduler``) — which runs
the per-article stages and the store's preparation; chunks come back in input order and are
written one transaction per chunk (``COPY`` on PostgreSQL) and connected right after, with
the connect features the worker computed, while the workers process the next chunks — what
incremental ingest does batch by batch, so the duplicates and stories are the same
(``tests/store/test_bulk.py``). With ``writer="workers"`` (the default on a local Dask
cluster) each worker writes and connects its own chunks on its own connection
(:func:`store_chunk`) and this process only reads, schedules and counts: on two cores the
driver's writing and connecting (~3 ms of CPU a record) no longer shares the workers' cores
with them. The workers take turns to write and connect (:func:`_turn`: a ``flock`` beside
the SQLite file, a session advisory lock on PostgreSQL); a worker whose turn is not free
processes its next chunk while it waits, and their results come back as they finish, so
no worker idles on the lock or on another's slow chunk. Articles a killed earlier run
stored without connecting are
connected first, and any a chunk's connect could not link are retried at the end from their
stored layers (:func:`mawsua.app.connect.connect_pending`).

Local Dask workers are forked from a fork server that has loaded the pipeline once
(:mod:`mawsua.app.bulk_worker`), so the cluster is up and warm in about a second.

Bad input never stops the run: a malformed record, a damaged archive, a chunk whose worker was
lost twice (``E_WORKER``) or a batch the database refused (``E_STORE``) is reported with its
code and the record or first record of the chunk; the records of a failed chunk or batch are
not stored, so a later run retries them.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from mawsua.app.connect import bound_feature_cache, connect_added, connect_pending
from mawsua.app.ingest import IngestSummary, _new_only, process_all, process_for_store
from mawsua.errors import Failed, MawsuaError, Ok, Skipped
from mawsua.model.raw import RawItem
from mawsua.sources.archives import iter_bulk
from mawsua.store.sqlite import Prepared, SqliteStore

try:
    import fcntl
except ImportError:  # not on Windows: the workers wait on SQLite's lock alone
    fcntl = None  # type: ignore[assignment]

#: records per chunk sent to a worker (and per write transaction)
CHUNK = 256
ENGINES = ("local", "dask")


@dataclass
class BulkProgress:
    """Counts so far, for the progress line: records ``read``, ``added``, ``duplicates``
    (stored before, or repeated), ``failed``, seconds since the start, and ``total`` records
    when known (``None`` otherwise)."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    connected: int = 0
    stage: str = "processing"
    started: float = field(default_factory=time.monotonic)
    total: int | None = None

    @property
    def rate(self) -> float:
        """Records per second since the start."""
        return self.read / max(1e-9, time.monotonic() - self.started)

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the current rate (``None`` when the total is unknown)."""
        if self.total is None or not self.rate:
            return None
        return max(0.0, (self.total - self.read) / self.rate)


def count_records(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """The number of records, when it is cheap to know: lines of plain JSON Lines files
    (``None`` as soon as another kind of file is met)."""
    total = 0
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            if not f.name.lower().endswith((".jsonl", ".ndjson")):
                return None
            with open(f, "rb") as fh:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return total


def process_chunk(items: list[RawItem]) -> list[Ok[Prepared] | Skipped | Failed]:
    """Run on a worker: the pipeline and the store's preparation for each record (each
    record waits while another thread of this process holds the write turn: :func:`_turn`)."""
    out = []
    for i in items:
        _PROCESSING.wait()
        out.append(process_for_store(i))
    return out


#: where chunks are written and connected: ``workers`` (each worker on its own connection to
#: the database) or ``driver`` (this process, from the results the workers send back)
WRITERS = ("workers", "driver")
#: seconds a worker waits for the database's write lock (SQLite; the other workers hold it
#: in turn for one chunk's write or connect, seconds at most on a loaded machine)
WORKER_BUSY_TIMEOUT_S = 600.0
#: recent articles' features a writing worker keeps in memory for connecting
#: (:func:`mawsua.app.connect.bound_feature_cache`: ~12 KB each, so ~60 MB; every worker
#: keeps its own, much the same articles, where the one writer of ``ingest`` keeps
#: :data:`mawsua.connect.link.CACHE_ARTICLES`, ~240 MB when full)
WORKER_FEATURE_CACHE = 5_000
#: a worker process's open stores, by ``--db`` target (kept for the worker's life: one
#: connection, and the connect stage's memory of recent articles, across its chunks)
_WORKER_STORES: dict[str, SqliteStore] = {}
_OPENING = threading.Lock()


@dataclass
class ChunkDone:
    """What a worker that writes sends back for one chunk: its :class:`IngestSummary`
    (``added``, ``duplicates``, ``skipped``, ``failed``, ``connected``), the records it
    ``read`` and ``failed`` (a count, as the progress line shows them), and ``lost`` — the
    reason when the database was lost (``E_STORE_LOST``: the run stops, a rerun resumes)."""

    summary: IngestSummary
    read: int
    failed: int
    lost: str | None = None
    #: where the chunk's time went, wall-clock seconds since the epoch (comparable between
    #: the processes of one host): ``pid`` of the worker, ``start``, ``processed`` (the
    #: pipeline done), ``locked`` (the write lock taken), ``written``, ``end``
    times: dict[str, float] = field(default_factory=dict)


#: what :func:`turn_file` adds to a SQLite file's name
TURN_SUFFIX = "-bulk"


def turn_file(db: str | os.PathLike[str]) -> Path:
    """The file beside a SQLite database whose ``flock`` the workers of ``bulk`` take in turn
    (removed by the driver at the end of a run)."""
    return Path(f"{db}{TURN_SUFFIX}")


#: set while this worker process may process records; cleared while one of its threads
#: writes and connects a chunk (:func:`_turn`), so the chunk processed meanwhile pauses
#: after its current record and the writer has the process's interpreter to itself
_PROCESSING = threading.Event()
_PROCESSING.set()
#: the turn among this process's threads (:func:`_turn`)
_LOCAL_TURN = threading.Lock()


@contextmanager
def _turn(store: SqliteStore) -> Iterator[None]:
    """Hold the workers' turn to write and connect a chunk: on a SQLite file an exclusive
    ``flock`` of :func:`turn_file`, on PostgreSQL a session advisory lock
    (:data:`PG_TURN`, on a connection of its own).

    Taken at once when it is free (always, with one worker). When another worker holds it,
    this task leaves the Dask worker's thread pool (``distributed.secede``) and waits — in
    the kernel, or in the server — while the worker processes its next chunk, instead of
    idling through the other worker's write and connect; the waiting thread wakes the
    moment the turn is released (SQLite's own wait for its write lock polls, sleeping up to
    100 ms between tries). While the turn is held the worker's processing pauses after its
    current record (:data:`_PROCESSING`): the write runs as fast as alone (a thread that
    releases the interpreter at every statement would otherwise wait up to 5 ms for it each
    time), so the turn is held no longer. A chunk's write and its connect run back to back,
    no other chunk's transaction between them.

    The database's own lock stays the rule (SQLite's write lock, PostgreSQL's writer
    advisory lock: another writer is still waited for); the turn only orders ``bulk``'s
    workers. Without one (no ``flock``, a folder that cannot be written, a turn connection
    that fails) the chunk is written under the database's lock alone."""
    holder = _turn_holder(store)
    if holder is None:
        yield
        return
    # this process's threads first (a worker of several threads; and the turn connection
    # on PostgreSQL is the process's), then the other processes
    mine = _LOCAL_TURN.acquire(blocking=False)
    try:
        if not (mine and holder.try_take()):
            _secede()
            if not mine:
                _LOCAL_TURN.acquire()
                mine = True
            holder.take()
        _PROCESSING.clear()
        try:
            yield
        finally:
            _PROCESSING.set()
    finally:
        holder.release()  # closes the turn file even when the turn was never taken
        if mine:
            _LOCAL_TURN.release()


#: the session advisory lock key of ``bulk``'s workers' turn on PostgreSQL (not the writer
#: lock every write transaction takes, :data:`mawsua.store.pgconn.WRITE_LOCK`)
PG_TURN = 0x6D617774  # "mawt"
#: a worker process's connection for :data:`PG_TURN`, by URL
_PG_TURNS: dict[str, Any] = {}


class _FileTurn:
    """The ``flock`` of :func:`turn_file`, opened per chunk (the driver removes the file when
    its run ends)."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(turn_file(path), os.O_RDWR | os.O_CREAT, 0o644)

    def try_take(self) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def take(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def release(self) -> None:
        os.close(self.fd)  # releases the flock


class _PgTurn:
    """:data:`PG_TURN` on the worker's turn connection; a failure of that connection drops
    it (the next chunk opens another) and lets the chunk go on under the writer lock."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.held = False

    def _run(self, sql: str) -> bool:
        import psycopg

        try:
            conn = _PG_TURNS.get(self.url)
            if conn is None:
                conn = _PG_TURNS[self.url] = psycopg.connect(
                    self.url, autocommit=True, connect_timeout=10,
                    application_name="mawsua-bulk-turn")
            return bool(conn.execute(sql, (PG_TURN,)).fetchone()[0])
        except psycopg.Error:
            stale = _PG_TURNS.pop(self.url, None)
            if stale is not None:
                stale.close()  # a session lock it held goes with it
            return True  # no turn: the writer lock alone

    def try_take(self) -> bool:
        self.held = self._run("SELECT pg_try_advisory_lock(%s)")
        return self.held

    def take(self) -> None:
        self._run("SELECT pg_advisory_lock(%s) IS NULL")
        self.held = True

    def release(self) -> None:
        if self.held:
            self._run("SELECT pg_advisory_unlock(%s)")


def _turn_holder(store: SqliteStore) -> _FileTurn | _PgTurn | None:
    """The turn of ``store``'s database for this worker, or ``None`` (no ``flock``, a
    folder that cannot be written)."""
    url = getattr(store, "url", None)
    if isinstance(url, str):
        return _PgTurn(url)
    if fcntl is None:
        return None
    try:
        return _FileTurn(store.path)
    except OSError:
        return None


def _secede() -> None:
    """Leave the Dask worker's thread pool (it starts its next task on a new thread);
    nothing outside a Dask task (a test calling :func:`store_chunk` directly)."""
    try:
        from distributed import secede

        secede()
    except (ImportError, ValueError):  # no Dask, or not on a Dask worker
        pass


def _worker_store(target: str) -> SqliteStore:
    """The worker's store for ``target`` (a SQLite path or a PostgreSQL URL), opened on first
    use and kept open (shared by the worker's threads: the store's lock serialises them)."""
    with _OPENING:
        store = _WORKER_STORES.get(target)
        if store is None:
            from mawsua.store.postgres import open_store

            store = _WORKER_STORES[target] = open_store(target)
            store.set_busy_timeout(WORKER_BUSY_TIMEOUT_S)
            bound_feature_cache(store, WORKER_FEATURE_CACHE)
    return store


def store_chunk(items: list[RawItem], target: str, parquet: str | None) -> ChunkDone:
    """Run on a worker: :func:`process_chunk`, then write the chunk in one transaction on
    the worker's own connection to ``target`` (``COPY`` on PostgreSQL), connect it (another
    transaction) with the features just computed, and write its Parquet part — the driver
    only schedules and counts. The database's write lock (SQLite's file lock, PostgreSQL's
    advisory lock) makes the workers take turns, and each connect sees every article
    connected before it: duplicates and stories are symmetric relations whose groups do not
    depend on the order the articles are connected in (:mod:`mawsua.connect.link`), so the
    result is incremental ingest's. A chunk stored but not connected (a killed run) is
    connected by the next run's first pass."""
    times = {"pid": os.getpid(), "start": time.time()}
    summary = IngestSummary(connected=0)
    try:
        store = _worker_store(target)
    except MawsuaError as e:  # the database cannot be opened from this worker
        summary.failed.append({"path": items[0].where, "code": e.code,
                               "reason": f"chunk of {len(items)} records: {e.reason}"})
        return ChunkDone(summary, len(items), len(items),
                         e.reason if e.code == "E_STORE_LOST" else None)
    prog = BulkProgress()
    got = process_chunk(items)
    times["processed"] = time.time()
    try:
        _write(store, got, summary, prog, parquet, times, _turn(store))
    except MawsuaError as e:  # only E_STORE_LOST leaves _write
        return ChunkDone(summary, prog.read, prog.failed, f"{e.where}: {e.reason}", times)
    times["end"] = time.time()
    return ChunkDone(summary, prog.read, prog.failed, times=times)


def _target(store: SqliteStore) -> str:
    """The ``--db`` value a worker opens ``store`` with: its URL, or its file's full path."""
    url = getattr(store, "url", None)
    return url if isinstance(url, str) else str(Path(store.path).resolve())


def _new_records(paths: Iterable[str | os.PathLike[str]], store: SqliteStore,
                 prog: BulkProgress, summary: IngestSummary) -> Iterator[RawItem]:
    """The records not stored yet (:func:`mawsua.app.ingest._new_only`); outcomes of bad
    input go to ``summary``, the records passed over are counted as duplicates."""
    known = [0]
    records = (item for p in paths for item in iter_bulk(p))
    for item in _new_only(records, store, known):
        prog.duplicates = summary.duplicates + known[0]
        if isinstance(item, RawItem):
            yield item
            continue
        prog.read += 1
        if isinstance(item, Skipped):
            summary.skipped.append(item.to_dict())
        else:
            prog.failed += 1
            summary.failed.append(item.to_dict())
    summary.duplicates += known[0]
    prog.read += known[0]
    prog.duplicates = summary.duplicates


def chunk_size(total: int | None, workers: int) -> int:
    """Records per chunk: :data:`CHUNK`, smaller when the ``total`` is known, so that each
    worker gets at least 16 chunks (of at least 16 records): the first results come back
    sooner and no worker idles long while the last chunk of another finishes (a chunk of
    256 records is ~5 s of one core)."""
    if total is None:
        return CHUNK
    return max(16, min(CHUNK, total // (16 * max(1, workers))))


def chunk_sizes(total: int | None, workers: int) -> Iterator[int]:
    """The size of each chunk in turn: :func:`chunk_size`, and, when the ``total`` is known,
    shrinking over the last ones (a quarter of what is left per worker, at least
    :data:`TAIL_MIN` records: guided self-scheduling), so the run ends with small chunks: no
    worker idles while another finishes a full chunk, and the last chunk's write and connect,
    which nothing overlaps, are short."""
    size = chunk_size(total, workers)
    if total is None:
        while True:
            yield size
    left = total
    while True:
        got = max(TAIL_MIN, min(size, left // (4 * max(1, workers))))
        left -= got
        yield got


#: the smallest chunk of a run's tail (a chunk costs a task round trip, a transaction and a
#: connect call: the floor :func:`chunk_size` keeps too)
TAIL_MIN = 16


def _chunks(items: Iterator[RawItem], sizes: Iterator[int]) -> Iterator[list[RawItem]]:
    while chunk := list(islice(items, next(sizes))):
        yield chunk


def _local(items: Iterator[RawItem], workers: int
           ) -> Iterator[tuple[list[RawItem], list[Any] | BaseException]]:
    """One process pool for the whole run (``ingest``'s), results re-cut into chunks."""
    results = process_all(items, workers, process_for_store)
    while got := list(islice(results, CHUNK)):
        yield [], got


class _ClusterStart:
    """A local Dask cluster started in a thread as soon as ``bulk`` begins, so that its start
    (~0.5 s idle, seconds under load) overlaps counting the records, the pass over what is
    stored already and reading the first chunk, which all run in this process meanwhile."""

    def __init__(self, workers: int) -> None:
        import threading

        self.cluster: Any = None
        self.setting: Any = None
        self.error: BaseException | None = None
        #: handed to the engine (which closes it), or closed
        self.taken = False
        self._thread = threading.Thread(target=self._start, args=(workers,), daemon=True,
                                        name="mawsua-bulk-cluster")
        self._thread.start()

    def _start(self, workers: int) -> None:
        try:
            _start_forkserver()  # first: it loads for a second or two in its own process
            from distributed import LocalCluster

            self.cluster, self.setting = _local_cluster(LocalCluster, workers)
        except BaseException as e:  # noqa: BLE001 - raised in the caller (get)
            self.error = e

    def get(self) -> tuple[Any, Any]:
        """``(cluster, setting)`` as :func:`_local_cluster`, once started.

        Raises:
            BaseException: what starting the cluster raised.
        """
        self._thread.join()
        self.taken = True
        if self.error is not None:
            raise self.error
        return self.cluster, self.setting

    def close(self) -> None:
        """Stop the cluster if no engine took it (nothing was new, or the run failed before
        its first chunk)."""
        if self.taken:
            return
        try:
            cluster, setting = self.get()
        except BaseException:  # noqa: BLE001 - it never started: nothing to stop
            return
        cluster.close()
        setting.__exit__(None, None, None)


def _need_dask() -> None:
    """Check that Dask's ``distributed`` is installed, without importing it (the cluster's
    thread imports it while this one reads the first records)."""
    from importlib.util import find_spec

    if find_spec("distributed") is None:
        raise MawsuaError("E_USAGE", "--engine dask needs dask: pip install 'mawsua[bulk]'",
                          "bulk")


def _start_forkserver() -> None:
    """Start the fork server of a local cluster's workers, with :data:`FORKSERVER_PRELOAD`,
    before anything else of the cluster: its interpreter start, imports and the pipeline's
    warm-up (1-2 s of one core, the largest serial part of a run) then overlap this
    process's import of Dask and the scheduler's start instead of following them. Nothing
    where the platform has no fork server, or when one is running already (it keeps what it
    has loaded)."""
    import multiprocessing as mp

    if "forkserver" not in mp.get_all_start_methods():
        return
    from multiprocessing import forkserver

    mp.get_context("forkserver").set_forkserver_preload(list(FORKSERVER_PRELOAD))
    forkserver.ensure_running()


def _dask(chunks: Iterator[list[RawItem]], workers: int, scheduler: str | None,
          starting: _ClusterStart | None = None,
          task: Callable[..., Any] = process_chunk, args: tuple[Any, ...] = (),
          ordered: bool = True) -> Iterator[tuple[list[RawItem], Any]]:
    """Chunks through ``dask.distributed`` futures, at most ``2 x workers`` in flight (``3 x``
    unordered); on the
    scheduler at ``scheduler``, else on the local cluster ``starting`` (started here when not
    given). Each chunk runs ``task(chunk, *args)`` (:func:`process_chunk`, or
    :func:`store_chunk` when the workers write). Results come in submission order when
    ``ordered`` (the driver writes them in input order), else as they finish: a new chunk
    is submitted as soon as any finishes, so one slow chunk (a long article, a wait for the
    write lock) never leaves the other workers without work while the driver waits for it."""
    _need_dask()
    from distributed import Client, as_completed

    first = next(chunks, None)
    if first is None:  # nothing new: no cluster to use
        if starting is not None:
            starting.close()
        return
    cluster = setting = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        cluster, setting = (starting or _ClusterStart(workers)).get()
        client = Client(cluster)
    try:
        n = max(1, sum(client.nthreads().values()))
        if not ordered:  # three per worker: one processing, one writing, one queued
            yield from _unordered(client, as_completed(), chain([first], chunks), 3 * n,
                                  task, args)
            return
        window: deque[tuple[list[RawItem], Any]] = deque()
        for chunk in chain([first], chunks):
            window.append((chunk, client.submit(task, chunk, *args, pure=False)))
            while len(window) >= 2 * n:
                yield _result(*window.popleft())
        while window:
            yield _result(*window.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
            setting.__exit__(None, None, None)


def _unordered(client: Any, done: Any, chunks: Iterator[list[RawItem]], window: int,
               task: Callable[..., Any], args: tuple[Any, ...]
               ) -> Iterator[tuple[list[RawItem], Any]]:
    """:func:`_dask`'s unordered way: up to ``window`` chunks in flight, each result yielded
    as it finishes (``done``: an empty ``distributed.as_completed``) and replaced by the next
    chunk."""
    inflight: dict[Any, list[RawItem]] = {}
    for chunk in chunks:
        fut = client.submit(task, chunk, *args, pure=False)
        inflight[fut] = chunk
        done.add(fut)
        while len(inflight) >= window:
            fut = next(done)
            yield _result(inflight.pop(fut), fut)
    for fut in done:
        yield _result(inflight.pop(fut), fut)


#: Dask settings of a local cluster: its event-loop watchdog ticks every second instead of
#: every 20 ms, its system monitors poll every 5 s instead of 0.5 s, the nannies read their
#: worker's memory every 2 s instead of 0.1 s, and no work is stolen (chunks are submitted
#: in order, two per worker): the scheduler and nannies, which run in this process, then use
#: a third of the CPU time they use idle by default (2 workers, per 20 s: 0.47 s by default,
#: 0.22-0.25 s without the memory setting, 0.16 s with it, measured), CPU the workers get
#: on a machine with as many cores as workers
QUIET_CLUSTER = {"distributed.admin.tick.interval": "1s",
                 "distributed.admin.system-monitor.interval": "5s",
                 "distributed.worker.memory.monitor-interval": "2s",
                 "distributed.scheduler.work-stealing": False}
#: modules the fork server of a local cluster imports once, before forking the workers
FORKSERVER_PRELOAD = ("distributed", "mawsua.app.bulk_worker")


def _local_cluster(local_cluster: Any, workers: int) -> tuple[Any, Any]:
    """A ``LocalCluster`` of ``workers`` single-threaded processes, forked from a fork server
    that has loaded and warmed the pipeline (:mod:`mawsua.app.bulk_worker`): up in under a
    second, every worker warm, instead of ``spawn``'s 10-12 s of imports and model loading
    per worker on this 2-core machine. ``spawn`` where the platform has no fork server.

    Returns:
        ``(cluster, setting)``: close the cluster, then ``setting.__exit__(None, None,
        None)`` restores Dask's start method.
    """
    import multiprocessing as mp

    import dask

    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    # read whenever a worker process starts (a lost worker's restart too): set for the
    # cluster's life, restored by the caller (``_dask``) when it closes the cluster
    setting = dask.config.set({"distributed.worker.multiprocessing-method": method,
                               **QUIET_CLUSTER})
    if method == "forkserver":
        from distributed.utils import get_mp_context

        # Dask sets its own preload list on its first call; ours replaces it (a server
        # already running keeps what it has loaded)
        get_mp_context().set_forkserver_preload(list(FORKSERVER_PRELOAD))
    try:
        # the scheduler's HTTP routes on a free local port: its default 8787 is taken by
        # any other cluster on the host (a second bulk run), which Dask warns about
        cluster = local_cluster(n_workers=workers, threads_per_worker=1, processes=True,
                                dashboard_address="127.0.0.1:0", silence_logs=40)
    except BaseException:
        setting.__exit__(None, None, None)
        raise
    return cluster, setting


def _result(chunk: list[RawItem], fut: Any) -> tuple[list[RawItem], Any]:
    try:
        return chunk, fut.result()
    except Exception as e:  # noqa: BLE001 - a lost worker (after dask's retries), a bug
        return chunk, e
    finally:
        fut.release()


def bulk(paths: list[str | os.PathLike[str]], store: SqliteStore, *, engine: str = "local",
         workers: int = 1, scheduler: str | None = None, parquet: str | None = None,
         progress: Callable[[BulkProgress], None] | None = None,
         writer: str | None = None,
         trace: list[dict[str, float]] | None = None) -> IngestSummary:
    """Process and store every record of ``paths`` in bulk, then connect (module docstring).

    Args:
        paths: JSON Lines (``.jsonl``, ``.jsonl.gz``), WARC (``.warc``, ``.warc.gz``) files,
            any file ``ingest`` reads, or folders of them.
        store: an open writable store (SQLite or PostgreSQL).
        engine: ``"local"`` (process pool) or ``"dask"``.
        workers: worker processes (``local``, or the ``LocalCluster``'s size).
        scheduler: a ``tcp://HOST:PORT`` Dask scheduler (``dask`` only; no local cluster).
        parquet: a folder to write the processed articles to as Parquet, one file per chunk.
        progress: called with the counts after each chunk and during connecting.
        writer: who writes and connects the chunks (:data:`WRITERS`): ``"workers"``, each
            Dask worker on its own connection to the database (:func:`store_chunk`; the
            workers must reach ``store``'s file or server), or ``"driver"``, this process;
            ``None``: the workers with a local Dask cluster, else the driver (the ``local``
            engine's pool always sends its results to the driver).

    Returns:
        The :class:`~mawsua.app.ingest.IngestSummary` (``unconnected`` lists articles the
        final pass could not connect; a later run retries them).

    Raises:
        MawsuaError: ``E_USAGE`` for an unknown engine or writer, a missing Dask, or
            ``writer="workers"`` with the ``local`` engine; ``E_STORE_LOST`` when the
            database is lost (a rerun resumes).
    """
    if engine not in ENGINES:
        raise MawsuaError("E_USAGE", f"unknown engine {engine!r} (local or dask)", "bulk")
    if writer is None:
        writer = "workers" if engine == "dask" and not scheduler else "driver"
    if writer not in WRITERS:
        raise MawsuaError("E_USAGE", f"unknown writer {writer!r} (workers or driver)", "bulk")
    if writer == "workers" and engine != "dask":
        raise MawsuaError("E_USAGE", "--writer workers needs --engine dask", "bulk")
    summary = IngestSummary()
    starting = None
    if engine == "dask" and not scheduler:
        _need_dask()
        starting = _ClusterStart(workers)  # up while the records are counted and read
    try:
        return _bulk(paths, store, summary, engine, workers, scheduler, parquet, progress,
                     starting, writer, trace)
    finally:
        if starting is not None:
            starting.close()  # only when the engine never took it


def _bulk(paths: list[str | os.PathLike[str]], store: SqliteStore, summary: IngestSummary,
          engine: str, workers: int, scheduler: str | None, parquet: str | None,
          progress: Callable[[BulkProgress], None] | None, starting: _ClusterStart | None,
          writer: str = "driver", trace: list[dict[str, float]] | None = None
          ) -> IngestSummary:
    prog = BulkProgress(total=count_records(paths))
    # first what a killed earlier run stored without connecting, so that every article is
    # connected in storage order (as ingest does)
    summary.reconnected, failed = connect_pending(store)
    summary.unconnected.extend(failed)
    summary.connected = summary.reconnected
    items = _new_records(paths, store, prog, summary)
    if engine == "local":
        results = _local(items, workers)
    elif writer == "workers":
        results = _dask(_chunks(items, chunk_sizes(prog.total, workers)), workers, scheduler,
                        starting, store_chunk, (_target(store), parquet), ordered=False)
    else:
        results = _dask(_chunks(items, chunk_sizes(prog.total, workers)), workers, scheduler,
                        starting)
    for chunk, got in results:
        if isinstance(got, ChunkDone):
            if trace is not None:
                trace.append({**got.times, "received": time.time(), "records": got.read})
            _merge(got, summary, prog)
        elif isinstance(got, BaseException):
            reason = f"{type(got).__name__}: {got}"
            summary.failed.append({"path": chunk[0].where, "code": "E_WORKER",
                                   "reason": f"chunk of {len(chunk)} records: {reason}"})
            prog.read += len(chunk)
            prog.failed += len(chunk)
        else:
            _write(store, got, summary, prog, parquet)
        prog.connected = summary.connected
        if progress is not None:
            progress(prog)
    if writer == "workers" and getattr(store, "url", None) is None:
        turn_file(store.path).unlink(missing_ok=True)  # every chunk is back: no turn is held
    prog.stage = "connecting"
    if progress is not None:
        progress(prog)
    # what a chunk's connect could not link (``E_CONNECT``) is retried from its stored layers
    late, failed = connect_pending(store)
    summary.connected += late
    summary.unconnected.extend(failed)
    prog.connected = summary.connected
    summary.read = prog.read
    return summary


def _merge(done: ChunkDone, summary: IngestSummary, prog: BulkProgress) -> None:
    """Add a worker's :class:`ChunkDone` to the run's counts.

    Raises:
        MawsuaError: ``E_STORE_LOST`` when the worker lost the database (the run stops; the
            chunks stored so far stay, and a rerun resumes).
    """
    got = done.summary
    summary.added += got.added
    summary.duplicates += got.duplicates
    summary.skipped += got.skipped
    summary.failed += got.failed
    summary.connected = (summary.connected or 0) + (got.connected or 0)
    prog.read += done.read
    prog.added += got.added
    prog.duplicates += got.duplicates
    prog.failed += done.failed
    if done.lost is not None:
        raise MawsuaError("E_STORE_LOST", done.lost, "bulk")


def _write(store: SqliteStore, got: list[Any], summary: IngestSummary, prog: BulkProgress,
           parquet: str | None, times: dict[str, float] | None = None,
           turn: Any = None) -> None:
    """Write the chunk's results ``got`` in one transaction and connect the articles added
    (another), under ``turn`` (a context manager: the workers' :func:`_turn`) when given;
    then its Parquet part. Counts go to ``summary`` and ``prog``; a batch the database
    refused is reported (``E_STORE``) and passed over.

    Raises:
        MawsuaError: ``E_STORE_LOST`` when the database is lost.
    """
    good: list[Prepared] = []
    for r in got:
        prog.read += 1
        if isinstance(r, Ok):
            good.append(r.value)
        elif isinstance(r, Skipped):
            summary.skipped.append(r.to_dict())
        else:
            prog.failed += 1
            summary.failed.append(r.to_dict())
    if not good:
        return
    with turn if turn is not None else nullcontext():
        if times is not None:
            times["locked"] = time.time()
        try:
            res = store.add_prepared(good)  # one transaction; COPY on PostgreSQL
        except MawsuaError as e:
            if e.code == "E_STORE_LOST":  # the database is gone: stop (a rerun resumes)
                raise
            prog.failed += len(good)
            summary.failed.append({"path": good[0].where, "code": e.code,
                                   "reason": f"batch of {len(good)} articles: {e.reason}"})
            return
        added: list[tuple[str, Any]] = []
        for p, r in zip(good, res, strict=True):
            if r.status == "added":
                summary.added += 1
                prog.added += 1
                added.append((r.id, p.connect))
            else:
                summary.duplicates += 1
                prog.duplicates += 1
        # connected right away, with the features the worker computed, while the workers go
        # on with the next chunks: what ingest does batch by batch
        # (one it could not link stays without links: the final pass retries it)
        bad = connect_added(store, added)
    summary.connected = (summary.connected or 0) + len(added) - len(bad)
    if times is not None:
        times["written"] = time.time()
    if parquet:
        write_parquet(Path(parquet), [p for p, r in zip(good, res, strict=True)
                                      if r.status == "added"],
                      [r.id for r in res if r.status == "added"])


#: columns of the Parquet files (strings unless noted)
PARQUET_COLUMNS = ("id", "sha256", "outlet", "url", "published", "published_local",
                   "section", "language", "title", "text", "entities")


def write_parquet(folder: Path, prepared: list[Prepared], ids: list[str]) -> Path | None:
    """Write processed articles as one Parquet file ``part-<first sha256>.parquet`` (a rerun
    writes its own parts; a part is written whole, to a temporary name first).

    Columns: :data:`PARQUET_COLUMNS`; ``entities`` is a list of ``{key, type, canonical}``.
    Readable by pandas (``read_parquet(folder)``) and duckdb (``read_parquet('folder/*')``).
    """
    if not prepared:
        return None
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    cols: dict[str, list[Any]] = {c: [] for c in PARQUET_COLUMNS}
    for p, art_id in zip(prepared, ids, strict=True):
        row = p.row
        for name, value in (("id", art_id), ("sha256", p.sha), ("outlet", row[2]),
                            ("url", row[3]), ("published", row[4]), ("published_local", row[5]),
                            ("section", row[7]), ("language", row[8]), ("title", row[9]),
                            ("text", p.text)):
            cols[name].append(value)
        cols["entities"].append([{"key": k, "type": t, "canonical": c}
                                 for k, t, c in p.entities])
    out = folder / f"part-{prepared[0].sha[:16]}.parquet"
    tmp = out.with_suffix(".tmp")
    entity = pa.struct([("key", pa.string()), ("type", pa.string()), ("canonical", pa.string())])
    schema = pa.schema([(c, pa.string()) for c in PARQUET_COLUMNS[:-1]]
                       + [("entities", pa.list_(entity))])
    pq.write_table(pa.table(cols, schema=schema), tmp, compression="zstd")
    tmp.replace(out)
    return out
