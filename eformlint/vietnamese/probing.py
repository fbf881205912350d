"""Test sample values against a field's own rules, the way the form engine applies them.

A field's rules are read from the common model:

- ``pattern`` validations: Form.io ``validate.pattern`` (``js-regex``, anchored by the
  engine as ``^(?:p)$`` would be, but written ``^p$`` without a group), SurveyJS ``regex``
  validators and Alpaca ``pattern`` (``js-regex-search``, matched anywhere), XForms
  ``regex(., 'p')`` (``xpath-regex``: engines differ on anchoring, so the lenient
  search reading is used);
- input masks (Form.io ``inputMask``, each entry of ``inputMasks``): the value must be
  typeable into one of them, and the masked text is what the patterns then see;
- ``minLength`` / ``maxLength``, and ``string-length(.)`` comparisons inside an XForms
  constraint that is a plain conjunction.

Code (Form.io ``validate.custom``, SurveyJS expressions) is never run, so a probe only
says what the declared rules accept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eformlint.model import Node, Validation
from eformlint.vietnamese.patterns import CompiledPattern, PatternError, accepts, compile_js, strip_mask_literals
from eformlint.vietnamese.samples import Sample, SampleSet

_STRING_LENGTH = re.compile(r"string-length\(\s*\.\s*\)\s*(<=|>=|!=|=|<|>)\s*(\d+)")
_REVERSED_LENGTH = re.compile(r"(\d+)\s*(<=|>=|!=|=|<|>)\s*string-length\(\s*\.\s*\)")
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "!=": "!="}


def int_value(validation: Validation | None) -> int | None:
    if validation is None or isinstance(validation.value, bool):
        return None
    try:
        return int(validation.value)
    except (TypeError, ValueError):
        return None


def _length_bounds(constraint: str) -> list[tuple[str, int]]:
    """Read ``string-length(.)`` comparisons of an XPath constraint joined by ``and`` only."""
    if re.search(r"\bor\b|\bnot\s*\(", constraint):
        return []
    bounds = [(op, int(n)) for op, n in _STRING_LENGTH.findall(constraint)]
    bounds += [(_FLIP[op], int(n)) for n, op in _REVERSED_LENGTH.findall(constraint)]
    return bounds


def _compare(length: int, op: str, bound: int) -> bool:
    return {"<": length < bound, ">": length > bound, "<=": length <= bound, ">=": length >= bound,
            "=": length == bound, "!=": length != bound}[op]


class Probe:
    """The declared rules of one field, ready to test sample values against."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.patterns: list[tuple[Validation, CompiledPattern]] = []
        for validation in node.validations:
            if validation.kind != "pattern" or not isinstance(validation.value, str):
                continue
            try:
                compiled = compile_js(validation.value, anchored=validation.dialect == "js-regex")
            except PatternError:
                continue  # DEF-003 reports it
            self.patterns.append((validation, compiled))
        self.masks = [v for v in node.validations if v.kind == "mask" and isinstance(v.value, str)]
        self.min_length = int_value(node.validation("minLength"))
        self.max_length = int_value(node.validation("maxLength"))
        self.length_bounds: list[tuple[str, int]] = []
        self.constraint: Validation | None = None
        for validation in node.validations:
            if validation.kind == "constraint" and isinstance(validation.value, str):
                bounds = _length_bounds(validation.value)
                if bounds:
                    self.length_bounds.extend(bounds)
                    self.constraint = validation

    @property
    def has_rule(self) -> bool:
        return bool(self.patterns or self.masks or self.length_bounds)

    @property
    def has_length_rule(self) -> bool:
        return self.min_length is not None or self.max_length is not None or bool(self.length_bounds)

    def fixed_length(self, length: int) -> bool:
        """Say whether the length limits alone admit exactly ``length`` characters."""
        if self.min_length == length and self.max_length == length:
            return True
        return bool(self.length_bounds) and all(_compare(length, op, n) for op, n in self.length_bounds) and not any(
            all(_compare(other, op, n) for op, n in self.length_bounds) for other in (length - 1, length + 1))

    def accepts(self, value: str) -> bool:
        """Say whether some mask lets the value be typed and every pattern and length limit passes."""
        if self.masks:
            typed = [strip_mask_literals(mask.value, value) for mask in self.masks]
            typed = [text for text in typed if text is not None]
            if not typed:
                return False
            return any(self._passes(text) for text in typed)
        return self._passes(value)

    def _passes(self, value: str) -> bool:
        for _validation, pattern in self.patterns:
            if accepts(pattern, value) is False:
                return False
        if self.min_length is not None and len(value) < self.min_length:
            return False
        if self.max_length is not None and len(value) > self.max_length:
            return False
        return all(_compare(len(value), op, n) for op, n in self.length_bounds)

    def rule_pointer(self) -> str | None:
        if self.patterns:
            return self.patterns[0][0].pointer
        if self.masks:
            return self.masks[0].pointer
        if self.constraint is not None:
            return self.constraint.pointer
        length = self.node.validation("maxLength") or self.node.validation("minLength")
        return length.pointer if length is not None else None

    def first_rejected(self, candidates: tuple[Sample, ...]) -> Sample | None:
        return next((sample for sample in candidates if not self.accepts(sample.value)), None)

    def first_accepted(self, candidates: tuple[Sample, ...]) -> Sample | None:
        return next((sample for sample in candidates if self.accepts(sample.value)), None)


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """The first sample that a field's rules get wrong: ``rejects_valid`` or ``accepts_invalid``."""

    message_id: str
    sample: Sample


def probe_samples(probe: Probe, sample_set: SampleSet) -> ProbeResult | None:
    """Test the valid samples first, then the invalid ones; return the first mistake."""
    rejected = probe.first_rejected(sample_set.valid)
    if rejected is not None:
        return ProbeResult("rejects_valid", rejected)
    accepted = probe.first_accepted(sample_set.invalid)
    if accepted is not None:
        return ProbeResult("accepts_invalid", accepted)
    return None
