"""Cue phrases for block classification and paragraph joins, kept as data.

Used by :mod:`mawsua.clean.blocks` (typed blocks: captions, embedded posts, related links,
boilerplate, datelines, bylines) and :mod:`mawsua.clean.joins` (paragraph breaks that are
artefacts). Every entry is plain text; the modules compile them into regular expressions once
at import. Sources: the seed dump (Al Arabiya via an aggregator), the development corpus
``shared/corpus/articles.jsonl`` (SaudiNewsNet outlets, FA-KES English outlets) searched by
hand for each cue, and the wire-agency names of Arabic news (واس، رويترز، أ ف ب...).
"""

from __future__ import annotations

# --- captions -------------------------------------------------------------------------
#: credits a photo caption ends with, written inside parentheses: ``... (أرشيفية)``
CAPTION_CREDITS: tuple[str, ...] = (
    "أرشيفية", "أرشيف", "ارشيفية", "أ ف ب", "ا ف ب", "أ.ف.ب", "أ. ف. ب", "أف ب", "رويترز",
    "أ ب", "أ.ب", "د ب أ", "إ ب أ", "الأناضول", "واس", "غيتي", "جيتي", "إي بي إيه",
    "AFP", "AP", "Reuters", "Getty", "Getty Images", "EPA", "AA", "DHA", "IHA",
    "AFP Photo", "Reuters Photo", "AP Photo", "AA Photo", "DHA Photo", "IHA Photo", "Photo AFP",
    "Photo AP", "Photo Reuters", "File Photo", "File",
)
#: a credit in parentheses that starts with one of these words (``(صورة من الفيديو)``)
CAPTION_CREDIT_PREFIXES: tuple[str, ...] = ("صورة", "الصورة", "صور", "تصوير", "Photo", "Image")
#: a short line starting with one of these words is a caption (``صورة لأعضاء اتحاد القدم``)
CAPTION_LINE_STARTS: tuple[str, ...] = (
    "صورة", "الصورة", "صوره", "صور", "شرح الصور", "شرح الصورة", "لقطة", "Photo:", "Image:",
    "Picture:",
)
#: an English caption ending: ``... - Reuters``, ``... / AFP``
CAPTION_DASH_CREDITS: tuple[str, ...] = ("Reuters", "AFP", "AP", "Getty Images", "EPA",
                                         "أرشيفية", "صورة أرشيفية", "أرشيف", "رويترز", "أ ف ب",
                                         "أ.ف.ب", "الأناضول")
#: a caption line is at most this long (code points)
CAPTION_MAX_CHARS = 240

# --- embedded posts -------------------------------------------------------------------
#: platform name -> markers of an embedded post of that platform (URLs and attributions)
PLATFORM_MARKERS: dict[str, tuple[str, ...]] = {
    "twitter": ("pic.twitter.com/", "twitter.com/", "t.co/", "x.com/"),
    "instagram": ("instagram.com/", "A post shared by", "منشور شاركه"),
    "facebook": ("facebook.com/", "fb.watch/", "Posted by"),
    "youtube": ("youtube.com/", "youtu.be/"),
}
#: English month names for tweet attribution dates (``July 26, 2021``)
EN_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

# --- related links --------------------------------------------------------------------
#: a line starting with one of these heads introduces related links (the head line and the
#: short lines after it up to the next body paragraph)
RELATED_HEADS: tuple[str, ...] = (
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ ايضا", "اقرا ايضا", "اقرأ المزيد",
    "إقرأ المزيد", "اقرأ أيضًا", "شاهد أيضا", "شاهد أيضاً", "شاهد ايضا", "شاهد أيضًا", "طالع أيضا",
    "طالع أيضاً", "اقرأ كذلك", "مواضيع ذات صلة", "أخبار ذات صلة", "اخبار ذات صلة", "مقالات ذات صلة",
    "ذات صلة", "Read more", "Read also", "Read More", "Related:", "Related Articles",
    "Related News", "See also", "Also read", "Also Read",
)

