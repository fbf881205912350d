"""JUnit XML, which Jenkins, GitLab and most CI servers show as test results.

Each checked file is a test case; its findings at or above the failing severity are
``<failure>`` elements, the others are listed in ``<system-out>``. A file without such
findings is a passing case, so the CI's test count shows how many forms were checked.
"""

from __future__ import annotations

from typing import IO

from lxml import etree

from eformlint.api import Report
from eformlint.findings import Severity
from eformlint.i18n import Lang
from eformlint.reporters import render_finding, severity_name


def build(report: Report, lang: Lang, fail_on: Severity = Severity.ERROR) -> etree._Element:
    by_file: dict[str, list] = {file.path: [] for file in report.files}
    for finding in report.findings:
        by_file.setdefault(finding.location.path, []).append(finding)
    failures = sum(1 for findings in by_file.values() if any(f.severity >= fail_on for f in findings))
    suites = etree.Element("testsuites", name="eformlint", tests=str(len(by_file)), failures=str(failures), errors="0")
    suite = etree.SubElement(suites, "testsuite", name="eformlint", tests=str(len(by_file)),
                             failures=str(failures), errors="0", skipped="0")
    for path, findings in by_file.items():
        case = etree.SubElement(suite, "testcase", classname="eformlint", name=path, file=path)
        failing, other = [], []
        for finding in findings:
            rendered = render_finding(finding, lang)
            location = finding.location
            line = (f"{location.path}:{location.line}:{location.column}: {severity_name(finding, lang)} "
                    f"{finding.code} {rendered.message}" + (f" {rendered.hint}" if rendered.hint else ""))
            (failing if finding.severity >= fail_on else other).append((finding, rendered, line))
        if failing:
            # One <failure> per test case: the common JUnit schema allows no more, and
            # several CI viewers show only the first. It lists every failing finding.
            first, rendered, _ = failing[0]
            summary = f"{first.code} {rendered.message}"
            if len(failing) > 1:
                summary += f" (+{len(failing) - 1})"
            failure = etree.SubElement(case, "failure", message=summary, type=first.severity.label)
            failure.text = "\n".join(line for _, _, line in failing)
        if other:
            etree.SubElement(case, "system-out").text = "\n".join(line for _, _, line in other)
    return suites


def write(report: Report, stream: IO[str], lang: Lang, fail_on: Severity = Severity.ERROR) -> None:
    stream.write(etree.tostring(build(report, lang, fail_on), encoding="unicode", pretty_print=True))
