"""HTML pages (right-to-left Arabic, Jinja2 with autoescape): home, article, search.

Each page has a JSON twin in :mod:`mawsua.web.api` taking the same filters. Pages show
:data:`~mawsua.web.params.PER_PAGE` rows and page with ``?page=N`` (1-based).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from mawsua.app import connect, queries
from mawsua.model.results import Facets, SearchQuery
from mawsua.web import desk, reader, reading, render
from mawsua.web.cache import PAGE_MAX_AGE_S, cached, same_store_answer
from mawsua.web.deps import StoreAccess, store_access
from mawsua.web.params import (
    PER_PAGE,
    Entity,
    Language,
    Outlet,
    PageNo,
    QueryText,
    Section,
    SectionCode,
    Since,
    StoryId,
    Until,
    check_range,
)
from mawsua.web.session import accounts_access

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

#: stories on the home page, and section links shown
TOP_STORIES = 10
SECTIONS_SHOWN = 30

Access = Annotated[StoreAccess, Depends(store_access)]
Accounts = Annotated[StoreAccess, Depends(accounts_access)]


def _render(request: Request, name: str, context: dict[str, Any],
            status_code: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request, name, context, status_code=status_code
    )
    return response


def _facet_options(facets: Facets) -> dict[str, list[tuple[str, int]]]:
    return {"outlets": list(facets.outlets), "sections": list(facets.sections),
            "languages": list(facets.languages)}


@router.get("/", name="home")
def home(request: Request, access: Access, accounts: Accounts, page: PageNo = 1,
         outlet: Outlet = None, section: Section = None, language: Language = None
         ) -> HTMLResponse:
    """Today's top stories (the latest day with stories, by number of outlets; first page
    only), the breaking stories (:func:`mawsua.app.desk.trending`; first page only), the
    sections, and the latest articles, newest first, ``PER_PAGE`` a page, with
    outlet/section filter menus. A logged-in reader sees each top story's unread reports and
    the unread articles in bold."""
    with access.open() as store:
        result = queries.latest(store, limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
                                outlet=outlet, section=section, language=language)
        facets = cached(store, "facets", lambda: queries.facets(store))
        top_day, top = cached(store, "top", lambda: connect.top_stories(store,
                                                                         limit=TOP_STORIES))
        sections = cached(store, "sections",
                          lambda: connect.section_counts(store)[:SECTIONS_SHOWN])
        breaking = cached(store, "breaking", lambda: desk.breaking(store),
                          max_age=PAGE_MAX_AGE_S) if page == 1 else None
    params = {"outlet": outlet, "section": section, "language": language}
    return _render(request, "index.html", {
        "top_stories": top if page == 1 else [],
        "story_unread": reader.stories_unread(request, accounts, [s.id for s in top])
        if page == 1 else {},
        "read_ids": reader.read_ids(request, accounts, [i.id for i in result.items]),
        "top_day": top_day,
        "breaking": breaking,
        "sections": sections,
        "items": result.items,
        "pager": render.pager(page, PER_PAGE, result.total, len(result.items)),
        "params": params,
        "facets": _facet_options(facets),
    })


@router.get("/article/{article_id:path}", name="article")
def article(request: Request, access: Access, accounts: Accounts, article_id: str,
            view: str = "read") -> HTMLResponse:
    """One article: metadata as given, original link, paragraphs with their direction, blocks
    shown as what they are (captions, embedded posts...), and a toggle between the repaired
    text (``?view=read``, the default; ``?view=repaired`` marks every repair) and the text as
    read (``?view=original``). See :mod:`mawsua.web.reading`. A logged-in reader's
    opening marks it read; the page then has read/unread and star buttons.

    Raises:
        HTTPException: 404 when no article has this id.
    """
    with access.open() as store:
        try:
            art = queries.get_article(store, article_id)
        except KeyError:
            raise HTTPException(404, f"لا توجد مقالة بالمعرّف {article_id}") from None
        links = connect.connections(store, article_id)
    md = art.metadata
    return _render(request, "article.html", {
        "state": reader.article_state(request, accounts, art.id),
        "links": links,
        "article": art,
        "md": md,
        "time": render.show_time(md.published, md.published_local, md.timezone),
        "paragraphs": render.paragraphs(art),
        "reading": reading.reading(art, view),
    })


@router.get("/search", name="search")
def search(request: Request, access: Access, q: QueryText = "", outlet: Outlet = None,
           section: Section = None, language: Language = None, entity: Entity = None,
           since: Since = None, until: Until = None, page: PageNo = 1) -> HTMLResponse:
    """Search results with highlighted matches, total, filters and paging.

    With no words and no filter the page shows the empty form. A ``since`` later than
    ``until``, or a query of exclusions alone (``-word``), answers 422 with the form and a
    message. A search that finds nothing because a filter names nothing stored says so in
    Arabic (the API's ``notes``: an unknown outlet, section, language or entity, with the
    stored values).
    """
    params = {"q": q.strip(), "outlet": outlet, "section": section, "language": language,
              "entity": entity, "since": since, "until": until}
    error = ""
    try:
        check_range(since, until)
    except ValueError:
        error = (f"«من تاريخ» ({since}) بعد «إلى تاريخ» ({until}): لا مقالة بين "
                 "التاريخين؛ بدّل أحدهما")
    problem = queries.query_problem(params["q"] or "", filtered=any(
        v for k, v in params.items() if k != "q"))
    if problem == queries.EXCLUSIONS_ONLY:
        error = ("عبارة البحث تستبعد كلمات فقط (-كلمة): اكتب كلمة واحدة على الأقل يُبحث "
                 "عنها، مثل: سوريا -تركيا")
    elif problem:
        error = "لا تحوي عبارة البحث حروفًا أو أرقامًا يُبحث عنها"
    asked = any(params.values())
    notes: list[dict[str, Any]] = []
    with access.open() as store:
        facets = cached(store, "facets", lambda: queries.facets(store))
        result = None
        if asked and not error:
            query = SearchQuery(
                text=params["q"] or "", outlet=outlet, section=section, language=language,
                entity=entity, since=since, until=until, limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
            )
            result = same_store_answer(store, ("search", query),
                                       lambda: queries.search(store, query))
            notes = queries.filter_notes(store, query, result.total)
    context: dict[str, Any] = {
        "notes": notes if result else [],
        "params": params,
        "facets": _facet_options(facets),
        "error": error,
        "asked": asked,
        "items": result.items if result else [],
        "pager": render.pager(page, PER_PAGE, result.total, len(result.items)) if result
        else None,
    }
    return _render(request, "search.html", context, status_code=422 if error else 200)


@router.get("/story/{story_id}", name="story")
def story(request: Request, access: Access, accounts: Accounts, story_id: StoryId
          ) -> HTMLResponse:
    """One story: label, outlets, reports and languages, its sections, and a timeline of all
    its reports (oldest first; copies marked with the article they repeat). A logged-in
    reader sees how many reports are unread and can mark the story read.

    Raises:
        HTTPException: 404 when there is no such story.
    """
    with access.open() as store:
        try:
            item = connect.story(store, story_id)
        except KeyError:
            raise HTTPException(404, f"لا توجد قصة بالرقم {story_id}") from None
    return _render(request, "story.html", {
        "story": item, "state": reader.story_state(request, accounts, story_id)})


@router.get("/section/{code}", name="section")
def section(request: Request, access: Access, code: SectionCode, page: PageNo = 1
            ) -> HTMLResponse:
    """A country (ISO 3166 code: ``IQ``) or topic (``politics``) section: its stories with
    two or more reports (first page) and its articles, newest first, ``PER_PAGE`` a page.
    The code may be typed in any case or as an Arabic name (``iq``, ``سياسة``).

    Raises:
        HTTPException: 404 when it names no section."""
    if not code:
        raise HTTPException(404, "لا يوجد قسم بهذا الاسم")
    with access.open() as store:
        items, total = connect.section_articles(store, code, PER_PAGE, (page - 1) * PER_PAGE)
        stories: list[Any] = []
        if page == 1:
            stories, _ = connect.stories(store, section=code, min_size=2, limit=TOP_STORIES,
                                         members=3)
        chart = desk.section_chart(store, code, render.section_name(code)) if page == 1 else ""
    return _render(request, "section.html", {
        "code": code, "name": render.section_name(code), "stories": stories, "items": items,
        "chart": chart,
        "pager": render.pager(page, PER_PAGE, total, len(items)), "params": {},
    })
