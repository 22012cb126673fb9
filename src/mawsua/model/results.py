"""Result shapes the store returns and the CLI, API and website show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")


def _flat(obj: Any) -> dict[str, Any]:
    """The fields of a slotted dataclass of plain values, in order (what
    ``dataclasses.asdict`` gives, without its recursive deep copy: ~10x cheaper)."""
    return {name: getattr(obj, name) for name in obj.__slots__}


@dataclass(frozen=True, slots=True)
class AddResult:
    """Outcome of storing one article.

    ``status`` is ``"added"`` or ``"duplicate"`` (same raw SHA-256, or same outlet + URL, is
    already stored); ``id`` is the stored article's id; ``duplicate_of`` the id of the row that
    was already there (``None`` when added).
    """

    status: Literal["added", "duplicate"]
    id: str
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One article as listed on a page: no body, a plain-text ``snippet`` (≤ ~240 chars)."""

    id: str
    url: str | None
    outlet: str | None
    title: str | None
    title_derived: bool
    published: str | None
    published_local: str | None
    section: str | None
    language: str | None
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        """JSON shape (all fields)."""
        return _flat(self)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result. ``snippet`` is plain text on the original letters; ``snippet_html``
    is the same text HTML-escaped with matches wrapped in ``<mark>``; ``score`` is the bm25 rank
    (lower is better, as SQLite FTS5 returns it)."""

    id: str
    url: str | None
    outlet: str | None
    title: str | None
    title_derived: bool
    published: str | None
    published_local: str | None
    section: str | None
    language: str | None
    snippet: str
    snippet_html: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """JSON shape (all fields)."""
        return _flat(self)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search request.

    Args:
        text: the user's query (any Arabic spelling; folded and stemmed by the store). Empty
            text with filters lists the filtered articles, newest first.
        outlet, section, language: exact filters (``None`` = any).
        entity: only articles with an entity of this name: its canonical name or any of its
            mentions as written, compared folded and loosely (:func:`mawsua.arabic.variants.
            loose_key`: ``بايدن``, ``جو بايدن``, ``Joe Biden``, ``joe-biden``).
        entity_names: other names of the entity asked for (canonical names and spellings the
            application found for ``entity`` in its gazetteer), searched like ``entity``.
        outlet_names: other names of the outlet asked for (a second slug, its display
            name as a dump gives it: ``arabiya``, ``العربية`` for ``alarabiya``), matched like
            ``outlet``.
        spellings: ``(folded word, other spelling)`` pairs for words of ``text``, searched
            like the word's own spellings (the application fills in the stored one-word
            names of a person spelled with or without inner long vowels: ``بوتن`` for
            ``بوتين``).
        section_names: the stored source-section values ``section`` stands for (its other
            casings, the English slugs shown under an Arabic name: ``politics`` for
            ``سياسة``), matched like ``section``.
        since, until: ISO dates or datetimes (inclusive bounds) on the publication time
            (``published`` when known, else ``published_local``).
        limit: page size (1..200); offset: rows to skip.
    """

    text: str = ""
    outlet: str | None = None
    section: str | None = None
    language: str | None = None
    entity: str | None = None
    entity_names: tuple[str, ...] = ()
    outlet_names: tuple[str, ...] = ()
    section_names: tuple[str, ...] = ()
    spellings: tuple[tuple[str, str], ...] = ()
    since: str | None = None
    until: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of results: ``items``, the ``total`` number of matches, and the paging used."""

    items: list[T]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{"items": [...], "total", "limit", "offset"}``."""
        return {
            "items": [i.to_dict() if hasattr(i, "to_dict") else i for i in self.items],
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
        }


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts for filter menus: lists of ``(value, count)``, most frequent first."""

    outlets: list[tuple[str, int]] = field(default_factory=list)
    sections: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoryMember:
    """One report of a story: the article ``id``, ``url``, ``outlet``, ``title``, the id of
    the earliest copy it duplicates (``duplicate_of``, ``None`` when it is no copy),
    ``published``/``published_local`` as given, its ``language`` and its story ``time``
    (``YYYY-MM-DDTHH:MM:SS``: publication time, else crawl time; ``None`` when unknown)."""

    id: str
    url: str | None
    outlet: str | None
    title: str | None
    duplicate_of: str | None
    published: str | None
    published_local: str | None
    language: str | None
    time: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape (all fields)."""
        return _flat(self)


@dataclass(frozen=True, slots=True)
class Story:
    """A story: reports of one event across outlets and languages.

    ``id`` is the row number of its earliest report (stable while the store exists);
    ``label`` the headline of its most central report; ``size`` its reports (duplicates
    included); ``outlets`` its distinct outlets; ``languages`` codes; ``first_seen`` and
    ``last_seen`` the earliest and latest story times; ``members`` oldest first (empty in
    listings that do not ask for them); ``sections`` codes shared by its reports, most
    frequent first.
    """

    id: int
    label: str | None
    size: int
    outlets: int
    languages: list[str]
    first_seen: str | None
    last_seen: str | None
    members: list[StoryMember] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: every field, ``members`` as a list of :class:`StoryMember` dicts."""
        return {"id": self.id, "label": self.label, "size": self.size, "outlets": self.outlets,
                "languages": self.languages, "first_seen": self.first_seen,
                "last_seen": self.last_seen, "sections": self.sections,
                "members": [m.to_dict() for m in self.members]}
