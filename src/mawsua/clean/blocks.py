"""The ``"blocks"`` layer: typed non-body blocks of the final (repaired) text.

Each block is a :class:`~mawsua.model.Span` ``[start, end)`` in code points over
``article.text`` with one of the labels of :data:`BLOCK_LABELS` and ``attrs`` holding at least
``{"language": code}`` (``"ar"``, ``"en"`` or ``"und"``, decided by script: Arabic letters vs
Latin letters), plus:

* ``caption`` — a photo caption: a line (at most :data:`~mawsua.arabic.cues.CAPTION_MAX_CHARS`)
  ending in a credit in parentheses (``(أرشيفية)``, ``(أ ف ب)``, ``(رويترز)``, ``(صورة ...)``,
  ``(AFP Photo)``), or ending ``- Reuters``, or a short line starting ``صورة``/``الصورة``/
  ``Photo:``. FA-KES texts (one line each) that open with a photo caption: the span from the end
  of the date prefix to the ``(... Photo)`` credit. attrs: ``credit`` (the credit text or None).
* ``embedded_post`` — a social-media post: the paragraphs of the post plus its attribution line
  (``— President Biden (@POTUS) July 26, 2021``; ``A post shared by NAME (@handle) on ...``;
  lines with ``pic.twitter.com/...``). attrs: ``platform`` (``twitter``, ``instagram``,
  ``facebook``, ``youtube``), ``author``, ``handle`` (with ``@``), ``date`` (``YYYY-MM-DD`` or
  None), ``language``, ``text`` (the post's paragraphs joined by one space, no attribution).
* ``related_links`` — a line starting with ``اقرأ أيضا``/``شاهد أيضا``/``Read more``/
  ``Related:`` and the short lines that follow it (attrs: ``head``).
* ``boilerplate`` — share/follow/subscribe lines, copyright, ``جميع الحقوق محفوظة``, contact
  footers (e-mail, phone), SPA's ``// انتهى //`` and ``HH:MM ت م`` lines, ``رابط الخبر``; a
  share bar at the start of a line, also when the lead is glued after it (a share head and
  platform names, or three platform names in a row, then page actions: Okaz's ``شارك من خلال
  تويتر فيسبوك جوجل بلس اكتب رأيك``; no entity is taken from it); a tag
  list glued to the end of the body (Ain Alyoum ``. سمات ...``); English inline footers of the
  FA-KES texts (``Subscribe TRT World ...``, ``Print Tweet Views N``). attrs: ``kind``
  (``tags``, ``copyright``, ``contact``, ``share``, ``end_mark``, ``footer``), and a trailing
  site-links footer (``site_links``: at least four short lines, two of them navigation labels
  such as ``Home``/``اتصل بنا``, or written in another script than the body).
* ``dateline`` — at the start of the first paragraph, just the dateline part: ``الرياض - واس``,
  ``سبق- أبها:``, ``عين اليوم – بيروت``, SPA's ``الرياض 26 شوال 1436 هـ الموافق ... م واس``,
  ``(CNN) --``, ``BEIRUT (Reuters) -``, FA-KES date prefixes (``Published July 21 2015``).
* ``byline`` — the author part only: ``بقلم فلان``, ``كتب - فلان``, ``NAME – عين اليوم``,
  ``NAME- سبق-``, ``By NAME``, ``by NAME`` after ``Posted on DATE``, ``Reporting by ...``.

Rules and cue phrases live in :mod:`mawsua.arabic.cues` (data); every rule was checked on the
seed and on ``shared/corpus/articles.jsonl`` (see ``tests/clean/test_blocks_real.py``).
A body paragraph that merely mentions ``رويترز`` or ``تويتر`` is not a block.
"""

from __future__ import annotations

import re
from typing import Any

from mawsua.arabic import cues
from mawsua.arabic.months import GREGORIAN_MONTHS
from mawsua.arabic.numbers import to_ascii_digits
from mawsua.model import Article, Span

#: every label this layer uses (documented in docs/repairs.md, "Blocks")
BLOCK_LABELS: tuple[str, ...] = (
    "caption", "embedded_post", "related_links", "boilerplate", "dateline", "byline",
)


