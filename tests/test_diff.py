"""`edition diff BASE HEAD`: a reviewer's Markdown summary, from a scratch git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.tools.cli import main
from generator.tools.diff import diff_revisions

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "edition"
GLOSSARY = "data/glossary.yml"
FIGURES = "data/20210816/figures.yml"
STRUCTURE = "data/20210816/structure.yml"
VARIANTS = "data/variants.yml"

MINIMAL_GLOSSARY = """\
# yaml-language-server: $schema=../schema/glossary.schema.json
terms:
  - id: chengshi-yunnao
    term: 城市云脑
    category: 城市治理
    definition: 青岛建设的城市级数据与指挥平台。
"""

NEW_TERM = """
  - id: zhihui-anfang-xiaoqu
    term: 智慧安防小区
    category: 城市治理
    definition: 在出入口、周界和公共区域装设视频、门禁等感知设备并接入平台的居民小区。
    english: smart security residential community
"""

NEW_RULE = """  - phrase: 智慧安防
    zh-Hant-TW: 智慧安防
    zh-Hant-HK: 智慧安防
    reason: 测试用规则：保持原样
"""

OLD_MEASURES = "第三方评估涉及的部门"
NEW_MEASURES = "接受第三方评估的市直部门"
OLD_REASON = "版面分栏把数字“3980”与量词“个”拆进了两段，合为一段。"
NEW_REASON = "版面分栏把“3980个”拆开了，合为一段。"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
         "-C", str(repo), *args],
        capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture text {old!r} not once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch git repository whose first commit is the real data/."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE / "data", root / "data")
    if not (root / GLOSSARY).exists():
        (root / GLOSSARY).write_text(MINIMAL_GLOSSARY, encoding="utf-8")
    git(root, "init", "-q")
    commit(root, "base")
    return root


def annotate(repo: Path) -> None:
    """The second commit: a new term, a figure's measures, a repair's reason, a new variant rule."""
    with (repo / GLOSSARY).open("a", encoding="utf-8") as f:
        f.write(NEW_TERM)
    edit(repo, FIGURES, f"    measures: {OLD_MEASURES}\n", f"    measures: {NEW_MEASURES}\n")
    edit(repo, STRUCTURE, f"    reason: {OLD_REASON}\n", f"    reason: {NEW_REASON}\n")
    edit(repo, VARIANTS, "rules:\n", "rules:\n" + NEW_RULE)


def section(summary: str, title: str) -> str:
    """The text of one `### title` section of the summary."""
    assert f"### {title}\n" in summary, summary
    return summary.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]


def test_summary_names_every_change(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    annotate(repo)
    head = commit(repo, "annotate")
    summary = diff_revisions(repo, base, head)

    assert summary.startswith(f"## Annotation changes: `{base[:8]}` → `{head[:8]}`")
    assert "| Glossary terms | 1 | 0 | 0 |" in summary
    assert "| Figures | 0 | 0 | 1 |" in summary
    assert "| Repairs | 0 | 0 | 1 |" in summary
    assert "| Variant rules | 1 | 0 | 0 |" in summary
    assert "| Notes | 0 | 0 | 0 |" in summary
    assert "data error" not in summary

    terms = section(summary, "Glossary terms")
    assert "Added (1):" in terms
    assert "**智慧安防小区** (`zhihui-anfang-xiaoqu`, 城市治理): 在出入口、周界和公共区域装设视频" in terms

    figures = section(summary, "Figures")
    assert "- `pinggu-bumen`" in figures
    assert f"  - `measures`: {OLD_MEASURES} → {NEW_MEASURES}" in figures

    repairs = section(summary, "Repairs")
    assert "- `join-3980`\n" in repairs
    assert f"  - `reason`: {OLD_REASON} → {NEW_REASON}" in repairs

    rules = section(summary, "Variant rules")
    assert "- 智慧安防 → 智慧安防 (zh-Hant-TW) / 智慧安防 (zh-Hant-HK): 测试用规则：保持原样" in rules

    assert "### Notes" not in summary
    assert "### Anchors that moved" not in summary  # nothing in the text moved
    assert "### Pages whose text changed" not in summary


def test_changed_definition_is_shown_in_full(repo: Path) -> None:
    old = "青岛建设的城市级数据与指挥平台"
    text = (repo / GLOSSARY).read_text(encoding="utf-8")
    old_line = next(line for line in text.splitlines() if old in line).strip()
    new_line = old_line.replace(old, "青岛市的城市级数据平台")
    edit(repo, GLOSSARY, old_line, new_line)
    edit(repo, GLOSSARY, "    english: City Brain\n", "    english: Urban Brain\n")
    head = commit(repo, "reword")
    summary = diff_revisions(repo, "HEAD~1", head)
    terms = section(summary, "Glossary terms")
    assert "- **城市云脑** (`chengshi-yunnao`)" in terms
    assert f"  - `definition`:\n    - old: {old_line}\n    - new: {new_line}" in terms
    assert "  - `english`: City Brain → Urban Brain" in terms


def test_text_change_and_new_places_of_a_term(repo: Path) -> None:
    edit(repo, STRUCTURE, "    insert: 市\n", "    insert: 市，城市云脑\n")
    head = commit(repo, "emend")
    summary = diff_revisions(repo, "HEAD~1", head)
    assert "  - `insert`: 市 → 市，城市云脑" in section(summary, "Repairs")
    pages = section(summary, "Pages whose text changed")
    assert "- `shuzi-qingdao` “对标一流，数字青岛发力“6+1””: 1 paragraph(s) changed (kicker-1)" in pages
    moved = section(summary, "Anchors that moved")
    assert "- term `chengshi-yunnao`: now at shuzi-qingdao#kicker-1:17 (7 → 8 places)" in moved


NOTES = """\
# yaml-language-server: $schema=../../schema/notes.schema.json
notes:
  - id: yunnao
    article: shuzi-qingdao
    quote: 加快完善城市云脑功能
    text: 城市云脑的六项任务见下文。
