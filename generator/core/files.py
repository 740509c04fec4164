"""Files of the data: confined to data/, bounded in size, written atomically.

Everything in data/ arrives by pull request, so a path in a data file is untrusted:
it must name a regular file inside data/, reached without a symbolic link, and every
write (`edition fmt`, `edition report variants --accept`) replaces a regular file
through a temporary file in the same folder, never through a link.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from generator.core.diagnostics import Diagnostics, Location

DATA = "data"
MAX_YAML_BYTES = 4 * 1024 * 1024  # a glossary of a long series stays far below this
MAX_SOURCE_BYTES = 2 * 1024 * 1024  # one newspaper page is some 20 KB
MAX_LINE = 10_000  # characters in one line of a YAML file
MAX_VALUE = 10_000  # characters in one value (a definition is a few hundred, a paragraph's English a few thousand)
MAX_DEPTH = 12  # nesting of mappings and lists; the deepest file needs 6


class OutsideData(ValueError):
    """A path that leaves data/ or passes through a symbolic link."""


def _link_in(root: Path, parts: tuple[str, ...]) -> str | None:
    """The first component of root/parts that is a symbolic link, as a relative path."""
    at = root
    for i, part in enumerate(parts):
        at = at / part
        if at.is_symlink():
            return "/".join(parts[: i + 1])
    return None


def confined(root: Path, rel: str) -> Path:
    """root/rel if rel is a plain relative path into data/ with no link on the way."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or "\\" in rel or ".." in pure.parts or not pure.parts or pure.parts[0] != DATA:
        raise OutsideData(f"`{rel}` is not a relative path inside data/ (no `..`, no absolute path)")
    link = _link_in(root, pure.parts)
    if link is not None:
        raise OutsideData(f"`{link}` is a symbolic link; data files must be regular files inside data/")
    return root.joinpath(*pure.parts)


def read_confined(root: Path, rel: str, diags: Diagnostics, limit: int) -> bytes | None:
    """The bytes of a data file, or None with a diagnostic (outside data/, a link, missing, too large)."""
    try:
        path = confined(root, rel)
    except OutsideData as err:
        diags.add(Location(rel), "F008", detail=str(err))
        return None
    if not path.is_file():
        diags.add(Location(rel), "F006", detail=rel)
        return None
    size = path.stat().st_size
    if size > limit:
        diags.add(Location(rel), "F009", size=f"{size:,}", limit=f"{limit:,}")
        return None
    return path.read_bytes()


def yaml_files(data_dir: Path) -> Iterator[Path]:
    """The *.yml files under data_dir, not descending into linked folders."""
    for folder, dirs, files in os.walk(data_dir):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".yml"):
                yield Path(folder) / name


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path with data: a temporary file in the same folder, then one rename.

    A reader sees the old file or the new one, never half of one; a symbolic link at
    path is refused rather than written through."""
    if path.is_symlink():
        raise OutsideData(f"`{path}` is a symbolic link; not written")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
