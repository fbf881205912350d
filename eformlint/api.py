"""The pipeline as plain function calls: discover, read, check, filter.

This is the Python API as well as what the command line calls::

    from eformlint.api import lint_paths
    report = lint_paths(["forms/"])
    for finding in report.findings:
        print(finding.code, finding.location.path, finding.location.line)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from eformlint.config import Config, ConfigError, LoadedConfig, load_config
from eformlint.discover import Target, discover
from eformlint.engine import SelectedRule, Settings, check_document, check_run, problem_finding
from eformlint.findings import Finding, Severity
from eformlint.readers import read_bytes, read_file
from eformlint.readers.base import ReadLimits, ReadResult
from eformlint.registry import all_rules, metadata_for
from eformlint.rule import AREAS, Rule

logger = logging.getLogger(__name__)


@dataclass
class FileReport:
    """The outcome of reading one file: its format and the number of documents read."""

    path: str
    format: str = ""
    variant: str = ""
    documents: int = 0
    title: str = ""
    # The file on disk, for repairs; empty for text given on standard input.
    source: str = ""


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    rules: list[SelectedRule] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def select_rules(config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[SelectedRule]:
    """Instantiate the rules that the configuration and the command line select.

    A selector is a rule code (``UI-010.2``), a requirement or family prefix (``UI-010``,
    ``VAL``), an area (``autofill``) or ``ALL``. Command-line selectors replace the
    configured ones; ignores add up.
    """
    selectors = list(select) or list(config.select) or ["ALL"]
    ignores = [*config.ignore, *ignore]
    rule_classes = all_rules()
    _check_selectors([*selectors, *ignores], rule_classes, config)
    chosen = []
    for rule_class in rule_classes:
        if not any(_selects(s, rule_class) for s in selectors) or any(_selects(s, rule_class) for s in ignores):
            continue
        settings = config.rules.get(rule_class.code)
        if settings is None:
            settings = next((value for key, value in config.rules.items() if _selects(key, rule_class)), None)
        severity = rule_class.default_severity
        options = None
        if settings is not None:
            if settings.severity == "off":
                continue
            if settings.severity:
                severity = Severity.parse(settings.severity)
            try:
                options = rule_class.Options.model_validate(settings.options)
            except Exception as exc:  # pydantic.ValidationError, reworded for the user
                raise ConfigError(f"rules.{rule_class.code}.options: {_option_errors(exc, rule_class)}") from exc
        record = metadata_for(rule_class.code)
        if settings is None or not settings.severity:
            severity = record.severity if record is not None else rule_class.default_severity
        chosen.append(SelectedRule(rule_class(options), severity))
    return chosen


def _option_errors(exc: Exception, rule_class: type[Rule]) -> str:
    allowed = ", ".join(field.alias or name for name, field in rule_class.Options.model_fields.items()) or "(none)"
    return f"{exc}. Allowed options of {rule_class.code}: {allowed}"


def _selects(selector: str, rule_class: type[Rule]) -> bool:
    selector = selector.strip()
    if selector.upper() == "ALL":
        return True
    if selector in AREAS:
        return rule_class.area == selector
    code = rule_class.code
    return code == selector or code.startswith(selector + "-") or code.startswith(selector + ".") or (
        "-" in selector and code.startswith(selector) and not code[len(selector):len(selector) + 1].isdigit()
    )


def _check_selectors(selectors: Iterable[str], rule_classes, config: Config) -> None:
    for selector in [*selectors, *config.rules.keys()]:
        if not any(_selects(selector, rule_class) for rule_class in rule_classes):
            areas = ", ".join(AREAS)
            raise ConfigError(f"unknown rule code or area '{selector}'. Use a code such as UI-001 or VAL, an area ({areas}) or ALL.")


def settings_from(config: Config) -> Settings:
    return Settings(
        formio_default_messages_localised=config.formio_default_messages_localised,
        citizen_record_sources=tuple(config.citizen_record_sources),
        key_mapping=dict(config.meaning),
        privacy_notice_in_portal=config.privacy_notice_in_portal,
    )


def lint_paths(
    paths: Sequence[str | Path],
    loaded: LoadedConfig | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Report:
    """Lint files and folders. Raises ``MissingPathError`` or ``ConfigError`` on user errors."""
    loaded = loaded or load_config()
    config = loaded.config
    rules = select_rules(config, select, ignore)
    targets = discover([Path(p) for p in paths], config.include, config.exclude, loaded.root)
    report = Report(root=loaded.root, rules=rules)
    limits = ReadLimits(max_file_size=config.max_file_size, max_depth=config.max_depth)
    settings = settings_from(config)
    across_files = any(selected.rule.looks_across_files for selected in rules)
    documents = []
    for target in targets:
        result = read_file(target.path, target.display, limits)
        _check_result(result, rules, settings, report)
        report.files[-1].source = str(target.path)
        if across_files:
            documents.extend(result.documents)
    # Rules that compare files run once over the whole run.
    report.findings.extend(check_run(documents, rules, settings))
    report.findings.sort(key=Finding.sort_key)
    return report


def lint_text(
    text: str | bytes,
    filename: str = "<stdin>",
    loaded: LoadedConfig | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Report:
    """Lint one form given as text or bytes; ``filename`` is the name shown in findings."""
    loaded = loaded or load_config()
    rules = select_rules(loaded.config, select, ignore)
    data = text.encode("utf-8") if isinstance(text, str) else text
    limits = ReadLimits(max_file_size=loaded.config.max_file_size, max_depth=loaded.config.max_depth)
    report = Report(root=loaded.root, rules=rules)
    _check_result(read_bytes(data, filename, limits), rules, settings_from(loaded.config), report)
    report.findings.sort(key=Finding.sort_key)
    return report


def _check_result(result: ReadResult, rules: list[SelectedRule], settings: Settings, report: Report) -> None:
    file_report = FileReport(result.path, result.format, result.variant, len(result.documents))
    if result.documents and result.documents[0].title is not None:
        file_report.title = result.documents[0].title.value
    report.files.append(file_report)
    enabled = {selected.rule.code: selected.severity for selected in rules}
    for problem in result.problems:
        if problem.code in enabled:
            report.findings.append(problem_finding(result, problem, enabled[problem.code]))
    for document in result.documents:
        report.findings.extend(check_document(document, rules, settings))
