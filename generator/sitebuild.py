"""Build every script edition and the offline bundle, atomically and reproducibly.

This is MkDocs glue, like plugin.py: it runs one MkDocs build per edition into a
temporary folder, zips the result, and only then replaces site/ and dist/. A failed
or interrupted build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .convert import variants
from .site import load_variants

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


def build_editions(root: Path, site_dir: Path, *, strict: bool = True) -> None:
    _, tw_vocab = load_variants(root)
    for variant in variants(tw_vocab):
        os.environ["EDITION_VARIANT"] = variant.code
        target = site_dir / variant.folder if variant.folder else site_dir
        cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(target), strict=strict)
        build(cfg)
    os.environ.pop("EDITION_VARIANT", None)


def write_zip(site_dir: Path, zip_path: Path, epoch: int) -> None:
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_FLOOR))[:6]
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{BUNDLE}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())


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
        build_editions(root, scratch / "site")
        (scratch / "dist").mkdir()
        write_zip(scratch / "site", scratch / "dist" / f"{BUNDLE}.zip", epoch)
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
