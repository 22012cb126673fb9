"""`mawsua demo`: ingest the bundled real sample and serve it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mawsua.app.ingest import ingest as run_ingest
from mawsua.app.queries import db_path, open_store
from mawsua.app.serve import check_port
from mawsua.app.serve import serve as run_serve
from mawsua.cli.common import DbOption, err

DEFAULT_SAMPLE = "examples/sample"


def demo(
    db: DbOption = None,
    sample: Annotated[str, typer.Option(help="Folder of sample articles.")] = DEFAULT_SAMPLE,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    serve: Annotated[bool, typer.Option(help="Serve the site after ingesting.")] = True,
) -> None:
    """Ingest the bundled sample (idempotent) and serve the site on http://HOST:PORT/."""
    if not Path(sample).exists():
        err(f"{sample}: sample folder not found (run from the repository root, or pass --sample)")
        raise typer.Exit(1)
    if serve:
        check_port(host, port)  # before the ingest: a taken port is said at once
    path = db_path(db)
    with open_store(path) as store:
        summary = run_ingest([sample], store, workers=1)
    typer.echo(f"ingested {sample} into {path}: read {summary.read}, added {summary.added}, "
               f"duplicates {summary.duplicates}, skipped {len(summary.skipped)}, "
               f"failed {len(summary.failed)}")
    if serve:
        typer.echo(f"Open http://{host}:{port}/ in a browser (Ctrl-C to stop).")
        run_serve(path, host=host, port=port)
