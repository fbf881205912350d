"""Evaluate a form's own patterns and masks the way the form engine will.

Form engines run JavaScript regular expressions. This module translates the common
JavaScript syntax to the ``regex`` package's syntax, rejects what JavaScript would not
compile, and probes a pattern with sample values under a time limit, so that a pattern
that backtracks badly cannot stall a run. Form code is never executed.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# How long one probe may run, in seconds. Samples are short; only a pathological
# pattern comes near this.
PROBE_TIMEOUT = 0.05


class PatternError(ValueError):
    """A pattern that JavaScript would reject. ``reason`` is a short English detail."""


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    source: str
    compiled: "regex.Pattern[str]"


def translate_js(pattern: str) -> str:
    """Translate a JavaScript pattern (no flags) to the ``regex`` package's syntax.

    Handles the differences that matter for form patterns: ``$`` matches only at the very
    end in JavaScript, ``[^]`` matches any character, ``\\/`` is a plain slash, and named
    groups are written ``(?<name>…)``. Syntax that JavaScript rejects raises PatternError.
    """
    out: list[str] = []
    i = 0
    in_class = False
    length = len(pattern)
    while i < length:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= length:
                raise PatternError("pattern ends with a lone backslash")
            nxt = pattern[i + 1]
            if nxt == "/":
                out.append("/")
            elif nxt == "k" and i + 2 < length and pattern[i + 2] == "<":
                close = pattern.find(">", i + 3)
                if close < 0:
                    raise PatternError("unterminated group name")
                out.append(f"(?P={pattern[i + 3:close]})")
                i = close + 1
                continue
            elif nxt == "c" and i + 2 < length and pattern[i + 2].isalpha():
                out.append("\\x%02x" % (ord(pattern[i + 2].upper()) % 32))
                i += 3
                continue
            elif nxt == "u" and i + 2 < length and pattern[i + 2] == "{":
                # Without the u flag, \u{…} means the letter u repeated.
                out.append("u")
                i += 2
                continue
            else:
                out.append(ch + nxt)
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            elif ch == "[":
                out.append("\\[")
                i += 1
                continue
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            if pattern.startswith("[^]", i):
                out.append(r"[\s\S]")
                i += 3
                continue
            if pattern.startswith("[]", i):
                out.append("(?!)")
                i += 2
                continue
            in_class = True
            out.append(ch)
            # A ']' right after '[' or '[^' is a literal in Python but closes the class in JS;
            # those cases were handled above.
            i += 1
            if i < length and pattern[i] == "^":
                out.append("^")
                i += 1
            continue
        if ch == "$":
            out.append(r"\Z")
            i += 1
            continue
        if ch == "(" and pattern.startswith("(?", i):
            rest = pattern[i + 2:i + 4]
            if rest.startswith(("P<", "P=", "P>", "#", ">", "i)", "s)", "m)", "x)", "a)", "u)")):
                raise PatternError(f"'(?{rest[0]}' is not JavaScript syntax")
            if rest.startswith("<") and not rest.startswith(("<=", "<!")):
                out.append("(?P<")
                i += 3
                continue
        out.append(ch)
        i += 1
    if in_class:
        raise PatternError("unterminated character class")
    return "".join(out)


def compile_js(pattern: str, anchored: bool) -> CompiledPattern:
    """Compile a JavaScript pattern. ``anchored`` wraps it as Form.io does: ``^`` + p + ``$``."""
    source = f"^{pattern}$" if anchored else pattern
    try:
        translated = translate_js(source)
        compiled = regex.compile(translated, regex.ASCII | regex.VERSION0)
    except PatternError:
        raise
    except (regex.error, OverflowError, RecursionError) as exc:
        raise PatternError(str(exc)) from exc
    return CompiledPattern(source, compiled)


def mask_to_pattern(mask: str) -> str:
    """Turn a Form.io input mask into an equivalent JavaScript pattern.

    ``9`` is a digit, ``a`` a letter, ``*`` a letter or digit; anything else is a literal.
    """
    parts = []
    for ch in mask:
        if ch == "9":
            parts.append("[0-9]")
        elif ch == "a":
            parts.append("[A-Za-z]")
        elif ch == "*":
            parts.append("[A-Za-z0-9]")
        else:
            parts.append(regex.escape(ch))
    return "".join(parts)


def strip_mask_literals(mask: str, value: str) -> str | None:
    """Type ``value`` into ``mask``; return the masked text, or None when it does not fit."""
    out = []
    digits = iter(value)
    pending = next(digits, None)
    for ch in mask:
        if ch in "9a*":
            if pending is None:
                return None
            ok = (ch == "9" and pending.isdigit()) or (ch == "a" and pending.isalpha()) or (ch == "*" and pending.isalnum())
            if not ok:
                return None
            out.append(pending)
            pending = next(digits, None)
        else:
            out.append(ch)
            if pending == ch:
                pending = next(digits, None)
    if pending is not None:
        return None
    return "".join(out)


def accepts(pattern: CompiledPattern, value: str) -> bool | None:
    """Say whether ``pattern`` accepts ``value``, as JavaScript's ``RegExp.test`` would.

    Returns None when the probe timed out.
    """
    try:
        return pattern.compiled.search(value, timeout=PROBE_TIMEOUT) is not None
    except TimeoutError:
        return None
