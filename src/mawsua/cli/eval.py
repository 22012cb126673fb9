"""`mawsua eval ...`: quality figures against damaged or gold data (`eval repair`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mawsua.app import (
    eval_gold,
    eval_ner,
    eval_repair,
    eval_repair_gold,
    eval_sections,
    eval_seed,
    eval_stories,
    train_ner,
)
from mawsua.cli.common import JsonOption, err, guarded, print_json, problem
from mawsua.cli.train import print_ner_scores

app = typer.Typer(help="Score the pipeline's repairs and annotators.", no_args_is_help=True)


@app.command("repair")
@guarded
def repair(
    corpus: Annotated[
        Path, typer.Option("--corpus", help="JSONL corpus (Arabic rows are used).")
    ] = eval_repair.DEFAULT_CORPUS,
    rate: Annotated[
        float, typer.Option("--rate", min=0.0, max=1.0,
                            help="Probability of gluing a random word pair (0..1).")
    ] = eval_repair.DEFAULT_RATE,
    particle_rate: Annotated[
        float,
        typer.Option("--particle-rate", min=0.0, max=1.0,
                     help="Probability of gluing a pair after في من على عن إلى أن (0..1)."),
    ] = eval_repair.DEFAULT_PARTICLE_RATE,
    cut_rate: Annotated[
        float, typer.Option("--cut-rate", min=0.0, max=1.0,
                                help="Probability of one cut sentence per article (0..1).")
    ] = eval_repair.DEFAULT_CUT_RATE,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same figures).")] = 0,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Use only the first N Arabic articles.")
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option("--gold", help="Judged repairs (JSONL, see shared/gold/dev/README.md); "
                                    "default ../shared/gold/dev/repairs.jsonl when it exists."),
    ] = None,
    gold_corpus: Annotated[
        Path, typer.Option("--gold-corpus", help="Corpus holding the gold's articles (by id).")
    ] = eval_repair_gold.DEFAULT_CORPUS,
    synthetic: Annotated[
        bool, typer.Option("--synthetic/--no-synthetic",
                           help="Also run the synthetic eval (glued pairs, cut sentences).")
    ] = True,
    store_pairs: Annotated[
        str | None,
        typer.Option("--store-pairs",
                     help="Store evidence for the 'store' rule: 'halves' (each article reads "
                          "the word pairs of the other half of its corpus) or a JSONL corpus "
                          "whose Arabic rows stand for the store; default none."),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Score the merged-word repair on hand-judged gold, then on damaged real articles.

    Gold (first block): glued tokens restored exactly (recall, per kind), judged words kept
    whole (every occurrence), precision of every applied merged-word repair (right = matches
    a glued judgement, wrong = cuts a judged span, unjudged = listed), for all rows and for
    halves a/b of the articles. Synthetic (second block): glued-pair recall, false-split
    rate on all clean words and on rare words, cut-sentence recall. Synthetic in the gold's
    mix (third block): the same with damage drawn in the proportions of the gold's glue
    kinds (punctuation, particle+word, word+word, digit, Latin), recall per kind and
    weighted by the mix. --json prints one object: the synthetic figures at the top level,
    the mixed ones under "mixed" and the gold ones under "gold" (with every miss, wrong cut
    and unjudged repair). With --store-pairs the repair also reads word pairs of a store
    (never the article's own text). Exit 1 when a file cannot be read.
    """
    gold_path = gold
    if gold_path is None and eval_repair_gold.DEFAULT_GOLD.exists():
        gold_path = eval_repair_gold.DEFAULT_GOLD
    out: dict = {}
    try:
        if gold_path is not None:
            store = eval_repair.store_evidence(store_pairs, gold_corpus)
            out["gold"] = eval_repair_gold.evaluate_gold(gold_path, gold_corpus,
                                                         store=store).to_dict()
        if synthetic:
            store = eval_repair.store_evidence(store_pairs, corpus)
            out.update(eval_repair.evaluate(corpus, rate=rate, seed=seed, limit=limit,
                                            particle_rate=particle_rate,
                                            cut_rate=cut_rate, store=store).to_dict())
            out["mixed"] = eval_repair.evaluate_mixed(corpus, gold_path, seed=seed,
                                                      limit=limit, store=store).to_dict()
            if store_pairs:
                out["store_pairs"] = store_pairs
    except OSError as exc:
        where = corpus if "gold" in out or gold_path is None else gold_path
        err(problem(exc, where))
        raise typer.Exit(1) from None
    if json:
        print_json(out)
        return
    if "gold" in out:
        g = out["gold"]
        typer.echo(f"gold {g['params']['gold']} ({g['articles']} articles)")
        for half in ("all", "a", "b"):
            h = g[half]
            typer.echo(
                f"  {half:3s} glued recall {h['glued_recall']} ({h['restored']}/{h['glued']})"
                f"  kept whole {h['kept_whole']} ({h['kept']}/{h['word_occurrences']})"
                f"  precision {h['precision']} ({h['right']}/{h['right'] + h['wrong']};"
                f" {h['unjudged']} unjudged)  proposals {h['proposals']}")
        for kind, k in g["all"]["recall_by_kind"].items():
            typer.echo(f"      {kind:22s} {k['recall']} ({k['restored']}/{k['glued']})")
    if synthetic:
        typer.echo(f"synthetic: {out['articles']} articles")
        typer.echo(f"  glued recall      {out['glued_recall']}  ({out['glued_restored']}/{out['glued_pairs']})")
        typer.echo(f"    after particles {out['particle_recall']}  ({out['particle_restored']}/{out['particle_pairs']})")
        typer.echo(f"  false-split rate  {out['false_split_rate']}  ({out['false_splits']}/{out['clean_words']})")
        typer.echo(f"    on rare words   {out['rare_false_split_rate']}  ({out['rare_false_splits']}/{out['rare_words']})")
        typer.echo(f"  cut recall        {out['cut_recall']}  ({out['cuts_restored']}/{out['cuts']})")
        _echo_halves(out)
        typer.echo(f"  clean stage       {out['articles_per_second']} articles/s")
        m = out["mixed"]
        mix = m["params"]["mix"]
        share = ", ".join(f"{k} {v / sum(mix.values()):.0%}" for k, v in sorted(mix.items()))
        typer.echo(f"synthetic in the gold's mix of glue kinds ({share}; from "
                   f"{m['params']['mix_source']}): {m['articles']} articles")
        typer.echo(f"  glued recall      {m['glued_recall']}  ({m['glued_restored']}/{m['glued_pairs']})"
                   f"  weighted by the mix {m['mix_weighted_recall']}")
        for kind, k in m["recall_by_kind"].items():
            typer.echo(f"    {kind:15s} {k['recall']}  ({k['restored']}/{k['glued']}; "
                       f"{k['dropped']} draws without a site)")
        typer.echo(f"  false-split rate  {m['false_split_rate']}  ({m['false_splits']}/{m['clean_words']})")
        typer.echo(f"    on rare words   {m['rare_false_split_rate']}  ({m['rare_false_splits']}/{m['rare_words']})")
        _echo_halves(m)


