"""SurveyJS and AlpacaJS readers: model mapping, locale texts and exact positions."""

from __future__ import annotations

import json

from eformlint.engine import locate
from eformlint.readers import read_bytes


def _read(text: str, name: str):
    result = read_bytes(text.encode("utf-8"), name)
    assert result.problems == [], result.problems
    (document,) = result.documents
    return document


def _fields(document) -> dict:
    return {node.data_path: node for node in document.fields()}


SURVEY = {
    "title": {"default": "Unemployment benefit", "vi": "Đề nghị hưởng trợ cấp thất nghiệp"},
    "locale": "vi",
    "checkErrorsMode": "onValueChanged",
    "showPreviewBeforeComplete": "showAnsweredQuestions",
    "requiredText": "*",
    "pages": [{
        "name": "p1",
        "title": "Thông tin",
        "elements": [
            {"type": "text", "name": "hoTen", "title": {"default": "Full name", "vi": "Họ và tên"},
             "isRequired": True, "requiredErrorText": {"vi": "Vui lòng nhập họ và tên."},
             "valueName": "HoVaTen", "readOnly": True, "titleLocation": "hidden"},
            {"type": "text", "name": "soDienThoai", "title": "Số điện thoại", "inputType": "tel",
             "placeholder": "0912345678", "description": "Gồm 10 chữ số.",
             "validators": [{"type": "regex", "regex": "^0[0-9]{9}$", "text": "Số điện thoại gồm 10 chữ số."},
                            {"type": "numeric", "minValue": 1, "maxValue": 9}]},
            {"type": "dropdown", "name": "tinh", "title": "Tỉnh", "choicesByUrl": {"url": "/api/tinh"},
             "visibleIf": "{soDienThoai} notempty and {hoTen} = 'A'", "defaultValueExpression": "{tinhMacDinh}"},
            {"type": "radiogroup", "name": "gioiTinh", "title": "Giới tính",
             "choices": ["Nam", {"value": "2", "text": {"default": "Female", "vi": "Nữ"}}]},
            {"type": "paneldynamic", "name": "thanhVien", "title": "Thành viên",
             "templateElements": [{"type": "text", "name": "ten", "title": "Tên", "enableIf": "{panel.tuoi} > 1"}]},
            {"type": "matrixdynamic", "name": "bang", "title": "Bảng",
             "columns": [{"name": "cot", "title": "Cột", "cellType": "text"}]},
            {"type": "html", "name": "gioiThieu", "html": "<p>Giới thiệu</p>"},
        ],
    }],
}


def test_surveyjs_survey_settings_in_metadata() -> None:
    document = _read(json.dumps(SURVEY, ensure_ascii=False), "survey.json")
    assert document.format == "surveyjs"
    assert document.title.value == "Đề nghị hưởng trợ cấp thất nghiệp"
    assert document.metadata["locale"] == "vi"
    assert document.metadata["checkErrorsMode"] == "onValueChanged"
    assert document.metadata["showPreviewBeforeComplete"] == "showAnsweredQuestions"
    assert document.metadata["requiredText"] == "*"


def test_surveyjs_locale_text_prefers_vietnamese() -> None:
    document = _read(json.dumps(SURVEY, ensure_ascii=False), "survey.json")
    name = _fields(document)["HoVaTen"]
    assert name.label.value == "Họ và tên"
    assert name.label.pointer == "/pages/0/elements/0/title/vi"
    assert [(v.lang, v.pointer) for v in name.label.variants] == [
        (None, "/pages/0/elements/0/title/default"), ("vi", "/pages/0/elements/0/title/vi")]
    assert name.label_hidden
    assert name.read_only
    assert name.key == "hoTen"
    assert name.message_for("required").text.value == "Vui lòng nhập họ và tên."
    assert [v.kind for v in name.validations] == ["required"]


def test_surveyjs_validators_and_options() -> None:
    document = _read(json.dumps(SURVEY, ensure_ascii=False), "survey.json")
    fields = _fields(document)
    phone = fields["soDienThoai"]
    pattern = phone.validation("pattern")
    assert (pattern.value, pattern.dialect, pattern.pointer) == (
        "^0[0-9]{9}$", "js-regex-search", "/pages/0/elements/1/validators/0/regex")
    assert phone.message_for("pattern").text.value == "Số điện thoại gồm 10 chữ số."
    assert [v.kind for v in phone.validations] == ["pattern", "min", "max"]
    assert phone.data_type == "tel"
    assert phone.placeholder.value == "0912345678"
    province = fields["tinh"]
    assert (province.options.kind, province.options.reference) == ("url", "/api/tinh")
    visibility = [c for c in province.conditions if c.kind == "show"]
    assert [c.references for c in visibility] == [["hoTen", "soDienThoai"]]
    assert [p.kind for p in province.prefills] == ["calculate"]
    gender = fields["gioiTinh"]
    assert [o.value for o in gender.options.options] == ["Nam", "2"]
    assert gender.options.options[1].label.value == "Nữ"


def test_surveyjs_dynamic_panels_and_matrices() -> None:
    document = _read(json.dumps(SURVEY, ensure_ascii=False), "survey.json")
    fields = _fields(document)
    assert fields["thanhVien[].ten"].conditions[0].references == ["tuoi"]
    assert fields["bang[].cot"].type == "text"
    static = [node for node in document.walk() if node.kind == "static"]
    assert [node.content.value for node in static] == ["<p>Giới thiệu</p>"]


