"""Calibration of the evaluation: two inspectors score the same unit in a period; an
indicator is flagged where their scores differ by more than a margin, a percentage of the
indicator's maximum score (an office setting, 10% unless the office sets another)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum

from pr_desk.domain.errors import UserError
from pr_desk.domain.text import to_latin_digits
from pr_desk.i18n import N_, _

DEFAULT_MARGIN_PERCENT = Decimal(10)
MSG_MARGIN = N_("The margin must be a number from 0 to 100: the percent of an indicator's maximum score "
                "by which the two inspectors' scores may differ before it is flagged.")


class Counted(StrEnum):
    """Which of a calibrated unit's two forms counts in its result."""

    MAIN = "main"
    CALIBRATION = "calibration"

    @property
    def label(self) -> str:
        return _(COUNTED_LABELS[self])


COUNTED_LABELS = {
    Counted.MAIN: N_("The main inspector's form"),
    Counted.CALIBRATION: N_("The second inspector's form"),
}


def parse_counted(value: object) -> Counted:
    try:
        return Counted(str(value))
    except ValueError:
        raise UserError(N_("Choose which form counts: the main inspector's or the second inspector's."),
                        field="counted") from None


def parse_margin(value: object) -> Decimal:
    """A percent typed in Persian, Arabic-Indic or Latin digits ("۱۲٫۵", "12.5", "12%")."""
    if isinstance(value, bool):
        raise UserError(MSG_MARGIN, field="margin")
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        text = to_latin_digits(str(value if value is not None else "")).strip().rstrip("%٪").strip()
        text = text.replace("\u066b", ".").replace("/", ".")
        if not text or len(text) > 12:
            raise UserError(MSG_MARGIN, field="margin")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise UserError(MSG_MARGIN, field="margin") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise UserError(MSG_MARGIN, field="margin")
    return number.quantize(Decimal("0.01")).normalize()


def allowed_difference(maximum: Decimal, margin_percent: Decimal) -> Decimal:
    return Decimal(maximum) * Decimal(margin_percent) / Decimal(100)


def flagged(main: Decimal | None, second: Decimal | None, maximum: Decimal, margin_percent: Decimal) -> bool:
    """The two scores differ by more than the margin, or only one inspector gave a score."""
    if main is None and second is None:
        return False
    if main is None or second is None:
        return True
    return abs(Decimal(main) - Decimal(second)) > allowed_difference(maximum, margin_percent)


def difference(main: Decimal | None, second: Decimal | None) -> Decimal | None:
    """The second inspector's score minus the main one's."""
    if main is None or second is None:
        return None
    return Decimal(second) - Decimal(main)
