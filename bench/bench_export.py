"""Export benchmark: every format over a store of N articles (default 100,000).

Usage::

    .venv/bin/python bench/bench_export.py               # 100,000 articles
    .venv/bin/python bench/bench_export.py -n 20000 --base 1000 --db /tmp/e20k.db

The store: the first ``--base`` corpus articles (default 2,000) are ingested through the real
pipeline (every layer, duplicates, stories, sections), then replicated in SQL with new ids,
hashes and URLs (documents, plain text, sections, links and the full-text index copied, story
and duplicate numbers shifted per copy) up to ``-n`` articles. The store is kept and reused
(``--db``; default ``/tmp/mawsua-bench-export-N.db``).

Then each export runs in a fresh process (so each peak is its own): ``mawsua.app.export``
writing the whole store (or a search) to a file under /tmp. Prints articles/s, output size and
peak RSS (``ru_maxrss``) per format, and the RSS before the export started (interpreter,
modules, open store: ~100 MB); SQLite's page cache (64 MiB) is part of the growth. Memory should stay flat whatever N (one batch of
``ROW_GROUP`` articles at a time); compare ``-n 20000`` with ``-n 100000``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus_lines  # noqa: E402

from mawsua.app import queries  # noqa: E402

RUNS = [  # (label, format, layers, query words)
    ("jsonl, every layer", "jsonl", None, ""),
    ("jsonl, entities only", "jsonl", "entities", ""),
    ("csv", "csv", None, ""),
    ("csv + entities,quotes", "csv", "entities,quotes", ""),
    ("parquet", "parquet", None, ""),
    ("parquet + entities,quotes", "parquet", "entities,quotes", ""),
    ("jsonl of a search (السعودية)", "jsonl", None, "السعودية"),
]


def peak_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(db: Path, n: int, base: int) -> None:
    """Ingest ``base`` corpus articles through the pipeline, then replicate them in SQL to
    ``n`` articles."""
    from mawsua.app.ingest import ingest  # the pipeline (and its memory) only when building
    from mawsua.store import fts

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "base.jsonl"
        src.write_bytes(b"\n".join(corpus_lines()[:base]) + b"\n")
        store = queries.open_store(db)
        try:
            summary = ingest([src], store, workers=2)
        finally:
            store.close()
    print(f"base: {summary.added} articles ingested in {time.perf_counter() - t0:.0f} s",
          flush=True)
    store = queries.open_store(db)
    conn = store.conn
    k_n = conn.execute("SELECT max(n) FROM articles").fetchone()[0]
    cols = {n_: fts.index_columns(t, store.text(i)) for n_, i, t in
            conn.execute("SELECT n, id, title FROM articles ORDER BY n").fetchall()}
    copies = -(-n // k_n) - 1
    for k in range(1, copies + 1):
        left = n - k * k_n
        if left <= 0:
            break
        off = k * k_n
        lim = min(k_n, left)
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO articles (n, id, sha256, outlet, url, published, published_local, "
            "sort_time, section, language, title, title_derived, ingested_at) "
            "SELECT n + ?, id || '-r' || ?, sha256 || '-r' || ?, outlet, url || '?r=' || ?, "
            "published, published_local, sort_time, section, language, title, title_derived, "
            "ingested_at FROM articles WHERE n <= ?", (off, k, k, k, lim))
        for table, select in (
                ("documents", "n + ?, doc, body, raw_text, raw"),
                ("article_text", "n + ?, text"),
                ("article_sections", "code, n + ?, kind, score"),
                ("article_entities", "n + ?, key, type, canonical")):
            conn.execute(f"INSERT INTO {table} SELECT {select} FROM {table} WHERE n <= ?",
                         (off, lim))
        conn.execute("INSERT INTO article_links SELECT n + ?, dup_group + ?, duplicate_of + ?, "
                     "story + ? FROM article_links WHERE n <= ?", (off, off, off, off, lim))
        conn.executemany("INSERT INTO articles_fts (rowid, title_exact, body_exact, title_stem, "
                         "body_stem) VALUES (?, ?, ?, ?, ?)",
                         [(n_ + off, *c) for n_, c in cols.items() if n_ <= lim])
        conn.execute("COMMIT")
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    store.close()
    print(f"store: {total} articles in {time.perf_counter() - t0:.0f} s, "
          f"{db.stat().st_size / 1e6:.0f} MB", flush=True)


def one(db: Path, fmt: str, layers: str | None, words: str, out: Path) -> None:
    """Run one export in this process and print a JSON line of figures."""
    from mawsua.app import export as export_app
    from mawsua.model.results import SearchQuery

    with queries.open_store(db, readonly=True) as store, out.open("wb") as f:
        base = peak_mb()  # the interpreter, Mawsua's modules and an open store
        t0 = time.perf_counter()
        stats = export_app.export(store, SearchQuery(text=words), fmt, f,
                                  export_app.parse_layers(layers))
        el = time.perf_counter() - t0
    print(json.dumps({"articles": stats.articles, "bytes": stats.bytes, "seconds": el,
                      "peak_mb": peak_mb(), "base_mb": base}))


def text_table_mb(db: Path) -> str:
    """Size of the plain-text table (``dbstat``), or ``?`` when SQLite lacks dbstat."""
    import sqlite3

    try:
        with sqlite3.connect(db) as conn:
            b = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'article_text'"
                             ).fetchone()[0]
        return f"{(b or 0) / 1e6:.0f} MB"
    except sqlite3.Error:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="articles in the store")
    ap.add_argument("--base", type=int, default=2000, help="corpus articles really processed")
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--one", nargs=4, metavar=("FMT", "LAYERS", "WORDS", "OUT"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    db = args.db or Path(f"/tmp/mawsua-bench-export-{args.n}.db")
    if args.one:
        fmt, layers, words, out = args.one
        one(db, fmt, layers or None, words, Path(out))
        return
    if not db.exists():
        build(db, args.n, args.base)
    print(f"store {db}: {db.stat().st_size / 1e6:.0f} MB (plain-text table "
          f"{text_table_mb(db)})", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for label, fmt, layers, words in RUNS:
            out = Path(tmp) / f"x.{fmt}"
            r = subprocess.run([sys.executable, __file__, "--db", str(db), "-n", str(args.n),
                                "--one", fmt, layers or "", words, str(out)],
                               capture_output=True, text=True, check=True)
            d = json.loads(r.stdout.strip().splitlines()[-1])
            print(f"{label:32s} {d['articles']:>7} articles  "
                  f"{d['articles'] / d['seconds']:7.0f} articles/s  "
                  f"{d['bytes'] / 1e6:7.1f} MB out  peak {d['peak_mb']:5.0f} MB "
                  f"(before the export {d['base_mb']:.0f} MB)", flush=True)
            out.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
