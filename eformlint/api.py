"""The pipeline as plain function calls: discover, read, check, filter.

This is the Python API as well as what the command line calls::

    from eformlint.api import lint_paths
    report = lint_paths(["forms/"])
    for finding in report.findings:
        print(finding.code, finding.location.path, finding.location.line)
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from eformlint import baseline as baseline_module
from eformlint.baseline import BaselineEntry
from eformlint.cache import CACHE_TAG, CachedFile, check_cache_folder

from eformlint.config import Config, ConfigError, LoadedConfig, load_config
from eformlint.discover import discover
from eformlint.engine import SelectedRule, Settings, check_document, compare_samples, problem_finding
from eformlint.findings import Finding, Severity
from eformlint.readers import read_bytes
from eformlint.readers.base import ReadLimits, ReadResult
from eformlint.registry import all_rules, metadata_for
from eformlint.rule import AREAS, Rule, FieldSample
from eformlint.suppress import apply as apply_suppressions
from eformlint.suppress import config_suppressions, document_suppressions, mark_samples

logger = logging.getLogger(__name__)


@dataclass
class FileReport:
    """The outcome of reading one file: its format, the documents and fields read."""

    path: str
    format: str = ""
    variant: str = ""
    documents: int = 0
    title: str = ""
    fields: int = 0
    # The file on disk, for repairs; empty for text given on standard input.
    source: str = ""
    # Inline option lists recognised as a national catalogue:
    # (data path, label, catalogue id, entries matched, entries in the list).
    inventory: list[tuple[str, str, str, int, int]] = field(default_factory=list)


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    rules: list[SelectedRule] = field(default_factory=list)
    # Findings silenced by a suppression with a reason, and by the baseline.
    suppressed: int = 0
    baselined: int = 0
    # Baseline entries that matched no finding: the problem was fixed.
    stale_baseline: list[BaselineEntry] = field(default_factory=list)
    # Seconds spent in each rule's check, summed over the documents of the run (and over
    # the worker processes). Files whose results came from the cache add no time.
    rule_times: dict[str, float] = field(default_factory=dict)
    # Files whose results came from the cache.
    cached: int = 0

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
    """Reword a pydantic error about rule options: the option, the problem, the allowed names."""
    allowed = ", ".join(field.alias or name for name, field in rule_class.Options.model_fields.items()) or "(none)"
    problems = []
    for error in getattr(exc, "errors", lambda: [])():
        option = ".".join(str(part) for part in error.get("loc", ()))
        if error.get("type") == "extra_forbidden":
            problems.append(f"unknown option '{option}'")
        else:
            problems.append(f"invalid value {error.get('input')!r} for '{option}': {error.get('msg', '').removeprefix('Value error, ')}")
    detail = "; ".join(problems) or str(exc)
    return f"{detail}. Allowed options of {rule_class.code}: {allowed}"


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


class _RuleSets:
    """Rule selections per effective configuration, built once each."""

    def __init__(self, loaded: LoadedConfig, select: Sequence[str], ignore: Sequence[str]) -> None:
        self.loaded = loaded
        self.select = list(select)
        self.ignore = list(ignore)
        self._cache: dict[str, tuple[Config, list[SelectedRule], Settings]] = {}
        self.base = self.for_file("")

    def for_file(self, display_path: str) -> tuple[Config, list[SelectedRule], Settings]:
        if not self.loaded.config.overrides and self._cache:
            return self.base  # without overrides every file shares the base selection
        config = self.loaded.for_file(display_path) if display_path else self.loaded.config
        cache_key = config.model_dump_json(include={"select", "ignore", "rules", "meaning", "fail_on",
                                                    "formio_default_messages_localised", "privacy_notice_in_portal"})
        if cache_key not in self._cache:
            self._cache[cache_key] = (config, select_rules(config, self.select, self.ignore), settings_from(config))
        return self._cache[cache_key]


def lint_paths(
    paths: Sequence[str | Path],
    loaded: LoadedConfig | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    baseline: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    cache: bool = False,
    force_exclude: bool = False,
) -> Report:
    """Lint files and folders.

    Raises ``MissingPathError``, ``ConfigError`` or ``BaselineError`` on user errors.
    ``progress`` is called with (files done, files in all) after each file. ``jobs`` above
    1 checks files in that many processes; the report is the same as with one. ``cache``
    reuses per-file results stored in the configured ``cache-dir``.
    """
    from eformlint.parallel import RunSpec, check_files

    loaded = loaded or load_config()
    rule_sets = _RuleSets(loaded, select, ignore)
    config = loaded.config
    targets = discover([Path(p) for p in paths], config.include, config.exclude, loaded.root, force_exclude)
    cache_folder = (loaded.root / config.cache_dir).resolve()
    if cache:
        check_cache_folder(cache_folder, loaded.root, config.cache_dir)
    if (cache_folder / CACHE_TAG).is_file():
        # A cache folder with a name of its own is not in the default excludes: skip its entries.
        targets = [target for target in targets if not target.path.resolve().is_relative_to(cache_folder)]
    report = Report(root=loaded.root, rules=rule_sets.base[1])
    limits = ReadLimits(max_file_size=config.max_file_size, max_depth=config.max_depth)
    spec = RunSpec(loaded, list(select), list(ignore), limits, cache_folder if cache else None)
    results = []
    for target, outcome in zip(targets, check_files(targets, spec, jobs, progress, rule_sets)):
        _add_result(report, outcome.result, outcome.rule_times)
        report.cached += outcome.cached
        report.files[-1].source = str(target.path)
        results.append(outcome.result)
    # Rules that compare files run once, over what each file's check collected.
    samples = [sample for result in results for sample in result.samples]
    findings, silenced = compare_samples(samples, _comparing_rules(rule_sets, samples))
    report.findings.extend(findings)
    report.suppressed += len(silenced)
    report.findings.extend(_unused_after_comparison(results, silenced))
    _finish(report, loaded, baseline)
    return report


def _unused_after_comparison(results: list[CachedFile], silenced: set[int]) -> list[Finding]:
    """Return the SUP-001 findings of suppressions whose compared fields were never reported.

    ``silenced`` contains the ids of the samples whose findings a suppression removed.
    """
    unused = []
    for result in results:
        for finding, indexes in result.held_back:
            if not any(id(result.samples[index]) in silenced for index in indexes):
                unused.append(finding)
    return unused


def _comparing_rules(rule_sets: _RuleSets, samples: list[FieldSample]) -> list[SelectedRule]:
    """Return the rules that compare files, as selected for the run or, for a rule that
    per-path settings turn on for some files only, as selected for one of those files."""
    chosen = {selected.rule.code: selected for selected in rule_sets.base[1] if selected.rule.looks_across_files}
    for sample in samples:
        if sample.finding.code not in chosen:
            for selected in rule_sets.for_file(sample.file)[1]:
                if selected.rule.code == sample.finding.code:
                    chosen[selected.rule.code] = selected
    return list(chosen.values())


def lint_text(
    text: str | bytes,
    filename: str = "<stdin>",
    loaded: LoadedConfig | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    baseline: Path | None = None,
) -> Report:
    """Lint one form given as text or bytes; ``filename`` is the name shown in findings
    and the name that per-path settings and suppressions are matched against."""
    loaded = loaded or load_config()
    rule_sets = _RuleSets(loaded, select, ignore)
    data = text.encode("utf-8") if isinstance(text, str) else text
    limits = ReadLimits(max_file_size=loaded.config.max_file_size, max_depth=loaded.config.max_depth)
    report = Report(root=loaded.root, rules=rule_sets.base[1])
    _check_result(read_bytes(data, filename, limits), rule_sets, loaded, report)
    _finish(report, loaded, baseline)
    return report


def lint_data(
    form: dict | list,
    filename: str = "<data>",
    loaded: LoadedConfig | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Report:
    """Lint a form that is already parsed (a Form.io or SurveyJS dict, for example).

    The form is serialised with two-space indentation, so positions refer to that text.
    """
    text = json.dumps(form, ensure_ascii=False, indent=2)
    return lint_text(text, filename, loaded, select, ignore)


def _finish(report: Report, loaded: LoadedConfig, baseline: Path | None) -> None:
    report.findings.sort(key=Finding.sort_key)
    baseline_path = baseline or (loaded.root / loaded.config.baseline if loaded.config.baseline else None)
    if baseline_path is not None:
        entries = baseline_module.load(baseline_path)
        report.findings, report.stale_baseline = baseline_module.filter_new(report.findings, entries)
        report.baselined = sum(entry.count for entry in entries) - sum(entry.count for entry in report.stale_baseline)


def _check_result(result: ReadResult, rule_sets: _RuleSets, loaded: LoadedConfig, report: Report) -> None:
    checked = check_read_result(result, rule_sets, loaded, report.rule_times)
    _add_result(report, checked, {})
    # One file alone is compared with no other, so no suppression of such a rule is used.
    report.findings.extend(finding for finding, _ in checked.held_back)


def _add_result(report: Report, result: CachedFile, rule_times: dict[str, float]) -> None:
    report.files.append(result.file)
    report.findings.extend(result.findings)
    report.suppressed += result.suppressed
    for code, seconds in rule_times.items():
        report.rule_times[code] = report.rule_times.get(code, 0.0) + seconds


def catalogue_inventory(documents) -> list[tuple[str, str, str, int, int]]:
    """List the inline option lists that follow a national catalogue, for the reports."""
    from eformlint.vietnamese.catalogues import identify

    inventory = []
    for document in documents:
        for node in document.fields():
            if node.options is None or node.options.kind not in ("inline", "json"):
                continue
            match = identify(node.options.options)
            if match is not None:
                inventory.append((node.data_path, node.label_text(), match.ident, match.matched, match.total))
    return inventory


def check_read_result(result: ReadResult, rule_sets: _RuleSets, loaded: LoadedConfig,
                      rule_times: dict[str, float]) -> CachedFile:
    """Check the documents of one file read and apply its suppressions.

    The outcome depends only on the file's bytes and path and on the configuration, so it
    can be computed in a worker process and stored in the cache. ``rule_times`` accumulates
    the seconds of each rule.
    """
    config, rules, settings = rule_sets.for_file(result.path)
    checked = CachedFile(FileReport(result.path, result.format, result.variant, len(result.documents)))
    if result.documents and result.documents[0].title is not None:
        checked.file.title = result.documents[0].title.value
    checked.file.fields = sum(1 for document in result.documents for _ in document.fields())
    checked.file.inventory = catalogue_inventory(result.documents)
    enabled = {selected.rule.code: selected.severity for selected in rules}
    findings = []
    for problem in result.problems:
        if problem.code in enabled:
            findings.append(problem_finding(result, problem, enabled[problem.code]))
    suppressions = config_suppressions(config.suppress, result.path, str(loaded.path or "eformlint.toml"))
    for document in result.documents:
        findings.extend(check_document(document, rules, settings, rule_times, checked.samples))
        suppressions.extend(document_suppressions(document))
    covered = mark_samples(checked.samples, suppressions)
    checked.findings, checked.suppressed, checked.held_back = apply_suppressions(findings, suppressions, enabled, covered)
    return checked
