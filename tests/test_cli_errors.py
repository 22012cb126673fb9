"""Expected failures end with one clear line and an exit code, never a traceback
(fresh-eyes user test findings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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


def test_file_errors_name_the_file_and_the_reason(tmp_path: Path, seed_path: Path) -> None:
    # user test: `eval seed --gold some.jsonl` said `Extra data: line 2 column 1 (char 1613)`,
    # `eval ner --gold /nonexistent` `[Errno 2] No such file or directory`
    lines = tmp_path / "some.jsonl"
    lines.write_text('{"a":1}\n{"b":2}\n')
    missing = tmp_path / "nonexistent"
    cases = [
        (["eval", "seed", "--seed-file", str(seed_path), "--gold", str(lines)],
         f"{lines}: not a JSON document (Extra data: line 2 column 1 (char 8))"),
        (["eval", "seed", "--seed-file", str(seed_path), "--gold", str(missing)],
         f"{missing}: No such file or directory"),
        (["eval", "seed", "--seed-file", str(seed_path), "--gold", str(tmp_path)],
         f"{tmp_path}: is a folder, not a file"),
        (["eval", "ner", "--gold", str(missing)], f"{missing}: No such file or directory"),
        (["eval", "ner", "--gold", str(lines)],
         f"{lines}:1: expected 'token<TAB>tag', got '{{\"a\":1}}'"),
        (["eval", "repair", "--corpus", str(missing)], f"{missing}: No such file or directory"),
        (["train", "ner", "--data", str(missing), "--out", str(tmp_path / "m.crf")],
         f"{missing}: No such file or directory"),
    ]
    for args, line in cases:
        res = _run(*args)
        assert res.exit_code == 1, (args, res.output)
        assert res.stderr == line + "\n", args
        assert "Errno" not in res.stderr


def test_a_closed_stdout_ends_quietly(tmp_path: Path, seed_path: Path) -> None:
    # user test: `mawsua read FILE | head -2` ended with `read: [Errno 32] Broken pipe`
    import subprocess
    import sys

    from mawsua.cli.common import guarded

    script = Path(sys.executable).parent / "mawsua"
    cmd = [str(script)] if script.exists() else [
        sys.executable, "-c", "from mawsua.cli.main import main; main()"]
    db = _seed_db(tmp_path, seed_path)
    for args in (["read", "--json", *[str(seed_path)] * 5],
                 ["search", "", "--outlet", "العربية", "--db", str(db), "--json"]):
        proc = subprocess.Popen([*cmd, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(1)  # the reader takes a byte, then goes away (like `head`)
        proc.stdout.close()
        errors = proc.stderr.read().decode()
        proc.stderr.close()
        proc.wait(timeout=120)
        assert "Broken pipe" not in errors and "Traceback" not in errors, errors
        assert proc.returncode in (0, 141), (args, proc.returncode, errors)

    @guarded
    def prints() -> None:
        raise BrokenPipeError(32, "Broken pipe")

    import typer

    with pytest.raises(typer.Exit) as info:
        prints()
    assert info.value.exit_code == 141


def test_search_syntax_and_spellings(tmp_path: Path, seed_path: Path) -> None:
    db = str(_seed_db(tmp_path, seed_path))

    def hits(query: str) -> int:
        res = _run("search", query, "--db", db, "--json")
        assert res.exit_code == 0, (query, res.stderr)
        return len(json.loads(res.stdout))

    assert hits("الكاظمي") == 1
    assert hits("الكاظمي -بايدن") == 0  # NOT
    assert hits('الكاظمي -"جو بايدن"') == 0
    assert hits("الكاظمي OR كلمةغائبة") == 1  # OR
    assert hits("الكاظمي كلمةغائبة") == 0  # AND
    assert hits('"جو بايدن"') == 1 and hits('"بايدن جو"') == 0  # phrase, in order
    assert hits("الرئيس الأمريكي") == 1  # the seed writes الأميركي
    assert hits("اﻷميركي") == 1  # a presentation-form ligature, as pasted from a PDF
    assert hits("فيالحربين") == 1 and hits('"في الحربين"') == 1  # raw and repaired spelling
    for only_not in (["--", "-بايدن"], ['-"جو بايدن"'], ["--outlet", "العربية", "--", "-x"]):
        res = _run("search", "--db", db, "--json", *only_not)  # exclusions alone: refused
        assert res.exit_code == 2, only_not
        err = json.loads(res.stderr)["error"]
        assert err["code"] == "E_INVALID_QUERY" and "at least one word" in err["reason"]
    res = _run("export", "--db", db, "--out", "-", "--", "-بايدن")
    assert res.exit_code == 2 and "at least one word" in res.stderr
    assert hits("-بايدن الكاظمي") == 0  # a query may start with -word, no -- needed
    assert hits("-كلمةغائبة الكاظمي") == 1


def test_json_errors_are_json(tmp_path: Path, seed_path: Path) -> None:
    """With --json a failure is one JSON line on stderr with its code and where."""
    res = _run("search", "مصر", "--db", str(tmp_path / "none.db"), "--json")
    assert res.exit_code == 1
    err = json.loads(res.stderr)["error"]
    assert err["code"] == "E_STORE" and err["where"].endswith("none.db")
    res = _run("read", str(tmp_path / "missing.txt"), "--json")
    assert res.exit_code == 1 and json.loads(res.stderr)["error"]["code"] == "E_NOT_FOUND"
    db = str(_seed_db(tmp_path, seed_path))
    res = _run("show", "nosuchid", "--db", db, "--json")
    assert res.exit_code == 1 and json.loads(res.stderr)["error"]["where"] == "nosuchid"
    res = _run("search", "مصر", "--db", db, "--json", "--since", "yesterday-ish")
    assert res.exit_code == 2 and json.loads(res.stderr)["error"]["code"] == "E_INVALID_QUERY"
    res = _run("show", "nosuchid", "--db", db)  # without --json: the plain line
    assert res.stderr.strip() == "nosuchid: E_NOT_FOUND: no such article"


def test_shared_data_found_from_any_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The eval/train defaults do not depend on the current folder."""
    from mawsua import config

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MAWSUA_SHARED", raising=False)
    beside = Path(config.__file__).resolve().parents[2].parent / "shared"
    assert config.shared_dir() == (beside if beside.is_dir() else Path("../shared"))
    monkeypatch.setenv("MAWSUA_SHARED", str(tmp_path / "data"))
    assert config.shared_path("gold/dev") == tmp_path / "data" / "gold" / "dev"


