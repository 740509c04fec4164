"""Readings of the text for learners: one pinyin syllable per Chinese character.

pypinyin reads each run of Chinese characters with its phrase dictionary (a word such as
银行 or 行业 decides how its 行 is read); data/pinyin.yml overrides what it gets wrong and
gives the readings of names. The readings are those of the Simplified text; conversion
keeps every block's length and turns a Chinese character into a Chinese character, so the
same syllables stand over the Traditional editions.

一 and 不 are given their own tone (yī, bù) wherever no override says otherwise, as the
Hanyu Pinyin orthography (GB/T 16159) writes them: pypinyin's phrase dictionary writes the
tone change in some words and not in others (一个 yí gè, 一批 yī pī), and a learner is
better served by one rule than by a mixture.

Every occurrence of a character with more than one reading is listed with its reading
(`edition report pinyin`) and committed, reviewed, in data/pinyin-reviewed.txt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.core.diagnostics import Diagnostics, Location
from generator.core.document import Edition
from generator.core.files import confined, write_atomic
from generator.core.models import HAN, PinyinFile, Reading

OVERRIDES = "data/pinyin.yml"
REVIEWED = "data/pinyin-reviewed.txt"
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
UNCERTAIN = "存疑"
CITATION = {"一": "yī", "不": "bù"}


@dataclass(frozen=True)
class Syllable:
    at: int  # position in the block's text
    char: str
    reading: str
    override: Reading | None = None


def load_overrides(root: Path, diags: Diagnostics | None = None) -> list[Reading]:
    from generator.core.load import load_model

    loaded = load_model(root, OVERRIDES, PinyinFile, "pinyin", diags or Diagnostics(), required=False)
    return [] if loaded is None else list(loaded.model.readings)


def _pypinyin(run: str) -> list[str]:
    # Imported on first use, as in anchor.py: its dictionaries are large.
    from pypinyin import Style, pinyin

    out = [x[0] for x in pinyin(run, style=Style.TONE, heteronym=False, errors="default")]
    if len(out) != len(run):  # never expected for a run of Chinese characters; keep positions right
        return [_char_reading(c) for c in run]
    return out


@lru_cache(maxsize=8192)
def _char_reading(ch: str) -> str:
    from pypinyin import Style, pinyin

    return pinyin(ch, style=Style.TONE, heteronym=False)[0][0]


@lru_cache(maxsize=8192)
def polyphonic(ch: str) -> bool:
    """A character with more than one reading in pypinyin's single-character dictionary."""
    from pypinyin import Style, pinyin

    return len(pinyin(ch, style=Style.TONE, heteronym=True)[0]) > 1


def block_syllables(text: str, article: str, overrides: list[Reading]) -> list[Syllable]:
    """The reading of every Chinese character of a block: overrides first (longest phrase
    first), pypinyin for the rest."""
    chosen: dict[int, tuple[str, Reading]] = {}
    for r in sorted(overrides, key=lambda r: -len(r.phrase)):
        if r.article not in (None, article):
            continue
        syllables = r.reading.split()
        start = text.find(r.phrase)
        while start >= 0:
            places = [start + i for i, c in enumerate(r.phrase) if HAN_CHAR.match(c)]
            if not any(p in chosen for p in places):
                for p, s in zip(places, syllables, strict=True):
                    chosen[p] = (s, r)
            start = text.find(r.phrase, start + 1)
    out: list[Syllable] = []
    for m in HAN_RUN.finditer(text):
        for i, reading in enumerate(_pypinyin(m.group()), start=m.start()):
            fixed = chosen.get(i)
            if fixed:
                out.append(Syllable(i, text[i], fixed[0], fixed[1]))
            else:
                out.append(Syllable(i, text[i], CITATION.get(text[i], reading)))
    return out


def each_article_readings(edition: Edition, overrides: list[Reading]) -> Iterator[tuple[tuple[str, str], dict[str, str]]]:
    """(page, article), {block anchor: the syllables of its Chinese characters, space-separated},
    one article at a time."""
    for page in edition.pages:
        for a in page.articles:
            yield (page.ref.id, a.id), {b.anchor: " ".join(s.reading for s in block_syllables(b.text, a.id, overrides))
                                        for b in a.blocks}


def article_readings(edition: Edition, overrides: list[Reading]) -> dict[tuple[str, str], dict[str, str]]:
    """(page, article) → {block anchor: the syllables of its Chinese characters, space-separated}."""
    return dict(each_article_readings(edition, overrides))


