"""`mawsua watch` as a real process: killed mid-round (SIGKILL) and started again it loses no
archived response and adds no duplicate; SIGTERM mid-round stops it cleanly with every fetched
response processed and stored."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from localsite import CORPUS, LocalSite, article_page, corpus_articles, rfc822, rss

from mawsua.app.sources import add_source
from mawsua.sources.warc import ArchivedResponse, archive_files, iter_archive
from mawsua.store.sqlite import SqliteStore

N_PAGES = 10
PAGE_DELAY_S = 0.25


@pytest.fixture(scope="module")
def slow_site() -> Iterator[tuple[LocalSite, str, list[str]]]:
    """One feed of real corpus articles whose pages take :data:`PAGE_DELAY_S` each."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} not found")
    site = LocalSite()
    site.add("/robots.txt", body=b"User-agent: *\nAllow: /\n")
    arts = corpus_articles(N_PAGES, skip=100)
    items = []
    for i, rec in enumerate(arts):
        url = site.add(f"/slow/{i}.html", body=article_page(rec), delay_s=PAGE_DELAY_S,
                       headers={"Content-Type": "text/html; charset=utf-8"})
        items.append({"title": rec["title"], "link": url, "guid": rec["id"],
                      "pubDate": rfc822(1.44e9 + i * 60), "description": rec["text"][:100]})
    feed = site.add("/slow/feed.xml", body=rss(items), etag='"slow"',
                    headers={"Content-Type": "application/rss+xml"})
    try:
        yield site, feed, [it["link"] for it in items]
    finally:
        site.close()


def _cli(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "mawsua"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from mawsua.cli.main import main; main()", *args]


def _watch_cmd(db: Path, archive: Path) -> list[str]:
    return _cli("watch", "--once", "--db", str(db), "--archive", str(archive), "--timeout", "5",
                "--host-delay", "0", "--page-concurrency", "1", "--retries", "0", "--json")


def _pages(archive: Path) -> list[ArchivedResponse]:
    return [r for r in iter_archive(archive)
            if isinstance(r, ArchivedResponse) and r.kind == "page" and r.status == 200]


def _wait_for_pages(archive: Path, n: int, proc: subprocess.Popen[bytes],
                    limit_s: float = 30) -> None:
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail(f"watch ended early: {proc.returncode}")
        if archive.exists() and len(_pages(archive)) >= n:
            return
        time.sleep(0.05)
    pytest.fail("watch did not fetch pages in time")


def _add(db: Path, url: str) -> None:
    with SqliteStore(db) as store:
        add_source(store, url, kind="feed")


def _digests(archive: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in archive_files(archive)}


def test_killed_mid_round_then_restarted(slow_site: tuple[LocalSite, str, list[str]],
                                         tmp_path: Path) -> None:
    _site, feed, pages = slow_site
    db, archive = tmp_path / "k.db", tmp_path / "archive"
    _add(db, feed)
    proc = subprocess.Popen(_watch_cmd(db, archive), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait_for_pages(archive, 4, proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    before = _pages(archive)
    files_before = _digests(archive)
    assert 4 <= len(before) < N_PAGES
    out = subprocess.run(_watch_cmd(db, archive), capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()
    # no archived response lost: the first run's files are untouched and still read back
    after_files = _digests(archive)
    for path, digest in files_before.items():
        assert after_files[path] == digest
    after = {(r.url, r.date, r.body) for r in _pages(archive)}
    assert {(r.url, r.date, r.body) for r in before} <= after
    # every entry stored exactly once
    with SqliteStore(db) as store:
        urls = [u for (u,) in store.conn.execute("SELECT url FROM articles")]
        entries = store.conn.execute("SELECT count(*) FROM source_entries").fetchone()[0]
    assert sorted(urls) == sorted(pages)
    assert entries == N_PAGES


def test_sigterm_stops_cleanly_without_losing_a_fetched_response(
        slow_site: tuple[LocalSite, str, list[str]], tmp_path: Path) -> None:
    _site, feed, pages = slow_site
    db, archive = tmp_path / "t.db", tmp_path / "archive"
    _add(db, feed)
    proc = subprocess.Popen(_watch_cmd(db, archive), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    _wait_for_pages(archive, 3, proc)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr.decode()
    assert b'"stopped":true' in stdout
    fetched = {r.url for r in _pages(archive)}
    assert 3 <= len(fetched) < N_PAGES  # it stopped early...
    with SqliteStore(db) as store:
        urls = {u for (u,) in store.conn.execute("SELECT url FROM articles")}
    assert urls == fetched  # ...and stored every page it had fetched
    with SqliteStore(db) as store:  # the feed's validators were not kept: entries are left
        assert store.conn.execute("SELECT etag FROM sources").fetchone()[0] is None
    out = subprocess.run(_watch_cmd(db, archive), capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()
    with SqliteStore(db) as store:  # the restart fetches the feed in full and finishes
        urls = sorted(u for (u,) in store.conn.execute("SELECT url FROM articles"))
        etag = store.conn.execute("SELECT etag FROM sources").fetchone()[0]
    assert urls == sorted(pages) and etag == '"slow"'
