"""kill -9 at random moments of an ingest, restart, and every article is there exactly once,
connected, in an intact database (issue 16: resumable, consistent restarts)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "articles.jsonl"


@pytest.mark.slow
def test_kill_nine_then_restart(tmp_path: Path) -> None:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} not found")
    lines = []
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            if len(json.loads(line).get("text") or "") > 200:
                lines.append(line)
            if len(lines) == 100:
                break
    src = tmp_path / "in.jsonl"
    src.write_text("".join(lines), encoding="utf-8")
    db = tmp_path / "k.db"
    exe = str(Path(sys.executable).parent / "mawsua")

    def cmd(db: Path) -> list[str]:
        return [exe, "ingest", str(src), "--db", str(db), "--json", "--workers", "1"]

    rng = random.Random(16)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _ in range(3):
        proc = subprocess.Popen(cmd(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env)
        time.sleep(rng.uniform(2.0, 8.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = subprocess.run(cmd(db), capture_output=True, env=env, check=False, timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    summary = json.loads(done.stdout)
    assert summary["unconnected"] == []
    clean_db = tmp_path / "clean.db"
    subprocess.run(cmd(clean_db), capture_output=True, env=env, check=True, timeout=600)

    def state(path: Path) -> tuple[str, set[str], int, int, int]:
        conn = sqlite3.connect(path)
        try:
            return (conn.execute("PRAGMA integrity_check").fetchone()[0],
                    {i for (i,) in conn.execute("SELECT id FROM articles")},
                    conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                    conn.execute("SELECT count(*) FROM article_links").fetchone()[0],
                    conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0])
        finally:
            conn.close()

    ok, ids, n, linked, fts = state(db)
    assert ok == "ok"
    assert n == len(ids) == linked == fts  # each article once, each connected and indexed
    assert ids == state(clean_db)[1]  # the same articles as an ingest never killed
