"""Field-meaning recognition: evidence order, spellings, and accuracy on real forms."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from support import REPO, SHARED
from eformlint.findings import Confidence
from eformlint.model import Node, Text, Validation
from eformlint.vietnamese.meaning import recognise


def _node(key: str | None = None, label: str = "", **fields) -> Node:
    node = Node(kind="field", type=fields.pop("type", "textfield"), key=key, pointer="/c/0", data_path=key or "")
    if label:
        node.label = Text.single(label, "/c/0/label")
    for name, value in fields.items():
        setattr(node, name, value)
    return node


@pytest.mark.parametrize(("key", "expected"), [
    ("SoDinhDanh", "person.id_number"), ("SoCMND", "person.old_id_number"), ("ma_so_doanh_nghiep", "org.tax_id"),
    ("MaBHXH", "person.social_insurance"), ("SoHoChieu", "person.passport"), ("VoChong", "relative.spouse"),
])
def test_exact_keys_are_certain(key: str, expected: str) -> None:
    meaning = recognise(_node(key))
    assert meaning.name == expected
    assert meaning.confidence is Confidence.CERTAIN
    assert meaning.evidence == ("key", key)


@pytest.mark.parametrize(("key", "expected"), [
    ("soDinhDanh", "person.id_number"),      # lower camel case
    ("so_dinh_danh", "person.id_number"),    # snake case
    ("nycHoVaTen", "person.full_name"),      # requester prefix
    ("HoTenCha", "person.full_name"),        # relative suffix
    ("SoDinhDang", "person.id_number"),      # a typo
    ("maSoBHXH", "person.social_insurance"),
    ("soHoChieu", "person.passport"),
])
def test_near_keys_are_likely(key: str, expected: str) -> None:
    meaning = recognise(_node(key))
    assert meaning is not None and meaning.name == expected
    assert meaning.confidence is Confidence.LIKELY


@pytest.mark.parametrize(("label", "expected"), [
    ("Số định danh cá nhân (*):", "person.id_number"),
    ("So dinh danh ca nhan", "person.id_number"),       # typed without diacritics
    ("Số chứng minh nhân dân cũ (nếu có)", "person.old_id_number"),
    ("Mã số thuế cá nhân", "person.tax_id"),
    ("Mã số doanh nghiệp", "org.tax_id"),
    ("Quê quán", "person.hometown"),
    ("Nơi cư trú của mẹ", "person.current_address"),
    ("Thông tin về cha", "relative.father"),
])
def test_labels(label: str, expected: str) -> None:
    meaning = recognise(_node("truong1", label))
    assert meaning is not None and meaning.name == expected
    assert meaning.evidence == ("label", label)


def test_label_written_in_words_has_no_meaning() -> None:
    assert recognise(_node("truong1", "Ngày, tháng, năm sinh (ghi bằng chữ)")) is None


def test_placeholder_stands_in_for_a_missing_label() -> None:
    node = _node("truong1", placeholder=Text.single("Số điện thoại", "/c/0/placeholder"))
    meaning = recognise(node)
    assert meaning.name == "person.phone"
    assert meaning.evidence == ("placeholder", "Số điện thoại")


def test_mask_and_pattern_hints_without_a_label() -> None:
    masked = _node("truong1", validations=[Validation("mask", "999999999999", "/m", "mask")])
    assert recognise(masked).evidence == ("mask", "999999999999")
    assert recognise(masked).name == "person.id_number"
    patterned = _node("truong2", validations=[Validation("pattern", "^0(3|5|7|8|9)[0-9]{8}$", "/p", "js-regex")])
    assert recognise(patterned).name == "person.phone"


def test_mask_is_ignored_on_a_labelled_field() -> None:
    node = _node("SoGPLX", "Số giấy phép lái xe", validations=[Validation("pattern", "[0-9]{12}", "/p", "js-regex")])
    assert recognise(node) is None


def test_autocomplete_token() -> None:
    meaning = recognise(_node("truong1", autocomplete="section-a bday"))
    assert meaning.name == "person.dob"
    assert meaning.evidence == ("autocomplete", "bday")


def test_annotation_beats_the_key() -> None:
    node = _node("SoDinhDanh", annotations={"eformlint.meaning": "person.passport"})
    meaning = recognise(node)
    assert meaning.name == "person.passport"
    assert meaning.source == "annotation"


def test_configured_mapping_beats_the_key() -> None:
    meaning = recognise(_node("SoDinhDanh"), {"SoDinhDanh": "person.old_id_number"})
    assert meaning.name == "person.old_id_number"
    assert meaning.evidence == ("config", "SoDinhDanh", "person.old_id_number")


def test_upload_takes_no_meaning_from_its_label() -> None:
    assert recognise(_node("TepHoChieu", "Hộ chiếu", type="file")) is None


def _bench():
    spec = importlib.util.spec_from_file_location("meaning_accuracy", REPO / "bench" / "meaning_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (SHARED / "vn-forms").is_dir(), reason="the shared real forms are not available")
def test_accuracy_on_labelled_real_fields() -> None:
    bench = _bench()
    outcomes = bench.evaluate(SHARED)
    result = bench.score(outcomes)
    assert result.total >= 150
    # Floors a little below the figures in docs/meaning.md, so a change that loses
    # recognition fails here.
    assert result.precision >= 0.97
    assert result.recall >= 0.93
    assert result.accuracy >= 0.95


def test_subject_head_of_business_household_is_applicant() -> None:
    from eformlint.model import Node, Text
    from eformlint.vietnamese.meaning import subject_of

    section = Node(kind="container", type="panel", key="p", pointer="/c/0", data_path="")
    section.label = Text.single("Thông tin chủ hộ kinh doanh", "/c/0/title")
    field = Node(kind="field", type="textfield", key="HoVaTen", pointer="/c/0/components/0", data_path="HoVaTen", parent=section)
    assert subject_of(field) == "applicant"
    section.label = Text.single("Thông tin chủ hộ", "/c/0/title")
    assert subject_of(field) == "other"
    field.label = Text.single("Số giấy tờ còn hiệu lực", "/c/0/components/0/label")
    section.label = Text.single("Thông tin người khai", "/c/0/title")
    assert subject_of(field) == "applicant"
