"""Everything one edition of the site needs, from the data, without MkDocs.

`generate()` is the whole pure pipeline: load → validate → anchor → convert → render.
The MkDocs plugin only hands its result to MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.convert import SIMPLIFIED, Variant, convert_edition
from generator.core.diagnostics import Diagnostic
from generator.core.document import Edition
from generator.pipeline import Result, few_collections, run
from generator.render import opendata
from generator.render.pages import ABOUT, FIGURES, GLOSSARY, HOME, NO_LINKS, RenderedPage, SiteLinks, article_path, render_edition

LABELS = {
    "script": "选择字体版本", "terms": "词条标注", "figures": "数字标注", "repairs": "修复标记",
    "open_term": "查看词条 →", "open_figure": "查看数字表 →",
}


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str = ""
    children: tuple[NavItem, ...] = ()


@dataclass
class GeneratedSite:
    variant: Variant
    variants: tuple[Variant, ...]
    pages: list[RenderedPage]
    nav: list[NavItem]
    title: str
    labels: dict[str, str]
    warnings: list[Diagnostic] = field(default_factory=list)
    source: Edition | None = None  # the edition in Simplified, in the Simplified edition only

    @property
    def download_names(self) -> tuple[str, ...]:
        """The open data's files, at the Simplified edition's root."""
        return opendata.NAMES if self.source is not None else ()

    def write_downloads(self, folder: Path) -> None:
        """The open data, written into folder when the build writes it, not at every run
        of a preview."""
        if self.source is not None:
            opendata.write_files(self.source, folder)

    @cached_property
    def page_by_path(self) -> dict[str, RenderedPage]:
        return {p.path: p for p in self.pages}


def generate(root: Path, variant_code: str = SIMPLIFIED.code, links: SiteLinks = NO_LINKS,
             version: str = "") -> GeneratedSite:
    """Build one edition's pages in memory. Raises InvalidData listing every problem."""
    with few_collections():
        return render_variant(run(root), variant_code, links, version)


def render_variant(result: Result, variant_code: str, links: SiteLinks = NO_LINKS, version: str = "") -> GeneratedSite:
    """One script edition: the document converted to its script, then rendered."""
    conv = result.converters[variant_code]
    edition = convert_edition(result.edition, conv)
    pages = render_edition(edition, result.edition, conv, links, result.rules,
                           result.taiwan_vocabulary, version)
    labels = {key: conv.ui(text) for key, text in LABELS.items()}
    return GeneratedSite(conv.variant, result.variants, pages, _nav(edition, conv.ui), edition.title, labels,
                         list(result.warnings), result.edition if conv.identity else None)


def _nav(edition: Edition, ui: Callable[[str], str]) -> list[NavItem]:
    """The navigation; `edition` is already in the edition's script, `ui` converts labels."""
    items = [NavItem(ui("版面"), HOME)]
    sections = [NavItem(f"{page.ref.paper} {page.ref.date}",
                        children=tuple(NavItem(a.headline, article_path(a)) for a in page.articles))
                for page in edition.pages]
    months = sorted({page.ref.date[:7] for page in edition.pages})
    if len(months) > 1:
        # A long series: one section per month, so that each page's navigation (the theme
        # renders only the open branch, navigation.prune) lists months, not every page.
        by_month: dict[str, list[NavItem]] = {m: [] for m in months}
        for page, section in zip(edition.pages, sections, strict=True):
            by_month[page.ref.date[:7]].append(section)
        sections = [NavItem(ui(f"{m[:4]}年{int(m[5:])}月"), children=tuple(by_month[m])) for m in months]
    items += sections
    # The diagnostics page is for annotators: linked from the about page, not in the readers' navigation.
    items += [NavItem(ui("术语表"), GLOSSARY), NavItem(ui("关键数字"), FIGURES), NavItem(ui("关于本版"), ABOUT)]
    return items
