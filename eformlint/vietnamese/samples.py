"""Synthetic sample values for probing a field's pattern or mask.

The values follow the published structures (12-digit personal ID numbers, 10-digit
mobile numbers with assigned prefixes, 11-digit landlines) but belong to nobody.
Each meaning has values a correct rule must accept and values it must reject.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sample:
    value: str
    description_vi: str
    description_en: str


ID_NUMBER_VALID = (
    Sample("001099012345", "số định danh 12 chữ số", "a 12-digit personal ID number"),
    Sample("079303001234", "số định danh 12 chữ số", "a 12-digit personal ID number"),
)
ID_NUMBER_INVALID = (
    Sample("123456789", "số CMND cũ 9 chữ số", "an old 9-digit ID card number"),
    Sample("00109901234", "11 chữ số", "11 digits"),
    Sample("0010990123456", "13 chữ số", "13 digits"),
    Sample("00109901234A", "có chữ cái", "a letter"),
    Sample("001 099 012345", "có dấu cách", "inner spaces"),
)
MOBILE_VALID = (
    Sample("0912345678", "số di động 10 chữ số", "a 10-digit mobile number"),
    Sample("0387654321", "số di động đầu số 038", "a 10-digit mobile number with prefix 038"),
)
LANDLINE_VALID = (
    Sample("02412345678", "số cố định 11 chữ số", "an 11-digit landline number"),
)
PHONE_INVALID = (
    Sample("01234567890", "số di động 11 chữ số kiểu cũ", "an old 11-digit mobile number"),
    Sample("091234567", "9 chữ số", "9 digits"),
)
OLD_ID_VALID = (
    Sample("012345678", "số CMND 9 chữ số", "a 9-digit ID card number"),
)
OLD_ID_INVALID = (
    Sample("01234567", "8 chữ số", "8 digits"),
    Sample("0123456789", "10 chữ số", "10 digits"),
    Sample("01234567A", "có chữ cái", "a letter"),
)
ORG_TAX_ID_VALID = (
    Sample("0100000028", "mã số thuế 10 chữ số", "a 10-digit tax ID"),
    Sample("0312345673", "mã số thuế 10 chữ số", "a 10-digit tax ID"),
)
BRANCH_TAX_ID = Sample("0312345673-001", "mã số thuế đơn vị phụ thuộc 10-3", "a dependent unit's 10-3 tax ID")
BRANCH_TAX_ID_NO_HYPHEN = Sample("0312345673001", "13 chữ số không có dấu gạch ngang",
                                 "13 digits without the hyphen")
ORG_TAX_ID_INVALID = (
    Sample("031234567", "9 chữ số", "9 digits"),
    Sample("03123456731", "11 chữ số", "11 digits"),
    Sample("03123456AB", "có chữ cái", "letters"),
)
NAME_VALID = (
    Sample("Nguyễn Văn An", "tên có dấu", "a name with diacritics"),
    Sample("Đặng Thị Ánh Tuyết", "tên có chữ Đ", "a name with the letter Đ"),
    Sample("H'Hen Niê", "tên có dấu nháy", "a name with an apostrophe"),
    Sample("Lò Văn Thành", "tên có dấu", "a name with diacritics"),
)
NAME_INVALID = (
    Sample("Nguyễn Văn 1", "có chữ số", "a digit"),
)
DATE_VALID = (
    Sample("05/09/1990", "ngày dd/mm/yyyy", "a dd/mm/yyyy date"),
    Sample("29/02/2024", "ngày 29/02 năm nhuận", "29 February of a leap year"),
)
DATE_INVALID = (
    Sample("5/9/90", "năm 2 chữ số", "a two-digit year"),
    Sample("1990-09-05", "thứ tự năm trước", "year first"),
    Sample("32/01/1990", "ngày 32", "day 32"),
)
EMAIL_VALID = (
    Sample("nguyen.van.an@example.vn", "địa chỉ thư điện tử", "an e-mail address"),
)
EMAIL_INVALID = (
    Sample("nguyen.van.an", "thiếu @", "no @"),
)


@dataclass(frozen=True, slots=True)
class SampleSet:
    """Values that a correct rule for one meaning must accept and must reject."""

    valid: tuple[Sample, ...]
    invalid: tuple[Sample, ...]


SAMPLE_SETS: dict[str, SampleSet] = {
    "person.id_number": SampleSet(ID_NUMBER_VALID, ID_NUMBER_INVALID),
    "person.old_id_number": SampleSet(OLD_ID_VALID, OLD_ID_INVALID),
    "person.tax_id": SampleSet(ID_NUMBER_VALID, ID_NUMBER_INVALID),
    "org.tax_id": SampleSet(ORG_TAX_ID_VALID, ORG_TAX_ID_INVALID),
    "person.phone": SampleSet(MOBILE_VALID, PHONE_INVALID),
    "person.dob": SampleSet(DATE_VALID, DATE_INVALID),
    "person.full_name": SampleSet(NAME_VALID, NAME_INVALID),
    "person.family_name": SampleSet(NAME_VALID[:1], NAME_INVALID),
    "person.given_name": SampleSet(NAME_VALID[:1], NAME_INVALID),
    "person.email": SampleSet(EMAIL_VALID, EMAIL_INVALID),
}
