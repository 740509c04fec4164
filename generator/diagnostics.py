"""The catalogue of coded diagnostics.

Every problem the generator can report is listed here once, with its severity, a
message template and a hint for annotators. Codes are a letter for the area and
three digits: F file format, Y YAML, V validation, R references, A anchoring,
S structure and repairs, G glossary, N numbers (figures), C conversion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str
    message: str
    hint: str
    example: str = ""


def _c(code: str, sev: str, title: str, message: str, hint: str, example: str = "") -> Code:
    return Code(code, Severity(sev), title, message, hint, example)


CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in [
        _c("F001", "error", "文件不是 UTF-8", "the file is not valid UTF-8 ({detail})",
           "Save the file as UTF-8 (without BOM). Most editors offer this under “Save with encoding”."),
        _c("F002", "error", "文件带 BOM", "the file starts with a byte-order mark (BOM)",
           "Save the file as UTF-8 without BOM."),
        _c("F003", "error", "Windows 换行", "line ends with CRLF (Windows line end)",
           "Set your editor to LF line ends (VS Code: bottom bar “CRLF” → “LF”)."),
        _c("F004", "error", "制表符", "tab character; YAML indentation uses spaces",
           "Replace the tab with spaces (two spaces per level).", "key:\\tvalue  →  key: value"),
        _c("F005", "error", "空文件", "the file is empty",
           "Restore the file's content, or delete the file if it is not needed."),
        _c("F006", "error", "缺少文件", "required file is missing: {detail}",
           "Create the file, or fix the path that names it."),
        _c("F007", "error", "缺少 schema 行", "the first line must be `{detail}`",
           "Put the yaml-language-server line back at the top; editors use it to check your edits."),
        _c("Y001", "error", "YAML 语法错误", "YAML syntax error: {detail}",
           "Check indentation and quoting near this line. Text containing `: ` or starting with"
           " a special character needs double quotes.", 'title: "a: b"'),
        _c("Y002", "error", "重复的键", "duplicate key `{detail}` in the same mapping",
           "Each key may appear once per entry; remove or merge the repeated one."),
        _c("Y003", "error", "不支持的 YAML 特性", "unsupported YAML feature: {detail}",
           "Write plain mappings, lists and strings; anchors, aliases and tags are not used here."),
        _c("V001", "error", "缺少必填字段", "missing required field `{detail}`",
           "Add the field; see the file's schema or CONTRIBUTING.md for an example."),
        _c("V002", "error", "未知字段", "unknown field `{detail}`",
           "Check the spelling (e.g. `definition`, not `defintion`). Only the documented fields are allowed."),
        _c("V003", "error", "类型错误", "wrong type for `{field}`: expected {expected}, found {found}",
           "Give a value of the expected type, e.g. text in quotes or a list with `- ` items."),
        _c("V004", "error", "值不合规则", "invalid value for `{field}`: {detail}",
           "See the allowed values in CONTRIBUTING.md or in the schema."),
        _c("V005", "error", "不安全的链接", "link `{detail}` is not an http or https address",
           "Only http:// and https:// links are allowed; remove the link or give its web address."),
        _c("V006", "error", "不允许的标记", "markup is not allowed in annotation text: {detail}",
           "Write plain text. Only *emphasis* and [text](https://…) links are allowed."),
        _c("R001", "error", "重复的编号", "duplicate id `{detail}` (first used at {other})",
           "Every id must be unique; rename one of them."),
        _c("R002", "error", "引用的编号不存在", "`{field}` refers to `{detail}`, which does not exist",
           "Check the spelling of the id; the known ids are listed in the data files."),
        _c("R003", "error", "未知分类", "unknown category `{detail}`",
           "Use one of the categories in data/categories.yml, or add the new category there."),
        _c("A001", "error", "引文找不到", "quote `{detail}` is not in the text{scope}",
           "Copy the quote from the source text exactly, including punctuation such as “” and ，."),
        _c("A002", "error", "引文不唯一", "quote `{detail}` matches {count} places{scope}: {candidates}",
           "Add `prefix` (the characters just before) or `suffix` (just after) so only one place matches."),
        _c("A003", "error", "引文跨越段落", "quote `{detail}` crosses a paragraph boundary",
           "A quote must lie within one paragraph; shorten it."),
        _c("A004", "error", "引文跨越文章", "quote `{detail}` crosses an article boundary",
           "Shorten the quote, or give `article:` to look inside one article only."),
        _c("A005", "error", "标注重叠", "`{detail}` overlaps `{other}` and neither contains the other",
           "Annotations may nest but not cross; shorten one of the two quotes."),
        _c("S001", "error", "原文未被覆盖", "source text `{detail}` is not in any block",
           "Every character of the source must belong to a block; add a block that starts here."),
        _c("S002", "error", "段落合并缺少记录", "block `{detail}` runs across a paragraph break of the source without a `join` repair",
           "Add a `join` repair with the text before and after the break, or start a new block here."),
        _c("S003", "error", "段落拆分缺少记录", "block `{detail}` starts inside a source paragraph without a `split` repair",
           "Add a `split` repair with the text before and after the split point, or remove the block."),
        _c("S004", "error", "修复位置不符", "{kind} repair `{detail}` does not match the text: {why}",
           "`before` must end exactly where the break is and `after` must start right after it."),
        _c("S005", "error", "修复未被使用", "{kind} repair `{detail}` is not used by the structure",
           "A join must lie inside one block and a split must be where a block starts; fix the blocks or remove the repair."),
        _c("S006", "error", "块顺序错误", "block `{detail}` starts before the block above it",
           "List blocks in the order of the source text."),
        _c("S007", "error", "署名与署名行不符", "credited name `{detail}` is not in the byline text",
           "Write the name exactly as it stands in the byline."),
        _c("S008", "error", "电头不在段首", "dateline `{detail}` is not the start of its paragraph",
           "Write the dateline exactly as the paragraph begins, e.g. 本报8月16日讯."),
        _c("G001", "warning", "词条未在正文出现", "term `{detail}` and its aliases occur nowhere in the text",
           "Check the spelling against the text, add the form the page uses as an alias, or remove the entry."),
        _c("G002", "error", "词形重复", "form `{detail}` is claimed by two terms: {other}",
           "A word form can belong to one glossary entry only; remove it from one of them."),
        _c("N001", "warning", "数字未标注", "number `{detail}` is not annotated ({place})",
           "Add a figure for it in figures.yml, or an `ignore` entry with a reason if it is not a statistic."),
        _c("N002", "error", "截止时间缺少日期", "figure `{detail}` {why}",
           "A deadline figure gives `date: YYYY-MM`; other figures give `value` and `unit`."),
        _c("C001", "error", "转换规则无效", "variant rule `{detail}`: {why}",
           "A rule needs the Simplified phrase and its form in every Traditional edition."),
        _c("C002", "error", "转换结果与审核记录不符", "reviewed conversion changed: {detail}",
           "OpenCC or a rule now converts this differently; review it and add a rule, then update the record."),
    ]
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str = field(compare=False)

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def hint(self) -> str:
        return CATALOGUE[self.code].hint

    def format(self, with_hint: bool = True) -> str:
        sev = "" if self.severity is Severity.ERROR else "warning: "
        head = f"{self.path}:{self.line}:{self.col}: {self.code} {sev}{self.message}"
        return f"{head}\n    hint: {self.hint}" if with_hint else head


@dataclass(frozen=True)
class Location:
    path: str
    line: int = 1
    col: int = 1


class Diagnostics:
    """Collects every problem of a run; nothing stops at the first one."""

    def __init__(self, root: Path | None = None) -> None:
        self.items: list[Diagnostic] = []
        self.root = root

    def add(self, where: Location, code: str, **fields: object) -> None:
        template = CATALOGUE[code].message
        fields.setdefault("detail", "")
        try:
            message = template.format(**fields)
        except KeyError as missing:  # a programming error in the caller; keep the report usable
            message = f"{template} ({missing} missing)"
        self.items.append(Diagnostic(where.path, where.line, where.col, code, message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))

    def report(self, with_hint: bool = True) -> str:
        return "\n".join(d.format(with_hint) for d in self.sorted())


class InvalidData(Exception):
    """Raised by the core when the data has errors; carries every diagnostic."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        super().__init__(diagnostics.report())


def short(text: str, limit: int = 30) -> str:
    """Shorten a quote for a message, keeping it on one line."""
    flat = text.replace("\n", "⏎")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
