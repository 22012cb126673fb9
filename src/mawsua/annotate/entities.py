"""The ``"entities"`` layer (issue 4, docs/annotations.md): name mentions grouped per entity.

Mentions come from three sources, merged without overlaps:

1. **gazetteer** (:mod:`mawsua.annotate.gazetteer`): longest match over token match keys
   (:mod:`mawsua.arabic.variants`), the first token with its proclitics stripped (``بالعراق``,
   ``والعراق``, ``ببايدن``); the span covers the whole token as written. Latin names match
   case-sensitively on token boundaries. Entries flagged ``context`` (``العربية``, ``الحدث``,
   ``الجزيرة``) count only after a media cue (``قناة``, ``قناتي``, ``صحيفة``...) or right after
   another outlet (``قناتي "العربية" و"الحدث"``); otherwise the next entry spelled the same way
   (``الرياض`` the city) or nothing (``اللغة العربية``).
2. **crf**: :func:`mawsua.annotate.ner.predict_spans` on the Arabic sentences (a missing
   model file → skipped, gazetteer and rules still run). Its spans fill the gaps
   the gazetteer leaves; an ORGANIZATION/LOCATION span that strictly contains gazetteer matches
   of other types (``جامعة الملك سعود``) replaces them.
3. **rules**: a title or role (``titles.tsv``) with its modifiers (``الرئيس الأميركي``,
   ``رئيس وزراء العراق``, ``Prime Minister``) sets ``title`` on the PERSON mention that follows,
   or makes one of 2–4 unknown name tokens closed by punctuation or a function word (confidence
   0.6); an embedded post's author display name and ``@handle`` (``"blocks"`` layer attrs
   ``author``/``handle``) become mentions of the author (source ``post``); a title standing alone
   (``الرئيس الأميركي``) that exactly one person in the article carries joins that person
   (source ``coref``).

Grouping: gazetteer mentions group by canonical name (so ``President Biden`` = ``جو بايدن``,
``Iraq`` = ``العراق``); other names by their match keys; a one-token PERSON mention joins the
only multi-token person whose last token it equals (``بايدن`` → ``جو بايدن``). Keys are
``E1``, ``E2``... in order of first mention.

Span attrs: ``entity``, ``canonical`` (gazetteer English name, else the longest mention's name),
``source`` (``gazetteer``/``crf``/``rule``/``post``/``coref``), ``confidence`` (0..1), and when
known ``country`` (ISO 3166-1 alpha-2), ``title``, ``proclitic`` (the stripped prefix, ``و``).
Cost: about 0.65 ms for an average article without the CRF (bench/bench_entities.py): only tokens
that may open a name or a title (looked up once per distinct word, memoised per word across
articles: :meth:`mawsua.annotate.gazetteer.Index.opening`) are tried.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mawsua.annotate import ner
from mawsua.annotate.gazetteer import Entry, Index, Start, Title, names, titles
from mawsua.arabic.variants import NAME_TOKEN_RE, clitic_keys, is_latin, key, strip_article
from mawsua.model import Article, Span

_LOG = logging.getLogger(__name__)
_CRF_WARNED = False
#: mention sources in order of trust (an earlier source wins an overlap)
SOURCES = ("post", "gazetteer", "crf", "rule", "coref")
#: confidence by source (the CRF gives its own)
CONFIDENCE = {"gazetteer": 0.95, "gazetteer_context": 0.85, "gazetteer_clitic": 0.9,
              "post": 0.9, "rule": 0.6, "title_name": 0.95, "coref": 0.6}
#: words (match keys) that make the next outlet-like common word an outlet
MEDIA_CUES = frozenset(key(w) for w in (
    "قناة", "قناتي", "قنوات", "صحيفة", "صحيفتي", "صحف", "جريدة", "مجلة", "وكالة",
    "شبكة", "تلفزيون", "التلفزيون", "فضائية", "قناه", "محطة", "مراسل", "مراسلة", "لقناة",
    "لصحيفة", "بصحيفة", "بجريدة", "لجريدة",
))
#: words (match keys) right before which a place spelled like a common word is a place
PLACE_CUES = frozenset(key(w) for w in (
    "في", "إلى", "الى", "مدينة", "دولة", "جمهورية", "عاصمة", "جزيرة", "جزر", "ولاية",
    "إقليم", "منطقة", "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي",
    "حكومة", "رئيس", "سفارة", "سفير", "سفيرة", "شعب", "بلد",
))
#: gap between two tokens of one name: spaces, a hyphen, a dot, an apostrophe (no line break)
_GAP_OK = frozenset(" \u00a0-.'’,")
#: function words and frequent nouns that never start or continue a name after a title
STOP = frozenset(key(w) for w in (
    "في", "من", "على", "إلى", "الى", "عن", "مع", "أن", "إن", "ان", "لا", "لم", "لن", "قد", "كان",
    "كانت", "هو", "هي", "الذي", "التي", "الذين", "ما", "بعد", "قبل", "خلال", "حول", "عند", "منذ",
    "حتى", "بين", "ذلك", "هذا", "هذه", "تلك", "كل", "أي", "أو", "ثم", "بل", "لكن", "غير", "يوم",
    "اليوم", "أمس", "غدا", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
    "نهاية", "بداية", "مطلع", "منتصف", "عام", "العام", "أول", "آخر", "مساء", "صباح", "أنه",
    "إنه", "قال", "أكد", "أعلن", "أعرب", "أضاف", "أوضح", "دعا", "يوم", "لدى", "ضد", "عبر",
    "إلا", "كما", "وقد", "إذ", "حيث", "أمام", "وراء", "فوق", "تحت", "جميع", "بعض", "عدد",
    "نفسه", "شخصيا", "السابق", "الحالي", "الجديد", "للصحافيين", "للصحفيين", "لهم", "له", "لها",
    "بأن", "فإن", "لأن", "وأن", "إنها", "أنها", "عليه", "فيه", "منه", "به", "ضمن", "ب", "و",
    "وقال", "وأكد", "وأضاف", "وأشار", "أشار", "الذي", "خير", "باسمه", "الدولي", "الثقافي",
    "التخصصي", "الوطني", "الخيري", "الجامعي", "الطبي", "العسكري", "الجوي", "البحري", "العالمي",
))
#: words before a title that make "title + name" part of a facility or institution name
FACILITY = frozenset(key(w) for w in (
    "جامعة", "مطار", "مستشفى", "مدينة", "مركز", "مؤسسة", "جائزة", "طريق", "شارع", "مجمع",
    "ملعب", "استاد", "كلية", "معهد", "برنامج", "مشروع", "جسر", "قاعدة", "وقف", "مكتبة",
    "دارة", "حي", "ميناء", "منحة", "كرسي", "مسجد", "جامع", "مدرسة", "صندوق", "واحة",
))
#: adjectives (keys) that extend a title: "الرئيس السابق", "وزير الخارجية الأسبق"
TITLE_MODIFIERS = frozenset(key(w) for w in (
    "السابق", "الأسبق", "الجديد", "الحالي", "الراحل", "المكلف", "المنتخب", "المستقيل",
    "الأول", "الثاني", "الأعلى", "الملكي", "الشريفين",
))
#: tokens that continue a name (محمد بن سلمان, آل سعود, عبد الله, أبو بكر)
#: second parts of compound given names that are words of their own (نور الدين, عبد الرحمن,
#: جبارة الله): never taken for a surname
COMPOUND_TAILS = frozenset(key(w) for w in (
    "الله", "لله", "بالله", "الدين", "الرحمن", "الرحيم", "العزيز", "الكريم", "الحميد", "المجيد",
    "الإله", "اللطيف", "الحكيم", "الغني", "الملك", "النبي", "الإسلام"))
NAME_JOINERS = frozenset(key(w) for w in ("بن", "ابن", "بنت", "آل", "أبو", "ابو", "عبد", "أبي"))
_HANDLE_CHARS = re.compile(r"[\w@]")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: str
    source: str
    confidence: float
    keys: tuple[str, ...]  # match keys of the name (proclitic stripped)
    name: str  # the name as written, without a proclitic
    entry: Entry | None = None
    title: str | None = None
    proclitic: str = ""
    group: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


class _Tokens:
    """Name tokens of a text with offsets and their candidate keys."""

    __slots__ = ("text", "starts", "ends", "words", "n", "_distinct", "_opens", "_clitic")

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in NAME_TOKEN_RE.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.words = NAME_TOKEN_RE.findall(text)
        self.n = len(spans)
        self._distinct: set[str] | None = None
        self._opens: dict[int, tuple[dict[str, tuple[Start, ...]], list[int]]] = {}
        self._clitic: dict[str, tuple[str, ...]] = {}

    def clitic_keys(self, word: str) -> tuple[str, ...]:
        """:func:`clitic_keys` of ``word``, memoised for this text (words past the global memo's
        bound are then computed once per article, not once per use)."""
        got = self._clitic.get(word)
        if got is None:
            got = self._clitic[word] = clitic_keys(word)
        return got

    @property
    def distinct(self) -> set[str]:
        """The distinct token strings (computed once, on first use)."""
        if self._distinct is None:
            self._distinct = set(self.words)
        return self._distinct

    def opens(self, index: Index) -> tuple[dict[str, tuple[Start, ...]], list[int]]:
        """``(hits, positions)``: :meth:`Index.starts` of every distinct word that may open a
        phrase of ``index`` (looked up once per word), and the token positions of those words
        in order (computed once per index)."""
        got = self._opens.get(id(index))
        if got is None:
            hits = index.opening(self.distinct, self.clitic_keys)
            positions = [i for i, w in enumerate(self.words) if w in hits]
            got = self._opens[id(index)] = (hits, positions)
        return got

    def joined(self, i: int) -> bool:
        """Whether tokens ``i`` and ``i + 1`` may belong to one name (a short, plain gap)."""
        gap = self.text[self.ends[i] : self.starts[i + 1]]
        return 0 < len(gap) <= 3 and all(c in _GAP_OK for c in gap) or gap == ""

    def spaced(self, i: int) -> bool:
        """Whether tokens ``i`` and ``i + 1`` are separated by plain spaces only."""
        gap = self.text[self.ends[i] : self.starts[i + 1]]
        return 0 < len(gap) <= 2 and gap.strip(" \u00a0") == ""


def _match_at(tokens: _Tokens, i: int, index: Index
              ) -> tuple[int, tuple[object, ...], tuple[str, ...], int] | None:
    """Longest phrase of ``index`` starting at token ``i`` (its first token as written or with
    proclitics stripped, :func:`clitic_keys` order).

    Returns ``(end_token, values, keys, clitic_rank)`` (``end_token`` exclusive; ``clitic_rank``
    0 when the first token matched as written) or ``None``.
    """
    cands = tokens.opens(index)[0].get(tokens.words[i])
    if cands is None:
        return None
    n = tokens.n
    for rank, k0, rows in cands:
        for rest, values in rows:
            m = len(rest)
            if i + m >= n:
                continue
            if m:
                words = tokens.words
                ok = True
                for off in range(m):
                    j = i + 1 + off
                    if not tokens.joined(j - 1) or key(words[j]) != rest[off]:
                        ok = False
                        break
                if not ok:
                    continue
            return i + 1 + m, values, (k0, *rest), rank
    return None


def _proclitic(word: str, matched_key: str) -> str:
    """The proclitic letters of ``word`` stripped to reach ``matched_key`` ('' when none)."""
    full = key(word)
    if full == matched_key:
        return ""
    if full.endswith(matched_key):
        n = len(full) - len(matched_key)
    else:  # ل + ال written لل: matched "ال..." against "لل..."
        n = len(full) - len(matched_key) + 1
    return word[:n]


def _place_context(tokens: _Tokens, i: int) -> bool:
    """Whether a place spelled like a common word (``مالي``, ``ترك``) at token ``i`` follows a
    place cue (:data:`PLACE_CUES`: ``في``/``إلى``, or a word such as ``مدينة``, ``دولة``,
    ``جمهورية``) as the word right before it. ``من``/``عن`` are no cues: they govern verbal
    nouns too (``منع سكانها من ترك قراهم``)."""
    return i > 0 and tokens.spaced(i - 1) and any(
        k in PLACE_CUES for k in clitic_keys(tokens.words[i - 1]))


def _media_context(tokens: _Tokens, i: int, prev: _Mention | None) -> bool:
    """Whether an outlet-like common word at token ``i`` is an outlet here."""
    for j in range(max(0, i - 3), i):
        if any(k in MEDIA_CUES for k in clitic_keys(tokens.words[j])):
            return True
    if prev is not None and prev.entry is not None and "media" in prev.entry.flags:
        return tokens.starts[i] - prev.end <= 6
    return False


def _gazetteer(tokens: _Tokens) -> list[_Mention]:
    index = names()
    out: list[_Mention] = []
    i = 0
    for i0 in tokens.opens(index)[1]:  # only tokens that may open a name
        if i0 < i:
            continue
        i = i0
        hit = _match_at(tokens, i, index)
        if hit is None:
            i += 1
            continue
        end, values, keys, rank = hit
        entry: Entry | None = None
        source_conf = "gazetteer_clitic" if rank else "gazetteer"
        latin = is_latin(tokens.words[i])
        prev = out[-1] if out else None
        for v in values:
            assert isinstance(v, Entry)
            if "context" in v.flags and not latin:
                if (_place_context(tokens, i) if v.label == "LOCATION"
                        else _media_context(tokens, i, prev)):
                    entry, source_conf = v, "gazetteer_context"
                    break
                continue
            entry = v
            break
        if entry is None:
            i += 1
            continue
        start, stop = tokens.starts[i], tokens.ends[end - 1]
        pro = _proclitic(tokens.words[i], keys[0]) if rank else ""
        out.append(_Mention(start, stop, entry.label, "gazetteer", CONFIDENCE[source_conf],
                            keys, tokens.text[start + len(pro) : stop], entry, proclitic=pro))
        i = end
    return out


def _crf() -> Callable[[str], Sequence[Span]]:
    """The CRF tagger (:func:`mawsua.annotate.ner.predict_spans`); a missing model file
    surfaces as an ``OSError`` that :func:`_crf_mentions` turns into "rules only"."""
    return ner.predict_spans


def _crf_mentions(text: str, fn: Callable[[str], Sequence[Span]]) -> list[_Mention]:
    try:
        spans = fn(text)
    except (OSError, LookupError, RuntimeError, ValueError) as exc:  # no model: rules only
        global _CRF_WARNED
        if not _CRF_WARNED:  # once per process: the reason and the model's path
            _CRF_WARNED = True
            _LOG.warning("entities without the CRF tagger (%s: %s); model: %s",
                         type(exc).__name__, exc, ner.MODEL_PATH)
        return []
    out = []
    for s in spans:
        if s.label not in ("PERSON", "ORGANIZATION", "LOCATION", "MISC") or s.end <= s.start:
            continue
        trim = _TRIM_MEMO.get(text[s.start : s.end])
        if trim is None:
            trim = _remember(_TRIM_MEMO, text[s.start : s.end],
                             _trim_crf(text[s.start : s.end], 0, s.end - s.start))
        start, end = s.start + trim[0], s.start + trim[1]
        if end <= start:
            continue
        if (start, end) != (s.start, s.end):
            s = Span(start, end, s.label, {k: v for k, v in s.attrs.items()
                                           if k != "proclitic" or start == s.start})
        surface = text[s.start : s.end]
        pro = str(s.attrs.get("proclitic") or "")
        name = surface[len(pro):] if pro and surface.startswith(pro) else surface
        got = _NAME_MEMO.get((name, s.label))
        if got is None:
            got = _remember(_NAME_MEMO, (name, s.label), _crf_name(name, s.label))
        keys, entry = got
        if not keys:
            continue
        conf = float(s.attrs.get("confidence", 0.8))
        out.append(_Mention(s.start, s.end, s.label, "crf", conf, keys, name, entry,
                            proclitic=pro))
    return out


#: per-surface memos of the CRF post-processing (cleared when they reach :data:`MEMO_MAX`)
MEMO_MAX = 50_000
_TRIM_MEMO: dict[str, tuple[int, int]] = {}
_NAME_MEMO: dict[tuple[str, str], tuple[tuple[str, ...], Entry | None]] = {}


def _remember(memo: dict[Any, Any], k: Any, value: Any) -> Any:
    if len(memo) >= MEMO_MAX:
        memo.clear()
    memo[k] = value
    return value


def _crf_name(name: str, label: str) -> tuple[tuple[str, ...], Entry | None]:
    """Match keys of a CRF name and the gazetteer entry spelled that way with that label
    (entries that need a cue excluded)."""
    keys = tuple(key(t) for t in NAME_TOKEN_RE.findall(name))
    entry = next((v for v in names().lookup(name) if isinstance(v, Entry)
                  and v.label == label and "context" not in v.flags), None)
    return keys, entry


def _single_word_title(k: str) -> bool:
    return any(not rest for rest, _ in titles().by_first.get(k, ()))


def _trim_crf(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a CRF span to the name: leading one-word titles (``الوزير أحمد`` → ``أحمد``) and
    trailing prepositional words (``أحمد للصحافيين`` → ``أحمد``), which the tagger trained on
    ANERcorp sometimes takes in; a single-token span is kept as it is."""
    toks = [(m.start() + start, m.end() + start) for m in NAME_TOKEN_RE.finditer(text[start:end])]
    while len(toks) > 1 and _single_word_title(key(text[toks[0][0] : toks[0][1]])):
        toks.pop(0)
    while len(toks) > 1 and text[toks[-1][0] : toks[-1][1]].startswith(_PREP_PREFIXES):
        toks.pop()
    if not toks:
        return start, start
    return toks[0][0], toks[-1][1]


