"""The annotation model: one pydantic model per data file, declared once.

JSON Schemas under schema/ are generated from these classes (`edition schema`), so
editors autocomplete and flag mistakes while typing. Every model forbids unknown
fields: a typo such as `defintion` is an error, not a silently ignored key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, NoReturn, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="小写字母、数字和连字符")]
Text = Annotated[str, Field(min_length=1)]
VARIANTS = ("zh-Hant-TW", "zh-Hant-HK")
MARKUP_CHARS = frozenset("<>&\"'`\\[]{}()*_#|~=")


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside a field's type: list[Credit], Quote | None, Annotated[…]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


class _FieldsGiven(set[str]):
    """pydantic's record of the fields a model was given, shared by every model given the
    same ones, so it must not change: pydantic's serializer wants a set, not a frozenset."""

    __slots__ = ()

    def _refuse(self, *args: object) -> NoReturn:
        raise TypeError("this record of a model's fields is shared by other models; copy it to change it")

    add = discard = remove = clear = pop = update = difference_update = _refuse
    intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse


_FIELD_SETS: dict[frozenset[str], _FieldsGiven] = {}


def _shared(names: Iterable[str]) -> _FieldsGiven:
    key = frozenset(names)
    if key not in _FIELD_SETS:
        _FIELD_SETS[key] = _FieldsGiven(key)
    return _FIELD_SETS[key]


class Model(BaseModel):
    """Frozen, and lighter than pydantic's default: pydantic gives every instance a set of
    its own of the fields that were given (for exclude_unset), 200–700 bytes each, a third
    of the memory of a long series' core and of each converted copy of it. Models here
    share one read-only set per combination of fields instead: the models are frozen, and
    model_copy gives the copy the set of its own combination."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(self, "__pydantic_fields_set__", _shared(self.__pydantic_fields_set__))

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(deep=deep)  # the copy shares the immutable set
        if update:
            copied.__dict__.update(update)
            object.__setattr__(copied, "__pydantic_fields_set__", _shared([*copied.__pydantic_fields_set__, *update]))
        return copied


class Quote(Model):
    """A W3C text-quote selector: `exact`, with `prefix`/`suffix` only where needed."""

    exact: Text
    prefix: str = ""
    suffix: str = ""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"exact": value} if isinstance(value, str) else value


_QUOTE_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1, "description": "原文中的引文（exact）"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["exact"],
            "properties": {
                "exact": {"type": "string", "minLength": 1, "description": "引文本身"},
                "prefix": {"type": "string", "description": "紧接在引文之前的文字（仅当引文不唯一时）"},
                "suffix": {"type": "string", "description": "紧接在引文之后的文字（仅当引文不唯一时）"},
            },
        },
    ]
}
QuoteField = Annotated[Quote, WithJsonSchema(_QUOTE_SCHEMA)]


# --- categories.yml -----------------------------------------------------------------


class Category(Model):
    name: Text
    description: str = ""


class CategoriesFile(Model):
    categories: list[Category] = Field(min_length=1)


# --- edition.yml --------------------------------------------------------------------


# Folders and files of the built site that a page's folder must not replace.
RESERVED_IDS = frozenset({"zh-tw", "zh-hk", "assets", "search", "glossary", "figures", "about", "404",
                          "sitemap", "stylesheets", "javascripts", "data", "downloads"})


class PageRef(Model):
    id: Slug
    source: Text = Field(description="原文文件，相对于 data/ 的路径，如 source/20210816.txt")
    paper: Text = Field(description="报纸名称")
    date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    title: Text

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_IDS:
            raise ValueError(f"`{value}` is the name of a folder of the site; choose another id, e.g. the date")
        return value

    @field_validator("source")
    @classmethod
    def _inside_data(cls, value: str) -> str:
        parts = value.split("/")
        if value.startswith("/") or "\\" in value or ".." in parts or "" in parts:
            raise ValueError("the source must be a relative path inside data/, without `..`, e.g. source/20210816.txt")
        if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\.txt", value):
            raise ValueError("the source is a .txt file named with letters, digits, `_`, `-` and `.`")
        return value


class EditionFile(Model):
    title: Text
    description: Text
    pages: list[PageRef] = Field(min_length=1)


# --- <page>/structure.yml -----------------------------------------------------------

BLOCK_TYPES = (
    "kicker", "series", "deck", "headline", "subheadline",
    "byline", "section", "subhead", "paragraph", "caption",
)


class Credit(Model):
    role: Literal["首席记者", "记者", "驻沪记者", "通讯员", "实习生", "摄影记者"]
    name: Text


class Block(Model):
    """One block of an article: give exactly one type key, quoting the block's first words."""

    kicker: QuoteField | None = Field(None, description="肩题、栏目名或报头")
    series: QuoteField | None = Field(None, description="系列报道标记")
    deck: QuoteField | None = Field(None, description="引题或提要")
    headline: QuoteField | None = Field(None, description="主标题")
    subheadline: QuoteField | None = Field(None, description="副题")
    byline: QuoteField | None = Field(None, description="署名行")
    section: QuoteField | None = Field(None, description="小标题（一级）")
    subhead: QuoteField | None = Field(None, description="小标题下的提要或二级小标题")
    paragraph: QuoteField | None = Field(None, description="正文段落")
    caption: QuoteField | None = Field(None, description="图片说明（照片未收录）")
    id: Slug | None = Field(None, description="小标题的锚点；缺省时由拼音生成")
    credits: list[Credit] = Field(default_factory=list, description="署名：角色与姓名")
    dateline: str | None = Field(None, description="段首电头，如 本报8月16日讯")

    @model_validator(mode="after")
    def _one_type(self) -> Block:
        given = [t for t in BLOCK_TYPES if getattr(self, t) is not None]
        if len(given) != 1:
            raise ValueError(f"a block has exactly one of {', '.join(BLOCK_TYPES)}; found {given or 'none'}")
        return self

    @property
    def type(self) -> str:
        return next(t for t in BLOCK_TYPES if getattr(self, t) is not None)

    @property
    def start(self) -> Quote:
        quote = getattr(self, self.type)
        assert isinstance(quote, Quote)
        return quote


