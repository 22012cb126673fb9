"""Feeds out over a real store: every format parsed back (feedparser for RSS and Atom, the
JSON Feed 1.1 rules for JSON), Arabic text round-tripped, user strings escaped."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

import feedparser
import pytest
from fastapi.testclient import TestClient

from mawsua.web.app import create_app

XSS = '<script>alert("x")</script>&<b>'


def _parse(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    feed = feedparser.parse(r.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


def _story_id(client: TestClient) -> int:
    items = client.get("/api/v1/stories", params={"min_size": 2}).json()["items"]
    assert items, "the real store has stories of two or more reports"
    return int(items[0]["id"])


def _feed_urls(client: TestClient) -> list[str]:
    return ["/feeds/latest", "/feeds/search?q=العراق", "/feeds/section/IQ",
            f"/feeds/story/{_story_id(client)}", "/feeds/entity/" + quote("بايدن")]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_every_xml_feed_is_valid_with_titles_links_ids_and_dates(real_client: TestClient,
                                                                 fmt: str) -> None:
    for base in _feed_urls(real_client):
        path, _, qs = base.partition("?")
        url = f"{path}.{fmt}" + (f"?{qs}" if qs else "")
        feed = _parse(real_client, url)
        assert feed.version == ("rss20" if fmt == "rss" else "atom10"), url
        assert feed.feed.title.startswith("موسوعة"), url
        assert feed.entries, url
        for e in feed.entries:
            aid = e.id.removeprefix("urn:mawsua:article:")
            assert e.id.startswith("urn:mawsua:article:") and aid, url
            assert e.link == f"http://testserver/article/{aid}", url
            stored = real_client.get(f"/api/v1/articles/{aid}").json()
            assert e.title == stored["metadata"]["title"], url
            if stored["metadata"]["published"] or stored["metadata"]["published_local"]:
                assert e.published_parsed is not None, (url, aid)


def _instant(entry: Any) -> tuple[int, ...]:
    return tuple(entry.published_parsed[:6]) if entry.get("published_parsed") else ()


def test_latest_feed_is_newest_first_and_honours_limit(real_client: TestClient) -> None:
    feed = _parse(real_client, "/feeds/latest.atom?limit=7")
    assert len(feed.entries) == 7
    times = [_instant(e) for e in feed.entries if _instant(e)]
    assert times == sorted(times, reverse=True)


def test_arabic_title_and_text_round_trip(real_client: TestClient, real_db: Any) -> None:
    stored = real_client.get(f"/api/v1/articles/{real_db.seed_id}").json()
    feed = _parse(real_client, "/feeds/search.atom?q=الكاظمي")
    entry = next(e for e in feed.entries if e.id.endswith(real_db.seed_id))
    assert entry.title == stored["metadata"]["title"]
    assert entry.content[0].value == stored["text"]
    assert entry.content[0].type == "text/plain"
    assert feed.feed.language == "ar"
    # the dump gives a wall time without a zone: written with the "unknown offset" -00:00
    assert entry.published == "2021-07-26T23:55:00-00:00"
    assert tuple(entry.published_parsed[:5]) == (2021, 7, 26, 23, 55)
    rss = _parse(real_client, "/feeds/search.rss?q=الكاظمي")
    item = next(e for e in rss.entries if e.id.endswith(real_db.seed_id))
    assert item.published == "Mon, 26 Jul 2021 23:55:00 -0000"
    assert item.summary == stored["text"]


def test_json_feed_follows_version_1_1(real_client: TestClient) -> None:
    r = real_client.get("/feeds/search.json", params={"q": "العراق", "limit": 5})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/feed+json")
    body = r.json()
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert body["title"].startswith("موسوعة") and body["language"] == "ar"
    assert body["feed_url"] == "http://testserver/feeds/search.json?q=" + quote("العراق")
    assert body["home_page_url"].startswith("http://testserver/search?")
    assert 0 < len(body["items"]) <= 5
    for item in body["items"]:
        assert {"id", "url", "title", "content_text"} <= set(item)
        assert item["id"].startswith("urn:mawsua:article:")
        assert item["url"].startswith("http://testserver/article/")
        stored = real_client.get("/api/v1/articles/" + item["url"].rsplit("/", 1)[1]).json()
        assert item["content_text"] == stored["text"]
        assert item["language"] == stored["metadata"]["language"]
        if "date_published" in item:
            assert datetime.fromisoformat(item["date_published"]).tzinfo is not None
        if "external_url" in item:
            assert item["external_url"] == stored["metadata"]["url"]


def test_search_feed_applies_every_filter(real_client: TestClient) -> None:
    api = real_client.get("/api/v1/search", params={"q": "", "outlet": "aleqtisadiya",
                                                    "limit": 200}).json()
    feed = real_client.get("/feeds/search.json", params={"outlet": "aleqtisadiya",
                                                         "limit": 200}).json()
    assert api["items"] and feed["authors"] == [{"name": "موسوعة"}]
    assert {i["authors"][0]["name"] for i in feed["items"]} == {"الاقتصادية"}
    assert {i["id"] for i in api["items"]} == {
        i["id"].removeprefix("urn:mawsua:article:") for i in feed["items"]}
    dated = real_client.get("/feeds/search.json", params={
        "q": "العراق", "since": "2021-01-01", "until": "2021-12-31"}).json()
    assert dated["items"]
    for item in dated["items"]:
        assert item["date_published"][:4] == "2021"
    atom = real_client.get("/feeds/entity/" + quote("بايدن") + ".atom").text
    # the feed id is the path encoded once (user test: %25D8… — encoded twice)
    assert "<id>urn:mawsua:feed:/feeds/entity/" + quote("بايدن") in atom and "%25" not in atom
    entity = real_client.get("/feeds/entity/" + quote("بايدن") + ".json").json()
    by_entity = real_client.get("/api/v1/search", params={"entity": "بايدن"}).json()
    assert by_entity["items"]
    assert {i["id"].removeprefix("urn:mawsua:article:") for i in entity["items"]} == {
        i["id"] for i in by_entity["items"]}
    # the entity by its English name (user test: /feeds/entity/Morsi.atom was always empty
    # while search?entity=Morsi found 71 articles)
    latin = real_client.get("/feeds/entity/Biden.json").json()
    assert {i["id"] for i in latin["items"]} == {i["id"] for i in entity["items"]}
    lang = real_client.get("/feeds/search.json", params={"language": "en"}).json()
    assert lang["items"] and {i["language"] for i in lang["items"]} == {"en"}


def test_story_and_section_feeds_list_their_members(real_client: TestClient) -> None:
    sid = _story_id(real_client)
    story = real_client.get(f"/api/v1/stories/{sid}").json()
    feed = _parse(real_client, f"/feeds/story/{sid}.atom")
    assert {e.id.removeprefix("urn:mawsua:article:") for e in feed.entries} == {
        m["id"] for m in story["members"]}
    assert story["label"] in feed.feed.title
    section = real_client.get("/api/v1/sections/IQ", params={"limit": 200}).json()
    sfeed = real_client.get("/feeds/section/iq.json", params={"limit": 200}).json()
    assert section["items"]
    assert {i["id"].removeprefix("urn:mawsua:article:") for i in sfeed["items"]} == {
        i["id"] for i in section["items"]}
    assert "العراق" in sfeed["title"]


def test_ids_stay_and_links_follow_the_host(real_db: Any) -> None:
    with TestClient(create_app(real_db.path), base_url="https://news.example.org") as other, \
            TestClient(create_app(real_db.path)) as local:
        a = _parse(other, "/feeds/latest.atom?limit=5")
        b = _parse(local, "/feeds/latest.atom?limit=5")
    assert [e.id for e in a.entries] == [e.id for e in b.entries]
    assert all(e.link.startswith("https://news.example.org/article/") for e in a.entries)
    assert a.feed.links[0].href == "https://news.example.org/feeds/latest.atom"


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_a_hostile_query_is_escaped_in_feeds(real_client: TestClient, fmt: str) -> None:
    r = real_client.get(f"/feeds/search.{fmt}", params={"q": XSS})
    assert r.status_code == 200
    assert b"<script" not in r.content and b"<b>" not in r.content
    if fmt == "json":
        assert XSS in r.json()["title"]  # JSON carries the text as text
    else:
        feed = feedparser.parse(r.content)
        assert feed.bozo == 0
        assert "alert" in feed.feed.title


def test_hostile_article_text_is_escaped(fake_client: TestClient) -> None:
    r = fake_client.get("/feeds/latest.atom", params={"limit": 200})
    assert r.status_code == 200
    assert b"<script>" not in r.content and b"<i>" not in r.content
    feed = feedparser.parse(r.content)
    assert feed.bozo == 0
    entry = next(e for e in feed.entries if e.id.endswith("snn-xss"))
    assert entry.title == "<i>عنوان</i>"  # the title is text, given back as written
    assert "<script>alert(1)</script>" in entry.summary


def test_control_characters_are_dropped_from_xml(fake_client: TestClient,
                                                 fake_store: Any, article_factory: Any) -> None:
    fake_store.articles.insert(0, article_factory(
        "ctl", [("ar", "نص\x0b فيه\x00 محارف تحكم")], title="عنوان\x1b", outlet="okaz",
        published="2030-01-01T00:00:00+00:00", language="ar"))
    for fmt in ("rss", "atom"):
        feed = _parse(fake_client, f"/feeds/latest.{fmt}")
        assert feed.entries[0].title == "عنوان"


def test_bad_feed_requests(real_client: TestClient) -> None:
    assert real_client.get("/feeds/latest.xml").status_code == 404
    assert real_client.get("/feeds/section/nowhere.atom").status_code == 404
    assert real_client.get("/feeds/story/999999999.atom").status_code == 404
    assert real_client.get("/feeds/search.atom?since=2021-02-01&until=2021-01-01"
                           ).status_code == 422
    assert real_client.get("/feeds/search.atom?q=!!!").status_code == 422
    assert real_client.get("/feeds/latest.atom?limit=0").status_code == 422


def _alternates(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">',
                      html)


def test_pages_announce_their_feeds(real_client: TestClient) -> None:
    sid = _story_id(real_client)
    cases = {
        "/": "/feeds/latest.{}",
        "/?outlet=alriyadh&page=2": "/feeds/search.{}?outlet=alriyadh",
        "/search?q=العراق&page=2": "/feeds/search.{}?q=" + quote("العراق"),
        "/section/IQ": "/feeds/section/IQ.{}",
        f"/story/{sid}": f"/feeds/story/{sid}.{{}}",
    }
    for page, feed in cases.items():
        links = _alternates(real_client.get(page).text)
        assert [h for _, h in links] == [feed.format(f) for f in ("rss", "atom", "json")], page
        assert [t for t, _ in links] == ["application/rss+xml", "application/atom+xml",
                                         "application/feed+json"]
        for _, href in links:  # every announced feed answers
            assert real_client.get(href.replace("&amp;", "&")).status_code == 200, href
    assert _alternates(real_client.get("/search").text) == []
    hostile = real_client.get("/search", params={"q": XSS}).text
    assert XSS not in hostile and '<script>alert("x")' not in hostile
    assert all("<" not in h for _, h in _alternates(hostile))


def test_pages_link_their_feeds_and_downloads(real_client: TestClient) -> None:
    page = real_client.get("/search", params={"q": "العراق", "outlet": "aawsat"}).text
    follow = re.search(r'<p class="follow">(.*?)</p>', page, re.S)
    assert follow is not None
    hrefs = re.findall(r'href="([^"]+)"', follow.group(1))
    qs = "q=" + quote("العراق") + "&amp;outlet=aawsat"
    assert hrefs == [f"/feeds/search.{f}?{qs}" for f in ("rss", "atom", "json")] + [
        f"/api/v1/export?format={f}&amp;{qs}" for f in ("csv", "jsonl", "parquet")]
    csv_url = hrefs[3].replace("&amp;", "&")
    r = real_client.get(csv_url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    home = real_client.get("/").text
    assert '<p class="follow">' in home and "/api/v1/export" not in home
    assert '<p class="follow">' not in real_client.get("/status").text


def test_entity_feed_escapes_a_hostile_name(real_client: TestClient) -> None:
    r = real_client.get("/feeds/entity/" + quote(XSS, safe="") + ".atom")
    assert r.status_code == 200 and b"<script" not in r.content
    feed = feedparser.parse(r.content)
    assert feed.bozo == 0 and feed.entries == [] and XSS in feed.feed.title
