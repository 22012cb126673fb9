"""Hand-judged check of the connect stage on corpus2 (unseen outlets): story links and sections.

How the set was made (``sample``; fixed seed, never from any gold file):

- **pairs**: every pair of Arabic corpus2 articles whose story times are at most 48 h apart and
  whose headlines share at least one light stem of IDF ≥ 2.0 (a content word: a name, a place,
  a rare verb; IDF as the connect terms, :func:`mawsua.connect.features.idf`), grouped by how
  many such stems they share (1, 2, 3 or more), then :data:`PAIRS_PER_STRATUM` pairs drawn per
  group with ``random.Random(SEED)``: the first group is mostly different events (precision),
  the last mostly one event (recall);
- **sections**: :data:`ARTICLES` corpus2 articles drawn with ``random.Random(SEED)``.

The judgements in ``bench/data/connect_judged.json`` are a reader's (session 22), made from the
headline and the first lines of each article, before looking at what Mawsua outputs for them:
``same`` for a pair reporting one event (one decision, one announcement, one incident, and its
same-day reactions), ``countries`` the ISO codes the article is about (main first), ``topics``
the topic sections that fit (main first; empty when none of the nine fits);
``countries_also_ok`` codes that are not wrong to file but not required (a club's country in a
player's interview).

``score`` prints, for a store holding corpus2 with its connections:

- pairs: precision and recall of "same story" links against ``same``;
- countries / topics: precision of the filed sections (share of filed codes in the judged list)
  and recall of the main one (the judged first code among the filed ones).

Usage::

    .venv/bin/python bench/connect_judged.py sample --db STORE > candidates.json
    .venv/bin/python bench/connect_judged.py score --db STORE [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import orjson

SEED = 22
PAIRS_PER_STRATUM = {1: 13, 2: 13, 3: 14}
ARTICLES = 40
WINDOW_S = 48 * 3600
MIN_IDF = 2.0
JUDGED = Path(__file__).parent / "data" / "connect_judged.json"


def _headline_stems(title: str | None) -> set[str]:
    from mawsua.arabic.fold import tokens
    from mawsua.connect.features import idf, term_of

    return {t for w in tokens(title or "") if (t := term_of(w)) and idf(w) >= MIN_IDF}


def sample(db: Path) -> dict:
    """The candidate pairs and articles (module docstring), with headline and lead to judge."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT a.id, a.title, f.data FROM articles a JOIN connect_features f ON f.n = a.n "
        "ORDER BY a.id").fetchall()
    arts = []
    for aid, title, blob in rows:
        d = orjson.loads(blob)
        if d.get("time") and d.get("language") == "ar":
            arts.append((aid, datetime.fromisoformat(d["time"]), _headline_stems(title)))
    strata: dict[int, list[tuple[str, str]]] = {1: [], 2: [], 3: []}
    for (a, ta, sa), (b, tb, sb) in itertools.combinations(arts, 2):
        k = len(sa & sb)
        if k and abs((ta - tb).total_seconds()) <= WINDOW_S:
            strata[min(k, 3)].append((a, b))
    rng = random.Random(SEED)
    pairs = []
    for k, n in PAIRS_PER_STRATUM.items():
        pairs += [{"a": a, "b": b, "shared_headline_stems": k}
                  for a, b in rng.sample(strata[k], n)]
    ids = [r[0] for r in rows]
    articles = [{"id": i} for i in random.Random(SEED).sample(ids, ARTICLES)]
    title = {i: str(t) for i, t in conn.execute("SELECT id, title FROM articles")}
    for p in pairs:
        p["title_a"], p["title_b"] = title.get(p["a"]), title.get(p["b"])
    for a in articles:
        a["title"] = title.get(a["id"])
    return {"seed": SEED, "pairs": pairs, "articles": articles}


def score(db: Path, judged: Path = JUDGED) -> dict:
    """Precision/recall of the store's story links and sections against the judged set."""
    data = json.loads(judged.read_text(encoding="utf-8"))
    conn = sqlite3.connect(db)
    story = dict(conn.execute("SELECT a.id, l.story FROM articles a JOIN article_links l "
                              "ON l.n = a.n"))
    tp = fp = fn = 0
    wrong = []
    for p in data["pairs"]:
        linked = story.get(p["a"]) is not None and story.get(p["a"]) == story.get(p["b"])
        tp += linked and p["same"]
        fp += linked and not p["same"]
        fn += (not linked) and p["same"]
        if linked != p["same"]:
            wrong.append({"a": p["a"], "b": p["b"], "same": p["same"], "linked": linked})
    out = {"pairs": {"judged": len(data["pairs"]), "same": sum(p["same"] for p in data["pairs"]),
                     "linked_right": tp, "linked_wrong": fp, "missed": fn,
                     "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                     "recall": round(tp / (tp + fn), 3) if tp + fn else None,
                     "errors": wrong}}
    for kind, key in (("country", "countries"), ("topic", "topics")):
        filed_n = right = main_found = main_n = 0
        errors = []
        for a in data["articles"]:
            filed = [c for (c,) in conn.execute(
                "SELECT s.code FROM article_sections s JOIN articles x ON x.n = s.n "
                "WHERE x.id = ? AND s.kind = ? ORDER BY s.score DESC, s.code", (a["id"], kind))]
            ok = a[key]
            fine = set(ok) | set(a.get(f"{key}_also_ok", ()))
            filed_n += len(filed)
            right += sum(c in fine for c in filed)
            if ok:
                main_n += 1
                main_found += ok[0] in filed
            if set(filed) - fine or (ok and ok[0] not in filed):
                errors.append({"id": a["id"], "filed": filed, "judged": ok})
        out[key] = {"filed": filed_n, "right": right,
                    "precision": round(right / filed_n, 3) if filed_n else None,
                    "main_recall": round(main_found / main_n, 3) if main_n else None,
                    "errors": errors}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cmd", choices=["sample", "score"])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.cmd == "sample":
        json.dump(sample(a.db), sys.stdout, ensure_ascii=False, indent=1)
        return
    r = score(a.db)
    if a.json:
        json.dump(r, sys.stdout, ensure_ascii=False, indent=1)
        return
    p = r["pairs"]
    print(f"pairs: {p['judged']} judged, {p['same']} same; linked right {p['linked_right']}, "
          f"wrong {p['linked_wrong']}, missed {p['missed']}: P {p['precision']} R {p['recall']}")
    for key in ("countries", "topics"):
        s = r[key]
        print(f"{key}: filed {s['filed']}, right {s['right']}: P {s['precision']}, "
              f"main found {s['main_recall']}")


if __name__ == "__main__":
    main()
