"""Tự động điền thông tin (autofill): citizen data that VNeID or the national population
database holds is filled in, under the names the host systems use, and never asked for
again as an uploaded copy."""

from __future__ import annotations

import re
from typing import Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.meaning import element_names, is_vietnamese_form, near_key, vocabulary
from eformlint.vietnamese.text import loose_key

_LAYOUT_TYPES = {"panel", "columns", "column", "fieldset", "well", "table", "tabs", "tab", "group"}
CORE_IDENTITY = ("person.id_number", "person.full_name", "person.dob", "person.sex")
_MEMBER_ACCESS = r"\b{source}\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)"


def reads_citizen_record(node: Node, sources: tuple[str, ...]) -> bool:
    """Say whether a default or calculation reads the citizen record (code scanned as text)."""
    for prefill in node.prefills:
        if prefill.kind in ("custom-default", "calculate") and isinstance(prefill.value, str):
            if any(source in prefill.value for source in sources):
                return True
        if prefill.kind == "setvalue":
            return True
    return False


# Applicant-profile properties that OpenCPS fills in AlpacaJS forms.
ALPACA_PROFILE_KEYS = {"applicantName", "applicantIdNo", "applicantCode", "applicantAddress", "applicantTelNo",
                       "applicantEmail", "applicantRepresentative", "applicantRepresentativeTitle"}


def is_autofilled(document: FormDocument, node: Node, meaning, sources: tuple[str, ...]) -> bool:
    """Say whether a field receives the citizen record's value, by the format's mechanism.

    Form.io, SurveyJS and Alpaca hosts fill a field whose key (SurveyJS ``valueName``)
    equals the record element; code that reads the record counts in every format.
    XForms fills through ``calculate`` or ``setvalue``.
    """
    if reads_citizen_record(node, sources):
        return True
    if document.format == "xforms":
        return any(p.kind in ("calculate", "setvalue") for p in node.prefills)
    if node.key == meaning.spec.element or node.annotations.get("value_name") == meaning.spec.element:
        return True
    if document.format == "alpaca" and node.key in ALPACA_PROFILE_KEYS:
        return True
    if document.format == "surveyjs":
        return any(p.kind in ("calculate", "setvalue", "expression") for p in node.prefills)
    return False


class CoreIdentityNotAutofilled(Rule):
    """The applicant's ID number, name, date of birth or sex is typed instead of prefilled."""

    code = "AUTO-001"
    name = "core-identity-not-autofilled"
    area = "autofill"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        sources = context.settings.citizen_record_sources
        for node in document.fields():
            meaning = context.meaning(node)
            if meaning is None or meaning.name not in CORE_IDENTITY or meaning.subject != "applicant":
                continue
            if node.hidden or is_autofilled(document, node, meaning, sources):
                continue
            yield self.violation(node, "not_autofilled", confidence=Confidence.LIKELY if meaning.source != "annotation" else Confidence.CERTAIN,
                                 evidence=meaning.evidence, element=meaning.spec.element)


