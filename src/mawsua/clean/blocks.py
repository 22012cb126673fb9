"""Placeholder until block classification lands (issue 3): no blocks."""

from __future__ import annotations

from mawsua.model import Article


def annotate(article: Article) -> Article:
    """Return ``article`` unchanged (empty ``"blocks"`` layer)."""
    return article
