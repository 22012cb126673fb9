"""Options and output helpers shared by the commands."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import orjson
import typer

from mawsua.errors import MawsuaError
from mawsua.model.urls import redact

P = ParamSpec("P")
R = TypeVar("R")

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="MAWSUA_DB", help="SQLite database file (default ./mawsua.db), or a PostgreSQL URL "
                 "postgresql://user@host/db."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help="Allow loopback and private network addresses (the SSRF guard is "
    "off; also MAWSUA_ALLOW_PRIVATE_NETWORKS=1).")]


def print_json(obj: Any) -> None:
    """Write one JSON value and a newline to stdout (UTF-8, Arabic unescaped)."""
    data = orjson.dumps(obj)
    if b"@" in data or b"=" in data:  # credentials and secret query values never shown
        data = redact(data.decode("utf-8")).encode("utf-8")
    sys.stdout.buffer.write(data + b"\n")
    sys.stdout.flush()


def err(msg: str) -> None:
    """Write a message line to stderr (credentials in URLs as ``***``: :func:`redact`)."""
    typer.echo(redact(msg), err=True)


def err_coded(code: str, reason: str, where: object = None, json: bool = False) -> None:
    """Write one coded failure to stderr: ``WHERE: CODE: reason``, or with ``json`` one JSON
    line ``{"error": {"code", "reason", "where"}}`` (passwords in URLs as ``***``)."""
    if json:
        body = {"error": {"code": code, "reason": reason,
                          "where": None if where is None else str(where)}}
        typer.echo(redact(orjson.dumps(body).decode("utf-8")), err=True)
    else:
        err(f"{where}: {code}: {reason}" if where is not None else f"{code}: {reason}")


def say(msg: str) -> None:
    """Write a message line to stdout (credentials in URLs as ``***``: :func:`redact`)."""
    typer.echo(redact(msg))


def problem(exc: BaseException, path: object = None) -> str:
    """A failure as one ``PATH: reason`` line: an ``OSError`` by its own file name (else
    ``path``) and its plain reason (``No such file or directory``, not ``[Errno 2] ...``);
    any other error's message, prefixed with ``path`` unless it already names it."""
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else path
        reason = exc.strerror or str(exc)
        if isinstance(exc, IsADirectoryError | NotADirectoryError | FileExistsError) and \
                exc.filename is not None:
            reason = {IsADirectoryError: "is a folder, not a file",
                      NotADirectoryError: "a part of the path is a file, not a folder",
                      FileExistsError: "a file is in the way (a folder is needed here)",
                      }[type(exc)]
        return f"{where}: {reason}" if where is not None else reason
    msg = str(exc)
    if path is None or str(path) in msg:
        return msg
    return f"{path}: {msg}"


def quiet_broken_pipe() -> None:
    """End quietly after a reader closed stdout (``mawsua read FILE | head``): what is still
    buffered goes nowhere and the exit status is 141 (128 + SIGPIPE), as a Unix tool's."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise typer.Exit(141)


def interactive() -> bool:
    """Whether stderr is a terminal (progress bars only then)."""
    return sys.stderr.isatty()


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that expected failures end with one clear line, not a traceback.

    :class:`mawsua.errors.MawsuaError` prints ``WHERE: CODE: reason`` and exits 1 (with
    ``--json``, one JSON line ``{"error": {"code", "reason", "where"}}`` on stderr instead, so a
    script reading the command's JSON gets a machine-readable failure);
    Ctrl-C prints ``interrupted`` and exits 130; a closed stdout (``| head``) ends quietly
    with 141 (:func:`quiet_broken_pipe`); another ``OSError`` (a port in use, a folder that
    cannot be created) prints ``PATH: reason`` (:func:`problem`; the command's name when no
    path is known) and exits 1.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except MawsuaError as e:
            err_coded(e.code, e.reason, e.where, json=kwargs.get("json") is True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            quiet_broken_pipe()
            raise  # not reached: quiet_broken_pipe exits
        except OSError as e:
            err(problem(e, fn.__name__))
            raise typer.Exit(1) from None

    return wrapper
