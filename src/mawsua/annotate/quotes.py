"""The ``quotes`` layer (issue 4, docs/annotations.md): who said what, as spans over ``text``.

Shape: one :class:`~mawsua.model.Span` per quotation, ``label`` ``direct`` or ``partial``,
``[start, end)`` = the words inside the quotation marks (code points over the repaired text;
surrounding spaces and one final ``،`` inside the marks are left out, a full stop is kept). ``attrs``:
``speaker`` (the entity's canonical name when the speaker mention is linked to the entities
layer, else the mention as written, a description (``unnamed sources``, ``والدة رضائيان``,
``الوزارة الأمريكية``), or ``None`` when nothing valid can be resolved), ``speaker_entity``
(entity key or ``None``), ``speaker_start``/``speaker_end`` (the mention; for an implied
speaker the antecedent's mention; ``None`` when unresolved), ``speaker_implied``, ``cue`` (the
reporting word as written, ``tweet`` for a tweet), ``cue_start``/``cue_end``, ``language``,
``translation_of`` (index in this layer of the quote it renders, or ``None``).

Rules (data in :mod:`mawsua.arabic.reporting`):

1. **Pairing.** Quotation marks pair inside one paragraph: ``« »``, ``“ ”``, ``‘ ’`` (a ``’``
   between letters is an apostrophe), reversed ``» «``, and straight ``"``: a ``"`` opens only
   after a space, the paragraph start, ``: ( ، ,`` or a one-letter proclitic (``و"``, ``ب"``),
   and closes only after a non-space or before a space/punctuation — so a stray mark
   (``(هـ)" .``) does not shift every later pair. A mark left open at the end of a paragraph
   whose next paragraph opens with a mark runs to the paragraph end (a quotation over several
   paragraphs); the reopened paragraph is a quote of the same speaker. Marks inside
   caption/embedded-post blocks are not paired; embedded posts are quotes of their own (rule 6).
   Quotations nest: a ``«`` (``“``) inside an open ``«`` (``“``) opens an inner one that its
   ``»`` (``”``) closes, and a ``"`` that looks like an opening mark inside an open ``"`` opens
   an inner one; a straight quotation whose closing mark was forgotten ends at the last
   sentence end before its first inner mark, else with that inner quotation (its marks kept
   balanced). A quotation's text never starts or ends with a mark left unbalanced (a stray
   closing mark after a colon quotation): such a mark is trimmed.
2. **Cue.** The nearest reporting cue (:func:`mawsua.arabic.reporting.lookup`) before the
   opening mark in the same sentence (sentences end at ``. ! ? ؟`` or a line break outside
   quotations; not at the dot of a one-letter abbreviation, ``د.``), at most :data:`MAX_CUE_WORDS` words back, words inside other quotations
   skipped. A quotation that starts a sentence may take its cue right after it
   (``"..."، قال فلان``), also through a pointer (``"..."، هذا ما قاله كارار``). ``كتب``
   before ``على``/``عليها`` is an inscription, not a cue.
3. **Kind.** ``direct`` when a colon stands right before the opening mark, when the cue comes
   after the quotation, or when a verb of saying (``قال``, ``أضاف``, ``بقوله``...) is followed by
   at most :data:`DIRECT_GAP_WORDS` words none of which is a complementiser (``أن``, ``إن``)
   (``وقال مورينيو في مؤتمر صحافي "..."``); otherwise ``partial``.
4. **Not quotes** (except after a colon): a quotation of at most :data:`NAME_MAX_WORDS` words
   right after a naming noun (``قناتي "العربية"``, ``برنامج``, ``ملعب``...); one coordinated
   with such a name (``"العربية" و"الحدث"``); one of at most NAME_MAX_WORDS words that are all
   definite (a term), that starts with a digit (``«207 شركات حج»``) or an attribution
   (``«بحسب وصفه»``), or that is an entity's whole name; an acronym spelt in letter names
   (``«إن بي آر»``); a quotation of at most
   :data:`SHORT_MAX_WORDS` words unless it stands inside reported speech (a complementiser
   between its cue and it: ``قال إن اليمن "يتداعى"``; Al-Watan's emphasis quotes such as
   ``إجازة "رسمية"`` stay out) or over an entity; one that opens a complement clause after a
   bare complementiser, the clause going on after it, when it reads as a name (one rare word,
   or words that recur in the text outside marks: ``قالت إن "موديز" أقدمت``; after ``إنها``
   the quotation is the predicate and stays a quote), or (up to NAME_MAX_WORDS words) when it
   names a person (``كشفت أن «شقيق سوزان مبارك» أسس``); a title of up to
   :data:`TITLE_MAX_WORDS` words right after a bare title noun (``ندوة «...»``, ``بعنوان``,
   ``بشعار``; not ``برنامجه "..."``); a list of names (:func:`_listing`); one word glued to
   digits (``«جنيف1»``); a quotation inside another quote; and any quotation with no cue (a
   cue in a relative clause, ``ما قاله``, only right before its marks; ``كتب`` after a written
   surface, ``وفي لافتة أخرى، كتب:``, is no cue).
5. **Speaker.** For a finite verb, the noun phrase after it (an addressee is skipped: a
   pronoun ``له`` or لـ + a noun with a possessive suffix, ``تقول لحفيدتها``) up to a stop word, punctuation or a prepositional word, validated
   (:meth:`_Doc._phrase`): a person named in it wins (a spokesman over his ministry; not the
   principal after ``باسم``; not a person governed by a common noun before a definite family
   name: ``قوات الأسد`` is the speaker); else an organisation, but the head of one (``رئيس فريق
   الخبراء``) is a description; a relational description (``والدة رضائيان``); an unnamed
   source with its modifiers (``مصدر موثوق به في فيفا``; a definite ``المصدر`` refers back to
   the last one); an honorific pronoun (``سموه``) resolved to its antecedent; a person named in
   commas after a title (``قائممقام قضاء الحضر، علي الحمدي،``) or after a title's
   prepositional complement (``الخبير في الشؤون الإيرانية هاني سليمان:``); an institution or
   document described (``الوزارة الأمريكية``, ``البيان``, with its name in marks: ``صحيفة
   «موندو ديبورتيفو»``); a title with a name or the title alone; a
   family name of a person named before; a rare word (Zipf < :data:`NAME_MAX_ZIPF`, the
   offline lexicon) as a bare name. Anything else is left unresolved (``speaker`` ``None``),
   never an arbitrary phrase. Entity mentions are trimmed of words glued before the name
   (``الشباب عمر الغامدي``) and extended over a left-out particle (``دا سيلفا``). ``نقل ... عن
   فلان`` gives فلان. An empty phrase (``وأضاف:``, ``ومن جانبه قال:``) is a pronoun-dropped
   subject: the definite noun opening the sentence or line right before an SVO cue, agreeing in
   gender (``الجدة تقول لحفيدتها:``); a document noun right before a cue that describes it
   (``تقرير استخباري أمريكي صدر مؤخرا قال``); else the first person (else organisation) named
   earlier in the same sentence (``ألقى
   فلان كلمة قال فيها``, ``وكانت الوزارة قد قالت``; not one in a prepositional phrase; an
   organisation named before the person for a feminine verb), else for a continuation cue
   (``وتابع``) the speaker of the quotation just before (unresolved when that one was), else
   the speaker of the nearest earlier cue whose gender agrees, else the last person named
   (not for a feminine or plural cue, nor one named before another speaker's cue: unresolved
   instead); ``أما X فقال`` takes X or nothing; the person after ``على لسان`` in the cue's
   clause speaks, not the report relaying them; an anaphoric definite title (``وأضاف
   القيادي``) is the named speaker who bore it. See docs/quotes.md for the faults met on
   unseen outlets. A plural verb (``قالوا``, ``رددوا هتافات``) always has its subject
   before it, so the words after it are never the speaker. A participle (``مشيرا``, ``قائلا``)
   takes the subject of the nearest preceding finite cue of the same gender — unless its own
   sentence has no verb of saying before it, when it takes the first person named in that
   sentence (the subject of the verb it hangs on: ``ورد عليه السفير جلعاد إردان قائلا:``); a masdar (``عن
   مورينيو قوله``) takes the phrase between ``عن`` and it.
6. **Embedded posts.** Each ``embedded_post`` block is one ``direct`` quote: its text without the
   attribution line (``— President Biden (@POTUS) July 26, 2021``), speaker = the entity over
   the author or handle in that line (else the author as written), cue ``tweet`` (``post`` for
   other platforms), the block's language. An Arabic quote whose sentence mentions a post
   (``في تغريدة``, ``على حسابه في تويتر``) and whose length is within
   :data:`TRANSLATION_RATIO` of a post in another language gets ``translation_of`` = that
   post's quote index.
7. **Colon quotations without marks** (:func:`_colon_quotes`): ``وقال سكان محليون: إن ...``
   (on the same line as its colon) is a ``direct`` quote up to where the reporter's voice resumes (the sentence end or a
   participle cue such as ``، مشيرا إلى أن``); not when a longer quotation in marks lies inside
   or when it opens with a third-person complementiser (``: إنها ...``, indirect speech). A
   quotation in round brackets after such a colon is taken whole (a poem: ``قصيدة يقول في
   مطلعها: (...)``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mawsua.arabic import reporting as rep
from mawsua.arabic.fold import fold
from mawsua.arabic.lexicon import zipf
from mawsua.model import Article, Span

#: most words between a cue in a relative clause (``ما قاله``) and the quotation it introduces
RELATIVE_CUE_WORDS = 4
#: longest title in marks after a title noun (``ندوة``, ``كتاب``, ``بعنوان``) taken as a name
TITLE_MAX_WORDS = 20
#: fewest comma-separated items for a quotation to be a list of names
LIST_MIN_ITEMS = 3
#: letters and digits glued in one word: a name (``جنيف1``, ``كوب28``), not speech
_GLUED_DIGIT_RE = re.compile(r"^[^\s0-9٠-٩]*[\u0621-\u064a][0-9٠-٩]+$|^[0-9٠-٩]+[\u0621-\u064a]+$")

#: how many words back from an opening mark a cue may stand
MAX_CUE_WORDS = 30
#: words allowed between a verb of saying and a direct quotation without a colon
DIRECT_GAP_WORDS = 12
#: longest quotation (words) that can be a quoted name or term (rule 4)
NAME_MAX_WORDS = 4
#: a quotation of at most this many words is never a quote unless a colon introduces it
SHORT_MAX_WORDS = 2
#: a short quotation is a partial quote only this many words after its complementiser
#: (``إن اليمن "يتداعى"``) or right after a predicate marker (``هي بمثابة "محاكمة صورية"``);
#: further on it is a name or an emphasis (``فرّوا من "عفرين"``)
SHORT_CLAUSE_WORDS = 7
#: longest speaker noun phrase after a cue (words)
SPEAKER_MAX_WORDS = 6
#: a bare word after a cue (no entity, no title) is taken as a name only when it is rarer
#: than this on the Zipf scale (common nouns such as ``قرار`` are ~4.5 and above)
NAME_MAX_ZIPF = 4.0
#: how many words back from a colon its cue may stand (colon quotations without marks)
COLON_CUE_WORDS = 25
#: a colon quotation without marks has at least this many words
COLON_MIN_WORDS = 3
#: how far (words) after a title phrase a person named in commas may stand
APPOSITION_WORDS = 6
#: characters back from a dropped-pronoun cue within which (and within its paragraph and the
#: one before) an attribution ``حسب فلان`` names who goes on speaking
ATTRIBUTION_REACH = 600
#: words at most between a document noun and the cue of the clause describing it
#: (``تقرير استخباري أمريكي صدر مؤخرا قال``)
DOCUMENT_WORDS = 6
#: a rendering and its post differ in length (code points) by at most this factor
TRANSLATION_RATIO = 2.5

_WORD_RE = re.compile(r"[^\s\"«»“”‘’:،,.؛;!؟?()\[\]{}\-–—/]+")
_BOUNDARY_RE = re.compile(r"[.!?؟](?=\s|$)|\n")
_DEFINITE_RE = re.compile(r"^(?:[وفبك]?ال|لل)")
_ATTRIBUTION_RE = re.compile(r"\n\s*[—–-]+\s*\S")
_PREP_WORD_RE = re.compile(r"^(?:[وف]?(?:بال|لل|بم|بت|لم|لت)\S{2,})$")
# the dot of a one-letter abbreviation (``د.`` doctor, ``م.`` engineer, ``أ.``): no sentence end
_ABBREVIATION_DOT = re.compile(r"(?:^|(?<=[\s(،,]))[\u0621-\u064a]\.$")
# complementisers without a pronoun: the word after one is the clause's subject
_BARE_COMPLEMENTISERS = frozenset(rep.key(w) for w in ("أن", "إن", "ان", "بأن"))
# after a closing mark, the clause goes on with a word (not punctuation, not the end)
_CLAUSE_GOES_ON = re.compile(r"[ \t]*[\u0621-\u064a]")
_COLON_RE = re.compile(r"(?<![0-9]):[ \t\u00a0]*")
#: a preposition on a hamza-initial word (``بإخلاص``, ``لأسباب``): never a name
_HAMZA_PREP_RE = re.compile("^[وف]?[بل][أإ]")
#: a colon followed on its line by an Arabic letter (a possible unmarked quotation)
_COLON_LETTER_RE = re.compile(r"(?<![0-9]):[ \t\u00a0]*(?=[\u0621-\u064a])")
_LATIN_RE = re.compile(r"[A-Za-z]")
_ARABIC_RE = re.compile(r"[\u0621-\u064a]")
_PROCLITICS = "وبلفك"
_OBJECT_SUFFIXES = ("ه", "ها", "هم")
_ACCUSATIVE_RE = re.compile("(?:\u064b\u0627|\u0627\u064b|\u064b)$")
_HANDLE_RE = re.compile(r"^@?[A-Za-z][A-Za-z0-9_.]{2,}$")
_LATIN_WORD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*$")
#: a participle in the accusative without its tanween (ḥāl: ساخرا, مبتسما, معلقا): no name
_HAL_RE = re.compile("^(?:[\u0621-\u064a]ا[\u0621-\u064a]{2}|م[\u0621-\u064a]{3,5})ا$")
_OPEN_AFTER = " \t\n\u00a0\u202f:(،,[«"
_CLOSE_BEFORE = " \t\n\u00a0\u202f.،,:؛;)!؟?]"
_BLOCK_LABELS_SKIPPED = ("embedded_post", "caption", "boilerplate", "related_links")


@dataclass(slots=True)
class _Word:
    """One word of the text (built for every word: not frozen, the cheapest to construct)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Speaker:
    name: str | None
    entity: str | None
    start: int | None
    end: int | None
    gender: str | None
    explicit: bool


