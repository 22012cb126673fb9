"""`mawsua watch [--once] [--archive DIR] ...`: poll the sources, store new articles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from mawsua.app.queries import db_path, open_store
from mawsua.app.sources import default_archive
from mawsua.app.watch import FetchPolicy, RoundSummary, WatchOptions
from mawsua.app.watch import watch as run_watch
from mawsua.cli.common import AllowPrivateOption, DbOption, JsonOption, err, print_json

ArchiveOption = Annotated[
    Path | None,
    typer.Option("--archive", help="WARC archive folder (default: mawsua-archive/ beside the "
                 "database)."),
]


def watch(
    db: DbOption = None,
    archive: ArchiveOption = None,
    once: Annotated[bool, typer.Option("--once", help="Run one round and exit.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Poll every enabled source now, "
                                        "whatever its schedule.")] = False,
    json: JsonOption = False,
    interval: Annotated[float, typer.Option(min=0, help="Default polling interval, seconds.")] = 900,
    min_interval: Annotated[float, typer.Option(min=0, help="Shortest interval, seconds.")] = 60,
    max_interval: Annotated[float, typer.Option(min=0, help="Longest interval, seconds.")] = 86400,
    max_errors: Annotated[int, typer.Option(min=1, help="Consecutive failed polls before a "
                                            "source is disabled.")] = 10,
    concurrency: Annotated[int, typer.Option(min=1, help="Sources polled at once.")] = 8,
    page_concurrency: Annotated[int, typer.Option(min=1, help="Pages fetched at once.")] = 16,
    workers: Annotated[int, typer.Option(min=1, help="Processes for extraction and the "
                                         "pipeline.")] = 1,
    timeout: Annotated[float, typer.Option(min=0.01, help="Connect/read timeout, seconds.")] = 20,
    retries: Annotated[int, typer.Option(min=0, help="Retries of a transient failure.")] = 2,
    backoff: Annotated[float, typer.Option(min=0, help="Backoff base, seconds (doubled each "
                                           "retry, with jitter).")] = 1.0,
    max_retry_wait: Annotated[float, typer.Option(min=0, help="Longest Retry-After waited out "
                                                  "in place, seconds.")] = 10.0,
    host_delay: Annotated[float, typer.Option(min=0, help="Seconds between requests to one "
                                              "host.")] = 1.0,
    host_concurrency: Annotated[int, typer.Option(min=1, help="Requests in flight per host.")] = 2,
    max_bytes: Annotated[int, typer.Option(min=1024, help="Largest response body, bytes.")] = 10 * 1024 * 1024,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Poll every source on its own schedule and store new articles.

    Every response is archived (WARC) before it is processed; Ctrl-C or SIGTERM stops new
    fetches, stores what was fetched, then exits. --json prints one summary per round.
    With --once, exit 1 when sources were polled and every poll failed (nothing fetched).
    """
    path = db_path(db)
    opts = WatchOptions(
        archive=archive or default_archive(path),
        policy=FetchPolicy(timeout_s=timeout, max_bytes=max_bytes, retries=retries,
                           backoff_s=backoff, max_retry_wait_s=max_retry_wait,
                           host_delay_s=host_delay, host_concurrency=host_concurrency,
                           allow_private=allow_private or None),
        interval_s=interval, min_interval_s=min_interval, max_interval_s=max_interval,
        max_errors=max_errors, concurrency=concurrency, page_concurrency=page_concurrency,
        workers=workers, force=force)

    def on_source(line: dict[str, Any]) -> None:
        if json:
            return
        tail = f" ({line['error']})" if line.get("error") else ""
        if line.get("warning"):
            tail += f" ({line['warning']})"
        err(f"{line['url']}: {line['status']}, {line['new']} new{tail}")
        if line.get("disabled"):
            err(f"{line['url']}: {line['disabled']}")

    def on_round(s: RoundSummary) -> None:
        if json:
            print_json(s.to_dict())
            return
        for f in s.failed:
            err(f"{f['path']}: {f['code']}: {f['reason']}")
        typer.echo(f"polled {s.polled} (not modified {s.not_modified}, failed "
                   f"{s.failed_polls}), entries {s.entries}, added {s.added}, duplicates "
                   f"{s.duplicates}, skipped {len(s.skipped)}, failed {len(s.failed)}"
                   + (" — stopped" if s.stopped else ""))

    with open_store(path) as store:
        rounds = run_watch(store, opts, once=once, on_round=on_round, on_source=on_source)
    if once and rounds and rounds[-1].exit_code:
        raise typer.Exit(rounds[-1].exit_code)  # every poll failed: nothing could be fetched
