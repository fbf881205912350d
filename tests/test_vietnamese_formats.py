"""Vietnamese data formats, catalogues and pattern probing, on synthetic values of real structure."""

from __future__ import annotations

import pytest

from eformlint.model import Node, Option, Text, Validation
from eformlint.vietnamese import catalogues as cat
from eformlint.vietnamese import formats, samples
from eformlint.vietnamese.probing import Probe, probe_samples


@pytest.mark.parametrize(("value", "reason"), [
    ("001099012345", ""),        # Hà Nội, male, born 1999
    ("079303001234", ""),        # TP Hồ Chí Minh, female, born 2003
    ("096190000001", ""),        # Cà Mau, female, born 1990
    ("00109901234", "length"),
    ("00109901234A", "not-digits"),
    ("003099012345", "prefix"),  # 003 was never a province code
    ("999099012345", "prefix"),
    ("001299012345", "birth-year"),  # century digit 2 means 2099
])
def test_id_number_structure(value: str, reason: str) -> None:
    result = formats.check_id_number(value)
    assert result.valid is (reason == "")
    assert result.reason == reason


def test_id_number_encodes_year_and_sex() -> None:
    assert formats.birth_year_of_id("079303001234") == 2003
    assert formats.sex_of_id("079303001234") == "female"
    assert formats.birth_year_of_id("001099012345") == 1999
    assert formats.sex_of_id("001099012345") == "male"
    assert formats.birth_year_of_id("12345") is None


def test_id_prefixes_are_the_63_legacy_codes() -> None:
    prefixes = formats.id_prefixes()
    assert len(prefixes) == 63
    assert prefixes["024"] == "Tỉnh Bắc Giang"  # not Bắc Ninh, the 2025 meaning of 24


@pytest.mark.parametrize(("value", "reason"), [
    ("0100000028", ""), ("0312345673", ""), ("0101234565", ""), ("0100000010", ""),
    ("0312345673-001", ""),
    ("0100000029", "check-digit"),
    ("0100000050", "check-digit"),  # 010000005 has no valid check digit
    ("0312345673001", "no-hyphen"),
    ("0312345673-000", "branch"),
    ("031234567", "length"),
    ("03123456AB", "not-digits"),
])
def test_org_tax_id(value: str, reason: str) -> None:
    result = formats.check_org_tax_id(value)
    assert result.valid is (reason == "")
    assert result.reason == reason


def test_personal_tax_id_is_the_id_number() -> None:
    assert formats.check_personal_tax_id("001099012345")
    assert not formats.check_personal_tax_id("0100000028")
    assert formats.check_personal_tax_id("0100000028", legacy=True)


@pytest.mark.parametrize(("value", "valid"), [
    ("0912345678", True), ("0387654321", True), ("0561234567", True), ("0871234567", True),
    ("0212345678", False),   # 021 is no mobile prefix
    ("01234567890", False),  # old 11-digit mobile number
    ("091234567", False),
    ("091234567a", False),
])
def test_mobile_numbers(value: str, valid: bool) -> None:
    assert formats.check_mobile(value).valid is valid


@pytest.mark.parametrize(("value", "valid"), [
    ("02412345678", True), ("02838123456", True), ("02363123456", True),
    ("02112345678", True),   # 0211 Vĩnh Phúc, a four-digit area code
    ("02012345678", False),  # no area code starts 020
    ("0241234567", False),
])
def test_landline_numbers(value: str, valid: bool) -> None:
    assert formats.check_landline(value).valid is valid


def test_phone_dispatches_and_formats_e164() -> None:
    assert formats.check_phone("02412345678")
    assert formats.check_phone("0912345678")
    assert formats.to_e164("0912345678") == "+84912345678"
    assert formats.to_e164("0100") is None


@pytest.mark.parametrize(("value", "reason"), [
    ("05/09/1990", ""), ("29/02/2024", ""), ("29/02/2023", "calendar"), ("31/04/2020", "calendar"),
    ("5/9/1990", "format"), ("1990-09-05", "format"), ("05/09/90", "format"),
])
def test_dates(value: str, reason: str) -> None:
    result = formats.check_date(value)
    assert result.valid is (reason == "")
    assert result.reason == reason


