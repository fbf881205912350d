"""JavaScript object literals with positions, parsed by esprima and never evaluated.

AlpacaJS forms are JavaScript, not JSON: trailing commas, comments, single quotes,
unquoted keys and function values are all allowed. The pure-Python ``esprima`` parser
(4.0.1) reports ``range`` offsets as indexes into the Python string it was given, which
are code points, so the only conversion is removing the one-character ``(`` that wraps a
bare literal. Values become Python data: objects, arrays, strings, numbers, booleans and
null as in JSON, and any other expression (a function, a call, a variable) as
:class:`JsCode` with its source text and span. The result is a :class:`JsonSourceMap`, so
rules address the literal with the same JSON Pointers as a JSON file.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any


from eformlint.source import DuplicateMember, JsonSourceMap, Member, Span, join_pointer


@dataclass(frozen=True, slots=True)
class JsCode:
    """An expression kept as source text (a function, a call, a variable): never run."""

    text: str
    span: Span

    def __str__(self) -> str:
        return self.text


class JsSyntaxError(ValueError):
    """Text that esprima cannot parse. ``offset`` is a code-point offset into the file."""

    def __init__(self, offset: int, detail: str) -> None:
        super().__init__(f"{detail} at offset {offset}")
        self.offset = offset
        self.detail = detail


class JsDepthError(JsSyntaxError):
    """Nesting deeper than the configured limit, or deeper than the parser can follow.

    ``limit`` is the depth that was exceeded.
    """

    def __init__(self, offset: int, limit: int) -> None:
        super().__init__(offset, f"nested deeper than {limit} levels")
        self.limit = limit


@dataclass
class JsLiteral:
    """An object literal found in a script, converted to data with its source map."""

    value: dict
    source_map: JsonSourceMap
    duplicates: list[DuplicateMember]
    wrapped: str  # "literal" for a bare object, "assignment" for ``var x = {…}``


# esprima descends about twenty Python calls for each level of nesting.
_FRAMES_PER_LEVEL = 25
_MAX_RECURSION_LIMIT = 60_000
_LINE_PREFIX = re.compile(r"^\s*Line \d+: ")


def nesting_depth(text: str) -> int:
    """Estimate the bracket depth of JavaScript text, skipping strings and comments.

    Regular expression literals are not recognised, so a bracket inside one is counted:
    the estimate guards the parser's recursion, it is not a parse.
    """
    depth = deepest = 0
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char in "{[(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "}])":
            depth = max(0, depth - 1)
        elif char in "\"'`":
            index = _skip_string(text, index, char)
        elif char == "/" and text.startswith("//", index):
            newline = text.find("\n", index)
            index = length if newline < 0 else newline
        elif char == "/" and text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = length if end < 0 else end + 1
        index += 1
    return deepest


def _skip_string(text: str, start: int, quote: str) -> int:
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == quote or (char == "\n" and quote != "`"):
            return index
        index += 1
    return len(text)


def parse_literal(text: str, max_depth: int) -> JsLiteral | None:
    """Parse ``text`` as a bare object literal or as a script that assigns one.

    Returns None when the script parses but contains no object literal. Raises
    :class:`JsSyntaxError` or :class:`JsDepthError` with a code-point offset.
    """
    depth = nesting_depth(text)
    if depth > max_depth:
        raise JsDepthError(_first_deep_offset(text, max_depth), max_depth)
    stripped = _skip_comments(text)
    if text[stripped:stripped + 1] == "{":
        body = text.rstrip()
        body = body[:-1] if body.endswith(";") else body
        program = _parse("(" + body + "\n)", depth, shift=1, length=len(text))
        expression = program.body[0].expression if program.body and program.body[0].type == "ExpressionStatement" else None
        if expression is not None and expression.type == "ObjectExpression":
            return _convert(text, expression, shift=1, wrapped="literal")
        return None
    program = _parse(text, depth, shift=0, length=len(text))
    expression = _assigned_object(program)
    if expression is None:
        return None
    return _convert(text, expression, shift=0, wrapped="assignment")


def _skip_comments(text: str) -> int:
    index = 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if text.startswith("//", index):
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline + 1
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = len(text) if end < 0 else end + 2
        else:
            return index


def _first_deep_offset(text: str, max_depth: int) -> int:
    depth = 0
    for index, char in enumerate(text):
        if char in "{[(":
            depth += 1
            if depth > max_depth:
                return index
        elif char in "}])":
            depth = max(0, depth - 1)
    return 0


def _parse(source: str, depth: int, shift: int, length: int):
    # Imported here: esprima builds Unicode tables of about 120 MB on import, which runs
    # without an AlpacaJS form would carry for nothing.
    import esprima

    # NOTE: the recursion limit is interpreter-wide. It is raised only for this call and
    # restored afterwards, so parsing is not safe to run from several threads at once.
    previous = sys.getrecursionlimit()
    needed = min(_MAX_RECURSION_LIMIT, max(previous, depth * _FRAMES_PER_LEVEL + 1000))
    sys.setrecursionlimit(needed)
    try:
        return esprima.parseScript(source, {"range": True, "loc": True})
    except esprima.Error as exc:
        # An error in the added closing ")" (an unterminated string or template) is placed at the end.
        offset = min(length, max(0, (exc.index or 0) - shift))
        raise JsSyntaxError(offset, _LINE_PREFIX.sub("", str(exc.message))) from None
    except RecursionError:
        # The recursion limit is capped, so very deep scripts stop here before max-depth.
        raise JsDepthError(0, (_MAX_RECURSION_LIMIT - 1000) // _FRAMES_PER_LEVEL) from None
    finally:
        sys.setrecursionlimit(previous)


def _assigned_object(program) -> Any:
    """Find the object literal of ``var x = {…}``, ``x = {…}`` or ``x.y = {…}``."""
    for statement in program.body:
        if statement.type == "VariableDeclaration":
            for declaration in statement.declarations:
                if declaration.init is not None and declaration.init.type == "ObjectExpression":
                    return declaration.init
        elif statement.type == "ExpressionStatement":
            expression = statement.expression
            if expression.type == "AssignmentExpression" and expression.right.type == "ObjectExpression":
                return expression.right
            if expression.type == "ObjectExpression":
                return expression
    return None


def _convert(text: str, root, shift: int, wrapped: str) -> JsLiteral:
    """Turn the esprima tree of a literal into data and a source map, without recursion."""
    members: dict[int, Any] = {}
    duplicates: list[DuplicateMember] = []

    def span(node) -> Span:
        return Span(node.range[0] - shift, node.range[1] - shift)

    def start(node) -> tuple[Any, list | None]:
        """Create the value of a node; containers are returned empty with their items to fill."""
        if node.type == "ObjectExpression":
            container: dict = {}
            members[id(container)] = {}
            return container, [("object", node.properties)]
        if node.type == "ArrayExpression":
            container_list: list = []
            members[id(container_list)] = []
            return container_list, [("array", node.elements)]
        return _scalar(text, node, span(node)), None

    root_value, root_work = start(root)
    stack = [(root_value, root_work[0][1], 0, root_work[0][0], "")]
    while stack:
        container, items, index, kind, pointer = stack.pop()
        if index >= len(items):
            continue
        stack.append((container, items, index + 1, kind, pointer))
        item = items[index]
        table = members[id(container)]
        if kind == "object":
            if item is None or item.type != "Property" or item.computed:
                continue  # spread elements and computed keys name nothing statically
            key = _property_name(item.key)
            if key is None:
                continue
            value_node = item.value
            key_span = span(item.key)
            if key in container:
                duplicates.append(DuplicateMember(join_pointer(pointer, key), key, key_span))
            value, work = start(value_node)
            container[key] = value
            table[key] = Member(key_span, span(value_node))
            child_pointer = join_pointer(pointer, key)
        else:
            if item is None:  # a hole, as in [1, , 2]
                container.append(None)
                table.append(Member(None, Span(0, 0)))
                continue
            value, work = start(item)
            container.append(value)
            table.append(Member(None, span(item)))
            child_pointer = join_pointer(pointer, len(container) - 1)
        if work is not None:
            stack.append((value, work[0][1], 0, work[0][0], child_pointer))
    source_map = JsonSourceMap(root_value, span(root), members)
    return JsLiteral(root_value, source_map, duplicates, wrapped)


def _property_name(key) -> str | None:
    if key.type == "Identifier":
        return key.name
    if key.type == "Literal" and isinstance(key.value, (str, int, float)) and not isinstance(key.value, bool):
        value = key.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    return None


def _scalar(text: str, node, span: Span) -> Any:
    if node.type == "Literal" and getattr(node, "regex", None) is None:
        value = node.value
        if isinstance(value, float) and value.is_integer() and not any(c in (node.raw or "") for c in ".eE"):
            return int(value)
        return value
    if node.type == "UnaryExpression" and node.operator == "-" and node.argument.type == "Literal" \
            and isinstance(node.argument.value, (int, float)) and not isinstance(node.argument.value, bool):
        value = node.argument.value
        return -(int(value) if isinstance(value, float) and value.is_integer() else value)
    if node.type == "TemplateLiteral" and not node.expressions and len(node.quasis) == 1:
        return node.quasis[0].value.cooked
    return JsCode(text[span.start:span.end], span)
