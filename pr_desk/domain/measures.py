"""Objective measures of the unit evaluation (سنجه‌های عینی): an indicator of a template can be
bound to a figure computed per unit and period from what the office already records —
the directive register and the meeting queue's orders. The form shows the figure and a
suggested score; the inspector accepts it or keeps their own score with a reason.

Stated once:
- A figure is a count out of a count: "3 of 4 directives acknowledged within their
  deadline". Its percentage has 2 decimals, half up. With nothing to count (no directive
  communicated, no order due in the period) there is no figure: None, never 0 %.
- The suggested score is counted / out_of × the indicator's maximum score, computed
  exactly and rounded once to 2 decimals, half up, as the scoring rules round.
- Directives acknowledged within their deadline: the unit acknowledged the version in
  force, on or before its acknowledgement deadline (no deadline: any acknowledgement).
- Directives implemented with accepted evidence: the verdict on the unit's evidence is
  "accepted".
- Orders closed within their deadline: the order was closed (done, or answered that it
  cannot be carried out) on or before its due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from pr_desk.domain.directives import Verdict
from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import round_half_up
from pr_desk.domain.meetings import OrderStatus
from pr_desk.domain.text import clean_user_text, format_number
from pr_desk.i18n import N_, _, current_language

MAX_REASON = 2000


class Measure(StrEnum):
    DIRECTIVES_ACKNOWLEDGED = "directives_acknowledged"
    DIRECTIVES_IMPLEMENTED = "directives_implemented"
    ORDERS_CLOSED = "orders_closed"

    @property
    def label(self) -> str:
        return _(MEASURE_LABELS[self])

    @property
    def counts(self) -> str:
        """What the figure counts, as "{counted} of {out_of} …" text."""
        return _(MEASURE_COUNTS[self])


MEASURE_LABELS = {
    Measure.DIRECTIVES_ACKNOWLEDGED: N_("Directives acknowledged within their deadline (%)"),
    Measure.DIRECTIVES_IMPLEMENTED: N_("Directives implemented with accepted evidence (%)"),
    Measure.ORDERS_CLOSED: N_("Orders closed within their deadline (%)"),
}
MEASURE_COUNTS = {
    Measure.DIRECTIVES_ACKNOWLEDGED: N_("{counted} of {out_of} directives communicated in the period acknowledged in time"),
    Measure.DIRECTIVES_IMPLEMENTED: N_("{counted} of {out_of} directives communicated in the period implemented with accepted evidence"),
    Measure.ORDERS_CLOSED: N_("{counted} of {out_of} orders due in the period closed in time"),
}
NOTHING_TO_COUNT = {
    Measure.DIRECTIVES_ACKNOWLEDGED: N_("No directive was communicated to the unit in the period: there is nothing to count."),
    Measure.DIRECTIVES_IMPLEMENTED: N_("No directive was communicated to the unit in the period: there is nothing to count."),
    Measure.ORDERS_CLOSED: N_("No order referred to the unit was due in the period: there is nothing to count."),
}
# The one sentence a field copy says instead of a figure.
OFFICE_ONLY = N_("Objective measures are computed at the office: directives and meeting orders are not on a field copy.")


def parse_measure(value: Measure | str) -> Measure:
    try:
        return Measure(value)
    except ValueError:
        raise UserError(N_("“{value}” is not an objective measure."), field="measure", value=str(value)[:40]) from None


@dataclass(frozen=True)
class Figure:
    """What a measure counted for one unit and period."""

    measure: Measure
    counted: int
    out_of: int

    def __post_init__(self) -> None:
        if not 0 <= self.counted <= self.out_of:
            raise ValueError(f"{self.counted} of {self.out_of} is not a count")

    @property
    def percent(self) -> Decimal | None:
        """0.00–100.00, or None when there is nothing to count."""
        if self.out_of == 0:
            return None
        return round_half_up(Fraction(self.counted, self.out_of) * 100)

    def suggested_score(self, max_score: Decimal) -> Decimal | None:
        if self.out_of == 0:
            return None
        return round_half_up(Fraction(self.counted, self.out_of) * Fraction(max_score))

    def describe(self) -> str:
        """"3 of 4 …" in the language's digits, or why there is nothing to count."""
        if self.out_of == 0:
            return _(NOTHING_TO_COUNT[self.measure])
        persian = current_language() == "fa"
        return self.measure.counts.format(counted=format_number(self.counted, persian=persian),
                                          out_of=format_number(self.out_of, persian=persian))


def acknowledged_in_time(*, current_version: int, acknowledged_version: int | None, acknowledged_on: dt.date | None,
                         ack_due: dt.date | None) -> bool:
    if acknowledged_version is None or acknowledged_on is None or acknowledged_version < current_version:
        return False
    return ack_due is None or acknowledged_on <= ack_due


def implemented_with_accepted_evidence(verdict: str | None) -> bool:
    return verdict == Verdict.ACCEPTED.value


def order_closed_in_time(*, status: str, done_on: dt.date | None, due_date: dt.date) -> bool:
    return status in (OrderStatus.DONE.value, OrderStatus.REJECTED.value) and done_on is not None and done_on <= due_date


def check_reason(text: str | None) -> str:
    """Keeping one's own score against the figure needs a written reason."""
    reason = clean_user_text(text or "")
    if not reason:
        raise UserError(N_("Write why you keep your own score instead of the suggested one."), field="reason")
    if len(reason) > MAX_REASON:
        raise UserError(N_("The reason is too long (at most {limit} characters)."), field="reason", limit=MAX_REASON)
    return reason
