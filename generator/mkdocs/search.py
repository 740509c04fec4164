"""The search index of one edition, built from the pages MkDocs has written.

A reader types a name, a number as printed, a word inside a longer word, a phrase, a
glossary term's pinyin, in either script; the place where it stands must come first.
Word segmentation (jieba, Material's lunr index) misses whatever the dictionary cuts
differently, so the search works as CJK search engines do (Lucene's CJK analyzer): every
pair of adjacent characters of the folded text is a key, posted with its positions, and a
query's pairs, at adjacent positions, give the places where the phrase itself stands. Any
run of characters that occurs is found; nothing is segmented, so no dictionary and no HMM
runs on the text, whatever its length. This module extracts the documents, the script table
and the postings, and writes them in shards (see `shard`) that
docs/assets/edition-search.js loads as a query needs them to answer the search box.

The index grows with the series, and a reader should not download all of it to search:
the postings are cut by ranges of keys (a query reads the few shards holding its pairs,
whatever the series' length) and the texts by ranges of documents (only the results shown
need theirs, for the snippet). Shards by page group instead would make every query read
every group, since a query's pairs stand anywhere in the series.

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

import functools
import hashlib
import json
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.convert import engine

KINDS = ("article", "term", "figure")  # the ranking's tiers, in order
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")
_SKIP_CLASSES = {"ed-ui", "headerlink", "ed-backlinks", "ed-related", "ed-explained", "ed-edit"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKY = {"p", "h1", "h2", "h3", "td", "th", "figcaption", "li", "div"}


@dataclass(frozen=True, slots=True)  # a long series' index holds hundreds of thousands
class Doc:
    page: int  # index into the page list
    anchor: str
    kind: str  # one of KINDS
    head: str  # the section heading, the glossary term, or the figure as printed
    text: str  # what the reader sees, whitespace collapsed


@dataclass(frozen=True, slots=True)
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
        a = {k: v or "" for k, v in attrs}
        self.start(tag, a.get("class", ""), a.get("id", ""))

    def start(self, tag: str, class_: str, ident: str) -> None:
        """An element opens: its tag, class and id (the only attributes read)."""
        if tag in _VOID:
            if tag == "br" and self.current is not None:
                self.current[2].append(" ")
            return
        classes = set(class_.split()) if class_ else _NO_CLASS
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
        if self.current is None and ident and not self.skip:
            if "ed-block" in classes:
                kind, self.article_page = "article", True
            elif tag in ("h1", "h2"):
                kind = "heading"
            elif tag == "section" and "ed-entry" in classes:
                kind = "term"
            elif tag == "tr" and self.in_figures:
                kind = "figure"
        if kind:
            self.current = (kind, ident, [], [])
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


# A page as the generator, Python-Markdown and the theme write it: tags with double-quoted
# attributes, text with every "<" escaped, no comments; a script's text runs to its end tag.
_TOKEN = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[ \n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<]*")?)*)[ \n]*(/?)>'
                    r'|([^<]+)')
# The class and the id among a tag's attributes: `="` is never inside a value, so these
# match attributes only. (An attribute given twice counts as html.parser counts it, the last.)
_CLASS_OR_ID = re.compile(r'[ \n](class|id)="([^"<]*)"', re.IGNORECASE)
_NO_CLASS: frozenset[str] = frozenset()
_RAW_TEXT = ("script", "style")  # html.parser's elements whose text is not markup


def _read_quickly(html_text: str, parser: _Extractor) -> bool:
    """Hand the page's tags and text to the parser's handlers as html.parser would (tag and
    attribute names in lower case, character references resolved except in a script, a
    self-closed tag opened and closed), read by pattern: html.parser reads a page a
    character at a time. False when the page holds anything else (a stray "<", a
    comment): the parser has then been handed part of it, and must be thrown away."""
    at = 0  # where the next token begins
    for m in _TOKEN.finditer(html_text):
        if m.start() != at:
            if m.start() < at:
                continue  # inside a script's or a style's text, handed over whole below
            return False
        closing, name, attributes, closed, text = m.groups()
        at = m.end()
        if text is not None:
            if not parser.skip and (parser.current is not None or parser.heading is not None):  # else unread
                parser.handle_data(unescape(text) if "&" in text else text)
            continue
        tag = name.lower()
        if closing:
            if attributes or closed:
                return False
            parser.handle_endtag(tag)
            continue
        class_ = ident = ""
        if attributes:
            for name, value in _CLASS_OR_ID.findall(attributes):
                if "&" in value:
                    value = unescape(value)
                if name.lower() == "class":
                    class_ = value
                else:
                    ident = value
        parser.start(tag, class_, ident)
        if closed:
            parser.handle_endtag(tag)
        elif tag in _RAW_TEXT:
            stop = html_text.find(f"</{tag}>", at)
            if stop < 0 or f"</{tag}" in html_text[at:stop].lower():
                return False
            if stop > at:
                parser.handle_data(html_text[at:stop])
            parser.handle_endtag(tag)
            at = stop + len(tag) + 3
    return at == len(html_text)


def extract(html_text: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """The page's title and its documents (kind, anchor, head, text)."""
    parser = _Extractor()
    if not _read_quickly(html_text, parser):
        parser = _Extractor()
        parser.feed(html_text)
        parser.close()
    docs = []
    for kind, anchor, head, text in parser.docs:
        if kind == "heading":
            if not parser.article_page:
                continue  # only an article's headings are places of their own
            kind, head = "article", ""
        docs.append((kind, anchor, head, text))
    return parser.title, docs


