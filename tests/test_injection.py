"""Annotation text is untrusted: a build from an injection corpus yields no live markup.

Every payload is placed in a field an annotator writes (definition, English gloss,
figure description and period, note, repair reason, article summary, conversion-rule
reason), the whole site is built in all three scripts, and the HTML is read back with a
parser: no payload may have produced an element, an attribute or a link.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from generator.mkdocs.build import build_all
from generator.tools.cli import main

MARK = "PWNED"
PAYLOADS = [
    f'<script>alert("{MARK}")</script>',
    f'<img src=x onerror="alert(\'{MARK}\')">',
    f'<a href="javascript:alert(1)">{MARK}</a>',
    f"[{MARK}](javascript:alert(1))",
    f"[{MARK}](data:text/html;base64,PHNjcmlwdD4=)",
    f'"><svg onload=alert("{MARK}")>',
    f"{{: .{MARK.lower()} #{MARK.lower()} onclick=\"alert(1)\" }}",
    '--8<-- "mkdocs.yml"',
    f"*{MARK}* _{MARK}_ `{MARK}` ``` ** [ ] ( ) \\ | < > $x$ $$y$$",
    f"| {MARK} | b |\n|---|---|\n| c | d |",
    f"[{MARK}][ref]\n\n[ref]: javascript:alert(1)",
    f"<!-- {MARK} --> &lt;b&gt; &#60;i&#62;",
    f"<style>body{{display:none}}</style>{MARK}",
]
PAYLOAD = " ".join(PAYLOADS)


def poison(root: Path) -> None:
    data = root / "data"

    def patch(rel: str, old: str, new: str) -> None:
        path = data / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    quoted = yaml.safe_dump(PAYLOAD, allow_unicode=True, width=10_000).strip().removesuffix("...").strip()
    glossary = (data / "glossary.yml").read_text(encoding="utf-8")
    definition = re.search(r"    definition: >-\n      青岛建设的城市级数据与指挥平台.+\n", glossary)
    assert definition
    patch("glossary.yml", definition.group(0), f"    definition: {quoted}\n")
    patch("glossary.yml", "    english: City Brain\n", f"    english: {quoted}\n")
    patch("20210816/figures.yml", "    measures: 第三方评估涉及的部门\n", f"    measures: {quoted}\n")
    patch("20210816/figures.yml", '    period: "2021年上半年"\n', f"    period: {quoted}\n")
    patch("20210816/structure.yml", "    reason: 版面分栏把数字“3980”与量词“个”拆进了两段，合为一段。\n", f"    reason: {quoted}\n")
    patch("20210816/structure.yml", "    summary: 市领导到烟草企业调研", f"    summary: {quoted}\n    x: ")
    patch("20210816/structure.yml", "\n    x: “平安烟草”", "\n    # ")
    patch("variants.yml", "    reason: 人名：记者余博", f"    reason: {quoted}\n    # ")
    (data / "20210816" / "notes.yml").write_text(
        "# yaml-language-server: $schema=../../schema/notes.schema.json\nnotes:\n"
        f"  - id: poison\n    article: shuzi-qingdao\n    quote: 两化融合指数\n    text: {quoted}\n",
        encoding="utf-8")


def test_injection_corpus_produces_nothing_live(repo: Path) -> None:
    poison(repo)
    build_all(repo)
    html_files = sorted((repo / "site").rglob("*.html"))
    assert len(html_files) >= 30
    seen_as_text = 0
    for path in html_files:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for el in page.find_all(True):
            assert MARK.lower() not in " ".join(el.get("class", [])).lower(), (path, el)
            assert (el.get("id") or "").lower() != MARK.lower(), (path, el)
            for attr, value in el.attrs.items():
                assert not attr.lower().startswith("on"), (path, el.name, attr)
                if attr in ("href", "src", "action", "formaction", "xlink:href"):
                    assert not str(value).strip().lower().startswith(("javascript:", "data:", "vbscript:")), (path, value)
            if el.name in ("script", "style", "iframe", "object", "embed", "svg", "img"):
                assert MARK not in (el.get_text() + str(el.attrs)), (path, el.name)
        for table in page.select("article table"):
            assert MARK not in "".join(th.get_text() for th in table.select("th")), path
        text = page.get_text()
        assert "site_name:" not in text, path  # the include directive included nothing
        seen_as_text += text.count(f'<script>alert("{MARK}")</script>')
    assert seen_as_text > 0  # the payloads are there, as plain text a reader can see


# --- every field of every data file, and the source page, in a real browser ------------

LIVE = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    '"><svg onload="window.__pwned=1">',
    "'><b onmouseover='window.__pwned=1'>x</b>",
    "[click](javascript:window.__pwned=1)",
    "</title><script>window.__pwned=1</script>",
    "<!--",
]
LINE = " ".join(LIVE)  # one line: fields that must stay on one line, and the source text


def _rewrite(path: Path, change: Callable[[Any], None]) -> None:
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n")
    data = yaml.safe_load(text)
    change(data)
    path.write_text(head + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
                    encoding="utf-8")


def poison_everything(root: Path) -> None:
    """The payload in every text field a pull request can change, and in the page's text."""
    data = root / "data"
    page = data / "20210816"

    def edition(d: Any) -> None:
        d["title"] += LINE
        d["description"] += LINE
        d["pages"][0]["paper"] += LINE
        d["pages"][0]["title"] += LINE

    category = "城市治理"
    evil_category = category + LINE

    def categories(d: Any) -> None:
        for c in d["categories"]:
            if c["name"] == category:
                c["name"] = evil_category
            c["description"] = c.get("description", "") + LINE

    def glossary(d: Any) -> None:
        for t in d["terms"]:
            if t["category"] == category:
                t["category"] = evil_category
        t = d["terms"][0]
        t["aliases"] = [*t.get("aliases", []), "数字青岛" + LINE]
        t["english"] = LINE
        t["definition"] = PAYLOAD
        t["pinyin"] = LINE
        t["sources"] = [{"title": LINE, "url": 'https://example.org/"><script>window.__pwned=1</script>'}]
        d["terms"].append({"id": "evil-term", "term": "智慧安防小区" + LINE, "category": "政策与规划",
                           "definition": PAYLOAD})

    def structure(d: Any) -> None:
        for a in d["articles"]:
            a["summary"] += LINE
        for r in d["repairs"]:
            r["reason"] = PAYLOAD

    def figures(d: Any) -> None:
        for f in d["figures"]:
            if f["category"] == category:
                f["category"] = evil_category
        f = d["figures"][0]
        f["measures"], f["period"] = PAYLOAD, LINE
        for f in d["figures"][1:4]:
            if f.get("unit"):
                f["unit"] += LINE
        for ig in d["ignore"][:3]:
            ig["reason"] = PAYLOAD

    def variants(d: Any) -> None:
        for r in d["rules"]:
            r["reason"] = PAYLOAD

    _rewrite(data / "edition.yml", edition)
    _rewrite(data / "categories.yml", categories)
    _rewrite(data / "glossary.yml", glossary)
    _rewrite(page / "structure.yml", structure)
    _rewrite(page / "figures.yml", figures)
    _rewrite(data / "variants.yml", variants)
    (page / "notes.yml").write_text(
        "# yaml-language-server: $schema=../../schema/notes.schema.json\n"
        + yaml.safe_dump({"notes": [{"id": "evil", "article": "shuzi-qingdao", "quote": "两化融合指数",
                                     "text": PAYLOAD}]}, allow_unicode=True, width=10_000), encoding="utf-8")
    source = data / "source" / "20210816.txt"
    text = source.read_text(encoding="utf-8")
    for line in ("# 对标一流，数字青岛发力“6+1”\n", "系列报道⑪\n"):
        assert line in text, line
        text = text.replace(line, line[:-1] + LINE + "\n", 1)
    source.write_text(text, encoding="utf-8")


