"""Run the website and JSON API with uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

from mawsua.errors import MawsuaError


def serve(db: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 8000,
          log_level: str = "info") -> None:
    """Serve ``db`` on ``http://host:port/`` until interrupted (blocks).

    Raises:
        MawsuaError: ``E_STORE`` when there is no database at ``db``.
        OSError: when the port cannot be bound.
    """
    import uvicorn

    from mawsua.app.queries import is_database_url

    if not is_database_url(db) and not Path(db).is_file():
        raise MawsuaError("E_STORE", "no database at this path (run `mawsua ingest` first, "
                          "or pass --db / set MAWSUA_DB)", str(db))

    from mawsua.web.app import create_app

    uvicorn.run(create_app(db), host=host, port=port, log_level=log_level)
