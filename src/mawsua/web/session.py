"""Who is reading: web login and logout, the session cookie, CSRF tokens, the anonymous
read-only mode, and the small form parser the state-changing routes share.

* The session cookie ``mawsua_session`` holds a random token (HttpOnly, SameSite=Lax, Secure
  over https, Path=/); the database keeps its SHA-256 (:mod:`mawsua.app.accounts`). A login
  always makes a new token (no session fixation) and logout deletes it server-side.
* Every form carries a CSRF token: the session's own token once logged in; before login, a
  double-submit token (cookie ``mawsua_csrf`` = hidden field). A POST without the right
  token is refused with 403.
* A state-changing route answers 401 without a session and 403 for a non-admin on admin
  routes; a login after too many failures 429 (``Retry-After``).
* Anonymous reading: public pages and feeds are open to visitors unless an admin switched
  the ``anonymous`` setting off; then they redirect to ``/login`` (JSON and feed URLs answer
  401). With no account at all nothing changes: the site reads as before.

The accounts live in the same SQLite file as the articles; the website opens it *writable*
only for them (``app.state.accounts_access``), and only when a request carries a session
cookie or posts a form.
"""

from __future__ import annotations

import email.parser
import email.policy
import secrets
from typing import Annotated, Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mawsua.app import accounts
from mawsua.errors import MawsuaError
from mawsua.web import cache
from mawsua.web.deps import StoreAccess

SESSION_COOKIE = "mawsua_session"
CSRF_COOKIE = "mawsua_csrf"
#: largest form body read (an OPML upload included)
MAX_FORM_BYTES = 2 * 1024 * 1024
#: paths that stay open when anonymous reading is off
_ALWAYS_OPEN = ("/login", "/static/", "/api/greader", "/api/fever")

router = APIRouter(include_in_schema=False)


async def accounts_access(request: Request) -> StoreAccess:
    """The writable store access used for accounts and reading state."""
    access: StoreAccess = request.app.state.accounts_access
    return access


Accounts = Annotated[StoreAccess, Depends(accounts_access)]


def viewer(request: Request) -> accounts.Session | None:
    """The session of this request (set by :class:`SessionMiddleware`), or ``None``."""
    return getattr(request.state, "session", None)


def client_of(request: Request) -> str:
    """The remote address (what the login rate limit counts by)."""
    return request.client.host if request.client else "-"


def _lookup(access: StoreAccess, token: str) -> accounts.Session | None:
    try:
        with access.open() as store:
            return accounts.session(store, token)
    except Exception:  # no accounts database yet: nobody is logged in
        return None


def _anonymous_ok(access: StoreAccess) -> bool:
    def compute() -> bool:
        with access.open() as store:
            return accounts.anonymous_reading(store)
    return cache.cached_at(access.db_path, "anonymous", compute)


