"""`mawsua search QUERY [--json] [--limit] [--outlet] [--section] [--since] [--until]`."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app import queries
from mawsua.cli.common import DbOption, JsonOption, print_json
from mawsua.model.results import SearchQuery


def search(
    query: Annotated[str, typer.Argument(help="Words to find, in any Arabic spelling.")],
    db: DbOption = None,
    json: JsonOption = False,
    limit: Annotated[int, typer.Option(min=1, max=200, help="Results to show.")] = 20,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    section: Annotated[str | None, typer.Option(help="Only this section.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on/after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on/before (YYYY-MM-DD).")] = None,
) -> None:
    """Search stored articles (harakat, tatweel, alef forms, ة/ه, ى/ي and digits are folded).

    --json prints a list of {id, url, title, outlet, published, snippet, ...}.
    """
    with queries.open_store(db, readonly=True) as store:
        page = queries.search(store, SearchQuery(text=query, outlet=outlet, section=section,
                                                 since=since, until=until, limit=limit))
    if json:
        print_json([h.to_dict() for h in page.items])
        return
    typer.echo(f"{page.total} results")
    for h in page.items:
        when = h.published or h.published_local or "-"
        typer.echo(f"{h.id}\t{h.outlet or '-'}\t{when}\t{h.title or ''}\n    {h.snippet}")
