"""A series of two pages: a second source page added with data only."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from generator.mkdocs.build import build_all
from generator.render.site import generate

SECOND_PAGE = """

# 城市云脑赋能基层治理

□青岛日报/观海新闻记者 王涛

本报8月17日讯 城市云脑在胶东五市的对接工作持续推进，已接入12个部门的数据。
"""

STRUCTURE = """# yaml-language-server: $schema=../../schema/structure.schema.json
articles:
  - id: yunnao-jiceng
    summary: 城市云脑对接工作的进展。
    blocks:
      - headline: 城市云脑赋能基层治理
      - byline: □青岛日报/观海新闻记者 王涛
        credits:
          - role: 记者
            name: 王涛
      - paragraph: 本报8月17日讯 城市云脑在胶东五市
        dateline: 本报8月17日讯
"""

FIGURES = """# yaml-language-server: $schema=../../schema/figures.schema.json
figures:
  - id: jieru-bumen-p2
    article: yunnao-jiceng
    quote: 12个
    value: 12
    unit: 个
    measures: 已接入数据的部门
    period: 截至2021年8月
    kind: result
    category: 城市治理
"""


def add_second_page(root: Path, date: str = "2021-08-17") -> None:
    data = root / "data"
    (data / "source" / "20210817.txt").write_text(SECOND_PAGE, encoding="utf-8")
    (data / "20210817").mkdir()
    (data / "20210817" / "structure.yml").write_text(STRUCTURE, encoding="utf-8")
    (data / "20210817" / "figures.yml").write_text(FIGURES, encoding="utf-8")
    edition = data / "edition.yml"
    edition.write_text(edition.read_text(encoding="utf-8") + (
        '  - id: "20210817"\n    source: source/20210817.txt\n    paper: 青岛日报\n'
        f'    date: "{date}"\n    title: 城市云脑赋能基层治理\n'), encoding="utf-8")


def test_two_page_series_with_cross_page_backlinks(repo: Path) -> None:
    add_second_page(repo)
    build_all(repo)
    site = repo / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h["id"] for h in home.select("h2[id^=page-]")] == ["page-20210816", "page-20210817"]
    assert len(home.select(".ed-front-headline")) == 6
    for folder in ("", "zh-tw/", "zh-hk/"):
        assert (site / folder / "20210817/yunnao-jiceng/index.html").is_file()
    glossary = BeautifulSoup((site / "glossary/index.html").read_text(encoding="utf-8"), "html.parser")
    entry = glossary.find(id="chengshi-yunnao")
    hrefs = [a["href"] for a in entry.select(".ed-backlinks a")]
    assert any("20210816/shuzi-qingdao/" in h for h in hrefs)
    assert any(h.endswith("20210817/yunnao-jiceng/index.html#p1") for h in hrefs)
    # A series' figures: a page each, listed on the figures page; marks open their page's list.
    figures = BeautifulSoup((site / "figures/index.html").read_text(encoding="utf-8"), "html.parser")
    assert figures.find(id="jieru-bumen-p2") is None
    assert [a["href"] for a in figures.select(".ed-figure-pages a")] == \
        ["20210816/index.html", "20210817/index.html"]
    for folder in ("", "zh-tw/", "zh-hk/"):
        own = BeautifulSoup((site / folder / "figures/20210817/index.html").read_text(encoding="utf-8"), "html.parser")
        row = own.find(id="jieru-bumen-p2")
        assert row is not None and row.get_text().startswith(("12个", "12個"))
        assert row.select_one("td:last-child a")["href"] == "../../20210817/yunnao-jiceng/index.html#p1"
        assert own.find("h1").get_text().startswith(("关键数字：青岛日报 2021-08-17", "關鍵數字：青島日報 2021-08-17"))
        first = BeautifulSoup((site / folder / "figures/20210816/index.html").read_text(encoding="utf-8"), "html.parser")
        assert first.find(id="jieru-bumen-p2") is None and first.select("table.ed-figures tr[id]")
        assert first.select(".ed-chart-figure"), "the first page's charts go with its figures"
        for link in first.select(".ed-downloads a"):
            assert (site / folder / "figures/20210816" / link["href"]).resolve().is_file(), link["href"]
        article = BeautifulSoup((site / folder / "20210817/yunnao-jiceng/index.html").read_text(encoding="utf-8"),
                                "html.parser")
        mark = article.select_one('a[data-annotation="figure"][data-id="jieru-bumen-p2"]')
        assert mark is not None and mark["href"] == "../../figures/20210817/index.html#jieru-bumen-p2"


def test_navigation_lists_pages_directly_within_one_month(repo: Path) -> None:
    add_second_page(repo)
    titles = [n.title for n in generate(repo).nav]
    assert titles[1:3] == ["青岛日报 2021-08-16", "青岛日报 2021-08-17"]


def test_navigation_groups_pages_by_month_once_the_series_spans_months(repo: Path) -> None:
    add_second_page(repo, date="2021-09-01")
    nav = generate(repo, "zh-Hant-TW").nav
    assert [n.title for n in nav[1:3]] == ["2021年8月", "2021年9月"]
    september = nav[2].children
    assert [p.title for p in september] == ["青島日報 2021-09-01"]
    assert september[0].children[0].path == "20210817/yunnao-jiceng/index.md"


def test_the_figures_page_of_a_series_opens_the_data_folder(repo: Path) -> None:
    """One page's figures are in one file; a series' figures page names no single file."""
    assert next(p for p in generate(repo).pages if p.path == "figures/index.md").edit_path == \
        "data/20210816/figures.yml"
    add_second_page(repo)
    pages = {p.path: p.edit_path for p in generate(repo).pages}
    assert pages["figures/index.md"] == "data/"
    assert pages["figures/20210817/index.md"] == "data/20210817/figures.yml"


def test_a_three_page_series_with_every_feature(tmp_path: Path) -> None:
    """The synthetic series bench/run.py measures, at three pages: every edition has each
    page's articles, their pinyin and dictionary scripts, each page's figures, glossary
    links into every page, a search index over all of it, and the zip holds the same."""
    import json
    import zipfile

    import yaml

    from bench.run import make_series
    from generator.mkdocs.build import BUNDLE
    from generator.mkdocs.search import read_index
    from tests.conftest import copy_repo

    root = copy_repo(tmp_path / "repo")
    make_series(root, 3)
    build_all(root)
    site = root / "site"
    ids = ["s0000", "s0001", "s0002"]
    structure = yaml.safe_load((root / "data/s0000/structure.yml").read_text(encoding="utf-8"))
    articles = [a["id"] for a in structure["articles"]]
    for folder in ("", "zh-tw/", "zh-hk/"):
        edition = site / folder
        home = BeautifulSoup((edition / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert [h["id"] for h in home.select("h2[id^=page-]")] == [f"page-{i}" for i in ids]
        for pid in ids:
            for article in articles:
                page = edition / pid / article
                html = (page / "index.html").read_text(encoding="utf-8")
                assert 'data-annotation="term"' in html or article == "shanghai-shixun"
                pinyin = (page / "pinyin.js").read_text(encoding="utf-8")
                assert pinyin.startswith("window.__edPinyin=") and '"p1"' in pinyin
                assert (page / "dict.js").read_text(encoding="utf-8").startswith("window.__edDict=")
            figures = BeautifulSoup((edition / "figures" / pid / "index.html").read_text(encoding="utf-8"), "html.parser")
            rows = figures.select("table.ed-figures tr[id]")
            assert rows and all(r["id"].endswith(f"-{pid}") for r in rows)
        # The pages repeat one another's article ids: each page's paragraphs are linked all the same.
        glossary = BeautifulSoup((edition / "glossary/index.html").read_text(encoding="utf-8"), "html.parser")
        links = glossary.select("#chengshi-yunnao .ed-backlinks a")
        assert {a["href"].split("/")[1] for a in links} == set(ids)  # ../<page>/<article>/…
        assert [a.get_text()[:10] for a in links] == ["2021-08-16", "2021-08-17", "2021-08-18"]  # one per page
        _, pages, docs = read_index(edition / "assets" / "search")
        urls = {pages[d.page].url for d in docs}
        assert {u.split("/")[0] for u in urls if u.startswith("s0")} == set(ids)
        assert {d.kind for d in docs} == {"article", "term", "figure"}
        assert any(u.startswith("figures/s0002/") for u in urls)
    # The same pinyin in every edition (linked into each from one job), a dictionary per script.
    one = site / "s0001" / articles[0]
    assert (one / "pinyin.js").read_bytes() == (site / "zh-hk/s0001" / articles[0] / "pinyin.js").read_bytes()
    assert (one / "dict.js").read_bytes() != (site / "zh-tw/s0001" / articles[0] / "dict.js").read_bytes()
    with zipfile.ZipFile(root / "dist" / f"{BUNDLE}.zip") as zf:
        names = set(zf.namelist())
    built = {f"{BUNDLE}/{p.relative_to(site).as_posix()}" for p in site.rglob("*") if p.is_file()}
    assert names == built
    datapackage = json.loads((site / "downloads/datapackage.json").read_text(encoding="utf-8"))
    assert datapackage["resources"]


def test_a_term_on_every_page_of_a_long_series_links_the_first_and_latest_pages(tmp_path: Path) -> None:
    """A term on all 14 pages: the first 3 and the latest 9, with the 2 between counted, so
    that the glossary stays readable (and small) however long the series grows."""
    import re

    from bench.run import make_series
    from tests.conftest import copy_repo

    root = copy_repo(tmp_path / "repo")
    make_series(root, 14)
    for code, gap in (("zh-Hans", "……（另有 2 期）"), ("zh-Hant-HK", "……（另有 2 期）")):
        glossary = next(p.markdown for p in generate(root, code).pages if p.path == "glossary/index.md")
        entry = glossary[glossary.index('id="chengshi-yunnao"'):]
        links = entry[entry.index('class="ed-backlinks"'):].split("</p>", 1)[0]
        pages = re.findall(r'href="\.\./(s\d{4})/', links)
        assert pages == ["s0000", "s0001", "s0002", *[f"s{i:04d}" for i in range(5, 14)]]
        assert links.count(gap) == 1 and links.count("2021&#45;08&#45;29") == 1  # each link dated


def test_a_series_pages_figures_link_their_related_figures_on_the_same_page(repo: Path) -> None:
    """`related` names figures of the same page (the data check refuses others)."""
    add_second_page(repo)
    pages = {p.path: p for p in generate(repo).pages}
    first = BeautifulSoup(pages["figures/20210816/index.md"].markdown, "html.parser")
    assert [a["href"] for a in first.select("#fangan-zhixing-chao-liucheng .ed-related a")] == \
        ["#fangan-wancheng-yu-liucheng"]


def test_the_ids_of_a_generated_pages_html_are_read_as_mkdocs_parses_them(repo: Path) -> None:
    """The plugin reads the ids of a generated page's raw HTML (for MkDocs' check of links
    to anchors) by pattern: the same ids as MkDocs' parser, on every page of every edition."""
    from mkdocs.structure.pages import _HTMLHandler

    from generator.mkdocs.plugin import _AnchorIds

    add_second_page(repo)
    found = 0
    for code in ("zh-Hans", "zh-Hant-TW", "zh-Hant-HK"):
        for page in generate(repo, code).pages:
            lines = page.markdown.split("\n")
            parsed = _HTMLHandler()
            parsed.feed("\n".join(lines))
            parsed.close()
            by_pattern = _AnchorIds()
            by_pattern.run(lines)
            assert by_pattern.present_anchor_ids == parsed.present_anchor_ids, page.path
            found += len(parsed.present_anchor_ids)
    assert found > 500


