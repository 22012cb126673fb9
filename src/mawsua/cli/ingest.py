"""`mawsua ingest PATH... [--db] [--json] [--workers N]`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from mawsua.app.ingest import IngestSummary, check_paths, check_workers
from mawsua.app.ingest import ingest as run_ingest
from mawsua.app.queries import open_new_or_existing
from mawsua.cli.common import DbOption, JsonOption, err, err_coded, interactive, print_json


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to ingest.")],
    db: DbOption = None,
    json: JsonOption = False,
    workers: Annotated[int, typer.Option(
        min=0, help="Worker processes; 0 (the default) means one per core.")] = 0,
) -> None:
    """Read, process and store articles; same bytes or same outlet+URL are not stored twice.

    Prints a summary (read, added, duplicates, skipped, failed); --json prints it as JSON.
    Exit 0 when anything was added or was already there, 1 when nothing could be read (a
    database this run created is then removed), 2 when an input path does not exist
    (checked first: nothing is read or created then).
    """
    missing = check_paths(paths)
    if missing:  # refused before any store is opened or created
        for m in missing:
            err_coded("E_NOT_FOUND", "no such file or directory (nothing was ingested)", m,
                      json=json)
        raise typer.Exit(2)
    n = check_workers(workers)
    with open_new_or_existing(db) as store:
        if interactive() and not json:
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                          transient=True) as bar:
                task = bar.add_task("ingesting", total=None)
                summary = run_ingest(paths, store, workers=n,
                                     progress=lambda k: bar.update(task, description=f"{k} records"))
        else:
            summary = run_ingest(paths, store, workers=n)
        _report(summary, json)
        # inside the store's block: a run that read nothing into a new database removes it
        raise typer.Exit(summary.exit_code)


def _report(summary: IngestSummary, json: bool) -> None:
    """The summary on stdout (JSON with ``json``), each failure on stderr."""
    if json:
        print_json(summary.to_dict())
        return
    for f in summary.failed:
        err(f"{f['path']}: {f['code']}: {f['reason']}")
    typer.echo(f"read {summary.read}, added {summary.added}, duplicates {summary.duplicates}, "
               f"skipped {len(summary.skipped)}, failed {len(summary.failed)}")
    if summary.warnings:
        typer.echo("warnings: " + ", ".join(f"{code} {n}" for code, n in
                                            sorted(summary.warnings.items())))