def test_filters_without_a_query_and_export_checks(tmp_path: Path, seed_path: Path) -> None:
    """User-test findings: --entity alone lists articles; an export to a missing folder names
    the file; a query of only punctuation is refused by export as by search."""
    db = str(_seed_db(tmp_path, seed_path))
    res = _run("search", "--entity", "العراق", "--db", db, "--json")
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 1
    res = _run("export", "--out", str(tmp_path / "no" / "x.csv"), "--format", "csv", "--db", db)
    assert res.exit_code == 1 and f"{tmp_path / 'no' / 'x.csv'}: no such folder" in res.stderr
    assert not list(tmp_path.glob("**/*.part"))
    res = _run("export", '"', "--format", "csv", "--out", str(tmp_path / "q.csv"), "--db", db)
    assert res.exit_code == 2 and "no letters or digits" in res.stderr
    assert not (tmp_path / "q.csv").exists()


def test_opml_import_of_only_failures_exits_1(tmp_path: Path) -> None:
    opml = tmp_path / "bad.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline type="rss" text="x" xmlUrl="http://[::1"/></body></opml>',
                    encoding="utf-8")
    res = _run("sources", "import", str(opml), "--db", str(tmp_path / "s.db"))
    assert res.exit_code == 1, res.stdout + res.stderr


def test_a_bad_date_is_a_counted_warning(tmp_path: Path) -> None:
    """User test: a publication time that is no date was dropped silently."""
    rec = tmp_path / "bd.jsonl"
    rec.write_text(
        '{"title":"عنوان","text":"نص الخبر عن افتتاح مدرسة جديدة في المدينة اليوم.",'
        '"published":"2099-13-45T99:99:99"}\n'
        '{"title":"عنوان 2","text":"نص خبر آخر عن افتتاح جسر جديد في المدينة اليوم.",'
        '"published":"2015-08-11"}\n', encoding="utf-8")
    res = _run("ingest", str(rec), "--db", str(tmp_path / "bd.db"), "--json")
    out = json.loads(res.stdout)
    assert res.exit_code == 0 and out["added"] == 2 and out["warnings"] == {"W_BAD_DATE": 1}
    res = _run("read", str(rec), "--json")
    first = json.loads(res.stdout.splitlines()[0])
    assert [w["code"] for w in first["metadata"]["extra"]["warnings"]] == ["W_BAD_DATE"]
    assert first["metadata"]["extra"]["published_raw"] == "2099-13-45T99:99:99"


def test_read_dash_reads_standard_input() -> None:
    """User test: ``mawsua read -`` said E_NOT_FOUND. ``-`` is standard input, in any format
    the file readers know, and outcomes name it ``-``."""
    text = "قال الوزير إن الاجتماع سيعقد في الرياض يوم الأحد المقبل.\n"
    r = runner.invoke(app, ["read", "--json", "-"], input=text.encode("utf-8"))
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout.splitlines()[0])
    assert got["text"].strip() == text.strip() and got["source"]["path"] == "-"
    lines = "\n".join(json.dumps({"id": f"s{i}", "outlet": "okaz", "title": f"خبر {i}",
                                  "text": f"نص الخبر رقم {i} عن جدة."}, ensure_ascii=False)
                      for i in range(2)) + "\n{broken\n"
    r = runner.invoke(app, ["read", "-"], input=lines.encode("utf-8"))
    assert r.exit_code == 0
    assert [ln.split("\t")[0] for ln in r.stdout.splitlines()] == ["s0", "s1"]
    assert "-:3: E_JSON" in r.stderr
    r = runner.invoke(app, ["read", "-"], input=b"")
    assert r.exit_code == 1 and "-: E_EMPTY_FILE" in r.stderr


def test_sources_import_allow_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """User test: ``sources import`` had no --allow-private, so an OPML listing a feed on the
    local network could not be imported at all."""
    monkeypatch.delenv("MAWSUA_ALLOW_PRIVATE_NETWORKS", raising=False)
    opml = tmp_path / "f.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
                    '<outline type="rss" text="local" xmlUrl="http://127.0.0.1:8799/feed.xml"/>'
                    '<outline type="rss" text="lan" xmlUrl="http://192.168.1.20/rss"/>'
                    "</body></opml>", encoding="utf-8")
    db = str(tmp_path / "s.db")
    r = _run("sources", "import", str(opml), "--db", db, "--json")
    out = json.loads(r.stdout)
    assert r.exit_code == 1 and out["added"] == 0
    assert {f["code"] for f in out["failed"]} == {"E_FETCH_FORBIDDEN_ADDRESS"}
    r = _run("sources", "import", str(opml), "--db", db, "--json", "--allow-private")
    assert r.exit_code == 0 and json.loads(r.stdout)["added"] == 2
