"""Benchmarks (not tests): build times, core time, serve rebuild, scaling, peak memory.

Run with `make bench` (or `.venv/bin/python bench/run.py [--sizes 10,100,1000]`).
Prints one table; copy it into BENCHMARKS.md together with this command.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import copy_repo  # noqa: E402  (the same copy of the repository the tests build)

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1629072000"}


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            kids.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    return kids


def tree(pid: int) -> list[int]:
    """pid and its descendants, as /proc shows them now."""
    kids, todo, out = _children(), [pid], []
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _tree_memory(pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in KiB over pid and its descendants. PSS shares each page
    among the processes that map it, so its sum is the physical memory the build uses;
    RSS counts a page shared by forked workers once per worker."""
    rss = pss = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def timed(cmd: list[str], cwd: Path, jobs: int = 0, sample: float = 0.0) -> tuple[float, float, float]:
    """Wall time in seconds; when sample is a number of seconds, also the peak of the summed
    PSS and RSS of the process tree in MiB, read at that interval. Sampling reads /proc and
    costs CPU the build would otherwise have: the short builds' times come from runs
    without it, the long series builds' from a run sampled every second."""
    env = {**ENV, "EDITION_JOBS": str(jobs)} if jobs else ENV
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak_rss = peak_pss = 0
    if sample:
        while proc.poll() is None:
            rss, pss = _tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(sample)
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out[-4000:]}")
    return wall, peak_pss / 1024, peak_rss / 1024


def median_of(n: int, cmd: list[str], cwd: Path, jobs: int = 0) -> tuple[float, float, float]:
    """The median wall time of n runs, and the memory of one more run, sampled."""
    times = [timed(cmd, cwd, jobs)[0] for _ in range(max(1, n))]
    _, pss, rss = timed(cmd, cwd, jobs, sample=0.05)
    return statistics.median(times), pss, rss


def floor_site(dest: Path) -> Path:
    """One page, the same theme, language zh, the project's own environment (jieba included)."""
    (dest / "docs").mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# 空白页\n\n这是一个只有一页的 Material 网站。\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: floor\ntheme:\n  name: material\n  language: zh\n  font: false\nplugins:\n  - search\n",
        encoding="utf-8")
    return dest


