"""`mawsua eval ...`: quality figures against damaged or gold data (`eval repair`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mawsua.app import eval_repair
from mawsua.cli.common import JsonOption, err, print_json

app = typer.Typer(help="Score the pipeline's repairs and annotators.", no_args_is_help=True)


@app.command("repair")
def repair(
    corpus: Annotated[
        Path, typer.Option("--corpus", help="JSONL corpus (Arabic rows are used).")
    ] = eval_repair.DEFAULT_CORPUS,
    rate: Annotated[
        float, typer.Option("--rate", help="Probability of gluing a random word pair (0..1).")
    ] = eval_repair.DEFAULT_RATE,
    particle_rate: Annotated[
        float,
        typer.Option("--particle-rate", help="Probability of gluing a pair after في من على عن إلى أن."),
    ] = eval_repair.DEFAULT_PARTICLE_RATE,
    cut_rate: Annotated[
        float, typer.Option("--cut-rate", help="Probability of one cut sentence per article.")
    ] = eval_repair.DEFAULT_CUT_RATE,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same figures).")] = 0,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Use only the first N Arabic articles.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """Glue word pairs and cut sentences in real articles, repair them, print the scores.

    Prints glued-pair recall, false-split rate on clean words and cut-sentence recall
    (--json: all figures as one JSON object). Exit 1 when the corpus cannot be read.
    """
    try:
        res = eval_repair.evaluate(corpus, rate=rate, seed=seed, limit=limit,
                                   particle_rate=particle_rate, cut_rate=cut_rate)
    except OSError as exc:
        err(f"{corpus}: {exc}")
        raise typer.Exit(1) from None
    out = res.to_dict()
    if json:
        print_json(out)
        return
    typer.echo(f"articles          {out['articles']}")
    typer.echo(f"glued recall      {out['glued_recall']}  ({out['glued_restored']}/{out['glued_pairs']})")
    typer.echo(f"  after particles {out['particle_recall']}  ({out['particle_restored']}/{out['particle_pairs']})")
    typer.echo(f"false-split rate  {out['false_split_rate']}  ({out['false_splits']}/{out['clean_words']})")
    typer.echo(f"cut recall        {out['cut_recall']}  ({out['cuts_restored']}/{out['cuts']})")
    typer.echo(f"clean stage       {out['articles_per_second']} articles/s")
