"""National catalogues (administrative units, ethnic groups, religions, countries) and
the comparison of a form's option lists with them.

The CSV files in ``data/`` are copies of the national lists; ``data/README.md`` gives
their sources and versions. Names are compared with :func:`name_key`, which ignores
case, the unit-type word, tone-mark placement (``Hòa``/``Hoà``), apostrophe style
(``’``/``'``) and hyphens, so a form's spelling choices are not findings by themselves.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Mapping

import pycountry

from eformlint.model import Option, Text

# Combining marks of the five Vietnamese tones; circumflex, breve and horn are letters' own.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_UNIT_WORDS = re.compile(
    r"^(thanh pho truc thuoc trung uong|thanh pho|tinh|tp\.?|thi xa|thi tran|quan|huyen|xa|phuong|dac khu)\s+"
)
_LEGACY_HUE = {"thua thien hue": "hue"}


def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


@lru_cache(maxsize=1 << 12)
def name_key(text: str) -> str:
    """Return a comparison key for a place, group or religion name.

    NFC, case folding, ``’`` as ``'``, hyphens and dots as spaces, tone marks moved to
    the end of each word, and a leading unit-type word (Tỉnh, Thành phố, Xã, …) removed.
    """
    text = unicodedata.normalize("NFC", text).casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[-–—_.,()]", " ", text)
    words = [_fold_word(word) for word in text.split()]
    key = " ".join(words)
    plain = _strip_marks(key)
    match = _UNIT_WORDS.match(plain)
    if match:
        key = " ".join(key.split()[len(match.group(1).split()):])
    return key


def _strip_marks(text: str) -> str:
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return re.sub(r"[0-9]", "", bare.replace("đ", "d")).strip()


@lru_cache(maxsize=1 << 12)
def plain_key(text: str) -> str:
    """Return :func:`name_key` without any diacritics, for forms typed without them.

    Both keys are kept per process: option lists repeat across the forms of a run, and one
    list is compared with several catalogues."""
    return re.sub(r"\s+", " ", _strip_marks(name_key(text)).replace("'", "")).strip()


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("eformlint.vietnamese").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    name: str
    keys: frozenset[str]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One code list: its identifier, whether it is outdated, and its entries in order."""

    ident: str
    outdated: bool
    entries: tuple[Entry, ...]

    def by_key(self) -> Mapping[str, Entry]:
        return _indexes(self.ident)[0]

    def by_code(self) -> Mapping[str, Entry]:
        return _indexes(self.ident)[1]


@lru_cache(maxsize=None)
def _indexes(ident: str) -> tuple[Mapping[str, Entry], Mapping[str, Entry]]:
    """Index a catalogue by name key and by code, once per process: every option list of
    a run is compared with several catalogues."""
    entries = catalogue(ident).entries
    return (MappingProxyType({key: entry for entry in entries for key in entry.keys}),
            MappingProxyType({entry.code: entry for entry in entries}))


def _keys(*names: str) -> frozenset[str]:
    keys = set()
    for name in names:
        if name:
            keys.add(name_key(name))
            keys.add(plain_key(name))
    for legacy, current in _LEGACY_HUE.items():
        if legacy in keys:
            keys.add(current)
    return frozenset(keys)


@lru_cache(maxsize=None)
def catalogue(ident: str) -> Catalogue:
    """Return a catalogue by identifier.

    ``provinces-2025`` (34), ``provinces-63`` (before 01/07/2025), ``communes-2025``,
    ``ethnic-2008`` and ``ethnic-1979`` (the two GSO numberings), ``religions`` and
    ``iso-3166-1``.
    """
    if ident == "provinces-2025":
        rows = [r for r in _rows("admin-units-2025.csv") if r["level"] == "province"]
        return Catalogue(ident, False, tuple(Entry(r["code"], r["name"], _keys(r["name"])) for r in rows))
    if ident == "communes-2025":
        rows = [r for r in _rows("admin-units-2025.csv") if r["level"] == "commune"]
        return Catalogue(ident, False, tuple(Entry(r["code"], r["name"], _keys(r["name"])) for r in rows))
    if ident == "provinces-63":
        rows = _rows("provinces-legacy-63.csv")
        extra = {"46": "Thừa Thiên Huế"}
        return Catalogue(ident, True, tuple(Entry(r["code"], r["name"], _keys(r["name"], extra.get(r["code"], "")))
                                            for r in rows))
    if ident in ("ethnic-2008", "ethnic-1979"):
        column = "code" if ident == "ethnic-2008" else "code_1979"
        rows = sorted(_rows("ethnic-groups.csv"), key=lambda r: r[column])
        return Catalogue(ident, False, tuple(Entry(r[column], r["name"], _keys(r["name"], *r["alt_names"].split("|")))
                                             for r in rows))
    if ident == "religions":
        rows = [r for r in _rows("religions.csv") if r["status"] == "official"]
        return Catalogue(ident, False, tuple(Entry(r["code"], r["name"], _keys(r["name"], *r["alt_names"].split("|")))
                                             for r in rows))
    if ident == "iso-3166-1":
        entries = []
        for country in pycountry.countries:
            names = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
            names += _VIETNAMESE_COUNTRY_NAMES.get(country.alpha_2, ())
            entries.append(Entry(country.alpha_2, country.name, _keys(*names)))
        return Catalogue(ident, False, tuple(entries))
    raise KeyError(ident)


