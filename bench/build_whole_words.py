"""Build the merged-word repair's verdict table (``src/mawsua/data/merged_whole_ar.marisa``).

Usage: python bench/build_whole_words.py [--top N] [--out PATH]

The table holds the forms among wordfreq's ``N`` most frequent Arabic words (default 500,000,
down to Zipf ~1.2; bundled data, no network) that are Arabic letters only and that
:func:`mawsua.clean.merged.split_word` leaves whole, judged now, plus the fingerprint of the
rules and data those verdicts come from (:func:`mawsua.clean.merged.fingerprint`). A cold
process then skips judging them (the cold cost of the clean stage is mostly judging each new
letter run once; docs/repairs.md, "Speed"). The table is only read while its fingerprint
matches: **rebuild it after changing the merged-word rules, the lexicon, the pair table or the
protected names** (``tests/clean/test_merged_store.py`` fails until then; a stale table is
ignored, so outputs never change, only speed). About 1.2 MB with ``--top 500000``, the
shipped setting; ~9 s of CPU to build.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from mawsua.clean import merged

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "mawsua" / "data" / merged.WHOLE_FILE
#: default number of wordfreq forms judged
TOP = 500_000


def main() -> None:
    """Judge the forms and write the table."""
    import wordfreq

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=TOP)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t0 = time.process_time()
    words = wordfreq.top_n_list("ar", args.top, wordlist="best")
    kept = merged.build_whole_table(words, str(args.out))
    print(json.dumps({"forms": len(words), "kept": kept, "bytes": args.out.stat().st_size,
                      "cpu_seconds": round(time.process_time() - t0, 1),
                      "fingerprint": merged.fingerprint()[:16], "out": str(args.out)}))


if __name__ == "__main__":
    main()
