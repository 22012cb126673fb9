"""Mawsua's HTML extraction is never below trafilatura called directly (issue 10, item 4).

Every page with gold in ``shared/corpus/html`` and ``shared/corpus2/html`` runs through the whole
pipeline and through ``trafilatura.extract`` with default settings (same installed version);
``bench/html_vs_trafilatura.py`` builds the rows and prints the table (run it to see numbers).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from mawsua.extract import html as html_mod

ROOT = Path(__file__).resolve().parents[2]
_SPEC = importlib.util.spec_from_file_location("html_vs_trafilatura",
                                               ROOT / "bench" / "html_vs_trafilatura.py")
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["html_vs_trafilatura"] = bench
_SPEC.loader.exec_module(bench)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    if not bench.pages():
        pytest.skip("shared html pages not found")
    return bench.rows()


def test_every_page_with_gold_is_compared(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 13
    assert sum(r["f1_mawsua"] is not None for r in rows) >= 4


def test_body_f1_never_below_trafilatura(rows: list[dict[str, Any]]) -> None:
    worse = [(r["page"], r["f1_mawsua"], r["f1_traf"]) for r in rows
             if r["f1_mawsua"] is not None and r["f1_mawsua"] < r["f1_traf"] - 0.01]
    assert not worse


def _real(date: str | None) -> bool:
    """A date htmldate/trafilatura found, other than a 1 January year-only guess."""
    return bool(date) and date is not None and date[5:10] != "01-01"


def test_date_whenever_trafilatura_finds_one_and_equal_to_gold(
        rows: list[dict[str, Any]]) -> None:
    for r in rows:
        if _real(r["date_traf"]) or _real(r["date_htmldate"]):
            assert r["date_mawsua"], r
        if r["date_gold"]:
            assert r["date_mawsua"] == r["date_gold"], r


def test_language_of_every_page(rows: list[dict[str, Any]]) -> None:
    assert [r["page"] for r in rows if r["lang"] != r["lang_gold"]] == []


def _doc(words: int) -> SimpleNamespace:
    return SimpleNamespace(text=" ".join(["كلمة"] * words))


@pytest.mark.parametrize(("precise", "balanced", "expected"), [
    (300, 700, "trafilatura:precision"),  # Sputnik: the rest is the comment policy
    (40, 400, "trafilatura:balanced"),    # precision cut the body: length check
    (0, 400, "trafilatura:balanced"),
    (0, 0, "trafilatura:recall"),
])
def test_cascade_falls_back_on_length(monkeypatch: pytest.MonkeyPatch, precise: int,
                                      balanced: int, expected: str) -> None:
    def fake_run(_html: str, _url: str | None, **mode: bool) -> SimpleNamespace:
        if mode.get("favor_precision"):
            return _doc(precise)
        if mode.get("favor_recall"):
            return _doc(50)
        return _doc(balanced)

    monkeypatch.setattr(html_mod, "_run", fake_run)
    item = SimpleNamespace(text="<html></html>", url=None)
    doc, path = html_mod._main_text(item)  # type: ignore[arg-type]
    assert doc is not None and path.startswith(expected)


def test_year_only_guess_is_not_a_date() -> None:
    page = ("<html><body><p>© 2013 CNN</p><p>" + "نص الخبر " * 50 + "</p></body></html>")
    assert html_mod.searched_date(page, "http://example.org/2013/news/x.html") is None
    dated = '<html><body><p class="date">2020/10/07 12:09</p><p>نص</p></body></html>'
    assert html_mod.searched_date(dated, None) in ("2020-10-07T12:09:00", "2020-10-07")


def test_local_offset_wins_over_utc_for_the_same_instant() -> None:
    page = ('<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
            '<script>{"datePublished":"2020-12-25T01:59:50+02:00"}</script>')
    assert html_mod.page_date(page) == ("2020-12-25T01:59:50+02:00", "json-ld datePublished")
    other = ('<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
             '<script>{"datePublished":"2020-12-20T01:59:50+02:00"}</script>')
    assert html_mod.page_date(other)[0] == "2020-12-24T23:59:50+00:00"
