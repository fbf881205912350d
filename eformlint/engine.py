"""Run the selected rules over documents and turn their violations into findings.

Rules state local facts. This module adds the rule code, the configured severity, the file
and the exact position. It also applies the confidence policy: a finding that rests on a
guess (confidence *likely*) is reported at warning at most, so guesses never fail a build
on their own.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

from eformlint.findings import Confidence, Finding, Location, RelatedLocation, Severity
from eformlint.model import FormDocument, Node
from eformlint.readers.base import InputProblem, ReadResult
from eformlint.rule import Rule, FieldSample, Violation
from eformlint.source import LineIndex, Span, split_pointer
from eformlint.vietnamese.meaning import Meaning, MeaningCache

logger = logging.getLogger(__name__)

SNIPPET_RADIUS = 40


class InternalError(RuntimeError):
    """A rule raised an unexpected exception. The message names the rule and the file."""


@dataclass
class Settings:
    """Project settings that rules read (see the configuration reference)."""

    formio_default_messages_localised: bool = False
    citizen_record_sources: tuple[str, ...] = ("objDataCSDLDanCu",)
    key_mapping: Mapping[str, str] = field(default_factory=dict)
    privacy_notice_in_portal: bool = False


@dataclass
class Context:
    """The settings and shared analyses a rule may use beyond the document."""

    settings: Settings
    meanings: MeaningCache

    def meaning(self, node: Node) -> Meaning | None:
        return self.meanings(node)


@dataclass
class SelectedRule:
    rule: Rule
    severity: Severity


def check_document(
    document: FormDocument,
    rules: Iterable[SelectedRule],
    settings: Settings,
    rule_times: dict[str, float] | None = None,
    samples: list[FieldSample] | None = None,
) -> list[Finding]:
    """Run every selected rule that reads this document's format.

    ``rule_times``, when given, accumulates the seconds each rule spent. ``samples``, when
    given, receives what the rules that compare files collect from this document.
    """
    context = Context(settings, MeaningCache(settings.key_mapping))
    findings: list[Finding] = []
    for selected in rules:
        rule = selected.rule
        if document.format not in rule.formats:
            continue
        started = time.perf_counter()
        try:
            for violation in rule.check(document, context):
                findings.append(make_finding(document, rule.code, selected.severity, violation))
            if rule.looks_across_files and samples is not None:
                for group, variant, as_written, violation in rule.collect(document, context):
                    finding = make_finding(document, rule.code, selected.severity, violation)
                    samples.append(FieldSample(group, variant, as_written, finding))
        except Exception as exc:  # noqa: BLE001 - re-raised with the rule and file named
            raise InternalError(f"rule {rule.code} failed on {document.path}: {exc!r}") from exc
        if rule_times is not None:
            rule_times[rule.code] = rule_times.get(rule.code, 0.0) + time.perf_counter() - started
    return findings


def compare_samples(samples: list[FieldSample], rules: Iterable[SelectedRule]) -> tuple[list[Finding], set[int]]:
    """Run the rules that compare the files of a run over the samples of all its files.

    Returns the findings and the ids of the samples whose finding a suppression silenced.
    """
    by_code: dict[str, list[FieldSample]] = {}
    for sample in samples:
        by_code.setdefault(sample.finding.code, []).append(sample)
    findings: list[Finding] = []
    silenced: set[int] = set()
    for selected in rules:
        rule = selected.rule
        if not rule.looks_across_files:
            continue
        chosen = by_code.get(rule.code, [])
        try:
            for sample, params, related in rule.compare(chosen):
                if sample.suppressed:
                    silenced.add(id(sample))
                    continue
                findings.append(replace(
                    sample.finding,
                    params={**sample.finding.params, **params},
                    related=tuple(RelatedLocation(other.finding.location, "") for other in related),
                ))
        except Exception as exc:  # noqa: BLE001 - re-raised with the rule named
            raise InternalError(f"rule {rule.code} failed comparing {len(chosen)} fields across files: {exc!r}") from exc
    return findings, silenced


def make_finding(document: FormDocument, code: str, severity: Severity, violation: Violation) -> Finding:
    node = violation.node
    pointer = violation.pointer
    if pointer is None and node is not None:
        pointer = _key_pointer(document, node)
    location = locate(document, pointer or "", node.data_path if node is not None else "")
    if violation.confidence is Confidence.LIKELY and severity > Severity.WARNING:
        severity = Severity.WARNING
    if violation.max_severity is not None and severity > violation.max_severity:
        severity = violation.max_severity
    excerpt, excerpt_column = snippet(document.text, location.offset)
    related = tuple(
        RelatedLocation(locate(document, rel_pointer, rel_path) if rel_file in ("", document.path)
                        else Location(rel_file, pointer=rel_pointer, logical_path=rel_path), "")
        for rel_file, rel_pointer, rel_path in violation.related
    )
    return Finding(
        code=code,
        severity=severity,
        confidence=violation.confidence,
        message_id=violation.message_id,
        location=location,
        params=violation.params,
        field_label=node.label_text() if node is not None else "",
        field_key=(node.key or "") if node is not None else "",
        evidence=violation.evidence,
        related=related,
        snippet=excerpt,
        snippet_column=excerpt_column,
        fix=violation.fix,
    )


def _key_pointer(document: FormDocument, node: Node) -> str:
    """Point at the component's key when it has one: that is what a person searches for."""
    if document.format in ("formio", "surveyjs", "alpaca"):
        for name in ("key", "name"):
            candidate = f"{node.pointer}/{name}"
            if document.source_map.span(candidate) is not None:
                return candidate
    return node.pointer