class Article(Model):
    id: Slug
    summary: Text = Field(description="一句话摘要，供首页使用")
    blocks: list[Block] = Field(min_length=1)


class Repair(Model):
    """A recorded editorial repair: where, what and why."""

    id: Slug
    kind: Literal["join", "split", "emend"]
    before: Text = Field(description="修复点之前紧邻的原文")
    after: str = Field("", description="修复点之后紧邻的原文")
    insert: str = Field("", description="emend：补入的文字")
    reason: Text


class StructureFile(Model):
    articles: list[Article] = Field(min_length=1)
    repairs: list[Repair] = Field(default_factory=list)


# --- glossary.yml -------------------------------------------------------------------


class Source(Model):
    """A document or reference work: by title, issuer and date; a URL only where it is certain."""

    title: Text = Field(description="文件或工具书的名称，不加书名号，如 国务院关于积极推进“互联网+”行动的指导意见")
    issuer: str | None = Field(None, description="发布机关、出版者或作者，如 国务院、商务印书馆")
    date: Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                               description="发布日期或版本年份：YYYY、YYYY-MM 或 YYYY-MM-DD")] | None = None
    url: Annotated[str, Field(pattern=r"^https?://[^\s]+$",
                              description="只在确知网址时填写；不要推测或拼凑网址")] | None = None
    locator: str | None = Field(None, description="在来源中的位置，如 词条“亩”、第三章")

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if self.issuer is None and self.url is None:
            raise ValueError("a source names its issuer (issuer) or where to read it (url)")
        return self

    @property
    def citation(self) -> str:
        """The source as a reader sees it: 《title》（issuer，date，locator）."""
        when = ""
        if self.date:
            parts = self.date.split("-")
            when = parts[0] + "年" + "".join(f"{int(p)}{u}" for p, u in zip(parts[1:], ("月", "日"), strict=False))
        details = "，".join(x for x in (self.issuer, when, self.locator) if x)
        return f"《{self.title}》" + (f"（{details}）" if details else "")


class Pointer(Model):
    article: Slug
    quote: QuoteField


class Term(Model):
    id: Slug
    term: Text
    aliases: list[Text] = Field(default_factory=list)
    category: Text
    definition: Text
    english: str | None = None
    pinyin: str | None = Field(None, description="仅在自动拼音有误（多音字）时填写")
    explained_in: Pointer | None = Field(None, description="文中对该词的解释之处")
    sources: list[Source] = Field(default_factory=list)


class GlossaryFile(Model):
    terms: list[Term] = Field(min_length=1)


# --- <page>/figures.yml -------------------------------------------------------------

Qualifier = Literal["exact", "approx", "nearly", "more_than", "at_least", "at_most"]
FigureKind = Literal["result", "target", "deadline", "share", "growth", "ratio", "price", "rank", "duration"]


class Figure(Model):
    id: Slug
    article: Slug
    quote: QuoteField
    value: float | None = Field(None, description="数值；范围（如“三四十台”）时为下限")
    value_max: float | None = Field(None, description="范围的上限（如“三四十台”写 value: 30、value_max: 40）")
    unit: str | None = None
    qualifier: Qualifier = "exact"
    inferred: bool = Field(False, description="true：measures 是编者的推断而非原文的说法（须有编者注说明依据）")
    measures: Text
    period: Text
    kind: FigureKind
    category: Text
    related: list[Slug] = Field(default_factory=list)
    date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")] | None = None

    @model_validator(mode="after")
    def _range(self) -> Figure:
        if self.value_max is not None:
            if self.value is None or self.value_max <= self.value:
                raise ValueError("value_max is the upper end of a range: give value (the lower end) and a larger value_max")
            if self.qualifier not in ("exact", "approx"):
                raise ValueError(f"a range (value–value_max) takes no qualifier `{self.qualifier}`; use exact or approx")
        return self


