"""The merged-word repair's store evidence (rule ``store``), the store's pair table
(``mawsua store-pairs``) and the shipped verdict table (``merged_whole_ar.marisa``)."""

from __future__ import annotations

import random
from pathlib import Path

import marisa_trie
import pytest

from mawsua.app import store_pairs
from mawsua.arabic.bigrams import Counts, count_pairs
from mawsua.clean import merged
from mawsua.model import Article, Metadata, PairCounts, Source, sha256_hex

TEXT = "قال إن قيمتهانحو مليون دولار"


@pytest.fixture()
def no_store():
    before = merged.use_store_pairs(None)
    yield
    merged.use_store_pairs(before)


def _counts(*texts: str, total: int = 1_000_000) -> Counts:
    """Counts of ``texts`` standing for a store of ``total`` word tokens."""
    _, pairs, words = count_pairs(texts)
    return Counts(total, pairs, words)


def test_a_weak_cut_the_store_writes_apart_is_applied(no_store: None) -> None:
    applied, proposed = merged.analyse(TEXT)
    assert not applied and [e.attrs["rule"] for e in proposed] == ["lexicon"]
    merged.use_store_pairs(_counts("بلغت قيمتها نحو عشرة ملايين"))
    applied, proposed = merged.analyse(TEXT)
    assert [(e.replacement, e.attrs["rule"]) for e in applied] == [("قيمتها نحو", "store")]
    assert not proposed


def test_the_store_backs_no_cut_its_text_writes_joined_as_often(no_store: None) -> None:
    merged.use_store_pairs(_counts("بلغت قيمتها نحو عشرة", "قيمتهانحو"))
    applied, proposed = merged.analyse(TEXT)
    assert not applied and len(proposed) == 1


def test_the_store_never_backs_what_the_pair_rule_refuses(no_store: None) -> None:
    # a function word whose head the function rule refuses (فيتراجع = ف + يتراجع): the
    # store's sightings of في تراجع do not make it a cut
    merged.use_store_pairs(_counts("في تراجع الأسعار " * 5))
    applied, _ = merged.analyse("وقال إن الاقتصاد فيتراجع منذ عام")
    assert not applied


def test_a_small_store_backs_nothing(no_store: None) -> None:
    merged.use_store_pairs(_counts("بلغت قيمتها نحو عشرة ملايين", total=5_000))
    assert not merged.analyse(TEXT)[0]


def test_counts_meet_the_protocol() -> None:
    c = Counts(*count_pairs(["في الحرب الأهلية"]))
    assert isinstance(c, PairCounts)
    assert c.pair("في", "الحرب") == 1 and c.pair("الحرب", "في") == 0 and c.total == 3
    assert c.pair_zipf("في", "الحرب") > 0 and c.pair_zipf("x", "y") == 0.0


def test_store_pairs_build_and_wire(tmp_path: Path, no_store: None,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merged, "STORE_MIN_TOKENS", 1)  # a one-article store
    from mawsua.store.sqlite import SqliteStore

    db = tmp_path / "t.db"
    body = "بلغت قيمتها نحو عشرة ملايين دولار في العام الماضي"
    store = SqliteStore(db)
    try:
        art = Article("a1", Source("text", sha256_hex(body.encode())), Metadata(language="ar"),
                      body)
        store.add(art, body.encode())
        assert not store_pairs.wire(db)  # no table yet: the rule is off
        out = store_pairs.build(store)
    finally:
        store.close()
    assert out["articles"] == 1 and out["pairs_kept"] >= 8 and out["min_count"] == 1
    assert store_pairs.wire(db)
    assert [e.attrs["rule"] for e in merged.analyse(TEXT)[0]] == ["store"]
    assert not store_pairs.wire(tmp_path / "other.db")  # another store: off again
    assert not merged.analyse(TEXT)[0]
    assert not store_pairs.wire("postgresql://u@h/db")


