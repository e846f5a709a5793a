"""Validators shared by forms and services."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain import validation as v
from pr_desk.domain.errors import UserError
from pr_desk.i18n import set_language

MB = 1024 * 1024


def raises(msgid, fn, *args, **kwargs) -> UserError:
    with pytest.raises(UserError) as info:
        fn(*args, **kwargs)
    assert info.value.message == msgid
    return info.value


def test_require_text_cleans_and_accepts():
    assert v.require_text("  علي  ", "Name", 50) == "علی"
    assert v.require_text("a\r\nb", "Notes", 50, multiline=True) == "a\nb"
    assert v.require_text("x" * 50, "Name", 50) == "x" * 50


def test_require_text_rejects():
    error = raises(v.MSG_REQUIRED, v.require_text, "", "Name", 50, field="name")
    assert error.field == "name"
    assert str(error) == "وارد کردن «نام» الزامی است."  # a label msgid is shown in the current language
    set_language("en")
    assert str(error) == "Name is required."
    raises(v.MSG_REQUIRED, v.require_text, None, "Name", 50)
    raises(v.MSG_REQUIRED, v.require_text, " \u200c\u200f\t\n ", "Name", 50)
    raises(v.MSG_REQUIRED, v.require_text, "\x00\x01", "Name", 50)
    error = raises(v.MSG_TOO_LONG, v.require_text, "x" * 51, "Name", 50)
    assert error.params == {"label": "Name", "max_len": 50, "length": 51}
    assert error.field == "Name"
    raises(v.MSG_TOO_LONG, v.require_text, "ی" * MB, "Subject", 500)
    raises(v.MSG_ONE_LINE, v.require_text, "a\nb", "Name", 50)


def test_optional_text():
    assert v.optional_text("", "Notes", 10) is None
    assert v.optional_text(None, "Notes", 10) is None
    assert v.optional_text(" ok ", "Notes", 10) == "ok"
    raises(v.MSG_TOO_LONG, v.optional_text, "x" * 11, "Notes", 10)


def test_require_int():
    assert v.require_int("۷", "District", 1, 22) == 7
    assert v.require_int(" 22 ", "District", 1, 22) == 22
    assert v.require_int(3, "District", 1, 22) == 3
    assert v.require_int("\u22125", "Delta", -10, 10) == -5
    raises(v.MSG_REQUIRED, v.require_int, "", "District", 1, 22)
    raises(v.MSG_REQUIRED, v.require_int, None, "District", 1, 22)
    raises(v.MSG_OUT_OF_RANGE, v.require_int, "23", "District", 1, 22)
    raises(v.MSG_OUT_OF_RANGE, v.require_int, 0, "District", 1, 22)
    raises(v.MSG_NOT_A_NUMBER, v.require_int, "7a", "District", 1, 22)
    raises(v.MSG_NOT_A_NUMBER, v.require_int, "7.5", "District", 1, 22)
    raises(v.MSG_NOT_A_NUMBER, v.require_int, True, "District", 1, 22)
    raises(v.MSG_NOT_A_NUMBER, v.require_int, "9" * MB, "District", 1, 22)


def test_require_date_order():
    v.require_date_order(dt.date(2026, 1, 1), dt.date(2026, 1, 1), "Start", "End")
    error = raises(v.MSG_DATE_ORDER, v.require_date_order, dt.date(2026, 1, 2), dt.date(2026, 1, 1), "Start", "End")
    assert str(error) == "«\u2066End\u2069» نمی‌تواند پیش از «\u2066Start\u2069» باشد."  # Latin kept in order
    set_language("en")
    assert str(error) == "End cannot be before Start."


@pytest.mark.parametrize(("typed", "expected"), [("ali", "ali"), ("Ali.Rezaei", "ali.rezaei"),
                                                 (" clerk_07 ", "clerk_07"), ("a-b", "a-b"), ("x" * 32, "x" * 32)])
def test_username_accepts(typed, expected):
    assert v.validate_username(typed) == expected


@pytest.mark.parametrize("typed", ["ab", "x" * 33, "علی", "ali rezaei", "ali@x", "", None, "ali\u200c", "ａｌｉ",
                                   "ali\x00", "a" * MB, "\u202eali", "\u212ali"])
def test_username_rejects(typed):
    error = raises(v.MSG_USERNAME, v.validate_username, typed)
    assert error.field == "username"


def test_password_policy():
    assert v.validate_password("secret-pass") == "secret-pass"
    assert v.validate_password("رمز عبور خوب") == "رمز عبور خوب"
    raises(v.MSG_PASSWORD_SHORT, v.validate_password, "short1!")
    raises(v.MSG_PASSWORD_SHORT, v.validate_password, "")
    raises(v.MSG_PASSWORD_SHORT, v.validate_password, None)
    raises(v.MSG_PASSWORD_DIGITS, v.validate_password, "12345678")
    raises(v.MSG_PASSWORD_DIGITS, v.validate_password, "۱۲۳۴۵۶۷۸")
    raises(v.MSG_PASSWORD_USERNAME, v.validate_password, "Clerk.Seven", username="clerk.seven")
    raises(v.MSG_PASSWORD_BLANK, v.validate_password, " leading-space")
    raises(v.MSG_PASSWORD_LONG, v.validate_password, "x" * MB)
    assert raises(v.MSG_PASSWORD_SHORT, v.validate_password, "abc").field == "password"


@pytest.mark.parametrize(("typed", "expected"), [("D07", "D07"), ("d07", "D07"), (" ORG-TRAFFIC ", "ORG-TRAFFIC"),
                                                 ("HQ", "HQ")])
def test_unit_code_accepts(typed, expected):
    assert v.validate_unit_code(typed) == expected


@pytest.mark.parametrize("typed", ["D", "7D", "D 07", "منطقه۷", "D_07", "X" * 17, "", None, "D07\u200f!", "\u0131D"])
def test_unit_code_rejects(typed):
    assert raises(v.MSG_UNIT_CODE, v.validate_unit_code, typed).field == "code"


def test_district_unit_codes_are_valid_unit_codes():
    from pr_desk.domain.units import district_unit_code

    for district in range(1, 23):
        assert v.validate_unit_code(district_unit_code(district)) == district_unit_code(district)
