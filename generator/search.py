"""Help Material's search with Chinese queries.

Material segments the indexed text with jieba at build time, but a query is matched
as typed, by prefix: 城市云脑 as one query term finds nothing when the index holds
城市 and 云脑. The lexicon written here lists the words of the edition's own index,
and maps each character of the other scripts to this edition's script, so the page
can convert a query (雲腦 → 云脑) and cut it into indexed words (城市 云脑) before
Material's search worker sees it. No user dictionary is involved, so no entry can
hide the shorter words inside it.
"""

from __future__ import annotations

import json
import re

from .convert import engine

_SPLIT = re.compile(r"[\s\u200b\u3000\-、。，．？！；：“”‘’（）《》·…—/|,.!?;:()\[\]\"']+")


def index_words(index_json: str) -> list[str]:
    data = json.loads(index_json)
    words: set[str] = set()
    for doc in data.get("docs", []):
        for field in ("title", "text"):
            text = re.sub(r"<[^>]+>", " ", doc.get(field, ""))
            words.update(w.lower() for w in _SPLIT.split(text) if w)
    return sorted(words)


def char_map(words: list[str], variant: str) -> dict[str, str]:
    """Characters of the other scripts → this edition's script, for characters in its index."""
    chars = sorted({c for w in words for c in w if "\u3400" <= c <= "\u9fff"})
    out: dict[str, str] = {}
    if variant == "zh-Hans":
        for cfg in ("s2tw.json", "s2hk.json", "s2t.json"):
            conv = engine(cfg)
            for c in chars:
                t = conv.convert(c)
                if len(t) == 1 and t != c and t not in chars:
                    out.setdefault(t, c)
    else:
        conv = engine("t2s.json")
        for c in chars:
            s = conv.convert(c)
            if len(s) == 1 and s != c and s not in chars:
                out.setdefault(s, c)
    return out


def lexicon_script(index_json: str, variant: str) -> str:
    words = [w for w in index_words(index_json) if len(w) > 1]
    payload = {"words": words, "chars": char_map(words, variant)}
    return "window.__edLexicon = " + json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + ";\n"
