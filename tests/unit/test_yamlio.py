"""yamlio.py: strict YAML with the line and column of every value."""

from __future__ import annotations

from pathlib import Path

from generator.core.diagnostics import Diagnostics, Location
from generator.core.files import MAX_DEPTH, MAX_VALUE
from generator.core.yamlio import YamlDoc, check_bytes, load_yaml

REL = "data/glossary.yml"


def load(tmp_path: Path, text: str | bytes, schema: str | None = None) -> tuple[YamlDoc | None, Diagnostics]:
    path = tmp_path / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    diags = Diagnostics()
    return load_yaml(tmp_path, REL, diags, schema=schema), diags


def found(diags: Diagnostics) -> list[tuple[int, int, str]]:
    return [(d.line, d.col, d.code) for d in diags.sorted()]


GLOSSARY = """\
terms:
  - id: yunnao
    term: 云脑
    aliases: [脑, 城市云脑]
    date: 2021-08-16
    english:
"""


def test_every_value_and_key_has_its_position(tmp_path: Path) -> None:
    doc, diags = load(tmp_path, GLOSSARY)
    assert doc is not None and not diags.items
    pos = doc.positions
    assert pos.values[("terms", 0, "term")] == (3, 11)
    assert pos.values[("terms", 0, "aliases", 1)] == (4, 18)
    assert pos.keys[("terms", 0, "aliases")] == (4, 5)
    assert pos.at(("terms", 0, "aliases"), prefer_key=True) == Location(REL, 4, 5)


def test_a_missing_value_is_placed_at_its_nearest_parent(tmp_path: Path) -> None:
    doc, _ = load(tmp_path, GLOSSARY)
    assert doc is not None
    assert doc.positions.at(("terms", 0, "definition")) == Location(REL, 2, 5)
    assert doc.positions.at(("nothing", 3)) == Location(REL, 1, 1)


def test_dates_stay_text_and_empty_values_are_none(tmp_path: Path) -> None:
    doc, _ = load(tmp_path, GLOSSARY)
    assert doc is not None
    term = doc.data["terms"][0]
    assert term["date"] == "2021-08-16" and term["english"] is None
    assert term["aliases"] == ["脑", "城市云脑"]


def test_a_duplicate_key_is_reported_at_the_second(tmp_path: Path) -> None:
    _, diags = load(tmp_path, GLOSSARY + "    term: 脑\n")
    assert found(diags) == [(7, 5, "Y002")]
    assert "`term`" in diags.items[0].message


