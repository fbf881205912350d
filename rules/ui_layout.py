"""Giao diện (interface): labels, guidance, choice controls, grouping and consistent labels."""

from __future__ import annotations

from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import comparison_key, loose_key

# Labels the Form.io builder fills in by itself: a label equal to one of these was never written.
BUILDER_DEFAULT_LABELS = {
    "text field", "text area", "number", "password", "checkbox", "select boxes", "select", "radio",
    "email", "url", "phone number", "tags", "address", "date / time", "day", "time", "currency",
    "survey", "signature", "file", "hidden", "container", "data grid", "edit grid", "panel",
    "columns", "field set", "fieldset", "table", "tabs", "well", "html", "content", "submit",
    "textfield", "textarea", "page 1", "page 2", "page 3",
}
# Inputs that carry no label of their own by design.
_UNLABELLED_TYPES = {"hidden", "button", "htmlelement", "content", "trigger", "output"}
# Choice controls of every format (Form.io, XForms, SurveyJS, AlpacaJS): their options are the guidance.
_CHOICE_TYPES = {
    "select", "radio", "selectboxes", "select1", "tags", "dropdown", "radiogroup", "checkbox", "tagbox",
    "buttongroup", "imagepicker", "ranking", "boolean",
}
_TRIGGER_VI = {
    "pattern": "có mẫu kiểm tra định dạng",
    "mask": "có mặt nạ nhập",
    "upload": "yêu cầu tải tệp lên",
    "meaning": "hỏi mã, số giấy tờ hoặc địa chỉ theo quy cách riêng",
}
_TRIGGER_EN = {
    "pattern": "has a format pattern",
    "mask": "has an input mask",
    "upload": "asks for a file upload",
    "meaning": "asks for a code, a document number or an address in a set form",
}


def _is_input(node: Node) -> bool:
    return node.kind == "field" and node.type not in _UNLABELLED_TYPES and not node.hidden


class MissingFieldLabel(Rule):
    """An input without a visible label, or whose only text is a placeholder."""

    code = "UI-001"
    name = "missing-field-label"
    area = "ui-layout"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            if not _is_input(node):
                continue
            label = node.label_text()
            placeholder = node.placeholder.value.strip() if node.placeholder else ""
            if node.label_hidden and document.format == "surveyjs":
                yield self.violation(node, "title_hidden", pointer=f"{node.pointer}/titleLocation")
            elif node.label_hidden:
                yield self.violation(node, "label_hidden", pointer=f"{node.pointer}/hideLabel")
            elif not label or len(label) < 2:
                message = "placeholder_only" if placeholder else "missing_label"
                yield self.violation(node, message, placeholder=placeholder)
            elif document.format == "formio" and comparison_key(label) in BUILDER_DEFAULT_LABELS:
                yield self.violation(node, "builder_default_label", pointer=node.label.pointer, default=label)
            elif placeholder and comparison_key(placeholder) == comparison_key(label):
                yield self.violation(node, "label_equals_placeholder", pointer=node.placeholder.pointer)


class MissingGuidance(Rule):
    """A field with a format restriction, a code list or an upload, but no help text at the field."""

    code = "UI-002"
    name = "missing-field-guidance"
    area = "ui-layout"
    default_severity = Severity.WARNING

    _GUIDED_GROUPS = {"identity", "tax", "code-list", "address-part"}

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            if not _is_input(node) or node.read_only:
                continue
            if node.description is not None or node.tooltip is not None:
                if self._repeats_label(node):
                    yield self.violation(node, "help_repeats_label", pointer=(node.description or node.tooltip).pointer)
                    continue
                if node.description is not None:
                    continue
            trigger, confidence, evidence = self._trigger(node, context)
            reasons = {"reason_vi": _TRIGGER_VI.get(trigger, ""), "reason_en": _TRIGGER_EN.get(trigger, "")}
            if trigger and node.tooltip is not None:
                # A tooltip opens on hover, which touch screens and kiosks do not have.
                yield self.violation(node, "tooltip_only", pointer=node.tooltip.pointer, confidence=confidence,
                                     evidence=evidence, **reasons)
            elif trigger:
                yield self.violation(node, "missing_help", confidence=confidence, evidence=evidence, **reasons)

    def _repeats_label(self, node: Node) -> bool:
        help_text = node.description or node.tooltip
        return bool(node.label_text()) and loose_key(help_text.value) == loose_key(node.label_text())

    def _trigger(self, node: Node, context) -> tuple[str, Confidence, str]:
        if node.validation("pattern") is not None:
            return "pattern", Confidence.CERTAIN, ""
        if node.input_mask is not None:
            return "mask", Confidence.CERTAIN, ""
        if node.type in ("file", "upload"):
            return "upload", Confidence.CERTAIN, ""
        if node.type in _CHOICE_TYPES or node.options is not None:
            return "", Confidence.CERTAIN, ""
        meaning = context.meaning(node)
        if meaning is not None and meaning.spec.group in self._GUIDED_GROUPS and node.type not in _CHOICE_TYPES:
            return "meaning", meaning.confidence, meaning.evidence
        return "", Confidence.CERTAIN, ""


