"""Language layer: one ``"languages"`` span per paragraph, labelled with an ISO 639-1 code.

Decision, cheapest first (issue 2, item 4: Persian and Urdu are *not* Arabic):

1. **Script.** URLs, e-mail addresses, ``@handles`` and ``#hashtags`` are ignored; the
   remaining letters are counted by script (Arabic block, Latin, others). A paragraph without
   letters is ``"und"``.
2. **Arabic script.** Standard Arabic writes ي ك ى ة; Persian writes ی ک and has پ چ ژ گ;
   Urdu adds ٹ ڈ ڑ ں ے ھ (sets in :mod:`mawsua.arabic.charsets`). A span with none of the
   Persian/Urdu/Pashto letters is ``"ar"`` (a Persian sentence without ی ک پ چ ژ گ is
   very rare); so is one where Arabic-only letters outnumber them :data:`ARABIC_MARGIN` times
   (foreign names such as ``گوغل`` in Arabic text). Otherwise a detector restricted to
   Arabic-script languages decides: pycld2 on long spans (reliable answers only), else lingua
   restricted to Arabic and Persian, plus Urdu when an Urdu-only letter occurs.
3. **Latin script.** Fewer than :data:`LATIN_MIN_LETTERS` letters (a brand, ``NNNN``) is
   ``"und"``. Else pycld2 when the span is long and its answer reliable, else lingua
   restricted to :data:`LATIN_LANGUAGES`, where English wins when its value is at least half
   the top one (Latin-script text in Arabic news is overwhelmingly English; lingua is noisy on
   a few words).
4. **Other scripts.** pycld2's answer when reliable, else ``"und"``.

Each paragraph span: ``label`` = code, ``attrs = {"level": "paragraph", "confidence": float in
0..1, "method": "script" | "cld2" | "lingua"}``. The article's ``metadata.language`` is decided
by the body weighted by length (:func:`dominant_language`): boilerplate blocks (a site-links
footer) never vote, the largest script group wins, then its largest language.

**Runs** (issue 3, item 5): inside a paragraph, a stretch in the other script gets a span of
its own with ``attrs = {"level": "run", "script": "Latn" | "Arab", "confidence", "method"}``,
so the site can set ``dir`` per run (``<span dir>``) inside a paragraph's ``<p dir>``:

* in an Arabic-script paragraph, each run of Latin-script words (with the spaces, digits and
  punctuation between them, and a leading ``@``/``#``; trailing punctuation left out):
  ``"en"`` (Latin text in Arabic news is overwhelmingly English: names, handles, brands), or
  :func:`detect`'s answer for runs of at least :data:`RUN_DETECT_MIN_LETTERS` letters;
* in a Latin-script paragraph, each run of Arabic-script words: ``"ar"``, or :func:`detect`'s
  answer for long runs (Persian, Urdu);
* ``"und"`` paragraphs get no runs. Run offsets are code points into ``text`` and lie inside
  their paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

import pycld2
from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from mawsua.annotate.paragraphs import paragraph_spans
from mawsua.arabic.charsets import (
    ARABIC_ONLY_LETTERS,
    OTHER_ARABIC_SCRIPT_LETTERS,
    PERSIAN_LETTERS,
    URDU_LETTERS,
)
from mawsua.model import Article, Span

#: languages lingua may answer for short Latin-script spans: the foreign-language editions
#: and quotes found in Arabic news (English above all; French in the Maghreb; Turkish,
#: Spanish, German). Each high-accuracy model costs ~30 MB per process, so the set is small;
#: longer spans go to pycld2, which knows ~80 languages.
LATIN_LANGUAGES: tuple[Language, ...] = (
    Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.GERMAN, Language.TURKISH,
)
#: languages lingua may answer for Arabic-script spans
ARABIC_SCRIPT_LANGUAGES: tuple[Language, ...] = (Language.ARABIC, Language.PERSIAN, Language.URDU)
#: a span at least this long (code points) is left to pycld2 when cld2 calls it reliable
CLD2_MIN_CHARS = 200
#: a Latin-script span with fewer letters than this is "und" (names, brands, codes)
LATIN_MIN_LETTERS = 8
#: a run with at least this many letters is labelled by :func:`detect`, shorter ones by script
RUN_DETECT_MIN_LETTERS = 40
#: Arabic-only letters must outnumber Persian/Urdu ones this many times for a direct "ar"
ARABIC_MARGIN = 4

_AR_RE = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9"
                    "\ufb50-\ufdff\ufe70-\ufefc]+")
_LAT_RE = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")
_LETTER_RE = re.compile(r"[^\W\d_]+")
_LAT_LETTER_IN = re.compile("[A-Za-z\u00c0-\u024f]")
_AR_ONLY = tuple(sorted(ARABIC_ONLY_LETTERS))
_NON_AR_RE = re.compile(
    f"[{''.join(sorted(PERSIAN_LETTERS | URDU_LETTERS | OTHER_ARABIC_SCRIPT_LETTERS))}]"
)
_UR_RE = re.compile(f"[{''.join(sorted(URDU_LETTERS))}]")
_NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|[@#][\w.]+", re.IGNORECASE)
_LAT_W = "A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff'’._\\-"
#: a run of Latin-script words: starts with a Latin letter (or @/# before one), words joined
#: by spaces, digits and neutral punctuation
_LAT_RUN_RE = re.compile(
    f"[@#]?[A-Za-z\u00c0-\u024f\u1e00-\u1eff][{_LAT_W}]*"
    f"(?:[ \t,:;&/\"“”()\\-]+[@#]?[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff][{_LAT_W}]*)*")
_AR_L = "\u0620-\u064a\u064b-\u065f\u0670-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f"
_AR_RUN_RE = re.compile(f"[{_AR_L}]+(?:[ \t،,0-9\u0660-\u0669]+[{_AR_L}]+)*")
_RUN_TRIM = ".,:;-_'’\"“”( \t"
_CLD2_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug", "ckb"})


@cache
def _lingua(languages: tuple[Language, ...]) -> LanguageDetector:
    """A lingua detector restricted to ``languages``, built once per set with its models
    loaded (so that worker processes forked after :func:`preload` share the pages).

    Low-accuracy mode (trigram models only): ~20 MB instead of ~450 MB for the high-accuracy
    models of these eight languages, which would dominate ingest memory; lingua only decides
    spans that the script rules and pycld2 left open (short Latin spans, which are shown
    left-to-right whatever their language, and Arabic-script spans with Persian/Urdu letters).
    """
    return (LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode()
            .with_preloaded_language_models().build())


def preload() -> None:
    """Load every lingua model this module may use (~0.1 s, ~20 MB), e.g. before forking
    worker processes, which then share the memory instead of loading a copy each."""
    _lingua(LATIN_LANGUAGES)
    _lingua(ARABIC_SCRIPT_LANGUAGES)
    _lingua(ARABIC_SCRIPT_LANGUAGES[:2])


def _cld2(text: str) -> tuple[str, float] | None:
    """pycld2's top language when it calls the answer reliable, else None."""
    try:
        reliable, _n, details = pycld2.detect(text, isPlainText=True, bestEffort=False)
    except pycld2.error:
        return None
    code = details[0][1]
    if not reliable or code in ("un", "xxx"):
        return None
    return code.split("-")[0].lower(), details[0][2] / 100.0


