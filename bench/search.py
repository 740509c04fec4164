"""Search benchmark (not a test): hit rate, latency per keystroke, index size, per edition.

Run with `.venv/bin/python bench/search.py` (builds the fixture edition the tests use, as the
corpus in tests/search_queries.yml is written from it) or `... bench/search.py --site site`
for an existing build. Prints the tables; copy them into BENCHMARKS.md with this command.
`--typed --site DIR` only types the corpus into any build's search box and awaits the
results: the way to measure an older build (Material's own search) for comparison.

Latency is measured in the page, in Debian's Chromium: from the keyup that commits a query
in Material's search box to the results in the DOM (the stand-in renders them in the keyup's
own task, so the time to return from dispatching the event is the whole of it), the index
already loaded, each query typed `--rounds` times. Over http:// (a local server) and over
file:// (the built folder opened from disk, the network cut off).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import copy_repo  # noqa: E402  (the same copy of the repository the tests build)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
EDITIONS = [("", "zh-Hans"), ("zh-tw/", "zh-Hant-TW"), ("zh-hk/", "zh-Hant-HK")]

MEASURE = """([queries, rounds]) => {
  const box = document.querySelector("input.md-search__input");
  const type = (q) => { box.value = q; box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "End"})); };
  const out = [];
  for (const q of queries) {
    const times = [];
    let first = null;
    for (let r = 0; r < rounds; r++) {
      type("");
      const t0 = performance.now();
      type(q);
      times.push(performance.now() - t0);
      const a = document.querySelector(".md-search-result__item a");
      first = a ? a.href : null;
    }
    out.push({q, times, first});
  }
  return out;
}"""


SCALE = """([queries, copies]) => {
  const base = window.__edSearch, Engine = window.__edSearchEngine.constructor;
  const data = {kinds: base.kinds, fold: base.fold, pages: [], docs: []};
  for (let c = 0; c < copies; c++) {
    const offset = data.pages.length;
    base.pages.forEach(p => data.pages.push([p[0].replace("20210816", "copy" + c), p[1]]));
    base.docs.forEach(d => data.docs.push([d[0] + offset, ...d.slice(1)]));
  }
  const t0 = performance.now();
  const engine = new Engine(data);
  const build = performance.now() - t0;
  const times = [];
  for (let r = 0; r < 3; r++) for (const q of queries) {
    const t = performance.now();
    engine.search(q);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {build, p95: times[Math.ceil(times.length * 0.95) - 1], bytes: new TextEncoder().encode(JSON.stringify(data)).length};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def run_edition(pg: Page, base: str, folder: str, corpus: list[dict[str, str]], rounds: int) -> dict[str, Any]:
    pg.goto(base + folder + "index.html")
    pg.locator("input.md-search__input").click()
    pg.wait_for_function("window.__edSearchEngine")
    build_ms = pg.evaluate("window.__edSearchEngine.buildMs")
    results = pg.evaluate(MEASURE, [[c["q"] for c in corpus], rounds])
    hits = 0
    times: list[float] = []
    for item, res in zip(corpus, results, strict=True):
        times += res["times"]
        want = f"{base}{folder}{item['page']}"
        first = res["first"] or ""
        if first.split("?")[0].split("#")[0] == want and first.endswith("#" + item["anchor"]):
            hits += 1
    return {"hits": hits, "n": len(corpus), "p50": statistics.median(times), "p95": percentile(times, 95),
            "max": max(times), "build_ms": build_ms}


def typed_hit_rate(pg: Page, base: str, folder: str, corpus: list[dict[str, str]]) -> tuple[int, int]:
    """Any search behind Material's box (an older build's too): each query typed, the results
    awaited. Returns how many put the right page first, and the right place (page and anchor)."""
    pg.goto(base + folder + "index.html")
    box = pg.locator("input.md-search__input")
    box.click()
    pages = places = 0
    for item in corpus:
        box.fill("")
        box.press("End")
        pg.wait_for_function("document.querySelector('.md-search-result__list').children.length === 0")
        box.fill(item["q"])
        box.press("End")
        try:
            pg.wait_for_function("document.querySelector('.md-search-result__list').children.length > 0", timeout=2000)
        except Exception:  # nothing found
            continue
        href = pg.evaluate("document.querySelector('.md-search-result__item a').href")
        if href.split("?")[0].split("#")[0] == f"{base}{folder}{item['page']}":
            pages += 1
            places += href.endswith("#" + item["anchor"])
    return pages, places


def compare(site: Path, corpus: list[dict[str, str]]) -> int:
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    print(f"{site}: {len(corpus)} queries typed, http")
    print("| edition | right page first | right place first |")
    print("| --- | --- | --- |")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for folder, code in EDITIONS:
            context = browser.new_context()
            pages, places = typed_hit_rate(context.new_page(), base, folder, corpus)
            context.close()
            n = len(corpus)
            print(f"| {code} | {pages}/{n} ({pages / n:.0%}) | {places}/{n} ({places / n:.0%}) |")
        browser.close()
    httpd.shutdown()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", type=Path, help="a built site/ (default: build the fixture edition)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scale", default="1,10,100", help="copies of the page's text for the scaling table")
    ap.add_argument("--typed", action="store_true",
                    help="only the hit rate, typing and awaiting results: for a --site of any build, older ones too")
    args = ap.parse_args()
    corpus = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))["queries"]
    if args.typed:
        if args.site is None:
            ap.error("--typed needs --site")
        return compare(args.site.resolve(), corpus)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            from generator.mkdocs.build import build_all

            repo = copy_repo(Path(tmp) / "repo")
            build_all(repo)
            site = repo / "site"
        site = site.resolve()
        handler = functools.partial(_Quiet, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        bases = {"http": f"http://127.0.0.1:{httpd.server_address[1]}/", "file": site.as_uri() + "/"}
        rows = []
        script = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
        docs_per_copy = len(json.loads(script[script.index("=") + 1:].strip().rstrip(";"))["docs"])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for folder, code in EDITIONS:
                index = (site / folder / "assets" / "search-index.js").read_bytes()
                client = (site / folder / "assets" / "edition-search.js").read_bytes()
                for mode, base in bases.items():
                    context = browser.new_context(offline=mode == "file")
                    r = run_edition(context.new_page(), base, folder, corpus, args.rounds)
                    context.close()
                    rows.append((code, mode, r, len(index), len(gzip.compress(index, 9, mtime=0)),
                                 len(gzip.compress(client, 9, mtime=0))))
            context = browser.new_context()
            pg = context.new_page()
            pg.goto(bases["http"] + "index.html")
            pg.wait_for_function("window.__edSearchEngine")
            scaling = [(k, pg.evaluate(SCALE, [[c["q"] for c in corpus], k])) for k in map(int, args.scale.split(","))]
            context.close()
            browser.close()
        httpd.shutdown()
    print(f"{len(corpus)} queries × {args.rounds} rounds per edition and mode")
    print("| edition | mode | hit rate | p50 ms | p95 ms | max ms | index built in page ms "
          "| search-index.js bytes | gzipped | edition-search.js gzipped |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for code, mode, r, raw, gz, client_gz in rows:
        print(f"| {code} | {mode} | {r['hits']}/{r['n']} ({r['hits'] / r['n']:.0%}) | {r['p50']:.2f} | {r['p95']:.2f} "
              f"| {r['max']:.2f} | {r['build_ms']:.1f} | {raw:,} | {gz:,} | {client_gz:,} |")
    print()
    print("Scaling (zh-Hans, the page's documents copied k times; search alone, without rendering):")
    print("| copies | documents | index JSON bytes | built in page ms | p95 search ms |")
    print("| --- | --- | --- | --- | --- |")
    for k, r in scaling:
        print(f"| {k} | {k * docs_per_copy:,} | {r['bytes']:,} | {r['build']:.0f} | {r['p95']:.2f} |")
    return 0 if all(r["hits"] == r["n"] for _, _, r, *_ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
