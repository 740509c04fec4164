"""The MkDocs adapter: hands the generated pages to MkDocs. The logic lives in the core."""

from __future__ import annotations

import contextlib
import functools
import html
import logging
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin

import jinja2
import jinja2.bccache
import markdown
from markupsafe import escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.templates import TemplateContext

from generator.convert import VARIANT_CODES
from generator.core.diagnostics import InvalidData
from generator.mkdocs.search import write_index
from generator.render import opendata
from generator.render.caches import made_folder
from generator.render.dictionary import dictionary_scripts
from generator.render.files import write_scripts
from generator.render.pages import SiteLinks
from generator.render.pinyin import article_scripts
from generator.render.site import GeneratedSite, NavItem, generate

log = logging.getLogger("mkdocs.plugins.edition")


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory for the life of the process and on disk
    in the user's cache folder between processes.

    MkDocs makes a new Jinja environment for every build, which compiles Material's
    templates afresh each time (about 0.3 s): once per rebuild in `mkdocs serve`, once
    per worker in a full build. A bucket is keyed by template name and checked against
    its source (and Jinja's and Python's versions), so an edited override is compiled
    afresh.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}
        self._disk: jinja2.FileSystemBytecodeCache | None = None
        self._tried = False

    def _files(self) -> jinja2.FileSystemBytecodeCache | None:
        if not self._tried:
            self._tried = True
            folder = made_folder("templates")
            self._disk = None if folder is None else jinja2.FileSystemBytecodeCache(str(folder))
        return self._disk

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])
            return
        disk = self._files()
        if disk is not None:
            try:
                disk.load_bytecode(bucket)
            except (OSError, ValueError, EOFError):
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()
        disk = self._files()
        if disk is not None:
            with contextlib.suppress(OSError):  # else compiled again by the next process
                disk.dump_bytecode(bucket)


TEMPLATES = _TemplateCache()

_ID = re.compile(r'\sid="([^"]*)"')
_A_NAME = re.compile(r'<a\s[^<>]*?(?<=\s)name="([^"]*)"')


class _AnchorIds(mkdocs_pages._RawHTMLPreprocessor):
    """MkDocs' collector of the ids that a page's raw HTML holds (for its check of links to
    anchors), reading them by pattern rather than by parsing the HTML. A generated page is
    mostly raw HTML, which Python-Markdown parses anyway: parsing it all again for its ids
    was an eighth of an edition's build. The generator writes every attribute in double
    quotes, so the ids are the same. The blocks of raw HTML set aside from Python-Markdown
    (_set_aside_html) are read too: `set_aside`, given while the page renders."""

    set_aside: ClassVar[tuple[str, ...]] = ()

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join([*lines, *self.set_aside])
        self.present_anchor_ids = {html.unescape(v) for v in (*_ID.findall(text), *_A_NAME.findall(text))}
        return lines


@contextmanager
def _anchor_ids_by_pattern(set_aside: list[str]) -> Iterator[None]:
    """Page.render, within this, collects the raw HTML's ids with _AnchorIds, those of the
    blocks set aside (_set_aside_html) too."""
    saved = mkdocs_pages._RawHTMLPreprocessor
    mkdocs_pages._RawHTMLPreprocessor = _AnchorIds  # type: ignore[misc]
    _AnchorIds.set_aside = tuple(set_aside)
    try:
        yield
    finally:
        mkdocs_pages._RawHTMLPreprocessor = saved  # type: ignore[misc]
        _AnchorIds.set_aside = ()


# A block of raw HTML as the generator writes it: one element, from a blank line to a blank line.
_RAW_BLOCK = re.compile(r"<([a-z][a-z0-9]*)[\s>].*</\1>", re.DOTALL)
_TAG_AT_LINE_START = re.compile(r"(?:^|\n)\s*<")


