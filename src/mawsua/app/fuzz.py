"""Fuzzing harness: generators of hostile input for every reader, and one runner per reader.

Used by the short fuzz tests of ``make test`` (``tests/test_fuzz.py``) and by the long run of
``bench/fuzz.py`` (≥ 100,000 inputs, crashes, hangs, peak memory and codes reported).

Generators (:data:`GENERATORS`, each ``(rng, seeds) -> (target, bytes)``):

* ``random_bytes`` — uniform random bytes of random length (0..4 KiB);
* ``mutated_record`` — a real JSON Lines record of the corpus with bit flips, byte insertions,
  deletions, duplications, truncation, or a field replaced by an odd value (huge integers,
  nested arrays, ``null``, floats, booleans);
* ``mutated_html`` — a real HTML page cut, spliced, with tags dropped or repeated, deep
  nesting, entity soup;
* ``mutated_feed`` / ``mutated_opml`` / ``mutated_sitemap`` — small RSS, Atom, JSON Feed,
  OPML and sitemap documents mutated the same way;
* ``encodings`` — a real record or text re-encoded (UTF-16/32 with and without BOM,
  windows-1256, a wrong BOM, mixed encodings per line);
* ``nesting`` — JSON, HTML and XML nested 10..20,000 deep;
* ``sizes`` — long lines, one long word, runs of blank lines and spaces, many tiny records.

Runners (:data:`RUNNERS`): ``read`` (``read_bytes`` then the whole per-article pipeline of
:func:`mawsua.app.pipeline.process` for each record), ``feed`` (:func:`parse_feed`), ``opml``
(:func:`read_opml`), ``sitemap`` (:func:`read_sitemap`). A runner returns the outcome codes it
saw; a ``MawsuaError`` is a coded outcome; any other exception escaping is a crash.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mawsua.app.pipeline import process
from mawsua.config import shared_dir
from mawsua.errors import Failed, MawsuaError, Ok, Skipped
from mawsua.sources.discover import read_sitemap
from mawsua.sources.feeds import parse_feed
from mawsua.sources.files import read_bytes
from mawsua.sources.opml import read_opml

SHARED = shared_dir()


@dataclass
class Seeds:
    """Real material the mutators start from: JSONL records and HTML pages (bytes)."""

    records: list[bytes] = field(default_factory=list)
    pages: list[bytes] = field(default_factory=list)

    @classmethod
    def load(cls, shared: Path = SHARED, records: int = 300, pages: int = 12) -> Seeds:
        """Up to ``records`` corpus records and ``pages`` HTML pages from ``shared``; built-in
        samples when the shared folder is absent."""
        out = cls()
        for corpus in (shared / "corpus" / "articles.jsonl", shared / "corpus2" / "articles.jsonl"):
            if corpus.is_file():
                with open(corpus, "rb") as fh:
                    for i, line in enumerate(fh):
                        if i >= records // 2:
                            break
                        out.records.append(line.rstrip(b"\n"))
        for folder in (shared / "corpus" / "html", shared / "corpus2" / "html"):
            if folder.is_dir():
                out.pages += [p.read_bytes() for p in sorted(folder.rglob("*.htm*"))[:pages // 2]]
        if not out.records:
            out.records = [json.dumps({"id": "s1", "outlet": "o", "title": "عنوان", "text":
                                       "نص عربي للاختبار. " * 20}, ensure_ascii=False).encode()]
        if not out.pages:
            out.pages = ["<html><head><title>عنوان</title></head><body><article><p>"
                         f"{'نص عربي للاختبار. ' * 30}</p></article></body></html>".encode()]
        return out


FEEDS = [
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    b"<link>https://example.org/</link><item><title>\xd8\xae\xd8\xa8\xd8\xb1</title>"
    b"<link>https://example.org/a/1</link><guid>1</guid><pubDate>Tue, 11 Aug 2015 10:00:00 +0300"
    b"</pubDate><description>&lt;p&gt;\xd9\x86\xd8\xb5&lt;/p&gt;</description></item></channel></rss>",
    b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t'
    b'</title><id>urn:x</id><updated>2015-08-11T10:00:00Z</updated><entry><title>e</title>'
    b'<id>urn:e</id><link href="/a/2"/><updated>2015-08-11T10:00:00Z</updated><content '
    b'type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>',
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1", '
    b'"url": "https://example.org/a/3", "title": "x", "content_text": "y", '
    b'"date_published": "2015-08-11T10:00:00+03:00"}]}',
]
OPML = (b'<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head><body>'
        b'<outline text="news"><outline text="a" type="rss" xmlUrl="https://example.org/rss"'
        b' htmlUrl="https://example.org/"/></outline></body></opml>')
SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
           b'schemas/sitemap/0.9"><url><loc>https://example.org/a/1</loc><lastmod>2015-08-11'
           b"</lastmod></url></urlset>")

ODD_VALUES = [str(2 ** 70), "-" + str(2 ** 64), "1e999", "NaN", "null", "true", "[]", "{}",
              '"' + "\\ud800" + '"', "[" * 70 + "]" * 70, '"' + "ب" * 5000 + '"', "0.1",
              '{"a": {"b": {"c": [1, 2, {"d": null}]}}}']


def mutate(data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """``data`` with 1..8 random byte-level mutations (flips, inserts, deletes, duplications,
    truncation, splices of itself)."""
    buf = bytearray(data)
    for _ in range(rounds if rounds is not None else rng.randint(1, 8)):
        if not buf:
            buf.extend(rng.randbytes(rng.randint(1, 16)))
            continue
        op = rng.randrange(7)
        i = rng.randrange(len(buf))
        if op == 0:
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[i:i] = rng.randbytes(rng.randint(1, 8))
        elif op == 2:
            del buf[i:i + rng.randint(1, 64)]
        elif op == 3:
            j = rng.randrange(len(buf))
            buf[i:i] = buf[j:j + rng.randint(1, 256)]
        elif op == 4:
            del buf[i:]
        elif op == 5:
            buf[i:i] = rng.choice([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\n\n",
                                   b"<", b"&#xD800;", b"]]>", b"\\u0000", b'"', b"{", b"\xd8"])
        else:
            buf[i:i] = bytes(rng.choice([0x20, 0x0A, 0xD8, 0xA8])) * rng.randint(10, 5000)
    return bytes(buf)


def _record(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    rec = rng.choice(seeds.records)
    if rng.random() < 0.4:
        try:
            obj = json.loads(rec)
        except ValueError:
            return "read", mutate(rec, rng)
        key = rng.choice([*obj, "extra", "id", "text", "published"])
        line = json.dumps({**obj, key: None}, ensure_ascii=False)
        line = line.replace("null", rng.choice(ODD_VALUES), 1)
        return "read", line.encode()
    lines = [mutate(rec, rng) if rng.random() < 0.5 else rng.choice(seeds.records)
             for _ in range(rng.randint(1, 4))]
    return "read", b"\n".join(lines)


def _html(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    page = rng.choice(seeds.pages)
    if rng.random() < 0.3:
        cut = rng.randrange(max(1, len(page)))
        page = page[:cut] + b"<div>" * rng.randint(1, 3000) + page[cut:]
    return "read", mutate(page, rng, rng.randint(0, 6))


def _feed(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    return "feed", mutate(rng.choice(FEEDS), rng)


def _opml(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    return "opml", mutate(OPML, rng)


def _sitemap(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    return "sitemap", mutate(SITEMAP, rng)


def _encodings(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    text = rng.choice(seeds.records).decode("utf-8", "replace")
    codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1256", "utf-8-sig",
                        "iso8859-6", "latin-1"])
    data = text.encode(codec, "replace")
    if rng.random() < 0.3:
        data = rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b""]) + data[2:]
    if rng.random() < 0.3:
        data += b"\n" + rng.choice(seeds.records)
    return "read", data


def _nesting(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    depth = rng.choice([10, 65, 500, 1_100, 5_000, 20_000])
    kind = rng.randrange(5)
    if kind == 0:
        return "read", b"[" * depth + b"]" * depth
    if kind == 1:
        return "read", (b'{"id": "n", "text": "t", "x": ' + b'{"a": ' * depth + b"1"
                        + b"}" * depth + b"}")
    if kind == 2:
        return "read", b"<html><body>" + b"<div>" * depth + "نص".encode() + b"</div>" * depth
    if kind == 3:
        return "opml", (b"<opml><body>" + b'<outline text="x">' * depth + b"</outline>" * depth
                        + b"</body></opml>")
    return "feed", (b'<rss version="2.0"><channel><item><description>' + b"<b>" * depth
                    + b"</description></item></channel></rss>")


def _sizes(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    kind = rng.randrange(5)
    n = rng.choice([1_000, 20_000, 200_000])
    if kind == 0:
        return "read", "ب".encode() * n
    if kind == 1:
        return "read", "كلمة\n".encode() + b"\n" * n + "كلمة".encode()
    if kind == 2:
        return "read", "كلمة ".encode() + b" " * n + "كلمة".encode()
    if kind == 3:
        return "read", b"\n".join([b'{"text": "x"}'] * (n // 100))
    return "read", b'{"id": "l", "text": "' + "خبر ".encode() * (n // 4) + b'"}'


def _random(rng: random.Random, seeds: Seeds) -> tuple[str, bytes]:
    return rng.choice(["read", "read", "feed", "opml", "sitemap"]), rng.randbytes(
        rng.randint(0, 4096))


GENERATORS: dict[str, Callable[[random.Random, Seeds], tuple[str, bytes]]] = {
    "random_bytes": _random,
    "mutated_record": _record,
    "mutated_html": _html,
    "mutated_feed": _feed,
    "mutated_opml": _opml,
    "mutated_sitemap": _sitemap,
    "encodings": _encodings,
    "nesting": _nesting,
    "sizes": _sizes,
}


def run_read(data: bytes) -> list[str]:
    """Every record of ``data`` through the reader and the whole per-article pipeline."""
    codes = []
    for item in read_bytes(data, where="fuzz.bin", path="fuzz.bin"):
        out = process(item)
        codes.append("ok" if isinstance(out, Ok) else out.code)
    return codes


def run_feed(data: bytes) -> list[str]:
    """:func:`parse_feed` on ``data`` (as an RSS/Atom/JSON body)."""
    out = parse_feed(data, {"content-type": "application/xml"}, "https://example.org/feed")
    return [out.code] if isinstance(out, Failed | Skipped) else ["ok"]


def run_opml(data: bytes) -> list[str]:
    """:func:`read_opml` on ``data``."""
    try:
        read_opml(data, "fuzz.opml")
    except MawsuaError as e:
        return [e.code]
    return ["ok"]


def run_sitemap(data: bytes) -> list[str]:
    """:func:`read_sitemap` on ``data``."""
    try:
        read_sitemap(data, "https://example.org/")
    except MawsuaError as e:
        return [e.code]
    return ["ok"]


RUNNERS: dict[str, Callable[[bytes], list[str]]] = {
    "read": run_read, "feed": run_feed, "opml": run_opml, "sitemap": run_sitemap}


def case(seed: int, seeds: Seeds) -> tuple[str, str, bytes]:
    """The ``seed``-th input: ``(generator, target, bytes)`` (deterministic)."""
    rng = random.Random(seed)
    name = rng.choice(sorted(GENERATORS))
    target, data = GENERATORS[name](rng, seeds)
    return name, target, data


__all__ = ["GENERATORS", "RUNNERS", "Seeds", "case", "mutate"]
