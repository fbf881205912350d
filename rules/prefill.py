"""Tự động điền thông tin (autofill) beyond core identity: other population-database
data, contact data from the account, read-only prefilled values that stay completable,
coded targets, no re-entry, and the personal-data notice."""

from __future__ import annotations

import re
from typing import Any, Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, Violation
from eformlint.rules.autofill import CORE_IDENTITY, is_autofilled
from eformlint.vietnamese import catalogues as cat
from eformlint.vietnamese.formats import check_country_code
from eformlint.vietnamese.meaning import Meaning, is_vietnamese_form
from eformlint.vietnamese.text import html_to_text, loose_key

# Population-database data other than core identity, by meaning (Luật Căn cước 2023 Art. 9).
OTHER_RECORD_DATA = ("person.hometown", "person.ethnicity", "person.religion", "person.nationality",
                     "person.permanent_address", "person.current_address", "person.birth_registration_place",
                     "person.marital_status", "person.blood_group")
CONTACT = ("person.phone", "person.email")
_CHOICE_TYPES = {"select", "radio", "select1", "selectboxes", "dropdown", "radiogroup", "tagbox"}


def applicant_fields(document: FormDocument, context, names: tuple[str, ...], *,
                     containers: bool = False) -> Iterator[tuple[Node, Meaning]]:
    """Yield the applicant's own visible fields (and, on request, containers) with one of ``names``."""
    for node in document.walk():
        if node.kind == "static" or (node.kind == "container" and not containers) or node.hidden:
            continue
        meaning = context.meaning(node)
        if meaning is None or meaning.name not in names or meaning.subject != "applicant":
            continue
        if any(context.meaning(a) is not None and context.meaning(a).name in names for a in node.ancestors()):
            continue  # the enclosing address is reported, not each of its parts
        yield node, meaning


_ORGANISATION_WORDS = re.compile(r"\b(co quan|noi lam viec|to chuc|doanh nghiep|ho kinh doanh|cong ty|don vi|tru so)\b")


def names_organisation(node: Node) -> bool:
    """Say whether a contact field belongs to an organisation (an office phone), not to the person."""
    text = " ".join(loose_key(t) for t in (node.label_text(), *(a.label_text() for a in node.ancestors())) if t)
    key = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", node.key or "").casefold()
    return bool(_ORGANISATION_WORDS.search(text) or _ORGANISATION_WORDS.search(key))


def _filled(document: FormDocument, node: Node, meaning: Meaning, context) -> bool:
    sources = context.settings.citizen_record_sources
    if is_autofilled(document, node, meaning, sources):
        return True
    return any(is_autofilled(document, child, meaning, sources) or child.prefills for child in node.walk()
               if child is not node)


class RecordDataNotAutofilled(Rule):
    """Hometown, ethnicity, addresses and other population-database data typed instead of prefilled."""

    code = "AUTO-002"
    name = "record-data-not-autofilled"
    area = "autofill"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in applicant_fields(document, context, OTHER_RECORD_DATA, containers=True):
            if node.kind == "container" and not any(c.kind == "field" for c in node.walk()):
                continue
            if _filled(document, node, meaning, context):
                continue
            yield self.violation(node, "could_prefill", confidence=Confidence.LIKELY, evidence=meaning.evidence,
                                 element=meaning.spec.element)


def _logic_disables(node: Node) -> bool:
    raw = node.raw if isinstance(node.raw, dict) else {}
    logic_list = raw.get("logic") if isinstance(raw.get("logic"), list) else []
    for logic in logic_list:
        if not isinstance(logic, dict) or not isinstance(logic.get("actions"), list):
            continue
        for action in logic["actions"]:
            target = action.get("property") if isinstance(action, dict) else None
            if isinstance(target, dict) and target.get("value") == "disabled":
                return True
    return False


def _conditionally_read_only(node: Node) -> bool:
    raw = node.raw if isinstance(node.raw, dict) else {}
    return (_logic_disables(node) or any(c.kind in ("readonly", "enable") for c in node.conditions)
            or bool(raw.get("enableIf")))


