"""The inventory of option lists that follow a national catalogue."""

from __future__ import annotations

import io
import json
from pathlib import Path

from support import default_config
from eformlint.api import lint_paths
from eformlint.reporters import get_writer

CT01 = "vn-forms/ct01-thay-doi-cu-tru.formio.json"


def _inventory(report) -> dict[str, tuple[str, int, int]]:
    (file,) = report.files
    return {path: (ident, matched, total) for path, _label, ident, matched, total in file.inventory}


def test_province_lists_are_identified(shared: Path) -> None:
    report = lint_paths([str(shared / CT01)], default_config(shared.parent), cache=False)
    inventory = _inventory(report)
    assert inventory["ThuongTru.MaTinhThanh"] == ("provinces-2025", 34, 34)
    assert inventory["NoiDangKy.MaTinhThanh"] == ("provinces-63", 63, 63)


def test_inventory_in_json_and_html(shared: Path) -> None:
    report = lint_paths([str(shared / CT01)], default_config(shared.parent), cache=False)
    stream = io.StringIO()
    get_writer("json")(report, stream, "vi")
    (file,) = json.loads(stream.getvalue())["files"]
    assert {"path": "ThuongTru.MaTinhThanh", "label": "Tỉnh, thành phố", "catalogue": "provinces-2025",
            "matched": 34, "options": 34} in file["inventory"]
    html = io.StringIO()
    get_writer("html")(report, html, "en")
    assert 'id="inventory"' in html.getvalue()
    assert "63 provinces before 01/07/2025" in html.getvalue()


def test_inventory_survives_the_cache(shared: Path, tmp_path: Path) -> None:
    form = tmp_path / "ct01.json"
    form.write_bytes((shared / CT01).read_bytes())
    loaded = default_config(tmp_path)
    cold = lint_paths([str(form)], loaded, cache=True)
    warm = lint_paths([str(form)], loaded, cache=True)
    assert warm.cached == 1
    assert warm.files[0].inventory == cold.files[0].inventory
    assert cold.files[0].inventory


def test_short_or_foreign_lists_are_not_listed(shared: Path) -> None:
    report = lint_paths([str(shared / "corpus" / "formio")], default_config(shared.parent), cache=False)
    assert all(ident == "iso-3166-1" for file in report.files for _p, _l, ident, _m, _t in file.inventory)
