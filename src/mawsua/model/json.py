"""The JSON contract of DESIGN.md: one object per article.

Keys: ``id``, ``source``, ``metadata``, ``raw_text``, ``text``, ``paragraphs``, ``sentences``,
``repairs``, ``proposals`` (repairs listed but not applied), ``blocks``, ``languages``, ``entities``, ``quotes``, ``timexes``, ``quantities``.
Offsets are code points into ``text``; repairs also carry ``raw_start``/``raw_end``. The schema
is ``src/mawsua/schema/article.schema.json``. :func:`article_from_dict` reverses
:func:`article_to_dict` exactly (the store keeps this JSON).
"""

from __future__ import annotations

from typing import Any

from mawsua.model.article import LAYERS, TITLE_LAYERS, Article, Metadata, Source
from mawsua.model.span import Edit, Span

SCHEMA_VERSION = 1

_SPAN_KEYS = ("start", "end", "label", "text")


def repair_to_dict(article: Article, e: Edit, text_range: tuple[int, int] | None = None
                   ) -> dict[str, Any]:
    """JSON shape of one repair: kind, raw_start, raw_end, raw, repaired, start, end,
    confidence (plus attrs). ``start``/``end`` delimit ``repaired`` in ``text`` (so
    ``text[start:end] == repaired``, insertions included)."""
    if text_range is None:
        text_range = next(((ts, te) for rs, re_, ts, te, ed in article.alignment.segments()
                           if ed is e), (0, 0))
    out: dict[str, Any] = {
        "kind": e.kind,
        "raw_start": e.raw_start,
        "raw_end": e.raw_end,
        "raw": article.raw_text[e.raw_start : e.raw_end],
        "repaired": e.replacement,
        "start": text_range[0],
        "end": text_range[1],
        "confidence": e.confidence,
    }
    if e.attrs:
        out["attrs"] = dict(e.attrs)
    return out


def article_to_dict(article: Article, *, surfaces: bool = True) -> dict[str, Any]:
    """Return the JSON-serialisable dict of ``article`` (every layer present, maybe empty).

    ``surfaces=False`` leaves out each span's ``text`` (it is ``text[start:end]``): the store
    keeps that smaller form and :func:`article_from_dict` accepts both.
    """
    text = article.text
    out: dict[str, Any] = {
        "id": article.id,
        "schema_version": SCHEMA_VERSION,
        "source": article.source.to_dict(),
        "metadata": article.metadata.to_dict(),
        "raw_text": article.raw_text,
        "text": text,
        "repairs": [repair_to_dict(article, ed, (ts, te))
                    for _rs, _re, ts, te, ed in article.alignment.segments() if ed is not None],
        "proposals": [repair_to_dict(article, p, article.alignment.span_to_text(
            p.raw_start, p.raw_end)) for p in article.proposals],
    }
    for name in LAYERS:
        out[name] = [s.to_dict(text if surfaces else None) for s in article.layer(name)]
    title = article.metadata.title or ""
    for name in TITLE_LAYERS:  # offsets into metadata.title
        out[name] = [s.to_dict(title if surfaces else None) for s in article.layer(name)]
    return out


def article_from_dict(d: dict[str, Any]) -> Article:
    """Rebuild an :class:`Article` from :func:`article_to_dict` output.

    Raises:
        KeyError, TypeError, ValueError: when ``d`` does not follow the contract.
    """
    src = d["source"]
    md = dict(d["metadata"])
    md["authors"] = tuple(md.get("authors") or ())
    md["extra"] = md.get("extra") or {}
    edits = tuple(
        Edit(r["raw_start"], r["raw_end"], r["repaired"], r["kind"], r.get("confidence", 1.0),
             dict(r.get("attrs", {})))
        for r in d.get("repairs", ())
    )
    proposals = tuple(
        Edit(r["raw_start"], r["raw_end"], r["repaired"], r["kind"], r.get("confidence", 1.0),
             dict(r.get("attrs", {})))
        for r in d.get("proposals", ())
    )
    layers: dict[str, tuple[Span, ...]] = {}
    for name in (*LAYERS, *TITLE_LAYERS):
        spans = []
        for s in d.get(name, ()):
            attrs = {k: v for k, v in s.items() if k not in _SPAN_KEYS}
            spans.append(Span(s["start"], s["end"], s.get("label", ""), attrs))
        if spans:
            layers[name] = tuple(spans)
    return Article(
        id=d["id"],
        source=Source(
            format=src["format"], sha256=src["sha256"], encoding=src.get("encoding", "utf-8"),
            path=src.get("path"), url=src.get("url"), record=src.get("record"),
        ),
        metadata=Metadata(**md),
        raw_text=d["raw_text"],
        edits=edits,
        layers=layers,
        proposals=proposals,
    )