class SessionMiddleware:
    """ASGI middleware: resolve the session cookie into ``request.state.session``; enforce the
    anonymous read-only setting on reading pages (GET/HEAD outside :data:`_ALWAYS_OPEN`).

    The setting is read once per store generation (:mod:`mawsua.web.cache`), so a visitor's
    request reaches the page without a trip to a worker thread."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        state = request.app.state
        token = request.cookies.get(SESSION_COOKIE)
        sess = None
        if token:
            sess = await run_in_threadpool(_lookup, state.accounts_access, token)
        request.state.session = sess
        path = scope.get("path", "")
        if sess is None and scope.get("method") in ("GET", "HEAD") \
                and not path.startswith(_ALWAYS_OPEN):
            access = state.store_access
            known, ok = cache.peek(access.db_path, "anonymous")
            if not known:
                try:
                    ok = await run_in_threadpool(_anonymous_ok, access)
                except Exception:  # no database: the page itself says so (503)
                    ok = True
            if not ok:
                if path.startswith(("/api/", "/feeds/")) or path.endswith(".opml"):
                    response: Response = Response("login required", status_code=401,
                                                  media_type="text/plain; charset=utf-8")
                else:
                    response = RedirectResponse("/login?next=" + quote(path), status_code=303)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def read_form(request: Request) -> dict[str, list[str]]:
    """The POSTed fields (``application/x-www-form-urlencoded`` or ``multipart/form-data``;
    an uploaded file's field holds its bytes decoded as UTF-8), plus the query string's.

    Raises:
        HTTPException: 413 when the body is larger than :data:`MAX_FORM_BYTES`.
    """
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, "form too large")
    fields: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        fields.setdefault(k, []).append(v)
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + bytes(body))
        for part in msg.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            if name:
                data = part.get_payload(decode=True) or b""
                fields.setdefault(str(name), []).append(data.decode("utf-8", "replace"))
    elif body:
        for k, vs in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
            fields.setdefault(k, []).extend(vs)
    return fields


def first(fields: dict[str, list[str]], name: str, default: str = "") -> str:
    """The first value of a form field (``default`` when absent)."""
    values = fields.get(name)
    return values[0] if values else default


def local_next(value: str, default: str = "/") -> str:
    """``value`` when it is a path on this site (``/...`` but not ``//``), else ``default``:
    no open redirect."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def require_user(request: Request, fields: dict[str, list[str]], *,
                 admin: bool = False) -> accounts.Session:
    """The session of a state-changing request whose CSRF token is right.

    Raises:
        HTTPException: 401 without a session, 403 for a missing or wrong CSRF token, or
            (``admin``) a user who is not an administrator.
    """
    sess = viewer(request)
    if sess is None:
        raise HTTPException(401, "سجّل الدخول أولًا")
    if not accounts.same_token(first(fields, "csrf"), sess.csrf):
        raise HTTPException(403, "رمز الحماية من التزوير (CSRF) ناقص أو غير صحيح")
    if admin and not sess.user.admin:
        raise HTTPException(403, "هذه الصفحة للمشرفين فقط")
    return sess


def require_viewer(request: Request, *, admin: bool = False) -> accounts.Session:
    """The session of a page that needs a login (GET).

    Raises:
        HTTPException: 401 without a session, 403 for a non-admin on an admin page.
    """
    sess = viewer(request)
    if sess is None:
        raise HTTPException(401, "سجّل الدخول أولًا")
    if admin and not sess.user.admin:
        raise HTTPException(403, "هذه الصفحة للمشرفين فقط")
    return sess


def render(request: Request, name: str, context: dict[str, Any],
           status_code: int = 200) -> HTMLResponse:
    """A template response (the session is in ``request``)."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status_code)
    return response


def _cookie_flags(request: Request) -> dict[str, Any]:
    return {"httponly": True, "samesite": "lax", "secure": request.url.scheme == "https",
            "path": "/"}


def _login_page(request: Request, nxt: str, error: str = "",
                status_code: int = 200) -> HTMLResponse:
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render(request, "login.html", {"next": nxt, "error": error, "login_csrf": token},
                      status_code)
    response.set_cookie(CSRF_COOKIE, token, max_age=3600, **_cookie_flags(request))
    return response


@router.get("/login", response_class=HTMLResponse, name="login")
def login_page(request: Request, next: str = "/") -> HTMLResponse:  # noqa: A002
    """The login form."""
    return _login_page(request, local_next(next))


@router.post("/login", name="login_post")
async def login_post(request: Request, access: Accounts) -> Response:
    """Check the name and password; on success a new session cookie and a 303 to ``next``.

    Answers 403 without the login CSRF token, 401 with the form for a wrong name or password,
    429 (``Retry-After``) after too many failures.
    """
    fields = await read_form(request)
    nxt = local_next(first(fields, "next"))
    if not accounts.same_token(first(fields, "csrf"), request.cookies.get(CSRF_COOKIE)):
        raise HTTPException(403, "رمز الحماية من التزوير (CSRF) ناقص أو غير صحيح")

    def attempt() -> tuple[accounts.User, str]:
        with access.open() as store:
            return accounts.login(store, first(fields, "name"), first(fields, "password"),
                                  client_of(request))
    try:
        _user, token = await run_in_threadpool(attempt)
    except accounts.LoginRefused as e:
        if e.code == "E_RATE_LIMIT":
            response = _login_page(request, nxt, "محاولات كثيرة فاشلة؛ حاول لاحقًا.", 429)
            response.headers["Retry-After"] = str(e.retry_after)
            return response
        return _login_page(request, nxt, "اسم المستخدم أو كلمة المرور غير صحيحة.", 401)
    old = request.cookies.get(SESSION_COOKIE)
    if old:  # whatever session the browser had before is gone
        await run_in_threadpool(_logout, access, old)
    response = RedirectResponse(nxt, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(accounts.WEB_SESSION.total_seconds()),
                        **_cookie_flags(request))
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


def _logout(access: StoreAccess, token: str) -> None:
    with access.open() as store:
        accounts.logout(store, token)


@router.post("/logout", name="logout")
async def logout_post(request: Request, access: Accounts) -> Response:
    """End the session (CSRF-checked) and go home."""
    fields = await read_form(request)
    require_user(request, fields)
    token = request.cookies.get(SESSION_COOKIE, "")
    await run_in_threadpool(_logout, access, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def mawsua_error_status(exc: MawsuaError) -> int:
    """HTTP status of an error from the app layer: 400 for bad input, 503 for the store."""
    return 503 if exc.code == "E_STORE" else 400
