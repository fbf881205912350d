"""Xác thực dữ liệu (data validation) of dates and personal names: day-first display with
four-digit years, ISO storage, partial birth dates, and names in Vietnamese letters."""

from __future__ import annotations

import re
from typing import Any, Iterator

from eformlint.findings import Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, Violation
from eformlint.vietnamese import samples
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import loose_key
from eformlint.vietnamese.probing import Probe, probe_samples
from eformlint.rules.identity import field_meanings

NAME_MEANINGS = ("person.full_name", "person.family_name", "person.middle_name", "person.given_name")
DOB_KEYS = ("NgayThangNamSinh", "NgaySinh")
# A mask or pattern that stores a typed date such as 05/09/1990.
_DATE_MASK = re.compile(r"^(99|dd)[/.-](99|mm)[/.-](9999|yyyy)$", re.IGNORECASE)


def _raw(node: Node) -> dict[str, Any]:
    return node.raw if isinstance(node.raw, dict) else {}


def _date_fields(document: FormDocument, context) -> Iterator[tuple[Node, bool]]:
    """Yield date inputs with a flag saying whether each is a birth date."""
    for node in document.fields():
        meaning = context.meaning(node)
        is_dob = meaning is not None and meaning.name == "person.dob"
        date_type = node.type in ("datetime", "day", "date") or node.data_type in ("date", "dateTime")
        text_date = node.type in ("textfield", "input", "text") and (is_dob or _looks_like_text_date(node))
        if date_type or text_date:
            yield node, is_dob


def _looks_like_text_date(node: Node) -> bool:
    """Say whether a text field takes a date: a date mask, or a label that starts with “Ngày” and a pattern."""
    if any(v.kind == "mask" and isinstance(v.value, str) and _DATE_MASK.match(v.value.strip()) for v in node.validations):
        return True
    return loose_key(node.label_text()).startswith("ngay") and node.validation("pattern") is not None


class DateNotDayFirst(Rule):
    """A date input that is not shown as dd/mm/yyyy, carries a time, or has no limit for a birth date."""

    code = "VAL-006"
    name = "date-not-day-first"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, is_dob in _date_fields(document, context):
            raw = _raw(node)
            probe = Probe(node)
            if probe.patterns:
                mistake = probe_samples(probe, samples.SAMPLE_SETS["person.dob"])
                if mistake is not None:
                    message_id = {"rejects_valid": "text_date_rejects_valid",
                                  "accepts_invalid": "text_date_accepts_invalid"}[mistake.message_id]
                    yield self.violation(node, message_id, pointer=probe.rule_pointer(),
                                         example=mistake.sample.value, sample_vi=mistake.sample.description_vi,
                                         sample_en=mistake.sample.description_en)
                continue
            if document.format == "formio" and node.type == "datetime":
                yield from self._formio_datetime(node, raw, is_dob)
            elif document.format == "formio" and node.type == "day":
                if raw.get("dayFirst") is not True:
                    yield self.violation(node, "month_first", pointer=f"{node.pointer}/dayFirst" if "dayFirst" in raw else None)
                year = raw.get("fields", {}).get("year", {}) if isinstance(raw.get("fields"), dict) else {}
                if is_dob and not (raw.get("maxYear") or (isinstance(year, dict) and year.get("maxYear"))):
                    yield self.violation(node, "no_max_year")
            elif document.format == "xforms":
                if node.data_type not in ("date", "dateTime") and node.type == "input":
                    continue  # a text date is FMT-004
                constraint = node.validation("constraint")
                if is_dob and not (constraint and "today()" in str(constraint.value)):
                    yield self.violation(node, "no_birth_date_limit")
            elif document.format == "surveyjs" and is_dob:
                if not (raw.get("max") or raw.get("maxValueExpression")):
                    yield self.violation(node, "no_birth_date_limit")

    def _formio_datetime(self, node: Node, raw: dict, is_dob: bool) -> Iterator[Violation]:
        display = raw.get("format")
        if not isinstance(display, str) or not re.match(r"^dd[/.-]MM[/.-]yyyy", display):
            pointer = f"{node.pointer}/format" if "format" in raw else None
            yield self.violation(node, "wrong_display_format", pointer=pointer,
                                 format=display if isinstance(display, str) else "yyyy-MM-dd hh:mm a")
        if raw.get("enableTime") is not False and (not isinstance(display, str) or re.search(r"[hHm]{2}", display)):
            pointer = f"{node.pointer}/enableTime" if "enableTime" in raw else None
            yield self.violation(node, "time_enabled", pointer=pointer)
        widget = raw.get("widget") if isinstance(raw.get("widget"), dict) else {}
        if is_dob and node.validation("maxDate") is None and not widget.get("maxDate"):
            yield self.violation(node, "no_birth_date_limit")


