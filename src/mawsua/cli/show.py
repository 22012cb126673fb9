"""`mawsua show ID [--json] [--diff [--context N]]`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mawsua.app import connect, diff, queries
from mawsua.cli.common import DbOption, JsonOption, err_coded, print_json
from mawsua.model import Article, article_to_dict

#: longest raw or repaired string printed in a --diff line before it is shortened (code points)
DIFF_MAX = 120


def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id.")],
    db: DbOption = None,
    json: JsonOption = False,
    show_diff: Annotated[bool, typer.Option(
        "--diff", help="List every repair: kind, raw offsets, raw -> repaired, with context "
                       "(--json: the repairs list).")] = False,
    context: Annotated[int, typer.Option(
        "--context", min=0, help="Code points of context on each side of a repair (--diff).")] = 24,
) -> None:
    """Show one stored article (--json: the full JSON contract plus ``duplicate_of``,
    ``story`` and ``sections``). Exit 1 when not found."""
    with queries.open_store(db, readonly=True) as store:
        try:
            art = queries.get_article(store, article_id)
        except KeyError:
            err_coded("E_NOT_FOUND", "no such article", article_id, json=json)
            raise typer.Exit(1) from None
        links = connect.connections(store, article_id)
    if show_diff:
        if json:
            print_json(article_to_dict(art)["repairs"])
        else:
            _print_diff(art, context)
        return
    if json:
        print_json({**article_to_dict(art), **links})
        return
    md = art.metadata
    typer.echo(f"{md.title or ''}{' (derived)' if md.title_derived else ''}")
    typer.echo(f"outlet: {md.outlet or '-'}   published: {md.published or md.published_local or '-'}"
               f"{'' if md.published or not md.published_local else ' (local time, zone unknown)'}")
    typer.echo(f"section: {md.section or '-'}   aggregator: {md.aggregator or '-'}   url: {md.url or '-'}")
    secs = links["sections"]
    typer.echo("filed under: " + (" ".join(s["code"] for s in secs["countries"] + secs["topics"])
                                  or "-"))
    if links["story"]:
        st = links["story"]
        reports = f"{st['size']} report" + ("" if st["size"] == 1 else "s")
        outlets = f"{st['outlets']} outlet" + ("" if st["outlets"] == 1 else "s")
        typer.echo(f"story #{st['id']}: {st['label'] or '-'} ({reports}, {outlets})")
    if links["duplicate_of"]:
        typer.echo(f"duplicate of: {links['duplicate_of']}")
    typer.echo("")
    for p in art.layer("paragraphs"):
        typer.echo(art.text[p.start : p.end])
        typer.echo("")


def _short(s: str) -> str:
    if len(s) <= DIFF_MAX:
        return s
    half = DIFF_MAX // 2
    return f"{s[:half]} … [{len(s) - 2 * half} more] … {s[-half:]}"


def _print_diff(art: Article, context: int) -> None:
    """One block per repair; ``-`` the raw text, ``+`` the repaired text, the changed part
    between ⟦ ⟧ and invisible characters named (⟨RLM⟩)."""
    color = sys.stdout.isatty()
    counts = diff.kind_counts(art)
    summary = ", ".join(f"{k} {n}" for k, n in counts.items()) or "none"
    typer.echo(f"{art.id}: {len(art.edits)} repairs ({summary})")
    typer.echo(f"raw {len(art.raw_text)} code points -> text {len(art.text)} code points")
    for v in diff.repair_views(art, context=context):
        r = v.repair
        typer.echo("")
        head = (f"#{v.index} {r['kind']}  raw {r['raw_start']}-{r['raw_end']}"
                f"  text {r['start']}-{r['end']}  confidence {r['confidence']:.2f}")
        typer.echo(typer.style(head, bold=True) if color else head)
        old = diff.visible(r["raw"]) or "∅"
        new = diff.visible(r["repaired"]) or "∅"
        minus = f"  - {diff.visible(v.raw_before)}⟦{_short(old)}⟧{diff.visible(v.raw_after)}"
        plus = f"  + {diff.visible(v.text_before)}⟦{_short(new)}⟧{diff.visible(v.text_after)}"
        typer.echo(typer.style(minus, fg="red") if color else minus)
        typer.echo(typer.style(plus, fg="green") if color else plus)
    props = diff.proposal_views(art, context=context)
    if props:
        typer.echo("")
        typer.echo(f"{len(props)} proposed repairs (not applied: below the confidence threshold)")
    for v in props:
        r = v.repair
        typer.echo("")
        head = (f"?{v.index} {r['kind']} proposed  raw {r['raw_start']}-{r['raw_end']}"
                f"  confidence {r['confidence']:.2f}")
        typer.echo(typer.style(head, bold=True) if color else head)
        typer.echo(f"  = {diff.visible(v.text_before)}⟦{_short(diff.visible(r['raw']))}⟧"
                   f"{diff.visible(v.text_after)}")
        typer.echo(f"  ? {diff.visible(v.raw_before)}⟦{_short(diff.visible(r['repaired']))}⟧"
                   f"{diff.visible(v.raw_after)}")
