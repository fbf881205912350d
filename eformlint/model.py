"""The common model that every reader produces and every rule reads.

A reader turns one file into a :class:`FormDocument`: an ordered tree of containers,
fields and static content. Every node and every text keeps its definition path (a JSON
Pointer for JSON formats, an XPath for XML), which the document's source map turns into
an exact position when a finding needs one. Nothing here evaluates form code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterator, Literal, Mapping, Protocol, Sequence

from eformlint.source import LineIndex, Span

NodeKind = Literal["field", "container", "static"]


@dataclass(slots=True)
class TextVariant:
    """One language version of a user-visible text."""

    lang: str | None
    value: str
    pointer: str


@dataclass(slots=True)
class Text:
    """A user-visible text in one or more languages.

    ``value`` is the version shown to a Vietnamese user: the Vietnamese translation when
    there is one, else the default. ``variants`` holds every language, each with its own
    definition path, so text checks can run on all of them. A text with a single version
    is its own variant (it has ``lang``, ``value`` and ``pointer`` too), which saves an
    object and a list for each of the many option labels of a large form.
    """

    value: str
    pointer: str
    # Not compared: two texts with the same path and value are the same text. Also, the
    # tuple of a single-version text contains the text itself, so comparing would recurse.
    variants: Sequence[TextVariant | Text] = field(default=(), compare=False)
    lang: str | None = None

    @classmethod
    def single(cls, value: str, pointer: str, lang: str | None = None) -> "Text":
        text = cls(value, pointer, (), lang)
        text.variants = (text,)
        return text

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        # The default repr would recurse into the variants, which hold the text itself.
        return f"Text({self.value!r}, {self.pointer!r}, lang={self.lang!r}, variants={len(self.variants)})"


@dataclass(slots=True)
class Message:
    """An error message attached to a field.

    ``rule`` names the validation the message belongs to, in the format's own terms
    (Form.io ``errors`` keys such as ``required`` or ``pattern``; ``*`` for a message that
    covers every rule, such as Form.io ``validate.customMessage``).
    """

    rule: str
    text: Text


@dataclass(slots=True)
class Validation:
    """One validation rule of a field.

    ``kind`` is one of: required, pattern, minLength, maxLength, minWords, maxWords, min,
    max, minDate, maxDate, mask, email, url, date, custom, json, constraint.
    ``dialect`` tells how ``value`` must be read: ``js-regex`` (anchored by the engine),
    ``js-regex-search``, ``xpath``, ``javascript``, ``jsonlogic``, ``mask`` or ``literal``.
    """

    kind: str
    value: Any
    pointer: str
    dialect: str = "literal"


class Option:
    """One choice of a choice field: its label, its stored value and its definition path.

    When the label sits right under the option (Form.io's ``{"label": …, "value": …}``),
    the option's path is derived from the label's instead of being stored: large forms
    list tens of thousands of options, and each stored path is a string of its own.
    """

    __slots__ = ("label", "value", "_pointer")

    def __init__(self, label: Text | None, value: Any, pointer: str) -> None:
        self.label = label
        self.value = value
        derived = label is not None and label.pointer.endswith("/label") and label.pointer[:-6] == pointer
        self._pointer = None if derived else pointer

    @property
    def pointer(self) -> str:
        return self._pointer if self._pointer is not None else self.label.pointer[:-6]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Option):
            return NotImplemented
        return (self.label, self.value, self.pointer) == (other.label, other.value, other.pointer)

    __hash__ = None  # mutable, like the dataclasses of this module

    def __repr__(self) -> str:
        return f"Option({self.label!r}, {self.value!r}, {self.pointer!r})"


@dataclass(slots=True)
class OptionSource:
    """The source of a choice field's options.

    ``kind`` is ``inline`` (the options are listed), ``url``, ``resource``, ``json``,
    ``custom`` (code), ``itemset`` (an XForms secondary instance) or ``external``.
    """

    kind: str
    options: list[Option]
    pointer: str
    reference: str | None = None


@dataclass(slots=True)
class Prefill:
    """A default, calculated or preloaded value.

    ``kind`` is ``default``, ``custom-default`` (code), ``calculate`` (code or JSONLogic),
    ``preload`` (XForms ``jr:preload``) or ``setvalue``.
    """

    kind: str
    value: Any
    pointer: str


@dataclass(slots=True)
class Condition:
    """A condition that shows, hides, enables or requires a node.

    ``references`` are the data keys or paths the condition names, as written.
    """

    kind: str
    expression: Any
    pointer: str
    references: list[str] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Node:
    """A field, a container (page, panel, group, grid) or static content.

    ``type`` is the format's own type name (Form.io ``textfield``, XForms ``input``).
    ``key`` is the data key; ``data_path`` joins the keys of the data containers above it
    (``ThuongTru.MaTinhThanh``, ``nguoiThuaKe[].HoVaTen``); ``pointer`` is the definition path.
    """

    kind: NodeKind
    type: str
    key: str | None
    pointer: str
    data_path: str
    label: Text | None = None
    description: Text | None = None
    tooltip: Text | None = None
    placeholder: Text | None = None
    content: Text | None = None
    required: bool = False
    required_pointer: str | None = None
    read_only: bool = False
    read_only_pointer: str | None = None
    hidden: bool = False
    label_hidden: bool = False
    data_type: str | None = None
    validations: list[Validation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    input_mask: Validation | None = None
    options: OptionSource | None = None
    prefills: list[Prefill] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    autocomplete: str | None = None
    annotations: dict[str, Any] = field(default_factory=dict)
    raw: Any = None
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    builtin: bool = True

    def walk(self) -> Iterator["Node"]:
        """Yield this node and every descendant, depth first, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def ancestors(self) -> Iterator["Node"]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def validation(self, kind: str) -> Validation | None:
        return next((v for v in self.validations if v.kind == kind), None)

    def message_for(self, rule: str) -> Message | None:
        """Return the message shown when ``rule`` fails: its own, else a catch-all one."""
        own = next((m for m in self.messages if m.rule == rule), None)
        if own is not None:
            return own
        return next((m for m in self.messages if m.rule == "*"), None)

    def label_text(self) -> str:
        return self.label.value.strip() if self.label is not None else ""

    def display_name(self) -> str:
        """Return the label, else the key: how a person recognises the node."""
        return self.label_text() or (self.key or "")


class SourceMap(Protocol):
    def span(self, pointer: str) -> Span | None: ...

    def key_span(self, pointer: str) -> Span | None: ...


@dataclass(slots=True, eq=False)
class FormDocument:
    """One form definition, read from one file."""

    format: str
    variant: str
    path: str
    text: str
    source_map: SourceMap
    title: Text | None = None
    display: str = "form"
    languages: list[str] = field(default_factory=list)
    default_language: str | None = None
    children: list[Node] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    raw: Any = None
    has_bom: bool = False
    _line_index: LineIndex | None = None
    # Every node in document order, listed on the first walk: a reader returns the tree
    # complete and no rule changes it, while most rules walk it.
    _nodes: list[Node] | None = None
    _fields: list[Node] | None = None

    @property
    def line_index(self) -> LineIndex:
        if self._line_index is None:
            self._line_index = LineIndex(self.text)
        return self._line_index

    def walk(self) -> Iterator[Node]:
        if self._nodes is None:
            self._nodes = [node for child in self.children for node in child.walk()]
        return iter(self._nodes)

    def compact(self) -> None:
        """Let the nodes share one empty value for their empty lists and annotations.

        Readers call this when the tree is complete. Most nodes have no prefill, no
        condition and no annotation, and an empty list per field and node added up to
        several megabytes on large forms. After this the tree must not be changed.
        """
        for node in self.walk():
            for name in _LIST_FIELDS:
                if not getattr(node, name):
                    setattr(node, name, _NOTHING)
            if not node.annotations:
                node.annotations = _NO_ANNOTATIONS

    def fields(self) -> Iterator[Node]:
        if self._fields is None:
            self._fields = [node for node in self.walk() if node.kind == "field"]
        return iter(self._fields)

    def containers(self) -> Iterator[Node]:
        return (node for node in self.walk() if node.kind == "container")

    def data_paths(self) -> set[str]:
        return {node.data_path for node in self.walk() if node.key}

    def keys(self) -> set[str]:
        return {node.key for node in self.walk() if node.key}


_LIST_FIELDS = ("validations", "messages", "prefills", "conditions", "children")
_NOTHING: tuple = ()
_NO_ANNOTATIONS: Mapping[str, Any] = MappingProxyType({})

TEXT_ROLES = ("label", "description", "tooltip", "placeholder", "content")


def visible_texts(document: FormDocument) -> Iterator[tuple[Node | None, str, TextVariant]]:
    """Yield every user-visible text of a document with its node and role.

    Roles: title, label, description, tooltip, placeholder, content (static HTML),
    message and option. Every language version is yielded.
    """
    if document.title is not None:
        for variant in document.title.variants:
            yield None, "title", variant
    for node in document.walk():
        for role in TEXT_ROLES:
            text = getattr(node, role)
            if text is not None:
                for variant in text.variants:
                    yield node, role, variant
        for message in node.messages:
            for variant in message.text.variants:
                yield node, "message", variant
        if node.options is not None:
            for option in node.options.options:
                if option.label is not None:
                    for variant in option.label.variants:
                        yield node, "option", variant
