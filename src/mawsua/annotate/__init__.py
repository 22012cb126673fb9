"""annotate stage: span layers over the repaired text.

Public API: :func:`annotate` runs paragraphs → sentences → languages → entities → quotes →
timexes → quantities (layers described in docs/annotations.md); each step is a function of the
same name in its module.
"""

from mawsua.annotate.entities import entities
from mawsua.annotate.language import detect, languages
from mawsua.annotate.paragraphs import paragraphs
from mawsua.annotate.quantities import quantities
from mawsua.annotate.quotes import quotes
from mawsua.annotate.sentences import sentences
from mawsua.annotate.timexes import timexes
from mawsua.model import Article


def annotate(article: Article) -> Article:
    """Return ``article`` with its ``"paragraphs"``, ``"sentences"`` and ``"languages"`` layers
    and ``metadata.language`` set. Run :func:`mawsua.clean.clean` first (edits drop layers).
    """
    art = languages(sentences(paragraphs(article)))
    return quantities(timexes(quotes(entities(art))))


__all__ = ["annotate", "detect", "entities", "languages", "paragraphs", "quantities", "quotes",
           "sentences", "timexes"]
