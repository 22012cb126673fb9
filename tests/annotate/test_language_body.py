"""The article's language is decided by its body, weighted by length, never by a boilerplate
block (issue 10, item 4): an English "Site Links" footer under an Urdu article."""

from __future__ import annotations

from mawsua.annotate import annotate
from mawsua.annotate.language import dominant_language
from mawsua.clean import clean
from mawsua.clean.blocks import block_spans
from mawsua.model import Article, Metadata, Source, Span

URDU = (
    "پاکستان کے وزیر اعظم نے آج اسلام آباد میں ایک اہم اجلاس کی صدارت کی جس میں ملک کی معاشی "
    "صورتحال پر تفصیلی غور کیا گیا۔\n"
    "اجلاس میں وفاقی وزرا اور اعلیٰ حکام نے شرکت کی اور مہنگائی پر قابو پانے کے لیے نئے "
    "اقدامات کی منظوری دی گئی۔\n"
    "وزیر اعظم نے کہا کہ حکومت عوام کو ریلیف دینے کے لیے ہر ممکن کوشش کر رہی ہے۔\n"
)
FOOTER = "\n".join([
    "Site Links", "Home", "About Us", "Contact Us", "Privacy Policy", "Terms and Conditions",
    "Advertise With Us", "Careers", "Latest Pakistan News", "International World News",
    "Sports Cricket Updates", "Business Economy Markets", "Entertainment Showbiz News",
    "Science Technology News", "Health Lifestyle Stories", "Opinion Editorials Columns",
    "Videos Photo Galleries", "Weather Forecast Today", "Newsletter Subscription Page",
    "Mobile Applications Download", "Frequently Asked Questions",
])


def _article(text: str) -> Article:
    return Article("t", Source("html", "0" * 64), Metadata(), text)


def test_site_links_footer_is_a_boilerplate_block() -> None:
    text = URDU + FOOTER
    blocks = [b for b in block_spans(text) if b.attrs.get("kind") == "site_links"]
    assert len(blocks) == 1
    assert text[blocks[0].start : blocks[0].end] == FOOTER


def test_urdu_article_with_english_footer_is_urdu() -> None:
    assert len(FOOTER) > len(URDU)  # by length alone the footer would win
    art = annotate(clean(_article(URDU + FOOTER)))
    assert art.metadata.language == "ur"
    spans = art.layer("languages")
    assert dominant_language(spans) == "en"  # without the blocks the footer decides


def test_body_paragraphs_are_not_a_link_list() -> None:
    # short Arabic lines that are body text (no navigation label, same script) stay body
    text = "أعلنت الوزارة أسماء الفائزين بالجائزة هذا العام.\nمحمد علي\nسارة أحمد\nخالد حسن\nليلى سعيد"
    assert not [b for b in block_spans(text) if b.attrs.get("kind") == "site_links"]


def test_script_group_wins_before_language() -> None:
    para = {"level": "paragraph"}
    spans = [Span(0, 40, "ur", para), Span(40, 80, "fa", para), Span(80, 150, "en", para)]
    assert dominant_language(spans) == "ur"
    assert dominant_language(spans, [Span(0, 80, "boilerplate", {})]) == "en"
