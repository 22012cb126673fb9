"""Session 22's entity kinds (issue 11, the s21 user test on corpus2), each on a short made-up
text in the style of the news: countries by the spellings Arab newsrooms write (not only CLDR's
one form), organisation names whose last part is joined by و, compound first names, newspapers
named like places or common words, transliteration variants of one foreign name."""

from __future__ import annotations

from mawsua.annotate.entities import entities
from mawsua.model import Article, Metadata, Source


def _spans(text: str, **extra: str) -> list[tuple[str, str, str, str]]:
    """(surface, label, entity key, canonical) of every mention."""
    art = entities(Article("t", Source("jsonl", "0"), Metadata(extra=dict(extra)), text))
    return [(text[s.start : s.end], s.label, s.attrs["entity"], s.attrs["canonical"])
            for s in art.layer("entities")]


def _by_surface(text: str, **extra: str) -> dict[str, tuple[str, str, str]]:
    return {s: (label, ent, can) for s, label, ent, can in _spans(text, **extra)}


def _countries(text: str) -> dict[str, str | None]:
    art = entities(Article("t", Source("jsonl", "0"), Metadata(), text))
    return {text[s.start : s.end]: s.attrs.get("country") for s in art.layer("entities")}


def test_country_spellings_beyond_cldr() -> None:
    got = _countries("فرّ آلاف الروهينغا من ميانمار، التي تعرف أيضا باسم بورما، إلى بنغلادش. "
                     "وأعلنت جمهورية الكونغو الديمقراطية وكوت ديفوار وتيمور الشرقية دعمها.")
    assert got["ميانمار"] == got["بورما"] == "MM"
    assert got["بنغلادش"] == "BD"
    assert got["جمهورية الكونغو الديمقراطية"] == "CD"
    assert got["وكوت ديفوار"] == "CI"
    assert got["وتيمور الشرقية"] == "TL"


def test_white_russia_is_belarus_not_russia() -> None:
    got = _countries("زار الرئيس روسيا البيضاء بعد أسبوع من زيارته روسيا، ثم توجه إلى المجر "
                     "والدنمارك.")
    assert got["روسيا البيضاء"] == "BY"
    assert got["روسيا"] == "RU"
    assert got["المجر"] == "HU" and got["والدنمارك"] == "DK"


def test_egyptian_spellings_of_latin_american_countries() -> None:
    got = _countries("تعادل منتخب أوروجواي مع باراجواي في مباراة ودية، فيما فازت جواتيمالا على "
                     "نيكاراجوا.")
    assert got["أوروجواي"] == "UY" and got["باراجواي"] == "PY"
    assert got["جواتيمالا"] == "GT" and got["نيكاراجوا"] == "NI"
