"""Field checks shared by every entity. Each returns a plain-English problem or None."""

from __future__ import annotations

import re
from datetime import date

_NINO = re.compile(
    r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$"
)
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
_ODS = re.compile(r"^[A-Z0-9]{3,10}$")


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value)


def check_nhs_number(value: str) -> str | None:
    """NHS numbers are ten digits whose last digit is a Modulus 11 check digit."""
    digits = normalise_nhs_number(value)
    if not digits.isdigit() or len(digits) != 10:
        return "An NHS number has 10 digits, for example 943 476 5919."
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return "This NHS number is not valid: please check the digits on the letter or card."
    return None


def normalise_ni_number(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def check_ni_number(value: str) -> str | None:
    if not _NINO.match(normalise_ni_number(value)):
        return (
            "A National Insurance number looks like AB 12 34 56 C: "
            "two letters, six digits and A, B, C or D."
        )
    return None


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def check_postcode(value: str) -> str | None:
    if not _POSTCODE.match(normalise_postcode(value)):
        return "This is not a UK postcode, for example LS8 2AB."
    return None


def check_email(value: str) -> str | None:
    if not _EMAIL.match(value.strip()):
        return "An email address looks like name@example.org."
    return None


def check_phone(value: str) -> str | None:
    if not _PHONE.match(value.strip()):
        return "A phone number has digits only, for example 0113 496 0000."
    return None


def check_ods_code(value: str) -> str | None:
    if not _ODS.match(value.strip().upper()):
        return "An ODS code is 3 to 10 letters and digits, for example B86001."
    return None


def check_required(value: str | None, what: str) -> str | None:
    if value is None or not value.strip():
        return f"Enter the {what}."
    return None


def check_not_future(value: date | None, what: str, today: date) -> str | None:
    if value is not None and value > today:
        return f"The {what} cannot be in the future."
    return None


def check_date_of_birth(value: date | None, today: date) -> str | None:
    if value is None:
        return "Enter the date of birth."
    if value > today:
        return "The date of birth cannot be in the future."
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < 15:
        return "The client must be at least 15 years old."
    if age > 110:
        return "Check the date of birth: it makes the client over 110."
    return None
