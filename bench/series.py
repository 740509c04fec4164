"""Benchmark (not a test): one full build of the page or of a synthetic series, time and peak
memory, optionally of another checkout's generator for a side-by-side comparison.

    .venv/bin/python bench/series.py --pages 1000          # the series of bench/run.py
    .venv/bin/python bench/series.py --page                 # the page: median of 3, and memory
    .venv/bin/python bench/series.py --pages 100 --tree ../old-checkout
    .venv/bin/python bench/series.py --pages 1000 --jobs 1  # EDITION_JOBS=1: one process

--tree puts another checkout's generator first on the build's PYTHONPATH (its data and
templates come with it); the series itself is always made by this checkout's make_series.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import bench.run as run  # noqa: E402
from tests.conftest import copy_repo  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000, help="pages of the synthetic series")
    ap.add_argument("--page", action="store_true", help="the page itself instead of a series")
    ap.add_argument("--tree", type=Path, help="another checkout whose generator builds")
    ap.add_argument("--jobs", type=int, default=0, help="EDITION_JOBS of the series' build (default: one per core)")
    args = ap.parse_args()
    if args.tree:
        run.ENV["PYTHONPATH"] = str(args.tree.resolve())
    edition = [str(run.BIN / "edition"), "build"]
    label = str(args.tree or ROOT.name)
    with tempfile.TemporaryDirectory(prefix="edition-series-") as tmp:
        repo = copy_repo(Path(tmp) / "repo")
        if args.page:
            for jobs in (0, 1):
                times = [run.timed(edition, repo, jobs)[0] for _ in range(3)]
                _, pss, _ = run.timed(edition, repo, jobs, sample=0.05)
                print(f"{label}: the page, EDITION_JOBS={jobs or 'one per core'}: "
                      f"{statistics.median(times):.2f} s (median of 3), peak PSS {pss:.0f} MiB")
            return
        run.make_series(repo, args.pages)
        s, pss, rss = run.timed(edition, repo, args.jobs, sample=1.0)
        jobs = f", EDITION_JOBS={args.jobs}" if args.jobs else ""
        print(f"{label}: series of {args.pages} pages{jobs}: full build {s:.1f} s ({1000 * s / args.pages:.0f} ms/page), "
              f"peak PSS {pss:.0f} MiB (RSS summed {rss:.0f} MiB)")


if __name__ == "__main__":
    main()
