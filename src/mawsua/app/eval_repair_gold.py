"""``mawsua eval repair --gold FILE``: score the merged-word repair against hand judgements.

The gold file (default ``../shared/gold/dev/repairs.jsonl``, see its README) holds one JSON
object per line: ``article_id``, ``field`` (``text`` or ``title``), ``raw`` (a token of the
field), ``context`` (an exact substring of the field holding ``raw``), ``verdict``
(``glued``: ``repaired`` gives the token with its spaces restored, ``kind`` the sort of glue;
``word``: the token must stay whole).

Method:

1. The articles the rows reference are read from the corpus (``../shared/corpus/articles.jsonl``
   by ``id``); each referenced field is run through :func:`mawsua.clean.clean` as the raw text
   of an article (the pipeline's own repair of it).
2. Every ``merged_words`` repair (applied edits, and proposals separately) is reduced to its
   *cuts*: the raw offsets where it inserts a space (whatever the rule: lexicon, punctuation,
   number, latin).
3. A glued row is located through its ``context`` (rows sharing a context take successive
   matches) and is **restored** when the cuts strictly inside its raw span are exactly the
   gold's. A word row is checked at **every occurrence** of its token in the field (bounded by
   a non-letter on each side) and is **kept whole** when no cut falls strictly inside it.
4. Each applied repair is **right** when all its cuts are gold cuts of glued rows, **wrong**
   when one cut falls inside a judged span (a word row, or a glued row at another place), and
   **unjudged** otherwise (listed for reading). Precision = right / (right + wrong).

Halves: rows are split by article id (parity of the first byte of its SHA-1), so a design can
be tuned on half ``a`` and checked on half ``b``. Figures for ``all``, ``a`` and ``b`` are
given, each ratio with its counts.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mawsua.clean import clean
from mawsua.clean.merged import use_store_pairs
from mawsua.config import shared_path
from mawsua.errors import MawsuaError
from mawsua.model import Article, Edit, Metadata, PairCounts, Source, sha256_hex

#: default gold file and corpus, relative to the working directory (the repository root)
DEFAULT_GOLD = shared_path("gold/dev/repairs.jsonl")
DEFAULT_CORPUS = shared_path("corpus/articles.jsonl")
#: the edit kind scored
KIND = "merged_words"
#: characters that continue a token (a word occurrence must not touch one)
_TOKEN_CHARS = frozenset(
    [chr(c) for c in range(0x0600, 0x0700) if chr(c) not in "،؛؟٪٫٬"]
    + list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_@#")
)


def half_of(article_id: str) -> str:
    """``"a"`` or ``"b"``: the parity of the first byte of SHA-1(``article_id``)."""
    return "a" if hashlib.sha1(article_id.encode("utf-8")).digest()[0] % 2 == 0 else "b"


def cuts_of(raw: str, e: Edit) -> tuple[int, ...] | None:
    """Raw offsets where edit ``e`` inserts a space (``None`` when it also changes letters).

    Args:
        raw: the article's raw text; ``e`` spans ``raw[e.raw_start:e.raw_end]``.
        e: a raw-relative edit (composed edits may include other repairs in the same chunk).
    """
    old, new = raw[e.raw_start : e.raw_end], e.replacement
    out: list[int] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i += 1
            j += 1
        elif new[j] == " ":
            out.append(e.raw_start + i)
            j += 1
        else:
            break
    else:
        if new[j:].strip(" ") == "" and i == len(old):
            out.extend(e.raw_start + i for _ in new[j:])
            return tuple(out)
    # another repair composed into the same edit: fall back to a diff
    out = []
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, _i2, j1, j2 in ops:
        if tag == "insert" and new[j1:j2].strip(" ") == "":
            out.append(e.raw_start + i1)
    return tuple(out) if out else None


@dataclass
class Counts:
    """Counts of one slice (``all``, half ``a`` or ``b``)."""

    glued: int = 0
    restored: int = 0
    glued_by_kind: Counter[str] = field(default_factory=Counter)
    restored_by_kind: Counter[str] = field(default_factory=Counter)
    words: int = 0
    word_occurrences: int = 0
    kept: int = 0
    repairs: int = 0
    right: int = 0
    wrong: int = 0
    unjudged: int = 0
    by_rule: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    proposals: int = 0
    proposals_right: int = 0
    proposals_wrong: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Counts with each ratio beside them (``None`` when nothing was counted)."""
        return {
            "glued_recall": _ratio(self.restored, self.glued),
            "glued": self.glued, "restored": self.restored,
            "recall_by_kind": {k: {"recall": _ratio(self.restored_by_kind[k], n),
                                   "restored": self.restored_by_kind[k], "glued": n}
                               for k, n in sorted(self.glued_by_kind.items())},
            "kept_whole": _ratio(self.kept, self.word_occurrences),
            "word_rows": self.words, "word_occurrences": self.word_occurrences,
            "kept": self.kept,
            "precision": _ratio(self.right, self.right + self.wrong),
            "repairs": self.repairs, "right": self.right, "wrong": self.wrong,
            "unjudged": self.unjudged,
            "by_rule": {r: {"precision": _ratio(c["right"], c["right"] + c["wrong"]), **c}
                        for r, c in sorted(self.by_rule.items())},
            "proposals": self.proposals,
            "proposal_precision": _ratio(self.proposals_right,
                                         self.proposals_right + self.proposals_wrong),
            "proposals_right": self.proposals_right, "proposals_wrong": self.proposals_wrong,
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


@dataclass
class GoldEval:
    """Result of :func:`evaluate_gold`: counts per slice and the cases to read."""

    slices: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in
                                                               ("all", "a", "b")})
    articles: int = 0
    unlocated: list[str] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    cut_words: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    unjudged: list[dict[str, Any]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``all``/``a``/``b`` figures, then every miss, wrong cut and unjudged
        repair."""
        return {"params": self.params, "articles": self.articles,
                **{k: v.to_dict() for k, v in self.slices.items()},
                "unlocated": self.unlocated, "missed": self.missed,
                "cut_words": self.cut_words, "wrong_repairs": self.wrong,
                "unjudged_repairs": self.unjudged}


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The rows of a gold JSONL file.

    Raises:
        OSError: when the file cannot be read.
        MawsuaError: ``E_JSON`` naming ``path:LINE`` for a line that is not a JSON object.
    """
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as e:
                raise MawsuaError("E_JSON", f"not a JSON Lines gold file: {e}",
                                  f"{path}:{lineno}") from None
            if not isinstance(row, dict) or "article_id" not in row or "raw" not in row:
                raise MawsuaError("E_RECORD", "a gold row needs article_id and raw",
                                  f"{path}:{lineno}")
            rows.append(row)
    return rows


def _fields(corpus: Path, ids: set[str]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("id") in ids:
                for f in ("text", "title"):
                    if isinstance(row.get(f), str):
                        out[(row["id"], f)] = row[f]
    return out


def _occurrences(text: str, tok: str) -> Iterable[int]:
    start = text.find(tok)
    while start >= 0:
        end = start + len(tok)
        if (start == 0 or text[start - 1] not in _TOKEN_CHARS) and (
                end == len(text) or text[end] not in _TOKEN_CHARS):
            yield start
        start = text.find(tok, start + 1)


def _article(aid: str, text: str) -> Article:
    return Article(aid, Source(format="jsonl", sha256=sha256_hex(text.encode("utf-8"))),
                   Metadata(language="ar"), text)


def evaluate_gold(gold: Path = DEFAULT_GOLD, corpus: Path = DEFAULT_CORPUS,
                  max_listed: int | None = None,
                  store: Callable[[str], PairCounts | None] | None = None) -> GoldEval:
    """Run the clean stage on the articles of ``gold`` and score its merged-word repairs.

    Args:
        gold: judged rows (see the module docstring).
        corpus: JSONL corpus holding the referenced articles (``id``, ``text``, ``title``).
        max_listed: keep at most this many misses/wrong/unjudged cases (``None``: all).
        store: article id -> the store's pair counts its repair may read
            (:func:`mawsua.app.eval_repair.store_evidence`), or ``None``.

    Returns:
        A :class:`GoldEval` (``to_dict()`` is the JSON of ``mawsua eval repair --gold``).

    Raises:
        OSError: when a file cannot be read; MawsuaError for a malformed gold file.
    """
    rows = read_gold(gold)
    res = GoldEval(params={"gold": str(gold), "corpus": str(corpus)})
    ids = {r["article_id"] for r in rows}
    fields = _fields(corpus, ids)
    by_field: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_field[(r["article_id"], r.get("field", "text"))].append(r)
    res.articles = len({a for a, _ in by_field})

    def keep(lst: list[dict[str, Any]], item: dict[str, Any]) -> None:
        if max_listed is None or len(lst) < max_listed:
            lst.append(item)

    for (aid, fname), frows in sorted(by_field.items()):
        raw = fields.get((aid, fname))
        if raw is None:
            res.unlocated.extend(f"{aid}:{fname}:{r['raw']}" for r in frows)
            continue
        slices = [res.slices["all"], res.slices[half_of(aid)]]
        before = use_store_pairs(store(aid)) if store is not None else None
        try:
            art = clean(_article(aid, raw))
        finally:
            if store is not None:
                use_store_pairs(before)
        applied = [(e, cuts_of(raw, e)) for e in art.edits if e.kind == KIND]
        proposed = [(e, cuts_of(raw, e)) for e in getattr(art, "proposals", ())]
        all_cuts = {c for _, cs in applied for c in cs or ()}
        # judged spans: (start, end, expected cuts or None for a word)
        judged: list[tuple[int, int, frozenset[int] | None, dict[str, Any]]] = []
        used: Counter[str] = Counter()
        for r in frows:
            tok = r["raw"]
            if r["verdict"] == "glued":
                ctx = r.get("context", tok)
                pos = -1
                for _ in range(used[ctx] + 1):
                    pos = raw.find(ctx, pos + 1)
                    if pos < 0:
                        break
                used[ctx] += 1
                at = raw.find(tok, pos) if pos >= 0 else -1
                if pos < 0 or at < 0:
                    res.unlocated.append(f"{aid}:{fname}:{tok}")
                    continue
                want = frozenset(at + c for c in cuts_of(
                    tok, Edit(0, len(tok), r["repaired"], KIND)) or ())
                judged.append((at, at + len(tok), want, r))
                got = frozenset(c for c in all_cuts if at < c < at + len(tok))
                # a space inserted at the very edge belongs to the token too (» before a word)
                got |= {c for c in all_cuts if c in want}
                ok = got == want
                kind = r.get("kind", "?")
                for s in slices:
                    s.glued += 1
                    s.restored += ok
                    s.glued_by_kind[kind] += 1
                    s.restored_by_kind[kind] += ok
                if not ok:
                    keep(res.missed, {"article_id": aid, "raw": tok, "want": r["repaired"],
                                      "got": _show(raw, at, at + len(tok), got), "kind": kind})
            else:
                occ = list(_occurrences(raw, tok))
                for s in slices:
                    s.words += 1
                for at in occ:
                    judged.append((at, at + len(tok), None, r))
                    bad = [c for c in all_cuts if at < c < at + len(tok)]
                    for s in slices:
                        s.word_occurrences += 1
                        s.kept += not bad
                    if bad:
                        keep(res.cut_words, {"article_id": aid, "raw": tok,
                                             "got": _show(raw, at, at + len(tok), set(bad)),
                                             "kind": r.get("kind")})
        for group, items in (("applied", applied), ("proposed", proposed)):
            for e, cs in items:
                verdict = _judge(cs, judged)
                rule = str(e.attrs.get("rule", "?")) if e.attrs else "?"
                for s in slices:
                    if group == "applied":
                        s.repairs += 1
                        setattr(s, verdict, getattr(s, verdict) + 1)
                        s.by_rule[rule][verdict] += 1
                    else:
                        s.proposals += 1
                        s.proposals_right += verdict == "right"
                        s.proposals_wrong += verdict == "wrong"
                if group == "applied" and verdict != "right":
                    keep(res.wrong if verdict == "wrong" else res.unjudged, {
                        "article_id": aid, "raw": raw[e.raw_start : e.raw_end],
                        "repaired": e.replacement, "rule": rule,
                        "context": raw[max(0, e.raw_start - 30) : e.raw_end + 30]})
    return res


def _judge(cuts: tuple[int, ...] | None,
           judged: list[tuple[int, int, frozenset[int] | None, dict[str, Any]]]) -> str:
    """``right``, ``wrong`` or ``unjudged`` for one repair's cuts (see the module docstring)."""
    if not cuts:
        return "unjudged"
    right = 0
    for c in cuts:
        hit = False
        for a, b, want, _ in judged:
            if want is not None and c in want:
                hit = True
                break
            if a < c < b:
                return "wrong"
        right += hit
    return "right" if right == len(cuts) else "unjudged"


def _show(raw: str, a: int, b: int, cuts: Iterable[int]) -> str:
    out, pos = [], a
    for c in sorted(cuts):
        if a <= c <= b:
            out.append(raw[pos:c])
            pos = c
    out.append(raw[pos:b])
    return " ".join(out)


__all__ = ["DEFAULT_CORPUS", "DEFAULT_GOLD", "Counts", "GoldEval", "cuts_of", "evaluate_gold",
           "half_of", "read_gold"]
