"""Quote faults of user test s21 (corpus2): short quotations coordinated by و are names or
labels, a person named in commas after a place or body speaks for it, and a dropped-pronoun
cue goes on with the person words were last attributed to (حسب فلان). Constructed sentences
written for these tests; one mechanism each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mawsua.model import Article

#: the ``said`` fixture (tests/annotate/conftest.py): (quote text, speaker mention) pairs
Said = Callable[[Article], list[tuple[str, str | None]]]


@pytest.mark.parametrize("raw", [
    'وأعلن الجيش في بيان أنه تم تحرير "تلة العين" و"وادي الشجر" بعد معارك عنيفة.',
    'وذكرت صحيفتا «الغارديان» و«التايمز» أن الحكومة تدرس القرار.',
    'ووجهت النيابة إليهم تهمتي «التخابر» و«نشر أخبار كاذبة» في القضية.',
])
def test_coordinated_short_quotations_are_names(
        build: Callable[..., Article], raw: str, said: Said) -> None:
    assert said(build(raw)) == []


def test_coordinated_clauses_stay_speech(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وقال الوزير إن الحكومة "لن تتراجع" و"لا تفاوض على الثوابت".'))
    assert [t for t, _ in got] == ["لن تتراجع", "لا تفاوض على الثوابت"]


def test_person_in_commas_after_a_place_speaks(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وقال محافظ مدينة الرمادي، سامر العبيدي، إن "الطرق كلها مفتوحة الآن".'))
    assert got == [("الطرق كلها مفتوحة الآن", "سامر العبيدي")]


def test_dropped_pronoun_after_an_attribution(build: Callable[..., Article], said: Said) -> None:
    raw = ('وقال رئيس الغرفة التجارية محمد الحربي إن "الأسواق مستقرة".\n'
           'وتواصل الشركات توسعها في المنطقة.\n'
           'وبحسب رئيس الاتحاد، أحمد السالم، فإن الوضع يتحسن تدريجيا.\n'
           'وقال: "نحتاج إلى وقت أطول لتعويض الخسائر".')
    assert ("نحتاج إلى وقت أطول لتعويض الخسائر", "أحمد السالم") in said(build(raw))


def test_new_actor_before_a_dropped_pronoun_cue(build: Callable[..., Article], said: Said) -> None:
    raw = ('وقال رئيس الغرفة التجارية محمد الحربي إن "الأسواق مستقرة".\n'
           'من جانبه، عرض الباحث المتخصص في الاقتصاد الدولي، أحمد السالم، دراسة عن الأسواق.\n'
           'وقال إن "الأسعار سترتفع في الربع المقبل".')
    got = said(build(raw))
    assert ("الأسواق مستقرة", "محمد الحربي") in got
    assert ("الأسعار سترتفع في الربع المقبل", "أحمد السالم") in got


def test_continuation_keeps_the_last_speaker(build: Callable[..., Article], said: Said) -> None:
    raw = ('وقال رئيس الغرفة التجارية محمد الحربي إن "الأسواق مستقرة".\n'
           'وحضر اللقاء الوزير أحمد السالم.\n'
           'وأضاف: "نتوقع نموا أكبر العام المقبل".')
    assert ("نتوقع نموا أكبر العام المقبل", "أحمد السالم") not in said(build(raw))


@pytest.mark.parametrize("raw", [
    'وصلت المسيرة إلى الميدان مرددة هتافات: "الحرية للمعتقلين" و"الشعب يريد العدالة".',
    'ورفع المتظاهرون لافتات: «لا للغلاء» أمام مقر الحكومة.',
])
def test_chants_and_slogans_are_no_quotes(
        build: Callable[..., Article], raw: str, said: Said) -> None:
    assert said(build(raw)) == []


def test_masdar_cue_after_on_the_tongue_of(build: Callable[..., Article], said: Said) -> None:
    raw = ('أعلنت الحكومة طرد دبلوماسيين بعد تسميم سيرغي سكريبال، وردت موسكو على لسان الناطق '
           'باسم الكرملين ديمتري بيسكوف بقوله: "القرار غير مسؤول على الإطلاق".')
    assert said(build(raw)) == [("القرار غير مسؤول على الإطلاق", "ديمتري بيسكوف")]


@pytest.mark.parametrize(("raw", "speaker"), [
    ('وزار الرئيس محمد مرسي المحافظة أمس.\nوعندما تكرر الهجوم، اكتفى قائد الحرس باستنكار '
     'الهجوم، وخاطب المهاجمين بقوله: "هذا القصر ملك للشعب".', "قائد الحرس"),
])
def test_suffixed_masdar_takes_the_titled_subject(build: Callable[..., Article], raw: str,
                                                  speaker: str, said: Said) -> None:
    got = said(build(raw))
    assert len(got) == 1 and got[0][1] == speaker, got
