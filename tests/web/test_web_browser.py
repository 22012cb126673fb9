"""The site in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

A live server (uvicorn in a subprocess, on a free port of 127.0.0.1) serves a store built
from the seed dump and corpus rows. Screenshots land in ``tests/artifacts/`` (git-ignored).
Skipped with a reason when Chromium or Playwright is missing — unless ``CI=true``, where
that is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium, checked before any server is started."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    return CHROMIUM


@pytest.fixture(scope="module")
def live_server(chromium: Path, real_db: Any) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of uvicorn serving ``real_db`` (stopped afterwards)."""
    port = _free_port()
    env = {**os.environ, "MAWSUA_DB": str(real_db.path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "mawsua.web.app:app_from_env",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()  # a server still starting would keep stdout open forever
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"the server did not start on {base}:\n{out}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def test_pages_in_headless_chromium(chromium: Path, live_server: str, real_db: Any) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
            page.on("request", lambda req: requested.append(req.url))
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            # Home page: right to left, the seed listed.
            page.goto(live_server + "/")
            assert page.evaluate("document.documentElement.dir") == "rtl"
            assert page.evaluate("document.documentElement.lang") == "ar"
            assert page.locator("a.brand").inner_text() == "موسوعة"
            assert page.locator("li.item").count() == 20
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
            page.screenshot(path=str(ARTIFACTS / "web-home.png"))

            # Search from the header box: the seed is found by الكاظمي, matches highlighted.
            page.fill("#site-q", "الكاظمي")
            page.press("#site-q", "Enter")
            page.wait_for_url("**/search?q=*")
            assert page.locator(f'a[href="/article/{real_db.seed_id}"]').count() == 1
            assert page.locator("li.item mark").count() >= 1
            page.screenshot(path=str(ARTIFACTS / "web-search.png"))

            # The seed's article page: outlet, time as given, English tweet left to right.
            page.click(f'a[href="/article/{real_db.seed_id}"]')
            page.wait_for_url(f"**/article/{real_db.seed_id}")
            assert page.locator("dd.outlet").inner_text() == "العربية"
            assert page.locator("dd.time time").inner_text() == "2021-07-26 23:55"
            tweet = page.locator("p", has_text="This afternoon")
            assert tweet.get_attribute("dir") == "ltr"
            assert tweet.evaluate("el => getComputedStyle(el).direction") == "ltr"
            lead = page.locator(".article-body p").first
            assert lead.evaluate("el => getComputedStyle(el).direction") == "rtl"
            page.screenshot(path=str(ARTIFACTS / "web-article.png"), full_page=True)

            # A phone-sized window: nothing wider than the screen.
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.on("request", lambda req: requested.append(req.url))
            phone.goto(f"{live_server}/article/{real_db.seed_id}")
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"page is {width}px wide on a 390px screen"
            phone.screenshot(path=str(ARTIFACTS / "web-article-phone.png"))
        finally:
            browser.close()
    assert not errors, errors
    foreign = [u for u in requested if not u.startswith(live_server) and not u.startswith("data:")]
    assert not foreign, f"requests to other hosts: {foreign}"
    for name in ("web-home.png", "web-search.png", "web-article.png", "web-article-phone.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000
