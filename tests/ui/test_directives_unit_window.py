"""A unit's window as a clerk and as a supervisor see it: the clerk, who does not judge
evidence, sees no verdict and reason labels standing alone in the evidence box; the
supervisor sees them with their choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout

from pr_desk.i18n import _
from pr_desk.services import directives as dv
from pr_desk.services import units
from pr_desk.ui.kit.formatting import digits
from tests.ui.test_directives_workspace import boxes, issued, office, workspace

__all__ = ["boxes", "office"]  # the fixtures, used by name


def _unit_window(qtbot: Any, ws: Any, directive_id: Any, unit_id: Any) -> Any:
    matrix = ws.matrix_view
    ws.tabs.setCurrentWidget(matrix)
    centre = matrix.cell_rect_center(directive_id, unit_id)
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double-click's first press
    qtbot.mouseDClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert matrix.last_dialog is not None
    return matrix.last_dialog


def _verdict_labels(window: Any) -> list[bool]:
    form = window.verdict_box.layout()
    assert isinstance(form, QFormLayout)
    return [form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().isVisible() for row in (0, 1)]


def test_only_who_judges_sees_the_verdict_rows(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    d = issued(office, "پوشش خبری رویدادهای شهری")
    district = units.list_units(office.db, office.admin, search="منطقه ۷")[0]
    dv.distribute(office.db, office.clerk, d.info.id, unit_ids=[district.id])

    clerk_window = _unit_window(qtbot, workspace(qtbot, office, office.clerk), d.info.id, district.id)
    assert clerk_window.verdict_box.isVisible() and _verdict_labels(clerk_window) == [False, False]
    assert not clerk_window.accept_radio.isVisible() and not clerk_window.verdict_reason.isVisible()

    sup_window = _unit_window(qtbot, workspace(qtbot, office, office.supervisor), d.info.id, district.id)
    assert _verdict_labels(sup_window) == [True, True] and sup_window.accept_radio.isVisible()
    assert not boxes


def test_the_matrix_of_one_kind_of_unit_lists_the_directives_sent_to_them(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.domain.units import UnitKind
    from pr_desk.ui.kit.widgets import find_data

    district = units.list_units(office.db, office.admin, search="منطقه ۷")[0]
    company = units.add_unit(office.db, office.admin, name="شرکت واحد اتوبوسرانی تهران", kind=UnitKind.COMPANY)
    to_district = issued(office, "پوشش خبری رویدادهای شهری")
    to_company = issued(office, "گزارش سالانه عملکرد")
    dv.distribute(office.db, office.clerk, to_district.info.id, unit_ids=[district.id])
    dv.distribute(office.db, office.clerk, to_company.info.id, unit_ids=[company.id])
    ws = workspace(qtbot, office, office.clerk)
    matrix = ws.matrix_view
    ws.tabs.setCurrentWidget(matrix)
    assert matrix.model.rowCount() == 2

    matrix.unit_kind_filter.setCurrentIndex(find_data(matrix.unit_kind_filter, UnitKind.COMPANY))
    assert [matrix.model.matrix().directives[r].id for r in range(matrix.model.rowCount())] == [to_company.info.id]
    assert matrix.model.columnCount() == 2 + 1 and matrix.page_label.text() == _("{first}–{last} of {total}").format(
        first=digits(1), last=digits(1), total=digits(1))
    matrix.unit_kind_filter.setCurrentIndex(find_data(matrix.unit_kind_filter, UnitKind.OFFICE))
    assert matrix.model.rowCount() == 0 and matrix.empty.isVisible() and not boxes


def test_the_open_buttons_follow_what_is_chosen(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    d = issued(office, "پوشش خبری رویدادهای شهری")
    district7, district8 = (units.list_units(office.db, office.admin, search=f"منطقه {n}")[0] for n in ("۷", "۸"))
    dv.distribute(office.db, office.clerk, d.info.id, unit_ids=[district7.id, district8.id])
    issued(office, "گزارش سالانه عملکرد")  # sent to no unit: its cells are empty
    ws = workspace(qtbot, office, office.clerk)

    page = ws.register_page
    assert not page.open_button.isEnabled()  # nothing chosen: nothing to open
    cell = page.table.visualRect(page.model.index(0, page.model.column_index("title")))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert page.open_button.isEnabled()
    page.search.setText("چیزی که نیست")
    page.reload()
    assert not page.open_button.isEnabled()

    matrix = ws.matrix_view
    ws.tabs.setCurrentWidget(matrix)
    assert not matrix.open_button.isEnabled()
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=matrix.cell_rect_center(d.info.id, district7.id))
    assert matrix.open_button.isEnabled()
    other = next(r for r in range(matrix.model.rowCount()) if matrix.model.matrix().directives[r].id != d.info.id)
    empty = matrix.table.visualRect(matrix.model.index(other, matrix.model.unit_column(district7.id))).center()
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert not matrix.open_button.isEnabled()  # not sent to this unit: no unit window
    title = matrix.table.visualRect(matrix.model.index(other, 1)).center()
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=title)
    assert matrix.open_button.isEnabled()  # the directive's own window

    pending = ws.pending_view
    ws.tabs.setCurrentWidget(pending)
    pending.choose_unit(district7.id)
    assert pending.model.rowCount() == 1 and not pending.open_button.isEnabled()
    row = pending.table.visualRect(pending.model.index(0, 1)).center()
    qtbot.mouseClick(pending.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert pending.open_button.isEnabled() and not boxes
