"""A reader's searches, typed into the search box of every edition, online and offline.

The corpus (tests/search_queries.yml) names, for each query, the page and the anchor that
must come first. A query is committed as an input method commits it: the text filled in,
then a keyup, which is what Material's search box listens to.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page

from generator.mkdocs.search import fold, read_index, read_script
from tests.browsing import Watch, serve
from tests.conftest import copy_repo

pytestmark = pytest.mark.browser

CORPUS = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))["queries"]
EDITIONS = ["", "zh-tw/", "zh-hk/"]


@pytest.fixture
def reader(browser: Browser, base: str) -> Iterator[tuple[Page, Watch]]:
    # The unzipped bundle is opened with the network cut off, as on a reader's offline machine.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=base.startswith("file:"))
    pg = context.new_page()
    yield pg, Watch(pg, base)
    context.close()


def fold_table(built: Path, edition: str) -> dict[str, str]:
    _, data = read_script((built / "site" / edition / "assets" / "search" / "index.js").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return dict(data["fold"])


def type_query(pg: Page, query: str) -> None:
    box = pg.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # the keyup an input method's commit sends


def first_link(pg: Page) -> tuple[str, list[str]] | None:
    """The first result's link and the text of its highlights, once results are shown."""
    link = pg.locator(".md-search-result__item").first.locator("a").first
    try:
        link.wait_for(state="attached", timeout=5000)
    except Exception:
        return None
    return str(link.get_attribute("href")), link.locator("mark").all_inner_texts()


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_query_finds_its_place_first(reader: tuple[Page, Watch], base: str, built: Path, edition: str) -> None:
    pg, watch = reader
    table = fold_table(built, edition)
    pg.goto(base + edition + "index.html")
    pg.locator("input.md-search__input").click()
    misses: list[str] = []
    for item in CORPUS:
        type_query(pg, "")  # the list empties, so the next results are the next query's
        assert pg.locator(".md-search-result__item").count() == 0
        type_query(pg, item["q"])
        found = first_link(pg)
        want = f"{base}{edition}{item['page']}"
        if found is None:
            misses.append(f"{item['q']}: nothing found, expected {item['page']}#{item['anchor']}")
            continue
        href, marks = found
        parts = urlsplit(href)
        got = href.split("?")[0].split("#")[0]
        if got != want or parts.fragment != item["anchor"]:
            misses.append(f"{item['q']}: first {got}#{parts.fragment}, expected {item['page']}#{item['anchor']}")
            continue
        # The whole query is highlighted as one (or, when its words stand apart, each word
        # whole), in the snippet and in what the page it opens will mark.
        phrase = {fold(item["q"], table)}
        words = {fold(w, table) for w in item["q"].split()}
        marked = {fold(m, table) for m in marks}
        if not (phrase <= marked or words <= marked):
            misses.append(f"{item['q']}: highlighted {marks}")
        to_mark = {fold(h, table) for h in parse_qs(parts.query)["hl"][0].split(" ")}
        if not (phrase <= to_mark or words <= to_mark):
            misses.append(f"{item['q']}: the page would mark {parts.query}")
        hrefs = pg.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
        outside = [h for h in hrefs if not h.startswith(base + edition) or "/about/" in h
                   or any(f"/{other}" in h for other in EDITIONS if other and other != edition)]
        if outside:
            misses.append(f"{item['q']}: results outside this edition's articles, glossary and figures: {outside}")
    hit_rate = 1 - len(misses) / len(CORPUS)
    assert misses == [], f"hit rate {hit_rate:.1%} ({len(CORPUS)} queries):\n" + "\n".join(misses)
    watch.assert_clean()


def test_enter_opens_the_paragraph_with_the_query_marked(reader: tuple[Page, Watch], base: str) -> None:
    pg, watch = reader
    pg.goto(base + "zh-tw/index.html")
    pg.locator("input.md-search__input").click()
    type_query(pg, "云脑")  # Simplified, in the Taiwan edition
    pg.locator(".md-search-result__item a").first.wait_for(state="attached")
    pg.locator("input.md-search__input").press("Enter")
    pg.wait_for_url("**/zh-tw/20210816/shuzi-qingdao/index.html?hl=*#p3")
    marks = pg.locator("mark.ed-search-hit")
    assert marks.count() >= 1
    assert set(marks.all_inner_texts()) == {"雲腦"}
    assert pg.locator("#p3 mark.ed-search-hit").count() == marks.count()  # this paragraph only
    box = pg.locator("#p3 mark.ed-search-hit").first.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900  # scrolled to it
    watch.assert_clean()


def test_arrow_keys_reach_the_results(reader: tuple[Page, Watch], base: str) -> None:
    pg, watch = reader
    pg.goto(base + "index.html")
    pg.keyboard.press("/")  # Material's shortcut to the search box
    pg.keyboard.type("chengshi yunnao")
    pg.locator(".md-search-result__item a").first.wait_for(state="attached")
    pg.keyboard.press("ArrowDown")
    focused = pg.evaluate("document.activeElement.getAttribute('href')")
    assert focused is not None and "#chengshi-yunnao" in focused
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/glossary/index.html?hl=*#chengshi-yunnao")
    assert pg.locator("#chengshi-yunnao mark.ed-search-hit").inner_text() == "chéng shì yún nǎo"
    watch.assert_clean()


