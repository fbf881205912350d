"""Hostile and broken input: every file gets a finding that names it, in bounded time."""

from __future__ import annotations

import codecs
import json
import os
import time
from pathlib import Path

import pytest

from support import default_config
from eformlint.api import lint_paths
from eformlint.readers import read_bytes, read_file
from eformlint.readers.base import ReadLimits

DEEP = 100_000
FORM = {"components": [{"type": "textfield", "key": "HoVaTen", "label": "Họ và tên", "input": True}]}


def _problems(result) -> list[tuple[str, str]]:
    return [(problem.code, problem.message_id) for problem in result.problems]


def test_invalid_utf8_is_fmt_001() -> None:
    data = b'{"components": [{"label": "H\xe1\xbb\x8d t\xff"}]}'
    result = read_bytes(data, "bad.json")
    assert _problems(result) == [("FMT-001.1", "invalid_utf8")]
    assert result.problems[0].params["byte_offset"] == data.index(b"\xff")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_fmt_001(encoding: str) -> None:
    data = json.dumps(FORM, ensure_ascii=False).encode(encoding)
    result = read_bytes(data, "utf16.json")
    assert _problems(result) == [("FMT-001.1", "wrong_encoding")]
    assert not result.documents


def test_utf8_bom_is_read_and_remembered() -> None:
    result = read_bytes(codecs.BOM_UTF8 + json.dumps(FORM).encode(), "bom.json")
    assert result.problems == []
    assert result.documents[0].has_bom


def test_nul_bytes_are_a_syntax_error() -> None:
    result = read_bytes(b'{"components": [\x00]}', "nul.json")
    assert _problems(result) == [("INP-002", "json_unexpected_character")]
    assert result.problems[0].offset == 16
    assert result.problems[0].params == {"found": "U+0000"}


@pytest.mark.parametrize("data", [b"", b"   \n\t", codecs.BOM_UTF8])
def test_empty_file_is_inp_003(data: bytes) -> None:
    assert _problems(read_bytes(data, "empty.json")) == [("INP-003", "empty_file")]


def test_huge_file_is_rejected_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # a sparse file: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    started = time.monotonic()
    result = read_file(huge, "huge.json")
    assert _problems(result) == [("INP-004", "file_too_large")]
    assert result.problems[0].params == {"size": 200 * 1024 * 1024, "limit": 50 * 1024 * 1024}
    assert time.monotonic() - started < 1.0


def test_deep_json_is_inp_004() -> None:
    result = read_bytes(b"[" * DEEP + b"]" * DEEP, "deep.json")
    assert _problems(result) == [("INP-004", "too_deep")]
    assert result.problems[0].offset == 512


def test_deep_xml_is_inp_004() -> None:
    data = b"<a>" * DEEP + b"</a>" * DEEP
    result = read_bytes(data, "deep.xml")
    assert _problems(result) == [("INP-004", "too_deep")]


def test_xml_deeper_than_max_depth_is_inp_004() -> None:
    data = b"<a>" * 20 + b"</a>" * 20
    result = read_bytes(data, "deep.xml", ReadLimits(max_depth=10))
    assert _problems(result) == [("INP-004", "too_deep")]
    assert result.problems[0].params == {"limit": 10}


@pytest.mark.parametrize("prefix", ["", "var formScript = "])
def test_deep_javascript_is_inp_004(prefix: str) -> None:
    text = prefix + "{schema: " * DEEP + "1" + "}" * DEEP
    started = time.monotonic()
    result = read_bytes(text.encode(), "deep.js")
    assert _problems(result) == [("INP-004", "too_deep")]
    assert time.monotonic() - started < 5.0


def test_javascript_within_depth_limit_parses() -> None:
    nested = "{a: " * 200 + "1" + "}" * 200
    text = "{schema: {type: 'object', properties: {x: " + nested + "}}, options: {fields: {}},}"
    result = read_bytes(text.encode(), "nested.js")
    assert result.problems == []
    assert result.format == "alpaca"


def test_billion_laughs_is_not_expanded() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    xml = (f'<?xml version="1.0"?><!DOCTYPE h:html [{entities}]>'
           '<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">'
           '<h:head><h:title>&lol9;</h:title><model/></h:head><h:body/></h:html>')
    started = time.monotonic()
    result = read_bytes(xml.encode(), "lol.xml")
    assert _problems(result) == [("INP-004", "xml_entities")]
    assert time.monotonic() - started < 2.0


def test_directory_given_as_file(tmp_path: Path) -> None:
    result = read_file(tmp_path, "forms")
    assert _problems(result) == [("INP-001", "is_a_directory")]


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = read_file(fifo, "pipe.json")  # would block forever if it were opened
    assert _problems(result) == [("INP-001", "not_a_regular_file")]


