"""Xác thực dữ liệu (data validation): identity numbers, phones, e-mail addresses and
identifiers are checked the way Vietnamese data is structured."""

from __future__ import annotations

import re
from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, FieldSample, Violation, files_per_variant
from eformlint.vietnamese import samples
from eformlint.vietnamese.meaning import Meaning
from eformlint.vietnamese.text import loose_key
from eformlint.vietnamese.probing import Probe, int_value, probe_samples


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
            if meaning is None or node.read_only and not node.required or not _vietnamese(document):
                continue
            if node.type in ("select", "radio", "select1", "dropdown"):
                continue
            probe = Probe(node)
            if not probe.has_rule and not probe.fixed_length(12):
                yield self.violation(node, "no_12_digit_rule", confidence=meaning.confidence, evidence=meaning.evidence)
                continue
            if probe.masks and not probe.patterns and not probe.fixed_length(12):
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
            if not _vietnamese(document):
                continue
            probe = Probe(node)
            if not probe.has_rule:
                yield self.violation(node, "no_phone_rule", confidence=meaning.confidence, evidence=meaning.evidence)
                continue
            if any(mask.value.strip() == "(999) 999-9999" for mask in probe.masks):
                yield self.violation(node, "north_american_mask", pointer=probe.masks[0].pointer,
                                     confidence=meaning.confidence, evidence=meaning.evidence)
                continue
            valid = samples.LANDLINE_VALID if _is_landline(node) else samples.MOBILE_VALID
            for sample in valid:
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


_LANDLINE_WORDS = re.compile(r"\b(co dinh|dien thoai ban|may ban)\b")


def _is_landline(node: Node) -> bool:
    """Say whether a phone field asks for a landline (SoDienThoaiBan, “Điện thoại cố định”)."""
    return (node.key or "").casefold().endswith("ban") or bool(_LANDLINE_WORDS.search(loose_key(node.label_text())))


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
            if not _vietnamese(document):
                continue
            checked = node.type == "email" or node.validation("email") is not None or node.validation("pattern") is not None
            if document.format == "xforms":
                checked = node.validation("constraint") is not None
            if not checked:
                yield self.violation(node, "no_email_check", confidence=meaning.confidence, evidence=meaning.evidence)
                continue
            probe = Probe(node)
            mistake = probe_samples(probe, samples.SAMPLE_SETS["person.email"]) if probe.patterns else None
            if mistake is not None:
                message_id = {"rejects_valid": "pattern_rejects_valid",
                              "accepts_invalid": "pattern_accepts_invalid"}[mistake.message_id]
                yield self.violation(node, message_id, pointer=probe.rule_pointer(), confidence=meaning.confidence,
                                     evidence=meaning.evidence, example=mistake.sample.value)
            if document.format == "formio":
                limit = int_value(node.validation("maxLength"))
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
            meaning = context.meaning(node)
            coded = meaning is not None and (meaning.spec.identifier or meaning.spec.catalogue is not None)
            if not coded or not _vietnamese(document):
                continue
            yield from self._numeric_codes(document, node, meaning)
            numeric = node.type in self._NUMERIC or (node.data_type or "") in self._NUMERIC
            if not numeric or not meaning.spec.identifier:
                continue
            pointer = f"{node.pointer}/type" if document.format == "formio" else (
                f"{node.annotations['bind']}/@type" if "bind" in node.annotations else None)
            yield self.violation(node, "numeric_identifier", pointer=pointer, confidence=meaning.confidence,
                                 evidence=meaning.evidence, type=node.data_type or node.type)


    def _numeric_codes(self, document: FormDocument, node: Node, meaning) -> Iterator[Violation]:
        """Report a code written as a JSON number in an option value or a default value."""
        if document.format == "xforms":
            return  # XML has no number literals: every value is text
        candidates = [(option.value, option.pointer) for option in (node.options.options if node.options else [])]
        candidates += [(prefill.value, prefill.pointer) for prefill in node.prefills if prefill.kind == "default"]
        for value, pointer in candidates:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if pointer.endswith("/value") or document.source_map.span(f"{pointer}/value") is None:
                    value_pointer = pointer
                else:
                    value_pointer = f"{pointer}/value"
                yield self.violation(node, "numeric_code_value", pointer=value_pointer, confidence=meaning.confidence,
                                     evidence=meaning.evidence, value=str(value))
                return


