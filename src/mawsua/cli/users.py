"""`mawsua users add|passwd|api-password|remove|list|anonymous`: reader accounts.

A password is read from standard input when it is not a terminal (one line; for scripts:
``printf '%s\\n' "$PW" | mawsua users add NAME``), otherwise prompted twice without echo.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mawsua.app import accounts
from mawsua.app.queries import open_store
from mawsua.cli.common import DbOption, JsonOption, guarded, print_json, say
from mawsua.errors import MawsuaError

app = typer.Typer(help="Reader accounts (web login, Google Reader and Fever APIs).",
                  no_args_is_help=True)

Name = Annotated[str, typer.Argument(help="User name (no space, / or :).")]


def read_password(prompt: str = "Password") -> str:
    """The password from standard input (first line) when it is not a terminal, else
    prompted twice without echo.

    Raises:
        MawsuaError: ``E_USER`` when standard input gives no line.
    """
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise MawsuaError("E_USER", "no password on standard input", "stdin")
        return line.rstrip("\r\n")
    value: str = typer.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return value


@app.command("add")
@guarded
def add(name: Name, admin: Annotated[bool, typer.Option("--admin", help="An administrator "
                                                        "(sources and settings).")] = False,
        db: DbOption = None) -> None:
    """Create an account."""
    password = read_password()
    with open_store(db) as store:
        user = accounts.add_user(store, name, password, admin=admin)
    say(f"added: {user.name}{' (admin)' if user.admin else ''}")


@app.command("passwd")
@guarded
def passwd(name: Name, db: DbOption = None) -> None:
    """Change an account's password (its web sessions end)."""
    password = read_password("New password")
    with open_store(db) as store:
        user = accounts.set_password(store, name, password)
    say(f"password changed: {user.name}")


@app.command("api-password")
@guarded
def api_password(name: Name, db: DbOption = None) -> None:
    """Set the separate password reader apps use (Google Reader ClientLogin, Fever
    api_key = md5(name:password)); until set, the account password is used."""
    password = read_password("API password")
    with open_store(db) as store:
        user = accounts.set_api_password(store, name, password)
    say(f"API password set: {user.name}")


@app.command("remove")
@guarded
def remove(name: Name, db: DbOption = None) -> None:
    """Delete an account with its sessions and reading state."""
    with open_store(db) as store:
        user = accounts.remove_user(store, name)
    say(f"removed: {user.name}")


@app.command("list")
@guarded
def list_(db: DbOption = None, json: JsonOption = False) -> None:
    """Every account and its role."""
    with open_store(db) as store:
        users = accounts.list_users(store)
        anonymous = accounts.get_setting(store, "anonymous")
    if json:
        print_json({"users": [{"name": u.name, "admin": u.admin} for u in users],
                    "anonymous": anonymous})
        return
    for u in users:
        say(f"{u.name}{' (admin)' if u.admin else ''}")
    say(f"anonymous reading: {anonymous}")


@app.command("anonymous")
@guarded
def anonymous(value: Annotated[str, typer.Argument(help="on or off.")],
              db: DbOption = None) -> None:
    """Let visitors without an account read the public pages (on, the default) or not."""
    with open_store(db) as store:
        accounts.set_setting(store, "anonymous", value)
    say(f"anonymous reading: {value}")
