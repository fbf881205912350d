"""Turn the bytes of one file into form documents.

The format is decided from the content, never from the file extension alone, because
database exports arrive as ``.txt``, ``.json`` or with no extension at all.
"""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path
from typing import Any

from lxml import etree

from eformlint.readers import alpaca, formio, surveyjs, xforms
from eformlint.readers.base import InputProblem, ReadLimits, ReadResult
from eformlint.readers.js_source import JsDepthError, JsSyntaxError, parse_literal
from eformlint.source import JsonDepthError, JsonSyntaxError, parse_json

SUPPORTED_FORMATS = "Form.io JSON, XForms XML (ODK / W3C), SurveyJS JSON, AlpacaJS (OpenCPS formScript)"

# The pure-Python JavaScript parser reads about 0.5 MB a second (a 170 KB form in 0.3 s on
# the development machine), so longer scripts are not parsed. Real formScripts are far smaller.
MAX_SCRIPT_CHARS = 5_000_000
# Text that may be a script assigning a form: a comment, a declaration or an assignment.
_SCRIPT_START = re.compile(r"\s*(?://|/\*|(?:var|let|const)\s|[A-Za-z_$][\w$.]*\s*=[^=])")
_FIRST_CHARACTER = re.compile(r"\S")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def read_file(path: Path, display_path: str, limits: ReadLimits = ReadLimits()) -> ReadResult:
    """Read, decode, detect and parse one file. Problems become :class:`InputProblem` s."""
    result = ReadResult(display_path)
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            result.problems.append(InputProblem("INP-001", "is_a_directory", 0, {}))
            return result
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or a device would block or never end; only regular files are read.
            result.problems.append(InputProblem("INP-001", "not_a_regular_file", 0, {}))
            return result
        size = status.st_size
        if size > limits.max_file_size:
            result.problems.append(InputProblem("INP-004", "file_too_large", 0, {"size": size, "limit": limits.max_file_size}))
            return result
        data = path.read_bytes()
    except (OSError, ValueError) as exc:
        result.problems.append(InputProblem("INP-001", "unreadable", 0, {"reason": _os_reason(exc)}))
        return result
    return read_bytes(data, display_path, limits)


def read_bytes(data: bytes, display_path: str, limits: ReadLimits = ReadLimits()) -> ReadResult:
    result = ReadResult(display_path)
    text = _decode(data, result)
    if text is None:
        return result  # result.text may hold a best-effort decoding, for positions
    result.text = text
    # Found by search rather than by stripping: a copy of a large text would double it.
    start = _FIRST_CHARACTER.search(text)
    if start is None:
        result.problems.append(InputProblem("INP-003", "empty_file", 0, {"formats": SUPPORTED_FORMATS}))
        return result
    first = start.group()
    if first == "<":
        _read_xml(text, display_path, result, limits)
    elif first in "{[":
        _read_json(text, display_path, result, limits)
    elif display_path.lower().endswith(".js") or _SCRIPT_START.match(text):
        _read_script(text, display_path, result, limits)
    else:
        result.problems.append(InputProblem("INP-003", "not_a_form", start.start(), {"formats": SUPPORTED_FORMATS}))
    for document in result.documents:
        document.compact()
    return result


def _os_reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def _decode(data: bytes, result: ReadResult) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        result.has_bom = True
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith(_UTF16_BOMS):
        encoding = "UTF-32" if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "UTF-16"
        result.problems.append(InputProblem("FMT-001.1", "wrong_encoding", 0, {"encoding": encoding}))
        return None
    elif _looks_like_utf16(data):
        result.problems.append(InputProblem("FMT-001.1", "wrong_encoding", 0, {"encoding": "UTF-16"}))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        # Positions of the finding are counted in this best-effort decoding.
        result.text = data.decode("utf-8", errors="replace")
        result.problems.append(
            InputProblem("FMT-001.1", "invalid_utf8", len(good), {"byte": f"0x{data[exc.start]:02X}", "byte_offset": exc.start})
        )
        return None


def _looks_like_utf16(data: bytes) -> bool:
    """Say whether bytes without a byte-order mark are UTF-16 text: ASCII with a NUL after
    (or before) every character, which UTF-8 decoding would accept as NUL-filled text."""
    head = data[:64]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return False
    even_nul = all(b == 0 for b in head[0::2]) and any(head[1::2])
    odd_nul = all(b == 0 for b in head[1::2]) and any(head[0::2])
    return even_nul or odd_nul