def fold_table(texts: Iterable[str]) -> dict[str, str]:
    """Every script's form of the texts' Han characters → one Simplified form."""
    to_simplified = engine("t2s.json")
    out: dict[str, str] = {}
    chars: set[str] = set()
    for text in texts:  # not joined first: a long series' texts are tens of megabytes
        chars.update(text)
    for c in sorted(c for c in chars if _HAN.match(c)):  # each character once
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
    """The text as the search compares it (see the module's note). The page folds queries
    with the same rules in edition-search.js."""
    return "".join(fold_char(ch, table) for ch in text)


def documents(pages: Iterable[tuple[str, str]]) -> tuple[list[Page], list[Doc]]:
    """pages: (url relative to the edition root, rendered HTML), in reading order; read one
    at a time, so that a series' HTML need not be in memory at once."""
    page_list: list[Page] = []
    docs: list[Doc] = []
    for url, html in pages:
        title, found = extract(html)
        if not found:
            continue
        page_list.append(Page(url, title))
        docs.extend(Doc(len(page_list) - 1, anchor, kind, head, text) for kind, anchor, head, text in found)
    return page_list, docs


# ---- Postings ----
#
# The browser cannot fold the whole series' texts to build the pairs itself (that meant
# downloading every text on the first search), so the postings are built here, with
# positions: a query is answered from the postings of its own pairs alone (the phrase is
# verified by adjacent positions, counted, and ranked), and only the texts of the results
# shown are fetched, for their snippets. Each occurrence is one number, its position's
# distance from the previous occurrence in the same document times 8, plus three flags
# for the ranking's whole-word test (bit 0: a word may start here; bit 1: a word may end
# here; bit 2: a word may end at the next character). The last character of a document is
# posted under its character followed by END, so that every character of the text starts a
# key and a one-character query reads the keys starting with it.

END = "\x00"
_JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u200c\u200d") | {
    chr(c) for c in range(0x2000, 0x200B)}
# Script=Han (the browser's /\p{Script=Han}/u, which Python's re lacks).
_HAN_RANGES = ((0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x3005, 0x3005), (0x3007, 0x3007),
               (0x3021, 0x3029), (0x3038, 0x303B), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFA6D),
               (0xFA70, 0xFAD9), (0x16FE2, 0x16FE3), (0x16FF0, 0x16FF1), (0x20000, 0x2A6DF), (0x2A700, 0x2EBEF),
               (0x2F800, 0x2FA1D), (0x30000, 0x323AF))


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _HAN_RANGES)


