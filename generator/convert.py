"""Script conversion: the source text with the editors' rules, the interface with OpenCC.

Rules belong to the source text, not to output pages. A rule's scope (the whole
edition, one article, or one occurrence anchored by a quote) resolves to spans of
the text, and the document itself is converted (`convert_edition`): each block's
text once, with the rules whose scope covers it, so that every later rendering of
that text — the article, the front page's byline, a page title, the navigation, a
popover, a figures table, the search index — shows the same reviewed form.

Rules and OpenCC act on text only, never on markup: pages are rendered from the
converted document, and the interface text of the templates and of the generator is
converted on its own (`ui`), with OpenCC alone. Editors' own text (definitions,
notes, summaries) is converted with the edition-wide rules (`ScriptConverter.text`).
Text that must reach every edition as written (the rules table, example words)
is never passed to a converter.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar

import opencc
from pydantic import BaseModel

from generator.core.document import Article, Block, Edit, Edition, Mark, Page
from generator.core.models import Figure, Repair, Rule, Term

PROTECT_OPEN, PROTECT_CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class Variant:
    code: str  # BCP 47 tag, as on <html lang>
    folder: str  # the edition's folder in the site ("" for the root)
    label: str  # the switcher's label
    theme_language: str  # Material's interface language
    base_config: str  # OpenCC configuration


SIMPLIFIED = Variant("zh-Hans", "", "简体", "zh", "")


def variants(taiwan_vocabulary: bool) -> tuple[Variant, ...]:
    return (
        SIMPLIFIED,
        Variant("zh-Hant-TW", "zh-tw", "繁體（台灣）", "zh-TW", "s2twp.json" if taiwan_vocabulary else "s2tw.json"),
        Variant("zh-Hant-HK", "zh-hk", "繁體（香港）", "zh-Hant", "s2hk.json"),
    )


VARIANT_CODES = tuple(v.code for v in variants(False))


def opencc_data_dir() -> Path:
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@cache
def engine(config: str) -> opencc.OpenCC:
    """One OpenCC instance per configuration and process: loading one takes tens of ms."""
    return opencc.OpenCC(config)


@cache
def _converter(config: str) -> Callable[[str], str]:
    """OpenCC's conversion of one piece of text, remembered: a page converts thousands of
    short pieces (a block between two marks, a label), most of them again at the next
    run of a preview or a build, and each call costs more in the binding than in the
    dictionary. Conversion is a pure function of the configuration and the text."""
    return lru_cache(maxsize=1 << 17)(engine(config).convert)


def _unprotected(text: str) -> Iterable[tuple[bool, str]]:
    """(protected?, piece) in order; the markers themselves are dropped."""
    rest = text
    while PROTECT_OPEN in rest:
        before, _, tail = rest.partition(PROTECT_OPEN)
        kept, _, rest = tail.partition(PROTECT_CLOSE)
        yield False, before
        yield True, kept
    yield False, rest


def opencc_only(config: str, text: str) -> str:
    """OpenCC alone, for interface text; spans between the protection markers pass unchanged."""
    if not config:
        return text.replace(PROTECT_OPEN, "").replace(PROTECT_CLOSE, "")
    if PROTECT_OPEN not in text:
        return _converter(config)(text)
    conv = _converter(config)
    return "".join(piece if kept else (conv(piece) if piece else "") for kept, piece in _unprotected(text))


@dataclass(frozen=True)
class _Piece:
    """A stretch of the input and what it became; equal lengths map offsets one to one."""

    start: int
    end: int
    out_start: int
    out_end: int


class OffsetMap:
    """Where an offset of the source text of a block lands in its conversion."""

    def __init__(self, pieces: Sequence[_Piece]) -> None:
        self._pieces = list(pieces)
        self._starts = [p.start for p in pieces]

    def __call__(self, offset: int) -> int:
        if not self._pieces:
            return offset
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        p = self._pieces[i]
        if offset >= p.end:
            return p.out_end
        if offset == p.start:
            return p.out_start
        if p.end - p.start != p.out_end - p.out_start:
            raise ValueError(f"offset {offset} falls inside a conversion that changed length")
        return p.out_start + offset - p.start


ConversionKey = tuple[str, str | None, tuple[tuple[int, int, str], ...], tuple[int, ...]]
CONVERSIONS_KEPT = 1 << 13


@lru_cache(maxsize=16)
def _conversions(variant: Variant, rules: tuple[str, ...]) -> dict[ConversionKey, tuple[str, OffsetMap]]:
    """A converter's results, shared by the converters of later runs with the same rules: a
    preview converts the same blocks again after every save, and a conversion is a pure
    function of the script, the rules, the text and its marks. The oldest are let go past
    CONVERSIONS_KEPT."""
    return {}


class ScriptConverter:
    """Converts Simplified text to one script, honouring the editors' rules in scope."""

    def __init__(self, variant: Variant, rules: Sequence[Rule]) -> None:
        self.variant = variant
        self.rules = list(rules)
        self._patterns: dict[str | None, tuple[re.Pattern[str] | None, dict[str, str]]] = {}
        self._done = _conversions(variant, tuple(r.model_dump_json() for r in self.rules))

    @property
    def identity(self) -> bool:
        return not self.variant.base_config

    def ui(self, text: str) -> str:
        """Interface text written by the project (labels, headings of the templates): OpenCC alone."""
        return opencc_only(self.variant.base_config, text)

    def form(self, rule_index: int) -> str:
        return self.rules[rule_index].form(self.variant.code)

    def _scope(self, article: str | None) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        if article not in self._patterns:
            forms: dict[str, str] = {}
            for r in sorted(self.rules, key=lambda r: r.article is not None):  # the article's rules win
                if r.quote is None and r.article in (None, article):
                    forms[r.phrase] = r.form(self.variant.code)
            # Longest first: Python tries alternatives in order, so this is leftmost-longest.
            alternatives = sorted(forms, key=lambda p: (-len(p), p))
            pattern = re.compile("|".join(map(re.escape, alternatives))) if forms else None
            self._patterns[article] = (pattern, forms)
        return self._patterns[article]

    def rule_spans(self, text: str, article: str | None) -> list[tuple[int, int, str]]:
        pattern, forms = self._scope(article)
        if pattern is None:
            return []
        return [(m.start(), m.end(), forms[m.group()]) for m in pattern.finditer(text)]

    def convert(self, text: str, article: str | None = None, fixed: Sequence[tuple[int, int, str]] = (),
                cuts: Collection[int] = ()) -> tuple[str, OffsetMap]:
        """Convert source text. `fixed` spans (occurrence rules) win over phrase rules; every
        offset in `cuts` (the ends of marks) can be mapped into the result afterwards."""
        if self.identity:
            return text, OffsetMap(())
        key = (text, article, tuple(fixed), tuple(sorted(set(cuts))))
        done = self._done.get(key)
        if done is None:
            done = self._done[key] = self._convert(text, article, fixed, cuts)
            if len(self._done) > CONVERSIONS_KEPT:
                del self._done[next(iter(self._done))]
        return done

    def _convert(self, text: str, article: str | None, fixed: Sequence[tuple[int, int, str]],
                 cuts: Collection[int]) -> tuple[str, OffsetMap]:
        spans = sorted(fixed)
        taken = [(s, e) for s, e, _ in spans]
        spans += [sp for sp in self.rule_spans(text, article)
                  if not any(sp[0] < e and s < sp[1] for s, e in taken)]
        spans.sort()
        conv = _converter(self.variant.base_config)
        cut_list = sorted(set(cuts))
        out: list[str] = []
        pieces: list[_Piece] = []
        at = 0

        def emit(start: int, end: int, converted: str) -> None:
            nonlocal at
            out.append(converted)
            pieces.append(_Piece(start, end, at, at + len(converted)))
            at += len(converted)

        def gap(start: int, end: int) -> None:
            if start >= end:
                return
            converted = conv(text[start:end])
            inner = cut_list[bisect.bisect_right(cut_list, start):bisect.bisect_left(cut_list, end)]
            if len(converted) == end - start or not inner:
                emit(start, end, converted)
                return
            # A conversion changed the length (a vocabulary change of s2twp): convert between
            # the cuts, so that every mark still has both its ends.
            for a, b in zip([start, *inner], [*inner, end], strict=True):
                emit(a, b, conv(text[a:b]))

        pos = 0
        for s, e, form in spans:
            gap(pos, s)
            emit(s, e, form)
            pos = e
        gap(pos, len(text))
        return "".join(out), OffsetMap(pieces)

    def text(self, text: str, article: str | None = None) -> str:
        """Text without marks: editors' text (edition-wide rules) or a quote from an article."""
        return self.convert(text, article)[0]


