"""Everything one edition of the site needs, from the data, without MkDocs.

`generate()` is the whole pure pipeline: load → validate → anchor → convert → render.
The MkDocs plugin only hands its result to MkDocs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .anchor import build_edition
from .convert import SIMPLIFIED, ScriptConverter, Variant, convert_edition, converters
from .diagnostics import Diagnostic, Diagnostics
from .document import Edition
from .models import Rule, VariantsFile
from .render import ABOUT, DIAGNOSTICS, FIGURES, GLOSSARY, HOME, RenderedPage, SiteLinks, article_path, render_edition

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

    @cached_property
    def page_by_path(self) -> dict[str, RenderedPage]:
        return {p.path: p for p in self.pages}


def load_variants(root: Path) -> tuple[list[Rule], bool]:
    from .load import load_model

    diags = Diagnostics(root)
    loaded = load_model(root, "data/variants.yml", VariantsFile, "variants", diags, required=False)
    if loaded is None:
        return [], False
    return list(loaded.model.rules), loaded.model.settings.taiwan_vocabulary


@dataclass(frozen=True)
class Prepared:
    """The script-independent part: validated and anchored once per data state."""

    edition: Edition
    rules: list[Rule]
    taiwan_vocabulary: bool
    repository: str
    warnings: list[Diagnostic]

    @cached_property
    def converters(self) -> dict[str, ScriptConverter]:
        return converters(self.rules, self.taiwan_vocabulary)

    @property
    def variants(self) -> tuple[Variant, ...]:
        return tuple(c.variant for c in self.converters.values())


_CACHE: dict[tuple[str, str, tuple[tuple[str, int, int], ...]], Prepared] = {}


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    stats = ((str(p), p.stat()) for p in sorted((root / "data").rglob("*")) if p.is_file())
    return tuple((name, st.st_mtime_ns, st.st_size) for name, st in stats)


@contextmanager
def _few_collections() -> Iterator[None]:
    """The core allocates hundreds of thousands of objects that live until it ends and
    form almost no cycles; with the default thresholds the cyclic collector walks the
    growing heap again and again (40% of the core's time on a 200-page series)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def prepare(root: Path, repository: str = "") -> Prepared:
    """Load → validate → anchor, once while data/ is unchanged (three editions built in
    one process, or a serve rebuild of an untouched tree, reuse it)."""
    key = (str(root.resolve()), repository, fingerprint(root))
    if key not in _CACHE:
        with _few_collections():
            _CACHE.clear()
            _CACHE[key] = _prepare(root, repository)
    return _CACHE[key]


def _prepare(root: Path, repository: str) -> Prepared:
    edition, diags = build_edition(root)
    rules, tw_vocab = load_variants(root)
    return Prepared(edition, rules, tw_vocab, repository, diags.warnings)


def generate(root: Path, variant_code: str = SIMPLIFIED.code, repository: str = "") -> GeneratedSite:
    """Build one edition's pages in memory. Raises InvalidData listing every problem."""
    with _few_collections():
        return render_variant(prepare(root, repository), variant_code)


def render_variant(prepared: Prepared, variant_code: str) -> GeneratedSite:
    """One script edition: the document converted to its script, then rendered."""
    conv = prepared.converters[variant_code]
    edition = convert_edition(prepared.edition, conv)
    pages = render_edition(edition, prepared.edition, conv, SiteLinks(prepared.repository),
                           prepared.rules, prepared.taiwan_vocabulary)
    labels = {key: conv.ui(text) for key, text in LABELS.items()}
    return GeneratedSite(conv.variant, prepared.variants, pages, _nav(edition, conv.ui), edition.title, labels,
                         prepared.warnings)


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
    items += [NavItem(ui("术语表"), GLOSSARY), NavItem(ui("关键数字"), FIGURES),
              NavItem(ui("关于本版"), children=(NavItem(ui("关于本版"), ABOUT),
                                                NavItem(ui("检查信息代码"), DIAGNOSTICS)))]
    return items