def _no_live_markup(path: Path) -> int:
    """Parse one page; fail on any element, attribute or link a payload made. Returns how
    often the payload shows as text."""
    html = path.read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    for el in page.find_all(True):
        for attr, value in el.attrs.items():
            assert not attr.lower().startswith("on"), (path, el.name, attr)
            if attr in ("href", "src", "action", "formaction", "xlink:href"):
                assert "javascript:" not in str(value).lower(), (path, value)
        if el.name == "script":
            assert "__pwned" not in el.get_text() or "__pwned=1</script>" not in el.get_text(), path
        if el.name in ("svg", "img", "b"):
            assert "__pwned" not in str(el.attrs), (path, el)
    title = page.find("title")
    assert title is not None and "<script" not in title.decode_contents(), path
    return page.get_text().count("window.__pwned=1")


@pytest.mark.browser
def test_no_field_and_no_source_text_makes_live_markup(repo: Path, tmp_path: Path, browser: Browser) -> None:
    poison_everything(repo)
    assert main(["--root", str(repo), "check"]) == 1  # only the review record objects: the text changed
    build_all(repo)
    pages = sorted((repo / "site").rglob("*.html"))
    assert sum(1 for p in pages if "/zh-tw/" in p.as_posix()) >= 10
    assert sum(_no_live_markup(p) for p in pages) > 50  # shown as text, in every edition
    with zipfile.ZipFile(repo / "dist" / "qingdao-edition-offline.zip") as zf:
        zf.extractall(tmp_path / "bundle")
    bundled = sorted((tmp_path / "bundle").rglob("*.html"))
    assert len(bundled) == len(pages)
    for p in bundled:
        _no_live_markup(p)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:")
               else route.continue_())
    for path in bundled:
        page.goto(path.as_uri())
        for mark in page.locator("a.ed-mark").all()[:3]:  # popovers show the payloads as text
            mark.focus()
        page.mouse.move(5, 5)
        assert page.evaluate("window.__pwned") is None, path
    context.close()
    assert dialogs == []
