"""Build the benchmark corpus: mutated copies of real forms at several sizes.

The sources are the public corpus and the Vietnamese sample forms (``shared/corpus`` and
``shared/vn-forms``). Each copy renames keys, rewords some labels, flips some
``required`` flags and drops some messages, so no two files are equal and rules find a
realistic mix of problems. Two sets are written:

- ``mixed/``: copies of every Form.io, SurveyJS and XForms source at its own size, half
  pretty-printed and half minified on one line;
- ``scale/``: one Vietnamese Form.io form grown by repeating its components (with fresh
  keys) to about 50 KB, 500 KB, 5 MB and 10 MB, all minified on one line, to compare
  the cost per byte across sizes;
- ``distinct/``: the 10 MB form with a number added to every text, so that no two texts
  are equal. The grown form repeats its labels and option lists, which lets equal strings
  share memory; this copy measures the case where nothing repeats.

The output is deterministic for a given seed.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

from lxml import etree

SCALE_SIZES = {"50k": 50_000, "500k": 500_000, "5m": 5_000_000, "10m": 10_000_000}
_LABEL_WORDS = ("Họ và tên", "Số điện thoại", "Địa chỉ thường trú", "Ngày sinh", "Số định danh cá nhân",
                "Email", "Nơi cấp", "Ghi chú", "Lý do", "Quốc tịch")


def sources(shared: Path) -> list[Path]:
    """List the source forms: Form.io and SurveyJS JSON, and XForms XML."""
    found = []
    for folder in ("corpus/formio", "corpus/surveyjs", "corpus/xform", "vn-forms"):
        for path in sorted((shared / folder).iterdir()):
            if path.suffix in (".json", ".xml"):
                found.append(path)
    return found


def mutate_json(value: Any, rng: random.Random, suffix: str) -> Any:
    """Rename keys and names, reword labels, flip required flags and drop messages."""
    value = copy.deepcopy(value)
    for item in _objects(value):
        for name in ("key", "name"):
            if isinstance(item.get(name), str) and rng.random() < 0.5:
                item[name] = f"{item[name]}{suffix}"
        for name in ("label", "title"):
            if isinstance(item.get(name), str) and rng.random() < 0.2:
                item[name] = rng.choice(_LABEL_WORDS) if rng.random() < 0.8 else ""
        validate = item.get("validate")
        if isinstance(validate, dict):
            if rng.random() < 0.2:
                validate["required"] = not validate.get("required", False)
            if rng.random() < 0.2:
                validate.pop("customMessage", None)
        if isinstance(item.get("isRequired"), bool) and rng.random() < 0.2:
            item["isRequired"] = not item["isRequired"]
    return value


def _objects(value: Any):
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def mutate_xml(data: bytes, rng: random.Random, suffix: str) -> bytes:
    """Reword some labels and flip some ``required`` binds of an XForms document."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local == "label" and element.text and element.text.strip() and rng.random() < 0.2:
            element.text = f"{rng.choice(_LABEL_WORDS)} {suffix}"
        if local == "bind" and rng.random() < 0.2:
            element.set("required", "false()" if element.get("required") == "true()" else "true()")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def dump(value: Any, minified: bool) -> bytes:
    if minified:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


def grow_formio(form: dict, target: int) -> dict:
    """Repeat the form's components in panels, with fresh keys, until it is about ``target`` bytes."""
    grown = copy.deepcopy(form)
    base = form["components"]
    unit = len(dump(base, minified=True))
    copies = max(target // max(unit, 1), 1)
    components = []
    for index in range(copies):
        panel_components = copy.deepcopy(base)
        for item in _objects(panel_components):
            if isinstance(item.get("key"), str):
                item["key"] = f"{item['key']}_{index}"
        components.append({"type": "panel", "key": f"phan{index}", "title": f"Phần {index + 1}", "input": False,
                           "components": panel_components})
    grown["components"] = components
    return grown


def build(shared: Path, out: Path, copies: int = 3, seed: int = 7) -> dict[str, list[Path]]:
    """Write the corpus under ``out`` and return the files of each set."""
    rng = random.Random(seed)
    sets: dict[str, list[Path]] = {"mixed": [], "scale": [], "distinct": []}
    mixed = out / "mixed"
    mixed.mkdir(parents=True, exist_ok=True)
    for source in sources(shared):
        data = source.read_bytes()
        stem = re.sub(r"[^\w.-]+", "_", source.stem)[-60:]
        for index in range(copies):
            suffix = f"_{index}"
            if source.suffix == ".xml":
                target = mixed / f"{stem}{suffix}.xml"
                target.write_bytes(mutate_xml(data, rng, suffix))
            else:
                target = mixed / f"{stem}{suffix}.json"
                target.write_bytes(dump(mutate_json(json.loads(data), rng, suffix), minified=index % 2 == 1))
            sets["mixed"].append(target)
    scale = out / "scale"
    scale.mkdir(parents=True, exist_ok=True)
    base = json.loads((shared / "vn-forms" / "ct01-thay-doi-cu-tru.formio.json").read_bytes())
    for name, size in SCALE_SIZES.items():
        target = scale / f"ct01-{name}.json"
        grown = mutate_json(grow_formio(base, size), rng, "_s")
        target.write_bytes(dump(grown, minified=True))
        sets["scale"].append(target)
    distinct = out / "distinct"
    distinct.mkdir(parents=True, exist_ok=True)
    target = distinct / "ct01-10m-distinct.json"
    target.write_bytes(dump(number_texts(grown), minified=True))
    sets["distinct"].append(target)
    return sets


_TEXT_PROPERTIES = {"label", "title", "placeholder", "description", "tooltip", "content", "value", "customMessage", "html"}


def number_texts(form: Any) -> Any:
    """Return a copy of ``form`` with a running number added to every non-empty text."""
    result = copy.deepcopy(form)
    count = 0
    for item in _objects(result):
        for name, value in item.items():
            if name in _TEXT_PROPERTIES and isinstance(value, str) and value:
                count += 1
                item[name] = f"{value} {count}"
    return result
