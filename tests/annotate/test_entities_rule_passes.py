"""Shortcuts of the entity rule passes (session 25, docs/speed.md "Session 25: rule passes")
give what the full computation gives, on every distinct word of real articles."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from mawsua.annotate.gazetteer import nationality_adjectives
from mawsua.arabic.variants import NAME_TOKEN_RE

E = importlib.import_module("mawsua.annotate.entities")


def _texts(corpus_path: Path, n: int = 300) -> list[str]:
    with corpus_path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line, _ in zip(fh, range(n), strict=False)]


def test_cues_are_every_cue_word(corpus_path: Path) -> None:
    """:func:`entities._cues` (only words ending like a cue classified) finds exactly the
    words :func:`entities._cue_kind` calls a cue, with their kind, in the distinct words' order;
    with the nationality adjectives and reporting verbs with proclitics added."""
    extra = " ".join(list(nationality_adjectives())[:400] + [
        p + w for p in ("", "و", "ف", "ب", "ل", "وب") for w in
        ("قال", "قالت", "أكد", "رأى", "يرى", "ترى", "يقول", "أعلنت", "المصري", "الأوكرانية")])
    for text in [*_texts(corpus_path), extra]:
        tokens = E._Tokens(text)
        want = [(w, kind) for w in tokens.distinct if (kind := E._cue_kind(w)) is not None]
        assert E._cues(tokens) == want


def test_distinct_keys_are_the_keys_of_the_distinct_words(corpus_path: Path) -> None:
    for text in _texts(corpus_path, 20):
        tokens = E._Tokens(text)
        words, keys = tokens.distinct_keys()
        assert words == list(tokens.distinct) == list(set(NAME_TOKEN_RE.findall(text)))
        assert keys == [E.key(w) for w in words]
