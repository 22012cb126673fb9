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

from mawsua.clean import blocks, chars, hygiene, joins, merged
from mawsua.clean.hygiene import char_edits, line_edits
from mawsua.model import Article


def clean(article: Article) -> Article:
    """Return ``article`` with every repair applied as edits and its ``"blocks"`` layer set."""
    art = chars.repair(article)
    art = hygiene.clean(art)
    art = merged.repair(art)
    art = joins.repair(art)
    return blocks.annotate(art)


__all__ = ["char_edits", "clean", "line_edits"]
