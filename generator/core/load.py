"""Load the data files and validate them against the models, keeping positions."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from generator.core.diagnostics import Diagnostic, Diagnostics
from generator.core.files import MAX_SOURCE_BYTES, read_confined
from generator.core.models import (
    CategoriesFile,
    EditionFile,
    FiguresFile,
    GlossaryFile,
    Model,
    NotesFile,
    PageRef,
    StructureFile,
    TranslationFile,
    VariantsFile,
    model_in,
)
from generator.core.yamlio import Positions, YamlDoc, check_bytes, parse_yaml, read_yaml_bytes

M = TypeVar("M", bound=Model)

_TYPE_NAMES = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number",
    "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "int_parsing": "a whole number", "float_parsing": "a number",
    "bool_parsing": "true or false", "model_attributes_type": "a mapping",
}


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated file: its model, and where each of its values stands."""

    model: M
    positions: Positions


def schema_ref(rel: str, kind: str) -> str:
    depth = rel.count("/")
    return "../" * depth + f"schema/{kind}.schema.json"


def load_model(root: Path, rel: str, model: type[M], kind: str, diags: Diagnostics,
               required: bool = True) -> Loaded[M] | None:
    path = root / rel
    if not required and not path.exists() and not path.is_symlink():
        return None
    raw = read_yaml_bytes(root, rel, diags)
    if raw is None:
        return None
    loaded, found = _parsed(rel, kind, model, raw)
    diags.items.extend(found)
    return loaded


# Remembered by the file's bytes: a process that runs the core again after a save
# (`edition serve`) parses and validates only the files that changed. Bounded, so that a
# long series read once never holds every page's parsed files.
@lru_cache(maxsize=64)
def _parsed(rel: str, kind: str, model: type[M], raw: bytes) -> tuple[Loaded[M] | None, tuple[Diagnostic, ...]]:
    """The file's validated model (None if it has errors) and its diagnostics."""
    found = Diagnostics()
    doc = parse_yaml(raw, rel, found, schema=schema_ref(rel, kind))
    return (None if doc is None else validate(doc, model, found)), tuple(found.items)


def validate(doc: YamlDoc, model: type[M], diags: Diagnostics) -> Loaded[M] | None:
    if not isinstance(doc.data, dict):
        diags.add(doc.positions.at(()), "V003", field="(file)", expected="a mapping",
                  found=type(doc.data).__name__)
        return None
    try:
        return Loaded(model.model_validate(doc.data), doc.positions)
    except ValidationError as err:
        report_validation(err, doc, diags, model)
        return None


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Keep the parts of a pydantic error location that are keys or indices of the data."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int) and part < len(node)):
            node = node[part]
            out.append(part)
        elif isinstance(node, dict) and part not in node and isinstance(part, str) and not out_of_model(part):
            out.append(part)  # a missing key (`zh-Hant-TW` included): keep it to name it
            node = None
    return tuple(out)


def out_of_model(part: str) -> bool:
    """Parts of pydantic's error locations that name no key: a union member, a validator."""
    return part.startswith(("function-", "union[", "tagged-union[")) or "[" in part