#: a word opening with one of these is a prepositional phrase, never the end of a name
_PREP_PREFIXES = ("لل", "بال", "فال", "كال")


def _overlaps(m: _Mention, taken: list[_Mention]) -> list[_Mention]:
    return [t for t in taken if t.start < m.end and m.start < t.end]


class _Taken:
    """Mentions kept so far, sorted by start, with the longest one's length: the overlaps of
    a new mention are found by bisection among the few that start near it (linear in the
    article, where a scan of every kept mention per new one was quadratic)."""

    def __init__(self, mentions: list[_Mention]) -> None:
        self.items = sorted(mentions, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]
        self.longest = max((x.end - x.start for x in self.items), default=0)

    def overlaps(self, m: _Mention) -> list[_Mention]:
        hi = bisect_left(self.starts, m.end)
        lo = bisect_left(self.starts, m.start - self.longest, 0, hi)
        return [t for t in self.items[lo:hi] if m.start < t.end]

    def add(self, m: _Mention) -> None:
        i = bisect_right(self.starts, m.start)
        self.starts.insert(i, m.start)
        self.items.insert(i, m)
        self.longest = max(self.longest, m.end - m.start)


def _merge(base: list[_Mention], extra: list[_Mention]) -> list[_Mention]:
    """Add ``extra`` mentions that do not overlap ``base`` (see the module doc for the CRF)."""
    out = _Taken(list(base))
    for m in extra:
        hit = out.overlaps(m)
        if not hit:
            out.add(m)
        elif (m.source == "crf" and m.label in ("ORGANIZATION", "LOCATION")
              and all(h.source == "gazetteer" and h.label != m.label
                      and m.start <= h.start and h.end <= m.end for h in hit)
              and m.end - m.start > max(h.end - h.start for h in hit)):
            out = _Taken([x for x in out.items if x not in hit] + [m])
    return sorted(out.items, key=lambda x: x.start)