def test_a_phone_reader_taps_a_result(browser: Browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  offline=base.startswith("file:"))
    pg = context.new_page()
    watch = Watch(pg, base)
    pg.goto(base + "zh-hk/20210816/shuzi-qingdao/index.html")
    pg.locator("label.md-header__button[for=__search]").tap()
    type_query(pg, "13.3亿")
    result = pg.locator(".md-search-result__item").first
    result.wait_for(state="visible")
    assert "13.3億" in result.inner_text()
    result.locator("a").first.tap()
    pg.wait_for_url("**/zh-hk/20210816/shuzi-qingdao/index.html?hl=*#p2")
    mark = pg.locator("#p2 mark.ed-search-hit")
    assert mark.inner_text() == "13.3億"
    # At the end of a long paragraph: the page scrolls to the words, not to the paragraph's top.
    pg.wait_for_function("""() => { const r = document.querySelector('#p2 mark.ed-search-hit').getBoundingClientRect();
                                   return r.top >= 48 && r.bottom <= window.innerHeight; }""", timeout=5000)
    watch.assert_clean()
    context.close()


def test_nothing_found_says_so(reader: tuple[Page, Watch], base: str) -> None:
    pg, watch = reader
    pg.goto(base + "index.html")
    pg.locator("input.md-search__input").click()
    type_query(pg, "上海青岛")  # both words are on the page, never together
    meta = pg.locator(".md-search-result__meta")
    meta.filter(has_text="没有找到").wait_for()
    assert pg.locator(".md-search-result__item").count() == 0
    type_query(pg, "上海 段泊岚镇")  # two words, in no single place
    meta.filter(has_text="没有找到").wait_for()
    type_query(pg, "上海 杭州")  # two words, both in one paragraph
    pg.locator(".md-search-result__item a[href$='#p3']").first.wait_for(state="attached")
    assert set(pg.locator(".md-search-result__item a").first.locator("mark").all_inner_texts()) <= {"上海", "杭州"}
    watch.assert_clean()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_results_or_on_arrival(browser: Browser, server: str, scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `make test`, which runs `npm ci`")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    pg = context.new_page()
    pg.goto(server + "index.html")
    pg.locator("input.md-search__input").click()
    type_query(pg, "无人机")
    pg.locator(".md-search-result__item mark").first.wait_for()
    found = []
    for step in ("results", "arrival"):
        if step == "arrival":
            pg.locator("input.md-search__input").press("Enter")
            pg.locator("mark.ed-search-hit").first.wait_for()
        # Contrast is measured once the theme's fades are over, not halfway through one.
        pg.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        pg.add_script_tag(path=str(AXE))
        found += pg.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                             ".map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    context.close()
    assert found == []


@pytest.fixture(scope="module")
def series_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The Simplified edition of a three-page series (the page repeated as bench/run.py makes
    series), served over http."""
    from bench.run import make_series
    from generator.mkdocs.build import _editions, build_one_edition

    root = copy_repo(tmp_path_factory.mktemp("series") / "repo")
    make_series(root, 3)
    site = root / "site"
    hans = next(v for v in _editions(root) if not v.folder)
    assert build_one_edition(root, hans, site, True) == ""
    with serve(site) as address:
        yield address, site / "assets" / "search"


@pytest.mark.slow
def test_a_query_loads_only_the_shards_it_needs(browser: Browser, series_site: tuple[str, Path]) -> None:
    base, folder = series_site
    name, manifest = read_script((folder / "index.js").read_text(encoding="utf-8"))
    assert name == "index.js" and isinstance(manifest, dict)
    shards = folder / manifest["dir"]
    every = {f.name for f in shards.glob("*.js")}
    firsts = [k.encode("utf-16-be", "surrogatepass") for k in manifest["keyShards"]]

    def holding(*keys: str) -> set[str]:
        """The shards of postings that hold these keys, by the bootstrap's ranges."""
        return {f"k{bisect.bisect_right(firsts, k.encode('utf-16-be', 'surrogatepass')) - 1}.js" for k in keys}

    # Every document's page and anchor → the shard holding its text.
    _, pages, docs = read_index(folder)
    starts = manifest["docShards"]
    doc_shard = {(pages[d.page].url, d.anchor): f"d{bisect.bisect_right(starts, i) - 1}.js" for i, d in enumerate(docs)}

    def texts_of(hrefs: list[str]) -> set[str]:
        return {doc_shard[(urlsplit(h).path.removeprefix(urlsplit(base).path), urlsplit(h).fragment)] for h in hrefs}

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = Watch(pg, base)
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    pg.goto(base + "index.html")
    pg.locator("input.md-search__input").click()
    pg.wait_for_function("window.__edSearchEngine")
    assert [u for u in requested if "/assets/search/" in u] == [base + "assets/search/index.js"]  # the bootstrap alone

    def loaded() -> list[str]:
        return [u.rsplit("/", 1)[1] for u in requested if f"/assets/search/{manifest['dir']}/" in u]

    type_query(pg, "孙法柏")
    pg.locator(".md-search-result__item").first.wait_for(state="attached")
    hrefs = pg.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert all(any(f"/{pid}/qingting-shangliang/" in h for h in hrefs) for pid in ("s0000", "s0001", "s0002"))
    first = loaded()
    assert len(first) == len(set(first))  # none asked for twice
    keys = {f for f in first if f.startswith("k")}
    assert keys == holding("孙法", "法柏")
    assert len(keys) < len([f for f in every if f.startswith("k")])
    # The texts loaded are those of the results shown (for their snippets), no others.
    assert {f for f in first if f.startswith("d")} == texts_of(hrefs)
    assert len(first) < len(every) - 1

    requested.clear()
    type_query(pg, "")
    type_query(pg, "城市云脑")
    pg.locator(".md-search-result__item").first.wait_for(state="attached")
    second = loaded()
    # Only what the first query had not loaded: its shards are reused.
    assert len(second) == len(set(second)) and not set(second) & set(first)
    assert {f for f in second if f.startswith("k")} == holding("城市", "市云", "云脑") - keys
    hrefs = pg.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert {f for f in second if f.startswith("d")} == texts_of(hrefs) - set(first)
    watch.assert_clean()
    context.close()
