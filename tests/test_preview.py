"""The preview: three editions at one address, data errors in the page, recovery by itself."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import copy_repo
from tests.test_browser import ARGS, ARTICLE, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = copy_repo(tmp_path / "repo")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        if line.startswith("serving the three editions") or time.monotonic() > deadline:
            break
    try:
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page()
        browser.close()


def test_preview_serves_every_edition_and_shows_data_errors_in_the_page(preview: tuple[Path, str], page: Page) -> None:
    root, url = preview
    page.goto(url + ARTICLE)
    assert page.locator("h1").first.inner_text().startswith("对标一流")
    page.locator(".ed-switcher a[hreflang='zh-Hant-TW']").click()
    page.wait_for_load_state()
    assert page.url.startswith(url + "zh-tw/") and page.locator("h1").first.inner_text().startswith("對標一流")

    glossary = root / "data/glossary.yml"
    good = glossary.read_text(encoding="utf-8")
    glossary.write_text(good.replace("    definition:", "    defintion:", 1), encoding="utf-8")
    errors = page.locator("#edition-errors")
    errors.wait_for(timeout=60_000)  # the page reloads by itself with the messages
    text = errors.inner_text()
    assert "data/glossary.yml:" in text and "V002 unknown field `defintion`; did you mean `definition`?" in text

    glossary.write_text(good.replace("数字青岛2021年行动方案", "数字青岛2021年行动方案（已改）", 1), encoding="utf-8")
    page.locator("h1").filter(has_text="對標一流").wait_for(timeout=60_000)  # recovered, same page
    assert page.locator("#edition-errors").count() == 0
