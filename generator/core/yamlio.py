"""Read annotation YAML strictly, keeping the line and column of every value.

PyYAML accepts duplicate keys, tabs in odd places, YAML 1.1 booleans and dates; an
annotator's typo must not pass silently, so files are checked byte by byte first and
parsed through the node graph, where every key and value still has its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.core.diagnostics import Diagnostics, Location
from generator.core.files import MAX_DEPTH, MAX_LINE, MAX_VALUE, MAX_YAML_BYTES, read_confined

PathKey = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each value (and each mapping key) of a parsed file stands."""

    path: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def at(self, key: PathKey, *, prefer_key: bool = False) -> Location:
        """The location of `key`, or of its nearest parent that has one."""
        probe = tuple(key)
        while True:
            table = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            for t in table:
                if probe in t:
                    line, col = t[probe]
                    return Location(self.path, line, col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]


@dataclass
class YamlDoc:
    path: str
    data: Any
    positions: Positions


# libyaml's C scanner when present (it is in the PyPI wheels): ten times faster than the
# pure-Python one, and its nodes carry the same line and column marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without YAML 1.1 timestamps: dates stay text."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

SCHEMA_LINE = "# yaml-language-server: $schema={schema}"


def check_bytes(raw: bytes, rel: str, diags: Diagnostics, max_line: int | None = None) -> str | None:
    """Return the text if the file's bytes are acceptable; report every problem."""
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.add(Location(rel, 1, 1), "F002")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        diags.add(Location(rel, line, col), "F001", detail=f"byte 0x{raw[err.start]:02x}")
        return None
    if not text.strip():
        diags.add(Location(rel, 1, 1), "F005")
        return None
    for n, row in enumerate(text.split("\n"), start=1):
        if row.endswith("\r"):
            diags.add(Location(rel, n, len(row)), "F003")
        tab = row.find("\t")
        if tab >= 0:
            diags.add(Location(rel, n, tab + 1), "F004")
        if max_line is not None and len(row) > max_line:
            diags.add(Location(rel, n, max_line + 1), "F010", length=f"{len(row):,}", limit=f"{max_line:,}")
    return text


def too_deep(text: str) -> tuple[int, int] | None:
    """Where the nesting of mappings and lists first passes MAX_DEPTH (line, column).

    Read from the parser's events, which come without recursion: composing a deeply
    nested document would exhaust Python's stack first."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def load_yaml(root: Path, rel: str, diags: Diagnostics, schema: str | None = None) -> YamlDoc | None:
    """Parse one annotation file (root/rel, confined to data/); None (with diagnostics) if it cannot be read."""
    raw = read_yaml_bytes(root, rel, diags)
    return None if raw is None else parse_yaml(raw, rel, diags, schema)


def read_yaml_bytes(root: Path, rel: str, diags: Diagnostics) -> bytes | None:
    return read_confined(root, rel, diags, MAX_YAML_BYTES)


def parse_yaml(raw: bytes, rel: str, diags: Diagnostics, schema: str | None = None) -> YamlDoc | None:
    """Parse the bytes of the annotation file rel; None (with diagnostics) if they are not acceptable."""
    before = len(diags.errors)
    text = check_bytes(raw, rel, diags, max_line=MAX_LINE)
    if text is None or len(diags.errors) > before:
        return None
    if schema is not None:
        expected = SCHEMA_LINE.format(schema=schema)
        if text.split("\n", 1)[0].rstrip() != expected:
            diags.add(Location(rel, 1, 1), "F007", detail=expected)
    try:
        deep = too_deep(text)
        if deep is not None:
            diags.add(Location(rel, *deep), "Y004", limit=MAX_DEPTH)
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(str(x) for x in (err.context, err.problem) if x)
        diags.add(Location(rel, line, col), "Y001", detail=detail)
        return None
    except yaml.YAMLError as err:
        diags.add(Location(rel, 1, 1), "Y001", detail=str(err))
        return None
    if node is None:
        diags.add(Location(rel, 1, 1), "F005")
        return None
    positions = Positions(rel)
    try:
        data = _build(node, (), positions, rel, diags, set())
        if len(diags.errors) > before:  # a value was refused: validating the rest would only add noise
            return None
    except yaml.MarkedYAMLError as err:
        pmark = err.problem_mark
        where = Location(rel, pmark.line + 1, pmark.column + 1) if pmark is not None else Location(rel)
        diags.add(where, "Y003", detail=str(err.problem))
        return None
    return YamlDoc(rel, data, positions)


_CONSTRUCTOR = yaml.SafeLoader("")
_CONSTRUCTOR.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _construct(node: yaml.Node) -> Any:
    """A non-mapping node's value. The constructor remembers every node it built (for
    aliases); forget them, or the whole node graph of every file read stays in memory."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        return node.value  # the common case, without the constructor's overhead
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    finally:
        _CONSTRUCTOR.constructed_objects.clear()
        _CONSTRUCTOR.recursive_objects.clear()


def _build(node: yaml.Node, path: PathKey, pos: Positions, rel: str, diags: Diagnostics,
           seen: set[int]) -> Any:
    if id(node) in seen:  # the composer hands an alias back as the anchored node itself
        where = pos.keys.get(path) or (node.start_mark.line + 1, node.start_mark.column + 1)
        diags.add(Location(rel, *where), "Y003", detail="alias (*name) of an anchored node")
        return None
    pos.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if len(node.value) > MAX_VALUE:
            diags.add(Location(rel, *pos.values[path]), "Y005", length=f"{len(node.value):,}", limit=f"{MAX_VALUE:,}")
            return None
        return _construct(node)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            key = str(_construct(knode))
            kpos = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            if key in out:
                diags.add(Location(rel, *kpos), "Y002", detail=key)
                continue
            pos.keys[(*path, key)] = kpos
            out[key] = _build(vnode, (*path, key), pos, rel, diags, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, (*path, i), pos, rel, diags, seen) for i, v in enumerate(node.value)]
    return _construct(node)


_STR = "tag:yaml.org,2002:str"
