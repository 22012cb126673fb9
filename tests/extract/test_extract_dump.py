"""The seed dump: metadata as in shared/gold/seed.json, raw text kept whole, header and
breadcrumb removed by edits; the tolerated variants, each built by editing the seed text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.errors import Failed, Ok, Skipped
from mawsua.extract import extract
from mawsua.model import Article, article_to_dict
from mawsua.sources import RawItem, read_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_6afea4c6e43b9a86.txt"
GOLD = SHARED / "gold" / "seed.json"

HEADER = " date 2021-07 2021/07/26 | 23:55 - المصدر: العربية\n"
CRUMB = "(موسوعة هذا اليوم للاخبار | اخبار العراق )- "
BODY_START = "وقع الرئيس"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("shared data not found")
    return SEED.read_text(encoding="utf-8")


def _read(text: str, name: str = "variant.txt") -> Article:
    [item] = read_bytes(text.encode("utf-8"), where=name, path=name)
    assert isinstance(item, RawItem), item
    out = extract(item)
    assert isinstance(out, Ok), out
    return out.value


def test_seed_matches_the_gold_metadata(seed_text: str) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["metadata"]
    [item] = read_path(SEED)
    assert isinstance(item, RawItem) and item.format == "dump" and item.encoding == "utf-8"
    out = extract(item)
    assert isinstance(out, Ok)
    a = out.value
    m = a.metadata
    for key in ("outlet", "aggregator", "section", "published_local", "timezone"):
        assert getattr(m, key) == gold[key], key
    assert m.published is None and m.title is None and m.language is None
    assert a.raw_text == seed_text  # exactly the file's text
    assert a.text.startswith(BODY_START)
    assert a.raw_text[a.alignment.to_raw(0):].startswith(BODY_START)
    assert [e.kind for e in a.edits] == ["header", "breadcrumb"]
    assert a.text == seed_text[seed_text.index(BODY_START):]
    assert a.id == "a-" + a.source.sha256[:16] == "a-b67221b3056238ae"
    assert a.source.format == "dump" and a.source.path == str(SEED)
    assert m.extra["dump_header"].startswith("date 2021-07")
    # the JSON contract shape is produced without error and shows the two repairs
    d = article_to_dict(a)
    assert [r["kind"] for r in d["repairs"]] == ["header", "breadcrumb"]
    assert d["raw_text"] == seed_text


def _variant(seed_text: str, header: str | None = HEADER, crumb: str | None = CRUMB) -> str:
    assert seed_text.startswith(HEADER + "\n" + CRUMB)
    body = seed_text[len(HEADER + "\n" + CRUMB):]
    out = ""
    if header is not None:
        out += header + "\n"
    if crumb is not None:
        out += crumb
    return out + body


EXPECTED = {"outlet": "العربية", "published_local": "2021-07-26T23:55",
            "aggregator": "موسوعة هذا اليوم للاخبار", "section": "اخبار العراق"}


@pytest.mark.parametrize(
    ("header", "crumb", "changes"),
    [
        pytest.param(None, CRUMB, {"outlet": None, "published_local": None}, id="no-header"),
        pytest.param("date ٢٠٢١-٠٧ ٢٠٢١/٠٧/٢٦ | ٢٣:٥٥ - المصدر: العربية", CRUMB, {},
                     id="arabic-indic-digits"),
        pytest.param("date ۲۰۲۱-۰۷ ۲۰۲۱/۰۷/۲۶ | ۲۳:۵۵ - المصدر: العربية", CRUMB, {},
                     id="persian-digits"),
        pytest.param("date 2021-07 2021/07/26 | 23:55 - المصدر : العربية", CRUMB, {},
                     id="space-before-colon"),
        pytest.param("   date  2021-07   2021/07/26  |  23:55  -   المصدر:    العربية   ", CRUMB, {},
                     id="extra-spaces"),
        pytest.param("date 2021-07 2021/07/26 – المصدر: العربية", CRUMB,
                     {"published_local": "2021-07-26"}, id="no-time-en-dash"),
        pytest.param("2021/07/26 | 23:55 - المصدر: العربية", CRUMB, {}, id="no-date-keyword"),
        pytest.param("date 2021-07 2021/07/26 | 11:55 م - المصدر: العربية", CRUMB, {},
                     id="pm-marker"),
        pytest.param(HEADER, "(موسوعة هذا اليوم للاخبار)- ", {"section": None},
                     id="crumb-without-section"),
        pytest.param(HEADER, "( موسوعة هذا اليوم للاخبار | اخبار العراق ) – ", {},
                     id="crumb-en-dash"),
        pytest.param(HEADER, "(موسوعة هذا اليوم للاخبار|اخبار العراق)—", {}, id="crumb-em-dash"),
        pytest.param(HEADER, None, {"aggregator": None, "section": None}, id="no-crumb"),
        pytest.param("date 2021-07 2021/13/40 | 23:55 - المصدر: العربية", CRUMB,
                     {"published_local": None}, id="impossible-date"),
    ],
)
def test_dump_variants(seed_text: str, header: str | None, crumb: str | None,
                       changes: dict[str, str | None]) -> None:
    text = _variant(seed_text, header.rstrip("\n") if header else None, crumb)
    a = _read(text)
    assert a.source.format == "dump"
    assert a.raw_text == text
    assert a.text.startswith(BODY_START), a.text[:40]
    want = {**EXPECTED, **changes}
    got = {k: getattr(a.metadata, k) for k in want}
    assert got == want
    assert a.metadata.timezone is None and a.metadata.published is None


def test_crlf_dump(seed_text: str) -> None:
    a = _read(seed_text.replace("\n", "\r\n"))
    assert {k: getattr(a.metadata, k) for k in EXPECTED} == EXPECTED
    assert a.text.startswith(BODY_START)


def test_utf8_bom_dump(seed_text: str) -> None:
    [item] = read_bytes(b"\xef\xbb\xbf" + seed_text.encode("utf-8"), where="bom.txt")
    assert isinstance(item, RawItem) and item.encoding == "utf-8-sig"
    out = extract(item)
    assert isinstance(out, Ok) and out.value.metadata.outlet == "العربية"


def test_impossible_date_is_recorded(seed_text: str) -> None:
    text = _variant(seed_text, "date 2021-07 2021/13/40 | 23:55 - المصدر: العربية")
    assert _read(text).metadata.extra["dump_date_invalid"] is True


def test_not_a_dump_without_header_or_sectioned_crumb(seed_text: str) -> None:
    body = _variant(seed_text, None, None)
    for text in (body, "(CNN) -- " + body, "(موسوعة)- " + body):
        [item] = read_bytes(text.encode(), where="t.txt")
        assert isinstance(item, RawItem) and item.format == "text"
        out = extract(item)
        assert isinstance(out, Ok) and out.value.text == text and out.value.edits == ()


def test_header_only_is_skipped() -> None:
    [item] = read_bytes((HEADER + "\n" + CRUMB + "\n\n").encode(), where="h.txt")
    out = extract(item)
    assert isinstance(out, Skipped) and out.code == "S_EMPTY_BODY" and out.path == "h.txt"


def test_whitespace_only_text_is_skipped() -> None:
    [item] = read_bytes(b"  \n\n \t\n", where="w.txt")
    out = extract(item)
    assert isinstance(out, Skipped) and out.code == "S_EMPTY_BODY"


def test_extractor_errors_become_failed(monkeypatch: pytest.MonkeyPatch, seed_text: str) -> None:
    import mawsua.extract as ex

    def boom(item: RawItem) -> Ok[Article]:
        raise RuntimeError("kaput")

    monkeypatch.setitem(ex.EXTRACTORS, "dump", boom)
    [item] = read_bytes(seed_text.encode(), where="seed.txt")
    out = extract(item)
    assert isinstance(out, Failed) and out.code == "E_EXTRACT" and out.path == "seed.txt"
    assert "RuntimeError: kaput" in out.reason
    odd = RawItem(where="x", format="warc", data=b"", text="", encoding="utf-8")
    res = extract(odd)
    assert isinstance(res, Failed) and res.code == "E_UNKNOWN_FORMAT"
