"""Safe automatic repairs: ``eformlint check --fix`` and ``--diff``.

A finding that a repair can settle carries the repair's name in ``Finding.fix`` and points
at the text it concerns. Only that text's span in the file is rewritten. For JSON the span
is the string token with its quotes, re-encoded as a JSON string in the style of the
original (``\\uXXXX`` escapes are kept when the original used them). For XML it is the text
node or the attribute value, whose entity references are ASCII and pass through every
repair unchanged. Every other byte of the file stays as it was, the byte-order mark and the
line endings included. Files are written through a temporary file in the same folder and
``os.replace``, keeping the original permissions. Every repair is idempotent, so a second
run changes nothing.
"""

from __future__ import annotations

import codecs
import difflib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from eformlint.findings import Finding
from eformlint.readers import read_bytes
from eformlint.vietnamese.legacy import decode_mojibake
from eformlint.vietnamese.text import nfc

_DOUBLED_SPACES = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def repair_legacy(text: str) -> str:
    decoded = decode_mojibake(text)
    return decoded.text if decoded is not None else text


def tidy_whitespace(text: str) -> str:
    """Trim spaces and tabs at both ends, collapse doubled spaces and replace
    non-breaking spaces with ordinary ones. Line breaks inside the text are kept."""
    tidied = text.strip(" \t\u00a0")
    tidied = _DOUBLED_SPACES.sub(" ", tidied)
    return tidied.replace("\u00a0", " ")


# Repairs by name, applied in this order when several concern the same text.
REPAIRS: dict[str, Callable[[str], str]] = {
    "legacy": repair_legacy,
    "nfc": nfc,
    "whitespace": tidy_whitespace,
}


@dataclass
class FileFix:
    """The repairs planned for one file: the bytes before and after."""

    display: str
    path: Path
    original: bytes
    fixed: bytes
    repaired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        """Return a unified diff of the planned change, decoded as UTF-8."""
        before = self.original.decode("utf-8-sig").splitlines(keepends=True)
        after = self.fixed.decode("utf-8-sig").splitlines(keepends=True)
        lines = difflib.unified_diff(before, after, f"a/{self.display}", f"b/{self.display}")
        # A last line without a line break gets the marker that patch(1) expects.
        return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def plan_fixes(findings: Iterable[Finding], sources: dict[str, Path]) -> list[FileFix]:
    """Work out the repaired bytes of every file that has fixable findings.

    ``sources`` maps a finding's display path to the file on disk. A file is left alone when
    it cannot be read back or when the repaired text no longer parses.
    """
    by_file: dict[str, dict[str, set[str]]] = {}
    for finding in findings:
        if finding.fix and finding.location.pointer and finding.location.path in sources:
            pointers = by_file.setdefault(finding.location.path, {})
            pointers.setdefault(finding.location.pointer, set()).add(finding.fix)
    plans = []
    for display, pointers in sorted(by_file.items()):
        plan = _plan_file(display, sources[display], pointers)
        if plan is not None and plan.changed:
            plans.append(plan)
    return plans


def _plan_file(display: str, path: Path, pointers: dict[str, set[str]]) -> FileFix | None:
    try:
        original = path.read_bytes()
    except OSError:
        return None
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    try:
        text = original[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        return None  # a file that is not UTF-8 is FMT-001.1, repaired by re-saving, not here
    result = read_bytes(original, display)
    if not result.documents or result.problems and any(p.code.startswith("INP-") for p in result.problems):
        return None
    document = result.documents[0]
    is_json = document.format != "xforms"
    edits = []
    repaired = []
    for pointer, names in pointers.items():
        span = document.source_map.span(pointer)
        if span is None:
            continue
        raw = text[span.start:span.end]
        new_raw = _repair_json_string(raw, names) if is_json else _repair_xml_text(raw, names)
        if new_raw is not None and new_raw != raw:
            edits.append((span.start, span.end, new_raw))
            repaired.append(pointer)
    if not edits:
        return None
    pieces = []
    position = 0
    for start, end, new_raw in sorted(edits):
        if start < position:
            continue  # spans from one parse never overlap, so this only guards against a bad map
        pieces.append(text[position:start])
        pieces.append(new_raw)
        position = end
    pieces.append(text[position:])
    fixed = bom + "".join(pieces).encode("utf-8")
    check = read_bytes(fixed, display)
    if len(check.documents) != len(result.documents) or len(check.problems) > len(result.problems):
        return None
    return FileFix(display, path, original, fixed, repaired)


def _apply(value: str, names: set[str]) -> str:
    for name, repair in REPAIRS.items():
        if name in names:
            value = repair(value)
    return value


def _repair_json_string(raw: str, names: set[str]) -> str | None:
    if len(raw) < 2 or not raw.startswith('"'):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, str):
        return None
    repaired = _apply(value, names)
    if repaired == value:
        return raw
    return json.dumps(repaired, ensure_ascii="\\u" in raw)


def _repair_xml_text(raw: str, names: set[str]) -> str | None:
    """Repair XML character data in place. Markup and entity references are ASCII, which
    no repair changes, so the raw text can be repaired as it stands."""
    if "<" in raw or "]]>" in raw:
        return None
    return _apply(raw, names)


def write_fix(plan: FileFix) -> None:
    """Replace the file with its repaired bytes atomically, keeping its permissions."""
    path = plan.path
    handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(plan.fixed)
        shutil.copymode(path, handle.name)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise

