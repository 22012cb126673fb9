"""The article record: raw text kept exactly, repaired text, edits and span layers.

An :class:`Article` is immutable; stages return a new one (``with_edits``, ``with_layer``,
``with_metadata``). The JSON shape is produced by :func:`mawsua.model.json.article_to_dict`
and described by ``src/mawsua/schema/article.schema.json``.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from mawsua.model.span import Alignment, Edit, Span, compose

#: Span layers every article has (empty until an annotator fills them), in JSON order.
LAYERS: tuple[str, ...] = (
    "paragraphs",
    "sentences",
    "blocks",
    "languages",
    "entities",
    "quotes",
    "timexes",
    "quantities",
)

#: Span layers over ``metadata.title`` instead of ``text`` (offsets are code points into the
#: title; empty when the article has no title or the title was derived from the body):
#: ``title_entities``, the entity mentions of the headline, their ``entity`` keys shared with
#: the ``entities`` layer of the body (docs/annotations.md).
TITLE_LAYERS: tuple[str, ...] = ("title_entities",)

#: Kinds of :class:`Edit`, with what each one does. Documented in docs/repairs.md.
EDIT_KINDS: Mapping[str, str] = {
    "bom": "a byte-order mark / zero-width no-break space removed",
    "line_endings": "CRLF or CR turned into LF",
    "blank_lines": "a run of blank lines (and trailing spaces) turned into one paragraph break",
    "trailing_space": "spaces or tabs at the end of a line removed",
    "leading_space": "spaces or tabs at the start of the text or of a line removed",
    "header": "a dump header (date | time - source) moved out of the body into metadata",
    "breadcrumb": "an aggregator breadcrumb (SITE | SECTION)- moved out of the body into metadata",
    "control_chars": "C0/C1 control characters removed",
    "merged_words": "a missing space restored between two words",
    "broken_sentence": "a sentence cut by a removed block joined again",
    "broken_paragraph": "a paragraph cut by a removed block joined again",
    "broken_paragraph_inside_quote": "a quotation cut across paragraphs joined again",
    "stray_punctuation": "a sentence's closing punctuation, left alone on the next line, put back",
    "mojibake": "UTF-8 text that had been decoded as windows-1256 or latin-1/cp1252 decoded back",
    "presentation_forms": "Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE) replaced by their base letters (NFKC)",
    "bidi_controls": "bidi control characters (LRM, RLM, ALM, U+202A–U+202E, U+2066–U+2069) removed from the text",
    "persian_letters": "Persian/Urdu letter variants (ک ی ۀ ے ...) inside Arabic words replaced by the Arabic letters",
    "zero_width": "stray zero-width characters (ZWSP, word joiner, soft hyphen, ZWNJ/ZWJ that change nothing visible) removed",
    "kashida": "justification tatweel (kashida) inside a word removed, or a run after a word shortened to one",
    "detached_haraka": "spaces between a letter and its haraka removed",
}


def sha256_hex(data: bytes) -> str:
    """Return the lowercase hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article came from.

    Args:
        path: file path as given on the command line (``None`` for URLs).
        url: URL the bytes were fetched from (``None`` for files).
        format: reader that produced it: ``"dump"``, ``"jsonl"``, ``"html"``, ...
        sha256: hex SHA-256 of the raw bytes of this record (the whole file for single-record
            formats, the line for JSONL).
        encoding: the detected or declared encoding of the raw bytes (``"utf-8"``,
            ``"utf-8-sig"``, ``"utf-16"``, ``"cp1256"``...).
        record: 1-based record number inside a multi-record file (JSONL line number), else None.
    """

    format: str
    sha256: str
    encoding: str = "utf-8"
    path: str | None = None
    url: str | None = None
    record: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of the source."""
        return {
            "path": self.path,
            "url": self.url,
            "format": self.format,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "record": self.record,
        }