# --- boilerplate ----------------------------------------------------------------------
#: phrases that make a short line boilerplate wherever they occur in it
BOILERPLATE_PHRASES: tuple[str, ...] = (
    "جميع الحقوق محفوظة", "كل الحقوق محفوظة", "الحقوق محفوظة", "حقوق النشر", "©",
    "all rights reserved", "copyright", "تابعونا على", "تابعنا على", "تابعوا", "شارك الخبر",
    "شارك على", "شارك هذا", "اشترك في", "اشترك الآن", "للاشتراك", "رابط الخبر", "رابط مختصر",
    "link to the story", "link to this story", "share this", "follow us", "subscribe",
    "للتواصل مع الكاتب", "للتواصل مع", "للتواصل", "البريد الإلكتروني", "البريد الالكتروني",
    "print tweet", "get short url", "// انتهى", "//انتهى", "انتهى //",
)
#: a site's comment or opinion disclaimer (``الآراء الواردة أدناه لا تعبر عن رأي الموقع``,
#: ``ننصحك بمراجعة إرشادات الاستخدام``): a line holding one of the first and another marker of
#: either tuple is boilerplate (a news line on an app's privacy policy holds only the second kind)
DISCLAIMER_STRONG: tuple[str, ...] = (
    "لا تعبر عن رأي", "لا تعبر بالضرورة", "لا يعبر عن رأي",
    "لا يعبر بالضرورة", "تعبر عن رأي كاتبها", "تعكس وجهات نظر أصحابها", "إرشادات الاستخدام",
    "ارشادات الاستخدام",
)
DISCLAIMER_MARKERS: tuple[str, ...] = (
    # (the opinions received: a news line on a ministry taking opinions holds these too)
    "الآراء الواردة", "الاراء الواردة", "التعليقات", "سياسة الخصوصية", "شروط استخدام", "شروط الاستخدام", "أدناه", "مشاركاتك",
    "موقع", "الموقع",
)
#: the longest disclaimer line (code points)
DISCLAIMER_MAX_CHARS = 500
#: social platforms and page actions a share bar lists (Arabic and Latin spellings)
SHARE_PLATFORMS: tuple[str, ...] = (
    "تويتر", "تويتير", "فيسبوك", "فيس بوك", "فايسبوك", "جوجل بلس", "غوغل بلس", "جوجل+",
    "واتساب", "واتس اب", "واتس آب", "وتساب", "لينكدإن", "لينكد إن", "لينكدان", "تيليجرام",
    "تلغرام", "تليجرام", "تيليغرام", "بنترست", "انستغرام", "إنستغرام", "انستجرام", "إنستجرام",
    "سناب شات", "ماسنجر", "البريد الإلكتروني", "البريد الالكتروني", "إيميل", "ايميل",
    "Twitter", "Facebook", "WhatsApp", "Whatsapp", "Google+", "Google Plus", "LinkedIn",
    "Telegram", "Pinterest", "Email", "Messenger",
)
#: page actions that close a share bar (comment prompt, print, send)
SHARE_ACTIONS: tuple[str, ...] = (
    "اكتب رأيك", "أكتب رأيك", "أضف تعليقك", "اضف تعليقك", "أضف تعليق", "اضف تعليق", "طباعة",
    "أرسل لصديق", "ارسل لصديق", "حفظ", "Print", "Comment",
)
#: verbs or heads that open a share bar (``شارك من خلال``, ``مشاركة:``)
SHARE_HEADS: tuple[str, ...] = (
    "شارك من خلال", "شارك عبر", "شارك على", "شارك الخبر", "شارك المقال", "شارك", "شاركها",
    "مشاركة", "انشر عبر", "انشر على", "Share on", "Share",
)
#: heads of a tag list an outlet appends to the body (Ain Alyoum: ``. سمات وزارة الصحة``)
TAG_LIST_HEADS: tuple[str, ...] = ("سمات", "الوسوم:", "وسوم:", "كلمات مفتاحية:", "Tags:")
#: a boilerplate line is at most this long (code points)
BOILERPLATE_MAX_CHARS = 200
#: site-navigation link labels: a trailing run of short lines where at least two are one of
#: these is a site-links footer (also one in another script than the body, see clean.blocks)
NAV_LINKS: frozenset[str] = frozenset({
    "site links", "home", "about", "about us", "contact", "contact us", "privacy policy",
    "privacy", "terms", "terms of use", "terms and conditions", "advertise", "advertise with us",
    "careers", "sitemap", "site map", "rss", "faq", "help",
    "الرئيسية", "الصفحة الرئيسية", "من نحن", "اتصل بنا", "سياسة الخصوصية",
    "شروط الاستخدام", "أعلن معنا", "اعلن معنا", "خريطة الموقع", "روابط الموقع", "هيئة التحرير",
})
#: a site-links footer has at least this many lines, each at most NAV_LINE_MAX_WORDS words
NAV_MIN_LINES = 4
NAV_LINE_MAX_WORDS = 4

