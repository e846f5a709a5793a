"""A click with the mouse chooses a row in the evaluation workspace as the arrow keys do:
the period's units follow the clicked period, the radar and the unit buttons follow the
clicked result. (A view that listened for the current row, which Qt moves before it
selects, read no selection at all on a click.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.evaluation import PeriodKind
from pr_desk.services import evaluation as ev
from tests.databases import fresh_office
from tests.services.evaluation.factories import districts, small_template, staff


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    people = staff(db, admin)
    template = small_template(db, admin)
    yield db, people, template
    db.dispose()


def click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def shown_workspace(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.evaluation import EvaluationWorkspace

    ws = EvaluationWorkspace(db, actor)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    return ws


def test_a_clicked_result_shows_its_radar_and_enables_its_buttons(qtbot, office) -> None:
    from pr_desk.ui.evaluation.results_view import short_name

    db, people, template = office
    units = districts(db, people.admin, 3)
    period = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=2,
                            template_id=template.id, unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[u.id for u in units],
                        inspector_id=people.inspector.user_id)
    for unit, scores in zip(units, (["8", "4", "15"], ["10", "5", "20"], ["5", "2", "10"]), strict=True):
        form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
        lines = [ev.ScoreInput(line.indicator_id, s, s, "گزارش") for line, s in zip(form.lines, scores, strict=False)]
        form = ev.save_scores(db, people.inspector, form.id, lines=lines, expected_version=form.version)
        form = ev.submit_form(db, people.inspector, form.id, expected_version=form.version)
        ev.approve_form(db, people.supervisor, form.id, expected_version=form.version)
    ws = shown_workspace(qtbot, db, people.supervisor)
    view = ws.results_view
    ws.tabs.setCurrentWidget(view)
    assert view.model.rowCount() == 3
    for row in (1, 2, 0):
        clicked = view.model.row_at(row)
        click_row(qtbot, view.table, row)
        assert view.current_result() is not None and view.current_result().unit_id == clicked.unit_id
        assert view.radar.axes, "the radar asks to choose a unit although one was clicked"
        assert view.bar_chart.selected == short_name(clicked.unit_name)
        for button in (view.unit_report_button, view.print_button, view.blank_button, view.save_excel_button,
                       view.open_form_button):
            assert button.isEnabled(), button.text()
        assert view._unit_params()["unit"] == clicked.unit_code


def test_a_clicked_period_lists_its_own_units(qtbot, office) -> None:
    db, people, template = office
    units = districts(db, people.admin, 3)
    first = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=1,
                           template_id=template.id, unit_ids=[units[0].id])
    second = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=2,
                            template_id=template.id, unit_ids=[u.id for u in units])
    ws = shown_workspace(qtbot, db, people.supervisor)
    view = ws.periods_view
    ws.tabs.setCurrentWidget(view)
    rows = {view.periods_model.row_at(r).id: r for r in range(view.periods_model.rowCount())}
    for period, count in ((first, 1), (second, 3), (first, 1)):
        click_row(qtbot, view.periods_table, rows[period.id])
        current = view.current_period()
        assert current is not None and current.id == period.id
        assert view.units_model.rowCount() == count
        assert period.label in view.units_heading.text()
        assert ws.results_view.period is not None and ws.results_view.period.id == period.id
    click_row(qtbot, view.units_table, 0)
    assert view.form_button.isEnabled()
