"""Search benchmark (not a test): hit rate, latency per keystroke, index size, per edition.

Run with `.venv/bin/python bench/search.py` (builds the fixture edition the tests use, as the
corpus in tests/search_queries.yml is written from it) or `... bench/search.py --site site`
for an existing build. Prints the tables; copy them into BENCHMARKS.md with this command.
`--typed --site DIR` only types the corpus into any build's search box and awaits the
results: the way to measure an older build (Material's own search) for comparison.

Latency is measured in the page, in Debian's Chromium: from the keyup that commits a query
in Material's search box to the results in the DOM (once a query's shards are in, the stand-in
renders within the keyup's own task, so the time to return from dispatching the event is the
whole of it), each query typed once beforehand so that its shards are loaded, then typed
`--rounds` times. Over http:// (a local server) and over file:// (the built folder opened from
disk, the network cut off).

The series table (`--series 1,10,100,1000`): the fixture edition's zh-Hans documents repeated
as bench/run.py's make_series repeats the page (each copy its own pages, its last paragraph
ending with its own number, its figure rows with their own anchors; one glossary), sharded by
generator/mkdocs/search.py into a copy of the built zh-Hans site, which Chromium opens over
http with an empty cache: a few queries of the corpus are typed, each in a fresh browser
context, and the files of assets/search/ it requested are summed, each as gzip -9 would send
it; then a second query in the same context, and what it added.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.mkdocs.search import Doc, read_index, shard, write_shards  # noqa: E402
from generator.mkdocs.search import Page as Page_  # noqa: E402
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


TYPE_AND_WAIT = """async (q) => {
  const box = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const meta = document.querySelector(".md-search-result__meta");
  const none = JSON.parse(document.getElementById("__config").textContent).translations["search.result.none"];
  box.value = "";
  box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "End"}));
  box.value = q;
  const t0 = performance.now();
  box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "End"}));
  // Results shown (their texts loaded too), or nothing found.
  await new Promise((done) => {
    const check = () => list.children.length || meta.textContent === none ? done() : setTimeout(check, 1);
    check();
  });
  return performance.now() - t0;
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
    for c in corpus:  # each query's shards loaded: the rounds below time the search itself
        pg.evaluate(TYPE_AND_WAIT, c["q"])
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


FIRST_QUERIES = [("name", "孙法柏"), ("number", "3980个"), ("phrase", "倾听与商量"), ("pinyin", "chengshi yunnao"),
                 ("one character", "云")]
SECOND_QUERY = "城市云脑"


def index_size(folder: Path) -> tuple[int, int, int]:
    """Files, bytes, and bytes as gzip -9 would send each, of an assets/search/ folder."""
    files = [f for f in folder.rglob("*.js")]
    raw = sum(f.stat().st_size for f in files)
    return len(files), raw, sum(gzipped(f) for f in files)


@functools.cache
def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9, mtime=0))


def series_documents(site: Path, n: int) -> tuple[list[Page_], list[Doc]]:
    """The edition's documents as an n-page series, repeated as bench/run.py's make_series
    repeats the page: each copy its own article pages, its last paragraph ending with its own
    number, its figure rows with their own anchors (on the one figures page); one glossary."""
    _, pages, docs = read_index(site / "assets" / "search")  # as the build found them
    articles = [i for i, p in enumerate(pages) if p.url.startswith("20210816/")]
    last_paragraph = {i: max(j for j, d in enumerate(docs) if d.page == i and d.anchor.startswith("p")) for i in articles}
    out_pages: list[Page_] = []
    out_docs: list[Doc] = []
    for copy in range(n):
        pid = f"s{copy:04d}"
        for i in articles:
            out_pages.append(Page_(pages[i].url.replace("20210816", pid), f"{pages[i].title}（{copy + 1}）"))
            for j, d in enumerate(docs):
                if d.page == i:
                    text = d.text + f"（第{copy + 1}页）" if j == last_paragraph[i] else d.text
                    out_docs.append(Doc(len(out_pages) - 1, d.anchor, d.kind, d.head, text))
    for i, page in enumerate(pages):
        if i in articles:
            continue
        out_pages.append(page)
        own = [d for d in docs if d.page == i]
        copies = range(n) if any(d.kind == "figure" for d in own) else range(1)
        for copy in copies:
            for d in own:
                anchor = f"{d.anchor}-s{copy:04d}" if d.kind == "figure" else d.anchor
                out_docs.append(Doc(len(out_pages) - 1, anchor, d.kind, d.head, d.text))
    return out_pages, out_docs


