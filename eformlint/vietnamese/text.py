"""Comparison keys and simple tests for Vietnamese text.

The keys here are for comparing labels, messages and option names only. eformlint never
rewrites an author's text with them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Required-field markers and a trailing colon are typed into labels by hand.
_MARKERS = re.compile(r"\(\s*\*\s*\)|\*|[:：]\s*$")
_TAGS = re.compile(r"<[^>]*>")

# Vietnamese letters that carry a diacritic or are not in ASCII (đ), lower case, in NFC.
_VIETNAMESE_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# The keys below are asked for the same labels by many rules, so each process keeps them.
@lru_cache(maxsize=1 << 12)
def comparison_key(text: str) -> str:
    """NFC, case folding, collapsed whitespace, no required marker or trailing colon."""
    folded = _SPACES.sub(" ", nfc(text).casefold()).strip()
    return _SPACES.sub(" ", _MARKERS.sub("", folded)).strip()


@lru_cache(maxsize=1 << 12)
def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


@lru_cache(maxsize=1 << 12)
def loose_key(text: str) -> str:
    """Return the comparison key without diacritics, so 'Số CCCD (*):' equals 'so cccd'."""
    return strip_diacritics(comparison_key(text))


# Letters that only Vietnamese uses among the Latin-script languages: ă, ơ, ư, đ, a tone on
# â, ê or ô, a dot below or a hook above, and a tilde on e, i, u or y. Plain à, é, â, ã, …
# also occur in French, Portuguese or Norwegian text.
_DISTINCTIVE_LETTERS = set(
    "ăằắẳẵặầấẩẫậềếểễệồốổỗộơờớởỡợưừứửữựạẹịọụỵảẻỉỏủỷẽĩũỹỳđ"
)


def has_distinctive_vietnamese_letters(text: str) -> bool:
    return any(ch in _DISTINCTIVE_LETTERS for ch in nfc(text).lower())


def has_vietnamese_letters(text: str) -> bool:
    return any(ch in _VIETNAMESE_LETTERS for ch in nfc(text).lower())


def html_to_text(markup: str) -> str:
    """Return the visible text of an HTML fragment (tags removed, entities decoded)."""
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", markup))).strip()


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", nfc(text).casefold())
