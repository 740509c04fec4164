"""search.py: the lexicon that lets a query in any script find the words of the index."""

from __future__ import annotations

import json

from generator.search import char_map, index_words, lexicon_script

INDEX = json.dumps({"docs": [
    {"title": "城市云脑赋能基层治理", "text": "<p>城市 云脑，已接入12个部门。</p>"},
    {"title": "术语", "text": "平台 “数据”"},
]}, ensure_ascii=False)


def test_index_words_are_the_indexed_pieces_without_markup_or_punctuation() -> None:
    words = index_words(INDEX)
    assert "城市" in words and "云脑" in words and "数据" in words
    assert not any(c in w for w in words for c in "<>，。“”")
    assert words == sorted(set(words))


def test_characters_of_the_other_scripts_map_to_the_editions() -> None:
    words = index_words(INDEX)
    simplified = char_map(words, "zh-Hans")
    assert simplified["雲"] == "云" and simplified["臺"] == "台"
    traditional = char_map(["雲腦"], "zh-Hant-TW")
    assert traditional["云"] == "雲" and traditional["脑"] == "腦"


def test_the_lexicon_is_a_script_with_words_of_two_characters_or_more() -> None:
    script = lexicon_script(INDEX, "zh-Hans")
    assert script.startswith("window.__edLexicon = ") and script.endswith(";\n")
    payload = json.loads(script.removeprefix("window.__edLexicon = ").removesuffix(";\n"))
    assert "云脑" in payload["words"] and all(len(w) > 1 for w in payload["words"])
    assert payload["chars"]["腦"] == "脑"