def test_surveyjs_single_page_elements() -> None:
    document = _read(json.dumps({"elements": [{"type": "text", "name": "a"}]}), "s.json")
    assert document.variant == "elements"
    assert list(_fields(document)) == ["a"]


ALPACA = """// formScript
var formScript = {
    'schema': {
        type: 'object',
        properties: {
            /* 😀 ngoài BMP trước vị trí */
            ten: {type: 'string', title: 'Tên 😀', required: true, maxLength: 100,},
            loai: {type: 'string', enum: ['1', '2'], dependencies: 'ten'},
            ds_xe: {type: 'array', items: {type: 'object', properties: {
                bien_so: {type: 'string', title: 'Biển số', pattern: '^[0-9]{2}[A-Z]'},
            }}},
        },
    },
    options: {
        fields: {
            ten: {label: 'Tên doanh nghiệp', helper: 'Ghi đúng tên.'},
            loai: {type: 'select', optionLabels: ['Một', 'Hai'], datasource: function (callback) { callback([]); }},
            ds_xe: {type: 'table', items: {fields: {bien_so: {helpers: ['Ví dụ 30A12345']}}}},
        },
    },
    postRender: function (control) {},
};
"""


def test_alpaca_joins_schema_and_options() -> None:
    document = _read(ALPACA, "form.js")
    assert (document.format, document.variant) == ("alpaca", "assignment")
    fields = _fields(document)
    assert list(fields) == ["ten", "loai", "ds_xe[].bien_so"]
    name = fields["ten"]
    assert name.label.value == "Tên doanh nghiệp"
    assert name.label.pointer == "/options/fields/ten/label"
    assert name.description.value == "Ghi đúng tên."
    assert name.required and name.required_pointer == "/schema/properties/ten/required"
    assert [v.kind for v in name.validations] == ["required", "maxLength"]
    kind = fields["loai"]
    assert [(o.value, o.label.value) for o in kind.options.options] == [("1", "Một"), ("2", "Hai")]
    assert kind.conditions[0].references == ["ten"]
    plate = fields["ds_xe[].bien_so"]
    assert plate.description.value == "Ví dụ 30A12345"
    assert plate.validation("pattern").dialect == "js-regex-search"


def test_alpaca_datasource_function_is_opaque_code() -> None:
    text = ALPACA.replace("enum: ['1', '2'], ", "")
    document = _read(text, "form.js")
    source = _fields(document)["loai"].options
    assert source.kind == "custom"
    assert source.reference == "function (callback) { callback([]); }"
    location = locate(document, source.pointer)
    assert text[location.offset:location.offset + location.length] == source.reference


def test_alpaca_positions_count_code_points() -> None:
    document = _read(ALPACA, "form.js")
    pointer = "/schema/properties/ten/required"
    location = locate(document, pointer)
    assert ALPACA[location.offset:location.offset + location.length] == "true"
    line = ALPACA.splitlines()[location.line - 1]
    assert line[location.column - 1:].startswith("true, maxLength")
    title = locate(document, "/schema/properties/ten/title")
    assert ALPACA[title.offset:title.offset + title.length] == "'Tên 😀'"


def test_alpaca_strict_json_and_bare_literal() -> None:
    strict = json.dumps({"schema": {"properties": {"a": {"type": "string"}}}, "options": {"fields": {}}})
    assert read_bytes(strict.encode(), "f.json").variant == "json"
    bare = "{schema: {properties: {a: {type: 'string'}}}, options: {fields: {}},};"
    result = read_bytes(bare.encode(), "f.txt")
    assert (result.format, result.variant, result.problems) == ("alpaca", "literal", [])


def test_alpaca_syntax_error_position() -> None:
    text = "{schema: {properties: {a: {type: 'string'}}}, options: {fields: {a: @}}}"
    result = read_bytes(text.encode(), "f.js")
    assert [(p.code, p.message_id) for p in result.problems] == [("INP-002", "js_syntax")]
    assert result.problems[0].offset == text.index("@")


def test_json_error_kept_when_not_javascript() -> None:
    text = '{"components": [{"key": "a",}]}'
    result = read_bytes(text.encode(), "f.json")
    assert [(p.code, p.message_id) for p in result.problems] == [("INP-002", "json_expected_key")]


def test_xforms_constraint_message_without_constraint() -> None:
    from support import FIXTURES, lint_string

    xml = (FIXTURES / "DEF-008" / "good.xform.xml").read_text(encoding="utf-8").replace(
        'jr:requiredMsg="Vui lòng nhập nghề nghiệp."',
        'jr:requiredMsg="Vui lòng nhập nghề nghiệp." jr:constraintMsg="Nghề nghiệp không hợp lệ."')
    report = lint_string(xml, "DEF-008", filename="form.xml")
    assert [(f.message_id, f.location.pointer) for f in report.findings] == [
        ("message_without_rule", "/h:html/h:head[1]/model[1]/bind[1]/@jr:constraintMsg")]
    assert report.findings[0].params["rule"] == "constraint"
