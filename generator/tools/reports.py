"""`edition report …`: coverage of the glossary and of the figures, and the variants review."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import opencc

from generator.convert import ScriptConverter, opencc_data_dir
from generator.core.document import Article, Block, Edition
from generator.core.numbers import NUMBER, NumberToken
from generator.pipeline import run


def glossary_report(root: Path) -> tuple[str, bool]:
    edition = run(root).edition
    lines = ["# Glossary coverage", ""]
    unused = []
    total = 0
    for t in edition.terms:
        n = len(edition.occurrences.get(("term", t.id), ()))
        total += n
        if n == 0:
            unused.append(t.term)
    per_article = {}
    for page in edition.pages:
        for a in page.articles:
            per_article[a.id] = sum(1 for b in a.blocks for m in b.marks if m.kind == "term")
    lines.append(f"terms: {len(edition.terms)}; occurrences marked: {total}; "
                 f"terms found in the text: {len(edition.terms) - len(unused)}/{len(edition.terms)}")
    for aid, n in per_article.items():
        lines.append(f"  {aid}: {n} marked occurrences")
    if unused:
        lines.append("never found: " + "、".join(unused))
    return "\n".join(lines), not unused


def number_tokens(article: Article) -> Iterator[NumberToken]:
    for b in article.blocks:
        for m in NUMBER.finditer(b.text):
            if m.group() == "一":
                continue  # 一批, 一个地区, 一位居民: the indefinite article, not a count
            ctx = b.text[max(0, m.start() - 8): m.end() + 8]
            yield NumberToken(article.id, b.anchor, m.start(), m.group(), ctx)


def uncovered_numbers(edition: Edition) -> tuple[list[NumberToken], int]:
    """Numbers in the text covered by neither a figure nor an ignore entry."""
    missing: list[NumberToken] = []
    count = 0
    for page in edition.pages:
        covered: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for article, anchor, start, end in page.ignored:
            covered.setdefault((article, anchor), []).append((start, end))
        for a in page.articles:
            for b in a.blocks:
                for m in b.marks:
                    if m.kind == "figure":
                        covered.setdefault((a.id, b.anchor), []).append((m.start, m.end))
            for tok in number_tokens(a):
                count += 1
                end = tok.start + len(tok.text)
                if not any(s <= tok.start and end <= e for s, e in covered.get((a.id, tok.block), [])):
                    missing.append(tok)
    return missing, count


def figures_report(root: Path) -> tuple[str, bool]:
    edition = run(root).edition
    missing, count = uncovered_numbers(edition)
    figures = sum(len(p.figures) for p in edition.pages)
    covered = count - len(missing)
    pct = 100 * covered / count if count else 100.0
    lines = ["# Figures coverage", "",
             f"figures: {figures}; numbers in the text: {count}; covered by a figure or an ignore entry: "
             f"{covered} ({pct:.1f}%)"]
    for tok in missing:
        lines.append(f"  not annotated: {tok.article} {tok.block} `{tok.text}` …{tok.context}…")
    return "\n".join(lines), not missing


@lru_cache(maxsize=1)
def traditional_candidates() -> dict[str, tuple[str, ...]]:
    """Every Traditional form OpenCC lists for each Simplified character.

    OpenCC's STCharacters dictionary gives every candidate form; the package ships it
    compiled, and its own `opencc_dict` tool turns it back into text.
    """
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "STCharacters.txt"
        subprocess.run([str(tool), "-i", str(opencc_data_dir() / "STCharacters.ocd2"), "-o", str(out),
                        "-f", "ocd2", "-t", "text"], check=True, capture_output=True)
        lines = out.read_text(encoding="utf-8").splitlines()
    return {k: tuple(v.split()) for k, _, v in (x.partition("\t") for x in lines)}


def ambiguous_characters() -> frozenset[str]:
    """Simplified characters with more than one Traditional form."""
    return frozenset(k for k, forms in traditional_candidates().items() if len(forms) > 1)


def variant_lines(root: Path) -> list[str]:
    """One line per occurrence of an ambiguous character: context, TW form, HK form, rule."""
    result = run(root)
    edition, rules, convs = result.edition, result.rules, result.converters
    amb = ambiguous_characters()
    out = []
    for page in edition.pages:
        for a in page.articles:
            for b in a.blocks:
                text = b.text
                tw, hk = (_block_in(convs[code], b, a.id) for code in ("zh-Hant-TW", "zh-Hant-HK"))
                if len(tw) != len(text) or len(hk) != len(text):
                    out.append(f"{a.id} {b.anchor}: length changed in conversion; review the whole block")
                    continue
                for i, ch in enumerate(text):
                    if ch not in amb:
                        continue
                    rule = next((r for r in rules if (r.article in (None, a.id)) and r.phrase in
                                 text[max(0, i - len(r.phrase) + 1): i + len(r.phrase)]), None)
                    ctx = text[max(0, i - 6): i + 7]
                    mark = f"rule:{rule.phrase}" if rule else "opencc"
                    out.append(f"{a.id} {b.anchor} {ch}→{tw[i]}/{hk[i]} …{ctx}… [{mark}]")
    return out


def _block_in(conv: ScriptConverter, block: Block, article: str) -> str:
    """A block's text as its edition shows it: occurrence rules first, then the article's and the edition's."""
    fixed = [(m.start, m.end, conv.form(int(m.id))) for m in block.marks if m.kind == "variant"]
    return conv.convert(block.text, article, fixed)[0]


def variants_report(root: Path) -> tuple[str, bool]:
    from generator.tools.variants_review import REVIEWED, unreviewed

    lines = variant_lines(root)
    pending = unreviewed(root, lines)
    header = ["# Characters with more than one Traditional form", "",
              f"occurrences: {len(lines)}; confirmed by a rule: {sum('[rule:' in x for x in lines)}; "
              f"not in the reviewed record ({REVIEWED}): {len(pending)}", ""]
    body = [("  " if x not in pending else "! ") + x for x in lines]
    return "\n".join(header + body), not pending


def _pinyin_report(root: Path) -> tuple[str, bool]:
    from generator.render.pinyin import pinyin_report

    return pinyin_report(root)


REPORTS: dict[str, Callable[[Path], tuple[str, bool]]] = {
    "glossary": glossary_report, "figures": figures_report, "variants": variants_report,
    "pinyin": _pinyin_report,
}
