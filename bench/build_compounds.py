"""Build the compound table of the search (``src/mawsua/data/compounds_ar.tsv``).

Usage: python bench/build_compounds.py [--out PATH] [--corpus FILE.jsonl ...]

Loanwords and names are written closed or open (``فيسبوك``/``فيس بوك``, ``واتساب``/``واتس
اب``, ``كيلو مترات``/``كيلومترات``, ``بيونغ يانغ``): a search for one form missed the other
(user test s25 F33: ``فيسبوك`` 12 articles, ``فيس بوك`` 14, 1 in common). The pairs are
DERIVED from running news text (the development corpora, ``shared/corpus`` and
``shared/corpus2``, titles and texts, folded) and wordfreq: a word pair ``w1 w2`` (both all
Arabic letters) is joinable when

* it is seen at least :data:`MIN_PAIR` times (``وين دي`` of ``وين دي بروين``, twice, is no
  ``ويندي`` "Wendy"), each word at least 2 letters long;
* the joined form ``w1w2`` is a word too: in wordfreq with Zipf ≥ :data:`MIN_JOINED_ZIPF`,
  and the clean stage's merged-word repair (:func:`mawsua.clean.merged.split_word`) leaves it
  whole (``وزيرالدفاع``, ``المؤتمرالصحفي``, ``عيدالفطر`` are glued words it cuts, seen in
  wordfreq's web text too); and it is seen written closed in the corpora as well
  (``تل أبيب`` is never ``تلابيب``, a word of its own: "collar"), and it does not read as a
  proclitic and a frequent word (``فال خير`` is no ``فالخير`` "so the good");
* neither word is one of wordfreq's :data:`COMMON` most frequent forms (``في``, ``ما``,
  ``لا``: ``بين ما``/``بينما``, ``كل ما``/``كلما`` are other words);
* the two words belong together: at least :data:`MIN_BOND` of the occurrences of one of
  them are in this pair (``فيس`` is followed by ``بوك`` 27 times of 27). Two frequent words
  that happen to spell another word when joined fail it (``تي ار``/``تيار`` "current",
  ``الف لتر``/``الفلتر`` "the filter", ``مليار ين``/``مليارين`` "two billion").

A pair whose first word is a proclitic form of another kept pair's (``وفيس بوك``) is left
out: the search strips proclitics itself. Lines ``joined<TAB>first<TAB>second`` (folded),
sorted.
"""

from __future__ import annotations

import argparse
import math
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import orjson

from mawsua.arabic.fold import TOKEN_RE, fold
from mawsua.clean.merged import split_word

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "mawsua" / "data" / "compounds_ar.tsv"
#: the fewest times a pair is seen in the corpora
MIN_PAIR = 3
#: the least wordfreq Zipf frequency of the joined form
MIN_JOINED_ZIPF = 1.5
#: wordfreq's most frequent forms, never part of a compound
COMMON = 300
#: the least share of one word's occurrences that are in the pair
MIN_BOND = 0.3
#: a joined form that is a proclitic and a word at least this frequent is that word
CLITIC_WORD_ZIPF = 3.5
_ARABIC = re.compile("^[\u0621-\u064a]+$")
_PROCLITICS = ("وال", "بال", "ال", "و", "ب", "ل", "ف", "ك")


def article_tokens(paths: list[Path]) -> Iterator[list[str]]:
    """The folded tokens of the title and text of each article of the JSON Lines files
    ``paths`` (a line that is no JSON is skipped)."""
    for path in paths:
        with path.open("rb") as fh:
            for line in fh:
                try:
                    rec = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                yield TOKEN_RE.findall(fold(f"{rec.get('title') or ''}\n{rec.get('text') or ''}"))


def counts(paths: list[Path]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Folded token and adjacent-pair counts of the titles and texts of ``paths``."""
    uni: Counter[str] = Counter()
    bi: Counter[tuple[str, str]] = Counter()
    for toks in article_tokens(paths):
        uni.update(toks)
        bi.update(zip(toks, toks[1:], strict=False))
    return uni, bi


def _clitic_word(joined: str, wordfreq: object) -> bool:
    """Whether ``joined`` reads as a proclitic and a frequent word (``فالخير`` = ``ف`` +
    ``الخير``, not the omen ``فأل خير``)."""
    for p in ("و", "ف", "ب", "ل", "ك"):
        rest = joined[len(p):]
        if joined.startswith(p) and len(rest) >= 3:
            f = wordfreq.word_frequency(rest, "ar")  # type: ignore[attr-defined]
            if f and math.log10(f) + 9 >= CLITIC_WORD_ZIPF:
                return True
    return False


def derive(paths: list[Path]) -> list[tuple[str, str, str]]:
    """``(joined, first, second)`` rows (see the module doc)."""
    import wordfreq

    uni, bi = counts(paths)
    common = {fold(w) for w in wordfreq.top_n_list("ar", COMMON)}
    kept: dict[tuple[str, str], str] = {}
    for (a, b), n in bi.items():
        if n < MIN_PAIR or len(a) < 2 or len(b) < 2 or a in common or b in common:
            continue
        if not (_ARABIC.match(a) and _ARABIC.match(b)):
            continue
        joined = a + b
        f = wordfreq.word_frequency(joined, "ar")
        if not f or math.log10(f) + 9 < MIN_JOINED_ZIPF or split_word(joined) is not None:
            continue
        if uni[joined] < 1 or _clitic_word(joined, wordfreq):
            continue
        if max(n / uni[a], n / uni[b]) < MIN_BOND:
            continue
        kept[(a, b)] = joined
    rows = []
    for (a, b), joined in kept.items():
        if any(a.startswith(p) and (a[len(p):], b) in kept for p in _PROCLITICS):
            continue
        rows.append((joined, a, b))
    return sorted(rows)


def main() -> None:
    """Derive the pairs and write the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--corpus", type=Path, nargs="*")
    args = ap.parse_args()
    shared = Path(os.environ.get("MAWSUA_SHARED", ROOT.parent / "shared"))
    paths = args.corpus or [shared / "corpus" / "articles.jsonl",
                            shared / "corpus2" / "articles.jsonl"]
    rows = derive(paths)
    text = "# joined\tfirst\tsecond (folded; bench/build_compounds.py)\n"
    args.out.write_text(text + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
