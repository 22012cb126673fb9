"""Build the word-pair table of the merged-word repair (``src/mawsua/data/bigrams_ar.marisa``).

Usage: python bench/build_bigrams.py [--out PATH] [--min-count N]

Sources (Arabic running text, counted by :func:`mawsua.arabic.bigrams.count_pairs`):

* ``../shared/corpus/articles.jsonl``: the Arabic rows (title and text) of **half a** only,
  by article id (:func:`mawsua.app.eval_repair_gold.half_of`, the SHA-1 parity the gold eval
  uses). Half b is kept out, so the synthetic eval (``mawsua eval repair``, which reports its
  figures per half) and the judged gold's half b are measured on articles the table has never
  seen; half a's figures are flattered by it and are labelled so;
* ``../shared/corpus2/articles.jsonl``: half a of the second corpus the same way (its half b
  is where repairs on unseen outlets are read by hand);
* ``../shared/ner/anercorp_train.txt``: the tokens of ANERcorp's training part, one sentence
  per blank-line-separated block.

Only pairs seen at least ``--min-count`` times (default 2) are kept, with the token counts of
their joined forms and the total number of word tokens: counts, never text. ANERcorp's tags
also give the words tagged as part of a person's name in at least half of their occurrences
(:func:`mawsua.arabic.bigrams.person_names`), with their counts. About 2.5 MB.
Licences: the counts are derived statistics of CC BY-NC-SA (SaudiNewsNet), research-use
(ANT, ANERcorp) and Apache-2.0 (ArabicNewsCredibility2013) texts; no sentence is stored.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

from mawsua.app.eval_repair_gold import half_of
from mawsua.arabic import bigrams

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus_texts(path: Path, half: str = "a") -> Iterator[str]:
    """Titles and texts of the Arabic rows of a JSONL corpus whose id falls in ``half``."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("lang") != "ar" or half_of(str(row.get("id"))) != half:
                continue
            for key in ("title", "text"):
                if isinstance(row.get(key), str):
                    yield row[key]


def conll_sentences(path: Path) -> Iterator[str]:
    """The sentences of a CoNLL-style file (token TAB tag, blank line between sentences)."""
    sent: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            tok = line.split("\t")[0].strip()
            if tok:
                sent.append(tok)
            elif sent:
                yield " ".join(sent)
                sent = []
    if sent:
        yield " ".join(sent)


def conll_tagged(path: Path) -> Iterator[tuple[str, str]]:
    """``(token, tag)`` of every token line of a CoNLL-style file."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            tok, _, tag = line.rstrip("\n").partition("\t")
            if tok.strip() and tag.strip():
                yield tok.strip(), tag.strip()


def main() -> None:
    """Count the sources and write the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=bigrams.DATA_FILE)
    ap.add_argument("--min-count", type=int, default=bigrams.MIN_PAIR_COUNT)
    args = ap.parse_args()

    def texts() -> Iterator[str]:
        yield from corpus_texts(SHARED / "corpus" / "articles.jsonl")
        yield from corpus_texts(SHARED / "corpus2" / "articles.jsonl")
        yield from conll_sentences(SHARED / "ner" / "anercorp_train.txt")

    total, pairs, words = bigrams.count_pairs(texts())
    names = bigrams.person_names(conll_tagged(SHARED / "ner" / "anercorp_train.txt"))
    kept = bigrams.save(args.out, total, pairs, words, args.min_count, names)
    print(json.dumps({"tokens": total, "pairs_seen": len(pairs), "pairs_kept": kept,
                      "person_names": len(names),
                      "bytes": args.out.stat().st_size, "out": str(args.out)}))


if __name__ == "__main__":
    main()
