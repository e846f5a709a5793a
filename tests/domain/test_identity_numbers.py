"""National code (کد ملی) and mobile number (تلفن همراه)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_desk.domain import mobile, national_code
from pr_desk.domain.errors import UserError
from pr_desk.domain.mobile import is_valid_mobile, mask_mobile, normalize_mobile
from pr_desk.domain.national_code import (
    is_valid_national_code,
    mask_national_code,
    national_code_check_digit,
    normalize_national_code,
)
from pr_desk.domain.text import to_persian_digits

MB = 1024 * 1024
VALID = ["0499370899", "0790419904", "0084575948", "0067749828", "0013542419", "0012345679"]


def with_check(first_nine: str) -> str:
    return first_nine + str(national_code_check_digit(first_nine))


# --- national code ----------------------------------------------------------------------

def test_check_digit_algorithm():
    # 0*10 + 0*9 + 1*8 + 2*7 + 3*6 + 4*5 + 5*4 + 6*3 + 7*2 = 112; 112 % 11 = 2 -> 11 - 2 = 9
    assert national_code_check_digit("001234567") == 9
    assert national_code_check_digit("۰۰۱۲۳۴۵۶۷") == 9
    assert national_code_check_digit("000000011") == 6  # 1*3 + 1*2 = 5 -> 11 - 5
    assert national_code_check_digit("000000000") == 0
    assert national_code_check_digit("100000001") == 1  # 10 + 2 = 12 -> r = 1
    with pytest.raises(ValueError):
        national_code_check_digit("12345678")


@pytest.mark.parametrize("code", VALID)
def test_valid_codes(code):
    assert is_valid_national_code(code)
    assert normalize_national_code(code) == code


@pytest.mark.parametrize(
    "typed", ["۰۰۱۲۳۴۵۶۷۹", "001-234567-9", " 001 234 5679 ", "٠٠١٢٣٤٥٦٧٩", "\u200f0012345679\u200e", "۰۰۱2345679"]
)
def test_normalize_accepts_persian_digits_dashes_and_spaces(typed):
    assert normalize_national_code(typed) == "0012345679"


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        ("", national_code.MSG_EMPTY),
        ("   ", national_code.MSG_EMPTY),
        ("0012345678", national_code.MSG_INVALID),  # wrong check digit
        ("1111111111", national_code.MSG_INVALID),
        ("0000000000", national_code.MSG_INVALID),
        ("012345678", national_code.MSG_LENGTH_ZEROS),
        ("12345", national_code.MSG_LENGTH),
        ("00123456789", national_code.MSG_LENGTH),
        ("00123abc78", national_code.MSG_NOT_DIGITS),
        ("۰۰۱۲۳۴۵۶۷۸x", national_code.MSG_NOT_DIGITS),
        ("\u202e0012345678\u202c!", national_code.MSG_NOT_DIGITS),
        ("0012345678\x00", national_code.MSG_NOT_DIGITS),
        ("1" * MB, national_code.MSG_LENGTH),
        ("x" * MB, national_code.MSG_NOT_DIGITS),
    ],
)
def test_normalize_rejects(typed, msgid):
    with pytest.raises(UserError) as info:
        normalize_national_code(typed)
    assert info.value.message == msgid
    assert info.value.field == "national_code"
    assert len(str(info.value)) < 300
    assert not is_valid_national_code(typed)


def test_is_valid_refuses_non_strings():
    assert not is_valid_national_code(12345678)  # type: ignore[arg-type]
    assert not is_valid_national_code(None)  # type: ignore[arg-type]


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_nine_digits_get_exactly_one_check_digit(first_nine):
    valid = [first_nine + d for d in "0123456789" if is_valid_national_code(first_nine + d)]
    if len(set(first_nine)) == 1:
        assert len(valid) <= 1  # the repeated-digit code itself is refused
    else:
        assert valid == [with_check(first_nine)]
        assert normalize_national_code(to_persian_digits(valid[0])) == valid[0]


def test_mask_national_code():
    assert mask_national_code("0012345678") == "0012****78"
    assert mask_national_code("۰۰۱۲۳۴۵۶۷۸") == "0012****78"
    assert mask_national_code("123") == "***"
    assert mask_national_code("") == ""


# --- mobile -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "typed",
    ["09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "+989121234567", "00989121234567", "9121234567", "0912 123 4567",
     "0912-123-4567", "+98 912 123 4567", "+98 (912) 123-4567", "٠٩١٢١٢٣٤٥٦٧", " 09121234567 ",
     "+98 0912 123 4567", "989121234567", "\u200e+989121234567\u200f"],
)
def test_normalize_mobile_accepts(typed):
    assert normalize_mobile(typed) == "09121234567"
    assert is_valid_mobile(typed)


@pytest.mark.parametrize(
    "typed",
    ["0912123456", "091212345678", "02112345678", "2112345678", "+19121234567", "0912abc4567", "09121234567x",
     "+98+9121234567", "0098 0098 9121234567", "۰۹۱۲۱۲۳۴۵۶۷" * 1000, "9" * MB, "\u202e09121234567\u202cx",
     "0 0 0", "08121234567"],
)
def test_normalize_mobile_rejects(typed):
    with pytest.raises(UserError) as info:
        normalize_mobile(typed)
    assert info.value.message == mobile.MSG_INVALID
    assert info.value.field == "mobile"
    assert len(str(info.value)) < 300
    assert not is_valid_mobile(typed)


def test_normalize_mobile_empty():
    for typed in ("", "  ", None):
        with pytest.raises(UserError) as info:
            normalize_mobile(typed)  # type: ignore[arg-type]
        assert info.value.message == mobile.MSG_EMPTY


@given(st.from_regex(r"9[0-9]{9}", fullmatch=True))
def test_mobile_forms_agree(rest):
    expected = "0" + rest
    for form in (expected, "+98" + rest, "0098" + rest, rest, to_persian_digits(expected)):
        assert normalize_mobile(form) == expected


def test_mask_mobile():
    assert mask_mobile("09121234567") == "0912***4567"
    assert mask_mobile("۰۹۱۲۱۲۳۴۵۶۷") == "0912***4567"
    assert mask_mobile("1234") == "****"
    assert mask_mobile("") == ""