def _echo_halves(res: dict) -> None:
    """One line per half of the articles (half b: never seen by the word-pair table)."""
    for h, x in res.get("halves", {}).items():
        typer.echo(f"  half {h}{' (unseen)' if h == 'b' else ' (pair table)'}: glued recall "
                   f"{x['glued_recall']} ({x['restored']}/{x['glued']})  false splits "
                   f"{x['false_split_rate']} ({x['false_splits']}), on rare words "
                   f"{x['rare_false_split_rate']} ({x['rare_false_splits']})")


@app.command("ner")
@guarded
def ner(
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Two-column BIO gold file (token<TAB>tag).")
    ] = None,
    heldout: Annotated[
        bool,
        typer.Option("--heldout", help="Score the held-out part of --data (the split the "
                     "shipped model was trained with: last 10% of sentences)."),
    ] = False,
    data: Annotated[
        Path, typer.Option("--data", help="Training file the held-out part comes from.")
    ] = train_ner.DEFAULT_DATA,
    model: Annotated[
        Path | None, typer.Option("--model", help="CRF model file (default: the shipped one).")
    ] = None,
    pred: Annotated[
        Path | None,
        typer.Option("--pred", help="Score this two-column BIO file (same tokens as --gold) "
                     "instead of running the tagger."),
    ] = None,
    json: JsonOption = False,
) -> None:
    """CoNLL exact-match entity precision, recall and F1 of the CRF tagger, overall and per type.

    Give --gold FILE, or --heldout to rebuild the held-out part of --data. Exit 1 when the
    gold or model cannot be read, 2 when neither --gold nor --heldout is given.
    """
    if (gold is None) == (not heldout):
        err("give exactly one of --gold FILE or --heldout")
        raise typer.Exit(2)
    if pred is not None and gold is None:
        err("--pred needs --gold")
        raise typer.Exit(2)
    where = gold if gold is not None else data
    try:
        if gold is not None and pred is not None:
            res = eval_ner.evaluate_files(gold, pred)
        elif gold is not None:
            res = eval_ner.evaluate(gold, model)
        else:
            res = eval_ner.evaluate_sentences(train_ner.holdout(data), model)
    except (OSError, ValueError) as exc:
        err(problem(exc, where))
        raise typer.Exit(1) from None
    if json:
        print_json(res)
        return
    speed = f"  ({res['tokens_per_second']} tokens/s)" if res.get("tokens_per_second") else ""
    typer.echo(f"sentences {res['sentences']}  tokens {res['tokens']}{speed}")
    print_ner_scores(res)