"""


def test_notes_and_a_moved_anchor(repo: Path) -> None:
    (repo / "data/20210816/notes.yml").write_text(NOTES, encoding="utf-8")
    commit(repo, "a note")
    summary = diff_revisions(repo, "HEAD~1", "HEAD")
    assert "| Notes | 1 | 0 | 0 |" in summary
    assert "- `yunnao` on “加快完善城市云脑功能”: 城市云脑的六项任务见下文。" in section(summary, "Notes")

    edit(repo, "data/20210816/notes.yml", "    quote: 加快完善城市云脑功能\n", "    quote: 系列报道⑪\n")
    commit(repo, "move the note")
    summary = diff_revisions(repo, "HEAD~1", "HEAD")
    assert "| Notes | 0 | 0 | 1 |" in summary
    assert "- `yunnao`\n  - `quote`: 加快完善城市云脑功能 → 系列报道⑪" in section(summary, "Notes")
    moved = section(summary, "Anchors that moved")
    assert "- note `yunnao`: shuzi-qingdao#p" in moved
    assert " → shuzi-qingdao#series-3:0" in moved


def test_no_changes(repo: Path) -> None:
    (repo / "README.md").write_text("not data\n", encoding="utf-8")
    commit(repo, "docs only")
    summary = diff_revisions(repo, "HEAD~1", "HEAD")
    assert "No annotation changes." in summary
    assert "|" not in summary


def test_revision_with_data_errors(repo: Path) -> None:
    edit(repo, FIGURES, "    measures: 第三方评估涉及的部门\n", "    measures: 第三方评估涉及的部门\n    bogus: 1\n")
    commit(repo, "break")
    summary = diff_revisions(repo, "HEAD~1", "HEAD")
    assert "### ⚠️ head `HEAD (" in summary
    assert "has 1 data error(s)" in summary
    assert f"{FIGURES}:" in summary and "V002" in summary
    assert "Not compared: a revision has data errors." in summary


def test_unknown_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--root", str(repo), "diff", "no-such-branch", "HEAD"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.strip() == (f"edition diff: unknown revision `no-such-branch`: no such commit, branch or tag in {repo.resolve()}")
    assert "Traceback" not in out


def test_not_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--root", str(tmp_path), "diff", "HEAD~1", "HEAD"])
    out = capsys.readouterr().out
    assert code == 1
    assert "is not a git repository" in out


def test_cli_prints_the_summary(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    annotate(repo)
    commit(repo, "annotate")
    code = main(["--root", str(repo), "diff", "HEAD~1", "HEAD"])
    out = capsys.readouterr().out
    assert code == 0
    assert "### Glossary terms" in out and NEW_MEASURES in out


def test_summary_is_inert_and_reports_the_edition_file(repo: Path) -> None:
    """What a pull request writes reaches the reviewer's job summary as text: a comment
    opener cannot hide the rest, a link or an image cannot appear, a newline cannot start
    a heading; and a change of edition.yml (site title, pages) is reported."""
    payload = "<!-- x [a](javascript:alert(1)) ![i](http://e/x.png) `c` *e* <img src=x onerror=alert(1)>\\n# H"
    with (repo / GLOSSARY).open("a", encoding="utf-8") as f:
        f.write(f'  - id: evil\n    term: 测试词条\n    category: 机构与平台\n    definition: "{payload}"\n')
    edit(repo, "data/edition.yml", "\ntitle: ", "\ntitle: 新 ")
    head = commit(repo, "payload")
    summary = diff_revisions(repo, "HEAD~1", head)
    for raw in ("<!--", "<img", "](", "`c`", "*e*", "\n# H"):
        assert raw not in summary, raw
    assert "&#60;&#33;-- x" in summary and "⏎# H" in summary
    section_text = section(summary, "Edition and pages")
    assert "`(edition)`" in section_text and "新" in section_text
    assert "Glossary terms" in summary.rsplit("<!--", 1)[-1]  # nothing after the payload is hidden


def test_a_revision_holding_links_is_summarised_not_crashed(repo: Path) -> None:
    (repo / "data/20210816/notes.yml").symlink_to("/etc/passwd")
    (repo / "data/evil").symlink_to("../../../../../../tmp")
    head = commit(repo, "links")
    summary = diff_revisions(repo, "HEAD~1", head)
    assert summary.startswith("## Annotation changes")
    assert "root:" not in summary
