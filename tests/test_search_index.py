"""The search index builder, on small pages written as the generator writes them."""

from __future__ import annotations

import bisect
import json
import time
from pathlib import Path
from typing import Any

from generator.mkdocs.search import Sharded, build_index, documents, extract, fold, fold_table, read_index, read_script, write_index

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
    assert index.manifest["pages"] == [[[0, 6]]]  # one page, six places of an article
    assert json.loads(index.files["d0.js"])["pages"] == [[0, "20210816/a/index.html", "对标一流，数字青岛发力“6+1”"]]
    assert all("孙法柏" not in body for body in index.files.values())


def test_folding_meets_scripts_widths_tones_and_spaces() -> None:
    table = fold_table(["城市云脑", "台湾", "发展"])
    assert fold("雲腦", table) == fold("云脑", table) == "云脑"
    assert fold("臺灣", table) == fold("台湾", table)
    assert fold("１３．３億", {**table, **fold_table(["亿"])}) == "13.3亿"
    assert fold("chéng shì yún nǎo", table) == "chengshiyunnao"
    assert fold("2021 年\u3000City Brain", table) == "2021年citybrain"
    traditional = fold_table(["雲腦", "發展"])  # a Traditional edition's own characters
    assert fold("云脑", traditional) == fold("雲腦", traditional)


def test_the_index_scripts_are_inert_and_reproducible(tmp_path: Path) -> None:
    pages = [("20210816/a/index.html", ARTICLE), ("glossary/index.html", GLOSSARY), ("figures/index.html", FIGURES)]
    index = build_index(pages)
    again = build_index(pages)
    assert again.files == index.files and again.manifest == index.manifest
    site = tmp_path / "site"
    for url, html in pages:
        (site / url).parent.mkdir(parents=True, exist_ok=True)
        (site / url).write_text(html, encoding="utf-8")
    target = write_index(site, ["20210816/a/index.md", "glossary/index.md", "figures/index.md", "missing/index.md"])
    assert target == site / "assets" / "search" / "index.js"
    name, manifest = read_script(target.read_text(encoding="utf-8"))
    assert name == "index.js" and manifest == index.manifest
    assert isinstance(manifest, dict) and manifest["kinds"] == ["article", "term", "figure"]
    written = sorted(site.glob("assets/search/*/*.js"))
    assert [f.name for f in written] == sorted(index.files)
    for f in written:
        text = f.read_text(encoding="utf-8")
        # Registered under the path the client asks for; even inlined, the definition's
        # "<script>" could not end a script element.
        assert read_script(text) == (f"{manifest['dir']}/{f.name}", json.loads(index.files[f.name]))
        assert "</" not in text
    assert read_index(site / "assets" / "search")[1:] == documents(pages)
    first = {f.name: f.read_bytes() for f in written}
    write_index(site, ["20210816/a/index.md", "glossary/index.md", "figures/index.md"])
    assert {f.name: f.read_bytes() for f in sorted(site.glob("assets/search/*/*.js"))} == first


def test_a_huge_paragraph_is_indexed_in_linear_time() -> None:
    # No segmenter runs on the text: a megabyte-long paragraph costs what its reading costs.
    html = ARTICLE.replace("上半年新建5G基站3500个；", "城市云脑功能完善，" * 120_000)
    start = time.perf_counter()
    index = build_index([("20210816/a/index.html", html)])
    assert time.perf_counter() - start < 10
    texts = [row[2] for name, body in index.files.items() if name[0] == "d" for row in json.loads(body)["docs"]]
    assert max(map(len, texts)) > 1_000_000


# ---- The shards: a query reads only the shards holding its keys, and finds every place ----

SERIES = [(f"2021081{i}/a/index.html", ARTICLE.replace("数字青岛。", f"数字青岛第{i}期。")) for i in range(6)] + [
    ("glossary/index.html", GLOSSARY), ("figures/index.html", FIGURES)]
