"""Which entries are given up and which are tried again: a 404 page (permanent) is marked seen
and never fetched again; a 500 page (transient) stays unseen, the feed's validators are cleared
so the next poll is a full GET, and it is fetched again until it works."""

from __future__ import annotations

from pathlib import Path

import pytest
from livescenario import FAST
from localsite import CORPUS, LocalSite, article_page, corpus_articles, rfc822, rss

from mawsua.app.sources import add_source, list_sources
from mawsua.app.watch import WatchOptions, watch
from mawsua.store.sqlite import SqliteStore


def test_permanent_and_transient_page_failures(tmp_path: Path) -> None:
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} not found")
    site = LocalSite()
    try:
        site.add("/robots.txt", body=b"User-agent: *\nAllow: /\n")
        arts = corpus_articles(3, skip=700)
        ok = site.add("/e/ok.html", body=article_page(arts[0]),
                      headers={"Content-Type": "text/html; charset=utf-8"})
        gone = site.add("/e/gone.html", status=404, body=b"gone")
        flaky = site.add("/e/flaky.html", status=500, body=b"down")
        items = [{"title": a["title"], "link": link, "guid": a["id"], "pubDate": rfc822(1.44e9)}
                 for a, link in zip(arts, (ok, gone, flaky), strict=True)]
        feed = site.add("/e/feed.xml", body=rss(items), etag='"e"',
                        headers={"Content-Type": "application/rss+xml"})
        opts = WatchOptions(archive=tmp_path / "arc", policy=FAST, force=True)
        with SqliteStore(tmp_path / "e.db") as store:
            add_source(store, feed, kind="feed")
            first = watch(store, opts, once=True)[0]
            assert first.added == 1
            assert {(f["path"], f["code"]) for f in first.failed} == {
                (gone, "E_FETCH_HTTP"), (flaky, "E_FETCH_HTTP")}
            (src,) = list_sources(store)
            assert src.etag is None  # an entry is left: no 304 may hide it
            seen = dict(store.conn.execute("SELECT url, outcome FROM source_entries"))
            assert seen == {ok: "added", gone: "E_FETCH_HTTP"}
            site.add("/e/flaky.html", body=article_page(arts[2]),
                     headers={"Content-Type": "text/html; charset=utf-8"})
            second = watch(store, opts, once=True)[0]
            assert second.added == 1 and second.failed == []
            # 404: once, never again; 500: retried in the round, then fetched again next poll
            assert site.hits["/e/gone.html"] == 1
            assert site.hits["/e/flaky.html"] == FAST.retries + 2
            (src,) = list_sources(store)
            assert src.etag == '"e"' and src.articles == 2
            third = watch(store, opts, once=True)[0]
            assert third.not_modified == 1 and third.entries == 0
    finally:
        site.close()
