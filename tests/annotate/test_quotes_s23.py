"""Quote faults of user test s22 (corpus2): straight marks typed hugging the words outside
(``لـ" الدستور الأصلي "ان``, ``"غنيم "ليكن``) pair with each other, a proclitic drawn out with a
tatweel (``لـ"``) opens a mark, a short quotation that is the object of a glued preposition is
a term, and a long quotation after an outlet named in marks is the speaker's. Constructed
sentences written for these tests; one mechanism each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mawsua.model import Article

#: the ``said`` fixture (tests/annotate/conftest.py): (quote text, speaker mention) pairs
Said = Callable[[Article], list[tuple[str, str | None]]]


@pytest.mark.parametrize("raw", [
    # marks hugging the words outside: the pair is a name, the rest is indirect speech
    'وأكدت مصادر مسئولة لـ" الدستور الأصلي "ان سبب الإطاحة بـ" كامل "يرجع إلى خلافات نشبت '
    'مؤخرا بينه وبين المستشار الجديد.',
    # the object of a glued preposition, set off for emphasis
    'وأشار المواطن إلى أن دوام يوم الاقتراع سيحول بينه كـ"ناخب" ومباشرة حقه الانتخابي.',
    'وقال إن هناك وحدات سكنية مغلقة بـ"أكتوبر ببني سويف الجديدة" يجب فتحها.',
])
def test_names_and_terms_in_marks_are_no_quotes(
        build: Callable[..., Article], raw: str, said: Said) -> None:
    assert said(build(raw)) == []


def test_marks_hugging_the_next_word_pair_up(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وقال مصدر إن المدير "عسل "يعد من المقربين للوزير، وإن "غنيم "استعان '
                     'به ليكون مستشاره.'))
    assert all(len(t.split()) == 1 and '"' not in t for t, _ in got)


def test_quote_after_an_outlet_in_marks(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وأضافت مارجريت عازر، لـ"الوطن"، "الدعوى مجرد شو إعلامي، لتسليط الضوء '
                     'عليهما"، لافتة إلى أن الاستفتاء للقرارات السيادية فقط.'))
    assert [t for t, _ in got] == ["الدعوى مجرد شو إعلامي، لتسليط الضوء عليهما"]
    assert got[0][1] is not None and "عازر" in got[0][1]


def test_nested_quotation_stays_nested(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وأضاف: "وجهنا عدة نداءات للسفينة "سان توريني" ولم يتجاوب معنا طاقمها '
                     'بعد ذلك".'))
    assert [t for t, _ in got] == ['وجهنا عدة نداءات للسفينة "سان توريني" ولم يتجاوب معنا '
                                   'طاقمها بعد ذلك']


def test_described_as_is_still_a_quote(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وقالت المذيعة دينا حسن إنها لن تستضيف أحدا، ووصفت ما يحدث بـ«انتهاك '
                     'لحرية الرأي والتعبير» في البلاد.'))
    assert [t for t, _ in got] == ["انتهاك لحرية الرأي والتعبير"]


def test_chants_listed_after_a_chant_stay_out(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وردد طلاب كلية التجارة هتافات "جيكا مات مقتول.. والمرشد هو المسئول"، '
                     '"دم بدم ورصاص برصاص.. مش هنقول سلمية خلاص" أمام الكلية.'))
    assert got == []


def test_doubled_opening_mark_keeps_the_quote(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وعن إقامة المباراة خارج السعودية قال المدرب أحمد عيد :" "إن المنافسات '
                     'المحلية لن تعطي الفرصة الكاملة لاحتراف اللاعب السعودي خارجيا".'))
    assert len(got) == 1 and "إن المنافسات المحلية" in got[0][0]
