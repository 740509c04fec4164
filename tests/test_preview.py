"""The preview: three editions at one address, data errors in the page, recovery by itself."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from bench.run import make_series
from tests.conftest import copy_repo
from tests.test_browser import ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(root: Path, *options: str) -> Iterator[str]:
    """`edition serve` of root on a free port, once it is serving; yields its address."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "-a", f"127.0.0.1:{port}",
                             *options], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        if line.startswith("serving the three editions") or time.monotonic() > deadline:
            break
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = copy_repo(tmp_path / "repo")
    with serving(root) as url:
        yield root, url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


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


SELECT = """([id, from, to]) => {
  const block = document.getElementById(id);
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let node, at = 0;
  const range = document.createRange();
  while ((node = walker.nextNode())) {
    if (node.parentElement.closest('.ed-ui')) continue;
    const len = node.nodeValue.length;
    if (at <= from && from < at + len) range.setStart(node, from - at);
    if (at < to && to <= at + len) { range.setEnd(node, to - at); break; }
    at += len;
  }
  const a = range.getClientRects()[0], b = [...range.getClientRects()].pop();
  return [a.left + 1, a.top + a.height / 2, b.right - 1, b.top + b.height / 2];
}"""


def test_select_to_annotate_writes_a_valid_entry(preview: tuple[Path, str], page: Page) -> None:
    """A reader drags over a passage, asks for an editor's note, writes it; the entry is
    written with its quote computed, the page reloads with the note, and check is clean."""
    root, url = preview
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + "zh-tw/" + ARTICLE)  # in a Traditional edition: offsets are the same
    block = page.locator("#p2")
    block.scroll_into_view_if_needed()
    text = block.inner_text()
    start = text.index("智慧安防小區")
    x1, y1, x2, y2 = page.evaluate(SELECT, ["p2", start, start + 6])
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move(x2, y2, steps=8)
    page.mouse.up()
    page.locator(".ed-annotate-button").click()
    page.locator(".ed-annotate-menu [data-kind=note]").click()
    page.locator(".ed-annotate-dialog textarea[name=text]").fill("编者注：测试用说明。")
    page.locator(".ed-annotate-dialog button[type=submit]").click()
    result = page.locator(".ed-annotate-result[data-state]")
    result.wait_for(timeout=30_000)
    assert result.get_attribute("data-state") == "done", result.inner_text()
    notes = (root / "data/20210816/notes.yml").read_text(encoding="utf-8")
    assert "quote: 智慧安防小区" in notes and "text: 编者注：测试用说明。" in notes
    page.locator("#p2 .ed-note").first.wait_for(timeout=60_000)  # rebuilt and reloaded with the note
    assert page.locator("#p2 .ed-note").first.inner_text() == "智慧安防小區"
    from generator.tools.cli import main

    assert main(["--root", str(root), "check"]) == 0
    assert main(["--root", str(root), "fmt", "--check"]) == 0


def test_preview_of_one_page_of_a_series_shows_a_saved_change(tmp_path: Path, page: Page) -> None:
    """`edition serve --page`: that page alone, in every edition, and a save shows after the reload."""
    root = copy_repo(tmp_path / "repo")
    make_series(root, 3)
    with serving(root, "--page", "s0001") as url:
        page.goto(url + "s0001/shuzi-qingdao/index.html")
        assert page.locator("h1").first.inner_text().startswith("对标一流")
        assert page.request.get(url + "s0000/shuzi-qingdao/index.html").status == 404  # not in this preview
        glossary = root / "data/glossary.yml"
        text = glossary.read_text(encoding="utf-8")
        assert "涵盖政务服务" in text
        glossary.write_text(text.replace("涵盖政务服务", "涵盖预览测试服务", 1), encoding="utf-8")
        page.wait_for_function("!!document.body && document.body.textContent.includes('涵盖预览测试服务')", timeout=60_000)