@functools.lru_cache(maxsize=65536)
def _edge(inside: str, outside: str) -> bool:
    """Whether a word may begin or end between these two characters: a match inside a Latin
    word or a number ("3.6" in "353.6") is not a whole word (edition-search.js ranks it lower)."""
    alnum_in = unicodedata.category(inside)[0] in "LN"
    alnum_out = bool(outside) and unicodedata.category(outside)[0] in "LN"
    return not alnum_in or not alnum_out or _is_han(inside) or _is_han(outside)


def fold_char(ch: str, table: dict[str, str]) -> str:
    """One character folded, as foldChar in edition-search.js."""
    if ch in _JS_SPACE:
        return ""
    out = []
    for c in unicodedata.normalize("NFKD", ch).lower():
        if "\u0300" <= c <= "\u036f":
            continue
        out.append(table.get(c, c))
    return "".join(out)


class Folding:
    """Folding with one fold table, learnt a character at a time (a series' texts use a few
    thousand): the folded text in one str.translate, and each folded character's flags, bit
    0 (a word may start at it) and bit 1 (a word may end at it), judged against the original
    text's neighbours. Those are looked at only beside the characters whose flags depend on
    them (letters and digits outside Han) or that fold to other than one character (a space
    to none, "…" to three): every other character is a word's edge whatever stands beside it."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.folds: dict[str, str] = {}  # every character met → its folded form
        self.changed: dict[int, str] = {}  # for str.translate: the characters whose folded form differs
        self.edges: set[str] = set()  # characters folded to one character that is always a word's edge
        self.windows: dict[str, bytes] = {}  # a character with its neighbours → its folded characters' flags

    def fold(self, text: str) -> tuple[str, bytearray]:
        """The folded text and its flags, one per folded character."""
        chars = set(text)
        for ch in chars.difference(self.folds):  # (a dict's keys view would be made a set first)
            f = self.folds[ch] = fold_char(ch, self.table)
            if f != ch:
                self.changed[ord(ch)] = f
            if len(f) == 1 and _edge(f, "a"):  # an edge even beside a letter: an edge beside anything
                self.edges.add(ch)
        folded = text.translate(self.changed)
        flags = bytearray(b"\x03") * len(folded)
        others = chars - self.edges
        if others:
            padded = f"\0{text}\0"  # no character on either side: "\0" is no letter or digit either
            shift = 0  # folded position − original position, up to the character at hand
            windows = self.windows
            for i in sorted(i for ch in others for i in _positions(text, ch)):
                window = padded[i:i + 3]
                own = windows.get(window)
                if own is None:
                    f, prev, nxt = self.folds[window[1]], window[0], window[2]
                    own = windows[window] = bytes(_edge(c, prev) | _edge(c, nxt) << 1 for c in f)
                if own:
                    flags[i + shift:i + shift + len(own)] = own
                shift += len(own) - 1
        return folded, flags


def _positions(text: str, ch: str) -> Iterator[int]:
    at = text.find(ch)
    while at >= 0:
        yield at
        at = text.find(ch, at + 1)


def _utf16(key: str) -> bytes:
    # The browser compares strings by UTF-16 code units: the shards' key ranges are sorted so.
    return key.encode("utf-16-be", "surrogatepass")


def postings(docs: list[Doc], table: dict[str, str]) -> dict[str, bytearray]:
    """key → its postings, written as they are found (see _encode_document): per document
    holding the key, the distance from the previous one, the count and the occurrences.
    Written at once, a long series' postings take a third of the memory that numbers would."""
    out: dict[str, bytearray] = {}
    last_doc: dict[str, int] = {}
    fold = Folding(table).fold
    small = _b32_small()
    once = _b32_once()
    limit = len(small)
    for doc_id, doc in enumerate(docs):
        folded, flags = fold(doc.text)
        if not folded:
            continue
        flags.append(0)  # after the last character: the key folded[-1] + END ends no word there
        keys = [folded[i:i + 2] for i in range(len(folded) - 1)]
        keys.append(folded[-1] + END)
        mine: dict[str, int | list[int]] = {}  # key → its position, or its positions if more than one
        for i, key in enumerate(keys):
            got = mine.get(key)
            if got is None:
                mine[key] = i
            elif isinstance(got, int):
                mine[key] = [got, i]
            else:
                got.append(i)
        for key, where in mine.items():
            target = out.get(key)
            if target is None:
                target = out[key] = bytearray()
            distance = doc_id - last_doc.get(key, 0)
            last_doc[key] = doc_id
            if isinstance(where, int) and distance < limit and where < limit >> 1 and \
                    flags[where] == 3 and flags[where + 1] & 2:  # once, every flag set (Han text)
                target += once[distance]
                target += small[where << 1]
            else:
                _encode_document(target, distance, [where] if isinstance(where, int) else where, flags, small)
    return out


