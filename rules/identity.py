"""Xác thực dữ liệu (data validation) of identity numbers: the old 9-digit CMND number,
tax IDs and the agreement of an ID number with the declared birth date and sex."""

from __future__ import annotations

import re
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, Violation
from eformlint.vietnamese import samples
from eformlint.vietnamese.meaning import Meaning, is_vietnamese_form
from eformlint.vietnamese.probing import Probe, probe_samples
from eformlint.vietnamese.text import loose_key

_CHOICE_TYPES = {"select", "radio", "select1", "selectboxes", "dropdown", "radiogroup", "checkbox"}
# Validation kinds whose content is code or an expression that can compare values.
CODE_KINDS = {"custom", "json", "expression", "constraint"}


def field_meanings(document: FormDocument, context, *names: str) -> Iterator[tuple[Node, Meaning]]:
    """Yield the typed-in fields of ``document`` whose meaning is one of ``names``."""
    for node in document.fields():
        if node.type in _CHOICE_TYPES or node.options is not None:
            continue
        meaning = context.meaning(node)
        if meaning is not None and meaning.name in names:
            yield node, meaning


def _is_combined_id_field(node: Node) -> bool:
    """Say whether one field asks for the old CMND number and the 12-digit number together."""
    text = f"{loose_key(node.label_text())} {(node.key or '').casefold()}"
    old = "cmnd" in text or "chung minh" in text
    new = "cccd" in text or "can cuoc" in text or "dinh danh" in text
    return old and new


class OldIdNumberAsMainIdentifier(Rule):
    """A 9-digit CMND number asked for as a required or main identifier."""

    code = "VAL-002"
    name = "old-id-number-as-main-identifier"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        has_id_field = any(not _is_combined_id_field(node)
                           for node, _meaning in field_meanings(document, context, "person.id_number"))
        for node, meaning in field_meanings(document, context, "person.id_number", "person.old_id_number"):
            probe = Probe(node)
            evidence = dict(confidence=meaning.confidence, evidence=meaning.evidence)
            if _is_combined_id_field(node):
                old, new = samples.OLD_ID_VALID[0].value, samples.ID_NUMBER_VALID[0].value
                if not probe.has_rule or (probe.accepts(old) and probe.accepts(new)):
                    yield self.violation(node, "combined_field", pointer=probe.rule_pointer(), **evidence)
                continue
            if meaning.name != "person.old_id_number":
                continue
            if node.required:
                yield self.violation(node, "required_old_id", pointer=node.required_pointer, **evidence)
            if probe.has_rule:
                mistake = probe_samples(probe, samples.SAMPLE_SETS["person.old_id_number"])
                if mistake is not None:
                    yield self.violation(node, mistake.message_id, pointer=probe.rule_pointer(), example=mistake.sample.value,
                                         sample_vi=mistake.sample.description_vi,
                                         sample_en=mistake.sample.description_en, **evidence)
            if not has_id_field and meaning.subject == "applicant":
                yield self.violation(node, "no_id_number_field", **evidence)


class TaxIdStructure(Rule):
    """A tax ID field whose rule does not admit exactly the published structures."""

    code = "VAL-003.1"
    name = "tax-id-structure"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in field_meanings(document, context, "org.tax_id", "person.tax_id"):
            if node.read_only and not node.required:
                continue
            probe = Probe(node)
            evidence = dict(confidence=meaning.confidence, evidence=meaning.evidence)
            if not probe.has_rule:
                yield self.violation(node, "no_tax_id_rule", **evidence)
                continue
            mistake = probe_samples(probe, samples.SAMPLE_SETS[meaning.name])
            if mistake is not None:
                message_id = mistake.message_id
                if meaning.name == "person.tax_id":
                    message_id = {"rejects_valid": "rejects_valid_personal",
                                  "accepts_invalid": "accepts_invalid_personal"}[message_id]
                yield self.violation(node, message_id, pointer=probe.rule_pointer(), example=mistake.sample.value,
                                     sample_vi=mistake.sample.description_vi, sample_en=mistake.sample.description_en,
                                     **evidence)


def enforces_code(node: Node) -> bool:
    """Say whether a field has a rule written as code or an expression, beyond a pattern."""
    for validation in node.validations:
        if validation.kind in ("custom", "json", "expression"):
            return True
        if validation.kind == "constraint" and isinstance(validation.value, str):
            stripped = re.sub(r"regex\([^)]*\)|string-length\([^)]*\)\s*[<>=!]+\s*\d+|\band\b|\s", "", validation.value)
            if stripped:
                return True
    return False


class TaxIdCheckDigitNotEnforced(Rule):
    """An organisation's tax ID field with no rule that can compute the check digit."""

    code = "VAL-003.2"
    name = "tax-id-check-digit-not-enforced"
    area = "data-validation"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in field_meanings(document, context, "org.tax_id"):
            if node.read_only or not Probe(node).has_rule or enforces_code(node):
                continue  # a field with no rule at all is VAL-003.1
            yield self.violation(node, "no_check_digit", confidence=meaning.confidence, evidence=meaning.evidence)


class BranchTaxIdWithoutHyphen(Rule):
    """A tax ID field that takes 13 digits without the hyphen of the 10-3 form."""

    code = "FMT-006"
    name = "branch-tax-id-without-hyphen"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in field_meanings(document, context, "org.tax_id", "person.tax_id"):
            probe = Probe(node)
            if probe.has_rule and probe.accepts(samples.BRANCH_TAX_ID_NO_HYPHEN.value):
                yield self.violation(node, "thirteen_digits", pointer=probe.rule_pointer(),
                                     confidence=meaning.confidence, evidence=meaning.evidence,
                                     example=samples.BRANCH_TAX_ID_NO_HYPHEN.value)


def _scope(node: Node) -> Node | None:
    """Return the nearest data container (a person's block), or None at the top level."""
    return next((a for a in node.ancestors() if a.key and a.kind == "container" and a.type not in
                 ("panel", "fieldset", "columns", "column", "well", "tabs", "tab", "table", "group")), None)


class IdNumberNotCrossChecked(Rule):
    """An ID number, a birth date and a sex of one person with no rule that compares them."""

    code = "VAL-015"
    name = "id-number-not-cross-checked"
    area = "data-validation"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        people: dict[tuple[int, str], dict[str, tuple[Node, Meaning]]] = {}
        for node in document.fields():
            meaning = context.meaning(node)
            if meaning is None or meaning.name not in ("person.id_number", "person.dob", "person.sex"):
                continue
            scope = _scope(node)
            person = people.setdefault((id(scope), meaning.subject), {})
            person.setdefault(meaning.name, (node, meaning))
        for person in people.values():
            if "person.id_number" not in person or len(person) < 2:
                continue
            nodes = [node for node, _ in person.values()]
            if any(_reads_other(node, nodes) for node in nodes):
                continue
            node, meaning = person["person.id_number"]
            others = ", ".join(f"“{other.display_name()}”" for other in nodes if other is not node)
            yield self.violation(node, "not_cross_checked", confidence=Confidence.LIKELY, evidence=meaning.evidence,
                                 others=others)


def _reads_other(node: Node, nodes: list[Node]) -> bool:
    code = " ".join(str(v.value) for v in node.validations if v.kind in CODE_KINDS)
    if not code:
        return False
    return any(other is not node and other.key and re.search(rf"\b{re.escape(other.key)}\b", code) for other in nodes)