def test_symlink_loop_file_is_inp_001(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    result = read_file(loop, "loop.json")
    assert [problem.code for problem in result.problems] == ["INP-001"]
    assert "symbolic links" in result.problems[0].params["reason"]


def test_symlink_loop_folder_is_walked_once(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "a.json").write_text(json.dumps(FORM), encoding="utf-8")
    (forms / "again").symlink_to(forms, target_is_directory=True)
    (forms / "self").symlink_to(tmp_path, target_is_directory=True)
    report = lint_paths([str(forms)], default_config(tmp_path))
    assert [file.path for file in report.files] == ["forms/a.json"]


def test_file_that_fails_to_read_is_inp_001() -> None:
    # Root may read any file, but reading /proc/self/mem at offset 0 fails with EIO for
    # every user: a real read error without changing permissions.
    mem = Path("/proc/self/mem")
    if not mem.exists():
        pytest.skip("/proc/self/mem exists only on Linux")
    result = read_file(mem, "mem.json")
    assert _problems(result) == [("INP-001", "unreadable")]
    assert result.problems[0].params == {"reason": "Input/output error"}


def test_unreadable_file_is_inp_001(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a file whatever its mode, so a chmod 000 file cannot be made unreadable here")
    locked = tmp_path / "locked.json"
    locked.write_text(json.dumps(FORM), encoding="utf-8")
    locked.chmod(0)
    result = read_file(locked, "locked.json")
    assert [problem.code for problem in result.problems] == ["INP-001"]


def test_unreadable_folder_is_reported_not_crashed(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root lists a folder whatever its mode, so a chmod 000 folder cannot be made unreadable here")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_text(json.dumps(FORM), encoding="utf-8")
    locked.chmod(0)
    try:
        report = lint_paths([str(tmp_path)], default_config(tmp_path))
    finally:
        locked.chmod(0o755)
    assert report.files == []


def test_plain_text_and_foreign_javascript() -> None:
    assert _problems(read_bytes(b"hello world", "notes.txt")) == [("INP-003", "not_a_form")]
    assert _problems(read_bytes(b"function f() { return 1; }", "app.js")) == [("INP-003", "javascript_not_alpaca")]
    assert _problems(read_bytes(b"var x = {a: 1};", "config.js")) == [("INP-003", "javascript_not_alpaca")]
    assert _problems(read_bytes(b"if (x) {", "broken.js")) == [("INP-002", "js_syntax")]


@pytest.mark.parametrize("option", ["--config", "--output-file", "--baseline"])
def test_folder_given_for_file_option(tmp_path: Path, option: str) -> None:
    from click.testing import CliRunner

    from eformlint.cli import build_cli

    form = tmp_path / "form.json"
    form.write_text(json.dumps(FORM), encoding="utf-8")
    result = CliRunner().invoke(build_cli("en"), ["check", str(form), option, str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.output
    assert "Traceback" not in result.output


def test_folder_and_file_paths_in_one_run(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "a.json").write_text(json.dumps(FORM), encoding="utf-8")
    (forms / "notes.js").write_text("function f() { return 1; }", encoding="utf-8")
    report = lint_paths([str(forms), str(forms / "a.json")], default_config(tmp_path))
    # The folder walk skips *.js by default, and a file named twice is read once.
    assert [file.path for file in report.files] == ["forms/a.json"]


def test_long_script_is_not_parsed() -> None:
    from eformlint.readers import MAX_SCRIPT_CHARS

    text = "var formScript = {schema: {}, options: {}, note: '" + "x" * MAX_SCRIPT_CHARS + "'};"
    started = time.monotonic()
    result = read_bytes(text.encode(), "big.js")
    assert _problems(result) == [("INP-004", "script_too_large")]
    assert result.problems[0].params == {"size": len(text), "limit": MAX_SCRIPT_CHARS}
    assert time.monotonic() - started < 2.0


def test_broken_json_is_not_parsed_as_javascript() -> None:
    # A missing comma is invalid JavaScript too, so the JSON error is reported directly.
    text = '{"components": [{"key": "a"} {"key": "b"}]}'
    result = read_bytes(text.encode(), "form.json")
    assert _problems(result) == [("INP-002", "json_expected_comma_or_close")]


def test_deep_json_within_raised_limit_is_fast() -> None:
    # With max-depth raised to its maximum the whole nesting is parsed; the parser keeps no
    # per-level pointer, so this stays linear.
    started = time.monotonic()
    result = read_bytes(b"[" * DEEP + b"]" * DEEP, "deep.json", ReadLimits(max_depth=DEEP))
    assert _problems(result) == [("INP-003", "unknown_json")]
    assert time.monotonic() - started < 10.0
