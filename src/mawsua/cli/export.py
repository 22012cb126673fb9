"""`mawsua export [QUERY] [--outlet --section --language --entity --since --until]
--format jsonl|csv|parquet [--layers entities,quotes,...] [--limit N] --out FILE`."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from mawsua.app import export as export_app
from mawsua.app import queries
from mawsua.cli.common import DbOption, JsonOption, err, interactive, print_json
from mawsua.model.results import SearchQuery


def export(
    query: Annotated[str, typer.Argument(help="Words to find (any Arabic spelling); empty "
                                              "exports every article the filters keep.")] = "",
    out: Annotated[str, typer.Option("--out", "-o", help="File to write ('-' for stdout: "
                                                        "jsonl and csv only).")] = "-",
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="jsonl, csv or parquet.")] = "jsonl",
    layers: Annotated[str | None, typer.Option(
        help="Comma-separated layers: repairs, entities, quotes, timexes, quantities, blocks, "
             "paragraphs, sentences, languages, or none. JSONL: which layers to keep (default "
             "all); CSV/Parquet: layers added as JSON columns (default none).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    section: Annotated[str | None, typer.Option(
        help="Only this section as the source names it.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (ar, en...).")] = None,
    entity: Annotated[str | None, typer.Option(
        help="Only articles naming this entity (any of its names).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on/after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on/before (YYYY-MM-DD).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many articles.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Export stored articles (all, or a search) as JSON Lines, CSV or Parquet, streamed in
    batches (memory stays bounded whatever the size), in ingest order. Schemas:
    docs/export.md. --json prints {articles, bytes, format, out} when done. Exit 2 on a bad
    argument."""
    fmt = fmt.strip().lower()
    try:
        if fmt not in export_app.FORMATS:
            raise ValueError(f"--format {fmt!r}: one of {', '.join(export_app.FORMATS)}")
        if fmt == "parquet" and out == "-":
            raise ValueError("--format parquet needs --out FILE (Parquet is not a stream "
                             "format for a terminal)")
        wanted = export_app.parse_layers(layers)
        queries.check_query_text(query)
        problem = queries.query_problem(query, filtered=False)
        if problem:
            raise ValueError(problem if problem == queries.EXCLUSIONS_ONLY else
                             f"{problem} (leave the query out to export every article)")
        since_iso, until_iso = queries.iso_date(since), queries.iso_date(until)
        if since_iso and until_iso and since_iso[:10] > until_iso[:10]:
            raise ValueError(f"--since {since_iso} is after --until {until_iso}")
    except ValueError as e:
        err(f"export: {e}")
        raise typer.Exit(2) from None
    q = SearchQuery(text=query.strip(), outlet=outlet, section=section, language=language,
                    entity=entity, since=since_iso, until=until_iso)
    with queries.open_store(db, readonly=True) as store:
        if out == "-":
            stats = export_app.export(store, q, fmt, sys.stdout.buffer, wanted, limit=limit)
            sys.stdout.buffer.flush()
        else:
            stats = _to_file(store, q, fmt, Path(out), wanted, limit)
    if json:
        print_json({"articles": stats.articles, "bytes": stats.bytes, "format": fmt, "out": out})
    elif out != "-":
        err(f"{stats.articles} articles, {stats.bytes} bytes → {out}")


def _to_file(store: object, q: SearchQuery, fmt: str, path: Path,
             layers: tuple[str, ...] | None, limit: int | None) -> export_app.Stats:
    """Write to ``path.part`` and rename when complete, so a failed export never leaves a
    truncated file under the requested name."""
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder for the output file", str(path))
    tmp = path.with_name(path.name + ".part")
    progress = None
    if interactive():
        from rich.progress import Progress

        progress = Progress(transient=True)
    try:
        with open(tmp, "wb") as f:
            if progress is None:
                stats = export_app.export(store, q, fmt, f, layers, limit=limit)  # type: ignore[arg-type]
            else:
                with progress:
                    task = progress.add_task("export", total=None)
                    stats = export_app.export(
                        store, q, fmt, f, layers, limit=limit,  # type: ignore[arg-type]
                        on_batch=lambda n: progress.advance(task, n))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return stats
