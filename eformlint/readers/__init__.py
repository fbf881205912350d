"""Turn the bytes of one file into form documents.

The format is decided from the content, never from the file extension alone, because
database exports arrive as ``.txt``, ``.json`` or with no extension at all.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

from lxml import etree

from eformlint.readers import formio, xforms
from eformlint.readers.base import InputProblem, ReadLimits, ReadResult
from eformlint.source import JsonDepthError, JsonSyntaxError, parse_json

SUPPORTED_FORMATS = "Form.io JSON, XForms XML (ODK / W3C)"

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def read_file(path: Path, display_path: str, limits: ReadLimits = ReadLimits()) -> ReadResult:
    """Read, decode, detect and parse one file. Problems become :class:`InputProblem` s."""
    result = ReadResult(display_path)
    try:
        size = path.stat().st_size
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
    stripped = text.lstrip()
    if not stripped:
        result.problems.append(InputProblem("INP-003", "empty_file", 0, {"formats": SUPPORTED_FORMATS}))
        return result
    first = stripped[0]
    if first == "<":
        _read_xml(text, display_path, result)
    elif first in "{[":
        _read_json(text, display_path, result, limits)
    else:
        result.problems.append(InputProblem("INP-003", "not_a_form", len(text) - len(stripped), {"formats": SUPPORTED_FORMATS}))
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


def _read_json(text: str, path: str, result: ReadResult, limits: ReadLimits) -> None:
    try:
        value, source_map, duplicates = parse_json(text, max_depth=limits.max_depth)
    except JsonDepthError as exc:
        result.problems.append(InputProblem("INP-004", "too_deep", exc.offset, {"limit": limits.max_depth}))
        return
    except JsonSyntaxError as exc:
        result.problems.append(InputProblem("INP-002", "json_" + exc.reason, exc.offset, {"found": exc.detail}))
        return
    variant = formio.detect(value)
    if variant is None:
        result.problems.append(InputProblem("INP-003", _unknown_json_hint(value), _first_offset(text), {"formats": SUPPORTED_FORMATS}))
        return
    result.format, result.variant = formio.FORMAT, variant
    result.documents = formio.read(path, text, value, source_map, variant)
    for document in result.documents:
        document.has_bom = result.has_bom
        document.metadata["duplicate_members"] = duplicates


def _first_offset(text: str) -> int:
    return len(text) - len(text.lstrip())


def _unknown_json_hint(value: Any) -> str:
    """Pick the message that best says what an unsupported JSON file looks like."""
    if isinstance(value, dict):
        if isinstance(value.get("pages"), list) or isinstance(value.get("elements"), list) or isinstance(value.get("questions"), list):
            return "surveyjs_unsupported"
        if "schema" in value and "options" in value:
            return "alpaca_unsupported"
        if "schema" in value and ("uischema" in value or "uiSchema" in value):
            return "jsonschema_form_unsupported"
        if value and all(not isinstance(v, (dict, list)) or k in ("EFormData",) for k, v in value.items()):
            return "submission_data"
    if isinstance(value, list) and value and all(
        isinstance(item, dict) and isinstance(item.get("items"), list) for item in value
    ) and any(isinstance(i, dict) and "sequenceNo" in i for item in value for i in item["items"]):
        return "checklist_unsupported"
    return "unknown_json"


def _read_xml(text: str, path: str, result: ReadResult) -> None:
    parser = xforms.safe_parser()
    try:
        # Parse from bytes without the encoding declaration's say: the text is already decoded.
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        result.problems.append(InputProblem("INP-002", "xml_syntax", _offset_of(text, line, column), {"detail": exc.msg or str(exc)}))
        return
    if root is None:
        result.problems.append(InputProblem("INP-002", "xml_syntax", 0, {"detail": "no root element"}))
        return
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None and _declares_entities(text):
        result.problems.append(InputProblem("INP-004", "xml_entities", text.find("<!DOCTYPE"), {}))
        return
    if not xforms.is_xform(root):
        result.problems.append(InputProblem("INP-003", "unknown_xml", _first_offset(text), {"formats": SUPPORTED_FORMATS, "root": root.tag}))
        return
    result.format, result.variant = xforms.FORMAT, ""
    result.documents = xforms.read(path, text, root)
    for document in result.documents:
        document.has_bom = result.has_bom
        result.variant = document.variant


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