# ---- Shards ----

KEY_SHARD_BYTES = 32 * 1024  # the most a shard of postings holds, unless it holds one key only
DOC_SHARD_BYTES = 32 * 1024  # likewise the documents' texts


@dataclass(frozen=True)
class Sharded:
    manifest: dict[str, object]
    files: dict[str, str]  # name (relative to the shards' folder) → JSON body


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Numbers in a posting are written as base-32 digits, most significant first: a digit of
# _MORE is followed by more, a digit of _LAST ends the number. JSON-safe characters only,
# and some 2.5 times smaller than decimals with commas before compression.
_LAST = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
_MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_"


def _b32(value: int) -> bytes:
    digits = [_LAST[value & 31]]
    value >>= 5
    while value:
        digits.append(_MORE[value & 31])
        value >>= 5
    return "".join(reversed(digits)).encode("ascii")


@functools.cache
def _b32_small() -> tuple[bytes, ...]:
    """_b32 of every number below 2**15 (at most three digits), looked up rather than computed:
    an index holds millions of numbers, nearly all of them small."""
    return tuple(_b32(value) for value in range(1 << 15))


@functools.cache
def _b32_once() -> tuple[bytes, ...]:
    """_b32_small()'s numbers each followed by 1: a document's distance and the count of a key it holds once."""
    small = _b32_small()
    return tuple(value + small[1] for value in small)


def _encode_document(out: bytearray, distance: int, where: list[int], flags: bytearray,
                     small: tuple[bytes, ...]) -> None:
    """One document's part of a key's postings: the distance from the previous document, the
    count, and each occurrence as its position's distance from the previous one × 2, plus 1
    when its flags (its first character's two, and bit 2: a word may end after its second)
    are not all set; then the flags follow. In Han text every flag is set, so most
    occurrences are one or two digits. `small` is _b32_small()."""
    limit = len(small)
    out += small[distance] if distance < limit else _b32(distance)
    out += small[len(where)] if len(where) < limit else _b32(len(where))
    before = 0
    for at in where:
        value = (at - before) << 1
        before = at
        flag = flags[at] | (flags[at + 1] & 2) << 1
        if flag != 7:
            value |= 1
        out += small[value] if value < limit else _b32(value)
        if flag != 7:
            out += small[flag]


def _encode_postings(written: bytearray) -> str:
    """A key's postings as a JSON string: its digits are all JSON-safe ASCII characters."""
    return '"' + written.decode("ascii") + '"'


def _digest(pages: list[Page], docs: list[Doc], table: dict[str, str], sizes: tuple[int, int]) -> str:
    """The name of the shards' folder: a digest of everything they are made from (the
    pages, the documents, the fold table, the shard sizes and this module, which makes
    them), known before any shard is made, so that each can be written as soon as it is."""
    digest = hashlib.sha256(_THIS_MODULE)
    digest.update(_json([sizes, table]).encode("utf-8"))
    for page in pages:
        digest.update(f"\0{page.url}\0{page.title}".encode())
    for d in docs:
        digest.update(f"\0{d.page}\0{d.anchor}\0{d.kind}\0{d.head}\0{d.text}".encode())
    return digest.hexdigest()[:12]


_THIS_MODULE = Path(__file__).read_bytes()

