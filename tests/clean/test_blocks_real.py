"""clean.blocks on real data: the seed's gold blocks and hand-checked corpus articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.clean import clean
from mawsua.model import Article, Metadata, Source, sha256_hex


def _article(raw: str, ident: str) -> Article:
    return Article(ident, Source(format="jsonl", sha256=sha256_hex(raw.encode())), Metadata(), raw)


def _blocks(art: Article) -> list[tuple[str, str]]:
    return [(b.label, art.text[b.start : b.end]) for b in art.layer("blocks")]


def test_seed_gold_blocks(seed_path: Path, gold_seed: dict) -> None:
    art = clean(_article(seed_path.read_text(encoding="utf-8"), "seed"))
    found = art.layer("blocks")
    for g in gold_seed["blocks"]:
        if g["kind"] == "caption":
            assert any(b.label == "caption" and art.text[b.start : b.end] == g["text"]
                       for b in found), g
        else:
            (post,) = [b for b in found if b.label == "embedded_post"]
            for key in ("platform", "language", "author", "handle", "date"):
                assert post.attrs[key] == g[key], key
            assert post.attrs["post_text"] == g["text"]
            surface = art.text[post.start : post.end]
            assert surface.startswith("This afternoon, I’ll be hosting")
            assert surface.endswith("— President Biden (@POTUS) July 26, 2021")
            assert surface.count("\n\n") == 2  # two paragraphs plus the attribution line
    assert sorted(b.label for b in found) == ["caption", "caption", "embedded_post"]
    # every block maps to raw and back
    for b in found:
        rs, re_ = art.alignment.span_to_raw(b.start, b.end)
        assert art.alignment.span_to_text(rs, re_) == (b.start, b.end)


@pytest.fixture(scope="module")
def rows(corpus_path: Path) -> dict[str, dict]:
    with corpus_path.open(encoding="utf-8") as fh:
        return {d["id"]: d for d in map(json.loads, fh)}


#: hand-checked blocks of real corpus articles: id -> expected (label, text prefix) in order
REAL: dict[str, list[tuple[str, str]]] = {
    # SPA wire copy: dateline line, end mark and time stamp
    "snn-7dd3cb1172d2": [("dateline", "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس"),
                         ("boilerplate", "// انتهى //"), ("boilerplate", "14:59 ت م")],
    # Ain Alyoum: "outlet – city" dateline, "name – outlet" byline, glued «سمات ...» tags
    "snn-17c855352d8f": [("dateline", "عين اليوم – طوكيو"), ("boilerplate", "سمات النووي اليابان")],
    "snn-6b21e1947648": [("dateline", "عين اليوم – واشنطن"),
                         ("boilerplate", "سمات امريكا داعش ضربات")],
    "snn-72cf4bacf86d": [("byline", "نايف عبدالله"), ("boilerplate", "سمات وزارة الصحة")],
    # Sabq: "سبق- city:" and "name - سبق - city:"
    "snn-fe5f51b7a8f5": [("dateline", "سبق- الدمام:")],
    "snn-a3de8a463692": [("byline", "مشاري الحنتوشي"), ("dateline", "سبق - الرياض:")],
    "snn-10982e600d3d": [("dateline", "واس - الرياض:")],
    # captions: "(أ ف ب)" credit; Al-Yaum / Arriyadiyah photo lines
    "snn-a2e3211bd0db": [("caption", "الممثلة تارا لين خلال مشاركتها في حفل")],
    "snn-fcc23917bda8": [("caption", "صورة جماعية لبعثة المنتخب السعودي للتايكوندو")],
    # contact footers (Asharq Al-Awsat e-mail; Al-Madina "للتواصل مع الكاتب")
    "snn-59a541603a5a": [("boilerplate", "m.althaidy@asharqalawsat.com")],
    "snn-e31ea618ff1e": [("boilerplate", "aaljamili@yahoo.com"),
                         ("boilerplate", "للتواصل مع الكاتب ارسل رسالة SMS")],
    # FA-KES: date prefix, opening photo caption with (AFP Photo) / (Reuters Photo)
    "fakes-1918398785": [("dateline", "Published July 21 2015"),
                         ("caption", "A young Syrian boy cries as he sits on the rubble")],
    "fakes-1924058121": [("dateline", "Published August 2 2016"),
                         ("caption", "A man rides a bicycle past burning tyres")],
    # FA-KES: "Posted on DATE by NAME" (Asharq Al-Awsat English)
    "fakes-1918150044": [("dateline", "Posted on August 12 2016"), ("byline", "by Youssef Diab")],
    # FA-KES Reuters: byline credit and the site footer at the end
    "fakes-1926479219": [("dateline", "September 9 2013"),
                         ("byline", "Reporting by Richard Cowan; Editing by David Brunnstrom"),
                         ("boilerplate", "Our Standards:The Thomson Reuters Trust Principles.")],
    # FA-KES TRT: subscribe/copyright footer; Ahram: "Print Tweet Views N"
    "fakes-1919191745": [("dateline", "12 Jul 2016"),
                         ("boilerplate", "Subscribe TRT World on Facebook Like Follow")],
    "fakes-1923848166": [("boilerplate", "Print Tweet Views 1430")],
    # negatives: a body mentioning «تويتر»; a digest with "city - رويترز:" items mid-body
    "snn-05b90c5231c2": [],
    "snn-7a7db4e915bf": [],
}


@pytest.mark.parametrize("ident", sorted(REAL))
def test_real_blocks(rows: dict[str, dict], ident: str) -> None:
    art = clean(_article(rows[ident]["text"], ident))
    got = _blocks(art)
    want = REAL[ident]
    assert [g[0] for g in got] == [w[0] for w in want], got
    for (_gl, gt), (_wl, wt) in zip(got, want, strict=True):
        assert gt.startswith(wt), (gt, wt)


def test_ain_alyoum_tag_lists(rows: dict[str, dict]) -> None:
    """The corpus README: «سمات …» tag lists in 79 of 86 Ain Alyoum rows."""
    ain = [i for i, d in rows.items() if d["outlet"] == "3alyoum"]
    assert len(ain) == 86
    tags = 0
    for ident in ain:
        art = clean(_article(rows[ident]["text"], ident))
        spans = [b for b in art.layer("blocks") if b.attrs.get("kind") == "tags"]
        if spans:
            tags += 1
            assert art.text[spans[0].start : spans[0].end].startswith("سمات ")
            assert spans[0].end == len(art.text)
    assert tags >= 75, tags


def test_no_caption_in_body_mentions(rows: dict[str, dict]) -> None:
    """Paragraphs that mention رويترز/أ ف ب inside a sentence are never captions."""
    seen = 0
    for ident, d in rows.items():
        if "رويترز" not in d["text"] or not ident.startswith("snn-"):
            continue
        seen += 1
        art = clean(_article(d["text"], ident))
        for b in art.layer("blocks"):
            if b.label == "caption":
                surface = art.text[b.start : b.end]
                assert surface.endswith(")") and surface.count(" ") < 30, surface
        if seen >= 60:
            break
    assert seen >= 20
