"""Builds are reproducible and atomic."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.mkdocs.build import build_all
from tests.conftest import EDIT_REPOSITORY


def digest(folder: Path) -> dict[str, str]:
    """Every file of the output: site/ and dist/ when given their parent, or one folder."""
    if (folder / "site").exists():
        return {f"{name}/{k}": v for name in ("site", "dist") for k, v in digest(folder / name).items()}
    folder = folder.resolve()
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build_in_a_new_process(root: Path, out: Path, hash_seed: str) -> None:
    code = ("import sys; from pathlib import Path; from generator.mkdocs.build import build_all; "
            "build_all(Path(sys.argv[1]), site=Path(sys.argv[2]) / 'site', dist=Path(sys.argv[2]) / 'dist')")
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "EDITION_REPO_URL": f"https://github.com/{EDIT_REPOSITORY}"}
    subprocess.run([sys.executable, "-c", code, str(root), str(out)], env=env, check=True, capture_output=True)


# `built` was made in this test process (its own hash seed, after whatever ran before it),
# with one worker per core; each test below makes the same site another way and compares.


def test_same_commit_same_bytes(built: Path, tmp_path: Path) -> None:
    """A build in a fresh process, with another hash seed and nothing remembered from an
    earlier build, gives the same bytes."""
    _build_in_a_new_process(built, tmp_path / "a", "1")
    assert digest(tmp_path / "a") == digest(built)


def test_one_process_build_equals_the_parallel_one(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The parallel build wrote the zip while its workers ran; the result must not depend on it.
    monkeypatch.setenv("EDITION_REPO_URL", f"https://github.com/{EDIT_REPOSITORY}")
    monkeypatch.setenv("EDITION_JOBS", "1")
    build_all(built, site=tmp_path / "s" / "site", dist=tmp_path / "s" / "dist")
    single = digest(tmp_path / "s")
    assert any(k.startswith("site/zh-tw/") for k in single) and any(k.startswith("site/zh-hk/") for k in single)
    assert single == digest(built)


@pytest.mark.parametrize("short_series", [0, 20])  # a spawned scheduler (here on Linux it forks the jobs), or jobs spawned by the build
def test_a_build_that_spawns_its_workers_as_on_macos_gives_the_same_bytes(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, short_series: int) -> None:
    """macOS has no sched_getaffinity and may not fork: the workers are spawned and run the
    core themselves. The output must not depend on it."""
    from generator.mkdocs import build

    monkeypatch.setattr(build, "SHORT_SERIES", short_series)
    monkeypatch.setenv("EDITION_REPO_URL", f"https://github.com/{EDIT_REPOSITORY}")
    monkeypatch.delenv("EDITION_JOBS", raising=False)
    monkeypatch.setattr(build.sys, "platform", "darwin")
    monkeypatch.delattr(build.os, "sched_getaffinity")
    assert build._start_method() == "spawn" and build.default_jobs() == (os.cpu_count() or 1)
    build_all(built, site=tmp_path / "spawn" / "site", dist=tmp_path / "spawn" / "dist")
    assert digest(tmp_path / "spawn") == digest(built)


@pytest.mark.parametrize("short_series", [0, 20])  # the core run by a scheduler process, or by the build's own
def test_failed_build_leaves_previous_site(built: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                           monkeypatch: pytest.MonkeyPatch, short_series: int) -> None:
    from generator.mkdocs import build
    from tests.conftest import copy_repo

    monkeypatch.setattr(build, "SHORT_SERIES", short_series)

    root = copy_repo(tmp_path / "repo")
    build_all(root)
    before = digest(root / "site")
    glossary = root / "data/glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("definition:", "defintion:", 1), encoding="utf-8")
    from mkdocs.exceptions import MkDocsException

    with pytest.raises(MkDocsException):
        build_all(root)
    assert "V002" in caplog.text and "data/glossary.yml:" in caplog.text
    assert digest(root / "site") == before
    assert len(list((root / ".edition").glob("gen-*"))) == 1  # the failed generation is gone


def test_the_environment_is_the_pinned_one() -> None:
    """make site, make test and CI install from constraints.txt: every package of the
    environment runs at the version pinned there (OpenCC's dictionaries above all, which
    the review of conversions depends on)."""
    from importlib.metadata import distributions

    from tests.conftest import ROOT

    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    assert "opencc" in pins and "mkdocs-material" in pins
    installed = {d.metadata["Name"].lower().replace("_", "-"): d.version for d in distributions()}
    for name, version in installed.items():
        if name in ("qingdao-edition", "setuptools", "wheel"):
            continue
        assert pins.get(name) == version, f"{name} {version} is not pinned in constraints.txt (run `make lock`)"


def test_a_worker_stopped_by_the_build_ends_quietly() -> None:
    # A build that is stopped stops its workers with SIGTERM; a worker that still
    # had the build's handler (sys.exit) raised wherever it was and printed a traceback.
    code = ("import os, signal, sys, time\n"
            "from generator.mkdocs.build import _die_with\n"
            "signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))\n"
            "_die_with(os.getppid())\n"
            "os.kill(os.getpid(), signal.SIGTERM)\n"
            "time.sleep(5)\n"
            "print('still running')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == -15, done
    assert done.stdout == "" and done.stderr == ""


def _succeeds() -> str:
    return ""


def _reports() -> str:
    return "zh-Hant-HK: a message of the build's own"


def _has_a_bug() -> str:
    raise RuntimeError("a job's own bug")


def _is_killed() -> str:
    os.kill(os.getpid(), 9)  # as the kernel's out-of-memory killer would
    return ""


@pytest.mark.parametrize("short_series", [0, 20])
def test_each_job_reports_from_its_own_process_and_the_builder_runs_the_core_only_for_a_short_series(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, short_series: int) -> None:
    """The jobs run in processes of their own, two at a time. Beyond a short series they are
    forked from a scheduler that ran the core: the process that collects them (and zips)
    holds none of it. Whatever a job's process does, the build learns how it ended."""
    from generator import pipeline
    from generator.mkdocs import build
    from tests.conftest import copy_repo

    monkeypatch.setattr(build, "SHORT_SERIES", short_series)
    root = copy_repo(tmp_path / "repo")  # one page
    pipeline._CACHE.clear()
    got: dict[int, str] = {}
    work = [("a", _succeeds, ()), ("b", _has_a_bug, ()), ("c", _reports, ()), ("d", _is_killed, ()), ("e", _succeeds, ())]
    build._run_jobs(root, build._editions(root), work, 2, got.__setitem__)
    assert sorted(got) == [0, 1, 2, 3, 4]
    assert got[0] == got[4] == "" and got[2] == "zh-Hant-HK: a message of the build's own"
    assert "RuntimeError: a job's own bug" in got[1] and "Traceback" in got[1]
    assert got[3] == "d: the build's worker process ended abruptly (out of memory, or killed)"
    assert bool(pipeline._CACHE) == (short_series >= 1)  # else the core ran in the scheduler only