LAST, MORE = "0123456789ABCDEFGHIJKLMNOPQRSTUV", "WXYZabcdefghijklmnopqrstuvwxyz-_"


def utf16(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def decode(s: str) -> dict[int, list[tuple[int, int]]]:
    """A posting as edition-search.js reads it: document → [(position, flags)]."""
    at = 0

    def number() -> int:
        nonlocal at
        value = 0
        while s[at] in MORE:
            value = value * 32 + MORE.index(s[at])
            at += 1
        at += 1
        return value * 32 + LAST.index(s[at - 1])

    out: dict[int, list[tuple[int, int]]] = {}
    doc = 0
    while at < len(s):
        doc += number()
        pos, occ = 0, []
        for _ in range(number()):
            v = number()
            pos += v // 2
            occ.append((pos, number() if v % 2 else 7))
        out[doc] = occ
    return out


class Reader:
    """What the browser holds: the bootstrap, and the shards it has asked for (counted)."""

    def __init__(self, index: Sharded) -> None:
        self.manifest: dict[str, Any] = index.manifest
        self.files = index.files
        self.firsts = [utf16(k) for k in self.manifest["keyShards"]]
        self.loaded: set[str] = set()

    def shard_of(self, key: str) -> str:
        return f"k{max(0, bisect.bisect_right(self.firsts, utf16(key)) - 1)}.js"  # as find() in the client

    def keys(self, phrase: str) -> list[str]:
        if len(phrase) == 1:
            lo, hi = self.shard_of(phrase), self.shard_of(phrase + "\uffff\uffff")
            names = [f"k{i}.js" for i in range(int(lo[1:-3]), int(hi[1:-3]) + 1)]
            self.loaded.update(names)
            return [k for n in names for k in json.loads(self.files[n]) if k[0] == phrase]
        keys = [phrase[i:i + 2] for i in range(len(phrase) - 1)]
        self.loaded.update(self.shard_of(k) for k in keys)
        return keys

    def posting(self, key: str) -> dict[int, list[tuple[int, int]]]:
        shard = json.loads(self.files[self.shard_of(key)])
        return decode(shard[key]) if key in shard else {}

    def where(self, phrase: str) -> dict[int, int]:
        """document → occurrences of the phrase, from the postings alone."""
        keys = self.keys(phrase)
        if len(phrase) == 1:
            out: dict[int, int] = {}
            for key in keys:
                for doc, occ in self.posting(key).items():
                    out[doc] = out.get(doc, 0) + len(occ)
            return out
        lists = [self.posting(k) for k in keys]
        found = {}
        for doc, occ in lists[0].items():
            later = [{p for p, _ in lst.get(doc, [])} for lst in lists[1:]]
            n = sum(all(p + j + 1 in later[j] for j in range(len(later))) for p, _ in occ)
            if n:
                found[doc] = n
        return found


def test_a_query_reads_exactly_the_shards_holding_its_keys() -> None:
    index = build_index(SERIES, key_bytes=300, doc_bytes=400)
    reader = Reader(index)
    shards = {name: json.loads(body) for name, body in index.files.items() if name.startswith("k")}
    assert len(shards) > 10
    # Each key in exactly one shard, the one its range names; the ranges in the browser's order.
    assert reader.firsts == sorted(reader.firsts)
    for name, shard in shards.items():
        for key in shard:
            assert reader.shard_of(key) == name
    assert sum(len(s) for s in shards.values()) == len({k for s in shards.values() for k in s})
    reader.where("城市云脑")
    assert reader.loaded == {reader.shard_of(k) for k in ("城市", "市云", "云脑")}
    assert len(reader.loaded) < len(shards)


def test_every_document_is_reachable_and_every_phrase_found_where_it_stands() -> None:
    index = build_index(SERIES, key_bytes=300, doc_bytes=400)
    reader = Reader(index)
    manifest = reader.manifest
    pages, docs = documents(SERIES)
    assert manifest["docs"] == len(docs)
    # Every document's text in the shard its number names, in its page, with its kind.
    firsts = manifest["docShards"]
    kinds = [run[0] for runs in manifest["pages"] for run in runs for _ in range(run[1])]
    on_page = [i for i, runs in enumerate(manifest["pages"]) for run in runs for _ in range(run[1])]
    assert on_page == [d.page for d in docs]
    for i, d in enumerate(docs):
        at = bisect.bisect_right(firsts, i) - 1
        part = json.loads(index.files[f"d{at}.js"])
        assert part["docs"][i - firsts[at]] == [d.anchor, d.head, d.text]
        assert [d.page, pages[d.page].url, pages[d.page].title] in part["pages"]  # its link and title
        assert manifest["kinds"][kinds[i]] == d.kind
    table = manifest["fold"]
    folded = [fold(d.text, table) for d in docs]
    # Every substring of up to 5 characters of every text (one character included), and
    # what no text holds: the postings name exactly the places, with their counts.
    phrases = {t[i:i + n] for t in folded for n in range(1, 6) for i in range(len(t) - n + 1)}
    phrases |= {"青岛上海", "zz", "x"}
    for phrase in sorted(phrases):
        want = {}
        for doc, text in enumerate(folded):
            n = sum(text.startswith(phrase, i) for i in range(len(text)))
            if n:
                want[doc] = n
        assert reader.where(phrase) == want, phrase


def test_shards_are_bounded() -> None:
    html = ARTICLE.replace("上半年新建5G基站3500个；", "城市云脑功能完善，" * 1000)
    index = build_index([*SERIES, ("20210820/b/index.html", html)], key_bytes=500, doc_bytes=3000)
    alone = 0
    for name, body in index.files.items():
        items = json.loads(body)
        items = items if name[0] == "k" else items["docs"]
        # Larger than its bound only when it holds one item (one key's postings, one text), never cut.
        if len(body.encode("utf-8")) > (500 if name[0] == "k" else 3000):
            assert len(items) == 1, name
            alone += 1
    assert alone >= 2  # the long paragraph's text, and the postings of the pairs it repeats 1,000 times
    assert len(index.files) > 20


def test_whole_words_are_flagged_in_the_postings() -> None:
    index = build_index([("figures/index.html", FIGURES), ("20210816/a/index.html", ARTICLE)])
    reader = Reader(index)
    figure = 0  # the figures page's one row, the first document
    # "3.6" inside "353.6": neither end is a word's; "353.6" is whole; 基站 in Han text is.
    assert [(p, f & 1) for p, f in reader.posting("35")[figure]] == [(0, 1)]  # 353.6 starts a word
    assert [(p, f & 1) for p, f in reader.posting("3.")[figure]] == [(2, 0)]  # 3.6 inside it does not
    assert [(p, f & 4) for p, f in reader.posting(".6")[figure]] == [(3, 4)]  # a word ends at 6, before 万
    assert [(p, f & 4) for p, f in reader.posting("35")[figure]] == [(0, 0)]  # 35 is not a word's end
    assert all(f == 7 for occ in reader.posting("基站").values() for _, f in occ)


def _folded_one_by_one(text: str, table: dict[str, str]) -> tuple[str, list[int]]:
    """The folding's definition, a character at a time: each folded character's flags are
    judged against the original character's neighbours."""
    from generator.mkdocs.search import _edge, fold_char

    out, flags = [], []
    for i, ch in enumerate(text):
        prev, nxt = text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""
        for c in fold_char(ch, table):
            out.append(c)
            flags.append(_edge(c, prev) | _edge(c, nxt) << 1)
    return "".join(out), flags


def test_folding_a_text_at_once_is_folding_it_a_character_at_a_time() -> None:
    from generator.mkdocs.search import Folding

    texts = [
        "", " ", "5G", "353.6万个", "青岛 5G 基站…", "…开头", "结尾…", "ＡＢＣ１２３全角", "Café 咖啡",
        "① 第一", "㎡ 面积", "ﬁle", "2021年8月16日", "A-B", "  两个空格  ", "雲腦與云脑", "x", "中",
        "GDP增长8.6%，R&D投入", "\u3000全角空格\u3000", "e\u0301", "a\u200bb", "第⑪期",
    ]
    texts += [a + b for a in texts[:12] for b in texts[:12]]  # every pair side by side: edges meet
    table = fold_table(texts)
    folding = Folding(table)  # one folding for all, as for a whole edition: what it learnt is reused
    for text in texts:
        folded, flags = folding.fold(text)
        assert (folded, list(flags)) == _folded_one_by_one(text, table), text


def _by_html_parser(html: str) -> tuple[str, list[tuple[str, str, str, str]], bool]:
    from generator.mkdocs.search import _Extractor

    parser = _Extractor()
    parser.feed(html)
    parser.close()
    return parser.title, parser.docs, parser.article_page


def _by_pattern(html: str) -> tuple[str, list[tuple[str, str, str, str]], bool] | None:
    from generator.mkdocs.search import _Extractor, _read_quickly

    parser = _Extractor()
    return (parser.title, parser.docs, parser.article_page) if _read_quickly(html, parser) else None


def test_pages_read_by_pattern_give_the_documents_html_parser_gives(built: Path) -> None:
    """The index reads a written page's tags by pattern: on every page of every edition it
    must hand the extractor what html.parser hands it, without falling back."""
    from generator.mkdocs.search import page_content

    pages = [p for p in (built / "site").rglob("*.html") if "assets" not in p.parts]
    assert len(pages) > 25
    for path in pages:
        html = page_content(path.read_text(encoding="utf-8"))
        assert _by_pattern(html) == _by_html_parser(html), path


def test_what_the_pattern_does_not_read_goes_to_html_parser(monkeypatch: Any) -> None:
    import generator.mkdocs.search as search

    plain = [
        ARTICLE, GLOSSARY,
        '<article class="md-content__inner"><h1 id="t">A &amp; B&#45;C &lt;x&gt;</h1>'
        '<P CLASS="ed-block" ID="p1">大写<BR/>标签<span/>与 <b hidden>属性</b></P>'
        '<script type="application/json">{"a": "&amp; <\\/p>"}</script></article>',
    ]
    for html in plain:
        assert _by_pattern(html) == _by_html_parser(html) and _by_html_parser(html)[1]
    odd = [
        '<article><h1 id="t">标题</h1><!-- a comment --><p class="ed-block" id="p1">一</p></article>',
        '<article><h1 id="t">a < b</h1></article>',
        "<article><h1 id='t'>single quotes</h1></article>",
        '<article><p class="ed-block" id="p1">x</p></p class="y"></article>',
        '<article><script>if (a </script > b) {}</script></article>',
    ]
    found = [extract(html) for html in odd]
    assert all(_by_pattern(html) is None for html in odd)
    monkeypatch.setattr(search, "_read_quickly", lambda html, parser: False)
    assert found == [extract(html) for html in odd] and any(docs for _, docs in found)


def test_the_shards_folder_is_named_by_what_the_index_is_made_of() -> None:
    # A reader's browser may hold shards of an older build: any change of the index's
    # content must give its shards another folder, and the same content the same one.
    pages = [("20210816/a/index.html", ARTICLE), ("glossary/index.html", GLOSSARY)]
    first = build_index(pages).manifest["dir"]
    assert build_index(pages).manifest["dir"] == first
    edited = [("20210816/a/index.html", ARTICLE.replace("13.3亿元", "13.4亿元")), pages[1]]
    retitled = [("20210816/a/index.html", ARTICLE.replace("对标一流，", "对标一流！")), pages[1]]
    smaller = build_index(pages, key_bytes=300).manifest["dir"]
    assert len({first, build_index(edited).manifest["dir"], build_index(retitled).manifest["dir"], smaller}) == 4
