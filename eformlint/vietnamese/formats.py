"""Validate Vietnamese data values: ID numbers, tax IDs, phones, dates, e-mail, names.

Each ``check_*`` function returns a :class:`Check`: whether the value is valid and, when
it is not, a short reason code (``length``, ``prefix``, ``check-digit``, …) that callers
turn into a message. The structures come from the published rules:

- personal ID number (số định danh cá nhân): 12 digits ``PPP G YY RRRRRR`` where ``PPP``
  is the birth-registration province of the 63-province catalogue of Decision
  124/2004/QĐ-TTg padded with 0, ``G`` the century and sex digit, ``YY`` the birth year.
  There is no check digit (Decree 137/2015/NĐ-CP Art. 13, Circular 07/2016/TT-BCA).
- old ID card number (CMND): 9 digits.
- tax ID (mã số thuế): 10 digits with a check digit, or 10 digits, a hyphen and a
  3-digit branch suffix (Circular 105/2020/TT-BTC Art. 5). python-stdnum computes the
  check digit. A person's tax ID is the 12-digit personal ID number since 01/07/2025.
- mobile numbers: 10 digits with an assigned prefix; landlines: 11 digits starting 02.
  Google's ``phonenumbers`` metadata decides validity where it covers the prefix.
- dates: dd/mm/yyyy with a real calendar day.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import phonenumbers
import pycountry
from stdnum.vn import mst


@dataclass(frozen=True, slots=True)
class Check:
    valid: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.valid


OK = Check(True)


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("eformlint.vietnamese").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def id_prefixes() -> dict[str, str]:
    """Return the 63 legacy ID-number prefixes (``001``) with their province name."""
    return {row["id_prefix"]: row["name"] for row in _data_rows("provinces-legacy-63.csv")}


@lru_cache(maxsize=1)
def phone_prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """Return the assigned mobile prefixes (``091``) and landline area codes (``024``)."""
    rows = _data_rows("mobile-prefixes.csv")
    mobile = frozenset(row["prefix"] for row in rows if row["type"] == "mobile")
    landline = frozenset(row["prefix"] for row in rows if row["type"] == "landline")
    return mobile, landline


_DIGITS = re.compile(r"[0-9]+")


def _digits_only(value: str, length: int) -> Check | None:
    if not _DIGITS.fullmatch(value):
        return Check(False, "not-digits")
    if len(value) != length:
        return Check(False, "length")
    return None


def birth_year_of_id(value: str) -> int | None:
    """Return the birth year that a 12-digit ID number encodes, or None if it is malformed."""
    if not re.fullmatch(r"[0-9]{12}", value):
        return None
    century = 19 + int(value[3]) // 2
    return century * 100 + int(value[4:6])


def sex_of_id(value: str) -> str | None:
    """Return ``male`` or ``female`` from the century-and-sex digit of an ID number."""
    if not re.fullmatch(r"[0-9]{12}", value):
        return None
    return "male" if int(value[3]) % 2 == 0 else "female"


def check_id_number(value: str, today: _dt.date | None = None) -> Check:
    """Check a 12-digit personal ID number's structure (there is no check digit)."""
    problem = _digits_only(value, 12)
    if problem is not None:
        return problem
    if value[:3] not in id_prefixes():
        return Check(False, "prefix")
    year = birth_year_of_id(value)
    if year is None or year > (today or _dt.date.today()).year:
        return Check(False, "birth-year")
    return OK


def check_old_id_number(value: str) -> Check:
    """Check a 9-digit CMND number (digits only; its structure was never published)."""
    problem = _digits_only(value, 9)
    return problem if problem is not None else OK


def check_org_tax_id(value: str) -> Check:
    """Check an organisation's tax ID: 10 digits or ``10-3`` digits, with a valid check digit."""
    if not re.fullmatch(r"[0-9]{10}(-[0-9]{3})?", value):
        if re.fullmatch(r"[0-9]{13}", value):
            return Check(False, "no-hyphen")
        return Check(False, "length" if _DIGITS.fullmatch(value.replace("-", "")) else "not-digits")
    if value.endswith("-000"):
        return Check(False, "branch")
    if not mst.is_valid(value):
        return Check(False, "check-digit")
    return OK


