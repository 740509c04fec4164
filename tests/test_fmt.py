"""`edition fmt`: one canonical form, idempotent, never changes the data, keeps comments."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.tools.cli import main
from generator.tools.fmt import format_data, format_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "edition"
REAL_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yml"))

SCRAMBLED_GLOSSARY = """\
# yaml-language-server: $schema=../schema/glossary.schema.json
terms:
    # 城市治理
    -   definition: '青岛建设的城市级数据与指挥平台。'   # 待补充
        term: 城市云脑
        category: 城市治理
        id: chengshi-yunnao
        explained_in:
            quote:
                suffix: 功能
                exact: 加快完善城市云脑
            article: shuzi-qingdao
        aliases: [云脑]


    -   english: one-network government services
        term: 一网通办
        id: yiwang-tongban
        category: 政务服务
        definition: >-
            政务服务改革的提法。
"""

CANONICAL_GLOSSARY = """\
# yaml-language-server: $schema=../schema/glossary.schema.json
terms:
  # 城市治理
  - id: chengshi-yunnao
    term: 城市云脑
    aliases: [云脑]
    category: 城市治理
    definition: "青岛建设的城市级数据与指挥平台。"  # 待补充
    explained_in:
      article: shuzi-qingdao
      quote:
        exact: 加快完善城市云脑
        suffix: 功能

  - id: yiwang-tongban
    term: 一网通办
    category: 政务服务
    definition: >-
      政务服务改革的提法。
    english: one-network government services
"""

SCRAMBLED_STRUCTURE = """\
articles:
- summary: 一句话。
  blocks:
  - credits:
    - name: 任晓萌
      role: 首席记者
    byline: □青岛日报/观海新闻首席记者
  - id: dingge-tuijin
    section: 顶格推进、加速布局
  id: shuzi-qingdao
repairs:
- reason: 版面分栏把一句话拆进了两段。
  before: 不断购进新设备。目前，
  kind: join
  id: join-muqian
  after: 合作社已发展社员136户
"""

CANONICAL_STRUCTURE = """\
# yaml-language-server: $schema=../../schema/structure.schema.json
articles:
  - id: shuzi-qingdao
    summary: 一句话。
    blocks:
      - byline: □青岛日报/观海新闻首席记者
        credits:
          - role: 首席记者
            name: 任晓萌
      - section: 顶格推进、加速布局
        id: dingge-tuijin
repairs:
  - id: join-muqian
    kind: join
    before: 不断购进新设备。目前，
    after: 合作社已发展社员136户
    reason: 版面分栏把一句话拆进了两段。
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A scratch repository root holding a copy of data/."""
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    return tmp_path


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(root), "fmt", *args])
    out = capsys.readouterr().out
    assert "Traceback" not in out
    return code, out


@pytest.mark.parametrize("rel", REAL_FILES)
def test_real_file_is_stable_and_keeps_its_data(rel: str) -> None:
    text = (ROOT / rel).read_text(encoding="utf-8")
    once = format_text(text, rel)
    assert format_text(once, rel) == once
    assert yaml.safe_load(once) == yaml.safe_load(text)
    assert once.split("\n", 1)[0] == text.split("\n", 1)[0]
    assert once.endswith("\n") and not once.endswith("\n\n")
    assert once.count("#") >= text.count("\n#")  # comments survive


def test_formatting_the_data_twice_is_formatting_once(root: Path) -> None:
    before = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (root / "data").rglob("*.yml")}
    changed, problems = format_data(root / "data", check=False)
    assert problems == []
    assert set(changed) <= set(before)
    assert format_data(root / "data", check=True) == ([], [])
    assert format_data(root / "data", check=False) == ([], [])
    after = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in before}
    assert after == before
    assert (root / "data/variants-reviewed.txt").read_bytes() == (FIXTURE / "data/variants-reviewed.txt").read_bytes()


@pytest.mark.parametrize(("rel", "scrambled", "canonical"), [
    ("data/glossary.yml", SCRAMBLED_GLOSSARY, CANONICAL_GLOSSARY),
    ("data/20210816/structure.yml", SCRAMBLED_STRUCTURE, CANONICAL_STRUCTURE),
])
def test_scrambled_file_comes_out_canonical(root: Path, capsys: pytest.CaptureFixture[str],
                                            rel: str, scrambled: str, canonical: str) -> None:
    path = root / rel
    path.write_text(scrambled, encoding="utf-8")
    code, out = run(root, capsys, "--check")
    assert code == 1
    assert f"{rel}: would be reformatted" in out
    assert path.read_text(encoding="utf-8") == scrambled  # --check writes nothing

    code, out = run(root, capsys)
    assert code == 0
    assert f"{rel}: reformatted" in out
    assert path.read_text(encoding="utf-8") == canonical
    assert yaml.safe_load(canonical) == yaml.safe_load(scrambled)

    code, out = run(root, capsys, "--check")
    assert code == 0, out
    assert out == "fmt: every data file is in canonical form\n"
    assert_lint_clean(path)


def assert_lint_clean(path: Path) -> None:
    """The formatted file passes the repository's yamllint settings (the style fmt writes)."""
    pytest.importorskip("yamllint")
    done = subprocess.run([sys.executable, "-m", "yamllint", "-f", "parsable", "-c", str(ROOT / ".yamllint.yml"), str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_comment_above_a_moved_key_moves_with_it() -> None:
    text = "rules:\n  - reason: r\n    # the Hong Kong form\n    zh-Hant-HK: 乙\n    phrase: 甲\n    zh-Hant-TW: 丙\n"
    out = format_text(text, "data/variants.yml")
    assert out.endswith("rules:\n  - phrase: 甲\n    zh-Hant-TW: 丙\n    # the Hong Kong form\n    zh-Hant-HK: 乙\n    reason: r\n")
    assert out.startswith("# yaml-language-server: $schema=../schema/variants.schema.json\n")


def test_block_scalar_content_is_not_taken_for_a_comment() -> None:
    text = "terms:\n  - definition: |\n      line\n      # not a comment\n    id: a\n"
    out = format_text(text, "data/glossary.yml")
    assert "  - id: a\n    definition: |\n      line\n      # not a comment\n" in out
    assert yaml.safe_load(out) == yaml.safe_load(text)


def test_crlf_and_bom_are_dropped(root: Path) -> None:
    path = root / "data/categories.yml"
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    changed, problems = format_data(root / "data", check=False)
    assert (changed, problems) == ([path], [])
    assert path.read_bytes() == original


@pytest.mark.parametrize("broken", [
    'terms:\n  - id: "chengshi-yunnao\n    term: 城市云脑\n',
    "terms:\n  - id: a\n   term: b\n",
    "terms:\n  - id: a\n    id: b\n",
])
def test_malformed_file_is_reported_not_touched(root: Path, capsys: pytest.CaptureFixture[str], broken: str) -> None:
    path = root / "data/glossary.yml"
    path.write_text(broken, encoding="utf-8")
    for args in (("--check",), ()):
        code, out = run(root, capsys, *args)
        assert code == 1
        assert re.search(r"^data/glossary\.yml:\d+:\d+: Y001 ", out, re.M), out
        assert "reformatted" not in out
    assert path.read_text(encoding="utf-8") == broken


def test_not_utf8_is_reported(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = root / "data/categories.yml"
    path.write_bytes(path.read_bytes() + b"  - name: \xff\n")
    code, out = run(root, capsys, "--check")
    assert code == 1
    assert re.search(r"^data/categories\.yml:\d+:\d+: F001 ", out, re.M), out
