"""The search index builder, on small pages written as the generator writes them."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from generator.mkdocs.search import build_index, extract, fold, fold_table, index_script, write_index

ARTICLE = """<html><body><article class="md-content__inner md-typeset">
<div class="ed-toolbar" id="ed-labels"><nav class="ed-switcher">简体</nav></div>
<p class="ed-block ed-kicker" id="kicker-1">增强核心竞争力 建设新型智慧城\
<span class="ed-repair" data-annotation="repair" data-id="banner"><ins class="ed-emend">市</ins>\
<button type="button" class="ed-repair-btn ed-ui" data-tip="补“市”字。" aria-label="编辑修复"></button></span></p>
<h1 id="headline">对标一流，数字青岛发力“6&#43;1”<a class="headerlink" href="#headline" title="本节链接">¶</a></h1>
<p class="ed-meta ed-ui">青岛日报 · 2021&#45;08&#45;16</p>
<p class="ed-block ed-paragraph" id="p1">完善<a class="ed-mark ed-term" data-tip="城市云脑（chéng shì yún nǎo）" \
href="../../glossary/index.html#chengshi-yunnao">城市云脑</a>功能，完成投资13.3亿元。\
<a class="ed-pilcrow ed-ui" href="#p1" aria-label="本段链接：第1段">¶1</a></p>
<figure class="ed-block ed-absent-photo" id="caption-2"><figcaption><span class="ed-absent-label ed-ui">原版此处有照片：\
</span>■智能公交电子站牌。</figcaption></figure>
<h2 id="dingge-tuijin">顶格推进、加速布局<a class="headerlink" href="#dingge-tuijin">¶</a></h2>
<p class="ed-block ed-paragraph" id="p2">上半年新建5G基站3500个；<br>数字青岛。</p>
</article></body></html>"""

GLOSSARY = """<html><body><article class="md-content__inner md-typeset"><h1 id="glossary">术语表</h1>
<h2 id="cat-2">城市治理<a class="headerlink" href="#cat-2">¶</a></h2>
<section class="ed-entry" id="chengshi-yunnao" data-entry="term">
<h3 class="ed-entry-title">城市云脑 <span class="ed-pinyin" lang="zh-Latn-pinyin">chéng shì yún nǎo</span> \
<span class="ed-english" lang="en">City Brain</span></h3>
<p class="ed-aliases">文中又作：云脑</p><p class="ed-definition">青岛建设的城市级数据与指挥平台&lt;script&gt;。</p>
<p class="ed-explained">文中的说明：<a href="../a/index.html#p3">加快完善城市云脑功能</a></p>
<p class="ed-backlinks">出现于：<a href="../a/index.html#p1">对标一流 ¶1</a></p>
</section></article></body></html>"""

FIGURES = """<html><body><article class="md-content__inner md-typeset"><h1 id="figures">关键数字</h1>
<details class="ed-chart-data"><table class="ed-table"><tbody><tr><td><a href="#x">图表行</a></td><td>12 项</td></tr>\
</tbody></table></details>
<div class="ed-table-wrap"><table class="ed-table ed-figures">
<thead><tr><th scope="col">数字</th><th scope="col">衡量什么</th><th scope="col">时期</th><th scope="col">类型</th>\
<th scope="col">所在段落</th></tr></thead>
<tbody>
<tr id="zhutishi-banjianliang"><td class="ed-fig-quote">353&#46;6万件</td><td>主题式服务办件量<span class="ed-related">（相关：\
<a href="#b">401项</a>）</span></td><td>2021年上半年</td><td>实绩</td><td><a href="../a/index.html#p2">对标一流… ¶2</a> \
<a class="ed-edit ed-ui" href="x">修改</a></td></tr>
</tbody></table></div></article></body></html>"""

ABOUT = """<html><body><article class="md-content__inner md-typeset"><h1 id="about">关于本版</h1>
<h2 id="rules">转换规则<a class="headerlink" href="#rules">¶</a></h2><p>孙法柏 段泊岚镇 13.3亿</p></article></body></html>"""


def test_article_blocks_and_headings_with_the_text_a_reader_sees() -> None:
    title, docs = extract(ARTICLE)
    assert title == "对标一流，数字青岛发力“6+1”"
    assert [(kind, anchor) for kind, anchor, _, _ in docs] == [
        ("article", "kicker-1"), ("article", "headline"), ("article", "p1"), ("article", "caption-2"),
        ("article", "dingge-tuijin"), ("article", "p2")]
    text = {anchor: t for _, anchor, _, t in docs}
    assert text["kicker-1"] == "增强核心竞争力 建设新型智慧城市"  # the repair's insertion, not its button
    assert text["p1"] == "完善城市云脑功能，完成投资13.3亿元。"  # no pilcrow, no tooltip text
    assert text["caption-2"] == "■智能公交电子站牌。"
    assert text["headline"] == "对标一流，数字青岛发力“6+1”"
    assert text["p2"] == "上半年新建5G基站3500个； 数字青岛。"
    heads = {anchor: head for _, anchor, head, _ in docs}
    assert heads["p2"] == "顶格推进、加速布局" and heads["p1"] == ""


def test_a_glossary_entry_without_its_backlinks() -> None:
    title, docs = extract(GLOSSARY)
    assert title == "术语表"
    assert len(docs) == 1  # the category heading is no place of its own outside an article
    kind, anchor, head, text = docs[0]
    assert (kind, anchor, head) == ("term", "chengshi-yunnao", "城市云脑")
    assert text == "城市云脑 chéng shì yún nǎo City Brain 文中又作：云脑 青岛建设的城市级数据与指挥平台<script>。"
    assert "对标一流" not in text and "加快完善" not in text


def test_a_figure_row_without_its_locator_and_related_figures() -> None:
    _, docs = extract(FIGURES)
    assert docs == [("figure", "zhutishi-banjianliang", "353.6万件", "353.6万件 主题式服务办件量 2021年上半年 实绩")]


def test_editorial_pages_are_not_searched() -> None:
    index = build_index([("about/index.html", ABOUT), ("20210816/a/index.html", ARTICLE)])
    assert index["pages"] == [["20210816/a/index.html", "对标一流，数字青岛发力“6+1”"]]
    assert all("孙法柏" not in doc[4] for doc in index["docs"])


def test_folding_meets_scripts_widths_tones_and_spaces() -> None:
    table = fold_table(["城市云脑", "台湾", "发展"])
    assert fold("雲腦", table) == fold("云脑", table) == "云脑"
    assert fold("臺灣", table) == fold("台湾", table)
    assert fold("１３．３億", {**table, **fold_table(["亿"])}) == "13.3亿"
    assert fold("chéng shì yún nǎo", table) == "chengshiyunnao"
    assert fold("2021 年\u3000City Brain", table) == "2021年citybrain"
    traditional = fold_table(["雲腦", "發展"])  # a Traditional edition's own characters
    assert fold("云脑", traditional) == fold("雲腦", traditional)


def test_the_index_script_is_inert_and_reproducible(tmp_path: Path) -> None:
    pages = [("20210816/a/index.html", ARTICLE), ("glossary/index.html", GLOSSARY), ("figures/index.html", FIGURES)]
    script = index_script(build_index(pages))
    assert script.startswith("window.__edSearch = ") and script.endswith(";\n")
    assert "</" not in script  # even inlined, the definition's "<script>" could not end a script element
    data: dict[str, Any] = json.loads(script[script.index("=") + 1:].strip().rstrip(";"))
    assert [d[1] for d in data["docs"]][-2:] == ["chengshi-yunnao", "zhutishi-banjianliang"]
    assert data["kinds"] == ["article", "term", "figure"]
    assert index_script(build_index(pages)) == script

    site = tmp_path / "site"
    for url, html in pages:
        (site / url).parent.mkdir(parents=True, exist_ok=True)
        (site / url).write_text(html, encoding="utf-8")
    target = write_index(site, ["20210816/a/index.md", "glossary/index.md", "figures/index.md", "missing/index.md"])
    assert target == site / "assets" / "search-index.js"
    assert target.read_text(encoding="utf-8") == script


def test_a_huge_paragraph_is_indexed_in_linear_time() -> None:
    # No segmenter runs on the text: a megabyte-long paragraph costs what its reading costs.
    html = ARTICLE.replace("上半年新建5G基站3500个；", "城市云脑功能完善，" * 120_000)
    start = time.perf_counter()
    index = build_index([("20210816/a/index.html", html)])
    assert time.perf_counter() - start < 10
    assert max(len(doc[4]) for doc in index["docs"]) > 1_000_000
