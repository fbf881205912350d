"""GitHub Actions workflow commands that become annotations on the pull request.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50 per
job (actions/toolkit, docs/problem-matchers.md). Past the per-step cap of a kind, the
remaining findings are still printed as plain log lines, and one notice says how many
were not shown as annotations, so nothing disappears silently.
"""

from __future__ import annotations

from typing import IO

from eformlint.api import Report
from eformlint.findings import Severity
from eformlint.i18n import Lang, t
from eformlint.reporters import render_finding

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
PER_STEP_LIMIT = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def lines(report: Report, lang: Lang) -> list[str]:
    out = []
    shown = {severity: 0 for severity in Severity}
    hidden = {severity: 0 for severity in Severity}
    totals = {severity: sum(1 for f in report.findings if f.severity is severity) for severity in Severity}
    limits = dict.fromkeys(Severity, PER_STEP_LIMIT)
    if any(count > PER_STEP_LIMIT for count in totals.values()):
        limits[Severity.INFO] = PER_STEP_LIMIT - 1  # keep room for the closing notice
    for finding in report.findings:
        rendered = render_finding(finding, lang)
        location = finding.location
        message = rendered.message + (f" {rendered.hint}" if rendered.hint else "")
        if shown[finding.severity] < limits[finding.severity]:
            shown[finding.severity] += 1
            properties = ",".join((
                f"file={escape_property(location.path)}",
                f"line={location.line}",
                f"col={location.column}",
                f"endLine={location.end_line}",
                f"endColumn={max(location.end_column, location.column)}",
                f"title={escape_property(finding.code)}",
            ))
            out.append(f"::{COMMANDS[finding.severity]} {properties}::{escape_data(message)}")
        else:
            hidden[finding.severity] += 1
            out.append(f"{location.path}:{location.line}:{location.column}: {finding.code} {message}")
    total_hidden = sum(hidden.values())
    if total_hidden:
        out.append("::notice title=eformlint::" + escape_data(t("github.more_not_shown", lang, count=total_hidden)))
    return out


def write(report: Report, stream: IO[str], lang: Lang) -> None:
    for line in lines(report, lang):
        stream.write(line + "\n")
