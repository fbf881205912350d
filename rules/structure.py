"""Input and definition integrity: files that cannot be read, definitions that do not work.

These are not requirements of Appendix 01. They exist because every other check can only
be trusted on a file that was read correctly and a definition that runs. The input rules
(INP-*, FMT-001.1) are raised by the readers. Their classes here carry the code, name and
severity, so they can be selected, ignored and documented like any other rule.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterator


from eformlint.findings import Confidence, Severity
from eformlint.model import FormDocument, Node
from eformlint.readers.formio import BUILTIN_TYPES as FORMIO_TYPES
from eformlint.rule import ALL_FORMATS, Rule, Violation
from eformlint.vietnamese.patterns import PatternError, compile_js


class InputRule(Rule):
    """A rule whose findings come from reading the file, not from a check."""

    area = "structure"
    default_severity = Severity.ERROR

    def check(self, document, context) -> Iterator[Violation]:
        return iter(())


class UnreadableFile(InputRule):
    code = "INP-001"
    name = "unreadable-file"


class SyntaxError_(InputRule):
    code = "INP-002"
    name = "syntax-error"


class UnknownFormat(InputRule):
    code = "INP-003"
    name = "unknown-format"


class InputLimitExceeded(InputRule):
    code = "INP-004"
    name = "input-limit-exceeded"


class FileNotUtf8(InputRule):
    code = "FMT-001.1"
    name = "file-not-utf8"
    area = "vietnamese-text"


class DuplicateKey(Rule):
    """Two components that store their value under the same data path.

    Form.io keeps one value per data path, so the second component silently overwrites
    the first. SurveyJS finds questions by ``name``, which must be unique in the survey
    (``valueName`` may share a value on purpose, so it is not compared). A JSON object, or an
    AlpacaJS object literal, with the same member twice is reported at warning: the file
    is still read, but JavaScript keeps only the last value.
    """

    code = "DEF-001"
    name = "duplicate-key"
    area = "structure"
    default_severity = Severity.ERROR
    formats = frozenset({"formio", "xforms", "surveyjs", "alpaca"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        seen: dict[str, Node] = {}
        for node in document.walk():
            if not node.key or node.kind == "static" or (node.kind == "container" and node.type in _LAYOUT):
                continue
            if document.format == "formio" and node.type == "button":
                continue
            identity = _surveyjs_identity(node) if document.format == "surveyjs" else node.data_path
            first = seen.get(identity)
            if first is None:
                seen[identity] = node
                continue
            violation = self.violation(node, "duplicate_key", path=node.data_path, first_label=first.display_name())
            violation.related.append(("", _key_of(first), first.data_path))
            yield violation
        for duplicate in document.metadata.get("duplicate_members", ()):
            violation = Violation(None, "duplicate_member", {"member": duplicate.name}, duplicate.pointer,
                                  max_severity=Severity.WARNING)
            yield violation


_LAYOUT = {"panel", "columns", "column", "fieldset", "well", "table", "tabs", "tab", "group", "page"}


def _surveyjs_identity(node: Node) -> str:
    """Return the question's name within its dynamic panel or matrix, ignoring ``valueName``."""
    scope = next((a.data_path for a in node.ancestors() if a.kind == "container" and a.type not in _LAYOUT), "")
    return f"{scope}/{node.key}"


def _key_of(node: Node) -> str:
    return f"{node.pointer}/key" if node.pointer.startswith("/") and "@" not in node.pointer else node.pointer


