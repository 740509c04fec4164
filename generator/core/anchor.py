"""Resolve annotations to places in the text: quotes, glossary terms, block anchors.

Quotes are matched against the repaired reading text of an article (its blocks joined
by newlines), all at once (quotes.QuoteIndex), so the cost grows with the text and the
number of quotes, not with their product. assemble.py puts the places into blocks.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from generator.core.diagnostics import Diagnostics, Location, short
from generator.core.document import Mark
from generator.core.models import Quote, Term
from generator.core.quotes import QuoteIndex, needle
from generator.core.segment import RawArticle, context, nearest


@dataclass(frozen=True)
class Request:
    """One quote to resolve, and where to complain about it."""

    key: str
    quote: Quote
    article: str | None
    where: Location


@dataclass(frozen=True)
class Span:
    article: str
    start: int  # offset in the article's reading text
    end: int


class PageText:
    """The reading text of a page: articles' block texts joined by newlines."""

    def __init__(self, articles: Sequence[RawArticle]) -> None:
        self.articles = [a.model.id for a in articles]
        self.texts = {a.model.id: "\n".join(b.text for b in a.blocks) for a in articles}
        self.block_starts: dict[str, list[int]] = {}
        for a in articles:
            starts, at = [], 0
            for b in a.blocks:
                starts.append(at)
                at += len(b.text) + 1
            self.block_starts[a.model.id] = starts
        self.page = "\n\n".join(self.texts[aid] for aid in self.articles)
        self.article_offsets: dict[str, int] = {}
        at = 0
        for aid in self.articles:
            self.article_offsets[aid] = at
            at += len(self.texts[aid]) + 2

    def block_of(self, article: str, offset: int) -> tuple[int, int]:
        starts = self.block_starts[article]
        i = bisect.bisect_right(starts, offset) - 1
        return i, offset - starts[i]

    def resolve(self, requests: Sequence[Request], diags: Diagnostics) -> dict[str, Span]:
        index = QuoteIndex(self.page, (needle(r.quote) for r in requests))
        out: dict[str, Span] = {}
        for r in requests:
            q = r.quote
            if r.article is not None:
                if r.article not in self.texts:
                    continue  # reported as a reference error
                lo = self.article_offsets[r.article]
                found = index.quote_starts(q, lo, lo + len(self.texts[r.article]))
            else:
                found = index.quote_starts(q)
            scope = f" of article {r.article}" if r.article else ""
            if not found:
                where = self.texts[r.article] if r.article else self.page
                diags.add(r.where, "A001", detail=short(q.exact), scope=scope, nearest=nearest(where, q.exact))
                continue
            if len(found) > 1:
                cands = "; ".join(context(self.page, h, len(q.exact)) for h in found[:5])
                diags.add(r.where, "A002", detail=short(q.exact), count=len(found), scope=scope,
                          candidates=cands)
                continue
            start = found[0]
            if "\n\n" in self.page[start:start + len(q.exact)]:
                diags.add(r.where, "A004", detail=short(q.exact))
                continue
            if "\n" in q.exact:
                diags.add(r.where, "A003", detail=short(q.exact))
                continue
            article = r.article or self._article_at(start)
            base = self.article_offsets[article]
            out[r.key] = Span(article, start - base, start - base + len(q.exact))
        return out

    def _article_at(self, offset: int) -> str:
        return [a for a in self.articles if self.article_offsets[a] <= offset][-1]


def term_forms(terms: Sequence[Term]) -> dict[str, str]:
    return {form: t.id for t in terms for form in (t.term, *t.aliases)}


def match_terms(text: str, forms: dict[str, str], auto: ahocorasick.Automaton | None) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping occurrences of the glossary's forms."""
    if auto is None or not text:
        return []
    cands = sorted(((end - len(f) + 1, end + 1, forms[f]) for end, f in auto.iter(text)),
                   key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[tuple[int, int, str]] = []
    last = 0
    for s, e, tid in cands:
        if s >= last:
            out.append((s, e, tid))
            last = e
    return out


def term_automaton(forms: dict[str, str]) -> ahocorasick.Automaton | None:
    if not forms:
        return None
    auto = ahocorasick.Automaton()
    for f in forms:
        auto.add_word(f, f)
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1 << 14)
def _pinyin(text: str, style: str, errors: str) -> tuple[tuple[str, ...], ...]:
    # Imported on first use: its dictionaries take some 56 MiB, which the build's
    # workers, forked after the core has run, can then do without (mkdocs/build.py).
    # Remembered: the glossary's terms are read again at every run of the core.
    from pypinyin import Style, pinyin

    return tuple(tuple(s) for s in pinyin(text, style=getattr(Style, style), errors=errors))


def auto_pinyin(term: Term) -> str:
    if term.pinyin:
        return term.pinyin
    syllables = _pinyin(term.term, "TONE", "default")
    return " ".join(s[0] for s in syllables if s and s[0].strip())


def sort_key(term: Term) -> str:
    return " ".join(s[0] for s in _pinyin(term.term, "TONE3", "default"))


KIND_ORDER = {"dateline": 0, "note": 1, "term": 2, "figure": 3, "variant": 4, "repair": 5}


def block_anchor(kind: str, ident: str | None, text: str, index: int, number: int) -> str:
    """A block's HTML id: p<n> for the n-th paragraph, the given id or a pinyin slug for
    headings (title for the headline), <type>-<position> otherwise."""
    if kind == "paragraph":
        return f"p{number}"
    if kind in ("section", "headline"):
        return ident or ("title" if kind == "headline" else slug(text))
    return f"{kind}-{index + 1}"


def raw_block_anchor(raw: Sequence[RawArticle], article: str, index: int) -> tuple[str, int | None]:
    """The anchor and ¶ number of block `index` of an article."""
    blocks = next(x for x in raw if x.model.id == article).blocks
    number = sum(1 for rb in blocks[: index + 1] if rb.model.type == "paragraph")
    rb = blocks[index]
    return (block_anchor(rb.model.type, rb.model.id, rb.text, index, number),
            number if rb.model.type == "paragraph" else None)


def check_article(article: str | None, known: set[str], where: Location, diags: Diagnostics) -> None:
    if article is not None and article not in known:
        diags.add(where, "R002", field="article", detail=article)


def overlaps(s: int, e: int, m: Mark) -> bool:
    return s < m.end and m.start < e


def crosses(s: int, e: int, m: Mark) -> bool:
    return overlaps(s, e, m) and not (s <= m.start and m.end <= e) and not (m.start <= s and e <= m.end)


def check_nesting(per_block: dict[tuple[str, int], list[Mark]], where_of: dict[str, Location],
                   diags: Diagnostics) -> None:
    for marks in per_block.values():
        for i, a in enumerate(marks):
            for b in marks[i + 1:]:
                clash = crosses(a.start, a.end, b) or (
                    a.kind == b.kind == "figure" and overlaps(a.start, a.end, b))
                if clash:
                    diags.add(where_of[f"{b.kind}:{b.id}"], "A005", detail=b.id, other=a.id)


def slug(text: str) -> str:
    syll = [s[0] for s in _pinyin(text, "NORMAL", "ignore")]
    out = "-".join(s for s in syll if s.isascii() and s.isalnum())
    return out[:60].rstrip("-") or "section"
