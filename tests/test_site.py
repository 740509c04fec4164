"""The built site, read with an HTML parser: fidelity, structure, safety, editions."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from generator.core.assemble import build_edition
from tests.conftest import EDIT_REPOSITORY, FIXTURE, ROOT

ARTICLES = ["shuzi-qingdao", "pingan-yancao", "qingting-shangliang", "shanghai-shixun", "keji-jinbu"]
HEADLINES = ["对标一流，数字青岛发力“6+1”", "找准服务发展的最佳切入点 全力营创一流法治营商环境",
             "“倾听与商量”第九期协商活动19日举行",
             "实训过半，第四批赴上海专业实训队", "科技进步让“老式生活方式”彻底告别"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_text(page: BeautifulSoup) -> str:
    """What a reader reads: the article's blocks, without interface bits (¶ links, labels)."""
    content = page.select_one("article.md-content__inner")
    assert isinstance(content, Tag)
    for ui in content.select(".ed-ui, .headerlink"):
        ui.decompose()
    blocks = content.select(".ed-block, h1, h2")
    return "".join(b.get_text() for b in blocks)


def source_article_texts() -> dict[str, str]:
    """Each article's source text, independently of the generator: the page cut at the
    article headlines, layout removed (blank lines, # marks), the recorded insertions added."""
    text = (FIXTURE / "data/source/20210816.txt").read_text(encoding="utf-8")
    text = text.replace("建设新型智慧城\n", "建设新型智慧城市\n")  # the one recorded emendation
    starts = [text.index(s) for s in ("增强核心竞争力", "找准服务发展", "围绕“提升政务", "风从海上来", "小康·圆梦")]
    starts.append(len(text))
    out = {}
    for aid, a, b in zip(ARTICLES, starts, starts[1:], strict=False):
        chunk = re.sub(r"(?m)^#+ ", "", text[a:b])
        out[aid] = re.sub(r"\s+", "", chunk)
    return out


def test_every_character_reaches_the_reader_in_order(built: Path) -> None:
    expected = source_article_texts()
    for aid in ARTICLES:
        got = re.sub(r"\s+", "", article_text(soup(built / f"site/20210816/{aid}/index.html")))
        assert got == expected[aid], aid


def test_front_page_lists_the_five_headlines_in_page_order(built: Path) -> None:
    page = soup(built / "site/index.html")
    headlines = [h.get_text() for h in page.select(".ed-front-headline")]
    assert len(headlines) == 5
    for got, want in zip(headlines, HEADLINES, strict=True):
        assert got.startswith(want)
    assert all(s.get_text() for s in page.select(".ed-front-summary"))
    assert len(page.select(".ed-front-time")) == 5


def test_each_article_page_contains_every_source_paragraph(built: Path) -> None:
    edition, _ = build_edition(FIXTURE)
    for article in edition.pages[0].articles:
        page = soup(built / f"site/20210816/{article.id}/index.html")
        paragraphs = [b for b in article.blocks if b.type == "paragraph"]
        for block in paragraphs:
            el = page.find(id=block.anchor)
            assert isinstance(el, Tag), (article.id, block.anchor)
            for ui in el.select(".ed-ui"):
                ui.decompose()
            assert el.get_text() == block.text


def test_repairs_are_listed_on_the_about_page_and_marked_in_text(built: Path) -> None:
    edition, _ = build_edition(FIXTURE)
    about = soup(built / "site/about/index.html")
    for repair in edition.pages[0].repairs:
        row = about.find(id=f"repair-{repair.id}")
        assert isinstance(row, Tag), repair.id
        assert repair.reason in row.get_text()
    marks = {m["data-id"] for a in ARTICLES
             for m in soup(built / f"site/20210816/{a}/index.html").select('[data-annotation="repair"]')}
    assert marks == {r.id for r in edition.pages[0].repairs}


def test_captions_are_captions_of_absent_photographs(built: Path) -> None:
    page = soup(built / "site/20210816/shuzi-qingdao/index.html")
    captions = page.select("figure.ed-absent-photo figcaption")
    assert len(captions) == 2
    assert page.select("article img") == []
    assert not any("■" in p.get_text() for p in page.select("p.ed-paragraph"))


