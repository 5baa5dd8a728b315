from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain import validation as v
from coachdesk.domain.errors import ValidationError
from tests.factories import TODAY, make_client


def _with_check_digit(nine: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return None if check == 10 else nine + str(check)


def test_known_valid_nhs_number_passes_with_any_spacing() -> None:
    assert v.check_nhs_number("943 476 5919") is None
    assert v.check_nhs_number("943-476-5919") is None


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_modulus_11_accepts_exactly_the_right_check_digit(nine: str) -> None:
    good = _with_check_digit(nine)
    for digit in "0123456789":
        verdict = v.check_nhs_number(nine + digit)
        assert (verdict is None) == (nine + digit == good)


@pytest.mark.parametrize("bad", ["12345", "94347659190", "abcdefghij", ""])
def test_nhs_number_of_wrong_shape_is_explained(bad: str) -> None:
    assert "10 digits" in (v.check_nhs_number(bad) or "")


@pytest.mark.parametrize("good", ["AB123456C", "ab 12 34 56 c", "JT 84 12 99 A"])
def test_ni_number_valid(good: str) -> None:
    assert v.check_ni_number(good) is None


@pytest.mark.parametrize("bad", ["QQ123456C", "AB123456E", "GB123456A", "A1234567C", "DA123456A"])
def test_ni_number_invalid(bad: str) -> None:
    assert v.check_ni_number(bad) is not None


def test_postcode_is_normalised_and_checked() -> None:
    assert v.normalise_postcode("ls82ab") == "LS8 2AB"
    assert v.check_postcode("LS8 2AB") is None
    assert v.check_postcode("NOT A CODE") is not None


def test_date_of_birth_rules() -> None:
    assert "future" in (v.check_date_of_birth(date(2030, 1, 1), TODAY) or "")
    assert "15" in (v.check_date_of_birth(date(2020, 1, 1), TODAY) or "")
    assert v.check_date_of_birth(date(1990, 1, 1), TODAY) is None
    assert v.check_date_of_birth(None, TODAY) is not None


def test_client_validation_reports_every_problem_by_field() -> None:
    client = make_client(given_name=" ", nhs_number="9434765918", email="nope",
                         date_of_birth=date(2027, 1, 1), consent_given_on=date(2026, 1, 1))
    with pytest.raises(ValidationError) as err:
        client.validate(TODAY)
    assert set(err.value.problems) == {
        "given_name", "nhs_number", "email", "date_of_birth", "consent_scope"
    }
    assert err.value.problems["given_name"] == "Enter the given name."


def test_valid_client_passes() -> None:
    make_client().validate(TODAY)
