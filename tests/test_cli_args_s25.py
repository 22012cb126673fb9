"""User test s25 (F29, F31, F24): a command that fails on its arguments reads and creates
nothing; paging bounds are stated where users read them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mawsua.app import queries
from mawsua.cli.main import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample"


def test_reprocess_without_an_archive_leaves_no_new_database(tmp_path: Path) -> None:
    db = tmp_path / "rebuilt.db"
    for archive in ([], ["--archive", str(tmp_path / "nowhere")],
                    ["--archive", str(tmp_path)]):  # missing, and a folder of no WARC files
        r = runner.invoke(app, ["reprocess", "--db", str(db), *archive])
        assert r.exit_code == 1 and "E_ARCHIVE" in r.output, r.output
        assert not db.exists() and list(tmp_path.glob("rebuilt.db*")) == []


def test_ingest_of_a_missing_path_is_refused_before_anything(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    good = tmp_path / "a.txt"
    good.write_text("نص عربي في مقال قصير لكنه يكفي ليقرأ. " * 5, encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(good), str(tmp_path / "nonexistent"), "--db", str(db),
                            "--json"])
    assert r.exit_code == 2, r.output
    err = json.loads(r.stderr.strip().splitlines()[-1])["error"]
    assert err["code"] == "E_NOT_FOUND" and err["where"].endswith("nonexistent")
    assert r.stdout == "" and not db.exists()  # no summary counting it as read, no new file


@pytest.mark.parametrize("workers", ["-1", "-5"])
def test_a_negative_worker_count_is_refused(tmp_path: Path, workers: str) -> None:
    r = runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(tmp_path / "x.db"),
                            "--workers", workers])
    assert r.exit_code == 2 and "--workers" in r.output
    assert not (tmp_path / "x.db").exists()


def test_workers_zero_means_one_per_core_and_says_so() -> None:
    from mawsua.app.ingest import check_workers

    assert check_workers(0) >= 1 and check_workers(3) == 3
    with pytest.raises(ValueError, match="--workers"):
        check_workers(-1)
    r = runner.invoke(app, ["ingest", "--help"])
    assert "one per core" in r.output


def test_a_failed_write_removes_only_a_new_empty_database(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    with pytest.raises(RuntimeError), queries.open_new_or_existing(new):
        raise RuntimeError("the command failed")
    assert not new.exists()
    old = tmp_path / "old.db"
    with queries.open_store(old):
        pass
    with pytest.raises(RuntimeError), queries.open_new_or_existing(old):
        raise RuntimeError("the command failed")
    assert old.exists()  # a database that was there stays, even empty


def test_paging_bounds_in_readme_match_the_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"`--limit` is 1–(\d+) for `search`, `stories`.*?`--offset` is 0–([\d,]+)",
                  readme, re.S)
    assert m is not None, "README states the paging bounds"
    limit, offset = int(m.group(1)), int(m.group(2).replace(",", ""))
    for cmd in ("search", "stories"):
        help_text = runner.invoke(app, [cmd, "--help"], terminal_width=200).output
        assert f"1<=x<={limit}" in help_text, cmd
        assert f"0<=x<={offset}" in help_text, cmd
    r = runner.invoke(app, ["stories", "--limit", str(limit + 1)])
    assert r.exit_code == 2


def test_an_ingest_that_reads_nothing_leaves_no_new_database(tmp_path: Path) -> None:
    bad = tmp_path / "trunc.jsonl"
    bad.write_bytes('{"id": "x", "text": "نص مقطوع'.encode()[:-1])
    db = tmp_path / "new.db"
    r = runner.invoke(app, ["ingest", str(bad), "--db", str(db), "--json"])
    assert r.exit_code == 1 and json.loads(r.stdout)["failed"][0]["code"] == "E_JSON"
    assert list(tmp_path.glob("new.db*")) == []
    # an existing database stays, and a run that stores something keeps its new database
    good = tmp_path / "a.txt"
    good.write_text("نص عربي في مقال قصير لكنه يكفي ليقرأ. " * 5, encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(good), "--db", str(db), "--json"])
    assert r.exit_code == 0 and db.exists()
    r = runner.invoke(app, ["ingest", str(bad), "--db", str(db), "--json"])
    assert r.exit_code == 1 and db.exists()