# --- the document in another script ----------------------------------------------


def convert_edition(edition: Edition, conv: ScriptConverter) -> Edition:
    """The edition in the converter's script; ids, anchors and offsets' meaning are kept."""
    if conv.identity:
        return _without_rule_marks(edition)
    ed = conv.text
    pages = tuple(_convert_page(page, conv) for page in edition.pages)
    return dataclasses.replace(
        edition,
        title=ed(edition.title),
        description=ed(edition.description),
        categories=tuple((ed(name), ed(desc)) for name, desc in edition.categories),
        pages=pages,
        terms=tuple(_convert_term(t, conv) for t in edition.terms),
    )


def _without_rule_marks(edition: Edition) -> Edition:
    """The edition without the marks of script rules; what has none is the same object."""
    def block(b: Block) -> Block:
        if all(m.kind != "variant" for m in b.marks):
            return b
        return dataclasses.replace(b, marks=tuple(m for m in b.marks if m.kind != "variant"))

    def article(a: Article) -> Article:
        blocks = tuple(block(b) for b in a.blocks)
        return a if all(x is y for x, y in zip(blocks, a.blocks, strict=True)) else dataclasses.replace(a, blocks=blocks)

    def page(p: Page) -> Page:
        articles = tuple(article(a) for a in p.articles)
        return p if all(x is y for x, y in zip(articles, p.articles, strict=True)) else \
            dataclasses.replace(p, articles=articles)
    return dataclasses.replace(edition, pages=tuple(page(p) for p in edition.pages))


