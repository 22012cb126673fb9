"""`mawsua` command line (Typer). One module per command; each is thin over ``mawsua.app``."""

from __future__ import annotations

import typer

from mawsua.cli import alerts as alerts_cli
from mawsua.cli import (
    bulk,
    demo,
    ingest,
    read,
    reprocess,
    search,
    serve,
    show,
    store_pairs,
    stories,
    watch,
)
from mawsua.cli import desk as desk_cli
from mawsua.cli import eval as eval_cli
from mawsua.cli import export as export_cli
from mawsua.cli import sources as sources_cli
from mawsua.cli import train as train_cli
from mawsua.cli import users as users_cli
from mawsua.cli.common import guarded, quiet_broken_pipe

app = typer.Typer(
    name="mawsua",
    help="Mawsua — Arabic-first news aggregator: read, ingest, search, show, stories, serve, watch.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("read")(guarded(read.read))
app.command("ingest")(guarded(ingest.ingest))
app.command("bulk")(guarded(bulk.bulk))
app.command("search", context_settings={"ignore_unknown_options": True})(guarded(search.search))
app.command("show")(guarded(show.show))
app.command("stories")(guarded(stories.stories))
app.command("serve")(guarded(serve.serve))
app.command("demo")(guarded(demo.demo))
app.command("watch")(guarded(watch.watch))
app.command("reprocess")(guarded(reprocess.reprocess))
app.command("store-pairs")(guarded(store_pairs.store_pairs))
app.command("export")(guarded(export_cli.export))
app.command("entities")(guarded(desk_cli.entities))
app.command("entity")(guarded(desk_cli.entity))
app.command("quotes")(guarded(desk_cli.quotes))
app.command("trending")(guarded(desk_cli.trending))
app.add_typer(eval_cli.app, name="eval")
app.add_typer(train_cli.app, name="train")
app.add_typer(sources_cli.app, name="sources")
app.add_typer(alerts_cli.app, name="alerts")
app.add_typer(users_cli.app, name="users")


def main() -> None:
    """Console-script entry point (a closed stdout ends any command quietly, exit 141)."""
    try:
        app()
    except BrokenPipeError:
        try:
            quiet_broken_pipe()
        except typer.Exit as e:
            raise SystemExit(e.exit_code) from None
