"""The data checks: the only tests that read the live data/.

`edition check` passes, the committed artefacts stay in step with the data (schemas,
figure coverage, reviewed conversions), and every file is in canonical form. The last
test proves the point of keeping every other test on fixtures of its own: a valid
data-only change — a note, a term, a figure and a rule added as an annotator would,
the review record updated as CONTRIBUTING says — keeps these checks green.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.tools.cli import main
from generator.tools.reports import figures_report, variant_lines
from generator.tools.schema import write_schemas
from generator.tools.variants_review import read_reviewed
from tests.conftest import ROOT


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(root), *args])
    return code, capsys.readouterr().out


def assert_data_checks(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(root, capsys, "check")
    assert code == 0, out
    for path in (root / "data").rglob("*.yml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.name.endswith(".schema.json"), (path, target)
    text, complete = figures_report(root)
    assert complete and "(100.0%)" in text, text
    # A new OpenCC dictionary or a changed rule that alters a reviewed conversion fails here;
    # after reviewing the new lines, record them with `edition report variants --accept`.
    assert variant_lines(root) == read_reviewed(root)
    code, out = run(root, capsys, "fmt", "--check")
    assert code == 0, out


def test_the_live_data_passes_every_data_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert_data_checks(ROOT, capsys)
    assert len(read_reviewed(ROOT)) > 400


def test_committed_schemas_are_current() -> None:
    assert write_schemas(ROOT / "schema", check=True) == [], "run `edition schema`"


def test_a_valid_data_only_change_keeps_the_data_checks_green(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "schema", root / "schema")
    page = next(p.name for p in (root / "data").iterdir() if (p / "structure.yml").is_file())
    source = next((root / "data" / "source").glob("*.txt")).read_text(encoding="utf-8")
    passage = next(w for w in ("两化融合指数", "智慧安防小区", "城市云脑") if w in source)
    notes = root / "data" / page / "notes.yml"
    if not notes.exists():
        notes.write_text("# yaml-language-server: $schema=../../schema/notes.schema.json\nnotes:\n", encoding="utf-8")
    with notes.open("a", encoding="utf-8") as f:
        f.write(f"  - id: data-only-change-note\n    quote: {passage}\n    text: 编者注：一条新的说明。\n")
    with (root / "data/glossary.yml").open("a", encoding="utf-8") as f:
        f.write("  - id: data-only-change-term\n    term: 编辑部测试词条\n    category: 政策与规划\n"
                "    definition: 一个新词条。\n")
    # A number the editors ignored becomes a figure: the ignore entry goes, the figure comes.
    from ruamel.yaml import YAML

    figures = root / "data" / page / "figures.yml"
    y = YAML()
    doc = y.load(figures.read_text(encoding="utf-8"))
    index, ignored = next((i, e) for i, e in enumerate(doc["ignore"])
                          if any(c.isdigit() for c in str(e["quote"] if isinstance(e["quote"], str) else e["quote"]["exact"])))
    del doc["ignore"][index]
    doc["figures"].append({"id": "data-only-change-figure", "article": ignored["article"], "quote": ignored["quote"],
                           "value": 1, "measures": "一个新的数字标注", "period": "2021年", "kind": "result",
                           "category": doc["figures"][0]["category"]})
    with figures.open("w", encoding="utf-8") as f:
        y.dump(doc, f)
    variants = root / "data/variants.yml"
    variants.write_text(variants.read_text(encoding="utf-8").replace(
        "rules:\n", "rules:\n  - phrase: 智慧安防\n    zh-Hant-TW: 智慧安防\n    zh-Hant-HK: 智慧安防\n"
        "    reason: 保持原样（测试）\n", 1), encoding="utf-8")
    run(root, capsys, "fmt")
    run(root, capsys, "report", "variants", "--accept")  # after reading what changed, as CONTRIBUTING says
    assert_data_checks(root, capsys)


def test_reviewed_readings_are_unchanged() -> None:
    # pypinyin's dictionaries or data/pinyin.yml changing a reviewed reading fails here; after
    # reviewing the new lines, record them with `edition report pinyin --accept`.
    from generator.render.pinyin import current_lines
    from generator.render.pinyin import read_reviewed as read_reviewed_readings

    current = current_lines(ROOT)
    assert len(current) > 2000
    assert current == read_reviewed_readings(ROOT)
