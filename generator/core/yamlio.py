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
    rows = text.split("\n")
    if "\r" not in text and "\t" not in text and (max_line is None or max(map(len, rows)) <= max_line):
        return text  # nothing to report: the common case, without a look at every line
    for n, row in enumerate(rows, start=1):
        if row.endswith("\r"):
            diags.add(Location(rel, n, len(row)), "F003")
        tab = row.find("\t")
        if tab >= 0:
            diags.add(Location(rel, n, tab + 1), "F004")
        if max_line is not None and len(row) > max_line:
            diags.add(Location(rel, n, max_line + 1), "F010", length=f"{len(row):,}", limit=f"{max_line:,}")
    return text


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
        read = _read(text, rel)
    except _Stop as stop:
        diags.add(stop.location, stop.code, **stop.details)
        return None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(str(x) for x in (err.context, err.problem) if x)
        diags.add(Location(rel, line, col), "Y001", detail=detail)
        return None
    except yaml.YAMLError as err:
        diags.add(Location(rel, 1, 1), "Y001", detail=str(err))
        return None
    if read is None:
        diags.add(Location(rel, 1, 1), "F005")
        return None
    data, positions, findings = read
    for location, code, details in findings:
        diags.add(location, code, **details)
    if len(diags.errors) > before:  # a value was refused: validating the rest would only add noise
        return None
    return YamlDoc(rel, data, positions)