def _alt(words: tuple[str, ...] | frozenset[str]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LINE_RE = re.compile(r"[^\n]+")
_AR_LETTER_RE = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f]")
_LAT_LETTER_RE = re.compile("[A-Za-z]")
_FINAL = ".!?؟…"
_FINAL_RE = re.compile("[.!?؟…]")

_CREDIT = _alt(cues.CAPTION_CREDITS)
_CREDIT_PREFIX = _alt(cues.CAPTION_CREDIT_PREFIXES)
#: a caption line: ends with "(credit)" — optionally followed by nothing but spaces
_CAPTION_END_RE = re.compile(
    rf"\((?P<credit>(?:{_CREDIT})|(?:{_CREDIT_PREFIX})[^()\n]{{0,60}})\)\s*$", re.IGNORECASE)
_CAPTION_DASH_RE = re.compile(
    rf"\s[-–—/]\s*(?P<credit>{_alt(cues.CAPTION_DASH_CREDITS)})\s*$")
_DASH_LAST = frozenset(w[-1] for w in cues.CAPTION_DASH_CREDITS)
_START_FIRST = frozenset(w[0] for w in cues.CAPTION_LINE_STARTS)
_CAPTION_START_RE = re.compile(rf"^(?:{_alt(cues.CAPTION_LINE_STARTS)})(?:\s|:|$)")
#: FA-KES opening caption credit, e.g. "(AFP Photo)", "(Photo AP)", "(Reuters Photo)"
_FAKES_PHOTO_RE = re.compile(
    r"\((?:(?:AFP|AP|Reuters|AA|DHA|IHA|EPA|Getty|File|SANA)\s+Photo|Photo[:\s]+[A-Za-z ]{2,20})\)"
)

_MONTH = _alt(tuple(cues.EN_MONTHS))
#: the Twitter embed fallback's attribution: "— NAME (@handle) Month D, YYYY"
_TWEET_ATTR_RE = re.compile(
    rf"^[—–-]\s*(?P<author>[^()\n]{{1,80}}?)\s*\((?P<handle>@\w{{1,30}})\)\s*"
    rf"(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\s*$",
    re.IGNORECASE)
_AR_MONTH = _alt(tuple(sorted(GREGORIAN_MONTHS, key=len, reverse=True)))
#: the same attribution as an Arabic page renders it: "— NAME (@handle) D MONTH YYYY" with an
#: Arabic month name of any regional set (arabic/months.py) and ASCII or Arabic-Indic digits
_TWEET_ATTR_AR_RE = re.compile(
    rf"^[—–-]\s*(?P<author>[^()\n]{{1,80}}?)\s*\((?P<handle>@\w{{1,30}})\)\s*"
    rf"(?P<day>[0-9٠-٩]{{1,2}})\s+(?P<month>{_AR_MONTH})\s*،?\s*(?P<year>[0-9٠-٩]{{4}})\s*$")
