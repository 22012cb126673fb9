"""Extraction stage: :class:`~mawsua.model.raw.RawItem` in, :class:`~mawsua.model.Article`
(or a coded outcome) out.

One extractor per format: ``dump`` (:mod:`.dump`), ``jsonl`` (:mod:`.jsonl`), ``html``
(:mod:`.html`, trafilatura; ``raw_text`` is the extracted main text there), ``text``
(:mod:`.text`), ``feed`` (:mod:`.feed`, a feed entry's own summary). :func:`extract` never raises for bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from mawsua.errors import Failed, MawsuaError, Ok, Skipped
from mawsua.extract.dump import extract_dump
from mawsua.extract.feed import extract_feed_entry
from mawsua.extract.html import extract_html
from mawsua.extract.jsonl import extract_record
from mawsua.extract.text import extract_text
from mawsua.model import Article
from mawsua.model.raw import RawItem, path_text

Extractor = Callable[[RawItem], "Ok[Article] | Skipped | Failed"]

#: format name -> extractor.
EXTRACTORS: dict[str, Extractor] = {
    "dump": extract_dump,
    "jsonl": extract_record,
    "html": extract_html,
    "text": extract_text,
    "feed": extract_feed_entry,
}


def extract(item: RawItem) -> Ok[Article] | Skipped | Failed:
    """Turn one raw record into an :class:`Article`.

    Args:
        item: a record from :func:`mawsua.sources.read_path` / ``read_bytes``.

    Returns:
        ``Ok(article)``; ``Skipped`` (``S_EMPTY_BODY``) when there is no body text;
        ``Failed`` with ``E_HTML_NO_ARTICLE``, ``E_UNKNOWN_FORMAT`` (a format with no
        extractor), ``E_EXTRACT`` (an extractor raised; the reason names the error),
        ``E_INTERNAL`` (an assertion failed in one: a bug) or the code of a coded error an
        extractor raised. Every
        outcome names ``item.where`` (made valid Unicode by
        :func:`~mawsua.model.raw.path_text` when it holds lone surrogates). Never raises.
    """
    if not all(_valid(s) for s in (item.where, item.path, item.url)):
        item = replace(item, where=path_text(item.where),
                       path=path_text(item.path) if item.path is not None else None,
                       url=path_text(item.url) if item.url is not None else None)
    fn = EXTRACTORS.get(item.format)
    if fn is None:
        return Failed(item.where, "E_UNKNOWN_FORMAT", f"no extractor for format {item.format!r}")
    try:
        out = fn(item)
    except MawsuaError as e:  # a coded refusal (E_JSON_DEPTH...) keeps its code
        return Failed.from_error(e, item.where)
    except AssertionError as e:  # an invariant broken: a bug, not the input's fault
        return Failed(item.where, "E_INTERNAL", f"{item.format} extractor: assertion failed "
                      f"{e}".rstrip())
    except Exception as e:  # noqa: BLE001 - any extractor error becomes a coded outcome
        return Failed(item.where, "E_EXTRACT", f"{item.format} extractor raised "
                      f"{type(e).__name__}: {e}")
    return _with_decode_warning(out, item)


def _with_decode_warning(out: Ok[Article] | Skipped | Failed,
                         item: RawItem) -> Ok[Article] | Skipped | Failed:
    """Record undecodable sequences replaced by U+FFFD (``hints["replaced_sequences"]``) in
    ``metadata.extra`` as ``replaced_sequences`` with the warning code ``W_REPLACED_BYTES``,
    and a whole document undone from double-encoded UTF-8 (``hints["double_encoded"]``, the
    code page it had been read through) as ``double_encoded`` with ``W_DOUBLE_ENCODED``, and
    the warning of the saved feed an entry was read from (``hints["feed_warning"]``:
    ``W_FEED_TRUNCATED``/``W_FEED_MALFORMED``, :mod:`mawsua.sources.feeds`)."""
    hints = item.hints or {}
    n = hints.get("replaced_sequences")
    misread = hints.get("double_encoded")
    feed = hints.get("feed_warning")
    if not isinstance(out, Ok) or not (n or misread or feed):
        return out
    art = out.value
    if isinstance(feed, str) and ": " in feed:
        code, _, message = feed.partition(": ")
        art = art.with_warning(code, message)
    if n:
        art = art.with_metadata(extra={**art.metadata.extra, "replaced_sequences": n})
        art = art.with_warning(
            "W_REPLACED_BYTES", f"{n} undecodable byte sequence(s) replaced by U+FFFD")
    if misread:
        art = art.with_metadata(extra={**art.metadata.extra, "double_encoded": misread})
        art = art.with_warning(
            "W_DOUBLE_ENCODED", f"the whole document was UTF-8 read as {misread} and saved "
            "again as UTF-8; it was decoded back before reading")
    return Ok(art)


def _valid(s: str | None) -> bool:
    return s is None or s.isascii() or path_text(s) == s


__all__ = ["EXTRACTORS", "extract"]
