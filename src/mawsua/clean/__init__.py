"""clean stage: repairs of the text done as edits (offsets kept through an alignment), then
the typed blocks of the repaired text.

Order (each step sees the text the previous one made; every change is an Edit):

1. :mod:`mawsua.clean.chars` — character hygiene (presentation forms, bidi and zero-width
   controls, kashida runs, Persian/Urdu letter variants, detached harakat, mojibake);
2. :mod:`mawsua.clean.hygiene` — line hygiene (BOM, line endings, control characters,
   trailing spaces, blank-line runs);
3. :mod:`mawsua.clean.merged` — merged words and missing spaces after punctuation;
4. :mod:`mawsua.clean.joins` — sentences and paragraphs cut by a removed block;
5. :mod:`mawsua.clean.blocks` — the ``"blocks"`` layer (captions, embedded posts, related
   links, boilerplate, datelines, bylines) over the final text.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from mawsua.clean import blocks, chars, hygiene, joins, merged, titles
from mawsua.clean.hygiene import char_edits, line_edits
from mawsua.model import Article

#: the warning code of an article whose repairs failed (docs/errors.md, mawsua.errors.CODES)
W_REPAIR_FAILED = "W_REPAIR_FAILED"
_LOG = logging.getLogger(__name__)


def clean(article: Article) -> Article:
    """Return ``article`` with every repair applied as edits and its ``"blocks"`` layer set;
    the headline gets the safe repairs of :func:`mawsua.clean.titles.repair_title`.

    Never raises on odd text: when a repair step raises or fails its own check (an edit that
    does not fit, a merged-word edit that changes more than spaces), the article keeps its
    incoming edits (its raw text, for a freshly read article) as ``text``, gets a
    :data:`W_REPAIR_FAILED` warning in ``metadata.extra["warnings"]`` (``{"code",
    "message"}``, :meth:`Article.with_warning`) and its blocks are still annotated; nothing else of it is lost.
    """
    try:
        art = chars.repair(article)
        art = hygiene.clean(art)
        art = merged.repair(art)
        art = joins.repair(art)
    except Exception as exc:  # noqa: BLE001 - any failure of a repair keeps the article
        _LOG.warning("repairs of %s failed, raw text kept: %s", article.id, exc)
        art = replace(article, proposals=()).with_warning(
            W_REPAIR_FAILED, f"repairs failed ({type(exc).__name__}: {exc}); raw text kept")
    try:  # the headline's safe repairs (digit glue); a failure keeps the headline as read
        art = titles.repair_title(art)
    except Exception as exc:  # noqa: BLE001
        art = art.with_warning(W_REPAIR_FAILED, f"title repairs failed ({type(exc).__name__}: "
                               f"{exc}); title kept")
    try:
        return blocks.annotate(art)
    except Exception as exc:  # noqa: BLE001
        return art.with_warning(W_REPAIR_FAILED, f"blocks failed ({type(exc).__name__}: {exc})")


__all__ = ["W_REPAIR_FAILED", "char_edits", "clean", "line_edits"]