def _read_json(text: str, path: str, result: ReadResult, limits: ReadLimits) -> None:
    try:
        value, source_map, duplicates = parse_json(text, max_depth=limits.max_depth)
    except JsonDepthError as exc:
        result.problems.append(InputProblem("INP-004", "too_deep", exc.offset, {"limit": limits.max_depth}))
        return
    except JsonSyntaxError as exc:
        # AlpacaJS forms are JavaScript literals that often start like JSON.
        if _may_be_javascript(text, exc) and _read_script(text, path, result, limits, json_error=exc):
            return
        result.problems.append(InputProblem("INP-002", "json_" + exc.reason, exc.offset, {"found": _visible(exc.detail)}))
        return
    if alpaca.detect(value):
        result.format, result.variant = alpaca.FORMAT, "json"
        result.documents = alpaca.read(path, text, value, source_map, "json")
    elif surveyjs.detect(value) is not None:
        variant = surveyjs.detect(value)
        result.format, result.variant = surveyjs.FORMAT, variant
        result.documents = surveyjs.read(path, text, value, source_map, variant)
    else:
        # The checklist's sections carry "type" and "key" like bare Form.io components.
        variant = None if _is_checklist(value) else formio.detect(value)
        if variant is None:
            hint = _unknown_json_hint(value)
            result.problems.append(InputProblem("INP-003", hint, _first_offset(text), {"formats": SUPPORTED_FORMATS}))
            return
        result.format, result.variant = formio.FORMAT, variant
        result.documents = formio.read(path, text, value, source_map, variant)
    for document in result.documents:
        document.has_bom = result.has_bom
        document.metadata["duplicate_members"] = duplicates


def _may_be_javascript(text: str, error: JsonSyntaxError) -> bool:
    """Say whether a strict-JSON error is one that JavaScript allows, so parsing the text as
    JavaScript is worth its cost: a comment, a quote, a name, a function or a trailing comma."""
    if not text.lstrip().startswith("{") or error.reason not in ("unexpected_character", "expected_value", "expected_key"):
        return False
    if len(text) > MAX_SCRIPT_CHARS:
        return False  # reported as the JSON error it is
    found = error.detail[:1]
    return found in ("/", "'", "`", "}", "]", "_", "$", "-", "+", ".") or found.isalpha()


def _visible(found: str) -> str:
    """Write a control character (a NUL byte, a form feed) as ``U+0000`` so a message can show it."""
    return "".join(f"U+{ord(char):04X}" if ord(char) < 32 or ord(char) == 127 else char for char in found)


def _read_script(text: str, path: str, result: ReadResult, limits: ReadLimits,
                 json_error: JsonSyntaxError | None = None) -> bool:
    """Read an AlpacaJS form written as JavaScript. Returns False when the caller should
    report the strict-JSON error instead (the text is no better as JavaScript)."""
    if len(text) > MAX_SCRIPT_CHARS:
        result.problems.append(InputProblem("INP-004", "script_too_large", 0, {"size": len(text), "limit": MAX_SCRIPT_CHARS}))
        return True
    try:
        literal = parse_literal(text, limits.max_depth)
    except JsDepthError as exc:
        result.problems.append(InputProblem("INP-004", "too_deep", exc.offset, {"limit": min(exc.limit, limits.max_depth)}))
        return True
    except JsSyntaxError as exc:
        # The JSON error is the better report unless JavaScript parsed past it, and an error
        # at the very end (an unterminated string or template) says little.
        if json_error is not None and (exc.offset <= json_error.offset or exc.offset >= len(text.rstrip())):
            return False
        if json_error is None and not path.lower().endswith(".js"):
            result.problems.append(InputProblem("INP-003", "not_a_form", _first_offset(text), {"formats": SUPPORTED_FORMATS}))
            return True
        result.problems.append(InputProblem("INP-002", "js_syntax", exc.offset, {"detail": exc.detail}))
        return True
    if literal is None or not alpaca.detect(literal.value):
        if json_error is not None:
            return False
        if not path.lower().endswith(".js"):
            result.problems.append(InputProblem("INP-003", "not_a_form", _first_offset(text), {"formats": SUPPORTED_FORMATS}))
            return True
        result.problems.append(InputProblem("INP-003", "javascript_not_alpaca", _first_offset(text), {"formats": SUPPORTED_FORMATS}))
        return True
    result.format, result.variant = alpaca.FORMAT, literal.wrapped
    result.documents = alpaca.read(path, text, literal.value, literal.source_map, literal.wrapped)
    for document in result.documents:
        document.has_bom = result.has_bom
        document.metadata["duplicate_members"] = literal.duplicates
    return True


