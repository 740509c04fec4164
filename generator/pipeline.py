"""The core's one result: load → validate → anchor, once per state of data/.

Every command starts here — check, the reports, annotate, the build and its preview —
so the data is read and anchored once per run, and a command that needs the
conversion rules gets the ones read in the same pass.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.convert import ScriptConverter, Variant, converters
from generator.core.assemble import load_edition
from generator.core.diagnostics import Diagnostic
from generator.core.document import Edition
from generator.core.models import Rule

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Result:
    """The validated, anchored edition and what the later steps need with it."""

    edition: Edition
    rules: tuple[Rule, ...]
    taiwan_vocabulary: bool
    warnings: tuple[Diagnostic, ...]

    @cached_property
    def converters(self) -> dict[str, ScriptConverter]:
        return converters(self.rules, self.taiwan_vocabulary)

    @property
    def variants(self) -> tuple[Variant, ...]:
        return tuple(c.variant for c in self.converters.values())


_CACHE: dict[tuple[str, str | None, Fingerprint], Result] = {}
# Roots whose runs are limited to one page of the series (`edition serve --page`). The
# limit is the process's, not each call's: the MkDocs build asks for run(root) from
# several places, and each must get the same one-page edition.
_ONLY: dict[str, str] = {}


def limit_to_page(root: Path, page: str | None) -> None:
    """From now on in this process, run(root) reads and assembles only that page of the
    series (with the series-wide files); None lifts the limit. An unknown id is reported
    by run(), as UnknownPage, since data/edition.yml may change meanwhile."""
    key = str(root.resolve())
    if page is None:
        _ONLY.pop(key, None)
    else:
        _ONLY[key] = page


def fingerprint(root: Path) -> Fingerprint:
    """The state of data/: every file's name, time and size."""
    stats = ((str(p), p.stat()) for p in sorted((root / "data").rglob("*")) if p.is_file())
    return tuple((name, st.st_mtime_ns, st.st_size) for name, st in stats)


@contextmanager
def few_collections() -> Iterator[None]:
    """The core allocates hundreds of thousands of objects that live until it ends and
    form almost no cycles; with the default thresholds the cyclic collector walks the
    growing heap again and again (40% of the core's time on a 200-page series)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run(root: Path) -> Result:
    """The core's result for root, computed once while data/ is unchanged. Raises
    InvalidData with every problem found, UnknownPage if root is limited to a page
    data/edition.yml does not list (limit_to_page)."""
    where = str(root.resolve())
    only = _ONLY.get(where)
    key = (where, only, fingerprint(root))
    if key not in _CACHE:
        with few_collections():
            _CACHE.clear()
            edition, diags, variants = load_edition(root, only)
            rules = tuple(variants.rules) if variants else ()
            tw = variants.settings.taiwan_vocabulary if variants else False
            _CACHE[key] = Result(edition, rules, tw, tuple(diags.warnings))
    return _CACHE[key]
