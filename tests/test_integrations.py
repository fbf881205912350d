"""The pre-commit hook and the example CI workflows work as documented."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from support import FIXTURES, REPO


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed (it is in the test extra)")
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="the hook is installed from a git checkout of eformlint")
def test_pre_commit_hook_runs(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    shutil.copy(FIXTURES / "DEF-003" / "bad.formio.json", tmp_path / "bad.json")
    shutil.copy(FIXTURES / "DEF-003" / "good.formio.json", tmp_path / "good.json")
    _git(tmp_path, "add", "bad.json", "good.json")
    # One run on both files: installing the hook's environment is the slow part.
    completed = subprocess.run(
        ["pre-commit", "try-repo", str(REPO), "eformlint", "--files", "bad.json", "good.json"],
        cwd=tmp_path, capture_output=True, text=True,
        env={**_environ(), "PRE_COMMIT_HOME": str(tmp_path / ".cache")},
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    codes_by_file: dict[str, set[str]] = {}
    current = None
    for line in output.splitlines():
        if line.endswith(")") and "  (" in line and not line.startswith(" "):
            current = line.split("  (")[0]
            codes_by_file[current] = set()
        elif current and line.startswith("  ") and len(line.split()) > 2:
            codes_by_file[current].add(line.split()[2])
    assert "DEF-003" in codes_by_file["bad.json"], output
    assert "DEF-003" not in codes_by_file.get("good.json", set()), output


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_hook_definition() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "eformlint"
    assert hook["entry"] == "eformlint check --force-exclude"
    assert hook["language"] == "python"


def test_github_workflow_uploads_sarif_with_category() -> None:
    workflow = yaml.safe_load((REPO / "docs" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["eformlint"]["steps"]
    check = next(step for step in steps if step.get("name") == "Check the forms")
    assert "--output sarif:eformlint.sarif" in check["run"]
    assert "--output-format github" in check["run"]
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert upload["with"] == {"sarif_file": "eformlint.sarif", "category": "eformlint"}
    assert workflow["permissions"]["security-events"] == "write"


def test_gitlab_job_publishes_code_quality() -> None:
    job = yaml.safe_load((REPO / "docs" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))["eformlint"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "--output gitlab:gl-code-quality-report.json" in " ".join(job["script"])
