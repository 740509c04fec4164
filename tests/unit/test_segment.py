"""segment.py: blocks cut from the verbatim source, and the repairs that join, split and emend."""

from __future__ import annotations

from generator.core.quotes import occurrences as find_all
from generator.core.segment import context, line_of, nearest

from .edition import split

SOURCE = "\n# 城市云脑赋能基层治理\n\n本报讯 城市云脑已接入12个部门。干部们说：好用。\n\n目前平台已上线3个场\n景。\n"


def texts(source: str, structure_yml: str) -> list[str]:
    raw, diags = split(source, structure_yml)
    assert not diags.items, diags.report()
    return [b.text for a in raw for b in a.blocks]


def codes(source: str, structure_yml: str) -> list[str]:
    return [d.code for d in split(source, structure_yml)[1].sorted()]


JOINED = """
articles:
  - id: a
    summary: s
    blocks:
      - headline: 城市云脑赋能
      - paragraph: 本报讯
      - paragraph: 目前平台
repairs:
  - id: join-changjing
    kind: join
    before: 已上线3个场
    after: 景。
    reason: 版面换行。
"""


def test_blocks_run_to_the_next_block_without_the_layout_between() -> None:
    raw, diags = split(SOURCE, JOINED)
    assert not diags.items
    [article] = raw
    assert [b.model.type for b in article.blocks] == ["headline", "paragraph", "paragraph"]
    assert [b.text for b in article.blocks] == [
        "城市云脑赋能基层治理", "本报讯 城市云脑已接入12个部门。干部们说：好用。", "目前平台已上线3个场景。"]
    assert [b.line for b in article.blocks] == [2, 4, 6]
    assert SOURCE[article.blocks[1].start:].startswith("本报讯")


def test_a_join_removes_the_break_and_is_recorded_where_it_stands() -> None:
    raw, _ = split(SOURCE, JOINED)
    block = raw[0].blocks[2]
    [edit] = block.edits
    assert edit.repair.id == "join-changjing"
    assert block.text[:edit.offset] == "目前平台已上线3个场" and edit.inserted == ""


def test_a_break_without_a_join_is_an_error() -> None:
    assert codes(SOURCE, JOINED.split("repairs:")[0]) == ["S002"]


def test_a_join_where_there_is_no_break_is_an_error() -> None:
    wrong = JOINED.replace("before: 已上线3个场\n    after: 景。", "before: 城市云脑已\n    after: 接入")
    assert codes(SOURCE, wrong) == ["S002", "S004"]  # not located, so not reported unused as well


SPLIT = """
articles:
  - id: a
    summary: s
    blocks:
      - headline: 城市云脑赋能
      - paragraph: 本报讯
      - paragraph: 干部们说
      - paragraph: 目前平台
repairs:
  - id: split-ganbu
    kind: split
    before: 个部门。
    after: 干部们说
    reason: 引语另起一段。
  - id: join-changjing
    kind: join
    before: 已上线3个场
    after: 景。
    reason: 版面换行。
"""


def test_a_split_starts_a_block_inside_a_source_line() -> None:
    raw, diags = split(SOURCE, SPLIT)
    assert not diags.items, diags.report()
    blocks = raw[0].blocks[1:]
    assert [b.text for b in blocks[:2]] == ["本报讯 城市云脑已接入12个部门。", "干部们说：好用。"]
    assert blocks[1].split is not None and blocks[1].split.id == "split-ganbu"
    assert blocks[0].split is None


def test_a_block_inside_a_line_needs_a_split() -> None:
    without = SPLIT.replace("  - id: split-ganbu\n    kind: split\n    before: 个部门。\n    after: 干部们说\n"
                            "    reason: 引语另起一段。\n", "")
    assert codes(SOURCE, without) == ["S003"]


def test_a_split_no_block_uses_is_an_error() -> None:
    unused = SPLIT.replace("      - paragraph: 干部们说\n", "")
    assert codes(SOURCE, unused) == ["S005"]


def test_an_emend_inserts_text_and_says_where() -> None:
    emend = JOINED + """  - id: emend-de
    kind: emend
    before: 已接入12个
    after: 部门
    insert: 委办
    reason: 漏字。
"""
    raw, diags = split(SOURCE, emend)
    assert not diags.items, diags.report()
    block = raw[0].blocks[1]
    assert block.text == "本报讯 城市云脑已接入12个委办部门。干部们说：好用。"
    [edit] = block.edits
    assert (edit.offset, edit.inserted) == (block.text.index("委办"), "委办")


def test_an_emend_without_insert_is_an_error() -> None:
    emend = JOINED + "  - id: emend-x\n    kind: emend\n    before: 已接入\n    reason: 漏字。\n"
    assert codes(SOURCE, emend) == ["S004"]


def test_text_before_the_first_block_is_an_error() -> None:
    assert codes("版面说明\n" + SOURCE, JOINED) == ["S001"]


def test_blocks_out_of_order_are_an_error() -> None:
    swapped = JOINED.replace("      - paragraph: 本报讯\n      - paragraph: 目前平台\n",
                             "      - paragraph: 目前平台\n      - paragraph: 本报讯\n")
    assert codes(SOURCE, swapped) == ["S006"]


def test_a_block_start_must_be_found_once() -> None:
    missing = JOINED.replace("paragraph: 本报讯", "paragraph: 本报电")
    twice = JOINED.replace("paragraph: 目前平台", "paragraph: 城市云脑")
    assert codes(SOURCE, missing) == ["A001"]
    assert codes(SOURCE, twice) == ["A002"]


def test_find_all_finds_overlapping_hits_within_bounds() -> None:
    assert find_all("aaaa", "aa") == [0, 1, 2]
    assert find_all("aaaa", "aa", 1, 3) == [1]


def test_nearest_marks_the_character_that_differs() -> None:
    found = nearest("干部们说：好用。", "干部们说:好用")
    assert "“干部们说：好用”" in found and "［：≠:］" in found
    assert nearest("完全无关的文字", "城市云脑") == ""


def test_context_and_line_of() -> None:
    text = "第一行\n第二行的词语在这里"
    at = text.index("词语")
    assert context(text, at, 2, width=3) == "…二行的[词语]在这里…"
    assert line_of(text, at) == 2
