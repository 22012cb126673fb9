"""The JSON API under ``/api/v1``: a twin of each page, described at ``/api/v1/openapi.json``.

Errors are JSON objects ``{"error": {"code", "status", "message"}}`` (plus ``"detail"``, the
list of invalid parameters, on a 422). Codes: ``E_NOT_FOUND`` (404: no such article or route),
``E_INVALID_QUERY`` (422: a parameter out of range or a bad date), ``E_STORE`` (503: the
database cannot be opened).
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from mawsua.app import connect, queries
from mawsua.model import article_to_dict
from mawsua.model.results import SearchQuery
from mawsua.web.cache import cached, same_store_answer
from mawsua.web.deps import StoreAccess, store_access
from mawsua.web.params import (
    PER_PAGE,
    Entity,
    Language,
    Limit,
    Offset,
    Outlet,
    QueryText,
    Section,
    SectionCode,
    Sections,
    Since,
    StoryId,
    Until,
    check_range,
)

PREFIX = "/api/v1"

router = APIRouter(prefix=PREFIX, tags=["api"], default_response_class=JSONResponse)

Access = Annotated[StoreAccess, Depends(store_access)]


def json_response(obj: Any, status_code: int = 200) -> Response:
    """``obj`` as UTF-8 JSON (Arabic left unescaped), serialised with orjson."""
    return Response(orjson.dumps(obj), status_code=status_code, media_type="application/json")

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such article: `{\"error\": {\"code\": \"E_NOT_FOUND\", ...}}`"},
    422: {"description": "Invalid parameter: `{\"error\": {\"code\": \"E_INVALID_QUERY\", ...}}`"},
    503: {"description": "Database unavailable: `{\"error\": {\"code\": \"E_STORE\", ...}}`"},
}


@router.get("", summary="Index of the API")
def index(request: Request) -> Response:
    """Links to every endpoint of the API and to its OpenAPI description."""
    return json_response({
        "name": "mawsua",
        "version": request.app.version,
        "openapi": f"{PREFIX}/openapi.json",
        "endpoints": {
            "articles": f"{PREFIX}/articles?limit=&offset=&outlet=&section=&language=",
            "article": f"{PREFIX}/articles/{{id}}",
            "search": f"{PREFIX}/search?q=&outlet=&section=&language=&since=&until=&limit=&offset=",
            "facets": f"{PREFIX}/facets",
            "stories": f"{PREFIX}/stories?since=&section=&min_size=&min_outlets=&limit=&offset=",
            "story": f"{PREFIX}/stories/{{id}}",
            "sections": f"{PREFIX}/sections",
            "section": f"{PREFIX}/sections/{{code}}?limit=&offset=",
            "status": f"{PREFIX}/status",
            "export": f"{PREFIX}/export?format=jsonl|csv|parquet&q=&outlet=&section=&language="
                      "&entity=&since=&until=&layers=&limit=",
            "feeds": "/feeds/latest.{rss,atom,json}",
            "entities": f"{PREFIX}/entities?since=&until=&type=&section=&limit=&offset=",
            "entity": f"{PREFIX}/entities/{{id}}",
            "quotes": f"{PREFIX}/quotes?speaker=&q=&since=&until=&section=&limit=&offset=",
            "trending": f"{PREFIX}/trending?at=&window_hours=&baseline_hours=&limit=",
            "timeline": f"{PREFIX}/timeline?entity=|section=&since=&until=",
        },
    })


@router.get("/articles", summary="Latest articles", responses=_ERRORS)
def articles(access: Access, limit: Limit = PER_PAGE, offset: Offset = 0, outlet: Outlet = None,
             section: Section = None, language: Language = None) -> Response:
    """Newest articles first (twin of the home page).

    Returns ``{"items": [ArticleSummary...], "total", "limit", "offset"}``; each item has
    ``id, url, outlet, title, title_derived, published, published_local, section, language,
    snippet``.
    """
    with access.open() as store:
        page = queries.latest(store, limit=limit, offset=offset, outlet=outlet,
                              section=section, language=language)
    return json_response(page.to_dict())


@router.get("/articles/{article_id:path}", summary="One article (the full JSON contract)",
            responses=_ERRORS)
def article(access: Access, article_id: str) -> Response:
    """The article as the JSON contract of DESIGN.md (``id, source, metadata, raw_text, text,
    repairs, paragraphs, sentences, blocks, languages, entities, quotes, timexes,
    quantities``) plus its connections: ``duplicate_of`` (the earliest copy's id or
    ``null``), ``story`` (``{id, label, size, outlets}``) and ``sections``
    (``{countries: [{code, score}], topics: [...]}``).

    Raises:
        HTTPException: 404 (``E_NOT_FOUND``) when no article has this id.
    """
    with access.open() as store:
        try:
            art = queries.get_article(store, article_id)
        except KeyError:
            raise HTTPException(404, f"no article with id {article_id!r}") from None
        links = connect.connections(store, article_id)
    return json_response({**article_to_dict(art), **links})


@router.get("/search", summary="Full-text search", responses=_ERRORS)
def search(access: Access, q: QueryText = "", outlet: Outlet = None, section: Section = None,
           language: Language = None, entity: Entity = None, since: Since = None,
           until: Until = None, limit: Limit = PER_PAGE, offset: Offset = 0) -> Response:
    """Search over folded text (twin of the search page); empty ``q`` with filters lists the
    filtered articles, newest first. Syntax of ``q`` (docs/search.md): words ANDed, ``"..."``
    phrases, ``OR``, ``-word`` / ``-"phrase"``; spellings of a name meet (سوريا/سورية).

    Returns ``{"items": [SearchHit...], "total", "limit", "offset", "query"}``; each hit has
    ``id, url, title, title_derived, outlet, published, published_local, section, language,
    snippet, snippet_html`` (escaped, matches in ``<mark>``) and ``score`` (bm25, lower is
    better); ``notes``: why nothing was found when an ``outlet``, ``section``, ``language``
    or ``entity`` filter names nothing stored (``[{"code": "W_UNKNOWN_OUTLET"|
    "W_UNKNOWN_SECTION"|"W_UNKNOWN_LANGUAGE"|"W_UNKNOWN_ENTITY", "reason", "filter",
    "value", "known"}]``; :func:`mawsua.app.queries.unknown_filters`).

    Raises:
        HTTPException: 422 ``E_INVALID_QUERY`` when ``since`` is after ``until``, when neither
            ``q`` nor a filter is given (``/articles`` lists articles), when ``q`` has no
            letters or digits and no filter is given, or when ``q`` only excludes
            (``-word``: a query needs one word to find).
    """
    try:
        check_range(since, until)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    filtered = bool(outlet or section or language or entity or since or until)
    if not q.strip() and not filtered:
        raise HTTPException(422, "q is required: give words to search for, or a filter "
                                 "(outlet, section, language, entity, since, until); "
                                 f"{PREFIX}/articles lists the latest articles")
    problem = queries.query_problem(q, filtered=filtered)
    if problem:
        raise HTTPException(422, problem)
    query = SearchQuery(text=q.strip(), outlet=outlet, section=section, language=language,
                        entity=entity, since=since, until=until, limit=limit, offset=offset)
    with access.open() as store:
        page = same_store_answer(store, ("search", query), lambda: queries.search(store, query))
        notes = queries.filter_notes(store, query, page.total)
    result = page.to_dict()
    result["query"] = {"q": query.text, "outlet": outlet, "section": section, "entity": entity,
                       "language": language, "since": since, "until": until}
    result["notes"] = notes
    return json_response(result)


@router.get("/facets", summary="Counts for filter menus", responses=_ERRORS)
def facets(access: Access) -> Response:
    """``{"outlets": [{"value", "count"}...], "sections": [...], "languages": [...]}``, most
    frequent first."""
    with access.open() as store:
        f = cached(store, "facets", lambda: queries.facets(store))

    def rows(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
        return [{"value": v, "count": n} for v, n in pairs]

    return json_response({"outlets": rows(f.outlets), "sections": rows(f.sections),
                          "languages": rows(f.languages)})


@router.get("/stories", summary="Stories across outlets and languages", responses=_ERRORS)
def stories(access: Access, since: Since = None, section: Sections = None,
            min_size: Annotated[int, Query(ge=1, le=10_000, description="Only stories of at "
                                           "least this many reports.")] = 1,
            min_outlets: Annotated[int, Query(ge=1, le=10_000, description="Only stories told "
                                              "by at least this many outlets.")] = 1,
            limit: Limit = PER_PAGE, offset: Offset = 0) -> Response:
    """Stories by number of outlets, then reports, then recency (the home page's top stories
    are ``since`` the latest day with ``min_outlets=2``).

    Returns ``{"items": [Story...], "total", "limit", "offset"}``; each story has ``id, label,
    size, outlets, languages, first_seen, last_seen, sections`` and ``members`` (at most 50:
    ``id, url, outlet, title, duplicate_of, published, published_local, language, time``).
    """
    code = section
    with access.open() as store:
        items, total = connect.stories(store, since=since, section=code, min_size=min_size,
                                       min_outlets=min_outlets, limit=limit, offset=offset)
    return json_response({"items": [i.to_dict() for i in items], "total": total,
                          "limit": limit, "offset": offset})


@router.get("/stories/{story_id}", summary="One story with all its reports", responses=_ERRORS)
def story(access: Access, story_id: StoryId) -> Response:
    """One story (same shape as a listed story) with every report, oldest first.

    Raises:
        HTTPException: 404 (``E_NOT_FOUND``) when there is no such story.
    """
    with access.open() as store:
        try:
            item = connect.story(store, story_id)
        except KeyError:
            raise HTTPException(404, f"no story with id {story_id}") from None
    return json_response(item.to_dict())


@router.get("/sections", summary="Country and topic sections", responses=_ERRORS)
def sections(access: Access) -> Response:
    """``{"items": [{"code", "kind" (country|topic), "articles"}]}``, most articles first."""
    with access.open() as store:
        rows = connect.section_counts(store)
    return json_response({"items": [{"code": c, "kind": k, "articles": n} for c, k, n in rows]})


@router.get("/sections/{code}", summary="One section's articles", responses=_ERRORS)
def section(access: Access, code: SectionCode, limit: Limit = PER_PAGE, offset: Offset = 0
            ) -> Response:
    """Articles filed under a country code (``IQ``) or topic (``politics``), newest first
    (twin of the section page): ``{"code", "items": [ArticleSummary...], "total", "limit",
    "offset"}``.

    Raises:
        HTTPException: 404 (``E_NOT_FOUND``) when the code names no section."""
    if not code:
        raise HTTPException(404, "no such section (a country code such as IQ or a topic)")
    with access.open() as store:
        items, total = connect.section_articles(store, code, limit, offset)
    return json_response({"code": code, "items": [i.to_dict() for i in items], "total": total,
                          "limit": limit, "offset": offset})


