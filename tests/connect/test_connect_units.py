"""The linker's contracts on real features: symmetric scores, one bad article isolated."""

from __future__ import annotations

import itertools
from pathlib import Path

import orjson
import pytest

from mawsua.app import connect, queries
from mawsua.app.ingest import ingest
from mawsua.connect import link
from mawsua.store.sqlite import SqliteStore


def test_story_score_is_symmetric(store: SqliteStore) -> None:
    """Order independence rests on it: every pair of real reports scores the same both ways
    (and so is linked, or not, both ways)."""
    rows = [orjson.loads(b) for (b,) in store.conn.execute(
        "SELECT data FROM connect_features ORDER BY n LIMIT 120")]
    linked = 0
    for a, b in itertools.combinations(rows, 2):
        assert link.story_score(a, b) == pytest.approx(link.story_score(b, a), abs=1e-12)
        assert link.same_story(a, b) == link.same_story(b, a)
        linked += link.same_story(a, b)
    assert linked > 0


def test_no_link_outside_the_window(store: SqliteStore) -> None:
    """Two reports of one story moved three days apart are no longer linked (unless they are
    duplicates, which the score does not decide)."""
    pairs = store.conn.execute(
        "SELECT f1.data, f2.data FROM article_links l1 JOIN article_links l2 "
        "ON l1.story = l2.story AND l1.n < l2.n "
        "JOIN connect_features f1 ON f1.n = l1.n JOIN connect_features f2 ON f2.n = l2.n "
        "WHERE l1.duplicate_of IS NULL AND l2.duplicate_of IS NULL LIMIT 50").fetchall()
    assert pairs
    from datetime import datetime, timedelta

    for da, db in pairs:
        a, b = orjson.loads(da), orjson.loads(db)
        if not a["time"]:
            continue
        b["time"] = (datetime.fromisoformat(a["time"]) + timedelta(days=3)).isoformat()
        assert link.story_score(a, b) == 0.0