def _title_at(tokens: _Tokens, i: int, mention_at: dict[int, _Mention]
              ) -> tuple[int, Title] | None:
    """A title starting at token ``i`` with its modifiers; returns (end token, title)."""
    hit = _match_at(tokens, i, titles())
    if hit is None:
        return None
    end, values, _keys, _rank = hit
    title = values[0]
    assert isinstance(title, Title)
    # modifiers: nationality adjectives (الأميركي), السابق..., a country (رئيس وزراء العراق)
    for _ in range(3):
        if end >= tokens.n or not tokens.spaced(end - 1):
            break
        m = mention_at.get(end)
        k = key(tokens.words[end])
        if m is not None and m.label == "LOCATION" and title.language == "ar":
            end = _token_after(tokens, m.end, end)
            continue
        if m is not None and title.kind == "role" and m.label == "ORGANIZATION":
            end = _token_after(tokens, m.end, end)
            continue
        if title.language == "ar" and (k in TITLE_MODIFIERS or (
                k.startswith("ال") and (k.endswith("ي") or k.endswith("يه")) and len(k) > 4
                and k not in STOP)):
            end += 1
            continue
        break
    return end, title


def _token_after(tokens: _Tokens, offset: int, start: int) -> int:
    j = start
    while j < tokens.n and tokens.starts[j] < offset:
        j += 1
    return j


