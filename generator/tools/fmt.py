"""`edition fmt` — rewrite the data YAML in one canonical form, keeping comments.

The canonical form: keys in the order the model declares its fields (unknown keys
after them, as they were); two-space indentation, list dashes two spaces under their
key; no line folding; quotes as written, except that single quotes become double
quotes; full-line comments indented like the line they precede, end-of-line comments
two spaces after their value; no runs of blank lines; the schema line first and one
newline at the end.

The file is parsed and dumped with ruamel.yaml in round-trip mode, so comments, flow
lists and block scalars (`>-`) survive. A result that would read differently from the
original (checked with a plain YAML load) is never written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from generator.core.diagnostics import Diagnostics, Location
from generator.core.files import write_atomic, yaml_files
from generator.core.load import schema_ref
from generator.core.models import FILE_MODELS, model_in
from generator.core.yamlio import SCHEMA_LINE

WIDTH = 4096
SCHEMA_PREFIX = "# yaml-language-server:"
_FAST: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


def _yaml() -> YAML:
    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = WIDTH
    return y


# --- key order -------------------------------------------------------------------------


def _fields(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """The model's keys as written in YAML (aliases), in declaration order, with their nested model."""
    return {(info.alias or name): model_in(info.annotation) for name, info in model.model_fields.items()}


def _is_block(node: Any) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and len(node) > 0 and not node.fa.flow_style()


Slot = tuple[CommentedMap | CommentedSeq, Any]


def _after(node: CommentedMap | CommentedSeq, key: Any) -> Slot:
    """The container and key whose comment slot holds the lines that follow node[key]."""
    child = node[key]
    if _is_block(child):
        return _after(child, next(reversed(child)) if isinstance(child, CommentedMap) else len(child) - 1)
    return node, key


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _slot_index(node: CommentedMap | CommentedSeq) -> int:
    return 2 if isinstance(node, CommentedMap) else 0


def _take_lines(slot: Slot) -> str:
    """Detach the comment lines below a value, keeping its end-of-line comment."""
    owner, key = slot
    entry = owner.ca.items.get(key)
    token = entry[_slot_index(owner)] if entry else None
    if token is None:
        return ""
    if _is_block_scalar(owner[key]):  # its own line break is part of the scalar
        entry[_slot_index(owner)] = None
        return str(token.value)
    eol, _, rest = str(token.value).partition("\n")
    if not rest:
        return ""
    if eol.strip():
        token.value = eol + "\n"
    else:
        entry[_slot_index(owner)] = None
    return rest


def _put_lines(slot: Slot, rest: str) -> None:
    if not rest:
        return
    owner, key = slot
    entry = owner.ca.items.setdefault(key, [None, None, None, None])
    index = _slot_index(owner)
    if entry[index] is None:
        lead = "" if _is_block_scalar(owner[key]) else "\n"
        entry[index] = CommentToken(lead + rest, start_mark=CommentMark(0))
    else:
        entry[index].value = str(entry[index].value) + rest


def _order(node: CommentedMap, fields: dict[str, type[BaseModel] | None], head: list[Any] | None) -> None:
    """Put the keys in model order; comment lines above a key move with it.

    Comment lines above a key that becomes the first go to `head` (the file's opening
    comments) if given, else below the first key: nothing can stand between `- ` and it.
    """
    rank = {key: i for i, key in enumerate(fields)}
    keys = list(node)
    wanted = sorted(keys, key=lambda k: (rank.get(str(k), len(rank)), keys.index(k)))
    if wanted == keys:
        return
    above = {key: _take_lines(_after(node, prev)) for prev, key in pairwise(keys)}
    trailing = _take_lines(_after(node, keys[-1]))
    for key in wanted:
        node.move_to_end(key)
    first = above.get(wanted[0], "")
    if head is not None and first:
        head.append(CommentToken(first, start_mark=CommentMark(0)))
        first = ""
    for i, (prev, key) in enumerate(pairwise(wanted)):
        _put_lines(_after(node, prev), (first if i == 0 else "") + above.get(key, ""))
    _put_lines(_after(node, wanted[-1]), trailing)


