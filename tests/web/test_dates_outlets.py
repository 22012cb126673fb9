"""Dates people read on the pages (Gregorian and Hijri in Arabic, relative times) and outlet
display names from the data table."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mawsua.app import outlets
from mawsua.web import dates as web_dates

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def test_article_page_shows_gregorian_hijri_and_relative(fake_client: TestClient) -> None:
    page = fake_client.get("/article/snn-en1").text
    # the time as given stays (with its offset), the Arabic date follows its local day
    assert "2015-08-11 13:44:43 (+03:00)" in page
    assert '<span class="date-ar">الثلاثاء 11 أغسطس 2015 — 26 شوال 1436\u00a0هـ</span>' in page
    assert '<span class="ago">منذ ' in page


def test_lists_show_arabic_dates_and_outlet_names(fake_client: TestClient) -> None:
    page = fake_client.get("/", params={"outlet": "okaz"}).text
    assert '<span class="outlet" title="okaz"><bdi>عكاظ</bdi></span>' in page
    assert "الاثنين 10 أغسطس 2015 — 25 شوال 1436\u00a0هـ" in page  # snn-xss, 2015-08-10


def test_article_page_of_an_unknown_outlet_keeps_its_name(fake_client: TestClient) -> None:
    page = fake_client.get("/article/a-seed").text
    assert '<dd class="outlet"><bdi>العربية</bdi></dd>' in page
    assert "الاثنين 26 يوليو 2021 — 16 ذو الحجة 1442\u00a0هـ" in page


def test_ago_filter() -> None:
    now = datetime(2021, 7, 27, 1, 55, tzinfo=UTC)
    assert web_dates.ago("2021-07-26T23:55:00+00:00", now) == "منذ ساعتين"
    assert web_dates.ago("2021-07-26T23:55:00+03:00", now) == "منذ 5 ساعات"
    # a wall time of an unknown zone is said in days at best
    assert web_dates.ago("2021-07-26T23:55", now) == "اليوم"
    assert web_dates.ago("2021-07-22", now) == "منذ 5 أيام"
    assert web_dates.ago("2021-07-20", now) == "منذ أسبوع"
    assert web_dates.ago("not a date", now) == ""
    assert web_dates.ar_date("2015-08-11T23:30:00+03:00") == \
        "الثلاثاء 11 أغسطس 2015 — 26 شوال 1436\u00a0هـ"
    assert web_dates.ar_date(None) == ""


@pytest.mark.parametrize(("outlet", "name"), [
    ("alriyadh", "الرياض"), ("OKAZ", "عكاظ"), ("youm7.com", "اليوم السابع"),
    ("https://www.youm7.com/", "اليوم السابع"), ("arabic.cnn.com", "سي إن إن بالعربية"),
    ("some-new-site", "some-new-site"), ("العربية", "العربية"), (None, ""),
])
def test_display_names(outlet: str | None, name: str) -> None:
    assert outlets.display_name(outlet) == name


def test_english_display_names() -> None:
    assert outlets.display_name("aawsat", "en") == "Asharq Al-Awsat"


@pytest.mark.parametrize("corpus", ["corpus", "corpus2"])
def test_every_outlet_of_the_corpora_has_an_arabic_name(corpus: str) -> None:
    path = SHARED / corpus / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    seen = {json.loads(line).get("outlet")
            for line in path.read_text(encoding="utf-8").split("\n") if line.strip()}
    missing = sorted(o for o in seen if o and not outlets.known(o))
    assert missing == []
    for o in seen:
        if o:
            name = outlets.display_name(o)
            assert any("\u0600" <= c <= "\u06ff" for c in name), (o, name)


def test_a_pages_host_becomes_the_outlet_its_records_name() -> None:
    """User test: youm7.com pages and youm7 records were two outlets in every filter."""
    canonical = outlets.canonical
    assert canonical("youm7.com") == "youm7" and canonical("www.alyaum.com") == "alyaum"
    assert canonical("arabic.cnn.com") == "cnnarabic"  # the row of the same names
    assert canonical("arabic.sputniknews.com") == "sputnik"
    assert canonical("example.org") == "example.org" and canonical("okaz") == "okaz"
    assert canonical(None) is None


def test_a_second_slug_of_one_outlet_becomes_the_first() -> None:
    """User test: corpus2's ``alarabiya`` and the corpus's ``arabiya`` were two «العربية» in the
    outlet facet. Rows of the same names share the first slug; other slugs stay."""
    canonical = outlets.canonical
    assert canonical("alarabiya") == "arabiya" and canonical("arabiya") == "arabiya"
    assert canonical("spa") == "was" and canonical("almanar") == "manar"
    assert canonical("alahram") == "alahram"  # Al-Ahram is not Ahram Online
    assert canonical("ALARABIYA") == "arabiya"
    assert canonical("unknown-paper") == "unknown-paper"


def test_html_page_outlet_is_canonical() -> None:
    from mawsua.app.read import read_paths
    from mawsua.errors import Ok

    page = Path(__file__).resolve().parents[2].parent / "shared/corpus2/html/youm7.com"
    if not page.is_dir():
        pytest.skip("corpus2 pages not found")
    outs = [o for o in read_paths([page]) if isinstance(o, Ok)]
    assert outs and {o.value.article.metadata.outlet for o in outs} == {"youm7"}
    assert {o.value.article.metadata.extra["host"] for o in outs} == {"youm7.com"}


@pytest.mark.parametrize(("n", "noun", "text"), [
    (1, "outlet", "مصدر واحد"), (2, "outlet", "مصدران"), (3, "outlet", "3 مصادر"),
    (10, "report", "10 تقارير"), (11, "report", "11 تقريرًا"), (99, "outlet", "99 مصدرًا"),
    (100, "report", "100 تقرير"), (103, "outlet", "103 مصادر"), (111, "report", "111 تقريرًا"), (0, "report", "0 تقارير"),
])
def test_arabic_counts(n: int, noun: str, text: str) -> None:
    """User test: «2 مصادر / 2 تقارير» — Arabic writes the dual without a numeral."""
    from mawsua.web.render import count_ar

    assert count_ar(n, noun) == text
