"""Recognise Vietnamese text that was encoded one way and read another (mojibake).

The reliable case handled here is UTF-8 bytes read as Windows-1252 or Latin-1
("Há» vÃ  tÃªn" for "Họ và tên"): re-encoding the text with that code page gives back
valid UTF-8 that contains Vietnamese letters, so the repair is certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eformlint.vietnamese.text import has_vietnamese_letters

# Character runs that UTF-8 Vietnamese leaves behind when read as Windows-1252.
_UTF8_AS_CP1252 = re.compile(r"Ã[\u0080-\u00ff]|á[»º]|Æ°|Ä[‘\u0091]|Ä\u0090|Æ¡")


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


def decode_mojibake(text: str) -> Decoded | None:
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
