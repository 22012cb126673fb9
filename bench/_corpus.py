"""Shared helpers for the benchmarks: the real corpus, replicated, and real queries."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from mawsua.model import Article, Metadata, Source, sha256_hex

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next(
    (p for p in (ROOT.parent / "shared" / "corpus" / "articles.jsonl",
                 ROOT / ".." / "shared" / "corpus" / "articles.jsonl") if p.is_file()),
    ROOT.parent / "shared" / "corpus" / "articles.jsonl",
)


def corpus_lines(path: Path = CORPUS) -> list[bytes]:
    """The corpus JSONL lines (bytes, no newline)."""
    return [ln for ln in path.read_bytes().split(b"\n") if ln.strip()]


def article_from_line(line: bytes, record: int | None = None) -> Article:
    """One JSONL line of the corpus format -> Article (what the JSONL reader produces)."""
    d = json.loads(line)
    return Article(
        id=d["id"],
        source=Source(format="jsonl", sha256=sha256_hex(line), path="bench.jsonl", record=record),
        metadata=Metadata(outlet=d.get("outlet"), url=d.get("url"), published=d.get("published"),
                          section=d.get("section"), language=d.get("lang"), title=d.get("title")),
        raw_text=d["text"],
    )


def replicated_lines(n: int, lines: list[bytes] | None = None) -> Iterator[bytes]:
    """``n`` JSONL lines: the corpus, then copies with new ids, URLs (so new SHA-256s)."""
    lines = lines if lines is not None else corpus_lines()
    for i in range(n):
        k, j = divmod(i, len(lines))
        line = lines[j]
        if k == 0:
            yield line
            continue
        d = json.loads(line)
        d["id"] = f"{d['id']}-r{k}"
        if d.get("url"):
            d["url"] = f"{d['url']}?replica={k}"
        yield json.dumps(d, ensure_ascii=False).encode("utf-8")


_WORD = re.compile(r"[\u0621-\u064a]{3,}")
_STOP = {"على", "إلى", "الى", "التي", "الذي", "هذا", "هذه", "بعد", "قبل", "بين", "حول", "خلال",
         "عند", "ذلك", "منذ", "غير", "أمس", "اليوم", "لدى"}


def real_queries(n: int = 100, seed: int = 0, lines: list[bytes] | None = None) -> list[str]:
    """``n`` queries of one or two consecutive words drawn from real Arabic titles."""
    rng = random.Random(seed)
    titles = []
    for ln in lines if lines is not None else corpus_lines():
        d = json.loads(ln)
        if d.get("lang") == "ar" and d.get("title"):
            words = [w for w in _WORD.findall(d["title"]) if w not in _STOP]
            if words:
                titles.append(words)
    out = []
    while len(out) < n:
        words = rng.choice(titles)
        i = rng.randrange(len(words))
        if rng.random() < 0.5 and i + 1 < len(words):
            out.append(f"{words[i]} {words[i + 1]}")
        else:
            out.append(words[i])
    return out


def rows(path: Path) -> list[dict]:
    """The records of a JSON Lines file (corpus format dicts)."""
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]


def in_context(text: str, start: int, end: int, width: int = 40) -> str:
    """``text[start:end]`` marked ⟦…⟧ with ``width`` characters each side, on one line."""
    a, b = max(0, start - width), min(len(text), end + width)
    return (text[a:start] + "⟦" + text[start:end] + "⟧" + text[end:b]).replace("\n", " ¶ ")


def read_rows(records: list[dict]) -> Iterator[dict]:
    """Each record run through ``mawsua read`` (:func:`mawsua.app.read.read_paths`), as the
    JSON of ``read --json``; a record that is not read is printed and skipped. Used by the
    hand-judging samples (``entities_sample.py``, ``quotes_sample.py``)."""
    import os  # noqa: PLC0415

    from mawsua.app.read import article_json, read_paths  # noqa: PLC0415
    from mawsua.errors import Ok  # noqa: PLC0415

    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"mawsua_sample_{os.getpid()}.jsonl"
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                   encoding="utf-8")
    try:
        for out in read_paths([tmp]):
            if isinstance(out, Ok):
                yield article_json(out.value)
            else:
                print("!! not read:", out)
    finally:
        tmp.unlink(missing_ok=True)
