"""The analyst's desk on the command line: ``mawsua entities``, ``mawsua entity NAME``,
``mawsua quotes`` and ``mawsua trending`` (all read-only; :mod:`mawsua.app.desk`)."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app import connect, desk, queries
from mawsua.cli.common import DbOption, JsonOption, err, print_json

Since = Annotated[str | None, typer.Option(
    help="Only articles published on/after this date (YYYY-MM-DD or ISO date-time).")]
Until = Annotated[str | None, typer.Option(help="Only articles published on/before (YYYY-MM-DD).")]
SectionOpt = Annotated[str | None, typer.Option(
    help="Only articles filed under this section: a country code (IQ, SA), a topic "
         "(politics...) or either's Arabic name.")]
Limit = Annotated[int, typer.Option(min=1, max=200, help="Rows to show.")]
Offset = Annotated[int, typer.Option(min=0, max=10_000_000, help="Rows to skip (paging).")]


def _dates(since: str | None, until: str | None,
           names: tuple[str, str] = ("--since", "--until")) -> tuple[str | None, str | None]:
    """The ISO forms of two date options; exit 2 naming the option on a bad date, and when
    ``since`` is after ``until`` (as the API refuses it)."""
    out = []
    for value, name in ((since, names[0]), (until, names[1])):
        try:
            out.append(queries.iso_date(value))
        except ValueError as e:
            err(f"bad date for {name}: {e}")
            raise typer.Exit(2) from None
    if out[0] and out[1] and out[0][:10] > out[1][:10]:
        err(f"{names[0]} ({out[0][:10]}) is after {names[1]} ({out[1][:10]})")
        raise typer.Exit(2)
    return out[0], out[1]


def _section(section: str | None) -> str | None:
    if section is None:
        return None
    code = connect.section_code(section)
    if code is None:
        raise typer.BadParameter(
            f"unknown section {section.strip()!r}: a country code (IQ, SA), a topic "
            f"({', '.join(connect.TOPIC_NAMES)}) or its Arabic name", param_hint="--section")
    return code


def _named(canonical: str) -> str:
    """An entity as the listings show it: its Arabic name with the canonical name (the id that
    ``entity``, ``--entity`` and the API take) in braces when they differ: ``مصر {Egypt}``."""
    label = desk.entity_label(canonical)
    return label if label == canonical else f"{label} {{{canonical}}}"


def entities(
    db: DbOption = None,
    json: JsonOption = False,
    since: Since = None,
    until: Until = None,
    type_: Annotated[str | None, typer.Option(
        "--type", help="PERSON, ORGANIZATION or LOCATION (any case).")] = None,
    section: SectionOpt = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> None:
    """The most mentioned people, organisations and places: by number of articles naming
    them, then mentions. Without --since/--until the whole store is counted; with --section
    and no period, the section's last 30 days up to the newest article (said in the output;
    give --since for more).

    --json prints {"items": [{canonical, type, country, articles, mentions}], "total",
    "since", "until"} (the period counted). Exit 2 on a bad date, type or section.
    """
    since_iso, until_iso = _dates(since, until)
    kind = type_.strip().upper() if type_ else None
    if kind is not None and kind not in desk.ENTITY_TYPES:
        raise typer.BadParameter(f"unknown type {type_!r}: {', '.join(desk.ENTITY_TYPES)}",
                                 param_hint="--type")
    code = _section(section)
    with queries.open_store(db, readonly=True) as store:
        since_iso, until_iso, implicit = desk.listing_period(store, since_iso, until_iso, code)
        items, total = desk.top_entities(store, since=since_iso, until=until_iso, type_=kind,
                                         section=code, limit=limit, offset=offset)
    if json:
        print_json({"items": items, "total": total, "limit": limit, "offset": offset,
                    "since": since_iso, "until": until_iso})
        return
    period = (f", {since_iso or '…'} to {until_iso or 'the newest article'}"
              if since_iso or until_iso else "")
    note = (f" (a section without --since counts its last {desk.SECTION_DAYS} days; "
            "give --since for more)" if implicit else "")
    typer.echo(f"{total} entities{period}{note}")
    for e in items:
        typer.echo(f"{e['articles']:>6} articles {e['mentions']:>6} mentions  "
                   f"{e['type']:<12} {e['country'] or '--'}  {_named(e['canonical'])}")


def entity(
    name: Annotated[str, typer.Argument(help="Any name or spelling of the entity.")],
    db: DbOption = None,
    json: JsonOption = False,
    limit: Limit = 10,
) -> None:
    """One entity: names and spellings, type, country, articles per day, co-mentioned
    entities, stories, newest articles, quotations by it and about it.

    --json prints the object of /api/v1/entities/{id}. Exit 1 when the name reaches no
    stored entity.
    """
    with queries.open_store(db, readonly=True) as store:
        try:
            page = desk.entity_page(store, name, limit=limit, exact_first=False)
        except KeyError:
            err(f"entity: no stored entity is named {name!r}")
            raise typer.Exit(1) from None
    if json:
        print_json(page.to_dict())
        return
    e = page.entity
    typer.echo(f"{_named(e['canonical'])}  [{e['type']}{', ' + e['country'] if e['country'] else ''}]"
               f"  {e['articles']} articles, {e['mentions']} mentions, "
               f"{e['first_seen'] or '?'} … {e['last_seen'] or '?'}")
    typer.echo("names: " + " | ".join(f"{n['name']} ({n['articles']})" for n in page.names[:20]))
    if page.others:
        typer.echo("also named so: " + ", ".join(f"{_named(o['canonical'])} [{o['type']}] "
                                                  f"({o['articles']})" for o in page.others))
    typer.echo("with: " + ", ".join(f"{_named(c['canonical'])} ({c['articles']})"
                                    for c in page.co_mentioned[:10]))
    for s in page.stories[:limit]:
        typer.echo(f"story #{s['id']} ({s['reports']}/{s['size']} reports): {s['label'] or '-'}")
    for title, rows, total in (("said", page.quotes_by, page.quotes_by_total),
                               ("said about it", page.quotes_about, page.quotes_about_total)):
        typer.echo(f"{title}: {total}")
        for q in rows:
            typer.echo(f"  «{q['text']}» — {q['speaker'] or '?'} ({q['cue'] or '-'}), "
                       f"{q['outlet'] or '-'} {q['time'] or '-'}  [{q['article_id']}]")


def quotes(
    query: Annotated[str, typer.Argument(
        help='Words to find inside the quotation (article search syntax: "a phrase", OR, '
             "-word).")] = "",
    speaker: Annotated[str | None, typer.Option(
        help="Only quotations by this speaker: any name or spelling (بايدن, Biden, جو بايدن), "
             "or an unnamed source as written (مصادر).")] = None,
    db: DbOption = None,
    json: JsonOption = False,
    since: Since = None,
    until: Until = None,
    section: SectionOpt = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> None:
    """Who said what: quotations with speaker, cue, date, outlet and article, newest first
    (best match first when words are given; same folding as article search).

    --json prints {"items": [{text, speaker, speaker_canonical, cue, label, language, time,
    article_id, url, outlet, title, ...}], "total", "speakers"}. Exit 2 on a bad argument.
    """
    since_iso, until_iso = _dates(since, until)
    try:
        queries.check_query_text(query)
    except ValueError as e:
        err(f"quotes: {e}")
        raise typer.Exit(2) from None
    code = _section(section)
    with queries.open_store(db, readonly=True) as store:
        result = desk.quotes(store, speaker=speaker, text=query, since=since_iso,
                             until=until_iso, section=code, limit=limit, offset=offset)
    if json:
        print_json({"items": [{k: v for k, v in q.items() if k != "text_html"}
                              for q in result.items],
                    "total": result.total, "speakers": result.speakers, "limit": limit,
                    "offset": offset})
        return
    typer.echo(f"{result.total} quotations")
    for q in result.items:
        typer.echo(f"{q['time'] or '-'}  {q['outlet'] or '-'}  {q['speaker'] or '?'} "
                   f"({q['cue'] or '-'}): «{q['text']}»  [{q['article_id']}]")


def trending(
    db: DbOption = None,
    json: JsonOption = False,
    at: Annotated[str | None, typer.Option(
        help="Measure at this time (ISO); default: the newest story time told by two "
             "outlets.")] = None,
    window: Annotated[float, typer.Option(min=0.25, max=24 * 30,
                                          help="Recent window, hours.")] = desk.WINDOW_HOURS,
    baseline: Annotated[float, typer.Option(min=0.25, max=24 * 365,
                                            help="Baseline before it, hours.")
                        ] = desk.BASELINE_HOURS,
    limit: Limit = 10,
) -> None:
    """Breaking stories and entities: reports or outlets growing fast in the recent window
    against the baseline before it (formula: docs/entities.md).

    --json prints the object of /api/v1/trending. Exit 2 on a bad time.
    """
    at_iso, _ = _dates(at, None, ("--at", "--until"))
    with queries.open_store(db, readonly=True) as store:
        result = desk.trending(store, at=at_iso, window_hours=window, baseline_hours=baseline,
                               limit=limit)
    if json:
        print_json(result)
        return
    typer.echo(f"at {result['at'] or '-'} (window {window:g} h, baseline {baseline:g} h)")
    flow = result.get("flow") or {}
    if not result.get("baseline_ok"):
        typer.echo(f"  nothing is called breaking: the baseline holds "
                   f"{flow.get('baseline', 0)} original articles, fewer than "
                   f"{desk.MIN_BASELINE} to compare the window's {flow.get('window', 0)} with "
                   f"(a gap in the store; try --at or a longer --baseline)")
    elif not result["stories"] and not result["entities"]:
        typer.echo("  no story or entity grows fast enough in this window")
    for s in result["stories"]:
        typer.echo(f"  story #{s['id']}  score {s['score']:.1f}  {s['reports']} reports "
                   f"({s['baseline_reports']} before), {s['outlets']} outlets: "
                   f"{s['label'] or '-'}")
    for e in result["entities"]:
        typer.echo(f"  {e['canonical']}  score {e['score']:.1f}  {e['articles']} articles "
                   f"({e['baseline_articles']} before)")
