"""Decoding: BOMs, UTF-8, UTF-16 with and without BOM, windows-1256, binary, undecodable."""

from __future__ import annotations

from pathlib import Path

import pytest

from mawsua.errors import MawsuaError, Ok
from mawsua.extract import extract
from mawsua.sources import RawItem, read_bytes, read_path
from mawsua.sources.decode import decode, undo_double_encoding

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_6afea4c6e43b9a86.txt"
FIX = ROOT / "tests" / "fixtures" / "readers"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("shared data not found")
    return SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32"),
        ("cp1256", "cp1256"),
    ],
)
def test_seed_in_every_encoding_decodes_to_the_same_text(seed_text: str, codec: str,
                                                         expected: str) -> None:
    text, enc = decode(seed_text.encode(codec))
    assert enc == expected
    assert text == seed_text


def test_fixture_files_record_their_encoding(seed_text: str) -> None:
    [cp] = read_path(FIX / "seed_cp1256.txt")
    [u16] = read_path(FIX / "seed_utf16.txt")
    assert cp.encoding == "cp1256" and cp.text == seed_text and cp.format == "dump"
    assert u16.encoding == "utf-16" and u16.text == seed_text and u16.format == "dump"
    assert cp.data == (FIX / "seed_cp1256.txt").read_bytes()


def test_declared_charset_is_tried_first(seed_text: str) -> None:
    body = seed_text.split("\n", 3)[3][:600]
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            f'charset=windows-1256"><title>t</title></head><body><p>{body}</p></body></html>')
    [item] = read_bytes(page.encode("cp1256"), where="page.html")
    assert item.format == "html" and item.encoding == "cp1256"
    assert body in item.text


def test_bad_declared_charset_is_ignored() -> None:
    text, enc = decode("نص عربي قصير للاختبار".encode(), declared="no-such-codec")
    assert enc == "utf-8" and text == "نص عربي قصير للاختبار"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E_EMPTY_FILE"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E_BINARY"),
        (b"PK\x03\x04\x14\x00\x00\x00", "E_BINARY"),
        (b"\x1f\x8b\x08\x00\x00\x00", "E_BINARY"),
        (b"abc\x00\x01\x02\xff\xfe\x00\x00\x13", "E_BINARY"),
        (bytes(range(1, 9)) * 40, "E_BINARY"),
        (bytes(range(128, 256)) * 8, "E_DECODE"),
    ],
)
def test_undecodable_bytes_raise_a_coded_error(data: bytes, code: str) -> None:
    with pytest.raises(MawsuaError) as err:
        decode(data, where="x.bin")
    assert err.value.code == code
    assert err.value.where == "x.bin"


def test_utf8_wins_over_a_wrong_declared_charset() -> None:
    text, enc = decode("نص عربي".encode(), declared="iso-8859-1")
    assert (text, enc) == ("نص عربي", "utf-8")


@pytest.mark.parametrize("misreading", ["latin-1", "cp1256"])
def test_a_wholly_double_encoded_dump_is_decoded_back_before_its_header_is_read(
        seed_text: str, misreading: str) -> None:
    # UTF-8 read through a code page and saved again as UTF-8: ``Ø§Ù„`` / ``ط§ظ„``
    moji = seed_text.encode("utf-8").decode(misreading)
    [item] = read_bytes(moji.encode("utf-8"), where="dump.txt")
    assert isinstance(item, RawItem)
    assert item.text == seed_text and item.hints["double_encoded"] == misreading
    good = extract(next(iter(read_bytes(seed_text.encode("utf-8"), where="dump.txt"))))
    out = extract(item)
    assert isinstance(out, Ok) and isinstance(good, Ok)
    meta, want = out.value.metadata, good.value.metadata
    assert (meta.outlet, meta.published_local, meta.title) == (
        want.outlet, want.published_local, want.title)
    assert meta.extra["double_encoded"] == item.hints["double_encoded"]
    assert [w["code"] for w in meta.extra["warnings"]] == ["W_DOUBLE_ENCODED"]


@pytest.mark.parametrize("text", [
    "café crème brûlée, déjà vu, naïve élève à la française",  # real Latin-1 letters
    "الرئيس ووزير الخارجية",                                     # real Arabic
    "نص عربي فيه Ø§Ù„ بقايا",                                   # runs among good letters
    "Ã©" * 3,                                                   # too few sequences to be sure
])
def test_text_that_is_not_wholly_double_encoded_is_left_alone(text: str) -> None:
    assert undo_double_encoding(text) is None
