"""`mawsua reprocess [--archive DIR] [--since DATE] [--db]`: rebuild articles from the archive."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app.queries import db_path, iso_date, open_new_or_existing
from mawsua.app.reprocess import check_archive
from mawsua.app.reprocess import reprocess as run_reprocess
from mawsua.app.sources import default_archive
from mawsua.cli.common import DbOption, JsonOption, err, print_json
from mawsua.cli.watch import ArchiveOption
from mawsua.errors import MawsuaError


def reprocess(
    db: DbOption = None,
    archive: ArchiveOption = None,
    since: Annotated[str | None, typer.Option(help="Only feeds archived at or after this "
                                              "date or date-time (UTC, YYYY-MM-DD); their "
                                              "entries' pages whenever archived.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes for the pipeline.")] = 1,
    json: JsonOption = False,
) -> None:
    """Rebuild articles from the WARC archive with the current pipeline, fetching nothing.

    Into the live database everything is a duplicate; give a new --db to rebuild all. A
    missing or empty archive is refused before any database is opened or created.
    Exit 0 when anything was added or was already there, 1 when nothing could be read.
    """
    path = db_path(db)
    try:
        bound = iso_date(since)
    except ValueError as e:
        raise MawsuaError("E_INVALID_QUERY", str(e), "--since") from None
    folder = archive or default_archive(path)
    check_archive(folder)  # before any store is opened: a failure leaves no new database
    with open_new_or_existing(path) as store:
        out = run_reprocess(folder, store, since=bound, workers=workers)
        if json:
            print_json(out)
        else:
            for f in out["failed"]:
                err(f"{f['path']}: {f['code']}: {f['reason']}")
            typer.echo(f"responses {out['responses']}, feeds {out['feeds']}, read "
                       f"{out['read']}, added {out['added']}, duplicates {out['duplicates']}, "
                       f"skipped {out['skipped']}, failed {len(out['failed'])}")
        if not (out["added"] or out["duplicates"]):
            # nothing could be read (as `mawsua ingest`); inside the store's block, so a
            # database this run created is removed
            raise typer.Exit(1)