class BirthDateRejectsPartialDate(Rule):
    """A prefilled birth date that cannot hold a year-only or month-and-year value."""

    code = "VAL-007"
    name = "birth-date-rejects-partial-date"
    area = "data-validation"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        sources = context.settings.citizen_record_sources
        for node in document.fields():
            meaning = context.meaning(node)
            if meaning is None or meaning.name != "person.dob" or node.key == "NamSinh" or meaning.subject != "applicant":
                continue
            code = " ".join(str(p.value) for p in node.prefills)
            prefilled = node.key in DOB_KEYS or any(s in code and "NgayThangNamSinh" in code for s in sources)
            if not prefilled:
                continue
            raw = _raw(node)
            if node.type == "datetime" and node.required:
                yield self.violation(node, "full_date_required", pointer=node.required_pointer)
            elif node.type == "day":
                fields = raw.get("fields") if isinstance(raw.get("fields"), dict) else {}
                for part in ("day", "month"):
                    entry = fields.get(part)
                    if isinstance(entry, dict) and entry.get("required") is True:
                        yield self.violation(node, "part_required", pointer=f"{node.pointer}/fields/{part}/required",
                                             part=part)
                        break


def _name_fields(document: FormDocument, context):
    for node, meaning in field_meanings(document, context, *NAME_MEANINGS):
        if not node.read_only:
            yield node, meaning


class NamePatternRejectsVietnamese(Rule):
    """A name pattern that rejects Vietnamese letters, so legal names cannot be typed."""

    code = "VAL-008.1"
    name = "name-pattern-rejects-vietnamese"
    area = "data-validation"
    default_severity = Severity.ERROR

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in _name_fields(document, context):
            probe = Probe(node)
            if not probe.patterns and not probe.masks:
                continue
            candidates = samples.NAME_VALID if meaning.name == "person.full_name" else samples.NAME_VALID[:1]
            rejected = probe.first_rejected(tuple(s for s in candidates if probe.max_length is None or len(s.value) <= probe.max_length))
            if rejected is not None:
                yield self.violation(node, "rejects_vietnamese", pointer=probe.rule_pointer(), confidence=meaning.confidence,
                                     evidence=meaning.evidence, example=rejected.value)


# Code that removes diacritics: NFD followed by deleting combining marks, or a letter table.
_STRIPS_DIACRITICS = re.compile(
    r"normalize\(\s*['\"]NF[KD]*D['\"]\s*\)[\s\S]{0,80}(?:\\u0300|u036f|\\p\{M|\\p\{Diacritic)"
    r"|['\"]àáạảãâầấậẩẫăằắặẳẵ['\"]|[àá][^'\"]{0,20}['\"]\s*:\s*['\"]a['\"]",
)


class NameFieldUnchecked(Rule):
    """A name field that accepts digits, has no length limit, or strips diacritics in code."""

    code = "VAL-008.2"
    name = "name-field-unchecked"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in _name_fields(document, context):
            evidence = dict(confidence=meaning.confidence, evidence=meaning.evidence)
            for prefill in node.prefills:
                if isinstance(prefill.value, str) and _STRIPS_DIACRITICS.search(prefill.value):
                    yield self.violation(node, "strips_diacritics", pointer=prefill.pointer, **evidence)
            probe = Probe(node)
            if probe.patterns and probe.accepts(samples.NAME_INVALID[0].value):
                yield self.violation(node, "accepts_digits", pointer=probe.rule_pointer(),
                                     example=samples.NAME_INVALID[0].value, **evidence)
            if probe.max_length is None and not any(op in ("<", "<=", "=") for op, _ in probe.length_bounds):
                yield self.violation(node, "no_max_length", **evidence)


class DateNotStoredAsIso(Rule):
    """A date input that stores the typed day-month-year text instead of an ISO date."""

    code = "FMT-004"
    name = "date-not-stored-as-iso"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            if document.format == "formio" and node.type == "day":
                order = "dd/mm/yyyy" if _raw(node).get("dayFirst") is True else "mm/dd/yyyy"
                yield self.violation(node, "day_component", pointer=f"{node.pointer}/type", order=order)
                continue
            mask = next((v for v in node.validations if v.kind == "mask" and isinstance(v.value, str)
                         and _DATE_MASK.match(v.value.strip())), None)
            if mask is not None:
                severity = Severity.INFO if document.format in ("surveyjs", "alpaca") else None
                yield self.violation(node, "text_date", pointer=mask.pointer, mask=mask.value, max_severity=severity)
