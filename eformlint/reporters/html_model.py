"""The data behind the HTML report: counts, compliance scores and findings grouped by field.

Everything here is plain data in the chosen language, so the template only lays it out.
The compliance score is documented in docs/html-report.md:

    score = 100 × fields / (fields + penalty)

where ``fields`` is the number of fields checked (at least 1) and ``penalty`` adds
:data:`SEVERITY_WEIGHTS` over the findings counted. A form with no finding scores 100; a
form whose penalty equals its number of fields scores 50.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from itertools import groupby

from eformlint.api import FileReport, Report
from eformlint.findings import Finding, Severity
from eformlint.i18n import Lang, t
from eformlint.registry import LegalReference, RuleMetadata, metadata_for, title
from eformlint.reporters import render_evidence, render_finding
from eformlint.rule import AREAS

SEVERITY_WEIGHTS = {Severity.ERROR: 3.0, Severity.WARNING: 1.0, Severity.INFO: 0.0}
APPENDIX01_AREAS = ("giao-dien", "thong-bao-loi", "tu-dong-dien", "xac-thuc-du-lieu")
# Findings of rules without an Appendix 01 area (accessibility, Vietnamese text, structure).
OUTSIDE_APPENDIX01 = "none"
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def compliance_score(fields: int, findings: list[Finding]) -> float:
    """Return the score from 0 (exclusive) to 100 for ``findings`` over ``fields`` fields."""
    penalty = sum(SEVERITY_WEIGHTS[finding.severity] for finding in findings)
    checked = max(fields, 1)
    return 100.0 * checked / (checked + penalty)


@dataclass
class Tally:
    """Findings counted by severity for one group (a form, an area), with its score."""

    key: str
    name: str
    counts: dict[str, int]
    total: int
    score: float


def tally(key: str, name: str, fields: int, findings: list[Finding]) -> Tally:
    counts = {severity.label: 0 for severity in SEVERITIES}
    for finding in findings:
        counts[finding.severity.label] += 1
    return Tally(key, name, counts, len(findings), compliance_score(fields, findings))


@dataclass
class LegalLine:
    document: str
    article: str
    evidence: str
    status: str
    note: str
    url: str


@dataclass
class RuleDoc:
    code: str
    anchor: str
    title: str
    area: str
    area_name: str
    appendix_area: str
    appendix_name: str
    severity: str
    what: str
    why: str
    legal: list[LegalLine]
    wcag: list[str]
    example_format: str
    example_bad: str
    example_good: str
    limitations: str
    count: int


@dataclass
class FindingView:
    anchor: str
    code: str
    rule_anchor: str
    rule_title: str
    severity: str
    severity_name: str
    area: str
    appendix_area: str
    line: int
    column: int
    message: str
    hint: str
    likely: bool
    evidence: str
    logical_path: str
    legal_short: str
    snippet_before: str
    snippet_mark: str
    snippet_after: str
    search_text: str


@dataclass
class FieldGroup:
    label: str
    key: str
    findings: list[FindingView]


@dataclass
class FormView:
    anchor: str
    path: str
    title: str
    format_name: str
    fields: int
    tally: Tally
    groups: list[FieldGroup] = field(default_factory=list)


@dataclass
class ReportView:
    forms: list[FormView]
    severity: Tally
    appendix_areas: list[Tally]
    rule_areas: list[Tally]
    rules: list[RuleDoc]
    fields: int
    findings: int
    # Option lists recognised as a national catalogue: (form anchor, form path, data path,
    # label, catalogue name, entries matched, entries in the list).
    inventory: list[tuple[str, str, str, str, str, int, int]] = field(default_factory=list)


def build_view(report: Report, lang: Lang) -> ReportView:
    """Group the report's findings by form and field and compute every count and score."""
    by_path: dict[str, list[Finding]] = {file.path: [] for file in report.files}
    for finding in report.findings:
        by_path.setdefault(finding.location.path, []).append(finding)
    files = {file.path: file for file in report.files}
    total_fields = sum(file.fields for file in report.files)
    rule_anchors: dict[str, str] = {}
    forms = []
    used_anchors: set[str] = set()
    for path, findings in by_path.items():
        file = files.get(path) or FileReport(path)
        forms.append(_form_view(file, findings, lang, used_anchors, rule_anchors))

    appendix_areas = []
    for area in (*APPENDIX01_AREAS, OUTSIDE_APPENDIX01):
        members = [finding for finding in report.findings if _appendix_area(finding.code) == area]
        appendix_areas.append(tally(area, t(f"html.appendix.{area}", lang), total_fields, members))
    rule_areas = []
    for area in AREAS:
        members = [finding for finding in report.findings if _rule_area(finding.code) == area]
        rule_areas.append(tally(area, t(f"area.{area}", lang), total_fields, members))

    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    rules = [_rule_doc(code, rule_anchors[code], counts[code], lang) for code in sorted(counts)]
    anchors = {form.path: form.anchor for form in forms}
    inventory = [
        (anchors.get(file.path, ""), file.path, path, label, t(f"html.catalogue.{ident}", lang), matched, total)
        for file in report.files for path, label, ident, matched, total in file.inventory
    ]
    return ReportView(
        forms=forms,
        severity=tally("all", "", total_fields, report.findings),
        appendix_areas=appendix_areas,
        rule_areas=rule_areas,
        rules=rules,
        fields=total_fields,
        findings=len(report.findings),
        inventory=inventory,
    )


