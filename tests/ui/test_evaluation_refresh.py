"""The evaluation workspace's Refresh (and F5): a form another PC submitted shows in the
supervisor's list of units without opening PR Desk again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from pr_desk.domain.evaluation import FormStatus
from pr_desk.services import evaluation as ev
from tests.ui.test_evaluation_workspace import office, open_period, workspace  # noqa: F401 (fixture)


def test_refresh_and_f5_show_a_form_another_pc_submitted(qtbot: Any, office: Any, no_modal_boxes: list[str]) -> None:  # noqa: F811
    db, people, template = office
    period, units = open_period(db, people, template)
    ws = workspace(qtbot, db, people.supervisor)
    ws.resize(1200, 800)
    ws.show()
    qtbot.waitExposed(ws)
    view = ws.periods_view
    view.reload(select_id=period.id)

    def progress(unit_id: Any) -> str:
        return next(r.progress.value for r in view.units_model.rows() if r.unit_id == unit_id)

    before = progress(units[0].id)
    # on the inspector's PC: scored and submitted
    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=units[0].id)
    lines = [ev.ScoreInput(line.indicator_id, None, "1", "یادداشت") for line in form.lines]
    saved = ev.save_scores(db, people.inspector, form.id, lines=lines)
    assert ev.submit_form(db, people.inspector, saved.id).status is FormStatus.SUBMITTED
    assert progress(units[0].id) == before
    qtbot.mouseClick(ws.refresh_button, Qt.MouseButton.LeftButton)
    assert progress(units[0].id) == FormStatus.SUBMITTED.value
    # approved on a third PC; F5 in the units list shows it
    ev.approve_form(db, people.admin, saved.id)
    ws.activateWindow()
    qtbot.waitUntil(ws.isActiveWindow)
    view.units_table.setFocus()
    qtbot.keyClick(view.units_table, Qt.Key.Key_F5)
    assert progress(units[0].id) == FormStatus.APPROVED.value
