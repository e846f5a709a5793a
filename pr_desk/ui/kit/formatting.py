"""How values look on screen: Persian digits, Jalali dates, Rials; shared by models and delegates.

Pure helpers (no widgets) so a model's DisplayRole and a delegate's displayText agree; the
text of a value itself is pr_desk.domain.formatting.format_value (on_screen=True), shared with reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pr_desk.domain.text import to_persian_digits
from pr_desk.i18n import current_language

Kind = Literal["text", "int", "number", "date", "datetime", "rials"]
KINDS: tuple[str, ...] = ("text", "int", "number", "date", "datetime", "rials")


def persian_on_screen() -> bool:
    """Persian digits are shown while the language is Persian."""
    return current_language() == "fa"


def screen_locale() -> Any:
    """A QLocale for Qt's own number widgets (spin boxes) that shows our digits.

    Imported lazily: this module is otherwise free of Qt so it is easy to test.
    """
    from PySide6.QtCore import QLocale

    if persian_on_screen():
        return QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def display_digits(text: str) -> str:
    return to_persian_digits(text) if persian_on_screen() else text


def file_filter(filters: str) -> str:
    """A QFileDialog filter ("Sync packages (*.prsync);;All files (*)") whose patterns read
    left to right in a Persian dialog: "(*.prsync)" would show as "(prsync.*)".

    Each pattern group is opened with a left-to-right isolate left open to the end of the
    line (Qt's filter syntax allows nothing after the closing bracket)."""
    parts = []
    for part in filters.split(";;"):
        at = part.rfind("(")
        if part.endswith(")") and at >= 0 and "\u2066" not in part:
            part = part[:at] + "\u2066" + part[at:]
        parts.append(part)
    return ";;".join(parts)


def digits(value: object) -> str:
    """Any value as text with the screen's digits (a count, a code, a turn)."""
    return display_digits(str(value))


def format_jalali_date(value: dt.date | None) -> str:
    """A Gregorian date as Jalali text, year first ("۱۴۰۵/۰۹/۰۶"); '' for None."""
    from pr_desk.domain.jalali import format_jalali

    return format_jalali(value, persian_digits=persian_on_screen())


def format_datetime(value: dt.datetime | None) -> str:
    """A stored timestamp (UTC; naive means UTC) as Tehran Jalali date and time."""
    from pr_desk.domain.jalali import format_jalali_datetime

    return format_jalali_datetime(value, persian_digits=persian_on_screen())

