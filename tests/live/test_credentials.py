"""Issue 16, item 2: credentials never leave the fetcher.

A source is added with a password (and another with a token as user name and a ``token=``
query value) and its feed, whose items link relatively, is fetched from a loopback server that
demands the credentials. Then every output is searched for every secret: the CLI (``sources
add/list/export``, ``watch`` text and JSON, ``show --json``, ``export``), the website pages, the
API, the feeds out, the web export and the WARC archive.
"""

from __future__ import annotations

import base64
import gzip
import sqlite3
from pathlib import Path

import orjson
from fastapi.testclient import TestClient
from localsite import LocalSite, article_page, corpus_articles, rfc822, rss
from typer.testing import CliRunner

from mawsua.cli.main import app
from mawsua.model.urls import redact, split_credentials, strip_userinfo
from mawsua.store.sqlite import SqliteStore
from mawsua.web.app import create_app

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _basic(userinfo: str) -> str:
    return "Basic " + base64.b64encode(userinfo.encode()).decode()


def test_redact_hides_user_info_and_secret_query_values() -> None:
    assert redact("http://alice:pw@h.test/f?api_key=K1&page=2") == \
        "http://***@h.test/f?api_key=***&page=2"
    assert redact("E_FETCH_HTTP: HTTP 404 from https://TOKEN@h.test/x") == \
        "E_FETCH_HTTP: HTTP 404 from https://***@h.test/x"
    for name in ("token", "access_token", "key", "sig", "X-Amz-Signature", "client_secret",
                 "password", "apikey", "private-token"):
        assert redact(f"https://h.test/x?a=1&{name}=S3CR3T") == f"https://h.test/x?a=1&{name}=***"
    for name in ("monkey", "keyword", "page", "id", "tokens_used"):  # not secrets
        assert redact(f"https://h.test/x?{name}=1") == f"https://h.test/x?{name}=1"
    assert split_credentials("http://a:p%40ss@h.test:8080/f") == ("http://h.test:8080/f", "a:p%40ss")
    assert split_credentials("http://h.test/a@b") == ("http://h.test/a@b", None)
    assert strip_userinfo("https://u:p@h.test/x?y=@") == "https://h.test/x?y=@"