def test_email_addresses() -> None:
    assert formats.check_email("nguyen.van.an@example.vn")
    assert formats.check_email("nguyen.van.an").reason == "format"
    assert formats.check_email("a" * 250 + "@x.vn").reason == "length"


@pytest.mark.parametrize(("value", "reason"), [
    ("Nguyễn Văn An", ""), ("Đặng Thị Ánh Tuyết", ""), ("H'Hen Niê", ""), ("H’Hen Niê", ""),
    ("Lò Văn Thành", ""), ("Nguyễn-Trần Bảo", ""),
    ("Nguyễn Văn 1", "digits"), ("Nguyễn  Văn", "spaces"), (" An", "spaces"),
    ("Nguye\u0303n", "not-nfc"), ("An!", "characters"),
])
def test_person_names(value: str, reason: str) -> None:
    result = formats.check_person_name(value)
    assert result.valid is (reason == "")
    assert result.reason == reason


@pytest.mark.parametrize(("value", "reason"), [
    ("VN", ""), ("LA", ""), ("VNM", "alpha-3"), ("704", "numeric"), ("Việt Nam", "not-code"), ("XX", "unassigned"),
])
def test_country_codes(value: str, reason: str) -> None:
    result = formats.check_country_code(value)
    assert result.valid is (reason == "")
    assert result.reason == reason


def test_samples_agree_with_formats() -> None:
    for sample in samples.ID_NUMBER_VALID:
        assert formats.check_id_number(sample.value), sample.value
    for sample in samples.ID_NUMBER_INVALID:
        assert not formats.check_id_number(sample.value), sample.value
    for sample in samples.ORG_TAX_ID_VALID + (samples.BRANCH_TAX_ID,):
        assert formats.check_org_tax_id(sample.value), sample.value
    for sample in samples.ORG_TAX_ID_INVALID + (samples.BRANCH_TAX_ID_NO_HYPHEN,):
        assert not formats.check_org_tax_id(sample.value), sample.value
    for sample in samples.MOBILE_VALID:
        assert formats.check_mobile(sample.value), sample.value
    for sample in samples.PHONE_INVALID:
        assert not formats.check_phone(sample.value), sample.value
    for sample in samples.LANDLINE_VALID:
        assert formats.check_landline(sample.value), sample.value
    for sample in samples.DATE_VALID:
        assert formats.check_date(sample.value), sample.value
    for sample in samples.DATE_INVALID:
        assert not formats.check_date(sample.value), sample.value
    for sample in samples.NAME_VALID:
        assert formats.check_person_name(sample.value), sample.value
    for sample in samples.NAME_INVALID:
        assert not formats.check_person_name(sample.value), sample.value


def test_catalogue_sizes() -> None:
    assert len(cat.catalogue("provinces-2025").entries) == 34
    assert len(cat.catalogue("communes-2025").entries) == 3321
    assert len(cat.catalogue("provinces-63").entries) == 63
    assert len(cat.catalogue("ethnic-2008").entries) == 54
    assert len(cat.catalogue("religions").entries) == 14


def test_name_key_folds_tone_placement_apostrophes_and_unit_words() -> None:
    assert cat.name_key("Tỉnh Hoà Bình") == cat.name_key("Hòa Bình")
    assert cat.name_key("Thủy Nguyên") == cat.name_key("Thuỷ Nguyên")
    assert cat.name_key("Xã Ea H’Leo") == cat.name_key("Ea H'Leo")
    assert cat.name_key("TP. Hồ Chí Minh") == cat.name_key("Thành phố Hồ Chí Minh")
    assert cat.name_key("Hà Nam") != cat.name_key("Hà Nội")


def test_abolished_provinces() -> None:
    abolished = cat.abolished_province_keys()
    assert cat.name_key("Hà Giang") in abolished
    assert cat.name_key("Bình Dương") in abolished
    assert cat.name_key("Hà Nội") not in abolished
    assert cat.name_key("Thừa Thiên Huế") not in abolished  # renamed, not merged away
    assert len(set(abolished.values())) == 29  # 63 provinces, 34 remain


