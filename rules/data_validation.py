"""Xác thực dữ liệu (data validation): identity numbers, phones, e-mail addresses and
identifiers are checked the way Vietnamese data is structured."""

from __future__ import annotations

from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node, Validation
from eformlint.rule import Rule, Violation
from eformlint.vietnamese import samples
from eformlint.vietnamese.meaning import Meaning
from eformlint.vietnamese.patterns import PatternError, accepts, compile_js, strip_mask_literals


class Probe:
    """Test sample values against every pattern and mask of a field, as the engine would."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.patterns = []
        for validation in node.validations:
            if validation.kind == "pattern" and isinstance(validation.value, str):
                try:
                    self.patterns.append((validation, compile_js(validation.value, anchored=validation.dialect == "js-regex")))
                except PatternError:
                    continue  # DEF-003 reports it
        self.masks = [v for v in node.validations if v.kind == "mask" and isinstance(v.value, str)]
        self.min_length = _int(node.validation("minLength"))
        self.max_length = _int(node.validation("maxLength"))

    @property
    def has_rule(self) -> bool:
        return bool(self.patterns or self.masks)

    def accepts(self, value: str) -> bool:
        """True when some mask lets the value be typed and every pattern and length limit passes."""
        if self.masks:
            typed = [strip_mask_literals(mask.value, value) for mask in self.masks]
            typed = [t for t in typed if t is not None]
            if not typed:
                return False
            value = typed[0]
        for _validation, pattern in self.patterns:
            if accepts(pattern, value) is False:
                return False
        if self.min_length is not None and len(value) < self.min_length:
            return False
        if self.max_length is not None and len(value) > self.max_length:
            return False
        return True

    def rule_pointer(self) -> str | None:
        if self.patterns:
            return self.patterns[0][0].pointer
        if self.masks:
            return self.masks[0].pointer
        return None


def _int(validation: Validation | None) -> int | None:
    if validation is None:
        return None
    try:
        return int(validation.value)
    except (TypeError, ValueError):
        return None


def _meaning(context, node: Node, *names: str) -> Meaning | None:
    meaning = context.meaning(node)
    if meaning is None or meaning.name not in names:
        return None
    return meaning


class WeakIdNumberRule(Rule):
    """A personal identification number field without a rule that admits exactly 12 digits."""

    code = "VAL-001"
    name = "weak-id-number-rule"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            meaning = _meaning(context, node, "person.id_number")
            if meaning is None or node.read_only and not node.required:
                continue
            probe = Probe(node)
            if not probe.has_rule and not (probe.min_length == 12 and probe.max_length == 12):
                yield self.violation(node, "no_12_digit_rule", confidence=meaning.confidence, evidence=meaning.evidence)
                continue
            if probe.masks and not probe.patterns and not (probe.min_length == 12 and probe.max_length == 12):
                yield self.violation(node, "mask_without_length", pointer=probe.rule_pointer(),
                                     confidence=meaning.confidence, evidence=meaning.evidence)
                continue
            for sample in samples.ID_NUMBER_VALID:
                if not probe.accepts(sample.value):
                    yield self.violation(node, "rejects_valid", pointer=probe.rule_pointer(), confidence=meaning.confidence,
                                         evidence=meaning.evidence, example=sample.value,
                                         sample_vi=sample.description_vi, sample_en=sample.description_en)
                    break
            else:
                for sample in samples.ID_NUMBER_INVALID:
                    if probe.accepts(sample.value):
                        yield self.violation(node, "accepts_invalid", pointer=probe.rule_pointer(),
                                             confidence=meaning.confidence, evidence=meaning.evidence,
                                             example=sample.value, sample_vi=sample.description_vi,
                                             sample_en=sample.description_en)
                        break


class PhoneWithoutVietnameseFormat(Rule):
    """A phone field whose rule is missing, North American, or wrong for Vietnamese numbers."""

    code = "VAL-004"
    name = "phone-without-vietnamese-format"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            meaning = _meaning(context, node, "person.phone")
            if meaning is None or node.read_only or node.type in ("select", "radio", "select1"):
                continue
            if meaning.source == "type" and not _vietnamese(document):
                continue
            probe = Probe(node)
            if not probe.has_rule:
                yield self.violation(node, "no_phone_rule", confidence=meaning.confidence, evidence=meaning.evidence)
                continue
            if any(mask.value.strip() == "(999) 999-9999" for mask in probe.masks):
                yield self.violation(node, "north_american_mask", pointer=probe.masks[0].pointer,
                                     confidence=meaning.confidence, evidence=meaning.evidence)
                continue
            for sample in samples.MOBILE_VALID:
                if not probe.accepts(sample.value):
                    yield self.violation(node, "rejects_valid", pointer=probe.rule_pointer(), confidence=meaning.confidence,
                                         evidence=meaning.evidence, example=sample.value,
                                         sample_vi=sample.description_vi, sample_en=sample.description_en)
                    break
            else:
                for sample in samples.PHONE_INVALID:
                    if probe.accepts(sample.value):
                        yield self.violation(node, "accepts_invalid", pointer=probe.rule_pointer(),
                                             confidence=meaning.confidence, evidence=meaning.evidence,
                                             example=sample.value, sample_vi=sample.description_vi,
                                             sample_en=sample.description_en)
                        break


def _vietnamese(document: FormDocument) -> bool:
    from eformlint.vietnamese.meaning import is_vietnamese_form

    return is_vietnamese_form(document)


class EmailWithoutValidation(Rule):
    """An e-mail field with no e-mail control and no syntax check, or with no length limit."""

    code = "VAL-005"
    name = "email-without-validation"
    area = "data-validation"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            meaning = _meaning(context, node, "person.email")
            if meaning is None or node.read_only or node.type in ("select", "radio", "select1"):
                continue
            checked = node.type == "email" or node.validation("email") is not None or node.validation("pattern") is not None
            if document.format == "xforms":
                checked = node.validation("constraint") is not None
            if not checked:
                yield self.violation(node, "no_email_check", confidence=meaning.confidence, evidence=meaning.evidence)
            elif document.format == "formio":
                limit = _int(node.validation("maxLength"))
                if limit is None or limit > 254:
                    yield self.violation(node, "no_length_limit", confidence=meaning.confidence, evidence=meaning.evidence)


class IdentifierTypedAsNumber(Rule):
    """An ID number, tax ID, phone number or administrative code stored as a number, which
    drops its leading zeros (001… for Hà Nội, 09… for mobiles)."""

    code = "FMT-002"
    name = "identifier-typed-as-number"
    area = "data-validation"
    default_severity = Severity.WARNING

    _NUMERIC = {"number", "currency", "int", "integer", "decimal"}

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            numeric = node.type in self._NUMERIC or (node.data_type or "") in self._NUMERIC
            if not numeric:
                continue
            meaning = context.meaning(node)
            if meaning is None or not meaning.spec.identifier:
                continue
            pointer = f"{node.pointer}/type" if document.format == "formio" else (
                f"{node.annotations['bind']}/@type" if "bind" in node.annotations else None)
            yield self.violation(node, "numeric_identifier", pointer=pointer, confidence=meaning.confidence,
                                 evidence=meaning.evidence, type=node.data_type or node.type)