def test_a_generated_page_with_its_raw_html_set_aside_is_what_python_markdown_makes_of_it(repo: Path) -> None:
    """The plugin hands Python-Markdown each block of raw HTML as a word and puts the block
    back after (Python-Markdown parsed all of it only to pass it through): the page's HTML
    and the ids MkDocs checks links against must be exactly what they were, on every page of
    every edition."""
    import markdown
    from mkdocs.structure import pages as mkdocs_pages
    from mkdocs.structure.pages import _HTMLHandler

    from generator.mkdocs.plugin import _anchor_ids_by_pattern, _block_level, _set_aside_html

    def convert(text: str) -> str:
        return markdown.Markdown(extensions=["attr_list", "toc"], extension_configs={
            "toc": {"permalink": "¶", "permalink_title": "本节链接"}}).convert(text)

    add_second_page(repo)
    set_aside = 0
    for code in ("zh-Hans", "zh-Hant-TW", "zh-Hant-HK"):
        for page in generate(repo, code).pages:
            text = page.markdown
            aside = _set_aside_html(text, _block_level())
            assert aside.restore(convert(aside.words)) == convert(text), page.path
            parsed = _HTMLHandler()
            parsed.feed(text)
            parsed.close()
            lines = aside.words.split("\n")
            with _anchor_ids_by_pattern(aside.blocks):
                collector = mkdocs_pages._RawHTMLPreprocessor()
                assert collector.run(lines) == lines
            assert collector.present_anchor_ids == parsed.present_anchor_ids, page.path
            set_aside += len(aside.blocks)
    assert set_aside > 500