@dataclass(frozen=True)
class _SetAside:
    words: str  # the page's Markdown, each block set aside replaced by a word
    blocks: list[str]
    mark: str  # the words' first letters, found nowhere in the page

    def restore(self, html_text: str) -> str:
        """The converted page with each word back as its block, as Python-Markdown writes a
        block of raw HTML: in place of the paragraph around the word, followed by a newline,
        and the whole page stripped at the end."""
        if not self.blocks:
            return html_text
        placed = re.compile(rf"<p>{self.mark}(\d+)X</p>")
        return placed.sub(lambda m: self.blocks[int(m.group(1))] + "\n", html_text).strip()


def _set_aside_html(markdown_text: str, block_level: frozenset[str]) -> _SetAside:
    """The page's Markdown with each block of raw HTML replaced by a word, and the blocks.

    Python-Markdown passes a block of raw HTML through unchanged, but parses all of it
    (html.parser) to find where it ends: most of a generated page is such blocks, and this
    was a third of an edition's build. A block is set aside only when it is plainly one
    element (it starts with a block-level tag and ends with the same tag's end, as many
    of them open as close), which is what Python-Markdown would have passed through;
    anything else goes to Python-Markdown as before, and after a block of other HTML
    (which may leave an element open) every block does. The words start with letters that
    stand nowhere in the page, so no text of the page can be taken for one."""
    mark = "EDITIONRAWHTML"
    while mark in markdown_text:
        mark += "Q"
    blocks = markdown_text.split("\n\n")
    raw: list[str] = []
    for i, block in enumerate(blocks):
        m = _RAW_BLOCK.fullmatch(block)
        plain = m is not None and m.group(1) in block_level and \
            len(re.findall(rf"<{m.group(1)}[\s>]", block)) == block.count(f"</{m.group(1)}>")
        if not plain:
            if _TAG_AT_LINE_START.search(block):
                break  # it may leave an element open, which would take in the blocks after it
            continue
        blocks[i] = f"{mark}{len(raw)}X"
        raw.append(block)
    return _SetAside("\n\n".join(blocks), raw, mark)


@functools.cache
def _block_level() -> frozenset[str]:
    return frozenset(markdown.Markdown().block_level_elements)


class EditionConfig(Config):
    enabled = opt.Type(bool, default=True)
    variant = opt.Choice(VARIANT_CODES, default="zh-Hans")  # which script edition this build makes
    # Whether this build writes the articles' pinyin and dictionary scripts; `edition build`
    # writes them in jobs of their own, beside the editions' MkDocs builds.
    scripts = opt.Type(bool, default=True)


