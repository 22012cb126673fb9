"""``mawsua eval seed``: ``read`` the seed dump and score it against its gold reading.

The gold file (default ``../shared/gold/seed.json``) lists what a correct reading contains.
Each section is scored as ``correct / total`` items:

* ``metadata``: ``published_local``, ``timezone``, ``outlet``, ``aggregator``, ``section``,
  ``language`` equal; ``title`` correct when gold has none and ours is absent or marked derived.
* ``repairs``: the repaired form is in ``text`` and a repair of the gold kind lies inside the
  gold raw fragment.
* ``blocks``: a block of the gold kind with the gold text (embedded posts: platform, language,
  author, handle, date and text attributes too).
* ``entities``: an entity span of the gold type whose surface is a gold mention (``found``) and
  all gold mentions present under one entity key (``grouped``): two items per entity.
* ``quotes``: a quote whose text equals the gold text (whitespace runs folded to one space),
  with the gold kind and speaker (gold ``unnamed sources (...)`` accepts any
  ``unnamed source...`` speaker).
* ``not_quotes``: no quote has the term as its text.
* ``timexes``: a timex with the gold surface and value. ``quantities``: surface, value (and
  unit when given).

``overall`` is all correct items over all items (0..1, 3 decimals).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mawsua.app.eval_gold import quantity_texts, squeeze
from mawsua.app.read import article_json, read_paths
from mawsua.config import shared_path
from mawsua.errors import Ok

DEFAULT_SEED = shared_path("seed/000_6afea4c6e43b9a86.txt")
DEFAULT_GOLD = shared_path("gold/seed.json")
_METADATA_FIELDS = ("published_local", "timezone", "outlet", "aggregator", "section", "language")
_WS = re.compile(r"\s+")


def _forms(span: dict[str, Any]) -> set[str]:
    """The ways the gold may list a mention: its surface, and the surface without a glued
    proclitic (``لطهران`` → ``طهران``; the gold lists some glued forms, such as ``بالعراق``,
    and some bare ones)."""
    pro = span.get("proclitic") or ""
    text = span["text"]
    return {text, text[len(pro):]} if pro and text.startswith(pro) else {text}


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _speaker_ok(ours: str | None, gold: str) -> bool:
    if gold.startswith("unnamed source"):
        return bool(ours) and str(ours).startswith("unnamed source")
    return ours == gold


def _section(items: list[dict[str, Any]]) -> dict[str, Any]:
    ok = sum(1 for i in items if i["ok"])
    return {"correct": ok, "total": len(items), "items": items}


def score(doc: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    """Score one article in the JSON contract (``read --json``) against a gold reading.

    Returns ``{"sections": {name: {"correct", "total", "items"}}, "correct", "total",
    "overall"}``; each item has ``ok`` and what was checked.
    """
    text, raw, md = doc["text"], doc["raw_text"], doc["metadata"]
    gm = gold.get("metadata", {})
    meta = [{"field": f, "gold": gm[f], "got": md.get(f), "ok": md.get(f) == gm[f]}
            for f in _METADATA_FIELDS if f in gm]
    if "title" in gm:
        got = md.get("title")
        ok = got == gm["title"] or (gm["title"] is None and (not got or md.get("title_derived")))
        meta.append({"field": "title", "gold": gm["title"], "got": got, "ok": bool(ok)})

    repairs = []
    for g in gold.get("repairs", []):
        at = raw.find(g["raw"])
        ok = g["repaired"] in text and at >= 0 and any(
            r["kind"] == g["kind"] and at <= r["raw_start"] and r["raw_end"] <= at + len(g["raw"])
            for r in doc["repairs"])
        repairs.append({"kind": g["kind"], "repaired": g["repaired"], "ok": ok})

    blocks = []
    for g in gold.get("blocks", []):
        same = [b for b in doc["blocks"] if b["label"] == g["kind"]]
        if g["kind"] == "embedded_post":
            keys = ("platform", "language", "author", "handle", "date", "text")
            # the post's own text (its paragraphs joined) is the block's ``post_text``;
            # the span's ``text`` is its surface, attribution line included
            same = [{**b, "text": b.get("post_text", b["text"])} for b in same]
            ok = any(all(b.get(k) == g.get(k) for k in keys if k in g) for b in same)
        else:
            ok = any(b["text"] == g["text"] for b in same)
        blocks.append({"kind": g["kind"], "text": g["text"][:60], "ok": ok})

    entities = []
    spans = doc["entities"]
    for g in gold.get("entities", []):
        typed = [s for s in spans if s["label"] == g["type"] and _forms(s) & set(g["mentions"])]
        entities.append({"canonical": g["canonical"], "check": "found", "ok": bool(typed)})
        keys = {s.get("entity") for s in typed}
        grouped = any(all(any(m in _forms(s) and s.get("entity") == k for s in spans)
                          for m in g["mentions"]) for k in keys)
        entities.append({"canonical": g["canonical"], "check": "grouped", "ok": grouped})

    quotes = []
    for g in gold.get("quotes", []):
        hits = [q for q in doc["quotes"] if _norm(q["text"]) == _norm(g["text"])]
        q = hits[0] if hits else None
        item = {"text": g["text"][:50], "found": q is not None,
                "speaker": q and q.get("speaker"), "gold_speaker": g["speaker"],
                "kind": q and q["label"], "gold_kind": g["kind"],
                "cue": q and q.get("cue"), "gold_cue": g.get("cue")}
        item["speaker_ok"] = q is not None and _speaker_ok(q.get("speaker"), g["speaker"])
        item["kind_ok"] = q is not None and q["label"] == g["kind"]
        item["ok"] = item["speaker_ok"] and item["kind_ok"]
        quotes.append(item)

    not_quotes = [{"text": t, "ok": not any(_norm(q["text"]) == t for q in doc["quotes"])}
                  for t in gold.get("not_quotes", [])]
    timexes = [{"text": g["text"], "value": g["value"],
                "ok": any(t["text"] == g["text"] and t.get("value") == g["value"]
                          for t in doc["timexes"])} for g in gold.get("timexes", [])]
    quantities = [{"text": g["text"], "value": g["value"],
                   "ok": any(squeeze(g["text"]) in quantity_texts(doc, x)
                             and x.get("value") == g["value"]
                             and ("unit" not in g or x.get("unit") == g["unit"])
                             for x in doc["quantities"])} for g in gold.get("quantities", [])]

    sections = {name: _section(items) for name, items in (
        ("metadata", meta), ("repairs", repairs), ("blocks", blocks), ("entities", entities),
        ("quotes", quotes), ("not_quotes", not_quotes), ("timexes", timexes),
        ("quantities", quantities))}
    correct = sum(s["correct"] for s in sections.values())
    total = sum(s["total"] for s in sections.values())
    return {"sections": sections, "correct": correct, "total": total,
            "overall": round(correct / total, 3) if total else 0.0}


def evaluate(seed: Path = DEFAULT_SEED, gold: Path = DEFAULT_GOLD) -> dict[str, Any]:
    """Read ``seed`` through the whole pipeline and :func:`score` it against ``gold``.

    Raises:
        OSError: when the gold file cannot be read.
        ValueError: when the seed yields no article or the gold file is not JSON.
    """
    try:
        gold_doc = json.loads(Path(gold).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"{gold}: not a JSON document ({e})") from None
    for outcome in read_paths([seed]):
        if isinstance(outcome, Ok):
            out = score(article_json(outcome.value), gold_doc)
            out["seed"] = str(seed)
            out["gold"] = str(gold)
            return out
        raise ValueError(f"{outcome.path}: {outcome.code} {outcome.reason}")
    raise ValueError(f"{seed}: no article read")


__all__ = ["DEFAULT_GOLD", "DEFAULT_SEED", "evaluate", "score"]
