"""Expected failures end with one clear line and an exit code, never a traceback
(fresh-eyes user test findings)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mawsua.cli.main import app

runner = CliRunner()


def _run(*args: str):  # noqa: ANN202 - click's Result
    return runner.invoke(app, list(args))


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    for args in (["search", "مصر"], ["show", "x"], ["serve"]):
        res = _run(*args, "--db", str(tmp_path / "none.db"))
        assert res.exit_code == 1, args
        assert res.exception is None or isinstance(res.exception, SystemExit)
        assert "E_STORE" in res.stderr and "no database at this path" in res.stderr
        assert "Traceback" not in res.stderr + res.stdout


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "notdb.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    res = _run("ingest", str(tmp_path), "--db", str(bad))
    assert res.exit_code == 1 and "E_STORE" in res.stderr
    assert bad.read_bytes() == b"this is not sqlite" * 100  # never overwritten


def test_database_in_missing_folder(tmp_path: Path, seed_path: Path) -> None:
    res = _run("ingest", str(seed_path), "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert res.exit_code == 1 and "E_STORE" in res.stderr


def _seed_db(tmp_path: Path, seed_path: Path) -> Path:
    db = tmp_path / "s.db"
    assert _run("ingest", str(seed_path), "--db", str(db), "--json").exit_code == 0
    return db


def test_search_arguments_are_checked(tmp_path: Path, seed_path: Path) -> None:
    db = str(_seed_db(tmp_path, seed_path))
    for bad in ("yesterday", "2015-13-01", "2015/08/11", "2015-08"):
        res = _run("search", "الكاظمي", "--db", db, "--since", bad)
        assert res.exit_code == 2 and "expected a date" in res.stderr, bad
    # Arabic-Indic digits are dates too, as in the API
    res = _run("search", "الكاظمي", "--db", db, "--since", "٢٠٢١-٠٧-٢٥", "--json")
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 1
    res = _run("search", "الكاظمي", "--db", db, "--until", "٢٠٢١-٠٧-٢٥", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout) == []
    for nothing in ("", "...", "*", "\"", "َُِّ", "ـــ"):
        res = _run("search", nothing, "--db", db)
        assert res.exit_code == 2 and "no letters or digits" in res.stderr, nothing
    res = _run("search", "كلمة " * 200, "--db", db)
    assert res.exit_code == 2 and "at most 500" in res.stderr
    # an empty query with a filter lists the newest articles of that filter
    res = _run("search", "", "--db", db, "--outlet", "العربية", "--json")
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 1


def test_serve_rejects_bad_port(tmp_path: Path, seed_path: Path) -> None:
    res = _run("serve", "--db", str(_seed_db(tmp_path, seed_path)), "--port", "70000")
    assert res.exit_code == 2 and "65535" in res.stderr


def test_eval_repair_options_out_of_range_are_refused() -> None:
    for args in (["--rate", "5"], ["--particle-rate", "-0.1"], ["--cut-rate", "1.5"],
                 ["--limit", "0"]):
        r = runner.invoke(app, ["eval", "repair", *args])
        assert r.exit_code == 2, (args, r.output)
        assert "Invalid value for '" + args[0] + "'" in r.output
