"""Search finds every spelling (issue 10, item 3): the raw spelling of repaired words, queries
cleaned like articles, spelling variants of names, and the OR / -NOT / "phrase" syntax."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from test_store_search import all_ids, corpus_with_word

from mawsua.app.pipeline import process
from mawsua.arabic.variants import case_forms, phrase_variants
from mawsua.errors import Ok
from mawsua.model import Article
from mawsua.model.results import SearchQuery
from mawsua.sources import read_bytes
from mawsua.store import SqliteStore, fts

#: corpus articles whose repair splits words (glued particles and punctuation; before the
#: precision-first repair also foreign names such as كليجدار أوغلو, آرالك, آلاجوز)
REPAIRED = ("snn-0d6e9bc6d66c", "snn-5c4c96672215", "snn-00030b69989d")
_WORD = re.compile(r"[^\W_]+")


def _processed(line: bytes) -> tuple[Article, bytes]:
    """One corpus JSONL line through the real pipeline (read, extract, clean, annotate)."""
    [item] = read_bytes(line, where="articles.jsonl", path="articles.jsonl")
    out = process(item)
    assert isinstance(out, Ok), out
    return out.value.article, out.value.raw


def _word_at(raw: str, start: int, end: int) -> str:
    while start > 0 and (raw[start - 1].isalnum() or raw[start - 1] in "\u0640\u064b\u0652"):
        start -= 1
    while end < len(raw) and raw[end].isalnum():
        end += 1
    return raw[start:end]


@pytest.fixture(scope="module")
def repaired(lines: list[bytes], tmp_path_factory: pytest.TempPathFactory):
    wanted = {ln for ln in lines if json.loads(ln)["id"] in REPAIRED}
    arts = [_processed(ln) for ln in wanted]
    store = SqliteStore(tmp_path_factory.mktemp("rep") / "r.db")
    store.add_many(arts)
    yield store, [a for a, _ in arts]
    store.close()


def test_repaired_words_are_found_raw_and_repaired(repaired) -> None:
    store, arts = repaired
    checked = 0
    for art in arts:
        for e in art.edits:
            if e.kind != "merged_words":
                continue
            raw_word = _word_at(art.raw_text, e.raw_start, e.raw_end)
            repaired_words = _WORD.findall(e.replacement)
            ids = {h.id for h in store.search(SearchQuery(raw_word, limit=50)).items}
            assert art.id in ids, raw_word  # the raw spelling, e.g. a name cut in two
            ids = {h.id for h in store.search(
                SearchQuery(f'"{" ".join(repaired_words)}"', limit=50)).items}
            assert art.id in ids, e.replacement
            checked += 1
    assert checked >= 3


def _raw_only_word(art: Article) -> str | None:
    """A word of the raw text that a merged-word repair split (so an index of the repaired
    text alone cannot find it), or ``None``."""
    for e in art.edits:
        if e.kind == "merged_words":
            word = _word_at(art.raw_text, e.raw_start, e.raw_end)
            if re.fullmatch(r"[^\W\d_]+", word) and word not in art.text:
                return word  # one letter run cut in two (لايمكن -> لا يمكن)
    return None


def test_old_store_is_reindexed_on_open(tmp_path: Path, lines: list[bytes]) -> None:
    found = ((art, raw, _raw_only_word(art)) for art, raw in (
        _processed(ln) for ln in lines[:1500] if json.loads(ln).get("lang") == "ar"
        and "لا" in json.loads(ln)["text"]))
    art, raw, word = next((a, r, w) for a, r, w in found if w)
    plain = max(_WORD.findall(art.metadata.title or art.text), key=len)
    path = tmp_path / "old.db"
    with SqliteStore(path) as s:
        s.add(art, raw)
        # make it a store as older versions wrote it: repaired text only, no migration 9
        c = s.conn
        c.execute("DELETE FROM schema_migrations WHERE version = 9")
        c.execute("DROP TABLE fts_pending")
        c.execute("DROP TABLE articles_fts")
        c.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5 ({', '.join(fts.COLUMNS)}, "
                  "content='', tokenize='unicode61 remove_diacritics 0')")
        c.execute("INSERT INTO articles_fts (rowid, title_exact, body_exact, title_stem, "
                  "body_stem) SELECT n, ?, ?, ?, ? FROM articles",
                  fts.index_columns(art.metadata.title, art.text))
        assert s.search(SearchQuery(plain)).total == 1
        assert not s.search(SearchQuery(word)).items
    with SqliteStore(path) as s:  # migration 9 rebuilds the index from the stored documents
        assert [h.id for h in s.search(SearchQuery(word)).items] == [art.id]
        assert s.search(SearchQuery(plain)).total == 1
        assert s.conn.execute("SELECT count(*) FROM fts_pending").fetchone()[0] == 0


def test_query_presentation_forms_and_marks(corpus_store: SqliteStore) -> None:
    clean_ids = all_ids(corpus_store, "الإمارات")
    assert clean_ids
    for typed in ("اﻹمارات", "الإمـــارات", "\u200fالإمارات\u200e"):
        assert all_ids(corpus_store, typed) == clean_ids, typed


def test_country_and_name_spellings_meet(corpus_store: SqliteStore, lines: list[bytes]) -> None:
    for a, b in (("سوريا", "سورية"), ("الأمريكي", "الأميركي"), ("المسؤولين", "المسئولين")):
        ids_a, ids_b = all_ids(corpus_store, a), all_ids(corpus_store, b)
        assert ids_a == ids_b, (a, b)
        assert corpus_with_word(lines, a) | corpus_with_word(lines, b) <= ids_a


def test_or_not_and_phrases(corpus_store: SqliteStore) -> None:
    syria, lebanon = all_ids(corpus_store, "سوريا"), all_ids(corpus_store, "لبنان")
    assert all_ids(corpus_store, "سوريا OR لبنان") == syria | lebanon
    assert all_ids(corpus_store, "سوريا -لبنان") == syria - lebanon
    assert all_ids(corpus_store, "سوريا لبنان") == syria & lebanon
    phrase = all_ids(corpus_store, '"الأمم المتحدة"')
    assert phrase and phrase <= all_ids(corpus_store, "الأمم المتحدة")
    assert all_ids(corpus_store, 'سوريا -"الأمم المتحدة"') == syria - phrase
    assert all_ids(corpus_store, '"الأمم المتحدة" OR لبنان') == phrase | lebanon
    assert corpus_store.search(SearchQuery("-سوريا")).total == 0


@pytest.mark.parametrize("query", ["OR", "OR OR", '"" OR ""', "OR -سوريا"])
def test_an_or_with_nothing_to_join_is_no_operator(query: str) -> None:
    parsed = fts.parse_query(query)
    assert not parsed.any_of
    if "-" not in query:
        assert parsed.match_expression() is not None  # searched as a word, never "everything"


def test_or_joins_words_and_phrases() -> None:
    parsed = fts.parse_query('سوريا OR "حلب الشهباء" -لبنان')
    assert parsed.any_of == ((("سوريا",), ("حلب", "الشهباء")),)
    assert parsed.excluded == (("لبنان",),)



def _store_of(tmp_path: Path, texts: dict[str, str]) -> SqliteStore:
    """A store of one short okaz article per ``id: text``."""
    arts = []
    for i, t in texts.items():
        line = json.dumps({"id": i, "outlet": "okaz", "title": t[:12], "text": t},
                          ensure_ascii=False).encode()
        arts.append(_processed(line))
    store = SqliteStore(tmp_path / "s.db")
    store.add_many(arts)
    return store


def _ids_in(store: SqliteStore) -> Callable[[str], set[str]]:
    def ids(q: str) -> set[str]:
        return {h.id for h in store.search(SearchQuery(q, limit=50)).items}
    return ids


def test_two_letter_words_meet_their_definite_forms(tmp_path: Path) -> None:
    """User test: ``حد`` did not find ``الحد`` (the stemmer keeps the article on a two-letter
    word), so "minimum wage" searches missed most articles; ``يد``/``اليد``, ``دم``/``الدم``
    alike. Function words (``من``) are not widened, and ``للحد`` is not ``لحد`` (a grave)."""
    texts = {"x1": "قال الاتحاد إن الحد الأدنى المناسب للأجور ثمانية دولارات يوميا",
             "x2": "طالب العمال بوضع حد أدنى للأجور في القطاع الخاص",
             "x3": "دعا الوزير إلى العمل بالحد الأقصى من الطاقة والحد من الهدر",
             "x4": "وقف المشيعون حول لحد الفقيد في المقبرة",
             "x5": "تبرع المواطنون بالدم في المستشفى المركزي"}
    with _store_of(tmp_path, texts) as store:
        ids = _ids_in(store)

        assert ids("حد") == ids("الحد") == {"x1", "x2", "x3"}
        assert ids("حد أدنى للأجور") == ids("الحد الأدنى للأجور") == {"x1", "x2"}
        assert ids("دم") == {"x5"}
        assert "x4" not in ids("للحد")


def test_a_phrase_meets_the_other_case_endings_of_its_definite_words(tmp_path: Path) -> None:
    """User test s24: ``"الاخوان المسلمون"`` found 2 articles and ``"الإخوان المسلمين"`` 35: a
    quoted phrase matched its words exactly, so the nominative and oblique plural (and dual)
    endings of one name never met. Words without the article keep their ending
    (``مسلمون``), and a short noun's ``ين`` is no ending (``الدين`` is not ``الدون``)."""
    texts = {"x1": "قال قيادي في جماعة الإخوان المسلمون إن الجماعة ستشارك في الانتخابات",
             "x2": "اتهمت الحكومة جماعة الإخوان المسلمين بالتحريض على العنف",
             "x3": "التقى الطرفان المتنازعان في القاهرة لبحث الهدنة",
             "x4": "دعا الوسيط الطرفين المتنازعين إلى وقف إطلاق النار",
             "x5": "قال إن رجال الدين يرفضون ذلك وإن مسلمون كثيرين يؤيدونه"}
    with _store_of(tmp_path, texts) as store:
        ids = _ids_in(store)

        assert ids('"الاخوان المسلمون"') == ids('"الإخوان المسلمين"') == {"x1", "x2"}
        assert ids('"الطرفين المتنازعين"') == {"x3", "x4"}
        assert ids('"رجال الدون"') == set()
        hits = store.search(SearchQuery('"الإخوان المسلمين"', limit=50)).items
        assert all("الإخوان المسلم" in h.snippet for h in hits)


def test_case_forms_only_for_definite_words_with_a_stem() -> None:
    assert case_forms("المسلمين") == ("المسلمون", "المسلمان")
    assert case_forms("والمسلمون") == ("والمسلمين", "والمسلمان")
    assert case_forms("للمتظاهرين") == ("للمتظاهرون", "للمتظاهران")
    assert case_forms("مسلمين") == case_forms("الدين") == case_forms("اليمين") == ()
    assert phrase_variants("المسلمين")[0] == "المسلمين"
    parsed = fts.parse_query('"الاخوان المسلمين"')
    assert ("الاخوان", "المسلمون") in fts._phrase_spellings(parsed.phrases[0])
