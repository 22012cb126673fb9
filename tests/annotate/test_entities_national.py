"""A generic institution name several countries use (``مجلس الشورى``) is linked to the
gazetteer's country only when the article does not speak of another of them (user test:
Egypt's Shura Council was Saudi Arabia's in 82 Egyptian articles)."""

from __future__ import annotations

import pytest

from mawsua.annotate.entities import entities
from mawsua.model import Article, Metadata, Source, sha256_hex


def _shura(text: str) -> list[tuple[str, str | None]]:
    art = entities(Article("t", Source("text", sha256_hex(text.encode())), Metadata(), text))
    return [(s.attrs.get("canonical"), s.attrs.get("country")) for s in art.layer("entities")
            if "الشورى" in text[s.start:s.end]]


@pytest.mark.parametrize(("text", "linked"), [
    ("ناقش مجلس الشورى في القاهرة قانون الانتخابات، وقال رئيس مجلس الشورى إن مصر تحتاج إلى "
     "التوافق بين القوى السياسية المصرية.", False),
    ("ناقش مجلس الشورى في جلسته بالرياض أمس تقرير وزارة التعليم السعودية.", True),
    ("ناقش مجلس الشورى في جلسته أمس تقرير وزارة التعليم السنوي.", True),  # no country named
    # a Saudi column on Iran: Iran is named, but the Shura Council is the column's own
    ("طالب مجلس الشورى بتشديد الرقابة على الحدود، في وقت تواصل إيران تدخلاتها وتهدد إيران "
     "أمن المنطقة.", True),
])
def test_shura_council_by_country(text: str, linked: bool) -> None:
    got = _shura(text)
    assert got
    assert all((c == "Shura Council" and cc == "SA") is linked for c, cc in got), got


@pytest.mark.parametrize(("home", "linked"), [("EG", False), ("SA", True), (None, True)])
def test_the_outlets_home_country_counts(home: str | None, linked: bool) -> None:
    """An Egyptian paper's domestic news rarely names Egypt: the outlet's home country (set by
    the application as ``metadata.extra["outlet_country"]``) is evidence too."""
    text = "وافق مجلس الشورى في جلسته أمس على مشروع قانون تنظيم التظاهر بعد مناقشات طويلة."
    extra = {"outlet_country": home} if home else {}
    art = entities(Article("t", Source("text", sha256_hex(text.encode())), Metadata(extra=extra),
                           text))
    got = [(s.attrs.get("canonical"), s.attrs.get("country")) for s in art.layer("entities")
           if "الشورى" in text[s.start:s.end]]
    assert got and all((c == "Shura Council") is linked for c, _ in got), got


def test_the_pipeline_sets_the_outlets_home_country() -> None:
    from mawsua.app import outlets

    assert outlets.home_country("almasryalyoum") == outlets.home_country("youm7.com") == "EG"
    assert outlets.home_country("okaz") == "SA"
    assert outlets.home_country("skynewsarabia") is None  # pan-Arab: no home
    assert outlets.home_country(None) is None
