"""Calibration in the evaluation workspace (issue 18, item 17): the supervisor clicks a unit,
asks the chosen inspector for a second form, opens the two forms side by side (flagged
indicators highlighted) and clicks the form that counts; the result follows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.calibration import Counted
from pr_desk.domain.evaluation import PeriodKind
from pr_desk.services import evaluation as ev
from tests.databases import fresh_office
from tests.services.evaluation.factories import districts, full_scores, small_template, staff
from tests.ui.test_evaluation_mouse_selection import click_row, shown_workspace


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    people = staff(db, admin)
    template = small_template(db, admin)
    units = districts(db, admin, 3)
    period = ev.open_period(db, people.supervisor, kind=PeriodKind.HALF, year=1404, number=1,
                            template_id=template.id, unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[u.id for u in units[:2]],
                        inspector_id=people.inspector.user_id)
    yield db, people, period, units
    db.dispose()


def _row_of(view, unit_id) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, r in enumerate(view.units_model.rows()) if r.unit_id == unit_id)


def _sent(db, actor, period, unit, scores):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, actor, period_id=period.id, unit_id=unit.id)
    ev.save_scores(db, actor, form.id, lines=full_scores(form, scores))
    return ev.submit_form(db, actor, form.id)


def test_the_supervisor_asks_for_a_second_form_compares_and_clicks_the_one_that_counts(
        qtbot, office, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.evaluation.calibration_dialog import FLAGGED_BACKGROUND, CalibrationDialog
    from pr_desk.ui.evaluation.common import find_data

    db, people, period, units = office
    d1 = units[0]
    ws = shown_workspace(qtbot, db, people.supervisor)
    view = ws.periods_view
    assert view.second_button.isVisible() and view.compare_button.isVisible()
    assert not view.second_button.isEnabled()

    # click D1, choose the second inspector, ask
    click_row(qtbot, view.units_table, _row_of(view, d1.id))
    assert view.second_button.isEnabled() and not view.compare_button.isEnabled()
    view.inspector_combo.setCurrentIndex(find_data(view.inspector_combo, people.other_inspector.user_id))
    qtbot.mouseClick(view.second_button, Qt.MouseButton.LeftButton)
    row = view.units_model.rows()[_row_of(view, d1.id)]
    assert row.calibration_inspector_name == "فاطمه مرادی"
    shown = view.units_model.data(view.units_model.index(_row_of(view, d1.id), view.units_model.column_index("unit_name")))
    assert "فاطمه مرادی" in shown and "منطقه" in shown
    assert view.compare_button.isEnabled() and not view.second_button.isEnabled()

    screens = Path(os.environ.get("PR_DESK_SCREENS", tmp_path))
    screens.mkdir(parents=True, exist_ok=True)
    assert ws.grab().save(str(screens / "calibration_periods.png"))

    # both inspectors score and send (the second one on their own calibration form)
    main = _sent(db, people.inspector, period, d1, ["8", "4", "15"])
    second = _sent(db, people.other_inspector, period, d1, ["5", "4", "16"])
    assert second.form.calibration

    # the comparison opens from the button (the dialog is caught instead of run modally)
    opened: list[CalibrationDialog] = []
    monkeypatch.setattr(CalibrationDialog, "exec", lambda self: opened.append(self) or 0)
    ws.reload_all()
    click_row(qtbot, view.units_table, _row_of(view, d1.id))
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    dialog = opened[0]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    model = dialog.model
    assert model.rowCount() == 3
    flagged = [model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole) for r in range(3)]
    assert [c.name() if c is not None else None for c in flagged] == [FLAGGED_BACKGROUND, None, None]
    difference = model.data(model.index(0, model.column_index("difference")))
    assert "۳" in difference and "3" not in difference  # Persian digits
    assert "۱" in dialog.inspectors_label.text() and "۳" in dialog.inspectors_label.text()
    click_row(qtbot, dialog.table, 2)  # people click the lines to read them
    assert dialog.main_button.isEnabled() and dialog.second_button.isEnabled()

    # a margin that is not a number: one sentence beside the field, nothing written
    dialog.margin_edit.setText("ده")
    qtbot.mouseClick(dialog.margin_button, Qt.MouseButton.LeftButton)
    assert "عددی از ۰ تا ۱۰۰" in dialog.margin_error.text()
    assert ev.calibration_margin(db, people.supervisor) == 10

    dialog.resize(1000, 560)
    assert dialog.grab().save(str(screens / "calibration_dialog.png"))

    # the second form counts: clicked, with a reason
    dialog.reason_edit.setText("بازدید دوم با مستندات کامل‌تر")
    qtbot.mouseClick(dialog.second_button, Qt.MouseButton.LeftButton)
    assert dialog.calibration is not None and dialog.calibration.counted is Counted.CALIBRATION
    assert "مریم احمدی" in dialog.decision_label.text() and not dialog.second_button.isEnabled()
    assert dialog.grab().save(str(screens / "calibration_dialog_decided.png"))
    result = ev.unit_result(db, people.supervisor, period_id=period.id, unit_id=d1.id, include_unapproved=True)
    assert result.form_id == second.id and result.form_id != main.id

    # the second inspector sees D1 in their own list as their calibration form
    theirs = shown_workspace(qtbot, db, people.other_inspector)
    rows = theirs.periods_view.units_model.rows()
    assert [(r.unit_id, r.calibration) for r in rows] == [(d1.id, True)]
    assert not theirs.periods_view.compare_button.isVisible() and not theirs.periods_view.second_button.isVisible()
