"""The catalogue of coded diagnostics.

Every problem the generator can report is listed here once, with its severity, a
message template and a hint for annotators (in Chinese, as they write). Codes are a letter for the area and
three digits: F file format, Y YAML, V validation, R references, A anchoring,
S structure and repairs, G glossary (and its sources), N numbers (figures), C conversion,
T translation, P pinyin.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
           "把文件另存为 UTF-8（不带 BOM）编码。多数编辑器在“以某种编码保存”里可以选择。"),
        _c("F002", "error", "文件带 BOM", "the file starts with a byte-order mark (BOM)",
           "把文件另存为不带 BOM 的 UTF-8。"),
        _c("F003", "error", "Windows 换行", "line ends with CRLF (Windows line end)",
           "把编辑器的换行符设为 LF（VS Code：点底部状态栏的“CRLF”，改选“LF”）。"),
        _c("F004", "error", "制表符", "tab character; YAML indentation uses spaces",
           "把制表符换成空格（每一级缩进两个空格）。", "key:\\tvalue  →  key: value"),
        _c("F005", "error", "空文件", "the file is empty",
           "恢复文件内容；如果不需要这个文件，就删除它。"),
        _c("F006", "error", "缺少文件", "required file is missing: {detail}",
           "创建这个文件，或改正指向它的路径。"),
        _c("F007", "error", "缺少 schema 行", "the first line must be `{detail}`",
           "把 yaml-language-server 这一行放回文件第一行；编辑器靠它检查你的修改。"),
        _c("F008", "error", "路径不在 data/ 之内", "{detail}",
           "数据文件和原文必须是 data/ 里的普通文件：写相对于 data/ 的路径，不用“..”、绝对路径或符号链接。"),
        _c("F009", "error", "文件太大", "the file has {size} bytes; at most {limit} are read",
           "一个数据文件不该这么大；检查是否误粘贴了大段文字，或把内容分到几个文件里。"),
        _c("F010", "error", "行太长", "a line of {length} characters; at most {limit}",
           "把长文字写成多行：用 `>-` 开头的折叠块，每行几十个字。", "definition: >-\n  第一行……\n  第二行……"),
        _c("Y001", "error", "YAML 语法错误", "YAML syntax error: {detail}",
           "检查这一行附近的缩进和引号。含有“: ”（冒号加空格）或以特殊符号开头的文字要加英文双引号。", 'title: "a: b"'),
        _c("Y002", "error", "重复的键", "duplicate key `{detail}` in the same mapping",
           "同一条目里每个键只能出现一次；删掉或合并重复的那个。"),
        _c("Y003", "error", "不支持的 YAML 特性", "unsupported YAML feature: {detail}",
           "只写普通的键值、列表和文字；这里不用锚点（&）、别名（*）和标签（!）。"),
        _c("Y004", "error", "嵌套太深", "mappings and lists nested deeper than {limit} levels",
           "数据文件的结构是固定的几层；对照 CONTRIBUTING.md 的示例检查缩进。"),
        _c("Y005", "error", "文字太长", "a value of {length} characters; at most {limit}",
           "释义、说明和理由写几句话即可；把过长的文字缩短。"),
        _c("V001", "error", "缺少必填字段", "missing required field `{detail}`",
           "补上这个字段；写法见 CONTRIBUTING.md 中的示例或文件的 schema。"),
        _c("V002", "error", "未知字段", "unknown field `{detail}`{suggestion}",
           "检查字段名的拼写；每种条目只允许使用 CONTRIBUTING.md 列出的字段（编辑器按文件第一行的 schema 提示）。"),
        _c("V003", "error", "类型错误", "wrong type for `{field}`: expected {expected}, found {found}",
           "按要求的类型填写，例如文字，或用“- ”开头逐项列出的列表。"),
        _c("V004", "error", "值不合规则", "invalid value for `{field}`: {detail}",
           "允许的取值见 CONTRIBUTING.md 或文件的 schema。"),
        _c("V005", "error", "不安全的链接", "link `{detail}` is not an http or https address",
           "只允许 http:// 和 https:// 开头的链接；删掉这个链接，或改成它的网址。"),
        _c("R001", "error", "重复的编号", "duplicate id `{detail}` (first used at {other})",
           "每个编号（id）必须唯一；给其中一个改名。"),
        _c("R002", "error", "引用的编号不存在", "`{field}` refers to `{detail}`, which does not exist",
           "检查编号的拼写；已有的编号都在数据文件里。"),
        _c("R003", "error", "未知分类", "unknown category `{detail}`",
           "使用 data/categories.yml 里已有的分类，或先在那里加上新分类。"),
        _c("A001", "error", "引文找不到", "quote `{detail}` is not in the text{scope}{nearest}",
           "从原文逐字复制引文，包括“”、，等标点。"),
        _c("A002", "error", "引文不唯一", "quote `{detail}` matches {count} places{scope}: {candidates}",
           "加上 `prefix`（紧挨在前面的几个字）或 `suffix`（紧挨在后面的几个字），让引文只对应一处。"),
        _c("A003", "error", "引文跨越段落", "quote `{detail}` crosses a paragraph boundary",
           "引文必须在同一段之内；把它缩短。"),
        _c("A004", "error", "引文跨越文章", "quote `{detail}` crosses an article boundary",
           "缩短引文，或加上 `article:`，只在一篇文章里查找。"),
        _c("A005", "error", "标注重叠", "`{detail}` overlaps `{other}` and neither contains the other",
           "标注可以嵌套，不能交叉；缩短两条引文中的一条。"),
        _c("S001", "error", "原文未被覆盖", "source text `{detail}` is not in any block",
           "原文的每个字都必须属于某个块；在这里加一个新块。"),
        _c("S002", "error", "段落合并缺少记录", "block `{detail}` runs across a paragraph break of the source without a `join` repair",
           "加一条 `join` 修复，写明断行前后的文字；或者在这里另起一块。"),
        _c("S003", "error", "段落拆分缺少记录", "block `{detail}` starts inside a source paragraph without a `split` repair",
           "加一条 `split` 修复，写明拆分点前后的文字；或者删掉这个块。"),
        _c("S004", "error", "修复位置不符", "{kind} repair `{detail}` does not match the text: {why}",
           "`before` 必须正好在断点处结束，`after` 必须紧接着断点开始。"),
        _c("S005", "error", "修复未被使用", "{kind} repair `{detail}` is not used by the structure",
           "合并（join）必须在一个块之内，拆分（split）必须在块的开头；改正块的划分，或删掉这条修复。"),
        _c("S006", "error", "块顺序错误", "block `{detail}` starts before the block above it",
           "按原文的先后顺序排列各块。"),
        _c("S007", "error", "署名与署名行不符", "credited name `{detail}` is not in the byline text",
           "名字要与署名行里的写法完全一致。"),
        _c("S008", "error", "电头不在段首", "dateline `{detail}` is not the start of its paragraph",
           "电头要与段落开头的文字完全一致，例如“本报8月16日讯”。"),
        _c("G001", "warning", "词条未在正文出现", "term `{detail}` and its aliases occur nowhere in the text",
           "对照原文检查写法；把原文用的写法加为别名（aliases）；或删掉这个词条。"),
        _c("G002", "error", "词形重复", "form `{detail}` is claimed by two terms: {other}",
           "一个词形只能属于一个词条；从其中一个词条里删掉它。"),
        _c("G003", "warning", "释义有原文以外的事实而无来源",
           "term `{detail}` states what the page does not ({facts}) and names no source",
           "在 `sources` 里写明依据（文件名、发布机关、日期；工具书名、出版者、版次），或把原文以外、"
           "拿不准的内容从释义里删掉。检查只看释义里的日期、阿拉伯数字和机构名称（以部、委、局、院、"
           "厅、署、集团、全会等结尾）是否见于原文。"),
        _c("N001", "warning", "数字未标注", "number `{detail}` is not annotated ({place})",
           "在 figures.yml 里为它加一条数字标注；如果它不是统计数字，就加一条带理由的 `ignore`。"),
        _c("N002", "error", "截止时间缺少日期", "figure `{detail}` {why}",
           "截止时间类数字要写 `date: YYYY-MM`；其他数字要写 `value` 和 `unit`。"),
        _c("T001", "error", "译文对不上分块", "translation of `{detail}`: {why}",
           "译文逐块对应 structure.yml 的分块：检查 `article`、`block`（块的锚点）和 `start`（这一块开头的几个字）。"
           "分块改了时，译文要跟着改。"),
        _c("T002", "warning", "缺少译文", "block `{detail}` has no English translation",
           "在 translation.yml 里为这一块加一条译文。"),
        _c("T003", "warning", "译文没有用术语表的英文", "the English of `{detail}` does not use the glossary's `{gloss}` for {term}",
           "译文里用术语表的英文写法；确有理由不用时，在这一块的 `note` 里写一句以 Glossary: 开头、提到这个词条的说明。"),
        _c("C001", "error", "转换规则无效", "variant rule `{detail}`: {why}",
           "规则要写明简体词语，以及它在每个繁体版中的写法。"),
        _c("C002", "error", "转换结果与审核记录不符", "reviewed conversion changed: {detail}",
           "OpenCC 或某条规则现在的转换结果变了：审阅这一行；转错了就在 data/variants.yml 加规则；"
           "转对了就运行 `edition report variants --accept` 更新审核记录。"),
        _c("P001", "error", "拼音与审核记录不符", "reviewed reading changed: {detail}",
           "pypinyin 或 data/pinyin.yml 给出的读音变了：审阅这一行；读错了就在 data/pinyin.yml 加一条读音；"
           "读对了就运行 `edition report pinyin --accept` 更新审核记录。"),
        _c("P002", "warning", "拼音条目未被使用", "the phrase `{detail}` of a reading stands nowhere in the text",
           "对照原文检查 data/pinyin.yml 中这个词语的写法（用简体）；或删掉这一条。"),
    ]
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def hint(self) -> str:
        return CATALOGUE[self.code].hint

    def format(self, with_hint: bool = True) -> str:
        sev = "" if self.severity is Severity.ERROR else "warning: "
        head = f"{self.path}:{self.line}:{self.col}: {self.code} {sev}{self.message}"
        return f"{head}\n    怎么改：{self.hint}" if with_hint else head


@dataclass(frozen=True)
class Location:
    path: str
    line: int = 1
    col: int = 1


class Diagnostics:
    """Collects every problem of a run; nothing stops at the first one."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, where: Location, code: str, **fields: object) -> None:
        template = CATALOGUE[code].message
        fields.setdefault("detail", "")
        fields.setdefault("suggestion", "")
        fields.setdefault("nearest", "")
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
