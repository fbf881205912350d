"""Recognise Vietnamese text that was encoded one way and read another (mojibake).

Three shapes are recognised, and each repair is returned only when it is certain:

- UTF-8 bytes read as Windows-1252 or Latin-1 ("Há» vÃ  tÃªn" for "Họ và tên"):
  re-encoding the text with that code page gives back valid UTF-8.
- Text typed with a TCVN3 (ABC, ".VnTime") font and read as Latin-1 ("Hä vµ tªn"): every
  accented letter is one byte of TCVN 5712:1993 (VN3).
- Text typed with a VNI font and read as Latin-1 ("Hoï vaø teân"): a base letter followed
  by one byte that carries the marks.

The TCVN3 and VNI tables were checked letter by letter against the tables of the
``vietnamese-conversion`` npm package (github.com/duydev/vietnamese-conversion,
``src/charsets.ts``) and written here as data. A TCVN3 or VNI decoding counts as certain
only when every non-ASCII character was part of a table entry, some character could not
occur in Unicode Vietnamese, and every decoded word is a well-formed Vietnamese syllable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from eformlint.vietnamese.text import has_vietnamese_letters

# Character runs that UTF-8 Vietnamese leaves behind when read as Windows-1252.
_UTF8_AS_CP1252 = re.compile(r"Ã[\u0080-\u00ff]|á[»º]|Æ°|Ä[‘\u0091]|Ä\u0090|Æ¡")

# TCVN3 (VN3): the Latin-1 character of each byte, then the letter it stands for. The
# lower-case font holds only lower-case accented letters plus seven capitals (Ă Â Ê Ô Ơ Ư Đ).
# The ".VnTimeH" capital fonts reuse the same bytes, so a decoding is always lower case.
TCVN3_TABLE = {
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "®": "đ",
    "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    "«": "ô", "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "\u00ad": "ư", "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}

# VNI Windows: the byte after a base letter, and the combining marks it adds. Capital
# letters take the capital form of the same byte ("aø" is "à", "AØ" is "À").
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_TONES = {"ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
# Letters that VNI stores in a single byte: i with a tone, đ, ơ, ư and ỵ.
_VNI_SINGLE = {"ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ñ": "đ", "ô": "ơ", "ö": "ư", "î": "ỵ"}


def _build_vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(sequence: str, letter: str) -> None:
        table[sequence] = unicodedata.normalize("NFC", letter)
        table[sequence.upper()] = unicodedata.normalize("NFC", letter).upper()

    for base in "aeouy":
        for byte, mark in _VNI_TONES.items():
            add(base + byte, base + mark)
    for base in "aeo":
        for byte, mark in _VNI_CIRCUMFLEX.items():
            add(base + byte, base + _CIRCUMFLEX + mark)
    for byte, mark in _VNI_BREVE.items():
        add("a" + byte, "a" + _BREVE + mark)
    for horned in ("ô", "ö"):
        for byte, mark in _VNI_TONES.items():
            add(horned + byte, _VNI_SINGLE[horned] + mark)
    for byte, letter in _VNI_SINGLE.items():
        add(byte, letter)
    return table


VNI_TABLE = _build_vni_table()

# Letters of Unicode Vietnamese text (either case), for telling legacy bytes from real letters.
_VIETNAMESE = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)
_VIETNAMESE |= {letter.upper() for letter in _VIETNAMESE}

# A Vietnamese syllable with its tone mark removed: onset, vowel nucleus, coda. Nuclei that
# end in a semivowel (ai, ao, ưu, …) take no coda.
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_OPEN_NUCLEI = "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu iêu yêu oai oay oao oeo uôi ươi ươu uây uyu"
_NUCLEI = "a ă â e ê i o ô ơ u ư y ia iê oa oă oe oo ua uâ uê uô uơ uy ưa ươ yê uya uyê"
_SYLLABLE = re.compile(
    _ONSET + "(?:(?:" + "|".join(sorted(_OPEN_NUCLEI.split(), key=len, reverse=True)) + ")"
    + "|(?:" + "|".join(sorted(_NUCLEI.split(), key=len, reverse=True)) + ")(?:ng|nh|ch|[cmnpt])?)"
)
_TONE_MARKS = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}
_WORD = re.compile(r"[^\W\d_]+")
# The share of words that must be Vietnamese syllables before a TCVN3 or VNI decoding counts.
_MIN_SYLLABLE_SHARE = 0.7


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def _to_single_bytes(text: str) -> bytes | None:
    """Undo a Windows-1252 reading; bytes that code page leaves undefined came through as
    the Latin-1 control characters of the same value."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def decode_utf8_as_cp1252(text: str) -> Decoded | None:
    """Return the repaired text when ``text`` is UTF-8 read as a single-byte code page."""
    if not _UTF8_AS_CP1252.search(text):
        return None
    raw = _to_single_bytes(text)
    if raw is None:
        return None
    try:
        repaired = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if repaired != text and has_vietnamese_letters(repaired):
        return Decoded(repaired, "UTF-8 → Windows-1252")
    return None