def first_searches(browser: Browser, base: str, folder: Path) -> list[dict[str, Any]]:
    """Each first query in a fresh context (empty cache), then SECOND_QUERY: the search files requested."""
    out = []
    for label, query in FIRST_QUERIES:
        context = browser.new_context()
        pg = context.new_page()
        requested: list[str] = []
        pg.on("request", lambda r, into=requested: into.append(r.url))
        pg.goto(base + "index.html")
        pg.locator("input.md-search__input").click()
        pg.wait_for_function("window.__edSearchEngine")
        first_ms = pg.evaluate(TYPE_AND_WAIT, query)
        first = sorted({u for u in requested if "/assets/search/" in u})
        hits = pg.locator(".md-search-result__item").count()
        requested.clear()
        second_ms = pg.evaluate(TYPE_AND_WAIT, SECOND_QUERY)
        second = sorted({u for u in requested if "/assets/search/" in u} - set(first))
        context.close()

        def size(urls: list[str]) -> int:
            return sum(gzipped(folder / u.split("/assets/search/", 1)[1]) for u in urls)

        def raw(urls: list[str]) -> int:
            return sum((folder / u.split("/assets/search/", 1)[1]).stat().st_size for u in urls)
        out.append({"label": label, "q": query, "first_files": len(first), "first_gz": size(first), "first_raw": raw(first),
                    "first_ms": first_ms, "groups": hits, "second_files": len(second), "second_gz": size(second),
                    "second_raw": raw(second),
                    "second_ms": second_ms})
    return out


def series_table(browser: Browser, site: Path, sizes: list[int], tmp: Path) -> list[tuple[int, dict[str, Any]]]:
    copy = tmp / "series-site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("zh-tw", "zh-hk"))
    handler = functools.partial(_Quiet, directory=str(copy))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    for n in sizes:
        pages, docs = series_documents(site, n)
        t0 = time.perf_counter()
        index = shard(pages, docs)
        folder = copy / "assets" / "search"
        write_shards(folder, index)
        build_s = time.perf_counter() - t0
        gzipped.cache_clear()
        files, raw, gz = index_size(folder)
        boot = folder / "index.js"
        rows.append((n, {"pages": len(pages), "docs": len(docs), "build_s": build_s, "files": files, "raw": raw, "gz": gz,
                         "boot_raw": boot.stat().st_size, "boot_gz": gzipped(boot),
                         "queries": first_searches(browser, base, folder)}))
        print(f"series {n}: done in {build_s:.1f} s", file=sys.stderr)
    httpd.shutdown()
    return rows


def print_series(rows: list[tuple[int, dict[str, Any]]]) -> None:
    print("Series (zh-Hans; bytes as gzip -9; first search = the bootstrap + what the query loaded):")
    print("| pages | documents | shards built s | index files | index bytes | gzipped | bootstrap bytes | gzipped |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for n, r in rows:
        print(f"| {n:,} | {r['docs']:,} | {r['build_s']:.1f} | {r['files']:,} | {r['raw']:,} | {r['gz']:,} "
              f"| {r['boot_raw']:,} | {r['boot_gz']:,} |")
    print()
    print(f"| pages | first query | files | bytes | gzipped | ms to results | then {SECOND_QUERY}: new files | bytes "
          "| gzipped | ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n, r in rows:
        for q in r["queries"]:
            print(f"| {n:,} | {q['label']} {q['q']} | {q['first_files']} | {q['first_raw']:,} | {q['first_gz']:,} "
                  f"| {q['first_ms']:.0f} "
                  f"| {q['second_files']} | {q['second_raw']:,} | {q['second_gz']:,} | {q['second_ms']:.0f} |")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", type=Path, help="a built site/ (default: build the fixture edition)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--series", default="1,10,100,1000", help="pages of the synthetic series for the series table")
    ap.add_argument("--series-only", action="store_true", help="only the series table")
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
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for folder, code in EDITIONS if not args.series_only else []:
                search = site / folder / "assets" / "search"
                client = (site / folder / "assets" / "edition-search.js").read_bytes()
                for mode, base in bases.items():
                    context = browser.new_context(offline=mode == "file")
                    r = run_edition(context.new_page(), base, folder, corpus, args.rounds)
                    context.close()
                    rows.append((code, mode, r, index_size(search), gzipped(search / "index.js"),
                                 len(gzip.compress(client, 9, mtime=0))))
            series = series_table(browser, site, [int(n) for n in args.series.split(",") if n], Path(tmp))
            browser.close()
        httpd.shutdown()
    if rows:
        print(f"{len(corpus)} queries × {args.rounds} rounds per edition and mode")
        print("| edition | mode | hit rate | p50 ms | p95 ms | max ms | bootstrap read in page ms "
              "| index files | bytes | gzipped | bootstrap gzipped | edition-search.js gzipped |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for code, mode, r, (files, raw, gz), boot_gz, client_gz in rows:
            print(f"| {code} | {mode} | {r['hits']}/{r['n']} ({r['hits'] / r['n']:.0%}) | {r['p50']:.2f} "
                  f"| {r['p95']:.2f} | {r['max']:.2f} | {r['build_ms']:.1f} | {files} | {raw:,} | {gz:,} | {boot_gz:,} "
                  f"| {client_gz:,} |")
        print()
    print_series(series)
    return 0 if all(r["hits"] == r["n"] for _, _, r, *_ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