@dataclass(frozen=True, slots=True)
class Metadata:
    """Article metadata. Times are ISO 8601 strings.

    ``published`` carries an offset (``+03:00``/``Z``) only when the zone is known; otherwise
    ``published`` is ``None``, ``published_local`` holds the local wall time as printed and
    ``timezone`` stays ``None`` — a zone is never invented.
    """

    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_local: str | None = None
    timezone: str | None = None
    section: str | None = None
    aggregator: str | None = None
    language: str | None = None
    title: str | None = None
    title_derived: bool = False
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of the metadata."""
        return {
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "published_local": self.published_local,
            "timezone": self.timezone,
            "section": self.section,
            "aggregator": self.aggregator,
            "language": self.language,
            "title": self.title,
            "title_derived": self.title_derived,
            "authors": list(self.authors),
            "site_name": self.site_name,
            "canonical_url": self.canonical_url,
            "description": self.description,
            "extra": dict(self.extra),
        }


@dataclass(frozen=True)
class Article:
    """One article: ``raw_text`` exactly as read, the edits that repair it, and span layers.

    Args:
        id: stable identifier (the record's own id when it has one, else ``"a-"`` + the first
            16 hex digits of the raw bytes' SHA-256).
        source: provenance of the raw bytes.
        metadata: outlet, times, section, title...
        raw_text: decoded text as read; never changed.
        edits: raw-relative repairs, sorted and non-overlapping.
        layers: span layers over ``text`` by name (see :data:`LAYERS`), and over
            ``metadata.title`` (:data:`TITLE_LAYERS`).
        proposals: raw-relative repairs judged too uncertain to apply (listed, never applied
            to ``text``; a low-confidence ``merged_words`` split, for example).

    Raises:
        ValueError: when the edits do not fit ``raw_text``.
    """

    id: str
    source: Source
    metadata: Metadata
    raw_text: str
    edits: tuple[Edit, ...] = ()
    layers: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    proposals: tuple[Edit, ...] = ()

    def __post_init__(self) -> None:
        _ = self.alignment  # validates the edits

    @cached_property
    def alignment(self) -> Alignment:
        """The raw<->text :class:`Alignment` built from ``edits``."""
        return Alignment(len(self.raw_text), self.edits)

    @cached_property
    def text(self) -> str:
        """The repaired text: ``edits`` applied to ``raw_text``."""
        return self.alignment.apply(self.raw_text)

    def layer(self, name: str) -> tuple[Span, ...]:
        """Spans of one layer (empty tuple when not built)."""
        return self.layers.get(name, ())

    def entity_mentions(self) -> list[tuple[Span, str]]:
        """Every entity mention of the article with its surface: the body's (``entities``,
        ``text[start:end]``) then the headline's (``title_entities``, ``metadata.title[start:
        end]``); their ``entity`` keys are one numbering."""
        text, title = self.text, self.metadata.title or ""
        return [(s, text[s.start : s.end]) for s in self.layer("entities")] + [
            (s, title[s.start : s.end]) for s in self.layer("title_entities")]

    def with_edits(self, text_edits: Iterable[Edit]) -> Article:
        """Return a copy with new edits, given against the *current* ``text``, folded in.

        Span layers are dropped (they were over the old text): run edits before annotators.
        """
        new = compose(self.raw_text, self.edits, text_edits)
        return Article(self.id, self.source, self.metadata, self.raw_text, new, {},
                       self.proposals)

    def with_layer(self, name: str, spans: Iterable[Span]) -> Article:
        """Return a copy with layer ``name`` set to ``spans`` (sorted by start, end).

        Raises:
            ValueError: when a span runs past the end of ``text`` (of ``metadata.title`` for
                a layer of :data:`TITLE_LAYERS`).
        """
        ordered = tuple(sorted(spans, key=lambda s: (s.start, s.end)))
        over = (self.metadata.title or "") if name in TITLE_LAYERS else self.text
        n = len(over)
        for s in ordered:
            if s.end > n:
                raise ValueError(f"span [{s.start}, {s.end}) beyond text length {n} in {name}")
        layers = dict(self.layers)
        layers[name] = ordered
        return self._derive(layers=layers)

    def with_metadata(self, **changes: Any) -> Article:
        """Return a copy with metadata fields replaced."""
        return self._derive(metadata=replace(self.metadata, **changes))

    def with_warning(self, code: str, message: str) -> Article:
        """Return a copy with ``{"code": code, "message": message}`` appended to
        ``metadata.extra["warnings"]`` (coded warnings: ``W_…`` of :data:`mawsua.errors.CODES`)."""
        extra = dict(self.metadata.extra)
        extra["warnings"] = [*extra.get("warnings", ()), {"code": code, "message": message}]
        return self.with_metadata(extra=extra)

    def _derive(self, **fields: Any) -> Article:
        """A copy with some fields replaced, keeping the computed alignment and text (same raw
        text and edits, so nothing to validate again)."""
        new = copy.copy(self)  # copies __dict__, cached alignment/text included
        for key, value in fields.items():
            object.__setattr__(new, key, value)
        return new