class Ignore(Model):
    article: Slug
    quote: QuoteField
    reason: Text


class FiguresFile(Model):
    figures: list[Figure] = Field(default_factory=list)
    ignore: list[Ignore] = Field(default_factory=list)


# --- <page>/notes.yml ---------------------------------------------------------------


class Note(Model):
    id: Slug
    article: Slug | None = Field(None, description="限定在一篇文章内查找引文（可选）")
    quote: QuoteField
    text: Text


class NotesFile(Model):
    notes: list[Note] = Field(default_factory=list)


# --- <page>/translation.yml ---------------------------------------------------------


class TranslatedBlock(Model):
    """The English of one block of the structure, anchored to it."""

    article: Slug
    block: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="块的锚点，如 p3、title、kicker-1")]
    start: Text = Field(description="这一块中文的开头几个字，逐字照抄：分块改变时，检查会发现译文对不上")
    text: Text = Field(description="英文译文")
    note: str | None = Field(None, description="译注：英文里没有对应说法之处，或偏离术语表英文的理由（以 Glossary: 开头）")


class TranslationFile(Model):
    translator: Text = Field(description="谁翻译、怎样翻译（如“本版编辑（AI 辅助，人工校对前）”）")
    blocks: list[TranslatedBlock] = Field(default_factory=list)


# --- variants.yml -------------------------------------------------------------------


class VariantSettings(Model):
    taiwan_vocabulary: bool = Field(False, description="true：台湾版同时替换用语（s2twp）")


class Rule(Model):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    phrase: Text
    zh_Hant_TW: Text = Field(alias="zh-Hant-TW")
    zh_Hant_HK: Text = Field(alias="zh-Hant-HK")
    reason: Text
    article: Slug | None = None
    quote: QuoteField | None = None

    @model_validator(mode="after")
    def _forms_are_text(self) -> Rule:
        # A form replaces the phrase inside the text: same length (so that marks keep their
        # places) and no character that means something in HTML or Markdown.
        for name, form in (("zh-Hant-TW", self.zh_Hant_TW), ("zh-Hant-HK", self.zh_Hant_HK)):
            bad = sorted({c for c in form if c in MARKUP_CHARS or not c.isprintable()})
            if bad:
                raise ValueError(f"the form `{name}` may hold text only, not {' '.join(map(repr, bad))}")
            if len(form) != len(self.phrase):
                raise ValueError(f"the form `{name}` must have as many characters as the phrase "
                                 f"({len(self.phrase)}), not {len(form)}")
        return self

    def form(self, variant: str) -> str:
        return self.zh_Hant_TW if variant == "zh-Hant-TW" else self.zh_Hant_HK


class VariantsFile(Model):
    settings: VariantSettings = Field(default_factory=VariantSettings)
    rules: list[Rule] = Field(default_factory=list)


# --- pinyin.yml ---------------------------------------------------------------------

_SYLLABLE = re.compile(r"^[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+$")
HAN = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


class Reading(Model):
    """The reading of a phrase wherever it stands: a name, or a word pypinyin reads wrongly."""

    phrase: Text = Field(description="原文中的词语或短语（简体）")
    reading: Text = Field(description="带声调的拼音，每个汉字一个音节，用空格分开，如 duàn bó lán zhèn")
    reason: Text = Field(description="为什么这样读；读音无法确定时写明")
    article: Slug | None = Field(None, description="只用于这一篇文章（可选）")
    uncertain: bool = Field(False, description="true：读音无法确定（如可有两种读法的名字），审核记录中标出")
    name: bool = Field(False, description="true：人名或地名，查词时作为一个词")

    @model_validator(mode="after")
    def _one_syllable_per_character(self) -> Reading:
        chars = re.findall(f"[{HAN}]", self.phrase)
        syllables = self.reading.split()
        bad = [s for s in syllables if not _SYLLABLE.match(s)]
        if bad:
            raise ValueError(f"not a pinyin syllable with a tone mark: {' '.join(bad)}")
        if len(syllables) != len(chars):
            raise ValueError(f"the phrase has {len(chars)} Chinese character(s) and the reading "
                             f"{len(syllables)} syllable(s); give one syllable per character")
        return self


class PinyinFile(Model):
    readings: list[Reading] = Field(default_factory=list)


FILE_MODELS: dict[str, type[Model]] = {
    "categories": CategoriesFile,
    "edition": EditionFile,
    "structure": StructureFile,
    "glossary": GlossaryFile,
    "figures": FiguresFile,
    "notes": NotesFile,
    "translation": TranslationFile,
    "variants": VariantsFile,
    "pinyin": PinyinFile,
}
