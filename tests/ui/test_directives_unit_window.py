"""A unit's window as a clerk and as a supervisor see it: the clerk, who does not judge
evidence, sees no verdict and reason labels standing alone in the evidence box; the
supervisor sees them with their choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout

from pr_desk.services import directives as dv
from pr_desk.services import units
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
