"""Run the website and JSON API with uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

from mawsua.errors import MawsuaError

#: seconds a cached facet/section/top-stories count outlives a commit under ``mawsua serve``
#: (``MAWSUA_WEB_CACHE_S`` overrides; see :mod:`mawsua.web.cache`): each server process
#: recounts at most that often while a writer commits every few seconds (a count a few
#: seconds behind is what Miniflux's and Datasette's listings show too)
SERVE_CACHE_S = "15"
#: seconds a kept whole page, API answer or search answer may lag a commit under
#: ``mawsua serve`` (the micro-cache of :class:`mawsua.web.cache.PageCache`, plus at most
#: ``PAGE_STALE_S`` while a request makes it again; ``MAWSUA_WEB_PAGE_TTL_S`` overrides).
#: 2 s made a writer's commits (every ~2 s) recompute nearly every search page under load:
#: 5 s gave 3.7 -> 2.8 ms server CPU a request (bench/load.py with a writer, docs/api.md)
SERVE_PAGE_TTL_S = "5"


#: seconds a worker may take to answer uvicorn's health check (its default, 5 s, is shorter
#: than importing the app on a busy machine: the workers were killed and restarted forever)
WORKER_HEALTHCHECK_S = 60


#: seconds an idle keep-alive connection stays open (uvicorn's default, 5 s, closes it while a
#: slow client may be sending its next request on it: a "server disconnected" error under load;
#: nginx keeps 75 s)
KEEP_ALIVE_S = 30


def check_database(db: str | os.PathLike[str]) -> None:
    """Fail early when ``serve`` could not read ``db``.

    Raises:
        MawsuaError: ``E_STORE`` when there is no SQLite file at ``db``, or (a PostgreSQL URL)
            the server cannot be reached, refuses the login or holds no Mawsua schema: one
            line before anything listens, as Miniflux does.
    """
    from mawsua.app.queries import is_database_url, open_store

    if is_database_url(db):
        open_store(db, readonly=True).close()  # E_STORE now, not a 503 on every page
    elif not Path(db).is_file():
        raise MawsuaError("E_STORE", "no database at this path (run `mawsua ingest` first, "
                          "or pass --db / set MAWSUA_DB)", str(db))


def check_port(host: str, port: int) -> None:
    """Fail early when ``host:port`` cannot be listened on (another server holds it, or the
    address is not this machine's), before anything is printed or ingested.

    Raises:
        MawsuaError: ``E_ADDRESS_IN_USE`` naming ``HOST:PORT`` and the system's reason, with
            the way to choose another port.
    """
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise MawsuaError("E_ADDRESS_IN_USE", f"cannot listen on this address: {e}",
                          f"{host}:{port}") from e
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind(address)
        except OSError as e:
            raise MawsuaError("E_ADDRESS_IN_USE", f"cannot listen here ({e.strerror or e}); "
                              "choose another port: --port N (make demo PORT=N)",
                              f"{host}:{port}") from e


def event_loop_options() -> dict[str, str]:
    """uvicorn's ``loop`` and ``http``: uvloop and httptools (dependencies of Mawsua; each
    saves CPU on every request against asyncio's loop and the pure-Python h11 parser), named
    explicitly so that a broken install fails at start instead of silently serving slower;
    asyncio on Windows, where uvloop does not exist."""
    import sys

    return {"loop": "asyncio" if sys.platform == "win32" else "uvloop", "http": "httptools"}


def serve(db: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 8000,
          log_level: str = "info", workers: int = 1, access_log: bool = False) -> None:
    """Serve ``db`` on ``http://host:port/`` until interrupted (blocks).

    Args:
        workers: server processes (uvicorn's ``--workers``: each has its own read-only
            SQLite connection per request thread and its own caches; SQLite in WAL mode lets
            them all read while one writer ingests). ``1`` serves in this process.
        access_log: one log line per request (uvicorn's access log). Off by default, as in
            Miniflux (which logs requests only at debug level): under load the line costs
            the server CPU every request needs, and a reverse proxy in front keeps its own.

    Raises:
        MawsuaError: ``E_STORE`` as :func:`check_database`.
        OSError: when the port cannot be bound.
    """
    import uvicorn

    from mawsua.app.queries import is_database_url

    check_database(db)
    os.environ.setdefault("MAWSUA_WEB_CACHE_S", SERVE_CACHE_S)
    os.environ.setdefault("MAWSUA_WEB_PAGE_TTL_S", SERVE_PAGE_TTL_S)
    if workers > 1:  # the workers import the app by name and read the path from MAWSUA_DB
        os.environ["MAWSUA_DB"] = str(db) if is_database_url(db) else str(Path(db).resolve())
        uvicorn.run("mawsua.web.app:app_from_env", factory=True, host=host, port=port,
                    log_level=log_level, workers=workers, timeout_keep_alive=KEEP_ALIVE_S,
                    timeout_worker_healthcheck=WORKER_HEALTHCHECK_S, access_log=access_log,
                    **event_loop_options())
        return

    from mawsua.web.app import create_app

    uvicorn.run(create_app(db), host=host, port=port, log_level=log_level,
                timeout_keep_alive=KEEP_ALIVE_S, access_log=access_log, **event_loop_options())
