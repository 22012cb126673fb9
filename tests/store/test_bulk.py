"""`mawsua bulk`: its chunks, connected as they are written, give what incremental ingest
gives, on SQLite (local engine, the driver writing; two Dask workers writing their own
chunks) and PostgreSQL (two Dask workers writing); a run killed between writing a chunk and
connecting it (in the driver or in a worker) restarts without duplicates and connects the
leftovers first; Parquet output; damaged archives are reported and passed over."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from parity_helpers import links, write_sample

from mawsua.app import bulk as bulk_mod
from mawsua.app.bulk import bulk
from mawsua.app.connect import connect_added
from mawsua.app.ingest import ingest
from mawsua.errors import MawsuaError
from mawsua.store import SqliteStore
from mawsua.store.postgres import PostgresStore

N = 72


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("bulk") / "sample.jsonl", N)


@pytest.fixture(scope="module")
def incremental(sample: Path, tmp_path_factory: pytest.TempPathFactory):
    """Connections after `ingest` (connects batch by batch as it stores)."""
    with SqliteStore(tmp_path_factory.mktemp("inc") / "m.db") as store:
        s = ingest([sample], store)
        assert s.added >= N * 0.95 and not s.unconnected
        return links(store), store.count()


def test_local_bulk_equals_incremental(sample: Path, incremental, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    want, count = incremental
    assert sum(v is not None for v in want[0].values()) > 3  # the sample has duplicates
    monkeypatch.setattr(bulk_mod, "CHUNK", 16)  # several write transactions
    with SqliteStore(tmp_path / "b.db") as store:
        s = bulk([sample], store, engine="local", workers=1, parquet=str(tmp_path / "pq"))
        # a new database: everything connected is this run's own, nothing "reconnected"
        # (user test: bulk reported reconnected articles on a brand-new database)
        assert (s.added, s.connected, s.reconnected, s.failed) == (count, count, 0, [])
        assert s.to_dict()["connected"] == count
        assert links(store) == want
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "pq")
    assert table.num_rows == count and "text" in table.column_names


def test_killed_run_restarts_without_duplicates(sample: Path, incremental, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    want, count = incremental
    half = tmp_path / "half.jsonl"
    half.write_bytes(b"".join(sample.read_bytes().splitlines(keepends=True)[: N // 2]))

    def killed(store, added):
        raise KeyboardInterrupt  # killed after writing a chunk, before connecting it

    with SqliteStore(tmp_path / "k.db") as store:
        monkeypatch.setattr(bulk_mod, "connect_added", killed)
        with pytest.raises(KeyboardInterrupt):
            bulk([half], store, engine="local", workers=1)
        first = store.count()
        assert 0 < first < count
        monkeypatch.undo()
        s = bulk([sample], store, engine="local", workers=1)
        assert s.added == count - first and s.duplicates >= first
        assert store.count() == count
        assert links(store) == want


def test_dask_bulk_on_postgres_equals_incremental(sample: Path, incremental, pg_url: str
                                                  ) -> None:
    pytest.importorskip("distributed")
    want, count = incremental
    with PostgresStore(pg_url) as store:
        s = bulk([sample], store, engine="dask", workers=2)
        assert (s.added, s.failed) == (count, [])
        assert links(store) == want
        again = bulk([sample], store, engine="dask", workers=2)
        assert (again.added, store.count()) == (0, count)


def test_dask_workers_writing_on_sqlite_equal_incremental(sample: Path, incremental,
                                                          tmp_path: Path) -> None:
    """Two local Dask workers each write and connect their own chunks on their own
    connection to the SQLite file (taking turns on its write lock, in whatever order their
    chunks finish): the same duplicates, stories and sections as incremental ingest."""
    pytest.importorskip("distributed")
    want, count = incremental
    with SqliteStore(tmp_path / "w.db") as store:
        s = bulk([sample], store, engine="dask", workers=2, writer="workers",
                 parquet=str(tmp_path / "pq"))
        assert (s.added, s.connected, s.failed, s.unconnected) == (count, count, [], [])
        assert links(store) == want
    assert not bulk_mod.turn_file(tmp_path / "w.db").exists()  # removed when the run ends
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "pq").num_rows == count


def _hold_turn(store):
    """Take ``store``'s bulk write turn as another process would; returns its release."""
    if isinstance(store, PostgresStore):
        import psycopg

        conn = psycopg.connect(store.url, autocommit=True)
        conn.execute("SELECT pg_advisory_lock(%s)", (bulk_mod.PG_TURN,))
        return conn.close
    import fcntl
    import os

    fd = os.open(bulk_mod.turn_file(store.path), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return lambda: os.close(fd)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_write_turn_waits_for_the_holder_and_pauses_processing(
        backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A worker's write turn (a ``flock`` beside the SQLite file; a session advisory lock on
    PostgreSQL) waits while another process holds it, and is taken as soon as it is
    released; while it is held, this process's processing of records pauses (the writer
    has the interpreter to itself), and resumes after."""
    import threading
    import time

    if backend == "postgres":
        store = PostgresStore(request.getfixturevalue("pg_url"))
    else:
        store = SqliteStore(tmp_path / "t.db")
    with store:
        release = _hold_turn(store)
        events: list[str] = []

        def write() -> None:
            with bulk_mod._turn(store):
                events.append("turn")
                assert not bulk_mod._PROCESSING.is_set()
                time.sleep(0.2)
                events.append("written")

        t = threading.Thread(target=write)
        t.start()
        time.sleep(0.3)
        assert events == []  # still waiting for the other holder
        release()
        for _ in range(200):
            if events:
                break
            time.sleep(0.01)
        assert events == ["turn"]
        assert not bulk_mod._PROCESSING.wait(0.05)  # paused while the turn is held
        t.join()
        assert events == ["turn", "written"] and bulk_mod._PROCESSING.is_set()
        release = _hold_turn(store)  # released by the writer: free again
        release()
    for conn in bulk_mod._PG_TURNS.values():
        conn.close()
    bulk_mod._PG_TURNS.clear()


def test_worker_chunk_killed_before_connecting(sample: Path, incremental, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed between writing its chunk and connecting it (run here in this
    process): the rerun connects that chunk first and stores nothing twice."""
    from mawsua.sources.archives import iter_bulk

    want, count = incremental
    db = tmp_path / "k.db"
    items = list(iter_bulk(sample))[: N // 3]

    def killed(store, added):
        raise KeyboardInterrupt

    with SqliteStore(db) as store:
        target = bulk_mod._target(store)
    monkeypatch.setattr(bulk_mod, "_WORKER_STORES", {})
    monkeypatch.setattr(bulk_mod, "connect_added", killed)
    with pytest.raises(KeyboardInterrupt):
        bulk_mod.store_chunk(items, target, None)
    monkeypatch.setattr(bulk_mod, "connect_added", connect_added)
    done = bulk_mod.store_chunk(items[: N // 6], target, None)  # all stored already
    assert done.summary.added == 0 and done.summary.duplicates == done.read == N // 6
    for st in bulk_mod._WORKER_STORES.values():
        st.close()
    with SqliteStore(db) as store:
        first = store.count()
        s = bulk([sample], store, engine="local", workers=1)
        assert s.reconnected == first and s.added == count - first
        assert store.count() == count and links(store) == want


def test_worker_with_a_small_feature_cache_connects_the_same(
        sample: Path, incremental, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writing worker keeps at most ``WORKER_FEATURE_CACHE`` articles' features in memory;
    candidates it no longer holds are read back from the store: with a cache of 5 articles
    the chunks (run here in this process) give incremental ingest's duplicates, stories
    and sections."""
    from mawsua.app.connect import _CACHES
    from mawsua.sources.archives import iter_bulk

    want, count = incremental
    monkeypatch.setattr(bulk_mod, "_WORKER_STORES", {})
    monkeypatch.setattr(bulk_mod, "WORKER_FEATURE_CACHE", 5)
    items = list(iter_bulk(sample))
    db = tmp_path / "c.db"
    with SqliteStore(db) as store:
        target = bulk_mod._target(store)
    added = sum(bulk_mod.store_chunk(items[k : k + 12], target, None).summary.added
                for k in range(0, len(items), 12))
    (worker_store,) = bulk_mod._WORKER_STORES.values()
    assert added == count and len(_CACHES[worker_store]) == 5
    worker_store.close()
    with SqliteStore(db) as store:
        assert links(store) == want


def test_worker_without_the_database_reports_its_chunk(sample: Path, tmp_path: Path) -> None:
    """A worker that cannot open the database fails its chunk with the store's code and the
    chunk's first record (nothing stored: a rerun retries it)."""
    from mawsua.sources.archives import iter_bulk

    items = list(iter_bulk(sample))[:3]
    (tmp_path / "not-a-db").write_bytes(b"not a database" * 100)
    done = bulk_mod.store_chunk(items, str(tmp_path / "not-a-db"), None)
    assert (done.read, done.failed, done.lost) == (3, 3, None)
    assert [(f["code"], f["path"]) for f in done.summary.failed] == [("E_STORE", items[0].where)]


def test_writer_choices(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "u.db") as store:
        for kw in ({"writer": "nobody"}, {"writer": "workers", "engine": "local"}):
            with pytest.raises(MawsuaError) as e:
                bulk([tmp_path], store, **kw)
            assert e.value.code == "E_USAGE"


def test_damaged_archives_are_reported(tmp_path: Path, sample: Path) -> None:
    lines = sample.read_bytes().splitlines(keepends=True)[:3]
    gz = gzip.compress(b"".join(lines))
    (tmp_path / "cut.jsonl.gz").write_bytes(gz[: len(gz) // 2])
    (tmp_path / "bad.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage" * 10)
    (tmp_path / "ok.jsonl.gz").write_bytes(gz)
    with SqliteStore(tmp_path / "d.db") as store:
        s = bulk([tmp_path], store, engine="local", workers=1)
    codes = {(Path(f["path"].split("@")[0].split(":")[0]).name, f["code"]) for f in s.failed}
    assert ("cut.jsonl.gz", "E_ARCHIVE") in codes and ("bad.warc.gz", "E_ARCHIVE") in codes
    assert s.added == 3


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # warcio's writer
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_warc_response_records(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    w = WARCWriter(buf, gzip=True)
    html = ("<html><head><title>خبر</title></head><body><article><h1>خبر تجريبي</h1><p>"
            + "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة جدة. " * 8
            + "</p></article></body></html>").encode()
    for url, status, body in (("https://n.test/a", "200 OK", html),
                              ("https://n.test/b", "404 Not Found", b"no")):
        headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=BytesIO(body),
                                            http_headers=headers))
    (tmp_path / "cc-news.warc.gz").write_bytes(buf.getvalue())
    from mawsua.sources.archives import iter_bulk

    items = list(iter_bulk(tmp_path))
    assert len(items) == 1 and items[0].url == "https://n.test/a" and items[0].format == "html"


@pytest.mark.parametrize(("total", "workers"), [(2000, 2), (10_000, 2), (100_000, 8), (37, 1)])
def test_chunk_sizes_cover_the_run_and_shrink_at_its_end(total: int, workers: int) -> None:
    """Chunks of :func:`chunk_size` records, then shrinking over the run's last part (never
    below ``TAIL_MIN``, never growing again), covering every record."""
    from itertools import islice

    sizes = bulk_mod.chunk_sizes(total, workers)
    got, seen = [], 0
    while seen < total:
        got.append(next(sizes))
        seen += got[-1]
    full = bulk_mod.chunk_size(total, workers)
    assert got[0] == max(bulk_mod.TAIL_MIN, min(full, total // (4 * workers)))
    assert all(bulk_mod.TAIL_MIN <= s <= full for s in got)
    assert got == sorted(got, reverse=True)
    if total >= 4 * workers * full:
        assert got[-1] < full / 2 and full * got.count(full) >= total // 2
    assert list(islice(bulk_mod.chunk_sizes(None, workers), 3)) == [bulk_mod.CHUNK] * 3


def test_cluster_is_closed_when_nothing_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    """The local cluster starts as ``bulk`` begins; with nothing to process it is closed
    again (and a failed run closes it too)."""
    closed: list[bool] = []

    class FakeStart:
        def __init__(self, workers: int) -> None:
            self.taken = False

        def get(self):
            raise AssertionError("no chunk: the cluster is never used")

        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr(bulk_mod, "_ClusterStart", FakeStart)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with SqliteStore(tmp_path / "m.db") as store:
        summary = bulk([empty], store, engine="dask", workers=2)
        assert summary.added == 0 and closed
        closed.clear()

        def broken(store: SqliteStore) -> None:
            raise RuntimeError("database gone")

        monkeypatch.setattr(bulk_mod, "connect_pending", broken)
        with pytest.raises(RuntimeError):
            bulk([empty], store, engine="dask", workers=2)
        assert closed
