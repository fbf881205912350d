"""``eformlint check --fix`` and ``--diff``: only the repaired strings change, byte for byte."""

from __future__ import annotations

import io
import json
import re
import shutil
import stat
from pathlib import Path

import pytest

from support import FIXTURES, default_config
from eformlint.api import lint_paths
from eformlint.cli import run_check
from eformlint.fix import plan_fixes, repair_legacy, tidy_whitespace
from eformlint.vietnamese.legacy import decode_mojibake, decode_tcvn3, decode_vni, is_vietnamese_syllable
from eformlint.vietnamese.text import nfc

# A JSON string token; replacing every one of them leaves the layout: braces, commas, spaces.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
TEXT_RULES = ["UI-010.1", "UI-010.2", "UI-010.5"]


def _fix(folder: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check([str(folder)], select=TEXT_RULES, fix=True, exit_zero=True, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [key, *_strings(item)]]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _repaired(value: str) -> str:
    return tidy_whitespace(nfc(repair_legacy(value)))


def _assert_only_strings_changed(before: str, after: str) -> int:
    """Check that two JSON texts have the same layout and that each changed string is the
    repair of the original one. Return the number of changed strings."""
    assert _JSON_STRING.sub('""', before) == _JSON_STRING.sub('""', after)
    old_strings, new_strings = _strings(json.loads(before)), _strings(json.loads(after))
    assert len(old_strings) == len(new_strings)
    changed = 0
    for old, new in zip(old_strings, new_strings):
        if old != new:
            changed += 1
            assert new == _repaired(old), (old, new)
    return changed


@pytest.mark.parametrize("name", ["pretty.formio.json", "oneline.formio.json"])
def test_fix_changes_only_bad_strings(tmp_path: Path, name: str) -> None:
    source = FIXTURES / "fix" / name
    target = tmp_path / name
    shutil.copy(source, target)
    target.chmod(0o640)
    code, _, err = _fix(tmp_path)
    after = target.read_text(encoding="utf-8")
    assert code == 0
    assert _assert_only_strings_changed(source.read_text(encoding="utf-8"), after) == 4
    assert "Hạng giấy phép lái xe" in after
    assert "Dân tộc" in after
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "4" in err


def test_fix_twice_changes_nothing(tmp_path: Path) -> None:
    for name in ("pretty.formio.json", "oneline.formio.json"):
        shutil.copy(FIXTURES / "fix" / name, tmp_path / name)
    _fix(tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    _fix(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first
    report = lint_paths([str(tmp_path)], default_config(tmp_path), select=TEXT_RULES)
    assert [f for f in report.findings if f.fixable] == []


def test_diff_previews_without_writing(tmp_path: Path) -> None:
    target = tmp_path / "pretty.formio.json"
    shutil.copy(FIXTURES / "fix" / "pretty.formio.json", target)
    before = target.read_bytes()
    out = io.StringIO()
    code = run_check([str(tmp_path)], select=TEXT_RULES, diff=True, stdout=out, stderr=io.StringIO())
    assert code == 1
    assert target.read_bytes() == before
    assert '-      "label": "D©n téc",' in out.getvalue()
    assert '+      "label": "Dân tộc",' in out.getvalue()


def test_fix_keeps_bom_and_crlf(tmp_path: Path) -> None:
    text = '{\r\n  "components": [\r\n    {"type": "textfield", "key": "HoTen", "label": "Hä vµ tªn  "}\r\n  ]\r\n}\r\n'
    target = tmp_path / "form.json"
    target.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    _fix(tmp_path)
    expected = text.replace("Hä vµ tªn  ", "Họ và tên")
    assert target.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_fix_keeps_unicode_escapes(tmp_path: Path) -> None:
    target = tmp_path / "form.json"
    target.write_text('{"components": [{"type": "textfield", "key": "a", "label": "Ho\\u0323 te\\u0302n"}]}', encoding="utf-8")
    _fix(tmp_path)
    assert target.read_text(encoding="utf-8") == '{"components": [{"type": "textfield", "key": "a", "label": "H\\u1ecd t\\u00ean"}]}'


def test_fix_on_vn_forms_copies(tmp_path: Path, shared: Path) -> None:
    copies = tmp_path / "vn-forms"
    shutil.copytree(shared / "vn-forms", copies)
    _, _, err = _fix(copies)
    assert "Đã sửa" in err
    total = 0
    for path in sorted(copies.glob("*.json")):
        total += _assert_only_strings_changed((shared / "vn-forms" / path.name).read_text(encoding="utf-8"),
                                              path.read_text(encoding="utf-8"))
    assert total == 9
    xml_before = (shared / "vn-forms" / "dang-ky-ket-hon.xform.xml").read_text(encoding="utf-8").splitlines()
    xml_after = (copies / "dang-ky-ket-hon.xform.xml").read_text(encoding="utf-8").splitlines()
    assert len(xml_before) == len(xml_after)
    changed = [(old, new) for old, new in zip(xml_before, xml_after) if old != new]
    assert changed
    for old, new in changed:
        # Only the character data between the tags changes.
        assert new == re.sub(r">([^<]*)<", lambda match: ">" + nfc(repair_legacy(match.group(1))) + "<", old)
    report = lint_paths([str(copies)], default_config(copies), select=TEXT_RULES)
    assert [f for f in report.findings if f.fixable] == []


def test_unfixable_json_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "broken.json"
    target.write_text('{"components": [', encoding="utf-8")
    assert plan_fixes([], {"broken.json": target}) == []
    _fix(tmp_path)
    assert target.read_text(encoding="utf-8") == '{"components": ['


@pytest.mark.parametrize(("garbled", "expected", "encoding"), [
    ("Hä vµ tªn", "Họ và tên", "TCVN3 (ABC)"),
    ("Sè ®iÖn tho¹i", "Số điện thoại", "TCVN3 (ABC)"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", "TCVN3 (ABC)"),
    ("Hoï vaø teân", "Họ và tên", "VNI"),
    ("Ñòa chæ thöôøng truù", "Địa chỉ thường trú", "VNI"),
    ("GIÔÙI TÍNH", "GIỚI TÍNH", "VNI"),
    ("Há»\x8d vÃ\u00a0 tÃªn", "Họ và tên", "UTF-8 → Windows-1252"),
    ("Vui loøng nhaäp Soá CCCD", "Vui lòng nhập Số CCCD", "VNI"),
])
def test_legacy_text_is_decoded(garbled: str, expected: str, encoding: str) -> None:
    decoded = decode_mojibake(garbled)
    assert decoded is not None
    assert decoded.text == expected
    assert decoded.encoding == encoding


@pytest.mark.parametrize("text", [
    "Họ và tên", "Hoá đơn", "Quốc tịch", "Tôn giáo", "Français", "Où êtes-vous ?", "Größe", "naïve café",
    "São Paulo", "Ñandú", "Nguyễn Văn An", "Số CCCD (*)", "Organisasjonsnummeret må inneholde 9 siffer",
    "Fødselsnummer må fylles ut", "Año de nacimiento",
])
def test_real_text_is_not_decoded(text: str) -> None:
    assert decode_mojibake(text) is None


# Every lower-case Vietnamese letter with a diacritic, and đ: 67 letters.
_ACCENTED = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"


@pytest.mark.parametrize(("encoding", "prefix"), [("TCVN3", "§i "), ("VNI", "Ñi ")])
def test_every_letter_decodes(encoding: str, prefix: str) -> None:
    from eformlint.vietnamese.legacy import TCVN3_TABLE, VNI_TABLE

    table, decode = (TCVN3_TABLE, decode_tcvn3) if encoding == "TCVN3" else (VNI_TABLE, decode_vni)
    encoded = {letter: code for code, letter in table.items()}
    assert set(_ACCENTED) <= set(encoded)
    for letter in _ACCENTED:
        syllable = "đa" if letter == "đ" else letter
        garbled = prefix + "".join(encoded.get(ch, ch) for ch in syllable)
        decoded = decode(garbled)
        assert decoded is not None, garbled
        assert decoded.text == "Đi " + syllable


def test_syllable_shape() -> None:
    for word in ("người", "khuyến", "nghiêng", "quyển", "giữ", "oẳn", "Việt"):
        assert is_vietnamese_syllable(word), word
    for word in ("teõn", "hoù", "franỗais", "vaứ", "giụựi"):
        assert not is_vietnamese_syllable(word), word


def test_cli_fix_option_repairs_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eformlint.cli import build_cli

    target = tmp_path / "pretty.formio.json"
    shutil.copy(FIXTURES / "fix" / "pretty.formio.json", target)
    result = CliRunner().invoke(build_cli("en"), ["check", str(target), "--select", "UI-010", "--fix", "--lang", "en"])
    assert "Repaired 4 texts in 1 files." in result.output
    assert "Dân tộc" in target.read_text(encoding="utf-8")
    assert "UI-010.1" not in result.output


def test_json_and_sarif_name_the_repair() -> None:
    from eformlint.reporters import get_writer

    report = lint_paths([str(FIXTURES / "fix" / "pretty.formio.json")], default_config(), select=TEXT_RULES)
    for name in ("json", "sarif"):
        stream = io.StringIO()
        get_writer(name)(report, stream, "en")
        data = json.loads(stream.getvalue())
        if name == "json":
            fixes = sorted(finding["fix"] for finding in data["findings"])
        else:
            fixes = sorted(result["properties"]["fix"] for result in data["runs"][0]["results"])
        assert fixes == ["legacy", "legacy", "nfc", "whitespace"]


def test_diff_marks_missing_final_newline(tmp_path) -> None:
    from eformlint.fix import FileFix

    plan = FileFix("one.json", tmp_path / "one.json", b'{"a": "x  y"}', b'{"a": "x y"}')
    diff = plan.diff()
    assert diff.count("\\ No newline at end of file\n") == 2
