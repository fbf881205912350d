"""Work out what a field asks for (its meaning) and whose datum it is (its subject).

No input format records the meaning of a field, so it is inferred in this order:

1. an explicit annotation (``eformlint.meaning`` in Form.io ``properties``, an XForms bind
   attribute) or a key mapping in the configuration: certain;
2. the key equals a citizen-record element name or a known spelling of it: certain;
3. the key is close to one (case, snake or camel case, a prefix such as ``nyc``, or an
   edit distance of at most 2): likely;
4. the label matches a typical label: likely;
5. the component type alone (``email``, ``phoneNumber``): likely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Mapping

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from eformlint.findings import Confidence
from eformlint.model import FormDocument, Node, visible_texts
from eformlint.vietnamese.text import has_distinctive_vietnamese_letters, loose_key
from eformlint.yaml_data import load_yaml

ANNOTATION = "eformlint.meaning"

# Data containers of the citizen record that describe another person.
RELATIVE_ELEMENTS = {"Cha", "Me", "VoChong", "ChuHo", "NguoiDaiDien", "Con", "NguoiThuaKe"}
# Words of a label or section title that name another person than the applicant.
_OTHER_PERSON = re.compile(
    r"\b(cha|me|vo(?! quoc tich)|chong|chu ho(?! kinh doanh)|nguoi dai dien|nguoi duoc uy quyen|"
    r"(?:cua|ve) con|con (?:chua thanh nien|thu)|nguoi thua ke|ben nam|ben nu|"
    r"nguoi giam ho|nguoi duoc giam ho|thanh vien|tre|tre em|nguoi lam chung|nguoi nhan|nguoi than|"
    r"chu so huu|nguoi chet|nguoi mat|nguoi duoc khai sinh|nguoi lien he|nguoi nop thay)\b"
)
# Key prefix of the requester (người yêu cầu) in provincial one-stop forms.
REQUESTER_PREFIX = "nyc"


@dataclass(frozen=True, slots=True)
class MeaningSpec:
    name: str
    element: str
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    group: str
    record: bool = False
    identifier: bool = False
    historical: bool = False
    catalogue: str | None = None
    autocomplete: str | None = None


@dataclass(frozen=True, slots=True)
class Meaning:
    """The meaning of one field, how sure we are, and the evidence for it."""

    spec: MeaningSpec
    confidence: Confidence
    source: str  # annotation, config, key, near-key, label, placeholder, description, autocomplete, mask, pattern, type
    evidence: tuple[str, ...]  # (source, value, …), rendered in the report's language
    subject: str = "applicant"  # applicant, requester, other

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def exact_key(self) -> bool:
        return self.source in ("key", "annotation", "config")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, MeaningSpec]:
    text = resources.files("eformlint.vietnamese").joinpath("data/meanings.yaml").read_text(encoding="utf-8")
    specs = {}
    for name, entry in load_yaml(text).items():
        specs[name] = MeaningSpec(
            name=name,
            element=entry["element"],
            keys=tuple(entry.get("keys") or ()),
            labels=tuple(loose_key(label) for label in entry.get("labels") or ()),
            group=entry["group"],
            record=bool(entry.get("record")),
            identifier=bool(entry.get("identifier")),
            historical=bool(entry.get("historical")),
            catalogue=entry.get("catalogue"),
            autocomplete=entry.get("autocomplete"),
        )
    return specs


@lru_cache(maxsize=1)
def _key_tables() -> tuple[dict[str, MeaningSpec], dict[str, MeaningSpec], dict[str, MeaningSpec]]:
    exact: dict[str, MeaningSpec] = {}
    folded: dict[str, MeaningSpec] = {}
    labels: dict[str, MeaningSpec] = {}
    for spec in vocabulary().values():
        for key in (spec.element, *spec.keys):
            exact.setdefault(key, spec)
            folded.setdefault(fold_key(key), spec)
        for label in spec.labels:
            labels.setdefault(label, spec)
    return exact, folded, labels


def fold_key(key: str) -> str:
    return re.sub(r"[^0-9a-z]", "", key.casefold())


def element_names() -> set[str]:
    """Return every citizen-record element name in the vocabulary."""
    names = set(RELATIVE_ELEMENTS)
    for spec in vocabulary().values():
        names.add(spec.element)
    return names


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Return the Levenshtein distance, or ``limit + 1`` once it exceeds ``limit``."""
    return Levenshtein.distance(a, b, score_cutoff=limit)


# Key parts that name whose datum a field holds: ``nycHoVaTen`` (the requester),
# ``SoDinhDanhChuHo`` (the head of household). A key made of an element name and one of
# these still has that element's meaning.
SUBJECT_AFFIXES = ("nyc", "nguoinop", "nguoikhai", "cha", "me", "vochong", "vo", "chong", "chuho", "nguoidaidien",
                   "treem", "tre", "con", "nguoithuake", "nguoiyeucau", "nguoilamchung", "nguoinhan", "chusohuu",
                   "nguoilienhe")


