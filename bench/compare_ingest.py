"""Whether two versions of the code store the same rows: ``mawsua ingest`` of the same input
into a fresh database, every table dumped (issue 15's "outputs must not change").

Usage: python bench/compare_ingest.py OUT.tsv [--input PATH ...] [--workers 2]

Run it once with main's sources (e.g. ``PYTHONPATH=/path/to/main/src``) and once with the
branch's, then ``cmp`` (or ``diff``) the two outputs. Default input: corpus2
(``../shared/corpus2/*.jsonl``).

Writes one line per table: its name, its row count and the SHA-256 of its rows (every column
but the wall-clock ones: ``ingested_at``, the migration times), sorted; then the same for the
full-text indexes read back through ``fts5vocab`` (term, row, column, offset of every token
of ``articles_fts`` and ``quotes_fts``: the contentless index's whole content). The rows
themselves go to ``OUT.rows`` (one per line, ``table<TAB>row``) for a ``diff`` when the
digests differ. Also prints the ingest's summary line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(os.environ.get("MAWSUA_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
#: columns that hold the time of the run, not an output of the pipeline
WALL_CLOCK = {"ingested_at", "applied_at"}
#: tables that hold run bookkeeping or nothing an ingest writes
SKIP = {"schema_migrations", "sqlite_sequence"}


def dump(db: Path, out: Path) -> None:
    """Write the digests (``out``) and rows (``out`` + ``.rows``) of ``db`` (module docstring)."""
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "ORDER BY name")]
    for fts in ("articles_fts", "quotes_fts"):
        conn.execute(f"CREATE VIRTUAL TABLE temp.{fts}_v USING fts5vocab(main, {fts}, 'instance')")
        tables.append(f"temp.{fts}_v")
    with out.open("w", encoding="utf-8") as digests, \
            Path(str(out) + ".rows").open("w", encoding="utf-8") as rows_out:
        for t in tables:
            if t in SKIP:
                continue
            cols = [d[0] for d in conn.execute(f"SELECT * FROM {t} LIMIT 0").description]
            keep = [c for c in cols if c not in WALL_CLOCK]
            sel = ", ".join(f'"{c}"' for c in keep)
            rows = sorted(repr(tuple(r)) for r in conn.execute(f"SELECT {sel} FROM {t}"))
            h = hashlib.sha256()
            for r in rows:
                h.update(r.encode("utf-8", "surrogatepass") + b"\n")
                rows_out.write(f"{t}\t{r}\n")
            digests.write(f"{t}\t{len(rows)}\t{h.hexdigest()}\n")
    conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--input", type=Path, nargs="*",
                    default=sorted((SHARED / "corpus2").glob("*.jsonl")))
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "c.db"
        got = subprocess.run(
            [sys.executable, "-c", "from mawsua.cli.main import main; main()", "ingest",
             *map(str, a.input), "--db", str(db), "--workers", str(a.workers), "--json"],
            capture_output=True, check=False, env={**os.environ})
        summary = json.loads(got.stdout or b"{}")
        print({k: summary.get(k) for k in ("read", "added", "duplicates", "skipped")},
              "failed", len(summary.get("failed", [])))
        dump(db, a.out)


if __name__ == "__main__":
    main()
