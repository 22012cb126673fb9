"""``reporting.key`` as one ``str.translate`` equals the regex-and-replace steps it is defined
by (session 26: the quotes layer calls it ~130 times an article)."""

from __future__ import annotations

import json
from pathlib import Path

from mawsua.arabic import reporting as rep

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "articles.jsonl"


def test_key_of_every_code_point() -> None:
    for cp in range(0x3000):
        ch = chr(cp)
        for word in (ch, "ق" + ch + "ال", ch + ch):
            assert rep.key(word) == rep._key_by_steps(word), hex(cp)


def test_key_of_real_words() -> None:
    words = {"قالَ", "أكّد", "إنَّ", "آمنة", "ٱلله", "مستشفى", "الـمدينة", "وأضافت", "مُشيراً"}
    if CORPUS.is_file():
        with CORPUS.open(encoding="utf-8") as f:
            for _, line in zip(range(200), f, strict=False):
                words.update(json.loads(line)["text"].split())
    for w in words:
        assert rep.key(w) == rep._key_by_steps(w), w
