"""The look-up of word-pair counts that the merged-word repair may consult besides its shipped
table: the store's own text (issue 10: "the same words seen apart elsewhere in ... the store").

:mod:`mawsua.clean` may not import the store, so the look-up is handed to it as a value that
meets :class:`PairCounts` (:func:`mawsua.clean.merged.use_store_pairs`); the app builds it
(``mawsua store pairs``, :mod:`mawsua.app.store_pairs`) and wires it in. A
:class:`mawsua.arabic.bigrams.Bigrams` over a file written from the store is one.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class PairCounts(Protocol):
    """Counts of folded Arabic words (:func:`mawsua.arabic.fold.fold`) in running text.

    ``total`` is the number of word tokens counted (0: no evidence at all).
    """

    total: int

    def pair(self, first: str, second: str) -> int:
        """How often ``first`` is directly followed by ``second`` (one space, one line,
        no punctuation between them); 0 when unseen."""
        ...

    def joined(self, word: str) -> int:
        """How often the joined form ``word`` of a counted pair occurs as one token (0 when
        never, or when the look-up keeps no such count)."""
        ...

    def pair_zipf(self, first: str, second: str) -> float:
        """The pair's frequency on the Zipf scale (``log10`` per 10^9 tokens), 0.0 when
        unseen."""
        ...


__all__ = ["PairCounts"]
