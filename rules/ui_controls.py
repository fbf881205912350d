"""Giao diện (interface): required markers and the control chosen for each kind of datum."""

from __future__ import annotations

import re
from typing import Iterator

from eformlint.findings import Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import html_to_text, loose_key, nfc

# A marker typed into a label by hand: "Họ và tên (*)", "Họ và tên *", "* Họ và tên".
_TYPED_MARKER = re.compile(r"\(\s*\*\s*\)|(^|\s)\*+(\s|:|$)|\*\s*:?\s*$")
_FIELD_TYPES_WITHOUT_MARKER = {"button", "hidden", "htmlelement", "content", "html", "expression", "trigger", "output"}


def _legend_texts(document: FormDocument, first_required: Node) -> Iterator[str]:
    """Yield the static texts shown before the first required field: HTML content, section
    descriptions, read-only notes (XForms) and the survey's description."""
    if document.format == "surveyjs" and isinstance(document.raw, dict):
        description = document.raw.get("description")
        if isinstance(description, dict):
            yield from (value for value in description.values() if isinstance(value, str))
        elif isinstance(description, str):
            yield description
    for node in document.walk():
        if node is first_required:
            return
        if node.content is not None:
            yield html_to_text(node.content.value)
        if node.kind == "container" and node.description is not None:
            yield node.description.value
        if node.kind == "field" and node.read_only and node.label is not None and not node.required:
            yield node.label.value  # an XForms note: a read-only input that only shows text


def _required_marker(document: FormDocument) -> str:
    """Return the marker the renderer draws: SurveyJS requiredText (or requiredMark), else "*"."""
    if document.format == "surveyjs" and isinstance(document.raw, dict):
        for name in ("requiredText", "requiredMark"):
            value = document.raw.get(name)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return "*"


class RequiredMarkerInconsistent(Rule):
    """Required fields with no legend for their marker, or a marker typed into the label."""

    code = "UI-003"
    name = "required-marker-inconsistent"
    area = "ui-layout"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        fields = [node for node in document.fields() if not node.hidden and node.type not in _FIELD_TYPES_WITHOUT_MARKER]
        for node in fields:
            if node.label is None or not _TYPED_MARKER.search(node.label.value):
                continue
            if node.required:
                yield self.violation(node, "doubled_marker", pointer=node.label.pointer)
            else:
                yield self.violation(node, "marker_on_optional", pointer=node.label.pointer)
        required = [node for node in fields if node.required and not node.read_only]
        if not required or not is_vietnamese_form(document):
            return
        marker = _required_marker(document)
        for text in _legend_texts(document, required[0]):
            folded = nfc(text).casefold()
            if marker.casefold() in folded and "bắt buộc" in folded:
                return
        yield self.violation(None, "no_legend", pointer="", marker=marker)


# Plain text controls: a date, phone or e-mail field built from one of these, with no pattern,
# mask or input type that checks the value, is reported.
_PLAIN_MESSAGES = {"date": "plain_date", "phone": "plain_phone", "email": "plain_email"}
_TEXT_CONTROLS = {"textfield", "text", "input", "textarea", "comment"}


class ControlDoesNotMatchType(Rule):
    """A date, phone number or e-mail address collected with a plain text box."""

    code = "UI-006"
    name = "control-does-not-match-type"
    area = "ui-layout"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            if node.hidden or node.read_only or node.type not in _TEXT_CONTROLS:
                continue
            meaning = context.meaning(node)
            if meaning is None:
                continue
            kind = self._kind(meaning.spec)
            if kind is None or self._specialised(document, node, kind):
                continue
            if kind == "date" and "bang chu" in loose_key(node.label_text()):
                continue  # a date written out in words ("ghi bằng chữ") is text by design
            pointer = f"{node.pointer}/type" if document.format in ("formio", "surveyjs") else None
            if document.format == "surveyjs" and isinstance(node.raw, dict) and "inputType" in node.raw:
                pointer = f"{node.pointer}/inputType"
            yield self.violation(node, _PLAIN_MESSAGES[kind], pointer=pointer, confidence=meaning.confidence,
                                 evidence=meaning.evidence, control=node.type)

    @staticmethod
    def _kind(spec) -> str | None:
        if spec.group == "date":
            return "date"
        if spec.autocomplete == "tel":
            return "phone"
        if spec.autocomplete == "email":
            return "email"
        return None

    @staticmethod
    def _specialised(document: FormDocument, node: Node, kind: str) -> bool:
        raw = node.raw if isinstance(node.raw, dict) else {}
        if document.format == "xforms":
            return kind != "date" or node.data_type in ("date", "dateTime")
        if document.format == "surveyjs":
            wanted = {"date": ("date", "datetime-local"), "phone": ("tel",), "email": ("email",)}[kind]
            return raw.get("inputType") in wanted or (kind == "email" and node.validation("email") is not None)
        if kind == "date":
            # A text box with a day/month/year mask or pattern still checks the value.
            return node.input_mask is not None or node.validation("pattern") is not None
        if kind == "phone":
            return node.validation("pattern") is not None or node.input_mask is not None
        return node.validation("email") is not None or node.validation("pattern") is not None