def canonical_order(data: Any, model: type[BaseModel] | None) -> None:
    """Reorder every mapping of a parsed file that a model describes, recursively."""
    if isinstance(data, CommentedMap) and model is not None:
        if data.ca.comment is None:
            data.ca.comment = [None, []]
        _reorder(data, model, data.ca.comment[1])


def _reorder(node: Any, model: type[BaseModel] | None, head: list[Any] | None = None) -> None:
    if isinstance(node, CommentedSeq):
        for item in node:
            _reorder(item, model)
        return
    if not isinstance(node, CommentedMap) or model is None:
        return
    fields = _fields(model)
    if _is_block(node):
        _order(node, fields, head)
    for key, value in node.items():
        _reorder(value, fields.get(str(key)))


# --- scalars and text ------------------------------------------------------------------


def _collections(node: Any) -> Iterator[CommentedMap | CommentedSeq]:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        yield node
        for value in node.values() if isinstance(node, CommentedMap) else node:
            yield from _collections(value)


def _walk(node: Any) -> Iterator[tuple[CommentedMap | CommentedSeq, Any, Any]]:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        items = node.items() if isinstance(node, CommentedMap) else enumerate(node)
        for key, value in list(items):
            yield node, key, value
            yield from _walk(value)


def double_quotes(data: Any) -> None:
    """'single' → "double", in keys and values; other quoting stays as written."""
    for parent, key, value in _walk(data):
        if isinstance(value, SingleQuotedScalarString):
            parent[key] = DoubleQuotedScalarString(str(value))
    for node in _collections(data):
        if isinstance(node, CommentedMap):
            for i, key in enumerate(list(node)):
                if isinstance(key, SingleQuotedScalarString):
                    _rename(node, i, key, DoubleQuotedScalarString(str(key)))


def _rename(node: CommentedMap, index: int, old: Any, new: Any) -> None:
    """Replace a key by an equal one written differently (a dict would keep the old object)."""
    comments = node.ca.items.pop(old, None)
    value = node.pop(old)
    node.insert(index, new, value)
    if comments is not None:
        node.ca.items[new] = comments


def eol_comments(data: Any) -> None:
    """Put every end-of-line comment two spaces after its value."""
    seen: set[int] = set()
    for node in _collections(data):
        tokens = [node.ca.comment[0]] if node.ca.comment else []
        tokens += [entry[_slot_index(node)] for entry in node.ca.items.values() if len(entry) > _slot_index(node)]
        for token in tokens:
            if isinstance(token, CommentToken) and id(token) not in seen and str(token.value).startswith("#"):
                seen.add(id(token))
                token.value = " " + str(token.value)  # the emitter adds one space more
                token.start_mark = CommentMark(0)  # type: ignore[assignment]  # ruamel marks comments so


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_scalar_lines(text: str) -> set[int]:
    """Line numbers (0-based) holding the content of block scalars (`>-`, `|`)."""
    frozen: set[int] = set()
    for event in yaml.parse(text, Loader=_FAST):
        start, end = event.start_mark, event.end_mark
        if isinstance(event, yaml.ScalarEvent) and event.style in ("|", ">") and start and end:
            last = end.line if end.column > 0 else end.line - 1
            frozen.update(range(start.line + 1, last + 1))
    return frozen


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _tidy_lines(text: str) -> list[str]:
    """Indent full-line comments like the next content line; collapse runs of blank lines.

    Lines inside block scalars are content and stay exactly as they are.
    """
    lines = text.split("\n")
    frozen = _block_scalar_lines(text)
    next_indent, indent = [0] * len(lines), 0
    for n in range(len(lines) - 1, -1, -1):  # the indentation of the next content line
        next_indent[n] = indent
        if n not in frozen and lines[n].strip() and not _is_comment(lines[n]):
            indent = _indent(lines[n])
    out: list[str] = []
    for n, line in enumerate(lines):
        if n in frozen:
            out.append(line)
        elif not line.strip():
            if out and out[-1].strip():
                out.append("")
        elif _is_comment(line):
            out.append(" " * next_indent[n] + line.strip())
        else:
            out.append(line)
    return out


