"""`mawsua sources ...`, `watch`, `reprocess` through the command line, sites (feed
autodiscovery, then sitemap), and the status page with its JSON twin."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from defusedxml import ElementTree
from fastapi.testclient import TestClient
from localsite import CORPUS, LocalSite, article_page, corpus_articles, rfc822, rss
from typer.testing import CliRunner

from mawsua.cli.main import app
from mawsua.web.app import create_app

runner = CliRunner()
FAST = ["--timeout", "1", "--retries", "0", "--host-delay", "0", "--backoff", "0.01"]


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, str]]:
    """A news site with a feed announced on its home page, and a site with only a sitemap."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} not found")
    site = LocalSite()
    arts = corpus_articles(6, skip=300)
    site.add("/robots.txt", body=b"User-agent: *\nDisallow: /admin/\n"
             b"Sitemap: /maps/sitemap.xml\n")
    items = []
    for i, rec in enumerate(arts[:3]):
        url = site.add(f"/a/{i}.html", body=article_page(rec),
                       headers={"Content-Type": "text/html; charset=utf-8"})
        items.append({"title": rec["title"], "link": url, "guid": rec["id"],
                      "pubDate": rfc822(1.44e9 + i)})
    feed = site.add("/rss/all.xml", body=rss(items), etag='"a"',
                    headers={"Content-Type": "application/rss+xml"})
    home = site.add("/", body=('<html><head><title>الرئيسية</title><link rel="alternate" '
                               'type="application/rss+xml" href="/rss/all.xml"></head><body>'
                               "</body></html>").encode(),
                    headers={"Content-Type": "text/html; charset=utf-8"})
    # the second "site" lives under /b/ with a sitemap named in robots.txt
    urls = []
    for i, rec in enumerate(arts[3:6]):
        urls.append(site.add(f"/b/{i}.html", body=article_page(rec),
                             headers={"Content-Type": "text/html; charset=utf-8"}))
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
               '"http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(
                   f"<url><loc>{u}</loc><lastmod>2016-05-0{i + 1}</lastmod></url>"
                   for i, u in enumerate(urls)) + "</urlset>").encode()
    site.add("/maps/sitemap.xml", body=sitemap, headers={"Content-Type": "application/xml"})
    bare = site.add("/b/", body=b"<html><head><title>b</title></head><body>b</body></html>",
                    headers={"Content-Type": "text/html; charset=utf-8"})
    try:
        yield {"feed": feed, "home": home, "bare": bare, "base": site.base,
               "feed_pages": json.dumps([it["link"] for it in items]),
               "map_pages": json.dumps(urls)}
    finally:
        site.close()


def _run(*args: str):  # noqa: ANN202 - click's Result
    return runner.invoke(app, list(args))


def test_sources_commands_end_to_end(sites: dict[str, str], tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    res = _run("sources", "add", sites["home"], "--section", "أخبار", "--db", db, "--json")
    assert res.exit_code == 0, res.output
    added = json.loads(res.stdout)
    assert added["kind"] == "site" and added["feed_url"] == sites["feed"] and added["added"]
    res = _run("sources", "add", sites["bare"], "--db", db, "--json")
    assert json.loads(res.stdout)["kind"] == "site"
    res = _run("sources", "add", sites["home"], "--db", db)
    assert res.exit_code == 0 and "already there" in res.stdout
    res = _run("sources", "add", "not a url", "--db", db)
    assert res.exit_code == 1 and "E_SOURCE" in res.stderr
    # one round: the site's feed, and the other site's sitemap (from robots.txt)
    res = _run("watch", "--once", "--db", db, "--archive", str(tmp_path / "arc"), "--json", *FAST)
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["added"] == 6 and summary["failed"] == [], summary["sources"]
    res = _run("sources", "list", "--db", db, "--json")
    rows = {r["url"]: r for r in json.loads(res.stdout)}
    for row in rows.values():
        assert {"url", "kind", "last_status", "articles", "errors"} <= set(row)
        assert row["last_status"] == "200" and row["articles"] == 3 and row["errors"] == 0
    assert rows[sites["bare"]]["feed_url"].endswith("/maps/sitemap.xml")
    res = _run("search", "", "--section", "أخبار", "--db", db, "--json")
    assert len(json.loads(res.stdout)) == 3  # the source's section reached its articles
    # export is OPML 2.0 and imports back
    res = _run("sources", "export", "--db", db)
    root = ElementTree.fromstring(res.stdout_bytes)
    assert root.get("version") == "2.0"
    outlines = root.findall("./body/outline")
    assert {o.get("xmlUrl") for o in outlines} == {sites["feed"],
                                                   rows[sites["bare"]]["feed_url"]}
    opml = tmp_path / "subs.opml"
    opml.write_bytes(res.stdout_bytes)
    db2 = str(tmp_path / "other.db")
    res = _run("sources", "import", str(opml), "--db", db2, "--json")
    assert json.loads(res.stdout)["added"] == 2
    res = _run("sources", "import", str(opml), "--db", db2, "--json")
    assert json.loads(res.stdout)["added"] == 0
    res = _run("sources", "import", str(tmp_path / "missing.opml"), "--db", db2)
    assert res.exit_code == 1 and "E_NOT_FOUND" in res.stderr
    # remove
    res = _run("sources", "remove", sites["bare"], "--db", db)
    assert res.exit_code == 0 and "removed" in res.stdout
    res = _run("sources", "remove", sites["bare"], "--db", db)
    assert res.exit_code == 1 and "E_SOURCE" in res.stderr
    # reprocess into a new database gives the same six articles
    res = _run("reprocess", "--db", str(tmp_path / "re.db"), "--archive", str(tmp_path / "arc"),
               "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["added"] == 6
    res = _run("reprocess", "--db", str(tmp_path / "re.db"), "--archive", str(tmp_path / "none"))
    assert res.exit_code == 1 and "E_ARCHIVE" in res.stderr
    res = _run("reprocess", "--db", db, "--since", "yesterday")
    assert res.exit_code == 1 and "E_INVALID_QUERY" in res.stderr
    # the status page and its twin
    client = TestClient(create_app(db))
    page = client.get("/status")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text and sites["home"] in page.text
    api = client.get("/api/v1/status").json()
    assert api["totals"]["sources"] == 1 and api["totals"]["articles"] == 3
    (src,) = api["sources"]
    assert src["last_status"] == "200" and src["last_new"] == 3 and "etag" not in src
    assert api["recent"][0]["status"] == "200"


def test_status_page_without_sources_and_with_failures(sites: dict[str, str],
                                                      tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    client = TestClient(create_app(db))
    assert client.get("/status").status_code == 503  # no database yet
    _run("sources", "add", sites["base"] + "/nothing.xml", "--kind", "feed", "--db", db)
    res = _run("watch", "--once", "--db", db, "--archive", str(tmp_path / "arc"), *FAST)
    assert res.exit_code == 1 and "E_FETCH_HTTP" in res.stderr  # every poll failed
    page = client.get("/status")
    assert page.status_code == 200 and "E_FETCH_HTTP" in page.text and "HTTP 404" in page.text
    assert client.get("/api/v1/status").json()["totals"]["failing"] == 1
