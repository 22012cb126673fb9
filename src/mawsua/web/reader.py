"""The logged-in reader's pages and buttons: ``/reader`` (unread, read, starred or all
articles of everything, an outlet, a section or a story, with unread counts per outlet and
section), ``POST /read/mark`` (read/unread, star/unstar), ``POST /read/mark-all`` ("mark
all as read up to here": what the page showed, not what arrived since) and
``/reader/filters`` (the reader's content filters: hide or keep articles by title, text,
outlet or entity).

Every POST needs a session and its CSRF token (:func:`mawsua.web.session.require_user`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mawsua.app import reader
from mawsua.web import render
from mawsua.web.params import PER_PAGE, PageNo
from mawsua.web.session import Accounts, first, local_next, read_form, require_user, require_viewer
from mawsua.web.session import render as render_page

router = APIRouter(include_in_schema=False)

_STATE_NAMES = {"unread": "غير المقروءة", "read": "المقروءة", "starred": "المميّزة بنجمة",
                "all": "كل المقالات"}


def _scope(kind: str, value: str) -> reader.Scope:
    if kind not in reader.SCOPES:
        raise HTTPException(422, f"scope: one of {', '.join(reader.SCOPES)}")
    if kind == "story" and not value.isdigit():
        raise HTTPException(422, "story: a story number")
    return reader.Scope(kind, value)


@router.get("/reader", response_class=HTMLResponse, name="reader")
def reader_page(request: Request, access: Accounts, scope: str = "all", value: str = "",
                state: str = "unread", page: PageNo = 1) -> HTMLResponse:
    """The reader's list: ``state`` (unread by default) articles of ``scope``/``value``,
    newest stored first, with the counts and a "mark all as read" button. 401 without login.
    """
    sess = require_viewer(request)
    if state not in reader.STATES:
        raise HTTPException(422, f"state: one of {', '.join(reader.STATES)}")
    sc = _scope(scope, value)
    uid = sess.user.id
    with access.open() as store:
        top = reader.max_n(store)
        nums = reader.item_numbers(store, uid, sc, state=state, limit=PER_PAGE + 1,
                                   offset=(page - 1) * PER_PAGE)
        items = reader.items(store, uid, nums[:PER_PAGE])
        feeds = reader.feeds(store, uid)
        by_section = reader.unread_counts(store, uid, "section")
        total_unread = reader.unread_counts(store, uid, "all").get("", 0)
    params = {"scope": scope if scope != "all" else None, "value": value or None,
              "state": state if state != "unread" else None}
    return render_page(request, "reader.html", {
        "items": items, "state": state, "state_name": _STATE_NAMES[state], "scope": sc,
        "scope_name": render.section_name(value) if scope == "section" else value,
        "feeds": [f for f in feeds if f["unread"]],
        "sections": sorted(by_section.items(), key=lambda kv: (-kv[1], kv[0]))[:40],
        "total_unread": total_unread, "max_n": top, "page": page,
        "has_next": len(nums) > PER_PAGE, "params": params,
        "here": str(request.url.path) + render.query_string(params, page=page if page > 1
                                                             else None),
    })


@router.post("/read/mark", name="read_mark")
async def mark(request: Request, access: Accounts) -> Response:
    """Set ``flag`` (``read`` or ``starred``) to ``on`` (``1``/``0``) for the article ``id``
    fields, then 303 to ``next``. 401 without login, 403 without CSRF, 422 for a bad flag."""
    fields = await read_form(request)
    sess = require_user(request, fields)
    flag = first(fields, "flag")
    if flag not in ("read", "starred"):
        raise HTTPException(422, "flag: read or starred")
    on = first(fields, "on", "1") == "1"
    ids = fields.get("id", [])

    def run() -> int:
        with access.open() as store:
            return reader.mark(store, sess.user.id, ids, flag, on)
    await run_in_threadpool(run)
    return RedirectResponse(local_next(first(fields, "next")), status_code=303)


@router.post("/read/mark-all", name="read_mark_all")
async def mark_all(request: Request, access: Accounts) -> Response:
    """Mark read every article of ``scope``/``value`` stored up to item ``max_n`` (the
    newest the page knew of), then 303 to ``next``. 401/403/422 as for ``/read/mark``."""
    fields = await read_form(request)
    sess = require_user(request, fields)
    sc = _scope(first(fields, "scope", "all"), first(fields, "value"))
    raw_max = first(fields, "max_n")
    if raw_max and not raw_max.isdigit():
        raise HTTPException(422, "max_n: a number")

    def run() -> int:
        with access.open() as store:
            return reader.mark_all_read(store, sess.user.id, sc,
                                        max_n=int(raw_max) if raw_max else None)
    await run_in_threadpool(run)
    return RedirectResponse(local_next(first(fields, "next")), status_code=303)


def article_state(request: Request, access: Any, article_id: str) -> dict[str, Any] | None:
    """For a logged-in viewer of an article page: mark it read (as Miniflux and FreshRSS do
    on opening) and return ``{"read", "starred"}``; ``None`` for visitors."""
    sess = getattr(request.state, "session", None)
    if sess is None:
        return None
    with access.open() as store:
        reader.mark(store, sess.user.id, [article_id], "read", True)
        read, starred = reader.states(store, sess.user.id, [article_id]).get(
            article_id, (True, False))
    return {"read": read, "starred": starred}


def story_state(request: Request, access: Any, story_id: int) -> dict[str, Any] | None:
    """For a logged-in viewer of a story page: ``{"unread": reports not read yet,
    "max_n": newest item number}``; ``None`` for visitors."""
    sess = getattr(request.state, "session", None)
    if sess is None:
        return None
    with access.open() as store:
        unread = reader.story_unread(store, sess.user.id, [story_id]).get(story_id, 0)
        return {"unread": unread, "max_n": reader.max_n(store)}


@router.get("/reader/filters", response_class=HTMLResponse, name="reader_filters")
def filters_page(request: Request, access: Accounts, error: str = "") -> HTMLResponse:
    """The reader's filters with a form to add one and a button to remove each."""
    sess = require_viewer(request)
    with access.open() as store:
        rules = reader.filters(store, sess.user.id)
    return render_page(request, "filters.html", {
        "rules": rules, "csrf": sess.csrf, "error": error[:300],
        "fields": reader.FILTER_FIELDS, "actions": reader.FILTER_ACTIONS})