#: Instagram's fallback: "A post shared by NAME (@handle) on Mon D, YYYY at ..."
_INSTA_ATTR_RE = re.compile(
    rf"^A post shared by\s*(?P<author>[^()\n]{{0,80}}?)\s*\((?P<handle>@[\w.]{{1,30}})\)"
    rf"(?:\s+on\s+(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE)
#: Facebook's fallback: "Posted by NAME on Monday, July 26, 2021"
_FB_ATTR_RE = re.compile(
    rf"^Posted by\s+(?P<author>[^\n]{{1,80}}?)\s+on\s+(?:\w+,\s+)?(?P<month>{_MONTH})\.?\s+"
    rf"(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\s*$", re.IGNORECASE)
_PIC_TWITTER_RE = re.compile(r"pic\.twitter\.com/\w+|https?://t\.co/\w+", re.IGNORECASE)

_RELATED_RE = re.compile(rf"^(?P<head>{_alt(cues.RELATED_HEADS)})(?=\s|:|$)", re.IGNORECASE)

_BOILER_RE = re.compile(r"(?<![\w])(?:" + _alt(cues.BOILERPLATE_PHRASES) + ")", re.IGNORECASE)
#: a line of running news text: ten words or more ending a sentence (``ولم ترد السفارة على
#: طلب عبر البريد الإلكتروني للتعليق.``, ``أعلن موقع فيسبوك للتواصل الاجتماعي منع ...``)
NEWS_SENTENCE_MIN_WORDS = 10
_SENTENCE_END_RE = re.compile(r"[.؟?!][\s\"»”')\\]*$")
#: a share bar at the start of a line: a share head and one platform or more, or three
#: platforms or more in a row (no conjunction: a sentence writes تويتر وفيسبوك), then any page
#: actions (Okaz: ``شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك`` glued before the lead)
_SEP = r"[\s،,|:/•·-]*"
_PLATFORM = _alt(cues.SHARE_PLATFORMS)
_SHARE_BAR_RE = re.compile(
    rf"^(?:(?:{_alt(cues.SHARE_HEADS)}){_SEP}(?:(?:{_PLATFORM}){_SEP})+"
    rf"|(?:(?:{_PLATFORM}){_SEP}){{3,}})(?:(?:{_alt(cues.SHARE_ACTIONS)}){_SEP})*")
_SHARE_FIRST = frozenset(w[0] for w in cues.SHARE_HEADS + cues.SHARE_PLATFORMS)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"(?<!\d)(?:\+?\d[\d -]{6,}\d)(?!\d)")
_SPA_TIME_RE = re.compile(r"^\d{1,2}:\d{2}\s*ت\s*[مغ]$")
_TAGS_RE = re.compile(rf"(?:^|(?<=[.!؟:»\"”]) )(?P<tags>(?:{_alt(cues.TAG_LIST_HEADS)}) [^.!؟\n]{{1,200}})$")
_EN_TAIL_RE = re.compile(
    r"(?:Subscribe TRT World\b|Our Standards:|Community standards|Comment via Facebook"
    r"|\.\.\. \d+ Tags )[^\n]*$")
_EN_INLINE_RE = re.compile(r"\bPrint Tweet Views \d+\b|\bGet short URL(?: \d)*")

_AGENCY = _alt(cues.AGENCIES)
_AGENCY_SET = frozenset(cues.AGENCIES)
_SEND_RE = re.compile(r"SEND \S+ ")
_DASH = r"\s*[-–—]+\s*"
#: SPA: "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس"
_SPA_DATELINE_RE = re.compile(
    r"^[^\n]{2,100}?الموافق[^\n]{0,40}?واس\b"
    r"|^[^\d\n.]{2,40}?\s*\d{1,3}\s\S+\s\d{4}[^\n]{0,60}?\bواس\b")
#: "CITY - AGENCY:" / "AGENCY - CITY:" / "AGENCY:" at the start (agency named in the cues)
_AR_DATELINE_RE = re.compile(
    rf"^(?:(?P<city>[^\s\d.،:()\-–—]{{2,20}}(?: [^\s\d.،:()\-–—]{{2,20}})?){_DASH}"
    rf"(?P<agency>{_AGENCY})|(?P<agency2>{_AGENCY}){_DASH}"
    rf"(?P<city2>[^\s\d.،:()\-–—]{{2,20}}(?: [^\s\d.،:()\-–—]{{2,20}})?))\s*(?::|(?=\n|$))")
#: "CITY (AGENCY) -" (Arabic and English wire style)
_PAREN_DATELINE_RE = re.compile(
    rf"^(?:[^\s\d.،:()]{{2,20}}(?: [^\s\d.،:()]{{2,20}}){{0,2}}\s*)?\((?:{_AGENCY})\)\s*[-–—]+\s*")
#: byline "NAME – OUTLET" / "NAME- سبق- CITY:" (Ain Alyoum, Sabq)
_NAME_OUTLET_RE = re.compile(
    rf"^(?P<name>[^\s\d.،:()\-–—]{{2,20}}(?: [^\s\d.،:()\-–—]{{2,20}}){{1,3}}){_DASH}"
    rf"(?P<tail>{_alt(cues.BYLINE_TAILS)})(?P<rest>{_DASH}[^\s\d.،:]{{2,20}}(?: [^\s\d.،:]{{2,20}})?\s*:)?"
    r"(?(rest)|\s*(?=\n|$|:))")
