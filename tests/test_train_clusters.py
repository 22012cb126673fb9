"""Word-cluster tables: the file format, `mawsua train clusters` on a tiny store the test
builds, and a tagger trained with the learned table (`train ner --clusters`, MAWSUA_NER_MODEL)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from mawsua.annotate import ner
from mawsua.annotate.wordclusters import ClusterTable
from mawsua.app import train_clusters, train_ner
from mawsua.arabic.fold import fold
from mawsua.cli.main import app
from mawsua.model import Article, Metadata, Source, sha256_hex
from mawsua.store import SqliteStore

DATA = Path(__file__).resolve().parents[2] / "shared" / "ner" / "anercorp_train.txt"
runner = CliRunner()

NAMES = ["محمد", "أحمد", "خالد", "سعيد", "يوسف", "عمر"]
PLACES = ["الرياض", "جدة", "القاهرة", "دبي", "بيروت", "تونس"]
FILLER = ["الوضع", "الاقتصاد", "الطقس", "السوق", "الملعب", "الحفل"]


def _texts(n: int = 40, seed: int = 3) -> list[str]:
    """Made-up news sentences: names after قال, places after في, other nouns elsewhere."""
    rng = random.Random(seed)
    return [
        " . ".join(f"قال {rng.choice(NAMES)} في {rng.choice(PLACES)} أمس إن "
                   f"{rng.choice(FILLER)} جيد جدا" for _ in range(8))
        for _ in range(n)
    ]


def _store(path: Path, texts: list[str]) -> None:
    with SqliteStore(path) as store:
        for i, text in enumerate([*texts, "An English article about Riyadh and Jeddah."]):
            raw = json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False).encode()
            lang = "en" if text.startswith("An ") else "ar"
            store.add(Article(id=f"a{i}", raw_text=text,
                              source=Source(format="jsonl", sha256=sha256_hex(raw),
                                            path="fx.jsonl"),
                              metadata=Metadata(outlet="fx", language=lang)), raw)


def test_table_round_trip_and_errors(tmp_path: Path) -> None:
    rows = {"محمد": (3, 200, 1000), "الرياض": (0, 255, 7), "جده": (63, 0, 1023)}
    t = ClusterTable.build(rows, (64, 256, 1024))
    path = tmp_path / "t.mwc"
    t.write(path)
    back = ClusterTable.read(path)
    assert back.ks == (64, 256, 1024) and len(back) == 3
    assert {f: back.ids(f) for f in rows} == rows
    assert back.ids("غائب") is None and "محمد" in back and "غائب" not in back
    again = tmp_path / "again.mwc"
    back.write(again)
    assert again.read_bytes() == path.read_bytes()
    with pytest.raises(ValueError):
        ClusterTable.build({"x": (64, 0, 0)}, (64, 256, 1024))
    with pytest.raises(ValueError):
        ClusterTable.build({"x": (1, 2)}, (64, 256, 1024))
    (tmp_path / "bad.mwc").write_bytes(b"not a table")
    with pytest.raises(ValueError):
        ClusterTable.read(tmp_path / "bad.mwc")
    (tmp_path / "cut.mwc").write_bytes(path.read_bytes()[:-5])
    with pytest.raises(ValueError):
        ClusterTable.read(tmp_path / "cut.mwc")


def test_kmeans_separates_clear_groups_deterministically() -> None:
    rng = np.random.default_rng(0)
    centres = np.eye(4, 16, dtype=np.float32) * 5
    x = np.concatenate([c + rng.normal(0, 0.3, (50, 16)).astype(np.float32) for c in centres])
    a = train_clusters.kmeans_levels(x, (4, 8), seed=1)
    assert np.array_equal(a, train_clusters.kmeans_levels(x, (4, 8), seed=1))
    for g in range(4):  # each made-up group is one cluster at level 0
        assert len(set(a[g * 50:(g + 1) * 50, 0])) == 1
    assert len(set(a[:, 0])) == 4
    h = train_clusters.kmeans_levels(x, (4, 8), seed=1, hierarchical=True)
    assert np.array_equal(h[:, 1] // 2, h[:, 0])  # a finer id refines its parent


def test_word_vectors_put_names_near_names() -> None:
    words, vecs = train_clusters.word_vectors(_texts(), min_count=3)
    idx = {w: i for i, w in enumerate(words)}
    sims = vecs @ vecs.T
    np.fill_diagonal(sims, -2)
    for group in (NAMES, PLACES):
        folded = [fold(w) for w in group]
        for w in folded:
            nearest = words[int(np.argmax(sims[idx[w]]))]
            assert nearest in folded, (w, nearest)
    assert "english" not in idx and "" not in idx


def test_train_clusters_from_a_store(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _store(db, _texts())
    out = tmp_path / "c.mwc"
    r = runner.invoke(app, ["train", "clusters", "--db", str(db), "--out", str(out),
                            "--min-count", "3", "--json"])
    assert r.exit_code == 0, r.output
    facts = json.loads(r.stdout)
    table = ClusterTable.read(out)
    assert facts["words"] == len(table) and facts["bytes"] == out.stat().st_size
    assert table.ids(fold("الرياض")) is not None and table.ids("riyadh") is None
    first = out.read_bytes()
    assert runner.invoke(app, ["train", "clusters", "--db", str(db), "--out", str(out),
                               "--min-count", "3"]).exit_code == 0
    assert out.read_bytes() == first  # deterministic
    empty = tmp_path / "empty.db"
    _store(empty, [])
    r = runner.invoke(app, ["train", "clusters", "--db", str(empty), "--out", str(out)])
    assert r.exit_code == 1


@pytest.mark.skipif(not DATA.is_file(), reason="ANERcorp train file not available")
def test_a_model_trained_with_a_local_table_uses_it(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    sents = train_ner.read_conll(DATA)[:150]
    texts = [" ".join(t) for t, _ in sents]
    table = tmp_path / "local.mwc"
    train_clusters.learn(texts, table, ks=(4, 16), min_count=2)
    tiny = tmp_path / "tiny.bio"
    train_ner.write_conll(sents, tiny)
    out = tmp_path / "m" / "ner.crfsuite"
    r = runner.invoke(app, ["train", "ner", "--data", str(tiny), "--out", str(out),
                            "--iterations", "20", "--clusters", str(table), "--json"])
    assert r.exit_code == 0, r.output
    facts = json.loads(r.stdout)
    assert {"prefix": "l", "words": len(ClusterTable.read(table)), "levels": [4, 16]} \
        in facts["clusters"]
    assert ner.local_clusters_path_for(out).read_bytes() == table.read_bytes()
    tagger = ner.load(out)
    attrs = set(tagger.info().attributes)
    assert any(a.startswith("l1=") for a in attrs) and any(a.startswith("-1l0=") for a in attrs)
    word = ClusterTable.read(table).items()[0][0]
    feats = ner.token_features(["قال", word], ner.read_lexicon(ner.lexicon_path_for(out)),
                               ner.cluster_tables_for(out))
    assert any(f.startswith("l0=") for f in feats[1])
    # the environment variable makes it the default model, with its own table
    monkeypatch.setenv(ner.MODEL_ENV, str(out))
    monkeypatch.setattr(ner, "_TAGGER", None)
    monkeypatch.setattr(ner, "_TABLES", None)
    monkeypatch.setattr(ner, "_LEXICON", None)
    ner._word.cache_clear()
    ner._context.cache_clear()
    try:
        assert ner.default_model_path() == out
        assert [p for p, _ in ner.cluster_tables()][-1] == "l"
        assert ner.tag(texts[0].split()) == ner.tag(texts[0].split(), tagger)
    finally:
        monkeypatch.undo()
        ner._word.cache_clear()
        ner._context.cache_clear()
        ner._fast_cache_clear()
    # retraining without --clusters removes the stale copy
    r = runner.invoke(app, ["train", "ner", "--data", str(tiny), "--out", str(out),
                            "--iterations", "5"])
    assert r.exit_code == 0, r.output
    assert not ner.local_clusters_path_for(out).exists()
