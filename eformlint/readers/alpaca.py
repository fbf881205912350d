"""Read OpenCPS AlpacaJS ``formScript`` definitions into the common model.

An Alpaca form joins two trees by property name: ``schema.properties.X`` (data type,
``required``, ``enum``, ``pattern``, lengths and bounds) and ``options.fields.X`` (widget
type, ``label``, ``helper``, ``optionLabels``, ``datasource``). Arrays nest the same pair
under ``schema…items.properties`` and ``options…items.fields``. Functions (``datasource``,
``validator``, ``postRender``) are kept as :class:`~eformlint.readers.js_source.JsCode`
with their position and never run. Alpaca renders only what the schema declares, so a
field listed in ``options.fields`` alone produces no node.
"""

from __future__ import annotations

from typing import Any, Iterator

from eformlint.model import Condition, FormDocument, Node, Option, OptionSource, Prefill, Text, Validation
from eformlint.readers.js_source import JsCode
from eformlint.source import JsonSourceMap, join_pointer

FORMAT = "alpaca"

# Alpaca field types per schema type when the options name none.
_DEFAULT_TYPES = {"string": "text", "number": "number", "integer": "integer", "boolean": "checkbox",
                  "array": "array", "object": "object"}
STATIC_TYPES = {"html", "label"}
_FORMAT_RULES = {"email": "email", "uri": "url", "url": "url", "date": "date", "date-time": "date"}


def detect(value: Any) -> bool:
    """Say whether a parsed value is an Alpaca form: an object with ``schema`` and ``options``."""
    return isinstance(value, dict) and isinstance(value.get("schema"), dict) and isinstance(value.get("options"), dict)


def read(path: str, text: str, value: dict, source_map: JsonSourceMap, variant: str) -> list[FormDocument]:
    schema = value["schema"]
    options = value["options"]
    title = _text(schema, "title", "/schema") or _text(options, "label", "/options")
    document = FormDocument(
        format=FORMAT,
        variant=variant,
        path=path,
        text=text,
        source_map=source_map,
        title=title,
        metadata={"base_pointer": "", "view": _view_name(value.get("view")), "messages": _view_messages(value.get("view"))},
        raw=value,
    )
    document.default_language = "vi"  # OpenCPS is Vietnamese; Alpaca has no locale of its own in the form
    document.children = list(_properties(schema, options, "/schema", "/options", None, ""))
    return [document]


def _view_name(view: Any) -> str | None:
    if isinstance(view, str):
        return view
    if isinstance(view, dict) and isinstance(view.get("parent"), str):
        return view["parent"]
    return None


def _view_messages(view: Any) -> dict[str, Text]:
    """Collect the message texts a view overrides, preferring the Vietnamese locale block."""
    if not isinstance(view, dict) or not isinstance(view.get("messages"), dict):
        return {}
    messages = view["messages"]
    pointer = "/view/messages"
    result: dict[str, Text] = {}
    for locale in [name for name in messages if isinstance(messages[name], dict) and name.lower().startswith("vi")] + [None]:
        table = messages if locale is None else messages[locale]
        base = pointer if locale is None else join_pointer(pointer, locale)
        for key, text in table.items():
            if isinstance(text, str) and text.strip() and key not in result:
                result[key] = Text.single(text, join_pointer(base, key), "vi" if locale else None)
    return result


def _properties(schema: dict, options: Any, schema_pointer: str, options_pointer: str, parent: Node | None,
                scope: str) -> Iterator[Node]:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    fields = options.get("fields") if isinstance(options, dict) and isinstance(options.get("fields"), dict) else {}
    required_list = schema.get("required") if isinstance(schema.get("required"), list) else []
    for name, prop in properties.items():
        if not isinstance(prop, dict):
            continue
        prop_pointer = join_pointer(schema_pointer, "properties", name)
        field = fields.get(name) if isinstance(fields.get(name), dict) else {}
        field_pointer = join_pointer(options_pointer, "fields", name)
        yield _property(name, prop, field, prop_pointer, field_pointer, parent, scope, name in required_list)


def _property(name: str, prop: dict, field: dict, pointer: str, field_pointer: str, parent: Node | None, scope: str,
              listed_required: bool) -> Node:
    schema_type = prop.get("type") if isinstance(prop.get("type"), str) else "string"
    ftype = field.get("type") if isinstance(field.get("type"), str) else _DEFAULT_TYPES.get(schema_type, "text")
    data_path = f"{scope}.{name}" if scope else name
    has_children = isinstance(prop.get("properties"), dict) or (
        isinstance(prop.get("items"), dict) and isinstance(prop["items"].get("properties"), dict))
    kind = "container" if has_children else ("static" if ftype in STATIC_TYPES else "field")
    node = Node(kind=kind, type=ftype, key=name, pointer=pointer, data_path=data_path, raw=prop, parent=parent)
    node.annotations["options"] = field
    node.annotations["options_pointer"] = field_pointer
    node.data_type = schema_type

    node.label = _text(field, "label", field_pointer) or _text(prop, "title", pointer)
    node.description = _helper(field, field_pointer) or _text(prop, "description", pointer)
    node.placeholder = _text(field, "placeholder", field_pointer)
    node.hidden = ftype == "hidden" or field.get("hidden") is True
    for source, source_pointer, flag in ((prop, pointer, "readonly"), (field, field_pointer, "readonly"),
                                         (field, field_pointer, "disabled")):
        if source.get(flag) is True:
            node.read_only = True
            node.read_only_pointer = join_pointer(source_pointer, flag)

    if kind == "field":
        _validation(node, prop, field, pointer, field_pointer, listed_required)
        _options(node, prop, field, pointer, field_pointer)
        _prefills(node, prop, pointer)
    _conditions(node, prop, field, pointer, field_pointer)

    if isinstance(prop.get("properties"), dict):
        node.children = list(_properties(prop, field, pointer, field_pointer, node, data_path))
    elif isinstance(prop.get("items"), dict) and isinstance(prop["items"].get("properties"), dict):
        items_field = field.get("items") if isinstance(field.get("items"), dict) else {}
        node.children = list(_properties(prop["items"], items_field, join_pointer(pointer, "items"),
                                         join_pointer(field_pointer, "items"), node, data_path + "[]"))
    return node


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _text(raw: Any, name: str, pointer: str) -> Text | None:
    if isinstance(raw, dict) and _nonempty(raw.get(name)):
        return Text.single(raw[name], join_pointer(pointer, name))
    return None


