"""A pull request's data stays inside data/, is bounded, and never crashes the tools.

Each case changes a copy of the fixture edition the way a hostile or careless pull
request could, runs the command an annotator or CI runs, and reads its output: a coded
diagnostic with file and line, never a traceback, nothing read or written outside data/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tools.cli import main

SECRET = "这是仓库之外的秘密文字"


def check(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(repo), *(args or ("check",))])
    out = capsys.readouterr().out
    assert "Traceback" not in out
    return code, out


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


def test_a_source_outside_data_is_refused(repo: Path, outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(repo / "data/edition.yml", "source: source/20210816.txt", "source: ../../outside/secret.txt")
    code, out = check(repo, capsys)
    assert code == 1
    assert "data/edition.yml:" in out and "V004" in out and "without `..`" in out
    assert SECRET not in out


def test_a_symbolic_link_under_data_is_not_followed(repo: Path, outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = repo / "data/source/20210816.txt"
    source.unlink()
    source.symlink_to(outside)
    code, out = check(repo, capsys)
    assert code == 1
    assert "data/source/20210816.txt:1:1: F008" in out and "symbolic link" in out
    assert SECRET not in out


def test_fmt_and_accept_never_write_through_a_link(repo: Path, outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = outside.with_name("glossary.yml")
    glossary = repo / "data/glossary.yml"
    target.write_text(glossary.read_text(encoding="utf-8").replace("terms:\n", "terms:\n\n\n", 1), encoding="utf-8")
    before = target.read_bytes()
    glossary.unlink()
    glossary.symlink_to(target)
    code, out = check(repo, capsys, "fmt")
    assert code == 1 and "F008" in out and "not formatted" in out
    assert target.read_bytes() == before
    record = repo / "data/variants-reviewed.txt"
    record.unlink()
    record.symlink_to(outside)
    code, out = check(repo, capsys, "report", "variants", "--accept")
    assert code == 1 and "symbolic link" in out
    assert outside.read_text(encoding="utf-8") == SECRET + "\n"


@pytest.mark.parametrize("page_id", ["zh-tw", "zh-hk", "assets", "glossary"])
def test_a_page_id_cannot_take_a_folder_of_the_site(repo: Path, page_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    replace(repo / "data/edition.yml", 'id: "20210816"', f"id: {page_id}")
    (repo / "data/20210816").rename(repo / "data" / page_id)
    code, out = check(repo, capsys)
    assert code == 1 and "V004" in out and "folder of the site" in out


def test_a_huge_single_line_definition_is_refused_quickly(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = repo / "data/glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("    definition: >-\n", "    definition: " + "长" * 1_000_000 + "\n    x: >-\n", 1),
                        encoding="utf-8")
    code, out = check(repo, capsys)
    assert code == 1 and "F010" in out and "at most 10,000" in out


def test_a_long_value_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = repo / "data/glossary.yml"
    folded = "    definition: >-\n" + "".join(f"      {'长' * 1000}\n" for _ in range(11)) + "    x: >-\n"
    replace(glossary, "    definition: >-\n", folded)
    code, out = check(repo, capsys)
    assert code == 1 and "data/glossary.yml:7:17: Y005 a value of 11,010 characters; at most 10,000" in out
    assert "V003" not in out  # the refused value is not reported again as missing


def test_deep_nesting_is_a_diagnostic_not_a_crash(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = repo / "data/20210816/notes.yml"
    notes.write_text("# yaml-language-server: $schema=../../schema/notes.schema.json\nnotes: "
                     + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    code, out = check(repo, capsys)
    assert code == 1 and "data/20210816/notes.yml:2:" in out and "Y004" in out


def test_aliases_are_refused_even_of_plain_text(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = repo / "data/20210816/notes.yml"
    notes.write_text("# yaml-language-server: $schema=../../schema/notes.schema.json\nnotes:\n"
                     "  - id: a\n    quote: 两化融合指数\n    text: &t 一段说明\n"
                     "  - id: b\n    quote: 智慧安防小区\n    text: *t\n", encoding="utf-8")
    code, out = check(repo, capsys)
    assert code == 1 and "data/20210816/notes.yml:8:5: Y003" in out and "V003" not in out


def test_a_file_too_large_is_not_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = repo / "data/20210816/notes.yml"
    with notes.open("w", encoding="utf-8") as f:
        f.write("# yaml-language-server: $schema=../../schema/notes.schema.json\nnotes:\n")
        f.write("# 注释\n" * 600_000)
    code, out = check(repo, capsys)
    assert code == 1 and "F009" in out


def test_an_address_with_any_characters_builds(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = repo / "data/glossary.yml"
    replace(glossary, "    english: Digital Qingdao\n",
            '    english: Digital Qingdao\n    sources:\n      - title: 来源\n'
            '        url: "https://example.org/数字(青岛)~+\\"x"\n')
    code, out = check(repo, capsys)
    assert code == 0, out


@pytest.mark.parametrize(("rule", "expected"), [
    ("  - phrase: 不存在的词\n    zh-Hant-TW: 不存在的詞\n    zh-Hant-HK: 不存在的詞\n    reason: x\n",
     "C001 variant rule `不存在的词`: the phrase does not occur in the text of any article"),
    ("  - phrase: 党史\n    zh-Hant-TW: 黨史\n    zh-Hant-HK: 黨史\n    reason: x\n    article: keji-jinbu\n",
     "the phrase does not occur in the text of article keji-jinbu"),
    ('  - phrase: 数字\n    zh-Hant-TW: "<b>"\n    zh-Hant-HK: 數字\n    reason: x\n',
     "the form `zh-Hant-TW` may hold text only"),
    ("  - phrase: 数字\n    zh-Hant-TW: 數字化\n    zh-Hant-HK: 數字\n    reason: x\n",
     "must have as many characters as the phrase (2), not 3"),
])
def test_a_rule_acts_on_the_text_only(repo: Path, rule: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    replace(repo / "data/variants.yml", "rules:\n", "rules:\n" + rule)
    code, out = check(repo, capsys)
    assert code == 1 and expected in out, out


def test_edition_build_with_errors_prints_no_traceback(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(repo / "data/edition.yml", 'id: "20210816"', "id: zh-tw")
    code, out = check(repo, capsys, "build")
    assert code == 1 and "site/ and dist/ were left as they were" in out
