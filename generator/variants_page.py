"""The list of conversion rules shown to readers on the about page."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Rule
from .safe_text import text


def variant_rules_html(rules: Sequence[Rule]) -> str:
    if not rules:
        return "<p>目前没有编辑规则。</p>"
    rows = []
    for r in rules:
        scope = f"文章 {r.article}" if r.article else "全部版面"
        # The forms are protected: they must reach every edition exactly as the editors wrote them.
        rows.append(
            f"<tr><td>{text(r.phrase)}</td><td>\ue000{text(r.zh_Hant_TW)}\ue001</td>"
            f"<td>\ue000{text(r.zh_Hant_HK)}\ue001</td><td>{text(scope)}</td><td>{text(r.reason)}</td></tr>"
        )
    head = "<thead><tr><th>原文</th><th>台湾版</th><th>香港版</th><th>范围</th><th>理由</th></tr></thead>"
    return f'<div class="ed-table-wrap"><table class="ed-table">{head}<tbody>{"".join(rows)}</tbody></table></div>'
