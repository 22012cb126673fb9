"""`mawsua train ...`: build shipped models from data (`train ner`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from mawsua.app import train_ner
from mawsua.cli.common import JsonOption, err, guarded, print_json, problem

app = typer.Typer(help="Train the statistical models that ship with Mawsua.", no_args_is_help=True)


@app.command("ner")
@guarded
def ner(
    data: Annotated[
        Path, typer.Option("--data", help="Two-column BIO training file (token<TAB>tag).")
    ] = train_ner.DEFAULT_DATA,
    out: Annotated[
        Path, typer.Option("--out", help="Model file to write (facts go to OUT with .json).")
    ] = train_ner.DEFAULT_OUT,
    holdout_fraction: Annotated[
        float, typer.Option("--holdout-fraction", help="Share of sentences held out (0..1).")
    ] = train_ner.DEFAULT_HOLDOUT,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Draw the held-out sentences at random with this seed "
                     "(default: the last sentences, sequentially)."),
    ] = None,
    c1: Annotated[float, typer.Option("--c1", help="L1 regularisation.")] = train_ner.DEFAULT_C1,
    c2: Annotated[float, typer.Option("--c2", help="L2 regularisation.")] = train_ner.DEFAULT_C2,
    iterations: Annotated[
        int, typer.Option("--iterations", help="L-BFGS iterations at most.")
    ] = train_ner.DEFAULT_ITERATIONS,
    json: JsonOption = False,
) -> None:
    """Train the CRF entity tagger; same data, split and parameters give the same model.

    Prints the held-out precision/recall/F1 per type (--json: all training facts).
    Exit 1 when the data cannot be read or is malformed.
    """
    try:
        res = train_ner.train(data, out, holdout_fraction, seed, c1, c2, iterations)
    except (OSError, ValueError) as exc:
        err(problem(exc, data))
        raise typer.Exit(1) from None
    if json:
        print_json(res.facts)
        return
    typer.echo(f"model  {res.model}  ({res.facts['model_bytes']} bytes, "
               f"{res.facts['train_seconds']} s)")
    typer.echo(f"facts  {res.facts_path}")
    held = res.facts.get("heldout")
    if held:
        print_ner_scores(held)


def print_ner_scores(res: dict[str, Any]) -> None:
    """Print a P/R/F1 table (overall, then per type) of :func:`mawsua.app.eval_ner.score`."""
    rows = [("overall", res["overall"]), *sorted(res["per_type"].items())]
    typer.echo(f"{'type':<8} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}")
    for name, r in rows:
        typer.echo(f"{name:<8} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} "
                   f"{r['gold']:>6}")
