"""The Mawsua website and JSON API as one FastAPI application.

``create_app(db_path)`` builds it; run it with ``mawsua serve`` or
``uvicorn --factory mawsua.web.app:app_from_env``. Every asset is served from ``/static``
(nothing from a CDN; a Content-Security-Policy header enforces it). The OpenAPI description is
at ``/api/v1/openapi.json``; FastAPI's ``/docs`` and ``/redoc`` are off because they load
Swagger UI and ReDoc from a CDN.

Routes:
    pages  ``/`` (top stories of the latest day, sections, latest articles,
           ``?page&outlet&section&language``), ``/article/{id}``, ``/story/{id}``,
           ``/section/{code}``, ``/search`` (``?q&outlet&section&language&since&until&page``),
           ``/status``, ``/alerts`` (read-only), ``/alerts.opml``, ``/entities``,
           ``/entity/{id}``, ``/quotes`` (:mod:`mawsua.web.desk`)
    feeds  ``/feeds/latest|search.{rss,atom,json}``, ``/feeds/section/{code}.FMT``,
           ``/feeds/story/{id}.FMT``, ``/feeds/entity/{name}.FMT`` (:mod:`mawsua.web.feeds`)
    API    ``/api/v1``, ``/api/v1/articles``, ``/api/v1/articles/{id}``, ``/api/v1/search``,
           ``/api/v1/facets``, ``/api/v1/stories``, ``/api/v1/stories/{id}``,
           ``/api/v1/sections``, ``/api/v1/sections/{code}``, ``/api/v1/status``,
           ``/api/v1/export`` (streamed JSONL, CSV or Parquet), ``/api/v1/alerts``,
           ``/api/v1/entities``, ``/api/v1/entities/{id}``, ``/api/v1/quotes``,
           ``/api/v1/trending``, ``/api/v1/timeline``
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import anyio.to_thread
import jinja2
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from mawsua.app import desk as app_desk
from mawsua.app import queries
from mawsua.web import (
    admin,
    alerts,
    api,
    cache,
    dates,
    desk,
    exports,
    feeds,
    fever,
    greader,
    pages,
    params,
    reader,
    render,
    session,
    status,
)
from mawsua.web.deps import (
    StoreAccess,
    StoreOpener,
    StoreUnavailable,
    default_opener,
    writable_opener,
)

HERE = Path(__file__).parent
SITE_NAME = "موسوعة"

#: Sent with every response: only this origin may provide scripts, styles, images and fonts.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
#: Headers beside the CSP: no framing (clickjacking), a browsing context of our own, and no
#: powerful browser features for any page (OWASP secure-headers recommendations).
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                           "interest-cohort=()"),
)


def _version() -> str:
    try:
        return version("mawsua")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0"


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # package files: compiled once, never stat-ed again per render
    )
    env.filters["id_path"] = render.id_path
    env.filters["count_ar"] = render.count_ar
    env.globals.update(site_name=SITE_NAME, qs=render.query_string, safe_link=render.safe_link,
                       language_names=render.LANGUAGE_NAMES,
                       show_time=lru_cache(maxsize=dates.MEMO_SIZE)(render.show_time),
                       dir_of=render.direction, text_dir=render.text_dir,
                       section_name=render.section_name,
                       source_section=render.source_section_name,
                       speaker_label=render.speaker_label,
                       source_section_names=render.source_section_names, entity_href=desk.entity_href,
                       entity_label=app_desk.entity_label,
                       feed_links=feeds.alternate_links, export_links=feeds.export_links,
                       viewer=session.viewer)
    dates.install(env)
    return Jinja2Templates(env=env)


def create_app(db_path: str | os.PathLike[str], *, opener: StoreOpener | None = None,
               accounts_opener: StoreOpener | None = None) -> FastAPI:
    """Build the website + API over the database at ``db_path``.

    Args:
        db_path: the SQLite database, opened read-only once per worker thread on first use
            and closed at shutdown. It is not opened here: a missing file makes pages answer
            503 (``E_STORE``) until it exists.
        opener: how to open a store at a path (default
            ``mawsua.app.queries.open_store(path, readonly=True)``); tests pass a fake. The
            object it returns needs ``latest``, ``search``, ``get``, ``facets`` and may have
            ``close``.
        accounts_opener: how to open the same database *writable* for accounts, reading
            state and admin actions (default :func:`~mawsua.web.deps.writable_opener`: never
            creates a missing file). It is only used for logged-in requests and form posts.

    Returns:
        The FastAPI application (``app.state.store_access`` holds the read-only store
        factory, ``app.state.accounts_access`` the writable one).
    """
    access = StoreAccess(queries.db_path(db_path), opener or default_opener)
    accounts_access = StoreAccess(queries.db_path(db_path), accounts_opener or writable_opener)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # request threads = read connections of this process (each with a bounded cache)
        anyio.to_thread.current_default_thread_limiter().total_tokens = web_threads()
        yield
        access.close_all()
        accounts_access.close_all()

    app = FastAPI(
        lifespan=lifespan,
        title="Mawsua API",
        description="Arabic-first news aggregator: latest articles, articles, search, facets.",
        version=_version(),
        openapi_url=f"{api.PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(params.reject_unknown_params)],
    )
    app.state.store_access = access
    app.state.accounts_access = accounts_access
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(status.router)
    app.include_router(feeds.router)
    app.include_router(exports.router)
    app.include_router(alerts.router)
    app.include_router(desk.pages)
    app.include_router(desk.api)
    app.include_router(session.router)
    app.include_router(reader.router)
    app.include_router(admin.router)
    app.include_router(greader.router)
    app.include_router(fever.router)
    # outermost last: HEAD as GET, then the security headers, the session and its
    # anonymous-reading rule, and the page cache (plain ASGI: no task group per request)
    app.add_middleware(cache.PageCache, db_path=access.db_path)
    app.add_middleware(session.SessionMiddleware)
    app.add_middleware(SecurityHeaders)

    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreUnavailable, _store_error)
    app.add_middleware(HeadAsGet)
    return app


class SecurityHeaders:
    """ASGI middleware: the CSP, ``X-Content-Type-Options``, ``Referrer-Policy`` and
    :data:`SECURITY_HEADERS` on every answer (a header the page set itself is kept)."""

    _HEADERS: tuple[tuple[bytes, bytes], ...] = tuple(
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (
            ("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"), *SECURITY_HEADERS))

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message.get("type") == "http.response.start":
                headers = list(message.get("headers", ()))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self._HEADERS if k not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """ASGI middleware: a ``HEAD`` request is answered as the ``GET`` of the same URL without
    its body (RFC 9110 §9.3.2: same status and headers, ``Content-Length`` included), so that
    monitors and link checkers work; FastAPI routes declare ``GET`` only."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: dict[str, Any]) -> None:
            if message.get("type") == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


