"""Quote fault of user test s24 (corpus2): a clergy title (البطريرك, الحاخام, القس) is a
speaker's title like الوزير, so a quotation after «قال البطريرك الجديد» is his, not unattributed.
Constructed sentences; one mechanism."""

from __future__ import annotations

from collections.abc import Callable

from mawsua.model import Article

Said = Callable[[Article], list[tuple[str, str | None]]]


def test_clergy_titles_speak(build: Callable[..., Article], said: Said) -> None:
    got = said(build('وقال البطريرك الجديد "نحن على رجاء القيامة". وقال الحاخام إن '
                     '"السلام ممكن".'))
    assert [speaker for _, speaker in got] == ["البطريرك", "الحاخام"]
