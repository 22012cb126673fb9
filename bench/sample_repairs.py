"""List the applied ``merged_words`` repairs (and the proposals) on a seeded random sample of
a corpus, for reading by hand (issue 10: precision on unseen news).

    python bench/sample_repairs.py [--corpus ../shared/corpus2/articles.jsonl] [--n 800]
                                   [--seed 20] [--proposals] [--tsv]
                                   [--store-pairs halves|CORPUS.jsonl]

Prints one line per repair: half (a/b, the SHA-1 parity of the article id; the word-pair
table is built from half a), rule, confidence, the raw chunk, its replacement and 40
characters of context each side. Nothing is judged here: the reader judges.

``--store-pairs`` turns the ``store`` rule on as ``mawsua eval repair --store-pairs`` does
(:func:`mawsua.app.eval_repair.store_evidence`): ``halves`` (each article reads the word
pairs of the other half of its corpus) or another corpus standing for the store (e.g. the
development corpus while reading corpus2): no article is its own evidence.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from mawsua.app.eval_repair import store_evidence
from mawsua.app.eval_repair_gold import half_of
from mawsua.clean import clean
from mawsua.clean.merged import use_store_pairs
from mawsua.model import Article, Metadata, Source, sha256_hex

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus2/articles.jsonl")
    ap.add_argument("--n", type=int, default=800, help="articles sampled")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--proposals", action="store_true", help="list proposals, not repairs")
    ap.add_argument("--rules", default="", help="comma-separated rules to list (default all)")
    ap.add_argument("--store-pairs", default=None,
                    help="'halves' or a JSONL corpus standing for the store (rule 'store')")
    args = ap.parse_args(argv)
    rows = [json.loads(ln) for ln in args.corpus.read_text(encoding="utf-8").split("\n")
            if ln.strip()]
    rows = [r for r in rows if r.get("lang") == "ar" and r.get("text")]
    random.Random(args.seed).shuffle(rows)
    rows = rows[: args.n]
    rules = set(filter(None, args.rules.split(",")))
    count: Counter[str] = Counter()
    store = store_evidence(args.store_pairs, args.corpus)
    for r in rows:
        raw = r["text"]
        if store is not None:
            use_store_pairs(store(r["id"]))
        art = clean(Article(r["id"], Source(format="jsonl", sha256=sha256_hex(raw.encode())),
                            Metadata(language="ar", outlet=r.get("outlet")), raw))
        if args.proposals:
            found = [(e, raw) for e in art.proposals]
        else:
            found = [(e, raw) for e in art.edits if e.kind == "merged_words"]
        for e, base in found:
            rule = (e.attrs or {}).get("rule", "?")
            if rules and rule not in rules:
                continue
            count[rule] += 1
            a, b = e.raw_start, e.raw_end
            # repairs are over the text before them; show the raw text around the span
            chunk = base[a:b] if base[a:b].replace(" ", "") == e.replacement.replace(" ", "") \
                else e.replacement.replace(" ", "")
            ctx = base[max(0, a - 40):a].replace("\n", "⏎") + "[" + chunk + "]" + \
                base[b:b + 40].replace("\n", "⏎")
            print(f"{half_of(r['id'])}\t{r.get('outlet')}\t{rule}\t{e.confidence}\t{chunk}\t"
                  f"{e.replacement}\t{ctx}")
    print(f"# {len(rows)} articles; per rule: {dict(count.most_common())}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