#: request threads per server process (and so open read connections), unless
#: ``MAWSUA_WEB_THREADS`` says otherwise; anyio's default is 40
WEB_THREADS = 8


def web_threads() -> int:
    """Request threads per server process: ``MAWSUA_WEB_THREADS`` or :data:`WEB_THREADS`."""
    try:
        return max(1, int(os.environ.get("MAWSUA_WEB_THREADS", "") or WEB_THREADS))
    except ValueError:
        return WEB_THREADS


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory``: the database is ``$MAWSUA_DB`` or ``./mawsua.db``."""
    return create_app(queries.db_path())


def _wants_json(request: Request) -> bool:
    return request.url.path == api.PREFIX or request.url.path.startswith(api.PREFIX + "/")


_CODES = {401: "E_LOGIN_REQUIRED", 403: "E_FORBIDDEN", 404: "E_NOT_FOUND",
          405: "E_METHOD_NOT_ALLOWED", 413: "E_TOO_LARGE", 422: "E_INVALID_QUERY",
          429: "E_RATE_LIMIT", 503: "E_STORE"}
_TITLES = {401: "يلزم تسجيل الدخول", 403: "غير مسموح", 404: "الصفحة غير موجودة",
           413: "الطلب أكبر من المسموح", 422: "طلب غير صالح", 429: "محاولات كثيرة",
           503: "قاعدة البيانات غير متاحة", 405: "طريقة غير مسموحة"}


def _error(request: Request, status: int, message: str,
           detail: list[dict[str, Any]] | None = None) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"error": {"code": _CODES.get(status, f"E_HTTP_{status}"),
                                          "status": status, "message": message}}
        if detail is not None:
            body["detail"] = detail
        return api.json_response(body, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request, "error.html",
        {"status": status, "title": _TITLES.get(status, "خطأ"), "message": message},
        status_code=status,
    )
    return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = "no such page" if _wants_json(request) else "لا توجد صفحة بهذا العنوان."
    response = _error(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


#: Arabic names of the query parameters, for the pages' error messages.
_PARAM_NAMES = {"q": "عبارة البحث", "since": "من تاريخ", "until": "إلى تاريخ",
                "outlet": "المصدر", "section": "القسم", "language": "اللغة",
                "entity": "الكيان", "page": "رقم الصفحة", "limit": "عدد النتائج",
                "offset": "عدد النتائج المتخطّاة", "format": "الصيغة", "layers": "الطبقات"}


def _arabic_problem(name: str, err: dict[str, Any]) -> str:
    """One validation error of parameter ``name`` in Arabic, for a page (the API keeps
    pydantic's English, in ``message`` and ``detail``): what is wrong, the value given and,
    for dates and numbers, the expected form."""
    label = _PARAM_NAMES.get(name, name)
    kind = str(err.get("type", ""))
    given = err.get("input")
    shown = f" «{given}»" if isinstance(given, str) and given and len(given) <= 80 else ""
    ctx = err.get("ctx") or {}
    if name in ("since", "until"):
        what = (f"تاريخ غير صالح{shown}؛ اكتبه على الصورة سنة-شهر-يوم، مثل 2021-07-26 "
                "(بالأرقام العربية أو الهندية)")
    elif kind in ("greater_than_equal", "greater_than"):
        what = f"عدد أصغر من المسموح{shown}؛ أقل قيمة {ctx.get('ge', ctx.get('gt', ''))}"
    elif kind in ("less_than_equal", "less_than"):
        what = f"عدد أكبر من المسموح{shown}؛ أكبر قيمة {ctx.get('le', ctx.get('lt', ''))}"
    elif kind.startswith("int_"):
        what = f"ليس عددًا صحيحًا{shown}"
    elif kind == "string_too_long":
        what = f"أطول من المسموح (أكثر من {ctx.get('max_length', '')} حرف)"
    elif kind == "missing":
        what = "مطلوب ولم يُعطَ"
    else:
        what = f"قيمة غير صالحة{shown}"
    return f"{label} ({name}): {what}"


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    detail = []
    parts = []
    arabic = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err.get("loc", ())[1:]) or "request"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        detail.append({"param": name, "message": msg, "type": err.get("type")})
        parts.append(f"{name}: {msg}")
        arabic.append(_arabic_problem(name, err))
    if _wants_json(request):  # the API keeps the English detail
        return _error(request, 422, "; ".join(parts), detail)
    return _error(request, 422, "؛ ".join(arabic), detail)


async def _store_error(request: Request, exc: Exception) -> Response:
    return _error(request, 503, str(exc))
