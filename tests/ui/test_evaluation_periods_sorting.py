"""The evaluation periods page: its two lists sort by a header click, in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pr_desk.services import evaluation as ev
from tests.services.evaluation.test_list_sorting import periods_with_units
from tests.ui.test_list_pages import click_header, shown


def test_the_periods_and_their_units_sort_by_a_header_click(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.evaluation.periods_view import PeriodsView

    db, admin = office
    period, units = periods_with_units(db, admin)
    view = shown(qtbot, PeriodsView(db, admin))
    assert [r.id for r in view.periods_model.rows()] == [p.id for p in ev.list_periods(db, admin)]  # newest first

    click_header(qtbot, view.periods_table, "unit_count")
    assert [r.unit_count for r in view.periods_model.rows()] == [1, 4, 5]
    click_header(qtbot, view.periods_table, "unit_count")
    assert [r.unit_count for r in view.periods_model.rows()] == [5, 4, 1]
    assert view.current_period() is not None

    from pr_desk.ui.evaluation.common import select_where

    select_where(view.periods_table, lambda r: r.id == period.id)
    click_header(qtbot, view.units_table, "total")
    totals = [r.total for r in view.units_model.rows()]
    assert totals[0] < totals[1] and totals[2:] == [None, None, None]
    click_header(qtbot, view.units_table, "total")
    assert [r.total for r in view.units_model.rows()] == totals[::-1]
    assert view.units_table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    click_header(qtbot, view.units_table, "unit_code")
    assert [r.unit_code for r in view.units_model.rows()] == sorted(u.code for u in units)
