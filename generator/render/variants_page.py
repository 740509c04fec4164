"""The list of conversion rules shown to readers on the about page."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator.core.models import Rule
from generator.core.safe_text import text


def variant_rules_html(rules: Sequence[Rule], ui: Callable[[str], str]) -> str:
    """The rules as the editors wrote them: the Simplified phrase, each edition's form and the
    reason are never converted (a reader of any edition must see what the rule is about);
    only the table's own labels are in the edition's script."""
    if not rules:
        return f"<p>{text(ui('目前没有编辑规则。'))}</p>"
    rows = []
    for r in rules:
        scope = ui("文章 ") + r.article if r.article else ui("全部版面")
        if r.quote is not None:
            scope += ui("（仅一处）")
        rows.append(
            f'<tr><td lang="zh-Hans">{text(r.phrase)}</td><td lang="zh-Hant-TW">{text(r.zh_Hant_TW)}</td>'
            f'<td lang="zh-Hant-HK">{text(r.zh_Hant_HK)}</td><td>{text(scope)}</td>'
            f'<td lang="zh-Hans">{text(r.reason)}</td></tr>'
        )
    head = "".join(f"<th>{text(ui(h))}</th>" for h in ("原文（简体）", "台湾版", "香港版", "范围", "理由"))
    return (f'<div class="ed-table-wrap"><table class="ed-table ed-rules"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')
