"""The layout of generator/ is the flow of data, and the import graph keeps it so.

The contracts are in pyproject.toml ([tool.importlinter]); import-linter reads the import
graph (every `import`, also inside functions) without running the code."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False,
    )


def test_the_layers_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_core_importing_a_later_layer_breaks_the_contract(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    models = root / "generator/core/segment.py"
    models.write_text(models.read_text(encoding="utf-8") + "\n\ndef _late():\n    from generator.render import pages\n", encoding="utf-8")
    result = lint(root)
    assert result.returncode == 1
    assert "generator.core.segment -> generator.render.pages" in result.stdout


def test_render_importing_mkdocs_breaks_the_contract(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    charts = root / "generator/render/charts.py"
    charts.write_text(charts.read_text(encoding="utf-8") + "\nimport mkdocs.config  # noqa\n", encoding="utf-8")
    result = lint(root)
    assert result.returncode == 1
    assert "generator.render.charts -> mkdocs" in result.stdout
