"""Charts for the key-figures page, drawn at build time as accessible SVG.

Hand-written SVG rather than a charting library: the charts are simple bars, must
carry <title>/<desc>, must follow the theme's light and dark palettes through CSS
(`currentColor` and classes, no inline colours), and must not ship any JavaScript —
pygal, for one, embeds tooltip scripts and fixed colours.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from .document import Edition
from .numbers import format_value, normalised
from .safe_text import text

WIDTH, LABEL_W, ROW_H, PAD = 760, 290, 30, 12


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
    def svg(self) -> Markup:
        return Markup(bar_svg(self))


def bar_svg(chart: Chart) -> str:
    height = PAD * 2 + ROW_H * len(chart.rows)
    bar_w = WIDTH - LABEL_W - 200  # room on the right for the longest value label
    out = [
        f'<svg class="ed-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart.id}-t {chart.id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart.id}-t">{text(chart.title)}</title>',
        f'<desc id="{chart.id}-d">{text(chart.description)}</desc>',
    ]
    for i, row in enumerate(chart.rows):
        y = PAD + i * ROW_H
        w = max(1.0, bar_w * min(row.value, chart.scale) / chart.scale) if chart.scale else 1.0
        out.append(
            f'<text class="ed-chart-label" x="{LABEL_W - 8}" y="{y + 19}" text-anchor="end">{text(row.label)}</text>'
            f'<rect class="ed-chart-track" x="{LABEL_W}" y="{y + 6}" width="{bar_w}" height="18" rx="2"/>'
            f'<rect class="ed-chart-bar" x="{LABEL_W}" y="{y + 6}" width="{w:.1f}" height="18" rx="2"/>'
            f'<text class="ed-chart-value" x="{LABEL_W + w + 6:.1f}" y="{y + 19}">{text(row.shown)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _label(measures: str, limit: int = 20) -> str:
    return measures if len(measures) <= limit else measures[: limit - 1] + "…"


def charts_for(edition: Edition) -> list[Chart]:
    figures = {f.id: f for p in edition.pages for f in p.figures}
    charts: list[Chart] = []
    progress = []
    for f in figures.values():
        if f.kind != "result" or f.value is None:
            continue
        for rel in f.related:
            t = figures.get(rel)
            if t and t.kind == "target" and t.unit == f.unit and t.value:
                pct = 100 * f.value / t.value
                progress.append(Row(_label(f.measures), pct,
                                    f"{normalised(f)} / {normalised(t)}（{pct:.0f}%）", f.id))
    if progress:
        charts.append(Chart("chart-progress", "上半年实绩与全年目标",
                            "每一行是一项上半年已完成的数量占同一项全年目标的比例。", tuple(progress), 100.0,
                            ("项目", "实绩 / 目标")))
    shares = [f for f in figures.values() if f.unit == "%" and f.kind in ("share", "growth") and f.value is not None]
    if shares:
        repeated = {m for m, n in Counter(f.measures for f in shares).items() if n > 1}
        rows = tuple(Row(_label(f"{f.period} {f.measures}" if f.measures in repeated else f.measures)
                         + ("（增速）" if f.kind == "growth" else ""), f.value or 0, normalised(f), f.id)
                     for f in shares)
        charts.append(Chart("chart-shares", "比率与增长率",
                            "文中出现的覆盖率、占比、完成比例与增长率，按百分比画在同一标尺上。", rows, 100.0,
                            ("项目", "数值")))
    for unit, title in (("项", "科研项目与成果（项）"), ("人", "科技与研发人员（人）")):
        series = [f for f in figures.values() if f.unit == unit and f.category == "科技与教育" and f.value]
        if len(series) >= 2:
            top = max(f.value or 0 for f in series)
            rows = tuple(Row(_label(f"{f.period} {f.measures}", 21), f.value or 0, normalised(f), f.id)
                         for f in series)
            charts.append(Chart(f"chart-{'xiangmu' if unit == '项' else 'renyuan'}", title,
                                f"科技文章中的历史数据：{title}，按文中出现顺序。最大值 {format_value(top)}。",
                                rows, top, ("时期与项目", "数值")))
    return charts