@app.command("seed")
@guarded
def seed(
    seed_file: Annotated[
        Path, typer.Option("--seed-file", help="The seed dump to read.")
    ] = eval_seed.DEFAULT_SEED,
    gold: Annotated[
        Path, typer.Option("--gold", help="Gold reading of the seed (JSON).")
    ] = eval_seed.DEFAULT_GOLD,
    json: JsonOption = False,
) -> None:
    """Read the seed and score it against its gold file, section by section.

    Prints correct/total for metadata, repairs, blocks, entities (found with type, mentions
    grouped), quotes (speaker and kind), not_quotes, timexes and quantities, then the overall
    score (--json: everything, with each checked item). Exit 1 when a file cannot be read.
    """
    try:
        res = eval_seed.evaluate(seed_file, gold)
    except (OSError, ValueError) as exc:
        err(problem(exc))
        raise typer.Exit(1) from None
    if json:
        print_json(res)
        return
    for name, sec in res["sections"].items():
        typer.echo(f"{name:<12} {sec['correct']:>3}/{sec['total']:<3}")
        for item in sec["items"]:
            if not item["ok"]:
                label = item.get("text") or item.get("field") or item.get("canonical") or ""
                extra = ""
                if name == "quotes":
                    extra = (f"  speaker={item['speaker']!r} (gold {item['gold_speaker']!r})"
                             f" kind={item['kind']} (gold {item['gold_kind']})")
                elif name == "entities":
                    extra = f"  {item['check']}"
                typer.echo(f"  miss: {label}{extra}")
    typer.echo(f"overall      {res['correct']}/{res['total']} = {res['overall']}")


