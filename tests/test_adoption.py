"""Adopting eformlint in a repository: suppressions, baseline, per-path settings, CI outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from support import FIXTURES, default_config
from eformlint.api import lint_data, lint_paths
from eformlint.cli import build_cli
from eformlint.config import load_config

BAD_PATTERN_FORM = FIXTURES / "DEF-003" / "bad.formio.json"


def run(tmp: Path, *args: str, input: bytes | None = None):
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(tmp)
    try:
        return runner.invoke(build_cli("en"), ["check", "--lang", "en", *args], input=input, catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "a.json").write_bytes(BAD_PATTERN_FORM.read_bytes())
    (forms / "b.json").write_bytes((FIXTURES / "VAL-001" / "bad.formio.json").read_bytes())
    return tmp_path


def _codes(report) -> list[str]:
    return [finding.code for finding in report.findings]


def test_suppression_in_formio_properties(tmp_path: Path) -> None:
    form = json.loads(BAD_PATTERN_FORM.read_text(encoding="utf-8"))
    component = form["components"][0]["components"][0]
    component["properties"] = {"eformlint.suppress": "DEF-003, UI-002: mẫu được kiểm tra ở máy chủ"}
    (tmp_path / "form.json").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    report = lint_paths([str(tmp_path / "form.json")], default_config(tmp_path))
    assert "DEF-003" not in _codes(report)
    assert report.suppressed >= 1


def test_suppression_without_reason_is_reported_not_applied(tmp_path: Path) -> None:
    form = json.loads(BAD_PATTERN_FORM.read_text(encoding="utf-8"))
    form["components"][0]["components"][0]["properties"] = {"eformlint.suppress": "DEF-003"}
    (tmp_path / "form.json").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    codes = _codes(lint_paths([str(tmp_path / "form.json")], default_config(tmp_path)))
    assert "DEF-003" in codes
    assert "SUP-002" in codes


def test_suppression_in_xml_comment(tmp_path: Path) -> None:
    text = (FIXTURES / "ERR-001.1" / "bad.xform.xml").read_text(encoding="utf-8")
    text = text.replace('      <bind nodeset="/to_khai/nghe_nghiep"',
                        '      <!-- eformlint: suppress ERR-001.1: thông báo do máy chủ cung cấp -->\n'
                        '      <bind nodeset="/to_khai/nghe_nghiep"')
    (tmp_path / "form.xml").write_text(text, encoding="utf-8")
    report = lint_paths([str(tmp_path / "form.xml")], default_config(tmp_path), select=["ERR-001.1", "SUP"])
    assert [(f.code, f.message_id) for f in report.findings] == [("ERR-001.1", "xforms_constraint_without_message")]


def test_config_suppression_by_file_and_path(repo: Path) -> None:
    (repo / "eformlint.toml").write_text(
        '[[suppress]]\nfiles = ["forms/a.json"]\npath = "MaHoSo"\nrules = ["DEF-003"]\nreason = "đã có ngoại lệ"\n'
        '[[suppress]]\nfiles = ["forms/b.json"]\nrules = ["DEF-001"]\nreason = "không còn dùng"\n',
        encoding="utf-8")
    report = lint_paths([str(repo / "forms")], load_config(start=repo))
    codes = _codes(report)
    assert "DEF-003" not in codes
    assert codes.count("SUP-001") == 1
    unused = [f for f in report.findings if f.code == "SUP-001"][0]
    assert unused.location.path.endswith("eformlint.toml")


def test_baseline_reports_only_new_findings(repo: Path) -> None:
    result = run(repo, "forms", "--write-baseline", "baseline.json")
    assert result.exit_code == 0
    assert json.loads((repo / "baseline.json").read_text())["entries"]
    assert run(repo, "forms", "--baseline", "baseline.json").exit_code == 0
    # A new error in another file fails the build again.
    (repo / "forms" / "c.json").write_bytes(BAD_PATTERN_FORM.read_bytes())
    result = run(repo, "forms", "--baseline", "baseline.json", "-f", "json")
    assert result.exit_code == 1
    assert {Path(f["file"]).name for f in json.loads(result.stdout)["findings"]} == {"c.json"}


def test_baseline_survives_reformatting_and_reports_stale(repo: Path) -> None:
    run(repo, "forms", "--write-baseline", "baseline.json")
    form = json.loads((repo / "forms" / "a.json").read_text(encoding="utf-8"))
    form["components"].insert(0, {"type": "htmlelement", "key": "gioiThieu", "input": False, "content": "<p>Giới thiệu</p>"})
    (repo / "forms" / "a.json").write_text(json.dumps(form, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (repo / "forms" / "b.json").unlink()
    result = run(repo, "forms", "--baseline", "baseline.json")
    assert result.exit_code == 0
    assert "Checked 1 file(s): 0 error(s), 0 warning(s)" in result.stdout
    assert "baseline entries no longer match" in result.stderr


def test_invalid_baseline_exits_two(repo: Path) -> None:
    (repo / "baseline.json").write_text("{not json", encoding="utf-8")
    result = run(repo, "forms", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert "baseline.json" in result.stderr


def test_per_path_override_and_extend(repo: Path) -> None:
    (repo / "shared.toml").write_text('ignore = ["UI"]\n[rules.VAL-001]\nseverity = "error"\n', encoding="utf-8")
    (repo / "eformlint.toml").write_text(
        'extend = "shared.toml"\n[[overrides]]\nfiles = ["forms/a.json"]\nignore = ["DEF-003"]\n', encoding="utf-8")
    loaded = load_config(start=repo)
    assert loaded.config.ignore == ["UI"]
    assert "DEF-003" in loaded.for_file("forms/a.json").ignore
    report = lint_paths([str(repo / "forms")], loaded)
    codes = _codes(report)
    assert "DEF-003" not in codes
    assert not any(code.startswith("UI-") for code in codes)
    val = [f for f in report.findings if f.code == "VAL-001" and f.confidence.value == "certain"]
    assert val and val[0].severity.label == "error"


def test_extend_loop_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "eformlint.toml").write_text('extend = "other.toml"\n', encoding="utf-8")
    (tmp_path / "other.toml").write_text('extend = "eformlint.toml"\n', encoding="utf-8")
    result = run(tmp_path, ".")
    assert result.exit_code == 2
    assert "loop" in result.stderr


def test_config_command_prints_effective_settings(repo: Path) -> None:
    (repo / "eformlint.toml").write_text('[[overrides]]\nfiles = ["forms/a.json"]\nfail-on = "info"\n', encoding="utf-8")
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(repo)
    try:
        result = runner.invoke(build_cli("en"), ["config", "forms/a.json"])
    finally:
        os.chdir(old)
    data = json.loads(result.stdout)
    assert data["file"] == "forms/a.json"
    assert data["settings"]["fail-on"] == "info"


def test_several_outputs_in_one_run(repo: Path) -> None:
    result = run(repo, "forms", "--output", "sarif:out.sarif", "--output", "junit:out.xml", "--output", "gitlab:cq.json")
    assert result.exit_code == 1
    assert "DEF-003" in result.stdout
    assert json.loads((repo / "out.sarif").read_text())["version"] == "2.1.0"
    assert etree.parse(str(repo / "out.xml")).getroot().tag == "testsuites"
    assert json.loads((repo / "cq.json").read_text())


def test_bad_output_spec_is_usage_error(repo: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(build_cli("en"), ["check", str(repo / "forms"), "--output", "pdf:x.pdf"])
    assert result.exit_code == 2


def test_junit_structure(repo: Path) -> None:
    run(repo, "forms", "--output", "junit:out.xml")
    root = etree.parse(str(repo / "out.xml")).getroot()
    cases = root.findall("testsuite/testcase")
    assert {case.get("name") for case in cases} == {"forms/a.json", "forms/b.json"}
    failing = [case for case in cases if case.find("failure") is not None]
    assert [case.get("name") for case in failing] == ["forms/a.json"]
    assert root.get("tests") == "2" and root.get("failures") == "1"


GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string"},
            "fingerprint": {"type": "string"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {"path": {"type": "string"},
                               "lines": {"type": "object", "required": ["begin"],
                                         "properties": {"begin": {"type": "integer", "minimum": 1}}}},
            },
        },
    },
}


def test_gitlab_code_quality_validates(repo: Path) -> None:
    import jsonschema

    run(repo, "forms", "--output", "gitlab:cq.json")
    issues = json.loads((repo / "cq.json").read_text())
    jsonschema.validate(issues, GITLAB_SCHEMA)
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(fingerprints) == len(set(fingerprints))


def test_github_annotations_cap_and_escape(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    for index in range(12):
        (forms / f"f{index:02}.json").write_bytes(BAD_PATTERN_FORM.read_bytes())
    result = run(tmp_path, "forms", "-f", "github", "--select", "DEF-003")
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 10
    assert errors[0].startswith("::error file=forms/f00.json,line=18,col=24,")
    assert lines[-1].startswith("::notice title=eformlint::2 more findings not shown")
    plain = [line for line in lines if line.startswith("forms/f1")]
    assert len(plain) == 2


def test_stdin_filename(repo: Path) -> None:
    (repo / "eformlint.toml").write_text('[[overrides]]\nfiles = ["forms/skip.json"]\nignore = ["DEF-003"]\n', encoding="utf-8")
    data = BAD_PATTERN_FORM.read_bytes()
    assert run(repo, "--stdin-filename", "forms/new.json", input=data).exit_code == 1
    skipped = run(repo, "--stdin-filename", "forms/skip.json", "--select", "DEF-003", input=data)
    assert skipped.exit_code == 0
    assert "forms/new.json" in run(repo, "--stdin-filename", "forms/new.json", input=data).stdout


def test_statistics(repo: Path) -> None:
    result = run(repo, "forms", "--statistics")
    lines = result.stderr.splitlines()
    header = lines.index("Code\tFindings\tTime (ms)\tName")
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[header + 1:] if "\t" in line}
    assert rows["DEF-003"][1] == "1"
    assert float(rows["DEF-003"][2]) >= 0


def test_python_api_on_parsed_dict() -> None:
    form = {"components": [{"type": "number", "key": "SoDinhDanh", "label": "Số định danh cá nhân", "input": True}]}
    report = lint_data(form, "form.json", default_config(), select=["FMT-002"])
    (finding,) = report.findings
    assert finding.code == "FMT-002"
    assert finding.location.line == 4
    assert finding.field_key == "SoDinhDanh"


def test_own_outputs_and_tool_files_are_not_linted(repo: Path) -> None:
    run(repo, "forms", "--output", "json:forms/eformlint.json", "--write-baseline", "forms/.eformlint-baseline.json")
    (repo / "forms" / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    report = lint_paths([str(repo / "forms")], default_config(repo))
    assert sorted(file.path for file in report.files) == ["forms/a.json", "forms/b.json"]


def test_force_exclude_applies_to_named_files(repo: Path) -> None:
    (repo / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    named = run(repo, "package.json", "forms/a.json", "-f", "json")
    assert {f["file"] for f in json.loads(named.stdout)["findings"]} >= {"package.json"}
    forced = run(repo, "--force-exclude", "package.json", "forms/a.json", "-f", "json")
    assert "package.json" not in {f["file"] for f in json.loads(forced.stdout)["findings"]}
    assert [file["file"] for file in json.loads(forced.stdout)["files"]] == ["forms/a.json"]


def test_fix_with_stdin_is_usage_error(repo: Path) -> None:
    result = run(repo, "--stdin-filename", "forms/a.json", "--fix", input=BAD_PATTERN_FORM.read_bytes())
    assert result.exit_code == 2
    assert "--fix" in result.stderr


def test_dotted_rule_code_tables(tmp_path: Path) -> None:
    (tmp_path / "eformlint.toml").write_text('[rules.UI-010.5]\nseverity = "off"\n[rules."UI-010.2"]\nseverity = "error"\n',
                                             encoding="utf-8")
    loaded = load_config(start=tmp_path)
    assert loaded.config.rules["UI-010.5"].severity == "off"
    assert loaded.config.rules["UI-010.2"].severity == "error"


def test_junit_has_one_failure_per_file(tmp_path: Path) -> None:
    form = json.loads(BAD_PATTERN_FORM.read_text(encoding="utf-8"))
    form["components"][0]["components"].append(dict(form["components"][0]["components"][0], key="MaHoSo2"))
    (tmp_path / "two.json").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    run(tmp_path, "two.json", "--select", "DEF-003", "--output", "junit:out.xml")
    (case,) = etree.parse(str(tmp_path / "out.xml")).getroot().findall("testsuite/testcase")
    failures = case.findall("failure")
    assert len(failures) == 1
    assert failures[0].text.count("DEF-003") == 2
    assert failures[0].get("message").endswith("(+1)")


def test_leading_lang_option_applies_to_commands(capsys) -> None:
    from eformlint.cli import main

    old = os.environ.pop("EFORMLINT_LANG", None)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["--lang", "en", "explain", "VAL-001"])
        assert exit_info.value.code in (0, None)
        assert "Legal basis" in capsys.readouterr().out
    finally:
        os.environ.pop("EFORMLINT_LANG", None)
        if old is not None:
            os.environ["EFORMLINT_LANG"] = old
