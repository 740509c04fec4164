"""Script conversion with OpenCC, editors' rules applied in front of its dictionaries.

Every rule in scope (the edition's, and the article's own, which win over the edition's
for the same phrase) is found in the text first, leftmost-longest, and its form goes to
the page as a protected span: OpenCC never sees it, so the phrase is kept whole and no
later step (the Taiwan or Hong Kong variant tables) rewrites the form the editors chose.
An occurrence-scoped rule arrives already marked in the rendered text and is protected
the same way. OpenCC converts what lies between, with its standard configuration; one
engine per configuration is loaded per process and shared by every scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc

from . import safe_text
from .models import Rule

PROTECT_OPEN, PROTECT_CLOSE = "\ue000", "\ue001"
# An occurrence-scoped rule in rendered text: RULE_OPEN index RULE_SEP original RULE_CLOSE.
RULE_OPEN, RULE_SEP, RULE_CLOSE = "\ue002", "\ue003", "\ue004"
_RULE = re.compile(f"{RULE_OPEN}(\\d+){RULE_SEP}(.*?){RULE_CLOSE}", re.S)


@dataclass(frozen=True)
class Variant:
    code: str  # BCP 47 tag, as on <html lang>
    folder: str  # the edition's folder in the site ("" for the root)
    label: str  # the switcher's label
    theme_language: str  # Material's interface language
    base_config: str  # OpenCC configuration


SIMPLIFIED = Variant("zh-Hans", "", "简体", "zh", "")


def variants(taiwan_vocabulary: bool) -> tuple[Variant, ...]:
    return (
        SIMPLIFIED,
        Variant("zh-Hant-TW", "zh-tw", "繁體（台灣）", "zh-TW", "s2twp.json" if taiwan_vocabulary else "s2tw.json"),
        Variant("zh-Hant-HK", "zh-hk", "繁體（香港）", "zh-Hant", "s2hk.json"),
    )


def opencc_data_dir() -> Path:
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@cache
def engine(config: str) -> opencc.OpenCC:
    """One OpenCC instance per configuration and process: loading one takes tens of ms."""
    return opencc.OpenCC(config)


def _unprotected(text: str) -> Iterator[tuple[bool, str]]:
    """(protected?, piece) in order; the markers themselves are dropped."""
    rest = text
    while PROTECT_OPEN in rest:
        before, _, tail = rest.partition(PROTECT_OPEN)
        kept, _, rest = tail.partition(PROTECT_CLOSE)
        yield False, before
        yield True, kept
    yield False, rest


class Converter:
    """Converts Simplified text to one Traditional variant, honouring the rules in scope."""

    def __init__(self, variant: Variant, rules: Sequence[Rule]) -> None:
        self.variant = variant
        self.rules = [r for r in rules if r.quote is None]
        self._scopes: dict[str, tuple[re.Pattern[str] | None, dict[str, str]]] = {}

    def _in_scope(self, scope: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        if scope not in self._scopes:
            forms: dict[str, str] = {}
            for r in sorted(self.rules, key=lambda r: r.article is not None):  # the article's rules win
                if r.article in (None, scope):
                    forms[r.phrase] = str(safe_text.text(r.form(self.variant.code)))
            # Longest first: Python tries alternatives in order, so this is leftmost-longest.
            alternatives = sorted(forms, key=lambda p: (-len(p), p))
            pattern = re.compile("|".join(map(re.escape, alternatives))) if forms else None
            self._scopes[scope] = (pattern, forms)
        return self._scopes[scope]

    def convert(self, text: str, scope: str = "") -> str:
        """Convert text; spans between PROTECT_OPEN and PROTECT_CLOSE pass through unchanged."""
        conv = engine(self.variant.base_config).convert
        pattern, forms = self._in_scope(scope)
        out: list[str] = []
        for kept, piece in _unprotected(text):
            if kept:
                out.append(piece)
                continue
            pos = 0
            for m in pattern.finditer(piece) if pattern else ():
                out += [conv(piece[pos:m.start()]) if m.start() > pos else "", forms[m.group()]]
                pos = m.end()
            out.append(conv(piece[pos:]) if pos < len(piece) else "")
        return "".join(out)


class Converters:
    """One converter per Traditional variant."""

    def __init__(self, rules: Sequence[Rule], taiwan_vocabulary: bool) -> None:
        self.variants = variants(taiwan_vocabulary)
        self.rules = list(rules)
        self._conv = {v.code: Converter(v, self.rules) for v in self.variants[1:]}

    def convert(self, variant: str, text: str, scope: str = "") -> str:
        if variant == SIMPLIFIED.code:
            return _RULE.sub(r"\2", text).replace(PROTECT_OPEN, "").replace(PROTECT_CLOSE, "")
        # One occurrence with its own rule: the editors' form passes through OpenCC untouched.
        text = _RULE.sub(lambda m: PROTECT_OPEN + safe_text.text(self.rules[int(m.group(1))].form(variant))
                         + PROTECT_CLOSE, text)
        return self._conv[variant].convert(text, scope)