Write = Callable[[str, str, str], None]  # (the shards' folder, a shard's name, its JSON body)


def shard(pages: list[Page], docs: list[Doc], *, key_bytes: int = KEY_SHARD_BYTES,
          doc_bytes: int = DOC_SHARD_BYTES, write: Write | None = None) -> Sharded:
    """The manifest (loaded first) and the shards a query loads on demand. With `write`,
    each shard is handed to it as soon as it is made and not kept (files is empty): a
    long series' index is never in memory whole. The postings are consumed as they are
    written."""
    table = fold_table(x for d in docs for x in (d.text, d.head))
    folder = _digest(pages, docs, table, (key_bytes, doc_bytes))
    posted = postings(docs, table)
    files: dict[str, str] = {}
    key_firsts: list[str] = []
    parts: list[str] = []
    size = 0

    def close(prefix: str, body: str, firsts: list[str] | list[int], first: str | int) -> None:
        if write is None:
            files[f"{prefix}{len(firsts)}.js"] = body
        else:
            write(folder, f"{prefix}{len(firsts)}.js", body)
        firsts.append(first)  # type: ignore[arg-type]

    # A shard is closed before the item that would take it over its size: only a shard of one
    # item (one key's postings, one text) is larger, as an item is never cut.
    first_key = ""
    for key in sorted(posted, key=_utf16):
        item = _json(key) + ":" + _encode_postings(posted.pop(key))
        grown = size + len(item.encode("utf-8")) + 1
        if parts and grown + 1 > key_bytes:
            close("k", "{" + ",".join(parts) + "}", key_firsts, first_key)
            parts, grown = [], len(item.encode("utf-8")) + 1
        if not parts:
            first_key = key
        parts.append(item)
        size = grown
    if parts:
        close("k", "{" + ",".join(parts) + "}", key_firsts, first_key)

    # A shard of texts also names the pages of its documents (address and title): only the
    # results shown need them, and in the bootstrap they would grow with every page.
    doc_firsts: list[int] = []
    rows: list[str] = []
    named: list[str] = []
    on: set[int] = set()
    first_doc = 0
    size = 20  # the braces and names

    def close_docs() -> None:
        close("d", '{"pages":[' + ",".join(named) + '],"docs":[' + ",".join(rows) + "]}", doc_firsts, first_doc)

    for doc_id, d in enumerate(docs):
        row = _json([d.anchor, d.head, d.text])
        page = "" if d.page in on and rows else _json([d.page, pages[d.page].url, pages[d.page].title])
        grown = size + len(row.encode("utf-8")) + len(page.encode("utf-8")) + 2
        if rows and grown > doc_bytes:
            close_docs()
            rows, named, on = [], [], set()
            page = _json([d.page, pages[d.page].url, pages[d.page].title])
            grown = 20 + len(row.encode("utf-8")) + len(page.encode("utf-8")) + 2
        if not rows:
            first_doc = doc_id
        rows.append(row)
        if page:
            named.append(page)
            on.add(d.page)
        size = grown
    if rows:
        close_docs()

    # Per page, its documents' kinds as runs [kind, count] (the documents are in page order).
    runs: list[list[list[int]]] = [[] for _ in pages]
    for d in docs:
        page_runs = runs[d.page]
        kind = KINDS.index(d.kind)
        if page_runs and page_runs[-1][0] == kind:
            page_runs[-1][1] += 1
        else:
            page_runs.append([kind, 1])
    manifest: dict[str, object] = {
        "kinds": list(KINDS),
        # The shards' folder is named by what they are made of: a cached shard of an older build is never mixed in.
        "dir": folder,
        "pages": runs,  # per page, its documents' kinds: [kind, count] runs
        "docs": len(docs),
        "keyShards": key_firsts,
        "docShards": doc_firsts,
        "fold": table,
    }
    return Sharded(manifest, files)


def build_index(pages: Iterable[tuple[str, str]], write: Write | None = None, **sizes: int) -> Sharded:
    """pages: (url relative to the edition root, rendered HTML), in reading order."""
    page_list, docs = documents(pages)
    return shard(page_list, docs, write=write, **sizes)


