"""Numbers on the page: how a figure is described, and which numbers lack a figure."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.core.models import Figure

QUALIFIER = {"exact": "", "approx": "约", "nearly": "接近", "more_than": "超过", "at_least": "不少于",
             "at_most": "最多"}
INFERRED = "编者推断"
KIND = {"result": "实绩", "target": "目标", "deadline": "时限", "share": "占比/比率", "growth": "增长率",
        "ratio": "倍数", "price": "价格", "rank": "名次", "duration": "时长"}

# Arabic numbers, and Chinese numerals followed by a measure word (六成, 两台, 十三年, 三分之一, 第一).
NUMBER = re.compile(
    r"\d+(?:\.\d+)?"
    r"|第?[〇一二两三四五六七八九十百千]+(?:分之[一二三四五六七八九十]+"
    r"|(?=[个项家台位类条件成级期批年月日天倍次张处所名人户亩路座字大套种届]))"
)


def format_value(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1 else f"{value:g}"


def _same(text: str) -> str:
    return text


def normalised(fig: Figure, ui: Callable[[str], str] = _same) -> str:
    """The value as a reader says it; `ui` puts the qualifier's words in the edition's script."""
    if fig.kind == "deadline":
        return fig.date or ""
    assert fig.value is not None
    unit = fig.unit or ""
    number = format_value(fig.value)
    if fig.value_max is not None:
        number += f"–{format_value(fig.value_max)}"
    return f"{ui(QUALIFIER[fig.qualifier])}{number}{'' if unit == '%' else ' '}{unit}".strip()


def describe_figure(fig: Figure, ui: Callable[[str], str] = _same) -> str:
    """measures｜value｜period｜kind, and a last field when what the figure measures is the editors' inference."""
    parts = [fig.measures, normalised(fig, ui), fig.period, ui(KIND[fig.kind])]
    if fig.inferred:
        parts.append(ui(INFERRED))
    return "｜".join(parts)


@dataclass(frozen=True)
class NumberToken:
    article: str
    block: str  # block anchor
    start: int
    text: str
    context: str
