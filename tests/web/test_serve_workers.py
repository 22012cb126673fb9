"""Issue 16, item 7: several server workers, bounded read connections, cached aggregates."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from mawsua.app.serve import serve
from mawsua.web import cache


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


class _Store:
    def __init__(self, path: Path) -> None:
        self.path = path


def test_an_aggregate_is_cached_until_the_database_changes(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           ) -> None:
    monkeypatch.delenv("MAWSUA_WEB_CACHE_S", raising=False)
    cache.clear()
    path = _db(tmp_path)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    store = _Store(path)
    assert cache.cached(store, "facets", compute) == 1
    assert cache.cached(store, "facets", compute) == 1  # unchanged file: from the cache
    assert cache.cached(store, "other", compute) == 2  # another query
    time.sleep(0.01)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert cache.cached(store, "facets", compute) == 3  # a commit: counted again
    monkeypatch.setenv("MAWSUA_WEB_CACHE_S", "60")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
    assert cache.cached(store, "facets", compute) == 3  # younger than the allowed lag
    assert cache.cached(object(), "facets", compute) == 4  # no path: never cached
    cache.clear()


def test_serve_with_workers_runs_uvicorn_workers_on_the_app_factory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _db(tmp_path)
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.delenv("MAWSUA_DB", raising=False)
    for name in ("MAWSUA_WEB_CACHE_S", "MAWSUA_WEB_PAGE_TTL_S"):  # restored after the test
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    serve(path, port=8123, workers=3)
    assert seen["app"] == "mawsua.web.app:app_from_env" and seen["factory"] is True
    assert seen["workers"] == 3 and seen["port"] == 8123
    assert seen["timeout_worker_healthcheck"] >= 30
    assert seen["timeout_keep_alive"] > 5  # uvicorn's 5 s races slow clients
    assert os.environ["MAWSUA_DB"] == str(path.resolve())
    assert os.environ["MAWSUA_WEB_CACHE_S"] == "15"
    assert os.environ["MAWSUA_WEB_PAGE_TTL_S"] == "5"
    assert seen["access_log"] is False  # one log line a request: only when asked
    assert seen["http"] == "httptools"
    assert seen["loop"] == ("asyncio" if sys.platform == "win32" else "uvloop")
    seen.clear()
    serve(path, workers=1, access_log=True)
    assert not isinstance(seen["app"], str) and "workers" not in seen  # in this process
    assert seen["access_log"] is True and seen["http"] == "httptools"


def test_read_connections_have_bounded_caches(tmp_path: Path) -> None:
    from mawsua.store.sqlite import READ_CACHE_KIB, SqliteStore

    db = tmp_path / "s.db"
    with SqliteStore(db):
        pass
    with SqliteStore(db, readonly=True) as ro:
        assert ro.conn.execute("PRAGMA cache_size").fetchone()[0] == READ_CACHE_KIB
        assert ro.conn.execute("PRAGMA mmap_size").fetchone()[0] > 0
