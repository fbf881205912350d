"""Positions: JSON pointers to 1-based lines and code-point columns, on every layout."""

from __future__ import annotations

import json

import pytest

from eformlint.engine import locate
from eformlint.readers import read_bytes
from eformlint.source import JsonSyntaxError, LineIndex, parse_json

FORM = {
    "title": "Tờ khai 😀 đăng ký",
    "components": [
        {"type": "textfield", "key": "HoVaTen", "label": "Họ và tên", "validate": {"pattern": "[0-9{3"}},
    ],
}
POINTER = "/components/0/validate/pattern"


def _position(text: str, pointer: str):
    result = read_bytes(text.encode("utf-8"), "form.json")
    (document,) = result.documents
    return locate(document, pointer)


def test_pretty_printed_position() -> None:
    text = json.dumps(FORM, ensure_ascii=False, indent=2)
    location = _position(text, POINTER)
    line = text.splitlines()[location.line - 1]
    assert line[location.column - 1:].startswith('"[0-9{3"')
    assert location.length == len('"[0-9{3"')


def test_minified_position_counts_code_points() -> None:
    text = json.dumps(FORM, ensure_ascii=False, separators=(",", ":"))
    location = _position(text, POINTER)
    assert location.line == 1
    # The emoji outside the BMP before the node counts as one column.
    assert location.column == text.index('"[0-9{3"') + 1
    assert location.offset == text.index('"[0-9{3"')


def test_nfd_text_counts_each_mark() -> None:
    decomposed = json.dumps(FORM, ensure_ascii=False, separators=(",", ":")).replace("ờ", "ơ\u0300")
    location = _position(decomposed, POINTER)
    assert location.column == decomposed.index('"[0-9{3"') + 1


def test_bom_is_not_counted_and_crlf_lines() -> None:
    text = json.dumps(FORM, ensure_ascii=False, indent=2).replace("\n", "\r\n")
    result = read_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "form.json")
    (document,) = result.documents
    assert document.has_bom
    location = locate(document, POINTER)
    lines = text.split("\r\n")
    assert lines[location.line - 1][location.column - 1:].startswith('"[0-9{3"')


def test_same_pointer_pretty_and_minified() -> None:
    pretty = read_bytes(json.dumps(FORM, indent=4).encode(), "a.json").documents[0]
    minified = read_bytes(json.dumps(FORM, separators=(",", ":")).encode(), "b.json").documents[0]
    pretty_pointers = [node.pointer for node in pretty.walk()]
    assert pretty_pointers == [node.pointer for node in minified.walk()]


def test_line_index_lone_cr() -> None:
    index = LineIndex("a\rb\r\nc\nd")
    assert index.position(2).line == 2
    assert index.position(5).line == 3
    assert index.position(7).line == 4
    assert index.position(7).column == 1


@pytest.mark.parametrize(
    ("text", "reason", "offset"),
    [
        ("{", "unexpected_end", 1),
        ('{"a" 1}', "expected_colon", 5),
        ("[1,]", "expected_value", 3),
        ("[1 2]", "expected_comma_or_close", 3),
        ("{}x", "trailing_data", 2),
        ('{"a":1,}', "expected_key", 7),
        ("NaN", "unexpected_character", 0),
    ],
)
def test_json_syntax_errors(text: str, reason: str, offset: int) -> None:
    with pytest.raises(JsonSyntaxError) as info:
        parse_json(text)
    assert info.value.reason == reason
    assert info.value.offset == offset


def test_parse_matches_json_module_and_reports_duplicates() -> None:
    text = '{"a": [1, 2.5, -3e2, true, null, "x\\u00e9\\"y"], "a": {"b": []}}'
    value, source_map, duplicates = parse_json(text)
    assert value == json.loads(text)
    assert [d.name for d in duplicates] == ["a"]
    span = source_map.span("/a/b")
    assert text[span.start:span.end] == "[]"


def test_deep_nesting_is_bounded() -> None:
    with pytest.raises(JsonSyntaxError) as info:
        parse_json("[" * 100_000 + "]" * 100_000, max_depth=512)
    assert info.value.reason == "too_deep"
