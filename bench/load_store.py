"""Build a large store for ``bench/load.py`` from a store of real ingested articles.

The corpora give ~5.7k articles (``mawsua ingest ../shared/corpus/articles.jsonl
../shared/corpus2/articles.jsonl --db base.db``). To reach ``--target`` articles, the stored
articles are copied whole — every row of ``articles``, ``documents``, ``article_text``,
``article_entities``, ``article_sections``, ``article_links`` and ``stories`` — with a new
article number, id (``<id>~<k>``), SHA-256 (``<sha>~<k>``), URL (``<url>#<k>``) and story
number; the full-text index of the copies is then built by the store itself (``fts_pending``,
indexed when the store is opened for writing). The copies' near-duplicate features
(``connect_features``, ``lsh_bands``, ``story_keys``) are not copied: an article written during
the load run is compared with the originals only. So the copies have the real size, text,
annotations and index of real articles, and the page and API queries do the work they would
on a store of that many articles; the texts repeat, which makes search answers ~k times larger
than on k times as many distinct articles.

Also writes ``--writer`` (JSON Lines): corpus records with new ids and URLs, for the writer that
ingests while the load runs.

    python bench/load_store.py --base base.db --out big.db --target 100000 \\
        --writer new.jsonl [--writer-records 2000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

from mawsua.store.sqlite import SqliteStore

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus2" / "articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--target", type=int, default=100_000)
    ap.add_argument("--writer", default=None)
    ap.add_argument("--writer-records", type=int, default=2000)
    a = ap.parse_args()
    t0 = time.perf_counter()
    src = sqlite3.connect(f"file:{a.base}?mode=ro", uri=True)
    dst = sqlite3.connect(a.out, isolation_level=None)
    src.backup(dst)
    src.close()
    off = dst.execute("SELECT max(n) FROM articles").fetchone()[0]
    story_off = dst.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0]
    base_n = dst.execute("SELECT count(*) FROM articles").fetchone()[0]
    copies = max(0, -(-a.target // max(1, base_n)) - 1)
    for k in range(1, copies + 1):
        copy_rows(dst, k, off, story_off)
    total = dst.execute("SELECT count(*) FROM articles").fetchone()[0]
    dst.close()
    t1 = time.perf_counter()
    with SqliteStore(a.out) as store:  # indexes the copies (fts_pending)
        indexed = store.count()
    t2 = time.perf_counter()
    print(f"{base_n:,} articles x {copies + 1} = {total:,} ({indexed:,} indexed); copied in "
          f"{t1 - t0:,.0f} s, full-text indexed in {t2 - t1:,.0f} s")
    if a.writer:
        n = 0
        with open(CORPUS, encoding="utf-8") as fh, open(a.writer, "w", encoding="utf-8") as out:
            for line in fh:
                rec = json.loads(line)
                rec["id"] = f"load-{n}-{rec.get('id', '')}"
                if rec.get("url"):
                    rec["url"] = f"{rec['url']}#load-{n}"
                rec["text"] = rec.get("text", "") + f"\n({n})"  # new bytes: never a duplicate
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
                if n >= a.writer_records:
                    break
        print(f"{n:,} writer records -> {a.writer}")
    return 0


def copy_rows(conn: sqlite3.Connection, k: int, off: int, story_off: int) -> None:
    """Copy ``k``: the original articles (numbers ``1..off``) shifted by ``k * off``."""
    tag = f"~{k}"
    shift, sshift = k * off, k * story_off
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO articles SELECT n + ?1, id || ?2, sha256 || ?2, outlet, "
        "CASE WHEN url IS NULL THEN NULL ELSE url || '#' || ?4 END, published, "
        "published_local, sort_time, section, language, title, title_derived, ingested_at "
        "FROM articles WHERE n <= ?3", (shift, tag, off, k))
    for sql in (
        "INSERT INTO documents SELECT n + ?1, doc, body, raw_text, raw FROM documents "
        "WHERE n <= ?2",
        "INSERT INTO article_text SELECT n + ?1, text FROM article_text WHERE n <= ?2",
        "INSERT INTO article_entities SELECT n + ?1, key, type, canonical FROM "
        "article_entities WHERE n <= ?2",
        "INSERT INTO article_sections SELECT code, n + ?1, kind, score FROM article_sections "
        "WHERE n <= ?2",
        "INSERT INTO fts_pending (n) SELECT n + ?1 FROM articles WHERE n <= ?2",
    ):
        conn.execute(sql, (shift, off))
    conn.execute("INSERT INTO stories SELECT id + ?1, label, label_n + ?2, size, outlets, "
                 "languages, first_seen, last_seen FROM stories WHERE id <= ?3",
                 (sshift, shift, story_off))
    conn.execute("INSERT INTO article_links SELECT n + ?1, dup_group + ?1, duplicate_of + ?1, "
                 "story + ?2 FROM article_links WHERE n <= ?3", (shift, sshift, off))
    conn.execute("COMMIT")


if __name__ == "__main__":
    sys.exit(main())
