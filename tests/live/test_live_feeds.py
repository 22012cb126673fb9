"""Feed parsing (Arabic dates through feedparser, JSON Feed, malformed XML), OPML in and out,
the WARC archive's tolerance of a killed writer."""

from __future__ import annotations

from pathlib import Path

import pytest
from localsite import atom, corpus_articles, json_feed, rss, to_arabic_digits

from mawsua.arabic import written_dates as feed_dates
from mawsua.errors import Failed, MawsuaError
from mawsua.extract.common import html_to_text
from mawsua.sources.feeds import ParsedFeed, parse_feed
from mawsua.sources.opml import OpmlFeed, read_opml, write_opml
from mawsua.sources.warc import ArchivedResponse, Exchange, WarcArchive, iter_archive

ARTS = corpus_articles(6, skip=200)


@pytest.mark.parametrize(("raw", "local", "zone"), [
    ("الأحد، 25 يوليو 2021 18:00", "2021-07-25T18:00:00", None),
    ("الأحد، ٢٥ يوليو ٢٠٢١ ١٨:٠٠", "2021-07-25T18:00:00", None),
    ("٢٥ تموز ٢٠٢١ ٦:٠٠ م", "2021-07-25T18:00:00", None),
    ("الأحد 25 جويلية 2021 18:00", "2021-07-25T18:00:00", None),
    ("25 يوليوز 2021", "2021-07-25T00:00:00", None),
    ("3 كانون الثاني 2022 09:15", "2022-01-03T09:15:00", None),
    ("الأحد، 25 يوليو 2021 18:00 +0300", "2021-07-25T18:00:00", "+03:00"),
    ("الأحد 25 يوليو 2021 15:00 بتوقيت غرينتش", "2021-07-25T15:00:00", "UTC"),
])
def test_arabic_dates(raw: str, local: str, zone: str | None) -> None:
    published, got_local, got_zone = feed_dates.split_date(raw)
    assert got_local == local and got_zone == zone
    assert (published is None) == (zone is None)


def test_dates_that_are_not_arabic_are_left_to_feedparser() -> None:
    assert feed_dates.parse_arabic_date("Sun, 25 Jul 2021 18:00:00 +0300") is None
    assert feed_dates.parse_arabic_date("عاجل") is None  # no day, month and year


def test_arabic_pubdates_of_a_feed_are_read() -> None:
    items = [{"title": a["title"], "link": f"http://news.test/{i}", "guid": a["id"],
              "pubDate": to_arabic_digits(f"الأحد، {20 + i} تموز 2021 18:00")}
             for i, a in enumerate(ARTS[:3])]
    feed = parse_feed(rss(items), {"content-type": "application/rss+xml"}, "http://news.test/f")
    assert isinstance(feed, ParsedFeed)
    assert [e.published_local for e in feed.entries] == [
        f"2021-07-{20 + i}T18:00:00" for i in range(3)]
    # read once, by read_date: no feedparser date handler reads them a second time
    import feedparser

    assert feedparser.parse(rss(items)).entries[0].published_parsed is None


def test_atom_and_json_feed_give_the_same_entry_model() -> None:
    a = atom([{"title": x["title"], "link": f"http://news.test/{i}", "id": x["id"],
               "updated": "2016-02-01T10:00:00+02:00", "summary": x["text"][:80]}
              for i, x in enumerate(ARTS[:2])])
    j = json_feed([{"id": x["id"], "url": f"http://news.test/{i}", "title": x["title"],
                    "content_text": x["text"][:80], "date_published": "2016-02-01T10:00:00+02:00"}
                   for i, x in enumerate(ARTS[:2])])
    fa = parse_feed(a, {"content-type": "application/atom+xml"}, "http://news.test/a")
    fj = parse_feed(j, {"content-type": "application/feed+json"}, "http://news.test/j")
    assert isinstance(fa, ParsedFeed) and isinstance(fj, ParsedFeed)
    assert fa.kind == "atom10" and fj.kind.startswith("json")
    for fa_e, fj_e in zip(fa.entries, fj.entries, strict=True):
        assert (fa_e.url, fa_e.title, fa_e.published) == (fj_e.url, fj_e.title, fj_e.published)
        assert fa_e.published == "2016-02-01T10:00:00+02:00"
        assert html_to_text(fa_e.summary) == html_to_text(fj_e.summary)


