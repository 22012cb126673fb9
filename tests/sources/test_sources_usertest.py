"""Regressions from a fresh-eyes user test of the readers (findings 1-4, 6-8).

Each test pins the whole kind of fault, not only the reported instance: every path string an
outcome carries is valid Unicode; every string decoded from a JSONL record is encodable; no
folder is passed over silently; JSON Lines is recognised in any encoding we decode; short Latin
text is not read as a Central-European (or other exotic) code page; HTML needs markup at the
start.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mawsua.errors import CODES, Failed, Skipped
from mawsua.extract import extract
from mawsua.model import article_to_dict
from mawsua.model.raw import path_text
from mawsua.sources import RawItem, read_bytes, read_path
from mawsua.sources.decode import decode, plausible_western
from mawsua.sources.detect import detect_text_format, looks_like_html

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample" / "saudinewsnet_sample.jsonl"
ARABIC = "نص عربي في ملف باسم غريب، وفيه كلمات كثيرة تكفي ليكون نصا."


def _paths(o: RawItem | Failed | Skipped) -> list[str]:
    if isinstance(o, RawItem):
        return [s for s in (o.where, o.path, o.url) if s is not None]
    return [o.path, o.reason]


def _encodable(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _all_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_all_strings(k), *_all_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _all_strings(v)]
    return []


# -- 1. file names that are not valid UTF-8 ----------------------------------------------------


@pytest.fixture
def weird_dir(tmp_path: Path) -> Path:
    root = os.fsencode(tmp_path / "weird")
    os.mkdir(root)
    try:
        with open(root + b"/bad\xff\xfename.txt", "wb") as f:
            f.write(ARABIC.encode())
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    with open(root + b"/rec\xe9.jsonl", "wb") as f:
        f.write(json.dumps({"id": "r1", "text": ARABIC}, ensure_ascii=False).encode() + b"\n")
    with open(root + b"/empty\xfe.txt", "wb"):
        pass
    with open(root + b"/.hidden\xff", "wb") as f:
        f.write(b"x")
    os.mkdir(root + b"/sub\xff")
    with open(root + b"/sub\xff/x.txt", "wb") as f:
        f.write(ARABIC.encode())
    return tmp_path / "weird"


def test_undecodable_file_names_give_valid_unicode_paths(weird_dir: Path) -> None:
    out = list(read_path(weird_dir))
    assert len(out) == 5
    for o in out:
        for s in _paths(o):
            assert _encodable(s), s
    by_name = {Path(_paths(o)[0]).name: o for o in out}
    item = by_name["bad\\xff\\xfename.txt"]  # rendered visibly, as \xNN escapes
    assert isinstance(item, RawItem) and item.text == ARABIC and item.format == "text"
    assert item.path == item.where == path_text(os.fsencode(weird_dir) + b"/bad\xff\xfename.txt")
    rec = by_name["rec\\xe9.jsonl:1"]
    assert isinstance(rec, RawItem) and rec.text == ARABIC and rec.path.endswith("rec\\xe9.jsonl")
    assert isinstance(by_name["empty\\xfe.txt"], Failed)
    assert isinstance(by_name[".hidden\\xff"], Skipped)
    assert isinstance(by_name["x.txt"], RawItem) and "sub\\xff" in by_name["x.txt"].where


def test_undecodable_names_survive_extraction_and_json(weird_dir: Path) -> None:
    for o in read_path(weird_dir):
        if not isinstance(o, RawItem):
            json.dumps(o.to_dict(), ensure_ascii=False).encode("utf-8")
            continue
        r = extract(o)
        assert r.__class__.__name__ == "Ok", r
        doc = article_to_dict(r.value)  # type: ignore[union-attr]
        json.dumps(doc, ensure_ascii=False).encode("utf-8")  # no lone surrogates anywhere
        assert "\\x" in doc["source"]["path"] or "sub" not in doc["source"]["path"]


def test_path_text_is_reversible_and_leaves_good_names_alone() -> None:
    raw = b"dir/bad\xff\xfename.txt"
    shown = path_text(os.fsdecode(raw))
    assert shown == "dir/bad\\xff\\xfename.txt"
    assert shown.encode().decode("unicode_escape").encode("latin-1") == raw
    assert path_text("مجلد/ملف.txt") == "مجلد/ملف.txt"
    assert _encodable(path_text("a\ud800b"))  # any other lone surrogate too


def test_read_bytes_and_extract_clean_surrogate_names() -> None:
    where = os.fsdecode(b"bad\xff.txt")
    [item] = read_bytes(ARABIC.encode(), where=where, path=where)
    assert isinstance(item, RawItem) and item.where == "bad\\xff.txt" == item.path
    hand_made = RawItem(where=where, format="text", data=b"x", text=ARABIC, encoding="utf-8",
                        path=where)
    r = extract(hand_made)
    assert r.value.source.path == "bad\\xff.txt"  # type: ignore[union-attr]
    assert extract(RawItem(where=where, format="nope", data=b"", text="", encoding="utf-8")
                   ).path == "bad\\xff.txt"  # type: ignore[union-attr]


# -- 2. lone surrogate escapes in a JSON Lines record ------------------------------------------


def test_lone_surrogates_are_replaced_and_counted_and_reading_goes_on() -> None:
    lines = [
        '{"id": "a", "title": "surrogate \\ud800 x", "text": "قبل \\udc00 بعد"}',
        '{"id": "b", "text": "نص", "tags": ["\\udfff", {"k\\ud834": "\\ud834\\udd1e ok"}]}',
        '{"id": "c", "text": "سليم \\ud83d\\ude00"}',  # a valid pair: nothing replaced
    ]
    out = list(read_bytes("\n".join(lines).encode(), where="s.jsonl", path="s.jsonl"))
    assert [type(o).__name__ for o in out] == ["RawItem", "RawItem", "RawItem"]
    a, b, c = out
    assert a.text == "قبل \ufffd بعد" and a.hints["title"] == "surrogate \ufffd x"
    assert a.hints["replaced_surrogates"] == 2
    assert b.hints["tags"] == ["\ufffd", {"k\ufffd": "\U0001d11e ok"}]
    assert b.hints["replaced_surrogates"] == 2
    assert c.text == "سليم 😀" and "replaced_surrogates" not in c.hints
    for o in out:
        assert all(_encodable(s) for s in [o.text, *_all_strings(dict(o.hints))])
        r = extract(o)
        json.dumps(article_to_dict(r.value), ensure_ascii=False).encode()  # type: ignore[union-attr]
    art = extract(a).value  # type: ignore[union-attr]
    assert art.metadata.extra["replaced_surrogates"] == 2
    assert art.metadata.title == "surrogate \ufffd x"


# -- 3. folders that cannot be listed ----------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    for rel in ["a.txt", "locked/x.txt", "z/y.txt"]:
        p = tmp_path / "root" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(ARABIC, encoding="utf-8")
    return tmp_path / "root"


def test_unreadable_subfolder_is_a_failed_outcome_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    real = os.scandir
    locked = os.fspath(root / "locked")

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = list(read_path(root))
    assert [type(o).__name__ for o in out] == ["RawItem", "Failed", "RawItem"]
    f = out[1]
    assert isinstance(f, Failed) and f.code == "E_NOT_FOUND" and f.path == locked
    assert "cannot be read: Permission denied" in f.reason
    assert out[2].where == str(root / "z" / "y.txt")


def test_unreadable_root_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)

    def scandir(path):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", os.fspath(path))

    monkeypatch.setattr(os, "scandir", scandir)
    [f] = read_path(root)
    assert isinstance(f, Failed) and f.code == "E_NOT_FOUND" and f.path == str(root)


def test_chmod_000_folder_for_real(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "locked").chmod(0)
    try:
        if not os.access(root / "locked", os.R_OK):
            out = list(read_path(root))
            assert [getattr(o, "code", "ok") for o in out] == ["ok", "E_NOT_FOUND", "ok"]
            return
        # root: drop the capabilities that bypass permissions for one child process
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions are not enforced")
        caps = "-dac_override,-dac_read_search"
        code = ("from mawsua.sources import read_path\n"
                f"print([getattr(o, 'code', 'ok') for o in read_path({str(root)!r})])")
        run = subprocess.run([setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", "--",
                              sys.executable, "-c", code], capture_output=True, text=True,
                             check=False)
        if run.returncode != 0:
            pytest.skip(f"setpriv cannot drop capabilities here: {run.stderr[-200:]}")
        assert run.stdout.strip() == "['ok', 'E_NOT_FOUND', 'ok']"
    finally:
        (root / "locked").chmod(0o755)


# -- 4. JSON Lines in UTF-16 and windows-1256 --------------------------------------------------


def _sample_lines() -> list[str]:
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} not found")
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def _records(out: list) -> list[tuple[int | None, str, dict]]:
    assert all(isinstance(o, RawItem) for o in out), [o for o in out if not isinstance(o, RawItem)]
    return [(o.record, o.text, dict(o.hints)) for o in out]


@pytest.mark.parametrize(
    ("codec", "first", "rest"),
    [
        ("utf-16", "utf-16", "utf-16-le"),
        ("utf-16-le", "utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32", "utf-32-le"),
        ("cp1256", "cp1256", "cp1256"),
    ],
)
def test_jsonl_in_other_encodings_gives_the_same_records(
    tmp_path: Path, codec: str, first: str, rest: str
) -> None:
    lines = _sample_lines()
    if codec == "cp1256":
        lines = [ln for ln in lines if _encodes(ln, codec)]  # only rows that encode
    (tmp_path / "u8.jsonl").write_bytes(("\n".join(lines) + "\n").encode())
    p = tmp_path / "other.txt"  # a name that says nothing: the content decides
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode(codec))
    want = _records(list(read_path(tmp_path / "u8.jsonl")))
    got = list(read_path(p))
    assert len(want) == len(lines) > 250
    assert _records(got) == want
    assert got[0].encoding == first and {o.encoding for o in got[1:]} == {rest}
    for o in got:  # data is the line's own bytes and decodes with the named encoding
        assert o.format == "jsonl" and json.loads(o.data.decode(o.encoding))["text"] == o.text
    assert [o.record for o in read_bytes(p.read_bytes(), where="m")] == [o.record for o in got]


def _encodes(s: str, codec: str) -> bool:
    try:
        s.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def test_utf16_jsonl_blank_overlong_and_broken_lines(tmp_path: Path) -> None:
    good = json.dumps({"text": "خبر قصير"}, ensure_ascii=False)
    big = json.dumps({"text": "ن" * 5000}, ensure_ascii=False)
    text = "\n".join([good, "   ", big, '{"text": "مقطوع', good]) + "\n"
    p = tmp_path / "m.jsonl"
    p.write_bytes(text.encode("utf-16"))
    out = list(read_path(p, max_bytes=2000))
    assert [(getattr(o, "code", None) or o.format, o.path if isinstance(o, Failed) else o.record)
            for o in out] == [("jsonl", 1), ("E_TOO_LARGE", f"{p}:3"), ("E_JSON", f"{p}:4"),
                              ("jsonl", 5)]


def test_utf8_jsonl_with_one_broken_line_stays_utf8() -> None:
    good = '{"text": "خبر"}'.encode()
    out = list(read_bytes(good + b"\n" + b'{"text": "\xe1\xe4"}' + b"\n" + good, where="m"))
    assert [getattr(o, "code", None) or o.encoding for o in out] == ["utf-8", "E_DECODE", "utf-8"]


# -- 6. short Latin-1 text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    ["Je suis allé à la plage.", "Il est à Paris. ", "Ça va très bien, merci. ",
     "Le café est à côté. ", "à bientôt ", "Je vais à l'école à pied. ",
     "Größe über Straße schön. ", "¿Qué pasó? Añadir niño. "],
)
@pytest.mark.parametrize("times", [1, 3, 10])
def test_short_latin1_text_is_read_as_windows_1252(sentence: str, times: int) -> None:
    data = (sentence * times).encode("latin-1")
    text, enc = decode(data)
    assert (text, enc) == (sentence * times, "cp1252")


@pytest.mark.parametrize(
    ("sentence", "codec"),
    [
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. ", "cp1250"),
        ("Zażółć gęślą jaźń. ", "cp1250"),
        ("Árvíztűrő tükörfúrógép. ", "cp1250"),
        ("نص عربي قصير للاختبار مع كلمات أخرى ", "cp1256"),
        ("Привет, как дела? Хорошо, спасибо. ", "cp1251"),
    ],
)
def test_central_european_arabic_and_cyrillic_keep_their_code_page(sentence: str,
                                                                   codec: str) -> None:
    text, enc = decode((sentence * 3).encode(codec))
    assert text == sentence * 3 and enc == codec


def test_plausible_western_rejects_arabic_read_as_1252() -> None:
    assert plausible_western("C'est à dire que l'été est là.")
    assert not plausible_western("نص عربي".encode("cp1256").decode("cp1252"))
    assert not plausible_western("Pøíliš žlu ouèký kùò")  # Czech read as windows-1252


# -- 7. HTML only with markup at the start -----------------------------------------------------


def test_markdown_that_mentions_html_tags_is_text(tmp_path: Path) -> None:
    md = ('# Website\n\nEvery page is `<html lang="ar" dir="rtl">`; paragraphs take `dir` from '
          "the article's language layer, and the `<body>` has a `<div class=x>` wrapper.\n") * 3
    assert not looks_like_html(md) and detect_text_format(md) == "text"
    api = ROOT / "docs" / "api.md"
    if api.exists():
        [o] = read_path(api)
        assert isinstance(o, RawItem) and o.format == "text"


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "\ufeff  <!-- saved -->\n<!doctype html>\n<html lang=ar><p>نص</p></html>",
        '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>',
        "  \n<head><title>t</title></head><p>x</p>",
        "Warning: x\n<html><head><title>t</title></head><body><div><p>نص</p></div></body></html>",
    ],
)
def test_real_html_is_still_html(page: str) -> None:
    assert looks_like_html(page) and detect_text_format(page) == "html"


# -- 8. hidden files and folders ---------------------------------------------------------------


def test_folder_of_dot_files_says_why_nothing_was_read(tmp_path: Path) -> None:
    for rel in [".a.txt", ".b.jsonl", ".git/config", ".git/objects/x", ".cache/y.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(ARABIC, encoding="utf-8")
    out = list(read_path(tmp_path))
    assert all(isinstance(o, Skipped) and o.code == "S_HIDDEN" for o in out)
    assert [Path(o.path).name for o in out] == [".a.txt", ".b.jsonl", ".cache", ".git"]
    assert "folder" in out[2].reason and "file" in out[0].reason
    assert "S_HIDDEN" in CODES
    assert "`S_HIDDEN`" in (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")


def test_a_hidden_file_given_by_name_is_read(tmp_path: Path) -> None:
    p = tmp_path / ".note.txt"
    p.write_text(ARABIC, encoding="utf-8")
    [o] = read_path(p)
    assert isinstance(o, RawItem) and o.text == ARABIC
    [o] = read_path(tmp_path / ".")
    assert isinstance(o, Skipped) and o.path == str(p)
