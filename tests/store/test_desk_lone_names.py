"""A person known only by one Arabic word is no desk entity (user test s24: four different
men pooled under «إسماعيل» across articles), while a linked or fuller name is."""

from __future__ import annotations

from mawsua.model import Article, Metadata, Source, Span
from mawsua.store import desk


def test_lone_arabic_person_is_no_desk_entity() -> None:
    text = "وقال إسماعيل إن الوضع هادئ، وأكد محمد صلاح أن الفريق جاهز، وزار Biden القاهرة."
    spans = []
    for surface, label, canonical in (("إسماعيل", "PERSON", "إسماعيل"),
                                      ("محمد صلاح", "PERSON", "محمد صلاح"),
                                      ("Biden", "PERSON", "Joe Biden"),
                                      ("القاهرة", "LOCATION", "Cairo")):
        start = text.index(surface)
        spans.append(Span(start, start + len(surface), label, {"canonical": canonical}))
    art = Article("t", Source("jsonl", "0"), Metadata(), text).with_layer("entities", spans)
    rows = desk.desk_rows(art)
    assert [r[0] for r in rows.entities] == ["محمد صلاح", "Joe Biden", "Cairo"]
    assert desk.lone_name("PERSON", "إسماعيل")
    assert not desk.lone_name("ORGANIZATION", "الأهلي")  # one-word bodies stay