def test_credentials_are_sent_to_the_origin_and_shown_nowhere(site: LocalSite,
                                                               tmp_path: Path) -> None:
    arts = corpus_articles(3, skip=1800)
    netloc = site.base.split("//", 1)[1]
    alice, token = "alice:PASSW0RD", "TOKENUSER9"
    for i, a in enumerate(arts[:2], 1):
        site.add(f"/a/{i}.html", body=article_page(a), headers=HTML, auth=_basic(alice))
    site.add("/a/3.html", body=article_page(arts[2]), headers=HTML, auth=_basic(token + ":"))
    items = [  # a relative link, and an absolute one with someone else's user info
        {"title": arts[0]["title"], "link": "a/1.html", "guid": "c1", "pubDate": rfc822(1.5e9)},
        {"title": arts[1]["title"], "link": f"http://mallory:LINKPW@{netloc}/a/2.html",
         "guid": "c2", "pubDate": rfc822(1.5e9)}]
    site.add("/feed.xml", body=rss(items), headers=RSS, auth=_basic(alice))
    site.add("/feed2.xml", body=rss([{"title": arts[2]["title"], "link": "/a/3.html",
                                      "guid": "c3", "pubDate": rfc822(1.5e9)}]),
             headers=RSS, auth=_basic(token + ":"))
    first = f"http://{alice}@{netloc}/feed.xml?api_key=SEKRETKEY"
    second = f"http://{token}@{netloc}/feed2.xml?token=TOKVAL9&page=1"
    secrets = ["PASSW0RD", "SEKRETKEY", token, "TOKVAL9", "LINKPW",
               _basic(alice).split()[1], _basic(token + ":").split()[1],
               _basic("mallory:LINKPW").split()[1]]
    db, arc = str(tmp_path / "c.db"), tmp_path / "arc"
    runner = CliRunner()
    outputs: dict[str, str] = {}

    def cli(*args: str) -> str:
        res = runner.invoke(app, [*args, "--db", db])
        assert res.exit_code == 0, (args, res.output)
        outputs[" ".join(args[:3])] = res.output
        return res.output

    cli("sources", "add", first, "--archive", str(arc))  # probed (auto): with credentials
    cli("sources", "add", second, "--kind", "feed")
    cli("watch", "--once", "--archive", str(arc), "--timeout", "2", "--retries", "0",
        "--host-delay", "0")
    cli("watch", "--once", "--json", "--force", "--archive", str(arc), "--timeout", "2",
        "--retries", "0", "--host-delay", "0")
    cli("sources", "list")
    listed = orjson.loads(cli("sources", "list", "--json"))
    cli("sources", "export")
    out = tmp_path / "all.jsonl"
    cli("export", "--out", str(out), "--format", "jsonl")
    outputs["export file"] = out.read_text(encoding="utf-8")

    # the credentials went to their origin, for the feed and its pages; never someone else's
    sent = {path.split("?")[0]: h.get("Authorization") for path, h in site.requests}
    assert sent["/feed.xml"] == sent["/a/1.html"] == sent["/a/2.html"] == _basic(alice), sent
    assert sent["/feed2.xml"] == sent["/a/3.html"] == _basic(token + ":"), sent
    assert all(h.get("Authorization") != _basic("mallory:LINKPW") for _p, h in site.requests)
    assert {s["credentials"] for s in listed} == {"***"}
    assert all("***@" in s["url"] for s in listed), listed

    with SqliteStore(db) as store:
        srcs = store.conn.execute("SELECT url, credentials FROM sources ORDER BY id").fetchall()
        urls = [u for (u,) in store.conn.execute("SELECT url FROM articles ORDER BY n")]
        art_ids = [i for (i,) in store.conn.execute("SELECT id FROM articles ORDER BY n")]
    assert srcs == [(f"http://{netloc}/feed.xml?api_key=SEKRETKEY", alice),
                    (f"http://{netloc}/feed2.xml?token=TOKVAL9&page=1", token)], srcs
    assert sorted(urls) == [f"http://{netloc}/a/{i}.html" for i in (1, 2, 3)], urls
    for aid in art_ids:
        outputs[f"show {aid}"] = cli("show", aid, "--json")

    client = TestClient(create_app(db))
    paths = ["/", "/status", "/api/v1/status", "/api/v1/articles", "/api/v1/stories",
             "/api/v1/search?q=" + arts[0]["title"].split()[0], "/search?q=" +
             arts[0]["title"].split()[0], "/feeds/latest.rss", "/feeds/latest.json", "/feeds/latest.atom",
             "/api/v1/export?format=jsonl", "/api/v1/facets", "/api/v1/sections"]
    paths += [f"/article/{aid}" for aid in art_ids] + [f"/api/v1/articles/{aid}" for aid in art_ids]
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, (path, page.status_code)
        outputs[path] = page.text
    assert f"http://{netloc}/a/1.html" in outputs["/api/v1/articles"]

    files = sorted(arc.rglob("*.warc.gz"))
    assert files
    outputs["archive"] = b"".join(gzip.decompress(f.read_bytes()) for f in files).decode(
        "utf-8", "replace")
    assert "authorization: ***" in outputs["archive"].lower()  # the archive says it was authenticated

    # the feed body is archived as published: the link with mallory's password is in it
    leaks = [(where, s) for where, text in outputs.items() for s in secrets if s in text
             and not (where == "archive" and s == "LINKPW"
                      and text.count(s) == text.count(f"mallory:{s}@{netloc}/a/2.html<"))]
    assert not leaks, leaks


def test_migration_12_moves_credentials_out_of_stored_urls(tmp_path: Path) -> None:
    from mawsua.store.migrations import MIGRATIONS, migrate

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.create_function("mawsua_unzstd", 1, lambda b: b)  # migration 8's (no rows here)
    migrate(conn, tuple(m for m in MIGRATIONS if m.version < 12))
    rows = [("http://alice:PW@h.test/feed.xml?x=1", "http://alice:PW@h.test/f2"),
            ("http://TOKEN@h2.test", None), ("http://h3.test/a@b", "http://h3.test/?q=a@b")]
    for url, feed in rows:
        conn.execute("INSERT INTO sources (url, kind, feed_url, added_at) VALUES (?, 'feed', ?, "
                     "'2026-01-01')", (url, feed))
    conn.close()
    with SqliteStore(db) as store:
        got = store.conn.execute("SELECT url, feed_url, credentials FROM sources ORDER BY id")
        assert got.fetchall() == [
            ("http://h.test/feed.xml?x=1", "http://h.test/f2", "alice:PW"),
            ("http://h2.test", None, "TOKEN"),
            ("http://h3.test/a@b", "http://h3.test/?q=a@b", None)]
