"""Options and output helpers shared by the commands."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import orjson
import typer

from mawsua.errors import MawsuaError

P = ParamSpec("P")
R = TypeVar("R")

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


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that expected failures end with one clear line, not a traceback.

    :class:`mawsua.errors.MawsuaError` prints ``WHERE: CODE: reason`` and exits 1;
    Ctrl-C prints ``interrupted`` and exits 130; an ``OSError`` (a port in use, a folder that
    cannot be created) prints its message and exits 1.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except MawsuaError as e:
            err(str(e))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(130) from None
        except OSError as e:
            err(f"{fn.__name__}: {e}")
            raise typer.Exit(1) from None

    return wrapper
