"""User test s25: a JSON file cut short is never a text article (F19); files of a folder that
hold no article are passed over with one note each, never at the cost of an article (F18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.errors import Failed, Skipped
from mawsua.sources import RawItem, read_path
from mawsua.sources.decode import sniff_encoding

RECORD = {"id": "x-1", "outlet": "alarabiya", "url": "https://news.test/a/1",
          "title": "عنوان الخبر", "text": "نص عربي طويل بما يكفي ليكون خبرا كاملا. " * 20}


def _line(rec: dict[str, object] = RECORD) -> bytes:
    return json.dumps(rec, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("cut", [40, 150, 151, 152, 401])
@pytest.mark.parametrize("name", ["trunc.jsonl", "trunc.ndjson", "trunc.json", "trunc.txt",
                                  "noext"])
def test_a_one_record_file_cut_short_is_e_json_not_a_text_article(
        tmp_path: Path, name: str, cut: int) -> None:
    # cut anywhere, also inside a two-byte Arabic letter (the user's file ended mid-letter)
    f = tmp_path / name
    f.write_bytes(_line()[:cut])
    outs = list(read_path(f))
    assert len(outs) == 1 and isinstance(outs[0], Failed), outs
    assert outs[0].code == "E_JSON", outs[0]
    if name.endswith(("jsonl", "ndjson")):
        assert outs[0].path == f"{f}:1"


def test_a_file_cut_mid_letter_is_still_utf8() -> None:
    data = "نص".encode()[:-1]
    assert sniff_encoding(b'{"text": "' + data, complete=True) == "utf-8"


def test_prose_opening_with_a_brace_is_still_text(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("{بسم الله} " + "نص عربي في مقال عادي يبدأ بقوس. " * 10, encoding="utf-8")
    outs = list(read_path(f))
    assert isinstance(outs[0], RawItem) and outs[0].format == "text", outs


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "pages"
    (d / "site").mkdir(parents=True)
    (d / "site" / "1.gold.json").write_text(json.dumps({"title": "t", "date": "2020-01-01"},
                                                        indent=2))
    (d / "manifest.jsonl").write_text("\n".join(
        json.dumps({"file": f"site/{i}.html", "outlet": "o"}) for i in range(14)) + "\n")
    (d / "site" / "1.txt").write_text("نص عربي في مقال عادي. " * 10, encoding="utf-8")
    return d


def test_files_of_no_articles_in_a_folder_are_one_note_each(tmp_path: Path) -> None:
    outs = list(read_path(_folder(tmp_path)))
    assert [type(o).__name__ for o in outs].count("RawItem") == 1
    failed = [o for o in outs if isinstance(o, Failed)]
    notes = [o for o in outs if isinstance(o, Skipped)]
    assert failed == [], failed
    assert sorted(Path(n.path).name for n in notes) == ["1.gold.json", "manifest.jsonl"]
    assert all(n.code == "S_NOT_ARTICLES" for n in notes)
    manifest = next(n for n in notes if n.path.endswith("manifest.jsonl"))
    assert "14 record" in manifest.reason and "'file'" in manifest.reason


def test_named_on_the_command_line_such_files_stay_errors(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    outs = list(read_path(d / "manifest.jsonl")) + list(read_path(d / "site" / "1.gold.json"))
    assert len(outs) == 15 and all(isinstance(o, Failed) for o in outs)
    assert {o.code for o in outs} == {"E_RECORD", "E_UNKNOWN_FORMAT"}


def test_an_article_file_with_records_without_text_keeps_every_error(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    lines = [_line({"id": "a", "body_html": "x"}), _line({"id": "b", "body_html": "y"}), _line(),
             _line({"id": "c", "body_html": "z"})]
    (d / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    outs = list(read_path(d))
    assert [(type(o).__name__, getattr(o, "code", None)) for o in outs] == [
        ("Failed", "E_RECORD"), ("Failed", "E_RECORD"), ("RawItem", None), ("Failed", "E_RECORD")]
    assert [o.path for o in outs if isinstance(o, Failed)] == [
        f"{d / 'a.jsonl'}:1", f"{d / 'a.jsonl'}:2", f"{d / 'a.jsonl'}:4"]


def test_a_record_after_many_without_text_is_still_read(tmp_path: Path, monkeypatch:
                                                        pytest.MonkeyPatch) -> None:
    import mawsua.sources.files as files

    monkeypatch.setattr(files, "NO_TEXT_PROBE", 3)
    d = tmp_path / "in"
    d.mkdir()
    lines = [_line({"id": str(i)}) for i in range(5)] + [_line(), _line({"id": "z"})]
    (d / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    outs = list(read_path(d))
    assert sum(isinstance(o, RawItem) for o in outs) == 1
    note = [o for o in outs if isinstance(o, Skipped)]
    assert len(note) == 1 and "6 record" in note[0].reason


def test_a_short_line_cut_mid_letter_is_e_json_not_e_decode(tmp_path: Path) -> None:
    f = tmp_path / "cut.jsonl"
    f.write_bytes(_line()[:20] + b"\n" + '{"id": "x", "text": "نص مقطوع'.encode()[:-1])
    outs = list(read_path(f))
    assert [o.code for o in outs if isinstance(o, Failed)] == ["E_JSON", "E_JSON"]
    assert "truncated" in outs[-1].reason


def test_bulk_walks_folders_the_same_way(tmp_path: Path) -> None:
    from mawsua.sources.archives import iter_bulk

    outs = list(iter_bulk(_folder(tmp_path)))
    assert not [o for o in outs if isinstance(o, Failed)]
    assert sorted(o.code for o in outs if isinstance(o, Skipped)) == ["S_NOT_ARTICLES"] * 2
