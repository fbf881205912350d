"""Thông báo lỗi (error messages): when errors appear, and the review before submission."""

from __future__ import annotations

from typing import Iterator

from eformlint.findings import Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import loose_key

# Form.io validateOn values that check a value while the applicant works on the field.
_FORMIO_EARLY_VALIDATION = {"change", "blur"}


class ErrorsShownTooLate(Rule):
    """Checks postponed until the end, so the applicant learns of every mistake at once."""

    code = "ERR-006"
    name = "errors-shown-too-late"
    area = "error-messages"
    default_severity = Severity.WARNING
    formats = frozenset({"formio", "surveyjs"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if document.format == "surveyjs":
            raw = document.raw if isinstance(document.raw, dict) else {}
            if raw.get("checkErrorsMode") == "onComplete":
                yield self.violation(None, "survey_checks_on_complete", pointer="/checkErrorsMode")
            return
        for node in document.fields():
            raw = node.raw if isinstance(node.raw, dict) else {}
            value = raw.get("validateOn")
            if value is not None and value not in _FORMIO_EARLY_VALIDATION:
                yield self.violation(node, "formio_validate_on", pointer=f"{node.pointer}/validateOn", value=str(value))


# Loose keys (no case, no diacritics) of wording that marks a review step or a commitment.
_REVIEW_WORDS = ("xem lai", "xac nhan", "kiem tra lai")
_COMMITMENT_WORDS = ("cam doan", "cam ket", "chiu trach nhiem", "dung su that")
_PREVIEW_MODES = {"showAllQuestions", "showAnsweredQuestions"}


class NoReviewBeforeSubmission(Rule):
    """A Vietnamese form with no step where the applicant reviews and confirms the data."""

    code = "ERR-007"
    name = "no-review-before-submission"
    area = "error-messages"
    default_severity = Severity.WARNING
    formats = frozenset({"formio", "surveyjs"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        if document.format == "surveyjs":
            raw = document.raw if isinstance(document.raw, dict) else {}
            mode = raw.get("showPreviewBeforeComplete")
            if mode not in _PREVIEW_MODES:
                yield self.violation(None, "survey_no_preview", pointer="/showPreviewBeforeComplete" if mode else "",
                                     mode=str(mode) if mode else "—")
            return
        if self._review_page(document) or any(self._commitment(node) for node in document.fields()):
            return
        yield self.violation(None, "formio_no_confirmation", pointer="", max_severity=Severity.INFO)

    @staticmethod
    def _review_page(document: FormDocument) -> bool:
        if document.display != "wizard":
            return False
        pages = [node for node in document.children if node.kind == "container"]
        return bool(pages) and any(word in loose_key(pages[-1].label_text()) for word in _REVIEW_WORDS)

    @staticmethod
    def _commitment(node: Node) -> bool:
        if node.type != "checkbox" or not node.required:
            return False
        text = loose_key(node.label_text()) + " " + loose_key(node.key or "")
        return any(word in text or word.replace(" ", "") in text for word in _COMMITMENT_WORDS)
