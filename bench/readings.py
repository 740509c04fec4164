"""What 拼音 and 查词 cost: time to compute them, and bytes shipped per article (not tests).

Run after a build:  .venv/bin/python bench/readings.py [site-folder]
Prints Markdown tables; copy them into BENCHMARKS.md with this command. Times are CPU time of
this process (the machine may be shared), not wall-clock time.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.convert import converters  # noqa: E402
from generator.core.assemble import build_edition  # noqa: E402
from generator.render.dictionary import article_dictionaries, cedict  # noqa: E402
from generator.render.pinyin import article_readings, load_overrides  # noqa: E402

EDITIONS = {"": "zh-Hans", "zh-tw/": "zh-Hant-TW", "zh-hk/": "zh-Hant-HK"}


def kib(n: int) -> str:
    return f"{n / 1024:.1f}"


def timed(f: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.process_time()
        f()  # type: ignore[operator]
        times.append(time.process_time() - t)
    return statistics.median(times)


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    edition = build_edition(ROOT)[0]
    overrides = load_overrides(ROOT)
    t0 = time.process_time()
    cedict()
    load = time.process_time() - t0
    conv = converters([], False)["zh-Hant-TW"]
    print("| step | CPU seconds (median of 3) |\n| --- | --- |")
    print(f"| readings of every block (pypinyin + overrides) | {timed(lambda: article_readings(edition, overrides)):.2f} |")
    print(f"| CC-CEDICT parsed from the package (once per process) | {load:.2f} |")
    print(f"| dictionaries, Simplified edition | {timed(lambda: article_dictionaries(edition, overrides, str, True)):.2f} |")
    print(f"| dictionaries, a Traditional edition | "
          f"{timed(lambda: article_dictionaries(edition, overrides, conv.text, False)):.2f} |")
    print()
    print("| edition | article | HTML KiB (gzip) | pinyin.js KiB (gzip) | dict.js KiB (gzip) |")
    print("| --- | --- | --- | --- | --- |")
    for folder in EDITIONS:
        for html in sorted((site / folder).glob("2*/*/index.html")):
            cells = []
            for f in (html, html.with_name("pinyin.js"), html.with_name("dict.js")):
                data = f.read_bytes()
                cells.append(f"{kib(len(data))} ({kib(len(gzip.compress(data, 9)))})")
            print(f"| {EDITIONS[folder]} | {html.parent.name} | " + " | ".join(cells) + " |")
    print()
    for name in ("edition-pinyin.js", "edition-dict.js"):
        data = (site / "assets" / name).read_bytes()
        print(f"assets/{name}: {kib(len(data))} KiB, {kib(len(gzip.compress(data, 9)))} KiB gzip")


if __name__ == "__main__":
    main()
