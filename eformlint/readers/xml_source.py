"""Exact positions for XML elements, attributes and text.

lxml reports only the line of a start tag. This module scans the raw text once for
markup, pairs the n-th start tag with the n-th element of the parsed tree (both are in
document order), and records the offsets of each start tag, each attribute value and the
text that follows the start tag. Definition paths are XPaths with the conventional
prefixes (``h:`` for XHTML, ``jr:``, ``odk:``, ``orx:``) and no prefix for the XForms
namespace, each step indexed among same-named siblings: ``/h:html/h:head/model/bind[3]/@constraint``.
"""

from __future__ import annotations

import re

from lxml import etree

from eformlint.source import Span

NAMESPACE_PREFIXES = {
    "http://www.w3.org/1999/xhtml": "h",
    "http://openrosa.org/javarosa": "jr",
    "http://www.opendatakit.org/xforms": "odk",
    "http://openrosa.org/xforms": "orx",
    "http://www.w3.org/2001/xml-events": "ev",
    "http://www.w3.org/2001/XMLSchema": "xsd",
    "http://www.w3.org/2002/xforms": "",
}

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|</[^>]*>|<(?P<name>[^\s/>!?][^\s/>]*)(?P<attrs>[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"(?P<name>[^\s=/>]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')")


def qualified(name: str) -> str:
    """Turn a Clark name (``{ns}local``) into the conventional ``prefix:local`` form."""
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        prefix = NAMESPACE_PREFIXES.get(namespace)
        if prefix is None:
            return local
        return f"{prefix}:{local}" if prefix else local
    return name


class XmlSourceMap:
    """Spans of the elements, attributes and texts of one parsed XML document."""

    def __init__(self, text: str, root: etree._Element) -> None:
        self._spans: dict[str, Span] = {}
        self.paths: dict[etree._Element, str] = {}
        elements = [el for el in root.iter() if isinstance(el.tag, str)]
        tags = [m for m in _MARKUP.finditer(text) if m.group("name")]
        sibling_counts: dict[tuple[int, str], int] = {}
        for element, tag in zip(elements, tags):
            path = self._path(element, sibling_counts)
            self.paths[element] = path
            self._spans[path] = Span(tag.start(), tag.end())
            attrs_start = tag.start("attrs")
            nsmap = element.nsmap
            for attr in _ATTRIBUTE.finditer(tag.group("attrs")):
                name = attr.group("name")
                if name.startswith("xmlns"):
                    continue
                clark = _clark(name, nsmap)
                group = "dq" if attr.group("dq") is not None else "sq"
                self._spans[f"{path}/@{qualified(clark)}"] = Span(
                    attrs_start + attr.start(group), attrs_start + attr.end(group)
                )
            if not tag.group(0).endswith("/>"):
                end = text.find("<", tag.end())
                self._spans[f"{path}/text()"] = Span(tag.end(), end if end >= 0 else len(text))

    def _path(self, element: etree._Element, sibling_counts: dict[tuple[int, str], int]) -> str:
        parent = element.getparent()
        name = qualified(element.tag)
        if parent is None:
            return "/" + name
        counter = (id(parent), element.tag)
        index = sibling_counts.get(counter, 0) + 1
        sibling_counts[counter] = index
        return f"{self.paths[parent]}/{name}[{index}]"

    def path(self, element: etree._Element) -> str:
        return self.paths.get(element, "")

    def span(self, pointer: str) -> Span | None:
        return self._spans.get(pointer)

    def key_span(self, pointer: str) -> Span | None:
        return None


def _clark(name: str, nsmap: dict) -> str:
    if ":" in name:
        prefix, local = name.split(":", 1)
        namespace = nsmap.get(prefix)
        return f"{{{namespace}}}{local}" if namespace else name
    return name