# Vietnamese names of the countries that Vietnamese forms list most often. pycountry has
# no Vietnamese translations installed with its wheel, so the common ones are here.
_VIETNAMESE_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "VN": ("Việt Nam", "Viet Nam", "Vietnam"), "CN": ("Trung Quốc",), "US": ("Hoa Kỳ", "Mỹ"),
    "JP": ("Nhật Bản",), "KR": ("Hàn Quốc",), "KP": ("Triều Tiên",), "LA": ("Lào",), "KH": ("Campuchia",),
    "TH": ("Thái Lan",), "FR": ("Pháp",), "DE": ("Đức",), "GB": ("Anh", "Vương quốc Anh"), "RU": ("Nga",),
    "AU": ("Úc", "Australia"), "CA": ("Canada",), "SG": ("Singapore",), "MY": ("Malaysia",),
    "TW": ("Đài Loan",), "IN": ("Ấn Độ",), "IT": ("Ý", "Italia"), "PH": ("Philippines",),
    "ID": ("Indonesia",), "MM": ("Myanmar",), "NL": ("Hà Lan",), "ES": ("Tây Ban Nha",), "CZ": ("Séc",),
    "PL": ("Ba Lan",), "UA": ("Ukraina",), "CU": ("Cuba",), "BR": ("Brazil",), "HK": ("Hồng Kông",),
}

def abolished_province_keys() -> dict[str, str]:
    """Return name keys of the 29 provinces merged away in 2025, with their catalogue name."""
    current = set(catalogue("provinces-2025").by_key())
    abolished = {}
    for entry in catalogue("provinces-63").entries:
        if entry.code == "46":
            continue  # Thừa Thiên Huế was renamed Huế, not merged away
        for key in entry.keys:
            if key not in current:
                abolished[key] = entry.name
    return abolished


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """How well an option list matches a catalogue."""

    ident: str
    matched: int
    total: int
    code_matches: int
    code_mismatches: tuple[tuple[Option, str], ...]

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 0.0


def option_name(option: Option) -> str:
    label = option.label.value if option.label is not None else ""
    return label or (option.value if isinstance(option.value, str) else "")


def fingerprint(options: Iterable[Option], ident: str) -> Fingerprint:
    """Compare option labels (and, for codes, values) with one catalogue."""
    options = list(options)
    keys = catalogue(ident).by_key()
    codes = catalogue(ident).by_code()
    matched = code_matches = 0
    mismatches = []
    for option in options:
        name = option_name(option)
        entry = keys.get(name_key(name)) or keys.get(plain_key(name))
        if entry is None and isinstance(option.value, str):
            entry = keys.get(name_key(option.value)) or keys.get(plain_key(option.value))
        if entry is None:
            continue
        matched += 1
        value = option.value if isinstance(option.value, str) else str(option.value)
        if value == entry.code:
            code_matches += 1
        elif re.fullmatch(r"[0-9A-Z]{1,3}", value) and value in codes:
            mismatches.append((option, entry.code))
    return Fingerprint(ident, matched, len(options), code_matches, tuple(mismatches))


def best_match(options: Iterable[Option], idents: Iterable[str], threshold: float = 0.6) -> Fingerprint | None:
    """Return the catalogue the options match best, if at least ``threshold`` of them match."""
    options = list(options)
    best = None
    for ident in idents:
        result = fingerprint(options, ident)
        if result.share >= threshold and (best is None or result.matched > best.matched):
            best = result
    return best


# Catalogues an inline option list is compared with for the report's inventory.
INVENTORY_CATALOGUES = ("provinces-2025", "provinces-63", "ethnic-2008", "ethnic-1979", "religions", "iso-3166-1")


def identify(options: Iterable[Option], threshold: float = 0.9) -> Fingerprint | None:
    """Return the catalogue an option list follows, when at least ``threshold`` of its
    entries are in it. Ties on names (the two ethnic numberings) go to the one whose codes
    match more option values."""
    options = list(options)
    if len(options) < 5:
        return None
    # The same lists (provinces, ethnic groups) recur in the forms of a run, so the result
    # is cached by list content. It carries no code mismatches, because those name the
    # options of one particular list.
    content = tuple((option_name(option), _hashable(option.value)) for option in options)
    return _identify(content, threshold)


def _option_keys(name: str, value: object) -> tuple[str, ...]:
    """Return the keys :func:`fingerprint` looks up for one option."""
    keys = (name_key(name), plain_key(name))
    return keys + (name_key(value), plain_key(value)) if isinstance(value, str) else keys


@lru_cache(maxsize=1)
def _inventory_keys() -> frozenset[str]:
    return frozenset(key for ident in INVENTORY_CATALOGUES for key in catalogue(ident).by_key())


def _hashable(value: object) -> object:
    return value if value is None or isinstance(value, (str, int, float)) else repr(value)


@lru_cache(maxsize=1024)
def _identify(content: tuple[tuple[str, object], ...], threshold: float) -> Fingerprint | None:
    # An option counts for a catalogue only if its name or value is in it, so a list with
    # too few such options for any catalogue is rejected in one pass instead of six.
    known = _inventory_keys()
    candidates = sum(1 for name, value in content if not known.isdisjoint(_option_keys(name, value)))
    if candidates < threshold * len(content):
        return None
    options = [Option(Text.single(name, ""), value, "") for name, value in content]
    results = [fingerprint(options, ident) for ident in INVENTORY_CATALOGUES]
    results = [result for result in results if result.share >= threshold]
    if not results:
        return None
    best = max(results, key=lambda result: (result.matched, result.code_matches))
    return Fingerprint(best.ident, best.matched, best.total, best.code_matches, ())
