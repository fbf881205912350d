"""SARIF 2.1.0 output for code-scanning services and CI.

Paths inside the project root are written relative to ``%SRCROOT%``; columns count
Unicode code points (``columnKind: unicodeCodePoints``). ``partialFingerprints`` hash the
rule, the file, the logical path and the message id, so they survive reformatting and
unrelated edits (a one-line export and its pretty-printed copy get the same prints).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import IO
from urllib.parse import quote

from eformlint import __version__
from eformlint.api import Report
from eformlint.findings import Finding, Severity
from eformlint.i18n import Lang, t
from eformlint.registry import metadata_for, rule_name, title
from eformlint.reporters import render_evidence, render_finding
from eformlint.reporters.json_text import write_json

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "eformlint/v1"
INFORMATION_URI = "https://pypi.org/project/eformlint/"


def write(report: Report, stream: IO[str], lang: Lang) -> None:
    # One line per result (and one for the tool with its rules).
    write_json(build(report, lang), stream, inline_at=4)


def build(report: Report, lang: Lang) -> dict:
    root = report.root.resolve()
    rule_codes = [selected.rule.code for selected in report.rules]
    for finding in report.findings:
        if finding.code not in rule_codes:
            rule_codes.append(finding.code)
    rule_index = {code: index for index, code in enumerate(rule_codes)}
    severities = {selected.rule.code: selected.severity for selected in report.rules}
    occurrences: Counter[str] = Counter()
    results = []
    for finding in report.findings:
        base = _fingerprint_base(finding)
        occurrences[base] += 1
        results.append(_result(finding, lang, root, rule_index[finding.code], base, occurrences[base]))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "eformlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "language": "vi-VN" if lang == "vi" else "en-US",
                        "rules": [_descriptor(code, lang, severities.get(code)) for code in rule_codes],
                    }
                },
                # Code scanning keeps runs of one category apart by this id.
                "automationDetails": {"id": "eformlint/"},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "language": "vi-VN" if lang == "vi" else "en-US",
                "artifacts": [_artifact(file.path, root) for file in report.files],
                "invocations": [{"executionSuccessful": True}],
                "results": results,
            }
        ],
    }


def _descriptor(code: str, lang: Lang, severity: Severity | None) -> dict:
    record = metadata_for(code)
    descriptor: dict = {"id": code, "name": rule_name(code)}
    if record is None:
        return descriptor
    descriptor["shortDescription"] = {"text": title(code, lang)}
    descriptor["fullDescription"] = {"text": record.docs.what.get(lang)}
    help_lines = [record.docs.why.get(lang)]
    for reference in record.legal_basis:
        evidence = t(f"explain.evidence.{reference.evidence}", lang)
        status = t(f"explain.status.{reference.status}", lang)
        article = f", {reference.article}" if reference.article else ""
        help_lines.append(f"- {reference.document}{article} [{evidence}; {status}]")
    descriptor["help"] = {"text": "\n".join(help_lines), "markdown": "\n\n".join(help_lines)}
    level = LEVELS[severity if severity is not None else record.severity]
    descriptor["defaultConfiguration"] = {"level": level}
    descriptor["properties"] = {
        "requirement": record.requirement,
        "area": record.area,
        "tags": [record.area, record.requirement, *[f"WCAG {sc}" for sc in record.wcag]],
        "legalBasis": [reference.model_dump(exclude_none=True) for reference in record.legal_basis],
        "checkability": record.checkability,
    }
    return descriptor


def _artifact_location(path: str, root: Path) -> dict:
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else (root / candidate)
    try:
        relative = absolute.resolve().relative_to(root)
    except (ValueError, OSError):
        return {"uri": absolute.resolve().as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": "%SRCROOT%"}


def _artifact(path: str, root: Path) -> dict:
    return {"location": _artifact_location(path, root), "encoding": "utf-8"}


def _fingerprint_base(finding: Finding) -> str:
    location = finding.location
    anchor = location.logical_path or location.pointer
    return "\x1f".join((finding.code, location.path, anchor, finding.message_id))


def _result(finding: Finding, lang: Lang, root: Path, index: int, base: str, occurrence: int) -> dict:
    rendered = render_finding(finding, lang)
    location = finding.location
    region: dict = {
        "startLine": location.line,
        "startColumn": location.column,
        "endLine": location.end_line,
        "endColumn": max(location.end_column, location.column),
        "charOffset": location.offset,
        "charLength": location.length,
    }
    if finding.snippet:
        region["snippet"] = {"text": finding.snippet}
    physical = {"artifactLocation": _artifact_location(location.path, root), "region": region}
    result: dict = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": rendered.message + (f" {rendered.hint}" if rendered.hint else "")},
        "locations": [{"physicalLocation": physical, "logicalLocations": _logical(finding)}],
        "partialFingerprints": {
            FINGERPRINT_KEY: hashlib.sha256(f"{base}\x1f{occurrence}".encode("utf-8")).hexdigest(),
        },
        "properties": {
            "confidence": finding.confidence.value,
            "messageId": finding.message_id,
            "hint": rendered.hint,
            "fieldLabel": finding.field_label,
            "fieldKey": finding.field_key,
        },
    }
    if finding.evidence:
        result["properties"]["evidence"] = render_evidence(finding.evidence, lang)
    if finding.fix:
        result["properties"]["fix"] = finding.fix
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": _artifact_location(related.location.path, root),
                    "region": {"startLine": related.location.line, "startColumn": related.location.column},
                },
                "message": {"text": related.location.logical_path or related.location.pointer or related.location.path},
            }
            for number, related in enumerate(finding.related, 1)
        ]
    return result


def _logical(finding: Finding) -> list[dict]:
    location = finding.location
    if not location.logical_path and not location.pointer:
        return []
    pointer = location.pointer
    if pointer.startswith("/") and "/@" in pointer:
        kind, key = "attribute", "xpath"
    elif pointer.startswith("/h:") or pointer.startswith("/html"):
        kind, key = ("text" if pointer.endswith("/text()") else "element"), "xpath"
    else:
        last = pointer.rsplit("/", 1)[-1]
        kind, key = ("object" if last.isdigit() or not pointer else "property"), "jsonPointer"
    entry = {"fullyQualifiedName": location.logical_path or pointer, "kind": kind, "properties": {key: pointer}}
    return [entry]
