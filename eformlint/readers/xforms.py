"""Read ODK and W3C XForms into the common model.

The XML is parsed without network access, without loading a DTD and without expanding
entities. Binds are joined to body controls by their absolute path; itext translations
are resolved for labels, hints and messages, preferring a Vietnamese translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

from eformlint.model import Condition, FormDocument, Message, Node, Option, OptionSource, Prefill, Text, TextVariant, Validation
from eformlint.readers.xml_source import XmlSourceMap, qualified

FORMAT = "xforms"
XF = "http://www.w3.org/2002/xforms"
XHTML = "http://www.w3.org/1999/xhtml"
JR = "http://openrosa.org/javarosa"
ODK = "http://www.opendatakit.org/xforms"
EFORMLINT_NS = "https://eformlint.invalid/ns"

CONTROL_TAGS = {"input", "select1", "select", "upload", "trigger", "range", "textarea", "secret", "rank", "output"}
GROUP_TAGS = {"group", "repeat"}
ITEXT_REF = re.compile(r"""^\s*jr:itext\(\s*['"](?P<id>[^'"]+)['"]\s*\)\s*$""")
_REGEX_CALL = re.compile(r"""regex\(\s*\.\s*,\s*(?P<q>['"])(?P<pattern>.*?)(?P=q)\s*\)""", re.DOTALL)
_PATH_REF = re.compile(r"(?<![\w:.)\]'\"])(/[A-Za-z_][\w.\-]*(?:/[A-Za-z_][\w.\-]*)+)")
_VIETNAMESE_LANG = re.compile(r"\bvi\b|vi[eệ]t", re.IGNORECASE)


def is_xform(root: etree._Element) -> bool:
    if root.tag != f"{{{XHTML}}}html":
        return False
    head = root.find(f"{{{XHTML}}}head")
    return head is not None and head.find(f"{{{XF}}}model") is not None


def safe_parser() -> etree.XMLParser:
    """Create an XML parser that never reaches the network, loads no DTD and expands no entity."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


@dataclass
class _Translations:
    languages: list[str] = field(default_factory=list)
    default: str | None = None
    preferred: str | None = None
    # lang -> text id -> form ("" for plain text) -> (value, pointer)
    texts: dict[str, dict[str, dict[str, tuple[str, str]]]] = field(default_factory=dict)

    def resolve(self, text_id: str, form: str = "") -> Text | None:
        variants = []
        for lang in self.languages:
            entry = self.texts.get(lang, {}).get(text_id, {}).get(form)
            if entry is not None:
                variants.append(TextVariant(lang, entry[0], entry[1]))
        if not variants:
            return None
        chosen = next((v for v in variants if v.lang == self.preferred), variants[0])
        return Text(chosen.value, chosen.pointer, variants)

    def missing(self, text_id: str) -> list[str]:
        """Languages that have no text for ``text_id``."""
        return [lang for lang in self.languages if text_id not in self.texts.get(lang, {})]


def read(path: str, text: str, root: etree._Element) -> list[FormDocument]:
    source_map = XmlSourceMap(text, root)
    head = root.find(f"{{{XHTML}}}head")
    model = head.find(f"{{{XF}}}model")
    translations = _read_itext(model, source_map)
    binds = {}
    for bind in model.iter(f"{{{XF}}}bind"):
        nodeset = bind.get("nodeset") or bind.get("ref")
        if nodeset:
            binds[nodeset.strip()] = bind
    title_el = head.find(f"{{{XHTML}}}title")
    title = None
    if title_el is not None and (title_el.text or "").strip():
        title = Text.single(title_el.text.strip(), source_map.path(title_el) + "/text()")
    instances = [el for el in model.iter(f"{{{XF}}}instance")]
    primary = next((el for el in instances[:1]), None)
    data_root = next((child for child in primary if isinstance(child.tag, str)), None) if primary is not None else None

    document = FormDocument(
        format=FORMAT,
        variant="odk" if root.nsmap.get("jr") == JR or JR in root.nsmap.values() else "w3c",
        path=path,
        text=text,
        source_map=source_map,
        title=title,
        languages=translations.languages,
        default_language=translations.default,
        metadata={
            "form_id": data_root.get("id") if data_root is not None else None,
            "version": data_root.get("version") if data_root is not None else None,
            "instances": {el.get("id"): el.get("src") for el in instances[1:] if el.get("id")},
            "binds": binds,
            "translations": translations,
            "setvalues": [(el.get("ref"), el.get("value"), el.get("event"), source_map.path(el)) for el in model.iter(f"{{{XF}}}setvalue")],
            "data_root": data_root,
        },
        raw=root,
    )
    reader = _BodyReader(source_map, binds, translations, data_root)
    body = root.find(f"{{{XHTML}}}body")
    if body is not None:
        document.children = list(reader.children(body, None, ""))
    document.metadata["used_binds"] = reader.used_binds
    return [document]


def _read_itext(model: etree._Element, source_map: XmlSourceMap) -> _Translations:
    result = _Translations()
    itext = model.find(f"{{{XF}}}itext")
    if itext is None:
        return result
    for translation in itext.iterfind(f"{{{XF}}}translation"):
        lang = translation.get("lang") or ""
        result.languages.append(lang)
        if translation.get("default") in ("true()", "true"):
            result.default = lang
        table = result.texts.setdefault(lang, {})
        for text_el in translation.iterfind(f"{{{XF}}}text"):
            text_id = text_el.get("id")
            if not text_id:
                continue
            forms = table.setdefault(text_id, {})
            for value in text_el.iterfind(f"{{{XF}}}value"):
                form = value.get("form") or ""
                forms[form] = (_inner_text(value), source_map.path(value) + "/text()")
    result.preferred = next((lang for lang in result.languages if _VIETNAMESE_LANG.search(lang)), None) or result.default or (
        result.languages[0] if result.languages else None
    )
    return result


def _inner_text(element: etree._Element) -> str:
    """Text of an element with ``<output value="…"/>`` kept as ``${…}`` so it stays visible."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag.endswith("}output"):
            parts.append("${" + (child.get("value") or "") + "}")
        elif isinstance(child.tag, str):
            parts.append(_inner_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


class _BodyReader:
    def __init__(self, source_map, binds, translations, data_root) -> None:
        self.source_map = source_map
        self.binds = binds
        self.translations = translations
        self.data_root = data_root
        self.used_binds: set[str] = set()

    def children(self, element, parent: Node | None, context: str) -> Iterator[Node]:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if local in GROUP_TAGS:
                yield self.group(child, parent, context)
            elif local in CONTROL_TAGS:
                yield self.control(child, local, parent, context)

    def _ref(self, element, context: str) -> str:
        ref = (element.get("ref") or element.get("nodeset") or "").strip()
        if ref and not ref.startswith("/") and context:
            ref = f"{context.rstrip('/')}/{ref}"
        return ref

    def group(self, element, parent, context) -> Node:
        ref = self._ref(element, context)
        pointer = self.source_map.path(element)
        node = Node(kind="container", type=etree.QName(element).localname, key=_last_step(ref), pointer=pointer,
                    data_path=ref, raw=element, parent=parent)
        node.label = self.text_of(element, "label")
        if ref in self.binds:
            self.apply_bind(node, self.binds[ref])
        node.children = list(self.children(element, node, ref or context))
        return node

    def control(self, element, local, parent, context) -> Node:
        ref = self._ref(element, context)
        pointer = self.source_map.path(element)
        kind = "static" if local in ("trigger", "output") else "field"
        node = Node(kind=kind, type=local, key=_last_step(ref), pointer=pointer, data_path=ref, raw=element, parent=parent)
        node.label = self.text_of(element, "label")
        node.description = self.text_of(element, "hint") or self.text_of(element, "help")
        if node.description is None:
            node.description = self._guidance(element)
        alert = self.text_of(element, "alert")
        if alert is not None:
            node.messages.append(Message("constraint", alert))
        if element.get("appearance"):
            node.annotations["appearance"] = element.get("appearance")
        self.read_options(node, element)
        bind = self.binds.get(ref)
        if bind is not None:
            self.used_binds.add(ref)
            self.apply_bind(node, bind)
        if node.data_type is None:
            node.data_type = "string" if local == "input" else local
        if local == "upload":
            node.data_type = "binary"
        self.read_default(node, ref)
        return node

    def _guidance(self, element) -> Text | None:
        label = element.find(f"{{{XF}}}label")
        if label is None:
            return None
        match = ITEXT_REF.match(label.get("ref") or "")
        return self.translations.resolve(match.group("id"), "guidance") if match else None

    def text_of(self, element, name: str) -> Text | None:
        child = element.find(f"{{{XF}}}{name}")
        if child is None:
            return None
        match = ITEXT_REF.match(child.get("ref") or "")
        if match:
            resolved = self.translations.resolve(match.group("id"))
            if resolved is not None:
                return resolved
            # An unresolved reference still names where the text should be.
            return Text("", self.source_map.path(child) + "/@ref", [])
        value = _inner_text(child)
        if not value:
            return None
        return Text.single(value, self.source_map.path(child) + "/text()")

    def attribute_text(self, bind, name: str) -> Text | None:
        value = bind.get(name)
        if value is None or not value.strip():
            return None
        pointer = f"{self.source_map.path(bind)}/@{qualified(name)}"
        match = ITEXT_REF.match(value)
        if match:
            resolved = self.translations.resolve(match.group("id"))
            return resolved if resolved is not None else Text("", pointer, [])
        return Text.single(value.strip(), pointer)

    def apply_bind(self, node: Node, bind) -> None:
        bpath = self.source_map.path(bind)
        node.annotations["bind"] = bpath
        for name, value in bind.attrib.items():
            if name.startswith(f"{{{EFORMLINT_NS}}}"):
                node.annotations["eformlint." + name.split("}", 1)[1]] = value
        bind_type = bind.get("type")
        if bind_type:
            node.data_type = bind_type.split(":", 1)[-1]
        required = (bind.get("required") or "").strip()
        if required and required not in ("false()", "false"):
            pointer = f"{bpath}/@required"
            if required in ("true()", "true"):
                node.required = True
                node.required_pointer = pointer
                node.validations.append(Validation("required", True, pointer))
            else:
                node.conditions.append(Condition("required", required, pointer, _path_refs(required)))
                node.validations.append(Validation("required", required, pointer, "xpath"))
        constraint = (bind.get("constraint") or "").strip()
        if constraint:
            cpointer = f"{bpath}/@constraint"
            node.validations.append(Validation("constraint", constraint, cpointer, "xpath"))
            for match in _REGEX_CALL.finditer(constraint):
                node.validations.append(Validation("pattern", match.group("pattern"), cpointer, "xpath-regex"))
        for attr, rule in ((f"{{{JR}}}requiredMsg", "required"), (f"{{{JR}}}constraintMsg", "constraint")):
            text = self.attribute_text(bind, attr)
            if text is not None:
                node.messages.append(Message(rule, text))
        readonly = (bind.get("readonly") or "").strip()
        if readonly in ("true()", "true"):
            node.read_only = True
            node.read_only_pointer = f"{bpath}/@readonly"
        elif readonly and readonly not in ("false()", "false"):
            node.conditions.append(Condition("readonly", readonly, f"{bpath}/@readonly", _path_refs(readonly)))
        relevant = (bind.get("relevant") or "").strip()
        if relevant:
            node.conditions.append(Condition("show", relevant, f"{bpath}/@relevant", _path_refs(relevant)))
        calculate = (bind.get("calculate") or "").strip()
        if calculate:
            node.prefills.append(Prefill("calculate", calculate, f"{bpath}/@calculate"))
            node.conditions.append(Condition("calculate", calculate, f"{bpath}/@calculate", _path_refs(calculate)))
        preload = bind.get(f"{{{JR}}}preload")
        if preload:
            params = bind.get(f"{{{JR}}}preloadParams") or ""
            node.prefills.append(Prefill("preload", f"{preload}:{params}", f"{bpath}/@jr:preload"))

    def read_options(self, node: Node, element) -> None:
        items = list(element.iterfind(f"{{{XF}}}item"))
        if items:
            options = []
            for item in items:
                value_el = item.find(f"{{{XF}}}value")
                value = (value_el.text or "").strip() if value_el is not None else None
                pointer = self.source_map.path(value_el) + "/text()" if value_el is not None else self.source_map.path(item)
                options.append(Option(self.text_of(item, "label"), value, pointer))
            node.options = OptionSource("inline", options, self.source_map.path(element))
            return
        itemset = element.find(f"{{{XF}}}itemset")
        if itemset is not None:
            nodeset = itemset.get("nodeset") or ""
            node.options = OptionSource("itemset", [], f"{self.source_map.path(itemset)}/@nodeset", nodeset)
            refs = _path_refs(nodeset)
            if refs:
                node.conditions.append(Condition("options", nodeset, f"{self.source_map.path(itemset)}/@nodeset", refs))

    def read_default(self, node: Node, ref: str) -> None:
        if self.data_root is None or not ref.startswith("/"):
            return
        steps = [step for step in ref.split("/") if step][1:]
        element = self.data_root
        for step in steps:
            element = next((c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == step), None)
            if element is None:
                return
        if len(element) == 0 and (element.text or "").strip():
            node.prefills.append(Prefill("default", element.text.strip(), self.source_map.path(element) + "/text()"))


def _last_step(ref: str) -> str | None:
    step = ref.rstrip("/").rsplit("/", 1)[-1] if ref else ""
    return step or None


def _path_refs(expression: str) -> list[str]:
    """Absolute instance paths named in an XPath expression, as written."""
    return sorted(set(_PATH_REF.findall(expression)))