def _extend_crf_person(tokens: _Tokens, i: int, mention_at: dict[int, _Mention],
                       covered: set[int], title_text: str) -> bool:
    """After a title ending before token ``i``: when the CRF tagged only the tail of the name
    (``النائب تيد [بو]``, ``الرئيس محمد [مرسي]``), extend its PERSON mention leftwards over the
    one or two name-like tokens between the title and the mention and give it the title.

    Name-like, as for :func:`_unknown_name`: Arabic, not a function word, the first not opening
    with ``ال``/``ل`` nor a name joiner, a later one not opening with the conjunction ``و``,
    separated by spaces only, none carrying a glued proclitic (``والمعماري``:
    :func:`mawsua.annotate.ner.glued_proclitic`) nor tagged mostly outside names in the NER
    training data (``بهدف``, ``دكتور``: :func:`mawsua.annotate.ner.seen_as_word`). Returns
    whether a mention was extended."""
    for gap in (1, 2):
        j = i + gap
        m = mention_at.get(j)
        if m is None:
            continue
        if m.source != "crf" or m.label != "PERSON" or m.proclitic or m.entry is not None:
            return False
        words = tokens.words[i:j]
        ks = [key(w) for w in words]
        if any(t in covered for t in range(i, j)) or any(is_latin(w) for w in words) \
                or any(k in STOP or (n == 0 and (k in NAME_JOINERS or k.startswith(("ال", "ل"))))
                       or (n > 0 and k.startswith("و")) for n, k in enumerate(ks)) \
                or any(ner.glued_proclitic(w) or ner.seen_as_word(w) for w in words) \
                or not all(tokens.spaced(t) for t in range(i, j)):
            return False
        m.start = tokens.starts[i]
        m.keys = (*ks, *m.keys)
        m.name = tokens.text[m.start : m.end]
        m.title = m.title or title_text
        covered.update(range(i, j))
        return True
    return False