_BYLINE_HEAD_RE = re.compile(
    rf"^(?:{_alt(cues.BYLINE_HEADS)})\s*[-–—:]?\s*"
    r"(?P<name>[^\s\d.،:()\-–—]{2,20}(?: [^\s\d.،:()\-–—]{2,20}){0,3})\s*(?=\n|$|:|[-–—]|،)")
_EN_BY_RE = re.compile(r"^(?:By|BY)\s+(?P<name>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3})\b")
_EN_PREFIX_RE = re.compile(
    rf"^(?:(?:Published|Posted on|Last updated at|Updated)\s+)?"
    rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\s+)?"
    rf"(?:(?:{_MONTH})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTH})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTH})\s+\d{{6}}|\d{{1,2}}[.-]\d{{1,2}}[.-]\d{{4}})",
    re.IGNORECASE)
_POSTED_BY_RE = re.compile(r"\s+(?P<by>by\s+[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)")
_CNN_RE = re.compile(r"^(?:[A-Z][A-Za-z ,.]{1,40}\s+)?\((?:CNN|Reuters|AP|AFP)\)\s*[-–—]+\s*")
_REPORTING_BY_RE = re.compile(r"\bReporting by [^.\n]{3,120}?(?:; Editing by [^.\n]{3,60}?)?(?= Our Standards|$|\.)")


def script_language(text: str) -> str:
    """``"ar"`` when Arabic letters outnumber Latin ones, ``"en"`` when Latin ones do (Latin
    text in this corpus is English), ``"und"`` without letters."""
    ar = len(_AR_LETTER_RE.findall(text))
    lat = len(_LAT_LETTER_RE.findall(text))
    if ar == lat == 0:
        return "und"
    return "ar" if ar >= lat else "en"


def caption_credit(line: str) -> tuple[bool, str | None]:
    """Whether one line (stripped) is a photo caption, and its credit.

    A line ending in ``(credit)`` with at most 30 words and no sentence end before the credit
    inside the last 40 code points; a line ending ``- Reuters``; a short line (at most 14 words)
    starting with ``صورة``/``الصورة``/``Photo:`` and not ending in a full stop.
    """
    if not line or len(line) > cues.CAPTION_MAX_CHARS:
        return False, None
    last = line[-1]
    if last == ")":
        m = _CAPTION_END_RE.search(line)
        if m and line.count(" ") < 30 and m.start() > 0:
            return True, m.group("credit")
    elif last in _DASH_LAST and line.count(" ") < 40:
        m = _CAPTION_DASH_RE.search(line)
        if m:
            return True, m.group("credit")
    if line[0] in _START_FIRST and line.count(" ") < 14 and last not in ".:" and \
            _CAPTION_START_RE.match(line):
        return True, None
    return False, None


def _attribution(line: str) -> tuple[str, re.Match[str]] | None:
    """An embedded-post attribution line -> (platform, match)."""
    c = line[0]
    if c in "—–-":
        m = _TWEET_ATTR_RE.match(line) or _TWEET_ATTR_AR_RE.match(line)
        if m:
            return "twitter", m
    elif c == "A":
        m = _INSTA_ATTR_RE.match(line)
        if m:
            return "instagram", m
    elif c == "P":
        m = _FB_ATTR_RE.match(line)
        if m:
            return "facebook", m
    return None


