"""The objective measures' pure rules: the figure, the suggested score rounded as the scoring
rounds, nothing to count said as such, and what counts as in time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.domain.measures import (
    Figure,
    Measure,
    acknowledged_in_time,
    check_reason,
    implemented_with_accepted_evidence,
    order_closed_in_time,
    parse_measure,
)
from pr_desk.i18n import _

D = dt.date


def test_figures_and_suggested_scores_are_exact_decimals() -> None:
    two_thirds = Figure(Measure.ORDERS_CLOSED, 2, 3)
    assert two_thirds.percent == Decimal("66.67")
    assert two_thirds.suggested_score(Decimal(10)) == Decimal("6.67")
    assert two_thirds.suggested_score(Decimal("7.5")) == Decimal("5.00")
    eighth = Figure(Measure.DIRECTIVES_IMPLEMENTED, 1, 8)
    assert eighth.percent == Decimal("12.50") and eighth.suggested_score(Decimal(1)) == Decimal("0.13")  # 0.125 half up
    assert Figure(Measure.DIRECTIVES_ACKNOWLEDGED, 0, 4).percent == Decimal("0.00")
    assert Figure(Measure.DIRECTIVES_ACKNOWLEDGED, 4, 4).suggested_score(Decimal(20)) == Decimal("20.00")
    for value in (two_thirds.percent, two_thirds.suggested_score(Decimal(10))):
        assert isinstance(value, Decimal)
    with pytest.raises(ValueError):
        Figure(Measure.ORDERS_CLOSED, 3, 2)


def test_nothing_to_count_is_none_and_says_so() -> None:
    empty = Figure(Measure.ORDERS_CLOSED, 0, 0)
    assert empty.percent is None and empty.suggested_score(Decimal(10)) is None
    assert empty.describe() == _("No order referred to the unit was due in the period: there is nothing to count.")
    assert Figure(Measure.DIRECTIVES_ACKNOWLEDGED, 3, 4).describe() == _(
        "{counted} of {out_of} directives communicated in the period acknowledged in time").format(counted="۳", out_of="۴")


def test_what_counts_as_in_time() -> None:
    ack = dict(current_version=2, acknowledged_on=D(2026, 7, 5), ack_due=D(2026, 7, 5))
    assert acknowledged_in_time(acknowledged_version=2, **ack)  # type: ignore[arg-type]
    assert not acknowledged_in_time(acknowledged_version=1, **ack)  # an older version  # type: ignore[arg-type]
    assert not acknowledged_in_time(current_version=1, acknowledged_version=1, acknowledged_on=D(2026, 7, 6), ack_due=D(2026, 7, 5))
    assert acknowledged_in_time(current_version=1, acknowledged_version=1, acknowledged_on=D(2026, 9, 1), ack_due=None)
    assert not acknowledged_in_time(current_version=1, acknowledged_version=None, acknowledged_on=None, ack_due=None)
    assert implemented_with_accepted_evidence("accepted")
    assert not implemented_with_accepted_evidence("not_accepted") and not implemented_with_accepted_evidence(None)
    due = D(2026, 8, 1)
    assert order_closed_in_time(status="done", done_on=due, due_date=due)
    assert order_closed_in_time(status="rejected", done_on=D(2026, 7, 30), due_date=due)
    assert not order_closed_in_time(status="done", done_on=D(2026, 8, 2), due_date=due)
    assert not order_closed_in_time(status="open", done_on=None, due_date=due)


def test_codes_labels_and_reasons() -> None:
    assert parse_measure("orders_closed") is Measure.ORDERS_CLOSED
    with pytest.raises(UserError):
        parse_measure("speed")
    for m in Measure:
        assert m.label and m.label != m.value
    assert Measure.ORDERS_CLOSED.label == "دستورات بسته‌شده در مهلت (٪)"
    with pytest.raises(UserError) as blank:
        check_reason("  \n ")
    assert blank.value.field == "reason"
    with pytest.raises(UserError):
        check_reason("x" * 2001)
    assert check_reason("  بازدید میدانی نشان داد  ") == "بازدید میدانی نشان داد"
