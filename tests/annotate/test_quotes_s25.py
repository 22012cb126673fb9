"""Quote faults of user test s25, one mechanism each: a spokesman is described with his
principal (``المتحدثة باسم شرطة المدينة``, not ``المتحدثة باسم``), and a topic phrase after a
continuation cue (``وأضاف بخصوص تهديد رئيس الحكومة``) names who is spoken about, not who
speaks."""

from __future__ import annotations

import json

from mawsua.app.pipeline import process
from mawsua.errors import Ok
from mawsua.sources import read_bytes


def _quotes(text: str) -> list[tuple[str, str | None]]:
    line = json.dumps({"id": "q", "outlet": "test", "published": "2018-03-14T10:00:00+03:00",
                       "title": "خبر", "text": text}, ensure_ascii=False).encode()
    [item] = read_bytes(line, where="q.jsonl", path="q.jsonl")
    res = process(item)
    assert isinstance(res, Ok)
    art = res.value.article
    return [(art.text[q.start : q.end], q.attrs.get("speaker")) for q in art.layer("quotes")]


def test_a_spokesman_with_his_principal() -> None:
    got = _quotes('وقالت المتحدثة باسم شرطة المدينة "لم نعثر على أي مواد خطرة في المبنى حتى الآن".')
    assert got[0][1] == "المتحدثة باسم شرطة المدينة"
    got = _quotes('وقال متحدث باسم برنامج الأغذية العالمي "السفن تنتظر قرب الميناء محملة بالمساعدات".')
    assert got[0][1] == "متحدث باسم برنامج الأغذية العالمي"


def test_a_topic_phrase_is_no_speaker() -> None:
    got = _quotes('وقال راشد الغنوشي إن الجبالي "شرح القرار للحركة بشكل واضح ومفصل للجميع". '
                  'وأضاف بخصوص تهديد رئيس الحكومة حمادي الجبالي بالاستقالة "أنا لا أتمنى أن '
                  'نصل إلى هذه الحالة من الانسداد".')
    assert [s for _, s in got] == ["راشد الغنوشي", "راشد الغنوشي"]
