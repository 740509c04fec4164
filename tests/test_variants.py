"""Conversion rules: scopes, and the occurrence-scoped rule applied as a protected span."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.convert import Converters
from generator.models import Rule
from generator.site import generate


def rule(**fields: object) -> Rule:
    return Rule.model_validate({"reason": "测试", **fields})


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
    edition = rule(phrase="余天", **{"zh-Hant-TW": "甲", "zh-Hant-HK": "甲"})
    article = rule(phrase="余天", article="a1", **{"zh-Hant-TW": "乙", "zh-Hant-HK": "乙"})
    longer = rule(phrase="50余天", **{"zh-Hant-TW": "丙", "zh-Hant-HK": "丙"})
    conv = Converters([article, edition], False)
    assert conv.convert("zh-Hant-TW", "余天", "a1") == "乙"
    assert conv.convert("zh-Hant-TW", "余天", "a2") == "甲"
    assert Converters([edition, longer], False).convert("zh-Hant-HK", "约50余天后") == "約丙後"


def test_rule_forms_are_escaped() -> None:
    conv = Converters([rule(phrase="春光", **{"zh-Hant-TW": "<b>春</b>", "zh-Hant-HK": "春光"})], False)
    assert "<b>" not in conv.convert("zh-Hant-TW", "春光里")


def test_taiwan_vocabulary_is_a_setting() -> None:
    assert Converters([], False).convert("zh-Hant-TW", "数据视频") == "數據視頻"
    assert Converters([], True).convert("zh-Hant-TW", "数据视频") == "資料影片"


def test_occurrence_scoped_rule(repo: Path) -> None:
    variants = repo / "data/variants.yml"
    variants.write_text(variants.read_text(encoding="utf-8") + (
        "  - phrase: 党史\n    zh-Hant-TW: 黨史甲\n    zh-Hant-HK: 黨史乙\n    reason: 只改这一处\n"
        "    article: shanghai-shixun\n    quote:\n      exact: 党史\n      prefix: 为把开展\n"), encoding="utf-8")
    tw = next(p.markdown for p in generate(repo, "zh-Hant-TW").pages if p.scope == "shanghai-shixun")
    hk = next(p.markdown for p in generate(repo, "zh-Hant-HK").pages if p.scope == "shanghai-shixun")
    hans = next(p.markdown for p in generate(repo, "zh-Hans").pages if p.scope == "shanghai-shixun")
    assert tw.count("黨史甲") == 1 and "為把開展黨史甲學習" in tw and tw.count("黨史") > 3
    assert hk.count("黨史乙") == 1
    assert "为把开展党史学习" in hans and "\ue002" not in hans and "\ue000" not in hans


def test_occurrence_rule_needs_its_article(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    variants = repo / "data/variants.yml"
    variants.write_text(variants.read_text(encoding="utf-8") + (
        "  - phrase: 党史\n    zh-Hant-TW: 黨史\n    zh-Hant-HK: 黨史\n    reason: x\n    quote: 党史\n"), encoding="utf-8")
    assert main(["--root", str(repo), "check"]) == 1
    assert "C001" in capsys.readouterr().out
