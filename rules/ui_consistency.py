"""Giao diện (interface): one datum with one label across the files of a run, and the
procedure and template a form names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, Violation
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

    def check_run(self, documents: list[FormDocument], context) -> Iterator[tuple[FormDocument, Violation]]:
        # (meaning, subject) → label key → [(document, node)]
        groups: dict[tuple[str, str], dict[str, list[tuple[FormDocument, Node]]]] = defaultdict(lambda: defaultdict(list))
        for document in documents:
            if not is_vietnamese_form(document):
                continue
            for node in document.fields():
                if node.label is None or node.hidden:
                    continue
                meaning = context.meaning(node)
                if meaning is None or meaning.source not in _TRUSTED_SOURCES:
                    continue
                groups[(meaning.spec.name, meaning.subject)][comparison_key(node.label.value)].append((document, node))
        for (meaning_name, _), variants in sorted(groups.items()):
            if len(variants) < 2:
                continue
            files = Counter({label: len({id(doc) for doc, _ in uses}) for label, uses in variants.items()})
            (majority, top), *rest = files.most_common()
            if rest and rest[0][1] == top:
                continue  # no label is used by more files than the others
            if len({id(doc) for uses in variants.values() for doc, _ in uses}) < 2:
                continue  # one file only: nothing to compare across files
            _, example_node = variants[majority][0]
            for label, uses in sorted(variants.items()):
                if label == majority or label.startswith(majority + " "):
                    continue  # the same label with a qualifier: "Số định danh cá nhân của mẹ"
                for document, node in uses:
                    violation = self.violation(node, "label_differs", pointer=node.label.pointer,
                                               expected=example_node.label.value.strip(), files=top, meaning=meaning_name)
                    violation.related = [(other_doc.path, other.label.pointer, other.data_path)
                                         for other_doc, other in variants[majority][:3]]
                    yield document, violation
        yield from self._control_drift(documents, context)
        yield from self._pattern_drift(documents, context)

    def _pattern_drift(self, documents: list[FormDocument], context) -> Iterator[tuple[FormDocument, Violation]]:
        """Report a field whose pattern or input mask differs from the one most files use for
        the same datum. Fields without any rule are left to the data-validation rules."""
        groups: dict[tuple[str, str], dict[str, list[tuple[FormDocument, Node, str]]]] = defaultdict(lambda: defaultdict(list))
        for document in documents:
            if not is_vietnamese_form(document):
                continue
            for node in document.fields():
                meaning = context.meaning(node)
                if node.hidden or meaning is None or meaning.source not in _TRUSTED_SOURCES:
                    continue
                rule = next((v for v in node.validations if v.kind in ("pattern", "mask") and isinstance(v.value, str)), None)
                if rule is None:
                    continue
                groups[(meaning.spec.name, meaning.subject)][rule.value.strip()].append((document, node, rule.pointer))
        for (meaning_name, _), variants in sorted(groups.items()):
            winner = _clear_majority(Counter({rule: len({id(doc) for doc, _, _ in uses}) for rule, uses in variants.items()}))
            if winner is None:
                continue
            majority, top = winner
            for rule, uses in sorted(variants.items()):
                if rule == majority:
                    continue
                for document, node, pointer in uses:
                    violation = self.violation(node, "pattern_differs", pointer=pointer, pattern=rule,
                                               expected=majority, files=top, meaning=meaning_name)
                    violation.related = [(other_doc.path, other_pointer, other.data_path)
                                         for other_doc, other, other_pointer in variants[majority][:3]]
                    yield document, violation

    def _control_drift(self, documents: list[FormDocument], context) -> Iterator[tuple[FormDocument, Violation]]:
        """Report a field whose control type differs from the one most files of the same
        format use for the same datum (a typed province where the others offer a list)."""
        # (format, meaning, subject) → control type → [(document, node)]
        groups: dict[tuple[str, str, str], dict[str, list[tuple[FormDocument, Node]]]] = defaultdict(lambda: defaultdict(list))
        for document in documents:
            if not is_vietnamese_form(document):
                continue
            for node in document.fields():
                meaning = context.meaning(node)
                if node.hidden or meaning is None or meaning.source not in _TRUSTED_SOURCES:
                    continue
                family = _CONTROL_FAMILIES.get(node.type, node.type)
                groups[(document.format, meaning.spec.name, meaning.subject)][family].append((document, node))
        for (_, meaning_name, _), variants in sorted(groups.items()):
            winner = _clear_majority(Counter({control: len({id(doc) for doc, _ in uses}) for control, uses in variants.items()}))
            if winner is None:
                continue
            majority, top = winner
            for control, uses in sorted(variants.items()):
                if control == majority:
                    continue
                for document, node in uses:
                    pointer = f"{node.pointer}/type" if document.format in ("formio", "surveyjs") else None
                    expected = Counter(other.type for _, other in variants[majority]).most_common(1)[0][0]
                    violation = self.violation(node, "control_differs", pointer=pointer, control=node.type,
                                               expected=expected, files=top, meaning=meaning_name)
                    violation.related = [(other_doc.path, other.pointer, other.data_path)
                                         for other_doc, other in variants[majority][:3]]
                    yield document, violation


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