class UnknownReference(Rule):
    """A condition that names a field which does not exist, so it never fires as meant."""

    code = "DEF-002"
    name = "unknown-reference"
    area = "structure"
    default_severity = Severity.ERROR
    formats = frozenset({"formio", "xforms", "surveyjs", "alpaca"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        keys = document.keys()
        paths = document.data_paths()
        if document.format == "xforms":
            paths = paths | _groups(paths)  # a reference may name a group of fields
        if document.format == "surveyjs":
            # Expressions may read a stored value name, a calculated value or a built-in variable.
            keys = keys | {node.annotations["value_name"] for node in document.walk() if "value_name" in node.annotations}
            keys = keys | set(document.metadata.get("variables", ()))
        for node in document.walk():
            for condition in node.conditions:
                for reference in condition.references:
                    if not _resolves(document.format, reference, keys, paths):
                        confidence = Confidence.LIKELY if condition.kind.endswith("-code") else Confidence.CERTAIN
                        yield self.violation(node, "unknown_reference", pointer=condition.pointer,
                                             confidence=confidence, reference=reference)


def _groups(paths: set[str]) -> set[str]:
    """Return every path that contains another one: ``/data/a`` for ``/data/a/b``."""
    found = set()
    for path in paths:
        slash = path.find("/", 1)
        while slash > 0:
            found.add(path[:slash])
            slash = path.find("/", slash + 1)
    return found


def _resolves(fmt: str, reference: str, keys: set[str], paths: set[str]) -> bool:
    if fmt == "xforms":
        return reference in paths
    name = reference
    for prefix in ("data.", "row."):
        if name.startswith(prefix):
            name = name[len(prefix):]
    if name in keys or name in paths or name.replace("[]", "") in paths:
        return True
    # A dotted path into a container, or a property of a value (``x.value``).
    head = name.split(".", 1)[0].split("[", 1)[0]
    return head in keys


class InvalidPattern(Rule):
    """A pattern that the browser cannot compile: the form engine then rejects every value
    or throws an error when the field is validated."""

    code = "DEF-003"
    name = "invalid-pattern"
    area = "structure"
    default_severity = Severity.ERROR
    formats = ALL_FORMATS

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            for validation in node.validations:
                if validation.kind != "pattern" or not isinstance(validation.value, str):
                    continue
                try:
                    compile_js(validation.value, anchored=validation.dialect == "js-regex")
                except PatternError as exc:
                    yield self.violation(node, "invalid_pattern", pointer=validation.pointer,
                                         pattern=validation.value, reason=str(exc))
                    continue
                if validation.dialect == "xpath-regex" and not _anchored(validation.value):
                    # ODK engines have not been shown to agree on whether regex() must match
                    # the whole value, so an unanchored pattern may accept more on one of them.
                    yield self.violation(node, "unanchored_xpath_regex", pointer=validation.pointer,
                                         pattern=validation.value, max_severity=Severity.INFO)


def _anchored(pattern: str) -> bool:
    return pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")


class WrongValueType(Rule):
    """A flag written as a string. ``"false"`` is a non-empty string, so JavaScript treats
    it as true: the opposite of what the author meant."""

    code = "DEF-004"
    name = "wrong-value-type"
    area = "structure"
    default_severity = Severity.ERROR
    formats = frozenset({"formio", "surveyjs", "alpaca"})

    _FLAGS = {
        "formio": ("input", "hidden", "disabled", "hideLabel", "multiple", "clearOnHide"),
        "surveyjs": ("isRequired", "readOnly", "visible", "startWithNewLine"),
        "alpaca": ("required", "readonly"),
    }
    _ALPACA_OPTION_FLAGS = ("hidden", "readonly", "disabled", "hideNone")

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.walk():
            raw = node.raw if isinstance(node.raw, dict) else {}
            if document.format == "alpaca":
                yield from self._alpaca_options(node)
            for flag in self._FLAGS[document.format]:
                if isinstance(raw.get(flag), str):
                    yield self.violation(node, "flag_as_string", pointer=f"{node.pointer}/{flag}",
                                         flag=flag, value=raw[flag])
            validate = raw.get("validate")
            if isinstance(validate, dict) and isinstance(validate.get("required"), str):
                yield self.violation(node, "flag_as_string", pointer=f"{node.pointer}/validate/required",
                                     flag="validate.required", value=validate["required"])

    def _alpaca_options(self, node: Node) -> Iterator[Violation]:
        options = node.annotations.get("options")
        if not isinstance(options, dict):
            return
        for flag in self._ALPACA_OPTION_FLAGS:
            if isinstance(options.get(flag), str):
                yield self.violation(node, "flag_as_string", pointer=f"{node.annotations['options_pointer']}/{flag}",
                                     flag=flag, value=options[flag])


class UnknownComponentType(Rule):
    """A component type that the standard renderer does not know; it needs a custom module."""

    code = "DEF-005"
    name = "unknown-component-type"
    area = "structure"
    default_severity = Severity.INFO
    formats = frozenset({"formio", "surveyjs"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        from eformlint.readers.surveyjs import BUILTIN_TYPES as SURVEYJS_TYPES

        surveyjs = document.format == "surveyjs"
        known = SURVEYJS_TYPES if surveyjs else FORMIO_TYPES
        counts: dict[str, int] = defaultdict(int)
        for node in document.walk():
            if node.type in known or (surveyjs and not (isinstance(node.raw, dict) and "type" in node.raw)):
                continue  # SurveyJS pages and matrix columns have no type of their own
            counts[node.type] += 1
            if counts[node.type] == 1:
                yield self.violation(node, "surveyjs_unknown_type" if surveyjs else "unknown_type",
                                     pointer=f"{node.pointer}/type", type=node.type,
                                     as_input="input" if node.kind == "field" else "layout")


class UnresolvedTranslation(Rule):
    """An XForms ``jr:itext('id')`` with no text for that id in some translation: that
    language shows the raw id or nothing."""

    code = "DEF-007"
    name = "unresolved-translation"
    area = "structure"
    default_severity = Severity.ERROR
    formats = frozenset({"xforms"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        translations = document.metadata.get("translations")
        if translations is None:
            return
        from eformlint.readers.xforms import ITEXT_REF
        from eformlint.readers.xml_source import qualified

        for element in document.raw.iter():
            if not isinstance(element.tag, str):
                continue
            for attr, value in element.attrib.items():
                match = ITEXT_REF.match(value or "")
                if not match:
                    continue
                text_id = match.group("id")
                pointer = f"{document.source_map.paths.get(element, '')}/@{qualified(attr)}"
                if not translations.languages:
                    yield Violation(None, "no_itext", {"id": text_id}, pointer)
                    continue
                missing = translations.missing(text_id)
                if missing:
                    yield Violation(None, "missing_translation", {"id": text_id, "languages": ", ".join(missing)}, pointer)


class OrphanBind(Rule):
    """Half of a pair that only works together: an XForms bind with no body control, or an
    error message whose rule is not set, so the message is never shown."""

    code = "DEF-008"
    name = "orphan-bind"
    area = "structure"
    default_severity = Severity.INFO
    formats = frozenset({"xforms", "formio", "surveyjs"})

    # Form.io ``errors`` keys and the ``validate`` key that makes each message reachable.
    _FORMIO_RULES = {"required": "required", "pattern": "pattern", "minLength": "minLength",
                     "maxLength": "maxLength", "min": "min", "max": "max", "minWords": "minWords",
                     "maxWords": "maxWords"}
    # SurveyJS message properties and the properties that set their rule.
    _SURVEYJS_RULES = {"requiredErrorText": ("isRequired", "requiredIf"), "minErrorText": ("min", "minValueExpression"),
                       "maxErrorText": ("max", "maxValueExpression")}

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        if document.format == "formio":
            yield from self._formio_messages(document)
            return
        if document.format == "surveyjs":
            yield from self._surveyjs_messages(document)
            return
        yield from self._xforms_messages(document)
        binds = document.metadata.get("binds", {})
        used = document.metadata.get("used_binds", set())
        groups = {node.data_path for node in document.containers()}
        for nodeset, bind in binds.items():
            if nodeset in used or nodeset in groups:
                continue
            intended = any(bind.get(name) for name in ("required", "constraint")) or any(
                name.endswith("}requiredMsg") or name.endswith("}constraintMsg") for name in bind.attrib
            )
            if bind.get("calculate") or not intended:
                continue
            pointer = document.source_map.paths.get(bind, "")
            yield Violation(None, "bind_without_control", {"nodeset": nodeset}, f"{pointer}/@nodeset")

    def _xforms_messages(self, document: FormDocument) -> Iterator[Violation]:
        for nodeset, bind in document.metadata.get("binds", {}).items():
            pointer = document.source_map.paths.get(bind, "")
            required = (bind.get("required") or "").strip()
            if bind.get(f"{{{_JR}}}requiredMsg") is not None and required in ("", "false()", "false"):
                yield Violation(None, "message_without_rule", {"message": "jr:requiredMsg", "rule": "required", "nodeset": nodeset},
                                f"{pointer}/@jr:requiredMsg")
            if bind.get(f"{{{_JR}}}constraintMsg") is not None and not (bind.get("constraint") or "").strip():
                yield Violation(None, "message_without_rule", {"message": "jr:constraintMsg", "rule": "constraint", "nodeset": nodeset},
                                f"{pointer}/@jr:constraintMsg")

    def _formio_messages(self, document: FormDocument) -> Iterator[Violation]:
        for node in document.fields():
            raw = node.raw if isinstance(node.raw, dict) else {}
            errors = raw.get("errors")
            if not isinstance(errors, dict):
                continue
            for key, rule in self._FORMIO_RULES.items():
                text = errors.get(key)
                if isinstance(text, str) and text.strip() and node.validation(rule) is None:
                    yield self.violation(node, "message_without_rule", pointer=f"{node.pointer}/errors/{key}",
                                         message=f"errors.{key}", rule=f"validate.{rule}", nodeset=node.data_path)

    def _surveyjs_messages(self, document: FormDocument) -> Iterator[Violation]:
        for node in document.fields():
            raw = node.raw if isinstance(node.raw, dict) else {}
            for message, rules in self._SURVEYJS_RULES.items():
                if raw.get(message) in (None, "", {}) or any(raw.get(rule) not in (None, "", False) for rule in rules):
                    continue
                yield self.violation(node, "message_without_rule", pointer=f"{node.pointer}/{message}",
                                     message=message, rule=rules[0], nodeset=node.data_path)


_JR = "http://openrosa.org/javarosa"
SURVEYJS_SCHEMA_VERSION = "survey-core 3.1.1"
_SURVEYJS_SCHEMA = Path(__file__).parent / "data" / "surveyjs_definition.json"
# Members checked on their own node, so errors below them are not repeated on the parent.
_NESTED_ELEMENTS = {"pages", "elements", "questions", "templateElements"}
_MAX_SCHEMA_FINDINGS = 100


class SchemaViolation(Rule):
    """A SurveyJS property whose value the official SurveyJS JSON Schema does not allow.

    Each question is checked against the schema definition of its own ``type``, so an error
    names the property rather than "matches none of the question types". Unknown types and
    unknown properties pass, as the schema allows them.
    """

    code = "DEF-006"
    name = "schema-violation"
    area = "structure"
    default_severity = Severity.WARNING
    formats = frozenset({"surveyjs"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        validators = _surveyjs_validators()
        count = 0
        targets: list[tuple[Node | None, str, object, str]] = [(None, "", document.raw, "survey")]
        targets += [(node, node.pointer, node.raw, node.type) for node in document.walk()
                    if isinstance(node.raw, dict) and node.raw.get("type", "page" if node.type == "page" else None) == node.type]
        for node, pointer, raw, type_name in targets:
            validator = validators.get(type_name)
            if validator is None:
                continue
            for error in sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path]):
                path = list(error.absolute_path)
                if not path or str(path[0]) in _NESTED_ELEMENTS or _tolerated(error):
                    continue
                count += 1
                if count > _MAX_SCHEMA_FINDINGS:
                    return
                yield self._violation(node, pointer, path, error)

    def _violation(self, node: Node | None, pointer: str, path: list, error) -> Violation:
        from eformlint.engine import describe
        from eformlint.source import join_pointer

        params = {"property": ".".join(str(p) for p in path), "value": describe(json.dumps(error.instance, ensure_ascii=False)),
                  "version": SURVEYJS_SCHEMA_VERSION}
        if error.validator == "type":
            message_id = "schema_wrong_type"
            expected = error.validator_value
            params["expected"] = " | ".join(expected) if isinstance(expected, list) else str(expected)
        elif error.validator == "enum":
            message_id = "schema_not_allowed"
            params["allowed"] = describe(", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value), 120)
        else:
            message_id = "schema_violation"
            params["detail"] = describe(error.message, 160)
        target = join_pointer(pointer, *path)
        if node is None:
            return Violation(None, message_id, params, target)
        return self.violation(node, message_id, pointer=target, **params)


def _tolerated(error) -> bool:
    """Say whether a schema error is one the SurveyJS library accepts in practice.

    The schema lists several mask types under ``oneOf`` although one object can match more
    than one, and it types bounds such as ``min`` as strings (they may be dates) while the
    library takes numbers as they are.
    """
    if error.validator == "oneOf" and not error.context:
        return True  # valid under more than one alternative
    if error.validator == "type" and error.validator_value == "string":
        return isinstance(error.instance, (int, float)) and not isinstance(error.instance, bool)
    return False


@lru_cache(maxsize=1)
def _surveyjs_validators() -> dict[str, object]:
    """Build one validator per definition of the SurveyJS schema, plus one for the survey object."""
    # Imported here, not at the top: importing jsonschema can take seconds (with
    # rfc3987-syntax installed it compiles its grammars), and only SurveyJS forms need it.
    import jsonschema
    import referencing
    import referencing.jsonschema

    schema = json.loads(_SURVEYJS_SCHEMA.read_text(encoding="utf-8"))
    definitions = schema["definitions"]
    validator_class = jsonschema.validators.validator_for(schema)
    survey = {key: value for key, value in schema.items() if key != "properties"}
    survey["properties"] = {k: v for k, v in schema["properties"].items() if k not in _NESTED_ELEMENTS}
    # One registry, crawled once, shared by every validator: a validator with its own
    # uncrawled root re-crawls all definitions on each $ref it follows.
    specification = referencing.jsonschema.specification_with(schema["$schema"])
    registry = referencing.Registry().with_resources([
        (_SCHEMA_URI, specification.create_resource(schema)),
        (_SURVEY_URI, specification.create_resource(survey)),
    ]).crawl()
    validators: dict[str, object] = {
        name: validator_class({"$ref": f"{_SCHEMA_URI}#/definitions/{name}"}, registry=registry) for name in definitions
    }
    validators["survey"] = validator_class({"$ref": _SURVEY_URI}, registry=registry)
    return validators


_SCHEMA_URI = "urn:eformlint:surveyjs-schema"
_SURVEY_URI = "urn:eformlint:surveyjs-survey"


def _flag_is_string(node: Node) -> bool:
    raw = node.raw if isinstance(node.raw, dict) else {}
    validate = raw.get("validate") if isinstance(raw.get("validate"), dict) else {}
    return any(isinstance(value, str) for value in (raw.get("required"), raw.get("isRequired"), validate.get("required")))


class RequiredHiddenField(Rule):
    """A required field that is always hidden and gets no value: nobody can fill it in.

    Form.io, SurveyJS and AlpacaJS may still check such a field on submit, and the citizen
    sees an error about a field that is not on the screen, or cannot submit at all.
    Conditionally hidden fields are not reported: they are shown when their condition holds.
    """

    code = "DEF-009"
    name = "required-hidden-field"
    area = "structure"
    default_severity = Severity.WARNING
    formats = frozenset({"formio", "surveyjs", "alpaca"})

    def check(self, document: FormDocument, context) -> Iterator[Violation]:
        for node in document.fields():
            if not node.required or not node.hidden or node.prefills or _flag_is_string(node):
                continue  # a flag written as a string is DEF-004, and the author meant "false"
            if any(condition.kind in ("show", "show-code", "logic", "logic-code") for condition in node.conditions):
                continue
            yield self.violation(node, "required_hidden", pointer=node.required_pointer)
