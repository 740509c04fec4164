"""Golden tests: a small edition in tests/golden/mini/data and its rendered pages beside it.

Regenerate the expected files after an intended change with
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from generator.render import site

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def rendered() -> dict[str, str]:
    out = {}
    for variant in ("zh-Hans", "zh-Hant-TW"):
        for page in site.generate(GOLDEN, variant).pages:
            if page.path.startswith("about/diagnostics"):
                continue  # the catalogue page has its own source of truth
            out[f"{variant}/{page.path}"] = page.markdown
    return out


@pytest.mark.parametrize("name", sorted(rendered()))
def test_golden(name: str) -> None:
    expected_file = GOLDEN / "expected" / name
    actual = rendered()[name]
    if UPDATE:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
    if not expected_file.exists():
        pytest.fail(f"{expected_file} is missing: run UPDATE_GOLDEN=1 pytest {__file__}")
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"expected/{name}", f"actual/{name}"))
        pytest.fail(f"rendering differs from the golden file:\n{diff}")


def test_every_expected_file_is_still_rendered() -> None:
    """An expected file whose page is no longer made (renamed, dropped) fails here instead
    of passing unnoticed; UPDATE_GOLDEN=1 removes it."""
    made = set(rendered())
    expected = {p.relative_to(GOLDEN / "expected").as_posix() for p in (GOLDEN / "expected").rglob("*") if p.is_file()}
    orphans = sorted(expected - made)
    if UPDATE:
        for name in orphans:
            (GOLDEN / "expected" / name).unlink()
        return
    assert not orphans, f"expected files no page is rendered to (UPDATE_GOLDEN=1 removes them): {orphans}"
