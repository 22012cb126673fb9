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
    import re

    from mawsua.web.app import create_app

    def route_paths(routes: list, prefix: str = "") -> set[str]:
        # FastAPI >= 0.16x keeps included routers as lazy ``_IncludedRouter`` entries
        out: set[str] = set()
        for r in routes:
            inner = getattr(r, "original_router", None)
            if inner is not None:
                ctx = getattr(r, "include_context", None)
                out |= route_paths(inner.routes, prefix + (getattr(ctx, "prefix", "") or ""))
            elif getattr(r, "path", ""):
                out.add(prefix + r.path)
        return out

    def shape(path: str) -> str:  # parameter names and converters do not matter
        return re.sub(r"\{[^}]*\}", "{}", path)

    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    documented = {shape(p) for p in re.findall(r"`(/[^`\s]*)`", doc)}
    app = create_app(tmp_path / "empty.db")
    paths = {p for p in route_paths(app.routes) if not p.startswith("/static")}
    assert {"/", "/api/v1/articles", "/api/v1/search"} <= paths, paths
    missing = [p for p in sorted(paths) if shape(p) not in documented]
    assert not missing, f"routes missing from docs/api.md: {missing}"
