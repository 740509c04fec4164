"""safe_text.py: annotator text is escaped; only *emphasis* and http(s) links become markup."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from generator.core.safe_text import attr, heading, plain, rich, text


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize("value", ['<script>alert(1)</script>', '" onmouseover="x', "a & b", "`code` **b** _i_",
                                   "# 标题", "[x](javascript:alert(1))", "{{ jinja }}", "$x$ ~~del~~ ==mark=="])
def test_text_and_attr_leave_no_syntax_character(value: str) -> None:
    for escaped in (text(value), attr(value), heading(value)):
        assert not set(re.sub(r"&#\d+;", "", str(escaped))) & set("<>&\"'`*_[]()#{}$~=")
        assert parse(f'<p title="{escaped}">{escaped}</p>').p.get_text() == value
        assert parse(f'<p title="{escaped}"></p>').p["title"] == value


def test_emphasis_and_https_links_become_markup() -> None:
    html = str(rich("见*示例*与[说明](https://example.org/a?b=1&c=2)。"))
    soup = parse(html)
    assert soup.em.get_text() == "示例"
    assert soup.a["href"] == "https://example.org/a?b=1&c=2" and soup.a["rel"] == ["noopener"]
    assert soup.a.get_text() == "说明" and soup.get_text() == "见示例与说明。"


def test_emphasis_inside_link_text() -> None:
    soup = parse(str(rich("[*重点*说明](http://example.org)")))
    assert soup.a.em.get_text() == "重点"


@pytest.mark.parametrize("value", ["[点我](javascript:alert(1))", "[点我](JavaScript:alert(1))",
                                   "[点我](data:text/html,<script>x</script>)", "[点我](//evil.example)",
                                   "[点我](https://x.org\" onclick=\"a)", "[点我]( https://x.org)"])
def test_other_links_stay_text(value: str) -> None:
    soup = parse(str(rich(value)))
    assert soup.find("a") is None and soup.find("script") is None
    assert soup.get_text() == value


def test_markup_around_the_subset_is_still_escaped() -> None:
    soup = parse(str(rich("<b>粗</b>*<i>斜</i>*")))
    assert soup.find("b") is None and soup.find("i") is None
    assert soup.em.get_text() == "<i>斜</i>"


def test_plain_drops_the_markup_of_the_subset() -> None:
    assert plain("见*示例*与[说明](https://example.org)。") == "见示例与说明。"