def test_build_keeps_at_most_max_pairs(tmp_path: Path) -> None:
    from mawsua.store.sqlite import SqliteStore

    body = "في الحرب في الحرب في الحرب قال إن قيمتها نحو"
    with SqliteStore(tmp_path / "t.db") as store:
        store.add(Article("a1", Source("text", sha256_hex(body.encode())),
                          Metadata(language="ar"), body), body.encode())
        out = store_pairs.build(store, max_pairs=2)
    assert out["pairs_kept"] <= 2 and out["min_count"] == 2


def test_the_shipped_verdict_table_is_current() -> None:
    """Fails after a change to the merged-word rules or their data: rebuild the table with
    ``python bench/build_whole_words.py`` (a stale table is ignored: outputs never change,
    the cold pass is only slower)."""
    path = Path(merged.__file__).parents[1] / "data" / merged.WHOLE_FILE
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    assert trie.keys(merged.FINGERPRINT_KEY) == [merged.FINGERPRINT_KEY + merged.fingerprint()], \
        "stale verdict table: run python bench/build_whole_words.py"


def test_the_verdict_table_agrees_with_split_word() -> None:
    path = Path(merged.__file__).parents[1] / "data" / merged.WHOLE_FILE
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    words = [w for w in trie.keys() if not w.startswith("#")]
    sample = random.Random(24).sample(words, 3000)
    assert merged.split_word("كتاب") is None
    assert merged._is_whole("كتاب")  # the table is in use
    assert not merged._is_whole("قيمتهانحو")
    before = merged._is_whole
    merged._is_whole = frozenset[str]().__contains__
    try:
        merged.clear_caches()
        wrong = [w for w in sample if merged.split_word(w) is not None]
    finally:
        merged._is_whole = before
        merged.clear_caches()
    assert wrong == []


def test_eval_store_evidence_reads_the_other_half(tmp_path: Path) -> None:
    import json

    from mawsua.app.eval_repair import store_evidence
    from mawsua.app.eval_repair_gold import half_of

    ids = [f"x{i}" for i in range(40)]
    a_id = next(i for i in ids if half_of(i) == "a")
    b_id = next(i for i in ids if half_of(i) == "b")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "lang": "ar", "text": t}, ensure_ascii=False)
                                for i, t in ((a_id, "قيمتها نحو"), (b_id, "عشرة ملايين")))
                      + "\n", encoding="utf-8")
    store = store_evidence("halves", corpus)
    assert store is not None
    assert store(b_id).pair("قيمتها", "نحو") == 1 and store(b_id).pair("عشره", "ملايين") == 0
    assert store(a_id).pair("عشره", "ملايين") == 1 and store(a_id).pair("قيمتها", "نحو") == 0
    other = tmp_path / "d.jsonl"
    other.write_text(json.dumps({"id": "y", "lang": "ar", "text": "قيمتها نحو"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    assert store_evidence(str(other), corpus)(a_id).pair("قيمتها", "نحو") == 1
    assert store_evidence(None, corpus) is None


def test_cli_store_pairs(tmp_path: Path, no_store: None) -> None:
    import json

    from typer.testing import CliRunner

    from mawsua.cli.main import app
    from mawsua.store.sqlite import SqliteStore

    db = tmp_path / "t.db"
    body = "بلغت قيمتها نحو عشرة ملايين دولار"
    with SqliteStore(db) as store:
        store.add(Article("a1", Source("text", sha256_hex(body.encode())),
                          Metadata(language="ar"), body), body.encode())
    r = CliRunner().invoke(app, ["store-pairs", "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["articles"] == 1 and out["out"] == str(store_pairs.pairs_path(db))
    assert store_pairs.pairs_path(db).is_file()


def test_the_verdict_table_is_opened_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # analyse's filter holds the first-use function for a whole article: it must not open
    # the table again for every chunk
    opened = []
    real = merged._load_whole

    def counting():
        opened.append(1)
        return real()

    monkeypatch.setattr(merged, "_load_whole", counting)
    monkeypatch.setattr(merged, "_is_whole", merged._whole_first)
    assert list(filter(merged._is_whole, ["كتاب", "قيمتهانحو", "جديد"])) == ["كتاب", "جديد"]
    assert len(opened) == 1
