"""The ``quotes`` layer (issue 4, docs/annotations.md): who said what, as spans over ``text``.

Shape: one :class:`~mawsua.model.Span` per quotation, ``label`` ``direct`` or ``partial``,
``[start, end)`` = the words inside the quotation marks (code points over the repaired text;
surrounding spaces and one final ``.`` or ``،`` inside the marks are left out). ``attrs``:
``speaker`` (the entity's canonical name when the speaker mention is linked to the entities
layer, else the mention as written, an unnamed-source label such as ``unnamed sources``, or
``None`` when nothing can be resolved), ``speaker_entity`` (entity key or ``None``),
``speaker_start``/``speaker_end`` (the mention; ``None`` for an implied speaker), ``cue`` (the
reporting word as written, ``tweet`` for a tweet), ``cue_start``/``cue_end``, ``language``,
``translation_of`` (index in this layer of the quote it renders, or ``None``).

Rules (data in :mod:`mawsua.arabic.reporting`):

1. **Pairing.** Quotation marks pair inside one paragraph: ``« »``, ``“ ”``, ``‘ ’`` (a ``’``
   between letters is an apostrophe), reversed ``» «``, and straight ``"``: a ``"`` opens only
   after a space, the paragraph start, ``: ( ، ,`` or a one-letter proclitic (``و"``, ``ب"``),
   and closes only after a non-space or before a space/punctuation — so a stray mark
   (``(هـ)" .``) does not shift every later pair. Marks inside caption/embedded-post blocks are
   not paired; embedded posts are quotes of their own (rule 6).
2. **Cue.** The nearest reporting cue (:func:`mawsua.arabic.reporting.lookup`) before the
   opening mark in the same sentence (sentences end at ``. ! ? ؟`` or a line break outside
   quotations), at most :data:`MAX_CUE_WORDS` words back, words inside other quotations
   skipped. A quotation that starts a sentence may take its cue right after it
   (``"..."، قال فلان``).
3. **Kind.** ``direct`` when a colon stands right before the opening mark, when the cue comes
   after the quotation, or when a verb of saying (``قال``, ``أضاف``, ``بقوله``...) is followed by
   at most :data:`DIRECT_GAP_WORDS` words none of which is a complementiser (``أن``, ``إن``)
   (``وقال مورينيو في مؤتمر صحافي "..."``); otherwise ``partial``.
4. **Not quotes** (except after a colon): a quotation of at most :data:`NAME_MAX_WORDS` words
   right after a naming noun (``قناتي "العربية"``, ``برنامج``, ``كتابه``...); one coordinated
   with such a name (``"العربية" و"الحدث"``); a quotation of at most NAME_MAX_WORDS words that
   are all definite (``ال``-words: ``بقاء "القوة الجوية الأميركية"``, a term, not speech); a
   quotation of at most :data:`SHORT_MAX_WORDS` words (``"جنيف 1"``); and any quotation with no cue.
5. **Speaker.** For a finite verb, the noun phrase after it up to a stop word, punctuation or a
   ``بال``/``لل``/``بم``/``بت``-word: an entity of the entities layer inside it wins (PERSON, then
   ORGANIZATION, then any); else an unnamed-source noun (``مصادر`` → ``unnamed sources``,
   extended over ``قناتي "العربية" و"الحدث"``); else the phrase without leading titles and the
   nisba after them (``الرئيس الأميركي بايدن`` → ``بايدن``), or the title phrase itself. An
   empty phrase (``وأضاف:``, ``وتعهد بمواصلة``, ``ومن جانبه قال:``) is a pronoun-dropped subject:
   the last explicit speaker before it whose cue gender agrees, else the last PERSON entity.
   A participle (``مشيرا``, ``مشددةً``) takes the subject of the nearest preceding finite cue
   of the same gender (``وأشارت المصادر ... مشددةً`` → the sources); a masdar (``عن مورينيو
   قوله``) takes the phrase between ``عن`` and it.
6. **Embedded posts.** Each ``embedded_post`` block is one ``direct`` quote: its text without the
   attribution line (``— President Biden (@POTUS) July 26, 2021``), speaker = the entity over
   the author or handle in that line (else the author as written), cue ``tweet`` (``post`` for
   other platforms), the block's language. An Arabic quote whose sentence mentions a post
   (``في تغريدة``, ``على حسابه في تويتر``) and whose length is within
   :data:`TRANSLATION_RATIO` of a post in another language gets ``translation_of`` = that
   post's quote index.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mawsua.arabic import reporting as rep
from mawsua.model import Article, Span

#: how many words back from an opening mark a cue may stand
MAX_CUE_WORDS = 30
#: words allowed between a verb of saying and a direct quotation without a colon
DIRECT_GAP_WORDS = 12
#: longest quotation (words) that can be a quoted name or term (rule 4)
NAME_MAX_WORDS = 4
#: a quotation of at most this many words is never a quote unless a colon introduces it
SHORT_MAX_WORDS = 2
#: longest speaker noun phrase after a cue (words)
SPEAKER_MAX_WORDS = 6
#: a rendering and its post differ in length (code points) by at most this factor
TRANSLATION_RATIO = 2.5

_WORD_RE = re.compile(r"[^\s\"«»“”‘’:،,.؛;!؟?()\[\]{}\-–—/]+")
_BOUNDARY_RE = re.compile(r"[.!?؟](?=\s|$)|\n")
_DEFINITE_RE = re.compile(r"^(?:[وفبك]?ال|لل)")
_ATTRIBUTION_RE = re.compile(r"\n\s*[—–-]+\s*\S")
_PREP_WORD_RE = re.compile(r"^(?:[وف]?(?:بال|لل|بم|بت|لم|لت)\S{2,})$")
_LATIN_RE = re.compile(r"[A-Za-z]")
_ARABIC_RE = re.compile(r"[\u0621-\u064a]")
_PROCLITICS = "وبلفك"
_OPEN_AFTER = " \t\n:(،,[«"
_CLOSE_BEFORE = " \t\n.،,:؛;)!؟?]"
_BLOCK_LABELS_SKIPPED = ("embedded_post", "caption", "boilerplate", "related_links")


@dataclass(frozen=True, slots=True)
class _Word:
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


def _pairs(text: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """Positions ``(open, close)`` of paired quotation marks inside ``text[ps:pe]`` (rule 1)."""
    out: list[tuple[int, int]] = []
    closer: str | None = None
    opened = -1
    reversed_ok = "»" in text[ps:pe] and "«" in text[ps:pe] and (
        text.find("»", ps, pe) < text.find("«", ps, pe))
    for m in _MARK_RE.finditer(text, ps, pe):
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
            elif ch == '"' and (prev in _OPEN_AFTER or i == ps or (
                    prev in _PROCLITICS and (i - 1 == ps or text[i - 2] in _OPEN_AFTER))):
                closer, opened = '"', i
            continue
        if ch != closer:
            continue
        if ch == "’" and nxt.isalpha():
            continue  # an apostrophe (I’ll)
        if ch == '"' and prev.isspace() and nxt not in _CLOSE_BEFORE:
            continue  # looks like an opening mark: keep looking for the close
        out.append((opened, i))
        closer = None
    return out


def _content(text: str, o: int, c: int) -> tuple[int, int]:
    """The quoted words between marks ``o`` and ``c``: spaces and a final ``.``/``،`` trimmed."""
    a, b = o + 1, c
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a and text[b - 1] in ".،," and not text[b - 2 : b] == "..":
        b -= 1
        while b > a and text[b - 1].isspace():
            b -= 1
    return a, b


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
        self.words = [_Word(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(self.text)]
        self.starts = [w.start for w in self.words]
        self.quoted = sorted(quoted)
        self.qstarts = [o for o, _ in self.quoted]
        self.bounds = [m.start() for m in _BOUNDARY_RE.finditer(self.text)
                       if not self.in_quote(m.start())]
        self.entities = sorted(art.layer("entities"), key=lambda s: (s.start, s.end))
        self.estarts = [s.start for s in self.entities]
        self.cues: dict[int, rep.Cue] = {}
        lookup = rep.lookup
        for i, w in enumerate(self.words):
            hit = lookup(w.text)
            if hit is not None and not self.in_quote(w.start):
                self.cues[i] = hit
        self.speakers: dict[int, _Speaker] = {}

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
        name = s.attrs.get("canonical") or self.text[s.start : s.end]
        return _Speaker(str(name), s.attrs.get("entity"), s.start, s.end, gender, True)

    def _phrase(self, a: int, b: int, gender: str | None) -> _Speaker | None:
        """Speaker from the words ``words[a:b]`` of a subject phrase (entity, unnamed, name)."""
        if a >= b:
            return None
        ws = self.words[a:b]
        t = 0
        while t < len(ws) - 1 and rep.key(ws[t].text) in rep.TITLES:
            t += 1
        # an entity near the head (after titles and one nisba), not one inside an apposition
        ent = self.entity_in(ws[0].start, ws[min(t + 1, len(ws) - 1)].end)
        if ent is not None:
            return self._from_entity(ent, gender)
        first = rep.key(ws[0].text)
        label = rep.UNNAMED_SOURCES.get(first)
        if label is not None:
            end = ws[0].end
            if len(ws) > 1 and any(n in rep.NAMING_NOUNS for n in _strip_affixes(rep.key(ws[1].text))):
                end = ws[-1].end
                if end < len(self.text) and self.text[end] in "\"»”":
                    end += 1
            return _Speaker(label, None, ws[0].start, end, gender, True)
        k = 0
        while k < len(ws) and rep.key(ws[k].text) in rep.TITLES:
            k += 1
        if 0 < k < len(ws) and rep.key(ws[k].text).startswith("ال") and rep.key(
                ws[k].text).endswith(("ي", "يه")) and k + 1 < len(ws):
            k += 1  # the nisba after a title: الرئيس الأميركي بايدن
        rest = ws[k : k + 3] if k < len(ws) else ws
        return _Speaker(self.text[rest[0].start : rest[-1].end], None, rest[0].start,
                        rest[-1].end, gender, True)

    def _subject_words(self, ci: int) -> tuple[int, int]:
        """Word range of the subject phrase after cue ``ci``."""
        j = ci + 1
        end = ci + 1
        pos = self.words[ci].end
        while j < len(self.words) and j - ci <= SPEAKER_MAX_WORDS:
            w = self.words[j]
            gap = self.text[pos : w.start]
            if gap.strip() and not (j > ci + 1 and gap.strip() in ('"', '" و"', '«', '»')):
                break
            k = rep.key(w.text)
            if k in rep.STOP_WORDS or j in self.cues or _PREP_WORD_RE.match(k):
                break
            if self.in_quote(w.start):
                break
            end = j + 1
            pos = w.end
            j += 1
        return ci + 1, end

    def _implied(self, ci: int, gender: str | None) -> _Speaker:
        pos = self.words[ci].start
        for j in sorted(self.speakers, reverse=True):
            sp = self.speakers[j]
            if j < ci and sp.explicit and sp.name and (
                    gender is None or sp.gender is None or sp.gender == gender):
                return _Speaker(sp.name, sp.entity, None, None, gender or sp.gender, False)
        for s in reversed(self.entities[: bisect_left(self.estarts, pos)]):
            if s.label == "PERSON":
                name = s.attrs.get("canonical") or self.text[s.start : s.end]
                return _Speaker(str(name), s.attrs.get("entity"), None, None, gender, False)
        return _Speaker(None, None, None, None, gender, False)

    def _resolve(self, ci: int) -> _Speaker:
        cue = self.cues[ci]
        if cue.form == "verb":
            a, b = self._subject_words(ci)
            found = self._phrase(a, b, cue.gender)
            return found if found is not None else self._implied(ci, cue.gender)
        if cue.form == "participle":
            ss = self.sentence_start(self.words[ci].start)
            para = self.text.rfind("\n", 0, self.words[ci].start) + 1
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
                found = self._phrase(j + 1, ci, None)
                if found is not None:
                    return found
                break
            j -= 1
        return self._implied(ci, None)


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
                 "speaker_end": sp.end, "cue": cue, "cue_start": None, "cue_end": None,
                 "language": lang, "translation_of": None}
        out.append((Span(start, end, "direct", attrs), b.start))
    return out


def _find_quotes(art: Article) -> list[Span]:
    text = art.text
    skip = [(b.start, b.end) for b in art.layer("blocks") if b.label in _BLOCK_LABELS_SKIPPED]
    paras = art.layer("paragraphs") or [Span(0, len(text), "paragraph")]
    posts_present = any(b.label == "embedded_post" for b in art.layer("blocks"))
    if not posts_present and not any(ch in text for ch in "\"«»“”‘"):
        return []
    pairs = [p for para in paras for p in _pairs(text, para.start, para.end)
             if not any(s <= p[0] < e for s, e in skip)]
    if not pairs and not posts_present:
        return []
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
        # rule 4: names and terms
        if not colon:
            wi = doc.word_at(o) - 1
            prev = doc.words[wi] if wi >= 0 else None
            coordinated = (pi > 0 and pi - 1 in names and pairs[pi - 1][1] >= o - 4
                           and text[pairs[pi - 1][1] + 1 : o].strip() in ("و", "، و", "،"))
            named = (prev is not None and prev.end >= o - 2 and n_words <= NAME_MAX_WORDS and any(
                s in rep.NAMING_NOUNS for s in _strip_affixes(rep.key(prev.text))))
            term = n_words <= NAME_MAX_WORDS and all(
                _DEFINITE_RE.match(rep.key(w)) for w in _WORD_RE.findall(text[a:b]))
            if coordinated or named or term or n_words <= SHORT_MAX_WORDS:
                names.add(pi)
                continue
        # rule 2: the cue
        ss = doc.sentence_start(o)
        first = doc.word_at(ss)
        last = doc.word_at(o)
        ci = None
        for j in range(last - 1, max(first, last - MAX_CUE_WORDS) - 1, -1):
            if j in doc.cues and doc.words[j].start >= ss:
                ci = j
                break
        kind = "partial"
        if ci is not None:
            cue = doc.cues[ci]
            gap = [w for w in doc.words[ci + 1 : last] if not doc.in_quote(w.start)]
            if colon or ((cue.speech or cue.form == "masdar") and len(gap) <= DIRECT_GAP_WORDS
                         and not any(rep.key(w.text) in rep.COMPLEMENTISERS for w in gap)):
                kind = "direct"
        else:
            lead = text[ss:o].strip()
            if lead in ("", "و") or colon:
                k = doc.word_at(c)
                tail = text[c + 1 : doc.words[k].start] if k < len(doc.words) else ""
                if k < len(doc.words) and tail.strip() in ("", "،", ",") and k in doc.cues \
                        and doc.cues[k].form == "verb":
                    ci, kind = k, "direct"
        if ci is None:
            continue
        sp = doc.speaker(ci)
        cw = doc.words[ci]
        if rep.key(cw.text) not in rep.CUES and cw.text[0] in "وف":
            cw = _Word(cw.start + 1, cw.end, cw.text[1:])  # the cue without its conjunction
        attrs: dict[str, Any] = {
            "speaker": sp.name, "speaker_entity": sp.entity, "speaker_start": sp.start,
            "speaker_end": sp.end, "cue": cw.text, "cue_start": cw.start, "cue_end": cw.end,
            "language": _language(art, a, b), "translation_of": None,
        }
        lead_keys = {rep.key(w.text) for w in doc.words[first:last]}
        mentions_post = any(m in lead_keys or any(m in k for k in lead_keys)
                            for m in rep.POST_MARKERS)
        found.append((Span(a, b, kind, attrs), mentions_post))
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
