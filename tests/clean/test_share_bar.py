"""Share bars (user test: Okaz's ``شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك`` glued before
the lead made تويتر, فيسبوك and جوجل the 6th, 10th and 11th entities of a store)."""

from __future__ import annotations

import pytest

from mawsua.clean.blocks import block_spans
from mawsua.model import Article, Metadata, Source


def _bars(text: str) -> list[str]:
    return [text[s.start:s.end] for s in block_spans(text)
            if s.label == "boilerplate" and s.attrs.get("kind") == "share"]


@pytest.mark.parametrize(("text", "bar"), [
    ("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد نائب خادم الحرمين الشريفين أن الأمن "
     "مستتب.\nفقرة ثانية.", "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك"),
    ("مشاركة: فيسبوك | تويتر | واتساب\nنص الخبر.", "مشاركة: فيسبوك | تويتر | واتساب"),
    ("فيسبوك تويتر واتساب طباعة\nنص الخبر.", "فيسبوك تويتر واتساب طباعة"),
    ("Share on Facebook Twitter WhatsApp\nThe story.", "Share on Facebook Twitter WhatsApp"),
])
def test_a_share_bar_at_a_line_start_is_boilerplate(text: str, bar: str) -> None:
    assert _bars(text) == [bar]


@pytest.mark.parametrize("text", [
    "تويتر وفيسبوك يحذفان آلاف الحسابات.\nفقرة.",  # a sentence about the platforms
    "شارك الطلاب في المسابقة على تويتر.\nفقرة.",  # شارك "took part"
    "فيسبوك تعلن أرباحها.\nفقرة.",
    "Shares of Facebook fell.\nMore.",
])
def test_a_sentence_about_platforms_is_no_share_bar(text: str) -> None:
    assert _bars(text) == []


def test_no_entity_inside_a_share_bar_but_the_body_keeps_its_names() -> None:
    from mawsua.annotate.entities import entities
    from mawsua.clean.blocks import annotate

    text = ("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد الأمير محمد بن نايف أن "
            "المملكة آمنة.\nوقالت شركة فيسبوك إنها حذفت الحسابات.")
    art = Article("a", Source("text", "0"), Metadata(), text)
    got = entities(annotate(art))
    found = {(art.text[s.start:s.end], s.start) for s in got.layer("entities")}
    bar_end = text.index("أكد")
    assert not any(start < bar_end for _, start in found)
    assert any(name == "فيسبوك" and start > bar_end for name, start in found)