def known_fields(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The field names (as written in the files) of the entry at path in a file of model."""
    cls: type[BaseModel] | None = model
    for part in path:
        if isinstance(part, int) or cls is None:
            continue
        field = next((f for name, f in cls.model_fields.items() if part in (name, f.alias)), None)
        cls = model_in(field.annotation) if field is not None else None
    return [f.alias or name for name, f in cls.model_fields.items()] if cls is not None else []


def suggestion(name: str, model: type[BaseModel], path: tuple[str | int, ...]) -> str:
    close = difflib.get_close_matches(name, known_fields(model, path), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def report_validation(err: ValidationError, doc: YamlDoc, diags: Diagnostics,
                      model: type[BaseModel] | None = None) -> None:
    seen: set[tuple[tuple[str | int, ...], str]] = set()
    for e in err.errors(include_url=False):
        path = _data_path(tuple(e["loc"]), doc.data)
        kind = e["type"]
        key = (path, kind if kind in ("missing", "extra_forbidden") else "value")
        if key in seen:
            continue
        seen.add(key)
        name = str(path[-1]) if path else "(file)"
        if kind == "missing":
            diags.add(doc.positions.at(path[:-1]), "V001", detail=name)
        elif kind == "extra_forbidden":
            hint = suggestion(name, model, path[:-1]) if model is not None else ""
            diags.add(doc.positions.at(path, prefer_key=True), "V002", detail=name, suggestion=hint)
        elif kind in _TYPE_NAMES:
            found = _found(doc.data, path)
            diags.add(doc.positions.at(path), "V003", field=_dotted(path),
                      expected=_TYPE_NAMES[kind], found=found)
        elif kind == "string_pattern_mismatch" and path and path[-1] == "url":
            diags.add(doc.positions.at(path), "V005", detail=str(e.get("input")))
        else:
            msg = e["msg"].removeprefix("Value error, ")
            diags.add(doc.positions.at(path), "V004", field=_dotted(path), detail=msg)


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[") or "(file)"


def _found(data: Any, path: tuple[str | int, ...]) -> str:
    node = data
    for p in path:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return "nothing"
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
             float: "a number", type(None): "an empty value"}
    return f"{names.get(type(node), type(node).__name__)} `{node}`" if isinstance(node, (str, int, float)) \
        and not isinstance(node, bool) else names.get(type(node), type(node).__name__)


def read_source(root: Path, rel: str, diags: Diagnostics) -> str | None:
    raw = read_confined(root, rel, diags, MAX_SOURCE_BYTES)
    return None if raw is None else check_bytes(raw, rel, diags)


@dataclass(frozen=True)
class PageFiles:
    id: str
    source: str
    structure: Loaded[StructureFile] | None
    figures: Loaded[FiguresFile] | None
    notes: Loaded[NotesFile] | None
    translation: Loaded[TranslationFile] | None
    readable: bool  # every file of the page was read and validated without an error


class UnknownPage(ValueError):
    """A page asked for by its id (the preview of one page) that data/edition.yml does not list."""

    def __init__(self, page: str, known: list[str]) -> None:
        self.page, self.known = page, known
        shown = ", ".join(known[:5])
        if len(known) > 5:
            shown += f" … {known[-1]} ({len(known)} pages)"
        close = difflib.get_close_matches(page, known, n=1, cutoff=0.6)
        self.likely = close[0] if close else known[0]  # the id to suggest
        hint = f"; did you mean `{close[0]}`?" if close else "."
        super().__init__(f"no page `{page}` in data/edition.yml{hint} Its pages: {shown}")


@dataclass(frozen=True)
class DataSet:
    """The files shared by the whole series, and a way to read each page's own files."""

    root: Path
    diags: Diagnostics
    edition: Loaded[EditionFile]  # with only the one page when `only` is set
    categories: Loaded[CategoriesFile] | None
    glossary: Loaded[GlossaryFile] | None
    variants: Loaded[VariantsFile] | None
    only: str | None = None  # the id of the one page read (a preview), or None for the whole series

    def pages(self) -> Iterator[PageFiles]:
        """Each page's files, read when the caller reaches that page, so that a long series
        never holds every page's parsed YAML and positions at once. Every call reads (and
        reports) afresh."""
        for ref in self.edition.model.pages:
            yield load_page(self.root, ref, self.diags)


def load_page(root: Path, ref: PageRef, diags: Diagnostics) -> PageFiles:
    before = len(diags.errors)
    src = read_source(root, f"data/{ref.source}", diags)
    base = f"data/{ref.id}"
    structure = load_model(root, f"{base}/structure.yml", StructureFile, "structure", diags)
    figures = load_model(root, f"{base}/figures.yml", FiguresFile, "figures", diags, required=False)
    notes = load_model(root, f"{base}/notes.yml", NotesFile, "notes", diags, required=False)
    translation = load_model(root, f"{base}/translation.yml", TranslationFile, "translation", diags, required=False)
    readable = structure is not None and len(diags.errors) == before
    return PageFiles(ref.id, src or "", structure, figures, notes, translation, readable)


def load_all(root: Path, diags: Diagnostics, only: str | None = None) -> DataSet | None:
    """Read and validate the series-wide data files; None if the edition file is unusable.
    The pages' own files are read by DataSet.pages().

    With `only`, the series is that one page: the other pages' files are never opened, so
    their cost (and their errors) stay out of a preview of one page. Raises UnknownPage if
    the edition lists no page with that id."""
    edition = load_model(root, "data/edition.yml", EditionFile, "edition", diags)
    if edition is None:
        return None
    if only is not None:
        refs = [ref for ref in edition.model.pages if ref.id == only]
        if not refs:
            raise UnknownPage(only, [ref.id for ref in edition.model.pages])
        # The file's positions stay those of the whole file: what points into it still
        # names its real lines.
        edition = Loaded(edition.model.model_copy(update={"pages": refs}), edition.positions)
    return DataSet(
        root=root,
        diags=diags,
        edition=edition,
        categories=load_model(root, "data/categories.yml", CategoriesFile, "categories", diags),
        glossary=load_model(root, "data/glossary.yml", GlossaryFile, "glossary", diags, required=False),
        variants=load_model(root, "data/variants.yml", VariantsFile, "variants", diags, required=False),
        only=only,
    )
