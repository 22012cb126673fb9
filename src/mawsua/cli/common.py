"""Options and output helpers shared by the commands."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import orjson
import typer

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="MAWSUA_DB", help="SQLite database file (default ./mawsua.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def print_json(obj: Any) -> None:
    """Write one JSON value and a newline to stdout (UTF-8, Arabic unescaped)."""
    sys.stdout.buffer.write(orjson.dumps(obj) + b"\n")
    sys.stdout.flush()


def err(msg: str) -> None:
    """Write a message line to stderr."""
    typer.echo(msg, err=True)


def interactive() -> bool:
    """Whether stderr is a terminal (progress bars only then)."""
    return sys.stderr.isatty()