def test_anchors_aliases_and_tags_are_refused(tmp_path: Path) -> None:
    doc, diags = load(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert doc is None and found(diags) == [(2, 1, "Y003")]
    doc, diags = load(tmp_path, "a: !!python/object:os.system ls\n")
    assert doc is None and [d.code for d in diags.items] == ["Y003"]


def test_syntax_errors_say_where(tmp_path: Path) -> None:
    doc, diags = load(tmp_path, "title: a: b\n")
    assert doc is None and found(diags) == [(1, 9, "Y001")]


def test_nesting_deeper_than_the_limit_is_refused_without_recursion(tmp_path: Path) -> None:
    doc, diags = load(tmp_path, "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert doc is not None and not diags.items
    # the mapping is a level too: its MAX_DEPTH-th list is one too many, at column 3 + MAX_DEPTH
    doc, diags = load(tmp_path, "x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert doc is None and found(diags) == [(1, 3 + MAX_DEPTH, "Y004")]
    doc, diags = load(tmp_path, "[\n" * 5_000 + "]\n" * 5_000)  # would exhaust the stack of a composer
    assert doc is None and [d.code for d in diags.items] == ["Y004"]


def test_the_first_of_a_syntax_error_and_too_deep_a_nesting_is_the_only_finding(tmp_path: Path) -> None:
    deep = "y: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    doc, diags = load(tmp_path, "a: 1\na: 2\n" + deep + "title: a: b\n")
    assert doc is None and [d.code for d in diags.items] == ["Y004"]
    doc, diags = load(tmp_path, "a: 1\na: 2\ntitle: a: b\n" + deep)
    assert doc is None and found(diags) == [(3, 9, "Y001")]


def test_faults_of_the_structure_come_alone(tmp_path: Path) -> None:
    cases = {
        "a: 1\na: 2\nb: *x\n": ((3, 4), "found undefined alias"),
        "a: &x 1\na: 2\nb: &x 2\n": ((3, 4), "found duplicate anchor"),
        "a: 1\na: 2\n---\nb: 2\n": ((3, 1), "expected a single document in the stream but found another"),
    }
    for text, (where, detail) in cases.items():
        doc, diags = load(tmp_path, text)
        assert doc is None and found(diags) == [(*where, "Y001")], text
        assert detail in diags.items[0].message


def test_a_file_of_comments_only_is_empty(tmp_path: Path) -> None:
    doc, diags = load(tmp_path, "# nothing yet\n")
    assert doc is None and found(diags) == [(1, 1, "F005")]


def test_a_list_or_mapping_or_alias_as_a_key_is_refused(tmp_path: Path) -> None:
    for text, where in (("? [a, b]\n: 1\n", (1, 3)), ("a: &x k\n*x : 1\n", (2, 1)), ("? {a: 1}\n: 2\n", (1, 3))):
        doc, diags = load(tmp_path, text)
        assert doc is None and found(diags) == [(*where, "Y003")], text


def test_a_duplicate_keys_value_is_not_read(tmp_path: Path) -> None:
    doc, diags = load(tmp_path, "a:\n  b: &x 1\na:\n  - *x\n  - [1, {c: !foo 2}]\nc: [3]\n")
    assert found(diags) == [(3, 1, "Y002")]
    doc, diags = load(tmp_path, "a: [1, {b: 2}]\nc: 3\n")
    assert doc is not None and doc.data == {"a": [1, {"b": 2}], "c": 3}
    assert doc.positions.values[("a", 1, "b")] == (1, 12) and doc.positions.keys[("c",)] == (2, 1)


def test_values_are_what_pyyaml_makes_of_them(tmp_path: Path) -> None:
    import yaml

    text = ("a: 1\nb: 1.5\nc: true\nd: ~\ne:\nf: '1'\ng: \"yes\"\nh: |\n  x\n  y\ni: >-\n  x\n  y\n"
            "j: !!str 12\nk: 0x1F\nl: [no, off, 'on', .inf]\nm: {n: -2, 'o': ''}\n2021: date\n"
            "p: 2021-08-16\nq: &anchor plain\n")
    doc, diags = load(tmp_path, text)
    expected = yaml.safe_load(text)
    expected["p"] = "2021-08-16"  # dates stay text
    assert doc is not None and not diags.items
    assert doc.data == {str(k): v for k, v in expected.items()}


def test_a_value_too_long_is_refused(tmp_path: Path) -> None:
    long = "字" * (MAX_VALUE + 1)
    doc, diags = load(tmp_path, f"a: ok\nb: >-\n  {long[:1000]}\n  {long[1000:]}\n")
    assert doc is None and found(diags) == [(2, 4, "Y005")]


def test_the_schema_line_is_checked(tmp_path: Path) -> None:
    schema = "../schema/glossary.schema.json"
    doc, diags = load(tmp_path, f"# yaml-language-server: $schema={schema}\n" + GLOSSARY, schema=schema)
    assert doc is not None and not diags.items
    doc, diags = load(tmp_path, GLOSSARY, schema=schema)
    assert found(diags) == [(1, 1, "F007")]


def test_bytes_are_checked_before_parsing() -> None:
    diags = Diagnostics()
    assert check_bytes(b"a: 1\r\nb:\t2\n", "x.yml", diags) == "a: 1\r\nb:\t2\n"
    assert found(diags) == [(1, 5, "F003"), (2, 3, "F004")]
    diags = Diagnostics()
    assert check_bytes(b"\xef\xbb\xbfa: 1\n", "x.yml", diags) == "a: 1\n"
    assert found(diags) == [(1, 1, "F002")]
    diags = Diagnostics()
    assert check_bytes("a: 数据\nb: ".encode() + "数据".encode("gbk"), "x.yml", diags) is None
    assert found(diags) == [(2, 4, "F001")]
    diags = Diagnostics()
    assert check_bytes(b" \n\n", "x.yml", diags) is None and found(diags) == [(1, 1, "F005")]
    diags = Diagnostics()
    check_bytes(b"a: " + b"x" * 20, "x.yml", diags, max_line=10)
    assert found(diags) == [(1, 11, "F010")]
