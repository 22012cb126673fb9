"""The headline's safe repairs (user test s25 F14: ``15مدرسة بالزقازيق`` stayed glued in the
title while the body's same glue was repaired).

Only the merged-word rules whose evidence lies in the two glued pieces alone are applied to a
headline (:data:`TITLE_RULES`: a number glued to a word, ``15مدرسة``, ``عام2015``); the
others read the article around them (its list style, its quotation marks) or are weaker. A
module of its own: :mod:`mawsua.clean.merged`'s verdict table is fingerprinted by that
module's source.
"""

from __future__ import annotations

from mawsua.clean.merged import KIND, RepairCheckError, _apply, analyse
from mawsua.model import Article

#: the merged-word rules applied to headlines
TITLE_RULES = frozenset({"number"})


def repair_title(article: Article) -> Article:
    """Restore the spaces of :data:`TITLE_RULES` glue in the headline.

    The repaired headline becomes ``metadata.title``, so the annotate stage's
    ``title_entities`` (run after the clean stage) are offsets into it; the headline as read is
    kept in ``metadata.extra["title_raw"]`` and the edits in ``metadata.extra["title_repairs"]``
    (``[{raw_start, raw_end, replacement, kind, rule}]``, offsets into ``title_raw``, as the
    body's ``repairs`` are into ``raw_text``). A derived title (made from the repaired body)
    and a headline without a digit are returned as they are.

    Raises:
        RepairCheckError: when an edit would change more than spaces (a bug; the clean stage
            keeps the headline as read, with a warning).
    """
    title = article.metadata.title
    if not title or article.metadata.title_derived or not any(c.isdigit() for c in title):
        return article
    applied = [e for e in analyse(title)[0] if e.attrs.get("rule") in TITLE_RULES]
    if not applied:
        return article
    for e in applied:
        if e.replacement.replace(" ", "") != title[e.raw_start : e.raw_end]:
            raise RepairCheckError(f"title merged_words edit at {e.raw_start} changes more "
                                   "than spaces")
    extra = dict(article.metadata.extra)
    extra["title_raw"] = title
    extra["title_repairs"] = [{"raw_start": e.raw_start, "raw_end": e.raw_end,
                               "replacement": e.replacement, "kind": KIND,
                               "rule": e.attrs.get("rule")} for e in applied]
    return article.with_metadata(title=_apply(title, applied), extra=extra)
