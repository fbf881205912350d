"""Readers: Form.io shapes and nesting, XForms binds and itext, format detection."""

from __future__ import annotations

import json

from support import FIXTURES, lint_string
from eformlint.engine import locate
from eformlint.readers import read_bytes
from eformlint.model import Option


def _document(data, name="form.json"):
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    result = read_bytes(raw, name)
    assert not result.problems, result.problems
    return result.documents


def _field(key, **extra):
    return {"type": "textfield", "key": key, "label": key, "input": True, **extra}


def test_formio_layouts_are_walked_and_data_paths_joined() -> None:
    form = {"components": [
        {"type": "panel", "key": "p", "title": "Thông tin", "components": [
            {"type": "columns", "key": "c", "columns": [{"components": [_field("A")]}, {"components": [_field("B")]}]},
            {"type": "table", "key": "t", "rows": [[{"components": [_field("C")]}]]},
            {"type": "tabs", "key": "tabs", "components": [{"key": "tab1", "label": "Tab", "components": [_field("D")]}]},
            {"type": "container", "key": "ThuongTru", "components": [_field("MaTinhThanh")]},
            {"type": "datagrid", "key": "ThanhVien", "components": [_field("HoVaTen")]},
            {"type": "well", "key": "w", "components": [{"type": "fieldset", "key": "f", "legend": "Nhóm", "components": [_field("E")]}]},
        ]},
    ]}
    (document,) = _document(form)
    fields = {node.key: node.data_path for node in document.fields()}
    assert fields == {"A": "A", "B": "B", "C": "C", "D": "D", "MaTinhThanh": "ThuongTru.MaTinhThanh",
                      "HoVaTen": "ThanhVien[].HoVaTen", "E": "E"}


def test_formio_shapes() -> None:
    component = _field("HoVaTen")
    assert read_bytes(json.dumps({"form": {"components": [component]}, "submission": {}}).encode(), "a.json").variant == "wrapped"
    assert read_bytes(json.dumps([component]).encode(), "a.json").variant == "components"
    assert read_bytes(json.dumps(component).encode(), "a.json").variant == "component"
    assert read_bytes(json.dumps({"display": "wizard", "components": []}).encode(), "a.json").variant == "wizard"
    project = {"forms": {"a": {"components": [component]}, "b": {"components": [component]}}, "resources": {}}
    assert len(read_bytes(json.dumps(project).encode(), "a.json").documents) == 2


def test_unknown_component_type_is_kept_as_field() -> None:
    (document,) = _document({"components": [{"type": "fnrfield", "key": "fnr", "label": "Fødselsnummer", "input": True}]})
    (node,) = list(document.fields())
    assert node.key == "fnr"
    assert not node.builtin


def test_formio_messages_and_validations() -> None:
    (document,) = _document({"components": [_field(
        "SoDinhDanh", validate={"required": True, "pattern": "[0-9]{12}", "customMessage": "Sai"},
        errors={"pattern": "Gồm 12 chữ số"}, inputMask="999999999999")]})
    (node,) = list(document.fields())
    assert [v.kind for v in node.validations] == ["required", "pattern", "mask"]
    assert node.message_for("pattern").text.value == "Gồm 12 chữ số"
    assert node.message_for("required").text.value == "Sai"


def test_xforms_binds_itext_and_vietnamese_preference() -> None:
    (document,) = _document((FIXTURES / "DEF-007" / "good.xform.xml").read_bytes(), "f.xml")
    labels = {node.key: node.label.value for node in document.fields()}
    assert labels == {"nghe_nghiep": "Nghề nghiệp", "noi_lam_viec": "Nơi làm việc"}
    node = next(document.fields())
    assert {variant.lang for variant in node.label.variants} == {"Tiếng Việt (vi)", "English (en)"}


def test_xforms_attribute_position_on_multiline_bind() -> None:
    text = (FIXTURES / "ERR-001.1" / "good.xform.xml").read_text(encoding="utf-8")
    (document,) = _document(text.encode("utf-8"), "f.xml")
    so_con = [node for node in document.fields() if node.key == "so_con"][0]
    message = so_con.message_for("constraint")
    location = locate(document, message.text.pointer)
    line = text.splitlines()[location.line - 1]
    assert line[location.column - 1:].startswith("Số con phải từ 0 đến 20.")


def test_xml_external_entities_are_not_expanded(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE h:html [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
           '<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">'
           '<h:head><h:title>&x;</h:title><model/></h:head><h:body/></h:html>')
    report = lint_string(xml, filename="xxe.xml")
    assert [f.code for f in report.findings] == ["INP-004"]
    assert "TOP-SECRET" not in json.dumps([f.params for f in report.findings])


def test_detection_by_content_not_extension() -> None:
    form = json.dumps({"components": [_field("HoVaTen")]}).encode()
    assert read_bytes(form, "export.txt").format == "formio"
    surveyjs = json.dumps({"pages": [{"elements": [{"type": "text", "name": "q"}]}]}).encode()
    result = read_bytes(surveyjs, "survey.json")
    assert result.format == "surveyjs"
    assert not result.problems


def test_model_shares_empty_values_and_derives_option_paths():
    form = {"components": [
        {"type": "select", "key": "tinh", "label": "Tỉnh", "input": True,
         "data": {"values": [{"label": "Hà Nội", "value": "01"}, {"label": "Huế", "value": "46"}]}},
        {"type": "textfield", "key": "ten", "label": "Tên", "input": True},
    ]}
    document = read_bytes(json.dumps(form, ensure_ascii=False).encode(), "a.json").documents[0]
    first, second = list(document.fields())
    assert first.prefills == ()
    assert first.prefills is second.prefills
    assert not first.annotations
    options = first.options.options
    assert [option.pointer for option in options] == ["/components/0/data/values/0", "/components/0/data/values/1"]
    assert [option.label.pointer for option in options] == [f"/components/0/data/values/{i}/label" for i in (0, 1)]
    assert [variant.value for variant in options[1].label.variants] == ["Huế"]
    assert Option(None, "01", "/x/0").pointer == "/x/0"
