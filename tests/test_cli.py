"""The command line as a user runs it: exit codes, languages, outputs and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from support import FIXTURES, REPO
from eformlint.cli import build_cli, main


def invoke(*args: str, cwd: Path = REPO, lang: str = "vi"):
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(build_cli(lang), list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_clean_form_exits_zero() -> None:
    result = invoke("check", str(FIXTURES / "DEF-004" / "good.formio.json"), "--select", "DEF")
    assert result.exit_code == 0
    assert "0 lỗi" in result.output


def test_error_finding_exits_one_and_is_vietnamese() -> None:
    result = invoke("check", str(FIXTURES / "DEF-003" / "bad.formio.json"))
    assert result.exit_code == 1
    assert "DEF-003" in result.output
    assert "không hợp lệ trong JavaScript" in result.output
    assert "18:24" in result.output


def test_warnings_do_not_fail_by_default_but_fail_on_warning() -> None:
    path = str(FIXTURES / "UI-010.3" / "bad.formio.json")
    assert invoke("check", path, "--select", "UI-010.3").exit_code == 0
    assert invoke("check", path, "--select", "UI-010.3", "--fail-on", "warning").exit_code == 1
    assert invoke("check", path, "--select", "UI-010.3", "--fail-on", "warning", "--exit-zero").exit_code == 0


def test_english_output() -> None:
    result = invoke("check", str(FIXTURES / "DEF-003" / "bad.formio.json"), "--lang", "en")
    assert "is not valid JavaScript" in result.output
    assert "Checked 1 file(s)" in result.output


def test_missing_path_exits_two() -> None:
    result = invoke("check", "no/such/form.json")
    assert result.exit_code == 2
    assert "no/such/form.json" in result.output


def test_unparsable_file_is_a_finding_and_run_continues() -> None:
    result = invoke("check", str(FIXTURES / "INP-002"), str(FIXTURES / "DEF-004" / "bad.formio.json"), "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    found = {(f["code"], Path(f["file"]).name) for f in data["findings"]}
    assert ("INP-002", "bad.formio.json") in found
    assert ("INP-002", "bad.xform.xml") in found
    assert ("DEF-004", "bad.formio.json") in found


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    link = tmp_path / "gone.json"
    link.symlink_to(tmp_path / "missing-target.json")
    result = invoke("check", str(link), "-f", "json", cwd=tmp_path)
    data = json.loads(result.output)
    assert [f["code"] for f in data["findings"]] == ["INP-001"]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[tool.eformlint]\nselct = ['UI']\n", "selct"),
        ("[tool.eformlint]\nfail-on = 'fatal'\n", "fail-on"),
        ("[tool.eformlint]\nselect = ['NOPE-999']\n", "NOPE-999"),
        ("[tool.eformlint\n", "invalid TOML"),
        ("[tool.eformlint.rules.UI-005.options]\nmax-fields = 3\n", "max-top-level-fields"),
    ],
)
def test_bad_config_exits_two_and_names_the_key(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / "pyproject.toml").write_text(content, encoding="utf-8")
    form = tmp_path / "form.json"
    form.write_bytes((FIXTURES / "UI-001" / "good.formio.json").read_bytes())
    result = invoke("check", "form.json", cwd=tmp_path)
    assert result.exit_code == 2
    assert expected in result.output


def test_config_is_found_upwards_and_applied(tmp_path: Path) -> None:
    (tmp_path / "eformlint.toml").write_text('ignore = ["DEF-003"]\nlang = "en"\n', encoding="utf-8")
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "a.json").write_bytes((FIXTURES / "DEF-003" / "bad.formio.json").read_bytes())
    result = invoke("check", ".", cwd=forms)
    assert "DEF-003" not in result.output
    assert "Checked 1 file(s)" in result.output


def test_output_file_and_sarif(tmp_path: Path) -> None:
    out = tmp_path / "out.sarif"
    result = invoke("check", str(FIXTURES / "DEF-003"), "-f", "sarif", "-o", str(out))
    assert result.exit_code == 1
    sarif = json.loads(out.read_text(encoding="utf-8"))
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sarif["version"] == "2.1.0"
    assert "DEF-003" in {result["ruleId"] for result in sarif["runs"][0]["results"]}


def test_rules_and_explain() -> None:
    listing = invoke("rules", "--area", "autofill")
    assert "AUTO-001" in listing.output and "VAL-001" not in listing.output
    explained = invoke("explain", "VAL-001", "--lang", "en")
    assert explained.exit_code == 0
    assert "Legal basis" in explained.output and "12 digits" in explained.output
    assert invoke("explain", "XYZ-1").exit_code == 2


def test_help_follows_language() -> None:
    assert "Kiểm tra" in invoke("--help").output
    assert "Check electronic forms" in invoke("--help", lang="en").output


def test_python_module_entry_point(tmp_path: Path) -> None:
    # Run outside the checkout: ``python -m`` puts the working folder first on sys.path.
    completed = subprocess.run(
        [sys.executable, "-m", "eformlint", "check", str(FIXTURES / "DEF-003" / "bad.formio.json"), "--lang", "en"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert completed.returncode == 1
    assert "DEF-003" in completed.stdout
