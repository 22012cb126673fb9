"""`mawsua eval sections`: topic and country sections against labels the corpus carries.

Nobody labelled the corpus by topic for us, but three of its sources say what section an
article belongs to, independently of our rules:

- **URL sections**: Al-Watan (``/Sports/``, ``/Politics/``, ``/Economy/``, ``/Culture/``) and
  Ain Alyoum (``/news/pol/``, ``/sports/``, ``/finance/``, ``/culture/``) file each article
  under a section in its URL;
- **agency categories**: the Saudi Press Agency opens each headline with its category
  (``رياضي /``, ``اقتصادي /``, ``ثقافي /``, ``سياسي /``, ``اجتماعي /``); the headline is part of
  what the rules read, so this source is reported apart (its category word helps the rules);
- **outlet**: Arriyadiyah is a sports daily (every article → sports).

Countries: every FA-KES article is located in Syria by the dataset (``fakes_labels.tsv``
``location``: Aleppo, Damascus, Idlib... all Syrian), so its gold country is SY.

Reported: per label source and overall, the share of labelled articles whose first topic is
the gold one (accuracy), whose topics include it (recall), and per topic the precision of the
first topic; for countries the share with SY first and with SY among the countries.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mawsua.store.sqlite import SqliteStore

_URL_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("alwatan", re.compile(r"/Sports/"), "sports"),
    ("alwatan", re.compile(r"/Politics/"), "politics"),
    ("alwatan", re.compile(r"/Economy/"), "economy"),
    ("alwatan", re.compile(r"/Culture/"), "culture"),
    ("3alyoum", re.compile(r"/news/pol/"), "politics"),
    ("3alyoum", re.compile(r"/sports/"), "sports"),
    ("3alyoum", re.compile(r"/finance/"), "economy"),
    ("3alyoum", re.compile(r"/culture/"), "culture"),
)
_AGENCY = {"رياضي": "sports", "اقتصادي": "economy", "إقتصادي": "economy", "ثقافي": "culture",
           "سياسي": "politics", "اجتماعي": "society"}


def gold_topic(outlet: str | None, url: str | None, title: str | None) -> tuple[str, str] | None:
    """``(topic, label source)`` for an article the corpus labels (module docstring), else
    ``None``."""
    if outlet == "arriyadiyah":
        return "sports", "outlet"
    if url:
        u = unquote(url)
        for o, pattern, topic in _URL_RULES:
            if outlet == o and pattern.search(u):
                return topic, "url"
    if outlet == "was" and title and "/" in title:
        topic = _AGENCY.get(title.split("/", 1)[0].strip())
        if topic:
            return topic, "agency"
    return None


def _sections(store: SqliteStore) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"country": [], "topic": []})
    for n, code, kind in store.conn.execute(
            "SELECT n, code, kind FROM article_sections ORDER BY n, kind, score DESC, code"):
        out[n][kind].append(code)
    return out


def evaluate(store: SqliteStore, corpus: Path | None = None) -> dict[str, Any]:
    """Score the store's sections (see the module docstring).

    Args:
        store: a store where the corpus (or part of it) was ingested and connected.
        corpus: unused (the labels come from the stored URLs, titles and outlets); kept for
            the shape of the other eval commands.

    Returns:
        ``{"topics": {"overall": {...}, "by_source": {...}, "by_topic": {...}},
        "countries": {...}}``.
    """
    secs = _sections(store)
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    predicted_first: Counter[str] = Counter()
    correct_first: Counter[str] = Counter()
    gold_count: Counter[str] = Counter()
    country = Counter[str]()
    for n, outlet, url, title, article_id in store.conn.execute(
            "SELECT n, outlet, url, title, id FROM articles"):
        topics = secs[n]["topic"] if n in secs else []
        countries = secs[n]["country"] if n in secs else []
        if article_id.startswith("fakes-"):
            country["articles"] += 1
            country["first"] += bool(countries) and countries[0] == "SY"
            country["among"] += "SY" in countries
        g = gold_topic(outlet, url, title)
        if g is None:
            continue
        topic, source = g
        for key in (source, "overall"):
            c = by_source[key]
            c["articles"] += 1
            c["first"] += bool(topics) and topics[0] == topic
            c["among"] += topic in topics
            c["none"] += not topics
        gold_count[topic] += 1
        if topics:
            predicted_first[topics[0]] += 1
            correct_first[topics[0]] += topics[0] == topic

    def rates(c: Counter[str]) -> dict[str, Any]:
        n = c["articles"]
        return {"articles": n, "accuracy": round(c["first"] / n, 4) if n else None,
                "recall": round(c["among"] / n, 4) if n else None,
                "no_topic": round(c["none"] / n, 4) if n else None}

    return {
        "topics": {
            "overall": rates(by_source["overall"]),
            "by_source": {k: rates(v) for k, v in sorted(by_source.items()) if k != "overall"},
            "by_topic": {t: {"gold": gold_count[t], "predicted_first": predicted_first[t],
                             "precision": round(correct_first[t] / predicted_first[t], 4)
                             if predicted_first[t] else None}
                         for t in sorted(set(gold_count) | set(predicted_first))},
        },
        "countries": {
            "fakes_articles": country["articles"],
            "SY_first": round(country["first"] / country["articles"], 4)
            if country["articles"] else None,
            "SY_among": round(country["among"] / country["articles"], 4)
            if country["articles"] else None,
        },
    }