def _form_view(file: FileReport, findings: list[Finding], lang: Lang, used: set[str], rule_anchors: dict[str, str]) -> FormView:
    anchor = _unique(f"form-{hashlib.sha1(file.path.encode('utf-8')).hexdigest()[:8]}", used)
    format_name = t(f"format.{file.format}", lang) if file.format else ""
    view = FormView(anchor, file.path, file.title, format_name, file.fields, tally(anchor, file.title or file.path, file.fields, findings))

    def field_of(finding: Finding) -> tuple[str, str]:
        # The data path tells apart fields that share a key in different containers.
        return (finding.location.logical_path or finding.field_key, finding.field_label)

    # Keep the order of first appearance in the file: findings are sorted by offset.
    order: dict[tuple[str, str], int] = {}
    for finding in findings:
        order.setdefault(field_of(finding), len(order))
    for (key, label), members in groupby(sorted(findings, key=lambda item: order[field_of(item)]), key=field_of):
        views = []
        for finding in members:
            rule_anchor = rule_anchors.setdefault(finding.code, "rule-" + _slug(finding.code))
            views.append(_finding_view(finding, anchor, rule_anchor, lang, used))
        view.groups.append(FieldGroup(label, key, views))
    return view


def _finding_view(finding: Finding, form_anchor: str, rule_anchor: str, lang: Lang, used: set[str]) -> FindingView:
    rendered = render_finding(finding, lang)
    location = finding.location
    anchor = _unique(f"{form_anchor}-{_slug(finding.code)}-{location.line}-{location.column}", used)
    start = min(max(finding.snippet_column, 0), len(finding.snippet))
    # Mark the finding's region inside the excerpt, at least one character when there is one.
    end = min(len(finding.snippet), start + max(location.length, 1))
    record = metadata_for(finding.code)
    legal_short = "; ".join(_legal_short(reference, lang) for reference in record.legal_basis[:2]) if record else ""
    search_parts = [finding.code, finding.field_label, finding.field_key, location.logical_path, rendered.message, rendered.hint]
    return FindingView(
        anchor=anchor,
        code=finding.code,
        rule_anchor=rule_anchor,
        rule_title=title(finding.code, lang),
        severity=finding.severity.label,
        severity_name=t(f"severity.{finding.severity.label}", lang),
        area=_rule_area(finding.code),
        appendix_area=_appendix_area(finding.code),
        line=location.line,
        column=location.column,
        message=rendered.message,
        hint=rendered.hint,
        likely=finding.confidence.value == "likely",
        evidence=render_evidence(finding.evidence, lang),
        logical_path=location.logical_path if location.logical_path != finding.field_key else "",
        legal_short=legal_short,
        snippet_before=finding.snippet[:start].lstrip(),
        snippet_mark=finding.snippet[start:end],
        snippet_after=finding.snippet[end:],
        search_text=" ".join(part for part in search_parts if part),
    )


def _legal_short(reference: LegalReference, lang: Lang) -> str:
    # The document only: the article and the evidence are in the rule's section of the report.
    text = reference.document
    if reference.status != "in-force":
        text += f" ({t(f'explain.status.{reference.status}', lang)})"
    return text


def _rule_doc(code: str, anchor: str, count: int, lang: Lang) -> RuleDoc:
    record: RuleMetadata | None = metadata_for(code)
    if record is None:
        # A rule from a third-party pack without metadata in this package.
        return RuleDoc(code, anchor, code, "", "", OUTSIDE_APPENDIX01, t(f"html.appendix.{OUTSIDE_APPENDIX01}", lang),
                       "", "", "", [], [], "", "", "", "", count)
    docs = record.docs
    appendix = record.appendix01_area or OUTSIDE_APPENDIX01
    legal = [
        LegalLine(
            document=reference.document,
            article=reference.article or "",
            evidence=t(f"explain.evidence.{reference.evidence}", lang),
            status=t(f"explain.status.{reference.status}", lang),
            note=reference.note.get(lang) if reference.note else "",
            url=reference.url or "",
        )
        for reference in record.legal_basis
    ]
    return RuleDoc(
        code=code,
        anchor=anchor,
        title=record.title.get(lang),
        area=record.area,
        area_name=t(f"area.{record.area}", lang),
        appendix_area=appendix,
        appendix_name=t(f"html.appendix.{appendix}", lang),
        severity=t(f"severity.{record.default_severity}", lang),
        what=docs.what.get(lang),
        why=docs.why.get(lang),
        legal=legal,
        wcag=list(record.wcag),
        example_format=docs.example.format if docs.example else "",
        example_bad=docs.example.bad if docs.example else "",
        example_good=docs.example.good if docs.example else "",
        limitations=docs.limitations.get(lang) if docs.limitations else "",
        count=count,
    )


def _rule_area(code: str) -> str:
    record = metadata_for(code)
    return record.area if record else "structure"


def _appendix_area(code: str) -> str:
    record = metadata_for(code)
    return (record.appendix01_area if record else None) or OUTSIDE_APPENDIX01


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "_", text)


def _unique(anchor: str, used: set[str]) -> str:
    candidate = anchor
    suffix = 2
    while candidate in used:
        candidate = f"{anchor}-{suffix}"
        suffix += 1
    used.add(candidate)
    return candidate
