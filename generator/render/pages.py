"""Render the Edition to Markdown pages with Jinja2 templates (one dict per edition).

Body text goes into raw HTML blocks (Python-Markdown leaves them alone); headings are
Markdown so that the table of contents and the search index see them. Each script
edition is rendered from the edition already converted to its script (convert.py);
the templates' own text and the generator's labels are converted by `ScriptConverter.ui`,
so no conversion ever runs over rendered markup.
"""

from __future__ import annotations

import dataclasses
import math
import posixpath
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from urllib.parse import quote

from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.convert import PROTECT_CLOSE, PROTECT_OPEN, ScriptConverter, opencc_only
from generator.core import safe_text
from generator.core.diagnostics import CATALOGUE, Code
from generator.core.document import Article, Block, Edition, Mark, Page
from generator.core.models import Note, Rule, Term
from generator.core.numbers import KIND, describe_figure
from generator.render import citation
from generator.render.charts import Chart, charts_for
from generator.render.inline import InlineContext, render_block_text
from generator.render.variants_page import variant_rules_html

CHARS_PER_MINUTE = 400
GLOSSARY = "glossary/index.md"
FIGURES = "figures/index.md"
ABOUT = "about/index.md"
DIAGNOSTICS = "about/diagnostics/index.md"
HOME = "index.md"


def article_path(article: Article) -> str:
    return f"{article.page}/{article.id}/index.md"


def figures_path(edition: Edition, page_id: str) -> str:
    """Where a page's figures are listed: the figures page, or in a series a page of its own
    under it (a series' figures on one page grew to 44 MB at 1,000 pages)."""
    return FIGURES if len(edition.pages) == 1 else f"figures/{page_id}/index.md"


def href(src: str, dest: str, fragment: str = "") -> str:
    """Relative link between two generated pages, as it will be in the built site."""
    rel = _relative(src, dest)
    return rel + (f"#{fragment}" if fragment else "")


@lru_cache(maxsize=65536)
def _relative(src: str, dest: str) -> str:
    return posixpath.relpath(dest[: -len(".md")] + ".html", posixpath.dirname(src) or ".")


@dataclass(frozen=True)
class SiteLinks:
    """Where an annotation's data stands in the repository, to read it at its line."""

    base: str = ""  # the address a file's path is added to (…/blob/main/), or "" when unknown

    def view(self, path: str, line: int | None = None) -> str:
        if not self.base:
            return ""
        anchor = f"#L{line}" if line else ""
        return f"{self.base}{path}{anchor}"



NO_LINKS = SiteLinks()

@dataclass(frozen=True)
class RenderedPage:
    """A page of the site. Its Markdown is rendered when asked for, so that a build can
    render, convert and write one page at a time: a long series' pages, rendered all
    at once, would not fit in memory."""

    path: str  # the docs-relative path of the generated Markdown file
    render: Callable[[], str]
    edit_path: str  # the data file an annotator edits for this page (a folder, ending in /, for several)
    scope: str = ""  # article id, for article-scoped conversion rules

    @property
    def markdown(self) -> str:
        return self.render()


