"""anchor.py: a quote resolves to one place of an article's reading text, or says why not."""

from __future__ import annotations

from pathlib import Path

from generator.core.anchor import PageText, Request, Span, match_terms, term_automaton, term_forms
from generator.core.diagnostics import Diagnostics, Location
from generator.core.models import Quote, Term

from .edition import make_edition, page_text

SOURCE = ("\n# 城市云脑赋能基层治理\n\n本报讯 城市云脑已接入12个部门。干部们说：好用。\n\n"
          "# 平台上线新场景\n\n目前平台已上线3个场景。云脑平台很好用。\n")
TWO_ARTICLES = """
articles:
  - id: yunnao
    summary: s
    blocks:
      - headline: 城市云脑赋能
      - paragraph: 本报讯
  - id: pingtai
    summary: s
    blocks:
      - headline: 平台上线
      - paragraph: 目前平台
"""
WHERE = Location("data/p1/notes.yml", 7, 12)


def resolve(exact: str, prefix: str = "", suffix: str = "", article: str | None = None) -> tuple[PageText, dict[str, Span], Diagnostics]:
    text = page_text(SOURCE, TWO_ARTICLES)
    diags = Diagnostics()
    spans = text.resolve([Request("note:n", Quote(exact=exact, prefix=prefix, suffix=suffix), article, WHERE)], diags)
    return text, spans, diags


def quoted(text: PageText, span: Span) -> str:
    return text.texts[span.article][span.start:span.end]


def test_a_unique_quote_resolves_to_its_article_and_offsets() -> None:
    text, spans, diags = resolve("12个部门")
    assert not diags.items
    span = spans["note:n"]
    assert span.article == "yunnao" and quoted(text, span) == "12个部门"
    assert text.block_of("yunnao", span.start) == (1, len("本报讯 城市云脑已接入"))


def test_a_quote_in_the_second_article_is_counted_from_that_article() -> None:
    text, spans, _ = resolve("3个场景")
    assert spans["note:n"] == Span("pingtai", text.texts["pingtai"].index("3个场景"),
                                   text.texts["pingtai"].index("3个场景") + 4)


def test_an_ambiguous_quote_lists_the_candidates() -> None:
    _, spans, diags = resolve("好用")
    assert not spans
    [d] = diags.items
    assert (d.code, d.line, d.col) == ("A002", 7, 12)
    assert "matches 2 places" in d.message and "说：[好用]。" in d.message and "很[好用]。" in d.message


def test_prefix_or_suffix_make_a_quote_unique() -> None:
    text, spans, diags = resolve("好用", prefix="很")
    assert not diags.items and spans["note:n"].article == "pingtai"
    text, spans, diags = resolve("云脑", suffix="平台")
    assert not diags.items and quoted(text, spans["note:n"]) == "云脑"
    assert spans["note:n"].start == text.texts["pingtai"].index("云脑平台")


def test_an_article_narrows_the_search() -> None:
    _, spans, diags = resolve("好用", article="yunnao")
    assert not diags.items and spans["note:n"].article == "yunnao"


def test_a_quote_not_found_names_the_nearest_passage() -> None:
    _, spans, diags = resolve("13个部门", article="yunnao")
    [d] = diags.items
    assert not spans and d.code == "A001"
    assert "of article yunnao" in d.message and "［2≠3］" in d.message


def test_a_quote_across_blocks_or_articles_is_refused() -> None:
    _, spans, diags = resolve("治理\n本报讯")
    assert not spans and [d.code for d in diags.items] == ["A003"]
    _, spans, diags = resolve("好用。\n\n平台")
    assert not spans and [d.code for d in diags.items] == ["A004"]


def test_terms_match_leftmost_longest_without_overlap() -> None:
    terms = [Term(id="chengshi-yunnao", term="城市云脑", category="c", definition="d"),
             Term(id="yunnao", term="云脑", aliases=["云脑平台"], category="c", definition="d")]
    forms = term_forms(terms)
    text = "城市云脑和云脑平台"
    assert match_terms(text, forms, term_automaton(forms)) == [(0, 4, "chengshi-yunnao"), (5, 9, "yunnao")]
    assert match_terms(text, {}, term_automaton({})) == []


ONE_ARTICLE = """
articles:
  - id: yunnao
    summary: s
    blocks:
      - headline: 城市云脑赋能
      - paragraph: 本报讯
"""
SHORT_SOURCE = "# 城市云脑赋能基层治理\n\n本报讯 城市云脑已接入12个部门。\n"
FIGURE = """
figures:
  - id: bumen
    article: yunnao
    quote: 12个
    value: 12
    unit: 个
    measures: 部门
    period: 2021年
    kind: result
    category: 城市治理
"""


def test_a_figure_inside_a_note_nests(tmp_path: Path) -> None:
    result = make_edition(tmp_path, source=SHORT_SOURCE, structure=ONE_ARTICLE, figures=FIGURE,
                          notes="notes:\n  - id: n\n    quote: 已接入12个部门\n    text: 说明。\n")
    assert result.edition is not None, result.diagnostics.report()
    block = result.edition.pages[0].articles[0].blocks[1]
    marks = [(m.kind, block.text[m.start:m.end]) for m in block.marks]
    assert marks == [("note", "已接入12个部门"), ("figure", "12个")]


def test_a_note_that_crosses_a_figure_is_refused(tmp_path: Path) -> None:
    result = make_edition(tmp_path, source=SHORT_SOURCE, structure=ONE_ARTICLE, figures=FIGURE,
                          notes="notes:\n  - id: n\n    quote: 已接入12\n    text: 说明。\n")
    assert result.edition is None
    [d] = result.diagnostics.items
    assert (d.path, d.line, d.code) == ("data/p1/notes.yml", 4, "A005")
    assert "`n` overlaps `bumen`" in d.message
