"""`mawsua stories [--since] [--section] [--limit] [--offset] [--json] [--rebuild]`."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app import connect, queries
from mawsua.cli.common import DbOption, JsonOption, err, print_json

#: sections listed on a story's text line before "+N more" (the JSON has every one)
SHOWN_SECTIONS = 8


def _sections(codes: list[str] | tuple[str, ...]) -> str:
    shown = " ".join(codes[:SHOWN_SECTIONS])
    return f"{shown} +{len(codes) - SHOWN_SECTIONS} more" if len(codes) > SHOWN_SECTIONS else shown


def stories(
    db: DbOption = None,
    json: JsonOption = False,
    since: Annotated[str | None, typer.Option(
        help="Only stories seen on/after this date (YYYY-MM-DD or ISO date-time).")] = None,
    section: Annotated[str | None, typer.Option(
        help="Only stories with a report in this section: a country code (IQ, SA) or a topic "
             "(politics, security...).")] = None,
    min_size: Annotated[int, typer.Option("--min-size", min=1, max=1_000_000,
                                          help="Only stories of at least N reports.")] = 1,
    limit: Annotated[int, typer.Option(min=1, max=200, help="Stories to show.")] = 20,
    offset: Annotated[int, typer.Option(min=0, max=10_000_000,
                                        help="Stories to skip (paging).")] = 0,
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", help="Forget every duplicate, story and section link and connect every "
                          "stored article again (same result as incremental ingest).")] = False,
) -> None:
    """Stories: reports of one event across outlets and languages, most outlets first.

    --json prints {"items": [{id, label, size, outlets, languages, first_seen, last_seen,
    sections, members: [{id, url, outlet, title, duplicate_of, ...}]}], "total"}. Exit 2 on a
    bad date.
    """
    try:
        since_iso = queries.iso_date(since)
    except ValueError as e:
        err(f"--since: {e}")
        raise typer.Exit(2) from None
    if rebuild:
        with queries.open_store(db) as store:
            counts = connect.rebuild(store)
        if not json:
            typer.echo(f"rebuilt: {counts['articles']} articles, {counts['stories']} stories, "
                       f"{counts['duplicates']} duplicates")
    code = connect.section_code(section) if section is not None else None
    if section is not None and code is None:
        raise typer.BadParameter(
            f"unknown section {section.strip()!r}: a country code (IQ, SA), a topic "
            f"({', '.join(connect.TOPIC_NAMES)}) or its Arabic name", param_hint="--section")
    with queries.open_store(db, readonly=True) as store:
        items, total = connect.stories(store, since=since_iso, section=code,
                                       min_size=min_size, limit=limit, offset=offset)
    if json:
        print_json({"items": [s.to_dict() for s in items], "total": total, "limit": limit,
                    "offset": offset})
        return
    typer.echo(f"{total} stories")
    for s in items:
        seen = f"{s.first_seen or '?'} … {s.last_seen or '?'}"
        typer.echo(f"\n#{s.id}  {s.label or '-'}")
        typer.echo(f"  {s.size} reports, {s.outlets} outlets, {','.join(s.languages) or '-'}, "
                   f"{seen}  [{_sections(s.sections)}]")
        for m in s.members[:10]:
            dup = f"  (copy of {m.duplicate_of})" if m.duplicate_of else ""
            typer.echo(f"  - {m.id}  {m.outlet or '-'}: {m.title or '-'}{dup}")
        if s.size > 10:
            typer.echo(f"  … {s.size - 10} more")
