"""Benchmark (not a test): from saving a data file to the browser showing the change, in
`edition serve --page ID` and, for comparison, in the plain `edition serve` of the whole series.

Run with `.venv/bin/python bench/preview.py [--sizes 1,100] [--whole-sizes 1,100] [--edits 3]`
(Debian's Chromium, as in the browser tests). For each size a scratch copy of the repository
becomes a series (bench/run.py's make_series; size 1 is the page itself), a server is
started, an article is opened in Chromium, and a term's definition in data/glossary.yml is
changed --edits times; each time is measured from the write to the moment the reloaded page's
DOM holds the new text. Prints a Markdown table; copy it into BENCHMARKS.md with this command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import ENV, make_series  # noqa: E402
from tests.browsing import ARGS, CHROMIUM  # noqa: E402
from tests.conftest import copy_repo  # noqa: E402
from tests.test_preview import free_port  # noqa: E402

REAL_PAGE = "20210816"
ARTICLE = "shuzi-qingdao"  # the first article: the term 数字青岛, whose definition is edited, stands in it
PHRASE = "涵盖政务服务"  # in the definition of 数字青岛 (data/glossary.yml)
BUILT = re.compile(r"^built .* in ([\d.]+) s \(.* served after ([\d.]+) s\)")


class Server:
    """`edition serve` in a subprocess, its output read line by line."""

    def __init__(self, root: Path, options: list[str], python: str = sys.executable) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [python, "-m", "generator", "--root", str(root), "serve", "-a", f"127.0.0.1:{self.port}", *options],
            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.builds: list[tuple[float, float]] = []  # (all editions, first edition served) of each build
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("serving the three editions", 900)
        self.startup = time.perf_counter() - started

    def _read(self) -> None:
        for line in self.proc.stdout or ():
            found = BUILT.match(line)
            if found:
                self.builds.append((float(found[1]), float(found[2])))
            self.lines.put(line)

    def wait_for(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise SystemExit(f"the server printed no {prefix!r} within {timeout:.0f} s") from None
            if line.startswith("data has errors"):
                raise SystemExit(f"the server reports errors in the data: {line}")
            if line.startswith(prefix):
                return line

    def idle(self, timeout: float = 900) -> None:
        """Wait until no rebuild is under way (the other editions of the last one included)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with urllib.request.urlopen(self.url + "__edition/state") as answer:
                if not json.load(answer)["building"]:
                    return
            time.sleep(0.1)
        raise SystemExit(f"the server still builds after {timeout:.0f} s")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def measure(root: Path, page_id: str, options: list[str], edits: int, browser: Browser,
            python: str = sys.executable) -> dict[str, object]:
    """Seconds from each write of data/glossary.yml to the page showing the new text."""
    server = Server(root, options, python)
    context = browser.new_context()
    page = context.new_page()
    load = [os.getloadavg()[0]]
    try:
        page.goto(f"{server.url}{page_id}/{ARTICLE}/index.html")
        page.wait_for_function("t => !!document.body && document.body.textContent.includes(t)", arg=PHRASE, timeout=60_000)
        glossary = root / "data" / "glossary.yml"
        times = []
        for i in range(1, edits + 1):
            server.idle()
            time.sleep(1.0)  # the server and the browser settled
            load.append(os.getloadavg()[0])
            marker = f"（第{i}次测量）"
            text = glossary.read_text(encoding="utf-8").replace(PHRASE, PHRASE + marker, 1)
            # Written beside the file and moved into place, as editors save: the watcher never
            # sees half a file.
            staged = glossary.with_name(f".glossary-{i}.yml")
            staged.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            os.replace(staged, glossary)
            # (no body for a moment while the page reloads)
            page.wait_for_function("t => !!document.body && document.body.textContent.includes(t)",
                                   arg=PHRASE + marker, timeout=900_000)
            times.append(time.perf_counter() - start)
        server.idle()
        time.sleep(0.5)  # the last build's line printed
    finally:
        context.close()
        server.stop()
    rebuilds = server.builds[1:]  # the first is the build at start
    return {"times": times, "startup": server.startup, "load": load,
            "rebuild": statistics.median(b[0] for b in rebuilds) if rebuilds else float("nan"),
            "first": statistics.median(b[1] for b in rebuilds) if rebuilds else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,100", help="series sizes previewed with --page")
    ap.add_argument("--whole-sizes", default="1,100", help="sizes also previewed whole (plain edition serve)")
    ap.add_argument("--edits", type=int, default=3, help="edits per server; the median is shown")
    ap.add_argument("--python", default=sys.executable,
                    help="the interpreter that serves: another environment with an older commit installed, to "
                         "compare (its server must know --page for --sizes)")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x]
    whole = {int(x) for x in args.whole_sizes.split(",") if x}
    rows = []
    with tempfile.TemporaryDirectory(prefix="edition-bench-preview-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in sorted(set(sizes) | whole):
            root = copy_repo(Path(tmp) / f"series-{n}")
            if n > 1:
                make_series(root, n)
            page_id = REAL_PAGE if n == 1 else f"s{n // 2:04d}"
            runs = []
            if n in sizes:
                runs.append((f"`edition serve --page {page_id}`", ["--page", page_id]))
            if n in whole:
                runs.append(("`edition serve` (whole series)", []))
            for label, options in runs:
                r = measure(root, page_id, options, args.edits, browser, args.python)
                times = r["times"]
                assert isinstance(times, list)
                rows.append((n, label, statistics.median(times), times, r))
                print(f"{n} pages, {label}: {', '.join(f'{t:.2f}' for t in times)} s", file=sys.stderr, flush=True)
        browser.close()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print("| pages | server | save → page shows it (median) | the edits | rebuild: first edition served, all three "
          "| start-up | load average (1 min) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n, label, median, times, r in rows:
        load = r["load"]
        assert isinstance(load, list)
        # A server that prints no times per edition (before --page) gets a dash.
        rebuild = "–" if r["first"] != r["first"] else f"{r['first']:.1f} s, {r['rebuild']:.1f} s"
        print(f"| {n:,} | {label} | **{median:.2f} s** | {', '.join(f'{t:.2f}' for t in times)} s "
              f"| {rebuild} | {r['startup']:.1f} s "
              f"| {min(load):.2f}–{max(load):.2f} |")


if __name__ == "__main__":
    main()
