"""The scenario of the live tests: a local news site built from real corpus articles, with good
feeds of every kind and one source per fault (see ``localsite.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localsite import (
    LocalSite,
    article_page,
    atom,
    corpus_articles,
    json_feed,
    rfc822,
    rss,
    to_arabic_digits,
)

from mawsua.app.watch import FetchPolicy, WatchOptions

#: Fast fetch settings for tests: small timeouts and backoffs, no per-host delay.
FAST = FetchPolicy(timeout_s=0.5, retries=1, backoff_s=0.01, max_retry_wait_s=0.05,
                   host_delay_s=0.0, host_concurrency=32, max_bytes=2 * 1024 * 1024)

#: Arabic weekday for 2021-07-20 .. 2021-07-26 (Tuesday .. Monday).
WEEKDAYS = ["الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد", "الاثنين"]


@dataclass
class Scenario:
    """The site and what each feed is expected to give."""

    site: LocalSite
    good: dict[str, str] = field(default_factory=dict)  # name -> feed URL
    faults: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (URL, code)
    expected: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # name -> entries

    def options(self, tmp: Path, **kw: Any) -> WatchOptions:
        return WatchOptions(archive=tmp / "archive", policy=FAST, **kw)


def build_scenario(site: LocalSite) -> Scenario:
    """Serve every feed of the tests on ``site``."""
    sc = Scenario(site)
    arts = corpus_articles(22)
    site.add("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n",
             headers={"Content-Type": "text/plain"})

    def page(i: int, rec: dict[str, Any], dated: bool, charset: str = "utf-8") -> str:
        when = f"2016-0{1 + i % 9}-1{i % 10}T08:30:00+03:00" if dated else None
        ctype = f"text/html; charset={'windows-1256' if charset == 'cp1256' else charset}"
        return site.add(f"/news/{i}.html", body=article_page(rec, published=when, charset=charset),
                        headers={"Content-Type": ctype})

    # RSS 2.0, gzip, ETag
    items = []
    for i, rec in enumerate(arts[0:4]):
        items.append({"title": rec["title"], "link": page(i, rec, True), "guid": rec["id"],
                      "pubDate": rfc822(1.45e9 + i * 3600), "description": rec["text"][:150]})
    sc.good["rss"] = site.add("/feeds/rss.xml", body=rss(items, ttl=30), etag='"rss-1"',
                              encode="gzip", headers={"Content-Type": "application/rss+xml"})
    sc.expected["rss"] = [{"rec": r, "url": it["link"]} for r, it in zip(arts[0:4], items, strict=True)]
    # windows-1256 feed declared only in the HTTP header; its pages in windows-1256 too
    items = []
    for i, rec in enumerate(arts[4:7], start=4):
        items.append({"title": rec["title"], "link": page(i, rec, True, "cp1256"),
                      "guid": rec["id"], "pubDate": rfc822(1.45e9 + i * 3600),
                      "description": rec["text"][:150]})
    sc.good["cp1256"] = site.add(
        "/feeds/cp1256.xml", body=rss(items, encoding="cp1256", declare=False),
        last_modified="Sun, 25 Jul 2021 15:00:00 GMT",
        headers={"Content-Type": "application/rss+xml; charset=windows-1256"})
    sc.expected["cp1256"] = [{"rec": r, "url": it["link"]} for r, it in zip(arts[4:7], items, strict=True)]
    # Atom, brotli
    items = []
    for i, rec in enumerate(arts[7:10], start=7):
        items.append({"title": rec["title"], "link": page(i, rec, True), "id": f"tag:{rec['id']}",
                      "updated": f"2016-02-0{i - 6}T10:00:00+02:00", "summary": rec["text"][:120]})
    sc.good["atom"] = site.add("/feeds/atom.xml", body=atom(items), etag='"atom-1"', encode="br",
                               headers={"Content-Type": "application/atom+xml"})
    sc.expected["atom"] = [{"rec": r, "url": it["link"]} for r, it in zip(arts[7:10], items, strict=True)]
    # JSON Feed
    items = []
    for i, rec in enumerate(arts[10:13], start=10):
        items.append({"id": rec["id"], "url": page(i, rec, True), "title": rec["title"],
                      "summary": rec["text"][:100], "date_published": "2016-03-01T09:00:00Z"})
    sc.good["json"] = site.add("/feeds/feed.json", body=json_feed(items), etag='"json-1"',
                               headers={"Content-Type": "application/feed+json"})
    sc.expected["json"] = [{"rec": r, "url": it["url"]} for r, it in zip(arts[10:13], items, strict=True)]
    # Arabic pubDate values (Arabic-Indic digits, regional month names); pages without a date
    items = []
    months = ["يوليو", "تموز", "جويلية", "يوليوز"]
    for k, rec in enumerate(arts[13:17]):
        i = 13 + k
        day = 20 + k
        raw = f"{WEEKDAYS[day - 20]}، {day} {months[k]} 2021 18:00"
        items.append({"title": rec["title"], "link": page(i, rec, False), "guid": rec["id"],
                      "pubDate": to_arabic_digits(raw) if k % 2 else raw})
    sc.good["arabic_dates"] = site.add("/feeds/arabic-dates.xml", body=rss(items), etag='"ad-1"',
                                       headers={"Content-Type": "application/rss+xml"})
    sc.expected["arabic_dates"] = [{"rec": r, "url": it["link"], "local": f"2021-07-{20 + k}T18:00:00",
                                    "raw": it["pubDate"]}
                                   for k, (r, it) in enumerate(zip(arts[13:17], items, strict=True))]
    # entries with only a summary (the whole short article), no link
    shorts = corpus_articles(3, min_chars=200, max_chars=700, skip=40)
    items = [{"title": r["title"], "guid": r["id"], "description": "<p>" + r["text"].replace(
        "\n", "</p><p>") + "</p>", "pubDate": rfc822(1.46e9)} for r in shorts]
    sc.good["summary_only"] = site.add("/feeds/summary.xml", body=rss(items), etag='"s-1"',
                                       headers={"Content-Type": "application/rss+xml"})
    sc.expected["summary_only"] = [{"rec": r, "url": None} for r in shorts]

    # faults
    sc.faults["http500"] = (site.add("/feeds/broken.xml", status=500, body=b"error"), "E_FETCH_HTTP")
    sc.faults["timeout"] = (site.add("/feeds/slow.xml", delay_s=1.5, body=b"<rss/>"),
                            "E_FETCH_TIMEOUT")
    sc.faults["rate_limited"] = (site.add("/feeds/busy.xml", status=429,
                                          headers={"Retry-After": "120"}), "E_FETCH_RATE_LIMITED")
    site.add("/feeds/loop-a.xml", status=302, headers={"Location": "/feeds/loop-b.xml"})
    site.add("/feeds/loop-b.xml", status=301, headers={"Location": "/feeds/loop-a.xml"})
    sc.faults["redirect_loop"] = (site.url("/feeds/loop-a.xml"), "E_FETCH_REDIRECTS")
    sc.faults["malformed"] = (site.add(
        "/feeds/malformed.xml", body='<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
        '<channel><title>أخبار</title><<<link>&&&'.encode(),
        headers={"Content-Type": "application/rss+xml"}), "E_FEED_PARSE")
    sc.faults["huge"] = (site.add("/feeds/huge.xml", stream_bytes=30 * 1024 * 1024,
                                  headers={"Content-Type": "application/rss+xml"}), "E_TOO_LARGE")
    sc.faults["robots"] = (site.add("/private/feed.xml", body=rss([]),
                                    headers={"Content-Type": "application/rss+xml"}),
                           "E_ROBOTS_DISALLOWED")
    return sc


