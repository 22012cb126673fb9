"""The store's word pairs as evidence for the merged-word repair (issue 10: "the same words
seen apart elsewhere in ... the store").

``mawsua store-pairs`` (:func:`build`) counts the folded word pairs of the Arabic articles
already stored (:func:`mawsua.arabic.bigrams.count_pairs`, the shipped pair table's counting)
and writes them beside the store as a pair table (:func:`pairs_path`: ``DB.pairs.marisa`` and
``DB.pairs.counts``), bounded to :data:`MAX_PAIRS` pairs (the rarest dropped first). Ingest
(:func:`wire`, called by :func:`mawsua.app.ingest.ingest_items` before the workers fork)
hands that table to the clean stage (:func:`mawsua.clean.merged.use_store_pairs`), whose
``store`` rule applies a weak cut (frequencies only) the store's text backs. The counts are
built from articles stored before; rebuild them now and then (a cron job beside the feed
watcher): an article's own glue is never its own evidence. A PostgreSQL store has no file
beside it: there the rule stays off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mawsua.arabic import bigrams
from mawsua.clean import merged
from mawsua.model.results import SearchQuery
from mawsua.store.scan import scan
from mawsua.store.sqlite import SqliteStore

#: at most this many pairs are kept (~25 MB on disk; the least frequent are dropped first)
MAX_PAIRS = 2_000_000


def pairs_path(db: str | os.PathLike[str]) -> Path:
    """The pair table beside the SQLite file ``db`` (``news.db`` → ``news.db.pairs.marisa``)."""
    return Path(f"{os.fspath(db)}.pairs.marisa")


def build(store: SqliteStore, out: Path | None = None, max_pairs: int = MAX_PAIRS
          ) -> dict[str, Any]:
    """Count the word pairs of every Arabic article of ``store`` and write them to ``out``
    (default :func:`pairs_path` of the store), keeping pairs seen at least once, or at least
    as often as needed to keep ≤ ``max_pairs`` of them.

    Returns:
        ``{"articles", "tokens", "pairs_seen", "pairs_kept", "min_count", "out"}``.
    """
    out = out or pairs_path(store.path)
    n_articles = 0

    def texts() -> Any:
        nonlocal n_articles
        for rows in scan(store, SearchQuery(text="", language="ar")):
            for row in rows:
                n_articles += 1
                yield row.text

    total, pairs, words = bigrams.count_pairs(texts())
    min_count = 1
    if len(pairs) > max_pairs:  # the count of the first pair left out, plus one
        min_count = sorted(pairs.values(), reverse=True)[max_pairs] + 1
    kept = bigrams.save(out, total, pairs, words, min_count)
    return {"articles": n_articles, "tokens": total, "pairs_seen": len(pairs),
            "pairs_kept": kept, "min_count": min_count, "out": str(out)}


def wire(db: str | os.PathLike[str] | None) -> bool:
    """Hand the pair table beside the SQLite file ``db`` (when there is one, with its
    counts) to the clean stage's ``store`` rule, or turn the rule off (no table, an
    unreadable one, ``db`` ``None`` or a ``postgresql://`` URL: the repair only gets more
    conservative). Returns whether a table is in use."""
    table = None
    path = pairs_path(db) if db is not None and "://" not in os.fspath(db) else None
    if path is not None and path.is_file() and path.with_suffix(".counts").is_file():
        try:
            table = bigrams.Bigrams(path)
        except (OSError, ValueError):
            table = None
    merged.use_store_pairs(table)
    return table is not None


__all__ = ["MAX_PAIRS", "build", "pairs_path", "wire"]
