"""The plain `mkdocs build` command: strict build is clean; invalid data stops it with the same messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MKDOCS, "build", "--strict"], cwd=root, env=ENV, capture_output=True, text=True)


def test_strict_build_is_clean(repo: Path) -> None:
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (repo / "site" / "20210816" / "shuzi-qingdao" / "index.html").is_file()


def test_invalid_data_stops_mkdocs_build_and_keeps_the_site(repo: Path) -> None:
    assert mkdocs_build(repo).returncode == 0
    page = repo / "site" / "index.html"
    before = page.read_bytes()
    glossary = repo / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("definition:", "defintion:", 1), encoding="utf-8")
    result = mkdocs_build(repo)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [x for x in result.stderr.splitlines() if " V002 " in x]
    assert lines and lines[0].strip().startswith("data/glossary.yml:") and "`defintion`" in lines[0]
    assert page.read_bytes() == before


def test_an_unknown_script_edition_is_a_configuration_error(repo: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=repo, capture_output=True, text=True,
                            env={**os.environ, "EDITION_VARIANT": "zh-Hant-XX"})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "StopIteration" not in result.stderr
    assert "zh-Hant-XX" in result.stderr and "zh-Hant-TW" in result.stderr  # what was given, what is allowed
