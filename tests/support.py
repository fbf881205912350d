"""Paths and helpers shared by the test modules."""

from __future__ import annotations

import os
from pathlib import Path

from eformlint.api import Report, lint_paths, lint_text
from eformlint.config import Config, LoadedConfig

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
# The shared folder of real forms lies beside the repository; EFORMLINT_SHARED overrides it.
SHARED = Path(os.environ.get("EFORMLINT_SHARED", REPO.parent / "shared"))


def default_config(root: Path = REPO) -> LoadedConfig:
    return LoadedConfig(Config(), None, root)


def lint(path: Path | str, *select: str) -> Report:
    return lint_paths([str(path)], default_config(), select=list(select))


def lint_string(text: str, *select: str, filename: str = "form.json") -> Report:
    return lint_text(text, filename, default_config(), select=list(select))


def codes(report: Report) -> list[str]:
    return [finding.code for finding in report.findings]