_M = TypeVar("_M", bound=BaseModel)


def _updated(model: _M, **changes: object) -> _M:
    """model with changes, or model itself when they change nothing: the converted copy of
    a long series shares what conversion leaves as it was (units, categories, notes)."""
    if all(getattr(model, k) == v for k, v in changes.items()):
        return model
    return model.model_copy(update=changes)


def _convert_term(term: Term, conv: ScriptConverter) -> Term:
    ed = conv.text
    return _updated(term, term=ed(term.term), aliases=[ed(a) for a in term.aliases], category=ed(term.category),
                    definition=ed(term.definition), sources=[_updated(s, title=ed(s.title)) for s in term.sources])


def _convert_page(page: Page, conv: ScriptConverter) -> Page:
    ed = conv.text
    repairs: dict[str, Repair] = {}
    for article in page.articles:
        for block in article.blocks:
            for edit in block.edits:
                repairs.setdefault(edit.repair.id, _convert_repair(edit.repair, article.id, conv))
    for r in page.repairs:
        repairs.setdefault(r.id, _convert_repair(r, None, conv))
    articles = tuple(_convert_article(a, conv, repairs) for a in page.articles)
    quotes = {m.id: block.text[m.start:m.end]
              for a in articles for block in a.blocks for m in block.marks if m.kind == "figure"}
    article_of = {f.id: f.article for f in page.figures}

    def figure(f: Figure) -> Figure:
        exact = quotes.get(f.id) or conv.text(f.quote.exact, article_of[f.id])
        return _updated(f, quote=_updated(f.quote, exact=exact), unit=ed(f.unit) if f.unit else f.unit,
                        measures=ed(f.measures), period=ed(f.period), category=ed(f.category))

    return dataclasses.replace(
        page,
        ref=_updated(page.ref, paper=ed(page.ref.paper), title=ed(page.ref.title)),
        articles=articles,
        repairs=tuple(repairs[r.id] for r in page.repairs),
        figures=tuple(figure(f) for f in page.figures),
        notes=tuple(_updated(n, text=ed(n.text)) for n in page.notes),
    )


def _convert_repair(repair: Repair, article: str | None, conv: ScriptConverter) -> Repair:
    quote = conv.text
    return _updated(repair, before=quote(repair.before, article), after=quote(repair.after, article),
                    insert=quote(repair.insert, article), reason=conv.text(repair.reason))


def _convert_article(article: Article, conv: ScriptConverter, repairs: dict[str, Repair]) -> Article:
    return dataclasses.replace(article, summary=conv.text(article.summary),
                               blocks=tuple(_convert_block(b, article.id, conv, repairs) for b in article.blocks))


def _convert_block(block: Block, article: str, conv: ScriptConverter, repairs: dict[str, Repair]) -> Block:
    fixed = [(m.start, m.end, conv.form(int(m.id))) for m in block.marks if m.kind == "variant"]
    cuts = {x for m in block.marks for x in (m.start, m.end)}
    cuts |= {x for e in block.edits for x in (e.offset, e.offset + len(e.inserted))}
    cuts.add(len(block.dateline))
    text, at = conv.convert(block.text, article, fixed, cuts)

    def mark(m: Mark) -> Mark:
        start, end = at(m.start), at(m.end)
        return m if (start, end) == (m.start, m.end) else dataclasses.replace(m, start=start, end=end)

    def edit(e: Edit) -> Edit:
        start, end = at(e.offset), at(e.offset + len(e.inserted))
        return Edit(repairs.get(e.repair.id, e.repair), start, text[start:end])

    return dataclasses.replace(
        block, text=text,
        marks=tuple(mark(m) for m in block.marks if m.kind != "variant"),
        edits=tuple(edit(e) for e in block.edits),
        dateline=text[:at(len(block.dateline))] if block.dateline else "",
        credits=tuple((conv.ui(role), conv.text(name, article)) for role, name in block.credits),
        english_note=conv.text(block.english_note),  # the Chinese it quotes, in the edition's script
    )


def converters(rules: Sequence[Rule], taiwan_vocabulary: bool) -> dict[str, ScriptConverter]:
    return {v.code: ScriptConverter(v, rules) for v in variants(taiwan_vocabulary)}


UiText = Callable[[str], str]
