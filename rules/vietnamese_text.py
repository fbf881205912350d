"""Vietnamese text quality on every user-visible string: Unicode, NFC, diacritics, spacing."""

from __future__ import annotations

import re
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, visible_texts
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.legacy import decode_mojibake
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import has_vietnamese_letters, is_nfc, nfc

_ROLES_VI = {
    "title": "Tiêu đề biểu mẫu", "label": "Nhãn", "description": "Mô tả", "tooltip": "Chú thích",
    "placeholder": "Chữ gợi ý", "content": "Nội dung", "message": "Thông báo lỗi", "option": "Lựa chọn",
}


def _role_params(role: str) -> dict[str, str]:
    return {"role_vi": _ROLES_VI.get(role, role), "role_en": role}


class LegacyEncodingText(Rule):
    """Text that was stored in one encoding and read in another ("Há» vÃ  tÃªn" for "Họ và tên")."""

    code = "UI-010.1"
    name = "legacy-encoding-text"
    area = "vietnamese-text"
    default_severity = Severity.ERROR

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node, role, variant in visible_texts(document):
            decoded = decode_mojibake(variant.value)
            if decoded is not None:
                yield self.violation(node, "mojibake", pointer=variant.pointer, text=_short(variant.value),
                                     decoded=_short(decoded.text), encoding=decoded.encoding, fix="legacy",
                                     **_role_params(role))


class TextNotNfc(Rule):
    """Text whose Vietnamese letters are stored decomposed (not NFC): two labels that look the
    same then differ, and search and comparison fail."""

    code = "UI-010.2"
    name = "text-not-nfc"
    area = "vietnamese-text"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node, role, variant in visible_texts(document):
            if not is_nfc(variant.value):
                yield self.violation(node, "not_nfc", pointer=variant.pointer, text=_short(variant.value),
                                     fixed=_short(nfc(variant.value)), fix="nfc", **_role_params(role))


# Common form phrases written without diacritics, with their correct spelling.
MISSING_DIACRITICS = {
    "ho ten": "Họ tên", "ho va ten": "Họ và tên", "ngay sinh": "Ngày sinh", "dia chi": "Địa chỉ",
    "gioi tinh": "Giới tính", "dan toc": "Dân tộc", "quoc tich": "Quốc tịch",
    "so dien thoai": "Số điện thoại", "noi o hien tai": "Nơi ở hiện tại", "noi thuong tru": "Nơi thường trú",
    "que quan": "Quê quán", "ton giao": "Tôn giáo", "nghe nghiep": "Nghề nghiệp",
    "so dinh danh": "Số định danh", "ngay cap": "Ngày cấp", "noi cap": "Nơi cấp",
    "thu dien tu": "Thư điện tử", "vui long nhap": "Vui lòng nhập", "bat buoc": "bắt buộc",
    "khong hop le": "không hợp lệ",
}
_PHRASES = re.compile(r"\b(" + "|".join(sorted(map(re.escape, MISSING_DIACRITICS), key=len, reverse=True)) + r")\b")


class MissingDiacritics(Rule):
    """Vietnamese written without diacritics ("Ho va ten"), which citizens read with difficulty
    and which cannot be told apart from other words."""

    code = "UI-010.3"
    name = "missing-diacritics"
    area = "vietnamese-text"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, role, variant in visible_texts(document):
            if role == "content" or has_vietnamese_letters(variant.value):
                continue
            match = _PHRASES.search(variant.value.casefold())
            if match:
                yield self.violation(node, "no_diacritics", pointer=variant.pointer, confidence=Confidence.LIKELY,
                                     text=_short(variant.value), phrase=match.group(1),
                                     suggestion=MISSING_DIACRITICS[match.group(1)], **_role_params(role))


_DOUBLE_SPACE = re.compile(r"\S {2,}\S")
_WHITESPACE_VI = {"edges": "dấu cách ở đầu hoặc cuối", "doubled": "hai dấu cách liền nhau", "nbsp": "dấu cách không ngắt"}
_WHITESPACE_EN = {"edges": "leading or trailing space", "doubled": "doubled space", "nbsp": "non-breaking space"}


class StrayWhitespace(Rule):
    """Leading, trailing, doubled or non-breaking spaces in labels and messages."""

    code = "UI-010.5"
    name = "stray-whitespace"
    area = "vietnamese-text"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node, role, variant in visible_texts(document):
            if role not in ("label", "message", "title", "option", "placeholder"):
                continue
            value = variant.value
            if document.format == "xforms" and role != "message":
                continue  # XML text is trimmed by the engine
            decoded = decode_mojibake(value)
            if decoded is not None:
                value = decoded.text  # UTF-8 read as Windows-1252 turns "à" into "Ã" and a NBSP
            if value != value.strip(" \t"):
                problem = "edges"
            elif _DOUBLE_SPACE.search(value):
                problem = "doubled"
            elif "\u00a0" in value:
                problem = "nbsp"
            else:
                continue
            yield self.violation(node, "stray_whitespace", pointer=variant.pointer, text=_short(value),
                                 problem_vi=_WHITESPACE_VI[problem], problem_en=_WHITESPACE_EN[problem],
                                 fix="whitespace", **_role_params(role))


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