def _iso(m: re.Match[str]) -> str | None:
    if not m.groupdict().get("year"):
        return None
    name = m.group("month")
    month = GREGORIAN_MONTHS.get(name) or cues.EN_MONTHS[name.lower()]
    year, day = (int(to_ascii_digits(m.group(k))) for k in ("year", "day"))
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_boilerplate_line(line: str) -> str | None:
    """The boilerplate kind of a whole line, or None (see module doc)."""
    if len(line) <= cues.DISCLAIMER_MAX_CHARS and any(m in line for m in cues.DISCLAIMER_STRONG) \
            and sum(m in line for m in (*cues.DISCLAIMER_STRONG, *cues.DISCLAIMER_MARKERS)) >= 2:
        return "disclaimer"  # a site's comment or opinion disclaimer
    if len(line) > cues.BOILERPLATE_MAX_CHARS:
        return None
    if _SPA_TIME_RE.match(line):
        return "end_mark"
    m = _BOILER_RE.search(line)
    if m and m.start() > 0 and _SENTENCE_END_RE.search(line) and \
            len(line.split()) >= NEWS_SENTENCE_MIN_WORDS and not any(
                c in line for c in ("©", "@", "http", "//")):
        m = None  # a phrase inside a news sentence, not a page's furniture
    if m:
        w = m.group(0).lower()
        if "انتهى" in w:
            return "end_mark"
        if w in ("©", "copyright") or "حقوق" in w or "rights" in w:
            return "copyright"
        if "تواصل" in w or "البريد" in w:
            return "contact"
        return "share"
    if "@" in line and _EMAIL_RE.search(line) and line.count(" ") < 8:
        return "contact"
    if line.count(" ") < 8 and _PHONE_RE.search(line) and ("الاتصال" in line or "هاتف" in line
                                                          or "جوال" in line or "فاكس" in line):
        return "contact"
    return None


def line_block(line: str) -> str | None:
    """The block label of a whole line when the line alone decides it (``caption``,
    ``boilerplate``, ``related_links``), else None. Used by :mod:`mawsua.clean.joins` to keep
    such lines apart."""
    if caption_credit(line)[0]:
        return "caption"
    if _attribution(line) or (("pic.twitter" in line or "t.co/" in line)
                              and _PIC_TWITTER_RE.search(line)):
        return "embedded_post"
    if _RELATED_RE.match(line):
        return "related_links"
    if is_boilerplate_line(line):
        return "boilerplate"
    return None


def _lead_blocks(text: str, s: int, e: int) -> list[Span]:
    """Dateline / byline blocks at the start of the first paragraph ``text[s:e]``."""
    line = text[s:e]
    out: list[Span] = []
    m = _SPA_DATELINE_RE.match(line)
    if m:
        return [Span(s, s + m.end(), "dateline", {"language": "ar"})]
    m = _NAME_OUTLET_RE.match(line)
    if m and m.group("name") not in _AGENCY_SET:
        out.append(Span(s, s + m.end("name"), "byline", {"language": "ar",
                                                        "name": m.group("name")}))
        if m.group("rest"):
            ts = s + m.start("tail")
            out.append(Span(ts, s + m.end("rest"), "dateline", {"language": "ar"}))
        return out
    m = _AR_DATELINE_RE.match(line)
    if m:
        end = m.end()
        while end > 0 and line[end - 1].isspace():
            end -= 1
        return [Span(s, s + end, "dateline", {"language": "ar"})]
    m = _BYLINE_HEAD_RE.match(line)
    if m and (m.end() == len(line) or line[m.end()] in ":\n-–—،"):
        return [Span(s, s + m.end("name"), "byline", {"language": "ar", "name": m.group("name")})]
    m = _PAREN_DATELINE_RE.match(line) or _CNN_RE.match(line)
    if m:
        end = m.end()
        while end > 0 and line[end - 1].isspace():
            end -= 1
        return [Span(s, s + end, "dateline", {"language": script_language(line[:end])})]
    m = _EN_BY_RE.match(line)
    if m:
        return [Span(s, s + m.end(), "byline", {"language": "en", "name": m.group("name")})]
    m = _EN_PREFIX_RE.match(line)
    if m:
        out.append(Span(s, s + m.end(), "dateline", {"language": "en"}))
        b = _POSTED_BY_RE.match(line, m.end())
        if b and line.startswith("Posted"):
            out.append(Span(s + b.start("by"), s + b.end("by"), "byline", {"language": "en"}))
        return out
    return out


