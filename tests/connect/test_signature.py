"""The vectorised MinHash (signature scheme 2): stable across processes, an unbiased Jaccard
estimate, and a store written with the old scheme keeps linking after migration 13."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np

from mawsua.app import queries
from mawsua.app.ingest import ingest
from mawsua.connect.features import NUM_PERM, band_keys, shingles, signature
from mawsua.connect.link import jaccard_estimate

WORDS = [f"كلمة{i}" for i in range(40)] + ["الرئيس", "وزير", "Aleppo", "18"]


def test_signature_is_the_same_in_another_process() -> None:
    """Not Python's randomised ``hash``: another interpreter with another hash seed gives the
    same bytes."""
    code = ("from mawsua.connect.features import signature; import sys, json; "
            "sys.stdout.write(signature(json.loads(sys.argv[1])).hex())")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code, json.dumps(WORDS, ensure_ascii=False)],
                         capture_output=True, text=True, env=env, check=True).stdout
    assert out == signature(WORDS).hex()
    assert len(bytes.fromhex(out)) == NUM_PERM * 4


def test_signature_shape_and_short_bodies() -> None:
    assert signature(WORDS[:7]) == b"" and band_keys(b"") == ()
    sig = signature(WORDS)
    assert len(sig) == NUM_PERM * 4 and len(band_keys(sig)) == 16
    assert signature(list(reversed(WORDS))) != sig  # shingles are ordered word runs


def test_jaccard_estimate_is_unbiased() -> None:
    """Over many pairs of word lists with a known shingle Jaccard, the estimate's mean error is
    near 0 and its spread near MinHash's sqrt(J(1-J)/64) (~0.06)."""
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]
    errors = []
    for _ in range(400):
        a = [rng.choice(vocab) for _ in range(rng.randint(40, 400))]
        b = [w if rng.random() > rng.choice((0.02, 0.05, 0.1, 0.2)) else rng.choice(vocab)
             for w in a]
        sa, sb = shingles(a), shingles(b)
        true = len(sa & sb) / len(sa | sb)
        errors.append(jaccard_estimate(signature(a), signature(b)) - true)
    e = np.array(errors)
    assert abs(e.mean()) < 0.01
    assert float(np.sqrt((e**2).mean())) < 0.08


def _texts() -> tuple[str, str]:
    rng = random.Random(3)
    words = [f"خبر{rng.randint(0, 10**6)}" for _ in range(120)]
    a = " ".join(words)
    b = " ".join(words[:110] + ["تحديث", "جديد"])  # a copy re-edited at its end
    return a, b


def _rows() -> list[dict[str, str]]:
    """An old article and a near copy of it two hours later, from another outlet."""
    a, b = _texts()
    return [{"id": "old", "outlet": "o1", "url": "http://o1.example/1", "title": "عنوان",
             "published": "2024-05-01T10:00:00", "text": a},
            {"id": "new", "outlet": "o2", "url": "http://o2.example/1", "title": "عنوان",
             "published": "2024-05-01T12:00:00", "text": b}]


def _assert_linked(db: Path | str) -> None:
    """Nothing is left queued, and the copy is linked to the old article."""
    with queries.open_store(db, readonly=True) as store:
        c = store.conn
        assert c.execute("SELECT count(*) FROM signature_pending").fetchone()[0] == 0
        ids = dict(c.execute("SELECT n, id FROM articles"))
        links = {ids[n]: ids.get(d) for n, d in c.execute(
            "SELECT n, duplicate_of FROM article_links")}
    assert links == {"old": None, "new": "old"}


def test_old_scheme_store_keeps_linking(tmp_path: Path) -> None:
    """A store whose signatures were written by the old scheme (simulated: other values, band
    keys made from them) and then migrated: the first ingest recomputes the queued
    signatures, and a near copy arriving later is linked to the old article."""
    rows = _rows()
    db = tmp_path / "s.db"
    for i, row in enumerate(rows):
        src = tmp_path / f"{i}.jsonl"
        src.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
        if i == 1:  # turn the store into one of the old scheme, before migration 13
            with queries.open_store(db) as store:
                c = store.conn
                fake = bytes(random.Random(1).randrange(256) for _ in range(NUM_PERM * 4))
                c.execute("UPDATE connect_features SET signature = ?", (fake,))
                c.execute("DELETE FROM lsh_bands")
                c.executemany("INSERT INTO lsh_bands (key, n) VALUES (?, 1)",
                              [(k,) for k in band_keys(fake)])
                c.execute("DROP TABLE signature_pending")
                c.execute("DELETE FROM schema_migrations WHERE version = 13")
        with queries.open_store(db) as store:  # migration 13 runs at open
            if i == 1:
                assert store.conn.execute("SELECT count(*) FROM signature_pending"
                                          ).fetchone()[0] == 1
                assert store.conn.execute("SELECT count(*) FROM lsh_bands").fetchone()[0] == 0
            summary = ingest([src], store)
            assert summary.failed == [] and summary.unconnected == []
    _assert_linked(db)


def test_queued_signatures_are_recomputed_on_postgres(pg_url: str, tmp_path: Path) -> None:
    """The same on PostgreSQL (migration 5): signatures queued in ``signature_pending`` with
    their band keys gone are recomputed by the next ingest, which then links a near copy."""
    rows = _rows()
    for i, row in enumerate(rows):
        src = tmp_path / f"{i}.jsonl"
        src.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
        with queries.open_store(pg_url) as store:
            if i == 1:  # what migration 5 leaves for a store of the old scheme
                c = store.conn
                c.execute("UPDATE connect_features SET signature = ?", (b"\x01" * NUM_PERM * 4,))
                c.execute("DELETE FROM lsh_bands")
                c.execute("INSERT INTO signature_pending (n) SELECT n FROM connect_features")
            summary = ingest([src], store)
            assert summary.failed == [] and summary.unconnected == []
    _assert_linked(pg_url)
