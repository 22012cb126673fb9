"""`mawsua search QUERY [--json] [--limit] [--offset] [--outlet] [--section] [--language]
[--entity] [--since] [--until]`."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from mawsua.app import queries
from mawsua.cli.common import DbOption, JsonOption, err_coded, print_json
from mawsua.model.results import SearchQuery

#: operator words other engines take that this query syntax searches as words (a note says so)
_OPERATOR_WORD = re.compile(r"(?<!\S)(?:NOT|AND)(?!\S)")


def search(
    query: Annotated[str, typer.Argument(
        help='Words to find, in any Arabic spelling; "a phrase", OR, -word. May be left out '
             'when a filter (--entity, --outlet...) is given: the newest matching articles.')
    ] = "",
    db: DbOption = None,
    json: JsonOption = False,
    limit: Annotated[int, typer.Option(min=1, max=200, help="Results to show (1-200).")] = 20,
    offset: Annotated[int, typer.Option(min=0, max=10_000_000,
                                        help="Results to skip, for paging (0-10000000).")] = 0,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    section: Annotated[str | None, typer.Option(
        help="Only articles the source filed under this section, as the source names it "
             "(اخبار العراق). Country and topic sections: `mawsua stories --section`.")] = None,
    language: Annotated[str | None, typer.Option(
        help="Only this language: a code (ar, en...) or its name (English, الإنجليزية).")] = None,
    entity: Annotated[str | None, typer.Option(
        help="Only articles naming this entity (canonical name or a mention, any spelling).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on/after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on/before (YYYY-MM-DD).")] = None,
) -> None:
    """Search stored articles (harakat, tatweel, alef forms, ة/ه, ى/ي and digits are folded;
    spellings of a name meet: سوريا/سورية, الأمريكي/الأميركي, مسؤول/مسئول).

    Syntax (docs/search.md): words are all required; "..." is a phrase; OR between words or
    phrases needs one of them (سوريا OR لبنان); -word or -"phrase" leaves articles out
    (سوريا -تركيا), also first ("-تركيا سوريا"; an unknown option is read as the query).

    A filter that names nothing stored (outlet, section, language, entity) gives a note on
    stderr with its code (W_UNKNOWN_OUTLET...) when nothing is found.

    --json prints a list of {id, url, title, outlet, published, snippet, ...}. A query with no
    letters or digits is refused unless a filter is given (then the newest matching articles
    are listed); a query of exclusions alone (-word) is refused. Exit 2 on a bad argument.
    """
    try:
        queries.check_query_text(query)
        since_iso = queries.iso_date(since)
        until_iso = queries.iso_date(until)
        if since_iso and until_iso and since_iso[:10] > until_iso[:10]:
            raise ValueError(f"since ({since_iso[:10]}) is after until ({until_iso[:10]})")
    except ValueError as e:
        err_coded("E_INVALID_QUERY", str(e), "search", json=json)
        raise typer.Exit(2) from None
    filtered = bool(outlet or section or language or since or until or entity)
    problem = queries.query_problem(query, filtered=filtered)
    if problem is None and not filtered and not query.strip():
        problem = f"{query!r} has no letters or digits to search for"
    if problem:
        if problem != queries.EXCLUSIONS_ONLY:
            problem += " (give words, or a filter such as --outlet to list the newest articles)"
        err_coded("E_INVALID_QUERY", problem, "search", json=json)
        raise typer.Exit(2)
    with queries.open_store(db, readonly=True) as store:
        asked = SearchQuery(text=query, outlet=outlet, section=section, language=language,
                            entity=entity, since=since_iso, until=until_iso, limit=limit,
                            offset=offset)
        page = queries.search(store, asked)
        for note in queries.filter_notes(store, asked, page.total):
            typer.echo(f"note: {note['code']}: {note['reason']}", err=True)
        if _OPERATOR_WORD.search(query):
            typer.echo("note: NOT and AND are searched as words here: every word is required, "
                       "-word excludes one, OR joins alternatives, \"...\" is a phrase "
                       "(docs/search.md)", err=True)
        if "*" in query:
            typer.echo("note: * is no wildcard here (it is dropped); words already match their "
                       "other forms by stem (docs/search.md)", err=True)
    if json:
        print_json([h.to_dict() for h in page.items])
        return
    typer.echo(f"{page.total} results")
    for h in page.items:
        when = h.published or h.published_local or "-"
        typer.echo(f"{h.id}\t{h.outlet or '-'}\t{when}\t{h.title or ''}\n    {h.snippet}")