def test_one_article_that_cannot_be_connected_is_reported(
        tmp_path: Path, subset_jsonl: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while linking one article stays stored, is listed under ``unconnected`` with
    E_CONNECT, and every other article of the batch is connected."""
    lines = subset_jsonl.read_text(encoding="utf-8").splitlines()[:30]
    src = tmp_path / "part.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    real_add = link.Linker.add
    victim: list[int] = []

    def flaky(self: link.Linker, n: int, f: object) -> link.Links:
        if not victim:
            victim.append(n)
        if n == victim[0]:
            raise RuntimeError("disk on fire")
        return real_add(self, n, f)  # type: ignore[arg-type]

    monkeypatch.setattr(link.Linker, "add", flaky)
    with queries.open_store(tmp_path / "x.db") as s:
        summary = ingest([src], s)
        assert len(summary.unconnected) == 1
        bad = summary.unconnected[0]
        assert bad["code"] == "E_CONNECT" and "disk on fire" in bad["reason"]
        assert summary.added == s.count()
        assert connect.counts(s)["articles"] == summary.added - 1
        monkeypatch.setattr(link.Linker, "add", real_add)
        connect.rebuild(s)
        assert connect.counts(s)["articles"] == summary.added
    assert summary.to_dict()["unconnected"] == [bad]


@pytest.mark.parametrize(("ident", "sports"), [
    ("snn-f9774e70fcb1", False),  # railway timetable: الموسم، الجولة are ambiguous keywords
    ("snn-350f665b439a", False),  # a fashion brand launch ("Coach")
    ("snn-cf815a5450b9", True),   # a football coach before a final
    ("snn-1afb548021fb", True),   # a gold medal (plain keyword added with the rule)
])
def test_ambiguous_topic_keywords_need_a_plain_one(corpus_rows: list[dict], ident: str,
                                                   sports: bool) -> None:
    from mawsua.arabic.fold import tokens
    from mawsua.connect import sections

    row = next(r for r in corpus_rows if r["id"] == ident)
    got = dict(sections.topics(tokens(row.get("title") or ""), tokens(row["text"])))
    assert ("sports" in got) is sports, got


def _report(row: dict) -> dict:
    from mawsua.annotate import annotate
    from mawsua.clean import clean
    from mawsua.connect.features import features
    from mawsua.model import Article, Metadata, Source

    md = Metadata(outlet=row.get("outlet"), url=row.get("url"), title=row.get("title"),
                  published=row.get("published"), language=row.get("lang"),
                  extra={k: v for k, v in row.items() if k == "crawled"})
    art = annotate(clean(Article(row["id"], Source("jsonl", "0"), md, row["text"])))
    return features(art).data()


@pytest.mark.parametrize(("a", "b", "same"), [
    ("snn-0d655e58a6e6", "snn-403093b629c9", True),   # Oman's Renaissance Day, two cables
    ("snn-31b303f2ec51", "snn-f4041221fad6", True),   # Egypt's national day, two cables
    ("snn-21adec54dc8e", "snn-31b303f2ec51", True),   # ... one naming Sisi, not Egypt
    ("snn-0d655e58a6e6", "snn-31b303f2ec51", False),  # the same template, Oman vs Egypt
    ("snn-21adec54dc8e", "snn-3db64da0c677", False),  # Sisi (EG) vs Colombia
    ("snn-f25d301fbc63", "snn-7af3905ff83d", False),  # "الرئيس الكولومبي" (CO) vs Egypt
    ("snn-f25d301fbc63", "snn-3db64da0c677", True),   # the Colombian cables, two spellings
])
def test_templated_cables_to_different_countries_are_different_stories(
        corpus_rows: list[dict], a: str, b: str, same: bool) -> None:
    from mawsua.connect import link

    rows = {r["id"]: r for r in corpus_rows if r["id"] in (a, b)}
    fa, fb = _report(rows[a]), _report(rows[b])
    assert link.same_story(fa, fb) is same, (fa["title_countries"], fb["title_countries"])


@pytest.mark.parametrize("ident", ["snn-25230b5e1b76", "snn-533c6cdf6baa"])
def test_the_yemeni_president_files_yemen(corpus_rows: list[dict], ident: str) -> None:
    """"رئيس الجمهورية اليمنية عبدربه منصور هادي" appoints governors of لحج and أبين: the
    official state name is a place and the bare surname هادي (tagged LOCATION by the CRF) is
    the president, so the article is filed under YE."""
    row = next(r for r in corpus_rows if r["id"] == ident)
    data = _report(row)
    assert "Abdrabbuh Mansur Hadi" in data["entities"]
    from mawsua.annotate import annotate
    from mawsua.clean import clean
    from mawsua.connect.sections import countries
    from mawsua.model import Article, Metadata, Source

    art = annotate(clean(Article(ident, Source("jsonl", "0"),
                                 Metadata(title=row.get("title"), outlet=row.get("outlet")),
                                 row["text"])))
    assert "YE" in dict(countries(art))
    hadi = [s for s in art.layer("entities") if art.text[s.start:s.end] == "هادي"]
    assert hadi and all(s.label == "PERSON" and s.attrs["canonical"] == "Abdrabbuh Mansur Hadi"
                        for s in hadi)


def test_title_numbers_skip_digit_like_signs() -> None:
    """Found by the store's round-trip property test: a headline word ``¹`` (``isdigit`` but
    not ``int``-able) crashed the connect features."""
    from mawsua.connect.features import title_numbers

    assert title_numbers(["¹", "²³", "18", "١٨", "2015", "x"]) == (18,)


def test_demonyms_follow_the_nisba_rule() -> None:
    from mawsua.arabic.fold import tokens
    from mawsua.connect.sections import demonyms, headline_countries

    d = demonyms()
    for word, code in (("الكولومبي", "CO"), ("السعودية", "SA"), ("العراقيين", "IQ"),
                       ("الأمريكي", "US"), ("الإماراتي", "AE"), ("المصريون", "EG")):
        assert d.get(" ".join(tokens(word))) == code, word
    for word in ("المالي", "العربي", "الدولي", "الوطني"):  # adjectives of no country
        assert " ".join(tokens(word)) not in d, word
    assert headline_countries("القيادة تهنئ الرئيس التشادي") == ("TD",)


@pytest.mark.parametrize(("typed", "code"), [
    ("IQ", "IQ"), ("iq", "IQ"), ("IQ\u200f", "IQ"), ("\u200fالعراق", "IQ"), ("Iraq", "IQ"),
    ("politics", "politics"), ("POLITICS", "politics"), ("سياسة", "politics"),
    ("السياسة", "politics"), ("الرياضة", "sports"), ("xx", None), ("nowhere", None), ("", None),
])
def test_section_code_by_any_name(typed: str, code: str | None) -> None:
    assert connect.section_code(typed) == code


def _placed(text: str, title: str, places: dict[str, str], outlet: str = "newoutlet"):  # noqa: ANN202
    """An article whose entities layer tags each ``places`` spelling (-> country) in ``text``."""
    from mawsua.model import Article, Metadata, Source, Span

    spans = [Span(i, i + len(w), "LOCATION", {"country": c, "entity": w})
             for w, c in places.items() for i in [text.find(w)] if i >= 0]
    art = Article("t", Source("jsonl", "0"), Metadata(title=title, outlet=outlet), text)
    return art.with_layer("entities", sorted(spans, key=lambda s: s.start))


def test_egyptian_local_news_of_an_unknown_outlet_files_egypt() -> None:
    """User test on Egyptian outlets: a local story naming القاهرة once and «المصري» had no
    country (one place mention is under the floor, the outlet's country unknown)."""
    from mawsua.connect.sections import countries

    art = _placed("قررت محكمة جنايات شمال القاهرة إخلاء سبيل وزير الزراعة المصري الأسبق "
                  "بكفالة قدرها عشرة آلاف جنيه.", "إخلاء سبيل وزير الزراعة الأسبق",
                  {"القاهرة": "EG"})
    assert [c for c, _ in countries(art)] == ["EG"]
    # one mention alone stays too weak (it may be a misread word: ديلي of the Daily Mail)
    one = _placed("قالت صحيفة ديلي ميل إن النعاس في النهار يزيد المخاطر.", "النعاس في النهار",
                  {"ديلي": "TL"})
    assert countries(one) == ()


def test_headline_country_and_nationality_adjectives_vote() -> None:
    from mawsua.connect.sections import body_demonyms, countries

    art = _placed("قتل أربعة أشخاص وأصيب 12 في حادث دهس في العاصمة.", "حادث دهس بالجزائر", {})
    assert countries(art) == ()  # the headline alone, nothing in the body: half a vote
    art = _placed("قتل أربعة أشخاص في حادث دهس في الجزائر العاصمة.", "حادث دهس بالجزائر",
                  {"الجزائر": "DZ"})
    assert [c for c, _ in countries(art)] == ["DZ"]
    # a nationality adjective qualifying a newspaper or an agency names who reports
    assert body_demonyms('ونقلت صحيفة "لوموند" الفرنسية ووكالة الأنباء الفرنسية عن '
                         "رئيس الوزراء التونسي") == {"TN": 1}


def test_a_news_medium_casts_no_country_vote() -> None:
    """«قال لرويترز», «عبر تويتر»: the medium names who reports, not where the story is."""
    from mawsua.connect.sections import countries, media_names
    from mawsua.model import Span

    assert {"Reuters", "Twitter", "Al Jazeera"} <= media_names()
    text = "وقال المتحدث لرويترز إن الحكومة ستعلن القرار غدا عبر تويتر ووكالة رويترز."
    art = _placed(text, "الحكومة ستعلن القرار", {}, outlet="alriyadh")
    spans = [Span(i, i + len(w), "ORGANIZATION", {"country": c, "canonical": n})
             for w, c, n in (("رويترز", "GB", "Reuters"), ("تويتر", "US", "Twitter"))
             for i in [text.find(w)]]
    art = art.with_layer("entities", spans)
    assert [c for c, _ in countries(art)] == ["SA"]  # the outlet's own country, nothing else


@pytest.mark.parametrize(("title", "body", "topic", "filed"), [
    # the stems of الدوري (league), العمرة (umrah), الرياضة (sport) are دور (role), عمر (age),
    # رياض (Riyadh): a singer's role, a death at 44 and a visit to Riyadh are no sport or Umrah
    ("انفصال المغنية عن زوجها", "أكدت المغنية أن دورها في الفيلم الجديد كان كبيرا وأن دوره "
     "في حياتها انتهى، وقالت إن الأدوار القادمة ستكون مختلفة تماما.", "sports", False),
    ("وفاة الممثل عن عمر 44 عاما", "توفي الممثل عن عمر 44 عاما بعد مسيرة في المسرح والدراما "
     "قدم خلالها أعمالا كثيرة، وعمره الفني تجاوز عشرين عاما.", "religion", False),
    ("الوزير يزور الرياض", "وصل الوزير إلى الرياض أمس وزار مدينة الرياض الصناعية والتقى "
     "بمسؤولين في الرياض.", "sports", False),
    # their own forms, behind proclitics, still count
    ("انطلاق الدوري الممتاز", "ينطلق الدوري الممتاز غدا بمشاركة 16 ناديا، وتقام في الدوري "
     "مباريات الجولة الأولى بالملعب الجديد.", "sports", True),
    ("ارتفاع أعداد المعتمرين", "ارتفعت أعداد القادمين لأداء العمرة هذا العام، وأكدت الوزارة "
     "تسهيل إجراءات العمرة للمعتمرين.", "religion", True),
])
def test_keywords_whose_stem_is_another_word(title: str, body: str, topic: str,
                                             filed: bool) -> None:
    from mawsua.arabic.fold import tokens
    from mawsua.connect.sections import topics

    got = [t for t, _ in topics(tokens(title), tokens(body))]
    assert (topic in got) is filed, got


def _story_data(title: str, terms: dict[str, float], time: str, *, numbers: tuple = (),
                entities: tuple = ()) -> dict:
    """Features.data()-shaped dict of one Arabic report (terms as given, L2 norm 1)."""
    from mawsua.arabic.fold import tokens
    from mawsua.connect.features import title_numbers, title_terms

    norm = sum(w * w for w in terms.values()) ** 0.5
    words = tokens(title)
    return {"terms": [[t, w / norm] for t, w in terms.items()], "entities": list(entities),
            "numbers": list(numbers), "title_numbers": list(title_numbers(words)),
            "title_terms": list(title_terms(words)), "title_countries": [], "dates": [],
            "time": time, "language": "ar", "title": title, "outlet": "x"}


def test_same_day_wire_copy_rewritten_by_outlets_is_one_story() -> None:
    """User test s21 F1: six outlets' same-day reports of one court decision, each headline
    in other words (النقض، طعن، براءة، موقعة الجمل: no one word rare enough to be
    distinctive), were five stories. Same day: they are one; two days apart: not."""
    body = {"نقض": 3.0, "طعن": 2.5, "براء": 2.0, "جمل": 2.0, "متهم": 1.5, "نياب": 1.0}
    a = _story_data("«النقض» تنظر طعن النيابة على براءة متهمي «موقعة الجمل» 8 مايو",
                    {**body, "صفوت": 3.0, "جنايات": 3.0, "عبدالله": 3.0}, "2013-02-10T17:01:00")
    b = _story_data("النقض تنظر الطعن على براءة المتهمين في موقعة الجمل.. 8 مايو",
                    {**body, "سرور": 3.0, "قواس": 3.0, "ميدان": 3.0, "تحرير": 2.0},
                    "2013-02-10T18:56:06")
    wb = dict(map(tuple, b["terms"]))
    assert 0.3 < sum(w * wb.get(t, 0.0) for t, w in a["terms"]) < link.VERBATIM_COSINE
    assert link.same_story(a, b) and link.same_story(b, a)
    later = dict(b, time="2013-02-12T10:00:00")
    assert not link.same_story(a, later)  # another day: the headline words alone do not tie


def test_a_headline_number_in_words_matches_its_digits() -> None:
    """«5 آلاف جنيه» in one headline and «5000 جنيه» in another are one number: no penalty
    for headline numbers that differ when each is in the other's text."""
    terms = {"دينا": 3.0, "فتاح": 2.0, "كفال": 2.0, "اخلاء": 1.5, "سبيل": 1.0}
    a = _story_data("الإفراج عن دينا عبد الفتاح بكفالة 5 آلاف جنيه", terms,
                    "2013-02-10T12:00:00", numbers=(5000,))
    b = _story_data("إخلاء سبيل دينا عبد الفتاح بكفالة 5000 جنيه", dict(terms, بلاك=1.0),
                    "2013-02-10T13:00:00", numbers=(5000,))
    assert a["title_numbers"] == [5] and b["title_numbers"] == [5000]
    assert link.story_score(a, b) > link.story_score(dict(a, numbers=[]), dict(b, numbers=[]))


@pytest.mark.parametrize(("title", "body", "topic"), [
    # one stray keyword of a short article is no topic (user test s21 F6)
    ("المالية توافق على دعم صندوق معاشات الصحفيين", "وافقت وزارة المالية على صرف بدل التدريب "
     "والتكنولوجيا للصحفيين من صندوق المعاشات بعد اجتماع مجلس النقابة.", "technology"),
    # «أمام» (in front of) shares the stem of «الإمام»; «حسام الدين» is a name
    ("نظر طعن موقعة الجمل أمام النقض", "حددت محكمة النقض جلسة لنظر الطعن على براءة المتهمين "
     "ومنهم حسام الدين مصطفى وصلاح الدين.", "religion"),
    # a keyword inside a longer one found with it is one piece of evidence
    ("ناشطون يضربون عن الطعام", "اتهم الناشطون بموجب قانون جرائم تقنية المعلومات وقالت "
     "أسرهم إن المحكمة أجلت النظر في قضيتهم.", "technology"),
])
def test_a_topic_needs_two_distinct_keywords_or_the_headline(title: str, body: str,
                                                             topic: str) -> None:
    from mawsua.arabic.fold import tokens
    from mawsua.connect.sections import topics

    assert topic not in [t for t, _ in topics(tokens(title), tokens(body))]


def test_one_headline_keyword_files_its_topic() -> None:
    from mawsua.arabic.fold import tokens
    from mawsua.connect.sections import topics

    got = topics(tokens("منتخب السهام يشارك في البطولة الآسيوية"),
                 tokens("يشارك المنتخب في البطولة المقامة الأسبوع المقبل."))
    assert [t for t, _ in got][:1] == ["sports"]


def test_foreign_news_is_not_filed_under_the_outlet_country() -> None:
    """User test s21 F30: a British police report in Al Arabiya's international news named
    no place the entity layer knows; the outlet's home country (AE) was its only section."""
    from mawsua.connect.sections import countries, foreign_desk

    text = "فحصت الشرطة البريطانية طردا مريبا عثر عليه قرب مبنى البرلمان في العاصمة."
    art = _placed(text, "الشرطة البريطانية تفحص طرداً مريباً في مبنى البرلمان", {},
                  outlet="arabiya")
    assert [c for c, _ in countries(art)] == ["GB"]
    # no country evidence at all on a foreign desk: no section rather than the outlet's
    quiet = _placed("فحصت الشرطة طردا مريبا عثر عليه قرب مبنى البرلمان.", "طرد مريب", {},
                    outlet="arabiya")
    assert [c for c, _ in countries(quiet)] == ["AE"]  # a home desk: the outlet's country
    foreign = quiet.with_metadata(section="internationalNews")
    assert countries(foreign) == ()
    assert foreign_desk("internationalNews") and foreign_desk("world") and foreign_desk("mideast")
    assert foreign_desk("عربي ودولي") and not foreign_desk("egypt") and not foreign_desk(None)


def test_irregular_nationality_adjectives() -> None:
    from mawsua.connect.sections import demonyms

    d = demonyms()
    assert d["الانجليزي"] == "GB" and d["النمساويه"] == "AT"


def test_story_score_views_change_nothing(store: SqliteStore) -> None:
    """The parsed views :func:`link.story_score` remembers per features dict give the score
    of fresh copies of the dicts (nothing stale is served for a new dict), and a term listed
    twice is summed as listed."""
    import copy

    rows = [orjson.loads(b) for (b,) in store.conn.execute(
        "SELECT data FROM connect_features ORDER BY n LIMIT 60")]
    pairs = list(itertools.combinations(rows, 2))
    warm = [link.story_score(a, b) for a, b in pairs]
    assert warm == [link.story_score(copy.deepcopy(a), copy.deepcopy(b)) for a, b in pairs]
    assert any(warm)
    a, b = (copy.deepcopy(r) for r in next((a, b) for (a, b), s in zip(pairs, warm,
                                                                       strict=True) if s > 0))
    before = link.story_score(a, b)
    twice = copy.deepcopy(a)
    twice["terms"] = [*a["terms"], a["terms"][0]]
    wb = dict(map(tuple, b["terms"]))
    extra = a["terms"][0][1] * wb.get(a["terms"][0][0], 0.0)
    assert link.story_score(twice, b) == pytest.approx(before + extra)


def test_national_team_files_the_story_under_its_country() -> None:
    """User test s24: the Saudi team director's squad news was filed under Spain, Belgium and
    Ukraine (the friendlies, the pros abroad) and not Saudi Arabia."""
    from mawsua.connect.sections import countries, national_teams
    from mawsua.model import Article, Metadata, Source, Span

    assert national_teams("مدير المنتخب السعودي، ولعب منتخب مصر، ومنتخب الشباب مع العراق") == {
        "SA": 1, "EG": 1}  # a youth team is no country
    text = "كشف مدير عام المنتخب السعودي أن القائمة ستعلن بعد مباراتي أوكرانيا وبلجيكا."
    spans = [Span(text.index(w), text.index(w) + len(w), "LOCATION",
                  {"canonical": c, "country": cc})
             for w, c, cc in (("أوكرانيا", "Ukraine", "UA"), ("بلجيكا", "Belgium", "BE"))]
    art = Article("t", Source("jsonl", "0"), Metadata(), text).with_layer("entities", spans)
    assert countries(art)[0][0] == "SA"


def test_an_ambiguous_headline_place_takes_the_country_the_article_resolved() -> None:
    """User test s25 F14: ``الشرقية`` is Saudi Arabia's Eastern Province and Egypt's Sharqia.
    An Egyptian report of a Zagazig strike whose body links it to Sharqia got SA as headline
    country, and the place veto kept it apart from the other outlets' reports of the strike."""
    from mawsua.connect.features import features
    from mawsua.connect.sections import headline_countries, mention_countries

    title = "إضراب عمال وإداريي الشرقية يعطل بدء الدراسة"
    body = "أضرب عمال المدارس في محافظة الشرقية اليوم، وتعطلت الدراسة في مدارس الزقازيق."
    art = _placed(body, title, {"محافظة الشرقية": "EG", "الزقازيق": "EG"})
    assert mention_countries(art).get("الشرقيه") == "EG"
    assert features(art).title_countries == ("EG",)
    # unresolved, an ambiguous spelling names no country; an unambiguous one still does
    assert headline_countries(title) == ()
    assert headline_countries("أمطار غزيرة في عمان") == ()
    assert headline_countries("أمطار غزيرة في عمان", {"عمان": "JO"}) == ("JO",)
    assert headline_countries("اختطاف محام بالشرقية", mention_countries(art)) == ("EG",)
    assert headline_countries("أمطار غزيرة في الرياض") == ("SA",)
    # a body mention the annotator linked wrongly adds no headline country when the gazetteer
    # does not know the spelling (a given name read as a village)
    wrong = _placed("قالت بيرين سات إن المسلسل نجح.", "بيرين سات تبهر الأتراك", {"بيرين": "JO"})
    assert mention_countries(wrong) == {}
    assert "JO" not in features(wrong).title_countries


def test_a_small_feature_cache_links_the_same(connected_db: Path, tmp_path: Path) -> None:
    """The writer's :class:`link.FeatureCache` only saves reading ``connect_features``: with
    room for 5 articles (candidates read back from the store) the links, stories and sections
    are those of a cache that holds every article (issue 15 bounded it at 6,000)."""
    import shutil

    def rows(s: SqliteStore) -> list[list[tuple]]:
        return [s.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("article_links", "stories", "article_sections")]

    db = tmp_path / "c.db"
    shutil.copy(connected_db, db)
    with queries.open_store(db) as s:
        connect._CACHES[s] = link.FeatureCache(limit=100_000)
        connect.rebuild(s)
        want = rows(s)
        small = connect._CACHES[s] = link.FeatureCache(limit=5)
        connect.rebuild(s)
        assert len(small) == 5  # noqa: PLR2004
        assert rows(s) == want
    assert want[1]  # stories were made


def test_one_wire_copy_rewritten_under_two_headlines_is_one_story(tmp_path: Path) -> None:
    """User test s26: alyaum's and aawsat's copies of one AFP report (Fabius to visit Iran,
    same day) were two stories: cosine 0.50, headlines «يزور طهران» and «يزور إيران» sharing
    no distinctive word. Same-day reports whose headlines name the same countries over
    texts this alike (≥ SAME_PLACES_COSINE) need no shared distinctive headline word."""
    import json

    from mawsua.app.ingest import iter_items
    from mawsua.app.pipeline import process
    from mawsua.connect.features import features

    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "articles.jsonl"
    if not corpus.is_file():
        pytest.skip("shared corpus not available")
    want = {"snn-48f2be105ce3", "snn-34f82fe1c2b6"}
    with corpus.open(encoding="utf-8") as fh:
        rows = [line for line in fh if json.loads(line)["id"] in want]
    path = tmp_path / "fabius.jsonl"
    path.write_text("".join(rows), encoding="utf-8")
    data = [features(process(it).value.article).data()  # type: ignore[union-attr]
            for it in iter_items([path])]
    assert len(data) == 2  # noqa: PLR2004
    assert link.same_story(*data)
