"""Suppressions with a reason: in the form itself and in the configuration.

In a form, a suppression sits next to the node it silences:

- Form.io, SurveyJS, AlpacaJS: the property ``eformlint.suppress`` of the component
  (Form.io ``properties``), written ``"UI-002, VAL-001: lý do"``;
- XForms: a comment right before the body control or its bind,
  ``<!-- eformlint: suppress UI-002: lý do -->`` (XML forbids ``--`` inside a comment).

JSON cannot hold comments, so the configuration can suppress too, by file pattern and
logical path (``[[tool.eformlint.suppress]]``). A suppression covers the node and every
node inside it. One without a reason is reported (SUP-002) and not applied. One that no
longer matches any finding is reported (SUP-001), so stale silences do not pile up.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from lxml import etree

from eformlint.config import SuppressionEntry
from eformlint.engine import locate
from eformlint.findings import Confidence, Finding, Location, Severity
from eformlint.model import FormDocument
from eformlint.rule import FieldSample

ANNOTATION = "eformlint.suppress"
_XML_COMMENT = re.compile(r"^\s*eformlint\s*:\s*suppress\s+(?P<codes>[A-Za-z0-9.,\s-]+?)\s*(?::\s*(?P<reason>.*?))?\s*$", re.S)
_ANNOTATION_TEXT = re.compile(r"^\s*(?P<codes>[A-Za-z0-9.,\s-]+?)\s*(?::\s*(?P<reason>.*?))?\s*$", re.S)

UNUSED = "SUP-001"
NO_REASON = "SUP-002"


@dataclass
class Suppression:
    """One silence: which rules, where, why, and whether it was used."""

    codes: list[str]
    reason: str
    file: str
    pointer_prefixes: list[str] = field(default_factory=list)
    logical_path: str | None = None
    origin: Location | None = None
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if not any(_selects(code, finding.code) for code in self.codes):
            return False
        location = finding.location
        if self.pointer_prefixes:
            return any(location.pointer == p or location.pointer.startswith(p + "/") for p in self.pointer_prefixes)
        if self.logical_path:
            return location.logical_path == self.logical_path or location.logical_path.startswith(
                (self.logical_path + ".", self.logical_path + "[")
            )
        return True


def _selects(selector: str, code: str) -> bool:
    return code == selector or code.startswith(selector + ".") or code.startswith(selector + "-") or selector == "ALL"


def _split_codes(text: str) -> list[str]:
    return [code.strip().upper() for code in re.split(r"[,\s]+", text) if code.strip()]


def document_suppressions(document: FormDocument) -> list[Suppression]:
    """Collect the suppressions written inside a form."""
    found = []
    for node in document.walk():
        value = node.annotations.get(ANNOTATION)
        if not isinstance(value, str):
            continue
        match = _ANNOTATION_TEXT.match(value)
        if not match:
            continue
        pointer = _annotation_pointer(document, node.pointer)
        found.append(Suppression(
            codes=_split_codes(match.group("codes")),
            reason=(match.group("reason") or "").strip(),
            file=document.path,
            pointer_prefixes=[node.pointer],
            origin=locate(document, pointer, node.data_path),
        ))
    if document.format == "xforms":
        found.extend(_xml_comment_suppressions(document))
    return found


def _annotation_pointer(document: FormDocument, node_pointer: str) -> str:
    for candidate in (f"{node_pointer}/properties/{ANNOTATION}", f"{node_pointer}/{ANNOTATION}"):
        if document.source_map.span(candidate) is not None:
            return candidate
    return node_pointer


def _xml_comment_suppressions(document: FormDocument) -> Iterable[Suppression]:
    paths = document.source_map.paths
    by_path = {node.pointer: node for node in document.walk()}
    bind_owner = {node.annotations.get("bind"): node for node in document.walk() if node.annotations.get("bind")}
    for comment in document.raw.iter(etree.Comment):
        match = _XML_COMMENT.match(comment.text or "")
        if not match:
            continue
        target = comment.getnext()
        while target is not None and not isinstance(target.tag, str):
            target = target.getnext()
        if target is None:
            continue
        path = paths.get(target, "")
        node = by_path.get(path) or bind_owner.get(path)
        prefixes = [path]
        logical = None
        if node is not None:
            prefixes = [node.pointer] + ([node.annotations["bind"]] if node.annotations.get("bind") else [])
            logical = node.data_path
        yield Suppression(
            codes=_split_codes(match.group("codes")),
            reason=(match.group("reason") or "").strip(),
            file=document.path,
            pointer_prefixes=prefixes,
            logical_path=logical,
            origin=locate(document, path, logical or ""),
        )


def config_suppressions(entries: list[SuppressionEntry], path: str, config_file: str) -> list[Suppression]:
    """Return the configured suppressions that apply to the file at ``path``."""
    result = []
    for index, entry in enumerate(entries):
        if not any(fnmatch.fnmatch(path, pattern) for pattern in entry.files):
            continue
        result.append(Suppression(
            codes=[code.upper() for code in entry.rules],
            reason=entry.reason.strip(),
            file=path,
            logical_path=entry.path or None,
            pointer_prefixes=[entry.pointer] if entry.pointer else [],
            origin=Location(config_file, pointer=f"suppress[{index}]"),
        ))
    return result


def apply(
    findings: list[Finding],
    suppressions: list[Suppression],
    enabled: dict[str, Severity],
    deferred: Mapping[int, list[int]] | None = None,
) -> tuple[list[Finding], int, list[tuple[Finding, list[int]]]]:
    """Drop the findings that a suppression with a reason covers.

    Returns the kept findings, with SUP-001 and SUP-002 findings added for suppressions
    that are unused or have no reason, the number of findings suppressed, and the SUP-001
    findings held back: ``deferred`` maps the index of a suppression that covers samples
    of a rule comparing files to those samples' indexes. Whether such a suppression is
    used is known only after the comparison, so its SUP-001 comes back with the indexes.
    """
    deferred = deferred or {}
    kept = []
    held_back = []
    silenced = 0
    for finding in findings:
        covering = [s for s in suppressions if s.reason and s.covers(finding)]
        if covering:
            for suppression in covering:
                suppression.used = True
            silenced += 1
        else:
            kept.append(finding)
    for index, suppression in enumerate(suppressions):
        origin = suppression.origin or Location(suppression.file)
        if not suppression.reason and NO_REASON in enabled:
            kept.append(_finding(NO_REASON, enabled[NO_REASON], "missing_reason", origin, suppression))
        elif suppression.reason and not suppression.used and UNUSED in enabled and _any_enabled(suppression, enabled):
            unused = _finding(UNUSED, enabled[UNUSED], "unused_suppression", origin, suppression)
            if index in deferred:
                held_back.append((unused, deferred[index]))
            else:
                kept.append(unused)
    return kept, silenced, held_back


def mark_samples(samples: list[FieldSample], suppressions: list[Suppression]) -> dict[int, list[int]]:
    """Mark the fields that a suppression with a reason covers, for the rules that compare
    files: such a field still counts in the comparison, but is never reported.

    Returns, for each suppression that covers samples, the indexes of those samples.
    """
    covered: dict[int, list[int]] = {}
    for sample_index, sample in enumerate(samples):
        for index, suppression in enumerate(suppressions):
            if suppression.reason and suppression.covers(sample.finding):
                covered.setdefault(index, []).append(sample_index)
                sample.suppressed = True
    return covered


def _any_enabled(suppression: Suppression, enabled: dict[str, Severity]) -> bool:
    """Say whether a rule the suppression names ran: otherwise "unused" means nothing."""
    return any(_selects(selector, code) for selector in suppression.codes for code in enabled)


def _finding(code: str, severity: Severity, message_id: str, origin: Location, suppression: Suppression) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        confidence=Confidence.CERTAIN,
        message_id=message_id,
        location=origin,
        params={"codes": ", ".join(suppression.codes), "reason": suppression.reason, "file": suppression.file},
    )