def reading_script(readings: dict[str, str]) -> str:
    """The readings of one article as a script the page loads when the reader turns 拼音 on
    (a script, not JSON: it must load from a file:// bundle too). Anchors are ids and the
    readings are pinyin letters; json.dumps escapes anything else, `<` included."""
    body = json.dumps(readings, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "window.__edPinyin=" + body.replace("<", "\\u003c") + ";\n"


def review_lines(edition: Edition, overrides: list[Reading]) -> list[str]:
    """One line per occurrence of a polyphonic character: article, block, character, reading,
    context, and whether pypinyin or an override (marked 存疑 when uncertain) decided it."""
    out = []
    for page in edition.pages:
        for a in page.articles:
            for b in a.blocks:
                for s in block_syllables(b.text, a.id, overrides):
                    if not polyphonic(s.char):
                        continue
                    ctx = b.text[max(0, s.at - 6): s.at + 7]
                    mark = "原调" if s.char in CITATION else "pypinyin"
                    if s.override is not None:
                        mark = f"override:{s.override.phrase}" + (f" {UNCERTAIN}" if s.override.uncertain else "")
                    out.append(f"{a.id} {b.anchor} {s.char} {s.reading} …{ctx}… [{mark}]")
    return out


def unused_overrides(edition: Edition, overrides: list[Reading]) -> list[Reading]:
    """Overrides whose phrase stands nowhere in the text (in their article, if they name one)."""
    texts = [(a.id, b.text) for p in edition.pages for a in p.articles for b in a.blocks]
    return [r for r in overrides
            if not any(r.phrase in t for aid, t in texts if r.article in (None, aid))]


def check_overrides(root: Path, edition: Edition, diags: Diagnostics) -> list[Reading]:
    overrides = load_overrides(root, diags)
    for r in unused_overrides(edition, overrides):
        diags.add(Location(OVERRIDES), "P002", detail=r.phrase)
    return overrides


def read_reviewed(root: Path) -> list[str]:
    path = root / REVIEWED
    if not path.exists():
        return []
    return [x for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]


def write_reviewed(root: Path, lines: list[str]) -> None:
    head = ("# 拼音审核记录：每行是一个多音字（pypinyin 单字词典中有多种读音）在文中的一次出现，\n"
            "# 格式：文章 段落 字 读音 …上下文… [pypinyin 或 override:词语；存疑 = 读音无法确定]。\n"
            "# 每一行都经过人工审核；pypinyin 或 data/pinyin.yml 的变化会使测试失败，需重新审核。\n")
    write_atomic(confined(root, REVIEWED), (head + "\n".join(lines) + "\n").encode("utf-8"))


def current_lines(root: Path) -> list[str]:
    from generator.pipeline import run

    return review_lines(run(root).edition, load_overrides(root))


def pinyin_report(root: Path) -> tuple[str, bool]:
    """`edition report pinyin`: every polyphonic occurrence; `!` marks what the record lacks."""
    lines = current_lines(root)
    known = set(read_reviewed(root))
    pending = [x for x in lines if x not in known]
    header = ["# Characters with more than one reading", "",
              f"occurrences: {len(lines)}; decided by data/pinyin.yml: {sum('[override:' in x for x in lines)}; "
              f"uncertain ({UNCERTAIN}): {sum(f' {UNCERTAIN}]' in x for x in lines)}; "
              f"not in the reviewed record ({REVIEWED}): {len(pending)}", ""]
    body = [("  " if x in known else "! ") + x for x in lines]
    return "\n".join(header + body), not pending


def accept(root: Path) -> tuple[list[str], list[str], int]:
    """Record the current readings as reviewed; return the lines removed, added, and the total."""
    before = read_reviewed(root)
    lines = current_lines(root)
    write_reviewed(root, lines)
    now = set(lines)
    return [x for x in before if x not in now], [x for x in lines if x not in set(before)], len(lines)


SCRIPT = "pinyin.js"  # next to each article's page: the page loads it by a relative address


def article_scripts(root: Path) -> Iterator[tuple[str, str]]:
    """(docs path, script) of every article's readings, made one at a time as they are written
    (a long series' scripts would not fit in memory at once). The same in every script
    edition: conversion keeps each Chinese character's position. Raises InvalidData at once
    if pinyin.yml has errors."""
    from generator.core.diagnostics import InvalidData
    from generator.pipeline import run

    diags = Diagnostics()
    overrides = load_overrides(root, diags)
    if diags.errors:
        raise InvalidData(diags)
    edition = run(root).edition
    return ((f"{page}/{article}/{SCRIPT}", reading_script(readings))
            for (page, article), readings in each_article_readings(edition, overrides))
