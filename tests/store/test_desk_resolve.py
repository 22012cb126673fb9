"""Entity resolution by name at the desk: a surname that is also a small entity of its own."""

from __future__ import annotations

from pathlib import Path

from mawsua.app import desk
from mawsua.app.queries import open_store
from mawsua.store.sqlite import entity_lookup_keys


def _store_with_two_morsis(db: Path) -> None:
    with open_store(db) as store:
        c = store.conn
        c.executemany("INSERT INTO entities (canonical, type, country, articles, mentions) "
                      "VALUES (?, ?, ?, ?, ?)",
                      [("Mohamed Morsi", "PERSON", "EG", 71, 140),
                       ("مرسي", "PERSON", None, 1, 1),
                       ("مرسى", "ORGANIZATION", None, 1, 1)])
        keys = [(k, "Mohamed Morsi") for k in entity_lookup_keys(["محمد مرسي", "مرسي"])]
        keys += [(k, "مرسي") for k in entity_lookup_keys(["مرسي"])]
        c.executemany("INSERT OR IGNORE INTO entity_keys (key, canonical) VALUES (?, ?)", keys)


def test_a_typed_surname_reaches_the_big_entity_first(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    _store_with_two_morsis(db)
    with open_store(db, readonly=True) as store:
        assert desk.resolve_entity(store, "مرسي") == ["Mohamed Morsi", "مرسي"]
        typed = desk.entity_page(store, "مرسي", exact_first=False)
        assert typed.entity["canonical"] == "Mohamed Morsi"
        assert [o["canonical"] for o in typed.others] == ["مرسي"]
        # a page or API id is a canonical name: the small entity stays reachable by its link
        linked = desk.entity_page(store, "مرسي")
        assert linked.entity["canonical"] == "مرسي"
        assert [(o["canonical"], o["articles"]) for o in linked.others] == [("Mohamed Morsi", 71)]
        assert linked.to_dict()["others"][0]["type"] == "PERSON"
        # a name reaching one entity lists no others
        assert desk.entity_page(store, "Mohamed Morsi").others == []


def test_a_period_listing_keeps_the_stored_type(tmp_path: Path) -> None:
    # user test: /entities of this week showed Messi as an organisation, Barcelona as a place
    db = tmp_path / "d.db"
    with open_store(db) as store:
        c = store.conn
        c.executemany("INSERT INTO entities (canonical, type, articles, mentions) "
                      "VALUES (?, ?, ?, ?)", [("Lionel Messi", "PERSON", 3, 5)])
        c.executemany("INSERT INTO entity_articles (canonical, n, type, mentions, time) "
                      "VALUES (?, ?, ?, ?, ?)",
                      [("Lionel Messi", 1, "PERSON", 2, "2018-03-12"),
                       ("Lionel Messi", 2, "ORGANIZATION", 1, "2018-03-13"),
                       ("Lionel Messi", 3, "PERSON", 2, "2018-03-14")])
    with open_store(db, readonly=True) as store:
        items, total = desk.top_entities(store, since="2018-03-10")
        assert total == 1 and items[0]["type"] == "PERSON" and items[0]["articles"] == 3
        people, n = desk.top_entities(store, since="2018-03-10", type_="PERSON")
        assert n == 1 and people[0]["canonical"] == "Lionel Messi"
        assert desk.top_entities(store, since="2018-03-10", type_="ORGANIZATION") == ([], 0)
