"""Render a block's text with its marks as inline HTML.

Marks nest (a figure inside a note) but never cross: the anchoring step rejects that.
Terms and figures are links; a repair inside a link is rendered without its own
button, since interactive elements must not nest. A term or figure carries its
popover text on its first occurrence in the article only; later occurrences name it
by data-id and the page's script finds the text there (a definition repeated at
every occurrence made pages several times heavier).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.core.document import Block, Mark
from generator.core.safe_text import attr, text

Tip = Callable[[Mark], str]
Href = Callable[[Mark], str]


@dataclass(frozen=True)
class InlineContext:
    tip: Tip  # the popover text of a mark
    href: Href  # where activating a term or a figure leads
    tipped: set[tuple[str, str]] = field(default_factory=set)  # terms and figures whose text is already out
    ui: Callable[[str], str] = str  # the generator's own labels in the edition's script
    marked: set[tuple[str, str]] = field(default_factory=set)  # marked in this section (cleared at each one)


def render_block_text(block: Block, ctx: InlineContext) -> str:
    return _render(block.text, list(block.marks), 0, len(block.text), ctx, inside_link=False)


def _children(marks: Sequence[Mark], i: int) -> int:
    m = marks[i]
    j = i + 1
    while j < len(marks):
        n = marks[j]
        inside = m.start <= n.start and n.end <= m.end
        if not inside or (n.start == n.end == m.end and m.end > m.start):
            break
        j += 1
    return j


def _render(src: str, marks: list[Mark], lo: int, hi: int, ctx: InlineContext, inside_link: bool) -> str:
    out: list[str] = []
    pos, i = lo, 0
    while i < len(marks):
        m = marks[i]
        j = _children(marks, i)
        out.append(text(src[pos:m.start]))
        inner = _render(src, marks[i + 1:j], m.start, m.end, ctx, inside_link or m.kind in ("term", "figure"))
        out.append(_wrap(m, inner, ctx, inside_link))
        pos, i = m.end, j
    out.append(text(src[pos:hi]))
    return "".join(out)


def _wrap(m: Mark, inner: str, ctx: InlineContext, inside_link: bool) -> str:
    if m.kind == "dateline":
        return f'<strong class="ed-dateline">{inner}</strong>'
    if m.kind == "variant":  # an occurrence-scoped conversion rule: applied by convert_edition
        return inner
    if m.kind in ("term", "figure") and (m.kind, m.id) in ctx.marked:
        # A repeat in the same section is plain text and no Tab stop; the script still explains it on a tap.
        return f'<span class="ed-repeat" data-annotation="{m.kind}" data-id="{attr(m.id)}">{inner}</span>'
    if m.kind in ("term", "figure"):
        ctx.marked.add((m.kind, m.id))
        tip = "" if (m.kind, m.id) in ctx.tipped else f' data-tip="{attr(ctx.tip(m))}"'
        ctx.tipped.add((m.kind, m.id))
        return (f'<a class="ed-mark ed-{m.kind}" data-annotation="{m.kind}" data-id="{attr(m.id)}"{tip} '
                f'href="{ctx.href(m)}">{inner}</a>')
    common = f'data-annotation="{m.kind}" data-id="{attr(m.id)}" data-tip="{attr(ctx.tip(m))}"'
    if m.kind == "note":
        button = (f'<button type="button" class="ed-note-btn ed-ui" data-tip="{attr(ctx.tip(m))}" '
                  f'aria-label="{attr(ctx.ui("编者注"))}">{text(ctx.ui("注"))}</button>')
        return f'<span class="ed-note" data-annotation="note" data-id="{attr(m.id)}">{inner}</span>{button}'
    # repair: an insertion is shown as inserted text; every repair gets a discreet marker
    ins = f'<ins class="ed-emend">{inner}</ins>' if inner else ""
    if inside_link:
        return f'<span class="ed-repair" {common}>{ins}</span>'
    label = attr(ctx.ui("编辑修复：") + ctx.tip(m))
    return (f'<span class="ed-repair" data-annotation="repair" data-id="{attr(m.id)}">{ins}'
            f'<button type="button" class="ed-repair-btn ed-ui" data-tip="{attr(ctx.tip(m))}" '
            f'aria-label="{label}"></button></span>')
