"""One catalogue of error codes, and per-item outcomes.

Every item that goes through a stage ends as exactly one outcome: :class:`Ok` (with the
value), :class:`Skipped` (nothing wrong with the input, nothing to keep, e.g. an empty body) or
:class:`Failed` (the input is broken). Both carry a stable ``code`` from :data:`CODES`, the
source (file path or URL, plus the record number for multi-record files) and a readable
reason. Codes are documented in ``docs/errors.md``; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: code -> one-line meaning. Append only: codes are part of the JSON contract.
CODES: dict[str, str] = {
    "E_EMPTY_FILE": "the file has no bytes",
    "E_BINARY": "the bytes are not text (an image, archive or other binary format)",
    "E_DECODE": "the bytes could not be decoded as text in any supported encoding",
    "E_TOO_LARGE": "the input is larger than the configured limit (for a compressed HTTP response the limit is on the decoded body, and the reason gives the compressed size)",
    "E_NOT_FOUND": "the path does not exist or cannot be read",
    "E_UNKNOWN_FORMAT": "the content matches no supported input format",
    "E_JSON": "a JSON Lines record is not valid JSON (for example a truncated line)",
    "E_RECORD": "a JSON Lines record lacks a required field or has a field of the wrong type",
    "E_HTML_NO_ARTICLE": "an HTML page in which no article text was found",
    "E_EXTRACT": "the extractor raised an unexpected error on this input",
    "E_STORE": "the article could not be written to the store",
    "E_ADDRESS_IN_USE": "`serve` or `demo` cannot listen on the address and port asked for "
                        "(another server holds the port, or the address is not this "
                        "machine's); nothing was started: choose another port",
    "E_STORE_LOST": "the connection to the PostgreSQL server was lost while writing (server "
                    "restarted or down, network cut): the batch is written again on a new "
                    "connection (a warning with this code); when the server cannot be reached "
                    "again the run stops with this code, the batches written before stay, and "
                    "running the same command again resumes (stored articles are duplicates)",
    "E_WORKER": "a `bulk` chunk could not be processed: its worker was lost more times than "
                "Dask's retries allow, or raised an unexpected error; reported with the "
                "chunk's first record, its records are not stored and the next run retries "
                "them",
    "E_USAGE": "a command was given options that do not go together or an unknown value "
               "(for example `bulk --engine` other than local or dask, `--writer workers` "
               "without Dask, or Dask not installed); nothing was done",
    "E_INVALID_QUERY": "a query parameter is out of range or malformed (for example a bad date)",
    "E_METHOD_NOT_ALLOWED": "the HTTP method is not allowed on this route (the API answers 405)",
    "E_FETCH_HTTP": "an HTTP fetch answered with an error status (4xx/5xx other than 429/503 with Retry-After)",
    "E_FETCH_TIMEOUT": "an HTTP fetch timed out (connect or read), after the configured retries",
    "E_FETCH_NETWORK": "an HTTP fetch failed below HTTP (refused connection, DNS, TLS, reset), after retries",
    "E_FETCH_REDIRECTS": "an HTTP fetch was redirected too many times or in a loop",
    "E_FETCH_RATE_LIMITED": "the server asked us to wait (429, or 503 with Retry-After); the source is polled again after that wait",
    "E_ROBOTS_DISALLOWED": "the site's robots.txt disallows this URL for Mawsua's user agent; it is not fetched (a robots.txt that cannot be read is no refusal: its own network, timeout or HTTP code is reported, \"robots.txt of HOST unreachable (...)\", and nothing is fetched from the host meanwhile)",
    "E_FEED_PARSE": "a feed could not be parsed (malformed XML or JSON with no readable entry)",
    "E_SOURCE": "a source URL is invalid or malformed (such as `http://[::1`), unknown, or no feed or sitemap was found for a site; `sources add` also refuses a URL that is neither a feed nor a site (a 4xx answer, bytes that are not text)",
    "E_OPML": "an OPML file could not be read (not XML, no outline with a feed URL)",
    "E_ARCHIVE": "a WARC archive file or record could not be written or read, or the archive path is not a folder (a truncated last record, or a file cut short, is reported naming the file; the rest is read)",
    "S_NOT_MODIFIED": "skipped: the server answered 304 Not Modified to a conditional GET (nothing new)",
    "S_DISABLED": "skipped: the source is disabled (after repeated failures, with the reason recorded)",
    "S_EMPTY_BODY": "skipped: the article has no body text (cartoons, photo pages, failed crawls)",
    "S_DUPLICATE": "skipped: the same raw bytes, or the same outlet and URL, are already stored",
    "S_HIDDEN": "skipped: a hidden file or folder (name starting with '.') met while walking a folder",
    "E_CONNECT": "the article was stored but could not be connected to its duplicates, story "
                 "and sections (`mawsua stories --rebuild` retries)",
    "E_FETCH_ENCODING": "an HTTP response body could not be decoded: its compressed data is "
                        "corrupt, or it uses a Content-Encoding that was not asked for and "
                        "cannot be decoded within the size limit",
    "E_INTERNAL": "an unexpected error (a bug in Mawsua, or input of a shape no reader "
                  "foresaw) while handling this item; it is reported and the rest goes on",
    "S_REPEATED_ENTRY": "skipped: a feed entry with the same guid/id (or, without one, link) "
                        "as an earlier entry of the same feed; only the first is read, and the "
                        "reason says whether its link or title differ",
    "E_JSON_DEPTH": "a JSON document or record is nested deeper than the reader's limit "
                    "(`MAX_JSON_DEPTH` levels of arrays and objects); it is refused, the rest "
                    "of the file is read",
    "W_REPLACED_BYTES": "warning: bytes that do not decode in the input's encoding were "
                        "replaced by U+FFFD, as browsers do; the article is kept and "
                        "`metadata.extra.replaced_sequences` gives how many",
    "W_DOUBLE_ENCODED": "warning: a whole document was UTF-8 text misread through a "
                        "single-byte code page (latin-1, windows-1252 or windows-1256) and saved "
                        "again as UTF-8 (mojibake such as `Ø§Ù„`); it was decoded back before "
                        "its format and header were read, and `metadata.extra.double_encoded` "
                        "names the code page",
    "W_FEED_TRUNCATED": "warning: a feed's document ends before its XML is closed (cut short, "
                        "though answered 200); the entries closed before the cut are read, the "
                        "one cut short is left out and read on a later poll",
    "W_FEED_MALFORMED": "warning: a feed's XML is malformed (feedparser's \"bozo\" flag) but its "
                        "entries could be read; feedparser's message is given",
    "W_BAD_DATE": "warning: the publication time given (a record's `published`, a dump's "
                  "header date) is not a date (2099-13-45); the article keeps it in "
                  "`metadata.extra.published_raw` (or `dump_header`) and has no publication time",
    "W_REPAIR_FAILED": "a warning: a repair step of the clean stage raised or an edit failed "
                       "its check; the article keeps its raw text as text "
                       "(metadata.extra.warnings)",
    "E_FETCH_FORBIDDEN_ADDRESS": "a fetch or webhook was refused because its host is, or "
                                 "resolves to, a loopback, private, CGNAT, link-local, "
                                 "unique-local, multicast, unspecified or reserved address "
                                 "(the SSRF guard); the reason names the URL and the address",
    "E_ALERT": "an alert (saved search) could not be added, found or delivered: a bad name, "
               "query, webhook URL or e-mail address, no such alert, or missing SMTP settings",
    "E_USER": "a reader account could not be added, found or changed: a bad name or "
              "password (8 to 1024 characters), a name already taken, no such user, or an "
              "unknown setting",
    "E_LOGIN": "a login was refused: wrong user name or password (one message for both)",
    "E_RATE_LIMIT": "a login was refused without checking the password: too many failed "
                    "logins for this name or from this client in the last 15 minutes",
    "S_NOT_ARTICLES": "skipped: a file met while walking a folder that holds no article — a "
                      "whole JSON document (a `*.gold.json` sidecar, a config) or JSON Lines "
                      "none of whose records has a text field (a manifest); one line per "
                      "file, naming the records' fields. Given by name, such a file is an "
                      "error (`E_UNKNOWN_FORMAT`, `E_RECORD` per line)",
}


class MawsuaError(Exception):
    """An error with a stable code from :data:`CODES`, naming the input it concerns.

    Args:
        code: a key of :data:`CODES`.
        reason: human-readable explanation.
        where: file path or URL (with ``:LINE`` for a record), when known.

    Raises:
        KeyError: when ``code`` is not in the catalogue.
    """

    def __init__(self, code: str, reason: str, where: str | None = None) -> None:
        if code not in CODES:
            raise KeyError(f"unknown error code {code}")
        self.code = code
        self.reason = reason
        self.where = where
        super().__init__(f"{where}: {code}: {reason}" if where else f"{code}: {reason}")


@dataclass(frozen=True, slots=True)
class Ok(Generic[T]):
    """A successful item."""

    value: T


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item deliberately not kept. ``path`` is the file or URL (``:LINE`` for records)."""

    path: str
    code: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """JSON shape: ``{"path", "code", "reason"}``."""
        return {"path": self.path, "code": self.code, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Failed:
    """A broken item. ``path`` is the file or URL (``:LINE`` for records)."""

    path: str
    code: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """JSON shape: ``{"path", "code", "reason"}``."""
        return {"path": self.path, "code": self.code, "reason": self.reason}

    @classmethod
    def from_error(cls, err: MawsuaError, path: str) -> Failed:
        """Build from a :class:`MawsuaError`, preferring its own ``where``."""
        return cls(err.where or path, err.code, err.reason)


Outcome = Ok[T] | Skipped | Failed
