"""The built pages carry the calmer marking of issue 16: marks once per section, repeats as
plain spans, back-links without duplicates, charts whose labels are text and never cut."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_terms_and_figures_marked_once_per_section(built: Path) -> None:
    repeats = 0
    for edition in ("", "zh-tw/", "zh-hk/"):
        for path in sorted((built / "site" / edition / "20210816").glob("*/index.html")):
            article = soup(path).select_one("article")
            assert isinstance(article, Tag)
            seen: set[tuple[str, str]] = set()
            marked_before: set[tuple[str, str]] = set()
            for el in article.select("h2, a.ed-mark, span.ed-repeat"):
                if el.name == "h2":
                    seen = set()
                    continue
                key = (str(el["data-annotation"]), str(el["data-id"]))
                if el.name == "a":
                    assert key not in seen, (path, key)  # a second mark in the same section
                    seen.add(key)
                    marked_before.add(key)
                else:
                    assert key in seen, (path, key)  # a repeat follows its marked occurrence in the section
                    assert not el.has_attr("href") and not el.has_attr("tabindex") and not el.has_attr("data-tip")
                    repeats += 1
    assert repeats > 50


def test_backlinks_have_no_duplicates(built: Path) -> None:
    for page in ("glossary/index.html", "zh-tw/glossary/index.html"):
        for entry in soup(built / "site" / page).select(".ed-entry"):
            hrefs = [a["href"] for a in entry.select(".ed-backlinks a")]
            assert len(hrefs) == len(set(hrefs)), (page, entry["id"], hrefs)


def test_chart_labels_are_whole_text(built: Path) -> None:
    page = soup(built / "site/figures/index.html")
    labels = [el.get_text() for el in page.select(".ed-chart-label")]
    assert len(labels) >= 20 and not any("…" in label for label in labels)
    assert {f["id"] for f in page.select("figure.ed-chart-figure")} >= {"chart-shares", "chart-growth"}


def test_toolbar_and_print_footer_on_every_page(built: Path) -> None:
    for page in ("index.html", "20210816/keji-jinbu/index.html", "zh-hk/figures/index.html"):
        html = soup(built / "site" / page)
        links = html.select("#ed-bar .ed-switcher a[hreflang]")
        assert [a["hreflang"] for a in links] == ["zh-Hans", "zh-Hant-TW", "zh-Hant-HK"]
        assert html.select_one(".ed-clean[aria-pressed]") and html.select_one(".ed-legend")
        assert html.select_one(".ed-print-footer")
