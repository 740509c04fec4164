"""Readings for learners: words read by pypinyin's phrases, the overrides, the review record, the tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.core.assemble import build_edition
from generator.core.document import Edition
from generator.core.models import Reading
from generator.render.pinyin import (
    OVERRIDES,
    REVIEWED,
    article_readings,
    block_syllables,
    load_overrides,
    polyphonic,
    reading_script,
    review_lines,
)
from generator.tools.cli import main
from tests.conftest import FIXTURE
from tests.test_check import assert_reported, edit, run_check

# Polyphonic words as the page has them, with the readings a careful reader gives them:
# (article, a quote that contains the word, the word, its reading at the quote's first place).
CORPUS = [
    ("shuzi-qingdao", "布局4个行业标识", "行业", "háng yè"),
    ("shuzi-qingdao", "年行动方案", "行动", "xíng dòng"),
    ("keji-jinbu", "沿海重要的创新", "重要", "zhòng yào"),
    ("pingan-yancao", "调研“平安烟草”", "调研", "diào yán"),
    ("keji-jinbu", "实行“调整", "调整", "tiáo zhěng"),
    ("shuzi-qingdao", "协调推进", "协调", "xié tiáo"),
    ("shuzi-qingdao", "高效调配", "调配", "diào pèi"),
    ("shuzi-qingdao", "同比增长", "增长", "zēng zhǎng"),
    ("qingting-shangliang", "副区长", "区长", "qū zhǎng"),
    ("shuzi-qingdao", "率先在胶东", "率先", "shuài xiān"),
    ("shuzi-qingdao", "覆盖率达99%", "覆盖率", "fù gài lǜ"),
    ("shuzi-qingdao", "方面着力", "着力", "zhuó lì"),
    ("keji-jinbu", "随着城市", "随着", "suí zhe"),
    ("shuzi-qingdao", "数据“应共享", "应共享", "yīng gòng xiǎng"),
    ("shuzi-qingdao", "系统应用界面", "应用", "yìng yòng"),
    ("keji-jinbu", "国际大都市提供", "大都市", "dà dū shì"),
    ("shuzi-qingdao", "工业互联网之都建设，布局", "之都", "zhī dū"),
    ("shuzi-qingdao", "累计在网泊位", "泊位", "bó wèi"),
    ("keji-jinbu", "青岛答卷", "答卷", "dá juàn"),
    ("pingan-yancao", "青岛卷烟厂保持", "卷烟", "juǎn yān"),
    ("keji-jinbu", "从种植", "种植", "zhòng zhí"),
    ("shuzi-qingdao", "14个警种", "警种", "jǐng zhǒng"),
    ("keji-jinbu", "人工背着喷雾器", "背着", "bēi zhe"),
    ("keji-jinbu", "头顶着烈日", "顶着", "dǐng zhe"),
    ("shuzi-qingdao", "必然要求", "要求", "yāo qiú"),
    ("keji-jinbu", "还要忍受", "还要", "hái yào"),
    ("pingan-yancao", "详细了解", "了解", "liǎo jiě"),
    ("shuzi-qingdao", "会议通报了", "通报了", "tōng bào le"),
    ("keji-jinbu", "在即墨段泊岚镇", "段泊岚镇", "duàn bó lán zhèn"),
    ("shuzi-qingdao", "首席记者 任晓萌", "任晓萌", "rén xiǎo méng"),
    ("keji-jinbu", "手脚放得更开", "放得", "fàng de"),
    ("keji-jinbu", "取得科技成果", "取得", "qǔ dé"),
    ("shanghai-shixun", "学有所得", "所得", "suǒ dé"),
    ("keji-jinbu", "研发人员为3.3万人", "为", "wéi"),
    ("keji-jinbu", "不少亲友为他", "为", "wèi"),
    ("keji-jinbu", "成为当地第一个", "成为", "chéng wéi"),
    ("keji-jinbu", "以基础教育为例", "为例", "wéi lì"),
    ("shuzi-qingdao", "“应接尽接”", "应接尽接", "yīng jiē jìn jiē"),
    ("shuzi-qingdao", "尽快形成", "尽快", "jǐn kuài"),
    ("qingting-shangliang", "倾听与商量”第九期", "商量", "shāng liang"),
    ("shanghai-shixun", "干什么、我为企业", "干什么", "gàn shén me"),
    ("shanghai-shixun", "专业实训干部在上海", "干部", "gàn bù"),
    ("keji-jinbu", "当地已成为", "当地", "dāng dì"),
    ("keji-jinbu", "甲壳质", "甲壳", "jiǎ qiào"),
    ("keji-jinbu", "智能电子车棚，停下", "电子", "diàn zǐ"),
    ("keji-jinbu", "放这儿放心", "这儿", "zhè r"),
    ("shuzi-qingdao", "进一步增强", "一", "yī"),  # 一 keeps its own tone (GB/T 16159)
    ("keji-jinbu", "全面建成小康", "全面", "quán miàn"),
]


@pytest.fixture(scope="module")
def edition() -> Edition:
    return build_edition(FIXTURE)[0]


@pytest.fixture(scope="module")
def overrides() -> list[Reading]:
    return load_overrides(FIXTURE)


@pytest.mark.parametrize(("article", "quote", "word", "reading"), CORPUS)
def test_word_reads_as_a_careful_reader_reads_it(edition: Edition, overrides: list[Reading],
                                                 article: str, quote: str, word: str, reading: str) -> None:
    blocks = [b for p in edition.pages for a in p.articles if a.id == article for b in a.blocks if quote in b.text]
    assert blocks, f"{quote} should stand in {article}"
    text = blocks[0].text
    at = text.index(quote) + quote.index(word)
    by_position = {s.at: s.reading for s in block_syllables(text, article, overrides)}
    assert " ".join(by_position[at + i] for i in range(len(word))) == reading


def test_every_chinese_character_has_one_syllable(edition: Edition, overrides: list[Reading]) -> None:
    readings = article_readings(edition, overrides)
    for page in edition.pages:
        for a in page.articles:
            for b in a.blocks:
                syllables = readings[(page.ref.id, a.id)][b.anchor].split()
                han = [c for c in b.text if "\u3400" <= c <= "\u9fff"]
                assert len(syllables) == len(han), (a.id, b.anchor)
                # Every syllable is pinyin with tone marks, never the character itself.
                assert all(s.isascii() or not any("\u3400" <= c <= "\u9fff" for c in s) for s in syllables)


def test_polyphonic_characters_are_those_with_several_readings() -> None:
    assert polyphonic("行") and polyphonic("重") and polyphonic("了")
    assert not polyphonic("岛") and not polyphonic("镇")


def test_uncertain_names_are_marked_in_the_record(edition: Edition, overrides: list[Reading]) -> None:
    lines = review_lines(edition, overrides)
    uncertain = [x for x in lines if x.endswith(" 存疑]")]
    assert any(" 朝 cháo " in x and "王朝静" in x for x in uncertain)
    assert any(" 识 shí " in x and "标识" in x for x in uncertain)
    assert any(" 相 xiāng " in x and "胡相洋" in x for x in uncertain)
    assert all(r.reason for r in overrides if r.uncertain)


def test_override_needs_one_syllable_per_character() -> None:
    with pytest.raises(ValueError, match="one syllable per character"):
        Reading(phrase="段泊岚镇", reading="duàn bó lán", reason="x")
    with pytest.raises(ValueError, match="tone mark"):
        Reading(phrase="任", reading="ren2", reason="x")
    assert Reading(phrase="“应接尽接”", reading="yīng jiē jìn jiē", reason="x").phrase  # punctuation has no syllable


def test_override_applies_in_its_article_only() -> None:
    ov = [Reading(phrase="重要", reading="chóng yào", reason="test", article="other")]
    assert [s.reading for s in block_syllables("重要", "keji-jinbu", ov)] == ["zhòng", "yào"]
    assert [s.reading for s in block_syllables("重要", "other", ov)] == ["chóng", "yào"]


def test_reading_script_escapes_what_could_end_a_script() -> None:
    script = reading_script({"p1": "</script><b>"})
    assert "</script>" not in script and "<" not in script
    assert json.loads(script.removeprefix("window.__edPinyin=").rstrip(";\n")) == {"p1": "</script><b>"}


def test_report_lists_every_occurrence_and_flags_what_is_unreviewed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "report", "pinyin", "--strict"]) == 0
    out = capsys.readouterr().out
    assert "not in the reviewed record (data/pinyin-reviewed.txt): 0" in out
    assert "  keji-jinbu p2 泊 bó …期，在即墨段泊岚镇的万亩农… [override:段泊岚镇]" in out
    edit(repo, OVERRIDES, "reading: bēi zhe", "reading: bèi zhe")
    assert main(["--root", str(repo), "report", "pinyin", "--strict"]) == 1
    assert "! keji-jinbu p2 背 bèi …作业。“人工背着喷雾器，头… [override:背着]" in capsys.readouterr().out


def test_changed_reading_is_an_error_at_its_line_with_a_hint(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, OVERRIDES, "reading: zhī dū", "reading: zhī dōu")
    code, out = run_check(repo, capsys)
    assert code == 1
    record = (repo / REVIEWED).read_text(encoding="utf-8").splitlines()
    line = next(i for i, x in enumerate(record, 1) if x.startswith("shuzi-qingdao p2 都 dū "))
    assert_reported(out, REVIEWED, "P001", line)
    assert "都 dōu" in out and "edition report pinyin --accept" in out


def test_accept_records_the_readings_and_prints_only_what_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, OVERRIDES, "reading: zhī dū", "reading: zhī dōu")
    assert main(["--root", str(repo), "report", "pinyin", "--accept"]) == 0
    out = capsys.readouterr().out.splitlines()
    changed = [x for x in out if x.startswith(("+ ", "- "))]
    assert changed == ["- shuzi-qingdao p2 都 dū …工业互联网之都建设，布局4… [override:之都]",
                       "- shuzi-qingdao p4 都 dū …工业互联网之都建设。支持1… [override:之都]",
                       "+ shuzi-qingdao p2 都 dōu …工业互联网之都建设，布局4… [override:之都]",
                       "+ shuzi-qingdao p4 都 dōu …工业互联网之都建设。支持1… [override:之都]"]
    assert out[-1] == f"{REVIEWED}: 2811 reviewed occurrence(s); 2 added, 2 removed."
    code, _ = run_check(repo, capsys)
    assert code == 0


def test_unused_override_is_a_warning(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / OVERRIDES).write_text((repo / OVERRIDES).read_text(encoding="utf-8") + (
        "  - phrase: 曾经\n    reading: céng jīng\n    reason: 不在文中\n"), encoding="utf-8")
    code, out = run_check(repo, capsys)
    assert code == 0
    assert "P002 warning: the phrase `曾经`" in out


def test_invalid_override_file_is_reported_and_stops_the_build(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, OVERRIDES, "reading: duàn bó lán zhèn", "reading: duàn bó lán")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, OVERRIDES, "V004")
    assert "P001" not in out  # the invalid file is the problem, not every reading it no longer decides
    from generator.core.diagnostics import InvalidData
    from generator.render.pinyin import article_scripts

    with pytest.raises(InvalidData):
        article_scripts(repo)


def test_an_invalid_override_file_fails_the_build_once_with_its_line(repo: Path) -> None:
    import subprocess
    import sys

    edit(repo, OVERRIDES, "reading: duàn bó lán zhèn", "reading: duàn bó lán")
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "build"],
                          capture_output=True, text=True, check=False)
    out = done.stdout + done.stderr
    assert done.returncode == 1
    assert "Traceback" not in out
    assert out.count(f"{OVERRIDES}:") == 1, out  # one report, not one per edition or job
    assert "V004" in out and "build failed; site/ and dist/ were left as they were." in out
    assert not (repo / "site").exists()