def _helper(field: dict, pointer: str) -> Text | None:
    helper = _text(field, "helper", pointer)
    if helper is not None:
        return helper
    helpers = field.get("helpers")
    if isinstance(helpers, list):
        for index, entry in enumerate(helpers):
            if _nonempty(entry):
                return Text.single(entry, join_pointer(pointer, "helpers", index))
    return None


def _validation(node: Node, prop: dict, field: dict, pointer: str, field_pointer: str, listed_required: bool) -> None:
    required = prop.get("required")
    # A non-empty string is truthy in JavaScript, so "false" is read as required, as code that
    # tests the flag would. NOTE: Alpaca's own check was not verified against its source.
    if required is True or (isinstance(required, str) and required != ""):
        node.required = True
        node.required_pointer = join_pointer(pointer, "required")
        node.validations.append(Validation("required", True, node.required_pointer))
    elif listed_required:
        node.required = True
        node.required_pointer = pointer.rsplit("/properties/", 1)[0] + "/required"
        node.validations.append(Validation("required", True, node.required_pointer))
    if _nonempty(prop.get("pattern")):
        # Alpaca tests ``new RegExp(pattern).test(value)``: a search, not a whole-value match.
        node.validations.append(Validation("pattern", prop["pattern"], join_pointer(pointer, "pattern"), "js-regex-search"))
    for name, kind in (("minLength", "minLength"), ("maxLength", "maxLength"), ("minimum", "min"), ("maximum", "max")):
        value = prop.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            node.validations.append(Validation(kind, value, join_pointer(pointer, name)))
    implied = _FORMAT_RULES.get(prop.get("format")) if isinstance(prop.get("format"), str) else None
    if implied is None and node.type in ("email", "date", "datetime", "url"):
        implied = {"datetime": "date"}.get(node.type, node.type)
        type_pointer = join_pointer(field_pointer, "type") if "type" in field else join_pointer(pointer, "type")
        node.validations.append(Validation(implied, True, type_pointer))
    elif implied is not None:
        node.validations.append(Validation(implied, True, join_pointer(pointer, "format")))
    if isinstance(field.get("validator"), JsCode):
        node.validations.append(Validation("custom", field["validator"].text, join_pointer(field_pointer, "validator"), "javascript"))
    if isinstance(prop.get("enum"), list) and prop["enum"]:
        node.validations.append(Validation("enum", prop["enum"], join_pointer(pointer, "enum")))


def _options(node: Node, prop: dict, field: dict, pointer: str, field_pointer: str) -> None:
    enum = prop.get("enum")
    if isinstance(enum, list) and enum:
        labels = field.get("optionLabels") if isinstance(field.get("optionLabels"), list) else []
        options = []
        for index, value in enumerate(enum):
            label = None
            if index < len(labels) and _nonempty(labels[index]):
                label = Text.single(labels[index], join_pointer(field_pointer, "optionLabels", index))
            options.append(Option(label, value, join_pointer(pointer, "enum", index)))
        node.options = OptionSource("inline", options, join_pointer(pointer, "enum"))
        return
    for name in ("datasource", "dataSource"):
        source = field.get(name)
        source_pointer = join_pointer(field_pointer, name)
        if isinstance(source, JsCode):
            node.options = OptionSource("custom", [], source_pointer, source.text)
            return
        if _nonempty(source):
            node.options = OptionSource("url", [], source_pointer, source)
            return
        if isinstance(source, list):
            options = []
            for index, entry in enumerate(source):
                entry_pointer = join_pointer(source_pointer, index)
                if isinstance(entry, dict):
                    options.append(Option(_text(entry, "text", entry_pointer), entry.get("value"), entry_pointer))
                else:
                    options.append(Option(None, entry, entry_pointer))
            node.options = OptionSource("inline", options, source_pointer)
            return


def _prefills(node: Node, prop: dict, pointer: str) -> None:
    default = prop.get("default")
    if default not in (None, "", [], {}) and not isinstance(default, JsCode):
        node.prefills.append(Prefill("default", default, join_pointer(pointer, "default")))


def _conditions(node: Node, prop: dict, field: dict, pointer: str, field_pointer: str) -> None:
    dependencies = prop.get("dependencies")
    if _nonempty(dependencies):
        node.conditions.append(Condition("show", dependencies, join_pointer(pointer, "dependencies"), [dependencies]))
    elif isinstance(dependencies, list):
        for index, name in enumerate(dependencies):
            if _nonempty(name):
                node.conditions.append(Condition("show", name, join_pointer(pointer, "dependencies", index), [name]))
    field_dependencies = field.get("dependencies")
    if isinstance(field_dependencies, dict):
        for name, expected in field_dependencies.items():
            node.conditions.append(Condition("show", {name: expected}, join_pointer(field_pointer, "dependencies", name), [name]))
