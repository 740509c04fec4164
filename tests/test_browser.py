"""The built site in a real Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browsing import Watch

ARTICLE = "20210816/shuzi-qingdao/index.html"

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[tuple[Page, Watch]]:
    # The unzipped bundle is opened with the network cut off, as on a reader's offline machine.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=base.startswith("file:"))
    pg = context.new_page()
    watch = Watch(pg, base)
    yield pg, watch
    context.close()


def test_term_popover_by_hover_focus_and_escape(page: tuple[Page, Watch], base: str) -> None:
    pg, watch = page
    pg.goto(base + ARTICLE)
    term = pg.locator('a[data-annotation="term"][data-id="chengshi-yunnao"]').first
    popover = pg.locator("#ed-popover")
    term.hover()
    popover.wait_for(state="visible")
    assert "城市云脑" in popover.inner_text()
    assert term.get_attribute("aria-describedby") == "ed-popover"
    assert popover.get_attribute("role") == "tooltip"
    pg.mouse.move(0, 0)
    popover.wait_for(state="hidden")
    term.focus()
    popover.wait_for(state="visible")
    pg.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    watch.assert_clean()


def test_later_occurrence_shows_the_same_text(page: tuple[Page, Watch], base: str) -> None:
    # Only the first occurrence in an article carries the text; every other finds it.
    pg, watch = page
    pg.goto(base + ARTICLE)
    marks = pg.locator('a[data-annotation="term"][data-id="chengshi-yunnao"]')
    assert marks.count() > 1 and marks.nth(1).get_attribute("data-tip") is None
    popover = pg.locator("#ed-popover")
    marks.first.hover()
    popover.wait_for(state="visible")
    first_text = popover.inner_text()
    pg.mouse.move(0, 0)
    popover.wait_for(state="hidden")
    marks.nth(1).scroll_into_view_if_needed()
    marks.nth(1).hover()
    popover.wait_for(state="visible")
    assert popover.inner_text() == first_text and "城市云脑" in first_text and "chéng shì" in first_text
    watch.assert_clean()


def test_figure_popover_by_focus_and_enter_opens_its_entry(page: tuple[Page, Watch], base: str) -> None:
    pg, watch = page
    pg.goto(base + ARTICLE)
    fig = pg.locator('a[data-annotation="figure"][data-id="pinggu-bumen"]')
    fig.focus()
    popover = pg.locator("#ed-popover")
    popover.wait_for(state="visible")
    assert "第三方评估涉及的部门" in popover.inner_text() and "2021年上半年" in popover.inner_text()
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/figures/index.html#pinggu-bumen")
    watch.assert_clean()


def test_tap_shows_popover_first_then_follows(browser: Browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  offline=base.startswith("file:"))
    pg = context.new_page()
    watch = Watch(pg, base)
    pg.goto(base + ARTICLE)
    term = pg.locator('a[data-annotation="term"][data-id="chengshi-yunnao"]').first
    term.scroll_into_view_if_needed()
    term.tap()
    popover = pg.locator("#ed-popover")
    popover.wait_for(state="visible")
    assert pg.url.endswith(ARTICLE)  # the first tap explains, it does not navigate
    popover.locator("a").tap()
    pg.wait_for_url("**/glossary/index.html#chengshi-yunnao")
    watch.assert_clean()
    context.close()


def test_toggles_hide_marks_and_persist(page: tuple[Page, Watch], base: str) -> None:
    pg, watch = page
    pg.goto(base + ARTICLE)
    pg.locator('input[data-kind="terms"]').uncheck()
    assert "ed-hide-terms" in (pg.locator("html").get_attribute("class") or "")
    pg.reload()
    assert not pg.locator('input[data-kind="terms"]').is_checked()
    assert "ed-hide-terms" in (pg.locator("html").get_attribute("class") or "")
    term = pg.locator('a[data-annotation="term"]').first
    term.hover()
    pg.wait_for_timeout(300)
    assert pg.locator("#ed-popover").is_hidden()
    pg.locator('input[data-kind="repairs"]').uncheck()
    assert pg.locator(".ed-repair-btn").first.is_hidden()
    pg.locator('input[data-kind="terms"]').check()
    pg.reload()
    assert pg.locator('input[data-kind="terms"]').is_checked()
    watch.assert_clean()


def test_switcher_keeps_page_and_paragraph(page: tuple[Page, Watch], base: str) -> None:
    pg, watch = page
    pg.goto(base + ARTICLE + "#p3")
    pg.locator('.ed-switcher a[hreflang="zh-Hant-TW"]').click()
    pg.wait_for_url("**/zh-tw/" + ARTICLE + "#p3")
    assert pg.locator("html").get_attribute("lang") == "zh-Hant-TW"
    assert "數字青島" in pg.locator("#p3").inner_text()
    pg.locator('.ed-switcher a[hreflang="zh-Hant-HK"]').click()
    pg.wait_for_url("**/zh-hk/" + ARTICLE + "#p3")
    pg.locator('.ed-switcher a[hreflang="zh-Hans"]').click()
    pg.wait_for_url("**/" + ARTICLE + "#p3")
    assert "/zh-" not in pg.url
    watch.assert_clean()


def test_navigation_and_charts_render(page: tuple[Page, Watch], base: str) -> None:
    pg, watch = page
    pg.goto(base + "index.html")
    pg.locator(".ed-front-link").nth(4).click()
    pg.wait_for_url("**/keji-jinbu/index.html")
    pg.goto(base + "figures/index.html")
    chart = pg.locator(".ed-chart").first
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 40
    watch.assert_clean()



SEARCHES = [
    ("", "城市云脑", "shuzi-qingdao"),
    ("", "云脑", "shuzi-qingdao"),  # a shorter word inside a longer term
    ("", "雲腦", "shuzi-qingdao"),  # typed in the other script
    ("", "程德智", "pingan-yancao"),  # a name
    ("", "3980个", "shuzi-qingdao"),  # a number with its unit
    ("", "倾听与商量", "qingting-shangliang"),
    ("", "无人机", "keji-jinbu"),
    ("zh-tw/", "雲腦", "shuzi-qingdao"),
    ("zh-tw/", "云脑", "shuzi-qingdao"),
    ("zh-hk/", "實訓", "shanghai-shixun"),
    ("zh-hk/", "实训", "shanghai-shixun"),
]


@pytest.mark.parametrize(("edition", "query", "article"), SEARCHES)
def test_search_finds_the_article(browser: Browser, base: str, edition: str, query: str, article: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=base.startswith("file:"))
    pg = context.new_page()
    watch = Watch(pg, base)
    pg.goto(base + edition + "index.html")
    pg.locator("input.md-search__input").click()
    pg.locator("input.md-search__input").fill(query)
    pg.locator("input.md-search__input").press("End")  # Material reads the query on keyup, as after an IME commit
    hit = pg.locator(f".md-search-result__item a[href*='20210816/{article}/']").first
    hit.wait_for(state="attached", timeout=15000)
    for href in pg.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)"):
        in_tw, in_hk = "/zh-tw/" in href, "/zh-hk/" in href
        assert (in_tw, in_hk) == (edition == "zh-tw/", edition == "zh-hk/"), href  # this edition only
    assert pg.locator(".md-search-result mark").count() > 0  # the match is highlighted
    watch.assert_clean()
    context.close()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
A11Y_PAGES = ["index.html", ARTICLE, "glossary/index.html", "figures/index.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", A11Y_PAGES)
def test_axe_finds_no_violation(browser: Browser, server: str, path: str, scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `make test`, which runs `npm ci`")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    pg = context.new_page()
    pg.goto(server + path)
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                         ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    context.close()
    assert result == []
