"""The one place where the per-article stages are wired together.

``RawItem --extract--> Article --clean--> --annotate--> Article`` and a derived title when the
source has none. Every stage is a plain function over one article, so any engine (a loop, a
process pool, Dask) can map :func:`process`.
"""

from __future__ import annotations

from dataclasses import dataclass

from mawsua.annotate import annotate
from mawsua.app import outlets
from mawsua.clean import clean
from mawsua.errors import Failed, MawsuaError, Ok, Skipped
from mawsua.extract import extract
from mawsua.model import Article
from mawsua.model.raw import RawItem

#: Longest article body processed, in code points (~2 MB of Arabic UTF-8; the longest of the
#: 5,734 articles of the shared corpora has 19,677). Every stage is linear in the text's
#: length (``bench/bench_large.py``: ~17 ms of CPU per 1,000 characters), so this bounds one
#: record's work to well under a minute of CPU; a longer body is refused with ``E_TOO_LARGE``.
MAX_ARTICLE_CHARS = 1_000_000
#: Longest derived title, in code points, before it is cut at a word boundary.
DERIVED_TITLE_MAX = 110


@dataclass(frozen=True, slots=True)
class Processed:
    """A processed article and the raw bytes it was made from (kept byte for byte)."""

    article: Article
    raw: bytes


def derive_title(article: Article) -> Article:
    """Give an article without a headline a title from its first sentence, marked derived.

    The first sentence (or paragraph) of ``text`` is cut at a word boundary after at most
    :data:`DERIVED_TITLE_MAX` code points (``…`` appended when cut); ``title_derived`` is set so
    that no reader takes it for the outlet's headline. Articles with a title are returned as is.
    """
    if article.metadata.title:
        return article
    spans = article.layer("sentences") or article.layer("paragraphs")
    text = article.text
    lead = (text[spans[0].start : spans[0].end] if spans else text).strip()
    if not lead:
        return article
    if len(lead) > DERIVED_TITLE_MAX:
        cut = lead.rfind(" ", 0, DERIVED_TITLE_MAX)
        lead = lead[: cut if cut > 40 else DERIVED_TITLE_MAX].rstrip(" ،,؛:") + "…"
    return article.with_metadata(title=lead, title_derived=True)


def process(item: RawItem | Failed | Skipped) -> Ok[Processed] | Skipped | Failed:
    """Run one record through extract, clean, annotate and title derivation.

    Args:
        item: a record from :func:`mawsua.sources.read_path` (failures pass through).

    Returns:
        ``Ok(Processed)``; ``Skipped(code="S_EMPTY_BODY")`` when nothing is left of the body;
        ``Failed(code="E_TOO_LARGE")`` for a body longer than :data:`MAX_ARTICLE_CHARS`;
        or the extractor's ``Failed`` (``E_EXTRACT`` when an extractor raised, ``E_INTERNAL``
        for an assertion failing in one). An unexpected exception in a later stage is
        ``Failed(code="E_INTERNAL")`` naming the record and the stage (``in clean:``, ``in
        annotate:``), never another stage's code; a coded error keeps its own code. One bad
        record never stops a run.
    """
    if isinstance(item, Failed | Skipped):
        return item
    out = extract(item)  # never raises: its own failures are coded
    if not isinstance(out, Ok):
        return out
    if len(out.value.raw_text) > MAX_ARTICLE_CHARS:
        return Failed(item.where, "E_TOO_LARGE",
                      f"an article body of {len(out.value.raw_text):,} characters is longer "
                      f"than the {MAX_ARTICLE_CHARS:,}-character budget for one article")
    stage = "clean"
    try:
        art = clean(out.value)
        if not art.text.strip():
            return Skipped(item.where, "S_EMPTY_BODY", "no body text after cleaning")
        stage = "annotate"
        home = outlets.home_country(art.metadata.outlet)
        if home:  # evidence for the entity annotator (mawsua.annotate.entities.NATIONAL)
            art = art.with_metadata(extra={**art.metadata.extra, "outlet_country": home})
        if outlets.known(art.metadata.outlet):  # an outlet naming itself: «الوطن» in El Watan
            art = art.with_metadata(extra={  # (mawsua.annotate.entities.SELF_NAMED)
                **art.metadata.extra,
                "outlet_name": outlets.display_name(art.metadata.outlet, "ar")})
        art = derive_title(annotate(art))
        stage = "outlets"
        outlet = outlets.canonical(art.metadata.outlet)
        if outlet != art.metadata.outlet:  # a page's host or a second slug → the table's slug
            given = "host" if "." in (art.metadata.outlet or "") else "outlet_given"
            art = art.with_metadata(outlet=outlet, extra={**art.metadata.extra,
                                                          given: art.metadata.outlet})
    except MawsuaError as exc:
        return Failed.from_error(exc, item.where)
    except Exception as exc:  # noqa: BLE001 - one record must never stop the run
        return Failed(item.where, "E_INTERNAL", f"in {stage}: {type(exc).__name__}: {exc}")
    return Ok(Processed(art, item.data))
