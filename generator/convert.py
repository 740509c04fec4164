"""Script conversion with OpenCC, editors' rules layered in front of its dictionaries.

Each Traditional edition gets a custom OpenCC configuration: a copy of the standard
one (s2tw / s2twp / s2hk) with a text dictionary of the editors' rules placed first —
in the segmentation dictionaries, so a rule's phrase is kept whole, and first in a
short-circuit group of every conversion step, so nothing after it rewrites the form
the editors chose. Rules scoped to an article get a converter of their own; a rule
scoped to one occurrence is applied to that occurrence as a protected span.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
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


def _with_rules(config: dict, rules_file: str, data_dir: Path) -> dict:
    """The standard configuration with the rules dictionary layered in front."""

    def absolute(node: object) -> object:
        if isinstance(node, dict):
            out = {k: absolute(v) for k, v in node.items()}
            if out.get("type") == "ocd2":
                out["file"] = str(data_dir / str(out["file"]))
            return out
        if isinstance(node, list):
            return [absolute(v) for v in node]
        return node

    cfg = absolute(config)
    assert isinstance(cfg, dict)
    ours = {"type": "text", "file": rules_file}
    seg = cfg["segmentation"]["dict"]
    cfg["segmentation"]["dict"] = {"type": "group", "match_policy": "short_circuit", "dicts": [ours, seg]}
    for step in cfg["conversion_chain"]:
        step["dict"] = {"type": "group", "match_policy": "short_circuit", "dicts": [ours, step["dict"]]}
    return cfg


class Converter:
    """Converts Simplified text to one Traditional variant, honouring the rules in scope."""

    def __init__(self, variant: Variant, rules: Sequence[Rule], workdir: Path) -> None:
        self.variant = variant
        self.rules = [r for r in rules if r.quote is None]
        self.workdir = workdir
        self._by_scope: dict[str, opencc.OpenCC] = {}

    @cached_property
    def _base(self) -> dict:
        return json.loads((opencc_data_dir() / self.variant.base_config).read_text(encoding="utf-8"))

    def _engine(self, scope: str) -> opencc.OpenCC:
        if scope not in self._by_scope:
            rules = [r for r in self.rules if r.article is None or r.article == scope]
            name = f"{self.variant.code}-{scope or 'edition'}"
            dict_file = self.workdir / f"{name}.txt"
            # Map the phrase to its form in the first step, and the form to itself in later
            # steps (TW/HK variant tables would otherwise rewrite it).
            lines = sorted({f"{r.phrase}\t{r.form(self.variant.code)}" for r in rules}
                           | {f"{r.form(self.variant.code)}\t{r.form(self.variant.code)}" for r in rules})
            dict_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
            cfg = _with_rules(self._base, str(dict_file), opencc_data_dir())
            cfg_file = self.workdir / f"{name}.json"
            cfg_file.write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
            self._by_scope[scope] = opencc.OpenCC(str(cfg_file))
        return self._by_scope[scope]

    def convert(self, text: str, scope: str = "") -> str:
        """Convert text; spans between PROTECT_OPEN and PROTECT_CLOSE pass through unchanged."""
        engine = self._engine(scope if any(r.article == scope for r in self.rules) else "")
        out: list[str] = []
        rest = text
        while PROTECT_OPEN in rest:
            before, _, tail = rest.partition(PROTECT_OPEN)
            kept, _, rest = tail.partition(PROTECT_CLOSE)
            out.append(engine.convert(before) if before else "")
            out.append(kept)
        out.append(engine.convert(rest) if rest else "")
        return "".join(out)


class Converters:
    """One converter per Traditional variant, sharing a scratch folder for OpenCC files."""

    def __init__(self, rules: Sequence[Rule], taiwan_vocabulary: bool) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="edition-opencc-")
        self.variants = variants(taiwan_vocabulary)
        self.rules = list(rules)
        self._conv = {v.code: Converter(v, self.rules, Path(self._tmp.name)) for v in self.variants[1:]}

    def convert(self, variant: str, text: str, scope: str = "") -> str:
        if variant == SIMPLIFIED.code:
            return _RULE.sub(r"\2", text).replace(PROTECT_OPEN, "").replace(PROTECT_CLOSE, "")
        # One occurrence with its own rule: the editors' form passes through OpenCC untouched.
        text = _RULE.sub(lambda m: PROTECT_OPEN + safe_text.text(self.rules[int(m.group(1))].form(variant))
                         + PROTECT_CLOSE, text)
        return self._conv[variant].convert(text, scope)
