"""Every rendering of the text in a Traditional edition holds the reviewed form.

For every rule and every reviewed ambiguous character, the passage around each of its
occurrences in the source is taken as the edition shows it (the converted document),
and every output of that edition — the visible text and the attributes of every HTML
page, the search index, the scripts' data, the offline bundle — is searched: the
reviewed passage must stand on its article's page, and the passage with the form the
rule or review exists to prevent must stand nowhere. A failure names the edition, the
file, the field and the passage.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.convert import engine, variants
from generator.pipeline import run
from generator.tools.reports import ambiguous_characters, traditional_candidates

pytestmark = pytest.mark.slow
WINDOW = 4  # characters on each side of an occurrence
EDITIONS = {v.code: v for v in variants(False)[1:]}


@dataclass(frozen=True)
class Field:
    file: str
    field: str
    text: str


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _fields(path: Path, rel: str) -> Iterator[Field]:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        page = BeautifulSoup(raw, "html.parser")
        for table in page.select("table.ed-rules"):  # the rules as the editors wrote them, on purpose
            table.decompose()
        yield Field(rel, "text", page.get_text())
        for el in page.find_all(True):
            for name, value in el.attrs.items():
                yield Field(rel, f"<{el.name} {name}>", " ".join(value) if isinstance(value, list) else str(value))
    elif path.suffix == ".json":
        yield Field(rel, "json", "\n".join(_strings(json.loads(raw))))
    elif path.suffix == ".js" and "/vendor/" not in rel and "/javascripts/" not in rel:
        yield Field(rel, "script", re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), raw))


@cache
def outputs(site: Path, folder: str) -> tuple[Field, ...]:
    root = site / folder
    return tuple(f for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in (".html", ".json", ".js")
                 for f in _fields(p, p.relative_to(site).as_posix()))


@dataclass(frozen=True)
class Passage:
    article: str
    right: str  # as the edition must show it
    wrong: tuple[str, ...]  # what the rule or the review exists to prevent
    why: str


def passages(root: Path, code: str) -> list[Passage]:
    from generator.convert import convert_edition

    prepared = run(root)
    conv = prepared.converters[code]
    shown = convert_edition(prepared.edition, conv)
    plain = engine(EDITIONS[code].base_config).convert
    candidates = traditional_candidates()
    amb = ambiguous_characters()
    out: list[Passage] = []
    for page, page_shown in zip(prepared.edition.pages, shown.pages, strict=True):
        for article, art_shown in zip(page.articles, page_shown.articles, strict=True):
            for block, blk_shown in zip(article.blocks, art_shown.blocks, strict=True):
                src, dst = block.text, blk_shown.text
                assert len(src) == len(dst)  # s2tw and s2hk keep the length
                for rule in prepared.rules:
                    if rule.article not in (None, article.id) or rule.quote is not None:
                        continue
                    for m in re.finditer(re.escape(rule.phrase), src):
                        a, b = max(0, m.start() - WINDOW), min(len(src), m.end() + WINDOW)
                        right = dst[a:b]
                        wrong = right[: m.start() - a] + plain(rule.phrase) + right[m.end() - a:]
                        if wrong != right and dst[m.start():m.end()] == rule.form(code):
                            out.append(Passage(article.id, right, (wrong,), f"rule {rule.phrase}"))
                for i, ch in enumerate(src):
                    if ch not in amb:
                        continue
                    a, b = max(0, i - WINDOW), min(len(src), i + WINDOW + 1)
                    right = dst[a:b]
                    others = tuple(right[: i - a] + c + right[i - a + 1:] for c in candidates[ch] if c != dst[i])
                    out.append(Passage(article.id, right, others, f"review of {ch}→{dst[i]}"))
    return out


@pytest.mark.parametrize("code", list(EDITIONS))
def test_no_output_holds_a_form_a_rule_or_the_review_rejects(built: Path, code: str) -> None:
    site = built / "site"
    fields = outputs(site, EDITIONS[code].folder)
    assert any(f.file.endswith("search_index.json") or "search" in f.file for f in fields)
    checked = 0
    problems: list[str] = []
    for p in passages(built, code):
        for wrong in p.wrong:
            for f in fields:
                if wrong in f.text:
                    at = f.text.index(wrong)
                    problems.append(f"{code} {f.file} {f.field} ({p.why}): “{f.text[max(0, at - 10):at + 20]}” "
                                    f"holds “{wrong}”, expected “{p.right}”")
        page_text = "".join(f.text for f in fields if f.field == "text" and f"/{p.article}/" in f"/{f.file}")
        if p.right not in page_text:
            problems.append(f"{code} article {p.article} ({p.why}): “{p.right}” is not on its page")
        checked += 1
    assert checked > 400
    assert not problems, "\n".join(problems[:30])


def test_the_bundle_holds_the_site_byte_for_byte(built: Path) -> None:
    site = built / "site"
    with zipfile.ZipFile(built / "dist" / "qingdao-edition-offline.zip") as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        for name in names:
            rel = name.split("/", 1)[1]
            assert zf.read(name) == (site / rel).read_bytes(), name
    assert len(names) == sum(1 for p in site.rglob("*") if p.is_file())


def test_the_rules_table_reads_as_written_in_every_edition(built: Path) -> None:
    for folder in ("", "zh-tw", "zh-hk"):
        page = BeautifulSoup((built / "site" / folder / "about/index.html").read_text(encoding="utf-8"), "html.parser")
        rows = {tr.select("td")[0].get_text(): [td.get_text() for td in tr.select("td")]
                for tr in page.select("table.ed-rules tbody tr")}
        assert rows["余博"][1:3] == ["余博", "余博"], folder
        assert rows["并为"][1] == "並為" and rows["并为"][4].startswith("“并为全面建成小康社会"), folder
        assert "姓氏“余”不可转为“餘”" in rows["余博"][4], folder