class PrefillNameNotInVocabulary(Rule):
    """A key or a code reference that is close to a citizen-record element name but not equal
    to it, so the host fills nothing (keys are compared exactly and case-sensitively)."""

    code = "AUTO-004"
    name = "prefill-name-not-in-vocabulary"
    area = "autofill"
    default_severity = Severity.WARNING
    # XForms fills nodes through calculations, not by name, so its node names are not checked.
    formats = frozenset({"formio", "surveyjs", "alpaca"})

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)
        # QCVN 109 and the one-stop client say NoiOHienTai, the Portal's sign-on attributes NoiOHienNay.
        current_address_element: Literal["NoiOHienTai", "NoiOHienNay"] = Field(
            default="NoiOHienTai", alias="current-address-element")

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        yield from self._address_parts(document, context)
        yield from self._current_address_spelling(document, context)
        names = element_names()
        aliases = {key for spec in vocabulary().values() for key in spec.keys}
        for node in document.walk():
            if node.kind == "static" or node.type in _LAYOUT_TYPES or not node.key:
                continue
            if node.key in names or node.key in aliases or node.annotations.get("value_name") in names:
                continue  # SurveyJS stores the value under valueName, which then decides
            if node.type in ("file", "upload"):
                continue  # an upload contains a document, never a record value
            near = near_key(node.key)
            if near is None or near.kind == "affix":
                continue  # a subject prefix or suffix (nycHoVaTen, HoTenCha) is a different datum on purpose
            meaning = context.meaning(node)
            if meaning is not None and meaning.source in ("annotation", "config"):
                continue  # the author stated what the field is, so the key is deliberate
            yield self.violation(node, "did_you_mean", pointer=self._key_pointer(document, node), confidence=Confidence.LIKELY,
                                 evidence=("near-key", node.key, near.element), suggestion=near.element)
        yield from self._code_references(document, context, names)

    def _address_parts(self, document: FormDocument, context) -> Iterator[Violation]:
        """Report children of record address containers whose keys are not address part names."""
        for container in document.containers():
            if container.key not in ADDRESS_CONTAINERS:
                continue
            for node in container.walk():
                if node.kind != "field" or not node.key or node.key in ADDRESS_PARTS:
                    continue
                meaning = context.meaning(node)
                if meaning is None or meaning.spec.group != "address-part":
                    continue
                yield self.violation(node, "address_part_name", pointer=self._key_pointer(document, node),
                                     confidence=Confidence.LIKELY, evidence=meaning.evidence,
                                     suggestion=meaning.spec.element, address=container.key)

    def _current_address_spelling(self, document: FormDocument, context) -> Iterator[Violation]:
        """Report the current-address spelling that the configured target system does not use."""
        expected = self.options.current_address_element
        other = "NoiOHienNay" if expected == "NoiOHienTai" else "NoiOHienTai"
        for node in document.walk():
            if node.key == other:
                yield self.violation(node, "other_system_spelling", pointer=self._key_pointer(document, node),
                                     max_severity=Severity.INFO, suggestion=expected)

    @staticmethod
    def _key_pointer(document: FormDocument, node: Node) -> str | None:
        return f"{node.pointer}/key" if document.format == "formio" else None

    def _code_references(self, document, context, names) -> Iterator[Violation]:
        for node in document.walk():
            for prefill in node.prefills:
                if not isinstance(prefill.value, str):
                    continue
                for source in context.settings.citizen_record_sources:
                    for match in re.finditer(_MEMBER_ACCESS.format(source=re.escape(source)), prefill.value):
                        name = match.group(1)
                        if name in names or name in _RECORD_EXTRAS:
                            continue
                        near = near_key(name)
                        suggestion = near.element if near else ""
                        yield self.violation(node, "unknown_record_field", pointer=prefill.pointer,
                                             confidence=Confidence.LIKELY, name=name, source=source,
                                             suggestion=suggestion or "—")


# Record containers that hold an address, and the names their parts must use.
ADDRESS_CONTAINERS = {"ThuongTru", "NoiOHienTai", "NoiOHienNay", "QueQuan", "NoiDangKyKhaiSinh", "NoiTamTru"}
ADDRESS_PARTS = {"MaTinhThanh", "MaPhuongXa", "ChiTiet", "QuocGia", "TenTinhThanh", "TenPhuongXa", "MaDonViHanhChinh",
                 "MaQuanHuyen", "TenQuanHuyen"}

# Record members read by host code that are not data elements of their own.
_RECORD_EXTRAS = {"FullName", "PhoneNumber", "Email", "SoSoHoKhau", "QuanHe", "NamSinh", "NgayThangNam", "Nam",
                  "MaTinhThanh", "MaPhuongXa", "MaQuanHuyen", "ChiTiet", "QuocGia", "TenTinhThanh", "TenPhuongXa",
                  "TenQuanHuyen", "length", "toString"}

# Documents whose content the national databases already hold (loose keys).
_REPLACED_DOCUMENTS = (
    ("cccd", "cccd"), ("can cuoc", "cccd"), ("cmnd", "cccd"), ("chung minh nhan dan", "cccd"),
    ("ho khau", "household"), ("tam tru", "household"), ("xac nhan thong tin ve cu tru", "residence"),
    ("xac nhan cu tru", "residence"), ("giay khai sinh", "birth"), ("giay phep lai xe", "licence"),
    ("bang lai xe", "licence"), ("the bao hiem y te", "insurance"), ("the bhyt", "insurance"),
)


class UploadOfDocumentReplacedByData(Rule):
    """A required upload of a document whose content the state already holds as data."""

    code = "AUTO-008"
    name = "upload-of-document-replaced-by-data"
    area = "autofill"
    default_severity = Severity.ERROR

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            if node.type not in ("file", "upload") and node.data_type != "binary":
                continue
            if node.annotations.get("eformlint.fallback") in (True, "true"):
                continue
            if not node.required or any(c.kind == "show" for c in node.conditions):
                continue  # optional, or shown only when needed
            text = " ".join(loose_key(t.value) for t in (node.label, node.description) if t is not None)
            text += " " + loose_key(node.key or "")
            for needle, document_kind in _REPLACED_DOCUMENTS:
                if needle in text:
                    yield self.violation(node, "replaced_upload", confidence=Confidence.LIKELY,
                                         evidence=("label", node.label_text()), document=document_kind)
                    break