@dataclass(frozen=True, slots=True)
class NearKey:
    spec: MeaningSpec
    element: str
    kind: str  # "case" (spelling or case only), "edit" (a typo) or "affix" (a subject prefix or suffix)


# Keys repeat across the forms of a run, and each miss compares the key with the whole
# vocabulary by edit distance, so results are kept for the process.
@lru_cache(maxsize=1 << 12)
def near_key(key: str) -> NearKey | None:
    """Find the vocabulary element that ``key`` resembles without equalling it."""
    exact, folded, _ = _key_tables()
    if key in exact:
        return None
    candidate = fold_key(key)
    if not candidate:
        return None
    if candidate in folded:
        return NearKey(folded[candidate], folded[candidate].element, "case")
    for folded_name, spec in folded.items():
        if len(folded_name) < 5 or folded_name not in candidate:
            continue
        rest = candidate.replace(folded_name, "", 1)
        if rest in SUBJECT_AFFIXES:
            return NearKey(spec, spec.element, "affix")
    if len(candidate) >= 7:
        limit = 1 if len(candidate) < 10 else 2
        names = _long_folded_names()
        # rapidfuzz finds the names within the distance in one call. The first of them in
        # vocabulary order wins, as in a loop over the vocabulary.
        close = process.extract(candidate, names, scorer=Levenshtein.distance, score_cutoff=limit, limit=None)
        for folded_name, _, _ in sorted(close, key=lambda match: match[2]):
            if folded_name in candidate or candidate in folded_name:
                continue  # a longer or shorter name is another datum, not a typo
            spec = folded[folded_name]
            return NearKey(spec, spec.element, "edit")
    return None


@lru_cache(maxsize=1)
def _long_folded_names() -> list[str]:
    """Return the folded vocabulary names of at least seven characters, in vocabulary order."""
    return [name for name in _key_tables()[1] if len(name) >= 7]


@lru_cache(maxsize=1 << 12)
def label_meaning(label: str) -> MeaningSpec | None:
    _, _, labels = _key_tables()
    key = loose_key(label)
    if not key:
        return None
    if key in labels:
        return labels[key]
    best: MeaningSpec | None = None
    best_length = 0
    for typical, spec in labels.items():
        if " " not in typical or len(typical) <= best_length:
            continue
        if key.startswith(typical) and (len(key) == len(typical) or not key[len(typical)].isalnum()):
            best, best_length = spec, len(typical)
    return best


_TYPE_HINTS = {"email": "person.email", "phoneNumber": "person.phone", "tel": "person.phone"}
_UPLOAD_TYPES = {"file", "upload", "signature", "image"}
# Words that make a matching label name something else: "Ngày sinh (ghi bằng chữ)" is the
# birth date written out in words, "Loại giấy tờ" the kind of document.
_NOT_THE_DATUM = re.compile(r"\bbang chu\b(?! in)|^loai\b|^hinh thuc\b")
# Masks and patterns that say what a field holds when nothing else does.
_MASK_HINTS = ((re.compile(r"^9{12}$"), "person.id_number"), (re.compile(r"^9{9}$"), "person.old_id_number"),
               (re.compile(r"^0?9{9,10}$"), "person.phone"), (re.compile(r"^9{10}-999$"), "org.tax_id"))
_PATTERN_HINTS = ((re.compile(r"^\^?(?:\[0-9\]|\\d)\{12\}\$?$"), "person.id_number"),
                  (re.compile(r"^\^?\(?0\(?\[?[35789|]"), "person.phone"),
                  (re.compile(r"@"), "person.email"))


def _hint_meaning(node: Node) -> tuple[MeaningSpec, tuple[str, ...], str] | None:
    """Guess a meaning from the autocomplete token, the input mask, the pattern or the type.

    A mask or a pattern counts only on a field without a label: a labelled field that the
    dictionary did not recognise contains something else of the same shape (a 12-digit
    driving-licence number is not an ID number).
    """
    specs = vocabulary()
    if node.autocomplete:
        token = node.autocomplete.strip().split()[-1]
        for spec in specs.values():
            if spec.autocomplete == token:
                return spec, ("autocomplete", token), "autocomplete"
    for validation in node.validations if not node.label_text() else ():
        if not isinstance(validation.value, str):
            continue
        if validation.kind == "mask":
            hints = _MASK_HINTS
        elif validation.kind == "pattern":
            hints = _PATTERN_HINTS
        else:
            continue
        for pattern, name in hints:
            if pattern.search(validation.value.strip()):
                return specs[name], (validation.kind, validation.value), validation.kind
    hint = _TYPE_HINTS.get(node.type)
    if hint:
        return specs[hint], ("type", node.type), "type"
    return None


