"""Writing what the renderer makes straight into a built site, one file at a time."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def write_scripts(folder: Path, scripts: Iterable[tuple[str, str]]) -> int:
    """Write (docs path, text) pairs under folder as each is made; returns how many."""
    count = 0
    for path, text in scripts:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        count += 1
    return count