def check_personal_tax_id(value: str, legacy: bool = False) -> Check:
    """Check a person's tax ID: the 12-digit ID number, or with ``legacy`` an old 10-digit code."""
    if legacy and len(value) == 10:
        return check_org_tax_id(value)
    return check_id_number(value)


def _parse_phone(value: str) -> "phonenumbers.PhoneNumber | None":
    try:
        return phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        return None


def check_mobile(value: str) -> Check:
    """Check a 10-digit mobile number against the assigned prefixes.

    phonenumbers (libphonenumber metadata) is the first judge. A prefix that the national
    list assigns but libphonenumber does not know yet is accepted on the list alone.
    """
    problem = _digits_only(value, 10)
    if problem is not None:
        return problem
    if not value.startswith("0"):
        return Check(False, "prefix")
    mobile, _ = phone_prefixes()
    number = _parse_phone(value)
    if number is not None and phonenumbers.is_valid_number(number):
        if phonenumbers.number_type(number) in (phonenumbers.PhoneNumberType.MOBILE,
                                               phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
            return OK
    if value[:3] in mobile:
        return OK
    return Check(False, "prefix")


def check_landline(value: str) -> Check:
    """Check an 11-digit landline number: ``02`` and a known area code."""
    problem = _digits_only(value, 11)
    if problem is not None:
        return problem
    _, landline = phone_prefixes()
    if value[:3] in landline or value[:4] in landline:
        return OK
    return Check(False, "prefix")


def check_phone(value: str) -> Check:
    """Check a national-format phone number, mobile or landline."""
    if len(value) == 11 and value.startswith("02"):
        return check_landline(value)
    return check_mobile(value)


def to_e164(value: str) -> str | None:
    """Return the +84 form of a valid national number, or None."""
    number = _parse_phone(value)
    if number is None or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_DATE = re.compile(r"(0[1-9]|[12][0-9]|3[01])/(0[1-9]|1[0-2])/([0-9]{4})")


def check_date(value: str) -> Check:
    """Check a dd/mm/yyyy date, including the calendar (no 31/04, 29/02 only in leap years)."""
    match = _DATE.fullmatch(value)
    if not match:
        return Check(False, "format")
    day, month, year = (int(part) for part in match.groups())
    try:
        _dt.date(year, month, day)
    except ValueError:
        return Check(False, "calendar")
    return OK


_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")


def check_email(value: str) -> Check:
    """Check an e-mail address: the WHATWG ``type=email`` syntax and at most 254 characters."""
    if len(value) > 254:
        return Check(False, "length")
    if not _EMAIL.fullmatch(value) or ".." in value.split("@")[0]:
        return Check(False, "format")
    return OK


_NAME = re.compile(r"[^\W\d_]+(?:[ '’\-][^\W\d_]+)*")
NAME_PART_MAX = 100
FULL_NAME_MAX = 150


def check_person_name(value: str, full: bool = True) -> Check:
    """Check a personal name: NFC letters, single spaces, apostrophes and hyphens."""
    if not unicodedata.is_normalized("NFC", value):
        return Check(False, "not-nfc")
    if value != value.strip() or "  " in value:
        return Check(False, "spaces")
    if any(ch.isdigit() for ch in value):
        return Check(False, "digits")
    if not _NAME.fullmatch(value):
        return Check(False, "characters")
    if len(value) > (FULL_NAME_MAX if full else NAME_PART_MAX):
        return Check(False, "length")
    return OK


def check_country_code(value: str) -> Check:
    """Check an ISO 3166-1 alpha-2 code (``VN``); names, alpha-3 and numeric codes fail."""
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value):
        if isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value):
            return Check(False, "alpha-3")
        if isinstance(value, str) and re.fullmatch(r"[0-9]{3}", value):
            return Check(False, "numeric")
        return Check(False, "not-code")
    if pycountry.countries.get(alpha_2=value) is None:
        return Check(False, "unassigned")
    return OK