def locate(document: FormDocument, pointer: str, logical_path: str = "") -> Location:
    """Turn a definition path into an exact location, falling back to the nearest ancestor."""
    span = _span(document, pointer)
    if span is None:
        span = Span(0, 0)
    index = document.line_index
    start = index.position(span.start)
    end = index.position(span.end)
    return Location(
        path=document.path,
        line=start.line,
        column=start.column,
        end_line=end.line,
        end_column=end.column,
        offset=span.start,
        length=span.end - span.start,
        pointer=pointer,
        logical_path=logical_path,
    )


def _span(document: FormDocument, pointer: str) -> Span | None:
    candidate = pointer
    while True:
        span = document.source_map.span(candidate)
        if span is not None:
            return span
        if not candidate or candidate == "/":
            return None
        candidate = candidate.rsplit("/", 1)[0]


def problem_finding(result: ReadResult, problem: InputProblem, severity: Severity) -> Finding:
    """A finding for a file that could not be read, decoded or parsed."""
    text = result.text
    index = LineIndex(text)
    position = index.position(problem.offset)
    excerpt, excerpt_column = snippet(text, problem.offset)
    return Finding(
        code=problem.code,
        severity=severity,
        confidence=Confidence.CERTAIN,
        message_id=problem.message_id,
        location=Location(
            path=result.path,
            line=position.line,
            column=position.column,
            end_line=position.line,
            end_column=position.column + (1 if problem.offset < len(text) else 0),
            offset=problem.offset,
            length=1 if problem.offset < len(text) else 0,
        ),
        params=dict(problem.params),
        snippet=excerpt,
        snippet_column=excerpt_column,
    )


def snippet(text: str, offset: int, radius: int = SNIPPET_RADIUS) -> tuple[str, int]:
    """Return a short excerpt of the line around ``offset`` and the spot's index in it.

    The excerpt stays short on one-line files, where a line can hold a whole form.
    """
    if not text:
        return "", 0
    # Line breaks are looked for only within the radius: on a one-line file of megabytes,
    # a search to the start or end of the line for every finding made the run quadratic.
    window_start = max(0, offset - radius)
    window_end = min(len(text), offset + radius)
    line_start = max(text.rfind("\n", window_start, offset), text.rfind("\r", window_start, offset)) + 1
    line_end_candidates = [p for p in (text.find("\n", offset, window_end), text.find("\r", offset, window_end)) if p >= 0]
    line_end = min(line_end_candidates) if line_end_candidates else window_end
    start = max(line_start, window_start)
    end = min(line_end, window_end)
    return text[start:end], offset - start


def pointer_parent(pointer: str) -> str:
    parts = split_pointer(pointer)
    return "" if not parts else pointer.rsplit("/", 1)[0]


def describe(value: Any, limit: int = 60) -> str:
    """Shorten a value for a message parameter."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
