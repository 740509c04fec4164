"""Split a verbatim source page into articles and blocks, applying recorded repairs.

The structure file quotes the first words of every block; a block runs until the next
one starts. Between blocks lies layout (blank lines, the `#` heading marks of the
extraction, spaces). Where the structure departs from the source's own paragraphs —
a block that runs across a break, or one that starts inside a line — a repair record
must say so, and every repair record must be used: nothing is repaired silently.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from generator.core.diagnostics import Diagnostics, Location, short
from generator.core.document import Edit
from generator.core.models import Article as ArticleModel
from generator.core.models import Block as BlockModel
from generator.core.models import Repair, StructureFile
from generator.core.quotes import quote_starts
from generator.core.yamlio import Positions

_TRAILING_LAYOUT = re.compile(r"(?:\s|(?<=\n)#+[ \t]*)+\Z")
_LAYOUT = re.compile(r"\A(?:\s|(?:(?<=\n)|\A)#+[ \t]+)*\Z")
_GAP = r"((?:\s|(?<=\n)#+[ \t]+)*)"


@dataclass(frozen=True)
class RawBlock:
    model: BlockModel
    start: int  # source offset of the block's first character
    text: str  # the repaired text
    line: int
    edits: tuple[Edit, ...]
    split: Repair | None  # the split repair that starts this block, if any


@dataclass(frozen=True)
class RawArticle:
    model: ArticleModel
    index: int
    blocks: tuple[RawBlock, ...]


@dataclass(frozen=True)
class _Located:
    repair: Repair
    index: int
    at: int  # source offset of the break or insertion point
    end: int  # end of the gap (= at for emend and empty splits)


def nearest(text: str, quote: str) -> str:
    """The passage of text most like a quote that is not in it, with what differs marked:
    an annotator who typed “,” for “，” sees where, instead of comparing by eye.

    Passages of the quote's length are compared position by position (a mistyped
    character), and one character shorter or longer (one left out or added)."""
    n = len(quote)
    if n < 2 or not text:
        return ""
    best: tuple[float, int, int] = (0.0, 0, 0)
    for size in (n, n - 1, n + 1):
        for i in range(0, max(0, len(text) - size) + 1):
            window = text[i:i + size]
            if window[0] != quote[0] and window[-1] != quote[-1] and window[: n // 2] not in quote:
                continue
            same = sum(a == b for a, b in zip(window, quote, strict=True)) if size == n else \
                difflib.SequenceMatcher(None, window, quote, autojunk=False).ratio() * n
            if same > best[0]:
                best = (same, i, size)
    same, at, size = best
    if same < n * 0.6:
        return ""
    found = text[at:at + size]
    marked = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, found, quote, autojunk=False).get_opcodes():
        marked.append(found[i1:i2] if op == "equal" else f"［{found[i1:i2] or '∅'}≠{quote[j1:j2] or '∅'}］")
    return f"; the nearest passage is “{found.replace(chr(10), '⏎')}”: " + "".join(marked).replace("\n", "⏎")


def context(text: str, at: int, length: int, width: int = 8) -> str:
    left = text[max(0, at - width): at].replace("\n", "⏎")
    right = text[at + length: at + length + width].replace("\n", "⏎")
    return f"…{left}[{text[at:at + length]}]{right}…"


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def segment(source: str, structure: StructureFile, pos: Positions, src_rel: str,
            diags: Diagnostics) -> list[RawArticle]:
    repairs = _locate_repairs(source, structure.repairs, pos, diags)
    starts = _block_starts(source, structure, pos, diags)
    if starts is None:
        return []
    first = min((s for s, _, _ in starts), default=0)
    if not _LAYOUT.match(source[:first]):
        lead = source[:first].strip()
        diags.add(Location(src_rel, line_of(source, source.find(lead)), 1), "S001", detail=short(lead))
    used: set[int] = set()
    articles: list[RawArticle] = []
    for a_index, article in enumerate(structure.articles):
        blocks = []
        mine = [s for s in starts if s[1] == a_index]
        for start, _, b_index in mine:
            nxt = next((s[0] for s in starts if s[0] > start), len(source))
            raw = source[start:nxt]
            m = _TRAILING_LAYOUT.search(raw)
            end = start + (m.start() if m else len(raw))
            where = pos.at(("articles", a_index, "blocks", b_index))
            model = article.blocks[b_index]
            split = _check_split(source, start, model, where, repairs, used, diags)
            text, edits = _repair_text(source, start, end, model, where, repairs, used, diags)
            blocks.append(RawBlock(model, start, text, line_of(source, start), tuple(edits), split))
        articles.append(RawArticle(article, a_index, tuple(blocks)))
    for loc in repairs:
        if loc.index not in used:
            diags.add(pos.at(("repairs", loc.index)), "S005", kind=loc.repair.kind, detail=loc.repair.id)
    return articles


def _block_starts(source: str, structure: StructureFile, pos: Positions,
                  diags: Diagnostics) -> list[tuple[int, int, int]] | None:
    """Source offsets of every block start: (offset, article index, block index)."""
    art_starts: list[int] = []
    for a, article in enumerate(structure.articles):
        q = article.blocks[0].start
        hits = quote_starts(source, q)
        where = pos.at(("articles", a, "blocks", 0, article.blocks[0].type))
        if not _one(hits, source, q.exact, where, diags, ""):
            return None
        art_starts.append(hits[0])
    ok = True
    out: list[tuple[int, int, int]] = []
    for a, article in enumerate(structure.articles):
        lo = art_starts[a]
        if a and lo <= art_starts[a - 1]:
            diags.add(pos.at(("articles", a)), "S006", detail=article.id)
            ok = False
            continue
        hi = min([s for s in art_starts if s > lo], default=len(source))
        prev = -1
        for b, block in enumerate(article.blocks):
            q = block.start
            hits = quote_starts(source, q, lo, hi)
            where = pos.at(("articles", a, "blocks", b, block.type))
            if not _one(hits, source, q.exact, where, diags, f" of article {article.id}"):
                ok = False
                continue
            if hits[0] <= prev:
                diags.add(where, "S006", detail=short(q.exact))
                ok = False
            prev = hits[0]
            out.append((hits[0], a, b))
    return sorted(out) if ok else None


def _one(hits: list[int], text: str, exact: str, where: Location, diags: Diagnostics, scope: str) -> bool:
    if not hits:
        diags.add(where, "A001", detail=short(exact), scope=scope, nearest=nearest(text, exact))
        return False
    if len(hits) > 1:
        cands = "; ".join(f"line {line_of(text, h)} {context(text, h, len(exact))}" for h in hits[:5])
        diags.add(where, "A002", detail=short(exact), count=len(hits), scope=scope, candidates=cands)
        return False
    return True


def _locate_repairs(source: str, repairs: list[Repair], pos: Positions,
                    diags: Diagnostics) -> list[_Located]:
    out = []
    for i, r in enumerate(repairs):
        where = pos.at(("repairs", i))
        if r.kind == "emend":
            pattern = re.escape(r.before) + (_GAP + re.escape(r.after) if r.after else "")
        else:
            pattern = re.escape(r.before) + _GAP + re.escape(r.after)
        hits = list(re.finditer(pattern, source))
        if len(hits) != 1:
            why = "the text before and after is not found together" if not hits else f"it matches {len(hits)} places"
            diags.add(where, "S004", kind=r.kind, detail=r.id, why=why)
            continue
        m = hits[0]
        at = m.start() + len(r.before)
        gap = m.group(1) if m.lastindex else ""
        if r.kind == "join" and "\n" not in gap:
            diags.add(where, "S004", kind=r.kind, detail=r.id, why="there is no paragraph break between them")
        elif r.kind == "split" and ("\n" in gap or gap.strip()):
            diags.add(where, "S004", kind=r.kind, detail=r.id, why="there is a paragraph break there already")
        elif r.kind == "emend" and not r.insert:
            diags.add(where, "S004", kind=r.kind, detail=r.id, why="`insert` is missing")
        else:
            end = at + len(gap) if r.kind != "emend" else at
            out.append(_Located(r, i, at, end))
    return out


def _check_split(source: str, start: int, model: BlockModel, where: Location,
                 repairs: list[_Located], used: set[int], diags: Diagnostics) -> Repair | None:
    line_start = source.rfind("\n", 0, start) + 1
    if _LAYOUT.match(source[line_start:start]):
        return None  # the block starts its own source line: a natural boundary
    split = next((r for r in repairs if r.repair.kind == "split" and r.end == start), None)
    if split is None:
        diags.add(where, "S003", detail=short(model.start.exact))
        return None
    used.add(split.index)
    return split.repair


def _repair_text(source: str, start: int, end: int, model: BlockModel, where: Location,
                 repairs: list[_Located], used: set[int], diags: Diagnostics) -> tuple[str, list[Edit]]:
    parts: list[str] = []
    edits: list[Edit] = []
    cursor = start
    length = 0
    inside = sorted((r for r in repairs if start <= r.at <= end and r.repair.kind != "split"),
                    key=lambda r: r.at)
    for r in inside:
        if r.repair.kind == "join" and not (start < r.at and r.end < end):
            continue
        parts.append(source[cursor:r.at])
        length += r.at - cursor
        edits.append(Edit(r.repair, length, r.repair.insert))
        if r.repair.insert:
            parts.append(r.repair.insert)
            length += len(r.repair.insert)
        cursor = r.end
        used.add(r.index)
    parts.append(source[cursor:end])
    text = "".join(parts)
    if "\n" in text:
        diags.add(where, "S002", detail=short(model.start.exact))
    return text, edits
