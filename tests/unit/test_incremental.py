"""A process that runs the core again after each save (`edition serve`) keeps what the last
run parsed, converted and rendered, and reuses what did not change. Each edit an annotator
makes must show on every page it touches: after each edit below, the pages rendered with
everything remembered are compared with the pages of a process that remembers nothing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import convert, pipeline
from generator.core import assemble, load
from generator.render import pages
from generator.render.site import render_variant
from tests.conftest import FIXTURE

Edit = Callable[[str], str]


def _rendered(root: Path) -> dict[tuple[str, str], str]:
    pipeline._CACHE.clear()
    result = pipeline.run(root)
    return {(v, p.path): p.markdown for v in ("zh-Hans", "zh-Hant-TW", "zh-Hant-HK")
            for p in render_variant(result, v).pages}


def _forget() -> None:
    load._parsed.cache_clear()
    pages._RENDERED.clear()
    convert._conversions.cache_clear()
    assemble._uses_gloss.cache_clear()


def _replace(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return edit


EDITS: list[tuple[str, Edit, str]] = [
    # (file, edit, a page that must change)
    ("glossary.yml", _replace("涵盖政务服务、城市治理", "涵盖政务服务、市政治理"), "glossary/index.md"),
    ("glossary.yml", _replace("english: City Brain", "english: Urban Brain"), "glossary/index.md"),
    ("glossary.yml", _replace("category: 机构与平台\n", "category: 城市治理\n"), "glossary/index.md"),
    ("glossary.yml", _replace("term: 数字青岛\n", "term: 数字青岛\n    aliases: [数字岛城]\n"), "glossary/index.md"),
    ("20210816/translation.yml", _replace("Qingdao speeds up the digital transformation of the city",
                                          "Qingdao speeds up the city's digital transformation"), "shuzi-qingdao"),
    ("20210816/translation.yml", _replace("translator: 本版编辑", "translator: 本版的编辑"), "about/index.md"),
    ("edition.yml", _replace("title: 数字青岛 · 青岛日报注释版", "title: 数字青岛 · 注释版"), "index.md"),
    ("edition.yml", _replace("附词条、数字、繁体版本与修复记录", "附词条与修复记录"), "about/index.md"),
    ("20210816/figures.yml", _replace("measures: 数字青岛2021年行动方案执行进度", "measures: 行动方案的执行进度"),
     "figures/index.md"),
    ("variants.yml", _replace("上海幹什麼\n    zh-Hant-HK: 上海幹什麼", "上海幹什麼\n    zh-Hant-HK: 上海做什麼"),
     "shanghai-shixun"),
    ("variants.yml", _replace("reason: “干什么”意为做什么", "reason: “干什么”即做什么"), "about/index.md"),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    return tmp_path


def test_each_edit_shows_where_it_should_and_nothing_is_stale(root: Path) -> None:
    _forget()
    before = _rendered(root)
    for name, edit, touched in EDITS:
        path = root / "data" / name
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        remembered = _rendered(root)
        _forget()
        fresh = _rendered(root)
        assert remembered == fresh, f"after editing {name}, a page kept what it showed before"
        changed = {p for (v, p), md in fresh.items() if before.get((v, p)) != md}
        assert any(touched in p for p in changed), f"editing {name} changed nothing on {touched}"
        before = fresh


def test_an_unchanged_page_is_not_rendered_again(root: Path) -> None:
    _forget()
    _rendered(root)
    held = dict(pages._RENDERED.slots)
    _rendered(root)
    assert held and all(pages._RENDERED.slots[slot][1] is markdown for slot, (_, markdown) in held.items())


def test_a_broken_file_is_reported_again_at_every_run(root: Path) -> None:
    _forget()
    (root / "data/glossary.yml").write_text(
        (root / "data/glossary.yml").read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    for _ in range(2):
        pipeline._CACHE.clear()
        with pytest.raises(Exception) as err:
            pipeline.run(root)
        assert "glossary.yml" in str(err.value) and "Y001" in str(err.value)
