"""Build every script edition and the offline bundle, atomically and reproducibly.

This is MkDocs glue, like plugin.py: it runs one MkDocs build per edition into a
temporary folder, zips the result, and only then replaces site/ and dist/. A failed
or interrupted build leaves the previous output exactly as it was.

The editions are built in parallel, in processes forked after everything they share
is ready: the imports, the validated and rendered data (the core runs once), the
OpenCC engines and jieba's dictionary (which Material's search loads on first use,
0.6 to 0.9 s each time here). Each worker then only does its own MkDocs build, into
a folder of its own; the parent adds each finished edition to the zip meanwhile.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from .convert import Variant, engine, variants
from .diagnostics import InvalidData
from .site import load_variants, prepare

log = logging.getLogger("mkdocs.plugins.edition")

BUNDLE = "qingdao-edition-offline"
ZIP_EPOCH_FLOOR = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def source_date_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the time of the last commit: same commit, same bytes."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        return int(env)
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, check=True).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return ZIP_EPOCH_FLOOR


def _build_one(root: Path, variant: Variant, target: Path, strict: bool) -> str:
    """One edition's MkDocs build; returns the error message, or "" when it succeeded."""
    os.environ["EDITION_VARIANT"] = variant.code
    try:
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(target), strict=strict))
    except MkDocsException as err:
        return f"{variant.code}: {err}"
    finally:
        os.environ.pop("EDITION_VARIANT", None)
    return ""


def _warm_up(root: Path, editions: tuple[Variant, ...]) -> None:
    """Do once, before forking, what every edition's build would otherwise repeat."""
    plugin = load_config(str(root / "mkdocs.yml")).plugins.get("edition")
    try:
        prepare(root, getattr(plugin, "config", {}).get("repository", "") if plugin else "")
    except InvalidData as err:  # reported as the plugin reports it inside a MkDocs build
        log.error("the annotation data has errors:\n" + err.diagnostics.report())
        raise Abort("Aborted with a BuildError!") from None
    for v in editions[1:]:
        engine(v.base_config)
    _release_pinyin()
    try:
        import jieba  # Material's search segments Chinese with it when it is installed
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def _release_pinyin() -> None:
    """Drop pypinyin once the core has run: the workers only convert and build, and its
    dictionaries (some 56 MiB) would otherwise stay in every process. Should anything
    need it again, the next use imports it afresh."""
    for name in [m for m in sys.modules if m == "pypinyin" or m.startswith("pypinyin.")]:
        del sys.modules[name]
    gc.collect()


def default_jobs() -> int:
    env = os.environ.get("EDITION_JOBS", "")
    return int(env) if env.isdigit() and int(env) > 0 else len(os.sched_getaffinity(0))


class Bundle:
    """The offline zip, written one edition at a time as each finishes building.

    Entries go in a fixed order (the editions in their order, each one's files sorted)
    with one timestamp, so the same commit gives the same bytes."""

    def __init__(self, zip_path: Path, epoch: int) -> None:
        self._stamp = time.gmtime(max(epoch, ZIP_EPOCH_FLOOR))[:6]
        self._zip = zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)

    def add(self, folder: str, built: Path) -> None:
        prefix = f"{BUNDLE}/{folder}/" if folder else f"{BUNDLE}/"
        for path in sorted(p for p in built.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(prefix + path.relative_to(built).as_posix(), date_time=self._stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(info, path.read_bytes())

    def close(self) -> None:
        self._zip.close()


def build_editions(root: Path, site_dir: Path, bundle: Bundle | None = None, *, strict: bool = True,
                   jobs: int | None = None) -> None:
    """Build every script edition into site_dir (and the bundle); raise MkDocsException if any failed."""
    _, tw_vocab = load_variants(root)
    editions = variants(tw_vocab)
    jobs = min(jobs or default_jobs(), len(editions))
    _warm_up(root, editions)
    # Each edition gets a folder of its own: MkDocs empties its site_dir when it starts,
    # which would delete another edition's output if they were nested while building.
    targets = [site_dir.with_name(f"{site_dir.name}-{v.code}") for v in editions]
    errors: list[str] = []

    def done(variant: Variant, target: Path, error: str) -> None:
        errors.append(error)
        if bundle is not None and not any(errors):
            bundle.add(variant.folder, target)  # while the other workers are still building

    if jobs == 1:
        for v, t in zip(editions, targets, strict=True):
            done(v, t, _build_one(root, v, t, strict))
    else:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_build_one, root, v, t, strict) for v, t in zip(editions, targets, strict=True)]
            for v, t, f in zip(editions, targets, futures, strict=True):
                done(v, t, f.result())
    if any(errors):
        raise MkDocsException("\n".join(e for e in errors if e))
    for v, t in zip(editions, targets, strict=True):
        t.rename(site_dir / v.folder if v.folder else site_dir)


def _replace(new: Path, old: Path) -> None:
    trash = old.with_name(old.name + ".old")
    if trash.exists():
        shutil.rmtree(trash)
    if old.exists():
        old.rename(trash)
    old.parent.mkdir(parents=True, exist_ok=True)
    new.rename(old)
    if trash.exists():
        shutil.rmtree(trash)


def build_all(root: Path, site: Path | None = None, dist: Path | None = None) -> None:
    """Build into a scratch folder; swap it in only when everything succeeded."""
    site = site or root / "site"
    dist = dist or root / "dist"
    epoch = source_date_epoch(root)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    scratch = root / f".edition-build-{os.getpid()}"
    if scratch.exists():
        shutil.rmtree(scratch)
    try:
        (scratch / "dist").mkdir(parents=True)
        bundle = Bundle(scratch / "dist" / f"{BUNDLE}.zip", epoch)
        try:
            build_editions(root, scratch / "site", bundle)
        finally:
            bundle.close()
        _replace(scratch / "site", site)
        _replace(scratch / "dist", dist)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main_build(root: Path) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    try:
        build_all(root)
    except MkDocsException as err:
        print(f"build failed; site/ and dist/ were left as they were.\n{err}")
        return 1
    return 0
