"""User test s26: a foreign name opening with a proclitic letter and ``ال`` (``كاليفورنيا``,
``فالنسيا``, ``بالتيمور``) lost its first letter as if it were ك/ف/ب + the article
(canonical ``اليفورنيا``, so the article got no country and the name no link)."""

from __future__ import annotations

from mawsua.annotate.ner import glued_proclitic


def test_a_foreign_name_is_not_split_before_its_al() -> None:
    for name in ("كاليفورنيا", "فالنسيا", "بالتيمور"):
        assert glued_proclitic(name) is None, name
    for word, pro in (("والعراق", "و"), ("بالمدافع", "ب"), ("كالعادة", "ك"), ("للقاهرة", "ل")):
        assert glued_proclitic(word) == pro, word
