"""Where a text quote stands: the one matcher every annotation, check and tool uses.

A quote is `exact` with optional `prefix` and `suffix` (the W3C text-quote selector): it
stands wherever prefix + exact + suffix occurs, and its place is where `exact` starts.
Occurrences may overlap (“哈哈” stands twice in “哈哈哈”), so counting with `str.count`,
which skips overlaps, or testing with `in`, which ignores the prefix and suffix, would
accept a quote that the anchoring then finds twice or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import ahocorasick

from generator.core.models import Quote


def occurrences(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Start offsets of every occurrence of needle inside text[lo:hi], overlapping ones included."""
    hi = len(text) if hi is None else hi
    out, i = [], text.find(needle, lo, hi)
    while i >= 0 and i + len(needle) <= hi:
        out.append(i)
        i = text.find(needle, i + 1, hi)
    return out


def quote_starts(text: str, quote: Quote, lo: int = 0, hi: int | None = None) -> list[int]:
    """Where the quote's exact text starts, at each place the whole quote stands in text[lo:hi]."""
    return [i + len(quote.prefix) for i in occurrences(text, needle(quote), lo, hi)]


def needle(quote: Quote) -> str:
    return quote.prefix + quote.exact + quote.suffix


def is_unique(text: str, quote: Quote) -> bool:
    return len(quote_starts(text, quote)) == 1


class QuoteIndex:
    """Many quotes over one text in one pass (Aho-Corasick): the same answers as
    quote_starts, at a cost that grows with the text and the quotes, not their product."""

    def __init__(self, text: str, needles: Iterable[str]) -> None:
        self._hits: dict[str, list[int]] = defaultdict(list)
        auto = ahocorasick.Automaton()
        for n in set(needles):
            if n:
                auto.add_word(n, n)
        if len(auto):
            auto.make_automaton()
            for end, n in auto.iter(text):
                self._hits[n].append(end - len(n) + 1)

    def found(self) -> set[str]:
        """The needles that occur at least once."""
        return set(self._hits)

    def quote_starts(self, quote: Quote, lo: int = 0, hi: int | None = None) -> list[int]:
        n = needle(quote)
        starts = self._hits.get(n, [])
        return [s + len(quote.prefix) for s in starts if lo <= s and (hi is None or s + len(n) <= hi)]
