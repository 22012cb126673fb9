"""Regressions from a fresh-eyes user test of the extractors (finding 5, and the extractor side
of findings 1-2): metadata strings are cleaned like the body, from every source of metadata
(JSONL fields, HTML metadata, dump headers); dates in Arabic-Indic or Persian digits parse."""

from __future__ import annotations

import json

import pytest

from mawsua.errors import Ok
from mawsua.extract import extract
from mawsua.extract.common import clean_field, clean_title, clean_url, split_time
from mawsua.model import Article, article_to_dict
from mawsua.sources import RawItem, read_bytes

BODY = "وقع الرئيس على القرار أمس بعد نقاش طويل في المجلس حول الميزانية الجديدة."


def _jsonl(**fields: object) -> Article:
    line = json.dumps({"text": BODY, **fields}, ensure_ascii=False).encode()
    [item] = read_bytes(line, where="m.jsonl", path="m.jsonl")
    assert isinstance(item, RawItem), item
    r = extract(item)
    assert isinstance(r, Ok), r
    json.dumps(article_to_dict(r.value), ensure_ascii=False).encode()
    return r.value


def test_jsonl_title_loses_controls_bidi_overrides_and_extra_spaces() -> None:
    a = _jsonl(title="  عنوان\u0000 الخبر\u0085\u202e  المهم\u202c\t\n ", url="  http://o/ws  ",
               outlet=" okaz\u0007 ", section="\u2067 محليات \u2069", lang=" ar\n",
               author="  كاتب   المقال ")
    m = a.metadata
    assert m.title == "عنوان الخبر المهم"
    assert m.url == "http://o/ws" and m.outlet == "okaz" and m.section == "محليات"
    assert m.language == "ar" and m.authors == ("كاتب المقال",)


@pytest.mark.parametrize("blank", ["   ", "\u0000", "\t\n", "\u202e\u202c", ""])
def test_blank_title_becomes_none(blank: str) -> None:
    m = _jsonl(title=blank, outlet=blank, section=blank).metadata
    assert m.title is None and m.outlet is None and m.section is None
    if not blank.startswith("\u202e"):  # URLs keep bidi characters (they are not titles)
        assert _jsonl(url=blank).metadata.url is None


def test_blank_authors_are_dropped() -> None:
    assert _jsonl(authors=[" أ ", "  ", "\u0000"]).metadata.authors == ("أ",)


@pytest.mark.parametrize(
    ("published", "local", "zone"),
    [
        ("٢٠١٥-٠٨-١١", "2015-08-11", None),
        ("۲۰۱۵-۰۸-۱۱", "2015-08-11", None),
        ("٢٠١٥-٠٨-١١T١٣:٤٤:٤٣", "2015-08-11T13:44:43", None),
        ("  2015-08-11 13:44  ", "2015-08-11T13:44", None),
        ("٢٠١٥-٠٨-١١T١٣:٤٤:٤٣+٠٣:٠٠", "2015-08-11T13:44:43", "+03:00"),
        # a Hijri date as Saudi sites print it (user test: shown as the year 1436 CE)
        ("١٤٣٦-١٠-٢٦", "2015-08-11", None),
        ("1436-10-26T10:00:00+03:00", "2015-08-11T10:00:00", "+03:00"),
    ],
)
def test_dates_in_arabic_indic_and_persian_digits_parse(published: str, local: str,
                                                        zone: str | None) -> None:
    m = _jsonl(published=published).metadata
    assert m.published_local == local and m.timezone == zone
    assert "published_raw" not in m.extra
    assert split_time(published)[1] == local


def test_unparseable_date_is_kept_cleaned_in_extra() -> None:
    m = _jsonl(published=" أمس\u0000 ").metadata
    assert m.published_local is None and m.extra["published_raw"] == "أمس"


def test_extra_strings_are_cleaned_and_surrogates_never_reach_metadata() -> None:
    line = ('{"text": "' + BODY + '", "title": "a \\ud800 b", "note": " x\\u0001y ", '
            '"tags": [" t\\u0000 "]}').encode()
    [item] = read_bytes(line, where="m.jsonl")
    a = extract(item).value  # type: ignore[union-attr]
    assert a.metadata.title == "a \ufffd b"
    assert a.metadata.extra["note"] == "xy" and a.metadata.extra["tags"] == ["t"]
    assert a.metadata.extra["replaced_surrogates"] == 1


def test_clean_helpers() -> None:
    assert clean_field("  a\u0000b\tc ") == "ab c"
    assert clean_field(5) is None and clean_field("\u0085 ") is None
    assert clean_field("a\ud800") == "a\ufffd"
    assert clean_url("  https://x/a%20%20 ") == "https://x/a" and clean_url(" ") is None
    assert clean_title(" a \u2066b\u2069\u00a0\u00a0 c ") == "a b c"
    assert clean_title("كلمة\u200cكلمة") == "كلمة\u200cكلمة"  # ZWNJ is a letter joiner: kept
    assert clean_title("\u200fعنوان") == "\u200fعنوان"  # RLM (a mark, not an override): kept


