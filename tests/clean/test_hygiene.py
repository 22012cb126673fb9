"""Unicode hygiene on real data and edge cases (issue 2, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.clean import char_edits, line_edits
from mawsua.clean.hygiene import clean  # this step alone: chars.repair drops bidi controls
from mawsua.model import Article, Edit, Metadata, Source, sha256_hex


def _art(raw: str, edits: tuple[Edit, ...] = ()) -> Article:
    return Article("t", Source(format="text", sha256=sha256_hex(raw.encode())), Metadata(), raw,
                   edits)


def test_seed_blank_line_runs_become_one_paragraph_break(seed_path: Path) -> None:
    raw = seed_path.read_text(encoding="utf-8")
    art = clean(_art(raw))
    assert art.raw_text == raw
    assert "\n\n\n" not in art.text
    assert "جورج دبليو.\n\nبوش." in art.text
    assert art.text.startswith("date 2021-07")  # leading space removed
    assert {e.kind for e in art.edits} == {"leading_space", "blank_lines", "trailing_space"}
    # every edit maps back to exactly what it replaced in raw
    for e in art.edits:
        if e.kind == "blank_lines":
            assert raw[e.raw_start : e.raw_end] == "\n\n"


@pytest.mark.parametrize(
    ("raw", "text", "kinds"),
    [
        ("\ufeffقال", "قال", {"bom"}),
        ("a\r\nb\rc", "a\nb\nc", {"line_endings"}),
        ("a  \t\nb", "a\nb", {"trailing_space"}),
        ("a\n\n\n\n\nb", "a\n\nb", {"blank_lines"}),
        ("a\n \t\n\u00a0\nb", "a\n\nb", {"blank_lines"}),
        ("a\n  \nb", "a\n\nb", {"trailing_space"}),
        ("  \n a \n\n", "a", {"leading_space", "trailing_space"}),
        ("x\x1a\x1a y\x81z", "x yz", {"control_chars"}),
        ("نص\x00مع صفر", "نص مع صفر", {"control_chars"}),  # a NUL where a space was
        ("a\u2028b\u2029c", "a\nb\n\nc", {"line_endings"}),
        ("\u200fقال\u200c\u200d", "\u200fقال\u200c\u200d", set()),
        ("tab\tinside", "tab\tinside", set()),
        ("", "", set()),
        (" \n\r\n ", "", {"leading_space"}),
    ],
)
def test_hygiene_cases(raw: str, text: str, kinds: set[str]) -> None:
    art = clean(_art(raw))
    assert art.text == text
    found = {e.kind for e in art.edits} | {k for e in art.edits for k in e.attrs.get("absorbed", ())}
    assert kinds <= found
    assert clean(art).edits == art.edits


def test_crlf_blank_lines_combine() -> None:
    art = clean(_art("one.\r\n\r\n\r\n\r\ntwo.  \r\n"))
    assert art.text == "one.\n\ntwo."
    assert art.alignment.apply(art.raw_text) == art.text


def test_header_edit_from_extractor_is_kept() -> None:
    raw = " date 2021-07 2021/07/26 | 23:55 - المصدر: العربية\n\n(موسوعة | اخبار)- وقع \n\n\n"
    cut = raw.index("وقع")
    art = clean(_art(raw, (Edit(0, cut, "", "header"),)))
    assert art.text == "وقع"
    assert Edit(0, cut, "", "header") in art.edits
    assert clean(art) is art or clean(art).edits == art.edits


def test_pass_functions_return_text_relative_edits() -> None:
    assert [(e.raw_start, e.raw_end, e.replacement) for e in char_edits("a\r\nb")] == [(1, 2, "")]
    assert [(e.raw_start, e.raw_end) for e in line_edits("a \n\n\nb ")] == [(1, 2), (3, 4), (6, 7)]


def test_corpus_clean_is_idempotent_and_keeps_tabs_and_bidi(corpus_path: Path) -> None:
    count = 0
    with corpus_path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            art = clean(_art(d["text"]))
            again = clean(art)
            assert again.text == art.text and again.edits == art.edits
            assert "\x1a" not in art.text and "\x81" not in art.text
            assert art.text.count("\u200f") == d["text"].count("\u200f")
            count += 1
    assert count == 4205
