"""What the store knows about a source (a feed or a site) and its polling, as the CLI, the
status page and the scheduler see it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from mawsua.model.urls import REDACTED, Credentials, redact


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One registered source and its fetch state.

    Args:
        id: the registry's number; ``url``: what was added (feed or home page).
        kind: ``"feed"`` or ``"site"`` (a home page: autodiscovered feed, else its sitemap).
        section: the section given to its articles when the entry states none.
        title: the feed's own title once polled.
        feed_url: for a site, the feed or sitemap found (``None`` until found).
        added_at, last_fetch, next_poll: ISO 8601 UTC times.
        last_status: ``"200"``, ``"304"`` or an error code (``E_FETCH_TIMEOUT``...).
        last_error: the readable reason of the last failure (``None`` after a success).
        last_new: articles added by the last poll; ``articles``: articles this source added
            (its entries that were new to the store; duplicates of stored articles are not
            counted), all polls together.
        errors: failed polls in total; ``consecutive_errors``: since the last success.
        failure_score: decayed failure rate in 0..1 (each poll: ``score * 0.5 + (1 if failed
            else 0) * 0.5``).
        interval_s: the current polling interval in seconds.
        disabled_reason: why the source is no longer polled (``None`` while enabled).
        etag, last_modified: validators for the next conditional GET.
        polls: polls in total.
        credentials: the user info the source was added with (``user:password``, or a token),
            kept apart from ``url`` (which has none); sent by the fetcher to the source's
            origin only and never shown (``***``).
    """

    id: int
    url: str
    kind: str
    section: str | None
    title: str | None
    feed_url: str | None
    added_at: str
    last_fetch: str | None
    last_status: str | None
    last_error: str | None
    last_new: int
    articles: int
    errors: int
    consecutive_errors: int
    failure_score: float
    interval_s: float | None
    next_poll: str | None
    disabled_reason: str | None
    etag: str | None = None
    last_modified: str | None = None
    polls: int = 0
    credentials: str | None = field(default=None, repr=False)

    @property
    def enabled(self) -> bool:
        """Whether the scheduler polls it."""
        return self.disabled_reason is None

    def auth(self) -> Credentials | None:
        """Its :class:`~mawsua.model.urls.Credentials` for the fetcher (``None`` without)."""
        return Credentials.of(self.url, self.credentials)

    def shown_url(self) -> str:
        """``url`` with ``***@`` before the host when the source has credentials (it is
        what the operator added, without the secret); not yet redacted otherwise."""
        if not self.credentials or "://" not in self.url:
            return self.url
        scheme, _, rest = self.url.partition("://")
        return f"{scheme}://{REDACTED}@{rest}"

    def redacted(self) -> SourceInfo:
        """This source as shown (CLI, ``/status``, API): user info and secret-looking query
        values in its URLs and reasons as ``***`` (:func:`mawsua.model.urls.redact`); a source
        with credentials shows ``***@`` in its URL and ``credentials`` as ``***``."""
        return replace(
            self, url=redact(self.shown_url()),
            credentials=REDACTED if self.credentials else None,
            feed_url=redact(self.feed_url) if self.feed_url else None,
            last_error=redact(self.last_error) if self.last_error else None,
            disabled_reason=redact(self.disabled_reason) if self.disabled_reason else None)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: every field, plus ``enabled``; as :meth:`redacted` (it is what is
        shown: the registry keeps the credentials for fetching)."""
        d = asdict(self.redacted())
        d["enabled"] = self.enabled
        return d