def lead_blocks(line: str) -> list[Span]:
    """Dateline / byline blocks at the start of ``line`` (offsets into ``line``)."""
    return _lead_blocks(line, 0, len(line))


def _fakes_caption(text: str, s: int, e: int, after: int) -> Span | None:
    """An opening photo caption inside a one-line FA-KES text: from ``after`` (end of the date
    prefix) to the end of a ``(... Photo)`` credit found in the first 600 code points."""
    m = _FAKES_PHOTO_RE.search(text, after, min(e, after + 600))
    if not m:
        return None
    start = after
    while start < m.start() and text[start] == " ":
        start += 1
    send = _SEND_RE.match(text, start)
    if send:
        start = send.end()
    if m.start() - start < 20:
        return None
    return Span(start, m.end(), "caption", {"language": "en", "credit": m.group(0)[1:-1]})


def block_spans(text: str) -> list[Span]:
    """Classify the lines of ``text`` into blocks (see module doc).

    Args:
        text: the final repaired text.

    Returns:
        Block spans (label in :data:`BLOCK_LABELS`), sorted by start, not overlapping.
    """
    lines = [(m.start(), m.end()) for m in _LINE_RE.finditer(text)]
    lines = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in lines]
    lines = [(s, e) for s, e in lines if e > s]
    out: list[Span] = []
    if not lines:
        return out
    lead = _lead_blocks(text, *lines[0])
    out.extend(lead)
    if lead and lead[0].label == "dateline" and lead[0].attrs.get("language") == "en" \
            and len(lines) == 1:
        cap = _fakes_caption(text, lines[0][0], lines[0][1], lead[-1].end)
        if cap:
            out.append(cap)
    i = 0
    n = len(lines)
    while i < n:
        s, e = lines[i]
        line = text[s:e]
        first = line[0]
        # embedded posts: the attribution line closes the post
        att = _attribution(line) if first in "—–-AP" else None
        if att:
            platform, m = att
            prev_blocks_end = out[-1].end if out else -1
            # the post's text is the paragraph right above the attribution (the embed fallback
            # puts it there), in whatever language: a Latin-named account may post in Arabic
            above = text[lines[i - 1][0] : lines[i - 1][1]] if i > 0 else ""
            if above and lines[i - 1][0] >= prev_blocks_end and not line_block(above):
                post_lang = script_language(above)
            else:
                post_lang = script_language(line[: m.start("handle")] if m.group("author")
                                            else line)
            body: list[tuple[int, int]] = []
            j = i - 1
            while j >= 0 and len(body) < 4:
                ps, pe = lines[j]
                if ps < prev_blocks_end:
                    break
                ptext = text[ps:pe]
                if script_language(ptext) != post_lang or line_block(ptext):
                    break
                body.insert(0, (ps, pe))
                if post_lang == dominant_script(text):
                    break  # same script as the article: only the paragraph just above
                j -= 1
            start = body[0][0] if body else s
            attrs: dict[str, Any] = {
                "language": post_lang, "platform": platform,
                "author": (m.group("author") or "").strip() or None,
                "handle": m.group("handle"), "date": _iso(m),
                "post_text": " ".join(text[a:b] for a, b in body),
            }
            out.append(Span(start, e, "embedded_post", attrs))
            i += 1
            continue
        if ("pic.twitter" in line or "t.co/" in line) and _PIC_TWITTER_RE.search(line) \
                and len(line) < 400:
            out.append(Span(s, e, "embedded_post", {
                "language": script_language(_PIC_TWITTER_RE.sub("", line)), "platform": "twitter",
                "author": None, "handle": None, "date": None,
                "post_text": _PIC_TWITTER_RE.sub("", line).strip()}))
            i += 1
            continue
        ok, credit = caption_credit(line)
        if ok:
            out.append(Span(s, e, "caption", {"language": script_language(line),
                                              "credit": credit}))
            i += 1
            continue
        m = _RELATED_RE.match(line)
        if m:
            j = i + 1
            while j < n and lines[j][1] - lines[j][0] < 120 and \
                    not _FINAL_RE.search(text, lines[j][0], lines[j][1]) and \
                    not line_block(text[lines[j][0] : lines[j][1]]):
                j += 1  # link titles: short lines without a sentence end
            out.append(Span(s, lines[j - 1][1], "related_links",
                            {"language": script_language(line), "head": m.group("head")}))
            i = j
            continue
        m = _SHARE_BAR_RE.match(line) if first in _SHARE_FIRST else None
        if m:  # the rest of the line (the lead glued to the bar) is left to the body
            end = m.end()
            while end > 0 and line[end - 1].isspace():
                end -= 1
            out.append(Span(s, s + end, "boilerplate", {"language": script_language(line[:end]),
                                                        "kind": "share"}))
            if end >= len(line.rstrip()):
                i += 1
                continue
        kind = is_boilerplate_line(line)
        if kind and not (i == 0 and out):
            out.append(Span(s, e, "boilerplate", {"language": script_language(line),
                                                  "kind": kind}))
            i += 1
            continue
        i += 1
    links = _site_links(text, lines, out[-1].end if out else 0)
    if links is not None:
        out.append(links)
    # glued footers at the end of the text (tag lists, English site footers)
    ls, le = lines[-1]
    tail = text[ls:le]
    m = _TAGS_RE.search(tail) if "سمات" in tail or ":" in tail else None
    if m:
        out.append(Span(ls + m.start("tags"), le, "boilerplate", {"language": "ar",
                                                                    "kind": "tags"}))
    if tail.isascii() or script_language(tail) == "en":
        m = _EN_TAIL_RE.search(tail)
        if m:
            out.append(Span(ls + m.start(), le, "boilerplate", {"language": "en",
                                                                "kind": "footer"}))
        for m in _EN_INLINE_RE.finditer(tail):
            out.append(Span(ls + m.start(), ls + m.end(), "boilerplate",
                            {"language": "en", "kind": "share"}))
        m = _REPORTING_BY_RE.search(tail)
        if m:
            out.append(Span(ls + m.start(), ls + m.end(), "byline", {"language": "en"}))
    return _no_overlap(out)


