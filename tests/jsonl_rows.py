"""Small JSON Lines stores for tests: rows written to a file and ingested through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mawsua.cli.main import app


def ingest_rows(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    """Write ``rows`` (article records; ``url`` defaults to one per ``id``) to a JSONL file
    in ``tmp_path``, ingest it with one worker into ``tmp_path/m.db`` and return the database
    path (asserting the ingest exited 0)."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"url": f"https://example.org/{r['id']}", **r},
                                      ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    db = tmp_path / "m.db"
    r = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "--workers", "1"])
    assert r.exit_code == 0, r.output
    return db
