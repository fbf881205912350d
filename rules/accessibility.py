"""Tiếp cận cho người khuyết tật (accessibility): what a definition shows of WCAG.

Most of accessibility is decided by the renderer and the theme. These rules check only what
the file itself holds: hidden labels, autocomplete tokens, HTML written into the form,
button and link texts, time limits, the declared language and group captions.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node, Text
from eformlint.rule import Rule, Violation
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import comparison_key, html_to_text, loose_key

# Autofill field names and their section, shipping and contact prefixes, from the WHATWG HTML
# Living Standard, section 4.10.18.7.1 "Autofilling form controls: the autocomplete attribute".
AUTOFILL_FIELD_NAMES = frozenset("""
name honorific-prefix given-name additional-name family-name honorific-suffix nickname username
new-password current-password one-time-code organization-title organization street-address
address-line1 address-line2 address-line3 address-level4 address-level3 address-level2 address-level1
country country-name postal-code cc-name cc-given-name cc-additional-name cc-family-name cc-number
cc-exp cc-exp-month cc-exp-year cc-csc cc-type transaction-currency transaction-amount language bday
bday-day bday-month bday-year sex url photo tel tel-country-code tel-national tel-area-code tel-local
tel-local-prefix tel-local-suffix tel-extension email impp webauthn
""".split())
_CONTACT_FIELDS = frozenset("tel tel-country-code tel-national tel-area-code tel-local tel-local-prefix "
                            "tel-local-suffix tel-extension email impp".split())
_CONTACT_TYPES = frozenset({"home", "work", "mobile", "fax", "pager"})
_OFF_ON = frozenset({"on", "off"})


def valid_autocomplete(value: str) -> bool:
    """Say whether ``value`` is a valid autocomplete attribute value (detail tokens in order:
    optional section-*, optional shipping/billing, optional contact type, then a field name,
    optional webauthn), or the single token on or off."""
    tokens = value.casefold().split()
    if len(tokens) == 1 and tokens[0] in _OFF_ON:
        return True
    if tokens and tokens[-1] == "webauthn":
        tokens = tokens[:-1]
    if not tokens:
        return False
    field_name = tokens.pop()
    if field_name not in AUTOFILL_FIELD_NAMES or field_name == "webauthn":
        return False
    if tokens and tokens[-1] in _CONTACT_TYPES:
        if field_name not in _CONTACT_FIELDS:
            return False
        tokens.pop()
    if tokens and tokens[-1] in ("shipping", "billing"):
        tokens.pop()
    if tokens and tokens[0].startswith("section-") and len(tokens[0]) > len("section-"):
        tokens.pop(0)
    return not tokens


class _HtmlScan(HTMLParser):
    """Collect what WCAG checks care about in an HTML fragment held by the form."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images_without_alt: list[str] = []
        self.links: list[str] = []
        self.moving: list[str] = []
        self._link_depth = 0
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name: (value or "") for name, value in attrs}
        if tag == "img" and "alt" not in names and names.get("role") != "presentation" and names.get("aria-hidden") != "true":
            self.images_without_alt.append(names.get("src", ""))
        if tag in ("marquee", "blink"):
            self.moving.append(f"<{tag}>")
        style = names.get("style", "").casefold()
        if re.search(r"(^|;|\s)animation(-name)?\s*:", style) or re.search(r"text-decoration[^;]*blink", style):
            self.moving.append(f"style=\"{names['style'].strip()}\"")
        if tag == "a":
            self._link_depth += 1
            self._link_text = [names.get("aria-label", "")] if names.get("aria-label") else []
        if tag == "img" and self._link_depth and names.get("alt"):
            self._link_text.append(names["alt"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link_depth:
            self._link_depth -= 1
            self.links.append(" ".join(self._link_text).strip())
            self._link_text = []

    def handle_data(self, data: str) -> None:
        if self._link_depth:
            self._link_text.append(data)


def html_texts(document: FormDocument) -> Iterator[tuple[Node, Text]]:
    """Yield every text that a renderer shows as HTML: static content, and labels, help and
    tooltips that contain markup."""
    for node in document.walk():
        if node.content is not None:
            yield node, node.content
        for text in (node.label, node.description, node.tooltip):
            if text is not None and "<" in text.value and ">" in text.value:
                yield node, text


def scan_html(value: str) -> _HtmlScan:
    scan = _HtmlScan()
    try:
        scan.feed(value)
        scan.close()
    except (AssertionError, ValueError):  # html.parser rejects a few malformed declarations
        pass
    return scan


def _raw(node: Node) -> dict:
    return node.raw if isinstance(node.raw, dict) else {}


class LabelNotTiedToControl(Rule):
    """A label that is hidden without an accessible name to replace it."""

    code = "A11Y-001"
    name = "label-not-tied-to-control"
    area = "accessibility"
    default_severity = Severity.WARNING
    formats = frozenset({"formio", "surveyjs"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            raw = _raw(node)
            if node.hidden or node.type in ("button", "hidden", "htmlelement", "content", "html", "expression"):
                continue
            if document.format == "formio" and raw.get("hideLabel") is True:
                attributes = raw.get("attributes") if isinstance(raw.get("attributes"), dict) else {}
                if not str(attributes.get("aria-label", "")).strip():
                    yield self.violation(node, "hidden_label_without_aria", pointer=f"{node.pointer}/hideLabel")
            elif document.format == "surveyjs" and raw.get("titleLocation") == "hidden":
                yield self.violation(node, "title_hidden", pointer=f"{node.pointer}/titleLocation")


class InvalidAutocompleteToken(Rule):
    """An autocomplete value outside the HTML standard's list, or a personal token on a field
    about someone other than the applicant."""

    code = "A11Y-002"
    name = "invalid-autocomplete-token"
    area = "accessibility"
    default_severity = Severity.INFO
    formats = frozenset({"formio", "surveyjs"})

    # Tokens worth suggesting for the applicant's own data typed by hand. Address levels are
    # left out: they are choices from the catalogue, not typed text.
    _SUGGESTED = frozenset({"name", "given-name", "family-name", "additional-name", "bday", "sex", "tel", "email",
                            "street-address", "address-line1"})
    _CHOICE_TYPES = frozenset({"select", "radio", "selectboxes", "select1", "dropdown", "radiogroup", "tagbox"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            pointer = f"{node.pointer}/autocomplete"
            if node.autocomplete is not None:
                if not valid_autocomplete(node.autocomplete):
                    yield self.violation(node, "invalid_token", pointer=pointer, token=node.autocomplete)
                elif node.autocomplete.casefold() not in _OFF_ON and about_another_person(node):
                    yield self.violation(node, "token_on_other_person", pointer=pointer, token=node.autocomplete,
                                         confidence=Confidence.LIKELY)
                continue
            if node.read_only or node.hidden or node.type in self._CHOICE_TYPES or not is_vietnamese_form(document):
                continue
            meaning = context.meaning(node)
            if (meaning is None or meaning.subject != "applicant" or meaning.source not in ("annotation", "config", "key")
                    or meaning.spec.autocomplete not in self._SUGGESTED or about_another_person(node)):
                continue
            yield self.violation(node, "missing_token", confidence=meaning.confidence, evidence=meaning.evidence,
                                 token=meaning.spec.autocomplete)


# Words (no diacritics) of a section label or key that marks its fields as being about someone else.
_OTHER_PERSON = re.compile(r"\b(cha|me|vo|chong|con|tre em|nguoi than|nguoi giam ho|nguoi duoc|bo|thanh vien)\b")
_OTHER_PERSON_KEYS = re.compile(r"^(cha|me|vo|chong|con|treem|nguoithan|nguoigiamho|thongtincha|thongtinme|thanhvien)", re.IGNORECASE)


def about_another_person(node: Node) -> bool:
    """Say whether a section above the field names another person (a parent, spouse, child)."""
    for ancestor in node.ancestors():
        if ancestor.key and _OTHER_PERSON_KEYS.match(ancestor.key):
            return True
        if _OTHER_PERSON.search(loose_key(ancestor.label_text())):
            return True
    return False


class MissingTextAlternative(Rule):
    """An image or an icon-only button without a text alternative."""

    code = "A11Y-005"
    name = "missing-text-alternative"
    area = "accessibility"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node, text in html_texts(document):
            for source in scan_html(text.value).images_without_alt:
                yield self.violation(node, "image_without_alt", pointer=text.pointer, source=source or "—")
        for node in document.walk():
            raw = _raw(node)
            if document.format == "formio" and node.type == "button" and (raw.get("leftIcon") or raw.get("rightIcon")):
                if not node.label_text():
                    yield self.violation(node, "icon_button_without_text", pointer=f"{node.pointer}/label"
                                         if "label" in raw else None)
            if document.format == "surveyjs" and node.type == "image" and not str(raw.get("altText") or "").strip():
                yield self.violation(node, "image_without_alt_text", pointer=None, source=str(raw.get("imageLink") or "—"))
        if document.format == "xforms":
            yield from self._itext_media_only(document)

    def _itext_media_only(self, document: FormDocument) -> Iterator[Violation]:
        """Report itext entries that give a picture or a sound but no text in some language."""
        translations = document.metadata.get("translations")
        if translations is None:
            return
        for lang in translations.languages:
            for text_id, forms in translations.texts.get(lang, {}).items():
                if forms and all(form in _MEDIA_FORMS for form in forms):
                    first = next(iter(forms.values()))
                    yield Violation(None, "media_without_text", {"id": text_id, "language": lang or "—"}, first[1])


# itext value forms that carry media rather than text.
_MEDIA_FORMS = frozenset({"image", "big-image", "audio", "video"})


# Whole link or button texts that do not say what happens (after NFC, case folding, trimming).
VAGUE_ACTION_TEXTS = frozenset({
    "bấm vào đây", "nhấn vào đây", "bấm đây", "nhấn đây", "tại đây", "ở đây", "xem", "xem thêm", "chi tiết",
    "click vào đây", "click here", "here", "link", "more", "read more", "click", "liên kết",
})
# English texts that the form builders put on buttons by default.
BUILDER_BUTTON_TEXTS = frozenset({"submit", "next", "previous", "cancel", "complete", "save", "reset", "button"})
_SURVEY_BUTTON_KEYS = ("completeText", "pageNextText", "pagePrevText", "previewText", "editText", "startSurveyText")


class VagueActionText(Rule):
    """A button or link whose text does not say what it does ("bấm vào đây", "Submit")."""

    code = "A11Y-006"
    name = "vague-action-text"
    area = "accessibility"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        vietnamese = is_vietnamese_form(document)
        for node in document.walk():
            if node.type in ("button", "trigger") and node.label is not None:
                yield from self._judge(node, node.label.value, node.label.pointer, vietnamese)
        for node, text in html_texts(document):
            for link in scan_html(text.value).links:
                yield from self._judge(node, link, text.pointer, vietnamese, link=True)
        if document.format == "surveyjs" and isinstance(document.raw, dict):
            for key in _SURVEY_BUTTON_KEYS:
                value = document.raw.get(key)
                text = value.get("vi", value.get("default")) if isinstance(value, dict) else value
                if isinstance(text, str):
                    yield from self._judge(None, text, f"/{key}", vietnamese)

    def _judge(self, node: Node | None, text: str, pointer: str, vietnamese: bool, link: bool = False) -> Iterator[Violation]:
        key = comparison_key(html_to_text(text)).strip(" .:!…")
        kind_vi, kind_en = ("Liên kết", "link") if link else ("Nút", "button")
        if not key and link:
            yield self.violation(node, "empty_link", pointer=pointer)
        elif key in VAGUE_ACTION_TEXTS:
            yield self.violation(node, "vague_text", pointer=pointer, text=text.strip(), kind_vi=kind_vi, kind_en=kind_en)
        elif vietnamese and key in BUILDER_BUTTON_TEXTS:
            yield self.violation(node, "english_button", pointer=pointer, text=text.strip(), kind_vi=kind_vi, kind_en=kind_en)


class MovingContentOrTimeLimit(Rule):
    """Blinking or self-moving content, or a hard time limit on filling in the form."""

    code = "A11Y-007"
    name = "moving-content-or-time-limit"
    area = "accessibility"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node, text in html_texts(document):
            for what in scan_html(text.value).moving:
                yield self.violation(node, "moving_content", pointer=text.pointer, what=what)
        if document.format != "surveyjs" or not isinstance(document.raw, dict):
            return
        holders = [("", document.raw)]
        pages = document.raw.get("pages")
        if isinstance(pages, list):
            holders += [(f"/pages/{i}", page) for i, page in enumerate(pages) if isinstance(page, dict)]
        for base, holder in holders:
            for key in ("maxTimeToFinish", "maxTimeToFinishPage"):
                seconds = holder.get(key)
                if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > 0:
                    yield self.violation(None, "time_limit", pointer=f"{base}/{key}", seconds=seconds, setting=key)


_VIETNAMESE_LANG = re.compile(r"^(vi|vie)([-_].*)?$|vietnam|tiếng việt|\(vi\)\s*$", re.IGNORECASE)


def is_vietnamese_language(name: str | None) -> bool:
    return bool(name) and _VIETNAMESE_LANG.search(name.strip()) is not None


class FormLanguageNotDeclared(Rule):
    """A Vietnamese form that does not declare Vietnamese as its language."""

    code = "A11Y-008"
    name = "form-language-not-declared"
    area = "accessibility"
    default_severity = Severity.WARNING
    formats = frozenset({"xforms", "surveyjs"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        if document.format == "surveyjs":
            locale = document.raw.get("locale") if isinstance(document.raw, dict) else None
            locale = locale if isinstance(locale, str) and locale else None
            if is_vietnamese_language(locale):
                return
            if locale is None and any(is_vietnamese_language(lang) for lang in document.languages):
                return  # locale objects with a "vi" entry
            yield self.violation(None, "survey_locale_not_vi", pointer="/locale" if locale else "", locale=locale or "—")
            return
        if not document.languages:
            return  # inline labels only: the text is Vietnamese (UI-010 checks it)
        vietnamese = [lang for lang in document.languages if is_vietnamese_language(lang)]
        if not vietnamese:
            yield self.violation(None, "no_vietnamese_translation", pointer="",
                                 languages=", ".join(document.languages))
        elif document.default_language not in vietnamese:
            yield self.violation(None, "vietnamese_not_default", pointer="",
                                 language=vietnamese[0], default=document.default_language or "—")


_GROUP_TYPES = {"radio", "selectboxes", "select1", "select", "radiogroup", "checkbox", "tagbox", "buttongroup"}


class ChoiceGroupWithoutLabel(Rule):
    """A group of radio buttons or checkboxes without a caption, or a choice without text."""

    code = "A11Y-009"
    name = "choice-group-without-label"
    area = "accessibility"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.walk():
            if node.hidden:
                continue
            # ODK table-list rows ("label", "list-nolabel") take their caption from a sibling row.
            appearance = str(node.annotations.get("appearance", "")).split()
            if "label" in appearance or "list-nolabel" in appearance:
                continue
            if node.kind == "field" and self._is_group(document, node):
                if not node.label_text() or node.label_hidden:
                    yield self.violation(node, "group_without_caption")
                if node.options is not None and node.options.kind == "inline":
                    for option in node.options.options:
                        if document.format == "surveyjs" and option.label is None and str(option.value or "").strip():
                            continue  # a plain-string choice shows its value as its text
                        if option.label is None or not option.label.value.strip():
                            yield self.violation(node, "option_without_text", pointer=option.pointer, value=str(option.value))
            if node.type == "fieldset" and not node.label_text():
                boxes = [child for child in node.children if child.type == "checkbox"]
                if len(boxes) > 1:
                    yield self.violation(node, "fieldset_without_legend", count=len(boxes))

    @staticmethod
    def _is_group(document: FormDocument, node: Node) -> bool:
        if document.format == "formio":
            return node.type in ("radio", "selectboxes")
        if document.format == "surveyjs":
            return node.type in ("radiogroup", "checkbox", "tagbox", "buttongroup")
        if document.format == "xforms":
            return node.type in ("select1", "select")
        return node.type in ("radio", "checkbox")