def _prefilled_identity(document: FormDocument, context) -> Iterator[tuple[Node, Meaning]]:
    sources = context.settings.citizen_record_sources
    for node, meaning in applicant_fields(document, context, CORE_IDENTITY):
        if is_autofilled(document, node, meaning, sources):
            yield node, meaning


class PrefilledIdentityEditable(Rule):
    """A prefilled core identity field that the applicant can overwrite."""

    code = "AUTO-003.1"
    name = "prefilled-identity-editable"
    area = "autofill"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in _prefilled_identity(document, context):
            if node.read_only or _conditionally_read_only(node):
                continue
            yield self.violation(node, "editable", confidence=meaning.confidence, evidence=meaning.evidence)


_CORRECTION_WORDS = re.compile(r"\b(cap nhat|dieu chinh|sai|khong dung|chua dung|sua)\b")


class PrefilledWithoutCorrectionHint(Rule):
    """A prefilled field whose help does not say how to get the source data corrected."""

    code = "AUTO-003.2"
    name = "prefilled-without-correction-hint"
    area = "autofill"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in _prefilled_identity(document, context):
            help_text = " ".join(loose_key(t.value) for t in (node.description, node.tooltip) if t is not None)
            if not _CORRECTION_WORDS.search(help_text):
                yield self.violation(node, "no_correction_hint", confidence=meaning.confidence,
                                     evidence=meaning.evidence)


# Record elements that carry codes, with the catalogue their options must use.
CODED_ELEMENTS = {"DanToc": "ethnic", "TonGiao": "religion", "QuocTich": "country", "QuocGia": "country",
                  "GioiTinh": "code", "TinhTrangHonNhan": "code", "NhomMau": "code", "MaTinhThanh": "province",
                  "MaPhuongXa": "commune"}


def _code_problem(kind: str, value: Any) -> bool:
    """Say whether an option value is not a code of the catalogue ``kind``."""
    text = value if isinstance(value, str) else str(value)
    if kind == "country":
        return not check_country_code(text)
    if kind == "province":
        return not re.fullmatch(r"[0-9]{2}", text)  # which codes are current is VAL-009
    if kind == "commune":
        return not re.fullmatch(r"[0-9]{5}", text)
    if kind in ("ethnic", "religion"):
        return not re.fullmatch(r"[0-9]{2}", text)
    return not re.fullmatch(r"[0-9A-Za-z+\-]{1,3}", text)


class CodedElementNotCoded(Rule):
    """A field keyed as a coded record element that is free text or lists names instead of codes."""

    code = "AUTO-005"
    name = "coded-element-not-coded"
    area = "autofill"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            kind = CODED_ELEMENTS.get(node.key or "")
            if kind is None or node.hidden:
                continue
            if node.options is None and node.type not in _CHOICE_TYPES:
                yield self.violation(node, "free_text", pointer=f"{node.pointer}/type" if document.format == "formio" else None,
                                     element=node.key)
                continue
            if node.options is None or node.options.kind not in ("inline", "json"):
                continue
            for option in node.options.options:
                if option.value in (None, "") or isinstance(option.value, (int, float)) and not isinstance(option.value, bool):
                    continue  # a number written for a code is FMT-002
                if _code_problem(kind, option.value):
                    yield self.violation(node, "name_not_code", pointer=option.pointer, element=node.key,
                                         value=str(option.value))
                    break


def _references(node: Node, key: str) -> bool:
    texts = [str(p.value) for p in node.prefills] + [str(c.expression) for c in node.conditions]
    texts += [str(r) for c in node.conditions for r in c.references]
    pattern = re.compile(rf"(?:data\.|row\.|\{{|/){re.escape(key)}\b|^{re.escape(key)}$")
    return any(pattern.search(text) for text in texts)


