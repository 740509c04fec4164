"""Charts for the key-figures page, drawn at build time as HTML bars.

Each row is text (the label and the value, never cut, at the page's own type size, so
they stay readable on a phone) beside a bar drawn as a tiny SVG stretched to the
width it gets. No charting library: the bars must follow the theme's light and dark
palettes through CSS (classes, no inline colours) and must not ship any JavaScript —
pygal, for one, embeds tooltip scripts and fixed colours. An SVG scaled as a whole
(the earlier design) shrank its labels to about 6 px on a phone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from generator.core.document import Edition
from generator.core.numbers import format_value, normalised
from generator.core.safe_text import text


@dataclass(frozen=True)
class Row:
    label: str
    value: float  # the bar length, 0..scale
    shown: str  # the value as printed next to the bar
    figure: str  # figure id, for the table's link


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    rows: tuple[Row, ...]
    scale: float
    columns: tuple[str, str]  # table headings: what, value

    @property
    def html(self) -> Markup:
        return Markup(bar_html(self))


def bar_html(chart: Chart) -> str:
    out = [f'<ul class="ed-chart" id="{chart.id}-list" aria-describedby="{chart.id}-d">']
    for row in chart.rows:
        pct = max(0.5, 100 * min(row.value, chart.scale) / chart.scale) if chart.scale else 0.5
        out.append(
            f'<li class="ed-chart-row"><span class="ed-chart-label">{text(row.label)}</span>'
            f'<svg class="ed-chart-bars" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
            f'focusable="false" xmlns="http://www.w3.org/2000/svg">'
            f'<rect class="ed-chart-track" width="100" height="10"/>'
            f'<rect class="ed-chart-bar" width="{pct:.1f}" height="10"/></svg>'
            f'<span class="ed-chart-value">{text(row.shown)}</span></li>'
        )
    out.append(f'</ul><p class="ed-chart-desc" id="{chart.id}-d">{text(chart.description)}</p>')
    return "".join(out)


def charts_for(edition: Edition, page_id: str | None = None) -> list[Chart]:
    """The charts of the edition's figures, or of one page's (a series' figures go on a page each)."""
    pages = edition.pages if page_id is None else [edition.page(page_id)]  # not a look at every page, per page
    figures = {f.id: f for p in pages for f in p.figures}
    charts: list[Chart] = []
    progress = []
    for f in figures.values():
        if f.kind != "result" or f.value is None:
            continue
        for rel in f.related:
            t = figures.get(rel)
            if t and t.kind == "target" and t.unit == f.unit and t.value:
                pct = 100 * f.value / t.value
                progress.append(Row(f.measures, pct,
                                    f"{normalised(f)} / {normalised(t)}（{pct:.0f}%）", f.id))
    if progress:
        charts.append(Chart("chart-progress", "上半年实绩与全年目标",
                            "每一行是一项上半年已完成的数量占同一项全年目标的比例。", tuple(progress), 100.0,
                            ("项目", "实绩 / 目标")))
    shares = [f for f in figures.values() if f.unit == "%" and f.kind in ("share", "growth") and f.value is not None]
    if shares:
        repeated = {m for m, n in Counter(f.measures for f in shares).items() if n > 1}
        # Growth rates and coverage shares are different quantities: each on a scale of its own.
        for kind, cid, title, desc in (
                ("share", "chart-shares", "覆盖率与占比", "文中出现的覆盖率、占比与完成比例，按百分比画在同一标尺上。"),
                ("growth", "chart-growth", "增长率", "文中出现的同比增长率，按百分比画在同一标尺上。")):
            of_kind = [f for f in shares if f.kind == kind]
            if not of_kind:
                continue
            rows = tuple(Row(f"{f.period} {f.measures}" if f.measures in repeated else f.measures,
                             f.value or 0, normalised(f), f.id) for f in of_kind)
            top = max(f.value or 0 for f in of_kind)
            scale = max(top, 100.0) if kind == "share" else (top if top > 0 else 100.0)
            charts.append(Chart(cid, title, desc, rows, scale, ("项目", "数值")))
    for unit, title in (("项", "科研项目与成果（项）"), ("人", "科技与研发人员（人）")):
        series = [f for f in figures.values() if f.unit == unit and f.category == "科技与教育" and f.value]
        if len(series) >= 2:
            top = max(f.value or 0 for f in series)
            rows = tuple(Row(f"{f.period} {f.measures}", f.value or 0, normalised(f), f.id)
                         for f in series)
            charts.append(Chart(f"chart-{'xiangmu' if unit == '项' else 'renyuan'}", title,
                                f"科技文章中的历史数据：{title}，按文中出现顺序。最大值 {format_value(top)}。",
                                rows, top, ("时期与项目", "数值")))
    return charts
