"""Benchmark (not a test): where the cores idle during one full build of a synthetic series.

    .venv/bin/python bench/timeline.py --pages 1000

Every half second, the CPU time of each process of the build (read from /proc, Linux only)
is recorded. Printed: each process's first and last sighting and its CPU seconds, then the
cores in use over each 5 seconds. A process's CPU time is its last reading: a job that ends
between two readings is short of up to half a second.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import bench.run as run  # noqa: E402
from tests.conftest import copy_repo  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu(pid: int) -> float | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000, help="pages of the synthetic series")
    args = ap.parse_args()
    if not Path("/proc/self/stat").exists():
        sys.exit("bench/timeline.py reads /proc: Linux only")
    with tempfile.TemporaryDirectory(prefix="edition-timeline-") as tmp:
        repo = copy_repo(Path(tmp) / "repo")
        run.make_series(repo, args.pages)
        start = time.monotonic()
        build = subprocess.Popen([str(run.BIN / "edition"), "build"], cwd=repo, env=run.ENV,
                                 stdout=subprocess.DEVNULL)
        seen: dict[int, tuple[float, float, float]] = {}  # pid → first seen, last seen, CPU seconds
        totals: list[tuple[float, float]] = []
        while build.poll() is None:
            now = time.monotonic() - start
            for pid in run.tree(build.pid):
                cpu = _cpu(pid)
                if cpu is not None:
                    seen[pid] = (seen.get(pid, (now, now, 0.0))[0], now, cpu)
            totals.append((now, sum(cpu for _, _, cpu in seen.values())))
            time.sleep(0.5)
        wall = time.monotonic() - start
    print(f"series of {args.pages} pages: {wall:.1f} s, exit status {build.returncode}")
    for pid, (first, last, cpu) in sorted(seen.items(), key=lambda item: (item[1][0], item[0])):
        print(f"process {pid}: seen {first:6.1f}–{last:6.1f} s, CPU {cpu:6.1f} s")
    before_t, before_cpu = 0.0, 0.0
    for t, cpu in totals:
        if t - before_t >= 5:
            print(f"{before_t:6.1f}–{t:6.1f} s: {(cpu - before_cpu) / (t - before_t):.2f} cores")
            before_t, before_cpu = t, cpu


if __name__ == "__main__":
    main()
