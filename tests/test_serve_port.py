"""``serve``/``demo`` on a port another server holds fail at once with one coded line (user
test: ``make demo`` printed "Open … in a browser", then uvicorn's bind error, exit 3)."""

from __future__ import annotations

import socket
from pathlib import Path

from typer.testing import CliRunner

from mawsua.cli.main import app

runner = CliRunner()


def test_a_taken_port_is_one_coded_line_before_anything_runs(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        db = tmp_path / "demo.db"
        r = runner.invoke(app, ["demo", "--db", str(db), "--port", str(port)])
        assert r.exit_code == 1
        assert f"127.0.0.1:{port}: E_ADDRESS_IN_USE" in r.stderr and "--port" in r.stderr
        assert "in a browser" not in r.stdout and not db.exists()  # nothing ingested
        db.write_bytes(b"")
        r = runner.invoke(app, ["serve", "--db", str(db), "--port", str(port)])
        assert r.exit_code == 1 and "E_ADDRESS_IN_USE" in r.stderr
