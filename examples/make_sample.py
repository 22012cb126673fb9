"""Rebuild examples/sample/ from ../shared (run from the repository root).

Deterministic: the Arabic articles of the hand-checked story clusters, the ten largest Arabic
near-duplicate groups, articles with harakat and Arabic-Indic digits, then a seeded random
draw, up to 300 Arabic SaudiNewsNet articles; plus the seed dump file.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

SHARED = Path("../shared")
OUT = Path("examples/sample")
N = 300


def main() -> None:
    rows = [json.loads(line) for line in (SHARED / "corpus/articles.jsonl").open(encoding="utf-8")]
    ar = {r["id"]: r for r in rows if r["lang"] == "ar" and (r["text"] or "").strip()}
    chosen: list[str] = []

    def take(ids: list[str]) -> None:
        for i in ids:
            if i in ar and i not in chosen and len(chosen) < N:
                chosen.append(i)

    for line in (SHARED / "corpus/story_clusters_manual.jsonl").open(encoding="utf-8"):
        c = json.loads(line)
        take(c.get("same_story_ids", []) + c.get("related_not_same", []))
    groups = [json.loads(line) for line in (SHARED / "corpus/near_duplicate_groups_ar.jsonl").open(encoding="utf-8")]
    for g in sorted(groups, key=lambda g: -g["size"])[:10]:
        take(g["ids"])
    take([i for i, r in ar.items() if re.search("[\u064b-\u0652]", r["text"])][:15])
    take([i for i, r in ar.items() if re.search("[\u0660-\u0669]", r["text"])][:15])
    rest = sorted(set(ar) - set(chosen))
    random.Random(7).shuffle(rest)
    take(rest)
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "saudinewsnet_sample.jsonl").open("w", encoding="utf-8") as f:
        for i in chosen:
            f.write(json.dumps(ar[i], ensure_ascii=False) + "\n")
    shutil.copyfile(SHARED / "seed/000_6afea4c6e43b9a86.txt", OUT / "000_6afea4c6e43b9a86.txt")
    print(f"{len(chosen)} articles + the seed written to {OUT}")


if __name__ == "__main__":
    main()
