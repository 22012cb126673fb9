"""The article page highlights entities (by type, canonical name as title) and quotations
(speaker and cue as title) — issue 4."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from mawsua.app.ingest import ingest
from mawsua.app.queries import open_store
from mawsua.web.app import create_app


def test_seed_page_highlights_entities_and_quotes(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[2].parent / "shared/seed/000_6afea4c6e43b9a86.txt"
    if not seed.exists():
        import pytest

        pytest.skip("shared seed not found")
    db = tmp_path / "h.db"
    with open_store(db) as store:
        summary = ingest([seed], store)
    client = TestClient(create_app(db))
    page = client.get(f"/article/{summary.added_ids[0]}").text
    # entity names link to their entity page (issue 12)
    assert '<a class="ent ent-PERSON" href="/entity/Joe%20Biden" title="جو بايدن">جو بايدن</a>' \
        in page
    assert '<a class="ent ent-LOCATION" href="/entity/Iraq" title="العراق">العراق</a>' in page
    assert '<q class="quote quote-direct" title="بايدن — قال">أتطلع للانتخابات العراقية</q>' \
        in page
    assert 'class="quote quote-partial" title="الكاظمي — أعرب"' in page  # as written
    assert 'title="مصادر قناتي &#34;العربية&#34; و&#34;الحدث&#34; — رجحت"' in page or \
        'title="مصادر قناتي &quot;العربية&quot; و&quot;الحدث&quot; — رجحت"' in page
