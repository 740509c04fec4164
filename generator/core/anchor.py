"""Resolve every annotation to a place in the text and assemble the Edition.

Quotes are matched against the repaired reading text of an article (its blocks joined
by newlines), all at once with an Aho-Corasick automaton, so the cost grows with the
text and the number of quotes, not with their product.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from generator.core.diagnostics import Diagnostics, InvalidData, Location, short
from generator.core.document import BODY_TYPES, Article, Block, Edit, Edition, Mark, Occurrence, Page
from generator.core.load import DataSet, PageFiles, load_all
from generator.core.models import Figure, Note, PageRef, Quote, Rule, Term, VariantsFile
from generator.core.segment import RawArticle, context, nearest, segment
from generator.core.yamlio import Positions


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


def find_everywhere(text: str, needles: Iterable[str]) -> dict[str, list[int]]:
    """Start offsets of every needle in text, in one pass."""
    auto = ahocorasick.Automaton()
    for n in set(needles):
        if n:
            auto.add_word(n, n)
    hits: dict[str, list[int]] = defaultdict(list)
    if len(auto) == 0:
        return hits
    auto.make_automaton()
    for end, n in auto.iter(text):
        hits[n].append(end - len(n) + 1)
    return hits


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
        needles = [r.quote.prefix + r.quote.exact + r.quote.suffix for r in requests]
        hits = find_everywhere(self.page, needles)
        out: dict[str, Span] = {}
        for r, needle in zip(requests, needles, strict=True):
            q = r.quote
            found = [h + len(q.prefix) for h in hits.get(needle, [])]
            if r.article is not None:
                if r.article not in self.texts:
                    continue  # reported as a reference error
                lo = self.article_offsets[r.article]
                hi = lo + len(self.texts[r.article])
                found = [h for h in found if lo <= h and h + len(q.exact) <= hi]
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


def _pinyin(text: str, style: str, errors: str) -> list[list[str]]:
    # Imported on first use: its dictionaries take some 56 MiB, which the build's
    # workers, forked after the core has run, can then do without (sitebuild).
    from pypinyin import Style, pinyin

    return pinyin(text, style=getattr(Style, style), errors=errors)


def auto_pinyin(term: Term) -> str:
    if term.pinyin:
        return term.pinyin
    syllables = _pinyin(term.term, "TONE", "default")
    return " ".join(s[0] for s in syllables if s and s[0].strip())


def sort_key(term: Term) -> str:
    return " ".join(s[0] for s in _pinyin(term.term, "TONE3", "default"))


def _check_ids(items: Iterable[tuple[str, Location]], diags: Diagnostics) -> None:
    seen: dict[str, Location] = {}
    for ident, where in items:
        if ident in seen:
            first = seen[ident]
            diags.add(where, "R001", detail=ident, other=f"{first.path}:{first.line}")
        else:
            seen[ident] = where


def build_edition(root: Path) -> tuple[Edition, Diagnostics]:
    """Load, validate and anchor everything; raise InvalidData with every problem found.

    Returns the edition and the diagnostics (warnings only, by then). Commands use
    pipeline.run, which keeps this result (and the conversion rules read with it).
    """
    edition, diags, _ = load_edition(root)
    return edition, diags


def load_edition(root: Path) -> tuple[Edition, Diagnostics, VariantsFile | None]:
    """build_edition, with the conversion settings and rules read in the same pass."""
    diags = Diagnostics(root)
    data = load_all(root, diags)
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
    cat_names = {c for c, _ in categories}
    terms: list[Term] = list(data.glossary.model.terms) if data.glossary else []
    gpos = data.glossary.positions if data.glossary else Positions("data/glossary.yml")
    _check_ids(((t.id, gpos.at(("terms", i, "id"))) for i, t in enumerate(terms)), diags)
    owners: dict[str, tuple[str, int]] = {}
    for i, t in enumerate(terms):
        if t.category not in cat_names:
            diags.add(gpos.at(("terms", i, "category")), "R003", detail=t.category)
        for form in (t.term, *t.aliases):
            if form in owners and owners[form][0] != t.id:
                diags.add(gpos.at(("terms", i)), "G002", detail=form, other=f"{owners[form][0]}, {t.id}")
            owners.setdefault(form, (t.id, i))
    forms = term_forms(terms)
    auto = term_automaton(forms)
    pages: list[Page] = []
    occurrences: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
    locations: dict[tuple[str, str], tuple[str, int]] = {}
    all_fig_ids: list[tuple[str, Location]] = []
    for i, t in enumerate(terms):
        locations[("term", t.id)] = ("data/glossary.yml", gpos.at(("terms", i)).line)
    rules = list(data.variants.model.rules) if data.variants else []
    vpos = data.variants.positions if data.variants else Positions("data/variants.yml")
    scoped = _occurrence_rules(rules, vpos, diags) + _pointer_requests(terms, gpos)
    unreadable = False
    # One page at a time: a page's parsed files and positions go when it is done.
    for ref, files in zip(data.edition.model.pages, data.pages(), strict=True):
        if not files.readable:
            unreadable = True  # its problems are reported; anchoring it would only add noise
            continue
        page = _assemble_page(ref, files, terms, forms, auto, cat_names, diags, occurrences, locations,
                              all_fig_ids, scoped)
        if page is not None:
            pages.append(page)
    if unreadable:
        return None
    _check_rule_phrases(rules, vpos, pages, _editors_text(data, terms, pages), diags)
    _check_ids(all_fig_ids, diags)
    _check_term_pointers(terms, gpos, pages, diags)
    for i, t in enumerate(terms):
        if not occurrences.get(("term", t.id)):
            diags.add(gpos.at(("terms", i, "term")), "G001", detail=t.term)
    if diags.errors:
        return None
    edition = Edition(
        title=data.edition.model.title,
        description=data.edition.model.description,
        categories=categories,
        pages=tuple(pages),
        terms=tuple(sorted(terms, key=sort_key)),
        pinyin={t.id: auto_pinyin(t) for t in terms},
        occurrences={k: tuple(v) for k, v in occurrences.items()},
        locations=locations,
    )
    return edition


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
                        diags: Diagnostics) -> None:
    """A rule acts on text only: its phrase must stand in the text of its scope (for a rule of
    the whole edition, the page's text or the editors' own, which it converts too)."""
    phrases = {r.phrase for r in rules if r.quote is None}
    where: dict[str, set[str]] = defaultdict(set)  # phrase -> articles it stands in ("" for the editors' text)
    for page in pages:
        for article in page.articles:
            text = "\n".join(b.text for b in article.blocks)
            for phrase in find_everywhere(text, phrases):
                where[phrase].add(article.id)
    for phrase in find_everywhere(editors, phrases):
        where[phrase].add("")
    for i, r in enumerate(rules):
        if r.quote is not None:
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


def _assemble_page(ref: PageRef, files: PageFiles, terms: list[Term], forms: dict[str, str],
                   auto: ahocorasick.Automaton | None, cat_names: set[str], diags: Diagnostics,
                   occurrences: dict[tuple[str, str], list[Occurrence]],
                   locations: dict[tuple[str, str], tuple[str, int]],
                   all_fig_ids: list[tuple[str, Location]],
                   scoped: list[Request]) -> Page | None:
    page_id = ref.id
    assert files.structure is not None
    structure = files.structure.model
    spos = files.structure.positions
    _check_ids(((a.id, spos.at(("articles", i, "id"))) for i, a in enumerate(structure.articles)), diags)
    _check_ids(((r.id, spos.at(("repairs", i, "id"))) for i, r in enumerate(structure.repairs)), diags)
    raw = segment(files.source, structure, spos, f"data/{ref.source}", diags)
    if not raw:
        return None
    for a in raw:
        for b, rb in enumerate(a.blocks):
            for c in rb.model.credits:
                if c.name not in rb.text:
                    diags.add(spos.at(("articles", a.index, "blocks", b, "credits")), "S007", detail=c.name)
    text = PageText(raw)
    article_ids = set(text.articles)
    figures: list[Figure] = list(files.figures.model.figures) if files.figures else []
    ignores = list(files.figures.model.ignore) if files.figures else []
    notes: list[Note] = list(files.notes.model.notes) if files.notes else []
    fpos = files.figures.positions if files.figures else Positions(f"data/{page_id}/figures.yml")
    npos = files.notes.positions if files.notes else Positions(f"data/{page_id}/notes.yml")
    requests: list[Request] = []
    fig_ids = {f.id for f in figures}
    for i, f in enumerate(figures):
        all_fig_ids.append((f.id, fpos.at(("figures", i, "id"))))
        locations[("figure", f.id)] = (fpos.path, fpos.at(("figures", i)).line)
        _check_article(f.article, article_ids, fpos.at(("figures", i, "article")), diags)
        if f.category not in cat_names:
            diags.add(fpos.at(("figures", i, "category")), "R003", detail=f.category)
        for j, rel in enumerate(f.related):
            if rel not in fig_ids:
                diags.add(fpos.at(("figures", i, "related", j)), "R002", field="related", detail=rel)
        if f.kind == "deadline" and not f.date:
            diags.add(fpos.at(("figures", i)), "N002", detail=f.id, why="is a deadline without `date`")
        if f.kind != "deadline" and f.value is None:
            diags.add(fpos.at(("figures", i)), "N002", detail=f.id, why="has no `value`")
        requests.append(Request(f"figure:{f.id}", f.quote, f.article, fpos.at(("figures", i, "quote"))))
    for i, ig in enumerate(ignores):
        _check_article(ig.article, article_ids, fpos.at(("ignore", i, "article")), diags)
        requests.append(Request(f"ignore:{i}", ig.quote, ig.article, fpos.at(("ignore", i, "quote"))))
    _check_ids(((n.id, npos.at(("notes", i, "id"))) for i, n in enumerate(notes)), diags)
    for i, n in enumerate(notes):
        _check_article(n.article, article_ids, npos.at(("notes", i, "article")), diags)
        requests.append(Request(f"note:{n.id}", n.quote, n.article, npos.at(("notes", i, "quote"))))
    requests += [r for r in scoped if r.article in article_ids]
    spans = text.resolve([r for r in requests if r.article is None or r.article in article_ids], diags)
    per_block: dict[tuple[str, int], list[Mark]] = defaultdict(list)
    where_of = {r.key: r.where for r in requests}
    for key, span in spans.items():
        kind, ident = key.split(":", 1)
        if kind == "ignore":
            continue
        b, off = text.block_of(span.article, span.start)
        if kind == "explained":  # where the text explains a term: a place, not a mark
            anchor, number = raw_block_anchor(raw, span.article, b)
            occurrences[("explained", ident)].append(Occurrence(page_id, span.article, anchor, number, off))
            continue
        per_block[(span.article, b)].append(Mark(kind, ident, off, off + span.end - span.start))
    _check_nesting(per_block, where_of, diags)
    articles = []
    for a in raw:
        blocks = []
        number = 0
        for b, rb in enumerate(a.blocks):
            explicit = per_block.get((a.model.id, b), [])
            marks = list(explicit)
            if rb.model.type in BODY_TYPES:
                for s, e, tid in match_terms(rb.text, forms, auto):
                    if not any(_crosses(s, e, m) or (m.kind != "note" and _overlaps(s, e, m)) for m in explicit):
                        marks.append(Mark("term", tid, s, e))
            for ed in rb.edits:
                marks.append(Mark("repair", ed.repair.id, ed.offset, ed.offset + len(ed.inserted)))
            if rb.model.type == "paragraph":
                number += 1
            anchor = block_anchor(rb.model.type, rb.model.id, rb.text, b, number)
            if rb.model.dateline:
                if rb.text.startswith(rb.model.dateline):
                    marks.append(Mark("dateline", "dateline", 0, len(rb.model.dateline)))
                else:
                    diags.add(spos.at(("articles", a.index, "blocks", b, "dateline")), "S008",
                              detail=rb.model.dateline)
            edits = rb.edits
            if rb.split is not None:
                edits = (Edit(rb.split, 0, ""), *edits)
                marks.append(Mark("repair", rb.split.id, 0, 0))
            marks.sort(key=lambda m: (m.start, -(m.end - m.start), _KIND_ORDER[m.kind]))
            block = Block(
                type=rb.model.type, text=rb.text, anchor=anchor,
                number=number if rb.model.type == "paragraph" else None,
                source_line=rb.line,
                credits=tuple((c.role, c.name) for c in rb.model.credits),
                dateline=rb.model.dateline or "", edits=edits, marks=tuple(marks),
            )
            blocks.append(block)
            for m in marks:
                if m.kind in ("dateline", "variant"):
                    continue
                occurrences[(m.kind, m.id)].append(
                    Occurrence(page_id, a.model.id, anchor, block.number, m.start))
        articles.append(Article(a.model.id, page_id, a.model.summary, tuple(blocks)))
    for i, r in enumerate(structure.repairs):
        locations[("repair", r.id)] = (spos.path, spos.at(("repairs", i)).line)
    translated, translator = _attach_translations(files, articles, {t.id: t for t in terms}, diags)
    return Page(ref=ref, articles=translated, repairs=tuple(structure.repairs),
                figures=tuple(figures), notes=tuple(notes), data_dir=f"data/{page_id}", translator=translator)


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


def _check_glossary_english(article: str, block: Block, text: str, note: str, terms: dict[str, Term],
                            where: Location, diags: Diagnostics) -> None:
    """Where a glossary term stands, its English gloss is used, or the note says why not."""
    english = _plain_english(text)
    for tid in dict.fromkeys(m.id for m in block.marks if m.kind == "term"):
        term = terms[tid]
        if not term.english:
            continue
        if any(re.search(rf"(?<!\w){re.escape(g[:-1])}(?:y|ies)(?!\w)" if g.endswith("y") else
                         rf"(?<!\w){re.escape(g)}(?:e?s)?(?!\w)", english) for g in _gloss_forms(term.english)):
            continue
        if "Glossary:" in note and any(form in note for form in (term.term, *term.aliases)):
            continue  # a deliberate exception, explained
        diags.add(where, "T003", detail=f"{article}#{block.anchor}", gloss=term.english, term=term.term)


_KIND_ORDER = {"dateline": 0, "note": 1, "term": 2, "figure": 3, "variant": 4, "repair": 5}


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


def _check_article(article: str | None, known: set[str], where: Location, diags: Diagnostics) -> None:
    if article is not None and article not in known:
        diags.add(where, "R002", field="article", detail=article)


def _overlaps(s: int, e: int, m: Mark) -> bool:
    return s < m.end and m.start < e


def _crosses(s: int, e: int, m: Mark) -> bool:
    return _overlaps(s, e, m) and not (s <= m.start and m.end <= e) and not (m.start <= s and e <= m.end)


def _check_nesting(per_block: dict[tuple[str, int], list[Mark]], where_of: dict[str, Location],
                   diags: Diagnostics) -> None:
    for marks in per_block.values():
        for i, a in enumerate(marks):
            for b in marks[i + 1:]:
                clash = _crosses(a.start, a.end, b) or (
                    a.kind == b.kind == "figure" and _overlaps(a.start, a.end, b))
                if clash:
                    diags.add(where_of[f"{b.kind}:{b.id}"], "A005", detail=b.id, other=a.id)


def slug(text: str) -> str:
    syll = [s[0] for s in _pinyin(text, "NORMAL", "ignore")]
    out = "-".join(s for s in syll if s.isascii() and s.isalnum())
    return out[:60].rstrip("-") or "section"
