"""Annotation text is untrusted: a build from an injection corpus yields no live markup.

Every payload is placed in a field an annotator writes (definition, English gloss,
figure description and period, note, repair reason, article summary, conversion-rule
reason), the whole site is built in all three scripts, and the HTML is read back with a
parser: no payload may have produced an element, an attribute or a link.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from generator.sitebuild import build_all

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
