"""Timex faults of user test s24 on corpus2, one mechanism each: «as from» before a weekday
announces a start (the next such day, not the last), and the tens of a day ordinal glued by و
to its units (التاسع والعشرين) never stand alone for a day, even when the units word is
misspelt (االتاسع)."""

from __future__ import annotations

from mawsua.annotate.timexes import find_timexes


def _tx(text: str) -> list[tuple[str, str | None]]:
    # the anchor is a Wednesday
    return [(text[t.start : t.end], t.attrs.get("value"))
            for t in find_timexes(text, "2018-03-14T10:00:00+03:00")]


def test_as_from_a_weekday_is_the_next_one() -> None:
    assert _tx("وأعلنت السلطات إعادة فتح المطارات اعتبارا من الخميس.") == [
        ("الخميس", "2018-03-15")]
    assert _tx("وتستأنف الرحلات ابتداء من الأحد.") == [("الأحد", "2018-03-18")]
    # without the cue, a bare weekday in a past report is the last one
    assert _tx("وأغلقت السلطات المطارات الخميس.") == [("الخميس", "2018-03-08")]


def test_tens_of_a_day_never_alone() -> None:
    assert _tx("منذ التاسع والعشرين من سبتمبر الماضي.") == [
        ("التاسع والعشرين من سبتمبر الماضي", "2017-09-29")]
    assert _tx("منذ االتاسع والعشرين من سبتمبر الماضي.") == []
    # a tens ordinal after another date is a day of its own
    assert ("العشرين من مايو", "2018-05-20") in _tx("في الثلاثين من يونيو، والعشرين من مايو.")


def test_day_of_the_same_month() -> None:
    got = _tx("ويبدأ التسجيل في الأول من مارس، في موعد غايته 15 من نفس الشهر، وينتهي في 20 "
              "من الشهر نفسه.")
    assert ("15 من نفس الشهر", "2018-03-15") in got
    assert ("20 من الشهر نفسه", "2018-03-20") in got
    assert _tx("وينتهي التسجيل في 15 من الشهر نفسه.") == []  # no month named before


def test_month_by_its_number() -> None:
    got = _tx("ويعود اللاعب في شهر 4 من العام المقبل، ووقع الحادث في شهر 11 من عام 2012، "
              "وتدرب لمدة شهر 3 مرات.")
    assert got == [("شهر 4 من العام المقبل", "2019-04"), ("شهر 11 من عام 2012", "2012-11")]


def test_undated_article_anchored_on_its_url_or_crawl_day() -> None:
    from mawsua.annotate.timexes import timexes
    from mawsua.model import Article, Metadata, Source

    text = "وتوفي الشاب عصر أمس، وتقبلت الأسرة العزاء اليوم الأربعاء."
    url = "http://www.okaz.com.sa/new/Issues/20150722/Con20150722785073.htm"
    art = timexes(Article("t", Source("jsonl", "0"), Metadata(url=url), text))
    got = [(text[s.start:s.end], s.attrs["value"], s.attrs["anchor_source"])
           for s in art.layer("timexes")]
    assert got == [("عصر أمس", "2015-07-21TAF", "url"), ("اليوم الأربعاء", "2015-07-22", "url")]
    crawled = timexes(Article("t", Source("jsonl", "0"),
                              Metadata(extra={"crawled": "2015-07-22T10:05:54"}), text))
    assert [s.attrs["anchor_source"] for s in crawled.layer("timexes")] == ["crawled"] * 2
    bare = timexes(Article("t", Source("jsonl", "0"), Metadata(), text))
    assert all(s.attrs["value"] is None for s in bare.layer("timexes"))


def test_more_than_expected_is_no_future() -> None:
    assert _tx("وأظهرت بيانات أن الإنتاج نما بأكثر من المتوقع في يناير كانون الثاني وفبراير "
               "شباط.") == [("يناير كانون الثاني", "2018-01"), ("فبراير شباط", "2018-02")]
    assert _tx("وجاءت الأرقام أعلى من المتوقع في يناير.") == [("يناير", "2018-01")]
    assert _tx("ومن المتوقع أن يرتفع الإنتاج في يناير.") == [("يناير", "2019-01")]
