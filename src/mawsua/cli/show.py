"""`mawsua show ID [--json]`."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app import queries
from mawsua.cli.common import DbOption, JsonOption, err, print_json
from mawsua.model import article_to_dict


def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id.")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show one stored article (--json: the full JSON contract). Exit 1 when not found."""
    with queries.open_store(db, readonly=True) as store:
        try:
            art = queries.get_article(store, article_id)
        except KeyError:
            err(f"{article_id}: no such article")
            raise typer.Exit(1) from None
    if json:
        print_json(article_to_dict(art))
        return
    md = art.metadata
    typer.echo(f"{md.title or ''}{' (derived)' if md.title_derived else ''}")
    typer.echo(f"outlet: {md.outlet or '-'}   published: {md.published or md.published_local or '-'}"
               f"{'' if md.published or not md.published_local else ' (local time, zone unknown)'}")
    typer.echo(f"section: {md.section or '-'}   aggregator: {md.aggregator or '-'}   url: {md.url or '-'}")
    typer.echo("")
    for p in art.layer("paragraphs"):
        typer.echo(art.text[p.start : p.end])
        typer.echo("")
