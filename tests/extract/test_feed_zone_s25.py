"""User test s25 (F30): a feed entry's offset fills in the zone a page's local time lacks when
both give the same wall time (or the page only the day); never when they differ."""

from __future__ import annotations

import pytest

from mawsua.errors import Ok
from mawsua.extract import extract
from mawsua.extract.html import same_wall_time
from mawsua.sources import RawItem
from mawsua.sources.feeds import read_date

BODY = "".join(f"<p>{'تواصل الجهات المختصة أعمال الصيانة في شوارع المدينة الرئيسية اليوم. ' * 4}"
               f"الفقرة {i}.</p>" for i in range(6))


def _page(meta_time: str | None) -> str:
    meta = (f'<meta property="article:published_time" content="{meta_time}">'
            if meta_time else "")
    return (f"<html lang=\"ar\"><head><title>خبر الصيانة</title>{meta}</head><body><article>"
            f"<h1>خبر الصيانة</h1>{BODY}</article></body></html>")


def _article(meta_time: str | None, pub_date: str) -> dict[str, object]:
    published, local, zone = read_date(pub_date)
    hints = {"title": "خبر الصيانة", "url": "https://news.test/a/1", "published_raw": pub_date,
             "published": published, "published_local": local, "timezone": zone,
             "feed": "https://news.test/feed"}
    text = _page(meta_time)
    out = extract(RawItem(where="https://news.test/a/1", format="html", data=text.encode(),
                          text=text, encoding="utf-8", hints=hints, url="https://news.test/a/1"))
    assert isinstance(out, Ok), out
    md = out.value.metadata
    return {"published": md.published, "local": md.published_local, "zone": md.timezone,
            "source": md.extra.get("zone_source")}


@pytest.mark.parametrize("meta_time", ["2020-12-01T02:00", "2020-12-01T02:00:00",
                                       "2020-12-01"])
def test_the_feed_offset_fills_in_the_zone_of_the_same_local_time(meta_time: str) -> None:
    got = _article(meta_time, "Tue, 01 Dec 2020 02:00:00 +0300")
    assert got["zone"] == "+03:00" and got["published"] == "2020-12-01T02:00:00+03:00", got
    assert got["local"] == "2020-12-01T02:00:00" and got["source"] == "feed"


@pytest.mark.parametrize("meta_time", ["2020-12-01T05:00", "2020-11-30"])
def test_a_different_local_time_keeps_the_page_and_no_zone(meta_time: str) -> None:
    got = _article(meta_time, "Tue, 01 Dec 2020 02:00:00 +0300")
    assert got["zone"] is None and got["published"] is None and got["source"] is None, got
    assert str(got["local"]).startswith(meta_time)


def test_a_page_with_its_own_zone_keeps_it() -> None:
    got = _article("2020-12-01T02:00:00+02:00", "Tue, 01 Dec 2020 02:00:00 +0300")
    assert got["zone"] == "+02:00" and got["source"] is None


def test_same_wall_time_is_at_the_page_precision() -> None:
    assert same_wall_time("2020-12-01", "2020-12-01T23:59:00")
    assert same_wall_time("2020-12-01T02:00", "2020-12-01T02:00:40")
    assert not same_wall_time("2020-12-01T02:00:10", "2020-12-01T02:00:40")
    assert not same_wall_time("2020-12-01", "2020-12-02T00:00:00")
    assert not same_wall_time("yesterday", "2020-12-01T00:00:00")
