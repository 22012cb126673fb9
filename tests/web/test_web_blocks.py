"""The article page's blocks, language runs and repaired/original toggle (issue 3, item 6)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from mawsua.model import Article, Edit, Metadata, Source, Span, sha256_hex
from mawsua.web import reading
from mawsua.web.app import create_app

RAW = ("وكان ﻭﺯﻳﺮ المالية قد قال\n\n"
       "وقال إن شركة Saudi Aramco ستعلن النتائج\n\n"
       "صورة الوزير (أرشيفية)\n\n"
       "اقرأ أيضا: خبر آخر")


def _article() -> Article:
    art = Article("x-1", Source("jsonl", sha256_hex(RAW.encode())), Metadata(title="عنوان"), RAW)
    art = art.with_edits([Edit(5, 9, "وزير", "presentation_forms"),
                          Edit(RAW.index("النتائج"), RAW.index("النتائج"), "\u200f", "merged_words")])
    text = art.text
    paras, pos = [], 0
    for chunk in text.split("\n\n"):
        paras.append(Span(pos, pos + len(chunk), "paragraph"))
        pos += len(chunk) + 2
    run_s = text.index("Saudi Aramco")
    langs = [Span(p.start, p.end, "ar", {"level": "paragraph"}) for p in paras]
    langs.append(Span(run_s, run_s + len("Saudi Aramco"), "en", {"level": "run"}))
    blocks = [Span(paras[2].start, paras[2].end, "caption", {"language": "ar"}),
              Span(paras[3].start, paras[3].end, "related_links", {"language": "ar"})]
    return (art.with_layer("paragraphs", paras).with_layer("languages", langs)
            .with_layer("blocks", blocks))


def test_reading_items_blocks_and_runs() -> None:
    r = reading.reading(_article())
    assert [i.kind for i in r.items] == ["p", "p", "caption"]
    assert [i.kind for i in r.extras] == ["related_links"]
    run = [p for p in r.items[1].paras[0].pieces if p.lang]
    assert [(p.text, p.lang, p.dir) for p in run] == [("Saudi Aramco", "en", "ltr")]
    assert all(not p.kind for i in r.items for para in i.paras for p in para.pieces)


def test_repaired_view_marks_repairs() -> None:
    r = reading.reading(_article(), "repaired")
    marks = [p for i in r.items for para in i.paras for p in para.pieces if p.kind]
    assert [(m.kind, m.text) for m in marks] == [("presentation_forms", "وزير"),
                                                 ("merged_words", "\u200f")]
    assert "«ﻭﺯﻳﺮ» ← «وزير»" in marks[0].note
    assert dict((k, n) for k, _, n in r.counts) == {"presentation_forms": 1, "merged_words": 1}


def test_original_view_is_the_raw_text() -> None:
    r = reading.reading(_article(), "original")
    assert "".join(p.text for p in r.raw) == RAW
    assert [p.text for p in r.raw if p.kind] == ["ﻭﺯﻳﺮ"]  # the insertion has no raw text
    assert reading.reading(_article(), "nonsense").view == "read"


def test_page_renders_blocks(fake_store: Any) -> None:
    page = _page(fake_store, _article(), "")
    assert '<figure class="block block-caption"><figcaption dir="rtl" lang="ar">صورة الوزير (أرشيفية)</figcaption></figure>' in page
    assert '<span dir="ltr" lang="en">Saudi Aramco</span>' in page
    assert re.search(r'<details class="extras">\s*<summary>', page)
    assert "اقرأ أيضا: خبر آخر" in page.split('<details class="extras">')[1]
    assert '<span class="current" aria-current="page">النص المُصلَح</span>' in page
    assert 'href="?view=original"' in page and "<mark" not in page


def test_page_views(fake_store: Any) -> None:
    art = _article()
    page = _page(fake_store, art, "repaired")
    assert 'class="article-body show-repairs"' in page
    assert re.search(r'<mark class="repair repair-presentation_forms" title="[^"]*ﻭﺯﻳﺮ[^"]*">وزير</mark>',
                     html.unescape(page))
    page = _page(fake_store, art, "original")
    raw = re.search(r'<pre class="raw-text" dir="auto">(.*?)</pre>', page, re.S)
    assert raw and html.unescape(re.sub(r"<[^>]+>", "", raw.group(1))) == RAW
    assert '<figure' not in page


def _page(fake_store: Any, art: Article, view: str) -> str:
    fake_store.articles.append(art)
    with TestClient(create_app(Path("unused.db"), opener=lambda _path: fake_store)) as client:
        r = client.get(f"/article/{art.id}", params={"view": view} if view else {})
    assert r.status_code == 200
    return r.text


def test_seed_page_post_card_and_toggle(real_client: TestClient, real_db: Any) -> None:
    page = real_client.get(f"/article/{real_db.seed_id}").text
    card = re.search(r'<blockquote class="block block-embedded_post post-twitter" dir="ltr" lang="en">'
                     r"(.*?)</blockquote>", page, re.S)
    assert card, "the English tweet is a quote card"
    inner = card.group(1)
    plain = re.sub(r"<[^>]+>", "", inner)  # entity and quote markup aside
    assert inner.count("<p ") == 2 and "This afternoon" in plain and "I look forward" in plain
    assert "<cite" in inner and "@POTUS" in inner and 'datetime="2021-07-26"' in inner
    assert page.count('<figure class="block block-caption">') == 2
    original = real_client.get(f"/article/{real_db.seed_id}", params={"view": "original"}).text
    assert "<pre class=\"raw-text\"" in original and "المصدر: العربية" in original
    assert "فيالحربين" in original
    repaired = real_client.get(f"/article/{real_db.seed_id}", params={"view": "repaired"}).text
    assert re.search(r'<mark class="repair repair-merged_words" title="[^"]*">في الحربين</mark>',
                     repaired)


def test_proposals_listed_on_the_repairs_views(fake_store: Any) -> None:
    from dataclasses import replace

    art = replace(_article(), id="x-2", proposals=(
        Edit(RAW.index("المالية"), RAW.index("المالية") + 7, "الم الية", "merged_words", 0.5,
             {"rule": "lexicon"}),))
    assert reading.reading(art, "read").proposals == ()
    (p,) = reading.reading(art, "repaired").proposals
    assert p[:3] == ("المالية", "الم الية", 0.5)
    page = html.unescape(_page(fake_store, art, "repaired"))
    assert '<details class="repair-proposals">' in page and "الم الية" in page
    assert "الم الية" not in page.split('<div class="article-body')[1]  # never applied