def test_malformed_and_non_feeds_are_coded() -> None:
    for body in (b"<rss><channel><title>x</ti<<", b"{\"not\": \"a feed\"}", b"{broken json",
                 b"<html><body><p>hello</p></body></html>"):
        out = parse_feed(body, {}, "http://news.test/f")
        assert isinstance(out, Failed) and out.code == "E_FEED_PARSE", body
        assert out.path == "http://news.test/f"


def test_a_recoverable_malformed_feed_keeps_its_entries_with_a_warning() -> None:
    good = rss([{"title": ARTS[0]["title"], "link": "http://news.test/1", "guid": "1"}])
    broken = good.replace(b"</channel>", b"<junk>&nbsp;</channel>")
    out = parse_feed(broken, {}, "http://news.test/f")
    assert isinstance(out, ParsedFeed) and len(out.entries) == 1 and out.warning


def test_opml_round_trip_and_categories() -> None:
    feeds = [OpmlFeed("http://news.test/a.xml", ARTS[0]["title"], "سياسة", "http://news.test/"),
             OpmlFeed("http://news.test/b.xml", None, None, None)]
    data = write_opml(feeds)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b'<opml version="2.0">' in data and b"<dateCreated>" in data
    back = read_opml(data, "x.opml")
    assert [(f.url, f.section) for f in back] == [("http://news.test/a.xml", "سياسة"),
                                                  ("http://news.test/b.xml", None)]
    folders = ('<?xml version="1.0"?><opml version="1.0"><head/><body>'
               '<outline text="رياضة"><outline text="f" xmlUrl="http://news.test/s.xml"/>'
               "</outline></body></opml>").encode()
    assert read_opml(folders, "f.opml")[0].section == "رياضة"


@pytest.mark.parametrize("data", [
    b"not xml at all",
    b"<html><body/></html>",
    b'<opml version="2.0"><body><outline text="no url"/></body></opml>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b'<opml version="2.0"><body><outline text="&b;" xmlUrl="http://x/"/></body></opml>',
])
def test_bad_opml_is_refused_with_a_code(data: bytes) -> None:
    with pytest.raises(MawsuaError) as e:
        read_opml(data, "bad.opml")
    assert e.value.code == "E_OPML" and e.value.where == "bad.opml"


def test_archive_survives_a_writer_killed_mid_record(tmp_path: Path) -> None:
    body = ARTS[0]["text"].encode("utf-8")
    with WarcArchive(tmp_path) as arc:
        for i in range(3):
            arc.write(Exchange(url=f"http://news.test/{i}", status=200, reason="OK",
                               headers=[("Content-Type", "text/html; charset=utf-8"),
                                        ("Content-Encoding", "gzip")], body=body,
                               kind="page", source="http://news.test/feed", section="اقتصاد"))
    (path,) = list(tmp_path.iterdir())
    whole = path.read_bytes()
    last = max(r.offset for r in iter_archive(tmp_path) if isinstance(r, ArchivedResponse))
    path.write_bytes(whole[: last + 60])  # the process died while writing the last response
    got = list(iter_archive(tmp_path))
    ok = [r for r in got if isinstance(r, ArchivedResponse)]
    bad = [r for r in got if isinstance(r, Failed)]
    assert [r.url for r in ok] == ["http://news.test/0", "http://news.test/1"]
    assert all(r.body == body and r.section == "اقتصاد" for r in ok)
    assert "content-encoding" not in ok[0].headers  # the stored body is the decoded one
    assert len(bad) == 1 and bad[0].code == "E_ARCHIVE" and bad[0].path == str(path)