def test_headings_and_paragraphs_have_meaningful_anchors(built: Path) -> None:
    page = soup(built / "site/20210816/keji-jinbu/index.html")
    ids = [h["id"] for h in page.select("article h2[id]")]
    assert ids and not any(re.fullmatch(r"_\d+", i) for i in ids)
    assert "keji-rongru-richang-shenghuo" in ids
    pilcrows = page.select("p.ed-paragraph > a.ed-pilcrow")
    assert len(pilcrows) == 15 and pilcrows[0]["href"] == "#p1"


def test_language_tags_and_three_editions(built: Path) -> None:
    for folder, lang in (("", "zh-Hans"), ("zh-tw/", "zh-Hant-TW"), ("zh-hk/", "zh-Hant-HK")):
        for page in ("index.html", "glossary/index.html", "figures/index.html", "about/index.html",
                     "20210816/shuzi-qingdao/index.html"):
            html = soup(built / f"site/{folder}{page}").html
            assert html is not None and html["lang"] == lang, (folder, page)


def test_no_request_to_another_host(built: Path) -> None:
    for path in (built / "site").rglob("*.html"):
        page = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for el in page.find_all(tag):
                url = el.get(attr) or ""
                assert not re.match(r"^(https?:)?//", url), (path, url)


def test_figures_and_terms_are_marked_with_one_hook(built: Path) -> None:
    for aid in ARTICLES:
        page = soup(built / f"site/20210816/{aid}/index.html")
        assert page.select('a[data-annotation="term"][data-id]'), aid
    lead = soup(built / "site/20210816/shuzi-qingdao/index.html")
    fig = lead.select_one('a[data-annotation="figure"][data-id="pinggu-bumen"]')
    assert fig is not None and fig.get_text() == "34个"
    joined = lead.select_one('a[data-annotation="figure"]:has(span[data-id="join-3980"])')
    assert joined is not None and joined.get_text() == "3980个"


def test_glossary_backlinks_land_on_the_right_paragraph(built: Path) -> None:
    edition, _ = build_edition(FIXTURE)
    glossary = soup(built / "site/glossary/index.html")
    entries = glossary.select("section.ed-entry")
    assert len(entries) == len(edition.terms)
    for entry in entries:
        links = entry.select(".ed-backlinks a")
        assert links, entry["id"]
        for link in links:
            target, _, anchor = link["href"].partition("#")
            page = soup((built / "site/glossary" / target).resolve())
            para = page.find(id=anchor)
            assert isinstance(para, Tag)
            forms = {edition.term(entry["id"]).term, *edition.term(entry["id"]).aliases}
            assert any(f in para.get_text() for f in forms), (entry["id"], link["href"])


def test_figures_page_has_tables_and_accessible_charts(built: Path) -> None:
    page = soup(built / "site/figures/index.html")
    assert len(page.select("table.ed-figures tbody tr")) >= 100
    charts = page.select("figure.ed-chart-figure")
    assert len(charts) >= 3
    for chart in charts:
        rows = chart.select("ul.ed-chart > li")
        assert chart.find("figcaption") and rows
        assert chart.find(id=chart.select_one("ul.ed-chart")["aria-describedby"])  # the description
        for row in rows:  # the label and the value are text; the bar is a picture of them
            assert row.select_one(".ed-chart-label").get_text() and row.select_one(".ed-chart-value").get_text()
            assert row.select_one("svg.ed-chart-bars")["aria-hidden"] == "true"
        assert chart.select("details table")  # the data beside the picture
    assert not page.select("script:not([src])") or all("chart" not in s.get_text() for s in page.select("script"))


def test_reviewed_rules_reach_the_traditional_editions(built: Path) -> None:
    tw = soup(built / "site/zh-tw/20210816/pingan-yancao/index.html").get_text()
    hk = soup(built / "site/zh-hk/20210816/pingan-yancao/index.html").get_text()
    assert "記者 余博" in tw and "記者 余博" in hk
    assert "山東中菸" in tw and "山東中煙" in hk
    tw4 = soup(built / "site/zh-tw/20210816/shanghai-shixun/index.html").get_text()
    assert "50餘天" in tw4 and "幹什麼" in tw4
    tw5 = soup(built / "site/zh-tw/20210816/keji-jinbu/index.html").get_text()
    assert "西後樓" in tw5 and "並為" in tw5


