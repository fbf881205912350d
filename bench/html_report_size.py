"""Measure the HTML report for a large synthetic run: file size and rendering time.

Usage: python bench/html_report_size.py [forms] [findings] [output.html]

The findings are made up from the messages of real rules, spread evenly over the forms and
fields, with source excerpts of typical length, so the report has the shape of a real one.
"""

from __future__ import annotations

import io
import itertools
import sys
import time
from pathlib import Path

from eformlint.api import FileReport, Report
from eformlint.findings import Confidence, Finding, Location, Severity
from eformlint.registry import rule_metadata
from eformlint.reporters.html import write


def synthetic_report(forms: int, findings: int) -> Report:
    records = [(code, record) for code, record in rule_metadata().items() if record.messages]
    report = Report()
    per_form = max(findings // max(forms, 1), 1)
    cycle = itertools.cycle(records)
    for form_index in range(forms):
        path = f"forms/so-ban-nganh-{form_index:04d}/to-khai-{form_index:04d}.formio.json"
        report.files.append(FileReport(path, "formio", "form", 1, f"Tờ khai thủ tục số {form_index + 1}", fields=60))
        for finding_index in range(per_form):
            if len(report.findings) >= findings:
                break
            code, record = next(cycle)
            message_id = next(iter(record.messages))
            line = 20 + finding_index * 7
            report.findings.append(Finding(
                code=code,
                severity=record.severity,
                confidence=Confidence.CERTAIN,
                message_id=message_id,
                location=Location(path, line, 17, line, 40, line * 30, 23, f"/components/{finding_index}/label", f"truong{finding_index % 12}"),
                params={"label": f"Họ và tên người khai {finding_index % 12}", "key": f"truong{finding_index % 12}",
                        "message": "Vui lòng nhập đúng định dạng", "example": "123456789"},
                field_label=f"Họ và tên người khai {finding_index % 12}",
                field_key=f"truong{finding_index % 12}",
                snippet='      "label": "Họ và tên người khai",',
                snippet_column=15,
            ))
    return report


def main() -> None:
    forms = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    findings = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    output = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    report = synthetic_report(forms, findings)
    started = time.perf_counter()
    buffer = io.StringIO()
    write(report, buffer, "vi")
    elapsed = time.perf_counter() - started
    data = buffer.getvalue().encode("utf-8")
    if output is not None:
        output.write_bytes(data)
    print(f"{forms} forms, {len(report.findings)} findings: {len(data) / 1_000_000:.1f} MB, rendered in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
