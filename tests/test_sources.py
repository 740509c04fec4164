"""Sources, figure qualifiers and ranges, and G003 (a definition beyond the page without a source)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.core.models import Figure, Source
from generator.core.numbers import describe_figure, normalised
from generator.core.sources import NUMBER, outside_facts
from generator.render import site
from tests.test_check import FIGURES, GLOSSARY, assert_reported, edit, line_of, run_check

PAGE = "本报2021年8月16日讯 第1次会议，市委常委、政法委书记到企业调研，部门干部参加。1999年买进两台收割机，8万元。"
NUMBERS = frozenset(NUMBER.findall(PAGE))


def figure(**fields: object) -> Figure:
    base: dict[str, object] = {"id": "f", "article": "a", "quote": "x", "measures": "无人机", "period": "2021年",
                               "kind": "result", "category": "农业"}
    return Figure.model_validate(base | fields)


def test_range_at_most_and_inferred_are_described() -> None:
    assert normalised(figure(value=30, value_max=40, unit="台")) == "30–40 台"
    assert normalised(figure(value=20, unit="亩", qualifier="at_most")) == "最多20 亩"
    assert describe_figure(figure(value=32.6, unit="%", kind="share", inferred=True)) \
        == "无人机｜32.6%｜2021年｜占比/比率｜编者推断"
    assert describe_figure(figure(value=600, unit="公里/小时")) == "无人机｜600 公里/小时｜2021年｜实绩"


@pytest.mark.parametrize("fields", [
    {"value_max": 40},                                      # an upper end without a lower one
    {"value": 40, "value_max": 30},                         # upside down
    {"value": 30, "value_max": 40, "qualifier": "at_most"},  # "at most 30–40" says nothing
])
def test_bad_ranges_are_rejected(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        figure(**fields)


def test_source_is_a_document_by_title_issuer_and_date() -> None:
    s = Source(title="中国共产党政法工作条例", issuer="中共中央", date="2019-01")
    assert s.citation == "《中国共产党政法工作条例》（中共中央，2019年1月）"
    assert Source(title="现代汉语词典", issuer="商务印书馆", date="2016", locator="“亩”条").citation \
        == "《现代汉语词典》（商务印书馆，2016年，“亩”条）"
    with pytest.raises(ValidationError):
        Source(title="某文件")  # neither who issued it nor where to read it
    with pytest.raises(ValidationError):
        Source(title="某文件", issuer="国务院", date="2019年")


@pytest.mark.parametrize(("definition", "expected"), [
    ("1961年提出的方针。", ["1961"]),                          # a year not on the page
    ("2021年7月1日宣布。", ["2021年7月1日"]),                  # a date, judged whole
    ("据本文（2021年8月16日），任市委常委。", []),              # the page's own date and words
    ("1亩约合666.7平方米。", ["666.7"]),
    ("工业和信息化部印发的计划。", ["业和信息化部"]),  # the name with up to four characters before it
    ("隶属中国烟草总公司。", ["属中国烟草总公司"]),
    ("海尔集团推出的平台。", []),                               # a company is not an issuer
    ("经国务院批准实施。", ["经国务院"]),
    ("由有关部门抽调干部组成，全部上线，统筹布局。", []),        # 部门, 干部, 全部, 布局 are not issuers
    ("由党委统筹，该局负责，高等院校参加。", []),
    ("政法委负责，1999年起价格为8万元；本版署名为记者。", []),
])
def test_outside_facts(definition: str, expected: list[str]) -> None:
    assert outside_facts(definition, PAGE, NUMBERS) == expected


def test_check_warns_for_an_unsourced_fact_and_not_once_it_is_sourced(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, GLOSSARY, "文中列出了其下一步的建设任务。\n", "文中列出了其下一步的建设任务。工业和信息化部2017年提出。\n")
    code, out = run_check(repo, capsys)
    assert code == 0  # a warning does not stop the build
    assert_reported(out, GLOSSARY, "G003", line_of(repo, GLOSSARY, "  - id: chengshi-yunnao"))
    assert "term `chengshi-yunnao` states what the page does not (2017、业和信息化部)" in out
    edit(repo, GLOSSARY, "    english: City Brain\n",
         "    english: City Brain\n    sources:\n      - title: 某行动计划\n        issuer: 工业和信息化部\n"
         "        date: \"2017\"\n")
    code, out = run_check(repo, capsys)
    assert code == 0, out
    assert "chengshi-yunnao` states" not in out


def test_source_without_issuer_or_url_is_rejected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, GLOSSARY, "    english: City Brain\n", "    english: City Brain\n    sources:\n      - title: 某文件\n")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, GLOSSARY, "V004")


def test_range_with_at_most_is_reported_at_its_figure(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, FIGURES, "    value: 30\n    unit: 台\n    qualifier: at_least\n",
         "    value: 30\n    value_max: 40\n    unit: 台\n    qualifier: at_most\n")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, FIGURES, "V004")
    assert "takes no qualifier `at_most`" in out


def test_glossary_shows_a_source_without_a_link(repo: Path) -> None:
    edit(repo, GLOSSARY, "    english: City Brain\n",
         "    english: City Brain\n    sources:\n      - title: 现代汉语词典\n        issuer: 商务印书馆\n"
         "        date: \"2016\"\n      - title: 某网页\n        url: https://example.org/a\n")
    page = next(p for p in site.generate(repo, "zh-Hans").pages if p.path.startswith("glossary/"))
    assert "来源：《现代汉语词典》（商务印书馆，2016年）；" in page.markdown
    assert '<a href="https://example.org/a" rel="noopener">《某网页》</a>' in page.markdown
