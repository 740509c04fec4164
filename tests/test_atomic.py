"""A build killed at any moment leaves the previous site/ and dist/ whole; one build at a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException

from generator.mkdocs.build import STATE, BuildLocked, build_all
from tests.conftest import copy_repo
from tests.test_build import digest

pytestmark = pytest.mark.slow


def _gens(root: Path) -> list[Path]:
    return sorted((root / STATE).glob("gen-*"))


def _built(name: str) -> Callable[[Path], bool]:
    return lambda root: any((g / name).exists() for g in _gens(root) if g.name != os.readlink(root / STATE / "current"))


KILL_POINTS: dict[str, Callable[[Path], bool]] = {
    "at start": lambda root: True,
    "generation made": lambda root: len(_gens(root)) > 1,
    "first edition built": _built("site-zh-Hans"),
    "zip being written": lambda root: any((g / "dist" / "qingdao-edition-offline.zip").exists() for g in _gens(root)[1:]),
    "editions in place": _built("site"),
}


def _processes() -> Iterator[tuple[int, int, bytes]]:
    """(pid, parent pid, command line) of every process /proc shows."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (proc / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        yield int(proc.name), ppid, cmd


def _processes_of(root: Path) -> list[int]:
    """Processes whose command line names this scratch repository (the build and its workers)."""
    return [pid for pid, _, cmd in _processes() if str(root).encode() in cmd]


def _edit(root: Path) -> Path:
    glossary = root / "data/glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("definition: ", "definition: 改 ", 1),
                        encoding="utf-8")
    return glossary


@pytest.fixture
def two_states(tmp_path: Path) -> tuple[Path, dict[str, str], Path]:
    """A repository built once, then edited: the old output and the edit to build next."""
    root = copy_repo(tmp_path / "repo")
    build_all(root)
    old = digest(root)
    return root, old, _edit(root)


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc to find the workers")
def test_a_killed_build_leaves_the_previous_output_whole(two_states: tuple[Path, dict[str, str], Path],
                                                         tmp_path: Path) -> None:
    root, old, _ = two_states
    other = copy_repo(tmp_path / "other")
    _edit(other)
    build_all(other)
    new = digest(other)  # builds are reproducible: what the killed build would have made
    assert new != old
    for point, reached in KILL_POINTS.items():
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not reached(root) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, f"the build finished before the kill point `{point}`"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # The old output, or (killed just after the switch) the new one, never a mix.
        assert digest(root) in (old, new), point
        for _ in range(40):  # the workers notice within a second that their build is gone
            if not _processes_of(root):
                break
            time.sleep(0.1)
        assert not _processes_of(root), f"workers outlived the killed build ({point})"
    build_all(root)  # the next build cleans up after the killed ones
    assert digest(root) == new
    assert len(_gens(root)) == 1
    assert sorted(p.name for p in (root / STATE).iterdir()) == sorted(["current", "lock", _gens(root)[0].name])


def test_a_terminated_build_removes_its_generation(two_states: tuple[Path, dict[str, str], Path]) -> None:
    root, old, _ = two_states
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while len(_gens(root)) < 2 and proc.poll() is None:
        time.sleep(0.005)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in out
    assert digest(root) == old
    assert len(_gens(root)) == 1


def _workers(parent: int) -> list[int]:
    """The forked build workers of `parent` (they share its command line; git and the like do not)."""
    return [pid for pid, ppid, cmd in _processes() if ppid == parent and b"generator" in cmd]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
def test_a_crashed_worker_fails_the_build_with_a_message_and_keeps_the_site(
        two_states: tuple[Path, dict[str, str], Path]) -> None:
    root, old, _ = two_states
    env = {**os.environ, "EDITION_JOBS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    deadline = time.monotonic() + 120
    killed = False
    while not killed and proc.poll() is None and time.monotonic() < deadline:
        for worker in sorted(_workers(proc.pid), reverse=True):  # the latest started; a job may have ended already
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)  # as the kernel's out-of-memory killer would
                killed = True
                break
        time.sleep(0.005)
    assert killed, "the build finished before a worker could be killed"
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 1, out
    assert "Traceback" not in out
    assert "build failed; site/ and dist/ were left as they were." in out
    assert "worker process ended abruptly (out of memory, or killed)" in out
    assert digest(root) == old
    assert len(_gens(root)) == 1


def test_one_build_at_a_time(two_states: tuple[Path, dict[str, str], Path]) -> None:
    root, old, _ = two_states
    with (root / STATE / "lock").open("ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(BuildLocked, match="another build is running"):
            build_all(root)
    assert digest(root) == old


def test_a_read_only_previous_site_does_not_fail_the_build(two_states: tuple[Path, dict[str, str], Path],
                                                          caplog: pytest.LogCaptureFixture) -> None:
    root, old, _ = two_states
    previous = _gens(root)[0]
    folders = [previous, *[p for p in previous.rglob("*") if p.is_dir()]]
    for f in folders:
        f.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        build_all(root)
        if os.geteuid() != 0:  # root may remove it all the same
            assert "could not be removed" in caplog.text
    finally:
        for f in folders:
            if f.exists():
                f.chmod(stat.S_IRWXU)
    assert digest(root) != old


def test_a_failed_build_keeps_site_and_dist_together(two_states: tuple[Path, dict[str, str], Path]) -> None:
    root, old, glossary = two_states
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("definition:", "defintion:", 1), encoding="utf-8")
    with pytest.raises(MkDocsException):
        build_all(root)
    assert digest(root) == old
    assert (root / "site").is_symlink() and (root / "dist").is_symlink()