def shard_script(name: str, body: str) -> str:
    """A shard as a classic script registering itself: it loads from file:// as from a server,
    with no request API."""
    # "</" would end an inline script; as a file it is harmless, but keep the text inert anywhere.
    body = body.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"__edSearchAdd({_json(name)},{body});\n"


def shard_writer(folder: Path) -> Write:
    """Writes each shard under folder/<dir>/ as a script; folder is emptied first."""
    if folder.exists():
        shutil.rmtree(folder)
    made: set[str] = set()

    def write(shards: str, name: str, body: str) -> None:
        if shards not in made:
            (folder / shards).mkdir(parents=True, exist_ok=True)
            made.add(shards)
        # Registered under its path from the bootstrap's folder, as edition-search.js asks for it.
        (folder / shards / name).write_text(shard_script(f"{shards}/{name}", body), encoding="utf-8")
    return write


def write_bootstrap(folder: Path, index: Sharded) -> Path:
    (folder / str(index.manifest["dir"])).mkdir(parents=True, exist_ok=True)
    target = folder / "index.js"
    target.write_text(shard_script("index.js", _json(index.manifest)), encoding="utf-8")
    return target


def write_shards(folder: Path, index: Sharded) -> Path:
    """Write the bootstrap folder/index.js and the shards under folder/<dir>/; returns the bootstrap."""
    write = shard_writer(folder)
    for name, body in index.files.items():
        write(str(index.manifest["dir"]), name, body)
    return write_bootstrap(folder, index)


CONTENT_START = '<article class="md-content__inner'


def page_content(html: str) -> str:
    """The theme's article element of a written page, which holds everything the index
    reads: the header, the navigation and the footer around it (a third of an article's
    page) need not be parsed."""
    start, end = html.find(CONTENT_START), html.rfind("</article>")
    return html[start:end + len("</article>")] if 0 <= start < end else html


def write_index(site_dir: Path, page_paths: list[str]) -> Path:
    """Read the written HTML of the generated pages (docs-relative .md paths) and write
    assets/search/ (the bootstrap index.js and its shards)."""
    def pages() -> Iterator[tuple[str, str]]:
        for path in page_paths:
            url = path[:-3] + ".html" if path.endswith(".md") else path
            html_file = site_dir / url
            if html_file.is_file():
                yield url, page_content(html_file.read_text(encoding="utf-8"))

    folder = site_dir / "assets" / "search"
    return write_bootstrap(folder, build_index(pages(), write=shard_writer(folder)))


def read_script(text: str) -> tuple[str, object]:
    """The name and data of a part written by shard_script (for the tests and the benchmark)."""
    prefix = "__edSearchAdd("
    if not text.startswith(prefix) or not text.endswith(");\n"):
        raise ValueError("not a search index part")
    decoder = json.JSONDecoder()
    name, at = decoder.raw_decode(text, len(prefix))
    return str(name), json.loads(text[at + 1:-3])


def read_index(folder: Path) -> tuple[dict[str, Any], list[Page], list[Doc]]:
    """The bootstrap, pages and documents of a written assets/search/ (for the tests and the benchmark)."""
    _, manifest = read_script((folder / "index.js").read_text(encoding="utf-8"))
    assert isinstance(manifest, dict)
    named: dict[int, Page] = {}
    docs: list[Doc] = []
    kinds = [(page, manifest["kinds"][run[0]]) for page, runs in enumerate(manifest["pages"])
             for run in runs for _ in range(run[1])]
    for i in range(len(manifest["docShards"])):
        _, part = read_script((folder / manifest["dir"] / f"d{i}.js").read_text(encoding="utf-8"))
        assert isinstance(part, dict)
        named.update({n: Page(url, title) for n, url, title in part["pages"]})
        for anchor, head, text in part["docs"]:
            page, kind = kinds[len(docs)]
            docs.append(Doc(page, anchor, kind, head, text))
    return manifest, [named[i] for i in range(len(manifest["pages"]))], docs
