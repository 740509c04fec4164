"""One quote matcher: every caller agrees on where a quote stands, overlaps included."""

import pytest

from generator.core.anchor import Request
from generator.core.diagnostics import Diagnostics, Location
from generator.core.models import Quote
from generator.core.quotes import QuoteIndex, is_unique, occurrences, quote_starts
from generator.tools.annotate import selector

from .edition import page_text

CASES = [
    ("哈哈哈", Quote(exact="哈哈")),
    ("青岛青岛青岛", Quote(exact="青岛", prefix="岛")),
    ("青岛市青岛区青岛", Quote(exact="青岛", suffix="市")),
    ("一一一一", Quote(exact="一", prefix="一", suffix="一")),
    ("5G、5G基站", Quote(exact="5G", suffix="基")),
]


@pytest.mark.parametrize(("text", "quote"), CASES)
def test_the_batch_matcher_agrees_with_the_single_one(text: str, quote: Quote) -> None:
    index = QuoteIndex(text, [quote.prefix + quote.exact + quote.suffix])
    assert index.quote_starts(quote) == quote_starts(text, quote)
    for lo in range(len(text)):
        for hi in range(lo, len(text) + 1):
            assert index.quote_starts(quote, lo, hi) == quote_starts(text, quote, lo, hi)


def test_overlapping_occurrences_are_all_found() -> None:
    assert occurrences("哈哈哈", "哈哈") == [0, 1]
    assert "哈哈哈".count("哈哈") == 1  # why str.count may not decide that a quote is unique
    assert not is_unique("哈哈哈", Quote(exact="哈哈"))


def test_a_prefix_and_suffix_place_the_exact_text() -> None:
    assert quote_starts("甲乙丙甲乙丁", Quote(exact="乙", prefix="甲", suffix="丁")) == [4]


def test_the_annotate_selector_never_offers_a_quote_that_stands_twice() -> None:
    # Selecting the second 哈哈 of 哈哈哈: “哈哈” stands twice (overlapping), so the
    # selector must add context; before, str.count said it was unique.
    text = "他说哈哈哈。"
    chosen = selector(text, 3, 5)
    assert isinstance(chosen, dict)
    quote = Quote(**chosen)
    assert quote_starts(text, quote) == [3]


SOURCE = "\n# 经济新闻\n\n第一段说数字经济。第二段也说数字经济。\n"
ONE_ARTICLE = """
articles:
  - id: a
    summary: s
    blocks:
      - headline: 经济新闻
      - paragraph: 第一段
"""


def test_a_selected_quote_anchors_to_the_place_selected() -> None:
    text = page_text(SOURCE, ONE_ARTICLE)
    article = text.texts["a"]
    start = article.rindex("数字经济")
    chosen = selector(article, start, start + 4)
    quote = Quote(**chosen) if isinstance(chosen, dict) else Quote(exact=chosen)
    diags = Diagnostics()
    spans = text.resolve([Request("note:n", quote, "a", Location("data/p1/notes.yml", 1, 1))], diags)
    assert not diags.items, diags.report()
    assert (spans["note:n"].start, spans["note:n"].end) == (start, start + 4)