class RequiredFieldWithoutLegalBasis(Rule):
    """A required field with no ``eformlint.legalBasis`` annotation, in a form that uses the convention.

    The rule is opt-in: it stays silent on a form that annotates no field, unless the
    ``enabled`` option asks for every form to be checked.
    """

    code = "VAL-016"
    name = "required-field-without-legal-basis"
    area = "data-validation"
    default_severity = Severity.INFO

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid")
        enabled: bool = False

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        adopted = any(node.annotations.get("eformlint.legalBasis") for node in document.walk())
        if not (adopted or self.options.enabled):
            return
        for node in document.fields():
            if node.required and not node.annotations.get("eformlint.legalBasis"):
                yield self.violation(node, "no_legal_basis", pointer=node.required_pointer)


_FREE_TEXT_TYPES = {"textfield", "textarea", "text", "comment"}


class FreeTextWithoutMaxLength(Rule):
    """A free-text field with no maximum length."""

    code = "VAL-017"
    name = "free-text-without-max-length"
    area = "data-validation"
    default_severity = Severity.INFO

    _COVERED = {"person.full_name", "person.family_name", "person.middle_name", "person.given_name", "person.email"}

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not _vietnamese(document):
            return
        survey_limit = isinstance(document.raw, dict) and document.raw.get("maxTextLength")
        for node in document.fields():
            free_text = node.type in _FREE_TEXT_TYPES or (
                document.format == "xforms" and node.type == "input" and node.data_type in (None, "string"))
            raw = node.raw if isinstance(node.raw, dict) else {}
            if raw.get("inputType") not in (None, "text"):
                continue  # a SurveyJS date, number or e-mail input
            if not free_text or node.read_only or node.hidden or survey_limit:
                continue
            meaning = context.meaning(node)
            if meaning is not None and meaning.name in self._COVERED:
                continue  # VAL-008.2 and VAL-005 ask for the limit of names and e-mail addresses
            probe = Probe(node)
            if probe.max_length is not None or node.validation("pattern") or probe.masks or any(
                    op in ("<", "<=", "=") for op, _ in probe.length_bounds):
                continue
            yield self.violation(node, "no_max_length")


# Code that only tests a regular expression or a length of the field's own value.
_REGEX_TEST = re.compile(r"/(?:\\.|[^/\n])+/[gimsuy]*\s*\.\s*test\s*\(\s*input\s*\)|input\s*\.\s*match\s*\(")
_LENGTH_TEST = re.compile(r"\binput\s*\.\s*length\s*[<>=!]")
_OTHER_DATA = re.compile(r"\b(?:data|row|instance|form|submission)\s*[.\[]")


class ValidationInCodeOnly(Rule):
    """A ``validate.custom`` script that only does what a pattern or a length limit declares."""

    code = "VAL-018"
    name = "validation-in-code-only"
    area = "data-validation"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            for validation in node.validations:
                if validation.kind != "custom" or validation.dialect != "javascript" or not isinstance(validation.value, str):
                    continue
                code = validation.value
                if _OTHER_DATA.search(code):
                    continue  # compares with other fields: no declarative property can say that
                if _REGEX_TEST.search(code):
                    yield self.violation(node, "regex_in_code", pointer=validation.pointer, confidence=Confidence.LIKELY)
                elif _LENGTH_TEST.search(code):
                    yield self.violation(node, "length_in_code", pointer=validation.pointer, confidence=Confidence.LIKELY)


APPROVED_FILE_TYPES = {"pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "tif", "tiff",
                       "xml", "zip"}
DANGEROUS_FILE_TYPES = {"exe", "bat", "cmd", "com", "js", "vbs", "html", "htm", "svg", "msi", "sh", "ps1", "jar",
                        "scr", "php"}


def _file_types(pattern: str) -> list[str]:
    return [part.strip().lstrip("*").lstrip(".").casefold() for part in re.split(r"[,;\s]+", pattern) if part.strip()]


