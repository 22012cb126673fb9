"""`mawsua serve [--host] [--port]`."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app.queries import db_label, db_path
from mawsua.app.serve import check_database, check_port
from mawsua.app.serve import serve as run_serve
from mawsua.cli.common import DbOption


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help=(
        "Server processes (each with its own read connections); about one per core."))] = 1,
    access_log: Annotated[bool, typer.Option(
        "--access-log/--no-access-log", help="Log one line per request (off by default).")
    ] = False,
) -> None:
    """Serve the website and the JSON API (/api/v1) for the database."""
    path = db_path(db)
    check_database(path)  # one E_STORE line, before the banner, when it cannot be read
    check_port(host, port)  # one E_ADDRESS_IN_USE line when another server holds the port
    typer.echo(f"Mawsua: serving {db_label(path)} on http://{host}:{port}/"
               + (f" with {workers} workers" if workers > 1 else ""), err=True)
    run_serve(path, host=host, port=port, workers=workers, access_log=access_log)
