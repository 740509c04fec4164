"""The English parallel text: anchored to the blocks, consistent with the glossary, shown on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.tools.cli import main
from tests.test_browser import ARTICLE

TRANSLATION = "data/20210816/translation.yml"


def check(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(repo), "check"])
    return code, capsys.readouterr().out


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / TRANSLATION
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_block_is_translated_and_consistent(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(repo, capsys)
    assert code == 0 and "T00" not in out and "55 translated blocks" in out


def test_a_changed_structure_orphans_its_translation(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "    block: p1\n    start: 全面推进数字化", "    block: p1\n    start: 全面推进数码化")
    code, out = check(repo, capsys)
    assert code == 1 and "T001 translation of `shuzi-qingdao#p1`: the block starts “全面推进数字化转型是城…”, not “全面推进数码化”" in out


def test_a_missing_translation_and_an_unexplained_gloss_are_reported(repo: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    text = (repo / TRANSLATION).read_text(encoding="utf-8")
    entry = text.index("  - article: shuzi-qingdao\n    block: kicker-2\n")
    end = text.index("  - article:", entry + 10)
    (repo / TRANSLATION).write_text(text[:entry] + text[end:], encoding="utf-8")
    edit(repo, "Glossary: the gloss of 小康", "The gloss of 小康")
    code, out = check(repo, capsys)
    assert code == 0
    assert "T002 warning: block `shuzi-qingdao#kicker-2` has no English translation" in out
    assert ("T003 warning: the English of `keji-jinbu#kicker-1` does not use the glossary's "
            "`building a moderately prosperous society in all respects` for 全面建成小康社会") in out


@pytest.mark.browser
@pytest.mark.parametrize("phone", [False, True])
def test_the_english_control_shows_the_translation(built: Path, browser: Browser, phone: bool, tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(built / "dist/qingdao-edition-offline.zip") as zf:
        zf.extractall(tmp_path)
    for base in ((built / "site").as_uri() + "/", (tmp_path / "qingdao-edition-offline").as_uri() + "/"):
        ctx = browser.new_context(viewport={"width": 390, "height": 844} if phone else {"width": 1400, "height": 900},
                                  has_touch=phone, is_mobile=phone)
        page = ctx.new_page()
        page.goto(base + "zh-tw/" + ARTICLE)
        english = page.locator(".ed-en")
        assert english.count() == page.locator(".ed-block, .md-typeset h1[id], .md-typeset h2[id]").count()
        assert not english.first.is_visible()
        toggle = page.locator(".ed-toolbar button.ed-en-toggle")
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.tap() if phone else toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        p3 = page.locator(".ed-en[data-for=p3]")
        assert p3.is_visible() and p3.get_attribute("lang") == "en"
        block, en = page.locator("#p3").bounding_box(), p3.bounding_box()
        assert block and en
        if phone:
            assert en["y"] >= block["y"] + block["height"] - 1  # after the paragraph
        else:
            assert en["x"] > block["x"] + block["width"] - 1 and abs(en["y"] - block["y"]) < 40  # beside it
        page.reload()
        assert page.locator(".ed-en[data-for=p3]").is_visible()  # remembered
        ctx.close()
