"""The HTML report without a browser: content, escaping, formatting and the score."""

from __future__ import annotations

import importlib.util
import re
from datetime import date, datetime, timezone

import pytest
from markupsafe import escape

from html_support import HOSTILE_FORM, PAYLOAD_IMAGE, PAYLOAD_SCRIPT, PAYLOAD_TITLE, render_html
from support import FIXTURES, REPO, lint, lint_string
from eformlint.api import FileReport, Report
from eformlint.cli import build_cli
from eformlint.findings import Confidence, Finding, Location, Severity
from eformlint.i18n import engine_strings
from eformlint.registry import RULEBOOK_EDITION, metadata_for
from eformlint.reporters import FORMATS, get_writer
from eformlint.reporters.html import format_date, format_datetime, format_number
from eformlint.reporters.html_model import compliance_score


def finding(severity: Severity) -> Finding:
    return Finding("UI-001", severity, Confidence.CERTAIN, "hidden_label", Location("form.json"))


def test_html_is_a_registered_format() -> None:
    assert "html" in FORMATS
    assert get_writer("html").__module__ == "eformlint.reporters.html"


def test_numbers_follow_the_language() -> None:
    assert format_number(1234, "vi") == "1.234"
    assert format_number(1234, "en") == "1,234"
    assert format_number(1234567.5, "vi", 1) == "1.234.567,5"
    assert format_number(1234567.5, "en", 1) == "1,234,567.5"
    assert format_number(87.4, "vi") == "87"


def test_dates_follow_the_language() -> None:
    assert format_date(date(2026, 12, 4), "vi") == "04/12/2026"
    assert format_date(date(2026, 12, 4), "en") == "4 December 2026"
    moment = datetime(2026, 3, 9, 7, 5, tzinfo=timezone.utc)
    assert format_datetime(moment, "vi") == "09/03/2026 07:05 UTC"


def test_score_is_100_without_findings() -> None:
    assert compliance_score(10, []) == 100.0


def test_score_weights_severities() -> None:
    # 10 fields, penalty 3 + 1 + 0 = 4: 100 × 10 / 14.
    findings = [finding(Severity.ERROR), finding(Severity.WARNING), finding(Severity.INFO)]
    assert compliance_score(10, findings) == pytest.approx(1000 / 14)
    # A penalty equal to the number of fields halves the score.
    assert compliance_score(3, [finding(Severity.ERROR)]) == pytest.approx(50.0)
    # A file with no readable field counts as one field.
    assert compliance_score(0, [finding(Severity.WARNING)]) == pytest.approx(50.0)


def test_form_content_is_escaped() -> None:
    report = lint_string(HOSTILE_FORM, filename="hostile.formio.json")
    assert report.findings, "the hostile form must produce findings to show its texts"
    page = render_html(report)
    for payload in (PAYLOAD_SCRIPT, PAYLOAD_IMAGE, PAYLOAD_TITLE):
        assert payload not in page
    assert "&lt;script&gt;window.__pwned = &#39;label&#39;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    # The page has exactly one script element: the report's own.
    assert len(re.findall(r"<script[\s>]", page)) == 1


def test_report_has_summary_forms_and_rules() -> None:
    report = lint(FIXTURES / "UI-001" / "bad.formio.json")
    page = render_html(report)
    codes = {item.code for item in report.findings}
    assert codes
    for code in codes:
        anchor = "rule-" + re.sub(r"[^A-Za-z0-9-]+", "_", code)
        assert f'<article class="rule" id="{anchor}"' in page
        assert f'href="#{anchor}"' in page
        record = metadata_for(code)
        if record is not None:  # A rule without metadata still gets a section, with its code only.
            assert str(escape(record.docs.what.vi)) in page
    assert page.count('<li class="fd"') == len(report.findings)
    assert page.count('<section class="form"') == 1
    assert "Tổng quan" in page
    assert 'lang="vi"' in page


def test_every_finding_shows_position_and_field() -> None:
    report = lint(FIXTURES / "UI-001" / "bad.formio.json")
    page = render_html(report)
    for item in report.findings:
        assert f"Dòng {item.location.line}, cột {item.location.column}" in page
        if item.field_key:
            assert f"<code>{item.field_key}</code>" in page


def test_english_report() -> None:
    report = lint(FIXTURES / "UI-001" / "bad.formio.json")
    page = render_html(report, "en")
    assert 'lang="en"' in page
    assert "Summary" in page
    assert "Tổng quan" not in page
    assert format_date(RULEBOOK_EDITION, "en") in page


def test_generation_date_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764806400")  # 2025-12-04 00:00 UTC
    page = render_html(lint(FIXTURES / "UI-001" / "bad.formio.json"))
    assert "04/12/2025 00:00 UTC" in page
    assert format_date(RULEBOOK_EDITION, "vi") in page


def test_report_is_self_contained() -> None:
    page = render_html(lint(FIXTURES / "ERR-003" / "bad.formio.json"))
    assert not re.search(r"""<(link|img|iframe|object|embed)\b""", page)
    assert not re.search(r"""\bsrc\s*=""", page)
    assert "@import" not in page
    assert "url(" not in page
    assert "default-src 'none'" in page


def test_empty_report_renders() -> None:
    report = lint(FIXTURES / "DEF-004" / "good.formio.json", "DEF")
    page = render_html(report)
    assert not report.findings
    assert engine_strings()["html.no_findings"]["vi"] in page


def test_cli_writes_html_file(tmp_path) -> None:
    from click.testing import CliRunner

    output = tmp_path / "report.html"
    result = CliRunner().invoke(build_cli("vi"), [
        "check", str(FIXTURES / "VAL-001" / "bad.formio.json"), "--output-format", "html",
        "--output-file", str(output), "--lang", "en",
    ], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    text = output.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "VAL-001" in text
    assert 'lang="en"' in text


def test_html_strings_exist_in_both_languages() -> None:
    keys = [key for key in engine_strings() if key.startswith("html.")]
    assert len(keys) > 40
    for key in keys:
        assert engine_strings()[key]["vi"].strip(), key
        assert engine_strings()[key]["en"].strip(), key


def test_score_is_rounded_down() -> None:
    # One warning over 1,000 fields scores 99.9: shown as 99, never as a clean 100.
    report = Report(files=[FileReport("form.json", "formio", "form", 1, "Tờ khai", fields=1000)],
                    findings=[finding(Severity.WARNING)])
    page = render_html(report)
    assert "Điểm tuân thủ: <strong>99</strong>" in page
    assert "Điểm tuân thủ: <strong>100</strong>" not in page


def test_size_per_finding_stays_small() -> None:
    # The full bound (500 forms, 20,000 findings under 25 MB) is measured by the benchmark,
    # which takes several seconds; this keeps the size of one finding within that budget.
    spec = importlib.util.spec_from_file_location("html_report_size", REPO / "bench" / "html_report_size.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    report = bench.synthetic_report(50, 2000)
    size = len(render_html(report).encode("utf-8"))
    assert len(report.findings) == 2000
    assert size / 2000 < 1250
