"""Regression tests for the faults of the sixth code review and user test of live ingestion, on
the local test site or a mock transport with real corpus articles (never the internet)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from mawsua.sources.http import Fetched, Fetcher, FetchFailed, FetchPolicy
from mawsua.sources.warc import Exchange, WarcArchive, archive_files, iter_archive


def _ex(n: int, **kw: object) -> Exchange:
    return Exchange(url=f"http://example.test/{n}.html", status=200, reason="OK",
                    headers=[("Content-Type", "text/html")], body=f"<p>خبر {n}</p>".encode() * 50,
                    **kw)  # type: ignore[arg-type]


class _FullDisk:
    """Wraps a file: writes fail with ENOSPC after ``room`` more bytes (some are written)."""

    def __init__(self, fh: object, room: int) -> None:
        self._fh, self.room = fh, room

    def write(self, b: bytes) -> int:
        if len(b) > self.room:
            self._fh.write(b[: self.room])  # type: ignore[attr-defined]
            self._fh.flush()  # type: ignore[attr-defined]
            self.room = 0
            raise OSError(28, "No space left on device")
        self.room -= len(b)
        return self._fh.write(b)  # type: ignore[attr-defined,no-any-return]

    def __getattr__(self, name: str) -> object:
        return getattr(self._fh, name)


def test_warc_write_failing_partway_leaves_later_records_readable(tmp_path: Path) -> None:
    # 1: a write that failed partway (ENOSPC) left the file open and the next records were
    #    appended after the half-written one, unreadable.
    arc = WarcArchive(tmp_path)
    arc.write(_ex(0))
    assert arc._writer is not None
    arc._writer.out = _FullDisk(arc._fh, 40)  # the disk fills in the middle of the next record
    with pytest.raises(OSError):
        arc.write(_ex(1))
    arc.write(_ex(2))
    arc.write(_ex(3))
    arc.close()
    got = list(iter_archive(tmp_path))
    assert [r.url.rsplit("/", 1)[1] for r in got if not hasattr(r, "code")] == \
        ["0.html", "2.html", "3.html"], got
    assert not [r for r in got if hasattr(r, "code")], got  # the cut record was cut back
    assert len(archive_files(tmp_path)) == 2


def test_robots_txt_is_loaded_once_by_concurrent_threads_and_fetch_never_raises() -> None:
    # 2: the robots.txt reload had no lock: every thread re-fetched it, and one arriving while
    #    the old reading was cleared hit `assert h.robots is not None`.
    robots_calls: list[int] = []
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            with lock:
                robots_calls.append(1)
            time.sleep(0.05)  # a slow robots.txt: the other threads arrive meanwhile
            return httpx.Response(200, content=b"User-agent: *\nDisallow: /private/\n")
        return httpx.Response(200, content=b"<p>\xd8\xae\xd8\xa8\xd8\xb1</p>")

    policy = FetchPolicy(timeout_s=1.0, retries=0, host_delay_s=0.0, host_concurrency=16,
                         robots_ttl_s=0.2)
    with Fetcher(policy, None, transport=httpx.MockTransport(handler)) as f, \
            ThreadPoolExecutor(16) as pool:
        for _round in range(3):  # the first load, then reloads after the reading expired
            urls = [f"http://news.test/{i}.html" for i in range(24)] + \
                [f"http://news.test/private/{i}.html" for i in range(8)]
            got = list(pool.map(f.fetch, urls))
            assert all(isinstance(g, Fetched) for g in got[:24]), got
            assert all(isinstance(g, FetchFailed) and g.code == "E_ROBOTS_DISALLOWED"
                       for g in got[24:]), got
            time.sleep(0.25)
    assert len(robots_calls) == 3, robots_calls