@pytest.mark.parametrize("threads", [1, 3])
def test_the_bundle_deflated_on_threads_is_the_zip_zipfile_writes(tmp_path: Path, threads: int) -> None:
    """The bundle deflates its files on threads and hands the streams to zipfile: the zip must
    be the one zipfile makes when it deflates each file itself, entry for entry and byte for
    byte (an empty file, one that does not compress, one larger than the look-ahead)."""
    import random
    import time
    import zipfile

    from generator.mkdocs.build import BUNDLE, Bundle

    site = tmp_path / "site"
    rng = random.Random(1)
    words = ["数字", "青岛", "转型", "城市", "云脑", "5G", "基站", "353.6万个", "，", "。", "<p>", "</p>\n"]
    text = "".join(rng.choice(words) for _ in range(200_000)).encode()  # compresses differently at each level
    files = {"index.html": text, "empty.txt": b"", "assets/noise.bin": rng.randbytes(300_000)}
    files |= {f"s{i:04d}/index.html": f"<h1>第{i}页</h1>".encode() * (i + 1) for i in range(40)}
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    bundle = Bundle(tmp_path / "bundle.zip", 1629072000, threads=threads)
    bundle.add("", site)
    bundle.add("zh-tw", site)
    bundle.close()
    with zipfile.ZipFile(tmp_path / "plain.zip", "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as plain:
        for folder in ("", "zh-tw"):
            for path in sorted(p for p in site.rglob("*") if p.is_file()):
                name = f"{BUNDLE}/{folder}/" if folder else f"{BUNDLE}/"
                info = zipfile.ZipInfo(name + path.relative_to(site).as_posix(), date_time=time.gmtime(1629072000)[:6])
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                plain.writestr(info, path.read_bytes())
    assert (tmp_path / "bundle.zip").read_bytes() == (tmp_path / "plain.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "bundle.zip") as zf:
        assert zf.testzip() is None and len(zf.namelist()) == 2 * len(files)
