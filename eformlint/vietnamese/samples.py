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