def test_anchors_are_the_same_in_every_edition(built: Path) -> None:
    ids = []
    for folder in ("", "zh-tw/", "zh-hk/"):
        page = soup(built / f"site/{folder}20210816/keji-jinbu/index.html")
        ids.append([el["id"] for el in page.select("article [id]")])
    assert ids[0] == ids[1] == ids[2]


def test_offline_zip_holds_every_edition(built: Path) -> None:
    with zipfile.ZipFile(built / "dist/qingdao-edition-offline.zip") as zf:
        names = set(zf.namelist())
    for folder in ("", "zh-tw/", "zh-hk/"):
        assert f"qingdao-edition-offline/{folder}index.html" in names
        assert f"qingdao-edition-offline/{folder}search/search_index.js" in names


def test_every_page_has_an_edit_link_to_an_existing_data_file(built: Path) -> None:
    prefix = f"https://github.com/{EDIT_REPOSITORY}/edit/main/"
    pages = sorted((built / "site").glob("**/*.html"))
    checked = 0
    for path in pages:
        if path.name == "404.html":
            continue
        html = soup(path)
        edit = html.select_one("a.md-content__button[href]")
        assert edit is not None, path
        href = edit["href"]
        assert href.startswith(prefix), (path, href)
        rel = href.removeprefix(prefix)
        assert (built / rel).is_file() or (ROOT / rel).is_file(), (path, href)
        checked += 1
    assert checked >= 30
    article = soup(built / "site/20210816/shuzi-qingdao/index.html").select_one("a.md-content__button")
    assert article is not None and article["href"].endswith("data/20210816/structure.yml")


def test_glossary_entries_and_figures_link_to_their_own_line(built: Path) -> None:
    glossary = soup(built / "site/glossary/index.html")
    lines = (FIXTURE / "data/glossary.yml").read_text(encoding="utf-8").splitlines()
    for entry in glossary.select("section.ed-entry"):
        link = entry.select_one(".ed-edit a")
        assert link is not None, entry["id"]
        line = int(link["href"].rsplit("#L", 1)[1])
        assert lines[line - 1].strip().replace('"', '') == f"- id: {entry['id']}", (entry["id"], line)
    figures = soup(built / "site/figures/index.html")
    flines = (FIXTURE / "data/20210816/figures.yml").read_text(encoding="utf-8").splitlines()
    rows = figures.select("table.ed-figures tbody tr")
    for row in rows:
        link = row.select_one("a.ed-edit")
        assert link is not None and "/blob/main/data/20210816/figures.yml#L" in link["href"], row["id"]
        assert flines[int(link["href"].rsplit("#L", 1)[1]) - 1].strip() == f"- id: {row['id']}"


def test_every_internal_link_lands_on_an_element_that_exists(built: Path) -> None:
    """Every relative link, in every edition, goes to a page that exists and, when it names
    a fragment, to an element with that id (the figures page once linked to #title)."""
    site = built / "site"
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = {str(el["id"]) for el in soup(path).select("[id]")}
        return ids[path]

    checked = 0
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":  # served at any depth, so its links are absolute
            continue
        for a in soup(path).select("a[href]"):
            href = str(a["href"])
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            target, _, fragment = href.partition("#")
            dest = (path.parent / target).resolve() if target else path
            if dest.is_dir():
                dest = dest / "index.html"
            assert dest.is_file(), (path.relative_to(site), href)
            if fragment and dest.suffix == ".html":
                assert fragment in ids_of(dest), (path.relative_to(site), href)
                checked += 1
    assert checked > 500


def test_the_repository_link_makes_no_request_to_a_third_party(built: Path) -> None:
    """repo_url shows the repository in the header; Material's script would ask api.github.com
    for its stars on every visit if the link carried data-md-component="source"."""
    html = soup(built / "site/index.html")
    link = html.select_one("a.md-source")
    assert link is not None and link["href"] == f"https://github.com/{EDIT_REPOSITORY}"
    assert not html.select('[data-md-component="source"]')
