"""Every diagnostic code as a golden fixture: a patch over a small edition and the report it gives.

One folder per code under tests/diagnostics/ (as standardebooks' `se lint` tests are laid
out): `patch.yml` says what an annotator did to the mini edition (tests/golden/mini/data,
first made clean by tests/diagnostics/base.yml) and which command reports it;
`expected.txt` is that command's exact output. After an intended change of a message:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_diagnostics.py
and read the diff before committing it.

patch.yml:
    command: [check]        # the arguments of `edition` after --root (default: check)
    status: 1               # the exit status expected (default 1)
    patch:                  # applied in order; `file` is relative to the repository root
      - {file, old, new}    # replace text that occurs exactly once
      - {file, write}       # write the whole file
      - {file, append}      # add to the end of the file
      - {file, delete: true}
      - {file, symlink}     # make file a symbolic link to the target (relative to its folder)
      - {file, encoding}    # re-encode the file (gbk, utf-8-sig)
      - {file, newline}     # change every line end ("\\r\\n")
A text (new, write, append) may be a list of pieces: a string, or {repeat: s, times: n}
for a long run, so that a file too large or a line too long is made by the test.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.diagnostics import CATALOGUE, Severity
from generator.tools.cli import main

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "diagnostics"
MINI = TESTS / "golden" / "mini" / "data"
SCHEMA = TESTS.parent / "schema"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def folders() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    out = []
    for piece in value:
        out.append(piece if isinstance(piece, str) else piece["repeat"] * int(piece["times"]))
    return "".join(out)


def apply(root: Path, patch: list[dict[str, Any]]) -> None:
    for step in patch:
        path = root / step["file"]
        if "old" in step:
            text = path.read_text(encoding="utf-8")
            old = _text(step["old"])
            assert text.count(old) == 1, f"{step['file']}: {old!r} must occur exactly once"
            path.write_text(text.replace(old, _text(step["new"])), encoding="utf-8", newline="")
        elif "write" in step:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_text(step["write"]), encoding="utf-8", newline="")
        elif "append" in step:
            with path.open("a", encoding="utf-8", newline="") as f:
                f.write(_text(step["append"]))
        elif step.get("delete"):
            path.unlink()
        elif "symlink" in step:
            path.unlink(missing_ok=True)
            path.symlink_to(step["symlink"])
        elif "encoding" in step:
            path.write_bytes(path.read_text(encoding="utf-8").encode(step["encoding"]))
        elif "newline" in step:
            text = path.read_text(encoding="utf-8")
            path.write_bytes(text.replace("\n", step["newline"]).encode("utf-8"))
        else:
            raise AssertionError(f"unknown patch step {step}")


def base(root: Path) -> Path:
    """The mini edition with the schemas, made to pass `edition check` without a warning."""
    shutil.copytree(MINI, root / "data")
    shutil.copytree(SCHEMA, root / "schema")
    spec = yaml.safe_load((FIXTURES / "base.yml").read_text(encoding="utf-8"))
    apply(root, spec["patch"])
    return root


def run(root: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["--root", str(root), *args])
    out = capsys.readouterr().out
    return status, out.replace(str(root), "<root>")


def compare(expected_file: Path, actual: str) -> None:
    if UPDATE:
        expected_file.write_text(actual, encoding="utf-8")
    if not expected_file.exists():
        pytest.fail(f"{expected_file} is missing: run UPDATE_GOLDEN=1 pytest {__file__}")
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        name = expected_file.relative_to(TESTS).as_posix()
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"expected/{name}", f"actual/{name}"))
        pytest.fail(f"the report differs from the golden file:\n{diff}")


def test_the_base_edition_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each fixture shows its own problem only: the edition it patches has none."""
    status, out = run(base(tmp_path / "repo"), ["check"], capsys)
    assert status == 0 and re.fullmatch(r"ok: 1 page, .*; 0 warning\(s\)\.\n", out), out


@pytest.mark.parametrize("code", folders())
def test_diagnostic(code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = FIXTURES / code
    spec = yaml.safe_load((folder / "patch.yml").read_text(encoding="utf-8"))
    root = base(tmp_path / "repo")
    apply(root, spec["patch"])
    status, out = run(root, list(spec.get("command", ["check"])), capsys)
    assert "Traceback" not in out
    compare(folder / "expected.txt", out)
    assert status == spec.get("status", 1), out


def test_every_catalogued_code_has_a_fixture() -> None:
    missing = sorted(set(CATALOGUE) - set(folders()))
    unknown = sorted(set(folders()) - set(CATALOGUE))
    assert not missing, f"catalogued codes without a folder in tests/diagnostics/: {missing}"
    assert not unknown, f"folders in tests/diagnostics/ for codes not in the catalogue: {unknown}"


@pytest.mark.parametrize("code", folders())
def test_a_fixture_reports_its_own_code(code: str) -> None:
    assert code in CATALOGUE, f"tests/diagnostics/{code}: no such code in generator/core/diagnostics.py"
    expected = (FIXTURES / code / "expected.txt").read_text(encoding="utf-8")
    sev = "warning: " if CATALOGUE[code].severity is Severity.WARNING else ""
    assert re.search(rf"^\S+:\d+:\d+: {code} {sev}", expected, re.M), f"{code} is not in its own expected.txt"