def _convert(text: str, table: dict[str, str]) -> tuple[str, bool, bool] | None:
    """Replace table entries, longest first. Return the text, whether some replaced
    character is not a Vietnamese letter, and whether anything was replaced; ``None`` when
    a non-ASCII character is left that the table does not know."""
    longest = _longest_key(table)
    out: list[str] = []
    foreign = replaced = False
    index = 0
    while index < len(text):
        for size in range(longest, 0, -1):
            piece = text[index:index + size]
            if len(piece) == size and piece in table:
                out.append(table[piece])
                replaced = True
                foreign = foreign or any(ch not in _VIETNAMESE and ord(ch) > 0x7F for ch in piece)
                index += size
                break
        else:
            ch = text[index]
            if ord(ch) > 0x7F:
                return None
            out.append(ch)
            index += 1
    return "".join(out), foreign, replaced


_LONGEST_KEYS: dict[int, int] = {}


def _longest_key(table: dict[str, str]) -> int:
    """Return the length of the table's longest key, computed once per table."""
    longest = _LONGEST_KEYS.get(id(table))
    if longest is None:
        longest = _LONGEST_KEYS[id(table)] = max(len(key) for key in table)
    return longest


def _accented_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if not word.isascii()]


def is_vietnamese_syllable(word: str) -> bool:
    """Say whether ``word`` has the shape of one Vietnamese syllable with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    if sum(1 for ch in decomposed if ch in _TONE_MARKS) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(toneless) is not None


def _decode_font(text: str, table: dict[str, str], encoding: str) -> Decoded | None:
    converted = _convert(text, table)
    if converted is None:
        return None
    decoded, foreign, replaced = converted
    # "Giôùi" is made of Vietnamese letters but is no syllable: it is garbled all the same.
    foreign = foreign or any(not is_vietnamese_syllable(word) for word in _accented_words(text))
    if not (foreign and replaced) or not has_vietnamese_letters(decoded):
        return None
    accented = _accented_words(decoded)
    if not accented or not all(is_vietnamese_syllable(word) for word in accented):
        return None
    # Most words of the whole text must be Vietnamese syllables too: Norwegian "må" reads as
    # TCVN3 "mồ", but "Organisasjonsnummeret" around it is no syllable. Acronyms are skipped.
    words = [word for word in _WORD.findall(decoded) if not (word.isascii() and word.isupper())]
    syllables = sum(1 for word in words if is_vietnamese_syllable(word))
    if syllables < _MIN_SYLLABLE_SHARE * len(words):
        return None
    return Decoded(unicodedata.normalize("NFC", decoded), encoding)


def decode_tcvn3(text: str) -> Decoded | None:
    return _decode_font(text, TCVN3_TABLE, "TCVN3 (ABC)")


def decode_vni(text: str) -> Decoded | None:
    return _decode_font(text, VNI_TABLE, "VNI")


# Forms repeat the same labels and messages, so each distinct text is decoded once.
@lru_cache(maxsize=8192)
def decode_mojibake(text: str) -> Decoded | None:
    """Return the certain repair of ``text`` when it is garbled Vietnamese, else ``None``.

    When the TCVN3 and VNI readings both qualify and differ, neither is certain and
    nothing is returned.
    """
    if text.isascii():
        return None
    repaired = decode_utf8_as_cp1252(text)
    if repaired is not None:
        return repaired
    candidates = [d for d in (decode_tcvn3(text), decode_vni(text)) if d is not None]
    if len(candidates) == 1 or (len(candidates) == 2 and candidates[0].text == candidates[1].text):
        return candidates[0]
    return None
