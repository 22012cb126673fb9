"""Reader accounts: users, passwords, web and API sessions, the login rate limit and the
site settings. The CLI (``mawsua users``) and the website call these; the tables are in
:mod:`mawsua.store.reader`.

Passwords are hashed with scrypt from the standard library (RFC 7914; N=2^15, r=8, p=3, a
16-byte salt: one of the OWASP Password Storage Cheat Sheet's equivalent minimums, chosen for
its 32 MiB per hash rather than 2^17's 128 MiB, so ten logins at once stay in memory), stored as
``scrypt$N$r$p$salt$hash`` (base64) so that a later change of cost still verifies old hashes.
Session tokens are 32 random bytes (``secrets``); the database keeps only their SHA-256.

The API password (``users api-password``) is what reader apps log in with (Google Reader
``ClientLogin``, Fever); until it is set, the account password is. Fever identifies a user
by ``api_key = md5("name:password")`` (the Fever protocol): the store keeps the SHA-256 of
that key, never the key itself.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mawsua.errors import MawsuaError
from mawsua.store.reader import ReaderStore, UserRow
from mawsua.store.sqlite import SqliteStore

#: scrypt cost (a power of two), block size and parallelism for new hashes
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 3
#: longest password accepted (bytes of UTF-8; scrypt itself has no limit)
MAX_PASSWORD = 1024
MIN_PASSWORD = 8
#: how long a web session and an API token live
WEB_SESSION = timedelta(days=30)
API_SESSION = timedelta(days=365)
#: login rate limit: at most this many failures per name, and per client, in the window
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_CLIENT = 20
FAILURE_WINDOW = timedelta(minutes=15)
#: settings and their defaults
SETTINGS = {"anonymous": "on"}


@dataclass(frozen=True, slots=True)
class User:
    """A logged-in (or listed) account: ``id``, ``name``, ``admin``."""

    id: int
    name: str
    admin: bool


@dataclass(frozen=True, slots=True)
class Session:
    """A live session: its user and the CSRF token every form of the session carries."""

    user: User
    csrf: str


class LoginRefused(MawsuaError):
    """A login refused: ``code`` ``E_LOGIN`` (wrong name or password) or ``E_RATE_LIMIT``
    (too many failures; ``retry_after`` seconds to wait)."""

    def __init__(self, code: str, reason: str, where: str, retry_after: int = 0) -> None:
        super().__init__(code, reason, where)
        self.retry_after = retry_after


def _now(now: datetime | None = None) -> datetime:
    return now or datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def _public(row: UserRow) -> User:
    return User(row.id, row.name, row.is_admin)


def hash_password(password: str) -> str:
    """A new salted scrypt hash of ``password`` (the ``scrypt$N$r$p$salt$hash`` string).

    Raises:
        MawsuaError: ``E_USER`` when the password is shorter than :data:`MIN_PASSWORD`
            characters or longer than :data:`MAX_PASSWORD` bytes.
    """
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD or len(raw) > MAX_PASSWORD:
        raise MawsuaError("E_USER", f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} "
                          "characters", "password")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(raw, salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=256 * SCRYPT_N * SCRYPT_R + 2**20, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored hash (constant-time comparison; a malformed
    hash matches nothing)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        want = base64.b64decode(digest)
        raw = password.encode("utf-8")
        if len(raw) > MAX_PASSWORD:
            return False
        got = hashlib.scrypt(raw, salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=256 * int(n) * int(r) + 2**20, dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def fever_key(name: str, password: str) -> str:
    """Fever's ``api_key`` for a name and (API) password: ``md5("name:password")`` in hex."""
    return hashlib.md5(f"{name}:{password}".encode(), usedforsecurity=False).hexdigest()


def _stored_fever(key: str) -> str:
    return hashlib.sha256(key.lower().encode()).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_name(name: str) -> str:
    """``name`` stripped, when it is 1–64 characters with no space, slash, colon or control
    character (it goes into ``user/NAME`` stream ids and the Fever ``name:password`` key).

    Raises:
        MawsuaError: ``E_USER`` otherwise.
    """
    name = name.strip()
    if not 1 <= len(name) <= 64 or any(c.isspace() or c in "/:" or not c.isprintable()
                                         for c in name):
        raise MawsuaError("E_USER", "a user name has 1 to 64 characters, no space, / or :",
                          name)
    return name


