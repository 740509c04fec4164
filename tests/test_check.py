"""Every kind of bad input is rejected with path:line:col and a code, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.tools.cli import main

STRUCTURE = "data/20210816/structure.yml"
GLOSSARY = "data/glossary.yml"
FIGURES = "data/20210816/figures.yml"


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "check"])
    out = capsys.readouterr().out
    assert "Traceback" not in out
    return code, out


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def assert_reported(out: str, rel: str, code: str, line: int | None = None) -> None:
    pattern = rf"^{re.escape(rel)}:(\d+):(\d+): {code} "
    hits = [m for m in re.finditer(pattern, out, re.M)]
    assert hits, f"no {code} for {rel} in:\n{out}"
    if line is not None:
        assert any(int(m.group(1)) == line for m in hits), f"{code} not at line {line}:\n{out}"


def test_the_fixture_edition_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_check(repo, capsys)
    assert code == 0, out
    # The snapshot predates the sources of the glossary: its only warnings are G003.
    warnings = re.findall(r"^\S+: (\w\d{3}) warning", out, re.M)
    assert set(warnings) <= {"G003"}
    assert ("ok: 1 page, 5 articles, 96 terms, 122 figures, 0 notes, 28 conversion rules, 27 repairs, "
            f"55 translated blocks; {len(warnings)} warning(s).") in out


def test_malformed_yaml(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, GLOSSARY, "  - id: chengshi-yunnao", "  - id: [chengshi-yunnao")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, GLOSSARY, "Y001")


def test_duplicate_key(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, GLOSSARY, "    term: 城市云脑\n", "    term: 城市云脑\n    term: 云脑\n")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, GLOSSARY, "Y002", line_of(repo, GLOSSARY, "    term: 云脑"))


def test_unknown_field_typo(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, GLOSSARY, "    definition:", "    defintion:")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, GLOSSARY, "V002", line_of(repo, GLOSSARY, "defintion"))
    assert "defintion" in out


def test_missing_required_field(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, FIGURES, "    measures: 第三方评估涉及的部门\n", "")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, FIGURES, "V001")
    assert "measures" in out


def test_wrong_type(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, FIGURES, "    value: 34\n", "    value: [34]\n")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, FIGURES, "V003", line_of(repo, FIGURES, "value: [34]"))


def test_empty_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / GLOSSARY).write_text("", encoding="utf-8")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, GLOSSARY, "F005", 1)


@pytest.mark.parametrize(("mutate", "code_"), [
    (lambda b: b"\xef\xbb\xbf" + b, "F002"),
    (lambda b: b.replace(b"\n", b"\r\n"), "F003"),
    (lambda b: b.replace(b"    term: ", b"    term:\t", 1), "F004"),
    (lambda b: b.replace("城市云脑".encode(), b"\xff\xfe", 1), "F001"),
])
def test_bytes(repo: Path, capsys: pytest.CaptureFixture[str], mutate, code_: str) -> None:  # type: ignore[no-untyped-def]
    path = repo / GLOSSARY
    path.write_bytes(mutate(path.read_bytes()))
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, GLOSSARY, code_)


def test_duplicate_id(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, FIGURES, "  - id: pinggu-qushi\n", "  - id: pinggu-bumen\n")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, FIGURES, "R001")


def test_reference_to_unknown_id(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, FIGURES, "related: [pinggu-qushi,", "related: [pinggu-qushii,")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, FIGURES, "R002")
    assert "pinggu-qushii" in out


def test_quote_not_in_source(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, STRUCTURE, "      - paragraph: 对标上海、杭州等先进城市", "      - paragraph: 对标北京等先进城市")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, STRUCTURE, "A001", line_of(repo, STRUCTURE, "对标北京等先进城市"))
    assert "对标北京等先进城市" in out


def test_ambiguous_quote_lists_candidates(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, FIGURES, '    quote: "34个"\n', '    quote: "个"\n')
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, FIGURES, "A002")
    assert "[个]" in out  # candidates are shown with their context


def test_overlapping_spans_that_cannot_nest(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "data/20210816/notes.yml").write_text(
        "# yaml-language-server: $schema=../../schema/notes.schema.json\n"
        "notes:\n  - id: cross\n    article: shuzi-qingdao\n    quote: 部门、10\n    text: 跨越两个数字\n",
        encoding="utf-8")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert "A005" in out


def test_anchor_across_article_boundary(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "data/20210816/notes.yml").write_text(
        "# yaml-language-server: $schema=../../schema/notes.schema.json\n"
        "notes:\n  - id: across\n    quote: \"见效。\\n\\n找准服务\"\n    text: 跨文章\n",
        encoding="utf-8")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, "data/20210816/notes.yml", "A004")


def test_unrecorded_join_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, STRUCTURE, "  - id: join-3980\n", "  - id: join-3980x\n")
    text = (repo / STRUCTURE).read_text(encoding="utf-8")
    start = text.index("  - id: join-3980x")
    end = text.index("  - id: join-muqian")
    (repo / STRUCTURE).write_text(text[:start] + text[end:], encoding="utf-8")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, STRUCTURE, "S002")


def test_all_problems_in_one_run(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, GLOSSARY, "    definition:", "    defintion:")
    edit(repo, FIGURES, "    value: 34\n", "    value: [34]\n")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert "V002" in out and "V003" in out


def test_javascript_link_rejected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (repo / GLOSSARY).read_text(encoding="utf-8")
    bad_source = "    sources:\n      - title: x\n        url: javascript:alert(1)\n"
    text = text.replace("  - id: chengshi-yunnao\n", "  - id: chengshi-yunnao\n" + bad_source, 1)
    (repo / GLOSSARY).write_text(text, encoding="utf-8")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, GLOSSARY, "V005")


def test_number_without_figure_is_a_warning(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (repo / FIGURES).read_text(encoding="utf-8")
    start = text.index("  - id: pinggu-bumen\n")
    end = text.index("  - id: pinggu-qushi\n")
    rest = re.sub(r"pinggu-bumen, |, pinggu-bumen(?=\])", "", text[end:])
    (repo / FIGURES).write_text(text[:start] + rest, encoding="utf-8")
    code, out = run_check(repo, capsys)
    assert code == 0  # a warning does not stop the build
    assert "N001 warning: number `34` is not annotated" in out, out


def test_changed_conversion_of_a_reviewed_occurrence_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "data/variants.yml", "    zh-Hant-TW: 西後樓\n", "    zh-Hant-TW: 西后樓\n")
    code, out = run_check(repo, capsys)
    assert code == 1
    assert_reported(out, "data/variants-reviewed.txt", "C002")
    assert "后→后/後" in out  # the line shows the new Taiwan form next to the Hong Kong one


def _drop_figures(root: Path, ids: list[str]) -> None:
    path = root / FIGURES
    entries = re.split(r"(?m)^(?=  - id: )", path.read_text(encoding="utf-8"))
    kept = [e for e in entries if not any(e.startswith(f"  - id: {i}\n") for i in ids)]
    assert len(kept) == len(entries) - len(ids)
    path.write_text("".join(kept), encoding="utf-8")


def test_every_number_left_without_a_figure_is_reported_where_it_stands(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _drop_figures(repo, ["zhihui-xiaoyuan-fugailv", "yuyue-zhenliao-lv", "xinhao-shebei-lukou"])
    code, out = run_check(repo, capsys)
    assert code == 0
    source = (repo / "data/source/20210816.txt").read_text(encoding="utf-8").split("\n")
    warnings = re.findall(r"^data/source/20210816\.txt:(\d+):(\d+): N001 warning: number `(\d+)`", out, re.M)
    assert sorted(n for _, _, n in warnings) == ["1000", "80", "99"]
    for line, col, number in warnings:
        assert source[int(line) - 1][int(col) - 1:].startswith(number), (line, col, number)
    assert len(re.findall(r" N001 warning", out)) == 3


def test_a_warning_does_not_stop_the_strict_build(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """check and build agree: what check lets pass (a warning), the strict build builds."""
    with (repo / GLOSSARY).open("a", encoding="utf-8") as f:
        f.write("  - id: nowhere\n    term: 不在文中的词\n    category: 政策与规划\n    definition: 只是示例。\n")
    code, out = run_check(repo, capsys)
    assert code == 0 and "G001 warning" in out
    assert main(["--root", str(repo), "build"]) == 0
    assert "built" in capsys.readouterr().out


# --- messages that teach (tested word for word) --------------------------------------


def test_an_unknown_field_suggests_the_field_meant(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, FIGURES, "    measures: 数字青岛2021年行动方案执行进度\n", "    mesures: 数字青岛2021年行动方案执行进度\n")
    line = line_of(repo, FIGURES, "mesures:")
    _, out = run_check(repo, capsys)
    assert f"{FIGURES}:{line}:5: V002 unknown field `mesures`; did you mean `measures`?\n" in out
    assert f"{FIGURES}:{line - 6}:5: V001 missing required field `measures`\n" in out


def test_a_missing_hyphenated_field_is_named(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    variants = "data/variants.yml"
    entry = line_of(repo, variants, "phrase: 上海干什么")
    edit(repo, variants, "    zh-Hant-TW: 上海幹什麼\n", "")
    _, out = run_check(repo, capsys)
    assert f"{variants}:{entry}:5: V001 missing required field `zh-Hant-TW`\n" in out


def test_a_quote_not_found_shows_the_nearest_passage(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, FIGURES, "    quote: 超六成\n", "    quote: 半年执行超六成,下一步\n")
    line = line_of(repo, FIGURES, "半年执行超六成,下一步")
    _, out = run_check(repo, capsys)
    assert (f"{FIGURES}:{line}:12: A001 quote `半年执行超六成,下一步` is not in the text of article shuzi-qingdao; "
            "the nearest passage is “半年执行超六成，下一步”: 半年执行超六成［，≠,］下一步\n") in out


def test_every_check_says_so_when_it_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "fmt", "--check"]) == 0
    assert capsys.readouterr().out == "fmt: every data file is in canonical form\n"
    from tests.conftest import ROOT

    assert main(["--root", str(ROOT), "schema", "--check"]) == 0
    assert capsys.readouterr().out == "schema: every schema in schema/ matches the models\n"


def test_check_reads_and_anchors_the_data_once(repo: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Every part of `edition check` (validation, the readings' check, rendering every
    edition, the review checks) works from one result of the core."""
    from generator import pipeline

    calls: list[Path] = []
    real = pipeline.load_edition

    def counted(root: Path, *rest):  # type: ignore[no-untyped-def]
        calls.append(root)
        return real(root, *rest)

    monkeypatch.setattr(pipeline, "load_edition", counted)
    pipeline._CACHE.clear()
    code, out = run_check(repo, capsys)
    assert code == 0, out
    assert len(calls) == 1
