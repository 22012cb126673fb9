"""Extractor for plain text: ``raw_text`` is the decoded file, no metadata, no edits."""

from __future__ import annotations

from mawsua.errors import Ok, Skipped
from mawsua.extract.common import article_id, source_of
from mawsua.model import Article, Metadata
from mawsua.model.raw import RawItem


def extract_text(item: RawItem) -> Ok[Article] | Skipped:
    """Wrap a plain-text :class:`RawItem` as an :class:`Article` (id from the bytes' SHA-256).

    Returns ``Skipped`` (``S_EMPTY_BODY``) for whitespace-only text.
    """
    if not item.text.strip():
        return Skipped(item.where, "S_EMPTY_BODY", "the file holds only whitespace")
    return Ok(Article(id=article_id(item), source=source_of(item), metadata=Metadata(),
                      raw_text=item.text))
