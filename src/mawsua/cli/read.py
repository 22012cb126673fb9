"""`mawsua read PATH... [--json]`."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app.read import article_json, read_paths
from mawsua.cli.common import JsonOption, err_coded, print_json
from mawsua.errors import Failed, Ok, Skipped


def read(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to read.")],
    json: JsonOption = False,
) -> None:
    """Read and process articles without storing them.

    With --json, print one JSON object per article (JSON Lines for several). Failures go to
    stderr as `PATH: CODE: reason` (with --json as JSON lines `{"error": {...}}`). Exit 1 when no article could be read.
    """
    ok = 0
    for out in read_paths(paths):
        if isinstance(out, Ok):
            ok += 1
            a = out.value.article
            if json:
                print_json(article_json(out.value))
            else:
                md = a.metadata
                when = md.published or md.published_local or "-"
                typer.echo(f"{a.id}\t{md.outlet or '-'}\t{when}\t{md.section or '-'}\t{md.title or ''}")
        elif isinstance(out, Skipped | Failed):
            err_coded(out.code, out.reason, out.path, json=json)
    if not ok:
        raise typer.Exit(1)
