"""The JSON API under ``/api/v1``: a twin of each page, described at ``/api/v1/openapi.json``.

Errors are JSON objects ``{"error": {"code", "status", "message"}}`` (plus ``"detail"``, the
list of invalid parameters, on a 422). Codes: ``E_NOT_FOUND`` (404: no such article or route),
``E_INVALID_QUERY`` (422: a parameter out of range or a bad date), ``E_STORE`` (503: the
database cannot be opened).
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from mawsua.app import queries
from mawsua.model import article_to_dict
from mawsua.model.results import SearchQuery
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
    Since,
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
    quantities``).

    Raises:
        HTTPException: 404 (``E_NOT_FOUND``) when no article has this id.
    """
    with access.open() as store:
        try:
            art = queries.get_article(store, article_id)
        except KeyError:
            raise HTTPException(404, f"no article with id {article_id!r}") from None
    return json_response(article_to_dict(art))


@router.get("/search", summary="Full-text search", responses=_ERRORS)
def search(access: Access, q: QueryText = "", outlet: Outlet = None, section: Section = None,
           language: Language = None, entity: Entity = None, since: Since = None,
           until: Until = None, limit: Limit = PER_PAGE, offset: Offset = 0) -> Response:
    """Search over folded text (twin of the search page); empty ``q`` with filters lists the
    filtered articles, newest first.

    Returns ``{"items": [SearchHit...], "total", "limit", "offset", "query"}``; each hit has
    ``id, url, title, title_derived, outlet, published, published_local, section, language,
    snippet, snippet_html`` (escaped, matches in ``<mark>``) and ``score`` (bm25, lower is
    better).

    Raises:
        HTTPException: 422 when ``since`` is after ``until``.
    """
    try:
        check_range(since, until)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    if q.strip() and not queries.has_search_words(q) and not (
            outlet or section or language or entity or since or until):
        raise HTTPException(422, f"q={q!r} has no letters or digits to search for")
    query = SearchQuery(text=q.strip(), outlet=outlet, section=section, language=language,
                        entity=entity, since=since, until=until, limit=limit, offset=offset)
    with access.open() as store:
        page = queries.search(store, query)
    result = page.to_dict()
    result["query"] = {"q": query.text, "outlet": outlet, "section": section, "entity": entity,
                       "language": language, "since": since, "until": until}
    return json_response(result)


@router.get("/facets", summary="Counts for filter menus", responses=_ERRORS)
def facets(access: Access) -> Response:
    """``{"outlets": [{"value", "count"}...], "sections": [...], "languages": [...]}``, most
    frequent first."""
    with access.open() as store:
        f = queries.facets(store)

    def rows(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
        return [{"value": v, "count": n} for v, n in pairs]

    return json_response({"outlets": rows(f.outlets), "sections": rows(f.sections),
                          "languages": rows(f.languages)})
