"""``mawsua ingest`` reads gzipped JSON Lines and WARC by their name, alone or in a folder, as
``bulk`` does (user test: ``ingest x.jsonl.gz`` was refused as a gzip archive)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from mawsua.cli.main import app

runner = CliRunner()

_ROWS = [{"id": f"g{i}", "outlet": "okaz", "url": f"https://example.org/g{i}",
          "title": t[:20], "text": t} for i, t in enumerate([
              "قال وزير الخارجية الإماراتي إن الاجتماع في أبوظبي ناقش الملف.",
              "أعلنت الحكومة العراقية في بغداد خطة جديدة للكهرباء."])]


def _gz(path: Path) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _ROWS))
    return path


def test_ingest_reads_jsonl_gz_alone_and_in_a_folder(tmp_path: Path) -> None:
    src = _gz(tmp_path / "in.jsonl.gz")
    r = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "a.db"), "--workers",
                            "1", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["added"] == 2
    folder = tmp_path / "dir"
    folder.mkdir()
    _gz(folder / "x.jsonl.gz")
    r = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "b.db"), "--workers",
                            "1", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["added"] == 2, r.output


def test_a_damaged_gzip_is_one_coded_failure_and_other_files_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    folder.mkdir()
    good = _gz(folder / "a.jsonl.gz").read_bytes()
    (folder / "b.jsonl.gz").write_bytes(good[: len(good) // 2])  # truncated
    (folder / "c.txt.gz").write_bytes(good)  # a gzip that is not named as an archive
    r = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "c.db"), "--workers",
                            "1", "--json"])
    summary = json.loads(r.stdout)
    assert summary["added"] == 2
    codes = json.dumps(summary, ensure_ascii=False)
    assert "E_ARCHIVE" in codes and "E_BINARY" in codes and ".jsonl.gz" in codes
