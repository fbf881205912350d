"""Source maps: from a definition path to offsets, and from offsets to lines and columns.

Every offset in eformlint counts Unicode code points from the start of the decoded
text, without the byte-order mark. Python strings index by code point, so an offset is
simply an index into the decoded text. Lines and columns are 1-based; columns count
code points, as SARIF's ``unicodeCodePoints`` column kind defines.
"""

from __future__ import annotations

import bisect
import json
import re
from array import array
from dataclasses import dataclass
from typing import Any

# Line breaks recognised when numbering lines: LF, CRLF and a lone CR.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of code-point offsets into the decoded text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column, the column counted in code points."""

    line: int
    column: int


class LineIndex:
    """Convert offsets to line and column with a binary search over line starts."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        sequences = set()
        if "\r" in text:
            for match in _LINE_BREAK.finditer(text):
                self._starts.append(match.end())
                sequences.add(match.group())
        else:  # only LF: str.find is faster than the regular expression
            position = text.find("\n")
            while position >= 0:
                self._starts.append(position + 1)
                position = text.find("\n", position + 1)
            if len(self._starts) > 1:
                sequences.add("\n")
        self._length = len(text)
        self.newline_sequences = sorted(sequences)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    def line_start(self, line: int) -> int:
        """Return the offset of the first character of a 1-based line."""
        return self._starts[max(0, min(line - 1, len(self._starts) - 1))]


def escape_pointer_segment(segment: str | int) -> str:
    """Escape one JSON Pointer segment as RFC 6901 requires."""
    return str(segment).replace("~", "~0").replace("/", "~1")


def split_pointer(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return [] if pointer == "" else [""]
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def join_pointer(base: str, *segments: str | int) -> str:
    # Readers build a path for every node and text, so the common case stays cheap.
    parts = [base]
    for segment in segments:
        text = segment if segment.__class__ is str else str(segment)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        parts.append(text)
    return "/".join(parts)


# ---------------------------------------------------------------------------
# JSON with positions


class JsonSyntaxError(ValueError):
    """Invalid JSON. ``offset`` is where the problem was found; ``reason`` is a catalogue id."""

    def __init__(self, offset: int, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason} at offset {offset}: {detail}")
        self.offset = offset
        self.reason = reason
        self.detail = detail


class JsonDepthError(JsonSyntaxError):
    """Nesting deeper than the configured limit."""


@dataclass(frozen=True, slots=True)
class Member:
    """Offsets of one object member or array item."""

    key: Span | None
    value: Span


@dataclass(frozen=True, slots=True)
class DuplicateMember:
    """An object member that appears more than once; the last value wins, as in JavaScript."""

    pointer: str
    name: str
    key: Span


_TOKEN = re.compile(
    r"""[ \t\n\r]*(?:
        (?P<string>"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")
      | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
      | (?P<punct>[{}\[\]:,])
      | (?P<literal>true|false|null)
    )""",
    re.VERBOSE,
)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LITERALS = {"true": True, "false": False, "null": None}


class JsonSourceMap:
    """Offsets of every member of every object and array of one parsed JSON text.

    Positions are stored per container (keyed by the container's identity), so a pointer
    is resolved by walking the parsed value: nothing is stored per pointer string.
    """

    def __init__(self, root: Any, root_span: Span, members: dict[int, Any]) -> None:
        self.root = root
        self.root_span = root_span
        self._members = members

    def member(self, pointer: str) -> Member | None:
        node = self.root
        entry = None
        for segment in split_pointer(pointer):
            table = self._members.get(id(node))
            if table is None:
                return None
            if isinstance(node, dict):
                entry = table.get(segment)
                if entry is None:
                    return None
                node = node[segment]
            else:
                try:
                    index = int(segment)
                    entry = table[index]
                except (ValueError, IndexError):
                    return None
                node = node[index]
        return Member(None, self.root_span) if entry is None else entry

    def span(self, pointer: str) -> Span | None:
        member = self.member(pointer)
        return None if member is None else member.value

    def key_span(self, pointer: str) -> Span | None:
        member = self.member(pointer)
        return None if member is None else member.key


def parse_json(text: str, max_depth: int = 512) -> tuple[Any, JsonSourceMap, list[DuplicateMember]]:
    """Parse strict JSON and record the span of every key and value.

    Raises :class:`JsonSyntaxError` with the offset of the first problem. Valid JSON
    without duplicate members is parsed by ``json.loads``, and the spans are found only
    when a finding first needs one. Anything else (a syntax error, a duplicate member,
    nesting deeper than ``max_depth`` or than the interpreter's recursion limit) goes
    through :func:`parse_json_with_positions`, which reports the exact problem.
    """
    try:
        value = json.loads(text, object_pairs_hook=_ObjectBuilder(), parse_constant=_reject_constant)
    except (ValueError, RecursionError, _DuplicateMember):
        return parse_json_with_positions(text, max_depth)
    if _deeper_than(value, text, max_depth):
        return parse_json_with_positions(text, max_depth)
    return value, _LazyJsonSourceMap(text, value), []


class _DuplicateMember(Exception):
    """Raised by the fast path on a repeated member name; the slow path reports it."""


class _ObjectBuilder:
    """Build each JSON object of one parse, refusing repeated member names.

    Equal string values share one object, as ``json`` already does for member names.
    Forms repeat the same labels, types and option lists many times: in the
    benchmark's 10 MB form, whose sections repeat, a string per occurrence took 20 MB.
    """

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        strings = self._strings
        result = {key: strings.setdefault(value, value) if value.__class__ is str else value for key, value in pairs}
        if len(result) != len(pairs):
            raise _DuplicateMember
        return result


def _reject_constant(name: str) -> Any:
    # json.loads accepts NaN and Infinity, which strict JSON does not.
    raise ValueError(name)


def _deeper_than(value: Any, text: str, max_depth: int) -> bool:
    """Say whether containers nest more than ``max_depth`` levels deep."""
    if text.count("{") + text.count("[") <= max_depth:
        return False
    # One level at a time: a list comprehension per level instead of a push per container.
    level = [value] if value.__class__ in (dict, list) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return True
        level = [child for current in level for child in (current.values() if current.__class__ is dict else current)
                 if child.__class__ is dict or child.__class__ is list]
    return False


# Tokens of text that json.loads accepted. A member with a scalar value is one token: its
# key (group 1) and value (2). A member whose value is an object or array is its key (1)
# and the opening bracket (3). An array item is a scalar (4) or an opening bracket (5).
# Group 6 is a closing bracket. Commas are skipped.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_SCALAR = r'[^\s{}\[\],:"]+'
_SCAN = re.compile(
    rf"({_STRING})\s*:\s*(?:({_STRING}|{_SCALAR})|([{{\[]))|({_STRING}|{_SCALAR})|([{{\[])|([}}\]])"
)


# The text up to the next bracket outside a string; the match ends with that bracket.
# The quantifiers are possessive, so a match never backtracks.
_TO_BRACKET = re.compile(r'[^"{}\[\]]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"[^"{}\[\]]*+)*+[{}\[\]]')


class _LazyJsonSourceMap(JsonSourceMap):
    """A source map of valid JSON whose spans are found when first looked up.

    The first lookup finds where every object and array starts and ends, following only
    the brackets outside strings: the regular expression skips everything else, so the
    Python loop runs twice per container rather than once per token. The members of a
    container are found when a pointer first passes through it, by reading that
    container's own level and jumping over the containers nested in it. A dict member is
    found by the position of its key in the parsed dict, whose order is the text's.
    """

    def __init__(self, text: str, root: Any) -> None:
        self._text = text
        self._starts: array | None = None  # where each container opens, in text order
        self._ends: array = array("q")  # where each one ends (one past its bracket)
        # The members of the containers looked up so far, by identity: four offsets per
        # member (key start, key end, value start, value end; -1 for an array item's key).
        self._tables: dict[int, array] = {}
        # Containers already looked up, by pointer (at most 4,096 before the table is
        # emptied): the properties of one component are looked up one after another.
        self._containers: dict[str, tuple[Any, int, int]] = {}
        # Key positions of the large dicts looked up so far.
        self._key_positions: dict[int, dict[str, int]] = {}
        super().__init__(root, Span(0, 0), {})

    def member(self, pointer: str) -> Member | None:
        if self._starts is None:
            self._starts, self._ends, self.root_span = _scan_containers(self._text, self.root)
        if not pointer:
            return Member(None, self.root_span)
        parent, _, last = pointer.rpartition("/")
        container = self._containers.get(parent)
        if container is None:
            container = self._walk(parent)
            if len(self._containers) >= 4096:
                self._containers.clear()
            self._containers[parent] = container
        entry = self._step(*container, last.replace("~1", "/").replace("~0", "~"))
        if entry is None:
            return None
        key_start, key_end, value_start, value_end = entry
        return Member(None if key_start < 0 else Span(key_start, key_end), Span(value_start, value_end))

    def _walk(self, pointer: str) -> tuple[Any, int, int]:
        """Return the value at ``pointer`` with the start and end of its text; a pointer
        that leads nowhere gives None."""
        node, start, end = self.root, self.root_span.start, self.root_span.end
        for segment in split_pointer(pointer):
            entry = self._step(node, start, end, segment)
            if entry is None:
                return None, 0, 0
            node = node[segment] if isinstance(node, dict) else node[int(segment)]
            start, end = entry[2], entry[3]
        return node, start, end

    def _step(self, node: Any, start: int, end: int, segment: str):
        """Return the four offsets of one member of ``node``, or None if it has no such member."""
        if isinstance(node, dict):
            if segment not in node:
                return None
            index = self._key_position(node, segment)
        elif isinstance(node, list):
            if not segment.isdigit() or int(segment) >= len(node):
                return None
            index = int(segment)
        else:
            return None
        table = self._tables.get(id(node))
        if table is None:
            table = self._tables[id(node)] = self._read_members(start, end)
        return table[4 * index:4 * index + 4]

    def _read_members(self, start: int, end: int) -> array:
        """Find the members of the container whose text runs from ``start`` to ``end``."""
        table = array("q")
        text = self._text
        position = start + 1
        while True:
            token = _SCAN.search(text, position, end)
            if token is None or token.lastindex == 6:
                return table
            kind = token.lastindex
            if kind == 2:
                table.extend((token.start(1), token.end(1), token.start(2), token.end(2)))
                position = token.end()
                continue
            if kind == 4:
                table.extend((-1, -1, token.start(4), token.end(4)))
                position = token.end()
                continue
            # An object or array inside this one: jump to its end.
            opening = token.start(kind)
            closing = self._ends[bisect.bisect_left(self._starts, opening)]
            key_start, key_end = (token.start(1), token.end(1)) if kind == 3 else (-1, -1)
            table.extend((key_start, key_end, opening, closing))
            position = closing

    def _key_position(self, node: dict, key: str) -> int:
        if len(node) <= 16:
            return list(node).index(key)
        positions = self._key_positions.get(id(node))
        if positions is None:
            positions = self._key_positions[id(node)] = {name: index for index, name in enumerate(node)}
        return positions[key]


def _scan_containers(text: str, root: Any) -> tuple[array, array, Span]:
    """Find where each object and array of ``text`` starts and ends, and the root's span.

    The text is known to be valid JSON that parses to ``root``, so only the brackets
    outside strings matter.
    """
    typecode = "i" if len(text) < 2**31 else "q"
    starts, ends = array(typecode), array(typecode)
    if not isinstance(root, (dict, list)):
        # One scalar: searching for brackets would try every position of a long string.
        token = _SCAN.search(text)
        return starts, ends, Span(token.start(4), token.end(4)) if token else Span(0, 0)
    open_containers: list[int] = []
    for match in _TO_BRACKET.finditer(text):
        position = match.end() - 1
        if text[position] in "{[":
            open_containers.append(len(starts))
            starts.append(position)
            ends.append(-1)
        else:
            ends[open_containers.pop()] = position + 1
    return starts, ends, Span(starts[0], ends[0])


def parse_json_with_positions(text: str, max_depth: int = 512) -> tuple[Any, JsonSourceMap, list[DuplicateMember]]:
    """Parse strict JSON with a tokenizer that records spans as it goes.

    Raises :class:`JsonSyntaxError` with the offset of the first problem. The parser is
    iterative, so deep nesting is bounded by ``max_depth`` rather than by the interpreter's
    recursion limit.
    """
    members: dict[int, Any] = {}
    duplicates: list[DuplicateMember] = []
    match_token = _TOKEN.match
    length = len(text)
    # Each stack entry: [container, table, start offset, pending key, key span, pointer]
    stack: list[list[Any]] = []
    pos = 0
    root: Any = None
    root_span: Span | None = None
    expect_value = True
    # States after a value inside a container: need ',' or the closing bracket.
    while True:
        token = match_token(text, pos)
        if token is None:
            ws_end = _WHITESPACE.match(text, pos).end()
            if ws_end >= length:
                raise JsonSyntaxError(length, "unexpected_end")
            raise JsonSyntaxError(ws_end, "unexpected_character", text[ws_end])
        kind = token.lastgroup
        start = token.start(kind)
        end = token.end()
        pos = end
        raw = token.group(kind)

        if expect_value:
            if kind == "punct":
                if raw == "{" or raw == "[":
                    if len(stack) >= max_depth:
                        raise JsonDepthError(start, "too_deep", str(max_depth))
                    container: Any = {} if raw == "{" else []
                    table: Any = {} if raw == "{" else []
                    members[id(container)] = table
                    # The pointer is built only for a duplicate member: storing one per level
                    # would cost memory quadratic in the depth.
                    stack.append([container, table, start, None, None, None])
                    # Allow an empty container right away.
                    after = match_token(text, pos)
                    closing = "}" if raw == "{" else "]"
                    if after is not None and after.group(after.lastgroup) == closing:
                        pos = after.end()
                        value, value_span = _close(stack, pos)
                        done, root, root_span = _attach(stack, value, value_span, duplicates, root, root_span)
                        if done:
                            break
                        expect_value = False
                        continue
                    if raw == "{":
                        pos = _read_key(text, pos, stack)
                    continue
                raise JsonSyntaxError(start, "expected_value", raw)
            if kind == "string":
                value = raw[1:-1] if "\\" not in raw else json.loads(raw)
            elif kind == "number":
                value = float(raw) if any(c in raw for c in ".eE") else int(raw)
            else:
                value = _LITERALS[raw]
            done, root, root_span = _attach(stack, value, Span(start, end), duplicates, root, root_span)
            if done:
                break
            expect_value = False
            continue

        # After a value inside a container.
        top = stack[-1]
        closing = "}" if isinstance(top[0], dict) else "]"
        if raw == ",":
            if isinstance(top[0], dict):
                pos = _read_key(text, pos, stack)
            expect_value = True
            continue
        if raw == closing:
            value, value_span = _close(stack, end)
            done, root, root_span = _attach(stack, value, value_span, duplicates, root, root_span)
            if done:
                break
            continue
        raise JsonSyntaxError(start, "expected_comma_or_close", closing)

    trailing = _WHITESPACE.match(text, pos).end()
    if trailing < length:
        raise JsonSyntaxError(trailing, "trailing_data", text[trailing])
    assert root_span is not None
    return root, JsonSourceMap(root, root_span, members), duplicates


def _open_pointer(stack: list[list[Any]]) -> str:
    """Return the pointer of the innermost open container.

    An open array's length is the index of its open child, which is appended only when closed.
    """
    return join_pointer("", *(entry[3] if isinstance(entry[0], dict) else len(entry[0]) for entry in stack[:-1]))


def _read_key(text: str, pos: int, stack: list[list[Any]]) -> int:
    token = _TOKEN.match(text, pos)
    if token is None or token.lastgroup != "string":
        offset = _WHITESPACE.match(text, pos).end()
        if offset >= len(text):
            raise JsonSyntaxError(len(text), "unexpected_end")
        raise JsonSyntaxError(offset, "expected_key", text[offset])
    raw = token.group("string")
    key = raw[1:-1] if "\\" not in raw else json.loads(raw)
    colon = _TOKEN.match(text, token.end())
    if colon is None or colon.group(colon.lastgroup) != ":":
        offset = _WHITESPACE.match(text, token.end()).end()
        if offset >= len(text):
            raise JsonSyntaxError(len(text), "unexpected_end")
        raise JsonSyntaxError(offset, "expected_colon", text[offset])
    top = stack[-1]
    top[3] = key
    top[4] = Span(token.start("string"), token.end())
    return colon.end()


def _close(stack: list[list[Any]], end: int) -> tuple[Any, Span]:
    container, _table, start, _key, _key_span, _pointer = stack.pop()
    return container, Span(start, end)


def _attach(stack, value, span, duplicates, root, root_span):
    """Store a finished value in its parent. Returns (finished, root, root_span)."""
    if not stack:
        return True, value, span
    parent = stack[-1]
    container, table = parent[0], parent[1]
    if isinstance(container, dict):
        key = parent[3]
        if key in container:
            duplicates.append(DuplicateMember(join_pointer(_open_pointer(stack), key), key, parent[4]))
        container[key] = value
        table[key] = Member(parent[4], span)
    else:
        container.append(value)
        table.append(Member(None, span))
    return False, root, root_span
