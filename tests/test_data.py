"""Committed artefacts stay in step with the data: schemas, figure coverage, reviewed conversions."""

from __future__ import annotations

from generator.reports import figures_report, variant_lines
from generator.schema import write_schemas
from generator.variants_review import read_reviewed
from tests.conftest import ROOT


def test_committed_schemas_are_current() -> None:
    assert write_schemas(ROOT / "schema", check=True) == [], "run `edition schema`"


def test_every_data_file_names_its_schema() -> None:
    for path in (ROOT / "data").rglob("*.yml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), (path, target)


def test_every_number_is_a_figure_or_ignored_with_a_reason() -> None:
    text, complete = figures_report(ROOT)
    assert complete, text
    assert "(100.0%)" in text


def test_reviewed_conversions_are_unchanged() -> None:
    # A new OpenCC dictionary or a changed rule that alters a reviewed conversion fails here;
    # after reviewing the new lines, record them with `edition report variants --accept`.
    current = variant_lines(ROOT)
    reviewed = read_reviewed(ROOT)
    assert len(current) > 400
    assert current == reviewed


def test_data_files_are_in_canonical_form(capsys) -> None:  # type: ignore[no-untyped-def]
    from generator.cli import main

    assert main(["--root", str(ROOT), "fmt", "--check"]) == 0, capsys.readouterr().out


def test_reviewed_readings_are_unchanged() -> None:
    # pypinyin's dictionaries or data/pinyin.yml changing a reviewed reading fails here; after
    # reviewing the new lines, record them with `edition report pinyin --accept`.
    from generator.pinyin import current_lines
    from generator.pinyin import read_reviewed as read_reviewed_readings

    current = current_lines(ROOT)
    assert len(current) > 2000
    assert current == read_reviewed_readings(ROOT)
