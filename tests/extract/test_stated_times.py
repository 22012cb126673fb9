"""A record's ``published`` in the other ways outlets and scrapers write it (user test: an
Arabic date that the feed reader accepts, ``14/03/2018`` and a Unix time all gave
``W_BAD_DATE`` and an article without a date)."""

from __future__ import annotations

import json

import pytest

from mawsua.errors import Ok
from mawsua.extract import extract
from mawsua.extract.common import split_stated_time
from mawsua.sources import read_bytes


@pytest.mark.parametrize(("value", "expected", "how"), [
    ("2018-03-14T18:05:00+02:00", ("2018-03-14T18:05:00+02:00", "2018-03-14T18:05:00", "+02:00"),
     "iso"),
    (1521050700, ("2018-03-14T18:05:00+00:00", "2018-03-14T18:05:00", "UTC"), "epoch"),
    ("1521050700000", ("2018-03-14T18:05:00+00:00", "2018-03-14T18:05:00", "UTC"), "epoch"),
    ("14/03/2018", (None, "2018-03-14T00:00:00", None), "numeric"),
    ("14-03-2018 18:05", (None, "2018-03-14T18:05:00", None), "numeric"),
    ("03/14/2018", (None, "2018-03-14T00:00:00", None), "numeric"),   # month first: certain
    ("١٤/٠٣/٢٠١٨", (None, "2018-03-14T00:00:00", None), "numeric"),
    ("الأحد، 25 يوليو 2021 18:00", (None, "2021-07-25T18:00:00", None), "written"),
    ("25 تموز 2021", (None, "2021-07-25T00:00:00", None), "written"),
])
def test_stated_times_are_read(value: object, expected: tuple, how: str) -> None:
    assert split_stated_time(value) == (expected, how)


@pytest.mark.parametrize("value", [
    "03/04/2018",          # 3 April or 4 March: never guessed
    "31/02/2018", "2099-13-45", "منذ ساعة", "أمس", "الأحد 25 يوليو", True, 12, "123", "14/03/1750", None, "",
])
def test_uncertain_or_impossible_times_stay_unread(value: object) -> None:
    assert split_stated_time(value) == ((None, None, None), "")


def _article(published: object) -> Ok:
    line = json.dumps({"id": "t1", "text": "نص الخبر عن الاجتماع في الرياض.",
                       "published": published}, ensure_ascii=False)
    [item] = read_bytes(line.encode("utf-8") + b"\n", where="in.jsonl")
    out = extract(item)
    assert isinstance(out, Ok)
    return out


def test_a_record_keeps_its_time_as_written_and_warns_only_when_unread() -> None:
    art = _article("14/03/2018 18:05").value
    assert art.metadata.published_local == "2018-03-14T18:05:00"
    assert art.metadata.extra["published_raw"] == "14/03/2018 18:05"
    assert "warnings" not in art.metadata.extra
    epoch = _article(1521050700).value
    assert epoch.metadata.published == "2018-03-14T18:05:00+00:00"
    bad = _article("03/04/2018").value
    assert bad.metadata.published_local is None
    assert [w["code"] for w in bad.metadata.extra["warnings"]] == ["W_BAD_DATE"]


def test_rss_year_first_and_basic_forms() -> None:
    """User test s24: RFC 822 dates (the RSS form) and year-first numerals were dropped as "not
    a date"; ISO's basic form was kept as written."""
    assert split_stated_time("Wed, 14 Mar 2018 18:05:00 +0400") == (
        ("2018-03-14T18:05:00+04:00", "2018-03-14T18:05:00", "+04:00"), "rfc822")
    assert split_stated_time("2018/03/14 18:05") == ((None, "2018-03-14T18:05:00", None),
                                                     "numeric")
    assert split_stated_time("20130210") == ((None, "2013-02-10", None), "iso")
    assert split_stated_time("2018/13/40") == ((None, None, None), "")


def test_a_record_whose_text_is_html_keeps_its_text_content() -> None:
    """User test s24: a JSONL text field holding a scraped page body kept its tags, scripts
    and entities as words."""
    line = json.dumps({"id": "h1", "text": "<div><p>قال الوزير &quot;نعم&quot;.</p><script>var "
                       "x=1;</script><p>وأضاف أن الوضع جيد.</p></div>"}, ensure_ascii=False)
    [item] = read_bytes(line.encode("utf-8") + b"\n", where="in.jsonl")
    art = extract(item).value
    assert art.raw_text == 'قال الوزير "نعم".\nوأضاف أن الوضع جيد.'
    assert [w["code"] for w in art.metadata.extra["warnings"]] == ["W_HTML_TEXT"]
    plain = json.dumps({"id": "h2", "text": "قال إن 3 < 5 وأن الأمر <b>مهم</b>."},
                       ensure_ascii=False)
    [item] = read_bytes(plain.encode("utf-8") + b"\n", where="in.jsonl")
    assert extract(item).value.raw_text == "قال إن 3 < 5 وأن الأمر <b>مهم</b>."  # one tag: text
