"""A fixed random sample of unseen articles for reading quotes and timexes by hand (issue 11).

Draws, with a fixed seed, articles of ``../shared/corpus2`` (Egyptian, Emirati and
international outlets) and a few of ``../shared/corpus`` that are not in the dev gold,
writes them as one JSON Lines file (the corpus format, so ``mawsua read`` takes it as it
is), runs the annotators on it and prints every quote (text, speaker, cue) and every timex
(text, value, anchor) with a little context, one article after another, for a person to
judge.  The judgements and counts are in ``docs/quotes.md``.

Usage::

    MAWSUA_SHARED=/work/shared .venv/bin/python bench/quotes_sample.py ids      # the sample ids
    MAWSUA_SHARED=/work/shared .venv/bin/python bench/quotes_sample.py show > out.txt
    MAWSUA_SHARED=/work/shared .venv/bin/python bench/quotes_sample.py show b   # sample B (C)

Sample A (the default) was read before the fixes and drove them; samples B and C are further
disjoint draws (other seeds, longer articles allowed, corpus2 only). B was read after the fixes
of A (its first reading is a held-out check) and then drove a second round; C was read only
once all fixes were made, old code against new (held out throughout). See docs/quotes.md.

Articles longer than ``MAX_CHARS`` are left out of the draw so that every sampled article
can be read in full.
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
SEED = 20261207
MAX_CHARS = 3500
MAX_CHARS_B = 6000
MIN_CHARS = 300
# outlet groups of corpus2 and how many of each to draw
GROUPS = {
    "egypt": (("elwatannews", "shorouknews", "akhbarelyom", "dostor", "almasryalyoum",
               "fjponline", "youm7", "masrawy", "alahram"), 18),
    "uae": (("skynewsarabia", "alarabiya"), 16),
    "international": (("cnnarabic", "bbcarabic"), 6),
}
N_CORPUS = 5



def sample(which: str = "a") -> list[dict]:
    """The sampled rows (corpus format dicts), corpus2 groups first, then corpus rows;
    ``which`` ``b``: the second draw (disjoint from A, corpus2 only)."""
    rng = random.Random(SEED)
    rows2 = [r for r in jsonl_rows(SHARED / "corpus2" / "articles.jsonl")
             if r.get("lang") == "ar" and MIN_CHARS <= len(r.get("text") or "") <= MAX_CHARS
             and r.get("section") != "articles"]  # opinion columns: few reports
    out: list[dict] = []
    for _name, (outlets, n) in GROUPS.items():
        pool = sorted((r for r in rows2 if r["outlet"] in outlets), key=lambda r: r["id"])
        out.extend(rng.sample(pool, n))
    taken = {r["id"] for r in out}
    for draw in "bcd":
        rng_b = random.Random(SEED + 1 + "bcd".index(draw))
        pool_b = sorted((r for r in jsonl_rows(SHARED / "corpus2" / "articles.jsonl")
                         if r.get("lang") == "ar" and r["id"] not in taken
                         and MIN_CHARS <= len(r.get("text") or "") <= MAX_CHARS_B
                         and r.get("section") != "articles"), key=lambda r: r["id"])
        out_b: list[dict] = []
        for _name, (outlets, n) in GROUPS.items():
            group = [r for r in pool_b if r["outlet"] in outlets]
            out_b.extend(rng_b.sample(group, n * 3 // 4))
        if which == draw:
            return out_b
        taken |= {r["id"] for r in out_b}
    gold = {p.stem for p in (SHARED / "gold" / "dev").glob("*.json")}
    pool1 = sorted((r for r in jsonl_rows(SHARED / "corpus" / "articles.jsonl")
                    if r.get("lang") == "ar" and r["id"] not in gold and r.get("published")
                    and MIN_CHARS <= len(r.get("text") or "") <= MAX_CHARS),
                   key=lambda r: r["id"])
    out.extend(rng.sample(pool1, N_CORPUS))
    return out



def show(rows: list[dict]) -> None:
    """Prints every quote and timex of the sampled rows, numbered, for judging by hand."""
    nq = nt = 0
    for d in read_rows(rows):
        text = d["text"]
        m = d["metadata"]
        print(f"\n=== {d['id']} | {d['metadata'].get('outlet')} | {m.get('published') or m.get('published_local')}")
        for q in d.get("quotes") or []:
            nq += 1
            a = q
            sp = a.get("speaker")
            ss, se = a.get("speaker_start"), a.get("speaker_end")
            mention = text[ss:se] if ss is not None else None
            print(f"Q{nq} [{q['label']}] «{text[q['start']:q['end']][:160]}»")
            print(f"    speaker={sp!r} mention={mention!r} implied={a.get('speaker_implied')}"
                  f" cue={a.get('cue')!r}")
            if ss is not None:
                print("    at: " + in_context(text, ss, se, 50))
        for t in d.get("timexes") or []:
            nt += 1
            a = t
            print(f"T{nt} [{t['label']}] {text[t['start']:t['end']]!r} -> {a.get('value')}"
                  f" kind={a.get('kind')} mod={a.get('modifier')} anchor={a.get('anchor')}")
            print("    " + in_context(text, t["start"], t["end"], 40))
    print(f"\nquotes {nq} timexes {nt}")


def main(argv: list[str]) -> int:
    rows = sample(argv[1] if len(argv) > 1 else "a")
    if argv[:1] == ["ids"]:
        for r in rows:
            print(r["id"], r["outlet"], sep="\t")
        return 0
    show(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
