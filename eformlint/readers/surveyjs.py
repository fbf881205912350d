"""Read SurveyJS survey definitions into the common model.

Accepted shapes: ``pages[].elements`` (or the legacy ``pages[].questions``), and a
single-page survey with top-level ``elements`` or ``questions``. Panels are layout;
dynamic panels (``paneldynamic``) and dynamic or dropdown matrices hold repeated or nested
data, so their children get the data paths ``name[].child`` and ``name.child``. Any text
may be a locale object (``{"default": …, "vi": …}``); every language is kept and the
Vietnamese text is preferred. Expressions are kept as text, never evaluated.
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
    TextVariant,
    Validation,
)
from eformlint.source import JsonSourceMap, join_pointer

FORMAT = "surveyjs"

# Question types of the SurveyJS library; other types are custom widgets.
BUILTIN_TYPES = {
    "text", "comment", "multipletext", "dropdown", "tagbox", "checkbox", "radiogroup", "ranking",
    "imagepicker", "buttongroup", "boolean", "rating", "slider", "file", "signaturepad", "matrix",
    "matrixdropdown", "matrixdynamic", "expression", "html", "image", "empty", "imagemap", "panel",
    "paneldynamic",
}
# Display-only elements. ``infotext`` and ``helptext`` are custom types of public BC
# Government surveys that show text and store no answer.
STATIC_TYPES = {"html", "image", "empty", "infotext", "helptext"}
# Layout that does not change the data path.
LAYOUT_TYPES = {"panel"}
# Matrices whose columns are questions of their own, one value per row.
COLUMN_MATRICES = {"matrixdropdown", "matrixdynamic"}
# Survey settings that rules and reports read.
SURVEY_SETTINGS = (
    "locale", "checkErrorsMode", "showPreviewBeforeComplete", "requiredText", "requiredMark",
    "questionErrorLocation", "showQuestionNumbers", "clearInvisibleValues",
)
# ``{name}``, ``{panel.name}``, ``{row.name}`` and ``{name[0].child}`` in expressions.
# Braces around code (``function f() { … }``) are skipped: a name has no operators or quotes.
_REFERENCE = re.compile(r"\{\s*([^{}()!&|;=<>\"'\s][^{}()!&|;=<>\"'\n]*?)\s*\}")
_EXPRESSION_PROPERTIES = (
    ("visibleIf", "show"), ("enableIf", "enable"), ("requiredIf", "required"),
    ("setValueIf", "set-value"), ("resetValueIf", "reset-value"), ("choicesVisibleIf", "options"),
)
_VIETNAMESE = ("vi", "vi-VN", "vi-vn")
# Variables that the SurveyJS library defines for every survey.
BUILTIN_VARIABLES = {"pageno", "pagecount", "visiblepageno", "visiblepagecount", "locale", "itemIndex", "rowIndex"}


def _element_lists(container: dict) -> list[tuple[str, list]]:
    return [(name, container[name]) for name in ("elements", "questions") if isinstance(container.get(name), list)]


def _is_question(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("type"), str) and "name" in item


def detect(value: Any) -> str | None:
    """Return ``pages`` or ``elements`` for a SurveyJS survey, or None."""
    if not isinstance(value, dict):
        return None
    pages = value.get("pages")
    if isinstance(pages, list) and pages and all(isinstance(page, dict) for page in pages):
        lists = [items for page in pages for _, items in _element_lists(page)]
        if any(_is_question(item) for items in lists for item in items):
            return "pages"
        if lists and not any(items for items in lists):
            return "pages"  # a survey whose pages are still empty
    for _, items in _element_lists(value):
        if items and any(_is_question(item) for item in items):
            return "elements"
    return None


def read(path: str, text: str, value: dict, source_map: JsonSourceMap, variant: str) -> list[FormDocument]:
    reader = _SurveyReader(value)
    document = FormDocument(
        format=FORMAT,
        variant=variant,
        path=path,
        text=text,
        source_map=source_map,
        title=reader.text(value, "title", ""),
        default_language=value.get("locale") if isinstance(value.get("locale"), str) and value.get("locale") else None,
        metadata={name: value[name] for name in SURVEY_SETTINGS if name in value},
        raw=value,
    )
    document.metadata["base_pointer"] = ""
    document.metadata["variables"] = _variables(value)
    if document.title is not None:
        document.metadata["title"] = document.title.value
    children: list[Node] = []
    if variant == "pages":
        for index, page in enumerate(value["pages"]):
            if isinstance(page, dict):
                children.append(reader.page(page, join_pointer("/pages", index)))
    for name, items in _element_lists(value):
        children.extend(reader.elements(items, join_pointer("", name), None, ""))
    document.children = children
    document.languages = sorted(reader.languages)
    if document.default_language is None and reader.languages:
        document.default_language = "en"  # SurveyJS shows the ``default`` strings as English
    return [document]


class _SurveyReader:
    def __init__(self, survey: dict) -> None:
        self.locale = survey.get("locale") if isinstance(survey.get("locale"), str) else None
        self.languages: set[str] = set()

    # -- texts -----------------------------------------------------------------------
    def text(self, raw: dict, name: str, pointer: str) -> Text | None:
        """Read a string or a locale object; the Vietnamese version is preferred."""
        value = raw.get(name)
        own = join_pointer(pointer, name)
        if isinstance(value, str):
            return Text.single(value, own, self.locale) if value.strip() else None
        if not isinstance(value, dict):
            return None
        variants = []
        for lang, entry in value.items():
            if isinstance(entry, str) and entry.strip():
                variants.append(TextVariant(None if lang == "default" else lang, entry, join_pointer(own, lang)))
                if lang != "default":
                    self.languages.add(lang)
        if not variants:
            return None
        chosen = next((v for v in variants if v.lang in _VIETNAMESE), None)
        if chosen is None and self.locale:
            chosen = next((v for v in variants if v.lang == self.locale), None)
        if chosen is None:
            chosen = next((v for v in variants if v.lang is None), variants[0])
        return Text(chosen.value, chosen.pointer, variants)

    # -- structure -------------------------------------------------------------------
    def page(self, raw: dict, pointer: str) -> Node:
        node = Node(kind="container", type="page", key=_name(raw), pointer=pointer, data_path="", raw=raw)
        node.label = self.text(raw, "title", pointer) or self.text(raw, "navigationTitle", pointer)
        node.description = self.text(raw, "description", pointer)
        self.conditions(node, raw, pointer)
        node.hidden = raw.get("visible") is False
        for name, items in _element_lists(raw):
            node.children.extend(self.elements(items, join_pointer(pointer, name), node, ""))
        return node

    def elements(self, items: list, pointer: str, parent: Node | None, scope: str) -> Iterator[Node]:
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield self.element(item, join_pointer(pointer, index), parent, scope)

    def element(self, raw: dict, pointer: str, parent: Node | None, scope: str) -> Node:
        qtype = raw.get("type") if isinstance(raw.get("type"), str) else "unknown"
        name = _name(raw)
        value_name = raw.get("valueName") if isinstance(raw.get("valueName"), str) and raw.get("valueName") else None
        kind = _kind(qtype, raw)
        stored = value_name or name
        data_path = _join(scope, stored) if stored and kind != "static" and qtype not in LAYOUT_TYPES else scope
        node = Node(kind=kind, type=qtype, key=name, pointer=pointer, data_path=data_path, raw=raw, parent=parent)
        node.builtin = qtype in BUILTIN_TYPES
        if value_name:
            node.annotations["value_name"] = value_name

        node.label = self.text(raw, "title", pointer)
        node.label_hidden = raw.get("titleLocation") == "hidden"
        node.description = self.text(raw, "description", pointer)
        node.placeholder = self.text(raw, "placeholder", pointer)
        if qtype == "html":
            node.content = self.text(raw, "html", pointer)
        elif qtype in ("infotext", "helptext"):
            node.content = self.text(raw, "body", pointer) or self.text(raw, "title", pointer)
        if isinstance(raw.get("autocomplete"), str) and raw["autocomplete"].strip():
            node.autocomplete = raw["autocomplete"].strip()
        node.hidden = raw.get("visible") is False
        if raw.get("readOnly") is True:
            node.read_only = True
            node.read_only_pointer = join_pointer(pointer, "readOnly")
        if isinstance(raw.get("inputType"), str):
            node.data_type = raw["inputType"]
        elif kind == "field":
            node.data_type = qtype

        if kind == "field":
            self.validation(node, raw, pointer)
            self.options(node, raw, pointer)
            self.prefills(node, raw, pointer)
        self.conditions(node, raw, pointer)
        node.children = list(self.children(node, raw, pointer, scope))
        return node

    def children(self, node: Node, raw: dict, pointer: str, scope: str) -> Iterator[Node]:
        qtype = node.type
        if qtype == "paneldynamic" and isinstance(raw.get("templateElements"), list):
            yield from self.elements(raw["templateElements"], join_pointer(pointer, "templateElements"), node, node.data_path + "[]")
            return
        if qtype in COLUMN_MATRICES and isinstance(raw.get("columns"), list):
            repeat = "[]" if qtype == "matrixdynamic" else ".*"
            cell_type = raw.get("cellType") if isinstance(raw.get("cellType"), str) else "dropdown"
            for index, column in enumerate(raw["columns"]):
                if isinstance(column, dict):
                    yield self.column(column, join_pointer(pointer, "columns", index), node, node.data_path + repeat, cell_type)
            return
        if qtype == "multipletext" and isinstance(raw.get("items"), list):
            for index, item in enumerate(raw["items"]):
                if isinstance(item, dict):
                    yield self.column(item, join_pointer(pointer, "items", index), node, node.data_path, "text")
            return
        for name, items in _element_lists(raw):
            yield from self.elements(items, join_pointer(pointer, name), node, scope)

    def column(self, raw: dict, pointer: str, parent: Node, scope: str, default_type: str) -> Node:
        """Read a matrix column or a multiple-text item: a question without its own ``type``."""
        qtype = raw.get("cellType") if isinstance(raw.get("cellType"), str) and raw["cellType"] != "default" else default_type
        name = _name(raw)
        node = Node(kind="field", type=qtype, key=name, pointer=pointer, data_path=_join(scope, name) if name else scope,
                    raw=raw, parent=parent)
        node.label = self.text(raw, "title", pointer)
        node.placeholder = self.text(raw, "placeholder", pointer)
        node.data_type = raw["inputType"] if isinstance(raw.get("inputType"), str) else qtype
        if raw.get("readOnly") is True:
            node.read_only = True
            node.read_only_pointer = join_pointer(pointer, "readOnly")
        self.validation(node, raw, pointer)
        self.options(node, raw, pointer)
        self.prefills(node, raw, pointer)
        self.conditions(node, raw, pointer)
        if node.options is None and isinstance(parent.raw, dict) and isinstance(parent.raw.get("choices"), list):
            # Dropdown cells take the matrix's shared choices.
            choices_pointer = join_pointer(parent.pointer, "choices")
            node.options = OptionSource("inline", self.choice_list(parent.raw["choices"], choices_pointer), choices_pointer)
        return node

    # -- field properties ------------------------------------------------------------
    def validation(self, node: Node, raw: dict, pointer: str) -> None:
        if raw.get("isRequired") is True or isinstance(raw.get("isRequired"), str):
            node.required = raw.get("isRequired") is True or raw.get("isRequired") == "true"
            node.required_pointer = join_pointer(pointer, "isRequired")
            if node.required:
                node.validations.append(Validation("required", True, node.required_pointer))
        self.message(node, raw, pointer, "requiredErrorText", "required")
        for name, kind in (("min", "min"), ("max", "max")):
            if raw.get(name) not in (None, "") and not isinstance(raw.get(name), (dict, list)):
                node.validations.append(Validation(kind, raw[name], join_pointer(pointer, name)))
            self.message(node, raw, pointer, f"{name}ErrorText", kind)
        for name, kind in (("minValueExpression", "min"), ("maxValueExpression", "max")):
            if isinstance(raw.get(name), str) and raw[name].strip():
                node.validations.append(Validation(kind, raw[name], join_pointer(pointer, name), "surveyjs-expression"))
        if isinstance(raw.get("maxLength"), int) and not isinstance(raw.get("maxLength"), bool) and raw["maxLength"] > 0:
            node.validations.append(Validation("maxLength", raw["maxLength"], join_pointer(pointer, "maxLength")))
        if raw.get("inputType") in ("email", "url", "date"):
            node.validations.append(Validation(raw["inputType"], True, join_pointer(pointer, "inputType")))
        self.mask(node, raw, pointer)
        validators = raw.get("validators")
        if isinstance(validators, list):
            for index, validator in enumerate(validators):
                if isinstance(validator, dict):
                    self.validator(node, validator, join_pointer(pointer, "validators", index))

    def mask(self, node: Node, raw: dict, pointer: str) -> None:
        settings = raw.get("maskSettings")
        if raw.get("maskType") == "pattern" and isinstance(settings, dict) and isinstance(settings.get("pattern"), str):
            node.input_mask = Validation("mask", settings["pattern"], join_pointer(pointer, "maskSettings", "pattern"), "mask")
            node.validations.append(node.input_mask)

    def validator(self, node: Node, raw: dict, pointer: str) -> None:
        vtype = raw.get("type")
        kinds: list[str] = []
        if vtype == "regex" and isinstance(raw.get("regex"), str):
            node.validations.append(Validation("pattern", raw["regex"], join_pointer(pointer, "regex"), "js-regex-search"))
            kinds.append("pattern")
        elif vtype == "numeric":
            for name, kind in (("minValue", "min"), ("maxValue", "max")):
                if raw.get(name) is not None:
                    node.validations.append(Validation(kind, raw[name], join_pointer(pointer, name)))
                    kinds.append(kind)
        elif vtype == "text":
            for name in ("minLength", "maxLength"):
                if isinstance(raw.get(name), (int, float)) and raw[name] > 0:
                    node.validations.append(Validation(name, raw[name], join_pointer(pointer, name)))
                    kinds.append(name)
        elif vtype == "email":
            node.validations.append(Validation("email", True, join_pointer(pointer, "type")))
            kinds.append("email")
        elif vtype == "expression" and isinstance(raw.get("expression"), str):
            node.validations.append(Validation("custom", raw["expression"], join_pointer(pointer, "expression"), "surveyjs-expression"))
            node.conditions.append(Condition("validator", raw["expression"], join_pointer(pointer, "expression"),
                                             expression_references(raw["expression"])))
            kinds.append("custom")
        elif vtype == "answercount":
            for name, kind in (("minCount", "minSelectedCount"), ("maxCount", "maxSelectedCount")):
                if raw.get(name) is not None:
                    node.validations.append(Validation(kind, raw[name], join_pointer(pointer, name)))
                    kinds.append(kind)
        text = self.text(raw, "text", pointer)
        if text is not None:
            for kind in kinds or [str(vtype)]:
                node.messages.append(Message(kind, text))

    def message(self, node: Node, raw: dict, pointer: str, name: str, rule: str) -> None:
        text = self.text(raw, name, pointer)
        if text is not None:
            node.messages.append(Message(rule, text))

    def options(self, node: Node, raw: dict, pointer: str) -> None:
        if isinstance(raw.get("choices"), list) and raw["choices"]:
            choices_pointer = join_pointer(pointer, "choices")
            node.options = OptionSource("inline", self.choice_list(raw["choices"], choices_pointer), choices_pointer)
            return
        by_url = raw.get("choicesByUrl")
        if isinstance(by_url, dict) and isinstance(by_url.get("url"), str) and by_url["url"].strip():
            node.options = OptionSource("url", [], join_pointer(pointer, "choicesByUrl", "url"), by_url["url"])
            return
        if node.type == "matrix" and isinstance(raw.get("columns"), list) and raw["columns"]:
            columns_pointer = join_pointer(pointer, "columns")
            node.options = OptionSource("inline", self.choice_list(raw["columns"], columns_pointer), columns_pointer)

    def choice_list(self, values: list, pointer: str) -> list[Option]:
        options = []
        for index, entry in enumerate(values):
            item_pointer = join_pointer(pointer, index)
            if isinstance(entry, dict):
                label = self.text(entry, "text", item_pointer)
                options.append(Option(label, entry.get("value"), join_pointer(item_pointer, "value") if "value" in entry else item_pointer))
            else:
                options.append(Option(None, entry, item_pointer))
        return options

    def prefills(self, node: Node, raw: dict, pointer: str) -> None:
        default = raw.get("defaultValue")
        if default not in (None, "", [], {}):
            node.prefills.append(Prefill("default", default, join_pointer(pointer, "defaultValue")))
        for name, kind in (("defaultValueExpression", "calculate"), ("setValueExpression", "calculate")):
            if isinstance(raw.get(name), str) and raw[name].strip():
                node.prefills.append(Prefill(kind, raw[name], join_pointer(pointer, name)))
                node.conditions.append(Condition("calculate", raw[name], join_pointer(pointer, name),
                                                 expression_references(raw[name])))
        if node.type == "expression" and isinstance(raw.get("expression"), str) and raw["expression"].strip():
            node.read_only = True
            node.prefills.append(Prefill("calculate", raw["expression"], join_pointer(pointer, "expression")))
            node.conditions.append(Condition("calculate", raw["expression"], join_pointer(pointer, "expression"),
                                             expression_references(raw["expression"])))

    def conditions(self, node: Node, raw: dict, pointer: str) -> None:
        for name, kind in _EXPRESSION_PROPERTIES:
            expression = raw.get(name)
            if isinstance(expression, str) and expression.strip():
                node.conditions.append(Condition(kind, expression, join_pointer(pointer, name), expression_references(expression)))


def _variables(survey: dict) -> set[str]:
    """Names an expression may read besides questions: calculated values and built-in variables."""
    names = set(BUILTIN_VARIABLES)
    calculated = survey.get("calculatedValues")
    if isinstance(calculated, list):
        names.update(item["name"] for item in calculated if isinstance(item, dict) and isinstance(item.get("name"), str))
    return names


def _kind(qtype: str, raw: dict) -> str:
    if qtype in STATIC_TYPES:
        return "static"
    if qtype in LAYOUT_TYPES or qtype == "paneldynamic" or qtype in COLUMN_MATRICES or qtype == "multipletext":
        return "container"
    if qtype not in BUILTIN_TYPES and _element_lists(raw):
        return "container"  # a custom panel-like type
    return "field"


def _name(raw: dict) -> str | None:
    name = raw.get("name")
    if isinstance(name, (int, float)) and not isinstance(name, bool):
        name = str(name)
    return name if isinstance(name, str) and name.strip() else None


def _join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


def expression_references(expression: str) -> list[str]:
    """Return the question names an expression reads as ``{name}``, as written.

    ``{row.x}``, ``{panel.x}`` and ``{parentPanel.x}`` name a sibling in the same matrix row
    or dynamic panel, so the prefix is dropped. ``{name[0].child}`` keeps only ``name``.
    """
    references = []
    for match in _REFERENCE.finditer(expression):
        name = match.group(1).strip()
        for prefix in ("row.", "panel.", "parentPanel.", "composite."):
            if name.startswith(prefix):
                name = name[len(prefix):]
                break
        name = re.split(r"[\[.]", name, maxsplit=1)[0].strip()
        if name and name not in references:
            references.append(name)
    return sorted(references)