def _first_offset(text: str) -> int:
    return len(text) - len(text.lstrip())


def _unknown_json_hint(value: Any) -> str:
    """Pick the message that best describes what an unsupported JSON file looks like."""
    if isinstance(value, dict):
        if isinstance(value.get("pages"), list) or isinstance(value.get("elements"), list) or isinstance(value.get("questions"), list):
            return "surveyjs_without_questions"
        if "schema" in value and ("uischema" in value or "uiSchema" in value):
            return "jsonschema_form_unsupported"
        if value and all(not isinstance(v, (dict, list)) or k in ("EFormData",) for k, v in value.items()):
            return "submission_data"
    if _is_checklist(value):
        return "checklist_unsupported"
    return "unknown_json"


def _is_checklist(value: Any) -> bool:
    """Say whether a value is the Vietnam Register checklist: sections whose items have ``sequenceNo``."""
    return isinstance(value, list) and bool(value) and all(
        isinstance(item, dict) and isinstance(item.get("items"), list) for item in value
    ) and any(isinstance(i, dict) and "sequenceNo" in i for item in value for i in item["items"])


def _read_xml(text: str, path: str, result: ReadResult, limits: ReadLimits = ReadLimits()) -> None:
    if _declares_entities(text):
        # Checked before parsing, so an entity bomb never reaches libxml2's expansion guard.
        result.problems.append(InputProblem("INP-004", "xml_entities", text.find("<!DOCTYPE"), {}))
        return
    parser = xforms.safe_parser()
    try:
        # Parse the re-encoded UTF-8 bytes: the text is already decoded.
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        offset = _offset_of(text, line, column)
        if "Excessive depth" in (exc.msg or ""):
            # libxml2 stops at its own nesting limit (256 levels without the huge-tree option).
            result.problems.append(InputProblem("INP-004", "too_deep", offset, {"limit": min(limits.max_depth, _LIBXML2_MAX_DEPTH)}))
            return
        # libxml2 appends the position to its message; the finding carries it already.
        detail = re.sub(r"(, line \d+)+, column \d+$", "", exc.msg or str(exc))
        result.problems.append(InputProblem("INP-002", "xml_syntax", offset, {"detail": detail}))
        return
    if root is None:
        result.problems.append(InputProblem("INP-002", "xml_syntax", 0, {"detail": "no root element"}))
        return
    too_deep = _element_deeper_than(root, limits.max_depth)
    if too_deep is not None:
        result.problems.append(InputProblem("INP-004", "too_deep", _offset_of(text, too_deep.sourceline or 1, 1), {"limit": limits.max_depth}))
        return
    if not xforms.is_xform(root):
        result.problems.append(InputProblem("INP-003", "unknown_xml", _first_offset(text), {"formats": SUPPORTED_FORMATS, "root": root.tag}))
        return
    result.format, result.variant = xforms.FORMAT, ""
    result.documents = xforms.read(path, text, root)
    for document in result.documents:
        document.has_bom = result.has_bom
        result.variant = document.variant


_LIBXML2_MAX_DEPTH = 256


def _element_deeper_than(root: etree._Element, max_depth: int):
    """Return the first element nested deeper than ``max_depth``, or None."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > max_depth:
            return element
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))
    return None


def _declares_entities(text: str) -> bool:
    """Say whether the internal DTD subset declares entities (XXE or entity expansion)."""
    start = text.find("<!DOCTYPE")
    return start >= 0 and "<!ENTITY" in text[start:]


def _offset_of(text: str, line: int, column: int) -> int:
    """Convert libxml2's 1-based line and column to a code-point offset."""
    offset = 0
    for _ in range(max(line, 1) - 1):
        newline = text.find("\n", offset)
        if newline < 0:
            return len(text)
        offset = newline + 1
    # libxml2 counts columns in bytes of the UTF-8 line.
    line_text = text[offset:text.find("\n", offset) if text.find("\n", offset) >= 0 else len(text)]
    encoded = line_text.encode("utf-8")[: max(column - 1, 0)]
    return offset + len(encoded.decode("utf-8", errors="ignore"))
