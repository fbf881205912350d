"""Giao diện (interface): one datum with one label across the files of a run, and the
procedure and template a form names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument
from eformlint.rule import Rule, FieldSample, Violation, files_per_variant
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import comparison_key

# Meanings found from these sources are trusted for comparing files; a meaning found from the
# label itself would make the comparison circular.
_TRUSTED_SOURCES = ("annotation", "config", "key")


class LabelDriftAcrossFiles(Rule):
    """The same datum labelled differently in the files of one run."""

    code = "UI-009.2"
    name = "label-drift-across-files"
    area = "ui-layout"
    default_severity = Severity.WARNING
    looks_across_files = True

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        return iter(())

    def collect(self, document: FormDocument, context) -> Iterator[tuple[tuple[str, ...], str, str, Violation]]:
        """Take each visible field whose meaning comes from a trusted source: its label, its
        control type (compared within one format) and its pattern or input mask."""
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            meaning = context.meaning(node)
            if node.hidden or meaning is None or meaning.source not in _TRUSTED_SOURCES:
                continue
            datum = (meaning.spec.name, meaning.subject)
            if node.label is not None:
                yield (("label", *datum), comparison_key(node.label.value), node.label.value.strip(),
                       self.violation(node, "label_differs", pointer=node.label.pointer, meaning=meaning.spec.name))
            pointer = f"{node.pointer}/type" if document.format in ("formio", "surveyjs") else None
            yield (("control", document.format, *datum), _CONTROL_FAMILIES.get(node.type, node.type), node.type,
                   self.violation(node, "control_differs", pointer=pointer, control=node.type, meaning=meaning.spec.name))
            rule = next((v for v in node.validations if v.kind in ("pattern", "mask") and isinstance(v.value, str)), None)
            if rule is not None:
                yield (("pattern", *datum), rule.value.strip(), rule.value.strip(),
                       self.violation(node, "pattern_differs", pointer=rule.pointer, pattern=rule.value.strip(),
                                      meaning=meaning.spec.name))

    def compare(self, samples: list[FieldSample]) -> Iterator[tuple[FieldSample, dict, list[FieldSample]]]:
        groups: dict[tuple[str, ...], list[FieldSample]] = defaultdict(list)
        for sample in samples:
            groups[sample.group].append(sample)
        for group, members in sorted(groups.items()):
            if group[0] == "label":
                yield from self._label_drift(members)
            else:
                yield from _odd_ones(members)

    @staticmethod
    def _label_drift(members: list[FieldSample]) -> Iterator[tuple[FieldSample, dict, list[FieldSample]]]:
        """Report labels that differ from the one most files use for the datum. A label
        that only adds a qualifier ("Số định danh cá nhân của mẹ") is not reported."""
        files = Counter(files_per_variant(members))
        if len(files) < 2 or len({sample.file for sample in members}) < 2:
            return
        (majority, top), *rest = files.most_common()
        if rest and rest[0][1] == top:
            return  # no label is used by more files than the others
        usual = [sample for sample in members if sample.variant == majority]
        for sample in members:
            if sample.variant == majority or sample.variant.startswith(majority + " "):
                continue
            yield sample, {"expected": usual[0].as_written, "files": top}, usual[:3]


def _odd_ones(members: list[FieldSample]) -> Iterator[tuple[FieldSample, dict, list[FieldSample]]]:
    """Report the fields whose variant differs from the one clearly more files use; the
    message names the most common way the usual variant is written."""
    winner = _clear_majority(Counter(files_per_variant(members)))
    if winner is None:
        return
    majority, top = winner
    usual = [sample for sample in members if sample.variant == majority]
    expected = Counter(sample.as_written for sample in usual).most_common(1)[0][0]
    for sample in members:
        if sample.variant != majority:
            yield sample, {"expected": expected, "files": top}, usual[:3]


def _clear_majority(files: Counter) -> tuple[str, int] | None:
    """Return the variant used by clearly more files (at least two, and more than any
    other) with its file count, or None when the variants are tied or there is only one."""
    if len(files) < 2:
        return None
    (majority, top), (_, second), *_ = files.most_common()
    if second == top or top < 2:
        return None
    return majority, top


# Control types that serve the same purpose count as one ("day" and "datetime" both take a date).
_CONTROL_FAMILIES = {
    **dict.fromkeys(("datetime", "day", "date"), "date"),
    **dict.fromkeys(("select", "radio", "selectboxes", "tags", "select1", "dropdown", "radiogroup", "tagbox",
                     "buttongroup", "checkbox"), "choice"),
    **dict.fromkeys(("textfield", "text", "textarea", "input", "comment"), "text"),
    **dict.fromkeys(("number", "currency"), "number"),
}


# The national procedure code: one digit, a dot, six digits, and an optional local suffix.
_PROCEDURE_CODE = r"^\d\.\d{6}(\.[\w-]+)?$"


class FormDoesNotNameProcedure(Rule):
    """A form that states neither its administrative procedure code nor its template."""

    code = "UI-011"
    name = "form-does-not-name-procedure"
    area = "ui-layout"
    default_severity = Severity.INFO

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)
        procedure_keys: list[str] = Field(default_factory=lambda: ["maThuTuc"], alias="procedure-keys")
        template_keys: list[str] = Field(default_factory=lambda: ["maSoBieuMau"], alias="template-keys")
        procedure_pattern: str = Field(default=_PROCEDURE_CODE, alias="procedure-pattern")

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        values = self._metadata(document)
        pattern = re.compile(self.options.procedure_pattern)
        procedure = next(((key, value, pointer) for key, value, pointer in values if key in self.options.procedure_keys), None)
        template = next(((key, value, pointer) for key, value, pointer in values if key in self.options.template_keys), None)
        if document.format == "xforms":
            # The XForms root @id and title may carry the procedure code.
            if not any(pattern.search(str(value)) for _, value, _ in values):
                yield self.violation(None, "no_procedure_code", pointer="", keys=", ".join(self.options.procedure_keys))
            return
        if procedure is None:
            yield self.violation(None, "no_procedure_code", pointer="", keys=", ".join(self.options.procedure_keys))
        elif not pattern.match(str(procedure[1]).strip()):
            yield self.violation(None, "invalid_procedure_code", pointer=procedure[2], value=str(procedure[1]),
                                 confidence=Confidence.LIKELY)
        if template is None:
            yield self.violation(None, "no_template_code", pointer="", keys=", ".join(self.options.template_keys))

    @staticmethod
    def _metadata(document: FormDocument) -> list[tuple[str, object, str]]:
        """Return (key, value, definition path) of the form-level metadata."""
        found: list[tuple[str, object, str]] = []
        if document.format == "formio":
            base = document.metadata.get("base_pointer", "")
            for key, value in (document.metadata.get("properties") or {}).items():
                if isinstance(value, (str, int, float)) and str(value).strip():
                    found.append((key, value, f"{base}/properties/{key}"))
        elif document.format == "surveyjs" and isinstance(document.raw, dict):
            for key, value in document.raw.items():
                if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                    found.append((key, value, f"/{key}"))
        elif document.format == "xforms":
            if document.title is not None:
                found.append(("title", document.title.value, document.title.pointer))
            form_id = document.metadata.get("form_id") or document.metadata.get("id")
            if form_id:
                found.append(("id", form_id, ""))
        return found
