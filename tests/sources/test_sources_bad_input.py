"""Bad input: one clear coded outcome per file, the good files of the same run still land;
the 50 MB file is refused from its size (bounded memory); random bytes never raise."""

from __future__ import annotations

import random
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mawsua.errors import CODES, Failed, Ok, Skipped
from mawsua.extract import extract
from mawsua.sources import RawItem, read_bytes, read_path
from mawsua.sources.files import HEAD_BYTES

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_6afea4c6e43b9a86.txt"
FIX = ROOT / "tests" / "fixtures" / "readers"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


def _random_text_file(path: Path, size: int) -> None:
    """Random Arabic/Latin words, written as a 1 MB block repeated (fast to make)."""
    rnd = random.Random(1)
    words = ["كلمة", "عشوائية", "نص", "word", "random", "٢٠١٥", "الرئيس"]
    block = "\n".join(" ".join(rnd.choice(words) for _ in range(20)) for _ in range(9000))
    data = block.encode("utf-8")
    with path.open("wb") as f:
        while f.tell() < size:
            f.write(data)


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("shared data not found")
    return SEED.read_text(encoding="utf-8")


def test_one_directory_of_bad_and_good_files(tmp_path: Path, seed_text: str) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "image.png").write_bytes(_png())
    (d / "nul.bin").write_bytes(b"\x00\x01\x02\x03" * 100)
    (d / "truncated.jsonl").write_bytes((FIX / "truncated.jsonl").read_bytes())
    (d / "no_article.html").write_bytes((FIX / "no_article.html").read_bytes())
    (d / "seed_cp1256.txt").write_bytes((FIX / "seed_cp1256.txt").read_bytes())
    (d / "seed_utf16.txt").write_bytes((FIX / "seed_utf16.txt").read_bytes())
    (d / "seed.txt").write_text(seed_text, encoding="utf-8")
    _random_text_file(d / "random.txt", 50_000_000)

    outcomes: list[tuple[str, object]] = []
    for o in read_path(d):
        r = extract(o) if isinstance(o, RawItem) else o
        outcomes.append((o.where if isinstance(o, RawItem) else o.path, r))
    failed = {Path(w).name: r.code for w, r in outcomes if isinstance(r, Failed)}
    assert failed == {
        "empty.txt": "E_EMPTY_FILE",
        "image.png": "E_BINARY",
        "nul.bin": "E_BINARY",
        "truncated.jsonl:2": "E_JSON",
        "no_article.html": "E_HTML_NO_ARTICLE",
        "random.txt": "E_TOO_LARGE",
    }
    for w, r in outcomes:
        if isinstance(r, Failed):
            assert r.path == w and r.path.startswith(str(d)) and r.reason
    ok = {Path(w).name: r.value for w, r in outcomes if isinstance(r, Ok)}
    assert set(ok) == {"truncated.jsonl:1", "truncated.jsonl:3", "seed_cp1256.txt",
                       "seed_utf16.txt", "seed.txt"}
    for name in ("seed_cp1256.txt", "seed_utf16.txt"):
        assert ok[name].metadata == ok["seed.txt"].metadata
        assert ok[name].raw_text == seed_text and ok[name].text == ok["seed.txt"].text
    assert ok["seed_cp1256.txt"].source.encoding == "cp1256"
    assert ok["seed_utf16.txt"].source.encoding == "utf-16"


def test_50_mb_random_text_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "random.txt"
    _random_text_file(big, 50_000_000)
    assert big.stat().st_size >= 50_000_000
    tracemalloc.start()
    try:
        out = list(read_path(big))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(out) == 1 and isinstance(out[0], Failed) and out[0].code == "E_TOO_LARGE"
    assert "was not read" in out[0].reason
    # only the sniffed head was held: nowhere near the 50 MB
    assert peak < 4 * HEAD_BYTES, peak


_fuzz_inputs = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=1500).map(lambda s: s.encode("utf-8")),
    st.tuples(
        st.sampled_from([
            b" date 2021-07 2021/07/26 | 23:55 - \xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd8\xaf\xd8\xb1: ",
            b"(a | b )- ", b"<html><body><p>", b'{"text": ', b"\xef\xbb\xbf", b"\xff\xfe",
            b"<!DOCTYPE html>",
        ]),
        st.binary(max_size=1500) | st.text(max_size=800).map(lambda s: s.encode("utf-8")),
    ).map(lambda t: t[0] + t[1]),
)


@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=_fuzz_inputs)
def test_random_bytes_never_raise(data: bytes) -> None:
    for o in read_bytes(data, where="fuzz.bin"):
        assert isinstance(o, RawItem | Failed | Skipped)
        if isinstance(o, RawItem):
            r = extract(o)
            assert isinstance(r, Ok | Skipped | Failed)
            if isinstance(r, Ok):
                assert r.value.text is not None
            else:
                assert r.code in CODES and r.code != "E_EXTRACT", r
        else:
            assert o.code in CODES and o.path.startswith("fuzz.bin")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.binary(max_size=2000))
def test_random_files_never_raise(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "f.bin"
    p.write_bytes(data)
    for o in read_path(p):
        r = extract(o) if isinstance(o, RawItem) else o
        assert r.code in CODES if not isinstance(r, Ok) else True