def _finish(text: str, schema: str | None) -> str:
    lines = _tidy_lines(text)
    while lines and not lines[0].strip():
        lines.pop(0)
    if schema is not None and not (lines and lines[0].startswith(SCHEMA_PREFIX)):
        lines.insert(0, SCHEMA_LINE.format(schema=schema))
    return "\n".join(lines).rstrip("\n") + "\n"


# --- files ---------------------------------------------------------------------------


class Unformattable(Exception):
    """The file cannot be formatted; carries the diagnostic line."""


def format_text(text: str, rel: str) -> str:
    """The canonical form of one file's text; raise Unformattable if it cannot be parsed."""
    kind = Path(rel).name.removesuffix(".yml")
    model = FILE_MODELS.get(kind)
    y = _yaml()
    try:
        data = y.load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(str(x) for x in (err.context, err.problem) if x).replace("\n", " ")
        raise Unformattable(_diagnostic(Location(rel, line, col), "Y001", detail)) from err
    except YAMLError as err:
        raise Unformattable(_diagnostic(Location(rel), "Y001", str(err))) from err
    if data is None:
        return text
    canonical_order(data, model)
    double_quotes(data)
    eol_comments(data)
    out = io.StringIO()
    try:
        y.dump(data, out)
    except YAMLError as err:
        raise Unformattable(_diagnostic(Location(rel), "Y001", f"cannot write the file back: {err}")) from err
    try:
        return _finish(out.getvalue(), schema_ref(rel, kind) if model else None)
    except yaml.YAMLError as err:
        raise Unformattable(_diagnostic(Location(rel), "Y001", f"cannot read the result back: {err}")) from err


def _diagnostic(where: Location, code: str, detail: str) -> str:
    diags = Diagnostics()
    diags.add(where, code, detail=detail)
    return diags.items[0].format(with_hint=False)


def _read(path: Path, rel: str) -> str:
    """The file's text, with a BOM and CRLF line ends dropped."""
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise Unformattable(_diagnostic(Location(rel, line, col), "F001", f"byte 0x{raw[err.start]:02x}")) from err
    return text.replace("\r\n", "\n")


def _same_data(before: str, after: str) -> bool:
    try:
        return bool(yaml.load(before, Loader=_FAST) == yaml.load(after, Loader=_FAST))
    except yaml.YAMLError:
        return False


def format_file(path: Path, rel: str) -> str | None:
    """The canonical text of the file if it differs from what is on disk, else None."""
    text = _read(path, rel)
    if not text.strip():
        return None
    result = format_text(text, rel)
    if not _same_data(text, result):
        raise Unformattable(_diagnostic(Location(rel), "Y001", "formatting would change the data; file left as it is"))
    return None if result.encode("utf-8") == path.read_bytes() else result


def format_data(data_dir: Path, check: bool) -> tuple[list[Path], list[str]]:
    """Format every *.yml under data_dir; with check, only report which would change.

    Returns the files changed (or that would change) and one diagnostic line per file
    that could not be formatted.
    """
    changed: list[Path] = []
    problems: list[str] = []
    if data_dir.is_symlink():
        return [], [_diagnostic(Location("data"), "F008", "`data` is a symbolic link; nothing formatted")]
    for path in yaml_files(data_dir):
        rel = path.relative_to(data_dir.parent).as_posix()
        if path.is_symlink():
            problems.append(_diagnostic(Location(rel), "F008", f"`{rel}` is a symbolic link; not formatted"))
            continue
        try:
            result = format_file(path, rel)
        except Unformattable as err:
            problems.append(str(err))
            continue
        if result is None:
            continue
        changed.append(path)
        if not check:
            write_atomic(path, result.encode("utf-8"))
    return changed, problems