def _options(pairs: list[tuple[str, str]]) -> list[Option]:
    return [Option(Text.single(label, f"/o/{i}"), value, f"/o/{i}") for i, (label, value) in enumerate(pairs)]


def test_fingerprint_tells_the_two_ethnic_numberings_apart() -> None:
    options = _options([("Kinh", "01"), ("Mường", "04"), ("Khmer", "05"), ("Hoa", "06")])
    assert cat.fingerprint(options, "ethnic-2008").code_matches == 4
    assert cat.fingerprint(options, "ethnic-1979").code_matches == 2  # Kinh 01 and Khmer 05 agree
    variants = _options([("Khơ-me", "05"), ("HMông", "08"), ("Gia-rai", "10")])
    assert cat.fingerprint(variants, "ethnic-1979").matched == 3


def test_best_match_of_a_province_list() -> None:
    options = _options([(e.name, e.code) for e in cat.catalogue("provinces-63").entries])
    match = cat.best_match(options, ["provinces-2025", "provinces-63"])
    assert match is not None and match.ident == "provinces-63"


def _field(*validations: Validation) -> Node:
    return Node(kind="field", type="textfield", key="SoDinhDanh", pointer="/c/0", data_path="SoDinhDanh",
                validations=list(validations))


def test_probe_formio_pattern_is_anchored() -> None:
    probe = Probe(_field(Validation("pattern", "[0-9]{12}", "/p", "js-regex")))
    assert probe.accepts("001099012345")
    assert not probe.accepts("0010990123456")
    assert probe_samples(probe, samples.SAMPLE_SETS["person.id_number"]) is None


def test_probe_surveyjs_regex_is_a_search() -> None:
    probe = Probe(_field(Validation("pattern", "[0-9]{12}", "/p", "js-regex-search")))
    result = probe_samples(probe, samples.SAMPLE_SETS["person.id_number"])
    assert result is not None
    assert (result.message_id, result.sample.value) == ("accepts_invalid", "0010990123456")


def test_probe_multiple_masks_are_alternatives() -> None:
    probe = Probe(_field(Validation("mask", "9999999999", "/m0", "mask"), Validation("mask", "9999999999-999", "/m1", "mask")))
    assert probe.accepts("0312345673")
    assert probe.accepts("0312345673-001")
    assert probe.accepts("0312345673001")  # the second mask types the hyphen itself
    assert not probe.accepts("03123456730")


def test_probe_xforms_string_length() -> None:
    probe = Probe(_field(Validation("constraint", "string-length(.) = 12 and regex(., '[0-9]+')", "/b", "xpath"),
                         Validation("pattern", "[0-9]+", "/b", "xpath-regex")))
    assert probe.fixed_length(12)
    assert probe.accepts("001099012345")
    assert not probe.accepts("123456789")


def test_probe_ignores_length_inside_an_or() -> None:
    probe = Probe(_field(Validation("constraint", "string-length(.) = 9 or string-length(.) = 12", "/b", "xpath")))
    assert not probe.has_rule


def test_distinctive_letters_tell_vietnamese_from_other_languages() -> None:
    from eformlint.vietnamese.text import has_distinctive_vietnamese_letters

    assert has_distinctive_vietnamese_letters("Họ và tên")
    assert has_distinctive_vietnamese_letters("Số định danh")
    assert not has_distinctive_vietnamese_letters("Spesifiser annen virksomhet, kafé, på")
    assert not has_distinctive_vietnamese_letters("Prénom, être, São Paulo")


def test_mobile_prefixes_agree_with_phonenumbers() -> None:
    import phonenumbers

    mobile, _ = formats.phone_prefixes()
    unknown = sorted(p for p in mobile if not phonenumbers.is_valid_number(phonenumbers.parse(p + "2345678", "VN")))
    # libphonenumber treats only part of these prefixes as assigned (0559, 0993–0999, 089x
    # blocks); the national list assigns the whole prefix, so check_mobile accepts them.
    assert set(unknown) <= {"052", "055", "089", "099"}
    for prefix in unknown:
        assert formats.check_mobile(prefix + "2345678"), prefix
