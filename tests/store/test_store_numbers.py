"""Singular and broken plural, and compounds written closed or open, meet at query time
(user test s25 F35: ``سعر الذهب`` found nothing while ``أسعار الذهب`` found 7; F33:
``فيسبوك``/``فيس بوك``), from the derived tables ``broken_plurals_ar.tsv`` and
``compounds_ar.tsv`` (``bench/build_broken_plurals.py``, ``bench/build_compounds.py``)."""

from __future__ import annotations

from pathlib import Path

from test_store_spellings import _ids_in, _store_of

from mawsua.arabic.variants import (
    compounds,
    join_compound,
    number_forms,
    number_pairs,
    number_spellings,
    split_compound,
)
from mawsua.model.results import SearchQuery
from mawsua.store import fts


def test_broken_plurals_meet_their_singular(tmp_path: Path) -> None:
    texts = {"x1": "ارتفعت أسعار الذهب في الأسواق العالمية اليوم بعد قرار البنك",
             "x2": "سجل سعر الذهب مستوى قياسيا في تعاملات الأمس بالبورصة",
             "x3": "أغلقت السلطات المدارس الحكومية في المحافظة بسبب الأمطار",
             "x4": "تفقد المحافظ مدرسة ابتدائية في القرية الجديدة",
             "x5": "ناقش الوزير أسباب الأزمة الاقتصادية مع الخبراء",
             "x6": "تأخرت الرحلة بسبب الطقس السيئ في المطار",
             "x7": "تناول الطفل طعاما قليل السعرات الحرارية",
             "x8": "دعمت الهيئة مجالس التنمية السياحية وعززت الأمن في المواقع",
             "x9": "عقد مجلس الأمن جلسة طارئة حول الأزمة"}
    with _store_of(tmp_path, texts) as store:
        ids = _ids_in(store)

        assert ids("سعر الذهب") == ids("أسعار الذهب") == {"x1", "x2"}
        assert ids('"سعر الذهب"') == ids('"أسعار الذهب"') == {"x1", "x2"}
        # one word: from the plural, the singular with the article only (a bare singular
        # is often a preposition: بسبب)
        assert ids("مدرسة") == {"x3", "x4"}
        assert ids("مدارس") == {"x3"}
        assert ids("المدارس") == {"x3"} and "x3" in ids("المدرسة")
        # بسبب "because of" is no أسباب "reasons"; سعرات "calories" no أسعار
        assert ids("أسباب") == {"x5"}
        assert "x7" not in ids("أسعار")
        # with other words, the other number counts only beside the next word typed
        assert ids("مجلس الأمن") == {"x9"}
        # the snippet marks the other number
        [hit] = [h for h in store.search(SearchQuery("سعر", limit=50)).items if h.id == "x1"]
        assert "أسعار" in hit.snippet


def test_number_forms_keep_the_proclitics() -> None:
    assert number_forms("سعر") == ("اسعار",)
    assert number_forms("والاسعار") == ("والسعر",)
    assert number_forms("المدارس") == ("المدرسه",)
    assert number_forms("بسبب") == number_forms("بفعل") == ()  # prepositions of their own
    assert number_spellings("باسعار") == ("بالسعر", "بسعر")
    assert "طفل" not in number_spellings("اطفال") and "الطفل" in number_spellings("اطفال")
    assert "بسبب" not in number_spellings("اسباب") and "بسبب" not in number_spellings("سبب")
    assert "اسعار" in dict(fts.parse_query("سعر").spellings("سعر"))


def test_the_table_never_joins_two_different_words() -> None:
    """Pairs of look-alike letters that are different words, refused by the table's tests
    (form IV verbal nouns, form III participles, use in the corpora, function words)."""
    table = number_pairs()
    for a, b in (("علم", "اعلام"),    # flag / media (إعلام)
                 ("سلم", "اسلام"),    # peace / Islam
                 ("نصر", "انصار"),    # victory / supporters
                 ("ترك", "اتراك"),    # left / Turks
                 ("مول", "اموال"),    # mall / money
                 ("موطن", "مواطن"),   # homeland / citizen (a participle)
                 ("مقتل", "مقاتل"),   # killing / fighter
                 ("مشرف", "مشارف"),   # supervisor / outskirts
                 ("مثل", "امثال"),    # like / proverbs
                 ("امن", "امان"),     # security / safety
                 ("كاتب", "كتاب")):   # writer / book
        assert b not in table.get(a, ()) and a not in table.get(b, ()), (a, b)
    # a singular that is mostly a verb finds its plural, not the other way round
    assert "احداث" in table["حدث"] and "حدث" not in table.get("احداث", ())


def test_compounds_written_closed_or_open_meet(tmp_path: Path) -> None:
    """User test s25 F33: ``فيسبوك`` 12 and ``فيس بوك`` 14, 1 in common. The derived table
    (``bench/build_compounds.py``) joins them; two words that spell another word when joined
    do not meet it (``تي ار`` is no ``تيار``, ``تل أبيب`` no ``تلابيب``)."""
    texts = {"x1": "نشر الوزير بيانا على صفحته في فيسبوك مساء اليوم",
             "x2": "تداول رواد فيس بوك مقطعا مصورا للحادث في القاهرة",
             "x3": "أرسل المتحدث الرسالة عبر واتس آب إلى الصحفيين",
             "x4": "انتشرت الرسالة عبر تطبيق الواتساب بين الطلاب",
             "x5": "قطع التيار الكهربائي عن المدينة ساعات"}
    with _store_of(tmp_path, texts) as store:
        ids = _ids_in(store)

        assert ids("فيسبوك") == ids("فيس بوك") == ids('"فيس بوك"') == {"x1", "x2"}
        assert ids("واتساب") == ids("واتس اب") == {"x3", "x4"}
        assert ids("فيسبوك -\"فيس بوك\"") == set()
    split, join = compounds()
    assert split["فيسبوك"] == ("فيس", "بوك") and join[("واتس", "اب")] == "واتساب"
    assert "تيار" not in split and "تلابيب" not in split and "فالخير" not in split
    assert split_compound("بالفيسبوك") == ("بالفيس", "بوك")
    assert join_compound("وفيس", "بوك") == "وفيسبوك"
