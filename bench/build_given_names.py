"""Build ``src/mawsua/data/ner/given_names.txt`` from the NER training data (ANERcorp,
``../shared/ner/anercorp_train.txt``): the words that open a person's name of two or more
words at least :data:`MIN_OPENS` times and in at least :data:`MIN_SHARE` of their uses
(``جمال`` opens ``جمال مبارك``-like names 4 times in 5; ``نظام``, ``عهد`` never do). Read by
:func:`mawsua.annotate.ner.given_names` (session 26: a surname after another given name is
another person). Run: ``python bench/build_given_names.py``."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MAWSUA_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "src" / "mawsua" / "data" / "ner" / "given_names.txt"
#: opens a multi-word person's name this often ...
MIN_OPENS = 2
#: ... and in this share of its occurrences at least
MIN_SHARE = 0.5


def main() -> None:
    rows = []
    for line in (SHARED / "ner" / "anercorp_train.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            rows.append(parts)
    opens: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for i, (word, tag) in enumerate(rows):
        seen[word] += 1
        if tag == "B-PERS" and i + 1 < len(rows) and rows[i + 1][1] == "I-PERS":
            opens[word] += 1
    names = sorted(w for w, c in opens.items()
                   if c >= MIN_OPENS and c / seen[w] >= MIN_SHARE and len(w) >= 2)
    OUT.write_text("# words opening a person's name in ANERcorp (bench/build_given_names.py)\n"
                   + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} given names -> {OUT}")


if __name__ == "__main__":
    main()
