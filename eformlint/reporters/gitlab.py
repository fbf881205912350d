"""GitLab Code Quality report: a JSON array that merge requests show as code-quality findings.

Each issue has a description, a check name, a fingerprint that survives reformatting,
a severity (GitLab's scale: info, minor, major, critical, blocker) and a location with
the file path and the begin line.
"""

from __future__ import annotations

from typing import IO

from eformlint.api import Report
from eformlint.baseline import key
from eformlint.findings import Severity
from eformlint.i18n import Lang
from eformlint.reporters import render_finding
from eformlint.reporters.json_text import write_json

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def build(report: Report, lang: Lang) -> list[dict]:
    issues = []
    seen: dict[str, int] = {}
    for finding in report.findings:
        rendered = render_finding(finding, lang)
        base = key(finding)
        seen[base] = seen.get(base, 0) + 1
        fingerprint = base if seen[base] == 1 else f"{base}-{seen[base]}"
        issues.append({
            "type": "issue",
            "check_name": finding.code,
            "description": f"{finding.code} {rendered.message}",
            "content": {"body": rendered.hint},
            "categories": ["Style" if finding.severity is Severity.INFO else "Bug Risk"],
            "fingerprint": fingerprint,
            "severity": SEVERITIES[finding.severity],
            "location": {
                "path": finding.location.path,
                "lines": {"begin": finding.location.line, "end": finding.location.end_line},
            },
        })
    return issues


def write(report: Report, stream: IO[str], lang: Lang) -> None:
    write_json(build(report, lang), stream, inline_at=1)  # one line per issue