# --- pairing ----------------------------------------------------------------------------

_MARK_RE = re.compile("[\"«»“”‘’]")


def _pairs(text: str, ps: int, pe: int, carry: bool = False) -> list[tuple[int, int]]:
    """Positions ``(open, close)`` of paired quotation marks inside ``text[ps:pe]`` (rule 1).

    With ``carry``, a mark still open at the end of the paragraph is closed there (``close``
    = ``pe``): the convention of a quotation running over paragraphs, each reopened with the
    mark and only the last one closed (the caller checks that the next paragraph reopens).
    """
    out: list[tuple[int, int]] = []
    reversed_ok = "»" in text[ps:pe] and "«" in text[ps:pe] and (
        text.find("»", ps, pe) < text.find("«", ps, pe))
    start = ps
    while True:
        closer, opened, resume = _pair_from(text, start, ps, pe, reversed_ok, out)
        if resume is None:
            break
        # a straight quotation that never closes but holds a nested one (``"… "اسم" …``):
        # it ends with the first nested one (marks kept balanced), or at the last sentence
        # end before it; pairing goes on after
        out.append((opened, resume))
        start = resume
    if carry and closer is not None and closer != "’":
        out.append((opened, pe))
    return out


def _pair_from(text: str, start: int, ps: int, pe: int, reversed_ok: bool,
               out: list[tuple[int, int]]) -> tuple[str | None, int, int | None]:
    """Pair marks of ``text[start:pe]`` (paragraph from ``ps``) into ``out``: see
    :func:`_pairs`. Returns the mark still open at the end (``closer``, ``opened``) and, for an
    unclosed straight quotation holding a nested one, the end of the first nested one."""
    closer: str | None = None
    opened = -1
    depth = 0  # quotations nested in the open one with the same marks («… «اسم» …»)
    inner_end: int | None = None  # end of the first nested straight-quoted stretch
    inner_open = -1  # its opening mark
    for m in _MARK_RE.finditer(text, start, pe):
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i > ps else " "
        nxt = text[i + 1] if i + 1 < pe else " "
        if closer is None:
            if ch == "«" or ch == "“":
                closer, opened = ("»" if ch == "«" else "”"), i
            elif ch == "»" and reversed_ok:
                closer, opened = "«", i
            elif ch == "‘" and not prev.isalpha():
                closer, opened = "’", i
            elif ch == '"' and (prev in _OPEN_AFTER or i == ps or _proclitic_before(
                    text, i, ps)):
                closer, opened = '"', i
            depth, inner_end, inner_open = 0, None, -1
            continue
        if closer in _OPENER_OF and ch == _OPENER_OF[closer]:
            depth += 1  # a quotation inside the quotation, with the same marks
            continue
        if ch != closer:
            continue
        if ch == "’" and nxt.isalpha():
            continue  # an apostrophe (I’ll)
        if ch == '"' and prev.isspace() and nxt not in _CLOSE_BEFORE and (
                depth or not _hugs_outside(text, opened, i, ps, pe)):
            depth += 1  # looks like an opening mark: a nested quotation, or a stray mark
            if inner_open < 0:
                inner_open = i
            continue
        if depth:
            depth -= 1
            if inner_end is None and closer == '"':
                inner_end = i + 1
            continue
        out.append((opened, i))
        closer = None
    if closer == '"' and inner_end is not None:
        # the closing mark was forgotten: when a sentence ends before the nested mark
        # (``… المنافسات. ورداً على سؤال "دنيا الرياضة"``) the quotation ends there
        stops = list(_SENTENCE_END_RE.finditer(text, opened + 1, inner_open))
        return closer, opened, stops[-1].start() if stops else inner_end
    return closer, opened, None


#: words at most in a straight quotation whose closing mark hugs the next word
HUG_MAX_WORDS = 4


def _hugs_outside(text: str, opened: int, i: int, ps: int, pe: int) -> bool:
    """Whether the straight mark at ``i``, with a space before it and a letter after it
    (``"غنيم "ليكن``), closes the quotation opened at ``opened`` rather than opening a nested
    one: the opening mark has a space after it (``لـ" الدستور الأصلي "ان``: marks typed
    hugging the words outside), or what it closes is a short term of at most
    :data:`HUG_MAX_WORDS` words with no sentence end — and the next straight mark of the
    paragraph, if any, can open a quotation (a nested one would be closed by it:
    ``"وجهنا عدة نداءات للسفينة "سان توريني" ولم ..."``)."""
    inner = text[opened + 1 : i]
    if not inner.strip():
        return False  # :" "إن ...: a doubled opening mark
    if not (inner[:1].isspace() or (len(inner.split()) <= HUG_MAX_WORDS
                                    and not _SENTENCE_END_RE.search(inner))):
        return False
    j = text.find('"', i + 1, pe)
    return j < 0 or text[j - 1] in _OPEN_AFTER or _proclitic_before(text, j, ps)


def _proclitic_before(text: str, i: int, ps: int) -> bool:
    """Whether the mark at ``i`` follows a one-letter proclitic standing as a word of its
    own (``و"``, ``ب"``), also drawn out with a tatweel (``لـ"``, ``بـ"``): it opens."""
    j = i - 1
    if j > ps and text[j] == "\u0640":  # لـ"الدستور"
        j -= 1
    return j >= ps and text[j] in _PROCLITICS and (j == ps or text[j - 1] in _OPEN_AFTER)


_SENTENCE_END_RE = re.compile(r"[.!?؟](?=\s)")
#: the opening mark of each closing mark that nests (``«…«…»…»``, ``“…“…”…”``)
_OPENER_OF = {"»": "«", "”": "“"}
#: the partner of every mark, for :func:`_balanced_edges` (a straight mark is its own)
_PARTNER = {"«": "»", "»": "«", "“": "”", "”": "“", "‘": "’", "’": "‘", '"': '"'}


