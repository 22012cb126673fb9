"""Administration on the web (admins only): the sources — add a feed or site URL, upload an
OPML file, remove, enable, set a section, each source's fetch status (what ``mawsua sources``
and ``/status`` give, with buttons) — and the site settings (anonymous reading on/off).

GET pages answer 401 without a login and 403 for a user who is not an admin; every POST
also needs the session's CSRF token (403 without it) and answers 303 back to the page, with
the outcome in ``?done=`` or ``?error=``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mawsua.app import accounts
from mawsua.app import sources as app_sources
from mawsua.errors import MawsuaError
from mawsua.model.urls import redact
from mawsua.web.session import Accounts, first, read_form, require_user, require_viewer
from mawsua.web.session import render as render_page
from mawsua.web.status import RECENT_POLLS, short_time

router = APIRouter(include_in_schema=False)

_BACK = "/admin/sources"


def _back(path: str, **outcome: str) -> Response:
    return RedirectResponse(path + ("?" + urlencode(outcome) if outcome else ""),
                            status_code=303)


@router.get("/admin/sources", response_class=HTMLResponse, name="admin_sources")
def sources_page(request: Request, access: Accounts, done: str = "", error: str = ""
                 ) -> HTMLResponse:
    """Every source with its status and buttons; forms to add a URL or upload OPML."""
    sess = require_viewer(request, admin=True)
    with access.open() as store:
        data = app_sources.status(store, RECENT_POLLS)
    for s in data["sources"]:
        s["last_fetch_text"] = short_time(s["last_fetch"])
        s["next_poll_text"] = short_time(s["next_poll"])
    return render_page(request, "admin_sources.html", {
        **data, "csrf": sess.csrf, "done": done[:300], "error": error[:300]})


@router.post("/admin/sources/{action}", name="admin_sources_post")
async def sources_post(request: Request, access: Accounts, action: str) -> Response:
    """``add`` (``url``, ``section``, ``kind`` auto/feed/site), ``import`` (``opml`` file),
    ``remove``/``enable``/``section`` (``source`` id, ``section``)."""
    fields = await read_form(request)
    require_user(request, fields, admin=True)
    if action not in ("add", "import", "remove", "enable", "section"):
        return _back(_BACK, error=f"unknown action {action}")

    def run() -> str:
        with access.open() as store:
            if action == "add":
                out = app_sources.add_source(store, first(fields, "url"),
                                             section=first(fields, "section") or None,
                                             kind=first(fields, "kind", "feed"))
                return f"{'added' if out.added else 'already there'}: #{out.source.id} " \
                       f"{out.source.redacted().url} ({redact(out.note)})"
            if action == "import":
                got = app_sources.import_opml_bytes(store, first(fields, "opml").encode(),
                                                    "upload")
                return f"read {got['read']}, added {got['added']}, " \
                       f"already there {got['already']}, failed {len(got['failed'])}"
            ref = first(fields, "source")
            if action == "remove":
                return f"removed: {app_sources.remove_source(store, ref).url}"
            if action == "enable":
                return f"enabled: {app_sources.enable_source(store, ref).url}"
            src = app_sources.set_section(store, ref, first(fields, "section") or None)
            return f"section of {src.url}: {src.section or '-'}"
    try:
        done = await run_in_threadpool(run)
    except MawsuaError as e:
        return _back(_BACK, error=f"{e.code}: {e.reason}")
    return _back(_BACK, done=done)


@router.get("/admin/settings", response_class=HTMLResponse, name="admin_settings")
def settings_page(request: Request, access: Accounts, done: str = "") -> HTMLResponse:
    """The site settings and the accounts (names and roles)."""
    sess = require_viewer(request, admin=True)
    with access.open() as store:
        anonymous = accounts.get_setting(store, "anonymous")
        users = accounts.list_users(store)
    return render_page(request, "admin_settings.html", {
        "csrf": sess.csrf, "anonymous": anonymous, "users": users, "done": done[:300]})


@router.post("/admin/settings", name="admin_settings_post")
async def settings_post(request: Request, access: Accounts) -> Response:
    """Set ``anonymous`` to ``on`` or ``off``."""
    fields = await read_form(request)
    require_user(request, fields, admin=True)

    def run() -> None:
        with access.open() as store:
            accounts.set_setting(store, "anonymous", first(fields, "anonymous"))
    try:
        await run_in_threadpool(run)
    except MawsuaError as e:
        return _back("/admin/settings", done=f"{e.code}: {e.reason}")
    return _back("/admin/settings", done="saved")
