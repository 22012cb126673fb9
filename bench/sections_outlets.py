"""Country sections of corpus2's outlets by the section their own site filed each article under.

Usage: python bench/sections_outlets.py [--corpus2 PATH]

corpus2 (``../shared/corpus2``) keeps, per article, the outlet's country
(``articles_extra.tsv``: ``country``) and the site sections it was listed in
(``all_sections``). Nobody labelled countries, but the site sections say which articles are
local news (``egypt``, ``accidents``, ``investigations``, ``cases``) and which are foreign news
(``internationalNews``, ``world``, ``middleEast``, ``mideast``). A country section works for
such outlets when local news is filed under the outlet's home country and foreign news mostly
is not.

Prints, per outlet country (Egypt, UAE) and kind (local, foreign): articles, the share whose
first country is the home country, the share that has it among their countries, and the share
with no country. Not a test: the figures go in ``docs/connect.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from mawsua.app.read import read_paths
from mawsua.connect.sections import countries
from mawsua.errors import Ok

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LOCAL = {"egypt", "accidents", "investigations", "cases"}
FOREIGN = {"internationalNews", "world", "middleEast", "mideast"}
HOME = {"Egypt": "EG", "UAE": "AE"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus2", type=Path, default=SHARED / "corpus2")
    args = ap.parse_args()
    extra: dict[str, tuple[str, set[str]]] = {}
    with (args.corpus2 / "articles_extra.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            home = next((c for k, c in HOME.items() if row["country"].startswith(k)), None)
            if home:
                extra[row["id"]] = (home, set(row["all_sections"].split("|")))
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    jsonl = args.corpus2 / "articles.jsonl"
    ids = [json.loads(line)["id"] for line in jsonl.open(encoding="utf-8") if line.strip()]
    for rec_id, out in zip(ids, read_paths([jsonl], workers=2), strict=True):
        if not isinstance(out, Ok) or rec_id not in extra:
            continue
        art = out.value.article
        home, secs = extra[rec_id]
        kind = "local" if secs & LOCAL else "foreign" if secs & FOREIGN else None
        if kind is None:
            continue
        codes = [c for c, _ in countries(art)]
        c = counts[(home, kind)]
        c["n"] += 1
        c["first"] += bool(codes) and codes[0] == home
        c["among"] += home in codes
        c["none"] += not codes
    print("home  kind     articles  home first  home among  no country")
    for (home, kind), c in sorted(counts.items()):
        n = c["n"]
        print(f"{home}    {kind:8} {n:8}  {c['first'] / n:10.3f}  {c['among'] / n:10.3f}  "
              f"{c['none'] / n:10.3f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