def _balanced_edges(text: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` without quotation marks left unbalanced at its edges: a leading mark whose
    partner is not inside the span (``: "نص…`` read without its closing mark, or a stray
    closing mark ``نص…"`` after a colon quotation), with the spaces and the final comma around
    it. A mark whose partner is inside (``"اسم" قال…``) stays: it quotes a name within."""
    while b > a:
        ch = text[b - 1]
        if ch in _PARTNER and _unpaired(text[a : b - 1], ch, closing=True):
            b -= 1
            while b > a and text[b - 1] in " \t،,":
                b -= 1
            continue
        break
    while a < b:
        ch = text[a]
        if ch in _PARTNER and _unpaired(text[a + 1 : b], ch, closing=False):
            a += 1
            while a < b and text[a].isspace():
                a += 1
            continue
        break
    return a, b


def _unpaired(inside: str, ch: str, closing: bool) -> bool:
    """Whether mark ``ch`` at one edge of a span has no partner in the rest ``inside``: for a
    straight ``"``, an even number of them inside; for a directional mark, more closers than
    openers inside when it opens (or the reverse when it closes)."""
    if ch == '"':
        return inside.count('"') % 2 == 0
    partner = _PARTNER[ch]
    if ch == "’" and closing:
        return False  # an apostrophe at a word's end (the Latin possessive)
    return inside.count(partner) <= inside.count(ch)


def _content(text: str, o: int, c: int) -> tuple[int, int]:
    """The quoted words between marks ``o`` and ``c``: surrounding spaces and a final comma
    trimmed; a full stop inside the marks is kept (gold convention, ``gold/dev/README.md``)."""
    a, b = o + 1, c
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a and text[b - 1] in "،,":
        b -= 1
        while b > a and text[b - 1].isspace():
            b -= 1
    return _balanced_edges(text, a, b)


# --- helpers ----------------------------------------------------------------------------

def _strip_affixes(k: str) -> list[str]:
    """Candidate stems of a folded word for the naming-noun test (prefixes, possessives)."""
    out = [k]
    for pre in ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف"):
        if k.startswith(pre) and len(k) - len(pre) >= 2:
            out.append(k[len(pre) :])
    for w in list(out):
        for suf in ("هم", "ها", "ه", "ي"):
            if w.endswith(suf) and len(w) - len(suf) >= 2:
                out.append(w[: -len(suf)])
    return out


def _bare(k: str) -> str:
    """A folded word without the article or one conjunction (``والوالدة`` → ``والده``)."""
    for pre in ("وال", "ال", "و"):
        if k.startswith(pre) and len(k) - len(pre) >= 2:
            return k[len(pre) :]
    return k


def _rare_name(word: str) -> bool:
    """A word rare enough to be a name (Zipf < :data:`NAME_MAX_ZIPF`) that is not a common
    word behind a proclitic (``بإخلاص`` = ``ب`` + ``إخلاص``), nor an indefinite accusative
    (tanween fath: ``مقالاً``, ``بيانًا``: an object, never a name)."""
    if _ACCUSATIVE_RE.search(word) or _HAL_RE.match(word):
        return False
    f = fold(word)
    z = zipf(f)
    if z >= NAME_MAX_ZIPF:
        return False
    return not (f[:1] in "وفبلك" and len(f) > 3 and zipf(f[1:]) >= max(z + 1.0, 3.0))


def _own_speech(k: str) -> bool:
    """Whether the folded word ``k`` is a speech noun with a possessive suffix (``مقاله``,
    ``كلمتها``, ``حديثهم``; :data:`rep.SPEECH_NOUNS`)."""
    for suf in ("هما", "هم", "ها", "ه"):
        if k.endswith(suf) and len(k) > len(suf) + 1:
            stem = k[: -len(suf)]
            if stem in rep.SPEECH_NOUNS or (stem.endswith("ت") and stem[:-1] + "ه"
                                            in rep.SPEECH_NOUNS):
                return True
    return False


_POSSESSIVE_ENDINGS = ("ه", "ها", "هما", "هم", "هن", "ك", "كم", "نا")


def _addressee(word: str) -> bool:
    """Whether a word right after a cue is its addressee, never the speaker: an addressee
    pronoun (``له``, ``لي``) or لـ + a noun with a possessive suffix (``تقول لحفيدتها``,
    ``قال لزملائه``). Titles (``لواء``) and words without a suffix (``لجنة``, ``لبنان``) are
    not taken."""
    k = rep.key(word)
    if k in rep.ADDRESSEE_PRONOUNS:
        return True
    return len(word) >= 5 and word[0] == "ل" and word[1] != "ل" and word.endswith(
        _POSSESSIVE_ENDINGS) and k not in rep.TITLES and k[1:] not in rep.TITLES


#: words opening a topic phrase right after a cue (``وأضاف بخصوص تهديد رئيس الحكومة
#: بالاستقالة "..."``): the person named in it is spoken about; the speaker is the dropped
#: pronoun (a subject comes before such a phrase: ``وقال الوزير بشأن ذلك``)
_TOPIC_OPENERS = frozenset(rep.key(w) for w in (
    "بخصوص", "بشأن", "حول", "تعليقا", "ردا", "تعقيبا"))  # (keys drop the tanween: تعليقاً)


def _adverbial(word: str) -> bool:
    """An indefinite accusative participle used as an adverb (``متوجها``, ``مجددا``,
    ``متسائلاً``): never a speaker."""
    k = rep.key(word)
    return len(k) >= 4 and k[0] == "م" and k.endswith("ا")


def _language(art: Article, a: int, b: int) -> str:
    """Language of ``text[a:b]``: the narrowest run of the languages layer, else the script."""
    best: Span | None = None
    for s in art.layer("languages"):
        if s.start <= a < s.end and (best is None or s.end - s.start < best.end - best.start):
            best = s
    if best is not None and best.label:
        return best.label
    chunk = art.text[a:b]
    return "en" if len(_LATIN_RE.findall(chunk)) > len(_ARABIC_RE.findall(chunk)) else "ar"


class _Doc:
    """Per-article state: words, sentence boundaries, quotation ranges and entities."""

    def __init__(self, art: Article, quoted: Sequence[tuple[int, int]]) -> None:
        self.art = art
        self.text = art.text
        self.words = [_Word(m.start(), m.end(), m[0]) for m in _WORD_RE.finditer(self.text)]
        self.starts = [w.start for w in self.words]
        self.quoted = sorted(quoted)
        self.qstarts = [o for o, _ in self.quoted]
        self.bounds = [m.start() for m in _BOUNDARY_RE.finditer(self.text)
                       if not self.in_quote(m.start()) and not _ABBREVIATION_DOT.search(
                           self.text, max(0, m.start() - 2), m.start() + 1)]
        self.entities = sorted(art.layer("entities"), key=lambda s: (s.start, s.end))
        self.estarts = [s.start for s in self.entities]
        self.cues: dict[int, rep.Cue] = {}
        #: cues in a relative clause (``ما قاله``): they point back at a quotation
        #: (``"..."، هذا ما قاله كارار``) and introduce one only right after their subject
        self.backward: set[int] = set()
        lookup = rep.lookup
        for i, w in enumerate(self.words):
            hit = lookup(w.text)
            if hit is None or self.in_quote(w.start):
                continue
            nxt = rep.key(self.words[i + 1].text) if i + 1 < len(self.words) else ""
            byline = hit.lemma == "كتب" and (self.text[w.end : w.end + 3].strip()[:1] in "-ـ–—"
                                             or self._on_a_surface(i))
            if not byline and not (hit.lemma == "كتب" and nxt in rep.INSCRIPTION_PREPS) and not (
                    rep.key(w.text) in rep.NOUN_HOMOGRAPHS and nxt != "الي"):
                self.cues[i] = hit  # not an inscription: لافتات كتب عليها «...»
                if i > 0 and rep.key(self.words[i - 1].text) in rep.RELATIVES and rep.key(
                        w.text).endswith(_OBJECT_SUFFIXES) and hit.form == "verb":
                    self.backward.add(i)  # ما قاله: "what he said", a pointer, not a cue
        self.speakers: dict[int, _Speaker] = {}
        self.names: set[tuple[int, int]] = set()

    def _on_a_surface(self, i: int) -> bool:
        """Whether a written surface (:data:`rep.INSCRIPTION_NOUNS`: ``لافتة``, ``جدار``)
        stands at most four words before word ``i`` in its line, no sentence end between:
        ``وفي لافتة أخرى، كتب: "..."`` is an inscription, not a cue."""
        line = self.text.rfind("\n", 0, self.words[i].start)
        for j in range(i - 1, max(-1, i - 5), -1):
            w = self.words[j]
            if w.start < line or any(ch in self.text[w.end : self.words[j + 1].start]
                                     for ch in ".!?؟"):
                return False
            if any(x in rep.INSCRIPTION_NOUNS for x in _strip_affixes(rep.key(w.text))):
                return True
        return False

    def in_name(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a quotation classified as a name (rule 4)."""
        i = bisect_right(self.qstarts, pos) - 1
        return i >= 0 and self.quoted[i][0] < pos < self.quoted[i][1] and self.quoted[i] in self.names

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self.qstarts, pos) - 1
        return i >= 0 and self.quoted[i][0] < pos < self.quoted[i][1]

    def sentence_start(self, pos: int) -> int:
        i = bisect_left(self.bounds, pos) - 1
        return self.bounds[i] + 1 if i >= 0 else 0

    def sentence_end(self, pos: int) -> int:
        i = bisect_left(self.bounds, pos)
        return self.bounds[i] if i < len(self.bounds) else len(self.text)

    def word_at(self, pos: int) -> int:
        """Index of the first word starting at or after ``pos``."""
        return bisect_left(self.starts, pos)

    def entity_in(self, a: int, b: int) -> Span | None:
        hits = [s for s in self.entities[: bisect_left(self.estarts, b)] if s.end > a]
        for label in ("PERSON", "ORGANIZATION"):
            for s in hits:
                if s.label == label:
                    return s
        return hits[0] if hits else None

    # --- speakers ---------------------------------------------------------------------

    def speaker(self, ci: int) -> _Speaker:
        """The speaker of cue word ``ci`` (rule 5), memoised; cues resolve left to right."""
        if ci in self.speakers:
            return self.speakers[ci]
        for j in sorted(self.cues):
            if j >= ci:
                break
            if j not in self.speakers:
                self.speakers[j] = self._resolve(j)
        sp = self._resolve(ci)
        self.speakers[ci] = sp
        return sp

    def _from_entity(self, s: Span, gender: str | None) -> _Speaker:
        """Speaker from an entity span; the mention is trimmed of words glued before the name
        (titles, a nisba adjective, a definite noun before an indefinite given name:
        ``الشباب عمر الغامدي`` → ``عمر الغامدي``) or extended over a name particle left
        out right before it (``دا`` + ``سيلفا``)."""
        a = s.start
        ws = self.words[self.word_at(s.start) : self.word_at(s.end)]
        i = 0
        while i < len(ws) - 1:
            k = rep.key(ws[i].text)
            nxt = rep.key(ws[i + 1].text)
            if i == len(ws) - 2 and nxt.startswith("ال") and nxt.endswith(("ي", "يه")):
                break  # keep الرئيس الأمريكي whole: a lone nisba is no name
            if k in rep.TITLES or (k.startswith("ال") and not nxt.startswith("ال")
                                   and len(ws) - i >= 3):
                i += 1
                continue
            break
        if ws:
            a = max(a, ws[i].start)
        wi = self.word_at(a) - 1
        if i == 0 and wi >= 0 and self.words[wi].end >= a - 1 and rep.key(
                self.words[wi].text) in rep.NAME_PARTICLES:
            a = self.words[wi].start  # a particle the tagger left out: دا سيلفا، بن لادن
        elif len(ws) == 1 and wi >= 0 and rep.key(self.words[wi].text) in rep.TITLES and rep.key(
                ws[0].text).startswith("ال") and rep.key(ws[0].text).endswith(("ي", "يه")):
            a = self.words[wi].start  # a lone nisba is no name: الرئيس الأمريكي (linked)
        surface = self.text[s.start : s.end]
        name = s.attrs.get("canonical") or surface
        if name == surface:
            name = self.text[a : s.end]
        return _Speaker(str(name), s.attrs.get("entity"), a, s.end, gender, True)

    def _title_end(self, ws: Sequence[_Word]) -> int:
        """Number of words of ``ws`` that form a title phrase (``المتحدث باسم``, ``رئيس
        البرلمان``, ``العميد الركن``, ``الرئيس الأميركي``)."""
        k = 0
        role = False
        while k < len(ws):
            w = rep.key(ws[k].text)
            if w in rep.TITLES:
                role = w not in rep.HONORIFICS
                k += 1
            elif k > 0 and w.startswith("ال") and (w.endswith(("ي", "يه")) or role):
                k += 1  # a nisba after a title, or the genitive after a role: رئيس البرلمان
                role = False
            else:
                break
        return k

    def _source(self, a: int, b: int, label: str, gender: str | None) -> _Speaker:
        """An unnamed-source description starting at word ``a`` (subject phrase ``[a, b)``):
        the noun with its modifiers (``مصدر أمني``, ``مصادر مطلعة``, ``مصدر موثوق به في
        فيفا``: a ``في``/``من`` phrase is taken in when an entity follows), or over the names
        of the outlets it belongs to (``مصادر قناتي "العربية" و"الحدث"``). A definite
        ``المصدر`` refers back to the last source introduced with the same label."""
        words = self.words
        end = words[a].end
        j = a + 1
        if rep.key(words[a].text) in rep.PARTITIVES and j < len(words):
            end = words[j].end  # أحد المسؤولين
            j += 1
        while j < len(words) and not self.text[words[j - 1].end : words[j].start].strip():
            k = rep.key(words[j].text)
            if k in rep.SOURCE_MODIFIERS or (not k.startswith("ال") and k.endswith(
                    ("ي", "يه", "يون", "يين")) and len(k) > 3 and j not in self.cues):
                end = words[j].end
                j += 1
                continue
            if k in ("في", "من") and j + 1 < len(words):
                ent = self.entity_in(words[j + 1].start, words[j + 1].end)
                if ent is not None and ent.start == words[j + 1].start:
                    end = ent.end
            break
        if a + 1 < len(words) and any(n in rep.NAMING_NOUNS
                                      for n in _strip_affixes(rep.key(words[a + 1].text))):
            end = words[a + 1].end
            for o, c in sorted(self.names):  # the outlets' names: قناتي "العربية" و"الحدث"
                if o > end and self.text[end:o].strip() in ("", "و", "،", "، و"):
                    end = c + 1
        if end == words[a].end and rep.key(words[a].text).startswith("ال"):
            for j in sorted(self.speakers, reverse=True):
                sp = self.speakers[j]
                if j < a and sp.name == label and sp.start is not None and sp.end is not None \
                        and sp.end - sp.start > end - words[a].start:
                    return _Speaker(label, None, sp.start, sp.end, gender, True)
        # a plural description (English plural label; not "witness"): سكان محليون ... وأضافوا
        plural = "p" if label.endswith("s") and not label.endswith("ss") else gender
        return _Speaker(label, None, words[a].start, end, plural, True)

    def _phrase(self, a: int, b: int, gender: str | None, ci: int) -> _Speaker | None:
        """Speaker from the words ``words[a:b]`` of a subject phrase, validated: an entity
        (a person named in the phrase wins over an organisation, so a spokesman wins over
        his ministry), a relational description (``والدة رضائيان``), an unnamed source, an
        honorific pronoun (``سموه``, resolved to its antecedent), a title with a name or a
        title alone; anything else gives ``None`` with ``explicit`` set (unresolved, never
        an arbitrary phrase). Returns ``None`` for an empty phrase (a dropped pronoun)."""
        if a >= b:
            return None
        ws = self.words[a:b]
        first = rep.key(ws[0].text)
        if len(ws) == 1 and _own_speech(first):
            return None  # واختتم مقاله بالقول: the object; the subject is dropped
        if first in _TOPIC_OPENERS:
            return None  # وأضاف بخصوص تهديد رئيس الحكومة: the topic; the subject is dropped
        if first in rep.HONORIFIC_PRONOUNS:
            ante = self._implied(ci, gender)
            return _Speaker(ante.name, ante.entity, ws[0].start, ws[0].end, gender, True)
        if first in rep.RELATIONAL_NOUNS or _bare(first) in rep.RELATIONAL_NOUNS:
            ent = self.entity_in(ws[0].start, ws[-1].end)
            end = ent.end if ent is not None and ent.start >= ws[0].end else ws[min(1, len(ws) - 1)].end
            phrase = self.text[ws[0].start : end]
            return _Speaker(phrase, None, ws[0].start, end, gender, True)
        label = rep.UNNAMED_SOURCES.get(first) or rep.UNNAMED_SOURCES.get(_bare(first))
        if label is not None:
            return self._source(a, b, label, gender)
        t = self._title_end(ws)
        hits = [s for s in self.entities[: bisect_left(self.estarts, ws[-1].end)]
                if s.end > ws[0].start and not (s.start < ws[0].start and _addressee(
                    self.text[s.start : ws[0].start].strip()))]  # يقول لي زميلي: لي is no name
        # the principal of a spokesman (المتحدث باسم الرئيس التركي رجب طيب إردوغان) is not the
        # speaker: only a person named after it is
        on_behalf = next((x for x, w in enumerate(ws) if rep.key(w.text) == "باسم"), None)
        if on_behalf is not None:
            hits = self._not_principal(ws, on_behalf, hits)
        person = next((s for s in hits if s.label == "PERSON"), None)
        if person is not None and t == 0 and first.startswith("ال") and (
                first in rep.DOCUMENTS or _bare(first) in rep.DOCUMENTS) and \
                person.start > ws[0].end + 1:
            # ووصف البيان سياسة الرئيس مرسي: the document is the subject, the person is
            # inside the object
            return _Speaker(ws[0].text, None, ws[0].start, ws[0].end, gender, True)
        if person is not None and t == 0 and len(ws) > 1 and person.start == ws[1].start and \
                not first.startswith("ال") and first not in rep.TITLES and not _rare_name(
                    ws[0].text) and rep.key(self.text[person.start : person.end]).startswith("ال"):
            # a common noun governing a person named by a definite family name (قوات الأسد,
            # أنصار الصدر): the group speaks, not the person (سعادة أحمد العامري: a title)
            return _Speaker(self.text[ws[0].start : person.end], None, ws[0].start, person.end,
                            gender, True)
        if person is not None and self._related(person):
            # ونقلت الوكالة تحذير ابنة الكاتب فرج فودة، سمر فودة،: the relative speaks, named
            # in apposition, else described (ابنة الكاتب فرج فودة)
            named = self._apposition(b)
            if named is not None:
                return self._from_entity(named, gender)
            wi = self.word_at(person.start) - 1
            while wi > a and rep.key(self.words[wi].text) in rep.TITLES:
                wi -= 1
            return _Speaker(self.text[self.words[wi].start : person.end], None,
                            self.words[wi].start, person.end, gender, True)
        if person is not None:
            return self._from_entity(person, gender)
        head = [s for s in hits if s.start < ws[min(t + 1, len(ws) - 1)].end]
        org = next((s for s in head if s.label == "ORGANIZATION"), head[0] if head else None)
        if org is not None and on_behalf is None:
            named = self._apposition(b)
            if named is not None:
                # a person named in commas after a phrase of a place or body is its head or
                # spokesman, who speaks: قائممقام قضاء الحضر، علي الحمدي، إن
                return self._from_entity(named, gender)
        role = t > 0 and first not in rep.HONORIFICS
        if org is not None and role and org.start >= ws[0].end and on_behalf is None:
            # the head of an organisation speaks, not the organisation: رئيس فريق الخبراء;
            # named right after it, he is the speaker (رئيس الجمعية ... الدكتور أيمن فؤاد)
            if self._person_after_name(org.start):
                head_person = self.entities[bisect_left(self.estarts, org.end)]
                return self._from_entity(head_person, gender)
            return _Speaker(self.text[ws[0].start : org.end], None, ws[0].start, org.end,
                            gender, True)
        if org is not None:
            return self._from_entity(org, gender)
        named = self._apposition(b)
        if named is None and t:
            named = self._named_after_complement(b)
        if named is not None:  # قائممقام قضاء الحضر، علي الحمدي، إن
            return self._from_entity(named, gender)
        if (on_behalf is None or on_behalf > 1) and (_bare(first) in rep.INSTITUTIONS or first in rep.INSTITUTIONS
                                  or first in rep.DOCUMENTS or _bare(first) in rep.DOCUMENTS):
            n = a + 1  # الوزارة الأمريكية، وزارة الدفاع الأمريكية، المعهد الدولي للدراسات
            while n < min(len(self.words), a + 5) and (rep.key(self.words[n].text).startswith(
                    ("ال", "لل")) and not self.text[self.words[n - 1].end : self.words[n].start
                                                     ].strip() or n < b and self.in_name(
                                                         self.words[n].start)):
                n += 1  # and its name in marks: صحيفة «موندو ديبورتيفو», وكالة «سانا»
            if n == a + 1 and not first.startswith("ال"):
                n = self._construct_chain(a + 1, min(b, a + 5))  # مكتب رئاسة الحكومة العراقية
            end = self.words[n - 1].end
            name = _MARK_RE.sub("", self.text[ws[0].start : end])
            return _Speaker(name, None, ws[0].start, end, gender, True)
        if t:
            rest = ws[t : t + 3]
            if rest and not rep.key(rest[0].text).startswith("ال") and not _adverbial(
                    rest[0].text) and (not role or _rare_name(rest[0].text)):
                return _Speaker(self.text[rest[0].start : rest[-1].end], None, rest[0].start,
                                rest[-1].end, gender, True)
            end = ws[t - 1].end if not rest or rep.key(rest[0].text).startswith("ال") or \
                _ACCUSATIVE_RE.search(rest[0].text) or t > 1 else \
                ws[min(len(ws), 4) - 1].end  # a bare role and its genitive: رئيس فريق الخبراء
            if on_behalf == t - 1 and rest and self.word_at(rest[0].start) == a + t:
                # "المتحدثة باسم شرطة المدينة": a spokesman is described with his principal
                n = self._construct_chain(a + t, min(b, a + t + 4))
                if n == a + t and rep.key(rest[0].text).startswith("ال"):
                    n += 1  # a definite principal of one word: المتحدث باسم الحكومة
                while n > a + t + 1 and rep.key(self.words[n - 1].text) in rep.TITLES:
                    n -= 1  # ... الخارجية المصرية السفير: the title of the person named next
                end = max(end, self.words[n - 1].end) if n > a + t else end
            # (a full title, وزير الخارجية الألماني, takes no more: «طالب ... بعدم» is no name)
            if t == 1 and end == ws[0].end and first.startswith("ال"):
                back = self._titled_before(first, a)
                if back is not None:  # وأضاف القيادي after «سمير بن عمور القيادي في الحزب»
                    return _Speaker(back.name, back.entity, ws[0].start, ws[0].end, gender, True)
            return _Speaker(self.text[ws[0].start : end], None, ws[0].start, end, gender, True)
        if _adverbial(ws[0].text):
            return None
        surname = self._surname(ws)
        if surname is not None:  # وقال الصانع: the family name of a person named before
            return _Speaker(surname.name, surname.entity, ws[0].start, ws[-1].end, gender, True)
        # no entity, no title: a rare bare word or two (``وقال مورار``), or a role and a rare
        # name when the phrase is closed by the complement (``أوضحت الأخصائية الاجتماعية ريهام
        # الصبيحة أن``); common words are objects (``وردد المتظاهرون هتافات``)
        i = next((x for x, w in enumerate(ws) if not rep.key(w.text).startswith("ال")), len(ws))
        if i < len(ws) and len(ws) - i <= 3 and (i == 0 or self._closed(b)) and not _adverbial(
                ws[i].text) and _rare_name(ws[i].text):
            return _Speaker(self.text[ws[i].start : ws[-1].end], None, ws[i].start, ws[-1].end,
                            gender, True)
        return _Speaker(None, None, None, None, gender, True)

    def _titled_before(self, title: str, a: int) -> _Speaker | None:
        """The named speaker an anaphoric definite title refers back to (``وأضاف القيادي``
        after ``وقال سمير بن عمور القيادي في الحزب``): the nearest earlier named speaker of an
        entity whose mention has the same title word (folded) right before or after it;
        None when there is none."""
        for j in sorted(self.speakers, reverse=True):
            sp = self.speakers[j]
            if j >= a or not sp.name or sp.entity is None or sp.start is None or sp.end is None:
                continue
            wi, we = self.word_at(sp.start), self.word_at(sp.end)
            near = [self.words[x] for x in (wi - 1, we) if 0 <= x < len(self.words)]
            if any(rep.key(w.text) == title for w in near):
                return sp
        return None

    def _not_principal(self, ws: Sequence[_Word], x: int, hits: list[Span]) -> list[Span]:
        """``hits`` without the principal named after ``باسم`` (word ``x`` of ``ws``): after a
        title the principal runs to the person it introduces (``باسم الرئيس التركي رجب طيب
        إردوغان``), else it is the entity or the word right after ``باسم`` (``باسم المجلس
        القاضي اوميد``: the judge is the speaker)."""
        if x + 1 >= len(ws):
            return hits
        nxt = ws[x + 1]
        if rep.key(nxt.text) in rep.TITLES:
            person = next((s for s in hits if s.start >= nxt.start and s.label == "PERSON"), None)
            end = person.end if person is not None else ws[-1].end
        else:
            ent = next((s for s in hits if s.start == nxt.start), None)
            end = ent.end if ent is not None else nxt.end
        return [s for s in hits if s.end <= ws[x].start or s.start >= end]

    def _apposition(self, b: int) -> Span | None:
        """A person named in commas after the subject phrase ending before word ``b``, at most
        :data:`APPOSITION_WORDS` words on (``وقال قائممقام قضاء الحضر، علي الحمدي، إن``,
        ``وأفاد المتحدث باسم الأسطول الخامس في البحرين، بيل أوربان، بأنه``)."""
        for x in range(b, min(b + APPOSITION_WORDS, len(self.words))):
            gap = self.text[self.words[x - 1].end : self.words[x].start].strip()
            if gap in ("،", ","):
                ent = self.entity_in(self.words[x].start, self.words[x].end)
                if ent is None or ent.label != "PERSON" or ent.start != self.words[x].start:
                    return None
                after = self.text[ent.end : ent.end + 2].strip()[:1]
                if after in ("،", ",", ":"):
                    return ent
                return self._name_tail(ent)
            if gap or x in self.cues or rep.key(self.words[x].text) in rep.COMPLEMENTISERS:
                return None
        return None

    def _name_tail(self, ent: Span) -> Span | None:
        """A person's mention that the tagger cut one word short before the closing comma of
        an apposition (``الناطق باسم التنظيم، أبو الوليد الصحراوي،``: ``أبو الوليد``): the
        mention extended over that word when it is a family name or nisba (no stop word, cue,
        complementiser, preposition or digit) and a comma follows; else None."""
        wi = self.word_at(ent.end)
        if wi >= len(self.words) or self.text[ent.end : self.words[wi].start].strip():
            return None
        w = self.words[wi]
        k = rep.key(w.text)
        if (self.text[w.end : w.end + 2].strip()[:1] not in ("،", ",") or k in rep.STOP_WORDS
                or wi in self.cues or k in rep.COMPLEMENTISERS or k in rep.PREPOSITIONS
                or _PREP_WORD_RE.match(k) or any(ch.isdigit() for ch in k) or len(k) < 3):
            return None
        attrs = dict(ent.attrs)
        surface = self.text[ent.start : ent.end]
        if attrs.get("canonical") in (None, surface):
            attrs["canonical"] = self.text[ent.start : w.end]
        return Span(ent.start, w.end, ent.label, attrs)

    def _named_after_complement(self, b: int) -> Span | None:
        """A person named after a title's prepositional complement, the subject phrase ending
        before word ``b`` (``وقال الخبير في الشؤون الإيرانية هاني سليمان:``, ``الباحث في
        الشأن العراقي د. فراس إلياس``): the complement opens with a preposition, the person
        follows within :data:`APPOSITION_WORDS` words with no punctuation, cue,
        complementiser, preposition or stop word between (an abbreviated title's dot aside), and the name closes the
        phrase (a colon, a comma, a quotation mark or a complementiser after it); else None."""
        if b >= len(self.words) or rep.key(self.words[b].text) not in ("في", "من", "ب", "بـ"):
            return None
        for x in range(b + 1, min(b + 1 + APPOSITION_WORDS, len(self.words))):
            gap = self.text[self.words[x - 1].end : self.words[x].start].strip()
            k = rep.key(self.words[x].text)
            if (gap and gap != ".") or x in self.cues or k in rep.COMPLEMENTISERS or \
                    k in rep.STOP_WORDS or _PREP_WORD_RE.match(k) or self.in_quote(
                        self.words[x].start):
                return None  # في لقائه مع محمد علي: a second complement, not the title's
            ent = self.entity_in(self.words[x].start, self.words[x].end)
            if ent is not None and ent.label == "PERSON" and ent.start == self.words[x].start:
                nxt = self.word_at(ent.end)
                return ent if self._closed(nxt) else None
        return None

    def _surname(self, ws: Sequence[_Word]) -> _Speaker | None:
        """A one-word phrase that is the last word of a person named earlier, as an entity or
        as a speaker (``بارون`` after ``مدير التحرير مارتن بارون``): that person."""
        if len(ws) != 1:
            return None
        k = rep.key(ws[0].text)
        for s in reversed(self.entities[: bisect_left(self.estarts, ws[0].start)]):
            if s.label == "PERSON" and s.end <= ws[0].start and s.end - s.start > len(
                    ws[0].text) and rep.key(
                    self.text[s.start : s.end]).endswith(" " + k):
                return self._from_entity(s, None)
        for j in sorted(self.speakers, reverse=True):  # a named speaker without an entity
            sp = self.speakers[j]
            if sp.explicit and sp.start is not None and sp.end is not None and rep.key(
                    self.text[sp.start : sp.end]).endswith(" " + k):
                return sp
        return None

    def _closed(self, b: int) -> bool:
        """Whether the subject phrase ending before word ``b`` is followed right away by the
        reported speech (a complementiser, a colon, a comma or a quotation mark)."""
        if b >= len(self.words):
            return False
        gap = self.text[self.words[b - 1].end : self.words[b].start]
        return any(ch in gap for ch in ":،,\"«“") or rep.key(
            self.words[b].text) in rep.COMPLEMENTISERS

    def _subject_words(self, ci: int) -> tuple[int, int]:
        """Word range of the subject phrase after cue ``ci``: up to a stop word, a cue, a
        prepositional word or punctuation; an abbreviated title's dot (``د.``) and a name in
        quotation marks (``ونفت «واشنطن بوست»``) are crossed."""
        j = ci + 1
        if j + 1 < len(self.words) and _addressee(self.words[j].text):
            j += 1  # ويقول له سائق سيارة, تقول لحفيدتها: the addressee before the subject
            if self.words[j].text[:1] == "و":
                return j, j  # يقول لنفسه ويحادثها: a second verb, no subject after the cue
        start = j
        end = j
        pos = self.words[j - 1].end
        while j < len(self.words) and j - ci <= SPEAKER_MAX_WORDS:
            w = self.words[j]
            gap = self.text[pos : w.start].strip()
            name = self.in_name(w.start)
            if gap and not (gap in ('"', '" و"', '«', '»') and (j > start or name)) and not (
                    gap == "." and j > start and len(self.words[j - 1].text) == 1):
                break
            k = rep.key(w.text)
            prep = bool(_PREP_WORD_RE.match(k) or _HAMZA_PREP_RE.match(w.text))
            if prep and j > start and rep.key(self.words[start].text) in rep.TITLES and \
                    self._person_after_name(w.start):
                prep = False  # الأمين العام للأمم المتحدة أنطونيو غوتيريش: the title's genitive
            if k in rep.STOP_WORDS or j in self.cues or prep or (
                    j > start and _ACCUSATIVE_RE.search(w.text)):
                break  # an indefinite accusative (كتب الوزير مقالاً) is the object
            if self.in_quote(w.start) and not name:
                break
            end = j + 1
            pos = w.end
            j += 1
        return start, end

    def _subject_before(self, ci: int, gender: str | None) -> _Speaker | None:
        """The subject of an SVO clause whose verb cue ``ci`` has no subject after it
        (``الجدة تقول لحفيدتها:``): the definite noun (up to three words: a noun and its
        adjectives) that opens the clause right before the cue, with nothing between. It
        must open a line or a sentence, the cue has no و/ف, and the noun agrees with the verb
        in gender (ة for a feminine verb, none for a masculine one); else None."""
        if self.words[ci].text[:1] in "وف":
            return None  # وقال: a clause joined to the one before, not an SVO clause
        j = ci
        while j > 0 and ci - j < 3:
            w = self.words[j - 1]
            if self.text[w.end : self.words[j].start].strip():
                break
            k = rep.key(w.text).removeprefix("و")
            if not k.startswith("ال") or k in rep.STOP_WORDS or self.in_quote(w.start) or \
                    (j - 1) in self.cues:
                break
            j -= 1
        if j == ci:
            return None
        line = self.text.rfind("\n", 0, self.words[j].start) + 1
        if self.text[max(line, self.sentence_start(self.words[ci].start)) : self.words[j].start
                     ].strip(" \t.!?؟"):
            return None  # the noun must open the sentence or the line
        head = self.words[j].text
        feminine = head.endswith("ة")
        if gender == "f" and not feminine or gender == "m" and feminine:
            return None
        ent = self.entity_in(self.words[j].start, self.words[ci - 1].end)
        if ent is not None and ent.start >= self.words[j].start:
            return self._from_entity(ent, gender)
        a, b = self.words[j].start, self.words[ci - 1].end
        if self.text[a] == "و" and rep.key(self.words[j].text[1:]).startswith("ال"):
            a += 1
        return _Speaker(self.text[a:b], None, a, b, gender, True)

    def _person_after_name(self, pos: int) -> bool:
        """Whether an entity mention covers ``pos`` and a person's mention follows it with
        nothing but a space or a comma between (``للأمم المتحدة أنطونيو غوتيريش``)."""
        e = self.entity_in(pos, pos + 1)
        if e is None or e.label == "PERSON":
            return False
        i = bisect_left(self.estarts, e.end)
        nxt = self.entities[i] if i < len(self.entities) else None
        if nxt is None or nxt.label != "PERSON":
            return False
        between = self.text[e.end : nxt.start].strip(" ،,")
        # an honorific may stand between: رئيس الجمعية ... الدكتور أيمن فؤاد سيد
        return between == "" or all(rep.key(w) in rep.HONORIFICS or rep.key(w) == "د"
                                    for w in _WORD_RE.findall(between)) and \
            not between.strip(" .").count("،") and len(between) <= 12

    def _implied(self, ci: int, gender: str | None) -> _Speaker:
        """The speaker of a dropped-pronoun cue: the first person (else organisation) named
        earlier in the same sentence (``ألقى فلان كلمة قال فيها``, ``وكان محمد الظواهري، شقيق
        أيمن الظواهري، قال``, ``وكانت الوزارة قد قالت``), else the speaker of the nearest cue before it whose
        gender agrees, else the last person named before it. The mention points at the
        antecedent (``speaker_implied`` in the attributes)."""
        pos = self.words[ci].start
        ss = self.sentence_start(pos)
        topic = self._topic(ci, gender)
        if topic is not None:
            return topic
        before = self.entities[: bisect_left(self.estarts, pos)]
        here = [s for s in before[bisect_left(self.estarts, ss) :]
                if not self.in_quote(s.start) and not self._in_prep_phrase(s)]
        doc = self._document_before(ci, ss, here, gender)
        if doc is not None:
            return doc
        order = ("PERSON", "ORGANIZATION")
        person = next((s for s in here if s.label == "PERSON"), None)
        if gender == "f" and person is not None and any(
                s.label == "ORGANIZATION" and s.start < person.start for s in here):
            # a feminine verb after an organisation named before the person (دانت حركة حماس
            # استهداف موكب رامي الحمد الله، وقالت): organisations are grammatically feminine
            order = ("ORGANIZATION", "PERSON")
        for label in order:  # the subject opens an SVO sentence
            if label == "PERSON" and gender == "p":
                continue  # قالوا: not one person
            s = next((s for s in here if s.label == label), None)
            if s is not None:
                sp = self._from_entity(s, gender)
                return _Speaker(sp.name, sp.entity, sp.start, sp.end, gender, False)
        before_subject = self._previous_subject(ci, ss, gender) or self._latin_subject(ci)
        if before_subject is not None:
            return before_subject
        last_cue = max((j for j in self.speakers if j < ci), default=None)
        if gender != "p":
            para = self.text.rfind("\n", 0, pos)
            lo = max(self.words[last_cue].end if last_cue is not None else 0,
                     self.text.rfind("\n", 0, max(0, para)), pos - ATTRIBUTION_REACH)
            attributed = self._attributed_after(lo, pos)
            if attributed is not None:
                return attributed
            if last_cue is not None and self.cues[ci].lemma not in rep.CONTINUATIONS:
                actor = self._new_actor(ci, last_cue, ss)
                if actor is not None:
                    return actor
        if last_cue is not None and self.cues[ci].lemma in rep.CONTINUATIONS:
            sp = self.speakers[last_cue]
            para = self.text.rfind("\n", 0, pos)
            prev_para = self.text.rfind("\n", 0, max(0, para))
            if sp.name is None and self.words[last_cue].start > prev_para and \
                    sp.gender in (None, gender):
                # وقالت ضحية أخرى ... وأضافت: the same unnamed speaker goes on, not one named
                # further back
                return _Speaker(None, None, None, None, gender, False)
            if sp.name and sp.start is not None and self.words[last_cue].start > prev_para and (
                    gender is None or sp.gender in (None, gender) or not self._is_person(sp)):
                # وتابع "..." right after «وقالت السفارة في بيان "..."»: the same statement goes
                # on (an organisation or a statement may take a verb of either gender)
                return _Speaker(sp.name, sp.entity, sp.start, sp.end, gender or sp.gender, False)
        for j in sorted(self.speakers, reverse=True):
            sp = self.speakers[j]
            if j < ci and sp.name and sp.start is not None and (
                    gender is None or sp.gender is None or sp.gender == gender
                    or (sp.gender == "p" and gender == "f")):  # وأضافت المصادر
                return _Speaker(sp.name, sp.entity, sp.start, sp.end, gender or sp.gender, False)
        if gender in ("f", "p"):  # no feminine / plural antecedent: leave it unresolved
            return _Speaker(None, None, None, None, gender, False)
        for s in reversed(before):
            if s.label == "PERSON":
                if self._in_prep_phrase(s) or (last_cue is not None and s.start < self.words[
                        last_cue].start):
                    break  # a person in a prepositional phrase (إلى صفوف فلان), or one named
                    # before another speaker's cue, is not the topic: unresolved
                sp = self._from_entity(s, gender)
                return _Speaker(sp.name, sp.entity, sp.start, sp.end, gender, False)
        return _Speaker(None, None, None, None, gender, False)

    def _new_actor(self, ci: int, last_cue: int, ss: int) -> _Speaker | None:
        """A person brought in as the subject of the sentence right before the sentence of a
        dropped-pronoun cue, after the last cue's sentence and in a sentence with no cue of its
        own: ``من جانبه، سرد الباحث ...، ريتشارد بورتشل، قائمة ...`` then ``وقال إنه ...`` —
        the new actor speaks, not the speaker before him. The person opens the sentence's
        subject (at most :data:`SPEAKER_MAX_WORDS` words in, in no prepositional phrase or
        quotation). None otherwise (continuations such as ``وأضاف`` never take it)."""
        if ss <= 0:
            return None
        ps = self.sentence_start(ss - 1)
        while ps > 0 and not self.text[ps:ss].strip():
            ps = self.sentence_start(ps - 1)
        if ps <= self.sentence_end(self.words[last_cue].start) or any(
                ps <= self.words[j].start < ss for j in self.cues):
            return None
        for w in self.words[self.word_at(ss) : ci]:
            k = rep.key(w.text)
            if any(x in rep.UNNAMED_SOURCES for x in (k, *_strip_affixes(k))) or \
                    self.entity_in(w.start, w.end) is not None:
                return None  # ووفقا للمصادر التي أكدت: the cue's own clause names its subject
        first = self.word_at(ps)
        for s in self.entities[bisect_left(self.estarts, ps) : bisect_left(self.estarts, ss)]:
            if s.label != "PERSON" or self.in_quote(s.start):
                continue
            wi = self.word_at(s.start)
            apposed = wi > 0 and self.text[self.words[wi - 1].end : s.start].strip() in ("،", ",")
            if wi - first > SPEAKER_MAX_WORDS * (2 if apposed else 1) or self._in_prep_phrase(s):
                return None  # (a title and its complement before a name in commas)
            prev = rep.key(self.words[wi - 1].text) if wi > 0 else ""
            if prev in rep.RELATIONAL_NOUNS or _bare(prev) in rep.RELATIONAL_NOUNS:
                return None  # والدة كيم دهشت ... قائلة: the mother, not the person named
            sp = self._from_entity(s, None)
            a, name = sp.start, sp.name
            if a is not None and self.text[a] in "وبل" and re.search(
                    r"(?<![\w])" + re.escape(self.text[a + 1 : sp.end]) + r"(?![\w])", self.text):
                # وسليمان محمد كينان, لشين: the name is written without the proclitic elsewhere
                if name and name[0] == self.text[a] and name == self.text[a : sp.end]:
                    name = name[1:]
                a += 1
            return _Speaker(name, sp.entity, a, sp.end, None, False)
        return None

    def _attributed_after(self, lo: int, hi: int) -> _Speaker | None:
        """A person to whom words are attributed between offsets ``lo`` and ``hi`` (after the
        last cue, before a dropped-pronoun cue): ``حسب``/``بحسب``/``وفقا لـ``... (rep.
        ATTRIBUTIONS) followed, within :data:`APPOSITION_WORDS` words of the same sentence, by a
        person's mention (``وحسب الأمين العام للفيدرالية، سرحان الطاهر سعدي، فإن ...`` then
        ``وقال: "..."``: he goes on speaking). The last such person; None when there is none."""
        found = None
        lo_w, hi_w = self.word_at(lo), self.word_at(hi)
        for x in range(lo_w, hi_w):
            k = rep.key(self.words[x].text)
            if k not in rep.ATTRIBUTIONS and _bare(k) not in rep.ATTRIBUTIONS:
                continue
            if self.in_quote(self.words[x].start):
                continue
            end = self.sentence_end(self.words[x].end)
            for y in range(x + 1, min(hi_w, x + 1 + APPOSITION_WORDS + 3)):
                w = self.words[y]
                k = rep.key(w.text)
                if w.start >= end or y in self.cues or _DATA_NOUN_RE.match(k) or \
                        k in rep.COMPLEMENTISERS or k in rep.RELATIVES or any(
                            x in rep.UNNAMED_SOURCES for x in (k, *_strip_affixes(k))):
                    break  # طبقا لبيانات الخبير فلان: his figures, not his words; ووفقا
                    # للمصادر التي أكدت أن ...: the sources, and a name in their clause
                ent = self.entity_in(w.start, w.end)
                if ent is None:
                    continue
                if ent.label == "PERSON" and ent.start == w.start and not self._in_prep_phrase(ent):
                    sp = self._from_entity(ent, None)
                    found = _Speaker(sp.name, sp.entity, sp.start, sp.end, None, False)
                break  # the first name after the attribution is its source, or there is none
        return found

    def _on_the_tongue_of(self, b: int) -> _Speaker | None:
        """The speaker named after ``على لسان`` ("on the tongue of") in the clause after a
        cue's subject (``ونقل تقرير نشر على وكالة "فارس" على لسان مساعد وزير الدفاع، ...
        أنه "..."``): the validated subject phrase after it; the report or outlet only relays
        the words. At most :data:`MAX_CUE_WORDS` words on, not past a complementiser, a
        quotation mark or a sentence end; None when absent or when nothing valid follows."""
        end = self.sentence_end(self.words[b - 1].end) if b > 0 else len(self.text)
        for x in range(b, min(len(self.words) - 1, b + MAX_CUE_WORDS)):
            w = self.words[x]
            if w.start >= end or self.in_quote(w.start) and not self.in_name(w.start):
                return None
            k = rep.key(w.text)
            if k in rep.COMPLEMENTISERS or x in self.cues:
                return None
            if k == "لسان" and x > 0 and rep.key(self.words[x - 1].text) == "علي":
                a2, b2 = self._subject_words(x)
                found = self._phrase(a2, b2, None, x)
                return found if found is not None and found.name is not None else None
        return None

    def _previous_subject(self, ci: int, ss: int, gender: str | None) -> _Speaker | None:
        """The subject of the sentence before, for a dropped-pronoun verb opening its own
        sentence (``وكانت والدتها توجهت للشرطة ... \n وقالت: "..."``): that sentence opens
        with (و)كان/كانت or nothing, then a relational noun with a possessive suffix
        (``والدتها``, ``شقيقه``) agreeing with the verb in gender (ة/ت for a feminine verb); the
        speaker is that noun as written. None otherwise (the usual antecedents apply)."""
        if gender not in ("m", "f") or self.cues[ci].form != "verb" or \
                self.text[ss : self.words[ci].start].strip(" \t\n.!?؟"):
            return None
        pos = ss - 1
        while True:  # the nearest sentence before with words («.» then a line break: empty)
            if pos < 0:
                return None
            prev_start = self.sentence_start(pos)
            wi = self.word_at(prev_start)
            if wi < ci and self.words[wi].start < ss:
                break
            pos = prev_start - 1
        k = rep.key(self.words[wi].text)
        if k in ("كان", "كانت", "وكان", "وكانت"):
            wi += 1
        if wi >= ci or self.in_quote(self.words[wi].start):
            return None
        w = self.words[wi]
        full = rep.key(w.text)
        # والدتها is the relational noun itself; ووالدتها has the conjunction
        for k, a in ((full, w.start), (full[1:], w.start + 1)):
            if a > w.start and not full.startswith("و"):
                break
            for suf in ("هما", "هم", "ها", "ه"):
                stem = k[: -len(suf)]
                if k.endswith(suf) and (stem in rep.RELATIONAL_NOUNS or (
                        stem.endswith("ت") and stem[:-1] + "ه" in rep.RELATIONAL_NOUNS)):
                    if (gender == "f") != stem.endswith("ت"):
                        return None
                    return _Speaker(self.text[a : w.end], None, a, w.end, gender, False)
        return None

    def _latin_subject(self, ci: int) -> _Speaker | None:
        """A commenter's name or handle in Latin letters standing in the clause before the
        cue (scraped comment threads: ``واكتفى ¶ Ali Abdul Hamid ¶ بالتعليق قائلا:``): the
        nearest run of one to four Latin words at most :data:`SPEAKER_MAX_WORDS` words back,
        no sentence punctuation, colon or quotation mark between; None when there is none."""
        end = None
        x = ci - 1
        while x >= 0 and ci - x <= SPEAKER_MAX_WORDS:
            if self.in_quote(self.words[x].start) or any(
                    ch in self.text[self.words[x].end : self.words[x + 1].start]
                    for ch in ".!?؟:\"«»"):
                return None
            if _HANDLE_RE.match(self.words[x].text) or (end is not None and _LATIN_WORD_RE.match(
                    self.words[x].text)):
                end = x if end is None else end
                start = x
                if x == 0 or not _LATIN_WORD_RE.match(self.words[x - 1].text) or end - x >= 3:
                    a, b = self.words[start].start, self.words[end].end
                    return _Speaker(self.text[a:b], None, a, b, None, True)
            elif end is not None:
                break
            x -= 1
        return None

    def _topic(self, ci: int, gender: str | None) -> _Speaker | None:
        """The topic of ``أما X فقال`` (``أما monek501 فقال:``): the phrase between ``أما``
        and the cue, validated as a subject phrase; when it is no valid speaker the cue is
        unresolved (never an earlier speaker). None when the cue is no such clause."""
        if self.words[ci].text[:1] != "ف":
            return None
        for j in range(ci - 1, max(-1, ci - 1 - SPEAKER_MAX_WORDS), -1):
            # a line break may stand inside (scraped comment threads: أما ¶ monek501 ¶ فقال)
            if self.in_quote(self.words[j].start) or j in self.cues or any(
                    ch in self.text[self.words[j].end : self.words[j + 1].start]
                    for ch in ".!?؟\"«»:"):
                return None
            if rep.key(self.words[j].text) == "اما":
                found = self._phrase(j + 1, ci, gender, ci) if j + 1 < ci else None
                if found is None or found.name is None:
                    a, b = self.words[j + 1].start if j + 1 < ci else None, self.words[ci - 1].end
                    if j + 2 == ci and a is not None and _HANDLE_RE.match(self.words[j + 1].text):
                        return _Speaker(self.words[j + 1].text, None, a, b, gender, True)
                    return _Speaker(None, None, None, None, gender, True)
                return found
        return None

    def _construct_chain(self, n: int, limit: int) -> int:
        """End (word index) of the genitive chain after an indefinite institution noun ending
        in a definite word, from word ``n`` to at most ``limit``: ``مكتب رئاسة الحكومة
        العراقية`` (indefinite nouns in construct, then definite ones); ``n`` when no definite
        word closes it (the bare noun)."""
        best = n
        for x in range(n, limit):
            if self.text[self.words[x - 1].end : self.words[x].start].strip():
                break
            k = rep.key(self.words[x].text)
            if k in rep.STOP_WORDS or x in self.cues or k in rep.PREPOSITIONS or \
                    k in rep.COMPLEMENTISERS or _ACCUSATIVE_RE.search(self.words[x].text):
                break
            if k.startswith("ال"):
                best = x + 1
            elif best > n:
                break  # the chain closed with a definite word: الحكومة العراقية
        return best

    def _related(self, e: Span) -> bool:
        """Whether the person mention ``e`` is governed by a relational noun (``ابنة الكاتب
        فرج فودة``, ``والد الضحية``): the relative, not the person, is the subject."""
        wi = self.word_at(e.start)
        for j in range(wi - 1, max(-1, wi - 3), -1):
            if self.text[self.words[j].end : self.words[j + 1].start].strip():
                return False
            k = rep.key(self.words[j].text)
            if k in rep.RELATIONAL_NOUNS or _bare(k) in rep.RELATIONAL_NOUNS:
                return True
            if k not in rep.TITLES:
                return False
        return False

    def _is_person(self, sp: _Speaker) -> bool:
        """Whether the speaker's mention is a person's entity mention."""
        if sp.start is None or sp.end is None:
            return False
        e = self.entity_in(sp.start, sp.end)
        return e is not None and e.label == "PERSON"

    def _in_prep_phrase(self, s: Span) -> bool:
        """Whether the entity mention ``s`` is governed by a preposition, so cannot be a
        subject: a preposition right before it (``في``, ``إلى``, ``على``...), a prefixed one on
        its first word (``لحماس``, ``بصحيفة الشرق الأوسط``: ب/ل + a naming noun), or a
        preposition and one construct noun before it (``إلى صفوف فلان``, ``على لسان``)."""
        wi = self.word_at(s.start)
        first = rep.key(self.words[wi].text) if wi < len(self.words) else ""
        if first[:1] in "بل" and first[1:] and any(
                x in rep.NAMING_NOUNS or x in rep.INSTITUTIONS for x in _strip_affixes(first)) \
                and first not in rep.NAMING_NOUNS and first not in rep.INSTITUTIONS:
            return True
        for back in (1, 2):
            j = wi - back
            if j < 0:
                return False
            gap = self.text[self.words[j].end : self.words[j + 1].start].strip()
            if gap and gap not in ("#",):
                return False
            k = rep.key(self.words[j].text)
            if back == 1 and k in rep.EVENT_NOUNS:
                return True  # بشأن مقتل شكري بلعيد: the victim
            if k in rep.PREPOSITIONS or (k[:1] in "بل" and any(
                    x in rep.NAMING_NOUNS or x in rep.INSTITUTIONS
                    for x in _strip_affixes(k)) and k not in rep.NAMING_NOUNS):
                return True
            if back == 1 and (k.startswith("ال") or k in rep.TITLES or j in self.cues):
                return False  # a title or a definite noun before it: الرئيس فلان
        return False

    def _document_before(self, ci: int, ss: int, here: Sequence[Span],
                         gender: str | None) -> _Speaker | None:
        """The document a dropped-pronoun verb cue reports (``أشار فراس إلى تقرير استخباري
        أمريكي صدر مؤخرا قال «...»``: an adjectival clause, so the cue has no و/ف): the
        nearest document noun (:data:`rep.DOCUMENTS`) at most :data:`DOCUMENT_WORDS` words
        before the cue with no punctuation between, after every person or organisation named
        in the sentence, agreeing
        with the verb in gender (ة for a feminine verb, none for a masculine one). The speaker
        is the noun with its nisba adjectives (``تقرير استخباري أمريكي``); None when there is
        no such noun."""
        if self.cues[ci].form != "verb" or gender not in ("m", "f") or \
                self.words[ci].text[:1] in "وف":
            return None  # وقال: joined to the clause before, not a clause describing a noun
        last = max((s.end for s in here), default=ss)
        lo = max(self.word_at(max(ss, last)), ci - DOCUMENT_WORDS)
        for j in range(ci - 1, lo - 1, -1):
            w = self.words[j]
            if self.in_quote(w.start) or j in self.cues or self.text[
                    w.end : self.words[j + 1].start].strip():
                return None
            bare = _bare(rep.key(w.text))
            k = rep.key(w.text)
            if k not in rep.DOCUMENTS and bare not in rep.DOCUMENTS:
                continue
            if w.text.endswith("ة") != (gender == "f"):
                return None
            a = w.start + (len(w.text) - len(w.text.lstrip("وفبل")) if k not in rep.DOCUMENTS
                           and w.text[:1] in "وفبل" and bare in rep.DOCUMENTS else 0)
            end = w.end
            x = j + 1
            while x < ci and not self.text[self.words[x - 1].end : self.words[x].start].strip():
                ak = rep.key(self.words[x].text)
                if len(ak) > 3 and ak.endswith(("ي", "يه")) and ak not in rep.STOP_WORDS:
                    end = self.words[x].end
                    x += 1
                    continue
                break
            return _Speaker(self.text[a:end], None, a, end, gender, True)
        return None

    def _tongue_before(self, ci: int) -> _Speaker | None:
        """The person after ``على لسان`` earlier in the sentence of a masdar or participle cue,
        with no other cue between (``وردت موسكو على لسان الناطق باسم الكرملين ديمتري بيسكوف
        بقوله:``): the one whose tongue it is speaks, not the first person of the sentence."""
        ss = self.sentence_start(self.words[ci].start)
        for x in range(ci - 1, max(self.word_at(ss), 1) - 1, -1):
            if x in self.cues or self.in_quote(self.words[x].start):
                return None
            if rep.key(self.words[x].text) == "لسان" and rep.key(self.words[x - 1].text) == "علي":
                found = self._phrase(*self._subject_words(x), None, x)
                return found if found is not None and found.name is not None else None
        return None

    def _resolve(self, ci: int) -> _Speaker:
        cue = self.cues[ci]
        if cue.form != "verb":
            tongue = self._tongue_before(ci)
            if tongue is not None:
                return tongue
        if cue.form == "verb":
            a, b = self._subject_words(ci)
            if cue.lemma in rep.RELAY_LEMMAS and b < len(self.words) and rep.key(
                    self.words[b].text) == "عن":
                # ونقلت وكالة أنباء فارس عن النيابة العامة أن: the source quoted is the speaker
                relayed = self._phrase(*self._subject_words(b), None, ci)
                if relayed is not None and relayed.name is not None:
                    return relayed
            mouth = self._on_the_tongue_of(b) or self._topic(ci, cue.gender)
            if mouth is not None and mouth.name is not None:
                return mouth
            if cue.gender == "p":  # a plural verb agrees with a subject before it (قالوا)
                return self._implied(ci, cue.gender)
            found = self._phrase(a, b, cue.gender, ci)
            if found is None:
                found = self._subject_before(ci, cue.gender)
            return found if found is not None else self._implied(ci, cue.gender)
        if cue.form == "participle":
            ss = self.sentence_start(self.words[ci].start)
            para = self.text.rfind("\n", 0, self.words[ci].start) + 1
            if not any(self.cues[j].form == "verb" and ss <= self.words[j].start
                       for j in self.cues if j < ci):
                # no verb of saying in its sentence: the participle's subject is that of the
                # verb it hangs on, the first person named in the sentence (ورد عليه السفير
                # جلعاد إردان قائلا:), not a speaker of an earlier sentence
                own = [e for e in self.entities[: bisect_left(self.estarts, self.words[ci].start)]
                       if e.start >= ss and e.label == "PERSON" and not self.in_quote(e.start)
                       and not self._related(e)]
                if own:
                    return self._from_entity(own[0], cue.gender)
            for j in sorted(self.cues, reverse=True):
                if j >= ci:
                    continue
                if self.words[j].start < min(ss, para) and self.words[j].start < para:
                    break
                other = self.cues[j]
                if other.form == "verb" and (cue.gender is None or other.gender == cue.gender):
                    sp = self.speaker(j)
                    return _Speaker(sp.name, sp.entity, sp.start, sp.end, cue.gender,
                                    sp.explicit)
            return self._implied(ci, cue.gender)
        # masdar: عن فلان قوله
        j = ci - 1
        ss = self.sentence_start(self.words[ci].start)
        while j >= 0 and ci - j <= SPEAKER_MAX_WORDS and self.words[j].start >= ss:
            if rep.key(self.words[j].text) == "عن":
                found = self._phrase(j + 1, ci, None, ci)
                if found is not None:
                    return found
                break
            j -= 1
        if self.words[ci].text.endswith(("ه", "ها")):  # بقوله: his saying, the clause's subject
            titled = self._titled_subject(ci, ss, None)
            if titled is not None:
                return titled
        return self._implied(ci, None)

    def _titled_subject(self, ci: int, ss: int, gender: str | None) -> _Speaker | None:
        """The subject of the clause a suffixed masdar cue hangs on when it is a title phrase
        right after the clause's verb and no person is named in the sentence (``ويكتفى قائد
        الحرس الجمهوري باستنكار ... بقوله:``): the first title word of the sentence before the
        cue, not after a preposition, read as a subject phrase (:meth:`_phrase`) that opens
        on that word and goes on past it. None otherwise (the usual antecedents apply)."""
        first = self.word_at(ss)
        if any(e.label == "PERSON" and ss <= e.start < self.words[ci].start
               for e in self.entities[bisect_left(self.estarts, ss) : bisect_left(
                   self.estarts, self.words[ci].start)]):
            return None
        for x in range(first + 1, ci):
            w = self.words[x]
            if self.in_quote(w.start) or x in self.cues:
                return None
            k = rep.key(w.text)
            if k not in rep.TITLES and _bare(k) not in rep.TITLES:
                continue
            prev = rep.key(self.words[x - 1].text)
            if prev in rep.PREPOSITIONS or prev in rep.TITLES or prev.startswith("ال") or \
                    self.text[self.words[x - 1].end : w.start].strip():
                return None  # في مكتب قائد ...: a complement, not the subject
            found = self._phrase(*self._subject_words(x - 1), gender, ci)
            if found is None or found.name is None or found.start != w.start or \
                    found.end is None or found.end <= w.end:
                return None  # only a title phrase of two words or more, as written
            return found
        return None


# --- the annotator ----------------------------------------------------------------------

def _post_quotes(doc: _Doc) -> list[tuple[Span, int]]:
    """One direct quote per embedded post (rule 6), with the post's block start."""
    out: list[tuple[Span, int]] = []
    text = doc.text
    for b in doc.art.layer("blocks"):
        if b.label != "embedded_post":
            continue
        surface = text[b.start : b.end]
        attribution = list(_ATTRIBUTION_RE.finditer(surface))
        end = b.start + (attribution[-1].start() if attribution else len(surface))
        start = b.start
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        author = str(b.attrs.get("author") or b.attrs.get("handle") or "")
        sp: _Speaker = _Speaker(author or None, None, None, None, None, True)
        line_at = end
        for needle in (author, str(b.attrs.get("handle") or "")):
            at = text.find(needle, line_at, b.end) if needle else -1
            if at < 0:
                continue
            ent = doc.entity_in(at, at + len(needle))
            if ent is not None:
                sp = doc._from_entity(ent, None)
                break
            if sp.start is None:
                sp = _Speaker(author or needle, None, at, at + len(needle), None, True)
        platform = b.attrs.get("platform")
        cue = "tweet" if platform == "twitter" else "post"
        lang = str(b.attrs.get("language") or _language(doc.art, start, end))
        attrs = {"speaker": sp.name, "speaker_entity": sp.entity, "speaker_start": sp.start,
                 "speaker_end": sp.end, "speaker_implied": False, "cue": cue, "cue_start": None, "cue_end": None,
                 "language": lang, "translation_of": None}
        out.append((Span(start, end, "direct", attrs), b.start))
    return out


def _is_name(doc: _Doc, pairs: Sequence[tuple[int, int]], names: set[int], pi: int, a: int,
             b: int, n_words: int) -> bool:
    """Rule 4: the quotation at ``pairs[pi]`` (content ``text[a:b]``) names or labels
    something rather than quoting speech."""
    text = doc.text
    o = pairs[pi][0]
    wi = doc.word_at(o) - 1
    prev = doc.words[wi] if wi >= 0 else None
    coordinated = _after_a_name(text, pairs, names, pi) or (
        n_words <= NAME_MAX_WORDS and _coordinated_short(text, pairs, pi))
    words = _WORD_RE.findall(text[a:b])
    # an acronym spelt in letter names («إن بي آر», «او سى اى ان فى»)
    if coordinated or all(rep.key(w) in rep.LETTER_NAMES for w in words):
        return True
    named = prev is not None and prev.end >= o - 2 and any(
        s in rep.NAMING_NOUNS for s in _strip_affixes(rep.key(prev.text)))
    if named and n_words <= TITLE_MAX_WORDS and _title_noun(rep.key(prev.text)) and not any(
            rep.key(w) in rep.COMPLEMENTISERS for w in words):
        return True  # the title of a seminar, book or campaign: ندوة «مخطوط ... في ميزان التاريخ»
    if _listing(text[a:b]):
        return True  # a list of names in marks: "فيومي، الزييانة، فاضل، وخلف"
    if n_words > NAME_MAX_WORDS:
        return False
    glued = n_words == 1 and bool(_GLUED_DIGIT_RE.search(text[a:b]))  # «جنيف1», «كوب28»
    term = all(_DEFINITE_RE.match(rep.key(w)) for w in words)
    # a count with its noun («207 شركات»); a short quotation over an entity, or any that is
    # an entity's whole name («سكاي نيوز عربية»)
    ent = doc.entity_in(a, b)
    entity = ent is not None and (n_words <= SHORT_MAX_WORDS or (
        ent.start <= a + 1 and ent.end >= b - 1))
    count = bool(words) and words[0][0].isdigit()
    initials = n_words <= SHORT_MAX_WORDS and any(len(w) == 1 for w in words)  # «فريدة. ع»
    lead = " ".join(rep.key(w) for w in words[:2])
    attribution = bool(words) and (rep.key(words[0]) in rep.ATTRIBUTIONS or lead == "علي حد")
    # the object of a glued preposition (كـ"ناخب" "as a 'voter'", ب"مسج", بـ"أكتوبر ببني
    # سويف الجديدة"): a word or name set off, not someone's words
    prep_term = _PREP_MARK_RE.search(text, max(0, o - 3), o + 1) is not None and not (
        words and _CLAUSE_OPENING.match(rep.key(words[0]))) and not _DESCRIBED_RE.search(
            text, max(0, o - 60), o + 1)  # ووصفت ما يحدث بـ«انتهاك لحرية الرأي»: her words
    return named or term or count or entity or initials or attribution or glued or prep_term


#: a verb of describing a few words before a mark (``وصفت ما يحدث بـ«``, ``واصفا إياه بـ"``)
_DESCRIBED_RE = re.compile(r"(?:^|(?<=\s))[وف]?(?:وصف|يصف|تصف|نصف|واصف|نعت|ينعت|تنعت)\S*"
                           r"(?:\s+\S+){0,4}\s+[بكل]\u0640?[\"«“]$")
#: a mark right after a preposition written as a word of its own (``بـ"``, ``ك"``, ``لـ«``)
_PREP_MARK_RE = re.compile("(?:^|(?<=[\\s(،,]))[بكل]\u0640?[\"«“]$")


# A quoted fragment opening with a particle of a verbal clause (negation, future, قد) or a
# pronoun is speech even when short: "لن تتراجع" و"لا تفاوض"
_CLAUSE_OPENING = re.compile(r"(?:لن|لا|لم|قد|لقد|سوف|ما|نحن|انا|هو|هي|هم)$")


# nouns of figures and documents: words attributed to their source are not speech
_DATA_NOUN_RE = re.compile(r"(?:[وبلف]|ل?ل|ب?ال|ل)?(?:بيانات|احصاءات|احصائيات|ارقام|تقديرات|"
                           r"معلومات|تقرير|دراسه|وثيقه|وثائق)$")


# a chant, slogan or inscription introduces the marks (مرددة هتافات: "...", رفعوا لافتات كتب
# عليها «...», تحت شعار "..."): what a crowd chants or a sign says is no one's quotation
_CHANT_BEFORE = re.compile(r"(?<![\w])[وبل]?(?:ال)?(?:هتافات|هتاف|شعارات|شعار|لافتات|لافتة|يافطات|"
                           r"يافطة|هاتفين|هاتفة|هاتفا|يهتفون|يرددون هتافات)(?:\s+(?:منها|مثل|من بينها|"
                           r"تقول|مناهضة|معادية|مؤيدة|ضد\s+\S+))?\s*[:؛،]?\s*$")


def _after_a_name(text: str, pairs: Sequence[tuple[int, int]], names: set[int], pi: int) -> bool:
    """Whether the quotation at ``pairs[pi]`` follows one already taken for a name (rule 4),
    joined to it by ``و`` or a comma: the next item of the same list. After a comma alone it
    must be as short as a name (:data:`NAME_MAX_WORDS` words): ``وأضافت عازر، لـ"الوطن"،
    "مجرد شو إعلامي، ..."`` names the outlet, then quotes the speaker."""
    if pi == 0 or pi - 1 not in names:
        return False
    prev_close, o = pairs[pi - 1][1], pairs[pi][0]
    gap = text[prev_close + 1 : o].strip()
    if prev_close < o - 4 or gap not in ("و", "، و", "،"):
        return False
    return gap != "،" or len(_WORD_RE.findall(text[o + 1 : pairs[pi][1]])) <= NAME_MAX_WORDS \
        or len(_WORD_RE.findall(text[pairs[pi - 1][0] + 1 : prev_close])) > NAME_MAX_WORDS


def _coordinated_short(text: str, pairs: Sequence[tuple[int, int]], pi: int) -> bool:
    """Whether the quotation at ``pairs[pi]`` is joined by ``و`` to a neighbouring one and both
    hold at most :data:`NAME_MAX_WORDS` words, none ending a sentence: a list of names, titles,
    labels or slogans (تحرير "شعب باحواص" و"ظهر البياض", صحيفتا «نيويورك تايمز» و«واشنطن
    بوست», بتهمة «التجسس» و«جمع معلومات»). Read over corpus and corpus2: all 164 such pairs
    name or label something; speech is not coordinated in marks this way."""
    def short(k: int) -> bool:
        inner = text[pairs[k][0] + 1 : pairs[k][1]]
        words = _WORD_RE.findall(inner)
        return len(words) <= NAME_MAX_WORDS and not any(ch in inner for ch in ".!?؟:؛") and \
            not (words and _CLAUSE_OPENING.match(rep.key(words[0])))

    def joined(k: int) -> bool:  # pairs[k] and pairs[k + 1], joined by و
        gap = text[pairs[k][1] + 1 : pairs[k + 1][0]].strip()
        return gap in ("و", "، و", "،و") and short(k) and short(k + 1)
    return (pi + 1 < len(pairs) and joined(pi)) or (pi > 0 and joined(pi - 1))


def _title_noun(k: str) -> bool:
    """Whether the folded word ``k`` is a title noun (:data:`rep.TITLE_NOUNS`) as such or
    behind a proclitic or the article (``ندوة``, ``بعنوان``, ``والبرنامج``), not with a
    possessive suffix (``برنامجه "أشياء لا نلاحظها"``: his programme shows what he describes)."""
    if k in rep.TITLE_NOUNS:
        return True
    return any(k.startswith(pre) and k[len(pre):] in rep.TITLE_NOUNS
               for pre in ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف"))


def _listing(inner: str) -> bool:
    """Whether the quoted ``inner`` is a list of names rather than speech: at least
    :data:`LIST_MIN_ITEMS` items separated by commas (the last may be joined by ``و``), each
    of at most :data:`SHORT_MAX_WORDS` words, none a verb of saying or a complementiser, and
    no sentence punctuation (``"فيومي، الزييانة، فاضل، وخلف"``)."""
    if any(ch in inner for ch in ".!?؟:؛"):
        return False
    items = [x.strip() for x in re.split("[،,]", inner)]
    if len(items) < LIST_MIN_ITEMS or any(not x for x in items):
        return False
    for x in items:
        ws = _WORD_RE.findall(x)
        if not ws or len(ws) > SHORT_MAX_WORDS:
            return False
        if any(rep.key(w) in rep.COMPLEMENTISERS or rep.lookup(w) is not None for w in ws):
            return False
    return True


def _person_named(doc: _Doc, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` names a person (a person's entity mention inside it, no verb of
    saying): ``كشفت أن «شقيق سوزان مبارك» أسس شركة`` — the subject of the clause in marks."""
    ent = doc.entity_in(a, b)
    return ent is not None and ent.label == "PERSON" and ent.start >= a and ent.end <= b and \
        not any(rep.lookup(w) is not None for w in _WORD_RE.findall(doc.text[a:b]))


def _name_like(text: str, o: int, c: int, a: int, b: int) -> bool:
    """Whether the short quotation ``text[a:b]`` (marks at ``o`` and ``c``) reads as a name:
    one rare word (:func:`_rare_name`: ``موديز``, ``هواوي``), or the same words recur in the
    text outside quotation marks (``وكالة موديز`` elsewhere). Common words in marks
    (``"تقدما كبيرا"``) are the speaker's words."""
    inner = text[a:b]
    words = _WORD_RE.findall(inner)
    if len(words) == 1 and _rare_name(words[0]):
        return True
    for m in re.finditer(re.escape(inner), text):
        if m.start() < o or m.start() > c:
            left = text[max(0, m.start() - 1) : m.start()]
            right = text[m.end() : m.end() + 1]
            if not (left and left in "\"«“") and not (right and right in "\"»”"):
                return True
    return False


def _cue_after(doc: _Doc, ss: int, o: int, c: int, colon: bool) -> int | None:
    """Rule 2, cue after the quotation: a quotation that starts its sentence followed by a
    verb of saying (``"..."، قال فلان``), possibly through a pointer (``"..."، هذا ما قاله
    كارار``). Returns the cue's word index or ``None``."""
    text = doc.text
    lead = text[ss:o].strip()
    if lead not in ("", "و") and not colon:
        return None
    k = doc.word_at(c)
    if k >= len(doc.words) or text[c + 1 : doc.words[k].start].strip() not in ("", "،", ","):
        return None
    for j in range(k, min(k + 3, len(doc.words))):
        if j in doc.cues and doc.cues[j].form == "verb":
            return j
        if rep.key(doc.words[j].text) not in rep.POINTERS:
            return None
    return None


def _quote_span(doc: _Doc, a: int, b: int, kind: str, ci: int) -> Span:
    """The quote span ``[a, b)`` with the speaker and cue of cue word ``ci``."""
    sp = doc.speaker(ci)
    cw = doc.words[ci]
    if rep.key(cw.text) not in rep.CUES and cw.text[0] in "وف":
        cw = _Word(cw.start + 1, cw.end, cw.text[1:])  # the cue without its conjunction
    attrs: dict[str, Any] = {
        "speaker": sp.name, "speaker_entity": sp.entity, "speaker_start": sp.start,
        "speaker_end": sp.end, "speaker_implied": not sp.explicit, "cue": cw.text,
        "cue_start": cw.start, "cue_end": cw.end,
        "language": _language(doc.art, a, b), "translation_of": None,
    }
    return Span(a, b, kind, attrs)


def _colon_quotes(doc: _Doc, marked: Sequence[tuple[int, int]]) -> list[Span]:
    """Rule 7: colon quotations without marks (``وقال سكان محليون: إن غارات ...``).

    A colon after a cue of the same sentence (at most :data:`COLON_CUE_WORDS` words back, no
    complementiser between them), not followed by a quotation mark, opens a ``direct``
    quotation that ends where the reporter's voice resumes: the end of the sentence, or a
    participle cue (``، مشيرا إلى أن``). Skipped when a quotation in marks (not a name, more
    than :data:`SHORT_MAX_WORDS` words) lies inside, when it has fewer than :data:`COLON_MIN_WORDS` words, after clock times, and when
    it opens with a third-person complementiser (``: إنها ...``, indirect speech). A
    quotation in round brackets right after the colon is taken whole (``قصيدة يقول في
    مطلعها: (...)``).
    """
    text = doc.text
    out: list[Span] = []
    opens = sorted(o for o, c in marked
                   if len(_WORD_RE.findall(text[o:c])) > SHORT_MAX_WORDS)
    for m in _COLON_RE.finditer(text):
        i = m.start()
        j = m.end()
        if j >= len(text) or text[j] in "\"«»“”‘\n" or doc.in_quote(i):
            continue
        bracket = text[j] == "("
        ss = doc.sentence_start(i)
        wi = doc.word_at(i) - 1
        ci = None
        for k in range(wi, max(-1, wi - COLON_CUE_WORDS), -1):
            w = doc.words[k]
            if w.start < ss or rep.key(w.text) in rep.COMPLEMENTISERS:
                break
            if k in doc.cues and doc.cues[k].form != "masdar":
                ci = k
                break
        if ci is None or ":" in text[doc.words[ci].end : i]:
            continue
        if bracket:  # a quotation in round brackets: قصيدة يقول في مطلعها: (...)
            close = text.find(")", j, text.find("\n", j) % (len(text) + 1))
            a, b = _content(text, j, close) if close > j else (j, j)
            if len(_WORD_RE.findall(text[a:b])) >= COLON_MIN_WORDS:
                out.append(_quote_span(doc, a, b, "direct", ci))
            continue
        end = doc.sentence_end(j)
        k = doc.word_at(j)
        while k < len(doc.words) and doc.words[k].start < end:
            cue = doc.cues.get(k)
            if cue is not None and cue.form == "participle" and k > doc.word_at(j):
                end = doc.words[k].start
                break
            k += 1
        a, b = j, end
        while b > a and text[b - 1] in " \t،,.":
            b -= 1
        a, b = _balanced_edges(text, a, b)
        while b > a and text[b - 1] in " \t،,.":
            b -= 1
        x = bisect_left(opens, a)
        if x < len(opens) and opens[x] < b:
            continue
        words = _WORD_RE.findall(text[a:b])
        if len(words) < COLON_MIN_WORDS or rep.key(words[0]) in rep.THIRD_PERSON_OPENERS:
            continue
        out.append(_quote_span(doc, a, b, "direct", ci))
    return out


def _colon_cue(text: str) -> bool:
    """Cheap test before building the document: a colon (not in a clock time) with a cue among
    the words before it, i.e. a possible colon quotation without marks (rule 7)."""
    lookup = rep.lookup
    for m in _COLON_LETTER_RE.finditer(text):
        i = m.start()
        if any(lookup(w) is not None for w in _WORD_RE.findall(text, max(0, i - 160), i)):
            return True
    return False


def _find_quotes(art: Article) -> list[Span]:
    text = art.text
    skip = [(b.start, b.end) for b in art.layer("blocks") if b.label in _BLOCK_LABELS_SKIPPED]
    paras = art.layer("paragraphs") or [Span(0, len(text), "paragraph")]
    posts_present = any(b.label == "embedded_post" for b in art.layer("blocks"))
    marks = any(ch in text for ch in "\"«»“”‘")
    if not posts_present and not marks and not _colon_cue(text):
        return []
    pairs: list[tuple[int, int]] = []
    carried: dict[int, int] = {}  # paragraph end -> the open quotation carried to it
    for x, para in enumerate(paras):
        nxt = paras[x + 1] if x + 1 < len(paras) else None
        carry = nxt is not None and text[nxt.start : nxt.end].lstrip()[:1] in ("\"", "«", "“")
        got = [p for p in _pairs(text, para.start, para.end, carry)
               if not any(s <= p[0] < e for s, e in skip)]
        if got and got[-1][1] == para.end:
            carried[para.end] = got[-1][0]
        pairs.extend(got)
    doc = _Doc(art, pairs)
    names: set[int] = set()
    found: list[tuple[Span, bool]] = []  # (span, mentions a post)
    for pi, (o, c) in enumerate(pairs):
        a, b = _content(text, o, c)
        if b <= a:
            continue
        n_words = len(_WORD_RE.findall(text[a:b]))
        before = text[:o].rstrip(" \t")
        colon = before.endswith(":")
        # rule 4: names and terms; chants and slogans (هتافات: "...")
        if (not colon and _is_name(doc, pairs, names, pi, a, b, n_words)) or _CHANT_BEFORE.search(
                text, max(0, o - 40), o) or _after_a_name(text, pairs, names, pi):
            names.add(pi)
            doc.names.add((o, c))
            continue
        # rule 2: the cue
        ss = doc.sentence_start(o)
        first = doc.word_at(ss)
        last = doc.word_at(o)
        ci = None
        for j in range(last - 1, max(first, last - MAX_CUE_WORDS) - 1, -1):
            if j in doc.cues and doc.words[j].start >= ss and not (
                    j in doc.backward and (last - j > RELATIVE_CUE_WORDS or any(
                        ch in text[doc.words[j].end : o] for ch in "،,؛;"))):
                ci = j  # a relative cue (التي أعلنها العبادي «...») only right before the marks
                break
        kind = "partial"
        if ci is not None:
            cue = doc.cues[ci]
            gap = [w for w in doc.words[ci + 1 : last] if not doc.in_quote(w.start)]
            comps = [x for x, w in enumerate(gap) if rep.key(w.text) in rep.COMPLEMENTISERS
                     and not (x > 0 and rep.key(gap[x - 1].text) in rep.ADVERBIAL_BEFORE_AN)]
            complement = bool(comps)
            predicate = bool(gap) and rep.key(gap[-1].text) in rep.PREDICATE_MARKERS
            if n_words <= SHORT_MAX_WORDS and not colon and (not comps or (
                    len(gap) - comps[-1] - 1 > SHORT_CLAUSE_WORDS and not predicate)):
                ci = None  # a short quotation outside reported speech: a term (rule 4)
            elif n_words <= SHORT_MAX_WORDS and not colon and comps and \
                    comps[-1] == len(gap) - 1 and rep.key(gap[-1].text) in _BARE_COMPLEMENTISERS \
                    and _CLAUSE_GOES_ON.match(text, c + 1) and _name_like(text, o, c, a, b) \
                    or n_words <= NAME_MAX_WORDS and not colon and comps and \
                    comps[-1] == len(gap) - 1 and rep.key(gap[-1].text) in _BARE_COMPLEMENTISERS \
                    and _CLAUSE_GOES_ON.match(text, c + 1) and _person_named(doc, a, b):
                # قالت إن "موديز" أقدمت على: the subject of the complement clause, a name (after
                # إنها/أنه the pronoun is the subject and the quotation its predicate)
                ci = None
            elif colon or ((cue.speech or cue.form == "masdar") and len(gap) <= DIRECT_GAP_WORDS
                           and not complement):
                kind = "direct"
        elif n_words > SHORT_MAX_WORDS or colon:
            ci = _cue_after(doc, ss, o, c, colon)
            kind = "direct"
            prev_end = text.rfind("\n", 0, o)
            if ci is None and found and text[prev_end:o].strip() == "":
                # a paragraph reopening the quotation carried from the paragraph before
                for pe, po in carried.items():
                    if pe <= o and text[pe:o].strip() == "" and found[-1][0].start > po:
                        prev = found[-1][0]
                        found.append((Span(a, b, prev.label, dict(prev.attrs)), False))
                        break
                continue
        if ci is None:
            if not colon and n_words <= SHORT_MAX_WORDS:
                names.add(pi)
                doc.names.add((o, c))
            continue
        lead_keys = {rep.key(w.text) for w in doc.words[first:last]}
        mentions_post = any(m in lead_keys or any(m in k for k in lead_keys)
                            for m in rep.POST_MARKERS)
        found.append((_quote_span(doc, a, b, kind, ci), mentions_post))
    found.extend((q, False) for q in _colon_quotes(doc, [p for i, p in enumerate(pairs)
                                                         if i not in names]))
    # a quotation inside another one (a name in marks inside a colon quotation) is not a quote
    found = [(s, m) for s, m in found if not any(
        o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end)
        for o, _ in found)]
    posts = _post_quotes(doc)
    spans = sorted([s for s, _ in found] + [s for s, _ in posts], key=lambda s: (s.start, s.end))
    index = {(s.start, s.end): i for i, s in enumerate(spans)}
    out = list(spans)
    for s, mentions_post in found:
        if not mentions_post or not posts:
            continue
        cands = [p for p, _ in posts if p.attrs["language"] != s.attrs["language"]
                 and 1 / TRANSLATION_RATIO <= (s.end - s.start) / max(1, p.end - p.start)
                 <= TRANSLATION_RATIO]
        if not cands:
            continue
        best = min(cands, key=lambda p: abs(p.start - s.start))
        i = index[(s.start, s.end)]
        out[i] = Span(s.start, s.end, s.label, {**s.attrs, "translation_of": index[
            (best.start, best.end)]})
    return out


def quotes(article: Article) -> Article:
    """Return ``article`` with its ``"quotes"`` layer set (rules in the module docstring).

    Needs the ``paragraphs`` layer (falls back to the whole text), uses ``blocks``,
    ``languages`` and ``entities`` when present. Adds no edits.
    """
    return article.with_layer("quotes", _find_quotes(article))
