"""Thông báo lỗi (error messages): every rule has a Vietnamese message that names the
field, says what is wrong and how to put it right, without technical words."""

from __future__ import annotations

import re
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Message, Node
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.legacy import decode_mojibake
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
# Alpaca message keys (view.messages) of the rules a schema can set.
_ALPACA_MESSAGE_KEYS = {
    "required": "notOptional",
    "pattern": "invalidPattern",
    "minLength": "stringTooShort",
    "maxLength": "stringTooLong",
    "min": "numberTooSmall",
    "max": "numberTooLarge",
    "email": "invalidEmail",
    "enum": "invalidValueOfEnum",
}
# Loose keys (no case, no diacritics) of wording that tells the applicant what happens when
# the citizen-record look-up fails.
_LOOKUP_FAILURE_PHRASES = ("khong lay duoc", "khong tra cuu duoc", "tra cuu that bai", "khong co du lieu",
                           "khong tim thay du lieu", "khong tim thay thong tin", "neu khong co thong tin",
                           "neu khong co du lieu", "loi ket noi")
# Rules whose messages come from code (validate.custom, JSONLogic): not checked here.
_CODE_RULES = {"custom", "json"}
# After trimming punctuation and case folding, a whole message equal to one of these gives no information.
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
            elif document.format == "surveyjs":
                yield from self._surveyjs(node)
            elif document.format == "alpaca":
                yield from self._alpaca(node, document.metadata.get("messages", {}))
        if document.format == "formio":
            yield from self._lookup_failure(document, context)

    def _lookup_failure(self, document: FormDocument, context) -> Iterator[Violation]:
        """Report, once per form, fields filled from the citizen record when no text of the
        form tells the applicant what happens if the look-up fails."""
        sources = context.settings.citizen_record_sources
        prefilled = [node for node in document.fields()
                     if any(isinstance(p.value, str) and any(name in p.value for name in sources) for p in node.prefills)]
        if not prefilled:
            return
        for node in document.walk():
            for text in (node.content, node.description, node.tooltip):
                if text is not None and any(phrase in loose_key(text.value) for phrase in _LOOKUP_FAILURE_PHRASES):
                    return
        yield self.violation(prefilled[0], "no_lookup_failure_message", max_severity=Severity.INFO,
                             confidence=Confidence.LIKELY, count=len(prefilled), source=sources[0])

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

    def _surveyjs(self, node: Node) -> Iterator[Violation]:
        """Report rules whose message SurveyJS takes from its localisation, which names no field.

        Only rules that can carry a message are checked: ``isRequired`` (``requiredErrorText``),
        ``min``/``max`` (``minErrorText``/``maxErrorText``) and every validator (``text``).
        """
        reported = set()
        for validation in node.validations:
            pointer = validation.pointer
            own_message = "/validators/" in pointer or pointer.endswith(("/isRequired", "/min", "/max"))
            if not own_message or (validation.kind, pointer) in reported:
                continue
            if node.message_for(validation.kind) is None:
                reported.add((validation.kind, pointer))
                yield self.violation(node, "surveyjs_default_message", pointer=pointer, rule=validation.kind)

    def _alpaca(self, node: Node, view_messages: dict) -> Iterator[Violation]:
        for validation in node.validations:
            key = _ALPACA_MESSAGE_KEYS.get(validation.kind)
            if key is not None and key not in view_messages:
                yield self.violation(node, "alpaca_default_message", pointer=validation.pointer, rule=validation.kind,
                                     message_key=key)

    def _xforms(self, node: Node) -> Iterator[Violation]:
        required = node.validation("required")
        if required is not None and node.message_for("required") is None:
            yield self.violation(node, "xforms_required_without_message", pointer=required.pointer)
        constraint = node.validation("constraint")
        if constraint is not None and node.message_for("constraint") is None:
            yield self.violation(node, "xforms_constraint_without_message", pointer=constraint.pointer,
                                 constraint=constraint.value)


