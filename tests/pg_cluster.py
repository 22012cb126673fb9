"""A throwaway PostgreSQL cluster for the tests (Debian's ``postgresql`` binaries).

``MAWSUA_TEST_PG`` (a server URL whose user may create databases) is used when set; else, when
``initdb``/``pg_ctl`` are found (on PATH or in ``/usr/lib/postgresql/*/bin``), a cluster is made
in a temporary folder, owned by an unprivileged user when running as root (PostgreSQL refuses to
run as root), listening on a free local port, and stopped at the end. Otherwise the PostgreSQL
tests are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    cands = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return cands[-1] if cands else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A running server: :meth:`new_database` hands out fresh empty databases."""

    def __init__(self, settings: str = "") -> None:
        """Start (or find) the server; ``settings``: more ``-c name=value`` server options
        (the benchmarks raise ``shared_buffers`` as an operator would)."""
        self.url: str | None = os.environ.get("MAWSUA_TEST_PG") or None
        self.skip_reason = ""
        self._dir: Path | None = None
        self._as: list[str] = []
        if self.url:
            return
        initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not initdb or not pg_ctl:
            self.skip_reason = ("PostgreSQL is not installed (apt-get install postgresql, or "
                                "set MAWSUA_TEST_PG=postgresql://...)")
            return
        self._pg_ctl = pg_ctl
        self._dir = Path(tempfile.mkdtemp(prefix="mawsua-pg-"))
        if os.geteuid() == 0:
            user = next((u for u in ("postgres", "nobody") if _has_user(u)), None)
            if user is None:
                self.skip_reason = "running as root with no unprivileged user for PostgreSQL"
                return
            shutil.chown(self._dir, user)
            os.chmod(self._dir, 0o700)
            self._as = ["runuser", "-u", user, "--"]
        port = _free_port()
        data = self._dir / "data"
        try:
            self._run([initdb, "-D", str(data), "-A", "trust", "-U", "mawsua", "-E", "UTF8",
                       "--locale=C.UTF-8", "--no-sync"])
            self._run([pg_ctl, "-D", str(data), "-l", str(self._dir / "log"), "-w", "-o",
                       f"-p {port} -k {self._dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                       f"-c synchronous_commit=off -c full_page_writes=off {settings}", "start"])
        except (OSError, subprocess.CalledProcessError) as e:
            out = getattr(e, "stderr", b"") or b""
            self.skip_reason = f"cannot start a PostgreSQL cluster: {e} {out[-300:]!r}"
            return
        self.url = f"postgresql://mawsua@127.0.0.1:{port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        subprocess.run([*self._as, *cmd], check=True, capture_output=True, timeout=120,
                       cwd=self._dir)

    def new_database(self, template: str | None = None) -> str:
        """The URL of a new database: empty, or a copy of the database at the URL
        ``template`` (which must have no open connection)."""
        import psycopg

        assert self.url
        name = "t_" + uuid.uuid4().hex[:12]
        copy = f" TEMPLATE {template.rsplit('/', 1)[1]}" if template else ""
        with psycopg.connect(self.url, autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}{copy}")
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        """Stop the server this helper started (not one given by ``MAWSUA_TEST_PG``)."""
        if self._dir is None:
            return
        if (self._dir / "data" / "postmaster.pid").exists():
            try:
                self._run([self._pg_ctl, "-D", str(self._dir / "data"), "-m", "immediate",
                           "-w", "stop"])
            except (OSError, subprocess.CalledProcessError):
                pass
        shutil.rmtree(self._dir, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
