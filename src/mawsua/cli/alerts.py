"""`mawsua alerts add|list|remove|test|deliver|outbox|retry`: saved searches that fire a signed
webhook and/or an e-mail once per newly stored matching article (see docs/alerts.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from mawsua.app import alerts as app_alerts
from mawsua.app.queries import open_store
from mawsua.cli.common import AllowPrivateOption, DbOption, JsonOption, guarded, print_json, say

app = typer.Typer(help="Saved searches with alerts (webhook, e-mail) on new matching articles.",
                  no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="The alert's name (letters, digits, . _ -).")]


@app.command("add")
@guarded
def add(
    name: NameArg,
    query: Annotated[str, typer.Option("--query", "-q", help="Search text, as for `mawsua "
                                       "search` (any Arabic spelling; \"quoted phrases\").")],
    entity: Annotated[str | None, typer.Option(help="Only articles naming this entity.")] = None,
    section: Annotated[str | None, typer.Option(help="Only this section.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    language: Annotated[str | None, typer.Option(
        help="Only this language: a code (ar, en...) or its name (English, الإنجليزية).")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST a signed JSON to this URL.")] = None,
    email: Annotated[str | None, typer.Option(help="E-mail this address (SMTP settings: "
                                             "MAWSUA_SMTP_*).")] = None,
    allow_private: AllowPrivateOption = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Save a search; every article stored from now on that matches fires it once.

    The webhook's signing secret is printed once, now (X-Mawsua-Signature: sha256=HMAC of
    the body). Without --webhook and --email it is a saved search only. A filter that names
    nothing stored (an outlet, section, language or entity no article has yet) is saved with
    a note on stderr (W_UNKNOWN_OUTLET..., as `mawsua search` gives; --json: "notes"): such
    an alert fires only once a matching article is stored."""
    with open_store(db) as store:
        alert, secret = app_alerts.add_alert(
            store, name, query, entity=entity, section=section, outlet=outlet,
            language=language, webhook_url=webhook, email=email, allow_private=allow_private)
        notes = app_alerts.alert_notes(store, alert)
    for note in notes:
        typer.echo(f"note: {note['code']}: {note['reason']}", err=True)
    if json:
        print_json({**alert.to_dict(), "secret": secret, "notes": notes})
        return
    say(f"added: {alert.name} ({alert.query!r}"
        + "".join(f", {k} {v}" for k, v in alert.filters().items()) + ")")
    if alert.webhook:
        say(f"webhook secret (shown once; keep it to check X-Mawsua-Signature): {secret}")


@app.command("list")
@guarded
def list_(db: DbOption = None, json: JsonOption = False) -> None:
    """Every alert with its deliveries: pending, sent, failed."""
    with open_store(db) as store:
        rows = app_alerts.list_alerts(store)
    if json:
        print_json([a.to_dict() for a in rows])
        return
    if not rows:
        typer.echo("no alerts (add one with `mawsua alerts add NAME --query Q`)")
    for a in rows:
        chans = ", ".join(c for c in (a.webhook and f"webhook {a.webhook}",
                                      a.email and f"email {a.email}") if c) or "saved search"
        c = a.counts
        say(f"{a.name}: {a.query!r}" + "".join(f" {k}={v}" for k, v in a.filters().items())
            + f" -> {chans}; pending {c.get('pending', 0)}, sent {c.get('sent', 0)}, "
            f"failed {c.get('failed', 0)}")


@app.command("remove")
@guarded
def remove(name: NameArg, db: DbOption = None) -> None:
    """Forget an alert (its pending deliveries are dropped)."""
    with open_store(db) as store:
        a = app_alerts.remove_alert(store, name)
    say(f"removed: {a.name}")


@app.command("test")
@guarded
def test(name: NameArg, db: DbOption = None, json: JsonOption = False) -> None:
    """Send one sample delivery to each channel now (the newest matching article, else a
    made-up one; the payload says "test": true). Exit 1 when a channel failed."""
    with open_store(db) as store:
        out = app_alerts.send_test(store, name)
    if json:
        print_json(out)
    else:
        for channel, r in out["results"].items():
            say(f"{channel}: " + ("sent" if r["ok"] else f"failed: {r['reason']}"))
    if not all(r["ok"] for r in out["results"].values()):
        raise typer.Exit(1)


@app.command("deliver")
@guarded
def deliver(db: DbOption = None, json: JsonOption = False) -> None:
    """Send the due deliveries now (ingest and every watch round do it too)."""
    with open_store(db) as store:
        s = app_alerts.deliver(store)
    if json:
        print_json(s.to_dict())
        return
    t = s.totals
    say(f"sent {s.sent}, retried later {s.retried}, failed {s.failed}, deferred {s.deferred}; "
        f"outbox: pending {t.get('pending', 0)}, sent {t.get('sent', 0)}, failed "
        f"{t.get('failed', 0)}")


@app.command("outbox")
@guarded
def outbox(
    name: Annotated[str | None, typer.Option("--alert", help="Only this alert.")] = None,
    status: Annotated[str | None, typer.Option(help="pending, sent or failed.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Newest deliveries shown.")] = 50,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The deliveries, newest first, with their status, attempts and last error."""
    with open_store(db) as store:
        out = app_alerts.outbox(store, name=name, status=status, limit=limit)
    if json:
        print_json(out)
        return
    t = out["totals"]
    say(f"pending {t['pending']} (retrying {t['retrying']}), sent {t['sent']}, "
        f"failed {t['failed']}")
    for d in out["deliveries"]:
        tail = f" — {d['last_error']}" if d["last_error"] and d["status"] != "sent" else ""
        say(f"#{d['id']} {d['alert']} {d['channel']} {d['article_id']}: {d['status']} "
            f"(attempts {d['attempts']}){tail}")


@app.command("retry")
@guarded
def retry(
    name: Annotated[str | None, typer.Argument(help="The alert (default: every alert).")] = None,
    db: DbOption = None,
) -> None:
    """Queue the failed deliveries again (after fixing the receiver or the settings)."""
    with open_store(db) as store:
        n = app_alerts.retry(store, name)
    say(f"queued again: {n}")
