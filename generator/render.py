"""Render the Edition to Markdown pages with Jinja2 templates (one dict per edition).

Body text goes into raw HTML blocks (Python-Markdown leaves them alone); headings are
Markdown so that the table of contents and the search index see them. All output is
in Simplified script; the conversion step turns the finished pages into the other
scripts.
"""

from __future__ import annotations

import dataclasses
import math
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache, partial

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import safe_text
from .charts import charts_for
from .convert import PROTECT_CLOSE, PROTECT_OPEN
from .diagnostics import CATALOGUE
from .document import Article, Block, Edition, Mark, Page
from .inline import InlineContext, render_block_text
from .models import Note
from .numbers import KIND, describe_figure

CHARS_PER_MINUTE = 400
GLOSSARY = "glossary/index.md"
FIGURES = "figures/index.md"
ABOUT = "about/index.md"
DIAGNOSTICS = "about/diagnostics/index.md"
HOME = "index.md"


def article_path(article: Article) -> str:
    return f"{article.page}/{article.id}/index.md"


def href(src: str, dest: str, fragment: str = "") -> str:
    """Relative link between two generated pages, as it will be in the built site."""
    rel = _relative(src, dest)
    return rel + (f"#{fragment}" if fragment else "")


@lru_cache(maxsize=65536)
def _relative(src: str, dest: str) -> str:
    return posixpath.relpath(dest[: -len(".md")] + ".html", posixpath.dirname(src) or ".")


@dataclass(frozen=True)
class SiteLinks:
    """Where an annotation's data stands on GitHub (file and line; the page shows an edit button)."""

    repository: str  # owner/name on GitHub, or "" when unknown
    branch: str = "main"

    def view(self, path: str, line: int | None = None) -> str:
        if not self.repository:
            return ""
        anchor = f"#L{line}" if line else ""
        return f"https://github.com/{self.repository}/blob/{self.branch}/{path}{anchor}"


@dataclass(frozen=True)
class RenderedPage:
    path: str  # the docs-relative path of the generated Markdown file
    markdown: str
    edit_path: str  # the data file an annotator edits for this page
    scope: str = ""  # article id, for article-scoped conversion rules


_SAFE_URL = re.compile(r"^[A-Za-z0-9_./#:?=&%-]*$")
_IDENT = re.compile(r"^[A-Za-z0-9-]+$")


def _url(value: str) -> Markup:
    """A link built by the generator (relative path or GitHub address)."""
    if not _SAFE_URL.match(value) or value.lower().startswith(("javascript:", "data:")):
        raise ValueError(f"unexpected link {value!r}")
    return Markup(value.replace("&", "&amp;"))


def _ident(value: str) -> Markup:
    if not _IDENT.match(value):
        raise ValueError(f"unexpected id {value!r}")
    return Markup(value)


def _finalize(value: object) -> object:
    # Every value a template prints is escaped for HTML *and* Markdown, unless it is
    # already Markup (rendered HTML, a checked link or id).
    return value if isinstance(value, Markup) else safe_text.text(str(value))


def _env() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True, finalize=_finalize,
                      # `{#id}` is attribute-list syntax in the Markdown output, not a comment
                      comment_start_string="{%#", comment_end_string="#%}")
    env.filters["url"] = _url
    # Text that must reach every script edition unchanged (e.g. a word quoted as an example of conversion).
    env.filters["keep"] = lambda v: Markup(PROTECT_OPEN) + safe_text.text(str(v)) + Markup(PROTECT_CLOSE)
    env.filters["ident"] = _ident
    env.filters["heading"] = safe_text.heading
    env.filters["rich"] = safe_text.rich
    env.filters["plain"] = safe_text.plain
    return env


ENV = _env()


def reading_minutes(article: Article) -> int:
    return max(1, math.ceil(sum(len(b.text) for b in article.blocks) / CHARS_PER_MINUTE))


def tip_for(edition: Edition, page: Page, mark: Mark) -> str:
    if mark.kind == "term":
        term = edition.term(mark.id)
        return f"{term.term}（{edition.pinyin[term.id]}）：{safe_text.plain(term.definition)}"
    if mark.kind == "figure":
        return describe_figure(edition.figure(mark.id))
    item = page.by_id[(mark.kind, mark.id)]
    return safe_text.plain(item.text) if isinstance(item, Note) else item.reason


def _mark_href(src: str, mark: Mark) -> str:
    dest = GLOSSARY if mark.kind == "term" else FIGURES
    return href(src, dest, mark.id)


