"""`mawsua bulk PATH... [--db] [--engine local|dask] [--scheduler URL] [--workers N]
[--parquet DIR] [--writer workers|driver] [--json]`."""

from __future__ import annotations

import os
import sys
import time
from typing import Annotated

import typer

from mawsua.app.bulk import BulkProgress
from mawsua.app.bulk import bulk as run_bulk
from mawsua.app.queries import open_store
from mawsua.cli.common import DbOption, JsonOption, err, interactive, print_json


def _line(p: BulkProgress) -> str:
    eta = p.eta_s
    total = f"/{p.total}" if p.total is not None else ""
    left = f", ETA {int(eta // 60)}m{int(eta % 60):02d}s" if eta is not None else ""
    return (f"{p.stage}: {p.read}{total} records, added {p.added}, duplicates {p.duplicates}, "
            f"failed {p.failed}, {p.rate:.1f} records/s{left}")


def bulk(
    paths: Annotated[list[str], typer.Argument(
        help="JSONL(.gz), WARC(.gz) (CC-NEWS too) files, any file ingest reads, or folders.")],
    db: DbOption = None,
    engine: Annotated[str, typer.Option(help="local (a process pool) or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="A Dask scheduler tcp://HOST:PORT (default: a LocalCluster).")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    parquet: Annotated[str | None, typer.Option(
        help="Also write the processed articles as Parquet files to this folder.")] = None,
    writer: Annotated[str | None, typer.Option(
        help="Who writes and connects each chunk: workers (each Dask worker on its own "
             "connection; they must reach the database) or driver (this process). Default: "
             "workers with a local Dask cluster, else driver.")] = None,
    json: JsonOption = False,
) -> None:
    """Process archives in bulk on many cores or hosts, write in batches (COPY on
    PostgreSQL), each batch connected to its duplicates and stories as it is written.
    Restartable: a rerun passes over what is stored. Exit 0 when anything was added or was already there, 1 otherwise."""
    n = workers if workers > 0 else (os.cpu_count() or 1)
    last = [0.0]
    show = interactive() and not json

    def progress(p: BulkProgress) -> None:
        now = time.monotonic()
        if show and now - last[0] >= 0.5:
            last[0] = now
            sys.stderr.write("\r\033[K" + _line(p))
            sys.stderr.flush()

    with open_store(db) as store:
        summary = run_bulk(paths, store, engine=engine, workers=n, scheduler=scheduler,
                           parquet=parquet, progress=progress, writer=writer)
    if show:
        sys.stderr.write("\r\033[K")
    if json:
        print_json(summary.to_dict())
    else:
        for f in summary.failed + summary.unconnected:
            err(f"{f['path']}: {f['code']}: {f['reason']}")
        typer.echo(f"read {summary.read}, added {summary.added}, duplicates {summary.duplicates}, "
                   f"skipped {len(summary.skipped)}, failed {len(summary.failed)}, "
                   f"connected {summary.connected or 0}")
    raise typer.Exit(summary.exit_code)