def _wraps_other_addresses(node: Node, spec: MeaningSpec) -> bool:
    """Say whether a section titled like an address (“Nơi cư trú”) only groups other addresses."""
    if spec.group != "address" or node.kind != "container":
        return False
    for inner in node.walk():
        if inner is node or inner.kind != "container":
            continue
        inner_spec = label_meaning(inner.label_text()) if inner.label_text() else None
        if inner_spec is not None and inner_spec.group == "address":
            return True
    return False


def recognise(node: Node, key_mapping: Mapping[str, str] | None = None) -> Meaning | None:
    """Return the meaning of ``node``, or ``None`` when nothing identifies it.

    An upload contains a document, not the datum its label names, so only an explicit
    meaning applies to it.
    """
    specs = vocabulary()
    subject = subject_of(node)
    annotated = node.annotations.get(ANNOTATION)
    if isinstance(annotated, str) and annotated in specs:
        return Meaning(specs[annotated], Confidence.CERTAIN, "annotation", ("annotation", annotated), subject)
    if key_mapping:
        for candidate in (node.data_path, node.key):
            if candidate and candidate in key_mapping and key_mapping[candidate] in specs:
                name = key_mapping[candidate]
                return Meaning(specs[name], Confidence.CERTAIN, "config", ("config", candidate, name), subject)
    if node.type in _UPLOAD_TYPES or node.data_type == "binary":
        return None
    key = node.key or ""
    exact, _, _ = _key_tables()
    for candidate in (node.annotations.get("value_name"), key):  # SurveyJS stores the value under valueName
        if isinstance(candidate, str) and candidate in exact:
            return Meaning(exact[candidate], Confidence.CERTAIN, "key", ("key", candidate), subject)
    near = near_key(key) if key else None
    if near is not None:
        return Meaning(near.spec, Confidence.LIKELY, "near-key", ("near-key", key, near.element), subject)
    # The label decides when there is one; a placeholder or a description replaces a missing label.
    roles = ("label",) if node.label_text() else ("placeholder", "description")
    for role in roles:
        text = getattr(node, role)
        if text is None or not text.value.strip():
            continue
        if _NOT_THE_DATUM.search(loose_key(text.value)):
            return None
        spec = label_meaning(text.value)
        if spec is not None and not _wraps_other_addresses(node, spec):
            return Meaning(spec, Confidence.LIKELY, role, (role, text.value.strip()), subject)
    hint = _hint_meaning(node)
    if hint is not None:
        spec, evidence, source = hint
        return Meaning(spec, Confidence.LIKELY, source, evidence, subject)
    return None


def subject_of(node: Node) -> str:
    """Say whose datum a field holds: the applicant's, the requester's or another person's.

    Evidence, in order: the ``nyc`` key prefix (requester), a citizen-record container of
    a relative (``Cha``, ``ChuHo``), a relative's name glued to the key (``HoTenCha``),
    and words of the label or of an enclosing section title ("của mẹ", "người làm chứng").
    """
    key = node.key or ""
    if key.startswith(REQUESTER_PREFIX) and key[3:4].isupper():
        return "other" if _names_other_person(node) else "requester"
    for ancestor in node.ancestors():
        if ancestor.key in RELATIVE_ELEMENTS:
            return "other"
    for relative in (*RELATIVE_ELEMENTS, "TreEm", "NguoiLamChung", "NguoiNhan", "ChuSoHuu", "NguoiThan"):
        if key.endswith(relative) and len(key) > len(relative):
            return "other"
    return "other" if _names_other_person(node) else "applicant"


def _names_other_person(node: Node) -> bool:
    """Say whether the label or an enclosing section title names someone other than the applicant."""
    for candidate in (node, *node.ancestors()):
        title = candidate.label_text()
        if title and _OTHER_PERSON.search(loose_key(title)):
            return True
    return False


@dataclass
class MeaningCache:
    """Meanings of the fields of one run, computed once per node."""

    key_mapping: Mapping[str, str] = field(default_factory=dict)
    _cache: dict[int, Meaning | None] = field(default_factory=dict)

    def __call__(self, node: Node) -> Meaning | None:
        ident = id(node)
        if ident not in self._cache:
            self._cache[ident] = recognise(node, self.key_mapping)
        return self._cache[ident]


def is_vietnamese_form(document: FormDocument) -> bool:
    """Say whether a form is written for Vietnamese users: some visible text is Vietnamese.

    Rules about Vietnamese citizen data stay silent on forms of other countries.
    """
    cached = document.metadata.get("is_vietnamese")
    if cached is None:
        cached = any(has_distinctive_vietnamese_letters(variant.value) for _, _, variant in visible_texts(document))
        document.metadata["is_vietnamese"] = cached
    return cached
