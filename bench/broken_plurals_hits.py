"""Hits of singular and broken-plural queries before and after the broken-plural table.

Usage: python bench/broken_plurals_hits.py --db STORE [--top 100] [--sample 30] [--seed 26]

For the ``--top`` plurals of ``mawsua/data/broken_plurals_ar.tsv`` most frequent in the store
(folded body words, with and without ``ال``), the total of ``mawsua search`` for the
singular and for the plural without the table (``before``: :func:`mawsua.arabic.variants.
number_pairs` empty) and with it (``after``); then ``--sample`` random extra hits (an article
found after, not before) with the sentence around the counterpart, to read by hand.
"""

from __future__ import annotations

import argparse
import random
import re
from importlib import resources

from mawsua.arabic import variants
from mawsua.arabic.fold import fold
from mawsua.model.results import SearchQuery
from mawsua.store import fts
from mawsua.store.sqlite import SqliteStore


def _ids(store: SqliteStore, text: str) -> set[str]:
    out: set[str] = set()
    offset = 0
    while True:
        page = store.search(SearchQuery(text=text, limit=200, offset=offset))
        out.update(h.id for h in page.items)
        offset += 200
        if offset >= page.total or not page.items:
            return out


def _run(store: SqliteStore, words: list[str], table: dict[str, tuple[str, ...]] | None
         ) -> dict[str, set[str]]:
    variants._NUMBER_PAIRS = table  # None: loaded from the table again
    fts.parse_query.cache_clear()
    return {w: _ids(store, w) for w in words}


def main() -> None:
    """Print the table of hits and the sample of extra hits."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=26)
    args = ap.parse_args()
    store = SqliteStore(args.db, readonly=True)
    body = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    text = (resources.files("mawsua") / "data" / "broken_plurals_ar.tsv").read_text(
        encoding="utf-8")
    rows = [ln.split("\t")[:2] for ln in text.splitlines() if ln and not ln.startswith("#")]
    words = sorted({w for r in rows for w in r})
    after = _run(store, words, None)
    before = _run(store, words, {})
    variants._NUMBER_PAIRS = None
    fts.parse_query.cache_clear()
    rows.sort(key=lambda r: -len(before[r[1]]))
    rows = rows[: args.top]
    print(f"{body} articles; {len(rows)} pairs, plurals most found first")
    print("singular\tplural\tsingular before\tafter\tplural before\tafter")
    tot = [0, 0, 0, 0]
    extra: list[tuple[str, str, str]] = []
    for s, p in rows:
        vals = [len(before[s]), len(after[s]), len(before[p]), len(after[p])]
        tot = [a + b for a, b in zip(tot, vals, strict=True)]
        print(f"{s}\t{p}\t" + "\t".join(map(str, vals)))
        extra += [(s, p, i) for i in sorted(after[s] - before[s])]
        extra += [(p, s, i) for i in sorted(after[p] - before[p])]
    print("total\t\t" + "\t".join(map(str, tot)))
    rnd = random.Random(args.seed)
    print(f"\n{len(extra)} extra hits; a sample of {args.sample}:")
    for q, other, aid in rnd.sample(extra, min(args.sample, len(extra))):
        art = store.get(aid)
        text = f"{art.metadata.title or ''} ■ {art.text}"
        folded = fold(text)
        m = re.search(rf"(?<!\w)\w{{0,4}}{re.escape(other)}(?!\w)", folded)
        ctx = folded[max(0, m.start() - 60): m.end() + 60] if m else "(no exact form?)"
        print(f"- query {q} → {aid}: …{' '.join(ctx.split())}…")


if __name__ == "__main__":
    main()
