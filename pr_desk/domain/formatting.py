"""How a value reads to a person: Persian digits and separators, Jalali dates, Rials and
scores. One function for the screen (table models, delegates) and for printed reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal, TypeAlias

from pr_desk.domain.jalali import format_jalali, format_jalali_datetime
from pr_desk.domain.text import format_number, to_persian_digits
from pr_desk.i18n import _

ValueKind: TypeAlias = Literal["text", "int", "number", "rials", "score", "percent", "date", "datetime"]
DATE_KINDS = ("date", "datetime")


def format_value(value: Any, kind: str, *, persian: bool = True, on_screen: bool = False) -> str:
    """The text a reader sees for `value` in a column of `kind`.

    The screen and the printed page keep three conventions of their own:
    - "int" on screen is digits alone (years, ranks, district numbers); in print it is a
      count, grouped (۱٬۲۳۴) and rounded.
    - yes/no on screen is a tick or nothing; in print the words Yes and No.
    - on screen only date columns show dates as Jalali and only numeric columns group
      digits; in print every date and number does, whatever its column.
    """
    if value is None or value == "":
        return ""
    number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    if kind == "int" and on_screen:
        return to_persian_digits(str(value)) if persian else str(value)
    if number and kind in ("int", "rials", "score", "percent"):
        return _quantity_text(value, kind, persian=persian, on_screen=on_screen)
    if isinstance(value, dt.date) and (kind in DATE_KINDS or not on_screen):
        return _date_text(value, persian=persian)
    if isinstance(value, bool) and not (on_screen and kind in DATE_KINDS):
        return _yes_no_text(value, on_screen=on_screen)
    if number and (kind == "number" or not on_screen):
        return format_number(value, persian=persian)
    text = str(value)
    return to_persian_digits(text) if persian and kind != "text" else text


def _quantity_text(value: int | float | Decimal, kind: str, *, persian: bool, on_screen: bool) -> str:
    """A count or an amount in Rials (rounded in print), a score (two decimals) or a percentage."""
    if kind == "score":
        return format_number(value, decimals=2, persian=persian)
    if kind == "percent":
        text = format_number(value, decimals=1 if value != int(value) else 0, persian=persian)
        return text + ("٪" if persian else "%")
    if not on_screen and not isinstance(value, int):
        value = int(round(value))
    return format_number(value, persian=persian)


def _date_text(value: dt.date, *, persian: bool) -> str:
    if isinstance(value, dt.datetime):
        return str(format_jalali_datetime(value, persian_digits=persian))
    return str(format_jalali(value, persian_digits=persian))


def _yes_no_text(value: bool, *, on_screen: bool) -> str:
    """A tick or nothing on screen; the words Yes and No in print."""
    if on_screen:
        return "✓" if value else ""
    return _("Yes") if value else _("No")