def _is_link_line(line: str) -> bool:
    return len(line.split()) <= cues.NAV_LINE_MAX_WORDS and len(line) <= 40 \
        and not _FINAL_RE.search(line)


def _site_links(text: str, lines: list[tuple[int, int]], after: int) -> Span | None:
    """A site-links footer: the trailing run of at least :data:`~mawsua.arabic.cues.NAV_MIN_LINES`
    short lines (no sentence end) after every other block, when two of its lines are navigation
    labels (``Home``, ``Contact Us``, ``اتصل بنا``...) or it is written in another script than
    the body (an English link list under an Urdu article). ``None`` otherwise."""
    j = len(lines)
    while j > 0 and lines[j - 1][0] >= after and _is_link_line(text[lines[j - 1][0]:lines[j - 1][1]]):
        j -= 1
    run = lines[j:]
    if len(run) < cues.NAV_MIN_LINES or j == 0:
        return None
    start, end = run[0][0], run[-1][1]
    nav = sum(text[s:e].strip(" :|-•").casefold() in cues.NAV_LINKS for s, e in run)
    lang = script_language(text[start:end])
    if nav < 2 and lang == script_language(text[: lines[j - 1][1]]):
        return None
    return Span(start, end, "boilerplate", {"language": lang, "kind": "site_links"})


def dominant_script(text: str) -> str:
    """:func:`script_language` of the first 2,000 code points of ``text`` (cached per call
    site by the caller's loop being short: posts are rare)."""
    return script_language(text[:2000])


def _no_overlap(spans: list[Span]) -> list[Span]:
    """Sort by (start, -length) and drop a span that overlaps one kept before it."""
    spans.sort(key=lambda sp: (sp.start, -sp.end))
    kept: list[Span] = []
    for sp in spans:
        if kept and sp.start < kept[-1].end:
            continue
        kept.append(sp)
    return kept


def annotate(article: Article) -> Article:
    """Return ``article`` with its ``"blocks"`` layer set (see :func:`block_spans`)."""
    return article.with_layer("blocks", block_spans(article.text))
