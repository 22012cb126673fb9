"""Run the website and JSON API with uvicorn."""

from __future__ import annotations

import os


def serve(db: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 8000,
          log_level: str = "info") -> None:
    """Serve ``db`` on ``http://host:port/`` until interrupted (blocks).

    Raises:
        OSError: when the port cannot be bound.
    """
    import uvicorn

    from mawsua.web.app import create_app

    uvicorn.run(create_app(db), host=host, port=port, log_level=log_level)
