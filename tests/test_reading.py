"""The reading experience in a real Chromium: on a 390x844 touch phone and a 1280 desktop,
light and dark, online and in the offline bundle (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browsing import Watch

pytestmark = pytest.mark.browser

LONG = "20210816/keji-jinbu/index.html"  # 15 paragraphs, 3 sections
LEAD = "20210816/shuzi-qingdao/index.html"
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}

# The block under the reading line (below the fixed header and the reader's bar), as the page script sees it.
AT_LINE = """() => {
  const line = document.querySelector('.md-header').getBoundingClientRect().bottom
             + document.getElementById('ed-bar').offsetHeight + 8;
  for (const b of document.querySelectorAll('.ed-block[id], .md-typeset h2[id]')) {
    const r = b.getBoundingClientRect();
    if (r.bottom > line && r.height > 0) return b.id;
  }
  return null;
}"""


def open_page(browser: Browser, base: str, device: dict[str, Any], scheme: str = "light") -> tuple[Page, Watch]:
    context = browser.new_context(offline=base.startswith("file:"), color_scheme=scheme, **device)  # type: ignore[arg-type]
    pg = context.new_page()
    return pg, Watch(pg, base)


def settle(pg: Page) -> None:
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def scroll_to(pg: Page, anchor: str, below_line: int = 0) -> None:
    """Scroll as a reader does, so that `anchor` starts `below_line` px under the reading line."""
    pg.evaluate("""([id, d]) => {
      const line = document.querySelector('.md-header').getBoundingClientRect().bottom
                 + document.getElementById('ed-bar').offsetHeight + 8;
      window.scrollBy(0, document.getElementById(id).getBoundingClientRect().top - line - d);
    }""", [anchor, below_line])
    settle(pg)
    pg.wait_for_timeout(50)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_switcher_keeps_the_paragraph_being_read(browser: Browser, base: str, device: str) -> None:
    pg, watch = open_page(browser, base, DEVICES[device])
    pg.goto(base + LONG + "#p3")  # the address names an older place than where the reader will be
    scroll_to(pg, "p8", -20)  # read down to ¶8 ...
    scroll_to(pg, "p6", -10)  # ... and back up a little
    reading = pg.evaluate(AT_LINE)
    assert reading == "p6"
    tw = pg.locator('.ed-switcher a[hreflang="zh-Hant-TW"]')
    assert tw.is_visible() and tw.get_attribute("lang") == "zh-Hant-TW"  # the bar is at hand where the reader is
    tw.click()
    pg.wait_for_url("**/zh-tw/" + LONG + "#p6")
    pg.wait_for_load_state("load")
    settle(pg)
    assert pg.locator("html").get_attribute("lang") == "zh-Hant-TW"
    assert pg.evaluate(AT_LINE) == "p6"
    pg.locator('.ed-switcher a[hreflang="zh-Hant-HK"]').click()
    pg.wait_for_url("**/zh-hk/" + LONG + "#p6")
    pg.wait_for_load_state("load")
    settle(pg)
    assert pg.evaluate(AT_LINE) == "p6"
    # Read on, then reload: the place read wins over the fragment in the address.
    scroll_to(pg, "p10", -5)
    pg.reload()
    pg.wait_for_load_state("load")
    settle(pg)
    assert pg.evaluate(AT_LINE) == "p10"
    for code in ("zh-Hans", "zh-Hant-TW", "zh-Hant-HK"):
        assert pg.locator(f'.ed-switcher a[hreflang="{code}"]').count() == 1
    watch.assert_clean()
    pg.context.close()


def test_switcher_on_the_glossary_keeps_the_entry(browser: Browser, base: str) -> None:
    pg, watch = open_page(browser, base, PHONE)
    pg.goto(base + "glossary/index.html")
    entries = pg.locator(".ed-entry[id]")
    target = entries.nth(12).get_attribute("id") or ""
    scroll_to(pg, target, -4)
    pg.locator('.ed-switcher a[hreflang="zh-Hant-TW"]').tap()
    pg.wait_for_url(f"**/zh-tw/glossary/index.html#{target}")
    pg.wait_for_load_state("load")
    settle(pg)
    top = pg.evaluate("""id => document.getElementById(id).getBoundingClientRect().top
                          - document.getElementById('ed-bar').getBoundingClientRect().bottom""", target)
    assert -40 < top < 40
    watch.assert_clean()
    pg.context.close()


def _inside(box: dict[str, float] | None, width: int, height: int) -> bool:
    return box is not None and box["x"] >= 0 and box["y"] >= 0 and \
        box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_sheet_near_the_bottom_of_a_phone_is_wholly_on_screen(browser: Browser, base: str, scheme: str) -> None:
    pg, watch = open_page(browser, base, PHONE, scheme)
    pg.goto(base + LEAD)
    term = pg.locator('a[data-annotation="term"][data-tip]').nth(6)
    term.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 6)")
    settle(pg)
    box = term.bounding_box()
    assert box is not None and box["y"] > 844 - 50  # the term sits at the foot of the screen
    term.tap()
    sheet = pg.locator("#ed-popover")
    sheet.wait_for(state="visible")
    assert "ed-sheet" in (sheet.get_attribute("class") or "")
    assert _inside(sheet.bounding_box(), 390, 844)
    assert pg.url.endswith(LEAD)  # the first tap explains, it does not navigate
    # The term is highlighted and still in sight above the sheet.
    assert "ed-active" in (term.get_attribute("class") or "")
    tbox, sbox = term.bounding_box(), sheet.bounding_box()
    assert tbox is not None and sbox is not None and tbox["y"] + tbox["height"] <= sbox["y"]
    assert sheet.locator(".ed-pop-pinyin").inner_text().strip()
    assert sheet.locator(".ed-pop-body").inner_text().strip()
    link = sheet.locator("a.ed-pop-link")
    assert "glossary/index.html#" in (link.get_attribute("href") or "")
    sheet.locator(".ed-pop-close").tap()
    sheet.wait_for(state="hidden")
    watch.assert_clean()
    pg.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desktop_popover_flips_above_a_term_near_the_bottom(browser: Browser, base: str, scheme: str) -> None:
    pg, watch = open_page(browser, base, DESKTOP, scheme)
    pg.goto(base + LEAD)
    term = pg.locator('a[data-annotation="term"][data-tip]').nth(10)
    term.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 10)")
    settle(pg)
    term.hover()
    pop = pg.locator("#ed-popover")
    pop.wait_for(state="visible")
    pbox, tbox = pop.bounding_box(), term.bounding_box()
    assert _inside(pbox, 1280, 900)
    assert pbox is not None and tbox is not None and pbox["y"] + pbox["height"] <= tbox["y"] + 1  # above the term
    # The same term high on the screen gets its popover below.
    term.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().top - 200)")
    pg.mouse.move(0, 0)
    pop.wait_for(state="hidden")
    term.hover()
    pop.wait_for(state="visible")
    pbox, tbox = pop.bounding_box(), term.bounding_box()
    assert pbox is not None and tbox is not None and pbox["y"] >= tbox["y"] + tbox["height"] - 1
    watch.assert_clean()
    pg.context.close()


def test_figure_explanation_has_labelled_fields(browser: Browser, base: str) -> None:
    pg, watch = open_page(browser, base, DESKTOP)
    pg.goto(base + LEAD)
    pg.locator('a[data-annotation="figure"][data-id="pinggu-bumen"]').focus()
    pop = pg.locator("#ed-popover")
    pop.wait_for(state="visible")
    assert pop.locator("dt").all_inner_texts() == ["衡量", "数值", "时期", "类型"]
    assert "2021年上半年" in pop.locator("dd").all_inner_texts()
    pg.goto(base + "zh-tw/" + LEAD)
    pg.locator('a[data-annotation="figure"][data-id="pinggu-bumen"]').focus()
    pop.wait_for(state="visible")
    assert pop.locator("dt").all_inner_texts() == ["衡量", "數值", "時期", "類型"]
    watch.assert_clean()
    pg.context.close()


def test_keyboard_reaches_the_link_and_returns_to_the_term(browser: Browser, base: str) -> None:
    pg, watch = open_page(browser, base, DESKTOP)
    pg.goto(base + LEAD)
    term = pg.locator('a[data-annotation="term"][data-id="chengshi-yunnao"]').first
    term.focus()
    pop = pg.locator("#ed-popover")
    pop.wait_for(state="visible")
    pg.keyboard.press("Tab")
    focused = pg.evaluate("() => [document.activeElement.classList.contains('ed-pop-link'), document.activeElement.getAttribute('href')]")
    assert focused[0] and focused[1].endswith("glossary/index.html#chengshi-yunnao")
    assert pop.is_visible()
    pg.keyboard.press("Escape")
    pop.wait_for(state="hidden")
    assert term.evaluate("el => el === document.activeElement")  # focus is back on the term
    # Closed, Tab goes on to what follows the term; back on the term, Tab enters its popover, then goes on.
    following = "t => !!(t.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)"
    pg.keyboard.press("Tab")
    assert term.evaluate(following)
    pg.keyboard.press("Shift+Tab")
    assert term.evaluate("el => el === document.activeElement")
    pop.wait_for(state="visible")
    pg.keyboard.press("Tab")
    assert pg.evaluate("() => document.activeElement.classList.contains('ed-pop-link')")
    pg.keyboard.press("Tab")
    assert pg.evaluate("() => !document.getElementById('ed-popover').contains(document.activeElement)")
    assert term.evaluate(following)
    watch.assert_clean()
    pg.context.close()


def test_marked_once_per_section_and_repeats_explained_on_tap(browser: Browser, base: str) -> None:
    pg, watch = open_page(browser, base, PHONE)
    pg.goto(base + LONG)
    per_section = pg.evaluate("""() => {
      const seen = new Map(); let section = 0, dup = 0, marks = 0;
      for (const el of document.querySelectorAll('.md-content h2, a.ed-mark')) {
        if (el.tagName === 'H2') { section++; continue; }
        const key = section + ' ' + el.dataset.annotation + ' ' + el.dataset.id;
        marks++; if (seen.has(key)) dup++; seen.set(key, 1);
      }
      return {dup, marks};
    }""")
    assert per_section["marks"] > 10 and per_section["dup"] == 0
    repeat = pg.locator('.ed-repeat[data-annotation="term"]').first
    assert repeat.evaluate("el => el.tabIndex") < 0  # not a Tab stop
    assert repeat.evaluate("el => getComputedStyle(el).borderBottomStyle") == "none"
    repeat.scroll_into_view_if_needed()
    repeat.tap()
    sheet = pg.locator("#ed-popover")
    sheet.wait_for(state="visible")
    assert sheet.locator(".ed-pop-body").inner_text().strip()
    assert "glossary/index.html#" in (sheet.locator("a.ed-pop-link").get_attribute("href") or "")
    watch.assert_clean()
    pg.context.close()


def test_legend_and_clean_text_preset(browser: Browser, base: str) -> None:
    pg, watch = open_page(browser, base, DESKTOP)
    pg.goto(base + LEAD)
    legend = pg.locator(".ed-legend")
    assert legend.is_visible() and legend.locator(".ed-legend-term").is_visible()
    clean = pg.locator("button.ed-clean")
    clean.click()
    assert clean.get_attribute("aria-pressed") == "true"
    assert pg.locator('a.ed-term').first.evaluate("el => getComputedStyle(el).borderBottomStyle") == "none"
    assert pg.locator(".ed-repair-btn").first.is_hidden()
    pg.reload()
    assert pg.locator("button.ed-clean").get_attribute("aria-pressed") == "true"
    pg.locator("button.ed-clean").click()
    assert pg.locator('input[data-kind="terms"]').is_checked()
    # Toggles only where they act: the glossary has no marks to hide.
    pg.goto(base + "glossary/index.html")
    assert pg.locator('#ed-labels input[data-kind="terms"]').is_hidden() and pg.locator("button.ed-clean").is_hidden()
    assert pg.locator(".ed-legend").is_hidden()
    assert pg.locator(".ed-switcher").is_visible()
    watch.assert_clean()
    pg.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_toggles_show_a_focus_ring(browser: Browser, server: str, scheme: str) -> None:
    pg, watch = open_page(browser, server, DESKTOP, scheme)
    pg.goto(server + LEAD)
    pg.locator('.ed-switcher a[hreflang="zh-Hant-HK"]').focus()
    rings = []
    for _ in range(4):  # the three toggles and the clean-text preset, reached with Tab
        pg.keyboard.press("Tab")
        rings.append(pg.evaluate("""() => {
          const el = document.activeElement, s = getComputedStyle(el);
          const name = el.dataset.kind || (el.classList.contains('ed-clean') ? 'ed-clean' : el.className);
          return [name, s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"""))
    assert [r[0] for r in rings] == ["terms", "figures", "repairs", "ed-clean"]
    for _, style, width, colour in rings:
        assert style == "solid" and width >= 2 and colour not in ("transparent", "rgba(0, 0, 0, 0)")
    watch.assert_clean()
    pg.context.close()


def test_print_hides_every_control(browser: Browser, base: str) -> None:
    pg, watch = open_page(browser, base, DESKTOP)
    pg.goto(base + LEAD)
    pg.locator('a[data-annotation="term"]').first.hover()
    pg.locator("#ed-popover").wait_for(state="visible")
    pg.emulate_media(media="print")
    pg.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    for selector in (".ed-bar", ".ed-toolbar", ".md-header", ".md-sidebar", "#ed-popover", ".ed-pilcrow",
                     ".ed-repair-btn", ".md-content__button"):
        assert pg.locator(selector).first.is_hidden(), selector
    assert pg.locator("a.ed-term").first.evaluate(
        "el => getComputedStyle(el).borderBottomStyle === 'none' && getComputedStyle(el).color === getComputedStyle(el.parentNode).color")
    assert pg.locator("h2").first.evaluate("el => getComputedStyle(el).breakAfter") == "avoid"
    footer = pg.locator(".ed-print-footer")
    assert footer.is_visible() and LEAD in footer.inner_text()
    # The article's glossary terms as numbered endnotes, each term marked with its number.
    notes = pg.locator(".ed-endnotes li")
    assert pg.locator(".ed-endnotes").is_visible() and notes.count() == pg.locator("a.ed-term[data-tip]").count() > 5
    assert "城市云脑" in pg.locator(".ed-endnotes").inner_text()
    assert pg.locator("a.ed-term[data-note='1']").evaluate("el => getComputedStyle(el, '::after').content") == '"1"'
    pg.emulate_media(media="screen")
    assert pg.locator(".ed-endnotes").is_hidden() and pg.locator(".ed-print-footer").is_hidden()
    watch.assert_clean()
    pg.context.close()


def test_pilcrow_and_repair_targets_on_touch(browser: Browser, base: str) -> None:
    pg, watch = open_page(browser, base, PHONE)
    pg.goto(base + LONG)
    pilcrow = pg.locator(".ed-pilcrow").nth(2)
    pilcrow.scroll_into_view_if_needed()
    assert float(pilcrow.evaluate("el => getComputedStyle(el).opacity")) >= 0.5
    box = pilcrow.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    repair = pg.locator(".ed-repair-btn").first
    repair.scroll_into_view_if_needed()
    box = repair.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    repair.tap()
    sheet = pg.locator("#ed-popover")
    sheet.wait_for(state="visible")
    assert _inside(sheet.bounding_box(), 390, 844)
    pilcrow.tap()
    pg.wait_for_url("**#p3")
    watch.assert_clean()
    pg.context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_chart_labels_readable_and_whole(browser: Browser, base: str, device: str) -> None:
    pg, watch = open_page(browser, base, DEVICES[device])
    pg.goto(base + "figures/index.html")
    labels = pg.locator(".ed-chart-label, .ed-chart-value")
    assert labels.count() >= 20
    sizes = labels.evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert min(sizes) >= 12
    texts = labels.evaluate_all("els => els.map(e => e.textContent)")
    assert not any("…" in t for t in texts)
    overflowing = labels.evaluate_all("els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length")
    assert overflowing == 0
    width = pg.evaluate("() => document.documentElement.clientWidth")
    assert pg.locator(".ed-chart").first.evaluate("el => el.getBoundingClientRect().right") <= width
    watch.assert_clean()
    pg.context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_short_table_cells_stay_on_one_line(browser: Browser, base: str, device: str) -> None:
    pg, watch = open_page(browser, base, DEVICES[device])
    for path, cells in (("figures/index.html", "table.ed-figures td:nth-child(1), table.ed-figures td:nth-child(3),"
                         " table.ed-figures td:nth-child(4), table.ed-figures th"),
                        ("about/index.html", "#repairs ~ table.ed-table td:nth-child(2)")):
        pg.goto(base + path)
        wrapped = pg.locator(cells).evaluate_all("""els => els.filter(td => {
          const r = document.createRange(); r.selectNodeContents(td);
          return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size > 1;
        }).map(td => td.textContent)""")
        assert pg.locator(cells).count() > 5
        assert wrapped == [], (path, wrapped[:5])
    watch.assert_clean()
    pg.context.close()


def test_landing_on_an_entry_or_a_row_is_highlighted(browser: Browser, base: str) -> None:
    pg, watch = open_page(browser, base, DESKTOP)
    pg.goto(base + "glossary/index.html#chengshi-yunnao")
    assert pg.locator("#chengshi-yunnao").evaluate("el => getComputedStyle(el).boxShadow") != "none"
    pg.goto(base + "figures/index.html#pinggu-bumen")
    row = pg.locator("tr#pinggu-bumen")
    assert row.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    # A back-link lands on a paragraph with a bar beside it, not a tinted block.
    pg.goto(base + LONG + "#p3")
    assert pg.locator("#p3").evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert pg.locator("#p3").evaluate("el => getComputedStyle(el).boxShadow") != "none"
    watch.assert_clean()
    pg.context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_back_link_shows_the_occurrence(browser: Browser, base: str, device: str) -> None:
    pg, watch = open_page(browser, base, DEVICES[device])
    pg.goto(base + "glossary/index.html#liu-wenxin")
    links = pg.locator("#liu-wenxin .ed-backlinks a")
    hrefs = links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert len(hrefs) == len(set(hrefs)) >= 2  # each paragraph once
    target = hrefs[1].rpartition("#")[2]
    links.nth(1).click()
    pg.wait_for_url(f"**/keji-jinbu/index.html#{target}")
    pg.wait_for_load_state("load")
    landed = pg.locator(f"#{target} .ed-landed")
    assert landed.count() >= 1
    assert all(a == "liu-wenxin" for a in landed.evaluate_all("els => els.map(e => e.dataset.id)"))
    box = landed.first.bounding_box()
    height = DEVICES[device]["viewport"]["height"]
    assert box is not None and box["y"] > 0 and box["y"] + box["height"] < height
    watch.assert_clean()
    pg.context.close()


def test_hidden_marks_stay_hidden_from_the_first_paint(browser: Browser, server: str) -> None:
    # The choice is applied by a line in the page's head, before the page script (blocked here) could run.
    context = browser.new_context(**DESKTOP)
    pg = context.new_page()
    pg.goto(server + LEAD)
    pg.evaluate("() => localStorage.setItem('ed-hide-terms', '1')")
    pg.route("**/assets/edition.js", lambda route: route.abort())
    pg.reload()
    assert "ed-hide-terms" in (pg.locator("html").get_attribute("class") or "")
    assert pg.locator("a.ed-term").first.evaluate("el => getComputedStyle(el).borderBottomStyle") == "none"
    assert pg.locator("a.ed-figure").first.evaluate("el => getComputedStyle(el).borderBottomStyle") == "solid"
    context.close()
