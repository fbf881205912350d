"""Read Form.io definitions into the common model.

Accepted shapes: a form object (``display`` form, wizard or pdf), a ``{"form": …}``
wrapper, a bare array of components, a single component and a project export with
``forms``. Every layout component is walked; unknown component types are kept as fields
when they store a value. JavaScript in strings (``customDefaultValue``,
``calculateValue``, ``customConditional``, ``validate.custom``) is kept as text.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from eformlint.model import (
    Condition,
    FormDocument,
    Message,
    Node,
    Option,
    OptionSource,
    Prefill,
    Text,
    Validation,
)
from eformlint.source import JsonSourceMap, join_pointer

FORMAT = "formio"

LAYOUT_TYPES = {"panel", "columns", "column", "fieldset", "well", "table", "tabs", "tab"}
DATA_CONTAINER_TYPES = {"container", "datagrid", "editgrid", "datamap", "tree", "form", "address", "nested"}
REPEATING_TYPES = {"datagrid", "editgrid", "datamap", "tree"}
STATIC_TYPES = {"htmlelement", "content", "button"}
BUILTIN_TYPES = {
    "address", "base", "button", "checkbox", "column", "columns", "container", "content",
    "currency", "datagrid", "datamap", "datetime", "day", "editgrid", "edittable", "email",
    "fieldset", "file", "form", "hidden", "htmlelement", "location", "modaledit", "nested",
    "number", "panel", "password", "phoneNumber", "radio", "recaptcha", "resource", "select",
    "selectboxes", "signature", "survey", "table", "tabs", "tags", "textarea", "textfield",
    "time", "tree", "unknown", "url", "well", "datasource", "datatable", "list", "row", "tab",
}
# Validate keys that hold a rule, with the Form.io ``errors`` key of their message.
_LENGTH_RULES = ("minLength", "maxLength", "minWords", "maxWords", "min", "max")
_IMPLIED_RULES = {"email": "email", "url": "url", "datetime": "date", "day": "day"}
_DATA_REFERENCE = re.compile(r"\b(?:data|row)\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['\"]([^'\"]+)['\"]\s*\])")
FORM_KEYS = {"components", "display", "title", "name", "path", "type", "properties", "settings", "tags"}


def detect(value: Any) -> str | None:
    """Return the Form.io variant of a parsed JSON value, or None when it is not Form.io."""
    if isinstance(value, dict):
        if isinstance(value.get("components"), list):
            if value.get("type") == "default" and "display" not in value and not _has_input_flag(value["components"]):
                return None  # bpmn-io form-js, a look-alike
            return value.get("display") if value.get("display") in ("wizard", "pdf") else "form"
        form = value.get("form")
        if isinstance(form, dict) and isinstance(form.get("components"), list):
            return "wrapped"
        if isinstance(value.get("forms"), dict) and any(
            isinstance(f, dict) and isinstance(f.get("components"), list) for f in value["forms"].values()
        ):
            return "project"
        if isinstance(value.get("type"), str) and isinstance(value.get("key"), str) and (
            "input" in value or isinstance(value.get("components"), list)
        ):
            return "component"
    if isinstance(value, list) and value and all(
        isinstance(item, dict) and isinstance(item.get("type"), str) and "key" in item for item in value
    ):
        return "components"
    return None


def _has_input_flag(components: list) -> bool:
    return any(isinstance(c, dict) and "input" in c for c in components)


def read(path: str, text: str, value: Any, source_map: JsonSourceMap, variant: str) -> list[FormDocument]:
    """Build one document per form in the file (a project export contains several)."""
    if variant == "wrapped":
        return [_document(path, text, value["form"], "/form", source_map, "wrapped")]
    if variant == "project":
        documents = []
        for name, form in value["forms"].items():
            if isinstance(form, dict) and isinstance(form.get("components"), list):
                documents.append(_document(path, text, form, join_pointer("/forms", name), source_map, "project"))
        return documents
    if variant == "components":
        return [_document(path, text, {"components": value}, "", source_map, "components", bare=True)]
    if variant == "component":
        return [_document(path, text, {"components": [value]}, "", source_map, "component", single=True)]
    return [_document(path, text, value, "", source_map, variant)]


def _document(path, text, form, base, source_map, variant, bare=False, single=False) -> FormDocument:
    title = _text(form, "title", base)
    document = FormDocument(
        format=FORMAT,
        variant=variant,
        path=path,
        text=text,
        source_map=source_map,
        title=title,
        display=form.get("display") if isinstance(form.get("display"), str) else "form",
        metadata={
            "properties": form.get("properties") if isinstance(form.get("properties"), dict) else {},
            "name": form.get("name"),
            "path": form.get("path"),
            "settings": form.get("settings") if isinstance(form.get("settings"), dict) else {},
            "base_pointer": base,
        },
        raw=form,
    )
    if single:
        document.children = [_component(form["components"][0], base, None, "")]
    else:
        components_pointer = join_pointer(base, "components") if not bare else ""
        document.children = list(_components(form["components"], components_pointer, None, ""))
    return document


def _components(items: Any, pointer: str, parent: Node | None, scope: str) -> Iterator[Node]:
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield _component(item, join_pointer(pointer, index), parent, scope)


def _component(raw: dict, pointer: str, parent: Node | None, scope: str) -> Node:
    ctype = raw.get("type") if isinstance(raw.get("type"), str) else "unknown"
    key = raw.get("key") if isinstance(raw.get("key"), str) and raw.get("key") else None
    kind = _kind(ctype, raw)
    data_path = _join_data_path(scope, key) if key else scope
    node = Node(kind=kind, type=ctype, key=key, pointer=pointer, data_path=data_path, raw=raw, parent=parent)
    node.builtin = ctype in BUILTIN_TYPES

    # Texts a person sees. A panel's heading is its title; a fieldset's is its legend.
    if ctype == "panel" and _nonempty(raw.get("title")):
        node.label = _text(raw, "title", pointer)
    elif ctype == "fieldset" and _nonempty(raw.get("legend")):
        node.label = _text(raw, "legend", pointer)
    else:
        node.label = _text(raw, "label", pointer)
    node.label_hidden = raw.get("hideLabel") is True
    node.description = _text(raw, "description", pointer)
    node.tooltip = _text(raw, "tooltip", pointer)
    node.placeholder = _text(raw, "placeholder", pointer)
    if ctype == "htmlelement":
        node.content = _text(raw, "content", pointer)
    elif ctype == "content":
        node.content = _text(raw, "html", pointer)
    if isinstance(raw.get("autocomplete"), str) and raw["autocomplete"].strip():
        node.autocomplete = raw["autocomplete"].strip()
    properties = raw.get("properties")
    if isinstance(properties, dict):
        node.annotations = {k: v for k, v in properties.items() if isinstance(k, str) and k.startswith("eformlint.")}

    node.hidden = raw.get("hidden") is True or ctype == "hidden"
    if raw.get("disabled") is True:
        node.read_only = True
        node.read_only_pointer = join_pointer(pointer, "disabled")

    if kind == "field":
        _read_validation(node, raw, pointer)
        _read_messages(node, raw, pointer)
        _read_options(node, raw, pointer)
        _read_prefills(node, raw, pointer)
    _read_conditions(node, raw, pointer)

    child_scope = scope
    if ctype in DATA_CONTAINER_TYPES and key and kind == "container":
        child_scope = data_path + ("[]" if ctype in REPEATING_TYPES else "")
    node.children = list(_children(raw, pointer, node, child_scope))
    return node


def _kind(ctype: str, raw: dict) -> str:
    if ctype in LAYOUT_TYPES:
        return "container"
    if ctype in DATA_CONTAINER_TYPES and (isinstance(raw.get("components"), list) or ctype != "form"):
        if ctype == "address" and not isinstance(raw.get("components"), list):
            return "field"
        return "container"
    if ctype in STATIC_TYPES:
        return "static"
    if ctype in BUILTIN_TYPES:
        return "field" if raw.get("input", True) is not False else "static"
    # Unknown custom type: an input when its ``input`` flag is set, else layout when it has children.
    if raw.get("input") is True:
        return "field"
    if isinstance(raw.get("components"), list):
        return "container"
    return "field" if raw.get("input") is not False else "static"


def _children(raw: dict, pointer: str, parent: Node, scope: str) -> Iterator[Node]:
    ctype = raw.get("type")
    if ctype == "columns" and isinstance(raw.get("columns"), list):
        for index, column in enumerate(raw["columns"]):
            if isinstance(column, dict):
                yield from _components(column.get("components"), join_pointer(pointer, "columns", index, "components"), parent, scope)
        return
    if ctype == "table" and isinstance(raw.get("rows"), list):
        for r, row in enumerate(raw["rows"]):
            if not isinstance(row, list):
                continue
            for c, cell in enumerate(row):
                if isinstance(cell, dict):
                    yield from _components(cell.get("components"), join_pointer(pointer, "rows", r, c, "components"), parent, scope)
        return
    if ctype == "tabs" and isinstance(raw.get("components"), list):
        for index, tab in enumerate(raw["components"]):
            if not isinstance(tab, dict):
                continue
            tab_pointer = join_pointer(pointer, "components", index)
            tab_node = Node(kind="container", type="tab", key=tab.get("key") if isinstance(tab.get("key"), str) else None,
                            pointer=tab_pointer, data_path=scope, raw=tab, parent=parent)
            tab_node.label = _text(tab, "label", tab_pointer)
            tab_node.children = list(_components(tab.get("components"), join_pointer(tab_pointer, "components"), tab_node, scope))
            yield tab_node
        return
    yield from _components(raw.get("components"), join_pointer(pointer, "components"), parent, scope)


def _join_data_path(scope: str, key: str) -> str:
    return f"{scope}.{key}" if scope else key


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _text(raw: dict, name: str, pointer: str) -> Text | None:
    value = raw.get(name)
    if _nonempty(value):
        return Text.single(value, join_pointer(pointer, name))
    return None


def _read_validation(node: Node, raw: dict, pointer: str) -> None:
    validate = raw.get("validate") if isinstance(raw.get("validate"), dict) else {}
    vpointer = join_pointer(pointer, "validate")
    if validate.get("required") in (True, "true"):
        node.required = True
        node.required_pointer = join_pointer(vpointer, "required")
        node.validations.append(Validation("required", True, node.required_pointer))
    pattern = validate.get("pattern")
    if _nonempty(pattern):
        node.validations.append(Validation("pattern", pattern, join_pointer(vpointer, "pattern"), "js-regex"))
    for name in _LENGTH_RULES:
        value = validate.get(name)
        if value not in (None, "", False) and not isinstance(value, (dict, list)):
            node.validations.append(Validation(name, value, join_pointer(vpointer, name)))
    if _nonempty(validate.get("custom")):
        node.validations.append(Validation("custom", validate["custom"], join_pointer(vpointer, "custom"), "javascript"))
    if validate.get("json") not in (None, "", {}):
        node.validations.append(Validation("json", validate["json"], join_pointer(vpointer, "json"), "jsonlogic"))
    implied = _IMPLIED_RULES.get(node.type)
    if implied:
        node.validations.append(Validation(implied, True, join_pointer(pointer, "type")))
    picker = raw.get("datePicker") if isinstance(raw.get("datePicker"), dict) else {}
    for name in ("minDate", "maxDate"):
        if _nonempty(picker.get(name)):
            node.validations.append(Validation(name, picker[name], join_pointer(pointer, "datePicker", name)))
    if _nonempty(raw.get("inputMask")):
        node.input_mask = Validation("mask", raw["inputMask"], join_pointer(pointer, "inputMask"), "mask")
        node.validations.append(node.input_mask)
    if raw.get("allowMultipleMasks") is True and isinstance(raw.get("inputMasks"), list):
        for index, entry in enumerate(raw["inputMasks"]):
            if isinstance(entry, dict) and _nonempty(entry.get("mask")):
                node.validations.append(
                    Validation("mask", entry["mask"], join_pointer(pointer, "inputMasks", index, "mask"), "mask")
                )
    if isinstance(raw.get("type"), str):
        node.data_type = raw["type"]


def _read_messages(node: Node, raw: dict, pointer: str) -> None:
    errors = raw.get("errors")
    if isinstance(errors, dict):
        for rule, message in errors.items():
            if _nonempty(message):
                node.messages.append(Message(rule, Text.single(message, join_pointer(pointer, "errors", rule))))
    validate = raw.get("validate") if isinstance(raw.get("validate"), dict) else {}
    if _nonempty(validate.get("customMessage")):
        text = Text.single(validate["customMessage"], join_pointer(pointer, "validate", "customMessage"))
        node.messages.append(Message("*", text))
    for name, rule in (("minSelectedCountMessage", "minSelectedCount"), ("maxSelectedCountMessage", "maxSelectedCount")):
        if _nonempty(raw.get(name)):
            node.messages.append(Message(rule, Text.single(raw[name], join_pointer(pointer, name))))


def _read_options(node: Node, raw: dict, pointer: str) -> None:
    if isinstance(raw.get("values"), list) and raw["values"] and node.type in ("radio", "selectboxes", "survey"):
        node.options = OptionSource("inline", _options(raw["values"], join_pointer(pointer, "values")), join_pointer(pointer, "values"))
        return
    if node.type not in ("select", "tags") and not isinstance(raw.get("data"), dict):
        return
    data = raw.get("data") if isinstance(raw.get("data"), dict) else {}
    source = raw.get("dataSrc") if isinstance(raw.get("dataSrc"), str) else "values"
    dpointer = join_pointer(pointer, "data")
    if source == "values" and isinstance(data.get("values"), list):
        node.options = OptionSource("inline", _options(data["values"], join_pointer(dpointer, "values")), join_pointer(dpointer, "values"))
    elif source == "url" and _nonempty(data.get("url")):
        node.options = OptionSource("url", [], join_pointer(dpointer, "url"), data["url"])
    elif source == "resource":
        node.options = OptionSource("resource", [], dpointer, str(data.get("resource") or ""))
    elif source == "json":
        values = data.get("json")
        options = _options(values, join_pointer(dpointer, "json")) if isinstance(values, list) else []
        node.options = OptionSource("json", options, join_pointer(dpointer, "json"))
    elif source == "custom" and _nonempty(data.get("custom")):
        node.options = OptionSource("custom", [], join_pointer(dpointer, "custom"), data["custom"])


def _options(values: list, pointer: str) -> list[Option]:
    options = []
    for index, entry in enumerate(values):
        item_pointer = join_pointer(pointer, index)
        if isinstance(entry, dict):
            options.append(Option(_text(entry, "label", item_pointer), entry.get("value"), item_pointer))
        else:
            options.append(Option(None, entry, item_pointer))
    return options


def _read_prefills(node: Node, raw: dict, pointer: str) -> None:
    default = raw.get("defaultValue")
    if default not in (None, "", [], {}, False):
        node.prefills.append(Prefill("default", default, join_pointer(pointer, "defaultValue")))
    if _nonempty(raw.get("customDefaultValue")):
        node.prefills.append(Prefill("custom-default", raw["customDefaultValue"], join_pointer(pointer, "customDefaultValue")))
    calculate = raw.get("calculateValue")
    if _nonempty(calculate) or (isinstance(calculate, dict) and calculate):
        node.prefills.append(Prefill("calculate", calculate, join_pointer(pointer, "calculateValue")))


def _read_conditions(node: Node, raw: dict, pointer: str) -> None:
    conditional = raw.get("conditional")
    cpointer = join_pointer(pointer, "conditional")
    if isinstance(conditional, dict):
        when = conditional.get("when")
        if _nonempty(when):
            node.conditions.append(Condition("show", conditional, join_pointer(cpointer, "when"), [when]))
        conditions = conditional.get("conditions")
        if isinstance(conditions, list):
            for index, item in enumerate(conditions):
                if isinstance(item, dict) and _nonempty(item.get("component")):
                    node.conditions.append(
                        Condition("show", item, join_pointer(cpointer, "conditions", index, "component"), [item["component"]])
                    )
        if isinstance(conditional.get("json"), (dict, list)) and conditional["json"]:
            refs = sorted(set(_jsonlogic_vars(conditional["json"])))
            node.conditions.append(Condition("show", conditional["json"], join_pointer(cpointer, "json"), refs))
    if _nonempty(raw.get("customConditional")):
        code = raw["customConditional"]
        node.conditions.append(Condition("show-code", code, join_pointer(pointer, "customConditional"), code_references(code)))
    logic = raw.get("logic")
    if isinstance(logic, list):
        for index, item in enumerate(logic):
            trigger = item.get("trigger") if isinstance(item, dict) else None
            if not isinstance(trigger, dict):
                continue
            tpointer = join_pointer(pointer, "logic", index, "trigger")
            simple = trigger.get("simple")
            if trigger.get("type") == "simple" and isinstance(simple, dict):
                if _nonempty(simple.get("when")):
                    node.conditions.append(Condition("logic", trigger, join_pointer(tpointer, "simple", "when"), [simple["when"]]))
                for c_index, cond in enumerate(simple.get("conditions") or []):
                    if isinstance(cond, dict) and _nonempty(cond.get("component")):
                        node.conditions.append(Condition(
                            "logic", cond, join_pointer(tpointer, "simple", "conditions", c_index, "component"), [cond["component"]]
                        ))
            elif trigger.get("type") == "json" and isinstance(trigger.get("json"), (dict, list)):
                refs = sorted(set(_jsonlogic_vars(trigger["json"])))
                node.conditions.append(Condition("logic", trigger["json"], join_pointer(tpointer, "json"), refs))
            elif trigger.get("type") == "javascript" and _nonempty(trigger.get("javascript")):
                code = trigger["javascript"]
                node.conditions.append(Condition("logic-code", code, join_pointer(tpointer, "javascript"), code_references(code)))


def _jsonlogic_vars(logic: Any) -> Iterator[str]:
    """Yield the data paths a JSONLogic expression reads with ``var``."""
    stack = [logic]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for op, arg in item.items():
                if op == "var":
                    name = arg[0] if isinstance(arg, list) and arg else arg
                    if isinstance(name, str) and name:
                        yield name
                else:
                    stack.append(arg)
        elif isinstance(item, list):
            stack.extend(item)


def code_references(code: str) -> list[str]:
    """Return the data keys that JavaScript code reads as ``data.x`` or ``row['x']``."""
    return sorted({m.group(1) or m.group(2) for m in _DATA_REFERENCE.finditer(code)})
