"""Conversion rules: scopes, occurrence rules, and rules that act on text only."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.convert import SIMPLIFIED, ScriptConverter, variants
from generator.core.models import Rule
from generator.render.site import generate
from generator.tools.cli import main


def rule(**fields: object) -> Rule:
    return Rule.model_validate({"reason": "测试", **fields})


class Converters:
    """The converters of the three scripts, called the way a page's text is converted."""

    def __init__(self, rules: list[Rule], taiwan_vocabulary: bool) -> None:
        self.conv = {v.code: ScriptConverter(v, rules) for v in variants(taiwan_vocabulary)}

    def convert(self, variant: str, text: str, article: str | None = None) -> str:
        return self.conv[variant].text(text, article)


def test_rules_layer_in_front_of_opencc_and_survive_the_variant_step() -> None:
    conv = Converters([rule(phrase="春光里", **{"zh-Hant-TW": "春光里", "zh-Hant-HK": "春光里"})], False)
    assert conv.convert("zh-Hant-TW", "春光里产业") == "春光里產業"
    assert conv.convert("zh-Hant-HK", "春光里产业") == "春光里產業"
    assert Converters([], False).convert("zh-Hant-HK", "春光里产业") == "春光裏產業"  # OpenCC alone


def test_article_scoped_rule_applies_in_its_article_only() -> None:
    r = rule(phrase="余天", article="a1", **{"zh-Hant-TW": "餘天", "zh-Hant-HK": "餘天"})
    conv = Converters([r], False)
    assert conv.convert("zh-Hant-TW", "50余天", "a1") == "50餘天"
    assert conv.convert("zh-Hant-TW", "50余天", "a2") == "50余天"


def test_article_rule_wins_over_edition_rule_and_longest_phrase_wins() -> None:
    edition = rule(phrase="余天", **{"zh-Hant-TW": "甲甲", "zh-Hant-HK": "甲甲"})
    article = rule(phrase="余天", article="a1", **{"zh-Hant-TW": "乙乙", "zh-Hant-HK": "乙乙"})
    longer = rule(phrase="50余天", **{"zh-Hant-TW": "丙丙丙丙", "zh-Hant-HK": "丙丙丙丙"})
    conv = Converters([article, edition], False)
    assert conv.convert("zh-Hant-TW", "余天", "a1") == "乙乙"
    assert conv.convert("zh-Hant-TW", "余天", "a2") == "甲甲"
    assert Converters([edition, longer], False).convert("zh-Hant-HK", "约50余天后") == "約丙丙丙丙後"


def test_simplified_is_never_converted() -> None:
    conv = ScriptConverter(SIMPLIFIED, [rule(phrase="春光", **{"zh-Hant-TW": "甲乙", "zh-Hant-HK": "甲乙"})])
    assert conv.text("春光里") == "春光里"


def test_offsets_of_marks_survive_a_conversion_that_changes_length() -> None:
    # s2twp replaces some words with words of another length; the ends of marks still map.
    conv = ScriptConverter(variants(True)[1], [])
    text = "插入U盘和U盘"
    out, at = conv.convert(text, cuts={2, 4, 5, 7})
    assert out[at(2):at(4)] == conv.text("U盘") and out[at(5):at(7)] == conv.text("U盘")


def test_taiwan_vocabulary_is_a_setting() -> None:
    assert Converters([], False).convert("zh-Hant-TW", "数据视频") == "數據視頻"
    assert Converters([], True).convert("zh-Hant-TW", "数据视频") == "資料影片"


def test_occurrence_scoped_rule(repo: Path) -> None:
    variants = repo / "data/variants.yml"
    variants.write_text(variants.read_text(encoding="utf-8") + (
        "  - phrase: 党史\n    zh-Hant-TW: 甲史\n    zh-Hant-HK: 乙史\n    reason: 只改这一处\n"
        "    article: shanghai-shixun\n    quote:\n      exact: 党史\n      prefix: 为把开展\n"), encoding="utf-8")
    tw = next(p.markdown for p in generate(repo, "zh-Hant-TW").pages if p.scope == "shanghai-shixun")
    hk = next(p.markdown for p in generate(repo, "zh-Hant-HK").pages if p.scope == "shanghai-shixun")
    hans = next(p.markdown for p in generate(repo, "zh-Hans").pages if p.scope == "shanghai-shixun")
    assert tw.count("甲史") == 1 and "為把開展甲史學習" in tw and tw.count("黨史") > 3
    assert hk.count("乙史") == 1
    assert "为把开展党史学习" in hans and "甲史" not in hans and "\ue000" not in hans


def test_occurrence_rule_needs_its_article(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    variants = repo / "data/variants.yml"
    variants.write_text(variants.read_text(encoding="utf-8") + (
        "  - phrase: 党史\n    zh-Hant-TW: 黨史\n    zh-Hant-HK: 黨史\n    reason: x\n    quote: 党史\n"), encoding="utf-8")
    assert main(["--root", str(repo), "check"]) == 1
    assert "C001" in capsys.readouterr().out