def _unknown_name(tokens: _Tokens, i: int, latin: bool, taken: set[int]) -> int:
    """End token of an unknown name starting at token ``i`` after a title (``i`` if none).

    An Arabic name needs 2–4 tokens, closed by punctuation, a line end, a function word or
    another mention, and must not open with a word the NER training data tags mostly outside
    names (``المدرب بشكل جيد``: :func:`mawsua.annotate.ner.seen_as_word`)."""
    j = i
    limit = i + 4
    while j < tokens.n and j < limit and j not in taken:
        w = tokens.words[j]
        k = key(w)
        if latin:
            if not (is_latin(w) and w[0].isupper()):
                break
        elif is_latin(w) or k in STOP or (j == i and (k.startswith(("ال", "ل"))
                                                          or k in NAME_JOINERS)):
            break
        elif j > i and k.startswith("و"):  # a conjunction ends the name
            break
        j += 1
        if j < tokens.n and not (tokens.joined(j - 1) if latin else tokens.spaced(j - 1)):
            break
    if latin:
        return j
    n = j - i
    if n < 2 or key(tokens.words[j - 1]) in NAME_JOINERS or ner.seen_as_word(tokens.words[i]):
        return i
    # the name must be closed: punctuation, a line end, a function word or another mention
    if j < tokens.n:
        gap = tokens.text[tokens.ends[j - 1] : tokens.starts[j]]
        nxt = key(tokens.words[j])
        if gap.strip(" \u00a0") == "" and nxt not in STOP and j not in taken \
                and not nxt.startswith("و"):
            return i
    return j


