"""Xác thực dữ liệu (data validation) of addresses: current addresses use the two-level
catalogue of 2025, historical places accept the old one, and the commune list follows
the chosen province."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node, Option
from eformlint.rule import Rule, Violation
from eformlint.vietnamese import catalogues as cat
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


def inline_options(node: Node) -> list[Option]:
    if node.options is None or node.options.kind not in ("inline", "json"):
        return []
    return node.options.options


def coded_fields(document: FormDocument, context, *names: str) -> Iterator[tuple[Node, Meaning]]:
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
        for node, meaning in coded_fields(document, context, "address.district", "address.province"):
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
        options = inline_options(node)
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
        for node, meaning in coded_fields(document, context, "address.province", *HISTORICAL_ADDRESSES):
            if meaning.name == "address.province":
                group = address_group(node, context)
                if group is None or not group.historical:
                    continue
            options = inline_options(node)
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
        for node, meaning in coded_fields(document, context, "address.commune"):
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