class UntitledSection(Rule):
    """A panel, fieldset, group or wizard page with no heading, or too many loose fields."""

    code = "UI-005"
    name = "untitled-section"
    area = "ui-layout"
    default_severity = Severity.WARNING

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)
        max_top_level_fields: int = Field(default=8, ge=1, alias="max-top-level-fields")
        # The official template's field order: data keys per template code (maSoBieuMau).
        reference_order: dict[str, list[str]] = Field(default_factory=dict, alias="reference-order")

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.containers():
            if node.type not in ("panel", "fieldset", "group") or not node.children:
                continue
            title = node.label_text()
            if not title or comparison_key(title) in BUILDER_DEFAULT_LABELS:
                page = document.display == "wizard" and node.parent is None
                yield self.violation(node, "untitled_page" if page else "untitled_section",
                                     pointer=node.label.pointer if node.label is not None else None, type=node.type)
        loose = [node for node in document.children if node.kind == "field" and _is_input(node)]
        limit = self.options.max_top_level_fields
        if len(loose) > limit:
            yield self.violation(loose[limit], "too_many_loose_fields", count=len(loose), limit=limit)
        yield from self._tab_order(document)
        yield from self._reference_order(document)

    def _tab_order(self, document: FormDocument) -> Iterator[Violation]:
        """Report the first Form.io tabindex that sends the keyboard back up the form."""
        highest = 0
        for node in document.walk():
            raw = node.raw if isinstance(node.raw, dict) else {}
            value = raw.get("tabindex")
            try:
                index = int(value) if value not in (None, "", True, False) else 0
            except (TypeError, ValueError):
                continue
            if index > 0 and index < highest:
                yield self.violation(node, "tab_order", pointer=f"{node.pointer}/tabindex", tabindex=index, previous=highest)
                return
            highest = max(highest, index)

    def _reference_order(self, document: FormDocument) -> Iterator[Violation]:
        """Report the first field that comes earlier than the official template puts it."""
        template = template_code(document)
        order = self.options.reference_order.get(template) if template else None
        if not order:
            return
        position = {key: index for index, key in enumerate(order)}
        reached, previous = -1, ""
        for node in document.fields():
            index = position.get(node.key or "")
            if index is None:
                continue
            if index < reached:
                yield self.violation(node, "out_of_template_order", template=template, after=previous)
                return
            reached, previous = index, node.key or ""


def template_code(document: FormDocument) -> str:
    """Return the official template code the form names (Form.io properties or SurveyJS
    top-level ``maSoBieuMau``), or an empty string."""
    holders = [document.metadata.get("properties")]
    if isinstance(document.raw, dict):
        holders.append(document.raw)
    for holder in holders:
        if isinstance(holder, dict) and isinstance(holder.get("maSoBieuMau"), str):
            return holder["maSoBieuMau"].strip()
    return ""


class ObsoleteLabel(Rule):
    """A label that names a document or unit that no longer exists (CMND, hộ khẩu, district)."""

    code = "UI-009.1"
    name = "obsolete-field-label"
    area = "ui-layout"
    default_severity = Severity.WARNING

    # Loose keys (no case, no diacritics) of obsolete labels, with what to use instead.
    _OBSOLETE = (
        ("so cmnd/cccd", "cmnd_cccd", "Số định danh cá nhân"),
        ("cmnd/cccd", "cmnd_cccd", "Số định danh cá nhân"),
        ("so cmnd/can cuoc cong dan", "cmnd_cccd", "Số định danh cá nhân"),
        ("ho khau thuong tru", "household_book", "Nơi thường trú"),
        ("so ho khau", "household_book", "Nơi thường trú"),
        ("so tam tru", "household_book", "Nơi tạm trú"),
        ("quan/huyen", "district", ""),
        ("quan, huyen", "district", ""),
    )

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            if node.label is None or node.type in ("file", "upload"):
                continue
            key = loose_key(node.label.value)
            for obsolete, message, replacement in self._OBSOLETE:
                if key == obsolete or key.startswith(obsolete + " "):
                    yield self.violation(node, message, pointer=node.label.pointer,
                                         confidence=Confidence.LIKELY if message == "household_book" else Confidence.CERTAIN,
                                         replacement=replacement)
                    break


class FreeTextForCatalogueValue(Rule):
    """A value from a national catalogue (province, ethnicity, religion, …) typed as free text."""

    code = "UI-004"
    name = "free-text-for-catalogue-value"
    area = "ui-layout"
    default_severity = Severity.WARNING

    _TEXT_TYPES = {"textfield", "textarea", "input", "text"}
    _CATALOGUES = {"provinces", "communes", "ethnic-groups", "religions", "iso-3166-1", "sex"}

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return  # the catalogues are Vietnam's; a Norwegian "Poststed" is not a commune
        for node in document.fields():
            if node.type not in self._TEXT_TYPES or node.read_only or node.hidden:
                continue
            meaning = context.meaning(node)
            if meaning is None or meaning.spec.catalogue not in self._CATALOGUES:
                continue
            if meaning.source == "label" and self._historical(node):
                continue
            yield self.violation(node, "typed_catalogue_value", pointer=f"{node.pointer}/type" if document.format == "formio" else None,
                                 confidence=meaning.confidence, evidence=meaning.evidence,
                                 catalogue=meaning.spec.catalogue)

    def _historical(self, node: Node) -> bool:
        """Places of the past (hometown, birth registration) may be typed: old units are allowed."""
        for ancestor in node.ancestors():
            key = loose_key(ancestor.label_text())
            if any(word in key for word in ("que quan", "noi sinh", "khai sinh", "truoc day", "cu")):
                return True
        return False
