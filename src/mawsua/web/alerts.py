"""The saved searches and alerts page (``/alerts``) and its JSON twin (``/api/v1/alerts``).

Everyone sees the list; an administrator (issue 13's accounts) also gets forms to add, remove
and test alerts — the ``mawsua alerts add|remove|test`` of the command line — as POSTs with the
session's CSRF token (401 without a login, 403 without the token or for a non-admin). A new
alert's webhook secret is shown once, on the page that answers the add, never in a URL.
The public shape shows no secret, a webhook only by its origin (its path often holds a
token) and e-mail addresses masked (:meth:`mawsua.model.alerts.AlertInfo.public_dict`).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mawsua.app import alerts as app_alerts
from mawsua.app import feeds as feed_data
from mawsua.errors import MawsuaError
from mawsua.web.api import PREFIX, json_response
from mawsua.web.deps import StoreAccess, store_access
from mawsua.web.feeds import SITE_NAME, FeedMeta, feed_response
from mawsua.web.params import Limit
from mawsua.web.session import Accounts, first, read_form, require_user, viewer

router = APIRouter()

Access = Annotated[StoreAccess, Depends(store_access)]


def _alerts(access: StoreAccess) -> dict[str, Any]:
    with access.open() as store:
        return app_alerts.alert_summaries(store)


def _page(request: Request, access: StoreAccess, **extra: Any) -> HTMLResponse:
    sess = viewer(request)
    admin = sess is not None and sess.user.admin
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "alerts.html", {**_alerts(access), "manage": admin,
                                 "csrf": sess.csrf if admin and sess else "", "done": "",
                                 "error": "", "secret": "", **extra})
    return response


@router.get("/alerts", include_in_schema=False, response_class=HTMLResponse, name="alerts")
def alerts_page(request: Request, access: Access, done: str = "", error: str = ""
                ) -> HTMLResponse:
    """Every saved search: its query and filters (linked to the search page), channels and
    delivery counts; for an administrator, the forms to add, remove and test."""
    return _page(request, access, done=done[:300], error=error[:300])


@router.post("/alerts/{action}", include_in_schema=False, name="alerts_post")
async def alerts_post(request: Request, access: Access, accounts_db: Accounts,
                      action: str) -> Response:
    """``add`` (``name``, ``query``, ``entity``, ``section``, ``webhook``, ``email``),
    ``remove`` and ``test`` (``name``); administrators only, with the CSRF token."""
    fields = await read_form(request)
    require_user(request, fields, admin=True)
    if action not in ("add", "remove", "test"):
        raise HTTPException(404, f"unknown action {action}")
    name = first(fields, "name")

    def run() -> tuple[str, str]:
        with accounts_db.open() as store:
            if action == "add":
                alert, secret = app_alerts.add_alert(
                    store, name, first(fields, "query"),
                    entity=first(fields, "entity") or None,
                    section=first(fields, "section") or None,
                    webhook_url=first(fields, "webhook") or None,
                    email=first(fields, "email") or None)
                notes = "".join(f"; {n['code']}: {n['reason']}"
                                for n in app_alerts.alert_notes(store, alert))
                return f"added: {alert.name}{notes}", secret if alert.webhook else ""
            if action == "remove":
                return f"removed: {app_alerts.remove_alert(store, name).name}", ""
            got = app_alerts.send_test(store, name)
            results = ", ".join(f"{ch}: {'ok' if r.get('ok') else r.get('reason')}"
                                for ch, r in got.get("results", {}).items())
            return f"test of {name}: {results}", ""
    try:
        done, secret = await run_in_threadpool(run)
    except MawsuaError as e:
        return RedirectResponse("/alerts?" + urlencode({"error": f"{e.code}: {e.reason}"[:300]}),
                                status_code=303)
    if secret:  # shown once, in the answer's body, never in a URL
        return _page(request, access, done=done, secret=secret)
    return RedirectResponse("/alerts?" + urlencode({"done": str(done)[:300]}), status_code=303)


@router.get(f"{PREFIX}/alerts", summary="Saved searches and their alert deliveries",
            tags=["api"])
def alerts_api(access: Access) -> Response:
    """Twin of ``/alerts``: ``{"alerts": [...], "totals": {pending, sent, failed,
    retrying}}``; each alert has ``name, query, entity, section, outlet, language, webhook``
    (origin only), ``email`` (masked), ``allow_private, created_at`` and ``deliveries``
    (``pending``, ``sent``, ``failed`` counts). Read-only: manage alerts with ``mawsua
    alerts``."""
    return json_response(_alerts(access))


@router.get("/alerts.opml", summary="Saved searches as OPML", tags=["api"])
def alerts_opml(request: Request, access: Access) -> Response:
    """Every saved search as an OPML 2.0 subscription list, each pointing to its Atom feed
    (``/feeds/alert/{name}.atom``) and its search page."""
    with access.open() as store:
        data = app_alerts.saved_searches_opml(store, str(request.base_url))
    return Response(data, media_type="text/x-opml; charset=utf-8")


@router.get("/feeds/alert/{name}.{fmt}", summary="Feed of a saved search", tags=["feeds"])
def alert_feed(request: Request, access: Access, name: str, fmt: str,
               limit: Limit = feed_data.DEFAULT_ITEMS) -> Response:
    """The newest articles a saved search matches (its query and filters), as RSS 2.0, Atom
    1.0 or JSON Feed 1.1 (``fmt``: ``rss``, ``atom``, ``json``).

    Raises:
        HTTPException: 404 for an unknown alert or format.
    """
    with access.open() as store:
        try:
            alert, query = app_alerts.saved_search(store, name, limit=limit)
        except MawsuaError as e:
            if e.code != "E_ALERT":
                raise
            raise HTTPException(404, f"no saved search named {name!r}") from None
        entries = feed_data.newest(store, query, limit)
    params = urlencode([(k, v) for k, v in (("q", alert.query), *alert.filters().items()) if v])
    meta = FeedMeta(f"{SITE_NAME} — {alert.name}", f"/feeds/alert/{quote(alert.name, safe='')}",
                    f"/search?{params}", f"بحث محفوظ: {alert.query}")
    return feed_response(request, fmt, meta, entries)
