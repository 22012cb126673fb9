"""`watch --once` against a local site built from real corpus articles: every entry of every
kind of feed ingested, a second round gets 304s and adds nothing, each fault gives its coded
outcome without touching the other sources, failing sources back off and get disabled, and
`reprocess` from the archive rebuilds the same articles."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest
from livescenario import Scenario

from mawsua.app.reprocess import reprocess
from mawsua.app.sources import add_source, list_sources
from mawsua.app.watch import RoundSummary, watch
from mawsua.model import article_to_dict
from mawsua.sources.warc import iter_archive
from mawsua.store.sqlite import SqliteStore

_WS = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _articles(store: SqliteStore) -> dict[str, dict[str, Any]]:
    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]
    return {i: article_to_dict(store.get(i)) for i in ids}


@pytest.fixture(scope="module")
def live(scenario: Scenario, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Register every source, run two rounds (the second forced), keep both summaries."""
    tmp = tmp_path_factory.mktemp("live")
    store = SqliteStore(tmp / "live.db")
    for url in scenario.good.values():
        add_source(store, url, kind="feed", section=None)
    for url, _code in scenario.faults.values():
        add_source(store, url, kind="feed")
    first = watch(store, scenario.options(tmp), once=True)[0]
    before = _articles(store)
    sources_first = {s.url: s for s in list_sources(store)}
    second = watch(store, scenario.options(tmp, force=True), once=True)[0]
    return {"tmp": tmp, "store": store, "first": first, "second": second, "before": before,
            "sources_first": sources_first}


def _by_url(store: SqliteStore) -> dict[str, Any]:
    return {s.url: s for s in list_sources(store)}


def test_first_round_ingests_every_entry_of_every_good_feed(scenario: Scenario,
                                                            live: dict[str, Any]) -> None:
    store: SqliteStore = live["store"]
    first: RoundSummary = live["first"]
    sources = live["sources_first"]
    expected_total = sum(len(v) for v in scenario.expected.values())
    assert first.added == expected_total, first.to_dict()
    assert store.count() == expected_total
    for name, url in scenario.good.items():
        src = sources[url]
        assert src.last_status == "200", (name, src)
        assert src.articles == len(scenario.expected[name]), (name, src)
        assert src.last_new == len(scenario.expected[name])
        assert src.consecutive_errors == 0 and src.enabled
    stored = _articles(store)
    by_url = {a["metadata"]["url"]: a for a in stored.values()}
    for name in ("rss", "cp1256", "atom", "json", "arabic_dates"):
        for exp in scenario.expected[name]:
            art = by_url[exp["url"]]
            # the page's text is the corpus article's text (windows-1256 pages included)
            ratio = SequenceMatcher(None, _norm(exp["rec"]["text"]).split(),
                                    _norm(art["raw_text"]).split(), autojunk=False).ratio()
            assert ratio >= 0.95, (name, exp["url"], ratio)
            assert art["metadata"]["title"] == _norm(exp["rec"]["title"])
            assert art["source"]["format"] == "html"


def test_windows_1256_feed_declared_only_in_the_http_header(scenario: Scenario,
                                                           live: dict[str, Any]) -> None:
    from mawsua.sources.feeds import parse_feed
    from mawsua.sources.http import declared_charset

    rec = next(r for r in iter_archive(live["tmp"] / "archive")
               if getattr(r, "url", "") == scenario.good["cp1256"] and r.status == 200)
    assert b"encoding=" not in rec.body[:100]  # nothing in the XML declaration
    assert declared_charset(rec.body, rec.headers) == ("windows-1256", "http")
    feed = parse_feed(rec.body, rec.headers, rec.url)
    assert [e.title for e in feed.entries] == [x["rec"]["title"] for x in scenario.expected["cp1256"]]
    stored = {a["metadata"]["url"]: a for a in _articles(live["store"]).values()}
    for exp in scenario.expected["cp1256"]:
        assert stored[exp["url"]]["source"]["encoding"] == "cp1256"


def test_arabic_pubdates_fill_in_what_the_page_lacks(scenario: Scenario,
                                                    live: dict[str, Any]) -> None:
    stored = {a["metadata"]["url"]: a for a in _articles(live["store"]).values()}
    for exp in scenario.expected["arabic_dates"]:
        md = stored[exp["url"]]["metadata"]
        assert md["published_local"] == exp["local"], md
        assert md["published"] is None and md["timezone"] is None  # no zone was stated
        assert md["extra"]["date_source"] == "feed"
        assert md["extra"]["published_raw"] == exp["raw"]  # kept as the feed wrote it
    raws = [e["raw"] for e in scenario.expected["arabic_dates"]]
    assert any(any("\u0660" <= c <= "\u0669" for c in r) for r in raws)  # both digit sets


def test_summary_only_entries_become_articles(scenario: Scenario, live: dict[str, Any]) -> None:
    arts = [a for a in _articles(live["store"]).values()
            if a["source"]["format"] == "feed"]
    assert len(arts) == len(scenario.expected["summary_only"])
    texts = {_norm(a["raw_text"]) for a in arts}
    for exp in scenario.expected["summary_only"]:
        assert _norm(exp["rec"]["text"]) in texts
    for a in arts:
        assert a["metadata"]["extra"]["extractor"] == "feed-summary"
        assert a["metadata"]["published"] is not None
        assert a["metadata"]["title"] in {e["rec"]["title"] for e in scenario.expected["summary_only"]}


