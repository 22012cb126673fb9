"""``mawsua eval gold``: score ``read`` against hand-made gold readings, layer by layer.

Gold files (default: every ``*.json`` of ``../shared/gold/dev/`` and ``../shared/gold/seed.json``)
follow the format of ``shared/gold/seed.json`` (conventions in ``shared/gold/dev/README.md``):
``quotes`` (text, speaker, ``speaker_mentions``, cue, kind), ``not_quotes``, ``timexes`` (text,
value), ``entities`` (type, canonical, every mention string) and ``quantities`` (text, value).
A gold file names its article by ``source.file`` + ``source.id`` (a JSON Lines corpus record)
or, for the seed, by ``file`` (a dump under ``shared/``).

Matching (all string comparisons on *squeezed* text: whitespace removed, so a repair that only
inserts or drops spaces never decides a match; quote texts also drop outer punctuation and
quote marks):

* **quotes** — a predicted quote matches a gold quote when their squeezed texts are equal.
  Its speaker is right when one of the predicted speaker's names (the mention under
  ``speaker_start``/``speaker_end``, the ``speaker`` string, every mention of its
  ``speaker_entity``) equals, folded and without one proclitic letter, one of the gold
  speaker's Arabic names: the ``speaker_mentions`` of every gold quote of that speaker and the
  mentions of the gold entity whose canonical name is the speaker (without a parenthesised
  qualifier), or the predicted ``speaker`` equals the gold canonical name; a gold ``unnamed
  source…`` with no Arabic names is matched by a predicted description made of a source word
  (``مصدر``/``مصادر``). Precision counts
  every predicted quote; a predicted quote equal to a gold ``not_quote`` is listed as such.
  ``f1`` is over quotes with the right text *and* speaker; ``text_*`` over texts alone.
* **not_quotes** — a gold not-quote is kept out when no predicted quote has its text.
* **timexes** — a gold timex (one entry, whatever its ``count``) is found when a predicted
  timex's text equals it, contains it or is contained in it; right when such a timex has the
  gold ``value``. ``value_accuracy`` = right / gold entries. A predicted timex that meets no
  gold timex text is a false hit; precision = predicted timexes meeting a gold text with the
  right value / predicted timexes.
* **entities** — per article, each distinct predicted (surface, type) of the body and of the
  headline (``title_entities``: the gold lists the title's names too, with no field to tell)
  is right when the surface
  (or the surface without its ``proclitic``) is a gold mention of an entity of that type;
  recall over the distinct gold mention strings; ``grouping`` = gold entities with two or more
  found mentions whose found mentions all share one predicted entity key.
* **quantities** — a gold quantity is right when a predicted quantity has its text and value;
  precision over predicted quantities whose text is a gold quantity text with the right value.
  A predicted quantity's text is its whole phrase (``أكثر من 100 ألف نسمة``, ``2500 جندي
  أميركي``: bound and adjectives included, the dev gold's convention) or its core
  (``core_start``/``core_end``: number, scale and noun, the seed gold's convention).

Every layer reports ``tp``, ``gold``, ``predicted``, ``precision``, ``recall``, ``f1`` and, with
``details``, every miss and false hit.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mawsua.app.read import article_json, read_paths
from mawsua.arabic.fold import fold
from mawsua.config import shared_path
from mawsua.errors import Ok

DEFAULT_GOLD_DIR = shared_path("gold/dev")
DEFAULT_SEED_GOLD = shared_path("gold/seed.json")
LAYERS = ("quotes", "not_quotes", "timexes", "entities", "quantities")

_WS = re.compile(r"\s+")
_OUTER = "\"'«»“”„‟‘’‹›()[]{}.,،:؛;!?؟…-–— "
_PROCLITICS = "وفبلك"


def squeeze(s: str) -> str:
    """``s`` without any whitespace (the comparison key of every gold string)."""
    return _WS.sub("", s or "")


def _quote_key(s: str) -> str:
    return squeeze(s).strip(_OUTER)


def _name_keys(s: str) -> set[str]:
    """Folded forms of a name: as written and without one proclitic letter."""
    k = " ".join(fold(_WS.sub(" ", s or "").strip()).split())
    out = {k} if k else set()
    if len(k) > 3 and k[0] in _PROCLITICS:
        out.add(k[1:])
    return out


@dataclass
class Layer:
    """Counts of one layer: ``tp_p`` true hits among predictions, ``tp_r`` gold items found."""

    tp_p: int = 0
    predicted: int = 0
    tp_r: int = 0
    gold: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_hits: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, other: Layer) -> None:
        self.tp_p += other.tp_p
        self.predicted += other.predicted
        self.tp_r += other.tp_r
        self.gold += other.gold
        self.misses += other.misses
        self.false_hits += other.false_hits
        for k, v in other.extra.items():
            self.extra[k] = self.extra.get(k, 0) + v

    def to_dict(self, details: bool) -> dict[str, Any]:
        p = self.tp_p / self.predicted if self.predicted else 0.0
        r = self.tp_r / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out: dict[str, Any] = {"precision": round(p, 3), "recall": round(r, 3),
                               "f1": round(f1, 3), "tp_predicted": self.tp_p,
                               "predicted": self.predicted, "tp_gold": self.tp_r,
                               "gold": self.gold, **self.extra}
        if details:
            out["misses"] = self.misses
            out["false_hits"] = self.false_hits
        return out


def _speaker_names(gold: dict[str, Any], speaker: str) -> set[str]:
    names: set[str] = set()
    for q in gold.get("quotes", []):
        if q.get("speaker") == speaker:
            for m in q.get("speaker_mentions") or ():
                names |= _name_keys(m)
    base = speaker.split(" (")[0].strip()
    for e in gold.get("entities", []):
        if e.get("canonical") in (speaker, base):
            for m in e.get("mentions", ()):
                names |= _name_keys(m)
    return names


def _pred_speaker_names(doc: dict[str, Any], q: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    if q.get("speaker_start") is not None and q.get("speaker_end") is not None:
        names |= _name_keys(doc["text"][q["speaker_start"]:q["speaker_end"]])
    if q.get("speaker"):
        names |= _name_keys(q["speaker"])
    key = q.get("speaker_entity")
    if key:
        for s in doc["entities"]:
            if s.get("entity") == key:
                names |= _name_keys(s["text"])
                if s.get("canonical"):
                    names |= _name_keys(s["canonical"])
    return names


#: folded words that make a speaker phrase an unnamed source («مصدر أمني», «مصادر مطلعة»)
_SOURCE_WORDS = ("مصدر", "مصادر")


def _speaker_right(doc: dict[str, Any], q: dict[str, Any], gold: dict[str, Any],
                   speaker: str) -> bool:
    """Whether predicted quote ``q`` names the gold ``speaker`` (module docstring); a gold
    ``unnamed source…`` without Arabic names is also matched by a predicted description made
    of a source word (``مصادر قناتي العربية والحدث``), as ``eval seed`` does."""
    names = _pred_speaker_names(doc, q)
    if names & _speaker_names(gold, speaker):
        return True
    said = (q.get("speaker") or "").lower()
    if said == speaker.lower():
        return True
    if speaker.startswith("unnamed source") and not _speaker_names(gold, speaker):
        return said.startswith("unnamed source") or any(
            w.startswith(_SOURCE_WORDS) for n in names for w in n.split())
    return False


def score_quotes(doc: dict[str, Any], gold: dict[str, Any], aid: str) -> tuple[Layer, Layer,
                                                                              Layer]:
    """Quotes with speakers, quote texts alone, and not-quotes of one article."""
    full, text_only, nq = Layer(), Layer(), Layer()
    preds = doc["quotes"]
    pkeys = [_quote_key(q["text"]) for q in preds]
    used: set[int] = set()
    for g in gold.get("quotes", []):
        gk = _quote_key(g["text"])
        hits = [i for i, k in enumerate(pkeys) if k == gk]
        full.gold += 1
        text_only.gold += 1
        right = [i for i in hits if _speaker_right(doc, preds[i], gold, g["speaker"])]
        item = {"article": aid, "text": g["text"][:80], "gold_speaker": g["speaker"]}
        if hits:
            text_only.tp_r += 1
            used.update(hits)
        if right:
            full.tp_r += 1
        else:
            q = preds[hits[0]] if hits else None
            full.misses.append({**item, "found_text": bool(hits),
                                "speaker": q and q.get("speaker")})
            if not hits:
                text_only.misses.append(item)
    gold_keys = {_quote_key(g["text"]): g for g in gold.get("quotes", [])}
    not_quote_keys = {_quote_key(t) for t in gold.get("not_quotes", [])}
    for i, q in enumerate(preds):
        full.predicted += 1
        text_only.predicted += 1
        g = gold_keys.get(pkeys[i])
        if g is not None:
            text_only.tp_p += 1
            if _speaker_right(doc, q, gold, g["speaker"]):
                full.tp_p += 1
                continue
        hit = {"article": aid, "text": q["text"][:80], "speaker": q.get("speaker"),
               "not_quote": pkeys[i] in not_quote_keys}
        if g is None:
            text_only.false_hits.append(hit)
        full.false_hits.append({**hit, "gold_speaker": g and g["speaker"]})
    for t in gold.get("not_quotes", []):
        nq.gold += 1
        if _quote_key(t) in pkeys:
            nq.misses.append({"article": aid, "text": t})
        else:
            nq.tp_r += 1
    nq.tp_p, nq.predicted = nq.tp_r, nq.gold
    return full, text_only, nq


def score_timexes(doc: dict[str, Any], gold: dict[str, Any], aid: str) -> Layer:
    """Timex entries of one article (see the module docstring)."""
    out = Layer(extra={"found": 0})
    gitems = [(squeeze(g["text"]), g) for g in gold.get("timexes", [])]
    preds = [(squeeze(t["text"]), t) for t in doc["timexes"]]
    for gk, g in gitems:
        out.gold += 1
        meet = [t for pk, t in preds if pk and (pk == gk or gk in pk or pk in gk)]
        if meet:
            out.extra["found"] += 1
        if any(t.get("value") == g["value"] for t in meet):
            out.tp_r += 1
        else:
            out.misses.append({"article": aid, "text": g["text"], "value": g["value"],
                               "got": [(t["text"], t.get("value")) for t in meet]})
    for pk, t in preds:
        out.predicted += 1
        meet = [g for gk, g in gitems if pk and (pk == gk or gk in pk or pk in gk)]
        if any(g["value"] == t.get("value") for g in meet):
            out.tp_p += 1
        else:
            out.false_hits.append({"article": aid, "text": t["text"], "value": t.get("value"),
                                   "gold": [(g["text"], g["value"]) for g in meet]})
    return out


def _surfaces(span: dict[str, Any]) -> set[str]:
    text = squeeze(span["text"])
    pro = span.get("proclitic") or ""
    out = {text}
    if pro and text.startswith(pro):
        out.add(text[len(pro):])
    return out


def score_entities(doc: dict[str, Any], gold: dict[str, Any], aid: str) -> Layer:
    """Entity mentions (distinct strings) and their grouping in one article."""
    out = Layer(extra={"grouped": 0, "groupable": 0, "mention_occurrences": 0,
                       "mention_occurrences_right": 0})
    gmentions: dict[str, set[str]] = {}
    for e in gold.get("entities", []):
        for m in e.get("mentions", ()):
            gmentions.setdefault(squeeze(m), set()).add(e["type"])
    spans = [*doc["entities"], *doc.get("title_entities", ())]  # the headline's too
    seen: set[tuple[str, str]] = set()
    for s in spans:
        ok = any(s["label"] in gmentions.get(f, ()) for f in _surfaces(s))
        out.extra["mention_occurrences"] += 1
        out.extra["mention_occurrences_right"] += ok
        key = (squeeze(s["text"]), s["label"])
        if key in seen:
            continue
        seen.add(key)
        out.predicted += 1
        if ok:
            out.tp_p += 1
        else:
            types = sorted(set().union(*(gmentions.get(f, set()) for f in _surfaces(s))))
            out.false_hits.append({"article": aid, "text": s["text"], "label": s["label"],
                                   "gold_types": types})
    for e in gold.get("entities", []):
        found_keys: list[set[str]] = []
        for m in dict.fromkeys(e.get("mentions", ())):
            out.gold += 1
            hits = [s for s in spans if s["label"] == e["type"] and squeeze(m) in _surfaces(s)]
            if hits:
                out.tp_r += 1
                found_keys.append({s.get("entity") for s in hits})
            else:
                out.misses.append({"article": aid, "mention": m, "type": e["type"],
                                   "canonical": e["canonical"]})
        if len(found_keys) >= 2:
            out.extra["groupable"] += 1
            out.extra["grouped"] += bool(set.intersection(*found_keys) - {None})
    return out


def quantity_texts(doc: dict[str, Any], x: dict[str, Any]) -> set[str]:
    """The squeezed texts a predicted quantity ``x`` of ``doc`` answers to: its phrase and,
    when it has one, its core (module docstring)."""
    out = {squeeze(x["text"])}
    a, b = x.get("core_start"), x.get("core_end")
    if isinstance(a, int) and isinstance(b, int):
        out.add(squeeze(doc["text"][a:b]))
    return out


def score_quantities(doc: dict[str, Any], gold: dict[str, Any], aid: str) -> Layer:
    """Quantities of one article: text and value."""
    out = Layer()
    gitems = [(squeeze(g["text"]), g) for g in gold.get("quantities", [])]
    preds = [(quantity_texts(doc, x), x) for x in doc["quantities"]]
    for gk, g in gitems:
        out.gold += 1
        if any(gk in pk and x.get("value") == g["value"] for pk, x in preds):
            out.tp_r += 1
        else:
            out.misses.append({"article": aid, "text": g["text"], "value": g["value"],
                               "got": [x.get("value") for pk, x in preds if gk in pk]})
    for pk, x in preds:
        out.predicted += 1
        if any(gk in pk and x.get("value") == g["value"] for gk, g in gitems):
            out.tp_p += 1
        else:
            out.false_hits.append({"article": aid, "text": x["text"], "value": x.get("value")})
    return out


def score(doc: dict[str, Any], gold: dict[str, Any], aid: str = "") -> dict[str, Layer]:
    """Every layer of one article (JSON contract ``doc``) against its gold reading."""
    quotes, quote_texts, not_quotes = score_quotes(doc, gold, aid)
    return {"quotes": quotes, "quote_texts": quote_texts, "not_quotes": not_quotes,
            "timexes": score_timexes(doc, gold, aid),
            "entities": score_entities(doc, gold, aid),
            "quantities": score_quantities(doc, gold, aid)}


def gold_files(paths: Iterable[Path]) -> list[Path]:
    """The gold JSON files of ``paths`` (folders give their ``*.json``, sorted).

    Raises:
        FileNotFoundError: when a path does not exist.
    """
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out += sorted(q for q in p.glob("*.json") if q.is_file())
        elif p.is_file():
            out.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such gold file or folder")
    return out


def _load_gold(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not a JSON document ({e})") from None


def _shared_root(gold_path: Path) -> Path:
    """The ``shared/`` folder a gold file lives in (``shared/gold/...``)."""
    for parent in gold_path.resolve().parents:
        if parent.name == "gold":
            return parent.parent
    return gold_path.resolve().parent


def _records(golds: list[tuple[Path, dict[str, Any]]]) -> dict[Path, dict[str, str]]:
    """JSON Lines corpus -> {record id: line} for the records the gold files name."""
    wanted: dict[Path, set[str]] = {}
    for path, g in golds:
        src = g.get("source") or {}
        if src.get("file") and src.get("id"):
            corpus = _shared_root(path).parent / src["file"]
            wanted.setdefault(corpus, set()).add(src["id"])
    out: dict[Path, dict[str, str]] = {}
    for corpus, ids in wanted.items():
        found: dict[str, str] = {}
        with open(corpus, encoding="utf-8") as fh:
            for line in fh:
                if '"id"' not in line:
                    continue
                rid = json.loads(line).get("id")
                if rid in ids:
                    found[rid] = line
        out[corpus] = found
    return out


def evaluate(paths: Iterable[Path] = (DEFAULT_GOLD_DIR, DEFAULT_SEED_GOLD),
             details: bool = False) -> dict[str, Any]:
    """Read every gold file's article through the whole pipeline and score every layer.

    Returns ``{"articles": N, "layers": {name: {precision, recall, f1, ...}},
    "per_article": [{article, layers: {name: {precision, recall, f1}}}], "gold": [paths]}``
    (``details``: every miss and false hit per layer).

    Raises:
        FileNotFoundError: a gold path, corpus or seed that does not exist.
        ValueError: a gold file that is not JSON, or whose article cannot be read.
    """
    golds = [(p, _load_gold(p)) for p in gold_files(paths)]
    records = _records(golds)
    totals: dict[str, Layer] = {}
    per_article = []
    with tempfile.TemporaryDirectory(prefix="mawsua-gold-") as tmp:
        for n, (path, g) in enumerate(golds):
            src = g.get("source") or {}
            if src.get("file") and src.get("id"):
                corpus = _shared_root(path).parent / src["file"]
                line = records.get(corpus, {}).get(src["id"])
                if line is None:
                    raise ValueError(f"{path}: article {src['id']} not found in {corpus}")
                article_path = Path(tmp) / f"{n:03d}.jsonl"
                article_path.write_text(line, encoding="utf-8")
                aid = src["id"]
            elif g.get("file"):
                article_path = _shared_root(path) / g["file"]
                aid = article_path.name
            else:
                raise ValueError(f"{path}: names no article (source.file + source.id, or file)")
            doc = None
            for outcome in read_paths([article_path]):
                if isinstance(outcome, Ok):
                    doc = article_json(outcome.value)
                    break
                raise ValueError(f"{path}: {outcome.code} {outcome.reason}")
            if doc is None:
                raise ValueError(f"{path}: no article read from {article_path}")
            layers = score(doc, g, aid)
            per_article.append({"article": aid, "gold": os.fspath(path),
                                "layers": {k: {x: v.to_dict(False)[x]
                                               for x in ("precision", "recall", "f1")}
                                           for k, v in layers.items()}})
            for k, v in layers.items():
                totals.setdefault(k, Layer()).add(v)
    out_layers = {k: v.to_dict(details) for k, v in totals.items()}
    t = totals.get("timexes")
    if t is not None:
        out_layers["timexes"]["value_accuracy"] = round(t.tp_r / t.gold, 3) if t.gold else 0.0
    e = totals.get("entities")
    if e is not None:
        gp = e.extra.get("groupable", 0)
        out_layers["entities"]["grouping"] = round(e.extra["grouped"] / gp, 3) if gp else 0.0
    return {"articles": len(golds), "gold": [os.fspath(p) for p, _ in golds],
            "layers": out_layers, "per_article": per_article}


__all__ = ["DEFAULT_GOLD_DIR", "DEFAULT_SEED_GOLD", "LAYERS", "evaluate", "gold_files",
           "quantity_texts",
           "score", "squeeze"]
