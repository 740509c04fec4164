"""The annotated document: pages → articles → blocks → marks. Frozen, plain data.

The classes a page has hundreds of (marks, blocks, occurrences) have slots: without an
attribute dict each, a 1,000-page series' document takes much less memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from generator.core.models import Figure, Note, PageRef, Repair, Term

BODY_TYPES = frozenset({"kicker", "deck", "subheadline", "subhead", "paragraph", "caption"})


MarkKind = Literal["dateline", "note", "term", "figure", "variant", "repair"]


@dataclass(frozen=True, slots=True)
class Mark:
    """An inline annotation on a block's text: [start, end) in that text."""

    kind: MarkKind
    id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Edit:
    """A repair applied to a block: where in the block text, what was inserted."""

    repair: Repair
    offset: int
    inserted: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    text: str
    anchor: str  # the HTML id: p3 for paragraphs, a slug for headings, b<n> otherwise
    number: int | None  # the ¶ number of paragraphs
    source_line: int
    credits: tuple[tuple[str, str], ...] = ()
    dateline: str = ""
    edits: tuple[Edit, ...] = ()
    marks: tuple[Mark, ...] = ()
    english: str = ""  # the editors' English translation of the block, if any
    english_note: str = ""  # the translator's note on it


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    page: str
    summary: str
    blocks: tuple[Block, ...]

    @property
    def headline(self) -> str:
        return next((b.text for b in self.blocks if b.type == "headline"), self.id)



@dataclass(frozen=True)
class Page:
    ref: PageRef
    articles: tuple[Article, ...]
    repairs: tuple[Repair, ...]
    figures: tuple[Figure, ...]
    notes: tuple[Note, ...]
    data_dir: str  # repository path of the page's annotation folder
    translator: str = ""  # who translated the page into English, as data/<page>/translation.yml says
    # Numbers the editors chose not to annotate (figures.yml `ignore`): (article, block anchor, start, end).
    ignored: tuple[tuple[str, str, int, int], ...] = ()

    @cached_property
    def by_id(self) -> dict[tuple[str, str], Note | Repair]:
        """Notes and repairs by (kind, id): their ids are unique within a page."""
        out: dict[tuple[str, str], Note | Repair] = {("note", n.id): n for n in self.notes}
        out.update({("repair", r.id): r for r in self.repairs})
        return out


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where an annotation stands: for back-links and for `edition diff`."""

    page: str
    article: str
    anchor: str
    number: int | None
    start: int


@dataclass(frozen=True)
class Edition:
    title: str
    description: str
    categories: tuple[tuple[str, str], ...]
    pages: tuple[Page, ...]
    terms: tuple[Term, ...]
    pinyin: dict[str, str] = field(default_factory=dict)
    occurrences: dict[tuple[str, str], tuple[Occurrence, ...]] = field(default_factory=dict)
    locations: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    # Lookups by id are indexed once: a series of a thousand pages must not rescan them.
    @cached_property
    def _terms(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    @cached_property
    def _figures(self) -> dict[str, Figure]:
        return {f.id: f for p in self.pages for f in p.figures}

    @cached_property
    def _articles(self) -> dict[tuple[str, str], Article]:
        return {(p.ref.id, a.id): a for p in self.pages for a in p.articles}

    @cached_property
    def _pages(self) -> dict[str, Page]:
        return {p.ref.id: p for p in self.pages}

    def page(self, page_id: str) -> Page:
        return self._pages[page_id]

    def term(self, term_id: str) -> Term:
        return self._terms[term_id]

    def figure(self, fig_id: str) -> Figure:
        return self._figures[fig_id]

    def article(self, page: str, article: str) -> Article:
        return self._articles[(page, article)]