class OneMessageForSeveralRules(Rule):
    """A Form.io field with several rules that all show the one validate.customMessage."""

    code = "ERR-001.2"
    name = "one-message-for-several-rules"
    area = "error-messages"
    default_severity = Severity.INFO
    formats = frozenset({"formio"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            catch_all = next((m for m in node.messages if m.rule == "*"), None)
            if catch_all is None or node.hidden:
                continue
            own = {m.rule for m in node.messages if m.rule != "*"}
            covered = sorted({key for v in node.validations
                              if (key := _FORMIO_RULE_KEYS.get(v.kind)) is not None and key not in own})
            if len(covered) >= 2:
                yield self.violation(node, "shared_custom_message", pointer=catch_all.text.pointer,
                                     rules=", ".join(covered), message=catch_all.text.value.strip())


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


# Form.io replaces {{ field }} with errorLabel, else the label.
_FIELD_PLACEHOLDER = re.compile(r"\{\{\s*field\s*\}\}")


def _readable(text: str) -> str:
    """Return garbled text (TCVN3, VNI, UTF-8 read as Windows-1252) decoded, else as it is."""
    decoded = decode_mojibake(text)
    return decoded.text if decoded is not None else text


def _name_key(label: str) -> str:
    """Return the part of a label that a message must repeat to name the field: the first
    three words of the label without its parenthesised notes ("Nơi sinh (tỉnh, thành phố)"
    is named by "nơi sinh", "Số định danh cá nhân của mẹ" by "số định danh")."""
    bare = re.sub(r"\([^)]*\)", " ", label)
    words = loose_key(re.sub(r"[^\w\s]", " ", bare)).split()
    return " ".join(words[:3])


class MessageWithoutFieldName(Rule):
    """A message that does not name its field, which an error summary or a screen reader needs."""

    code = "ERR-002.2"
    name = "message-without-field-name"
    area = "error-messages"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            if node.type in ("checkbox", "boolean"):
                continue  # the label of a single checkbox is a sentence, such as a commitment
            names = [_readable(name) for name in (self._error_label(node), node.label_text()) if name]
            keys = [key for key in (_name_key(name) for name in names) if key]
            if not keys:
                continue
            for message in field_messages(document, node):
                text = message.text.value
                if not text.strip() or _FIELD_PLACEHOLDER.search(text):
                    continue
                folded = " ".join(loose_key(re.sub(r"[^\w\s]", " ", text)).split())
                if not any(key in folded for key in keys):
                    # Only Form.io fills a {{ field }} placeholder with the label.
                    message_id = "field_not_named" if document.format == "formio" else "field_not_named_plain"
                    yield self.violation(node, message_id, pointer=message.text.pointer,
                                         confidence=Confidence.LIKELY, message=text.strip(), name=names[0])

    @staticmethod
    def _error_label(node: Node) -> str:
        raw = node.raw if isinstance(node.raw, dict) else {}
        value = raw.get("errorLabel")
        return value.strip() if isinstance(value, str) else ""


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
        yield from self._limits(document)
        for node in document.fields():
            format_rule = node.validation("pattern") or node.input_mask
            if format_rule is None:
                continue
            if format_rule.kind == "mask":
                rule_key = "mask"
            elif document.format == "xforms":
                rule_key = "constraint"
            else:
                rule_key = "pattern"
            message = node.message_for(rule_key)
            if message is None or not message.text.value.strip():
                continue  # no message at all is ERR-001.1
            if not has_vietnamese_letters(message.text.value):
                continue  # the format hints looked for are Vietnamese wording
            if not _FORMAT_HINT.search(message.text.value):
                yield self.violation(node, "no_format_hint", pointer=message.text.pointer,
                                     confidence=Confidence.LIKELY, message=message.text.value.strip())

    def _limits(self, document: FormDocument) -> Iterator[Violation]:
        """A message of a length or range rule must state the limit, or the placeholder that
        Form.io fills with it."""
        for node in document.fields():
            for validation in node.validations:
                placeholder = _LIMIT_PLACEHOLDERS.get(validation.kind)
                limit = _number(validation.value)
                if placeholder is None or limit is None:
                    continue
                key = "constraint" if document.format == "xforms" else validation.kind
                message = next((m for m in node.messages if m.rule == key), None)
                if message is None or not message.text.value.strip():
                    continue  # a message shared by every rule is ERR-001.2
                text = message.text.value
                if re.search(placeholder, text) or re.search(rf"(?<![\d.,]){re.escape(limit)}(?![\d])", text):
                    continue
                if re.search(r"ví dụ|\bvd\b", text, re.IGNORECASE):
                    continue  # an example of a correct value shows the length as well
                yield self.violation(node, "no_limit", pointer=message.text.pointer, message=text.strip(),
                                     rule=validation.kind, limit=limit)


# Length and range rules, with the Form.io placeholders that stand for their limit.
_LIMIT_PLACEHOLDERS = {
    "minLength": r"\{\{\s*(length|minLength)\s*\}\}", "maxLength": r"\{\{\s*(length|maxLength)\s*\}\}",
    "minWords": r"\{\{\s*(length|minWords)\s*\}\}", "maxWords": r"\{\{\s*(length|maxWords)\s*\}\}",
    "min": r"\{\{\s*min\s*\}\}", "max": r"\{\{\s*max\s*\}\}",
    "minSelectedCount": r"\{\{\s*minCount\s*\}\}", "maxSelectedCount": r"\{\{\s*maxCount\s*\}\}",
}


def _number(value) -> str | None:
    """Return a literal numeric limit as written in a message ("100", "1.5"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(value)
    if isinstance(value, str) and re.fullmatch(r"\d+", value.strip()):
        return value.strip()
    return None


# Placeholders that put other data than the field's own value into a message.
_OTHER_DATA = re.compile(r"\{\{\s*(data|row|submission|instance)\b[^}]*\}\}")
_SURVEY_REFERENCE = re.compile(r"\{([A-Za-z_][\w.\-]*)\}")


class MessageRevealsOtherData(Rule):
    """A message that shows data other than what the applicant typed into the field."""

    code = "ERR-009"
    name = "message-reveals-other-data"
    area = "error-messages"
    default_severity = Severity.WARNING
    formats = frozenset({"formio", "surveyjs"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        sources = context.settings.citizen_record_sources
        for node in document.fields():
            for message in field_messages(document, node):
                text = message.text.value
                found = _OTHER_DATA.search(text) if document.format == "formio" else self._survey_reference(node, text)
                if found:
                    yield self.violation(node, "interpolates_other_data", pointer=message.text.pointer,
                                         confidence=Confidence.LIKELY, message=text.strip(), reference=found.group(0))
            custom = node.validation("custom")
            if custom is not None and isinstance(custom.value, str):
                code = custom.value
                source = next((name for name in sources if name in code), None)
                if source and re.search(r"valid\s*=[^;]*(['\"][^'\"]*['\"]\s*\+|\+\s*['\"])", code):
                    yield self.violation(node, "custom_code_reveals_record", pointer=custom.pointer,
                                         confidence=Confidence.LIKELY, source=source)

    @staticmethod
    def _survey_reference(node: Node, text: str):
        for match in _SURVEY_REFERENCE.finditer(text):
            if match.group(1) != node.key:
                return match
        return None