# --- datelines and bylines ------------------------------------------------------------
#: news agencies and outlets named in datelines (``الرياض - واس``, ``سبق- أبها:``)
AGENCIES: tuple[str, ...] = (
    "واس", "رويترز", "أ ف ب", "ا ف ب", "أ.ف.ب", "د ب أ", "د.ب.أ", "الأناضول", "سبق", "عين اليوم",
    "قنا", "وام", "بنا", "كونا", "سانا", "يو بي آي", "أ ش أ", "العربية.نت", "العربية نت",
    "سي إن إن", "الشرق الأوسط", "الحياة", "عكاظ", "الاقتصادية", "الرياضية", "CNN", "AFP", "AP",
    "Reuters", "SANA",
)  # not الرياض، المدينة، اليوم، الوطن، الجزيرة: outlets that are also cities or words
#: words that start a byline line (``بقلم فلان``, ``كتب - فلان``, ``By NAME``)
BYLINE_HEADS: tuple[str, ...] = (
    "بقلم", "كتب", "كتبت", "كتبه", "إعداد", "اعداد", "تقرير", "تحقيق", "حوار", "متابعة", "تصوير",
    "By", "by", "Written by", "Reporting by",
)
#: words in a "NAME – X" line that mark X as a place of reporting, not an agency
#: (``لجين الأحمدي – متابعات``)
BYLINE_TAILS: tuple[str, ...] = ("متابعات", "متابعة", "خاص", "وكالات", "عين اليوم", "سبق")

# --- paragraph joins ------------------------------------------------------------------
#: words that end an unfinished name: a sentence does not end on them, so a "." after one of
#: them, followed by a short fragment, was left by the scraper (``جورج دبليو.`` + ``بوش.``).
#: Arabic spellings of Latin initials and name particles.
NAME_PARTICLES: frozenset[str] = frozenset({
    "دبليو", "جي", "إف", "اف", "إتش", "اتش", "إل", "إم", "ام", "إن", "بي", "سي", "تي",
    "كيه", "آر", "إس", "اس", "إي", "أو", "جيه", "يو", "زد", "بن", "ابن", "بنت", "أبو", "ابو",
    "أبي", "عبد", "آل", "ذو", "فان", "فون", "دو", "دي", "لا", "ال", "سانت", "ماك",
})
#: words a sentence cannot end on (prepositions, conjunctions, relatives): a paragraph ending
#: on one of them was cut mid-sentence
CONTINUATION_WORDS: frozenset[str] = frozenset({
    "في", "من", "على", "إلى", "الى", "عن", "مع", "أن", "إن", "ان", "أو", "او", "ثم", "حتى",
    "التي", "الذي", "الذين", "اللتين", "اللذين", "اللواتي", "اللاتي", "بين", "لدى", "عند",
    "منذ", "خلال", "بعد", "قبل", "حول", "نحو", "ضد", "عبر", "لأن", "لكن", "بل", "كما", "مثل",
    "و", "أي", "إذا", "اذا", "لم", "لن", "قد", "كان", "كانت", "أنه", "أنها", "إنه", "إنها",
    "وأن", "وفي", "ومن", "وعلى", "وإلى", "the", "of", "and", "to", "in", "a", "an", "for",
    "with", "by", "on", "at", "from", "that", "which",
})
