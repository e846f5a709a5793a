"""One format_value for the screen and for print: each medium keeps its conventions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pr_desk.domain.formatting import format_value


def test_numbers_read_with_persian_digits_and_separators() -> None:
    assert format_value(1234567, "rials") == "۱٬۲۳۴٬۵۶۷"
    assert format_value(1234567, "rials", persian=False) == "1,234,567"
    assert format_value(Decimal("7.5"), "score") == "۷٫۵۰"
    assert format_value(12.5, "percent", persian=False) == "12.5%"
    assert format_value(None, "int") == "" and format_value("", "date") == ""


def test_an_int_is_a_count_in_print_and_bare_digits_on_screen() -> None:
    assert format_value(1404, "int") == "۱٬۴۰۴"  # a count in a report
    assert format_value(1404, "int", on_screen=True) == "۱۴۰۴"  # a year in a table
    assert format_value(Decimal("2.6"), "int", persian=False) == "3"


def test_yes_no_and_dates_by_medium() -> None:
    assert format_value(True, "text") == "بله" and format_value(False, "text") == "خیر"
    assert format_value(True, "text", on_screen=True) == "✓" and format_value(False, "text", on_screen=True) == ""
    day = dt.date(2025, 11, 27)
    assert format_value(day, "date") == format_value(day, "text") == "۱۴۰۴/۰۹/۰۶"
    assert format_value(day, "date", on_screen=True) == "۱۴۰۴/۰۹/۰۶"
    assert format_value(day, "text", on_screen=True) == "2025-11-27"  # a text column on screen shows the text as is
    assert format_value("A-12", "text") == "A-12" and format_value("A-12", "number") == "A-۱۲"
