"""The search index of one edition, built from the pages MkDocs has written.

A reader types a name, a number as printed, a word inside a longer word, a phrase, a
glossary term's pinyin, in either script; the place where it stands must come first.
Word segmentation (jieba, Material's lunr index) misses whatever the dictionary cuts
differently, so the search works as CJK search engines do (Lucene's CJK analyzer): every
pair of adjacent characters of the folded text is a key, a query's pairs give the
candidates, and the phrase itself is then verified in each candidate's text. Any run of
two or more characters that occurs is found; nothing is segmented, so no dictionary and
no HMM runs on the text, whatever its length. This module extracts the documents and the
script table; docs/assets/edition-search.js builds the pairs and answers the search box.

One search document is one place a result can open: an article's block or heading
(`.ed-block[id]`, `h1[id]`, `h2[id]`), a glossary entry (`section.ed-entry[id]`), a
figure's row (`table.ed-figures tr[id]`). Pages without such places (the front page,
about/, about/diagnostics/) are not in the index. Text a reader does not see as the
page's own (pilcrows, repair buttons, backlinks, the figure row's locator cell) is left
out.

Folding, the same here and in edition-search.js: whitespace dropped, compatibility
forms decomposed (NFKD, full-width digits → ASCII), combining marks dropped (pinyin
tones), lower case, and every Han character that has another script's form mapped to
one Simplified form (the `fold` table shipped in the index), so that 雲腦 and 云脑
meet.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.convert import engine

KINDS = ("article", "term", "figure")  # the ranking's tiers, in order
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")
_SKIP_CLASSES = {"ed-ui", "headerlink", "ed-backlinks", "ed-related", "ed-explained", "ed-edit"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKY = {"p", "h1", "h2", "h3", "td", "th", "figcaption", "li", "div"}


@dataclass(frozen=True)
class Doc:
    page: int  # index into the page list
    anchor: str
    kind: str  # one of KINDS
    head: str  # the section heading, the glossary term, or the figure as printed
    text: str  # what the reader sees, whitespace collapsed


@dataclass(frozen=True)
class Page:
    url: str  # relative to the edition's root
    title: str


class _Extractor(HTMLParser):
    """The search documents of one page. The pages are the generator's own, well formed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # Per open element: its tag, whether it opened a document, skipped text, the head.
        self.stack: list[tuple[str, bool, bool, bool]] = []
        self.skip = 0  # inside text that is not the page's own
        self.in_head = 0  # inside a term's own words or a figure's printed form
        self.current: tuple[str, str, list[str], list[str]] | None = None  # kind, anchor, text, head
        self.in_figures = 0
        self.cell = 0
        self.heading: list[str] | None = None
        self.section = ""
        self.title = ""
        self.article_page = False
        self.docs: list[tuple[str, str, str, str]] = []  # kind, anchor, head, text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and self.current is not None:
                self.current[2].append(" ")
            return
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        if tag == "table" and "ed-figures" in classes:
            self.in_figures += 1
        skipped = bool(classes & _SKIP_CLASSES)
        if tag == "tr":
            self.cell = 0
        elif tag == "td":
            self.cell += 1
            # The last column of a figure's row only says where the figure stands.
            skipped = skipped or (self.in_figures > 0 and self.cell == 5)
        kind = ""
        if self.current is None and a.get("id") and not self.skip:
            if "ed-block" in classes:
                kind, self.article_page = "article", True
            elif tag in ("h1", "h2"):
                kind = "heading"
            elif tag == "section" and "ed-entry" in classes:
                kind = "term"
            elif tag == "tr" and self.in_figures:
                kind = "figure"
        if kind:
            self.current = (kind, a["id"], [], [])
        elif self.current is not None and tag in _BLOCKY:
            self.current[2].append(" ")
        if tag in ("h1", "h2") and self.heading is None:
            self.heading = []
        head = self.current is not None and (
            (self.current[0] == "term" and tag == "h3") or (self.current[0] == "figure" and tag == "td" and self.cell == 1))
        # The pinyin and English after a term are spans of its heading, not the term.
        skipped_head = self.in_head > 0 and tag == "span"
        self.stack.append((tag, bool(kind), skipped, head or skipped_head))
        self.skip += skipped
        self.in_head += 1 if head else (-1 if skipped_head else 0)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # Close up to the matching element (the generator's HTML is balanced; this only guards).
        while self.stack:
            name, opened, skipped, head = self.stack.pop()
            self.skip -= skipped
            if head:
                self.in_head += -1 if name != "span" else 1
            if name == "table" and self.in_figures:
                self.in_figures -= 1
            if name in ("h1", "h2") and self.heading is not None:
                text = _collapse("".join(self.heading))
                if name == "h1" and not self.title:
                    self.title = text
                elif name == "h2":
                    self.section = text
                self.heading = None
            if opened and self.current is not None:
                kind, anchor, parts, head_parts = self.current
                text = _collapse("".join(parts))
                if text:
                    own = _collapse("".join(head_parts)) if kind in ("term", "figure") else self.section
                    self.docs.append((kind, anchor, own, text))
                self.current = None
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
        if self.current is not None:
            self.current[2].append(data)
            if self.in_head > 0:
                self.current[3].append(data)


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def extract(html: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """The page's title and its documents (kind, anchor, head, text)."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    docs = []
    for kind, anchor, head, text in parser.docs:
        if kind == "heading":
            if not parser.article_page:
                continue  # only an article's headings are places of their own
            kind, head = "article", ""
        docs.append((kind, anchor, head, text))
    return parser.title, docs


def fold_table(texts: list[str]) -> dict[str, str]:
    """Every script's form of the texts' Han characters → one Simplified form."""
    to_simplified = engine("t2s.json")
    out: dict[str, str] = {}
    for c in sorted({c for t in texts for c in t if _HAN.match(c)}):
        s = to_simplified.convert(c)
        if len(s) != 1:
            s = c
        if s != c:
            out[c] = s
        for cfg in ("s2t.json", "s2tw.json", "s2hk.json"):
            t = engine(cfg).convert(s)
            if len(t) == 1 and t != s and t not in out:
                out[t] = s
    return dict(sorted(out.items()))


def fold(text: str, table: dict[str, str]) -> str:
    """The text as the search compares it (see the module's note). The page folds with the
    same rules in edition-search.js; this copy serves the tests and the benchmark."""
    out = []
    for ch in text:
        if ch.isspace() or ch in "\u200b\u200c\u200d\ufeff":
            continue
        for c in unicodedata.normalize("NFKD", ch):
            if "\u0300" <= c <= "\u036f":
                continue
            for low in c.lower():
                out.append(table.get(low, low))
    return "".join(out)


def build_index(pages: list[tuple[str, str]]) -> dict[str, object]:
    """pages: (url relative to the edition root, rendered HTML), in reading order.

    The index holds the documents' texts and the fold table, not the bigram postings:
    the page builds those when it loads the index (some 10 to 40 ms here), folding the texts
    with the very code that folds the query, so that no difference between Python's and
    the browser's Unicode tables can hide a document. Shipped postings would triple the
    download (73 KB gzipped instead of 27 KB for this page) to save those milliseconds.
    """
    page_list: list[Page] = []
    docs: list[Doc] = []
    for url, html in pages:
        title, found = extract(html)
        if not found:
            continue
        page_list.append(Page(url, title))
        docs.extend(Doc(len(page_list) - 1, anchor, kind, head, text) for kind, anchor, head, text in found)
    return {
        "kinds": list(KINDS),
        "pages": [[p.url, p.title] for p in page_list],
        "docs": [[d.page, d.anchor, KINDS.index(d.kind), d.head, d.text] for d in docs],
        "fold": fold_table([d.text for d in docs] + [d.head for d in docs]),
    }


def index_script(index: dict[str, object]) -> str:
    """The index as a classic script: it loads from file:// as from a server, with no request API."""
    body = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # "</" would end an inline script; as a file it is harmless, but keep the text inert anywhere.
    body = body.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return "window.__edSearch = " + body + ";\n"


def write_index(site_dir: Path, page_paths: list[str]) -> Path:
    """Read the written HTML of the generated pages (docs-relative .md paths) and write assets/search-index.js."""
    pages = []
    for path in page_paths:
        url = path[:-3] + ".html" if path.endswith(".md") else path
        html_file = site_dir / url
        if html_file.is_file():
            pages.append((url, html_file.read_text(encoding="utf-8")))
    target = site_dir / "assets" / "search-index.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(index_script(build_index(pages)), encoding="utf-8")
    return target
