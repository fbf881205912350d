"""JSON output with stable, documented fields (see docs/output-json.md).

The top-level object has ``version`` (the format version of this output, 1), ``tool``,
``language``, ``summary``, ``files`` and ``findings``. Fields are only ever added, never
renamed, within one format version.
"""

from __future__ import annotations

from typing import IO

from eformlint import __version__
from eformlint.api import Report
from eformlint.findings import Finding, Severity
from eformlint.i18n import Lang
from eformlint.registry import rule_name
from eformlint.reporters import render_evidence, render_finding
from eformlint.reporters.json_text import write_json

FORMAT_VERSION = 1


def finding_to_dict(finding: Finding, lang: Lang) -> dict:
    rendered = render_finding(finding, lang)
    location = finding.location
    return {
        "code": finding.code,
        "name": rule_name(finding.code),
        "severity": finding.severity.label,
        "confidence": finding.confidence.value,
        "message_id": finding.message_id,
        "message": rendered.message,
        "hint": rendered.hint,
        "params": {key: value for key, value in finding.params.items()},
        "file": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "offset": location.offset,
        "length": location.length,
        "pointer": location.pointer,
        "logical_path": location.logical_path,
        "field": {"label": finding.field_label, "key": finding.field_key},
        "evidence": render_evidence(finding.evidence, lang),
        "evidence_kind": finding.evidence[0] if finding.evidence else "",
        "fix": finding.fix or None,
        "related": [
            {"file": rel.location.path, "line": rel.location.line, "column": rel.location.column,
             "pointer": rel.location.pointer, "logical_path": rel.location.logical_path}
            for rel in finding.related
        ],
    }


def write(report: Report, stream: IO[str], lang: Lang) -> None:
    payload = {
        "version": FORMAT_VERSION,
        "tool": {"name": "eformlint", "version": __version__},
        "language": lang,
        "summary": {
            "files": len(report.files),
            "findings": len(report.findings),
            "error": report.count(Severity.ERROR),
            "warning": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
        },
        "files": [
            {"file": file.path, "format": file.format, "variant": file.variant, "documents": file.documents, "title": file.title,
             "inventory": [{"path": path, "label": label, "catalogue": ident, "matched": matched, "options": total}
                           for path, label, ident, matched, total in file.inventory]}
            for file in report.files
        ],
        "findings": [finding_to_dict(finding, lang) for finding in report.findings],
    }
    # One line per file and per finding.
    write_json(payload, stream, inline_at=2)
