"""`mawsua store-pairs [--db] [--max-pairs N]`: count the store's word pairs for the repair."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app import store_pairs as run
from mawsua.app.queries import db_path, open_store
from mawsua.cli.common import DbOption, JsonOption, print_json
from mawsua.errors import MawsuaError


def store_pairs(
    db: DbOption = None,
    max_pairs: Annotated[int, typer.Option(min=1, help="Keep at most this many pairs "
                                           "(the rarest dropped first).")] = run.MAX_PAIRS,
    json: JsonOption = False,
) -> None:
    """Count the word pairs of the stored Arabic articles and write them beside the database
    (DB.pairs.marisa, DB.pairs.counts): the next ingest's merged-word repair applies a weak
    cut whose two words these articles write apart (rule "store"; docs/repairs.md). Rebuild
    now and then; a PostgreSQL database is not supported (exit 1)."""
    path = db_path(db)
    if "://" in str(path):
        raise MawsuaError("E_STORE", "store-pairs needs a SQLite store", str(path))
    with open_store(path, readonly=True) as store:
        out = run.build(store, max_pairs=max_pairs)
    if json:
        print_json(out)
    else:
        typer.echo(f"{out['articles']} articles, {out['tokens']} words, {out['pairs_kept']} "
                   f"pairs kept of {out['pairs_seen']} (seen ≥ {out['min_count']}): {out['out']}")