def _reader(store: SqliteStore) -> ReaderStore:
    return ReaderStore(store)


def _get(store: SqliteStore, name: str) -> UserRow:
    row = _reader(store).user(name)
    if row is None:
        raise MawsuaError("E_USER", "no such user", name)
    return row


def add_user(store: SqliteStore, name: str, password: str, *, admin: bool = False) -> User:
    """Create an account.

    Raises:
        MawsuaError: ``E_USER`` for a bad name or password, or a name already taken.
    """
    name = check_name(name)
    row = _reader(store).add_user(name, hash_password(password),
                                  _stored_fever(fever_key(name, password)), admin=admin,
                                  now=_iso(_now()))
    return _public(row)


def set_password(store: SqliteStore, name: str, password: str) -> User:
    """Change the account password; every web session of the user ends (and the API
    sessions too while no separate API password is set).

    Raises:
        MawsuaError: ``E_USER`` for an unknown user or a bad password.
    """
    row = _get(store, name)
    cols: dict[str, object] = {"password": hash_password(password)}
    if row.api_password is None:
        cols["fever_key"] = _stored_fever(fever_key(row.name, password))
    rs = _reader(store)
    rs.update_user(row.id, **cols)
    rs.drop_sessions(row.id, None if row.api_password is None else "web")
    return _public(row)


def set_api_password(store: SqliteStore, name: str, password: str) -> User:
    """Set the password reader apps use; the user's API sessions end.

    Raises:
        MawsuaError: ``E_USER`` for an unknown user or a bad password.
    """
    row = _get(store, name)
    rs = _reader(store)
    rs.update_user(row.id, api_password=hash_password(password),
                   fever_key=_stored_fever(fever_key(row.name, password)))
    rs.drop_sessions(row.id, "api")
    return _public(row)


def set_admin(store: SqliteStore, name: str, admin: bool) -> User:
    """Make an account an administrator or not.

    Raises:
        MawsuaError: ``E_USER`` for an unknown user.
    """
    row = _get(store, name)
    _reader(store).update_user(row.id, is_admin=int(admin))
    return User(row.id, row.name, admin)


def remove_user(store: SqliteStore, name: str) -> User:
    """Delete an account, its sessions and its reading state.

    Raises:
        MawsuaError: ``E_USER`` for an unknown user.
    """
    row = _get(store, name)
    _reader(store).remove_user(row.id)
    return _public(row)


def list_users(store: SqliteStore) -> list[User]:
    """Every account, by name."""
    return [_public(r) for r in _reader(store).users()]


def user_count(store: SqliteStore) -> int:
    """Number of accounts."""
    return _reader(store).user_count()


def login(store: SqliteStore, name: str, password: str, client: str, *, api: bool = False,
          now: datetime | None = None) -> tuple[User, str]:
    """Check a name and password (the API password when ``api``) and open a new session.

    A new random token is made on every login, so a token planted before the login (session
    fixation) never becomes a logged-in one.

    Args:
        client: who is asking (the remote address), for the rate limit.

    Returns:
        ``(user, token)``: the token goes in the session cookie (web) or the ``Auth=`` line.

    Raises:
        LoginRefused: ``E_RATE_LIMIT`` after :data:`MAX_FAILURES_PER_NAME` failures for this
            name or :data:`MAX_FAILURES_PER_CLIENT` from this client within
            :data:`FAILURE_WINDOW` (checked before the password, so guessing stops);
            ``E_LOGIN`` for an unknown name or a wrong password (one message for both).
    """
    t = _now(now)
    rs = _reader(store)
    since = _iso(t - FAILURE_WINDOW)
    by_name, by_client = rs.failures(name, client, since)
    if by_name >= MAX_FAILURES_PER_NAME or by_client >= MAX_FAILURES_PER_CLIENT:
        raise LoginRefused("E_RATE_LIMIT", "too many failed logins; try again later", name,
                           int(FAILURE_WINDOW.total_seconds()))
    row = rs.user(name)
    stored = None if row is None else (row.api_password or row.password) if api else row.password
    if row is None or stored is None or not verify_password(password, stored):
        if row is None:  # spend the same time as a real check, so names cannot be probed
            verify_password(password, _dummy_hash(SCRYPT_N))
        rs.add_failure(name, client, _iso(t), since)
        raise LoginRefused("E_LOGIN", "wrong user name or password", name)
    rs.clear_failures(name)
    token = secrets.token_urlsafe(32)
    kind = "api" if api else "web"
    rs.add_session(_token_hash(token), row.id, kind, secrets.token_urlsafe(24), _iso(t),
                   _iso(t + (API_SESSION if api else WEB_SESSION)))
    return _public(row), token


