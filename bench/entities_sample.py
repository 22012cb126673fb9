"""A fixed random sample of unseen corpus2 articles for reading entity mentions by hand (issue 11).

Draws, with a fixed seed, 30 articles of ``../shared/corpus2`` (Egyptian 2013, Emirati 2018 and
international outlets; none of them in the dev gold), runs ``read`` on them and prints every
entity mention (text, type, canonical name, country, source) with a little context, numbered,
one article after another, for a person to judge right or wrong.  Session 22's counts (before
and after the fixes of the entity kinds F3, F4, F11, F20, F21, F22, F29, F31 of the s21 user
test) are in ``docs/entities.md`` (*Unseen news, read by hand*).

Usage::

    MAWSUA_SHARED=/work/shared .venv/bin/python bench/entities_sample.py ids
    MAWSUA_SHARED=/work/shared .venv/bin/python bench/entities_sample.py show > out.txt

Articles longer than ``MAX_CHARS`` are left out of the draw so that every sampled article can
be read in full.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from _corpus import in_context, read_rows
from _corpus import rows as jsonl_rows

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MAWSUA_SHARED", ROOT.parent / "shared"))
SEED = 2212
MAX_CHARS = 2500
MIN_CHARS = 300
# outlet groups of corpus2 and how many of each to draw
GROUPS = {
    "egypt": (("elwatannews", "shorouknews", "akhbarelyom", "dostor", "almasryalyoum",
               "fjponline", "youm7", "masrawy", "alahram"), 16),
    "uae": (("skynewsarabia", "alarabiya"), 12),
    "international": (("cnnarabic", "bbcarabic"), 2),
}



def sample() -> list[dict]:
    """The sampled rows (corpus format dicts), in the order of ``GROUPS``."""
    rng = random.Random(SEED)
    rows = [r for r in jsonl_rows(SHARED / "corpus2" / "articles.jsonl")
            if r.get("lang") == "ar" and MIN_CHARS <= len(r.get("text") or "") <= MAX_CHARS]
    out: list[dict] = []
    for _name, (outlets, n) in GROUPS.items():
        pool = sorted((r for r in rows if r["outlet"] in outlets), key=lambda r: r["id"])
        out.extend(rng.sample(pool, n))
    return out



def show(rows: list[dict]) -> None:
    """Prints every entity mention of the sampled rows, numbered, for judging by hand."""
    n = 0
    for d in read_rows(rows):
        text = d["text"]
        print(f"\n=== {d['id']} | {d['metadata'].get('outlet')} | {d['metadata'].get('title')}")
        for e in d.get("entities") or []:
            n += 1
            link = e.get("canonical")
            print(f"N{n} {e['entity']} [{e['label'][:3]}] {e['text']!r} -> {link!r}"
                  f" {e.get('country') or '-'} {e['source']}   | {in_context(text, e['start'], e['end'])}")
    print(f"\nmentions {n}")


def main(argv: list[str]) -> int:
    rows = sample()
    if argv[:1] == ["ids"]:
        for r in rows:
            print(r["id"], r["outlet"], sep="\t")
        return 0
    show(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