@app.command("gold")
@guarded
def gold(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Gold JSON files or folders (default: ../shared/gold/dev and "
                       "../shared/gold/seed.json).", show_default=False),
    ] = None,
    gold_dir: Annotated[
        Path | None, typer.Option("--gold", help="A gold folder or file (same as a PATH).")
    ] = None,
    misses: Annotated[
        bool, typer.Option("--misses", help="List every miss and false hit per layer.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Read the articles of every gold file and score each layer: quotes (text and speaker),
    not-quotes kept out, timexes (value), entity mentions and their grouping, quantities.

    Prints precision, recall and F1 with counts per layer (--misses: every miss and false
    hit; --json: everything, with per-article figures and, with --misses, the lists).
    Exit 1 when a gold file, corpus or article cannot be read.
    """
    chosen = [*(paths or []), *([gold_dir] if gold_dir else [])] or [
        eval_gold.DEFAULT_GOLD_DIR, eval_gold.DEFAULT_SEED_GOLD]
    try:
        res = eval_gold.evaluate(chosen, details=misses)
    except (OSError, ValueError) as exc:
        err(problem(exc))
        raise typer.Exit(1) from None
    if json:
        print_json(res)
        return
    typer.echo(f"articles {res['articles']}")
    for name, r in res["layers"].items():
        extra = ""
        if name == "timexes":
            extra = f"  value accuracy {r['value_accuracy']:.3f} (found {r['found']})"
        elif name == "entities":
            extra = (f"  grouping {r['grouping']:.3f} ({r['grouped']}/{r['groupable']})"
                     f"  occurrence P {r['mention_occurrences_right']}/"
                     f"{r['mention_occurrences']}")
        typer.echo(f"{name:<11} P {r['precision']:.3f} ({r['tp_predicted']}/{r['predicted']})"
                   f"  R {r['recall']:.3f} ({r['tp_gold']}/{r['gold']})  F1 {r['f1']:.3f}"
                   f"{extra}")
        for m in r.get("misses", []):
            typer.echo(f"  miss  {_compact(m)}")
        for h in r.get("false_hits", []):
            typer.echo(f"  false {_compact(h)}")


def _compact(item: dict) -> str:
    return "  ".join(f"{k}={v!r}" if not isinstance(v, str) else f"{k}={v}"
                     for k, v in item.items() if v not in (None, [], False))


@app.command("stories")
@guarded
def stories(
    db: Annotated[
        Path | None, typer.Option("--db", help="A store where the corpus was ingested (default: "
                                  "ingest the corpus's articles.jsonl and html/ into a temporary "
                                  "store first, ~1 min on 2 cores).")
    ] = None,
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Folder with articles.jsonl, html/ and the reference "
                           "files (near_duplicate_groups_*.jsonl, story_clusters_manual.jsonl).")
    ] = eval_stories.DEFAULT_CORPUS,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Ingest processes.")] = 2,
    json: JsonOption = False,
) -> None:
    """Duplicates and stories against the corpus's reference files: pairwise precision/recall
    of duplicates per language, pairwise and B-cubed scores of stories on the hand-checked
    clusters, and one check per cluster (reports together, hard negatives apart).

    Exit 1 when a file or the store cannot be read.
    """
    try:
        res = eval_stories.run(corpus, db, workers=workers)
    except (OSError, ValueError) as exc:
        err(problem(exc))
        raise typer.Exit(1) from None
    if json:
        print_json(res)
        return
    for la, d in res["duplicates"].items():
        typer.echo(f"duplicates {la}   P {d['precision']:.3f}  R {d['recall']:.3f}  "
                   f"F1 {d['f1']:.3f}  ({d['true']} of {d['predicted_pairs']} predicted, "
                   f"{d['gold_pairs']} gold pairs)")
    st = res["stories"]
    pw, b3 = st["pairwise"], st["bcubed"]
    typer.echo(f"stories pairwise  P {pw['precision']:.3f}  R {pw['recall']:.3f}  "
               f"F1 {pw['f1']:.3f}  ({st['items']} articles)")
    if b3:
        typer.echo(f"stories B-cubed   P {b3['precision']:.3f}  R {b3['recall']:.3f}  "
                   f"F1 {b3['f1']:.3f}")
    for c in st["clusters"]:
        typer.echo(f"  {c['together']}/{c['reports']} together, "
                   f"{c['negatives_kept_apart']}/{c['negatives']} negatives apart  {c['story']}")
    nd = res["near_duplicates_in_one_story"]
    typer.echo("near-duplicate pairs in one story  " + "  ".join(f"{k} {v:.3f}"
                                                                for k, v in nd.items()))
    s = res["store"]
    typer.echo(f"store: {s['articles']} articles, {s['stories']} stories "
               f"({s['stories_2plus']} with 2+ reports, largest {s['largest_story']}), "
               f"{s['duplicates']} duplicates")


@app.command("sections")
@guarded
def sections(
    db: Annotated[
        Path | None, typer.Option("--db", help="A store where the corpus was ingested (default: "
                                  "ingest the corpus into a temporary store first).")
    ] = None,
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Folder with articles.jsonl and html/.")
    ] = eval_stories.DEFAULT_CORPUS,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Ingest processes.")] = 2,
    json: JsonOption = False,
) -> None:
    """Topic sections against the labels the corpus carries (URL sections of Al-Watan and Ain
    Alyoum, the Saudi Press Agency's headline categories, the sports daily Arriyadiyah) and
    country sections against FA-KES (all located in Syria). Exit 1 when the store or corpus
    cannot be read."""
    try:
        res = eval_stories.run(corpus, db, workers=workers, evaluator=eval_sections.evaluate)
    except (OSError, ValueError) as exc:
        err(problem(exc))
        raise typer.Exit(1) from None
    if json:
        print_json(res)
        return
    t = res["topics"]
    for name, r in [("overall", t["overall"]), *t["by_source"].items()]:
        if r["articles"]:
            typer.echo(f"topics {name:<8} {r['articles']:>4} articles  first topic right "
                       f"{r['accuracy']:.3f}  among topics {r['recall']:.3f}  "
                       f"no topic {r['no_topic']:.3f}")
    for topic, r in t["by_topic"].items():
        p = "-" if r["precision"] is None else f"{r['precision']:.3f}"
        typer.echo(f"  {topic:<11} gold {r['gold']:>4}  predicted first {r['predicted_first']:>4}"
                   f"  precision {p}")
    c = res["countries"]
    if c["fakes_articles"]:
        typer.echo(f"countries: FA-KES {c['fakes_articles']} articles (all in Syria): SY first "
                   f"{c['SY_first']:.3f}, SY among countries {c['SY_among']:.3f}")
