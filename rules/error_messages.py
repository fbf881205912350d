"""Thông báo lỗi (error messages): every rule has a Vietnamese message that names the
field, says what is wrong and how to put it right, without technical words."""

from __future__ import annotations

import re
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Message, Node
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import has_vietnamese_letters, loose_key, words

# The rules a Form.io field can fail, with the ``errors`` key of each message.
_FORMIO_RULE_KEYS = {
    "required": "required",
    "pattern": "pattern",
    "minLength": "minLength",
    "maxLength": "maxLength",
    "minWords": "minWords",
    "maxWords": "maxWords",
    "min": "min",
    "max": "max",
    "email": "invalid_email",
    "url": "invalid_url",
    "date": "invalid_date",
    "day": "invalid_day",
    "mask": "mask",
    "minDate": "minDate",
    "maxDate": "maxDate",
}
# Rules whose messages come from code (validate.custom, JSONLogic): not checked here.
_CODE_RULES = {"custom", "json"}
# After trimming punctuation and case folding, a whole message equal to one of these says nothing.
GENERIC_MESSAGES = {
    "loi", "khong hop le", "du lieu khong hop le", "gia tri khong hop le", "sai dinh dang",
    "vui long kiem tra lai", "error", "invalid", "required", "sai", "nhap sai", "khong dung dinh dang",
    "truong bat buoc", "bat buoc", "invalid input", "this field is required", "loi nhap lieu",
}
_ENGLISH_WORDS = {
    "is", "must", "field", "required", "invalid", "please", "enter", "the", "a", "an", "value",
    "not", "be", "should", "match", "format", "this", "your", "number", "characters",
}
_REGEX_FRAGMENT = re.compile(r"\\[dDwWsS]|\[0-9\]|\^.*\$|\{\d+(,\d*)?\}|\(\?[:=!]|\{\{\s*(pattern|regex)\s*\}\}")
_PROGRAMMING_WORDS = re.compile(r"\b(null|undefined|NaN|Exception|TypeError|stack ?trace|HTTP [45]\d\d)\b|\bError:")
# Evidence that a message explains the expected format: a count, a mask or an example.
_FORMAT_HINT = re.compile(
    r"\d+\s*(chữ số|số|ký tự|kí tự|chữ)|dd/mm/yyyy|ngày/tháng/năm|[#9]{3,}|ví dụ|\bvd\b|\bví dụ\b|bắt đầu bằng|gồm",
    re.IGNORECASE,
)


def field_messages(document: FormDocument, node: Node) -> Iterator[Message]:
    """Yield every message of a field once."""
    seen = set()
    for message in node.messages:
        if id(message) not in seen:
            seen.add(id(message))
            yield message


class RuleWithoutMessage(Rule):
    """A validation rule with no message of its own: the form engine then shows its built-in
    English text (Form.io, SurveyJS, AlpacaJS) or a generic one (ODK)."""

    code = "ERR-001.1"
    name = "rule-without-message"
    area = "error-messages"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return  # English defaults are right for forms written in another language
        for node in document.fields():
            if node.hidden or node.read_only and not node.required:
                continue
            if document.format == "formio":
                yield from self._formio(node, context)
            elif document.format == "xforms":
                yield from self._xforms(node)

    def _formio(self, node: Node, context) -> Iterator[Violation]:
        if context.settings.formio_default_messages_localised:
            return
        reported = set()
        for validation in node.validations:
            key = _FORMIO_RULE_KEYS.get(validation.kind)
            if key is None or key in reported:
                continue
            if node.message_for(key) is None:
                reported.add(key)
                yield self.violation(node, "formio_default_message", pointer=validation.pointer, rule=key)

    def _xforms(self, node: Node) -> Iterator[Violation]:
        required = node.validation("required")
        if required is not None and node.message_for("required") is None:
            yield self.violation(node, "xforms_required_without_message", pointer=required.pointer)
        constraint = node.validation("constraint")
        if constraint is not None and node.message_for("constraint") is None:
            yield self.violation(node, "xforms_constraint_without_message", pointer=constraint.pointer,
                                 constraint=constraint.value)


class GenericErrorMessage(Rule):
    """A message such as "Lỗi" or "Không hợp lệ" that names neither the field nor the problem."""

    code = "ERR-002.1"
    name = "generic-error-message"
    area = "error-messages"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            for message in field_messages(document, node):
                text = message.text.value
                key = loose_key(re.sub(r"[^\w\s]", " ", text))
                if key in GENERIC_MESSAGES:
                    yield self.violation(node, "generic_message", pointer=message.text.pointer, message=text.strip())


class TechnicalOrEnglishMessage(Rule):
    """A message that shows a regular expression, a programming word, or English only."""

    code = "ERR-004"
    name = "technical-or-english-message"
    area = "error-messages"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        vietnamese = is_vietnamese_form(document)
        for node in document.fields():
            for message in field_messages(document, node):
                text = message.text.value
                if not text.strip():
                    continue
                if _REGEX_FRAGMENT.search(text):
                    yield self.violation(node, "regex_in_message", pointer=message.text.pointer, message=text.strip())
                elif _PROGRAMMING_WORDS.search(text):
                    yield self.violation(node, "technical_word", pointer=message.text.pointer, message=text.strip(),
                                         word=_PROGRAMMING_WORDS.search(text).group(0))
                elif vietnamese and self._english(text):
                    yield self.violation(node, "english_message", pointer=message.text.pointer, message=text.strip())

    @staticmethod
    def _english(text: str) -> bool:
        if has_vietnamese_letters(text):
            return False
        found = [word for word in words(text) if word in _ENGLISH_WORDS]
        return len(found) >= 2


class MessageWithoutFormatHint(Rule):
    """The message of a format rule (pattern, mask) that does not say what format is expected."""

    code = "ERR-003"
    name = "message-without-format-hint"
    area = "error-messages"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            format_rule = node.validation("pattern") or node.input_mask
            if format_rule is None:
                continue
            rule_key = "mask" if format_rule.kind == "mask" else ("constraint" if document.format == "xforms" else "pattern")
            message = node.message_for(rule_key)
            if message is None or not message.text.value.strip():
                continue  # no message at all is ERR-001.1
            if not _FORMAT_HINT.search(message.text.value):
                yield self.violation(node, "no_format_hint", pointer=message.text.pointer,
                                     confidence=Confidence.LIKELY, message=message.text.value.strip())