class EditionPlugin(BasePlugin[EditionConfig]):
    site: GeneratedSite | None = None

    def __init__(self) -> None:
        self._files = Files([])  # the build's files, which on_page_context renders a page against
        self._scripts: tuple[Iterator[tuple[str, str]], ...] = ()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # Everything is validated here, before MkDocs cleans site_dir: an invalid edit
        # stops the build with the previous site untouched.
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).parent
        try:
            self.site = generate(root, self.config.variant, site_links(config), edition_version(root))
        except InvalidData as err:
            raise PluginError("the annotation data has errors:\n" + err.diagnostics.report()) from None
        # Warnings of the data (a term found nowhere, say) do not block a build, as they do
        # not fail `edition check`: logged as information, they do not trip strict mode.
        for warning in self.site.warnings:
            log.info(warning.format(with_hint=False))
        if not config.repo_url:
            config.edit_uri = None  # a relative edit_uri with no repository would be a broken link
        variant = self.site.variant
        config.theme["language"] = variant.theme_language
        # MkDocs and the theme take titles as HTML and print them unescaped: escape here.
        config.site_name = escape(self.site.title)
        config.nav = [_nav(item) for item in self.site.nav]
        config.extra["edition"] = {
            "variant": variant.code,
            "folder": variant.folder,
            "variants": [{"code": v.code, "folder": v.folder, "label": v.label} for v in self.site.variants],
            "labels": self.site.labels,
        }
        return config

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        env.bytecode_cache = TEMPLATES
        self._files = files
        return env

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.site is None:
            return None
        for page in self.site.pages:
            # MkDocs converts every page to HTML before it writes any, so a whole edition's
            # Markdown and HTML would be held at once (gigabytes for a long series). A
            # generated page is handed over empty, then rendered and converted when it is
            # written (on_page_context), and let go after (on_post_page).
            file = File.generated(config, page.path, content="")
            # MkDocs makes the edit button from repo_url + edit_uri + this path: the data
            # file behind the page, not the generated Markdown. A folder has no edit page.
            file.edit_uri = None if page.edit_path.endswith("/") else page.edit_path
            files.append(file)
        for name in self.site.download_names:  # the open data, once, at the site's root: written in on_post_build
            files.append(File.generated(config, f"{opendata.FOLDER}/{name}", content=""))
        root = Path(config.config_file_path).parent
        try:  # each article's readings and dictionary, loaded by the page when the reader turns 拼音 or 查词 on
            if self.config.scripts:
                self._scripts = (article_scripts(root), dictionary_scripts(root, self.site.variant.code))
        except InvalidData as err:
            raise PluginError("the annotation data has errors:\n" + err.diagnostics.report()) from None
        return files

    @event_priority(100)  # before Material's search plugin, which reads the page's HTML
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> TemplateContext | None:
        if self.site is None:
            return None
        source = self.site.page_by_path.get(page.file.src_uri)
        if source is not None:  # a generated page, handed to MkDocs empty (on_files)
            text = source.markdown
            aside = _set_aside_html(text, _block_level())
            page.markdown = aside.words
            with _anchor_ids_by_pattern(aside.blocks):
                page.render(config, self._files)
            page.content = aside.restore(page.content or "")
            page.markdown = text
        # A page made from a whole folder of data (the figures of a series) opens the folder.
        if source is not None and source.edit_path.endswith("/"):
            page.edit_url = _browse(config, source.edit_path) or None
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        # Material's lunr index is not used (edition-search.js answers its search box from
        # assets/search/): excluded pages keep Material's plugin, which draws the
        # box, from segmenting every page with jieba into an index nobody reads.
        page.meta["search"] = {"exclude": True}
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.site is not None and page.file.src_uri in self.site.page_by_path:  # written next: let go
            page.content = None
            page.markdown = None
            page.toc = TableOfContents([])
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.site is None:
            return
        site_dir = Path(config.site_dir)
        # The scripts are made and written one at a time rather than handed to MkDocs as
        # files, which would hold every article's in memory until the build ends.
        for scripts in self._scripts:
            write_scripts(site_dir, scripts)
        self._scripts = ()
        # Handed to MkDocs empty (on_files), for its listing and its check of links, and
        # written here a row at a time: a long series' open data is hundreds of megabytes
        # while it is made, and MkDocs would hold it to the end of the build.
        self.site.write_downloads(site_dir / opendata.FOLDER)
        paths = [page.path for page in self.site.pages]
        # The pages are written: the edition in its script goes, and the index is built in
        # the memory it held (the next build makes its own, in on_config).
        self.site = None
        write_index(site_dir, paths)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(Path(config.config_file_path).parent / "data"))
        return server


def _browse(config: MkDocsConfig, path: str, action: str = "tree") -> str:
    """GitHub's address to browse (tree) or read (blob) a path, from repo_url and edit_uri
    (`edit/<branch>/`); "" when there is no repository or its edit address is another form."""
    edit_uri = config.edit_uri or ""
    if not config.repo_url or not edit_uri.startswith("edit/"):
        return ""
    return urljoin(config.repo_url.rstrip("/") + "/", action + edit_uri.removeprefix("edit") + path)


def site_links(config: MkDocsConfig) -> SiteLinks:
    return SiteLinks(_browse(config, "", "blob"))


def edition_version(root: Path) -> str:
    """The edition's own version for citations: EDITION_VERSION, else the commit it is built from."""
    if os.environ.get("EDITION_VERSION"):
        return os.environ["EDITION_VERSION"]
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                              text=True, check=False)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _nav(item: NavItem) -> dict[str, Any]:
    if item.children:
        return {escape(item.title): [_nav(c) for c in item.children]}
    return {escape(item.title): item.path}
