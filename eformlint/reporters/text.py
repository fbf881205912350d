"""Terminal output for form configurators: grouped by file, one finding per block."""

from __future__ import annotations

from itertools import groupby
from typing import IO

import click

from eformlint.api import Report
from eformlint.findings import Confidence, Finding, Severity
from eformlint.i18n import Lang, t
from eformlint.reporters import render_evidence, render_finding, severity_name
from eformlint.rule import short_text

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def write(report: Report, stream: IO[str], lang: Lang, colour: bool = False) -> None:
    formats = {file.path: file for file in report.files}
    for path, group in groupby(report.findings, key=lambda finding: finding.location.path):
        file = formats.get(path)
        heading = path
        if file is not None and file.format:
            heading += f"  ({t('format.' + file.format, lang)}{', ' + file.variant if file.variant else ''})"
        stream.write(click.style(heading, bold=True) if colour else heading)
        stream.write("\n")
        for finding in group:
            _write_finding(finding, stream, lang, colour)
        stream.write("\n")
    stream.write(summary(report, lang) + "\n")


def _write_finding(finding: Finding, stream: IO[str], lang: Lang, colour: bool) -> None:
    rendered = render_finding(finding, lang)
    location = finding.location
    position = f"{location.line}:{location.column}"
    severity = severity_name(finding, lang)
    if colour:
        severity = click.style(severity, fg=_COLOURS[finding.severity])
    stream.write(f"  {position:>8}  {severity}  {finding.code}  {rendered.message}\n")
    indent = " " * 12
    if finding.field_label or finding.field_key or location.logical_path:
        parts = []
        if finding.field_label or finding.field_key:
            label = short_text(finding.field_label) if finding.field_label else "—"
            key = f" ({t('text.key', lang)}: {finding.field_key})" if finding.field_key else ""
            parts.append(f"{t('text.field', lang)}: {label}{key}")
        if location.logical_path and location.logical_path != finding.field_key:
            parts.append(f"{t('text.path', lang)}: {location.logical_path}")
        stream.write(f"{indent}{' · '.join(parts)}\n")
    if rendered.hint:
        stream.write(f"{indent}{t('text.hint', lang)}: {rendered.hint}\n")
    if finding.confidence is Confidence.LIKELY:
        evidence = f" — {render_evidence(finding.evidence, lang)}" if finding.evidence else ""
        stream.write(f"{indent}{t('text.likely', lang)}{evidence}\n")
    if finding.related:
        places = ", ".join(f"{item.location.path}:{item.location.line}:{item.location.column}" for item in finding.related)
        stream.write(f"{indent}{t('text.related', lang)}: {places}\n")


def summary(report: Report, lang: Lang) -> str:
    return t(
        "text.summary",
        lang,
        files=len(report.files),
        errors=report.count(Severity.ERROR),
        warnings=report.count(Severity.WARNING),
        infos=report.count(Severity.INFO),
    )


def statistics(report: Report, lang: Lang) -> str:
    """Findings and time per rule, most findings first, as tab-separated lines."""
    from collections import Counter

    from eformlint.registry import rule_name

    counts = Counter(finding.code for finding in report.findings)
    codes = sorted(set(counts) | set(report.rule_times), key=lambda code: (-counts[code], code))
    lines = [t("text.statistics_header", lang)]
    for code in codes:
        milliseconds = report.rule_times.get(code, 0.0) * 1000
        lines.append(f"{code}\t{counts[code]}\t{milliseconds:.1f}\t{rule_name(code)}")
    if report.cached:
        lines.append(t("text.cached_files", lang, cached=report.cached, files=len(report.files)))
    if report.suppressed or report.baselined:
        lines.append(t("text.suppressed", lang, suppressed=report.suppressed, baselined=report.baselined))
    return "\n".join(lines) + "\n"
