"""The figures and the glossary as open data: downloadable, valid, and the same as the data."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from frictionless import Package

from generator.pipeline import run

pytestmark = pytest.mark.slow


def test_the_datasets_validate_against_their_data_package(built: Path) -> None:
    report = Package(str(built / "site/downloads/datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_datasets_hold_the_data(built: Path) -> None:
    edition = run(built).edition
    downloads = built / "site/downloads"
    figures = list(csv.DictReader((downloads / "figures.csv").open(encoding="utf-8")))
    expected = [f for p in edition.pages for f in p.figures]
    assert [r["id"] for r in figures] == [f.id for f in expected]
    for row, fig in zip(figures, expected, strict=True):
        assert row["quote"] == fig.quote.exact and row["measures"] == fig.measures and row["kind"] == fig.kind
        assert (float(row["value"]) if row["value"] else None) == fig.value
        assert (built / "site" / row["url"].split("#")[0]).is_file()
    as_json = json.loads((downloads / "figures.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in as_json] == [r["id"] for r in figures]
    terms = list(csv.DictReader((downloads / "glossary.csv").open(encoding="utf-8")))
    assert [r["id"] for r in terms] == [t.id for t in edition.terms]
    assert all(r["definition"] and r["pinyin"] for r in terms)


def test_every_edition_links_the_downloads_and_the_bundle_has_them(built: Path) -> None:
    for folder in ("", "zh-tw/", "zh-hk/"):
        for page in ("figures", "glossary"):
            html = (built / "site" / folder / page / "index.html").read_text(encoding="utf-8")
            prefix = "../../" if folder else "../"
            for ext in ("csv", "json"):
                assert f'href="{prefix}downloads/{page}.{ext}"' in html, (folder, page, ext)
            assert f'href="{prefix}downloads/datapackage.json"' in html
    with zipfile.ZipFile(built / "dist/qingdao-edition-offline.zip") as zf:
        names = set(zf.namelist())
    for name in ("figures.csv", "figures.json", "glossary.csv", "glossary.json", "datapackage.json"):
        assert f"qingdao-edition-offline/downloads/{name}" in names


def test_rows_written_one_at_a_time_are_what_json_dumps_writes() -> None:
    # A long series' open data is written a row at a time; the bytes must not change.
    import io
    import json

    from generator.render.opendata import _write_json

    rows = [{"id": "a", "quote": "增长12.5%", "value": 12.5, "related": [], "deadline": None, "inferred": False},
            {"id": "b", "nested": {"list": [1, "二"]}, "text": "\"引号\"\n换行"}]
    for some in ([], rows[:1], rows):
        out = io.StringIO()
        _write_json(out, iter(some))
        assert out.getvalue() == json.dumps(some, ensure_ascii=False, indent=1) + "\n"
