"""The distribution matrix on one PC while another PC (its own Database on the same SQLite
file) records a unit's step first: the refusal is said, and the unit's window, the matrix
and the register then show what the other PC saved instead of offering the step again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from pr_desk.domain.directives import RecipientState
from pr_desk.i18n import _
from pr_desk.services import auth, setup, units
from pr_desk.services import directives as dv
from tests.ui.test_directives_workspace import (
    PASSWORD,
    boxes,
    click,
    focus,
    issued,
    office,
    type_text,
    workspace,
)

__all__ = ["boxes", "office"]  # the fixtures, used by name


def test_an_acknowledgement_another_pc_recorded_first_shows_everywhere(qtbot, office, boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = issued(office, "پوشش خبری رویدادهای شهری")
    district = units.list_units(office.db, office.admin, search="منطقه ۷")[0]
    dv.distribute(office.db, office.clerk, d.info.id, unit_ids=[district.id])
    ws = workspace(qtbot, office, office.clerk)
    matrix = ws.matrix_view
    ws.tabs.setCurrentWidget(matrix)
    centre = matrix.cell_rect_center(d.info.id, district.id)
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    unit_window = matrix.last_dialog
    assert unit_window is not None and unit_window.ack_box.isEnabled()

    other_pc: Any = setup.open_or_create(str(tmp_path / "office.sqlite")).db
    try:
        clerk2 = auth.login(other_pc, "clerk2", PASSWORD)
        dv.acknowledge(other_pc, clerk2, d.info.id, district.id, by_name="نرگس امینی")
    finally:
        other_pc.dispose()

    type_text(qtbot, unit_window.ack_name, "زهرا کاظمی")
    click(qtbot, unit_window.ack_button)
    assert boxes == [_("This unit has already acknowledged the version in force.")]
    assert [a.by_name for a in dv.acknowledgements(office.db, office.clerk, unit_window.recipient.id)] == ["نرگس امینی"]
    # the window shows the other PC's acknowledgement and no longer offers the step
    assert unit_window.recipient.state is RecipientState.ACKNOWLEDGED and not unit_window.ack_box.isEnabled()
    assert unit_window.history_model.rowCount() == 1
    # and the views behind it follow
    index = matrix.model.index(matrix.model.directive_row(d.info.id), matrix.model.unit_column(district.id))
    assert matrix.model.state_at(index) is RecipientState.ACKNOWLEDGED
    assert ws.register_page.model.rows()[0].acknowledged == 1


def test_refresh_shows_what_another_pc_recorded(qtbot, office, boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = issued(office, "پوشش خبری رویدادهای شهری")
    district = units.list_units(office.db, office.admin, search="منطقه ۷")[0]
    dv.distribute(office.db, office.clerk, d.info.id, unit_ids=[district.id])
    ws = workspace(qtbot, office, office.clerk)
    matrix, page, pending = ws.matrix_view, ws.register_page, ws.pending_view
    index = matrix.model.index(matrix.model.directive_row(d.info.id), matrix.model.unit_column(district.id))
    assert matrix.model.state_at(index) is RecipientState.TO_ACKNOWLEDGE and page.model.rows()[0].acknowledged == 0
    pending.choose_unit(district.id)
    assert [r.state for r in pending.rows.rows] == [RecipientState.TO_ACKNOWLEDGE]

    other_pc: Any = setup.open_or_create(str(tmp_path / "office.sqlite")).db
    try:
        dv.acknowledge(other_pc, auth.login(other_pc, "clerk2", PASSWORD), d.info.id, district.id, by_name="نرگس امینی")
    finally:
        other_pc.dispose()

    ws.tabs.setCurrentWidget(matrix)
    centre = matrix.cell_rect_center(d.info.id, district.id)
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    click(qtbot, matrix.refresh_button)
    index = matrix.model.index(matrix.model.directive_row(d.info.id), matrix.model.unit_column(district.id))
    assert matrix.model.state_at(index) is RecipientState.ACKNOWLEDGED
    assert matrix.table.currentIndex() == index  # the cell stays chosen

    ws.tabs.setCurrentWidget(page)
    row = page.table.visualRect(page.model.index(0, page.model.column_index("title")))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    focus(qtbot, page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    assert page.model.rows()[0].acknowledged == 1
    assert page.current() is not None and page.current().id == d.info.id  # the row stays chosen

    ws.tabs.setCurrentWidget(pending)
    click(qtbot, pending.refresh_button)
    assert [r.state for r in pending.rows.rows] == [RecipientState.ACKNOWLEDGED]
    assert not boxes
