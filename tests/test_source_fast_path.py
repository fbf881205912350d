"""The json.loads fast path of parse_json gives the spans and errors of the position parser."""

from __future__ import annotations

import json

import pytest

from eformlint.source import JsonDepthError, JsonSyntaxError, Member, Span, parse_json, parse_json_with_positions


def _pointers(value, base=""):
    yield base
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _pointers(item, base + "/" + key.replace("~", "~0").replace("/", "~1"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _pointers(item, f"{base}/{index}")


def test_fast_path_spans_match_on_real_forms(shared):
    forms = sorted((shared / "vn-forms").glob("*.json")) + sorted((shared / "corpus" / "surveyjs").glob("*.json"))
    assert forms
    for path in forms:
        text = path.read_text(encoding="utf-8-sig")
        fast_value, fast_map, fast_duplicates = parse_json(text)
        slow_value, slow_map, slow_duplicates = parse_json_with_positions(text)
        assert fast_value == slow_value
        assert fast_duplicates == slow_duplicates == []
        for pointer in _pointers(slow_value):
            assert fast_map.member(pointer) == slow_map.member(pointer), (path.name, pointer)


def test_fast_path_spans_on_escapes_and_minified_text():
    text = '{"a\\"b":[1,-2.5e3,true,null,{"k":"v\\u00e9"}],"e":{},"l":[],"t":"x,y:}"}'
    value, source_map, _ = parse_json(text)
    _, slow_map, _ = parse_json_with_positions(text)
    assert value["a\"b"][4]["k"] == "vé"
    for pointer in _pointers(value):
        assert source_map.member(pointer) == slow_map.member(pointer), pointer
    member = source_map.member("/a\"b")
    assert text[member.key.start:member.key.end] == '"a\\"b"'
    assert text[member.value.start:member.value.end] == '[1,-2.5e3,true,null,{"k":"v\\u00e9"}]'
    span = source_map.span("/a\"b/1")
    assert text[span.start:span.end] == "-2.5e3"
    span = source_map.span("/t")
    assert text[span.start:span.end] == '"x,y:}"'
    assert source_map.span("") == Span(0, len(text))
    assert source_map.span("/missing") is None
    assert source_map.span("/l/0") is None


def test_duplicates_still_reported():
    _, source_map, duplicates = parse_json('{"a": 1, "a": 2}')
    assert [(duplicate.pointer, duplicate.key) for duplicate in duplicates] == [("/a", Span(9, 12))]
    assert source_map.span("/a") == Span(14, 15)


@pytest.mark.parametrize("text", ["[NaN]", '{"a": Infinity}', "[-Infinity]", "[1,]", '{"a" 1}', "\ufeff{}"])
def test_invalid_json_raises_with_offset(text):
    with pytest.raises(JsonSyntaxError) as fast:
        parse_json(text)
    with pytest.raises(JsonSyntaxError) as slow:
        parse_json_with_positions(text)
    assert (fast.value.offset, fast.value.reason) == (slow.value.offset, slow.value.reason)


def test_depth_limit_applies_to_fast_path():
    text = "[" * 20 + "]" * 20
    assert parse_json(text, max_depth=20)[0] == json.loads(text)
    with pytest.raises(JsonDepthError):
        parse_json(text, max_depth=19)
    deep = "[" * 5000 + "]" * 5000
    with pytest.raises(JsonDepthError):
        parse_json(deep, max_depth=4000)
    assert parse_json(deep, max_depth=6000)[1].span("/0/0") == Span(2, 9998)


def test_fast_path_large_objects_and_bad_indexes():
    form = {f"k{index}": [index, {"x": index}, "s"] for index in range(40)}
    text = json.dumps(form, separators=(",", ":"))
    value, source_map, _ = parse_json(text)
    _, slow_map, _ = parse_json_with_positions(text)
    for pointer in _pointers(value):
        assert source_map.member(pointer) == slow_map.member(pointer), pointer
    span = source_map.span("/k39/1/x")
    assert text[span.start:span.end] == "39"
    for pointer in ("/k3/-1", "/k3/3", "/k3/x", "/k3/0/y", "/k40"):
        assert source_map.span(pointer) is None, pointer


def test_equal_string_values_share_one_object():
    text = json.dumps({"a": {"label": "Tỉnh/Thành phố" + "!"}, "b": {"label": "Tỉnh/Thành phố" + "!"}})
    value, _, _ = parse_json(text)
    assert value["a"]["label"] == "Tỉnh/Thành phố!"
    assert value["a"]["label"] is value["b"]["label"]


@pytest.mark.parametrize(("text", "span"), [('"abc"', Span(0, 5)), (" 5 ", Span(1, 2)), ("null", Span(0, 4)),
                                            ("[]", Span(0, 2)), (" {} ", Span(1, 3))])
def test_fast_path_span_of_a_lone_value(text, span):
    _, source_map, _ = parse_json(text)
    assert source_map.span("") == span
    assert source_map.span("/0") is None
