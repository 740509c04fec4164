"""What a reader needs to cite an article or a paragraph, and what reference managers read.

Only what the page gives: the newspaper, the date, the authors as the byline prints them
(reporters and correspondents, in its order), the headline (and its English from the
translation, where there is one), the article's path in this edition and its paragraph
anchors, and the edition's own version. No page number: the source text does not give
one. The reader's script formats GB/T 7714-2015, APA 7, Chicago, BibTeX and CSL-JSON
from this record, with the address it is read at and the day of access.
"""

from __future__ import annotations

import json
from typing import Any

from generator.core.document import Article, Edition, Page

PUBLISHER_EN = {"青岛日报": "Qingdao Daily"}


def authors(article: Article) -> list[dict[str, str]]:
    return [{"name": name, "role": role} for b in article.blocks if b.type == "byline" for role, name in b.credits]


def record(edition: Edition, page: Page, article: Article, path: str, version: str) -> dict[str, Any]:
    """The citation record of an article, from the Simplified edition (titles as printed)."""
    headline = next((b for b in article.blocks if b.type == "headline"), None)
    return {
        "id": f"{page.ref.id}-{article.id}",
        "newspaper": page.ref.paper,
        "newspaper_en": PUBLISHER_EN.get(page.ref.paper, ""),
        "date": page.ref.date,
        "authors": authors(article),
        "title": headline.text if headline else article.id,
        "title_en": headline.english if headline else "",
        "path": path,
        "paragraphs": [b.number for b in article.blocks if b.number],
        "edition": edition.title,
        "version": version,
    }


def json_ld(rec: dict[str, Any], language: str) -> dict[str, Any]:
    """schema.org NewsArticle for search engines and reference managers (Zotero reads it)."""
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": rec["title"],
        "datePublished": rec["date"],
        "inLanguage": language,
        "author": [{"@type": "Person", "name": a["name"], "jobTitle": a["role"]} for a in rec["authors"]],
        "publisher": {"@type": "Organization", "name": rec["newspaper"]},
        "isBasedOn": {"@type": "PublicationIssue", "name": rec["newspaper"], "datePublished": rec["date"]},
        "isPartOf": {"@type": "CreativeWork", "name": rec["edition"], "version": rec["version"]},
    }
    if rec["title_en"]:
        out["workTranslation"] = {"@type": "CreativeWork", "inLanguage": "en", "headline": rec["title_en"]}
    return out


def script_json(value: Any) -> str:
    """JSON that can stand inside a <script> element: no `<`, `>` or `&` to end it or open markup."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