class ReentryWithinForm(Rule):
    """The same datum of the same person asked for twice, the second time not copied from the first."""

    code = "AUTO-006"
    name = "reentry-within-form"
    area = "autofill"
    default_severity = Severity.WARNING

    _MEANINGS = ("person.full_name", "person.id_number", "person.dob", "person.phone", "person.email",
                 "person.permanent_address", "person.current_address")

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document) or self._proxy_switch(document):
            return
        first: dict[str, Node] = {}
        for node in document.walk():
            if node.kind == "static" or node.hidden or any(a.type in ("datagrid", "editgrid", "repeat", "paneldynamic")
                                                           for a in node.ancestors()):
                continue
            meaning = context.meaning(node)
            if meaning is None or meaning.name not in self._MEANINGS or meaning.subject == "other":
                continue
            if names_organisation(node):
                continue
            earlier = first.get(meaning.name)
            if earlier is None:
                first[meaning.name] = node
                continue
            if node.key == earlier.key or earlier.key and (_references(node, earlier.key) or node.conditions):
                continue  # the same key is the same datum; a copy or a condition shows the link
            yield self.violation(node, "second_entry", confidence=Confidence.LIKELY, evidence=meaning.evidence,
                                 first=earlier.display_name(), first_key=earlier.key or "")

    @staticmethod
    def _proxy_switch(document: FormDocument) -> bool:
        """Say whether the form switches between filing for oneself and by proxy (``LoaiToKhai``)."""
        return any(node.key == "LoaiToKhai" for node in document.walk())


class ContactNotFromAccount(Rule):
    """The applicant's phone or e-mail typed again instead of taken from the account profile."""

    code = "AUTO-007"
    name = "contact-not-from-account"
    area = "autofill"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        sources = context.settings.citizen_record_sources
        for node, meaning in applicant_fields(document, context, CONTACT):
            if node.read_only or names_organisation(node) or is_autofilled(document, node, meaning, sources):
                continue
            if document.format == "xforms" and any(p.kind == "preload" and re.search(r"phonenumber|email", str(p.value))
                                                   for p in node.prefills):
                continue
            yield self.violation(node, "not_from_account", confidence=Confidence.LIKELY, evidence=meaning.evidence,
                                 element=meaning.spec.element)


class LockedPrefillBlocksSubmission(Rule):
    """A prefilled, required field that is read-only without condition, so a missing record blocks submission."""

    code = "AUTO-009"
    name = "locked-prefill-blocks-submission"
    area = "autofill"
    default_severity = Severity.ERROR

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        sources = context.settings.citizen_record_sources
        keys_in_conditions = {ref.rsplit("/", 1)[-1].rsplit(".", 1)[-1] for node in document.walk()
                              for c in node.conditions for ref in c.references}
        for node in document.fields():
            meaning = context.meaning(node)
            if meaning is None or not meaning.spec.record or not node.read_only or not node.required:
                continue
            if not is_autofilled(document, node, meaning, sources) or _conditionally_read_only(node):
                continue
            if node.key in keys_in_conditions:
                continue  # another input appears when this value is empty
            confidence = Confidence.CERTAIN if meaning.exact_key else Confidence.LIKELY
            yield self.violation(node, "locked_and_required", pointer=node.read_only_pointer, confidence=confidence,
                                 evidence=meaning.evidence)


_PERSONAL_DATA = re.compile(r"\b(du lieu ca nhan|thong tin ca nhan)\b")
_PURPOSE = re.compile(r"\b(muc dich|xu ly)\b")


class NoPersonalDataNotice(Rule):
    """A form that pulls citizen data without a notice of the purpose of processing it."""

    code = "AUTO-010"
    name = "no-personal-data-notice"
    area = "autofill"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document) or context.settings.privacy_notice_in_portal:
            return
        pulled = None
        for node, meaning in applicant_fields(document, context, CORE_IDENTITY + OTHER_RECORD_DATA, containers=True):
            if _filled(document, node, meaning, context):
                pulled = node
                break
        if pulled is None:
            return
        texts = [document.title.value if document.title else "", str(document.metadata.get("description") or "")]
        for node in document.walk():
            for text in (node.content, node.description, node.label if node.kind == "static" else None):
                if text is not None:
                    texts.append(text.value)
        for text in texts:
            plain = loose_key(html_to_text(text))
            if _PERSONAL_DATA.search(plain) and _PURPOSE.search(plain):
                return
        yield self.violation(pulled, "no_notice", confidence=Confidence.LIKELY, evidence=("key", pulled.key or ""))
