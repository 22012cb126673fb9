"""read_path / read_bytes: format from content, directory walking, JSON Lines streaming."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from mawsua.errors import Failed, Skipped
from mawsua.sources import RawItem, read_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_6afea4c6e43b9a86.txt"
CORPUS = SHARED / "corpus" / "articles.jsonl"
FIX = ROOT / "tests" / "fixtures" / "readers"


def _need(p: Path) -> Path:
    if not p.exists():
        pytest.skip(f"{p} not found")
    return p


def _where(o: RawItem | Failed) -> str:
    return o.where if isinstance(o, RawItem) else o.path


def _one(data: bytes, where: str = "x") -> RawItem | Failed:
    out = list(read_bytes(data, where=where))
    assert len(out) == 1
    return out[0]  # type: ignore[return-value]


def test_formats_are_detected_from_content_not_extension(tmp_path: Path) -> None:
    seed = _need(SEED).read_bytes()
    with _need(CORPUS).open("rb") as f:
        line = f.readline()
    files = {
        "a.html": seed,  # a dump, whatever the name says
        "b.txt": b"<!DOCTYPE html><html><body><p>x</p></body></html>",
        "c.txt": line,  # one JSON object on one line: JSON Lines
        "d.json": "نص عادي بلا رأس ولا مسار، فقط كلمات عربية.\n".encode(),
        "e.jsonl": b'{\n  "a": 1\n}\n',  # a pretty-printed JSON document
        "f.dat": b"1,2,3\n4,5,6\n7,8,9\n",  # neither letters nor a known format
        "g": b"  \n<head><title>t</title></head><p>x</p>",  # starts with <head>, like youm7
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    got = {Path(_where(o).split(":")[0]).name: (o.format if isinstance(o, RawItem) else o.code)
           for o in read_path(tmp_path)}
    assert got == {"a.html": "dump", "b.txt": "html", "c.txt": "jsonl", "d.json": "text",
                   # a JSON document met in a folder is no article: one note (user test s25)
                   "e.jsonl": "S_NOT_ARTICLES", "f.dat": "E_UNKNOWN_FORMAT", "g": "html"}


def test_directory_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ["b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt", ".hidden.txt", ".git/x.txt",
                "b/.secret/y.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("كلمات عربية في ملف نصي", encoding="utf-8")
    out = list(read_path(str(tmp_path)))
    names = [Path(o.where).relative_to(tmp_path).as_posix() for o in out if isinstance(o, RawItem)]
    assert names == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt"]
    hidden = [(Path(o.path).relative_to(tmp_path).as_posix(), o.code)
              for o in out if isinstance(o, Skipped)]
    # one S_HIDDEN per hidden entry of a walked folder; nothing from inside .git or .secret
    assert hidden == [(".git", "S_HIDDEN"), (".hidden.txt", "S_HIDDEN"),
                      ("b/.secret", "S_HIDDEN")]


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    [out] = read_path(tmp_path / "nope.txt")
    assert isinstance(out, Failed) and out.code == "E_NOT_FOUND"
    assert out.path == str(tmp_path / "nope.txt")


def test_jsonl_records_carry_line_numbers_hints_and_bytes(tmp_path: Path) -> None:
    lines = _need(CORPUS).read_bytes().split(b"\n")[:3]
    p = tmp_path / "three.jsonl"
    p.write_bytes(lines[0] + b"\r\n\r\n" + lines[1] + b"\n" + lines[2])  # CRLF, blank, no final NL
    out = list(read_path(p))
    assert [o.record for o in out] == [1, 3, 4]  # the blank line 2 gives no outcome
    assert [o.where for o in out] == [f"{p}:1", f"{p}:3", f"{p}:4"]
    assert [o.data for o in out] == lines
    first = json.loads(lines[0])
    assert out[0].text == first["text"]
    assert out[0].hints["id"] == first["id"] and "text" not in out[0].hints
    assert out[0].format == "jsonl" and out[0].path == str(p)


def test_truncated_jsonl_line_fails_alone() -> None:
    out = list(read_path(FIX / "truncated.jsonl"))
    assert [type(o).__name__ for o in out] == ["RawItem", "Failed", "RawItem"]
    assert out[1].code == "E_JSON" and out[1].path.endswith("truncated.jsonl:2")


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (b'{"id": "x", "outlet": "o"}', "E_RECORD"),  # no text
        (b'{"text": 5}', "E_RECORD"),
        (b'{"text": "t", "outlet": ["a"]}', "E_RECORD"),
        (b'{"text": "t", "id": true}', "E_RECORD"),
        (b'{"text": "t", "authors": "a"}', "E_RECORD"),
        (b'[1, 2]', "E_RECORD"),
        (b'{"text": "t", "title": "abc', "E_JSON"),
        (b'{"text": "\xff\xfe"}', "E_DECODE"),
    ],
)
def test_bad_records_fail_with_their_line(line: bytes, code: str) -> None:
    good = '{"id": "g1", "text": "خبر"}'.encode()
    out = list(read_bytes(good + b"\n" + line + b"\n" + good, where="m.jsonl", path="m.jsonl"))
    assert len(out) == 3 and isinstance(out[0], RawItem) and isinstance(out[2], RawItem)
    assert isinstance(out[1], Failed) and out[1].code == code and out[1].path == "m.jsonl:2"


def test_jsonl_accepts_bom_null_text_and_alias_fields() -> None:
    data = (b'\xef\xbb\xbf{"id": 7, "text": null}\n'
            + '{"content": "نص", "author": "كاتب"}\n'.encode())
    a, b = read_bytes(data, where="m.jsonl")
    assert a.encoding == "utf-8-sig" and a.text == "" and a.hints["id"] == 7
    assert b.text == "نص" and b.hints["text_field"] == "content"


def test_overlong_jsonl_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    p = tmp_path / "long.jsonl"
    big = json.dumps({"text": "ن" * 400_000}).encode()
    p.write_bytes(b'{"text": "a"}\n' + big + b'\n{"text": "b"}\n')
    out = list(read_path(p, max_bytes=100_000))
    assert [getattr(o, "code", None) or o.format for o in out] == ["jsonl", "E_TOO_LARGE", "jsonl"]
    assert out[1].path == f"{p}:2"


def test_jsonl_is_streamed_whatever_its_size() -> None:
    """The 13.6 MB corpus read with a 1 MB document limit: every line comes out, and memory
    stays far below the file size."""
    corpus = _need(CORPUS)
    tracemalloc.start()
    try:
        n = sum(1 for o in read_path(corpus, max_bytes=1_000_000) if isinstance(o, RawItem))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 4205
    assert peak < 4_000_000, peak


def test_single_document_over_the_limit_is_too_large(tmp_path: Path) -> None:
    p = tmp_path / "doc.txt"
    p.write_text("كلمة " * 1000, encoding="utf-8")
    [out] = read_path(p, max_bytes=1000)
    assert isinstance(out, Failed) and out.code == "E_TOO_LARGE"


def test_read_bytes_matches_read_path() -> None:
    seed = _need(SEED)
    [a] = read_path(seed)
    b = _one(seed.read_bytes(), where=str(seed))
    assert (a.format, a.text, a.encoding, a.data) == (b.format, b.text, b.encoding, b.data)


def test_a_jsonl_file_of_non_json_lines_fails_line_by_line(tmp_path: Path) -> None:
    # user test s22 F5: a corrupted export under a .jsonl name was stored as one text article
    p = tmp_path / "broken.jsonl"
    p.write_bytes("ليس سطر JSON\nولا هذا\n".encode())
    got = [(o.code, o.path) for o in read_path(p) if isinstance(o, Failed)]
    assert got == [("E_JSON", f"{p}:1"), ("E_JSON", f"{p}:2")]
    assert not [o for o in read_path(p) if isinstance(o, RawItem)]


def test_a_saved_feed_is_one_article_per_entry(tmp_path: Path) -> None:
    """User test s24: a local RSS file was read as one HTML page (E_HTML_NO_ARTICLE)."""
    from mawsua.extract import extract

    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار</title>'
        "<item><title>اجتماع الوزراء</title><link>http://example.com/a1</link>"
        "<pubDate>Wed, 14 Mar 2018 18:05:00 +0400</pubDate><description>عقد وزراء الخارجية "
        "العرب اجتماعا في القاهرة أمس لبحث الأوضاع.</description></item>"
        "<item><title>خبر ثان</title><link>http://example.com/a2</link><description>وصل الوفد "
        "إلى الرياض صباح اليوم في زيارة رسمية.</description></item></channel></rss>",
        encoding="utf-8")
    items = list(read_path(feed))
    assert [i.format for i in items] == ["feed", "feed"]
    art = extract(items[0]).value
    assert art.metadata.title == "اجتماع الوزراء"
    assert art.metadata.published == "2018-03-14T18:05:00+04:00"
    assert "القاهرة" in art.raw_text


def test_a_saved_feed_cut_short_says_so_on_each_article(tmp_path: Path) -> None:
    """User test s26: ``mawsua read`` of an RSS file cut in its second item read the first and
    dropped the cut one without a word; ``sources add`` said ``W_FEED_TRUNCATED``."""
    from mawsua.errors import Ok
    from mawsua.extract import extract

    feed = tmp_path / "cut.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار</title>'
        "<item><title>اجتماع الوزراء</title><link>http://example.com/a1</link>"
        "<description>عقد وزراء الخارجية العرب اجتماعا في القاهرة أمس لبحث الأوضاع.</description>"
        "</item><item><title>خبر ثان</title><link>http://example.com/a2</link><description>وصل",
        encoding="utf-8")
    items = list(read_path(feed))
    assert len(items) == 1
    out = extract(items[0])
    assert isinstance(out, Ok)
    codes = [w["code"] for w in out.value.metadata.extra.get("warnings", ())]
    assert codes == ["W_FEED_TRUNCATED"]