def render_edition(edition: Edition, links: SiteLinks, variant_rules: str = "",
                   taiwan_vocabulary: bool = False) -> list[RenderedPage]:
    pages = [
        RenderedPage(HOME, _home(edition), "data/edition.yml"),
        RenderedPage(GLOSSARY, _glossary(edition, links), "data/glossary.yml"),
        RenderedPage(FIGURES, _figures(edition, links), f"{edition.pages[0].data_dir}/figures.yml"),
        RenderedPage(ABOUT, _about(edition, variant_rules, taiwan_vocabulary), "data/variants.yml"),
        RenderedPage(DIAGNOSTICS, ENV.get_template("diagnostics.md.j2").render(codes=CATALOGUE.values()),
                     "generator/diagnostics.py"),
    ]
    for page in edition.pages:
        for article in page.articles:
            pages.append(RenderedPage(article_path(article), _article(edition, page, article),
                                      f"{page.data_dir}/structure.yml", scope=article.id))
    return pages


def _article(edition: Edition, page: Page, article: Article) -> str:
    src = article_path(article)
    ctx = InlineContext(tip=partial(tip_for, edition, page), href=partial(_mark_href, src))

    def body(block: Block) -> Markup:
        return Markup(render_block_text(block, ctx))

    def heading(block: Block) -> Markup:
        # Headings carry only repair marks: no popover links in headings or in the table of contents.
        repairs = tuple(m for m in block.marks if m.kind == "repair")
        if block.type == "section":
            ctx.marked.clear()  # terms and figures are marked again in each section
        return Markup(render_block_text(dataclasses.replace(block, marks=repairs), ctx))

    return ENV.get_template("article.md.j2").render(
        edition=edition, page=page, article=article, body=body, heading=heading, minutes=reading_minutes(article),
        home=href(src, HOME), about=href(src, ABOUT, "repairs"))


def _home(edition: Edition) -> str:
    return ENV.get_template("home.md.j2").render(
        edition=edition, link=lambda a: href(HOME, article_path(a)), minutes=reading_minutes)


def _backlinks(edition: Edition, kind: str, ident: str, src: str) -> list[dict[str, str]]:
    out, seen = [], set()
    for occ in edition.occurrences.get((kind, ident), ()):
        article = edition.article(occ.page, occ.article)
        label = f"¶{occ.number}" if occ.number else "标题区"
        if (article.id, label) in seen:
            continue  # one link per paragraph, however often the term occurs in it
        seen.add((article.id, label))
        out.append({"title": article.headline, "label": label,
                    "href": href(src, article_path(article), occ.anchor)})
    return out


def _glossary(edition: Edition, links: SiteLinks) -> str:
    groups = []
    for name, description in edition.categories:
        terms = [t for t in edition.terms if t.category == name]
        if terms:
            groups.append({"name": name, "description": description, "terms": terms})
    return ENV.get_template("glossary.md.j2").render(
        edition=edition, groups=groups,
        backlinks=lambda t: _backlinks(edition, "term", t.id, GLOSSARY),
        explained=lambda t: _explained(edition, t),
        edit=lambda t: links.view(*edition.locations[("term", t.id)]))


def _explained(edition: Edition, term: object) -> dict[str, str] | None:
    pointer = getattr(term, "explained_in", None)
    if pointer is None:
        return None
    for page in edition.pages:
        for article in page.articles:
            if article.id != pointer.article:
                continue
            for block in article.blocks:
                if pointer.quote.exact in block.text:
                    return {"title": article.headline,
                            "href": href(GLOSSARY, article_path(article), block.anchor),
                            "label": f"¶{block.number}" if block.number else ""}
    return None


def _figures(edition: Edition, links: SiteLinks) -> str:
    groups = []
    for name, _ in edition.categories:
        rows = []
        for page in edition.pages:
            for fig in page.figures:
                if fig.category != name:
                    continue
                occ = edition.occurrences.get(("figure", fig.id), ())
                article = edition.article(page.ref.id, fig.article)
                rows.append({
                    "figure": fig, "article": article,
                    "href": href(FIGURES, article_path(article), occ[0].anchor) if occ else "",
                    "para": f"¶{occ[0].number}" if occ and occ[0].number else "",
                    "edit": links.view(*edition.locations[("figure", fig.id)]),
                })
        if rows:
            groups.append({"name": name, "rows": rows})
    return ENV.get_template("figures.md.j2").render(edition=edition, groups=groups,
                                                      charts=charts_for(edition), kinds=KIND)


def _about(edition: Edition, variant_rules: str, taiwan_vocabulary: bool) -> str:
    repairs = []
    for page in edition.pages:
        for article in page.articles:
            for block in article.blocks:
                for ed in block.edits:
                    repairs.append({"repair": ed.repair, "article": article,
                                    "href": href(ABOUT, article_path(article), block.anchor),
                                    "para": f"¶{block.number}" if block.number else ""})
    return ENV.get_template("about.md.j2").render(edition=edition, repairs=repairs,
                                                    diagnostics=href(ABOUT, DIAGNOSTICS),
                                                    variant_rules=Markup(variant_rules),
                                                    taiwan_vocabulary=taiwan_vocabulary)
