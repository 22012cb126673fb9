"""clean.blocks: typed blocks over the final text (issue 3, item 3) — rules, one case each."""

from __future__ import annotations

import pytest

from mawsua.clean import blocks
from mawsua.clean.blocks import BLOCK_LABELS, block_spans

BODY = "وقال المتحدث باسم الوزارة إن الاجتماع بحث عددا من الملفات المهمة."


def _found(text: str) -> list[tuple[str, str]]:
    return [(b.label, text[b.start : b.end]) for b in block_spans(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # captions
    (f"{BODY}\n\nرئيس الوزراء العراقي مصطفى الكاظمي (أرشيفية)\n\n{BODY}",
     [("caption", "رئيس الوزراء العراقي مصطفى الكاظمي (أرشيفية)")]),
    (f"{BODY}\nمتظاهرون في بيروت أمس (أ ف ب)", [("caption", "متظاهرون في بيروت أمس (أ ف ب)")]),
    (f"{BODY}\nجانب من الاجتماع (ا ف ب)", [("caption", "جانب من الاجتماع (ا ف ب)")]),
    (f"{BODY}\nجانب من الاجتماع (أ.ف.ب)", [("caption", "جانب من الاجتماع (أ.ف.ب)")]),
    (f"{BODY}\nالرئيس خلال المؤتمر (رويترز)", [("caption", "الرئيس خلال المؤتمر (رويترز)")]),
    (f"{BODY}\nالوزير يتحدث (صورة من الفيديو)", [("caption", "الوزير يتحدث (صورة من الفيديو)")]),
    (f"{BODY}\nالصورة: الوزير خلال الزيارة", [("caption", "الصورة: الوزير خلال الزيارة")]),
    (f"اقتحام ساحة المسجد - أرشيفية\n{BODY}", [("caption", "اقتحام ساحة المسجد - أرشيفية")]),
    ("The minister said the talks went well.\nA protester in Beirut on Monday - Reuters",
     [("caption", "A protester in Beirut on Monday - Reuters")]),
    # related links: the head and the short lines after it
    (f"{BODY}\nاقرأ أيضا\nالعراق يوقع اتفاقا جديدا\nبايدن يستقبل الكاظمي\n{BODY}",
     [("related_links", "اقرأ أيضا\nالعراق يوقع اتفاقا جديدا\nبايدن يستقبل الكاظمي")]),
    (f"{BODY}\nشاهد أيضاً: لقاء الكاظمي وبايدن", [("related_links", "شاهد أيضاً: لقاء الكاظمي وبايدن")]),
    ("Body text here.\nRead more: Iraq signs deal", [("related_links", "Read more: Iraq signs deal")]),
    ("Body text here.\nRelated: Iraq signs deal", [("related_links", "Related: Iraq signs deal")]),
    # boilerplate
    (f"{BODY}\nجميع الحقوق محفوظة © 2021", [("boilerplate", "جميع الحقوق محفوظة © 2021")]),
    ("Body.\nCopyright 2021 Example News. All rights reserved.",
     [("boilerplate", "Copyright 2021 Example News. All rights reserved.")]),
    (f"{BODY}\nتابعونا على تويتر وفيسبوك", [("boilerplate", "تابعونا على تويتر وفيسبوك")]),
    (f"{BODY}\nرابط الخبر: http://example.com/x", [("boilerplate", "رابط الخبر: http://example.com/x")]),
    (f"{BODY}\nللتواصل: 0501234567 - news@example.com",
     [("boilerplate", "للتواصل: 0501234567 - news@example.com")]),
    (f"{BODY}\n// انتهى //\n14:59 ت م", [("boilerplate", "// انتهى //"), ("boilerplate", "14:59 ت م")]),
    (f"{BODY} سمات العفو القتل طفلة", [("boilerplate", "سمات العفو القتل طفلة")]),
    # datelines (just the dateline part) and bylines
    (f"الرياض - واس\n{BODY}", [("dateline", "الرياض - واس")]),
    (f"بيروت – رويترز: {BODY}", [("dateline", "بيروت – رويترز:")]),
    (f"سبق- أبها: {BODY}", [("dateline", "سبق- أبها:")]),
    (f"دبي (رويترز) - {BODY}", [("dateline", "دبي (رويترز) -")]),
    ("(CNN) -- The minister said the talks went well.", [("dateline", "(CNN) --")]),
    ("BEIRUT (Reuters) - The minister said the talks went well.",
     [("dateline", "BEIRUT (Reuters) -")]),
    (f"بقلم محمد العلي\n{BODY}", [("byline", "بقلم محمد العلي")]),
    (f"كتب - محمد العلي: {BODY}", [("byline", "كتب - محمد العلي")]),
    ("By John Smith\nThe minister said the talks went well.", [("byline", "By John Smith")]),
    (f"نايف عبدالله – عين اليوم\n{BODY}", [("byline", "نايف عبدالله")]),
    (f"مشاري الحنتوشي - سبق - الرياض: {BODY}",
     [("byline", "مشاري الحنتوشي"), ("dateline", "سبق - الرياض:")]),
])
def test_block_rules(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize("text", [
    # a body paragraph mentioning رويترز / تويتر / صورة is not a block
    f"{BODY}\nوقالت وكالة (رويترز) إن الاجتماع انتهى مساء أمس دون نتائج تذكر.",
    f"{BODY}\nوكتب الرئيس على «تويتر» أن الاجتماع كان مثمرا.",
    f"{BODY}\nالصورة التي رسمها التقرير عن الاقتصاد قاتمة جدا ولا تبشر بالخير هذا العام.",
    f"{BODY}\nوذكرت رويترز أن 12 شخصا قتلوا (رويترز).",
    # a mid-body digest item is not a dateline (only the start of the first paragraph is)
    f"{BODY}\nدكار - رويترز: تأجلت أمس محاكمة رئيس تشاد السابق.",
    # a ministry taking the opinions received on its site is news, no comment disclaimer
    f"{BODY}\nوأكد الوزير استمرار استقبال الآراء الواردة حول القواعد التي تم طرحها على موقع "
    "المجلس الأعلى للجامعات حتى يوم الخميس القادم.",
    # a boilerplate phrase inside a news sentence (user test s23: all 7 boilerplate blocks of
    # corpus2 were news lines like these)
    f"{BODY}\nولم ترد السفارة التركية في برن على الفور على طلب عبر البريد الإلكتروني للتعليق.",
    f"{BODY}\nوفي يناير الماضي، أعلن موقع فيسبوك للتواصل الاجتماعي منع بث الإعلانات المرتبطة "
    "بالعملات الرقمية.",
    f"{BODY}\nويشارك هذا العام في حفل الافتتاح عدد من الشخصيات العامة ورجال الأعمال الداعمين.",
])
def test_not_blocks(text: str) -> None:
    assert _found(text) == []


def test_embedded_tweet_spans_paragraphs_and_attribution() -> None:
    text = (f"{BODY}\n\nThis afternoon, I’ll be hosting the Prime Minister.\n\n"
            "I look forward to it.\n\n— President Biden (@POTUS) July 26, 2021\n\n" + BODY)
    (post,) = block_spans(text)
    assert post.label == "embedded_post"
    assert text[post.start : post.end].startswith("This afternoon")
    assert text[post.start : post.end].endswith("July 26, 2021")
    assert dict(post.attrs) == {
        "language": "en", "platform": "twitter", "author": "President Biden",
        "handle": "@POTUS", "date": "2021-07-26",
        "post_text": "This afternoon, I’ll be hosting the Prime Minister. I look forward to it.",
    }


@pytest.mark.parametrize(("attribution", "author", "handle", "date"), [
    ("— جو بايدن (@POTUS) 26 يوليو 2021", "جو بايدن", "@POTUS", "2021-07-26"),
    ("— الرئاسة العراقية (@IraqiPresidency) ٢٦ تموز ٢٠٢١", "الرئاسة العراقية",
     "@IraqiPresidency", "2021-07-26"),
    ("— Joe Biden (@POTUS) 3 جويلية، 2021", "Joe Biden", "@POTUS", "2021-07-03"),
])
def test_embedded_tweet_with_an_arabic_attribution(attribution: str, author: str, handle: str,
                                                   date: str) -> None:
    text = f"{BODY}\n\nنحن ملتزمون بدعم العراق في حربه على الإرهاب.\n\n{attribution}\n\n{BODY}"
    (post,) = block_spans(text)
    assert post.label == "embedded_post"
    assert text[post.start : post.end].endswith(attribution)
    assert post.attrs["author"] == author and post.attrs["handle"] == handle
    assert post.attrs["date"] == date and post.attrs["platform"] == "twitter"
    assert post.attrs["post_text"] == "نحن ملتزمون بدعم العراق في حربه على الإرهاب."


def test_embedded_instagram_facebook_and_pic_links() -> None:
    text = ("Body.\nWhat a day in Baghdad!\nA post shared by Jane Doe (@jane.doe) on Jul 26, 2021"
            " at 3:15pm PDT\nMore body.")
    (post,) = [b for b in block_spans(text) if b.label == "embedded_post"]
    assert post.attrs["platform"] == "instagram" and post.attrs["handle"] == "@jane.doe"
    assert post.attrs["date"] == "2021-07-26"
    text = f"{BODY}\nالحمد لله على السلامة pic.twitter.com/AbCd123\n{BODY}"
    (post,) = block_spans(text)
    assert post.label == "embedded_post" and post.attrs["platform"] == "twitter"
    assert post.attrs["language"] == "ar" and post.attrs["post_text"] == "الحمد لله على السلامة"


def test_every_block_has_a_known_label_and_language() -> None:
    text = (f"الرياض - واس\n{BODY}\nقوات في العراق (أرشيفية)\nاقرأ أيضا\nعنوان\n"
            f"{BODY} سمات العراق")
    spans = block_spans(text)
    assert {b.label for b in spans} == {"dateline", "caption", "related_links", "boilerplate"}
    for b in spans:
        assert b.label in BLOCK_LABELS
        assert b.attrs["language"] in ("ar", "en", "und")
    assert [b.start for b in spans] == sorted(b.start for b in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_script_language() -> None:
    assert blocks.script_language("في تغريدة على حسابه (@POTUS)") == "ar"
    assert blocks.script_language("Photo: AFP") == "en"
    assert blocks.script_language("12:00") == "und"


@pytest.mark.parametrize(("line", "kind"), [
    ("الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط.", "disclaimer"),
    ("ترحب الصحيفة بالنقاش، وننصحك بمراجعة إرشادات الاستخدام قبل نشر التعليقات.", "disclaimer"),
    ("غيرت الشركة سياسة الخصوصية وشروط الاستخدام لتطبيقها أمس.", None),
])
def test_comment_disclaimers_are_boilerplate(line: str, kind: str | None) -> None:
    # user test s22 F13: CNN Arabic's comment policy was kept as body
    assert blocks.is_boilerplate_line(line) == kind
