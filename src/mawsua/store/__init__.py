"""store stage: articles in, listings, search hits and full articles out.

:class:`~mawsua.store.sqlite.SqliteStore` is the default backend (SQLite, WAL, FTS5 over folded
text); :class:`~mawsua.store.base.Store` is the interface every backend follows.
"""

from mawsua.store.base import Store
from mawsua.store.sqlite import SqliteStore

__all__ = ["SqliteStore", "Store"]
