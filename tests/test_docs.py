"""Docs are tests: every code, edit kind and command is documented."""

from __future__ import annotations

from pathlib import Path

from mawsua.errors import CODES
from mawsua.model.article import EDIT_KINDS

ROOT = Path(__file__).resolve().parents[1]


def test_every_error_code_is_documented() -> None:
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    missing = [c for c in CODES if f"`{c}`" not in doc]
    assert not missing, f"undocumented codes in docs/errors.md: {missing}"


def test_every_edit_kind_is_documented() -> None:
    doc = (ROOT / "docs" / "repairs.md").read_text(encoding="utf-8")
    missing = [k for k in EDIT_KINDS if f"`{k}`" not in doc]
    assert not missing, f"undocumented edit kinds in docs/repairs.md: {missing}"


def test_every_cli_command_is_in_the_readme() -> None:
    from mawsua.cli.main import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name for c in app.registered_commands]
    assert names, "no commands registered"
    missing = [n for n in names if f"`{n} " not in readme and f"`{n}`" not in readme]
    assert not missing, f"commands missing from README: {missing}"


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:10]
    text = "\n".join(head)
    assert "make demo" in text and "make test" in text


def test_every_route_is_documented(tmp_path: Path) -> None:
    from mawsua.web.app import create_app

    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    app = create_app(tmp_path / "empty.db")
    paths = {getattr(r, "path", "") for r in app.routes}
    paths = {p for p in paths if p and not p.startswith("/static")}
    assert paths, "no routes"
    missing = [p for p in sorted(paths) if f"`{p}`" not in doc]
    assert not missing, f"routes missing from docs/api.md: {missing}"