def test_html_metadata_is_cleaned_like_the_body() -> None:
    para = "<p>" + BODY + "</p>"
    page = ("<!DOCTYPE html><html lang=\"ar\"><head>"
            "<title>  \u202eعنوان\u202c   الصفحة\u0007  </title>"
            '<meta name="description" content="  وصف\u0001   قصير  ">'
            '<meta name="author" content="  كاتب\u0001 ;  ;  آخر ">'
            '<meta property="article:published_time" content="٢٠٢٤-٠٥-١٣T٠٦:٠٠:٠٠Z">'
            '<link rel="canonical" href="  https://example.com/a  ">'
            "</head><body><article>" + para * 4 + "</article></body></html>")
    [item] = read_bytes(page.encode(), where="p.html", url="https://example.com/a")
    r = extract(item)
    assert isinstance(r, Ok), r
    m = r.value.metadata
    assert m.title == "عنوان الصفحة"
    assert m.description is None or m.description == "وصف قصير"
    assert all(a.strip() == a and a and "\x01" not in a for a in m.authors)
    assert m.url == "https://example.com/a" and m.outlet == "example.com"
    assert m.published == "2024-05-13T06:00:00+00:00" and m.timezone == "UTC"


def test_dump_header_fields_are_cleaned() -> None:
    dump = ("date 2021-07 2021/07/26 | 23:55 - المصدر:  \u202bالعربية\u202c  \n\n"
            "(موسوعة هذا اليوم للاخبار |   اخبار   العراق )- " + BODY + "\n")
    [item] = read_bytes(dump.encode(), where="d.txt")
    m = extract(item).value.metadata  # type: ignore[union-attr]
    assert m.outlet == "العربية" and m.section == "اخبار العراق"
    assert m.aggregator == "موسوعة هذا اليوم للاخبار"


@pytest.mark.parametrize("published", ["1650-01-01", "2999-01-01", "1436-13-01", "0012-01-01"])
def test_an_implausible_publication_year_is_no_date(published: str) -> None:
    m = _jsonl(published=published).metadata
    assert m.published is None and m.published_local is None
    assert m.extra["published_raw"] == published


def _page(head: str, body_paras: list[str]) -> RawItem:
    body = "".join(f"<p>{p}</p>" for p in body_paras)
    html = (f'<html lang="ar"><head><title>مصر تسجل إصابات جديدة</title>{head}</head><body>'
            f'<nav><a href="/">الرئيسية</a></nav><article><h1>مصر تسجل إصابات جديدة</h1>'
            f'<div itemprop="articleBody">{body}</div></article></body></html>')
    return RawItem(where="http://news.test/a.html", format="html", data=html.encode(),
                   text=html, encoding="utf-8", hints={}, path=None)


_LEAD = ("أعلنت وزارة الصحة والسكان المصرية اليوم الثلاثاء تسجيل 30 حالة جديدة بفيروس كورونا "
         "المستجد ليرتفع إجمالي عدد المصابين إلى 196 حالة بالإضافة إلى تسجيل حالتي وفاة.")
_PARAS = ["وأوضح المتحدث الرسمي للوزارة أن الحالات الجديدة التي ثبتت إيجابيتها لفيروس كورونا "
          "المستجد جميعها من المصريين المخالطين للحالات التي أعلن عنها مسبقا في المحافظات.",
          "وأشار المتحدث إلى تسجيل حالتي وفاة جديدتين لامرأة إيطالية ولمصري من القاهرة، وأن "
          "جميع الحالات المسجلة تخضع للرعاية الطبية وفق إرشادات منظمة الصحة العالمية."]


@pytest.mark.parametrize("head", [
    f'<meta name="description" content="{_LEAD}">',  # the whole lead in the meta description
    # cut in the meta tags, whole in an element marked itemprop="description" (Sputnik)
    f'<meta property="og:description" content="{_LEAD[:90]}...">',
])
def test_a_lead_only_in_the_description_is_the_first_paragraph(head: str) -> None:
    item = _page(head, _PARAS)
    if "..." in head:
        html = item.text.replace('<div itemprop="articleBody">',
                                 f'<div itemprop="description"><p>{_LEAD}</p></div>'
                                 '<div itemprop="articleBody">')
        item = RawItem(where=item.where, format="html", data=html.encode(), text=html,
                       encoding="utf-8", hints={}, path=None)
    r = extract(item)
    assert isinstance(r, Ok), r
    first = r.value.raw_text.split("\n")[0]
    assert first == _LEAD and r.value.raw_text.count("أعلنت وزارة الصحة") == 1
    assert r.value.metadata.extra["lead"] == "description"


@pytest.mark.parametrize("desc", [
    "موقع إخباري مصري يقدم آخر الأخبار العاجلة على مدار الساعة من مصر والعالم العربي",  # slogan
    "Breaking news from Egypt and the Arab world around the clock, every hour of every day",
    _PARAS[0],  # already the body's first paragraph
    _LEAD[:90] + "...",  # cut, and the whole lead is nowhere in the page
])
def test_a_description_that_is_no_lead_is_not_added(desc: str) -> None:
    r = extract(_page(f'<meta name="description" content="{desc}">', _PARAS))
    assert isinstance(r, Ok), r
    assert r.value.raw_text.split("\n")[0].startswith("وأوضح المتحدث")
    assert "lead" not in r.value.metadata.extra


def test_a_feed_summary_repeating_the_title_loses_that_line() -> None:
    title = "مصر تسجل 30 إصابة جديدة بفيروس كورونا"
    summary = (f"<p>{title.replace('إصابة', 'اصابة')}.</p><p>{_LEAD}</p>")
    item = RawItem(where="http://news.test/feed.xml#1", format="feed", data=b"{}",
                   text=summary, encoding="utf-8", hints={"title": title})
    r = extract(item)
    assert isinstance(r, Ok), r
    assert r.value.raw_text.strip() == _LEAD and r.value.metadata.title == title
    # a summary that is only the title keeps it (the text would be empty)
    only = RawItem(where="http://news.test/feed.xml#2", format="feed", data=b"{}",
                   text=f"<p>{title}</p>", encoding="utf-8", hints={"title": title})
    assert extract(only).value.raw_text.strip() == title