_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR = yaml.SafeLoader("")
# A plain scalar's tag, by its first character ("" for the empty scalar), as the
# resolver finds it (yaml.resolver.BaseResolver.resolve) without the timestamps.
_PLAIN: dict[str | None, list[tuple[str, Any]]] = {
    first: [*resolvers, *_Loader.yaml_implicit_resolvers.get(None, [])]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


def _plain_tag(value: str) -> str:
    for tag, pattern in _PLAIN.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return _STR


def _scalar(event: yaml.ScalarEvent) -> Any:
    """A scalar's value: text unless it is a plain (unquoted) number, boolean or null, or
    tagged. An unknown tag raises the constructor's error."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = _plain_tag(event.value) if event.implicit[0] else _STR
    if tag == _STR:
        return event.value
    marks: tuple[Any, Any] = (event.start_mark, event.end_mark)  # libyaml's marks, which the constructor reports
    node = yaml.ScalarNode(tag, event.value, *marks, style=event.style or None)
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    finally:  # the constructor remembers what it built (for aliases): forget it
        _CONSTRUCTOR.constructed_objects.clear()
        _CONSTRUCTOR.recursive_objects.clear()


def _is_text(event: yaml.ScalarEvent) -> bool:
    """Whether the scalar is text without a look at the resolvers: quoted, or plain with a
    first character no number, boolean or null begins with (Han characters, most letters)."""
    return event.tag is None and (not event.implicit[0] or event.value[:1] not in _PLAIN)


Finding = tuple[Location, str, dict[str, Any]]  # where, the diagnostic's code, its details


class _Stop(Exception):
    """A finding that ends the reading and outranks every other: nesting too deep."""

    def __init__(self, location: Location, code: str, **details: Any) -> None:
        super().__init__(code)
        self.location, self.code, self.details = location, code, details


_NO_KEY = object()  # a mapping's next event is a key
_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _read(text: str, rel: str) -> tuple[Any, Positions, list[Finding]] | None:
    """The document's value, its positions and what is wrong in it, read in one pass over
    the parser's events, with no recursion (a deeply nested file cannot exhaust the
    stack); None when the file holds no document. A syntax error (raised by the parser)
    and nesting deeper than MAX_DEPTH (_Stop) end the reading, whichever comes first; a
    fault of the document's structure (an undefined alias, an anchor given twice, a
    second document) is then the only finding; else every refused value is one. A
    duplicate key's value is not read."""
    loader = _Loader(text)
    next_event = loader.get_event
    positions = Positions(rel)
    values, keys = positions.values, positions.keys
    findings: list[Finding] = []
    structure: Finding | None = None
    anchors: set[str] = set()
    stack: list[list[Any]] = []  # per open collection: [it, its path, the key awaiting its value or _NO_KEY]
    result: Any = None
    documents = depth = skipped = 0  # skipped: depth inside a value that is not read
    skip_next = False  # the next value is a duplicate key's
    building = True  # False after a fault that makes the rest of the values irrelevant
    try:
        while True:
            event = next_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                break
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1 and structure is None:
                    structure = (_at(rel, event), "Y001", {
                        "detail": "expected a single document in the stream but found another document"})
                    building = False
                continue
            if kind in _END:
                depth -= 1
                if skipped:
                    skipped -= 1
                elif building:
                    stack.pop()
                continue
            if kind not in _START and kind is not yaml.ScalarEvent and kind is not yaml.AliasEvent:
                continue  # the stream's start, a document's end
            start = kind in _START
            if start:
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Stop(_at(rel, event), "Y004", limit=MAX_DEPTH)
            anchor = event.anchor
            if kind is yaml.AliasEvent:
                if anchor not in anchors:
                    structure = structure or (_at(rel, event), "Y001", {"detail": "found undefined alias"})
                    building = False
            elif anchor is not None:
                if anchor in anchors:
                    structure = structure or (_at(rel, event), "Y001", {
                        "detail": "found duplicate anchor; first occurrence second occurrence"})
                    building = False
                anchors.add(anchor)
            if not building:
                continue
            if skipped or skip_next:
                skipped += start and (skipped > 0 or skip_next)
                skip_next = False
                continue
            frame = stack[-1] if stack else None
            if frame is not None and frame[2] is _NO_KEY:  # a mapping's key
                if kind is not yaml.ScalarEvent:
                    what = "alias (*name) used as a key" if kind is yaml.AliasEvent else "a list or mapping used as a key"
                    findings.append((_at(rel, event), "Y003", {"detail": what}))
                    building = False
                    continue
                try:
                    key = event.value if _is_text(event) else str(_scalar(event))
                except yaml.MarkedYAMLError as err:
                    findings.append(_refused(rel, err))
                    building = False
                    continue
                where = (event.start_mark.line + 1, event.start_mark.column + 1)
                if key in frame[0]:
                    findings.append((Location(rel, *where), "Y002", {"detail": key}))
                    skip_next = True
                else:
                    keys[(*frame[1], key)] = where
                    frame[2] = key
                continue
            if frame is None:
                path: PathKey = ()
            elif type(frame[0]) is list:
                path = (*frame[1], len(frame[0]))
            else:
                path = (*frame[1], frame[2])
                frame[2] = _NO_KEY
            if kind is yaml.AliasEvent:
                where = keys.get(path) or (event.start_mark.line + 1, event.start_mark.column + 1)
                findings.append((Location(rel, *where), "Y003", {"detail": "alias (*name) of an anchored node"}))
                value: Any = None
            else:
                values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
                if start:
                    value = {} if kind is yaml.MappingStartEvent else []
                elif len(event.value) > MAX_VALUE:
                    findings.append((Location(rel, *values[path]), "Y005",
                                     {"length": f"{len(event.value):,}", "limit": f"{MAX_VALUE:,}"}))
                    value = None
                elif _is_text(event):
                    value = event.value
                else:
                    try:
                        value = _scalar(event)
                    except yaml.MarkedYAMLError as err:
                        findings.append(_refused(rel, err))
                        building = False
                        continue
            if frame is None:
                result = value
            elif type(frame[0]) is list:
                frame[0].append(value)
            else:
                frame[0][path[-1]] = value
            if start:
                stack.append([value, path, _NO_KEY if kind is yaml.MappingStartEvent else None])
    finally:
        loader.dispose()
    if documents == 0:
        return None
    return result, positions, [structure] if structure is not None else findings


def _at(rel: str, event: yaml.Event) -> Location:
    mark = event.start_mark
    return Location(rel, mark.line + 1, mark.column + 1) if mark is not None else Location(rel)


def _refused(rel: str, err: yaml.MarkedYAMLError) -> Finding:
    """A value the constructor refused (an unknown tag, say)."""
    mark = err.problem_mark
    where = Location(rel, mark.line + 1, mark.column + 1) if mark is not None else Location(rel)
    return where, "Y003", {"detail": str(err.problem)}
