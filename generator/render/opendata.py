"""The figures and the glossary as open data: CSV and JSON with a Frictionless data package.

One row per figure and per glossary term of the whole series, with the fields of the
data files and where each stands (article, paragraph, anchor, address in the edition),
in the Simplified text the annotations quote. The bytes depend only on the data: rows
in data order, fixed field order, LF line ends.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from generator.core import safe_text
from generator.core.document import Edition
from generator.core.numbers import KIND

FOLDER = "downloads"
LICENCE = {"name": "MIT", "title": "MIT License, as the repository's annotations"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless Table Schema type
    description: str
    required: bool = False


FIGURE_COLUMNS = [
    Column("id", "string", "The figure's id in figures.yml", True),
    Column("page", "string", "The newspaper page (its id in edition.yml)", True),
    Column("newspaper", "string", "The newspaper", True),
    Column("published", "date", "The page's date", True),
    Column("article", "string", "The article's id", True),
    Column("headline", "string", "The article's headline as printed", True),
    Column("paragraph", "integer", "The ¶ number of the paragraph where the figure stands (empty in headings)"),
    Column("anchor", "string", "The anchor of the block in the article page", True),
    Column("quote", "string", "The figure as printed", True),
    Column("value", "number", "The value, normalised (a range's lower end)"),
    Column("value_max", "number", "A range's upper end"),
    Column("unit", "string", "The unit"),
    Column("qualifier", "string", "exact, approx, nearly, more_than, at_least, at_most", True),
    Column("inferred", "boolean", "What the figure measures is the editors' inference (see their note)", True),
    Column("measures", "string", "What the figure measures", True),
    Column("period", "string", "The period it refers to", True),
    Column("kind", "string", "result, target, deadline, share, growth, ratio, price, rank or duration", True),
    Column("kind_zh", "string", "The kind, in Chinese as the site shows it", True),
    Column("category", "string", "The category (categories.yml)", True),
    Column("deadline", "string", "For a deadline: the date (YYYY-MM or YYYY-MM-DD)"),
    Column("related", "string", "Ids of related figures, separated by ;"),
    Column("url", "string", "The place in the Simplified edition, relative to the site's root", True),
]
TERM_COLUMNS = [
    Column("id", "string", "The term's id in glossary.yml", True),
    Column("term", "string", "The term as printed", True),
    Column("aliases", "string", "Other forms in the text, separated by ;"),
    Column("pinyin", "string", "Pinyin with tone marks", True),
    Column("english", "string", "English gloss"),
    Column("category", "string", "The category (categories.yml)", True),
    Column("definition", "string", "The editors' definition (plain text)", True),
    Column("sources", "string", "Sources named by the editors, separated by ;"),
    Column("occurrences", "integer", "How many times the term is marked in the text", True),
    Column("first_url", "string", "Its first place in the Simplified edition, relative to the site's root"),
    Column("url", "string", "Its entry in the glossary, relative to the site's root", True),
]


def figure_rows(edition: Edition) -> Iterator[dict[str, Any]]:
    for page in edition.pages:
        for fig in page.figures:
            occ = edition.occurrences.get(("figure", fig.id), ())
            article = edition.article(page.ref.id, fig.article)
            anchor = occ[0].anchor if occ else ""
            yield {
                "id": fig.id, "page": page.ref.id, "newspaper": page.ref.paper, "published": page.ref.date,
                "article": fig.article, "headline": article.headline,
                "paragraph": occ[0].number if occ and occ[0].number else None, "anchor": anchor,
                "quote": fig.quote.exact, "value": fig.value, "value_max": fig.value_max,
                "unit": fig.unit, "qualifier": fig.qualifier, "inferred": fig.inferred, "measures": fig.measures, "period": fig.period,
                "kind": fig.kind, "kind_zh": KIND.get(fig.kind, fig.kind), "category": fig.category,
                "deadline": fig.date, "related": ";".join(fig.related),
                "url": f"{page.ref.id}/{fig.article}/index.html#{anchor}",
            }


def term_rows(edition: Edition) -> list[dict[str, Any]]:
    rows = []
    for t in edition.terms:
        occ = edition.occurrences.get(("term", t.id), ())
        rows.append({
            "id": t.id, "term": t.term, "aliases": ";".join(t.aliases), "pinyin": edition.pinyin[t.id],
            "english": t.english, "category": t.category, "definition": safe_text.plain(t.definition),
            "sources": ";".join(s.title for s in t.sources), "occurrences": len(occ),
            "first_url": f"{occ[0].page}/{occ[0].article}/index.html#{occ[0].anchor}" if occ else None,
            "url": f"glossary/index.html#{t.id}",
        })
    return rows


def _write_csv(out: TextIO, columns: list[Column], rows: Iterable[dict[str, Any]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow(["" if row[c.name] is None else _cell(row[c.name]) for c in columns])


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _write_json(out: TextIO, rows: Iterable[dict[str, Any]]) -> None:
    """The rows as json.dumps(list, indent=1) writes them, a row at a time."""
    first = True
    for row in rows:
        # A row as an item of a list: json.dumps([row]) without the list's brackets.
        out.write("[\n" if first else ",\n")
        out.write(json.dumps([row], ensure_ascii=False, indent=1)[2:-2])
        first = False
    out.write("[]\n" if first else "\n]\n")


def _schema(columns: list[Column]) -> dict[str, Any]:
    return {"fields": [{"name": c.name, "type": c.type, "description": c.description,
                        **({"constraints": {"required": True}} if c.required else {})} for c in columns],
            "primaryKey": ["id"]}


NAMES = ("figures.csv", "figures.json", "glossary.csv", "glossary.json", "datapackage.json")


def files(edition: Edition) -> dict[str, str]:
    """The downloads, by file name."""
    made = {}
    for name in NAMES:
        out = io.StringIO()
        _write(name, edition, out)
        made[name] = out.getvalue()
    return made


def write_files(edition: Edition, folder: Path) -> None:
    """The downloads written into folder, a row at a time: a long series' rows and files
    are hundreds of megabytes in memory."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        with (folder / name).open("w", encoding="utf-8", newline="") as out:
            _write(name, edition, out)


def _write(name: str, edition: Edition, out: TextIO) -> None:
    if name == "figures.csv":
        _write_csv(out, FIGURE_COLUMNS, figure_rows(edition))
    elif name == "figures.json":
        _write_json(out, figure_rows(edition))
    elif name == "glossary.csv":
        _write_csv(out, TERM_COLUMNS, term_rows(edition))
    elif name == "glossary.json":
        _write_json(out, term_rows(edition))
    else:
        out.write(json.dumps(_package(edition), ensure_ascii=False, indent=1) + "\n")


def _package(edition: Edition) -> dict[str, Any]:
    pages = ", ".join(f"{p.ref.paper} {p.ref.date}" for p in edition.pages)
    return {
        "name": "qingdao-edition",
        "title": edition.title,
        "description": (f"The figures and the glossary of the annotated edition of {pages}: what each number "
                        "measures, and what each term means. Quotes are from the newspaper's text; the "
                        "annotations are the editors'."),
        "licenses": [LICENCE],
        "sources": [{"title": f"{p.ref.paper} {p.ref.date}"} for p in edition.pages],
        "resources": [
            {"name": "figures", "path": "figures.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "profile": "tabular-data-resource", "schema": _schema(FIGURE_COLUMNS)},
            {"name": "glossary", "path": "glossary.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "profile": "tabular-data-resource", "schema": _schema(TERM_COLUMNS)},
        ],
    }
