"""The preview of one page of a series (`edition serve --page`): the core reads that page only."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.run import make_series
from generator.core.assemble import load_edition
from generator.core.diagnostics import InvalidData
from generator.core.load import UnknownPage
from generator.pipeline import limit_to_page
from generator.tools.cli import main
from tests.conftest import copy_repo
from tests.test_series import add_second_page


@pytest.fixture
def series(tmp_path: Path) -> Path:
    root = copy_repo(tmp_path / "repo")
    make_series(root, 3)
    return root


def test_one_page_of_a_series_is_assembled_alone(series: Path) -> None:
    whole, _, _ = load_edition(series)
    edition, _, _ = load_edition(series, "s0001")
    assert [p.ref.id for p in whole.pages] == ["s0000", "s0001", "s0002"]
    assert [p.ref.id for p in edition.pages] == ["s0001"]
    assert edition.pages[0] == whole.pages[1]  # the same page as in the series' build
    assert {k for k, v in edition.occurrences.items() if any(o.page != "s0001" for o in v)} == set()


def test_the_other_pages_files_are_not_read(series: Path) -> None:
    """Broken files of other pages do not stop the preview of this one: they are never opened."""
    (series / "data/s0000/structure.yml").write_text("articles: [\n", encoding="utf-8")
    (series / "data/s0002/figures.yml").write_text("figures:\n  - id: 1\n", encoding="utf-8")
    (series / "data/source/s0002.txt").unlink()
    with pytest.raises(InvalidData):
        load_edition(series)
    edition, _, _ = load_edition(series, "s0001")
    assert [p.ref.id for p in edition.pages] == ["s0001"]


def test_errors_of_the_page_name_its_file_and_line(series: Path) -> None:
    structure = series / "data/s0001/structure.yml"
    lines = structure.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, x in enumerate(lines) if x.lstrip().startswith("summary:"))
    lines[at] = lines[at].replace("summary:", "sumary:", 1)
    structure.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load_edition(series, "s0001")
    report = err.value.diagnostics.report()
    assert f"data/s0001/structure.yml:{at + 1}:" in report and "V002 unknown field `sumary`" in report


def test_checks_of_the_whole_series_are_left_to_it(repo: Path) -> None:
    """Pointers, rules and terms of another page: the page alone cannot tell, so it neither
    reports them nor shows the terms it does not contain."""
    add_second_page(repo)
    edition, diags, _ = load_edition(repo, "20210817")
    assert [p.ref.id for p in edition.pages] == ["20210817"]
    assert diags.errors == [] and not any(d.code == "G001" for d in diags.warnings)
    shown = {t.id for t in edition.terms}
    assert "chengshi-yunnao" in shown  # 城市云脑 stands on the page
    assert shown == {m.id for a in edition.pages[0].articles for b in a.blocks for m in b.marks if m.kind == "term"}
    assert set(edition.pinyin) == shown


def test_an_unknown_page_is_one_clear_line(series: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownPage) as err:
        load_edition(series, "s0009")
    assert err.value.known == ["s0000", "s0001", "s0002"]
    try:
        assert main(["--root", str(series), "serve", "--page", "x0001"]) == 2
    finally:
        limit_to_page(series, None)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "Traceback" not in out
    assert out.startswith("edition serve: no page `x0001` in data/edition.yml; did you mean `s0001`? "
                          "Its pages: s0000, s0001, s0002.")
    assert "edition serve --page s0001 (make serve PAGE=s0001)" in out
