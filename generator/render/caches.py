"""What is compiled from installed packages once per machine, kept between processes.

A compiled form (a trie of a word list, a template's bytecode) lives in the user's cache
folder, never in a shared temporary folder: a pickle is code, and another user could plant
one there. A file's name is a digest of what it was made from; an unreadable or unwritable
cache only costs the compilation.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 2  # raise when what a cache file holds changes


def cache_folder() -> Path | None:
    """Per user (a pickle is code: never one from a shared temporary folder); None when
    the user has no home folder, and then nothing is kept."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "qingdao-edition"


def made_folder(sub: str = "") -> Path | None:
    """The cache folder (or its subfolder sub), made if need be, the user's own (0700);
    None when there is no home folder or it cannot be made."""
    base = cache_folder()
    if base is None:
        return None
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        if sub:
            (base / sub).mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return base / sub if sub else base


def cached(name: str, source: Path, compile_: Callable[[], Any], libraries: tuple[str, ...] = ()) -> Any:
    """compile_() of source, from the cache when it was compiled before from the same file
    by the same Python and the same versions of the libraries named (whose objects it holds)."""
    folder = made_folder()
    if folder is None:
        return compile_()
    stat = source.stat()
    versions = (FORMAT, name, sys.version, [metadata.version(x) for x in libraries], str(source), stat.st_size,
                stat.st_mtime_ns)
    path = folder / f"{name}-{hashlib.sha256(repr(versions).encode()).hexdigest()[:16]}.pickle"
    try:
        with path.open("rb") as fh:  # read as it is unpickled: no copy of the whole file in memory
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        pass
    value = compile_()
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return value  # no cache: compiled again by the next process
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    return value