def _rules(tokens: _Tokens, mentions: list[_Mention]) -> tuple[list[_Mention],
                                                               list[tuple[int, int, str]]]:
    """Title rules: set titles, add unknown names; return (new mentions, standalone titles)."""
    mention_at: dict[int, _Mention] = {}
    covered: set[int] = set()
    tok = 0
    for m in mentions:
        while tok < tokens.n and tokens.starts[tok] < m.start:
            tok += 1
        if tok < tokens.n and tokens.starts[tok] == m.start:
            mention_at[tok] = m
        j = tok
        while j < tokens.n and tokens.starts[j] < m.end:
            covered.add(j)
            j += 1
    new: list[_Mention] = []
    alone: list[tuple[int, int, str]] = []
    title_hits, title_positions = tokens.opens(titles())
    i = 0
    for i0 in title_positions:  # only tokens that may open a title
        if i0 < i or i0 in covered:
            continue
        i = i0
        hit = _title_at(tokens, i, mention_at)
        if hit is None:
            i += 1
            continue
        end, title = hit
        # the first candidate key that opens a title (clitic_keys order)
        pro = _proclitic(tokens.words[i], title_hits[tokens.words[i]][0][1])
        if pro not in ("", "و", "ف") or (i > 0 and any(
                k in FACILITY for k in clitic_keys(tokens.words[i - 1]))):
            i = end
            continue
        # chains of titles: "صاحب السمو الملكي الأمير"
        while end < tokens.n and end not in covered and tokens.spaced(end - 1):
            more = _title_at(tokens, end, mention_at)
            if more is None:
                break
            end = more[0]
        t_start, t_end = tokens.starts[i], tokens.ends[end - 1]
        title_text = tokens.text[t_start:t_end]
        title_text = title_text[len(pro):]
        nxt = mention_at.get(end) if end < tokens.n and tokens.spaced(end - 1) else None
        if nxt is not None and nxt.label == "PERSON" and not nxt.proclitic:
            nxt.title = nxt.title or title_text
            i = end
            continue
        latin = title.language == "en"
        if title.kind == "person" and end < tokens.n and tokens.spaced(end - 1) and nxt is None \
                and _extend_crf_person(tokens, end, mention_at, covered, title_text):
            i = end
            continue
        if title.kind == "person" and end < tokens.n and tokens.spaced(end - 1) and nxt is None:
            stop = _unknown_name(tokens, end, latin, covered)
            if stop > end:
                s, e = tokens.starts[end], tokens.ends[stop - 1]
                name = tokens.text[s:e]
                keys = tuple(key(w) for w in tokens.words[end:stop])
                entry = None
                if latin:  # "President Biden": the gazetteer knows the surname
                    entry = next((v for v in names().lookup(name) if isinstance(v, Entry)
                                  and v.label == "PERSON"), None)
                new.append(_Mention(s, e, "PERSON", "rule", CONFIDENCE["rule"], keys, name,
                                    entry, title=title_text))
                covered.update(range(end, stop))
                i = stop
                continue
        if nxt is None and end - i >= 2:
            alone.append((t_start, t_end, title_text))
        i = end
    return new, alone


