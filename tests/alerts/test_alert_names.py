"""An alert matches by every name of its outlet, section and entity, as ``search`` does (the
store's matcher compares values exactly, so the application hands it the other names:
``mawsua.app.queries.widen``). Before, an alert on an outlet stored under two names, or a
section shown under one Arabic name for two stored values, matched one value only, and an
entity named otherwise than its stored mentions matched nothing."""

from __future__ import annotations

from pathlib import Path

from jsonl_rows import ingest_rows
from mawsua.app import alerts as app_alerts
from mawsua.app import queries
from mawsua.model.results import SearchQuery
from mawsua.store.alerts import AlertRegistry

TEXT = ("قال الرئيس الأمريكي باراك أوباما في واشنطن إن بلاده ستواصل دعم الحكومة العراقية "
        "في حربها على الإرهاب، وأضاف أوباما أن القوات الأمريكية لن تعود إلى العراق.")


def test_alerts_match_every_name_of_their_filters(tmp_path: Path) -> None:
    rows = [{"id": f"a{i}", "outlet": outlet, "section": section, "lang": "ar",
             "title": f"أوباما والعراق {i}", "text": TEXT + f" رقم {i}."}
            for i, (outlet, section) in enumerate((("alarabiya", "middleEast"),
                                                   ("arabiya", "mideast"),
                                                   ("youm7", "sport")))]
    db = ingest_rows(tmp_path, rows)
    with queries.open_store(db) as store:
        def search(**kw: str) -> set[str]:
            page = queries.search(store, SearchQuery("العراق", limit=50, **kw))
            return {h.id for h in page.items}

        def alert(name: str, **kw: str) -> set[str]:
            app_alerts.add_alert(store, name, "العراق", **kw)
            a = app_alerts.get_alert(store, name)
            return set(AlertRegistry(store).matching(
                a, widen=lambda q: queries.widen(store, q)))

        for kw in ({"outlet": "العربية"}, {"section": "الشرق الأوسط"}, {"entity": "Obama"}):
            assert alert("x" + "".join(kw), **kw) == search(**kw), kw
        assert search(outlet="العربية") == {"a0", "a1"}
        assert search(section="الشرق الأوسط") == {"a0", "a1"}
        assert search(entity="Obama") == {"a0", "a1", "a2"}
        # what ingest queues: the same widening
        app_alerts.add_alert(store, "hook", "العراق", outlet="العربية",
                             webhook_url="http://127.0.0.1:9/x", allow_private=True)
        store.conn.execute("UPDATE alerts SET last_n = 0 WHERE name = 'hook'")
        assert app_alerts.enqueue(store) == 2