@functools.lru_cache(maxsize=4)
def _dummy_hash(_cost: int) -> str:
    """A hash at the current cost, checked against when the name is unknown."""
    return hash_password("x" * MIN_PASSWORD)


def session(store: SqliteStore, token: str | None, *, api: bool = False,
            now: datetime | None = None) -> Session | None:
    """The live session of ``token`` (web, or API when ``api``), or ``None``."""
    if not token or len(token) > 200:
        return None
    found = _reader(store).session(_token_hash(token), "api" if api else "web",
                                   _iso(_now(now)))
    if found is None:
        return None
    row, csrf = found
    return Session(_public(row), csrf)


def logout(store: SqliteStore, token: str) -> None:
    """End the session of ``token`` (nothing when there is none)."""
    _reader(store).drop_session(_token_hash(token))


def fever_user(store: SqliteStore, api_key: str, client: str = "-",
               now: datetime | None = None) -> User | None:
    """The account whose Fever ``api_key`` this is, or ``None`` (a failure, counted for
    ``client``: the key is derived from the password, so guessing it is guessing that).

    Raises:
        LoginRefused: ``E_RATE_LIMIT`` after :data:`MAX_FAILURES_PER_CLIENT` failures from
            ``client`` within :data:`FAILURE_WINDOW` (the key is not checked).
    """
    t = _now(now)
    rs = _reader(store)
    since = _iso(t - FAILURE_WINDOW)
    if rs.failures("fever:", client, since)[1] >= MAX_FAILURES_PER_CLIENT:
        raise LoginRefused("E_RATE_LIMIT", "too many failed logins; try again later", client,
                           int(FAILURE_WINDOW.total_seconds()))
    key = api_key.strip().lower()
    row = None
    if len(key) == 32 and all(c in "0123456789abcdef" for c in key):
        row = rs.user_by_fever_key(_stored_fever(key))
    if row is None:
        rs.add_failure("fever:", client, _iso(t), since)
        return None
    return _public(row)


def get_setting(store: SqliteStore, key: str) -> str:
    """A site setting (:data:`SETTINGS` gives the keys and defaults).

    Raises:
        KeyError: for an unknown setting.
    """
    default = SETTINGS[key]
    return _reader(store).setting(key) or default


def set_setting(store: SqliteStore, key: str, value: str) -> None:
    """Change a site setting (``anonymous``: ``on`` or ``off``).

    Raises:
        MawsuaError: ``E_USER`` for an unknown setting or value.
    """
    if key not in SETTINGS or value not in ("on", "off"):
        raise MawsuaError("E_USER", "settings: anonymous on|off", f"{key}={value}")
    _reader(store).set_setting(key, value)


def same_token(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two tokens (``False`` when either is missing)."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def anonymous_reading(store: object) -> bool:
    """Whether visitors without an account may read the public pages: the ``anonymous``
    setting, on unless an admin switched it off — and on whatever the setting while no
    account exists (nobody could log in), for a store without the accounts tables, or one
    that is not SQLite."""
    if not isinstance(store, SqliteStore):
        return True
    try:
        rs = ReaderStore(store)
        return rs.setting("anonymous") != "off" or rs.user_count() == 0
    except MawsuaError:
        return True
