"""The reviewed state of every ambiguous conversion, committed as data.

data/variants-reviewed.txt holds one line per occurrence (context, the Taiwan and the
Hong Kong form, and whether a rule fixes it), as a reviewer accepted it. A change in
OpenCC's dictionaries or in the rules that alters a reviewed conversion shows up as a
difference from this file, and the tests fail until someone reviews it again.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.files import confined, write_atomic

REVIEWED = "data/variants-reviewed.txt"


def read_reviewed(root: Path) -> list[str]:
    path = root / REVIEWED
    if not path.exists():
        return []
    return [x for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]


def unreviewed(root: Path, lines: list[str]) -> list[str]:
    known = set(read_reviewed(root))
    return [x for x in lines if x not in known]


def write_reviewed(root: Path, lines: list[str]) -> None:
    head = ("# 繁体转换审核记录：每行是一个有多种繁体写法的字在文中的一次出现，\n"
            "# 格式：文章 段落 简→台湾/香港 …上下文… [opencc 或 rule:规则]。\n"
            "# 每一行都经过人工审核；OpenCC 或规则的变化会使测试失败，需重新审核。\n")
    write_atomic(confined(root, REVIEWED), (head + "\n".join(lines) + "\n").encode("utf-8"))
