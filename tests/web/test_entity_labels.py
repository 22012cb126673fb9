"""Entities whose canonical name is Latin (gazetteer rows: ``Abdel Fattah el-Sisi``,
``Egypt``) are named in Arabic on the Arabic pages; links keep the canonical name (user test:
English names throughout the Arabic interface)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from mawsua.app.desk import entity_label
from mawsua.model import Span
from mawsua.web.app import create_app


def test_entity_label() -> None:
    assert entity_label("Abdel Fattah el-Sisi") == "عبد الفتاح السيسي"
    assert entity_label("Egypt") == "مصر"  # CLDR's name of the country, not the official form
    assert entity_label("United States") == "الولايات المتحدة"
    assert entity_label("محمد الجندي") == "محمد الجندي"  # found in the text: as written
    assert entity_label("Nobody Known") == "Nobody Known"


def test_article_page_names_entities_in_arabic(fake_store: Any, article_factory: Any) -> None:
    text = "قال الرئيس عبد الفتاح السيسي إن مصر ماضية في خطتها."
    art = article_factory("snn-sisi", [("ar", text)], outlet="youm7", language="ar",
                          published="2018-03-15T10:00:00+02:00", title="السيسي")
    a = text.index("عبد الفتاح السيسي")
    art = art.with_layer("entities", [
        Span(a, a + len("عبد الفتاح السيسي"), "PERSON", {"canonical": "Abdel Fattah el-Sisi"})])
    fake_store.articles.insert(0, art)
    app = create_app(Path("unused.db"), opener=lambda _path: fake_store)
    with TestClient(app) as client:
        page = client.get("/article/snn-sisi").text
    assert 'title="عبد الفتاح السيسي"' in page
    assert "/entity/Abdel%20Fattah%20el-Sisi" in page
    assert 'title="Abdel Fattah el-Sisi"' not in page


def test_unnamed_speaker_labels_are_arabic() -> None:
    from mawsua.web.render import speaker_label

    assert speaker_label("unnamed sources") == speaker_label("unnamed official") == "مصدر غير مسمّى"
    assert speaker_label("مصادر عسكرية") == "مصادر عسكرية"
