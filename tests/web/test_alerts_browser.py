"""The read-only ``/alerts`` page in headless Chromium, desktop and 390 px (the server and
browser fixtures are those of ``test_web_browser``). Screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_web_browser import ARTIFACTS, CHROMIUM_ARGS, chromium, live_server  # noqa: F401

from mawsua.app import alerts
from mawsua.app.queries import open_store

pytestmark = pytest.mark.browser


def test_alerts_page(chromium: Path, live_server: str, real_db: Any) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with open_store(real_db.path) as store:
        if not any(a.name == "iraq-pm" for a in alerts.list_alerts(store)):
            alerts.add_alert(store, "iraq-pm", "<b>الكاظمي</b> \"رئيس الوزراء\"",
                             webhook_url="https://hooks.example.com/T0/B0/SECRETPATH",
                             email="editor@example.com")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(live_server + "/alerts")
            assert page.evaluate("document.documentElement.dir") == "rtl"
            row = page.locator("tr", has_text="iraq-pm")
            assert row.count() == 1
            text = row.inner_text()
            assert "<b>الكاظمي</b>" in text  # shown as text, not markup
            assert "SECRETPATH" not in page.content() and "editor@" not in page.content()
            assert "https://hooks.example.com/…" in text
            page.screenshot(path=str(ARTIFACTS / "web-alerts.png"), full_page=True)
            row.locator("a").first.click()  # the saved search's own results
            page.wait_for_url("**/search?q=*")
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(live_server + "/alerts")
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"page is {width}px wide on a 390px screen"
            phone.screenshot(path=str(ARTIFACTS / "web-alerts-phone.png"), full_page=True)
        finally:
            browser.close()
    assert not errors, errors
