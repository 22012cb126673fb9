"""Pure data types shared by every stage (a leaf package: imports nothing else of Mawsua)."""

from mawsua.model.article import (
    EDIT_KINDS,
    LAYERS,
    TITLE_LAYERS,
    Article,
    Metadata,
    Source,
    sha256_hex,
)
from mawsua.model.json import article_from_dict, article_to_dict
from mawsua.model.pairs import PairCounts
from mawsua.model.span import Alignment, Edit, Span, compose

__all__ = [
    "EDIT_KINDS",
    "LAYERS",
    "TITLE_LAYERS",
    "Alignment",
    "article_from_dict",
    "article_to_dict",
    "Article",
    "Edit",
    "Metadata",
    "PairCounts",
    "Source",
    "Span",
    "compose",
    "sha256_hex",
]
