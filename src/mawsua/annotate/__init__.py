"""annotate stage: span layers over the repaired text.

Public API: :func:`annotate` runs paragraphs → sentences → languages; the single steps are
:func:`mawsua.annotate.paragraphs.paragraphs`, :func:`mawsua.annotate.sentences.sentences` and
:func:`mawsua.annotate.language.languages`.
"""

from mawsua.annotate.language import detect, languages
from mawsua.annotate.paragraphs import paragraphs
from mawsua.annotate.sentences import sentences
from mawsua.model import Article


def annotate(article: Article) -> Article:
    """Return ``article`` with its ``"paragraphs"``, ``"sentences"`` and ``"languages"`` layers
    and ``metadata.language`` set. Run :func:`mawsua.clean.clean` first (edits drop layers).
    """
    return languages(sentences(paragraphs(article)))


__all__ = ["annotate", "detect", "languages", "paragraphs", "sentences"]
