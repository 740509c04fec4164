"""convert.py: OpenCC with the editors' rules by scope, and offsets that survive a change of length."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.convert import PROTECT_CLOSE, PROTECT_OPEN, ScriptConverter, opencc_only, variants
from generator.core.models import Quote, Rule


def rule(phrase: str, tw: str, hk: str, article: str | None = None, quote: str | None = None) -> Rule:
    return Rule(phrase=phrase, zh_Hant_TW=tw, zh_Hant_HK=hk, reason="测试", article=article,
                quote=Quote(exact=quote) if quote else None)


def converter(code: str, *rules: Rule, taiwan_vocabulary: bool = False) -> ScriptConverter:
    variant = next(v for v in variants(taiwan_vocabulary) if v.code == code)
    return ScriptConverter(variant, list(rules))


def test_simplified_is_left_as_written() -> None:
    conv = converter("zh-Hans", rule("干部", "幹部", "幹部"))
    assert conv.identity and conv.text("干部说云脑平台") == "干部说云脑平台"


def test_opencc_alone_without_rules() -> None:
    assert converter("zh-Hant-TW").text("云脑平台") == "雲腦平臺"
    assert converter("zh-Hant-HK").text("云脑平台") == "雲腦平台"


def test_an_edition_wide_rule_applies_everywhere() -> None:
    conv = converter("zh-Hant-TW", rule("平台", "平台", "平台"))
    assert conv.text("云脑平台") == "雲腦平台"
    assert conv.text("云脑平台", article="any") == "雲腦平台"


def test_an_article_rule_applies_in_its_article_and_wins_there() -> None:
    conv = converter("zh-Hant-TW", rule("平台", "平臺", "平臺"), rule("平台", "平台", "平台", article="a"))
    assert conv.text("云脑平台", article="a") == "雲腦平台"
    assert conv.text("云脑平台", article="b") == "雲腦平臺"
    assert conv.text("云脑平台") == "雲腦平臺"


def test_the_longest_rule_wins_at_a_place() -> None:
    conv = converter("zh-Hant-HK", rule("台", "臺", "臺"), rule("平台", "平台", "平台"))
    assert conv.text("平台和台") == "平台和臺"
    assert conv.rule_spans("平台和台", None) == [(0, 2, "平台"), (3, 4, "臺")]


def test_an_occurrence_rule_wins_over_phrase_rules() -> None:
    conv = converter("zh-Hant-TW", rule("平台", "平臺", "平臺"))
    text = "平台与平台"
    out, _ = conv.convert(text, fixed=[(3, 5, "平台")])
    assert out == "平臺與平台"


def test_offsets_map_one_to_one_when_lengths_are_kept() -> None:
    text = "城市云脑平台"
    out, at = converter("zh-Hant-TW").convert(text, cuts={2, 4})
    assert out == "城市雲腦平臺"
    assert [at(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_offsets_survive_a_conversion_that_changes_length() -> None:
    conv = converter("zh-Hant-TW", taiwan_vocabulary=True)
    text = "插上U盘看视频"  # s2twp: U盘 → 隨身碟 (2 → 3 characters)
    start, end = text.index("视频"), len(text)
    out, at = conv.convert(text, cuts={2, 4, start, end})
    assert out == "插上隨身碟看影片"
    assert out[at(start):at(end)] == "影片"
    assert out[at(2):at(4)] == "隨身碟"
    assert out[:at(2)] == "插上"
    with pytest.raises(ValueError, match="changed length"):
        conv.convert(text)[1](3)  # no cut there: the middle of U盘 has no place in 隨身碟


def test_interface_text_keeps_protected_spans() -> None:
    protected = f"简体{PROTECT_OPEN}干部{PROTECT_CLOSE}云脑"
    assert opencc_only("s2tw.json", protected) == "簡體干部雲腦"
    assert opencc_only("", protected) == "简体干部云脑"


def test_a_copied_model_keeps_pydantic_s_record_of_the_fields_given() -> None:
    bare, prefixed = Quote(exact="云脑"), Quote(exact="云脑", prefix="城市")
    moved = bare.model_copy(update={"prefix": "城市"})
    assert (moved.exact, moved.prefix, moved.suffix) == ("云脑", "城市", "")
    assert moved == prefixed and bare == Quote(exact="云脑") and bare.prefix == ""
    assert bare.model_fields_set == {"exact"} and moved.model_fields_set == {"exact", "prefix"}
    assert moved.model_dump(exclude_unset=True) == {"exact": "云脑", "prefix": "城市"}
    # one record per combination of fields, shared: a long series holds hundreds of thousands of models
    assert Quote(exact="平台").model_fields_set is bare.model_fields_set
    assert prefixed.model_fields_set is moved.model_fields_set


def test_the_converted_edition_shares_what_conversion_leaves_unchanged(tmp_path: Path) -> None:
    from generator.convert import _updated, convert_edition

    from .edition import make_edition

    source = "# 城市云脑赋能基层治理\n\n本报讯 城市云脑已接入12个部门。\n"
    structure = ("articles:\n  - id: yunnao\n    summary: s\n    blocks:\n"
                 "      - headline: 城市云脑赋能\n      - paragraph: 本报讯\n")
    figures = ("figures:\n  - id: bumen\n    article: yunnao\n    quote: 12个\n    value: 12\n    unit: 个\n"
               "    measures: 部门\n    period: 2021年\n    kind: result\n    category: 城市治理\n")
    edition = make_edition(tmp_path, source=source, structure=structure, figures=figures).edition
    assert edition is not None
    simplified = convert_edition(edition, converter("zh-Hans"))
    assert simplified.pages[0] is edition.pages[0]  # no marks of script rules to take out: nothing copied
    tw = convert_edition(edition, converter("zh-Hant-TW"))
    [figure], [before] = tw.pages[0].figures, edition.pages[0].figures
    assert (figure.quote.exact, figure.unit, figure.measures, figure.category) == ("12個", "個", "部門", "城市治理")
    assert _updated(before, period="2021年", category="城市治理") is before  # nothing changed: no copy
    assert _updated(before, unit="個").unit == "個" and before.unit == "个"
    block, was = tw.pages[0].articles[0].blocks[1], edition.pages[0].articles[0].blocks[1]
    assert block.text == "本報訊 城市雲腦已接入12個部門。"
    assert [m.id for m in block.marks] == [m.id for m in was.marks]
    assert all(m is n for m, n in zip(block.marks, was.marks, strict=True))  # same offsets: the same marks
