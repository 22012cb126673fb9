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


def test_opening_by_keys_is_the_plain_lookup(corpus_path: Path) -> None:
    """:meth:`Index.opening` given the words without a proclitic letter by their key (found
    by one set intersection, unmemoised) gives what :meth:`Index.starts` of every word gives,
    for the three indexes the rules open."""
    from mawsua.annotate.gazetteer import names, titles
    from mawsua.arabic.variants import clitic_keys

    found = 0
    for text in _texts(corpus_path, 100):
        words = set(NAME_TOKEN_RE.findall(text)) | {"Biden", "وBiden", "لل", "و"}
        for index in (names(), titles(), E._head_index()):
            want = {w: index.starts(w) for w in words}
            want = {w: v for w, v in want.items() if v}
            tokens = E._Tokens(" ".join(words))
            assert tokens.distinct == words
            plain, rest = tokens.split_words()
            assert rest | {w for ws in plain.values() for w in ws} == words
            assert all(clitic_keys(w) == (k,) for k, ws in plain.items() for w in ws)
            assert index.opening(rest, clitic_keys, plain) == want
            assert index.opening(rest, clitic_keys, plain) == want  # memoised answer
            found += len(want)
    assert found > 1000


def _old_country_evidence(tokens: E._Tokens) -> dict[str, int]:
    """``_country_evidence`` as first written: every clitic key of every distinct word looked
    up in the adjectives, then in the gazetteer's rows."""
    from mawsua.annotate.gazetteer import Entry, names

    adjectives, index, per_word = nationality_adjectives(), names(), {}
    for w in tokens.distinct:
        cc = None
        for k in tokens.clitic_keys(w):
            cc = adjectives.get(k)
            if cc is None:
                countries = {v.country for rest, values in index.by_first.get(k, ()) if not rest
                             for v in values if isinstance(v, Entry) and v.label == "LOCATION"
                             and "context" not in v.flags}
                cc = next(iter(countries)) if len(countries) == 1 else None
            if cc:
                break
        per_word[w] = cc
    counts: dict[str, int] = {}
    for w in tokens.words:
        if cc := per_word.get(w):
            counts[cc] = counts.get(cc, 0) + 1
    return counts


def test_country_evidence_is_the_plain_count(corpus_path: Path) -> None:
    seen = 0
    for text in _texts(corpus_path, 300):
        want = _old_country_evidence(E._Tokens(text))
        got = E._country_evidence(E._Tokens(text))
        assert got == want and list(got) == list(want)
        seen += sum(want.values())
    assert seen > 300


def _usual_spelling_plain(word: str) -> str:
    """:func:`entities._usual_spelling` as written up to session 25 (every candidate keyed,
    stemmed and looked up before its frequency), without the memo: the reference."""
    from mawsua.annotate import ner
    from mawsua.arabic.fold import fold
    from mawsua.arabic.lexicon import zipf
    from mawsua.arabic.variants import is_latin, key, skeleton

    best = word
    k = key(word)
    if len(k) >= 5 and not is_latin(word) and not k.startswith("ال"):
        z = zipf(fold(word))
        if z < E.USUAL_SPELLING_MAX_ZIPF:
            sk = skeleton(k)
            cands: set[str] = set()
            for i in range(1, len(word)):
                cands.update(word[:i] + v + word[i:] for v in E._LONG)
                if word[i] in E._LONG and i < len(word) - 1:
                    cands.add(word[:i - 1] + word[i] + word[i - 1] + word[i + 1:])
            lex = ner.lexicon()
            named = lex.get(word, "").startswith("PERS")
            top = z + E.USUAL_SPELLING_MARGIN
            for c in sorted(cands):
                kc = key(c)
                tag = lex.get(c) or lex.get(ner.stem_of(c)) or ""
                if c == word or skeleton(kc) != sk or (tag and not tag.startswith(
                        ("PERS", "ORG", "LOC"))) or (kc.startswith(E._CLITIC_ARTICLE)
                                                     and not k.startswith(E._CLITIC_ARTICLE)):
                    continue
                zc = zipf(fold(c))
                if zc > top and zc >= 2.0 and not (named and lex.get(c, "").startswith("PERS")):
                    best, top = c, zc
    return best


def test_usual_spelling_is_the_plain_one(corpus_path: Path) -> None:
    """:func:`entities._usual_spelling` (a candidate's frequency tested first, session 26)
    gives what the plain order gives for every name word of real articles, and respells
    some (the rule is exercised)."""
    words = {"زخاروفا", "تشلسي", "غوراديولا", "سلمان", "سليمان"}
    for text in _texts(corpus_path, 200):
        words.update(NAME_TOKEN_RE.findall(text))
    changed = 0
    for w in sorted(words):
        want = _usual_spelling_plain(w)
        assert E._usual_spelling(w) == want, w
        changed += want != w
    assert changed >= 10
