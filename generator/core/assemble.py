"""Assemble the Edition: every page's blocks with their marks, the glossary, the places
each annotation stands, and the checks that need all of them at once.

load.py reads and validates the files, segment.py cuts the page's text into blocks,
anchor.py finds where quotes and terms stand; here those places become the marks of
blocks, one page at a time (a page's parsed files go when it is done). Each step returns
what it found; only the diagnostics are collected as they are found.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from generator.core.anchor import (
    KIND_ORDER,
    PageText,
    Request,
    Span,
    auto_pinyin,
    block_anchor,
    check_article,
    check_nesting,
    crosses,
    match_terms,
    overlaps,
    raw_block_anchor,
    sort_key,
    term_automaton,
    term_forms,
)
from generator.core.diagnostics import Diagnostics, InvalidData, Location, short
from generator.core.document import BODY_TYPES, Article, Block, Edit, Edition, Mark, MarkKind, Occurrence, Page
from generator.core.load import DataSet, PageFiles, load_all
from generator.core.models import Figure, Note, PageRef, Rule, StructureFile, Term, VariantsFile
from generator.core.quotes import QuoteIndex
from generator.core.segment import RawArticle, RawBlock, segment
from generator.core.yamlio import Positions

Key = tuple[str, str]  # (kind, id): ("term", "shuzi-jingji"), ("figure", …), ("explained", …)
_QUOTED_MARKS: dict[str, MarkKind] = {"figure": "figure", "note": "note", "variant": "variant"}


@dataclass(frozen=True)
class Glossary:
    """The glossary with what page assembly needs from it: its forms and their matcher."""

    terms: tuple[Term, ...]
    forms: dict[str, str]
    auto: ahocorasick.Automaton | None
    categories: frozenset[str]


@dataclass
class AssembledPage:
    """A page and what it adds to the edition-wide indexes."""

    page: Page
    occurrences: dict[Key, list[Occurrence]] = field(default_factory=dict)
    locations: dict[Key, tuple[str, int]] = field(default_factory=dict)
    figure_ids: list[tuple[str, Location]] = field(default_factory=list)


def build_edition(root: Path) -> tuple[Edition, Diagnostics]:
    """Load, validate and anchor everything; raise InvalidData with every problem found.

    Returns the edition and the diagnostics (warnings only, by then). Commands use
    pipeline.run, which keeps this result (and the conversion rules read with it).
    """
    edition, diags, _ = load_edition(root)
    return edition, diags


def load_edition(root: Path, only: str | None = None) -> tuple[Edition, Diagnostics, VariantsFile | None]:
    """build_edition, with the conversion settings and rules read in the same pass.

    With `only` (a page's id), the edition of that one page of the series: only its files
    are read, and the checks that need every page are left to the series' own check.
    Raises UnknownPage if there is no such page."""
    diags = Diagnostics()
    data = load_all(root, diags, only)
    if data is None:
        raise InvalidData(diags)
    if diags.errors:
        for _ in data.pages():  # read the pages too: every problem is reported in one run
            pass
        raise InvalidData(diags)
    edition = assemble(data, diags)
    if diags.errors or edition is None:
        raise InvalidData(diags)
    return edition, diags, data.variants.model if data.variants else None


def assemble(data: DataSet, diags: Diagnostics) -> Edition | None:
    categories = tuple((c.name, c.description) for c in data.categories.model.categories) \
        if data.categories else ()
    terms: list[Term] = list(data.glossary.model.terms) if data.glossary else []
    gpos = data.glossary.positions if data.glossary else Positions("data/glossary.yml")
    glossary = _glossary(terms, gpos, frozenset(c for c, _ in categories), diags)
    rules = list(data.variants.model.rules) if data.variants else []
    vpos = data.variants.positions if data.variants else Positions("data/variants.yml")
    scoped = _occurrence_rules(rules, vpos, diags) + _pointer_requests(terms, gpos)
    occurrences: dict[Key, list[Occurrence]] = defaultdict(list)
    locations: dict[Key, tuple[str, int]] = {
        ("term", t.id): ("data/glossary.yml", gpos.at(("terms", i)).line) for i, t in enumerate(terms)}
    figure_ids: list[tuple[str, Location]] = []
    pages: list[Page] = []
    unreadable = False
    for ref, files in zip(data.edition.model.pages, data.pages(), strict=True):
        if not files.readable:
            unreadable = True  # its problems are reported; anchoring it would only add noise
            continue
        done = assemble_page(ref, files, glossary, scoped, diags)
        if done is None:
            continue
        pages.append(done.page)
        for key, found in done.occurrences.items():
            occurrences[key] += found
        locations.update(done.locations)
        figure_ids += done.figure_ids
    if unreadable:
        return None
    whole = data.only is None
    # One page of a series (a preview) cannot tell whether a phrase, a pointer or a term
    # belongs to a page it has not read: it checks what is scoped to its own articles and
    # shows the terms found on it; the series' check sees the rest.
    read = None if whole else {a.id for p in pages for a in p.articles}
    _check_rule_phrases(rules, vpos, pages, _editors_text(data, terms, pages), diags, read)
    _check_ids(figure_ids, diags)
    if whole:
        _check_term_pointers(terms, gpos, pages, diags)
        for i, t in enumerate(terms):
            if not occurrences.get(("term", t.id)):
                diags.add(gpos.at(("terms", i, "term")), "G001", detail=t.term)
    else:
        terms = [t for t in terms if ("term", t.id) in occurrences or ("explained", t.id) in occurrences]
        locations = {k: v for k, v in locations.items() if k[0] != "term" or k in occurrences}
    if diags.errors:
        return None
    return Edition(
        title=data.edition.model.title,
        description=data.edition.model.description,
        categories=categories,
        pages=tuple(pages),
        terms=tuple(sorted(terms, key=sort_key)),
        pinyin={t.id: auto_pinyin(t) for t in terms},
        occurrences={k: tuple(v) for k, v in occurrences.items()},
        locations=locations,
    )


def _glossary(terms: list[Term], pos: Positions, categories: frozenset[str], diags: Diagnostics) -> Glossary:
    """The glossary's checks of its own (ids, categories, one owner per form) and its matcher."""
    _check_ids(((t.id, pos.at(("terms", i, "id"))) for i, t in enumerate(terms)), diags)
    owners: dict[str, str] = {}
    for i, t in enumerate(terms):
        if t.category not in categories:
            diags.add(pos.at(("terms", i, "category")), "R003", detail=t.category)
        for form in (t.term, *t.aliases):
            if form in owners and owners[form] != t.id:
                diags.add(pos.at(("terms", i)), "G002", detail=form, other=f"{owners[form]}, {t.id}")
            owners.setdefault(form, t.id)
    forms = term_forms(terms)
    return Glossary(tuple(terms), forms, term_automaton(forms), categories)


def assemble_page(ref: PageRef, files: PageFiles, glossary: Glossary, scoped: Sequence[Request],
                  diags: Diagnostics) -> AssembledPage | None:
    """One page: its text cut into blocks, every annotation anchored, the blocks marked."""
    assert files.structure is not None
    structure, spos = files.structure.model, files.structure.positions
    _check_ids(((a.id, spos.at(("articles", i, "id"))) for i, a in enumerate(structure.articles)), diags)
    _check_ids(((r.id, spos.at(("repairs", i, "id"))) for i, r in enumerate(structure.repairs)), diags)
    raw = segment(files.source, structure, spos, f"data/{ref.source}", diags)
    if not raw:
        return None
    _check_credits(raw, spos, diags)
    text = PageText(raw)
    figures: list[Figure] = list(files.figures.model.figures) if files.figures else []
    notes: list[Note] = list(files.notes.model.notes) if files.notes else []
    fpos = files.figures.positions if files.figures else Positions(f"data/{ref.id}/figures.yml")
    requests = (_figure_requests(files, fpos, set(text.articles), glossary.categories, diags)
                + _note_requests(notes, files, ref.id, set(text.articles), diags)
                + [r for r in scoped if r.article in text.articles])
    spans = text.resolve(requests, diags)
    marks, explained, ignored = _quote_marks(spans, text, raw, ref.id)
    check_nesting(marks, {r.key: r.where for r in requests}, diags)
    articles = [Article(a.model.id, ref.id, a.model.summary, _blocks(a, marks, glossary, spos, diags)) for a in raw]
    translated, translator = _attach_translations(files, articles, {t.id: t for t in glossary.terms}, diags)
    page = Page(ref=ref, articles=translated, repairs=tuple(structure.repairs),
                figures=tuple(figures), notes=tuple(notes), data_dir=f"data/{ref.id}", translator=translator,
                ignored=ignored)
    occurrences = _occurrences(page)
    for key, found in explained.items():
        occurrences.setdefault(key, []).extend(found)
    return AssembledPage(page, occurrences, _locations(structure, spos, figures, fpos),
                         [(f.id, fpos.at(("figures", i, "id"))) for i, f in enumerate(figures)])


def _check_credits(raw: Sequence[RawArticle], pos: Positions, diags: Diagnostics) -> None:
    for a in raw:
        for b, rb in enumerate(a.blocks):
            for c in rb.model.credits:
                if c.name not in rb.text:
                    diags.add(pos.at(("articles", a.index, "blocks", b, "credits")), "S007", detail=c.name)


def _figure_requests(files: PageFiles, pos: Positions, articles: set[str], categories: frozenset[str],
                     diags: Diagnostics) -> list[Request]:
    """The figures' and ignored numbers' quotes to anchor, after the figures' own checks."""
    figures = list(files.figures.model.figures) if files.figures else []
    ignores = list(files.figures.model.ignore) if files.figures else []
    ids = {f.id for f in figures}
    out = []
    for i, f in enumerate(figures):
        check_article(f.article, articles, pos.at(("figures", i, "article")), diags)
        if f.category not in categories:
            diags.add(pos.at(("figures", i, "category")), "R003", detail=f.category)
        for j, rel in enumerate(f.related):
            if rel not in ids:
                diags.add(pos.at(("figures", i, "related", j)), "R002", field="related", detail=rel)
        if f.kind == "deadline" and not f.date:
            diags.add(pos.at(("figures", i)), "N002", detail=f.id, why="is a deadline without `date`")
        if f.kind != "deadline" and f.value is None:
            diags.add(pos.at(("figures", i)), "N002", detail=f.id, why="has no `value`")
        out.append(Request(f"figure:{f.id}", f.quote, f.article, pos.at(("figures", i, "quote"))))
    for i, ig in enumerate(ignores):
        check_article(ig.article, articles, pos.at(("ignore", i, "article")), diags)
        out.append(Request(f"ignore:{i}", ig.quote, ig.article, pos.at(("ignore", i, "quote"))))
    return out


def _note_requests(notes: list[Note], files: PageFiles, page_id: str, articles: set[str],
                   diags: Diagnostics) -> list[Request]:
    pos = files.notes.positions if files.notes else Positions(f"data/{page_id}/notes.yml")
    _check_ids(((n.id, pos.at(("notes", i, "id"))) for i, n in enumerate(notes)), diags)
    out = []
    for i, n in enumerate(notes):
        check_article(n.article, articles, pos.at(("notes", i, "article")), diags)
        out.append(Request(f"note:{n.id}", n.quote, n.article, pos.at(("notes", i, "quote"))))
    return out


def _quote_marks(spans: dict[str, Span], text: PageText, raw: Sequence[RawArticle], page_id: str) -> tuple[
        dict[tuple[str, int], list[Mark]], dict[Key, list[Occurrence]], tuple[tuple[str, str, int, int], ...]]:
    """The anchored quotes as marks of their blocks, the places that explain a term (a
    place, not a mark), and the numbers the editors chose not to annotate (not shown)."""
    marks: dict[tuple[str, int], list[Mark]] = defaultdict(list)
    explained: dict[Key, list[Occurrence]] = defaultdict(list)
    ignored: list[tuple[str, str, int, int]] = []
    for key, span in spans.items():
        kind, ident = key.split(":", 1)
        b, off = text.block_of(span.article, span.start)
        if kind == "ignore":
            anchor, _ = raw_block_anchor(raw, span.article, b)
            ignored.append((span.article, anchor, off, off + span.end - span.start))
            continue
        if kind == "explained":
            anchor, number = raw_block_anchor(raw, span.article, b)
            explained[("explained", ident)].append(Occurrence(page_id, span.article, anchor, number, off))
            continue
        marks[(span.article, b)].append(Mark(_QUOTED_MARKS[kind], ident, off, off + span.end - span.start))
    return marks, explained, tuple(sorted(ignored))


def _blocks(article: RawArticle, quoted: dict[tuple[str, int], list[Mark]], glossary: Glossary,
            pos: Positions, diags: Diagnostics) -> tuple[Block, ...]:
    blocks = []
    number = 0
    for b, rb in enumerate(article.blocks):
        if rb.model.type == "paragraph":
            number += 1
        where = pos.at(("articles", article.index, "blocks", b, "dateline"))
        blocks.append(_block(rb, b, number, quoted.get((article.model.id, b), []), glossary, where, diags))
    return tuple(blocks)


def _block(rb: RawBlock, index: int, number: int, quoted: list[Mark], glossary: Glossary,
           dateline_at: Location, diags: Diagnostics) -> Block:
    """One block with all its marks: quoted annotations, glossary terms where no quoted
    mark is in the way, repairs, and the dateline."""
    marks = list(quoted)
    if rb.model.type in BODY_TYPES:
        for s, e, tid in match_terms(rb.text, glossary.forms, glossary.auto):
            if not any(crosses(s, e, m) or (m.kind != "note" and overlaps(s, e, m)) for m in quoted):
                marks.append(Mark("term", tid, s, e))
    marks += [Mark("repair", ed.repair.id, ed.offset, ed.offset + len(ed.inserted)) for ed in rb.edits]
    if rb.model.dateline:
        if rb.text.startswith(rb.model.dateline):
            marks.append(Mark("dateline", "dateline", 0, len(rb.model.dateline)))
        else:
            diags.add(dateline_at, "S008", detail=rb.model.dateline)
    edits = rb.edits
    if rb.split is not None:
        edits = (Edit(rb.split, 0, ""), *edits)
        marks.append(Mark("repair", rb.split.id, 0, 0))
    marks.sort(key=lambda m: (m.start, -(m.end - m.start), KIND_ORDER[m.kind]))
    return Block(
        type=rb.model.type, text=rb.text, anchor=block_anchor(rb.model.type, rb.model.id, rb.text, index, number),
        number=number if rb.model.type == "paragraph" else None,
        source_line=rb.line,
        credits=tuple((c.role, c.name) for c in rb.model.credits),
        dateline=rb.model.dateline or "", edits=edits, marks=tuple(marks),
    )


def _occurrences(page: Page) -> dict[Key, list[Occurrence]]:
    """Where each term, figure, note and repair stands on the page, in reading order."""
    out: dict[Key, list[Occurrence]] = defaultdict(list)
    for a in page.articles:
        for block in a.blocks:
            for m in block.marks:
                if m.kind not in ("dateline", "variant"):
                    out[(m.kind, m.id)].append(Occurrence(page.ref.id, a.id, block.anchor, block.number, m.start))
    return out


def _locations(structure: StructureFile, spos: Positions, figures: list[Figure],
               fpos: Positions) -> dict[Key, tuple[str, int]]:
    """The file and line where each repair and figure is written, for edit links and reports."""
    out: dict[Key, tuple[str, int]] = {
        ("repair", r.id): (spos.path, spos.at(("repairs", i)).line) for i, r in enumerate(structure.repairs)}
    out.update({("figure", f.id): (fpos.path, fpos.at(("figures", i)).line) for i, f in enumerate(figures)})
    return out


def _editors_text(data: DataSet, terms: list[Term], pages: list[Page]) -> str:
    """Everything the editors write that is converted to the Traditional editions."""
    edition = data.edition.model
    parts = [edition.title, edition.description]
    parts += [x for t in terms for x in (t.term, *t.aliases, t.category, t.definition)]
    for page in pages:
        parts += [page.ref.paper, page.ref.title, *(a.summary for a in page.articles)]
        parts += [x for f in page.figures for x in (f.measures, f.period, f.category, f.unit or "")]
        parts += [n.text for n in page.notes]
    return "\n".join(parts)


def _check_rule_phrases(rules: list[Rule], pos: Positions, pages: list[Page], editors: str,
                        diags: Diagnostics, read: set[str] | None = None) -> None:
    """A rule acts on text only: its phrase must stand in the text of its scope (for a rule of
    the whole edition, the page's text or the editors' own, which it converts too). With
    `read` (the articles read), only the rules of those articles are checked."""
    phrases = {r.phrase for r in rules if r.quote is None}
    where: dict[str, set[str]] = defaultdict(set)  # phrase -> articles it stands in ("" for the editors' text)
    for page in pages:
        for article in page.articles:
            for phrase in QuoteIndex("\n".join(b.text for b in article.blocks), phrases).found():
                where[phrase].add(article.id)
    for phrase in QuoteIndex(editors, phrases).found():
        where[phrase].add("")
    for i, r in enumerate(rules):
        if r.quote is not None or (read is not None and r.article not in read):
            continue
        found = where.get(r.phrase, set())
        if not found or (r.article is not None and r.article not in found):
            scope = f"article {r.article}" if r.article else "any article nor the editors' text"
            diags.add(pos.at(("rules", i, "phrase")), "C001", detail=r.phrase,
                      why=f"the phrase does not occur in the text of {scope}; a rule converts text only")


def _pointer_requests(terms: list[Term], pos: Positions) -> list[Request]:
    """`explained_in` pointers, anchored like every other quote (in their article)."""
    return [Request(f"explained:{t.id}", t.explained_in.quote, t.explained_in.article,
                    pos.at(("terms", i, "explained_in", "quote")))
            for i, t in enumerate(terms) if t.explained_in is not None]


def _check_term_pointers(terms: list[Term], gpos: Positions, pages: list[Page], diags: Diagnostics) -> None:
    articles = {a.id for p in pages for a in p.articles}
    for i, t in enumerate(terms):
        if t.explained_in is not None and t.explained_in.article not in articles:
            diags.add(gpos.at(("terms", i, "explained_in", "article")), "R002", field="explained_in.article",
                      detail=t.explained_in.article)


def _occurrence_rules(rules: list[Rule], pos: Positions, diags: Diagnostics) -> list[Request]:
    """Conversion rules scoped to one occurrence: anchored like every other annotation."""
    out = []
    for i, rule in enumerate(rules):
        if rule.quote is None:
            continue
        where = pos.at(("rules", i, "quote"))
        if rule.article is None:
            diags.add(where, "C001", detail=rule.phrase, why="a rule with `quote` also needs `article`")
        elif rule.quote.exact != rule.phrase:
            diags.add(where, "C001", detail=rule.phrase, why="`quote.exact` must be the rule's phrase")
        else:
            out.append(Request(f"variant:{i}", rule.quote, rule.article, where))
    return out


def _check_ids(items: Iterable[tuple[str, Location]], diags: Diagnostics) -> None:
    seen: dict[str, Location] = {}
    for ident, where in items:
        if ident in seen:
            first = seen[ident]
            diags.add(where, "R001", detail=ident, other=f"{first.path}:{first.line}")
        else:
            seen[ident] = where


def _attach_translations(files: PageFiles, articles: list[Article], terms: dict[str, Term],
                         diags: Diagnostics) -> tuple[tuple[Article, ...], str]:
    """Each block's English, checked against the block it names (its anchor and its first words)."""
    if files.translation is None:
        return tuple(articles), ""
    model, pos = files.translation.model, files.translation.positions
    blocks = {(a.id, b.anchor): b for a in articles for b in a.blocks}
    english: dict[tuple[str, str], tuple[str, str]] = {}
    for i, entry in enumerate(model.blocks):
        key = (entry.article, entry.block)
        where = pos.at(("blocks", i))
        block = blocks.get(key)
        if key in english:
            diags.add(where, "R001", detail=f"{entry.article}#{entry.block}", other=f"{pos.path}")
        elif block is None:
            diags.add(pos.at(("blocks", i, "block")), "T001", detail=f"{entry.article}#{entry.block}",
                      why="no such block (its article or anchor changed?)")
        elif not block.text.startswith(entry.start):
            diags.add(pos.at(("blocks", i, "start")), "T001", detail=f"{entry.article}#{entry.block}",
                      why=f"the block starts “{short(block.text, 12)}”, not “{entry.start}”")
        else:
            english[key] = (entry.text, entry.note or "")
            _check_glossary_english(entry.article, block, entry.text, entry.note or "", terms, where, diags)
    out = []
    for a in articles:
        for b in a.blocks:
            if (a.id, b.anchor) not in english:
                diags.add(pos.at(()), "T002", detail=f"{a.id}#{b.anchor}")
        out.append(dataclasses.replace(a, blocks=tuple(
            dataclasses.replace(b, english=english.get((a.id, b.anchor), ("", ""))[0],
                                english_note=english.get((a.id, b.anchor), ("", ""))[1]) for b in a.blocks)))
    return tuple(out), model.translator


def _plain_english(text: str) -> str:
    text = text.lower().replace("“", "").replace("”", "").replace('"', "").replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def _gloss_forms(gloss: str) -> list[str]:
    """The ways a translation may use a gloss: as written, without its parenthetical
    explanations, or one of its alternatives (“empowering; enabling”)."""
    plain = _plain_english(gloss)
    bare = re.sub(r"\s*\([^)]*\)", "", plain).strip()
    forms = [plain, bare] + [x.strip() for x in re.split(r"[;/]", bare) if x.strip()]
    return list(dict.fromkeys(f for f in forms if f))


@lru_cache(maxsize=1 << 14)
def _uses_gloss(english: str, gloss: str) -> bool:
    """Whether a translation (plain, see _plain_english) uses one of a gloss's forms as whole
    words, singular or plural. Remembered: a preview checks the same pairs after every save."""
    return any(re.search(rf"(?<!\w){re.escape(g[:-1])}(?:y|ies)(?!\w)" if g.endswith("y") else
                         rf"(?<!\w){re.escape(g)}(?:e?s)?(?!\w)", english) for g in _gloss_forms(gloss))


def _check_glossary_english(article: str, block: Block, text: str, note: str, terms: dict[str, Term],
                            where: Location, diags: Diagnostics) -> None:
    """Where a glossary term stands, its English gloss is used, or the note says why not."""
    english = _plain_english(text)
    for tid in dict.fromkeys(m.id for m in block.marks if m.kind == "term"):
        term = terms[tid]
        if not term.english:
            continue
        if _uses_gloss(english, term.english):
            continue
        if "Glossary:" in note and any(form in note for form in (term.term, *term.aliases)):
            continue  # a deliberate exception, explained
        diags.add(where, "T003", detail=f"{article}#{block.anchor}", gloss=term.english, term=term.term)


