"""Select to annotate: a passage chosen in the page becomes an entry in the right data file.

The reader's browser sends where the selection stands (page, article, block anchor,
offsets in the block's text — the same in every script edition, since conversion keeps
the length) and what a person must write (a definition, what a number measures, a note,
the forms per script). The quote is computed here, never typed: `exact`, with a prefix
or a suffix only when the passage occurs more than once in its article. The entry is
added to its file in canonical form. The preview calls this directly; on the public site
a GitHub issue form carries the same request to a workflow that runs `edition annotate`.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.core.anchor import slug
from generator.core.document import Article, Block, Edition
from generator.core.files import confined, write_atomic
from generator.core.load import schema_ref
from generator.core.models import Quote
from generator.core.quotes import is_unique
from generator.pipeline import run

KINDS = {  # kind → (file, top-level list, fields a person writes)
    "term": ("data/glossary.yml", "terms", ("category", "definition", "english")),
    "figure": ("data/{page}/figures.yml", "figures", ("value", "unit", "qualifier", "measures", "period", "kind",
                                                      "category")),
    "note": ("data/{page}/notes.yml", "notes", ("text",)),
    "rule": ("data/variants.yml", "rules", ("zh-Hant-TW", "zh-Hant-HK", "reason", "scope")),
}
MAX_AFFIX = 24


class BadRequest(ValueError):
    """A request that names no passage of the text, or lacks what its kind needs."""


@dataclass(frozen=True)
class Request:
    kind: str
    page: str
    article: str
    block: str
    start: int
    end: int
    fields: dict[str, str]

    @classmethod
    def parse(cls, raw: Any) -> Request:
        if not isinstance(raw, dict):
            raise BadRequest("the request must be a JSON object")
        if raw.get("kind") == "repair":
            raise BadRequest("a repair changes the division of the text: the report is for the editors to act on")
        try:
            req = cls(kind=str(raw["kind"]), page=str(raw["page"]), article=str(raw["article"]),
                      block=str(raw["block"]), start=int(raw["start"]), end=int(raw["end"]),
                      fields={str(k): str(v).strip() for k, v in dict(raw.get("fields") or {}).items()})
        except (KeyError, TypeError, ValueError) as err:
            raise BadRequest(f"the request lacks or garbles {err}") from None
        if req.kind not in KINDS:
            raise BadRequest(f"unknown kind `{req.kind}`; one of {', '.join(KINDS)}")
        unknown = set(req.fields) - set(KINDS[req.kind][2]) - {"term"}
        if unknown:
            raise BadRequest(f"fields not used by a {req.kind}: {', '.join(sorted(unknown))}")
        return req


def _block(edition: Edition, req: Request) -> tuple[Article, Block, int]:
    for page in edition.pages:
        if page.ref.id != req.page:
            continue
        for article in page.articles:
            if article.id != req.article:
                continue
            at = 0
            for block in article.blocks:
                if block.anchor == req.block:
                    return article, block, at
                at += len(block.text) + 1
    raise BadRequest(f"no block `{req.block}` in article `{req.article}` of page `{req.page}`")


def selector(text: str, start: int, end: int) -> dict[str, str] | str:
    """The shortest text-quote selector of text[start:end] that matches once in text."""
    exact = text[start:end]
    if is_unique(text, Quote(exact=exact)):
        return exact
    for grow in range(1, MAX_AFFIX + 1):
        for before, after in ((grow, 0), (0, grow), (grow, grow)):
            prefix, suffix = text[max(0, start - before):start], text[end:end + after]
            if (before and "\n" in prefix) or (after and "\n" in suffix):
                continue
            if is_unique(text, Quote(exact=exact, prefix=prefix, suffix=suffix)):
                out = {"exact": exact}
                if prefix:
                    out["prefix"] = prefix
                if suffix:
                    out["suffix"] = suffix
                return out
    raise BadRequest(f"“{exact}” occurs too often in its article to be told apart by the words around it")


def _need(req: Request, *names: str) -> None:
    missing = [n for n in names if not req.fields.get(n)]
    if missing:
        raise BadRequest(f"a {req.kind} needs {', '.join(missing)}")


def _unique_id(base: str, taken: set[str]) -> str:
    ident, n = base or "entry", 2
    while ident in taken:
        ident = f"{base}-{n}"
        n += 1
    return ident


def make_entry(edition: Edition, req: Request, taken: set[str]) -> dict[str, Any]:
    """The new entry, in the order the canonical form writes its keys."""
    article, block, offset = _block(edition, req)
    if not 0 <= req.start < req.end <= len(block.text):
        raise BadRequest(f"the selection {req.start}–{req.end} is outside block `{req.block}`")
    exact = block.text[req.start:req.end]
    if "\n" in exact or not exact.strip():
        raise BadRequest("select a passage within one paragraph")
    text = "\n".join(b.text for b in article.blocks)
    quote = selector(text, offset + req.start, offset + req.end)
    f = req.fields
    if req.kind == "term":
        _need(req, "category", "definition")
        term = f.get("term") or exact
        entry: dict[str, Any] = {"id": _unique_id(slug(term), taken), "term": term, "category": f["category"],
                                 "definition": f["definition"]}
        if f.get("english"):
            entry["english"] = f["english"]
        return entry
    if req.kind == "figure":
        _need(req, "measures", "period", "kind", "category")
        entry = {"id": _unique_id(slug(f["measures"])[:40].rstrip("-"), taken), "article": article.id, "quote": quote}
        if f.get("value"):
            try:
                value = float(f["value"])
            except ValueError:
                raise BadRequest(f"the value `{f['value']}` is not a number") from None
            entry["value"] = int(value) if value.is_integer() else value
        if f.get("unit"):
            entry["unit"] = f["unit"]
        if f.get("qualifier") and f["qualifier"] != "exact":
            entry["qualifier"] = f["qualifier"]
        entry |= {"measures": f["measures"], "period": f["period"], "kind": f["kind"], "category": f["category"]}
        return entry
    if req.kind == "note":
        _need(req, "text")
        return {"id": _unique_id(f"note-{slug(exact)[:30].rstrip('-')}", taken), "article": article.id,
                "quote": quote, "text": f["text"]}
    _need(req, "zh-Hant-TW", "zh-Hant-HK", "reason")
    entry = {"phrase": exact, "zh-Hant-TW": f["zh-Hant-TW"], "zh-Hant-HK": f["zh-Hant-HK"], "reason": f["reason"]}
    scope = f.get("scope", "article")
    if scope in ("article", "occurrence"):
        entry["article"] = article.id
    if scope == "occurrence":
        entry["quote"] = quote
    return entry


def _ids(doc: Any, key: str) -> set[str]:
    items = doc.get(key) if isinstance(doc, dict) else None
    return {str(x.get("id")) for x in items or [] if isinstance(x, dict) and x.get("id")}


def add(root: Path, req: Request) -> tuple[str, dict[str, Any]]:
    """Write the entry into its file; returns the file (relative) and the entry."""
    from generator.tools.fmt import _yaml, format_text

    rel_tpl, key, _ = KINDS[req.kind]
    rel = rel_tpl.format(page=req.page)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", req.page):
        raise BadRequest(f"unknown page `{req.page}`")
    path = confined(root, rel)
    edition = run(root).edition
    y = _yaml()
    doc = (y.load(path.read_text(encoding="utf-8")) if path.exists() else None) or CommentedMap()
    entry = make_entry(edition, req, _ids(doc, key))
    items = doc.get(key)
    if items is None:
        items = CommentedSeq()
        doc[key] = items
    items.append(entry)
    kind = {"terms": "glossary", "figures": "figures", "notes": "notes", "rules": "variants"}[key]
    buf = io.StringIO()
    y.dump(doc, buf)
    body = buf.getvalue()
    head = f"# yaml-language-server: $schema={schema_ref(rel, kind)}\n"
    text = body if body.startswith("# yaml-language-server") else head + body
    write_atomic(path, format_text(text, rel).encode("utf-8"))
    return rel, entry


_FENCED = re.compile(r"```(?:json)?\s*\n(.*?)\n\s*```", re.S)


def request_from_issue(body: str) -> str:
    """The request JSON of an issue opened from the annotation form (its `render: json`
    field comes as a fenced block); the rest of the body is ignored."""
    match = _FENCED.search(body.replace("\r\n", "\n"))
    raw = match.group(1) if match else body.strip()
    if not raw.startswith("{"):
        raise BadRequest("the issue holds no request: open it from the page's ＋ 注释 button")
    return raw


def add_from_json(root: Path, raw: str) -> tuple[str, dict[str, Any]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise BadRequest(f"the request is not JSON: {err}") from None
    return add(root, Request.parse(data))
