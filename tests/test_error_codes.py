"""Issue 16: an error carries the code of what happened, never another stage's code."""

from __future__ import annotations

import pytest

import mawsua.app.pipeline as pipeline
import mawsua.extract as extract_mod
from mawsua.errors import Failed, MawsuaError, Ok
from mawsua.model.raw import RawItem
from mawsua.sources.feeds import parse_feed

PAGE = ("<html><head><title>عنوان الخبر</title></head><body><article><p>"
        + "نص عربي للاختبار في خبر قصير. " * 20 + "</p></article></body></html>")


def _html_item() -> RawItem:
    return RawItem(where="p.html", format="html", data=PAGE.encode(), text=PAGE,
                   encoding="utf-8", url="https://news.test/a/1")


def test_a_feed_whose_bytes_cannot_be_decoded_is_e_decode(monkeypatch: pytest.MonkeyPatch,
                                                          ) -> None:
    import feedparser

    def raises(*_a: object, **_k: object) -> object:
        raise UnicodeDecodeError("utf-16-le", b"\x00", 0, 1, "truncated data")

    monkeypatch.setattr(feedparser, "parse", raises)
    out = parse_feed(b"<rss/>", {}, "https://news.test/feed")
    assert isinstance(out, Failed) and out.code == "E_DECODE", out

    class CharacterEncodingUnknown(Exception):  # noqa: N818 - feedparser's name
        pass

    monkeypatch.setattr(feedparser, "parse", lambda *_a, **_k: feedparser.FeedParserDict(
        bozo=True, bozo_exception=CharacterEncodingUnknown("nothing worked"), entries=[],
        feed=feedparser.FeedParserDict(), version=""))
    out = parse_feed(b"<rss/>", {}, "https://news.test/feed")
    assert isinstance(out, Failed) and out.code == "E_DECODE", out


def test_a_bad_byte_in_a_json_feed_loses_nothing_else() -> None:
    body = (b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", '
            b'"title": "\xd8\xae\xd8\xa8\xff\xd8\xb1", "url": "https://news.test/a/1"}]}')
    out = parse_feed(body, {}, "https://news.test/feed.json")
    assert not isinstance(out, Failed), out
    assert out.entries[0].title == "خب\ufffdر" and out.warning.startswith("W_REPLACED_BYTES")


@pytest.mark.parametrize(("exc", "code"), [
    (AssertionError("invariant"), "E_INTERNAL"),
    (ValueError("lxml refused the markup"), "E_EXTRACT"),
    (MawsuaError("E_JSON_DEPTH", "nested too deep", "p.html"), "E_JSON_DEPTH"),
])
def test_an_error_inside_extraction_keeps_the_extract_or_internal_code(
        monkeypatch: pytest.MonkeyPatch, exc: Exception, code: str) -> None:
    def broken(_item: RawItem) -> object:
        raise exc

    monkeypatch.setitem(extract_mod.EXTRACTORS, "html", broken)
    out = pipeline.process(_html_item())
    assert isinstance(out, Failed) and out.code == code and out.path == "p.html", out


@pytest.mark.parametrize("stage", ["clean", "annotate"])
def test_a_bug_in_a_later_stage_is_e_internal_naming_the_stage(
        monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    assert isinstance(pipeline.process(_html_item()), Ok)  # the page itself is fine

    def broken(_art: object) -> object:
        raise AssertionError("bug")

    monkeypatch.setattr(pipeline, stage, broken)
    out = pipeline.process(_html_item())
    assert isinstance(out, Failed) and out.code == "E_INTERNAL", out
    assert out.reason.startswith(f"in {stage}: AssertionError"), out