_IDENT = re.compile(r"^[A-Za-z0-9-]+$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _url(value: str) -> Markup:
    """A link for an href: a relative path made by the generator, or an editor's http(s)
    address. Characters outside a URL's own syntax (CJK, quotes, spaces) are
    percent-encoded, so that no address can end the attribute or fail the build."""
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise ValueError(f"unexpected link {value!r}")  # the models admit http(s) only
    return Markup(quote(value, safe="/:?#[]@!$&()*+,;=%-._~").replace("&", "&amp;"))


def _ident(value: str) -> Markup:
    if not _IDENT.match(value):
        raise ValueError(f"unexpected id {value!r}")
    return Markup(value)


def _finalize(value: object) -> object:
    # Every value a template prints is escaped for HTML *and* Markdown, unless it is
    # already Markup (rendered HTML, a checked link or id).
    return value if isinstance(value, Markup) else safe_text.text(str(value))


# `{{ "数据" | keep }}`: a word quoted as an example of conversion, the same in every edition.
_KEEP = re.compile(r'\{\{\s*"[^"]*"\s*\|\s*keep\s*\}\}')


class _ScriptLoader(BaseLoader):
    """The package's templates with their own text (headings, labels) in one script."""

    def __init__(self, config: str) -> None:
        self.config = config
        self.base = PackageLoader("generator.render", "templates")

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.base.get_source(environment, template)
        kept = _KEEP.sub(lambda m: PROTECT_OPEN + m.group() + PROTECT_CLOSE, source)
        return opencc_only(self.config, kept), filename, uptodate


@lru_cache(maxsize=8)
def environment(config: str) -> Environment:
    """One Jinja environment per OpenCC configuration ("" for Simplified), compiled once per process."""
    env = Environment(loader=_ScriptLoader(config), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True, finalize=_finalize,
                      # `{#id}` is attribute-list syntax in the Markdown output, not a comment
                      comment_start_string="{%#", comment_end_string="#%}")
    env.filters["url"] = _url
    # Text that must reach every script edition unchanged (e.g. a word quoted as an example of conversion).
    env.filters["keep"] = lambda v: safe_text.text(str(v))
    env.filters["ident"] = _ident
    env.filters["heading"] = safe_text.heading
    env.filters["rich"] = safe_text.rich
    return env


def reading_minutes(article: Article) -> int:
    return max(1, math.ceil(sum(len(b.text) for b in article.blocks) / CHARS_PER_MINUTE))


def tip_for(edition: Edition, page: Page, ui: Callable[[str], str], mark: Mark) -> str:
    if mark.kind == "term":
        term = edition.term(mark.id)
        return f"{term.term}（{edition.pinyin[term.id]}）：{safe_text.plain(term.definition)}"
    if mark.kind == "figure":
        return describe_figure(edition.figure(mark.id), ui)
    item = page.by_id[(mark.kind, mark.id)]
    return safe_text.plain(item.text) if isinstance(item, Note) else item.reason


def _mark_href(src: str, figures: str, mark: Mark) -> str:
    dest = GLOSSARY if mark.kind == "term" else figures
    return href(src, dest, mark.id)


@dataclass(frozen=True)
class _Render:
    """What every page of one script edition is rendered from."""

    edition: Edition  # in the edition's script
    source: Edition  # the same in Simplified: where the text is compared with quotes
    conv: ScriptConverter
    links: SiteLinks
    version: str = ""  # the edition's own version (a commit), for citations

    @property
    def env(self) -> Environment:
        return environment(self.conv.variant.base_config)

    def ui(self, text: str) -> str:
        return self.conv.ui(text)

    def template(self, name: str, **context: object) -> str:
        return self.env.get_template(name).render(**context)

    def page(self, path: str, name: str, **context: object) -> str:
        """The page at path from template `name` and nothing but `context`: the same context
        gives the same Markdown, so a page whose context is equal to last time's is not
        rendered again."""
        template = self.env.get_template(name)
        return self.remember(path, (template, context), lambda: template.render(**context))

    def remember(self, path: str, inputs: object, render: Callable[[], str]) -> str:
        """render(), unless this script's page at path was last rendered from equal inputs.
        `render` must read nothing but `inputs` (and this edition's script)."""
        return _RENDERED.get((self.conv.variant.code, self.conv.variant.base_config, path), inputs, render)


class Remembered:
    """What was last rendered in this process (pages, glossary entries), by script and path,
    with what it was rendered from: a preview runs the core again after every save, and most
    inputs are equal to the last run's. Bounded in characters: a long series' build renders
    each page once and keeps a few megabytes of them."""

    def __init__(self, chars: int) -> None:
        self.limit = chars
        self.held = 0
        self.slots: OrderedDict[tuple[str, str, str], tuple[object, str]] = OrderedDict()

    def get(self, slot: tuple[str, str, str], inputs: object, render: Callable[[], str]) -> str:
        last = self.slots.pop(slot, None)
        made = last[1] if last is not None and last[0] == inputs else render()
        self.held += len(made) - (len(last[1]) if last is not None else 0)
        self.slots[slot] = (inputs, made)  # the newest last
        while self.held > self.limit and len(self.slots) > 1:
            self.held -= len(self.slots.popitem(last=False)[1][1])
        return made

    def clear(self) -> None:
        self.slots.clear()
        self.held = 0


_RENDERED = Remembered(1 << 21)  # the page's three editions are about 1.0M


def render_edition(edition: Edition, source: Edition, conv: ScriptConverter, links: SiteLinks,
                   rules: Sequence[Rule] = (), taiwan_vocabulary: bool = False, version: str = "") -> list[RenderedPage]:
    """Every page of one script edition; `edition` is `source` converted by `conv`."""
    r = _Render(edition, source, conv, links, version)
    series = len(edition.pages) > 1
    pages = [
        RenderedPage(HOME, partial(_home, r), "data/edition.yml"),
        RenderedPage(GLOSSARY, partial(_glossary, r), "data/glossary.yml"),
        # One page's figures file; a series has one per page, so the button opens data/ to choose.
        RenderedPage(FIGURES, partial(_series_figures, r) if series else partial(_figures, r),
                     "data/" if series else f"{edition.pages[0].data_dir}/figures.yml"),
        RenderedPage(ABOUT, partial(_about, r, rules, taiwan_vocabulary), "data/variants.yml"),
        RenderedPage(DIAGNOSTICS, partial(_diagnostics, r), "generator/core/diagnostics.py"),
    ]
    for page in edition.pages:
        for article in page.articles:
            pages.append(RenderedPage(article_path(article), partial(_article, r, page, article),
                                      f"{page.data_dir}/structure.yml", scope=article.id))
        if series:
            pages.append(RenderedPage(figures_path(edition, page.ref.id), partial(_figures, r, page),
                                      f"{page.data_dir}/figures.yml"))
    return pages


def _diagnostics(r: _Render) -> str:
    return r.page(DIAGNOSTICS, "diagnostics.md.j2", codes=[_ui_code(c, r.ui) for c in CATALOGUE.values()])


def _ui_code(code: Code, ui: Callable[[str], str]) -> Code:
    return dataclasses.replace(code, title=ui(code.title), hint=ui(code.hint))


def _article(r: _Render, page: Page, article: Article) -> str:
    src = article_path(article)
    figures = figures_path(r.edition, page.ref.id)
    tips = {(m.kind, m.id): tip_for(r.edition, page, r.ui, m)
            for block in article.blocks for m in block.marks if m.kind not in ("dateline", "variant")}
    source_page = r.source.page(page.ref.id)
    source = r.source.article(page.ref.id, article.id)
    cite = citation.record(r.source, source_page, source, src[: -len("index.md")] + "index.html", r.version)
    cite_json = citation.script_json(cite)
    linked = citation.script_json(citation.json_ld(cite, r.conv.variant.code))
    template = r.env.get_template("article.md.j2")
    inputs = (template, article, tips, page.ref.paper, page.ref.date, figures, cite_json, linked)

    def render() -> str:
        ctx = InlineContext(tip=lambda m: tips[(m.kind, m.id)], href=partial(_mark_href, src, figures), ui=r.ui)

        def body(block: Block) -> Markup:
            return Markup(render_block_text(block, ctx))

        def heading(block: Block) -> Markup:
            # Headings carry only repair marks: no popover links in headings or in the table of contents.
            repairs = tuple(m for m in block.marks if m.kind == "repair")
            if block.type == "section":
                ctx.marked.clear()  # terms and figures are marked again in each section
            return Markup(render_block_text(dataclasses.replace(block, marks=repairs), ctx))

        return template.render(page={"ref": {"paper": page.ref.paper, "date": page.ref.date}}, article=article,
                               body=body, heading=heading, minutes=reading_minutes(article), home=href(src, HOME),
                               about=href(src, ABOUT, "repairs"), cite=Markup(cite_json), linked_data=Markup(linked))

    return r.remember(src, inputs, render)


def _home(r: _Render) -> str:
    return r.template("home.md.j2", edition=r.edition, link=lambda a: href(HOME, article_path(a)), minutes=reading_minutes)


SERIES_LINKS = (3, 9)  # in a series, a term links the first pages and the latest it stands on


def _backlinks(r: _Render, kind: str, ident: str, src: str) -> list[dict[str, str]]:
    """Where a term stands: every paragraph of a one-page edition. In a series, one link per
    page (its first paragraph there), and past a dozen pages the first and the latest with
    the number left out between them: a term on every page of a 1,000-page series made the
    glossary tens of megabytes."""
    series = len(r.edition.pages) > 1
    out: list[dict[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for occ in r.edition.occurrences.get((kind, ident), ()):
        article = r.edition.article(occ.page, occ.article)
        label = f"¶{occ.number}" if occ.number else r.ui("标题区")
        key = (occ.page,) if series else (occ.page, article.id, label)
        if key in seen:
            continue  # one link per paragraph (per page in a series), however often it occurs
        seen.add(key)
        # In a series the same headline can recur: the page's date tells the places apart.
        title = f"{r.edition.page(occ.page).ref.date} {article.headline}" if series else article.headline
        out.append({"title": title, "label": label, "href": href(src, article_path(article), occ.anchor), "gap": ""})
    first, last = SERIES_LINKS
    if series and len(out) > first + last:
        out = [*out[:first], {"title": "", "label": "", "href": "", "gap": str(len(out) - first - last)}, *out[-last:]]
    return out


def _glossary(r: _Render) -> str:
    groups = []
    for name, description in r.edition.categories:
        entries = [_glossary_entry(r, t) for t in r.edition.terms if t.category == name]
        if entries:
            groups.append({"name": name, "description": description, "entries": entries})
    return r.page(GLOSSARY, "glossary.md.j2", groups=groups, downloads=_downloads(r, "glossary", GLOSSARY))


def _glossary_entry(r: _Render, term: Term) -> Markup:
    """One term's entry, rendered on its own: a change to one definition renders one entry again."""
    entry = {"term": term, "pinyin": r.edition.pinyin[term.id], "explained": _explained(r, term),
             "backlinks": _backlinks(r, "term", term.id, GLOSSARY),
             "edit": r.links.view(*r.edition.locations[("term", term.id)])}
    return Markup(r.page(f"{GLOSSARY}#{term.id}", "glossary-entry.md.j2", entry=entry))


def _explained(r: _Render, term: Term) -> dict[str, str] | None:
    """The paragraph where the text itself explains a term (anchored with the other quotes)."""
    occ = r.edition.occurrences.get(("explained", term.id))
    if not occ:
        return None
    article = r.edition.article(occ[0].page, occ[0].article)
    return {"title": article.headline, "href": href(GLOSSARY, article_path(article), occ[0].anchor),
            "label": f"¶{occ[0].number}" if occ[0].number else ""}


def _ui_chart(chart: Chart, conv: ScriptConverter) -> Chart:
    """A chart computed from the Simplified data, in the edition's script: labels and values
    are editors' text (edition-wide rules), titles are the generator's own."""
    rows = tuple(dataclasses.replace(row, label=conv.text(row.label), shown=conv.text(row.shown))
                 for row in chart.rows)
    return dataclasses.replace(chart, title=conv.ui(chart.title), description=conv.ui(chart.description),
                               rows=rows, columns=(conv.ui(chart.columns[0]), conv.ui(chart.columns[1])))


def _figures(r: _Render, only: Page | None = None) -> str:
    """The figures table and charts: of the whole edition, or of one page of a series."""
    src = FIGURES if only is None else figures_path(r.edition, only.ref.id)
    pages = [only] if only is not None else r.edition.pages

    def related(ident: str) -> str:
        # `related` names a figure of the same page (the data check refuses others, R002),
        # listed on the same figures page. (A map of every figure of the series, made for
        # each page's figures, cost time in the square of the series' length.)
        return "#" + _ident(ident)

    groups = []
    for name, _ in r.edition.categories:
        rows = []
        for page in pages:
            for fig in page.figures:
                if fig.category != name:
                    continue
                occ = r.edition.occurrences.get(("figure", fig.id), ())
                article = r.edition.article(page.ref.id, fig.article)
                rows.append({
                    "figure": fig, "headline": article.headline,
                    "related": [{"href": related(rel), "text": r.edition.figure(rel).quote.exact} for rel in fig.related],
                    "href": href(src, article_path(article), occ[0].anchor) if occ else "",
                    "para": f"¶{occ[0].number}" if occ and occ[0].number else "",
                    "edit": r.links.view(*r.edition.locations[("figure", fig.id)]),
                })
        if rows:
            groups.append({"name": name, "rows": rows})
    charts = [_ui_chart(c, r.conv) for c in charts_for(r.source, only.ref.id if only else None)]

    return r.page(src, "figures.md.j2", groups=groups, charts=charts,
                  page={"ref": {"paper": only.ref.paper, "date": only.ref.date}} if only else None,
                  index=href(src, FIGURES) if only else "",
                  kinds={k: r.ui(v) for k, v in KIND.items()}, downloads=_downloads(r, "figures", src))


def _series_figures(r: _Render) -> str:
    """A series' figures page: the pages, each with the number of its figures and a link."""
    listed = [{"page": page, "count": len(page.figures), "href": href(FIGURES, figures_path(r.edition, page.ref.id))}
              for page in r.edition.pages if page.figures]
    return r.template("figures-series.md.j2", listed=listed, downloads=_downloads(r, "figures", FIGURES))


def _downloads(r: _Render, name: str, src: str) -> dict[str, str]:
    """Links to the open data from the page at `src`, in any edition's folder."""
    up = "../" * (src.count("/") + (1 if r.conv.variant.folder else 0))
    return {ext: f"{up}downloads/{name}.{ext}" for ext in ("csv", "json")} | {"package": f"{up}downloads/datapackage.json"}


def _about(r: _Render, rules: Sequence[Rule], taiwan_vocabulary: bool) -> str:
    repairs = []
    for page in r.edition.pages:
        for article in page.articles:
            for block in article.blocks:
                for ed in block.edits:
                    repairs.append({"repair": ed.repair, "headline": article.headline,
                                    "href": href(ABOUT, article_path(article), block.anchor),
                                    "para": f"¶{block.number}" if block.number else ""})
    pages = [{"paper": page.ref.paper, "date": page.ref.date, "source": page.ref.source, "articles": len(page.articles),
              "translator": page.translator, "data_dir": page.data_dir} for page in r.edition.pages]
    return r.page(ABOUT, "about.md.j2", description=r.edition.description, pages=pages, repairs=repairs,
                  diagnostics=href(ABOUT, DIAGNOSTICS), variant_rules=Markup(variant_rules_html(rules, r.ui)),
                  taiwan_vocabulary=taiwan_vocabulary)