class UploadWithoutTypeOrSizeLimit(Rule):
    """A file input that accepts any type, a dangerous type, or any size."""

    code = "VAL-019"
    name = "upload-without-type-or-size-limit"
    area = "data-validation"
    default_severity = Severity.WARNING

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)
        approved_types: list[str] = Field(default=sorted(APPROVED_FILE_TYPES), alias="approved-types")

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not _vietnamese(document):
            return
        approved = {t.casefold().lstrip(".") for t in self.options.approved_types}
        for node in document.fields():
            if node.type not in ("file", "upload") or node.hidden:
                continue
            if document.format == "alpaca":
                continue  # NOTE: which upload options the OpenCPS Alpaca build honours is not verified
            raw = node.raw if isinstance(node.raw, dict) else {}
            if document.format == "xforms":
                if not (hasattr(node.raw, "get") and node.raw.get("mediatype")):
                    yield self.violation(node, "no_type_limit")
                continue
            types_key, size_key = ("acceptedTypes", "maxSize") if document.format == "surveyjs" else (
                "filePattern", "fileMaxSize")
            pattern = raw.get(types_key)
            if not isinstance(pattern, str) or pattern.strip() in ("", "*", "*.*", "*/*"):
                yield self.violation(node, "no_type_limit",
                                     pointer=f"{node.pointer}/{types_key}" if types_key in raw else None)
            else:
                types = [t for t in _file_types(pattern) if "/" not in t]
                dangerous = [t for t in types if t in DANGEROUS_FILE_TYPES]
                unapproved = [t for t in types if t not in approved and t not in DANGEROUS_FILE_TYPES]
                if dangerous or unapproved:
                    yield self.violation(node, "dangerous_type" if dangerous else "unapproved_type",
                                         pointer=f"{node.pointer}/{types_key}", type=(dangerous or unapproved)[0])
            if not raw.get(size_key):
                yield self.violation(node, "no_size_limit",
                                     pointer=f"{node.pointer}/{size_key}" if size_key in raw else None)


class PhoneMaskStoresPunctuation(Rule):
    """A phone mask with brackets, spaces or hyphens, which Form.io stores with the number."""

    code = "FMT-005"
    name = "phone-mask-stores-punctuation"
    area = "data-validation"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not _vietnamese(document):
            return
        for node in document.fields():
            meaning = _meaning(context, node, "person.phone")
            if meaning is None:
                continue
            for validation in node.validations:
                if validation.kind == "mask" and isinstance(validation.value, str) and re.search(r"[()\s\-.]", validation.value):
                    yield self.violation(node, "mask_punctuation", pointer=validation.pointer, mask=validation.value,
                                         confidence=meaning.confidence, evidence=meaning.evidence)
                    break

    looks_across_files = True

    def collect(self, document: FormDocument, context) -> Iterator[tuple[tuple[str, ...], str, str, Violation]]:
        """Take the storage convention of each phone field with a rule.

        A field's convention is what its pattern or mask accepts: the national form
        (0912345678), the international form (+84912345678), or both. Fields without a
        rule, or whose rule takes both forms or neither (VAL-004 reports that), say nothing.
        """
        if not _vietnamese(document):
            return
        for node in document.fields():
            if _meaning(context, node, "person.phone") is None or node.read_only:
                continue
            probe = Probe(node)
            if not probe.has_rule:
                continue
            national = probe.accepts("0912345678")
            if national == probe.accepts("+84912345678"):
                continue
            convention = "national" if national else "international"
            yield ("phone",), convention, convention, self.violation(
                node, "convention_differs", pointer=probe.rule_pointer(),
                convention_vi=_CONVENTION_VI[convention], convention_en=_CONVENTION_EN[convention])

    def compare(self, samples: list[FieldSample]) -> Iterator[tuple[FieldSample, dict, list[FieldSample]]]:
        """Report phone fields whose convention differs from the one more files use."""
        files = files_per_variant(samples)
        if len(files) < 2 or files["national"] == files["international"]:
            return  # one convention only, or no convention is used by more files
        majority = max(files, key=files.get)
        usual = [sample for sample in samples if sample.variant == majority]
        for sample in samples:
            if sample.variant != majority:
                yield sample, {"expected_vi": _CONVENTION_VI[majority], "expected_en": _CONVENTION_EN[majority],
                               "files": files[majority]}, usual[:3]


_CONVENTION_VI = {"national": "dạng trong nước 0…", "international": "dạng quốc tế +84…"}
_CONVENTION_EN = {"national": "the national form 0…", "international": "the international form +84…"}
