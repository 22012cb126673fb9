"""Bad input in one ingest run: each file gets a coded outcome naming it, the rest lands."""

from __future__ import annotations

import json
import os
import random
import struct
import zlib
from pathlib import Path

from typer.testing import CliRunner

from mawsua.cli.main import app

runner = CliRunner()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


def test_one_run_of_bad_and_good_files(tmp_path: Path, seed_path: Path, corpus_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "image.png").write_bytes(_png())
    lines = corpus_path.read_text(encoding="utf-8").splitlines()[:3]
    (d / "truncated.jsonl").write_text(lines[0] + "\n" + lines[1] + "\n" + lines[2][: len(lines[2]) // 2],
                                       encoding="utf-8")
    (d / "no_article.html").write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><nav><a href='/'>الرئيسية</a></nav>"
        "</body></html>", encoding="utf-8")
    (d / "seed_cp1256.txt").write_bytes(seed_path.read_text(encoding="utf-8").encode("cp1256"))
    big = d / "random.txt"
    rnd = random.Random(1)
    words = ["كلمة", "عشوائية", "نص", "word", "random", "٢٠١٥"]
    with big.open("w", encoding="utf-8") as f:
        while f.tell() < 50_000_000:
            f.write(" ".join(rnd.choice(words) for _ in range(2000)) + "\n")
    db = tmp_path / "t.db"
    res = runner.invoke(app, ["ingest", str(d), "--db", str(db), "--json", "--workers", "1"])
    assert res.exit_code == 0, res.stdout
    summary = json.loads(res.stdout)
    by_file = {Path(f["path"].split(":")[0]).name: f["code"] for f in summary["failed"]}
    assert by_file["empty.txt"] == "E_EMPTY_FILE"
    assert by_file["image.png"] == "E_BINARY"
    assert by_file["truncated.jsonl"] == "E_JSON"
    assert by_file["no_article.html"] == "E_HTML_NO_ARTICLE"
    assert by_file["random.txt"] == "E_TOO_LARGE"
    assert "seed_cp1256.txt" not in by_file
    for f in summary["failed"]:
        assert f["reason"] and str(d) in f["path"]
    # the two good JSONL lines and the windows-1256 dump landed
    assert summary["added"] == 3
    res = runner.invoke(app, ["search", "الكاظمي", "--db", str(db), "--json"])
    hits = json.loads(res.stdout)
    assert len(hits) == 1 and hits[0]["outlet"] == "العربية"
    os.remove(big)


def test_nothing_readable_exits_nonzero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    res = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "x.db"),
                              "--json"])
    assert res.exit_code == 1
    assert json.loads(res.stdout)["failed"][0]["code"] == "E_EMPTY_FILE"
