"""The ``entities``" layer (issue 4, docs/annotations.md); work in progress: adds nothing yet."""

from __future__ import annotations

from mawsua.model import Article


def entities(article: Article) -> Article:
    """Return ``article`` unchanged until this annotator lands."""
    return article