def core_ms(repo: Path, warm: bool = True) -> tuple[float, float, float]:
    """Core time in a fresh process (cold: OpenCC dictionaries loaded), warm (the same work
    again in that process: data re-read, engines already loaded), and peak RSS in MiB."""
    code = """
import resource, sys, time
from pathlib import Path
from generator import pipeline
from generator.render.site import render_variant

def once(root):
    with pipeline.few_collections():
        result = pipeline.run(root)
        for v in ("zh-Hans", "zh-Hant-TW", "zh-Hant-HK"):
            for page in render_variant(result, v).pages:  # rendered one at a time, as the build does
                page.markdown

root = Path(sys.argv[1])
t = time.perf_counter(); once(root); cold = time.perf_counter() - t
pipeline._CACHE.clear()
t = time.perf_counter()
if sys.argv[2:] == ["warm"]:
    once(root)
warm = time.perf_counter() - t
print(cold * 1000, warm * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code, str(repo), *(["warm"] if warm else [])], env=ENV, capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def serve_rebuild(repo: Path) -> float:
    """Seconds from writing an annotation file to the end of mkdocs serve's rebuild
    (the median of three rebuilds in one server)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=repo, env=ENV, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for x in proc.stderr or ():
            lines.put(x)

    threading.Thread(target=read, daemon=True).start()

    def settle() -> None:
        """Wait until the server has printed nothing for 1.5 s (no rebuild under way)."""
        try:
            while True:
                lines.get(timeout=1.5)
        except queue.Empty:
            return

    def wait_for(text: str) -> None:
        while True:
            try:
                line = lines.get(timeout=60)
                if "error happened during the rebuild" in line:
                    raise SystemExit(f"mkdocs serve failed to rebuild: {line.strip()}")
                if text in line:
                    return
            except queue.Empty:
                raise SystemExit(f"mkdocs serve printed no {text!r} within 60 s") from None

    try:
        wait_for("Serving on")
        glossary = repo / "data" / "glossary.yml"
        text = glossary.read_text(encoding="utf-8")
        times = []
        for i in range(1, 4):
            settle()
            start = time.perf_counter()
            # Written beside the repository and moved into place, as editors save: a plain
            # write shows the watcher a truncated file first, and a rebuild of that fails.
            staged = repo / f".glossary-{i}.yml"
            staged.write_text(text + "\n" * i, encoding="utf-8")
            os.replace(staged, glossary)
            wait_for("Documentation built in")
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def make_series(repo: Path, n: int) -> None:
    """n pages made from the real one, each with its own id and lightly changed text, one
    page a day from the real page's date on, as a daily paper's series would grow."""
    import yaml

    data = repo / "data"
    source = (data / "source" / "20210816.txt").read_text(encoding="utf-8")
    edition = yaml.safe_load((data / "edition.yml").read_text(encoding="utf-8"))
    base_page = edition["pages"][0]
    pages = []
    for i in range(n):
        pid = f"s{i:04d}"
        # Perturb the text: every copy ends its last paragraph with its own number.
        text = source.rstrip("\n") + f"（第{i + 1}页）\n"
        (data / "source" / f"{pid}.txt").write_text(text, encoding="utf-8")
        shutil.copytree(data / "20210816", data / pid)
        figures = data / pid / "figures.yml"
        ftext = figures.read_text(encoding="utf-8")
        ids = re.findall(r"^  - id: (\S+)$", ftext, re.M) + re.findall(r"\[([^\]]+)\]", ftext)
        for fid in sorted({x.strip() for group in ids for x in group.split(",")}, key=len, reverse=True):
            if re.fullmatch(r"[a-z0-9-]+", fid):
                ftext = re.sub(rf"(?<![a-z0-9-]){re.escape(fid)}(?![a-z0-9-])", f"{fid}-{pid}", ftext)
        figures.write_text(ftext, encoding="utf-8")
        day = (datetime.date.fromisoformat(base_page["date"]) + datetime.timedelta(days=i)).isoformat()
        pages.append({**base_page, "id": pid, "source": f"source/{pid}.txt", "date": day,
                      "title": f"{base_page['title']}（{i + 1}）"})
    shutil.rmtree(data / "20210816")
    (data / "source" / "20210816.txt").unlink()
    edition["pages"] = pages
    head = "# yaml-language-server: $schema=../schema/edition.schema.json\n"
    (data / "edition.yml").write_text(head + yaml.safe_dump(edition, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000", help="synthetic series sizes")
    ap.add_argument("--repeat", type=int, default=5,
                    help="runs of the empty-site and full builds; the median time and the largest memory are shown")
    ap.add_argument("--series-jobs", type=int, default=0,
                    help="EDITION_JOBS for the series builds (default: one worker per core)")
    ap.add_argument("--full-sizes", default="10,100,1000", help="sizes that also get a full site build")
    args = ap.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
        tmpdir = Path(tmp)
        floor = floor_site(tmpdir / "floor")
        timed([str(BIN / "mkdocs"), "build", "-q"], floor)  # warm the disk cache and jieba's model cache
        repo = copy_repo(tmpdir / "page")
        floor_s, floor_pss, _ = median_of(args.repeat, [str(BIN / "mkdocs"), "build", "-q"], floor)
        full_s, full_pss, full_rss = median_of(args.repeat, [str(BIN / "edition"), "build"], repo)
        one_s, one_pss, _ = median_of(args.repeat, [str(BIN / "edition"), "build"], repo, jobs=1)
        rows += [("empty Material site (1 page, language zh), build", f"{floor_s:.2f} s, peak {floor_pss:.0f} MiB"),
                 ("full edition: 3 scripts + offline zip (edition build)",
                  f"{full_s:.2f} s, peak {full_pss:.0f} MiB (RSS summed over processes {full_rss:.0f} MiB)"),
                 ("ratio full / empty", f"{full_s / floor_s:.2f}×"),
                 ("full edition, EDITION_JOBS=1 (one process)", f"{one_s:.2f} s, peak {one_pss:.0f} MiB")]
        cold, warm, _ = core_ms(repo)
        rows.append(("core: load+validate+anchor+render+convert, 3 scripts", f"{cold:.0f} ms cold, {warm:.0f} ms warm"))
        rows.append(("mkdocs serve: rebuild after writing data/glossary.yml", f"{serve_rebuild(copy_repo(tmpdir / 'serve')):.2f} s"))
        full_sizes = {int(x) for x in args.full_sizes.split(",") if x}
        for n in (int(x) for x in args.sizes.split(",") if x):
            series = copy_repo(tmpdir / f"series-{n}")
            make_series(series, n)
            c_cold, _, c_pss = core_ms(series, warm=False)
            cell = f"core {c_cold:.0f} ms ({c_cold / n:.1f} ms/page), peak {c_pss:.0f} MiB"
            if n in full_sizes:
                s, pss, _ = timed([str(BIN / "edition"), "build"], series, jobs=args.series_jobs, sample=1.0)
                how = f", EDITION_JOBS={args.series_jobs}" if args.series_jobs else ""
                cell += f"; full build{how} {s:.1f} s ({1000 * s / n:.0f} ms/page), peak {pss:.0f} MiB"
            rows.append((f"series of {n} pages", cell))
            shutil.rmtree(series)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print("| measure | result |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()