def test_only_a_plain_block_of_one_element_is_set_aside() -> None:
    import markdown

    from generator.mkdocs.plugin import _block_level, _set_aside_html

    def check(*parts: str) -> tuple[list[str], list[str]]:
        text = "\n\n".join(parts)
        aside = _set_aside_html(text, _block_level())
        assert aside.restore(markdown.Markdown().convert(aside.words)) == markdown.Markdown().convert(text)
        return aside.blocks, aside.words.split("\n\n")

    blocks, words = check("# Title", '<p class="a">一</p>', "text", "<div>\n<p>two lines</p>\n</div>",
                          "EDITIONRAWHTML0X")
    assert blocks == ['<p class="a">一</p>', "<div>\n<p>two lines</p>\n</div>"]  # one element each
    # the words' letters stand nowhere in the page: its own text is left alone
    assert words[1] == "EDITIONRAWHTMLQ0X" and words[3] == "EDITIONRAWHTMLQ1X" and words[4] == "EDITIONRAWHTML0X"
    for other in ("<span>inline</span>", "<p>x</p> and text after", "<P>upper case</P>"):
        blocks, _ = check("<p>a</p>", other, "<p>b</p>")
        assert blocks == ["<p>a</p>"]  # HTML but not one block-level element: Python-Markdown reads the rest
    blocks, _ = check("<p>a</p>", "<div><div>unclosed</div>", "<p>b</p>", "## heading", "<p>c</p>")
    assert blocks == ["<p>a</p>"]  # after an open element, Python-Markdown reads everything
    blocks, _ = check("<p>a</p>", "text\n<div>at a line's start", "<p>b</p>")
    assert blocks == ["<p>a</p>"]