@router.post("/reader/filters", name="reader_filters_post")
async def filters_post(request: Request, access: Accounts) -> Response:
    """``op=add`` (``action``, ``field``, ``pattern``) or ``op=remove`` (``id``); 303 back.
    401 without login, 403 without CSRF; a bad rule comes back as ``?error=``."""
    fields = await read_form(request)
    sess = require_user(request, fields)

    def run() -> None:
        with access.open() as store:
            if first(fields, "op") == "remove":
                rid = first(fields, "id")
                if rid.isdigit():
                    reader.remove_filter(store, sess.user.id, int(rid))
                return
            reader.add_filter(store, sess.user.id, first(fields, "action"),
                              first(fields, "field"), first(fields, "pattern"))
    try:
        await run_in_threadpool(run)
    except ValueError as e:
        return RedirectResponse("/reader/filters" + render.query_string({"error": str(e)}),
                                status_code=303)
    return RedirectResponse("/reader/filters", status_code=303)


def stories_unread(request: Request, access: Any, story_ids: list[int]) -> dict[int, int]:
    """For a logged-in viewer: unread reports of each story (0: read); ``{}`` for visitors
    (who then see no reading state)."""
    sess = getattr(request.state, "session", None)
    if sess is None or not story_ids:
        return {}
    with access.open() as store:
        return reader.story_unread(store, sess.user.id, story_ids)


def read_ids(request: Request, access: Any, article_ids: list[str]) -> set[str] | None:
    """For a logged-in viewer: which of these articles are read; ``None`` for visitors."""
    sess = getattr(request.state, "session", None)
    if sess is None:
        return None
    with access.open() as store:
        return {a for a, (read, _s) in reader.states(store, sess.user.id, article_ids).items()
                if read}
