"""Interface rules that need settings or several files: template order, drift between files."""

from __future__ import annotations

import json
from pathlib import Path

from support import REPO
from eformlint.api import lint_paths, lint_text
from eformlint.config import Config, LoadedConfig


def _form(keys: list[str]) -> str:
    components = [{"type": "textfield", "key": key, "label": label, "input": True} for key, label in keys]
    panel = {"type": "panel", "key": "thongTin", "title": "Thông tin người khai", "input": False, "components": components}
    return json.dumps({"display": "form", "title": "Tờ khai CT01", "properties": {"maSoBieuMau": "CT01"},
                       "components": [panel]}, ensure_ascii=False, indent=2)


def _config(**rules) -> LoadedConfig:
    return LoadedConfig(Config.model_validate({"rules": rules}), None, REPO)


ORDER = {"UI-005": {"options": {"reference-order": {"CT01": ["HoVaTen", "NgaySinh", "NgheNghiep"]}}}}


def test_template_order_reports_first_misplaced_field() -> None:
    text = _form([("HoVaTen", "Họ, chữ đệm và tên"), ("NgheNghiep", "Nghề nghiệp"), ("NgaySinh", "Ngày sinh")])
    report = lint_text(text, "ct01.json", _config(**ORDER), select=["UI-005"])
    found = [(f.message_id, f.location.pointer, f.params.get("after")) for f in report.findings]
    assert found == [("out_of_template_order", "/components/0/components/2/key", "NgheNghiep")]


def test_template_order_silent_when_in_order() -> None:
    text = _form([("HoVaTen", "Họ, chữ đệm và tên"), ("GhiChu", "Ghi chú"), ("NgheNghiep", "Nghề nghiệp")])
    report = lint_text(text, "ct01.json", _config(**ORDER), select=["UI-005"])
    assert report.findings == []


def test_template_order_needs_configuration() -> None:
    text = _form([("NgheNghiep", "Nghề nghiệp"), ("HoVaTen", "Họ, chữ đệm và tên")])
    report = lint_text(text, "ct01.json", _config(), select=["UI-005"])
    assert report.findings == []
