"""Regression tests for the faults a fresh-eyes user test found in live ingestion, on the local
test site with real corpus articles (never the internet): Arabic links (IRIs), summary-only
entries sharing a teaser, a feed that never parses, malformed and differently spelt source
URLs, network failures met at robots.txt, truncated WARC files, URLs that are no feed, and
the articles count of ``sources list``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from livescenario import FAST
from localsite import LocalSite, article_page, corpus_articles, rfc822, rss
from typer.testing import CliRunner

from mawsua.app.reprocess import reprocess
from mawsua.app.sources import add_source, list_sources
from mawsua.app.watch import WatchOptions, watch
from mawsua.cli.main import app
from mawsua.errors import MawsuaError
from mawsua.sources.warc import archive_files
from mawsua.store.sqlite import SqliteStore

runner = CliRunner()
CLI_FAST = ["--timeout", "1", "--retries", "0", "--host-delay", "0", "--backoff", "0.01"]
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}


def _run(*args: str):  # noqa: ANN202 - click's Result
    return runner.invoke(app, list(args))


def _urls(store: SqliteStore) -> set[str]:
    return {u for (u,) in store.conn.execute("SELECT url FROM articles")}


def test_arabic_links_and_shared_teasers_are_all_stored(site: LocalSite, tmp_path: Path) -> None:
    # 1: an entry linking to /ar/أخبار/خبر-عاجل.html failed the whole feed (UnicodeEncodeError
    #    from warcio); so did a source URL with an Arabic path and query.
    # 2: summary-only entries were deduplicated on the summary text alone.
    arts = corpus_articles(3, skip=900)
    page_path = "/ar/أخبار/خبر-عاجل.html"
    site.add(quote(page_path), body=article_page(arts[0]), headers=HTML)  # the wire path
    page_iri = site.base + page_path
    teaser = "<p>" + arts[1]["text"][:300] + "</p>"
    items = [{"title": arts[0]["title"], "link": page_iri, "guid": "g0",
              "pubDate": rfc822(1.44e9)},
             # two different entries with the same teaser; their pages are gone (404), so each
             # becomes its summary's article
             {"title": arts[1]["title"], "link": site.base + "/ar/غائب-1.html", "guid": "g1",
              "description": teaser, "pubDate": rfc822(1.44e9 + 60)},
             {"title": arts[2]["title"], "link": site.base + "/ar/غائب-2.html", "guid": "g2",
              "description": teaser, "pubDate": rfc822(1.44e9 + 120)}]
    site.add(quote("/ar/موجز.xml"), body=rss(items), headers=RSS)
    feed_iri = site.base + "/ar/موجز.xml?القسم=عاجل"
    opts = WatchOptions(archive=tmp_path / "arc", policy=FAST, force=True)
    with SqliteStore(tmp_path / "a.db") as store:
        out = add_source(store, feed_iri, archive=tmp_path / "arc", policy=FAST)
        assert out.added and out.source.kind == "feed" and "3 entries" in out.note
        assert out.source.url == feed_iri  # shown as written
        summary = watch(store, opts, once=True)[0]
        assert summary.failed_polls == 0, summary.sources
        assert summary.added == 3 and summary.duplicates == 0, summary.to_dict()
        urls = _urls(store)
        assert page_iri in urls  # the readable URL is kept for users
        assert {site.base + "/ar/غائب-1.html", site.base + "/ar/غائب-2.html"} <= urls
        (src,) = list_sources(store)
        assert src.last_status == "200" and src.articles == 3
    # the archive holds URIs, and reprocessing finds the Arabic page by its link again
    with SqliteStore(tmp_path / "re.db") as fresh:
        again = reprocess(tmp_path / "arc", fresh)
        assert again["added"] == 3 and again["failed"] == [], again
        assert page_iri in _urls(fresh)


def test_a_feed_that_never_parses_stays_failing_behind_its_validators(
        site: LocalSite, tmp_path: Path) -> None:
    # 3: validators kept from the unparsable response made the next poll a 304: "healthy"
    feed = site.add("/broken/feed.xml", body=b"<html><body>maintenance</body></html>",
                    etag='"broken"', last_modified="Sun, 29 Nov 2026 10:00:00 GMT",
                    headers=HTML)
    opts = WatchOptions(archive=tmp_path / "arc", policy=FAST, force=True, max_errors=3)
    with SqliteStore(tmp_path / "b.db") as store:
        add_source(store, feed, kind="feed")
        for k in (1, 2):
            s = watch(store, opts, once=True)[0]
            assert s.failed_polls == 1 and s.not_modified == 0, s.sources
            (src,) = list_sources(store)
            assert src.last_status == "E_FEED_PARSE" and src.consecutive_errors == k
            assert src.etag is None and src.last_modified is None
        # a database written before the fix: validators saved from the failed response
        store.conn.execute("UPDATE sources SET etag = '\"broken\"'")
        s = watch(store, opts, once=True)[0]
        (src,) = list_sources(store)
        assert s.not_modified == 0 and src.last_status == "E_FEED_PARSE"
        assert src.disabled_reason is not None and "E_FEED_PARSE" in src.disabled_reason
        assert src.etag is None


def test_malformed_and_respelt_source_urls(site: LocalSite, tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    arc = str(tmp_path / "arc")
    # 4: a traceback (ValueError: Invalid IPv6 URL) instead of one E_SOURCE line
    for bad in ("http://[::1", "http://127.0.0.1:99999/x", "http://host:port/x"):
        for kind in ("auto", "feed"):
            res = _run("sources", "add", bad, "--kind", kind, "--db", db, "--archive", arc)
            assert res.exit_code == 1, (bad, res.output)
            assert res.stderr.count("\n") == 1 and "E_SOURCE" in res.stderr
            assert "malformed URL" in res.stderr and "Traceback" not in res.output
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="2.0"><body><outline text="x" xmlUrl="http://[::1"/>'
                    f'<outline text="y" xmlUrl="{site.url("/x.xml")}"/></body></opml>')
    res = _run("sources", "import", str(opml), "--db", db, "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["added"] == 1 and out["failed"][0]["code"] == "E_SOURCE"
    # 6: the same feed under another spelling of scheme, host or port
    arts = corpus_articles(1, skip=950)
    feed = site.add("/rss.xml", body=rss([{"title": arts[0]["title"], "link": site.url("/p"),
                                           "guid": "p"}]), headers=RSS)
    res = _run("sources", "add", feed, "--db", db, "--archive", arc)
    assert res.exit_code == 0 and res.stdout.startswith("added:")
    port = site.server.server_address[1]
    for other in (feed.replace("http://", "HTTP://"),
                  feed.replace("127.0.0.1", "127.0.0.1").upper().replace("/RSS.XML", "/rss.xml"),
                  f"http://127.0.0.1:{port}/rss.xml", f" {feed} "):
        for kind in ("auto", "feed"):
            res = _run("sources", "add", other, "--kind", kind, "--db", db, "--archive", arc)
            assert res.exit_code == 0 and "already there" in res.stdout, (other, res.output)
    res = _run("sources", "add", "HTTP://Example.COM:80/Feed.xml", "--kind", "feed",
               "--db", db)
    assert "http://example.com/Feed.xml" in res.stdout  # path case is the site's own
    res = _run("sources", "add", "https://example.com:443/Feed.xml", "--kind", "feed", "--db", db)
    assert "https://example.com/Feed.xml" in res.stdout
    res = _run("sources", "remove", "HTTPS://EXAMPLE.COM/Feed.xml", "--db", db)
    assert res.exit_code == 0 and "removed" in res.stdout


def test_unreachable_hosts_are_network_failures_not_robots_refusals(tmp_path: Path) -> None:
    # 5: `sources add http://127.0.0.1:1/x` then `watch --once` said E_ROBOTS_DISALLOWED
    db = str(tmp_path / "d.db")
    arc = str(tmp_path / "arc")
    for url in ("http://127.0.0.1:1/x", "http://no-such-host.invalid/feed.xml"):
        # unreachable: refused with the code and the reason (as Miniflux refuses), not added
        res = _run("sources", "add", url, "--db", db, "--archive", arc, "--timeout", "2")
        assert res.exit_code == 1, res.output
        assert "E_FETCH_NETWORK: not added: could not be reached" in res.stderr
        assert "robots.txt" in res.stderr and "disallows" not in res.stderr
        assert "--no-check" in res.stderr
        res = _run("sources", "list", "--db", db, "--json")
        assert url not in res.stdout
        # added only when asked, with a warning that says what failed
        res = _run("sources", "add", url, "--db", db, "--archive", arc, "--timeout", "2",
                   "--no-check")
        assert res.exit_code == 0 and res.stdout.startswith("added:"), res.output
        assert "warning: could not be reached (E_FETCH_NETWORK" in res.stderr
    res = _run("watch", "--once", "--db", db, "--archive", arc, "--json", *CLI_FAST)
    assert res.exit_code == 1, res.output  # every poll failed: nothing could be fetched
    polled = json.loads(res.stdout.strip().splitlines()[-1])["sources"]
    assert len(polled) == 2
    for p in polled:
        assert p["status"] == "E_FETCH_NETWORK", p
        assert p["error"].startswith("robots.txt of ") and "unreachable (" in p["error"]
    res = _run("sources", "list", "--db", db, "--json")
    assert {r["last_status"] for r in json.loads(res.stdout)} == {"E_FETCH_NETWORK"}


def test_a_truncated_warc_file_is_an_archive_failure(site: LocalSite, tmp_path: Path) -> None:
    # 7: `head -c 500 x.warc.gz > trunc.warc.gz`; reprocess said read 0, failed [], exit 0
    arts = corpus_articles(2, skip=960)
    items = []
    for i, rec in enumerate(arts):
        items.append({"title": rec["title"], "guid": f"t{i}", "pubDate": rfc822(1.44e9 + i),
                      "link": site.add(f"/t/{i}.html", body=article_page(rec), headers=HTML)})
    feed = site.add("/t/feed.xml", body=rss(items), headers=RSS)
    with SqliteStore(tmp_path / "e.db") as store:
        add_source(store, feed, kind="feed")
        assert watch(store, WatchOptions(archive=tmp_path / "arc", policy=FAST), once=True)[0] \
            .added == 2
    (whole,) = archive_files(tmp_path / "arc")
    data = whole.read_bytes()
    cut = tmp_path / "cut"
    cut.mkdir()
    for n in (500, len(data) // 2, len(data) - 7):
        for old in cut.iterdir():
            old.unlink()
        (cut / "trunc.warc.gz").write_bytes(data[:n])
        res = _run("reprocess", "--db", str(tmp_path / f"r{n}.db"), "--archive", str(cut),
                   "--json")
        out = json.loads(res.stdout)
        assert res.exit_code == (0 if out["added"] else 1), res.output  # 1: nothing read
        (failed,) = out["failed"]
        assert failed["code"] == "E_ARCHIVE" and failed["path"].endswith("trunc.warc.gz"), out
        assert "truncated" in failed["reason"]
    # the whole file beside it still reads in full, and its failure is not repeated
    shutil.copy(whole, cut / "whole.warc.gz")
    res = _run("reprocess", "--db", str(tmp_path / "w.db"), "--archive", str(cut))
    assert res.exit_code == 0 and "added 2" in res.stdout, res.output
    assert res.stderr.count("E_ARCHIVE") == 1 and "trunc.warc.gz" in res.stderr


def test_urls_that_are_no_feed_and_the_articles_count(site: LocalSite, tmp_path: Path) -> None:
    # 11: an image was registered (exit 0) with an E_BINARY note, a 404 "added as a feed";
    #     `sources list` counted duplicates among a source's articles
    db = str(tmp_path / "f.db")
    arc = str(tmp_path / "arc")
    png = site.add("/logo.png", body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300),
                   headers={"Content-Type": "image/png"})
    gone = site.add("/gone.xml", status=404, body=b"not here")
    for url, code in ((png, "E_BINARY"), (gone, "E_FETCH_HTTP")):
        res = _run("sources", "add", url, "--db", db, "--archive", arc)
        assert res.exit_code == 1, res.output
        assert res.stderr.count("\n") == 1 and f"{url}: E_SOURCE: not added: {code}" in res.stderr
        assert "--kind feed" in res.stderr
    res = _run("sources", "list", "--db", db, "--json")
    assert json.loads(res.stdout) == []
    res = _run("sources", "add", gone, "--kind", "feed", "--db", db)
    assert res.exit_code == 0 and res.stdout.startswith("added:")
    _run("sources", "remove", gone, "--db", db)
    # two feeds with the same entries: the second adds nothing, and says so
    arts = corpus_articles(2, skip=980)
    items = [{"title": r["title"], "guid": f"d{i}", "pubDate": rfc822(1.44e9 + i),
              "link": site.add(f"/d/{i}.html", body=article_page(r), headers=HTML)}
             for i, r in enumerate(arts)]
    first = site.add("/d/one.xml", body=rss(items), headers=RSS)
    second = site.add("/d/two.xml", body=rss(items), headers=RSS)
    with SqliteStore(tmp_path / "f.db") as store:
        add_source(store, first, kind="feed")
        s1 = watch(store, WatchOptions(archive=tmp_path / "arc", policy=FAST), once=True)[0]
        add_source(store, second, kind="feed")
        s2 = watch(store, WatchOptions(archive=tmp_path / "arc", policy=FAST), once=True)[0]
    assert s1.added == 2 and s2.added == 0 and s2.duplicates == 2
    res = _run("sources", "list", "--db", db, "--json")
    counts = {r["url"]: r["articles"] for r in json.loads(res.stdout)}
    assert counts == {first: 2, second: 0}


def test_the_archive_must_be_a_folder(tmp_path: Path) -> None:
    # 8: `watch --once --archive FILE` said `watch: [Errno 17] File exists`
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    db = str(tmp_path / "g.db")
    for args in (["watch", "--once", "--db", db], ["reprocess", "--db", db],
                 ["sources", "add", "http://127.0.0.1:1/x", "--db", db]):
        res = _run(*args, "--archive", str(a_file))
        assert res.exit_code == 1, res.output
        assert res.stderr == f"{a_file}: E_ARCHIVE: not a folder (the archive is a folder of " \
                             "WARC files; give a folder path)\n"
    with pytest.raises(MawsuaError):
        from mawsua.sources.warc import WarcArchive

        WarcArchive(a_file)


def test_summary_bytes_are_the_entry_identity() -> None:
    # 2: two entries sharing a teaser gave the same raw bytes (the summary), so one was lost
    from mawsua.model import sha256_hex
    from mawsua.sources.feeds import FeedEntry
    from mawsua.sources.live import summary_item

    teaser = "<p>نص الموجز نفسه في خبرين مختلفين</p>"
    a = FeedEntry(key="g1", url="http://x.test/1", title="خبر أول", summary=teaser,
                  published_raw="Mon, 26 Jul 2021 10:00:00 GMT")
    b = FeedEntry(key="g2", url="http://x.test/2", title="خبر ثان", summary=teaser,
                  published_raw="Mon, 26 Jul 2021 11:00:00 GMT")
    ia, ib, ia2 = (summary_item(e, {}, "http://x.test/feed") for e in (a, b, a))
    assert ia.text == ib.text == teaser  # what is extracted is still the summary
    assert sha256_hex(ia.data) != sha256_hex(ib.data)
    assert ia.data == ia2.data  # the same entry, live or from the archive: the same bytes
    assert json.loads(ia.data) == {"title": "خبر أول", "link": "http://x.test/1", "guid": "g1",
                                   "published": "Mon, 26 Jul 2021 10:00:00 GMT",
                                   "summary": teaser}


def test_one_malformed_link_never_fails_its_document() -> None:
    # 4, every URL-parsing entry point: links met in feeds, pages, robots.txt and sitemaps
    from mawsua.extract.feed import outlet_of
    from mawsua.sources.discover import discover_feeds, read_sitemap
    from mawsua.sources.feeds import parse_feed

    base = "http://127.0.0.1:8000/"
    feed = rss([{"title": "أ", "link": "http://[::1/x", "guid": "a", "description": "نص"},
                {"title": "ب", "link": "/ok.html", "guid": "b", "description": "نص"}])
    parsed = parse_feed(feed, {"content-type": "application/rss+xml"}, base + "rss.xml")
    assert [e.url for e in parsed.entries] == [None, base + "ok.html"]
    page = ('<html><head><base href="http://[::1"><link rel="alternate" '
            'type="application/rss+xml" href="http://[::1/feed"><link rel="alternate" '
            'type="application/rss+xml" href="/rss.xml"></head></html>')
    assert discover_feeds(page, base) == [base + "rss.xml"]
    smap = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
            b"http://[::1/a</loc></url><url><loc>/b.html</loc></url></urlset>")
    assert read_sitemap(smap, base) == ([(base + "b.html", None)], [])
    assert outlet_of("http://[::1/x") is None and outlet_of("http://www.x.test/a") == "x.test"


def test_a_feed_cut_mid_item_is_a_coded_warning_with_its_whole_items_kept(
        site: LocalSite, tmp_path: Path) -> None:
    # a feed answered 200 but cut mid-item (a dropped connection): the bozo message was lost
    # and the half item (a title without its link) was read as an entry
    arts = corpus_articles(3, skip=970)
    items = [{"title": rec["title"], "guid": f"c{i}", "pubDate": rfc822(1.44e9 + i),
              "link": site.add(f"/c/{i}.html", body=article_page(rec), headers=HTML)}
             for i, rec in enumerate(arts)]
    whole = rss(items)
    whole = whole.encode() if isinstance(whole, str) else whole
    cut = whole[: whole.rindex(b"<item>") + len(b"<item><title>") + 8]
    feed = site.add("/c/feed.xml", body=cut, headers=RSS)
    db, arc = str(tmp_path / "c.db"), str(tmp_path / "arc")
    res = _run("sources", "add", feed, "--db", db, "--archive", arc)
    assert res.exit_code == 0 and "W_FEED_TRUNCATED" in res.stdout, res.output
    res = _run("watch", "--once", "--db", db, "--archive", arc, "--json", *CLI_FAST)
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    (polled,) = summary["sources"]
    assert polled["status"] == "200" and polled["warning"].startswith("W_FEED_TRUNCATED")
    assert summary["added"] == 2 and summary["entries"] == 2
