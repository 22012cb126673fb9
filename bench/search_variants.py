"""How many distinct corpus words each search-variant rule conflates (issue 10, item 3).

Usage: python bench/search_variants.py [--samples N]

Builds the folded vocabulary of ``../shared/corpus`` and ``../shared/corpus2`` (articles.jsonl,
Arabic rows) and, for every rule of :func:`mawsua.arabic.variants.search_variants` and for the
rules that were considered and rejected, counts the pairs of attested words the rule would make
meet, with samples to read. A rule that joins unrelated common words is wrong (docs/search.md).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from mawsua.arabic.fold import tokens
from mawsua.arabic.variants import _rule_variants, variant_groups

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT.parent / "shared" / c / "articles.jsonl" for c in ("corpus", "corpus2")]
_AR = re.compile("^[\u0621-\u064a]+$")


def vocabulary() -> Counter[str]:
    """Folded Arabic word counts of both corpora."""
    vocab: Counter[str] = Counter()
    for path in CORPORA:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("lang", "ar") != "ar":
                continue
            vocab.update(t for t in tokens(row.get("text") or "") if _AR.match(t))
    return vocab


def _swap_end(w: str) -> Iterable[str]:
    if w.endswith("يا"):
        yield w[:-1] + "ه"
    elif w.endswith("يه"):
        yield w[:-1] + "ا"


def _g_letters(w: str) -> Iterable[str]:
    for i, c in enumerate(w):
        if c in "غجكق":
            for d in "غجكق":
                if d != c:
                    yield w[:i] + d + w[i + 1:]


def _rules() -> dict[str, Callable[[str], Iterable[str]]]:
    groups = variant_groups()
    return {
        "applied: امريك/اميرك, ؤو/ئو, اؤ/ائ + suffix": lambda w: _rule_variants(w) - {w},
        "applied: gazetteer spellings": lambda w: groups.get(w, frozenset()) - {w},
        "rejected: final يا/ية": _swap_end,
        "rejected: g letters غ/ج/ك/ق": _g_letters,
    }


def main(argv: list[str]) -> int:
    """Print, per rule, the number of attested pairs and samples (most frequent first)."""
    samples = int(argv[argv.index("--samples") + 1]) if "--samples" in argv else 12
    vocab = vocabulary()
    print(f"vocabulary: {len(vocab):,} distinct folded Arabic words")
    for name, rule in _rules().items():
        pairs = {tuple(sorted((w, v))) for w in vocab for v in rule(w) if v in vocab}
        ranked = sorted(pairs, key=lambda p: -min(vocab[p[0]], vocab[p[1]]))
        print(f"\n{name}: {len(pairs)} attested pairs")
        for a, b in ranked[:samples]:
            print(f"   {a} ({vocab[a]}) ~ {b} ({vocab[b]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
