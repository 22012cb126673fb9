"""Quote faults of user test s19: the addressee after a cue, a title in apposition with a
name, a report's words, scare quotes and names in marks, slogans. Constructed sentences; each
case is one mechanism."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mawsua.model import Article


def _got(art: Article) -> list[tuple[str, str | None, str | None, str]]:
    out = []
    for q in art.layer("quotes"):
        a = q.attrs
        mention = art.text[a["speaker_start"]:a["speaker_end"]] if a["speaker_start"] is not None \
            else None
        out.append((q.label, mention, a["speaker"], art.text[q.start:q.end]))
    return out


@pytest.mark.parametrize(("raw", "speaker"), [
    ("وللحديث بقية.\nالجدة تقول لحفيدتها: متى ما سأل زوجك عن العقد فاعلمي أنه بدأ يلاحظ.", "الجدة"),
    ('وقال لزملائه: "سنعود غدا إلى العمل كما وعدنا".', None),
])
def test_addressee_after_cue_is_not_the_speaker(build: Callable[..., Article], raw: str,
                                                speaker: str | None) -> None:
    got = _got(build(raw))
    assert got, got
    assert all(not (m or "").startswith("ل") for _, m, _, _ in got), got
    if speaker is not None:
        assert got[0][1] == speaker, got


@pytest.mark.parametrize(("raw", "speaker"), [
    ("وقال الخبير في الشؤون الإيرانية هاني سليمان: محسن فخري زادة كان العقل المدبر للبرنامج.",
     "هاني سليمان"),
    ('وقال الخبير في الشؤون الإيرانية هاني سليمان إن "زادة كان العقل المدبر للبرنامج".',
     "هاني سليمان"),
    # an abbreviated title's dot is no sentence end: the colon quotation is found
    ("وقال الباحث في الشأن العراقي د. فراس إلياس: انتشرت أعداد كبيرة من المقاتلين في المدينة.",
     "فراس إلياس"),
])
def test_title_complement_then_name(build: Callable[..., Article], raw: str, speaker: str) -> None:
    got = _got(build(raw))
    assert [m for _, m, _, _ in got] == [speaker], got


def test_second_complement_name_is_not_the_speaker(build: Callable[..., Article]) -> None:
    got = _got(build('وقال الوزير في لقائه مع محمد علي: "سنواصل العمل حتى النهاية".'))
    assert got and all("محمد" not in (m or "") for _, m, _, _ in got), got