def _post_mentions(article: Article, mentions: list[_Mention]) -> list[_Mention]:
    """Author display names and @handles of embedded posts."""
    text = article.text
    out: list[_Mention] = []
    for b in article.layer("blocks"):
        if b.label != "embedded_post":
            continue
        author = str(b.attrs.get("author") or "").strip()
        handle = str(b.attrs.get("handle") or "").strip()
        if not author and not handle:
            continue
        entry = _resolve_author(author) if author else None
        keys = tuple(key(t) for t in NAME_TOKEN_RE.findall(author or handle))
        group = ("post", handle or author)
        if author:
            pos = text.rfind(author, b.start, b.end)
            if pos >= 0:
                out.append(_Mention(pos, pos + len(author), "PERSON", "post",
                                    CONFIDENCE["post"], keys, author, entry, group=group))
        if handle:
            for m in re.finditer(re.escape(handle), text):
                before = text[m.start() - 1] if m.start() else " "
                after = text[m.end()] if m.end() < len(text) else " "
                if _HANDLE_CHARS.match(before) or _HANDLE_CHARS.match(after):
                    continue
                out.append(_Mention(m.start(), m.end(), "PERSON", "post", CONFIDENCE["post"],
                                    keys, author or handle, entry, group=group))
    # a post mention replaces the plain matches inside it ("President Biden" over "Biden")
    kept = [m for m in mentions if not _overlaps(m, out)]
    for m in out:
        if m.entry is None:
            inner = [x for x in mentions if m.start <= x.start and x.end <= m.end
                     and x.label == "PERSON" and x.entry is not None]
            if inner:
                m.entry = inner[0].entry
    return sorted(kept + out, key=lambda x: x.start)


def _resolve_author(author: str) -> Entry | None:
    """The gazetteer person an author display name names (``President Biden`` → Joe Biden)."""
    tokens = NAME_TOKEN_RE.findall(author)
    for cut in range(len(tokens)):
        rest = " ".join(tokens[cut:])
        for v in names().lookup(rest):
            if isinstance(v, Entry) and v.label == "PERSON":
                return v
    return None


def _group(mentions: list[_Mention]) -> None:
    """Give each mention its group key (see the module doc)."""
    for m in mentions:
        if m.entry is not None:
            m.group = ("g", m.label, m.entry.canonical)
        elif not m.group:
            m.group = ("n", m.label, *m.keys)
    # handles and authors resolved through the gazetteer join the gazetteer group
    for m in mentions:
        if m.source == "post" and m.entry is not None:
            m.group = ("g", m.label, m.entry.canonical)
    persons = [m for m in mentions if m.label == "PERSON"]
    multi: dict[str, set[tuple[str, ...]]] = {}
    for m in persons:
        if len(m.keys) >= 2:
            multi.setdefault(strip_article(m.keys[-1]), set()).add(m.group)
    for m in persons:
        if len(m.keys) == 1 and m.entry is None:
            groups = multi.get(strip_article(m.keys[0]), set())
            if len(groups) == 1:
                m.group = next(iter(groups))


def _surname_labels(mentions: list[_Mention]) -> None:
    """A one-token CRF mention of another type that is the last token of a multi-token person
    of the article is that person's surname (``هادي`` after ``عبدربه منصور هادي``, tagged
    LOCATION by the tagger): relabelled PERSON, so that grouping joins it to the person. The
    second part of a compound after a name joiner (``عبد الله``, ``أبو بكر``) is no surname."""
    last = {m.keys[-1] for m in mentions
            if m.label == "PERSON" and len(m.keys) >= 2 and m.keys[-1] not in STOP
            and m.keys[-1] not in COMPOUND_TAILS
            and m.keys[-2] not in NAME_JOINERS}  # عبد الله, أبو بكر: no surname
    for m in mentions:
        if m.source == "crf" and m.label != "PERSON" and m.entry is None \
                and len(m.keys) == 1 and m.keys[0] in last:
            m.label = "PERSON"


