"""The AUTO, VAL and FMT rules survive properties of the wrong JSON type without a traceback."""

from __future__ import annotations

import itertools
import json

import pytest

from support import lint_string

WRONG_VALUES = [None, 1, "x", [1, "a"], {"a": 1}, True]
PROPERTIES = ["validate", "logic", "data", "fields", "widget", "values", "inputMasks", "filePattern", "fileMaxSize",
              "format", "enableTime", "dayFirst", "datePicker", "properties", "defaultValue", "calculateValue",
              "customDefaultValue", "conditional", "refreshOn", "filter", "inputMask", "disabled", "autocomplete"]
FIELDS = [
    ("textfield", "SoDinhDanh", "Số định danh cá nhân"), ("select", "MaTinhThanh", "Tỉnh/Thành phố"),
    ("day", "NgayThangNamSinh", "Ngày sinh"), ("datetime", "NgaySinh", "Ngày sinh"),
    ("file", "TepCCCD", "Bản sao căn cước"), ("select", "DanToc", "Dân tộc"), ("phoneNumber", "SoDienThoai", "Số điện thoại"),
]


@pytest.mark.parametrize(("ctype", "key", "label"), FIELDS)
def test_wrong_property_types_do_not_crash(ctype: str, key: str, label: str) -> None:
    for prop, value in itertools.product(PROPERTIES, WRONG_VALUES):
        component = {"type": ctype, "key": key, "label": label, "input": True, prop: value}
        form = {"title": "Tờ khai", "components": [
            {"type": "container", "key": "ThuongTru", "label": "Nơi thường trú", "input": True, "components": [component]}]}
        report = lint_string(json.dumps(form, ensure_ascii=False), "AUTO", "VAL", "FMT")
        assert all(finding.code.split("-")[0] in ("AUTO", "VAL", "FMT") for finding in report.findings), (prop, value)
