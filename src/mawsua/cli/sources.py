"""`mawsua sources add|list|remove|enable|import|export`: the feeds and sites to watch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mawsua.app import sources as app_sources
from mawsua.app.queries import db_path, open_store
from mawsua.app.watch import FetchPolicy
from mawsua.cli.common import (
    AllowPrivateOption,
    DbOption,
    JsonOption,
    err,
    guarded,
    print_json,
    say,
)
from mawsua.cli.watch import ArchiveOption

app = typer.Typer(help="The feeds and sites `mawsua watch` polls.", no_args_is_help=True)


@app.command("add")
@guarded
def add(
    url: Annotated[str, typer.Argument(help="Feed URL, or a site's home page.")],
    section: Annotated[str | None, typer.Option(help="Section for its articles.")] = None,
    kind: Annotated[str, typer.Option(help="auto (fetch once to tell), feed or site.")] = "auto",
    db: DbOption = None,
    archive: ArchiveOption = None,
    timeout: Annotated[float, typer.Option(min=0.01, help="Timeout of the probe, seconds.")] = 20,
    allow_private: AllowPrivateOption = False,
    no_check: Annotated[bool, typer.Option(
        "--no-check", help="Add it even when the URL cannot be reached now (with a warning); "
        "`watch` keeps trying it.")] = False,
    json: JsonOption = False,
) -> None:
    """Register a feed or a site (with --kind auto the URL is fetched once, archived).

    A URL that cannot be reached (network, DNS, timeout, 5xx) is not added: exit 1 with the
    fetch's code and reason, unless --no-check (added with a warning). --kind feed/site
    registers without fetching. Loopback and private addresses are refused
    (E_FETCH_FORBIDDEN_ADDRESS) unless --allow-private or MAWSUA_ALLOW_PRIVATE_NETWORKS=1;
    `watch` needs the same to poll them."""
    path = db_path(db)
    with open_store(path) as store:
        out = app_sources.add_source(
            store, url, section=section, kind=kind,
            archive=archive or app_sources.default_archive(path),
            policy=FetchPolicy(timeout_s=timeout, retries=0,
                               allow_private=allow_private or None),
            check=not no_check)
    if out.warning:
        err(f"{out.source.redacted().url}: warning: {out.warning}")
    if json:
        print_json(out.to_dict())
    else:
        verb = "added" if out.added else "already there"
        say(f"{verb}: #{out.source.id} {out.source.redacted().url} [{out.source.kind}] {out.note}")


@app.command("list")
@guarded
def list_(db: DbOption = None, json: JsonOption = False) -> None:
    """Every source: url, kind, last status, articles, errors (and why it is disabled)."""
    with open_store(db) as store:
        rows = app_sources.list_sources(store)
    if json:
        print_json([r.to_dict() for r in rows])
        return
    if not rows:
        typer.echo("no sources (add one with `mawsua sources add URL`)")
    for r in rows:
        state = f"disabled: {r.disabled_reason}" if r.disabled_reason else \
            f"next poll {r.next_poll}"
        say(f"#{r.id} {r.redacted().url} [{r.kind}] status {r.last_status or '-'}, "
                   f"articles {r.articles}, errors {r.errors}; {state}")


@app.command("remove")
@guarded
def remove(
    source: Annotated[str, typer.Argument(help="URL or id of the source.")],
    db: DbOption = None,
) -> None:
    """Forget a source (its articles stay)."""
    with open_store(db) as store:
        s = app_sources.remove_source(store, source)
    say(f"removed: #{s.id} {s.redacted().url}")


@app.command("enable")
@guarded
def enable(
    source: Annotated[str, typer.Argument(help="URL or id of the source.")],
    db: DbOption = None,
) -> None:
    """Poll a disabled source again (its failure counters are reset)."""
    with open_store(db) as store:
        s = app_sources.enable_source(store, source)
    say(f"enabled: #{s.id} {s.redacted().url}")


@app.command("import")
@guarded
def import_(
    file: Annotated[Path, typer.Argument(help="OPML file (1.0 or 2.0).")],
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    json: JsonOption = False,
) -> None:
    """Register every feed of an OPML file; sections from its categories or folders. Exit 1
    when the file listed feeds and none could be registered (every one failed). Loopback and
    private addresses are refused per feed unless --allow-private or
    MAWSUA_ALLOW_PRIVATE_NETWORKS=1."""
    with open_store(db) as store:
        out = app_sources.import_opml(store, file, allow_private=allow_private or None)
    if json:
        print_json(out)
    else:
        for f in out["failed"]:
            err(f"{f['path']}: {f['code']}: {f['reason']}")
        typer.echo(f"read {out['read']}, added {out['added']}, already there {out['already']}")
    if out["failed"] and not out["added"] and not out["already"]:
        raise typer.Exit(1)


@app.command("export")
@guarded
def export(db: DbOption = None) -> None:
    """Print every source as OPML 2.0."""
    with open_store(db) as store:
        data = app_sources.export_opml(store)
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