def _surnames(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Bare surnames (``لودريان``) of the multi-token names the rules or the CRF found."""
    last = {m.keys[-1]: m for m in mentions
            if m.label == "PERSON" and m.entry is None and len(m.keys) >= 2
            and len(m.keys[-1]) >= 4 and m.keys[-1] not in STOP}
    if not last:
        return []
    found: dict[str, tuple[str, str]] = {}  # word -> (matched key, proclitic), once per word
    for w in tokens.distinct:
        for rank, k in enumerate(tokens.clitic_keys(w)):
            if k in last:
                found[w] = (k, _proclitic(w, k) if rank else "")
                break
    out = []
    if not found:
        return out
    for i, w in enumerate(tokens.words):
        got = found.get(w)
        if got is not None:
            k, pro = got
            out.append(_Mention(tokens.starts[i], tokens.ends[i], "PERSON", "rule",
                                CONFIDENCE["rule"], (k,), w[len(pro):], proclitic=pro))
    return out


def _coref(alone: list[tuple[int, int, str]], mentions: list[_Mention],
           tokens: _Tokens) -> list[_Mention]:
    """Standalone titles carried by exactly one person in the article join that person."""
    by_title: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.title:
            by_title.setdefault(tuple(key(w) for w in NAME_TOKEN_RE.findall(m.title)),
                                set()).add(m.group)
    out = []
    for s, e, title_text in alone:
        groups = by_title.get(tuple(key(w) for w in NAME_TOKEN_RE.findall(title_text)), set())
        if len(groups) != 1 or any(x.start < e and s < x.end for x in mentions):
            continue
        g = next(iter(groups))
        ref = next(m for m in mentions if m.group == g)
        out.append(_Mention(s, e, "PERSON", "coref", CONFIDENCE["coref"], ref.keys, ref.name,
                            ref.entry, group=g, title=title_text))
    return out


def find_mentions(article: Article, *, crf: bool = True) -> list[_Mention]:
    """All grouped mentions of ``article`` (internal shape; :func:`entities` builds spans)."""
    text = article.text
    tokens = _Tokens(text)
    mentions = _gazetteer(tokens)
    fn = _crf() if crf else None
    if fn is not None:
        mentions = _merge(mentions, _crf_mentions(text, fn))
    mentions = _post_mentions(article, mentions)
    new, alone = _rules(tokens, mentions)
    mentions = _merge(mentions, new)
    mentions = _merge(mentions, _surnames(tokens, mentions))
    _surname_labels(mentions)
    _group(mentions)
    mentions = _merge(mentions, _coref(alone, mentions, tokens))
    return mentions


def entities(article: Article, *, crf: bool = True) -> Article:
    """Return ``article`` with its ``"entities"`` layer set (see the module doc).

    Args:
        article: a cleaned article (the ``"blocks"`` layer is used when present).
        crf: use the CRF tagger when it is installed (``False``: gazetteer and rules only).
    """
    mentions = find_mentions(article, crf=crf)
    ids: dict[tuple[str, ...], str] = {}
    members: dict[tuple[str, ...], list[_Mention]] = {}
    for m in mentions:
        ids.setdefault(m.group, f"E{len(ids) + 1}")
        members.setdefault(m.group, []).append(m)
    canonical: dict[tuple[str, ...], tuple[str, str | None]] = {}
    for g, ms in members.items():
        entry = next((m.entry for m in ms if m.entry is not None), None)
        if entry is not None:
            canonical[g] = (entry.canonical, entry.country)
        else:
            arabic = [m.name for m in ms if not is_latin(m.name)] or [m.name for m in ms]
            canonical[g] = (max(arabic, key=len), None)
    spans = []
    for m in mentions:
        name, country = canonical[m.group]
        attrs: dict[str, Any] = {"entity": ids[m.group], "canonical": name, "source": m.source,
                                 "confidence": round(m.confidence, 3)}
        if country:
            attrs["country"] = country
        if m.title:
            attrs["title"] = m.title
        if m.proclitic:
            attrs["proclitic"] = m.proclitic
        spans.append(Span(m.start, m.end, m.label, attrs))
    return article.with_layer("entities", spans)
