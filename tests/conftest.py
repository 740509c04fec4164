"""Shared fixtures: a scratch copy of the repository, one full build per test session, and one
Chromium with the built site served and unzipped for the browser tests."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browsing import ARGS, CHROMIUM, missing, serve

ROOT = Path(__file__).resolve().parent.parent
# The tools are tested on an edition of their own: a snapshot of the page's data taken when
# the tests were written. The live data/ is read only by the data checks (test_data.py,
# test_source.py), so that a valid data-only change never turns a tool test red.
FIXTURE = ROOT / "tests" / "fixtures" / "edition"
COPIED = ("docs", "overrides", "mkdocs.yml", "schema")
EDIT_REPOSITORY = "qingdao-edition/qingdao-edition"


def copy_repo(dest: Path) -> Path:
    """The parts of the repository a build reads (with the fixture edition's data), copied so a test may change them."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE / "data", dest / "data")
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """site/ and dist/ of the real data, built once with every edition and the zip."""
    from generator.mkdocs.build import build_all

    root = copy_repo(tmp_path_factory.mktemp("build") / "repo")
    # As the deploy workflow does: the repository the edit buttons open.
    patch = pytest.MonkeyPatch()
    patch.setenv("EDITION_REPO_URL", f"https://github.com/{EDIT_REPOSITORY}")
    try:
        build_all(root)
    finally:
        patch.undo()
    yield root


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    why = missing()
    if why:
        pytest.fail(why)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(built: Path) -> Iterator[str]:
    with serve(built / "site") as address:
        yield address


@pytest.fixture(scope="session")
def bundle(built: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The offline zip, unzipped: its address as a file:// URL."""
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(built / "dist/qingdao-edition-offline.zip") as zf:
        zf.extractall(dest)
    return (dest / "qingdao-edition-offline").as_uri() + "/"


@pytest.fixture(params=["http", "file"])
def base(request: pytest.FixtureRequest) -> str:
    """The site online and the bundle offline: each browser test that takes it runs on both."""
    return str(request.getfixturevalue("server" if request.param == "http" else "bundle"))
