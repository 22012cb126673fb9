"""A small per-process cache of the aggregate queries every listing page repeats.

The home page asks for the facet counts (outlets, sections, languages), today's top stories
and the section counts; the search page asks for the facets. On a large store each is a scan
or a group-by that costs more than the rest of the page, and their answer changes only when
articles are added. :func:`cached` keeps each answer in the server process:

* while the database file and its write-ahead log are unchanged (same size and modification
  time: no commit since), the answer is exact and served from the cache;
* after a commit, an answer younger than :func:`ttl_s` seconds is still served
  (``MAWSUA_WEB_CACHE_S``; default 0 — always exact — and 5 under ``mawsua serve``), so that
  a steady ingest does not make every page recount: a menu count then lags new articles by at
  most that long, as the caches of Miniflux's and Datasette's listing pages do.

At most :data:`MAX_ENTRIES` answers are kept (a bound on memory whatever the keys).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: most answers kept (the oldest go first)
MAX_ENTRIES = 256

_lock = threading.Lock()
_entries: dict[Hashable, tuple[float, tuple[int, ...], Any]] = {}


def ttl_s() -> float:
    """Seconds an answer outlives a commit (``MAWSUA_WEB_CACHE_S``, default 0)."""
    try:
        return max(0.0, float(os.environ.get("MAWSUA_WEB_CACHE_S", "") or 0.0))
    except ValueError:
        return 0.0


def _stamp(path: object) -> tuple[int, ...]:
    """Size and modification time (ns) of the database and its ``-wal`` file: changes with
    every commit. Empty when the file cannot be read (never a hit then)."""
    out: list[int] = []
    for p in (f"{path}", f"{path}-wal"):
        try:
            st = os.stat(p)
        except OSError:
            out += [-1, -1]
            continue
        out += [st.st_size, st.st_mtime_ns]
    return tuple(out)


def cached(store: Any, name: str, compute: Callable[[], T]) -> T:
    """The answer of ``compute()`` for the query ``name`` on ``store`` (see the module
    docstring); computed every time for a store without a ``path`` (a test's fake).
    Exceptions are not cached."""
    path = getattr(store, "path", None)
    if path is None:
        return compute()
    key = (str(path), name)
    stamp = _stamp(path)
    now = time.monotonic()
    with _lock:
        hit = _entries.get(key)
    if hit is not None and stamp[0] >= 0 and (hit[1] == stamp or now - hit[0] < ttl_s()):
        return hit[2]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            for old in sorted(_entries, key=lambda k: _entries[k][0])[:MAX_ENTRIES // 4]:
                del _entries[old]
        _entries[key] = (now, stamp, value)
    return value


def clear() -> None:
    """Forget every cached answer."""
    with _lock:
        _entries.clear()
