"""拼音 in a real Chromium: the ruby a reader sees, online and from the offline bundle."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browsing import Watch
from tests.conftest import FIXTURE
from tests.test_browser import AXE

# The page's content without the reading bar, whose links follow the reader's place as it changes.
TEXT_OF_PAGE = """() => { const c = document.querySelector('.md-content').cloneNode(true);
  c.querySelectorAll('.ed-toolbar, .ed-bar').forEach(e => e.remove()); return c.innerHTML; }"""

pytestmark = pytest.mark.browser

ARTICLES = ["shuzi-qingdao", "pingan-yancao", "qingting-shangliang", "shanghai-shixun", "keji-jinbu"]
EDITIONS = ["", "zh-tw/", "zh-hk/"]
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")

# Each block as the reader sees it with 拼音 on: its text without the readings, and, for each
# Chinese character, the character and the reading shown over it.
READ_BLOCKS = """() => {
  const skip = ".ed-ui, .headerlink, button, rt";
  return Object.keys(window.__edPinyin).map(anchor => {
    const el = document.getElementById(anchor);
    let text = "";
    const chars = [];
    const walk = node => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) { text += child.data; continue; }
        if (child.nodeType !== 1 || child.matches(skip)) continue;
        if (child.matches("ruby.ed-py")) {
          chars.push([text.length, child.firstChild.data, child.querySelector("rt").textContent]);
          text += child.firstChild.data;
          continue;
        }
        walk(child);
      }
    };
    walk(el);
    return {anchor, text, chars, mismatch: el.getAttribute("data-py-mismatch")};
  });
}"""


@pytest.fixture

def context_of(browser: Browser, base: str) -> Iterator[Any]:
    made = []

    def make(device: dict[str, Any], **extra: Any) -> tuple[Page, Watch]:
        ctx = browser.new_context(offline=base.startswith("file:"), **device, **extra)
        made.append(ctx)
        pg = ctx.new_page()
        return pg, Watch(pg, base)

    yield make
    for ctx in made:
        ctx.close()


def turn_on(pg: Page, phone: bool) -> None:
    box = pg.locator(".ed-toolbar input[data-pinyin]")
    assert not box.is_checked()  # off by default
    if phone:
        box.tap()
    else:
        box.check()
    pg.wait_for_selector("ruby.ed-py rt")


def reviewed(article: str) -> list[str]:
    record = (FIXTURE / "data/pinyin-reviewed.txt").read_text(encoding="utf-8").splitlines()
    return [x.rsplit(" [", 1)[0] for x in record if x.startswith(article + " ")]


@pytest.mark.parametrize(("article", "device"), [(a, "desktop") for a in ARTICLES]
                         + [("shuzi-qingdao", "phone"), ("keji-jinbu", "phone")])
def test_every_character_has_its_reviewed_reading(context_of: Any, base: str, article: str, device: str) -> None:
    pg, watch = context_of(PHONE if device == "phone" else DESKTOP)
    pg.goto(base + f"20210816/{article}/index.html")
    turn_on(pg, device == "phone")
    blocks = pg.evaluate(READ_BLOCKS)
    assert blocks and all(b["mismatch"] is None for b in blocks)
    shown = set()
    for b in blocks:
        han = [c for c in b["text"] if "\u3400" <= c <= "\u9fff"]
        assert len(han) == len(b["chars"]), b["anchor"]  # every Chinese character has its ruby
        for at, ch, reading in b["chars"]:
            shown.add(f"{article} {b['anchor']} {ch} {reading} …{b['text'][max(0, at - 6): at + 7]}…")
    missing = [x for x in reviewed(article) if x not in shown]
    assert missing == []  # every polyphonic occurrence reads as the committed review says
    watch.assert_clean()


@pytest.mark.parametrize("edition", ["zh-tw/", "zh-hk/"])
def test_traditional_editions_show_the_same_readings(context_of: Any, base: str, edition: str) -> None:
    pg, watch = context_of(DESKTOP)
    pg.goto(base + "20210816/keji-jinbu/index.html")
    turn_on(pg, False)
    simplified = pg.evaluate(READ_BLOCKS)
    pg.goto(base + edition + "20210816/keji-jinbu/index.html")
    pg.wait_for_selector("ruby.ed-py rt")  # remembered: on at once in the other edition
    traditional = pg.evaluate(READ_BLOCKS)
    assert [[r for _, _, r in b["chars"]] for b in traditional] == [[r for _, _, r in b["chars"]] for b in simplified]
    at = next(b for b in traditional if b["anchor"] == "p2")
    town = at["text"].index("段泊嵐鎮")
    assert [r for pos, _, r in at["chars"] if town <= pos < town + 4] == ["duàn", "bó", "lán", "zhèn"]
    watch.assert_clean()


def test_off_restores_the_text_and_the_choice_is_remembered(context_of: Any, base: str) -> None:
    pg, watch = context_of(PHONE)
    pg.goto(base + "20210816/shuzi-qingdao/index.html")
    before = pg.evaluate(TEXT_OF_PAGE)
    turn_on(pg, True)
    assert TONED.search(pg.locator("#p1").inner_text())  # the readings are shown
    pg.reload()
    pg.wait_for_selector("ruby.ed-py rt")
    assert pg.locator(".ed-toolbar input[data-pinyin]").is_checked()
    pg.locator(".ed-toolbar input[data-pinyin]").tap()
    assert pg.locator("ruby").count() == 0
    assert pg.evaluate(TEXT_OF_PAGE) == before  # the page exactly as it was
    pg.reload()
    pg.wait_for_timeout(300)
    assert pg.locator("ruby").count() == 0 and not pg.locator(".ed-toolbar input[data-pinyin]").is_checked()
    watch.assert_clean()


def test_copy_with_pinyin_shown_gives_the_chinese_only(context_of: Any, base: str) -> None:
    pg, watch = context_of(DESKTOP)
    pg.goto(base + "20210816/keji-jinbu/index.html")
    plain = pg.locator("#p2").inner_text()
    turn_on(pg, False)
    pg.evaluate("""() => {
      window.__copied = null;
      window.addEventListener("copy", e => { window.__copied = e.clipboardData.getData("text/plain"); });
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("p2"));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }""")
    pg.keyboard.press("Control+C")
    copied = pg.wait_for_function("window.__copied").json_value()
    assert "段泊岚镇" in copied and "人工背着喷雾器" in copied
    assert not TONED.search(copied)
    assert copied.strip() == plain.strip()
    watch.assert_clean()


def test_popovers_pilcrows_and_search_work_with_pinyin_on(context_of: Any, base: str) -> None:
    pg, watch = context_of(DESKTOP)
    pg.goto(base + "20210816/shuzi-qingdao/index.html")
    turn_on(pg, False)
    term = pg.locator('a[data-annotation="term"][data-id="chengshi-yunnao"]').first
    assert term.locator("ruby").count() == 4  # the term's own characters carry their readings
    term.hover()
    pg.locator("#ed-popover").wait_for(state="visible")
    assert "城市云脑" in pg.locator("#ed-popover").inner_text()
    pg.mouse.move(0, 0)
    pg.locator("#p3 a.ed-pilcrow").click()
    assert pg.url.endswith("#p3") and pg.locator("#p3 a.ed-pilcrow").inner_text() == "¶3"
    pg.wait_for_function("window.__edSearchEngine")  # the search's bootstrap
    pg.locator("input.md-search__input").click()
    pg.locator("input.md-search__input").fill("无人机")
    pg.locator("input.md-search__input").press("End")
    hit = pg.locator(".md-search-result__item a[href*='20210816/keji-jinbu/']").first
    hit.wait_for(state="attached", timeout=15000)
    pg.goto(hit.get_attribute("href") or "")  # the result's page, with the query to highlight
    pg.wait_for_url("**/keji-jinbu/**")
    pg.wait_for_selector("ruby.ed-py rt")
    assert pg.locator("#p3 ruby").count() > 50
    assert pg.locator(".md-content mark").count() > 0  # the searched word highlighted, under its readings
    watch.assert_clean()


def test_print_keeps_the_readings_and_the_text(context_of: Any, base: str) -> None:
    pg, watch = context_of(DESKTOP)
    pg.goto(base + "20210816/keji-jinbu/index.html")
    turn_on(pg, False)
    pg.emulate_media(media="print")
    assert pg.locator("#p2 rt").first.is_visible()
    assert "段泊岚镇" in pg.locator("#p2").evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('rt').forEach(r => r.remove()); return c.textContent; }")
    watch.assert_clean()


def test_no_reading_ships_or_loads_while_pinyin_is_off(context_of: Any, base: str, built: Path) -> None:
    pg, watch = context_of(DESKTOP)
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    pg.goto(base + "20210816/shuzi-qingdao/index.html")
    pg.wait_for_load_state("load")
    pg.wait_for_timeout(300)
    assert not [u for u in requested if u.endswith("/pinyin.js")]
    assert pg.locator("ruby").count() == 0
    site = built / "site"
    html = (site / "20210816/shuzi-qingdao/index.html").read_text(encoding="utf-8")
    assert "<ruby" not in html and "<rt" not in html and "__edPinyin" not in html
    # What an article's HTML gains with 拼音 off: the toggle and a script tag, nothing per character.
    added = len('<label><input type="checkbox" data-pinyin> 拼音</label>'.encode()) + len(
        '<script src="../../assets/edition-pinyin.js"></script>')
    for article in ARTICLES:
        size = (site / f"20210816/{article}/index.html").stat().st_size
        assert added < 0.15 * (size - added), article
    # The script, shared by every page and cached, is a small transfer as a static host serves it.
    assert len(gzip.compress((site / "assets/edition-pinyin.js").read_bytes())) < 4096
    watch.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_pinyin_and_dictionary_on(browser: Browser, server: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    pg = context.new_page()
    pg.goto(server + "20210816/keji-jinbu/index.html")
    turn_on(pg, False)
    pg.locator(".ed-toolbar input[data-dict]").check()  # 查词 too, with an entry open
    pg.wait_for_selector("[data-ed-dict]")
    pg.locator("#p2").focus()
    pg.keyboard.press("ArrowRight")
    pg.locator("#ed-dict-pop").wait_for(state="visible")
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                         ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    context.close()
    assert result == []
