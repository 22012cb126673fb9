"""The desk pages (``/entities``, ``/entity/{id}``, ``/quotes``) in headless Chromium, desktop
and 390 px (server and browser fixtures of ``test_web_browser``): right to left, no console
error (so no CSP violation), the SVG chart drawn, nothing wider than a phone. Screenshots go
to ``tests/artifacts/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_web_browser import ARTIFACTS, CHROMIUM_ARGS, chromium, live_server  # noqa: F401

pytestmark = pytest.mark.browser

PAGES = {"entities": "/entities?all=1", "entity": "/entity/بايدن",
         "quotes": "/quotes?speaker=بايدن&q=العراق"}


def test_desk_pages(chromium: Path, live_server: str, real_db: Any) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(live_server + f"/article/{real_db.seed_id}")
            page.locator("a.ent", has_text="بايدن").first.click()  # names link to entity pages
            page.wait_for_url("**/entity/*")
            assert page.locator("h1").inner_text() == "جو بايدن Joe Biden"  # Arabic, then Latin
            box = page.locator("svg.chart").bounding_box()
            assert box and box["width"] > 200 and box["height"] > 40
            assert page.locator("svg.chart rect.chart-bar").count() >= 1
            for name, url in PAGES.items():
                page.goto(live_server + url)
                assert page.evaluate("document.documentElement.dir") == "rtl", name
                page.screenshot(path=str(ARTIFACTS / f"web-desk-{name}.png"), full_page=True)
            assert page.locator(".quote-item mark").count() >= 1
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            for name, url in PAGES.items():
                phone.goto(live_server + url)
                width = phone.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"{name} is {width}px wide on a 390px screen"
                phone.screenshot(path=str(ARTIFACTS / f"web-desk-{name}-phone.png"),
                                 full_page=True)
        finally:
            browser.close()
    assert not errors, errors
