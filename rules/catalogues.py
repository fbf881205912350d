"""Xác thực dữ liệu (data validation) of coded choices: administrative units, ethnic
groups, religions and countries follow the national catalogues, and each coded list says
which catalogue and version it uses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node, Option
from eformlint.rule import Rule, Violation
from eformlint.vietnamese import catalogues as cat
from eformlint.vietnamese.formats import check_country_code
from eformlint.vietnamese.meaning import Meaning, is_vietnamese_form
from eformlint.vietnamese.text import loose_key

CURRENT_ADDRESSES = ("person.permanent_address", "person.current_address", "person.temporary_address")
HISTORICAL_ADDRESSES = ("person.hometown", "person.birth_place", "person.birth_registration_place")
_HISTORICAL_WORDS = re.compile(r"\b(que quan|noi sinh|dang ky khai sinh|truoc day|truoc khi|cu|nguyen quan)\b")
_ADDRESS_WORDS = re.compile(r"\b(dia chi|noi thuong tru|noi o|noi tam tru|cho o|tru so)\b")


@dataclass(frozen=True, slots=True)
class AddressGroup:
    """The address a field belongs to: its container, whether it is historical, how sure we are."""

    node: Node | None
    historical: bool
    confidence: Confidence
    evidence: tuple[str, ...]


def address_group(node: Node, context) -> AddressGroup | None:
    """Find the address a province, commune or district field belongs to."""
    for ancestor in node.ancestors():
        meaning: Meaning | None = context.meaning(ancestor)
        title = loose_key(ancestor.label_text())
        if meaning is not None and meaning.name in CURRENT_ADDRESSES + HISTORICAL_ADDRESSES:
            historical = meaning.name in HISTORICAL_ADDRESSES or bool(_HISTORICAL_WORDS.search(title))
            return AddressGroup(ancestor, historical, meaning.confidence, meaning.evidence)
        if title and _ADDRESS_WORDS.search(title):
            return AddressGroup(ancestor, bool(_HISTORICAL_WORDS.search(title)), Confidence.LIKELY, ("label", ancestor.label_text()))
        if title and _HISTORICAL_WORDS.search(title):
            return AddressGroup(ancestor, True, Confidence.LIKELY, ("label", ancestor.label_text()))
    own = loose_key(node.label_text())
    if _HISTORICAL_WORDS.search(own):
        return AddressGroup(None, True, Confidence.LIKELY, ("label", node.label_text()))
    if _ADDRESS_WORDS.search(own):
        return AddressGroup(None, False, Confidence.LIKELY, ("label", node.label_text()))
    return None


def _inline(node: Node) -> list[Option]:
    if node.options is None or node.options.kind not in ("inline", "json"):
        return []
    return node.options.options


def _coded_fields(document: FormDocument, context, *names: str) -> Iterator[tuple[Node, Meaning]]:
    for node in document.fields():
        meaning = context.meaning(node)
        if meaning is not None and meaning.name in names:
            yield node, meaning


class DistrictLevelInCurrentAddress(Rule):
    """A current address with a district level, or a province list of the pre-2025 map."""

    code = "VAL-009"
    name = "district-level-in-current-address"
    area = "data-validation"
    default_severity = Severity.ERROR

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in _coded_fields(document, context, "address.district", "address.province"):
            group = address_group(node, context)
            if group is None or group.historical:
                continue
            confidence = Confidence.CERTAIN if (meaning.confidence is Confidence.CERTAIN and
                                                group.confidence is Confidence.CERTAIN) else Confidence.LIKELY
            evidence = group.evidence if group.confidence is Confidence.LIKELY else meaning.evidence
            address = group.node.display_name() if group.node is not None else ""
            if meaning.name == "address.district":
                yield self.violation(node, "district_field", confidence=confidence, evidence=evidence, address=address)
                continue
            yield from self._province_list(node, confidence, evidence, address)

    def _province_list(self, node, confidence, evidence, address) -> Iterator[Violation]:
        options = _inline(node)
        if not options:
            return
        abolished = cat.abolished_province_keys()
        for option in options:
            name = cat.option_name(option)
            if cat.name_key(name) in abolished or cat.plain_key(name) in abolished:
                yield self.violation(node, "abolished_province", pointer=option.pointer, confidence=confidence,
                                     evidence=evidence, province=name, address=address, count=len(options))
                return
        codes = {entry.code for entry in cat.catalogue("provinces-2025").entries}
        for option in options:
            value = option.value if isinstance(option.value, str) else str(option.value)
            if re.fullmatch(r"[0-9]{2}", value) and value not in codes:
                yield self.violation(node, "unknown_province_code", pointer=option.pointer, confidence=confidence,
                                     evidence=evidence, value=value, address=address)
                return


class HistoricalPlaceLimitedToCurrentMap(Rule):
    """A hometown or birth-registration place limited to the 34 provinces of 2025."""

    code = "VAL-010"
    name = "historical-place-limited-to-current-map"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in _coded_fields(document, context, "address.province", *HISTORICAL_ADDRESSES):
            if meaning.name == "address.province":
                group = address_group(node, context)
                if group is None or not group.historical:
                    continue
            options = _inline(node)
            if not options or _allows_other(node, options):
                continue
            match = cat.fingerprint(options, "provinces-2025")
            old = cat.fingerprint(options, "provinces-63")
            if match.share >= 0.9 and old.matched <= match.matched:
                yield self.violation(node, "current_map_only", pointer=node.options.pointer,
                                     confidence=meaning.confidence, evidence=meaning.evidence)


def _allows_other(node: Node, options: list[Option]) -> bool:
    raw = node.raw if isinstance(node.raw, dict) else {}
    validate = raw.get("validate") if isinstance(raw.get("validate"), dict) else {}
    if node.type == "select" and validate.get("onlyAvailableItems") is not True and "data" in raw:
        # Without onlyAvailableItems Form.io accepts a submitted value outside the list,
        # such as an old place name filled in from the record.
        return True
    if raw.get("showOtherItem") is True or raw.get("hasOther") is True:
        return True
    return any(loose_key(cat.option_name(option)) in ("khac", "other") for option in options)


class CommuneListNotFilteredByProvince(Rule):
    """A commune list that is not filtered by the chosen province."""

    code = "VAL-011"
    name = "commune-list-not-filtered-by-province"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in _coded_fields(document, context, "address.commune"):
            source = node.options
            if source is None:
                continue
            if self._filtered(node, context):
                continue
            if source.kind in ("inline", "json") and len(source.options) < 2:
                continue
            yield self.violation(node, "not_filtered", pointer=source.pointer, confidence=meaning.confidence,
                                 evidence=meaning.evidence)

    def _filtered(self, node: Node, context) -> bool:
        province_keys = {sibling.key for sibling in _siblings(node) if sibling.key and
                         (m := context.meaning(sibling)) is not None and m.name == "address.province"}
        province_keys |= {"MaTinhThanh", "TinhThanh", "tinh", "province"}
        raw = node.raw if isinstance(node.raw, dict) else {}
        texts = [str(node.options.reference or ""), str(raw.get("filter") or ""), str(raw.get("refreshOn") or "")]
        data = raw.get("data") if isinstance(raw.get("data"), dict) else {}
        texts += [str(data.get("url") or ""), str(data.get("custom") or "")]
        texts += [str(c.expression) for c in node.conditions]
        joined = " ".join(texts)
        if any(re.search(rf"\b{re.escape(key)}\b", joined) for key in province_keys):
            return True
        return any(c.kind == "options" and c.references for c in node.conditions)


def _siblings(node: Node) -> list[Node]:
    if node.parent is None:
        return []
    scope = node.parent
    while scope.parent is not None and scope.type in ("columns", "column", "fieldset", "well", "table"):
        scope = scope.parent
    return [n for n in scope.walk() if n is not node]


class EthnicityNotFromCatalogue(Rule):
    """An ethnicity list whose codes mix the two GSO numberings, match neither, or miss groups."""

    code = "VAL-012"
    name = "ethnicity-not-from-catalogue"
    area = "data-validation"
    default_severity = Severity.WARNING

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if not is_vietnamese_form(document):
            return
        for node, meaning in _coded_fields(document, context, "person.ethnicity"):
            options = [o for o in _inline(node) if loose_key(cat.option_name(o)) not in ("khac", "khong xac dinh",
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
        for node, meaning in _coded_fields(document, context, "person.religion"):
            options = _inline(node)
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
        for node, meaning in _coded_fields(document, context, "person.nationality", "address.country"):
            evidence = dict(confidence=meaning.confidence, evidence=meaning.evidence)
            for option in _inline(node):
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
            options = _inline(node)
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


def vietnamese_sort_key(text: str) -> tuple:
    """Collation key: base letters in Vietnamese alphabet order, tone marks as a secondary key."""
    primary, secondary = [], []
    for ch in unicodedata.normalize("NFC", text).casefold():
        decomposed = unicodedata.normalize("NFD", ch)
        tone = next((m for m in decomposed if m in _TONE_ORDER and m), "")
        base = unicodedata.normalize("NFC", decomposed.replace(tone, "")) if tone else ch
        index = _ALPHABET.find(base)
        primary.append((0, index) if index >= 0 else (1, ord(base)))
        secondary.append(_TONE_ORDER.get(tone, 0))
    return tuple(primary), tuple(secondary)


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
            options = _inline(node)
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
            stored = [(option.value, _value_pointer(document, option)) for option in
                      (node.options.options if node.options else [])]
            stored += [(p.value, p.pointer) for p in node.prefills if p.kind == "default"]
            for value, pointer in stored:
                if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
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
