"""Placeholder until this repair step lands (issue 3): returns the article unchanged."""

from __future__ import annotations

from mawsua.model import Article


def repair(article: Article) -> Article:
    """Return ``article`` unchanged."""
    return article
