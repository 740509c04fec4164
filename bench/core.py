"""Benchmark (not a test): the core for the page, all editions, cold and warm.

The core here is what every command runs before MkDocs: load, validate, anchor and
assemble the data (pipeline.run), then convert and render each of the three script
editions (render.site.render_variant). Cold: a fresh process (OpenCC's and pypinyin's
dictionaries loaded on first use). Warm: the same again in that process, the data read
afresh from disk each time (pipeline's cache emptied), as in `edition serve` after a
save. "Warm after an edit" changes one note's text (or the definition of the first term of
the glossary, which stands on most articles' popovers) before each run, so that what the
process remembers of earlier runs (parsed files, converted pieces, rendered pages) is partly
stale: the runs of `edition serve` after a save.

    .venv/bin/python bench/core.py [--runs 21]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import copy_repo  # noqa: E402

CHILD = r"""
import statistics, sys, time
from pathlib import Path
from generator import pipeline
from generator.render.site import render_variant

root, runs = Path(sys.argv[1]), int(sys.argv[2])
notes = root / "data/20210816/notes.yml"
original = notes.read_text(encoding="utf-8")

def once():
    pipeline._CACHE.clear()
    t = time.perf_counter()
    with pipeline.few_collections():
        result = pipeline.run(root)
        for v in ("zh-Hans", "zh-Hant-TW", "zh-Hant-HK"):
            for page in render_variant(result, v).pages:  # pages render when asked for
                page.markdown
    return (time.perf_counter() - t) * 1000

cold = once()
warm = [once() for _ in range(runs)]
edited = []
for i in range(runs):
    notes.write_text(original.replace("    text: >-\n      ", f"    text: >-\n      第{i}次修改。", 1), encoding="utf-8")
    edited.append(once())
notes.write_text(original, encoding="utf-8")
glossary = root / "data/glossary.yml"
terms = glossary.read_text(encoding="utf-8")
defined = []
for i in range(runs):  # the first term's definition (数字青岛: on most articles' popovers)
    glossary.write_text(terms.replace("    definition: >-\n      ", f"    definition: >-\n      第{i}次修改。", 1),
                        encoding="utf-8")
    defined.append(once())
glossary.write_text(terms, encoding="utf-8")
print(cold, statistics.median(warm), min(warm), statistics.median(edited), statistics.median(defined))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="edition-core-") as tmp:
        repo = copy_repo(Path(tmp) / "page")
        shutil.rmtree(repo / "data")
        shutil.copytree(ROOT / "data", repo / "data")  # the page as published, not the tests' snapshot
        out = subprocess.run([sys.executable, "-c", CHILD, str(repo), str(args.runs)], capture_output=True,
                             text=True, check=True).stdout.split()
    cold, warm, best, edited, defined = (float(x) for x in out)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"core, the page, 3 editions: cold {cold:.0f} ms; warm median {warm:.1f} ms (best {best:.1f}); "
          f"warm after an edit of a note {edited:.1f} ms, of a glossary definition {defined:.1f} ms; "
          f"{args.runs} runs each; load average {load}")


if __name__ == "__main__":
    main()
