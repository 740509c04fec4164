"""查词 in a real Chromium: a tap or a click on any word shows its entry, online and offline."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.test_pinyin_browser import DESKTOP, PHONE, context_of  # noqa: F401  (fixtures)

# The page's content without the reading bar, whose links follow the reader's place as it changes.
TEXT_OF_PAGE = """() => { const c = document.querySelector('.md-content').cloneNode(true);
  c.querySelectorAll('.ed-toolbar, .ed-bar').forEach(e => e.remove()); return c.innerHTML; }"""

pytestmark = pytest.mark.browser

ARTICLE = "20210816/keji-jinbu/index.html"

# The middle of the first character of a word in a block, as a reader points at it (the
# word's characters may stand in text nodes of their own, under their readings).
POINT_AT = """([anchor, word]) => {
  const el = document.getElementById(anchor);
  const nodes = [];
  let text = "";
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (n.parentElement.closest("rt")) continue;
    nodes.push([n, text.length]);
    text += n.data;
  }
  const at = text.indexOf(word);
  if (at < 0) return null;
  const [node, start] = nodes.find(([n, s]) => s <= at && at < s + n.data.length);
  const r = document.createRange();
  r.setStart(node, at - start);
  r.setEnd(node, at - start + 1);
  node.parentElement.scrollIntoView({block: "center"});
  const b = r.getBoundingClientRect();
  return [b.left + b.width / 2, b.top + b.height / 2];
}"""



def turn_on(pg: Page, phone: bool) -> None:
    box = pg.locator(".ed-toolbar input[data-dict]")
    assert not box.is_checked()  # off by default
    box.tap() if phone else box.check()
    pg.wait_for_selector("[data-ed-dict]")


def point(pg: Page, anchor: str, char: str, phone: bool) -> str:
    at = pg.evaluate(POINT_AT, [anchor, char])
    assert at is not None, (anchor, char)
    if phone:
        pg.touchscreen.tap(at[0], at[1])
    else:
        pg.mouse.click(at[0], at[1])
    pop = pg.locator("#ed-dict-pop")
    pop.wait_for(state="visible")
    return pop.inner_text()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_word_shows_its_entry(context_of: Any, base: str, device: str) -> None:  # noqa: F811
    phone = device == "phone"
    pg, watch = context_of(PHONE if phone else DESKTOP)
    pg.goto(base + ARTICLE)
    turn_on(pg, phone)
    text = point(pg, "p2", "喷雾", phone)  # 喷雾器, the sprayer carried on the back
    assert text.startswith("喷雾器\npēn wù qì\n噴霧器") and "nebulizer" in text and "CC-CEDICT" in text
    text = point(pg, "p2", "背着", phone)
    assert "bēi zhe" in text and "carrying on one's back" in text
    assert pg.url.endswith(ARTICLE)
    watch.assert_clean()


def test_a_term_shows_the_glossary_first_and_does_not_navigate(context_of: Any, base: str) -> None:  # noqa: F811
    pg, watch = context_of(PHONE)
    pg.goto(base + ARTICLE)
    turn_on(pg, True)
    text = point(pg, "p2", "泊", True)  # inside the term 段泊岚镇, a link in reading mode
    lines = text.split("\n")
    assert lines[:3] == ["段泊岚镇", "duàn bó lán zhèn", "段泊嵐鎮"]
    assert next(x for x in lines[3:] if x).startswith("段泊岚镇：青岛市即墨区")  # the edition's definition first
    assert pg.url.endswith(ARTICLE) and pg.locator("#ed-popover").is_hidden()
    watch.assert_clean()


def test_traditional_edition_with_pinyin_on(context_of: Any, base: str) -> None:  # noqa: F811
    pg, watch = context_of(DESKTOP)
    pg.goto(base + "zh-hk/" + ARTICLE)
    pg.locator(".ed-toolbar input[data-pinyin]").check()
    pg.wait_for_selector("ruby.ed-py rt")
    turn_on(pg, False)
    text = point(pg, "p2", "噴霧", False)  # a character under its reading
    assert text.startswith("噴霧器\npēn wù qì\n喷雾器")
    lines = [x for x in point(pg, "p2", "嵐鎮", False).split("\n") if x]
    assert lines[:4] == ["段泊嵐鎮", "duàn bó lán zhèn", "段泊岚镇", lines[3]] and lines[3].startswith("段泊嵐鎮：青島市")
    watch.assert_clean()


def test_arrow_keys_go_from_word_to_word(context_of: Any, base: str) -> None:  # noqa: F811
    pg, watch = context_of(DESKTOP)
    pg.goto(base + ARTICLE)
    turn_on(pg, False)
    pop = pg.locator("#ed-dict-pop")
    pg.locator("#p2").focus()
    pg.keyboard.press("ArrowRight")
    assert pop.inner_text().startswith("当前\ndāng qián")
    pg.keyboard.press("ArrowRight")
    assert pop.inner_text().startswith("正是\nzhèng shì")
    pg.keyboard.press("ArrowLeft")
    assert pop.inner_text().startswith("当前")
    pg.keyboard.press("ArrowDown")  # the next block, its first word
    assert pg.evaluate("document.activeElement.id") == "p3"
    assert pop.is_visible()
    pg.keyboard.press("Escape")
    assert pop.is_hidden()
    # One Tab stop per block, not one per word.
    stops = pg.evaluate("document.querySelectorAll('.md-content [data-ed-dict][tabindex=\"0\"]').length")
    assert 0 < stops < 40
    watch.assert_clean()


def test_off_again_leaves_the_page_as_it_was(context_of: Any, base: str) -> None:  # noqa: F811
    pg, watch = context_of(DESKTOP)
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    pg.goto(base + ARTICLE)
    before = pg.evaluate(TEXT_OF_PAGE)
    pg.wait_for_timeout(200)
    assert not [u for u in requested if u.endswith("/dict.js")]  # nothing loads while 查词 is off
    turn_on(pg, False)
    point(pg, "p2", "喷雾", False)
    pg.reload()
    pg.wait_for_selector("[data-ed-dict]")  # remembered
    box = pg.locator(".ed-toolbar input[data-dict]")
    assert box.is_checked()
    box.uncheck()
    assert pg.locator("#ed-dict-pop").is_hidden()
    assert pg.evaluate(TEXT_OF_PAGE) == before
    pg.locator('a[data-annotation="term"]').first.hover()  # terms explain themselves again
    pg.locator("#ed-popover").wait_for(state="visible")
    watch.assert_clean()
