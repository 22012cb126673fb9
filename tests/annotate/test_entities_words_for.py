"""The entity step's per-article search of its words by target key
(:meth:`mawsua.annotate.entities._Tokens.words_for`)."""

from __future__ import annotations

from importlib import import_module

from mawsua.arabic import variants

entities = import_module("mawsua.annotate.entities")


def test_words_for_lists_each_word_once_in_sorted_order() -> None:
    """The entity step's search of an article's words by target key finds every distinct word
    whose clitic keys hold the target, each once, sorted, with the target's rank."""
    text = "والعراق العراق بالعراق العراقي وللعراق العراق عراق Iraq لبنان وللبنان"
    tokens = entities._Tokens(text)
    got = tokens.words_for({"العراق": 0, "لبنان": 0, "سوريا": 0})
    expected = {k: sorted((w, variants.clitic_keys(w).index(k)) for w in set(tokens.words)
                          if k in variants.clitic_keys(w)) for k in ("العراق", "لبنان")}
    assert got == expected
    assert [w for w, _ in got["العراق"]] == sorted(["العراق", "بالعراق", "والعراق", "وللعراق"])
