"""`edition diff BASE HEAD` — a Markdown summary of annotation changes for a reviewer.

Both revisions' data/ folders are taken out of git into temporary folders and read
with the same code as `edition check`; the summary lists glossary terms, figures,
repairs, variant rules and notes that were added, removed or changed (field by
field), the annotations whose place in the text moved, and the articles whose text
changed. A revision whose data has errors is reported with its diagnostics.
"""

from __future__ import annotations

import difflib
import html
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.diagnostics import Diagnostics, InvalidData, Severity
from generator.core.document import Edition, Occurrence
from generator.core.load import DataSet, load_all, load_model
from generator.core.models import EditionFile, Figure, Model, Note, PageRef, Repair, Rule, Term, VariantSettings, VariantsFile
from generator.pipeline import run
from generator.tools.variants_review import read_reviewed


class ReviewLine(Model):
    """One line of the review record of conversions (data/variants-reviewed.txt)."""

    line: str

SECTIONS = ("Edition and pages", "Glossary terms", "Figures", "Repairs", "Variant rules", "Notes",
            "Review record")
OCCURRENCE_SECTION = {"term": "Glossary terms", "figure": "Figures", "repair": "Repairs", "note": "Notes"}
LONG = 40  # values longer than this are shown old and new on lines of their own
LIST_LIMIT = 60  # entries per section before “… and N more”
ERROR_LIMIT = 50


# --- git -----------------------------------------------------------------------------


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError as err:
        raise ValueError("git is not installed") from err


def resolve(root: Path, rev: str) -> str:
    """The commit id of rev; ValueError with a clear message if there is none."""
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise ValueError(f"{root} is not a git repository")
    if not rev or rev.startswith("-"):
        raise ValueError(f"unknown revision `{rev}`")
    done = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise ValueError(f"unknown revision `{rev}`: no such commit, branch or tag in {root}")
    return done.stdout.decode().strip()


def materialise(root: Path, commit: str, dest: Path) -> None:
    """Write the data/ folder of commit into dest/data (nothing if that commit has none)."""
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    done = _git(root, "archive", "--format=tar", "--prefix=data/", f"{commit}:{prefix}data")
    dest.mkdir(parents=True, exist_ok=True)
    if done.returncode != 0:
        return
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(dest, filter=_regular_files)


