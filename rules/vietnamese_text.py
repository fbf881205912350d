"""Vietnamese text quality on every user-visible string: Unicode, NFC, diacritics, spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, visible_texts
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.legacy import decode_mojibake
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import comparison_key, has_vietnamese_letters, is_nfc, nfc

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
    "so nha": "Số nhà", "xa phuong": "Xã, phường", "tinh thanh pho": "Tỉnh, thành phố",
    "ngay thang nam sinh": "Ngày, tháng, năm sinh", "noi sinh": "Nơi sinh", "nguoi khai": "Người khai",
    "ly do": "Lý do", "ghi chu": "Ghi chú", "cam doan": "cam đoan", "ho chieu": "Hộ chiếu",
    "can cuoc": "Căn cước", "thuong tru": "thường trú", "tam tru": "tạm trú", "nguoi than": "Người thân",
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


# Vowel pairs whose tone mark has two accepted places in an open syllable: "hòa" or "hoà",
# "khỏe" or "khoẻ", "thủy" or "thuỷ". Syllables after "q" are left out ("quý" has one place).
_MOVABLE_TONE = re.compile(r"^(ngh|ng|nh|ch|gh|kh|ph|th|tr|[bcdđghklmnprstvx])?(oa|oe|uy)$")
_TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_PLACEMENT_VI = {"first": "dấu trên nguyên âm đầu", "second": "dấu trên nguyên âm sau"}
_PLACEMENT_EN = {"first": "mark on the first vowel", "second": "mark on the second vowel"}


@lru_cache(maxsize=1 << 12)
def tone_placement(word: str) -> tuple[str, str] | None:
    """Return (syllable key, "first" or "second") for a syllable whose tone mark can sit on
    either vowel of oa, oe or uy, else ``None``. The key ignores where the mark sits."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = [(index, ch) for index, ch in enumerate(decomposed) if ch in _TONE_MARKS]
    if len(tones) != 1:
        return None
    bare = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    match = _MOVABLE_TONE.match(unicodedata.normalize("NFC", bare))
    if match is None:
        return None
    # Position of the marked vowel among the base letters (combining marks are skipped).
    letters = [index for index, ch in enumerate(decomposed) if not unicodedata.combining(ch)]
    marked = max(index for index in letters if index < tones[0][0])
    placement = "second" if letters.index(marked) == len(letters) - 1 else "first"
    return unicodedata.normalize("NFC", bare) + tones[0][1], placement


class MixedTonePlacement(Rule):
    """The same syllable written with both tone-mark placements in one form ("hoà" and "hòa")."""

    code = "UI-010.4"
    name = "mixed-tone-placement"
    area = "vietnamese-text"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        seen: dict[str, dict[str, str]] = {}
        reported: set[str] = set()
        for node, role, variant in visible_texts(document):
            for word in re.findall(r"[^\W\d_]+", nfc(variant.value)):
                found = tone_placement(word)
                if found is None:
                    continue
                key, placement = found
                spellings = seen.setdefault(key, {})
                spellings.setdefault(placement, word)
                if len(spellings) == 2 and key not in reported:
                    reported.add(key)
                    other = "first" if placement == "second" else "second"
                    yield self.violation(node, "mixed_placement", pointer=variant.pointer, word=word,
                                         other=spellings[other], placement_vi=_PLACEMENT_VI[placement],
                                         placement_en=_PLACEMENT_EN[placement], **_role_params(role))


class AllCapsLabel(Rule):
    """A field label written entirely in capital letters."""

    code = "UI-010.6"
    name = "all-caps-label"
    area = "vietnamese-text"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            if node.label is None:
                continue
            for variant in node.label.variants:
                letters = [ch for ch in variant.value if ch.isalpha()]
                words = re.findall(r"[^\W\d_]+", variant.value)
                if len(letters) >= 6 and len(words) >= 2 and all(ch.isupper() for ch in letters):
                    yield self.violation(node, "all_caps", pointer=variant.pointer, text=_short(variant.value),
                                         suggestion=_short(_sentence_case(variant.value)))


def _sentence_case(text: str) -> str:
    lowered = text.strip().lower()
    return lowered[:1].upper() + lowered[1:]


# English texts that the form builders fill in by themselves. Field labels, button texts and
# panel titles with these texts are reported by UI-001, A11Y-006 and UI-005.
BUILDER_ENGLISH_TEXTS = frozenset({
    "add another", "option 1", "option 2", "option 3", "tab 1", "tab 2", "tab 3", "page 1", "page 2", "page 3",
    "page1", "page2", "question1", "question2", "untitled", "untitled form", "new form", "my form", "survey",
    "type to search", "select an option", "please select", "select...", "choose...", "-- select --", "enter text",
    "click to upload", "browse", "drop files to attach, or browse", "text field", "text area", "submit", "panel",
    "yes", "no", "item 1", "item 2", "item 3", "first name", "last name", "description", "placeholder", "tooltip",
})
_BUILDER_ROLES = {"placeholder", "option", "description", "tooltip", "title"}


class BuilderEnglishText(Rule):
    """English text that the form builder put in and that was never replaced ("Option 1")."""

    code = "UI-010.7"
    name = "builder-english-text"
    area = "vietnamese-text"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, role, variant in visible_texts(document):
            in_tab = role == "label" and node is not None and node.type in ("tab", "page")
            if role not in _BUILDER_ROLES and not in_tab:
                continue
            if variant.lang not in (None, "vi", "default") and not str(variant.lang).lower().startswith("vi"):
                continue  # an English translation is meant to be English
            if comparison_key(variant.value).strip(" .") in BUILDER_ENGLISH_TEXTS:
                yield self.violation(node, "builder_english", pointer=variant.pointer, text=variant.value.strip(),
                                     **_role_params(role))
        if document.format == "formio":
            yield from self._add_another(document)

    def _add_another(self, document: FormDocument) -> Iterator[Violation]:
        """A Form.io data grid or edit grid shows its "Add Another" button in English unless
        ``addAnother`` gives the text."""
        for node in document.containers():
            raw = node.raw if isinstance(node.raw, dict) else {}
            if node.type not in ("datagrid", "editgrid") or raw.get("disableAddingRemovingRows") is True:
                continue
            text = raw.get("addAnother")
            if not isinstance(text, str) or not text.strip():
                yield self.violation(node, "builder_english", pointer=None, text="Add Another", role_vi="Nút thêm dòng",
                                     role_en="add-row button")
            elif comparison_key(text) in BUILDER_ENGLISH_TEXTS:
                yield self.violation(node, "builder_english", pointer=f"{node.pointer}/addAnother", text=text.strip(),
                                     role_vi="Nút thêm dòng", role_en="add-row button")