def test_every_fault_is_recorded_and_readable(scenario: Scenario, live: dict[str, Any]) -> None:
    sources = live["sources_first"]
    lines = {line["url"]: line for line in live["first"].sources}
    for name, (url, code) in scenario.faults.items():
        src = sources[url]
        assert src.last_status == code, (name, src)
        assert src.last_error and url.rsplit("/", 1)[-1] not in code
        assert src.last_error and len(src.last_error) > 10, (name, src)
        assert src.articles == 0
        assert lines[url]["status"] == code
    limited = sources[scenario.faults["rate_limited"][0]]
    assert "Retry-After 120" in (limited.last_error or "")
    nxt = datetime.fromisoformat(limited.next_poll or "")
    assert nxt >= datetime.now(UTC) + timedelta(seconds=100)  # Retry-After honoured
    assert "loop" in (sources[scenario.faults["redirect_loop"][0]].last_error or "")


def test_second_round_gets_304_and_adds_nothing(scenario: Scenario, live: dict[str, Any]) -> None:
    second: RoundSummary = live["second"]
    assert second.added == 0 and second.entries == 0, second.to_dict()
    statuses = {line["url"]: line["status"] for line in second.sources}
    for name, url in scenario.good.items():
        assert statuses[url] == "304", name
    assert _articles(live["store"]) == live["before"]
    assert second.not_modified == len(scenario.good)


def test_failing_sources_back_off_and_are_disabled(scenario: Scenario, live: dict[str, Any],
                                                  tmp_path: Path) -> None:
    store: SqliteStore = live["store"]
    sources = _by_url(store)
    broken = sources[scenario.faults["http500"][0]]
    assert broken.consecutive_errors == 2 and broken.errors == 2
    assert broken.interval_s is not None and broken.interval_s > 900  # backed off
    third = watch(store, scenario.options(live["tmp"], force=True, max_errors=3), once=True)[0]
    assert third.added == 0
    sources = _by_url(store)
    for name, (url, code) in scenario.faults.items():
        reason = sources[url].disabled_reason
        assert reason is not None and code in reason and "3 consecutive" in reason, name
    for url in scenario.good.values():
        assert sources[url].enabled and sources[url].last_status == "304"
    # a disabled source is not polled any more
    fourth = watch(store, scenario.options(live["tmp"], force=True), once=True)[0]
    assert {line["url"] for line in fourth.sources} == set(scenario.good.values())


def test_every_response_is_archived(scenario: Scenario, live: dict[str, Any]) -> None:
    records = [r for r in iter_archive(live["tmp"] / "archive")]
    assert all(not hasattr(r, "code") for r in records), [r for r in records if hasattr(r, "code")]
    urls = [(r.url, r.status) for r in records]
    for exp in (e for v in scenario.expected.values() for e in v if e["url"]):
        assert (exp["url"], 200) in urls
    for url in scenario.good.values():
        assert (url, 200) in urls and (url, 304) in urls
    assert (scenario.faults["http500"][0], 500) in urls
    huge = [r for r in records if r.url == scenario.faults["huge"][0]]
    assert huge and all(r.truncated for r in huge)
    assert all(r.kind in ("feed", "page", "robots") for r in records)


def test_reprocess_gives_the_same_articles_as_the_live_run(scenario: Scenario,
                                                          live: dict[str, Any],
                                                          tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "again.db") as again:
        out = reprocess(live["tmp"] / "archive", again)
        # the malformed feed is read again and reported again; nothing else fails
        assert {(f["path"], f["code"]) for f in out["failed"]} == {
            (scenario.faults["malformed"][0], "E_FEED_PARSE")}
        assert out["added"] == live["first"].added
        rebuilt = _articles(again)
    assert rebuilt == live["before"]
    # into the live database everything is already there
    out = reprocess(live["tmp"] / "archive", live["store"])
    assert out["added"] == 0 and out["duplicates"] == live["first"].added
    # --since after everything: nothing to replay
    with SqliteStore(tmp_path / "none.db") as empty:
        later = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
        assert reprocess(live["tmp"] / "archive", empty, since=later)["read"] == 0


def test_watched_articles_are_connected(live: dict[str, Any]) -> None:
    """Feed articles go through the same store path as files: each is linked to its
    duplicate group and story and filed under sections (issue 5's connect step)."""
    store: SqliteStore = live["store"]
    total = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert total > 0
    unlinked = store.conn.execute(
        "SELECT count(*) FROM articles a LEFT JOIN article_links l ON l.n = a.n "
        "WHERE l.n IS NULL").fetchone()[0]
    assert unlinked == 0
    stories = store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    assert 0 < stories <= total
    filed = store.conn.execute("SELECT count(DISTINCT n) FROM article_sections").fetchone()[0]
    assert filed > 0