def _regular_files(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """Files and folders only: a link in a revision's data/ is left out (the checks of that
    revision then report the file as missing), never followed or written."""
    if not (member.isfile() or member.isdir()):
        return None
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None


# --- one revision --------------------------------------------------------------------


@dataclass
class Snapshot:
    label: str
    errors: list[str] = field(default_factory=list)
    items: dict[str, dict[str, Model]] = field(default_factory=lambda: {s: {} for s in SECTIONS})
    edition: Edition | None = None


def _add(table: dict[str, Model], key: str, page: str, item: Model) -> None:
    table[f"{page}/{key}" if key in table else key] = item


def rule_key(rule: Rule) -> str:
    key = rule.phrase
    if rule.article:
        key += f" (in {rule.article})"
    if rule.quote:
        key += f" (at “{rule.quote.exact}”)"
    return key


def _collect(snap: Snapshot, data: DataSet) -> None:
    items = snap.items
    edition = data.edition.model
    items["Edition and pages"]["(edition)"] = edition.model_copy(update={"pages": []})
    for ref in edition.pages:
        _add(items["Edition and pages"], ref.id, "", ref)
    if data.glossary:
        for t in data.glossary.model.terms:
            _add(items["Glossary terms"], t.id, "", t)
    for page in data.pages():
        if page.structure:
            for r in page.structure.model.repairs:
                _add(items["Repairs"], r.id, page.id, r)
        if page.figures:
            for f in page.figures.model.figures:
                _add(items["Figures"], f.id, page.id, f)
        if page.notes:
            for n in page.notes.model.notes:
                _add(items["Notes"], n.id, page.id, n)


def _collect_rules(snap: Snapshot, root: Path) -> list[str]:
    """Read variants.yml (the edition build does not); return its errors."""
    diags = Diagnostics()
    loaded = load_model(root, "data/variants.yml", VariantsFile, "variants", diags, required=False)
    errors = [d.format(with_hint=False) for d in diags.sorted() if d.severity is Severity.ERROR]
    if loaded is None:
        return errors
    for rule in loaded.model.rules:
        _add(snap.items["Variant rules"], rule_key(rule), "", rule)
    snap.items["Variant rules"]["(settings)"] = loaded.model.settings
    return errors


def snapshot(root: Path, label: str) -> Snapshot:
    """Read the data under root the way `edition check` does; keep what loads, and the errors."""
    snap = Snapshot(label)
    data = load_all(root, Diagnostics())
    if data is not None:
        _collect(snap, data)
    rule_errors = _collect_rules(snap, root)
    for line in read_reviewed(root):
        snap.items["Review record"][line] = ReviewLine(line=line)
    try:
        snap.edition = run(root).edition
    except InvalidData as err:
        snap.errors = [d.format(with_hint=False) for d in err.diagnostics.sorted() if d.severity is Severity.ERROR]
    snap.errors += rule_errors
    return snap


# --- comparing -----------------------------------------------------------------------


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[tuple[str, Any, Any]]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _dump(item: Model) -> dict[str, Any]:
    return item.model_dump(by_alias=True)


def compare(old: dict[str, Model], new: dict[str, Model]) -> Changes:
    out = Changes()
    out.added = [k for k in new if k not in old]
    out.removed = [k for k in old if k not in new]
    for key in (k for k in new if k in old):
        before, after = _dump(old[key]), _dump(new[key])
        fields = [(name, before.get(name), after.get(name)) for name in dict.fromkeys([*before, *after])
                  if before.get(name) != after.get(name)]
        if fields:
            out.changed.append((key, fields))
    return out


Position = tuple[str, str, str, int]  # page, article, block anchor, offset in the block
Move = tuple[str, str, tuple[Position, ...], tuple[Position, ...]]  # kind, id, before, after


def _positions(occ: Sequence[Occurrence]) -> tuple[Position, ...]:
    return tuple((o.page, o.article, o.anchor, o.start) for o in occ)


def moved_anchors(old: Snapshot, new: Snapshot) -> list[Move]:
    """(kind, id, old positions, new positions) of annotations present in both revisions whose place differs."""
    assert old.edition is not None and new.edition is not None
    before, after = old.edition.occurrences, new.edition.occurrences
    out = []
    for kind, ident in sorted(set(before) | set(after)):
        section = OCCURRENCE_SECTION.get(kind)
        if section is None or ident not in old.items[section] or ident not in new.items[section]:
            continue
        a, b = _positions(before.get((kind, ident), ())), _positions(after.get((kind, ident), ()))
        if a != b:
            out.append((kind, ident, a, b))
    return out


def _block_texts(edition: Edition) -> dict[tuple[str, str], list[str]]:
    return {(p.ref.id, a.id): [b.text for b in a.blocks] for p in edition.pages for a in p.articles}


def changed_texts(old: Edition, new: Edition) -> list[str]:
    """One line per article whose text differs: how many of its blocks changed, and where."""
    before, after = _block_texts(old), _block_texts(new)
    lines = []
    for key in [*after, *(k for k in before if k not in after)]:
        page, art = key
        if key not in before:
            lines.append(f"`{art}` ({page}): new article, {len(after[key])} paragraph(s)")
            continue
        if key not in after:
            lines.append(f"`{art}` ({page}): article removed")
            continue
        a, b = before[key], after[key]
        if a == b:
            continue
        ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        count = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
        anchors = [blk.anchor for (tag, _, _, j1, j2) in ops if tag != "equal"
                   for blk in new.article(page, art).blocks[j1:j2]]
        where = f" ({', '.join(anchors[:10])}{', …' if len(anchors) > 10 else ''})" if anchors else ""
        lines.append(f"`{art}` “{md(new.article(page, art).headline)}”: {count} paragraph(s) changed{where}")
    return lines


# --- Markdown ------------------------------------------------------------------------


# Characters that make inline Markdown or HTML (links, images, emphasis, code, tables,
# math, tags, entities) — never at a line's start here, so block syntax needs nothing.
_INLINE = {ord(c): f"&#{ord(c)};" for c in "\\`*_[](){}!<>&|~$\"'"}


def md(value: str) -> str:
    """Text from a pull request, inert in the job summary: one line, every character that
    Markdown or HTML could read as syntax written as a character reference."""
    return value.replace("\r", "").replace("\n", "⏎").translate(_INLINE)


def code(value: str) -> str:
    """A revision's name in a code span, when it is a plain name; else escaped text."""
    return f"`{value}`" if re.fullmatch(r"[A-Za-z0-9._/@^~() -]{1,100}", value) else md(value)


def _text(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return md(value) if value else "(empty)"
    if isinstance(value, dict):
        if "exact" in value:  # a quote
            pre, suf = value.get("prefix") or "", value.get("suffix") or ""
            return md(f"{pre + '[' if pre else ''}{value['exact']}{']' + suf if suf else ''}")
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) if value else "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(item: Model) -> str:
    """One line naming an annotation and its substance."""
    if isinstance(item, Term):
        return f"**{md(item.term)}** (`{item.id}`, {md(item.category)}): {_text(item.definition)}"
    if isinstance(item, Figure):
        value = _text(item.value) + md(item.unit or "") if item.value is not None else _text(item.date)
        return f"`{item.id}` in {item.article}: “{md(item.quote.exact)}” = {value} ({item.qualifier}); " \
               f"{_text(item.measures)}, {_text(item.period)}"
    if isinstance(item, Repair):
        return f"`{item.id}` ({item.kind}) at “{md(item.before)}|{md(item.insert)}|{md(item.after)}”: {_text(item.reason)}"
    if isinstance(item, Rule):
        return (f"{md(item.phrase)} → {md(item.zh_Hant_TW)} (zh-Hant-TW) / {md(item.zh_Hant_HK)} (zh-Hant-HK): "
                f"{_text(item.reason)}")
    if isinstance(item, Note):
        return f"`{item.id}` on “{md(item.quote.exact)}”: {_text(item.text)}"
    if isinstance(item, PageRef):
        return f"`{item.id}` {md(item.paper)} {item.date}: {md(item.title)} ({md(item.source)})"
    if isinstance(item, EditionFile):
        return f"title: {_text(item.title)}; description: {_text(item.description)}"
    if isinstance(item, ReviewLine):
        return md(item.line)
    if isinstance(item, VariantSettings):
        return f"settings: {_text(_dump(item))}"
    return _text(_dump(item))


def _title(key: str, item: Model) -> str:
    if isinstance(item, Term):
        return f"**{md(item.term)}** (`{item.id}`)"
    return f"**{md(key)}**" if isinstance(item, Rule) else f"`{key}`"


def _field_lines(name: str, old: Any, new: Any) -> list[str]:
    a, b = _text(old), _text(new)
    if len(a) <= LONG and len(b) <= LONG:
        return [f"  - `{name}`: {a} → {b}"]
    return [f"  - `{name}`:", f"    - old: {a}", f"    - new: {b}"]


def _bullets(lines: list[str], limit: int = LIST_LIMIT) -> list[str]:
    """A bullet list (capped at limit entries) and a blank line after it."""
    shown = [f"- {line}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"- … and {len(lines) - limit} more")
    return [*shown, ""]


def section_lines(name: str, changes: Changes, old: dict[str, Model], new: dict[str, Model]) -> list[str]:
    out = [f"### {name}", ""]
    if changes.added:
        out += [f"Added ({len(changes.added)}):", ""]
        out += _bullets([describe(new[k]) for k in changes.added])
    if changes.removed:
        out += [f"Removed ({len(changes.removed)}):", ""]
        out += _bullets([describe(old[k]) for k in changes.removed])
    if changes.changed:
        out += [f"Changed ({len(changes.changed)}):", ""]
        for key, fields in changes.changed:
            out.append(f"- {_title(key, new[key])}")
            for fname, a, b in fields:
                out += _field_lines(fname, a, b)
        out.append("")
    return out


def _where(positions: Iterable[Position], limit: int = 5) -> str:
    shown = [f"{art}#{anchor}:{start}" for _, art, anchor, start in positions]
    if not shown:
        return "(nowhere)"
    return ", ".join(shown[:limit]) + (f" (+{len(shown) - limit})" if len(shown) > limit else "")


def describe_move(old: tuple[Position, ...], new: tuple[Position, ...]) -> str:
    """`article#anchor:offset` before → after; for several places, which were lost and gained."""
    if len(old) <= 1 and len(new) <= 1:
        return f"{_where(old)} → {_where(new)}"
    parts = []
    if gone := [p for p in old if p not in new]:
        parts.append(f"no longer at {_where(gone)}")
    if came := [p for p in new if p not in old]:
        parts.append(f"now at {_where(came)}")
    return "; ".join(parts) + f" ({len(old)} → {len(new)} places)"


def _table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    out = ["| | Added | Removed | Changed |", "|---|---:|---:|---:|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return [*out, ""]


def _errors(role: str, snap: Snapshot) -> list[str]:
    out = [f"### ⚠️ {role} {code(snap.label)} has {len(snap.errors)} data error(s)", "", "<pre>"]
    out += [html.escape(e.replace("\r", "")) for e in snap.errors[:ERROR_LIMIT]]
    if len(snap.errors) > ERROR_LIMIT:
        out.append(f"… and {len(snap.errors) - ERROR_LIMIT} more")
    return [*out, "</pre>", ""]


def render(base: Snapshot, head: Snapshot) -> str:
    out = [f"## Annotation changes: {code(base.label)} → {code(head.label)}", ""]
    for role, snap in (("base", base), ("head", head)):
        if snap.errors:
            out += _errors(role, snap)
    changes = {s: compare(base.items[s], head.items[s]) for s in SECTIONS}
    moved: list[Move] = []
    texts: list[str] = []
    built = base.edition is not None and head.edition is not None
    if base.edition is not None and head.edition is not None:
        moved, texts = moved_anchors(base, head), changed_texts(base.edition, head.edition)
    if not any(changes.values()) and not moved and not texts:
        out += ["No annotation changes.", ""]
        if not built:
            out += ["(Anchors and page text were not compared: a revision has data errors.)", ""]
        return "\n".join(out)
    rows = [(s, str(len(c.added)), str(len(c.removed)), str(len(c.changed))) for s, c in changes.items()]
    rows += [("Anchors that moved", "", "", str(len(moved)) if built else "n/a"),
             ("Articles whose text changed", "", "", str(len(texts)) if built else "n/a")]
    out += _table(rows)
    for name, ch in changes.items():
        if ch:
            out += section_lines(name, ch, base.items[name], head.items[name])
    out += _tail(built, moved, texts)
    return "\n".join(out).rstrip("\n") + "\n"


def _tail(built: bool, moved: list[Move], texts: list[str]) -> list[str]:
    if not built:
        return ["### Anchors and page text", "", "Not compared: a revision has data errors.", ""]
    out: list[str] = []
    if moved:
        out += ["### Anchors that moved", ""]
        out += _bullets([f"{kind} `{ident}`: {describe_move(a, b)}" for kind, ident, a, b in moved])
    if texts:
        out += ["### Pages whose text changed", ""]
        out += _bullets(texts)
    return out


def diff_revisions(root: Path, base: str, head: str) -> str:
    """The Markdown summary of what changed in the annotations from base to head."""
    commits = [resolve(root, rev) for rev in (base, head)]
    snaps = []
    with tempfile.TemporaryDirectory(prefix="edition-diff-") as tmp:
        for rev, commit in zip((base, head), commits, strict=True):
            where = Path(tmp) / commit
            if not where.exists():
                materialise(root, commit, where)
            label = commit[:8] if commit.startswith(rev) else f"{rev} ({commit[:8]})"
            snaps.append(snapshot(where, label))
    return render(snaps[0], snaps[1])

