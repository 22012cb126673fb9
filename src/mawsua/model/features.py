"""The connect features of one article (plain data the store keeps and the linker compares).

Computed by :func:`mawsua.connect.features.features` in the ingest workers, carried by the
store's :class:`~mawsua.store.sqlite.Prepared` to the writer and linked by
:mod:`mawsua.connect.link`. It lives in ``model/`` so that the ``store`` stage carries it
without importing the ``connect`` stage (layering: docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: terms of an article indexed for story candidates (the heaviest first)
KEY_TERMS = 8


@dataclass(frozen=True, slots=True)
class Features:
    """What connecting needs from one article (see the module docstring).

    Attributes:
        exact_key: 16 bytes (SHA-256 prefix of the folded body), ``None`` for a body of fewer
            than :data:`mawsua.connect.features.MIN_WORDS` words.
        signature: ``mawsua.connect.features.NUM_PERM`` little-endian uint32 MinHash values (``b""`` when too short).
        bands: the :data:`mawsua.connect.features.BANDS` LSH band keys (signed 64-bit integers; empty when too short).
        terms: ``(stem, weight)`` pairs, heaviest first, L2 norm 1.
        entities: canonical entity names, sorted.
        numbers: quantity values (integers ≥ 2 that are not years 1900–2100), sorted.
        title_numbers: such numbers written in digits in the headline (a toll, a count: the
            strongest sign of which event a report is about), sorted.
        title_terms: the headline's terms whose IDF reaches :data:`mawsua.connect.features.TITLE_TERM_MIN_IDF`
            (names, places, rare words), sorted.
        dates: ISO calendar dates of resolved timexes, sorted.
        time: story time ``YYYY-MM-DDTHH:MM:SS`` (UTC when the zone is known) or ``None``.
        language: the article's language code or ``None``.
        title: the headline (``None`` when the source has none).
        outlet: the outlet or ``None``.
        countries: ``(ISO 3166-1 alpha-2, score)`` pairs, best first.
        topics: ``(topic, score)`` pairs, best first.
        title_countries: ISO codes of the gazetteer places and people the headline names,
            sorted (``تهنئ رئيس كولومبيا`` → ``("CO",)``, ``يهنئ السيسي`` → ``("EG",)``).
    """

    exact_key: bytes | None
    signature: bytes
    bands: tuple[int, ...]
    terms: tuple[tuple[str, float], ...]
    entities: tuple[str, ...]
    numbers: tuple[int, ...]
    title_numbers: tuple[int, ...]
    title_terms: tuple[str, ...]
    dates: tuple[str, ...]
    time: str | None
    language: str | None
    title: str | None
    outlet: str | None
    countries: tuple[tuple[str, float], ...]
    topics: tuple[tuple[str, float], ...]
    title_countries: tuple[str, ...] = ()

    def story_keys(self) -> list[str]:
        """Index keys for story candidates: the :data:`KEY_TERMS` heaviest terms (``t:``)
        and every entity (``e:``, the bridge between languages)."""
        return [f"t:{t}" for t, _ in self.terms[:KEY_TERMS]] + [f"e:{e}" for e in self.entities]

    def data(self) -> dict[str, Any]:
        """The JSON-safe part the linker reads back for candidates (no signature)."""
        return {"terms": [[t, round(w, 5)] for t, w in self.terms], "entities": list(self.entities),
                "numbers": list(self.numbers), "title_numbers": list(self.title_numbers),
                "title_terms": list(self.title_terms),
                "title_countries": list(self.title_countries),
                "dates": list(self.dates), "time": self.time,
                "language": self.language, "title": self.title, "outlet": self.outlet}
