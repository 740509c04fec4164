"""Glossary definitions that state facts from outside the page must name a source (G003).

The check is a heuristic, deliberately simple so that an annotator can predict it. In a
definition it looks for three kinds of outside fact and warns when the entry has no
`sources` and the page's text does not contain:

- a date written with month and day or year and month (8月16日, 2021年7月): the whole date;
- a number in Arabic digits (a year such as 1986, a count, 666.7): the same number;
- an issuer-like name, an institutional word (国务院, 中共中央, …委员会, …部, …委, …局, …院,
  …全会) with the character before it (信息化部 → 化部, 烟草总公司 → 草总公司): that pair.
  Companies (…集团) are not issuers of documents and are left to review.
  Common words that end the same way (全部, 干部, 布局, 医院, 党委, 该局, …) and 部门, 委员, 局长,
  院校 are not names.

The page's text is every block of every page, plus each page's date (2021年8月16日), which the
masthead prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.core.diagnostics import Diagnostics, Location
from generator.core.document import Edition
from generator.core.models import Term

DATE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
ISSUER = re.compile(
    r"[\u4e00-\u9fff]?(?:国务院|中共中央|委员会|办公厅|总公司|代表大会|全会"
    r"|部(?![门分位件长署])|委(?![托员])|局(?![长面势])|厅|署(?![名理])|院(?![长士校]))"
)
NOT_NAMES = frozenset({
    "全部", "内部", "外部", "局部", "干部", "总部", "东部", "西部", "南部", "北部", "中部", "大部", "一部",
    "布局", "格局", "结局", "当局", "开局", "医院", "学院", "剧院", "影院", "书院", "庭院", "住院",
    "大厅", "客厅", "餐厅", "展厅", "签署", "部署", "底部", "顶部", "头部", "党委",
    "该局", "本局", "该部", "本部", "该院", "本院", "该委",
})


def outside_facts(definition: str, page_text: str, page_numbers: frozenset[str]) -> list[str]:
    """The dates, numbers and issuer-like names of a definition that the page does not contain.
    A link's address is not a statement: `[text](https://…)` is judged by its text only."""
    definition = re.sub(r"\]\((https?://[^)\s]*)\)", "]", definition)
    found: list[str] = []
    for m in DATE.finditer(definition):
        if m.group() not in page_text:
            found.append(m.group())
    rest = DATE.sub(" ", definition)  # a date's digits are judged with the date
    for m in NUMBER.finditer(rest):
        if m.group() not in page_numbers:
            found.append(m.group())
    for m in ISSUER.finditer(definition):
        if m.group() in NOT_NAMES or m.group() in page_text:
            continue
        found.append(definition[max(0, m.start() - 4):m.end()])  # a little context to find it by
    return list(dict.fromkeys(found))


def page_text(edition: Edition) -> str:
    dates = []
    for p in edition.pages:
        year, month, day = (int(x) for x in p.ref.date.split("-"))
        dates.append(f"{year}年{month}月{day}日")
    return "\n".join([*dates, *(b.text for p in edition.pages for a in p.articles for b in a.blocks)])


def unsourced(terms: Iterable[Term], text: str) -> Iterable[tuple[Term, list[str]]]:
    numbers = frozenset(NUMBER.findall(text))
    for t in terms:
        if t.sources:
            continue
        facts = outside_facts(t.definition, text, numbers)
        if facts:
            yield t, facts


def check_sources(edition: Edition, diags: Diagnostics) -> None:
    """G003 for each entry whose definition states a fact not on the page and names no source."""
    for term, facts in unsourced(edition.terms, page_text(edition)):
        path, line = edition.locations.get(("term", term.id), ("data/glossary.yml", 1))
        diags.add(Location(path, line, 5), "G003", detail=term.id, facts="、".join(facts))
