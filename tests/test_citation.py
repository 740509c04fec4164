"""Cite this: the fields of every format, for an article and a paragraph, in a real browser;
the schema.org record in every article page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from tests.test_browser import ARTICLE

pytestmark = pytest.mark.browser
FORMATS = ["GB/T 7714-2015", "APA 7", "Chicago", "BibTeX", "CSL-JSON"]


def formats(page: object) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.ed-cite-format')]
        .map(f => [f.dataset.format, f.querySelector('.ed-cite-text').textContent]))""")  # type: ignore[attr-defined]


def test_an_article_and_a_paragraph_are_cited_field_by_field(server: str, browser: Browser) -> None:
    page = browser.new_page()
    url = server + "zh-tw/" + ARTICLE
    page.goto(url + "#p3")
    page.locator("details.ed-cite summary").click()
    got = formats(page)
    assert list(got) == FORMATS
    gbt, apa, chicago = got["GB/T 7714-2015"], got["APA 7"], got["Chicago"]
    assert gbt.startswith("任晓萌. 对标一流，数字青岛发力“6+1”[N/OL]. 青岛日报, 2021-08-16[")
    assert gbt.endswith(f"]. {url}#p3.")
    assert apa.startswith("任晓萌. (2021, August 16). 对标一流，数字青岛发力“6+1” [Benchmarking against the best")
    assert "青岛日报 (Qingdao Daily)." in apa and apa.endswith("(任晓萌, 2021, para. 3)")
    assert chicago.startswith("任晓萌. “对标一流，数字青岛发力“6+1”” [") and ", August 16, 2021, para. 3." in chicago
    bib = got["BibTeX"]
    for field in ("@article{20210816-shuzi-qingdao-p3,", "author = {任晓萌}", "journal = {青岛日报}",
                  "date = {2021-08-16}", f"url = {{{url}#p3}}", "urldate = {"):
        assert field in bib, field
    csl = json.loads(got["CSL-JSON"])[0]
    assert csl["type"] == "article-newspaper" and csl["container-title"] == "青岛日报"
    assert csl["author"] == [{"literal": "任晓萌"}] and csl["issued"] == {"date-parts": [[2021, 8, 16]]}
    assert csl["URL"] == url + "#p3"
    for text in got.values():  # nothing the page does not give
        assert "版" not in text.replace("注释版", "").replace("版面", "")
    page.locator("select.ed-cite-scope").select_option("0")  # the whole article
    whole = formats(page)
    assert whole["GB/T 7714-2015"].endswith(f"]. {url}.") and "para." not in whole["Chicago"]


def test_four_authors_in_the_order_printed(server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server + "20210816/shanghai-shixun/index.html#p2")
    apa = formats(page)["APA 7"]
    assert apa.startswith("胡相洋, 段正, 林志坚, & 戈宁. (2021, August 16).") and apa.endswith("(胡相洋 et al., 2021, para. 2)")


def test_every_article_carries_a_news_article_record(built: Path) -> None:
    pages = sorted((built / "site").glob("**/20210816/*/index.html"))
    assert len(pages) == 15
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        tag = soup.find("script", type="application/ld+json")
        assert tag is not None, path
        ld = json.loads(tag.string or "")
        assert ld["@type"] == "NewsArticle" and ld["datePublished"] == "2021-08-16"
        assert ld["publisher"]["name"] == "青岛日报" and ld["headline"]
        assert ld["inLanguage"] in ("zh-Hans", "zh-Hant-TW", "zh-Hant-HK")
        assert all(a["@type"] == "Person" and a["name"] for a in ld["author"])