def _lingua_pick(
    text: str, languages: tuple[Language, ...], prefer: str | None = None
) -> tuple[str, float]:
    """lingua's top language; ``prefer`` wins when its value is at least half the top one."""
    values = _lingua(languages).compute_language_confidence_values(text)
    if not values or values[0].value <= 0.0:
        return "und", 0.0
    top = values[0]
    if prefer is not None:
        for v in values:
            if v.language.iso_code_639_1.name.lower() == prefer and v.value * 2 >= top.value:
                return prefer, float(v.value)
    return top.language.iso_code_639_1.name.lower(), float(top.value)


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Code points of ``text`` matched by ``pattern`` (a pattern of runs: few list items)."""
    return sum(map(len, pattern.findall(text)))


def detect(text: str) -> tuple[str, float, str]:
    """Language of one span of text.

    Args:
        text: a paragraph (any length; code points).

    Returns:
        ``(code, confidence, method)``: ISO 639-1 code or ``"und"``, confidence in 0..1, and
        which step decided (``"script"``, ``"cld2"`` or ``"lingua"``). Never raises on text.
    """
    if "@" in text or "#" in text or "http" in text or "www." in text:
        text = _NOISE_RE.sub(" ", text)
    letters = _count(_LETTER_RE, text)
    if letters == 0:
        return "und", 0.0, "script"
    ar = _count(_AR_RE, text)
    if ar * 2 >= letters:
        share = ar / letters
        non_ar = len(_NON_AR_RE.findall(text)) if _NON_AR_RE.search(text) else 0
        ar_only = sum(map(text.count, _AR_ONLY)) if non_ar else 0
        if non_ar == 0 or ar_only >= ARABIC_MARGIN * non_ar:
            purity = (ar_only + 1) / (ar_only + non_ar + 1)
            length = min(1.0, 0.5 + letters / 40)  # a few letters: less sure
            return "ar", round(min(0.99, share) * purity * length, 3), "script"
        if len(text) >= CLD2_MIN_CHARS:
            found = _cld2(text)
            if found and found[0] in _CLD2_ARABIC_SCRIPT:
                return found[0], round(found[1] * share, 3), "cld2"
        # Urdu only when an Urdu-only letter is there (lingua mixes fa/ur on short spans)
        langs = ARABIC_SCRIPT_LANGUAGES if _UR_RE.search(text) else ARABIC_SCRIPT_LANGUAGES[:2]
        code, conf = _lingua_pick(text, langs)
        return code, round(conf * share, 3), "lingua"
    lat = _count(_LAT_RE, text)
    if lat * 2 >= letters:
        share = lat / letters
        if lat < LATIN_MIN_LETTERS:
            return "und", 0.0, "script"
        if len(text) >= CLD2_MIN_CHARS:
            found = _cld2(text)
            if found:
                return found[0], round(found[1] * share, 3), "cld2"
        code, conf = _lingua_pick(text, LATIN_LANGUAGES, prefer="en")
        return code, round(conf * share, 3), "lingua"
    found = _cld2(text)
    if found:
        return found[0], found[1], "cld2"
    return "und", 0.0, "script"


def run_spans(text: str, start: int, end: int, paragraph_code: str) -> list[Span]:
    """Runs in the other script inside the paragraph ``text[start:end]`` (see module doc).

    Args:
        text: the article text.
        start: first code point of the paragraph; end: one past its last.
        paragraph_code: the paragraph's language code.

    Returns:
        ``"languages"`` spans with ``attrs["level"] == "run"``, in text order.
    """
    if paragraph_code == "und":
        return []
    if paragraph_code in _CLD2_ARABIC_SCRIPT:
        pattern, script, default = _LAT_RUN_RE, "Latn", "en"
        if text.isascii() or not _LAT_LETTER_IN.search(text, start, end):
            return []
    else:
        pattern, script, default = _AR_RUN_RE, "Arab", "ar"
        if text.isascii() or not _AR_RE.search(text, start, end):
            return []
    out: list[Span] = []
    for m in pattern.finditer(text, start, end):
        s, e = m.span()
        while e > s and text[e - 1] in _RUN_TRIM:
            e -= 1
        if e <= s:
            continue
        if e < end and text[e] == ")" and text.count("(", s, e) > text.count(")", s, e):
            e += 1  # keep "(@POTUS)" whole
        run = text[s:e]
        code, conf, method = default, 0.9, "script"
        if _count(_LETTER_RE, run) >= RUN_DETECT_MIN_LETTERS:
            found, fconf, fmethod = detect(run)
            if found != "und":
                code, conf, method = found, fconf, fmethod
        out.append(Span(s, e, code, {"level": "run", "script": script, "confidence": conf,
                                     "method": method}))
    return out


def language_spans(text: str, paragraphs: list[Span] | tuple[Span, ...]) -> list[Span]:
    """One span per paragraph (``attrs["level"] == "paragraph"``), labelled with its language
    (see :func:`detect`), followed in text order by the runs inside it (:func:`run_spans`)."""
    out = []
    for p in paragraphs:
        code, conf, method = detect(text[p.start : p.end])
        attrs: dict[str, Any] = {"level": "paragraph", "confidence": conf, "method": method}
        out.append(Span(p.start, p.end, code, attrs))
        out.extend(run_spans(text, p.start, p.end, code))
    return out


#: block labels (``"blocks"`` layer, :mod:`mawsua.clean.blocks`) that are not body text and so
#: never vote for the article's language
NON_BODY_BLOCKS: frozenset[str] = frozenset({"boilerplate", "related_links", "embedded_post",
                                             "caption"})
#: languages written in Arabic script (the others vote as their own script group)
_ARABIC_SCRIPT_CODES = frozenset({"ar", "fa", "ur", "ps", "ku", "ckb", "sd", "ug"})


def _outside(start: int, end: int, blocks: list[tuple[int, int]]) -> int:
    """Code points of ``[start, end)`` not covered by ``blocks`` (sorted, non-overlapping)."""
    size = end - start
    for bs, be in blocks:
        if be > start and bs < end:
            size -= min(be, end) - max(bs, start)
    return max(size, 0)


def dominant_language(spans: list[Span] | tuple[Span, ...],
                      blocks: list[Span] | tuple[Span, ...] = ()) -> str:
    """The article's language: decided by the body, weighted by length.

    Paragraph spans vote with their code points outside the non-body ``blocks``
    (:data:`NON_BODY_BLOCKS`: a site-links footer, related links, captions, embedded posts
    never decide). The script group with the most votes (Arabic-script languages together,
    every other language on its own) wins first, then its largest language, so an Urdu body
    whose paragraphs split between ``ur`` and ``fa`` is not outvoted by an English footer.
    ``"und"`` spans are ignored; ``"und"`` when nothing votes.
    """
    skip = sorted((b.start, b.end) for b in blocks if b.label in NON_BODY_BLOCKS)
    sizes: Counter[str] = Counter()
    for s in spans:
        if s.label != "und" and s.attrs.get("level", "paragraph") == "paragraph":
            n = _outside(s.start, s.end, skip)
            if n:
                sizes[s.label] += n
    if not sizes:
        return "und"
    groups: Counter[str] = Counter()
    for code, n in sizes.items():
        groups["Arab" if code in _ARABIC_SCRIPT_CODES else code] += n
    group = groups.most_common(1)[0][0]
    if group != "Arab":
        return group
    return max((c for c in sizes if c in _ARABIC_SCRIPT_CODES), key=lambda c: sizes[c])


def languages(article: Article) -> Article:
    """Return ``article`` with its ``"languages"`` layer and ``metadata.language`` set.

    Uses the ``"paragraphs"`` layer when present, else computes paragraphs on the fly; the
    ``"blocks"`` layer, when present, keeps boilerplate out of the article's language
    (:func:`dominant_language`).
    """
    paras = article.layer("paragraphs") or tuple(paragraph_spans(article.text))
    spans = language_spans(article.text, paras)
    code = dominant_language(spans, article.layer("blocks"))
    return article.with_layer("languages", spans).with_metadata(language=code)
