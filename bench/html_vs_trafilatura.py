"""Mawsua's HTML extraction against trafilatura called directly (issue 10, item 4).

Usage: python bench/html_vs_trafilatura.py [--json]

Every page of ``../shared/corpus/html`` and ``../shared/corpus2/html`` (their
``manifest.jsonl`` names the pages and their gold) goes through the whole Mawsua pipeline
(:func:`mawsua.app.pipeline.process`: extract, clean, annotate) and through
``trafilatura.extract`` with its default settings (same installed version). Printed per page:

* ``F1 mawsua`` / ``F1 traf``: bag-of-words token F1 of the body against the gold main text
  (pages whose gold has a body: CNN Arabic's four copies, Youm7, Varzesh3); ``-`` otherwise;
* ``keep``: the share of trafilatura's tokens that Mawsua's body keeps (bag of words), on every
  page: Mawsua must not drop text trafilatura keeps;
* the publication date of Mawsua (``published_local``'s date), of trafilatura's metadata, of
  ``htmldate.find_date`` (defaults) and the gold date where there is one;
* the article language Mawsua decided.

The same rows are checked by ``tests/extract/test_html_vs_trafilatura.py``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = (SHARED / "corpus" / "html", SHARED / "corpus2" / "html")
_TOKEN = re.compile(r"\w+")


def tokens(s: str) -> list[str]:
    """Word tokens (``\\w+``) of ``s``."""
    return _TOKEN.findall(s or "")


def token_f1(got: str, gold: str) -> float:
    """Bag-of-words token F1 of ``got`` against ``gold`` (0..1)."""
    g, e = Counter(tokens(got)), Counter(tokens(gold))
    overlap = sum((g & e).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(g.values()), overlap / sum(e.values())
    return 2 * p * r / (p + r)


def kept(got: str, ref: str) -> float:
    """Share of ``ref``'s tokens (bag of words) that ``got`` holds (1.0 when ``ref`` is
    empty)."""
    g, e = Counter(tokens(got)), Counter(tokens(ref))
    total = sum(e.values())
    return sum((g & e).values()) / total if total else 1.0


@dataclass
class Page:
    """One page of a manifest and its gold."""

    path: Path
    url: str | None
    gold_text: str | None
    gold_date: str | None
    lang: str | None

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name[:28]}"


def _gold_text(corpus: Path, row: dict[str, Any]) -> str | None:
    page = corpus.parent / row["file"]
    txt = page.with_name(page.name.removesuffix(".html") + ".expected.txt")
    if txt.is_file():  # newspaper(4k)'s expected text beside its metadata gold
        return txt.read_text(encoding="utf-8")
    gold = row.get("gold_file")
    if not gold:
        return None
    p = corpus.parent / gold
    if not p.is_file():
        return None
    if p.suffix == ".txt":
        return p.read_text(encoding="utf-8")
    d = json.loads(p.read_text(encoding="utf-8"))
    if "content" in d:
        return str(d["content"])
    return None  # goose's cleaned_text is a cut prefix, dates-only gold: no body gold


def pages() -> list[Page]:
    """Every page with gold (a body text or a publication date) in the two corpora."""
    out: list[Page] = []
    for corpus in CORPORA:
        manifest = corpus / "manifest.jsonl"
        if not manifest.is_file():
            continue
        for line in manifest.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("kind") != "page":
                continue
            text = _gold_text(corpus, row)
            date = row.get("gold_date")
            if text is None and date is None and not row.get("gold_file"):
                continue
            out.append(Page(corpus.parent / row["file"], row.get("url"), text, date,
                            row.get("lang")))
    return out


def run_mawsua(page: Page) -> tuple[str, str | None, str | None, str]:
    """``(body text, publication date YYYY-MM-DD or None, language, extractor path)``."""
    from mawsua.app.pipeline import process
    from mawsua.errors import Ok
    from mawsua.sources import read_bytes

    [item] = read_bytes(page.path.read_bytes(), where=str(page.path), url=page.url)
    out = process(item)
    if not isinstance(out, Ok):
        return "", None, None, f"{out.code}"
    a = out.value.article
    m = a.metadata
    when = m.published_local or m.published
    return a.text, (when[:10] if when else None), m.language, str(m.extra.get("extractor"))


def run_trafilatura(page: Page) -> tuple[str, str | None, str | None]:
    """trafilatura's default ``extract`` text, its metadata date and htmldate's date."""
    import trafilatura
    from htmldate import find_date

    html = page.path.read_bytes().decode("utf-8", errors="replace")
    text = trafilatura.extract(html, url=page.url) or ""
    meta = trafilatura.extract_metadata(html, default_url=page.url)
    tdate = meta.date if meta is not None else None
    try:
        hdate = find_date(html, url=page.url)
    except Exception:  # noqa: BLE001 - a benchmark row, not the product
        hdate = None
    return text, tdate, hdate


def rows() -> list[dict[str, Any]]:
    """One dict per page: names, F1s, keep share, dates, language."""
    out = []
    for page in pages():
        text, date, lang, path = run_mawsua(page)
        ttext, tdate, hdate = run_trafilatura(page)
        out.append({
            "page": page.name,
            "f1_mawsua": token_f1(text, page.gold_text) if page.gold_text else None,
            "f1_traf": token_f1(ttext, page.gold_text) if page.gold_text else None,
            "keep": kept(text, ttext),
            "date_mawsua": date, "date_traf": tdate, "date_htmldate": hdate,
            "date_gold": page.gold_date, "lang": lang, "lang_gold": page.lang,
            "extractor": path, "words": len(tokens(text)), "words_traf": len(tokens(ttext)),
        })
    return out


def main(argv: list[str]) -> int:
    """Print the per-page table (or JSON with ``--json``)."""
    table = rows()
    if "--json" in argv:
        print(json.dumps(table, ensure_ascii=False, indent=1))
        return 0

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    print(f"{'page':38} {'F1 maw':>6} {'F1 traf':>7} {'keep':>5} {'words':>11} "
          f"{'date mawsua':11} {'date traf':10} {'htmldate':10} {'gold':10} lang extractor")
    for r in table:
        print(f"{r['page']:38} {f(r['f1_mawsua']):>6} {f(r['f1_traf']):>7} {r['keep']:5.2f} "
              f"{r['words']:>5}/{r['words_traf']:<5} {r['date_mawsua'] or '-':11} "
              f"{r['date_traf'] or '-':10} {r['date_htmldate'] or '-':10} "
              f"{r['date_gold'] or '-':10} {r['lang'] or '-':4} {r['extractor']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
