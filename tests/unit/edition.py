"""A small edition made from a few lines of YAML, for fast tests of the core.

`structure(...)` gives a validated structure model without touching the disk (for
segment and anchor); `make_edition(...)` writes the files into a temporary root, with
the schema line every data file needs, and runs the core on them.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.core.anchor import PageText
from generator.core.assemble import build_edition
from generator.core.diagnostics import Diagnostics, InvalidData
from generator.core.document import Edition
from generator.core.load import schema_ref
from generator.core.models import StructureFile
from generator.core.segment import RawArticle, segment
from generator.core.yamlio import SCHEMA_LINE, Positions

PAGE = "p1"
SOURCE_REL = f"data/source/{PAGE}.txt"
STRUCTURE_REL = f"data/{PAGE}/structure.yml"

EDITION_YML = f"""\
title: 单元测试
description: 几行数据做成的版本。
pages:
  - id: {PAGE}
    source: source/{PAGE}.txt
    paper: 青岛日报
    date: "2021-08-16"
    title: 测试页
"""

CATEGORIES_YML = """\
categories:
  - name: 城市治理
  - name: 地名
"""


def _yaml(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def structure(text: str) -> StructureFile:
    """A structure file's model from YAML (dedented), validated; positions are not kept."""
    return StructureFile.model_validate(yaml.safe_load(_yaml(text)))


def split(source: str, structure_yml: str) -> tuple[list[RawArticle], Diagnostics]:
    """The source cut into articles and blocks by the structure, with what went wrong."""
    diags = Diagnostics()
    raw = segment(source, structure(structure_yml), Positions(STRUCTURE_REL), SOURCE_REL, diags)
    return raw, diags


def page_text(source: str, structure_yml: str) -> PageText:
    raw, diags = split(source, structure_yml)
    assert not diags.items, diags.report()
    return PageText(raw)


def write(root: Path, rel: str, yml: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = path.name.removesuffix(".yml")
    path.write_text(SCHEMA_LINE.format(schema=schema_ref(rel, kind)) + "\n" + _yaml(yml), encoding="utf-8")


def write_edition(root: Path, *, source: str, structure: str, glossary: str | None = None,
                  figures: str | None = None, notes: str | None = None, variants: str | None = None,
                  categories: str = CATEGORIES_YML) -> Path:
    """Write an edition of one page into root/data: the source text as given, YAML dedented."""
    src = root / SOURCE_REL
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text(source, encoding="utf-8")
    write(root, "data/edition.yml", EDITION_YML)
    write(root, "data/categories.yml", categories)
    write(root, STRUCTURE_REL, structure)
    for rel, yml in (("data/glossary.yml", glossary), (f"data/{PAGE}/figures.yml", figures),
                     (f"data/{PAGE}/notes.yml", notes), ("data/variants.yml", variants)):
        if yml is not None:
            write(root, rel, yml)
    return root


@dataclass(frozen=True)
class Result:
    edition: Edition | None
    diagnostics: Diagnostics

    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics.sorted()]


def make_edition(root: Path, *, source: str, structure: str, **files: str) -> Result:
    """Load, validate and anchor the edition written from the texts (see write_edition)."""
    write_edition(root, source=source, structure=structure, **files)
    try:
        edition, diags = build_edition(root)
    except InvalidData as err:
        return Result(None, err.diagnostics)
    return Result(edition, diags)
