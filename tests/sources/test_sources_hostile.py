"""Hostile input the readers must survive with a coded outcome, losing nothing else (issue 16):
deep nesting, stray NUL bytes, a broken first line, huge integers, a few undecodable bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.errors import Failed, MawsuaError
from mawsua.extract import extract
from mawsua.model.raw import RawItem
from mawsua.sources.decode import decode_counted
from mawsua.sources.files import read_bytes, read_path
from mawsua.sources.jsonl import MAX_JSON_DEPTH, json_depth_exceeds, loads_bounded
from mawsua.sources.opml import MAX_OUTLINE_DEPTH, read_opml

GOOD = [json.dumps({"id": f"g{i}", "outlet": "o", "title": "عنوان",
                    "text": "نص عربي قصير للاختبار " * 3}, ensure_ascii=False).encode()
        for i in range(4)]


def _kinds(out):
    return [o.code if isinstance(o, Failed) else type(o).__name__ for o in out]


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000])
def test_deep_jsonl_record_fails_alone(depth: int) -> None:
    deep = b'{"id": "d", "text": "t", "x": ' + b"[" * depth + b"]" * depth + b"}"
    out = list(read_bytes(GOOD[0] + b"\n" + deep + b"\n" + GOOD[1], where="d.jsonl"))
    assert _kinds(out) == ["RawItem", "E_JSON_DEPTH", "RawItem"]
    assert out[1].path == "d.jsonl:2"


def test_record_at_the_depth_limit_is_read() -> None:
    ok = b'{"id": "d", "text": "t", "x": ' + b"[" * (MAX_JSON_DEPTH - 1) + \
        b"]" * (MAX_JSON_DEPTH - 1) + b"}"
    assert _kinds(read_bytes(ok, where="d.jsonl", path="d.jsonl")) == ["RawItem"]


@pytest.mark.parametrize("name", ["deep.json", "deep.txt", "deep"])
def test_deep_json_document_is_a_coded_error(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    assert _kinds(read_path(p)) == ["E_JSON_DEPTH"]


def test_depth_check_is_iterative() -> None:
    value: list = []
    for _ in range(100_000):
        value = [value]
    assert json_depth_exceeds(value)
    assert not json_depth_exceeds({"a": [1, {"b": 2}]})
    with pytest.raises(MawsuaError) as e:
        loads_bounded("[" * 3000 + "]" * 3000, "x")
    assert e.value.code == "E_JSON_DEPTH"


def test_nul_byte_fails_only_its_line() -> None:
    bad = b'{"id": "n", "te\x00xt": "a"}'
    out = list(read_bytes(b"\n".join([GOOD[0], bad, GOOD[1], GOOD[2]]), where="n.jsonl"))
    assert _kinds(out) == ["RawItem", "E_JSON", "RawItem", "RawItem"]


def test_broken_first_line_fails_alone() -> None:
    data = b"\n".join([b"this is not json", *GOOD])
    out = list(read_bytes(data, where="b.jsonl", path="b.jsonl"))
    assert _kinds(out) == ["E_JSON", "RawItem", "RawItem", "RawItem", "RawItem"]


def test_text_that_mentions_braces_is_still_text() -> None:
    data = "سطر أول\n{ليس JSON}\nسطر ثالث".encode()
    assert [o.format for o in read_bytes(data, where="t.txt")] == ["text"]


def test_huge_integer_in_an_extra_field_is_kept_as_a_string() -> None:
    rec = b'{"id": "b", "text": "\xd9\x86\xd8\xb5", "views": ' + str(2 ** 70).encode() + b"}"
    (item,) = read_bytes(rec, where="b.jsonl", path="b.jsonl")
    art = extract(item).value
    assert art.metadata.extra["views"] == str(2 ** 70)


def test_a_few_bad_bytes_become_replacement_characters(tmp_path: Path) -> None:
    body = "هذا نص عربي طويل بما يكفي للاختبار ".encode() * 20
    p = tmp_path / "a.txt"
    p.write_bytes(body + b"\xff" + "وهذا بقيته".encode())
    (item,) = read_path(p)
    assert isinstance(item, RawItem) and item.encoding == "utf-8"
    assert item.text.count("\ufffd") == 1 and item.text.endswith("وهذا بقيته")
    art = extract(item).value
    assert art.metadata.extra["replaced_sequences"] == 1
    assert [w["code"] for w in art.metadata.extra["warnings"]] == ["W_REPLACED_BYTES"]
    assert art.raw_text == item.text


def test_legacy_arabic_is_not_taken_for_damaged_utf8() -> None:
    data = ("هذا نص عربي بترميز ويندوز " * 10).encode("cp1256")
    text, enc, replaced = decode_counted(data)
    assert enc == "cp1256" and replaced == 0 and "عربي" in text


def test_jsonl_line_with_one_bad_byte_is_kept() -> None:
    rec = ('{"id": "r", "text": "' + "نص عربي سليم " * 10).encode() + b"\xff" + b'"}'
    out = list(read_bytes(GOOD[0] + b"\n" + rec + b"\n" + GOOD[1], where="r.jsonl"))
    assert _kinds(out) == ["RawItem", "RawItem", "RawItem"]
    assert out[1].hints["replaced_sequences"] == 1 and "replaced_sequences" not in out[0].hints


def test_deep_opml_is_refused_and_order_is_kept() -> None:
    deep = (b"<opml><body>" + b'<outline text="f">' * (MAX_OUTLINE_DEPTH + 5)
            + b"</outline>" * (MAX_OUTLINE_DEPTH + 5) + b"</body></opml>")
    with pytest.raises(MawsuaError) as e:
        read_opml(deep, "deep.opml")
    assert e.value.code == "E_OPML" and "deep" in e.value.reason
    doc = (b'<opml><body><outline text="A"><outline text="a1" xmlUrl="http://x/1"/>'
           b'<outline text="B"><outline text="b1" xmlUrl="http://x/2"/></outline></outline>'
           b'<outline text="c" xmlUrl="http://x/3"/></body></opml>')
    feeds = read_opml(doc, "o.opml")
    assert [(f.url, f.section) for f in feeds] == [
        ("http://x/1", "A"), ("http://x/2", "B"), ("http://x/3", None)]


def test_one_control_character_in_a_short_text_is_no_binary(tmp_path: Path) -> None:
    p = tmp_path / "c.txt"
    p.write_bytes("خبر عاجل\x07 من بغداد\n".encode())
    (item,) = read_path(p)
    assert isinstance(item, RawItem) and item.format == "text"
    q = tmp_path / "b.txt"
    q.write_bytes(b"\x01\x02\x03\x04\x05 ab")
    assert _kinds(read_path(q)) == ["E_BINARY"]


@pytest.mark.parametrize(("doctype", "said"), [
    ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', "declares an entity"),
    ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "declares an external entity"),
])
def test_opml_entity_refusal_is_a_sentence(doctype: str, said: str) -> None:
    """defusedxml's refusals print as object reprs (``EntitiesForbidden(name=...)``); the
    user reads the file, what it holds and why it is refused."""
    doc = (f'<?xml version="1.0"?>{doctype}<opml version="2.0"><body>'
           '<outline text="&b;" xmlUrl="http://x/"/></body></opml>').encode()
    with pytest.raises(MawsuaError) as e:
        read_opml(doc, "subs.opml")
    assert e.value.code == "E_OPML" and str(e.value).startswith("subs.opml: E_OPML: ")
    assert said in e.value.reason and "Forbidden(" not in e.value.reason
    assert "=" not in e.value.reason  # no keyword=value of a repr
