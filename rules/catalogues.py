"""Xác thực dữ liệu (data validation) of coded choices: ethnic groups, religions and
countries follow the national catalogues, each coded list states its catalogue and
version, option lists follow Vietnamese order, and stored values and keys are exchangeable."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Option
from eformlint.rule import Rule, Violation
from eformlint.rules.addresses import address_group, coded_fields, inline_options
from eformlint.vietnamese import catalogues as cat
from eformlint.vietnamese.formats import check_country_code
from eformlint.vietnamese.meaning import is_vietnamese_form
from eformlint.vietnamese.text import loose_key


class EthnicityNotFromCatalogue(Rule):
    """An ethnicity list whose codes mix the two GSO numberings, match neither, or miss groups."""

    code = "VAL-012"
    name = "ethnicity-not-from-catalogue"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in coded_fields(document, context, "person.ethnicity"):
            options = [o for o in inline_options(node) if loose_key(cat.option_name(o)) not in ("khac", "khong xac dinh",
                                                                                        "nguoi nuoc ngoai", "")]
            if not options:
                continue
            evidence = dict(confidence=meaning.confidence, evidence=meaning.evidence)
            new = cat.fingerprint(options, "ethnic-2008")
            unknown = [o for o in options if not cat.fingerprint([o], "ethnic-2008").matched]
            if unknown:
                yield self.violation(node, "unknown_group", pointer=unknown[0].pointer,
                                     name=cat.option_name(unknown[0]), **evidence)
                continue
            old = cat.fingerprint(options, "ethnic-1979")
            coded = [o for o in options if isinstance(o.value, (str, int)) and re.fullmatch(r"[0-9]{1,2}", str(o.value))]
            if coded and new.code_matches < len(coded) and old.code_matches < len(coded):
                wrong = new.code_mismatches[0][0] if new.code_mismatches else coded[0]
                yield self.violation(node, "mixed_codes", pointer=wrong.pointer, name=cat.option_name(wrong),
                                     value=str(wrong.value), **evidence)
            elif len(options) < 54:
                yield self.violation(node, "incomplete_list", pointer=node.options.pointer, count=len(options),
                                     **evidence)


class ReligionNotFromCatalogue(Rule):
    """A religion list with entries outside the national catalogue or no "Không" option."""

    code = "VAL-013"
    name = "religion-not-from-catalogue"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in coded_fields(document, context, "person.religion"):
            options = inline_options(node)
            if not options:
                continue
            evidence = dict(confidence=meaning.confidence, evidence=meaning.evidence)
            none = [o for o in options if loose_key(cat.option_name(o)) in ("khong", "khong co", "khong theo ton giao")]
            others = [o for o in options if o not in none and loose_key(cat.option_name(o)) not in ("khac", "ton giao khac")]
            unknown = [o for o in others if not cat.fingerprint([o], "religions").matched]
            if unknown:
                yield self.violation(node, "unknown_religion", pointer=unknown[0].pointer,
                                     name=cat.option_name(unknown[0]), **evidence)
            else:
                result = cat.fingerprint(others, "religions")
                if result.code_mismatches:
                    option, expected = result.code_mismatches[0]
                    yield self.violation(node, "wrong_code", pointer=option.pointer, name=cat.option_name(option),
                                         value=str(option.value), expected=expected, **evidence)
            if not none:
                yield self.violation(node, "no_none_option", pointer=node.options.pointer, **evidence)


class CountryNotIsoCode(Rule):
    """A nationality or country list whose values are not ISO 3166-1 alpha-2 codes."""

    code = "VAL-014"
    name = "country-not-iso-code"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in coded_fields(document, context, "person.nationality", "address.country"):
            evidence = dict(confidence=meaning.confidence, evidence=meaning.evidence)
            for option in inline_options(node):
                if loose_key(cat.option_name(option)) in ("khac", "khong quoc tich", "khong xac dinh"):
                    continue
                result = check_country_code(option.value if isinstance(option.value, str) else str(option.value))
                if not result:
                    suggestion = _suggest_code(option)
                    yield self.violation(node, "not_alpha2", pointer=option.pointer, value=str(option.value),
                                         suggestion=suggestion, **evidence)
                    break
            for prefill in node.prefills:
                if prefill.kind == "default" and isinstance(prefill.value, str) and prefill.value != "VN" and (
                        cat.plain_key(prefill.value) in ("viet nam", "vietnam") or prefill.value in ("VNM", "704")):
                    yield self.violation(node, "default_not_vn", pointer=prefill.pointer, value=prefill.value, **evidence)


def _suggest_code(option: Option) -> str:
    by_key = cat.catalogue("iso-3166-1").by_key()
    value = option.value if isinstance(option.value, str) else str(option.value)
    for text in (cat.option_name(option), value):
        entry = by_key.get(cat.name_key(text)) or by_key.get(cat.plain_key(text))
        if entry is not None:
            return entry.code
    return "VN" if value in ("VNM", "704") else "—"


# Meanings whose options come from a national catalogue.
CODED_MEANINGS = ("address.province", "address.commune", "person.ethnicity", "person.religion",
                  "person.nationality", "address.country")


class OutdatedInlineCatalogue(Rule):
    """An inline option list that copies the pre-2025 list of 63 provinces."""

    code = "FMT-003.1"
    name = "outdated-inline-catalogue"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            options = inline_options(node)
            if len(options) < 20:
                continue
            old = cat.fingerprint(options, "provinces-63")
            if old.share < 0.9 or old.matched < 50:
                continue
            group = address_group(node, context)
            if group is not None:
                continue  # VAL-009 reports a current address, and a historical place may use the old map
            yield self.violation(node, "legacy_provinces", pointer=node.options.pointer, confidence=Confidence.LIKELY,
                                 evidence=("catalogue", "provinces-63"), count=len(options))


class RemoteCatalogueWithoutVersion(Rule):
    """A coded field whose options come from a URL or code, with no stated catalogue."""

    code = "FMT-003.2"
    name = "remote-catalogue-without-version"
    area = "data-validation"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            source = node.options
            if source is None or source.kind in ("inline", "json") or node.annotations.get("eformlint.catalogue"):
                continue
            meaning = context.meaning(node)
            if meaning is None or meaning.name not in CODED_MEANINGS:
                continue
            yield self.violation(node, "no_catalogue_version", pointer=source.pointer, confidence=meaning.confidence,
                                 evidence=meaning.evidence, source=source.reference or source.kind)


# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=1 << 12)
def vietnamese_sort_key(text: str) -> tuple[str, str]:
    """Collation key: base letters in Vietnamese alphabet order, tone marks as a secondary key.

    Both parts are strings with one character per letter, compared code point by code
    point: a letter of the alphabet becomes its rank (below 32), any other character
    comes after all of them in code-point order. Strings keep the cached keys small.
    """
    primary, secondary = [], []
    for ch in unicodedata.normalize("NFC", text).casefold():
        decomposed = unicodedata.normalize("NFD", ch)
        tone = next((m for m in decomposed if m in _TONE_ORDER and m), "")
        base = unicodedata.normalize("NFC", decomposed.replace(tone, "")) if tone else ch
        index = _ALPHABET.find(base)
        primary.append(chr(index) if index >= 0 else chr(min(32 + ord(base), 0x10FFFF)))
        secondary.append(str(_TONE_ORDER.get(tone, 0)))
    return "".join(primary), "".join(secondary)


class OptionsInCodePointOrder(Rule):
    """An option list sorted by raw code point, which puts "Đ…" after "Y…"."""

    code = "FMT-007"
    name = "options-in-code-point-order"
    area = "vietnamese-text"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node in document.fields():
            options = inline_options(node)
            names = [cat.option_name(o) for o in options]
            if len(names) < 5 or not all(names):
                continue
            if names == sorted(names, key=vietnamese_sort_key):
                continue
            if names == sorted(names, key=lambda n: unicodedata.normalize("NFC", n).casefold()):
                yield self.violation(node, "code_point_order", pointer=node.options.pointer, example=_telltale(names))


def _telltale(names: list[str]) -> str:
    expected = sorted(names, key=vietnamese_sort_key)
    for index, (actual, wanted) in enumerate(zip(names, expected)):
        if actual != wanted:
            return f"{wanted} / {actual}"
    return names[0]


class StoredValueNotNfc(Rule):
    """An option value or default value that is not in Unicode NFC."""

    code = "FMT-001.2"
    name = "stored-value-not-nfc"
    area = "vietnamese-text"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            # The definition path is looked up only for a value that is reported.
            stored = [(option.value, option) for option in (node.options.options if node.options else [])]
            stored += [(p.value, p.pointer) for p in node.prefills if p.kind == "default"]
            for value, where in stored:
                if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                    pointer = _value_pointer(document, where) if isinstance(where, Option) else where
                    yield self.violation(node, "value_not_nfc", pointer=pointer, value=value,
                                         nfc=unicodedata.normalize("NFC", value))
                    break


def _value_pointer(document: FormDocument, option: Option) -> str:
    candidate = f"{option.pointer}/value"
    return candidate if document.source_map.span(candidate) is not None else option.pointer


class NonAsciiDataKey(Rule):
    """A data key or node name with Vietnamese letters, which breaks exchange with ASCII systems."""

    code = "FMT-001.3"
    name = "non-ascii-data-key"
    area = "vietnamese-text"
    default_severity = Severity.INFO

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.walk():
            if node.key and not node.key.isascii():
                pointer = f"{node.pointer}/key" if document.format == "formio" else None
                yield self.violation(node, "non_ascii_key", pointer=pointer, suggestion=_ascii_key(node.key))


def _ascii_key(key: str) -> str:
    from eformlint.vietnamese.text import strip_diacritics

    return strip_diacritics(key)
