"""A source's own section named in English (corpus2's ``internationalNews``, a feed's
``middle-east``) is shown in Arabic on the Arabic pages; the filter keeps the source's value
(user test: English section labels in the Arabic interface)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from mawsua.web.app import create_app
from mawsua.web.render import source_section_name


def test_english_section_names_in_arabic() -> None:
    assert source_section_name("internationalNews") == "أخبار دولية"
    assert source_section_name("middle-east") == source_section_name("middleEast") == "الشرق الأوسط"
    assert source_section_name("Sport") == source_section_name("sports") == "رياضة"
    assert source_section_name("اخبار العراق") == "اخبار العراق"  # Arabic: as the source writes it
    assert source_section_name("zz-unknown") == "zz-unknown"
    assert source_section_name(None) == ""


def test_pages_show_the_arabic_name_and_filter_by_the_source_value(
        fake_store: Any, article_factory: Any) -> None:
    art = article_factory("snn-intl", [("ar", "خبر عن الانتخابات في ألمانيا")], outlet="alarabiya",
                          section="internationalNews", language="ar",
                          published="2018-03-13T10:00:00+04:00", title="خبر دولي")
    fake_store.articles.insert(0, art)
    app = create_app(Path("unused.db"), opener=lambda _path: fake_store)
    with TestClient(app) as client:
        home = client.get("/").text
        assert "أخبار دولية" in home
        assert 'value="internationalNews"' in home  # the filter's value is the source's
        page = client.get("/article/snn-intl").text
        assert "أخبار دولية" in page and 'title="internationalNews"' in page
        listed = client.get("/", params={"section": "internationalNews"}).text
        assert "خبر دولي" in listed
