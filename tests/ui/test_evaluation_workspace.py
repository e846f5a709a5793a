"""The evaluation workspace driven as its users would: a supervisor opens a period and
assigns an inspector, the inspector scores (a score over the maximum is refused), saves
and submits, the supervisor approves, the form locks; a clerk only reads; results rank.
Real widgets on a real SQLite database made through the services; no modal stays open."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.evaluation import FormStatus, Grade, PeriodKind
from pr_desk.services import evaluation as ev
from pr_desk.ui.evaluation.common import find_data, select_row
from pr_desk.ui.evaluation.score_model import INSPECTOR, NOTE, SELF
from tests.databases import fresh_office
from tests.services.evaluation.factories import districts, small_template, staff

ADMIN_PASSWORD = "admin-pass-1405"


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    people = staff(db, admin)
    template = small_template(db, admin)
    yield db, people, template
    db.dispose()


def workspace(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.evaluation import EvaluationWorkspace

    ws = EvaluationWorkspace(db, actor)
    qtbot.addWidget(ws)
    return ws


def open_period(db, people, template):  # type: ignore[no-untyped-def]
    units = districts(db, people.admin, 3)
    period = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=2,
                            template_id=template.id, unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[units[0].id, units[1].id],
                        inspector_id=people.inspector.user_id)
    return period, units


def editor_for(qtbot, db, actor, period, unit):  # type: ignore[no-untyped-def]
    ws = workspace(qtbot, db, actor)
    editor = ws.form_editor(period.id, unit.id)
    assert editor is not None
    editor.workspace = ws  # the editor's parent must outlive this helper
    return editor


def test_supervisor_opens_a_period_and_assigns_an_inspector(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    ws = workspace(qtbot, db, people.supervisor)
    view = ws.periods_view
    assert view.open_button.isVisible() or not ws.isVisible()
    dialog = view.open_period_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(find_data(dialog.kind, PeriodKind.QUARTER.value))
    dialog.year.setValue(1404)
    dialog.number.setValue(3)
    dialog.template.setCurrentIndex(find_data(dialog.template, template.id))
    assert dialog.label.text() == "سه‌ماهه سوم ۱۴۰۴"
    dialog.none_button.click()
    assert not dialog.ok_button.isEnabled()  # no unit chosen
    for row in range(2):
        dialog.units_model.item(row).setCheckState(Qt.CheckState.Checked)
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.opened is not None and dialog.opened.unit_count == 2
    view.reload(select_id=dialog.opened.id)
    assert view.current_period().id == dialog.opened.id
    assert view.units_model.rowCount() == 2
    assert view.summary_label.text().endswith("۲ شروع‌نشده") or "۲" in view.summary_label.text()

    select_row(view.units_table, 0)
    select_row(view.units_table, 1, add=True)
    view.set_inspector(people.inspector.user_id)
    view.assign_selected()
    progress = ev.period_progress(db, people.supervisor, period_id=dialog.opened.id)
    assert {p.inspector_id for p in progress} == {people.inspector.user_id}
    assert {view.units_model.row_at(r).inspector_name for r in range(2)} == {"حسین کریمی"}
    assert no_modal_boxes == []


def test_inspector_scores_saves_and_submits_then_supervisor_approves(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    editor = editor_for(qtbot, db, people.inspector, period, units[0])
    assert editor.save_button.isEnabled() and editor.submit_button.isEnabled()
    assert not editor.approve_button.isVisible() or not editor.approve_button.isEnabled()

    # A score over the maximum stays in its cell, red, with the reason; saving is refused.
    editor.set_score(0, INSPECTOR, "۱۲")
    index = editor.model.index(0, INSPECTOR)
    assert index.data() == "۱۲"
    assert "۱۰" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert editor.cell_error.error() and "۱۲" in editor.cell_error.error()
    assert editor.save() is False
    assert no_modal_boxes and "۱۲" in no_modal_boxes[-1]
    stored = ev.get_form(db, people.inspector, editor.detail.id)
    assert stored.lines[0].inspector_score is None and stored.form.total is None

    # Valid scores: the live total follows the one scoring function as the user types.
    editor.set_score(0, INSPECTOR, "۸")
    assert editor.model.errors() == []
    editor.set_score(1, INSPECTOR, "4")
    editor.set_score(2, INSPECTOR, "۱۵")
    editor.set_score(0, SELF, "10")
    editor.model.setData(editor.model.index(0, NOTE), "۳۲ خبر با عکس")
    # (6×8/10 + 4×4/5 + 10×15/20) / 20 × 100 = 77.50
    assert "۷۷٫۵۰" in editor.total_label.text()
    assert Grade.GOOD.label in editor.total_label.text()
    assert editor.is_dirty()
    assert editor.save() is True
    assert not editor.is_dirty()
    stored = ev.get_form(db, people.inspector, editor.detail.id)
    assert stored.form.total == Decimal("77.50")
    assert stored.lines[0].evidence_note == "۳۲ خبر با عکس"

    editor.submit()
    assert editor.detail.status is FormStatus.SUBMITTED
    assert not editor.save_button.isEnabled()
    assert not editor.model.flags(editor.model.index(0, INSPECTOR)) & Qt.ItemFlag.ItemIsEditable

    # The supervisor approves; the form is then locked for everyone.
    chief = editor_for(qtbot, db, people.supervisor, period, units[0])
    assert chief.approve_button.isEnabled() and chief.return_button.isEnabled()
    assert not chief.save_button.isVisible() or not chief.save_button.isEnabled()
    chief.approve()
    assert chief.detail.status is FormStatus.APPROVED
    assert ev.get_form(db, people.supervisor, chief.detail.id).status is FormStatus.APPROVED
    assert not chief.approve_button.isEnabled()

    again = editor_for(qtbot, db, people.inspector, period, units[0])
    assert not again.editable
    assert not again.save_button.isEnabled() and not again.submit_button.isEnabled()
    assert not again.model.flags(again.model.index(0, INSPECTOR)) & Qt.ItemFlag.ItemIsEditable
    assert again.model.setData(again.model.index(0, INSPECTOR), Decimal(1)) is False
    assert again.revise_button.isEnabled()
    assert not again.add_file_button.isEnabled()


def test_a_stale_save_reloads_the_form(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    first = editor_for(qtbot, db, people.inspector, period, units[1])
    second = editor_for(qtbot, db, people.inspector, period, units[1])
    first.set_score(1, INSPECTOR, "3")
    assert first.save()
    second.set_score(1, INSPECTOR, "5")
    assert second.save() is False
    assert any("دوباره" in text or "تغییر" in text for text in no_modal_boxes)
    assert second.detail.lines[1].inspector_score == Decimal("3.00")
    assert not second.is_dirty()


def test_unsaved_changes_are_asked_about_on_close(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    editor = editor_for(qtbot, db, people.inspector, period, units[0])
    editor.set_score(2, INSPECTOR, "20")
    answers = iter(["cancel", "save"])
    editor.ask_unsaved = lambda *_a: next(answers)  # type: ignore[method-assign]
    assert editor.confirm_leave() is False
    assert editor.confirm_leave() is True
    assert ev.get_form(db, people.inspector, editor.detail.id).lines[2].inspector_score == Decimal("20.00")


def test_a_clerk_reads_but_cannot_edit(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    ev.open_form(db, people.inspector, period_id=period.id, unit_id=units[0].id)
    ws = workspace(qtbot, db, people.clerk)
    assert ws.periods_view.open_button.isHidden() and ws.periods_view.assign_button.isHidden()
    assert ws.templates_button.isHidden()
    editor = ws.form_editor(period.id, units[0].id)
    assert editor is not None
    assert not editor.editable
    assert editor.save_button.isHidden() and editor.approve_button.isHidden()
    assert not editor.model.flags(editor.model.index(0, INSPECTOR)) & Qt.ItemFlag.ItemIsEditable
    assert editor.notice.text()
    # a unit with no form yet is only announced, never started by a reader
    assert ws.form_editor(period.id, units[2].id) is None
    assert ev.find_form(db, people.clerk, period_id=period.id, unit_id=units[2].id) is None


def test_results_show_rank_and_grade(qtbot, office, no_modal_boxes) -> None:
    from pr_desk.ui.evaluation.results_view import _result_text

    db, people, template = office
    period, units = open_period(db, people, template)
    for unit, scores in ((units[0], ["8", "4", "15"]), (units[1], ["10", "5", "20"])):
        form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
        lines = [ev.ScoreInput(line.indicator_id, s, s, "گزارش") for line, s in zip(form.lines, scores, strict=False)]
        form = ev.save_scores(db, people.inspector, form.id, lines=lines, expected_version=form.version)
        form = ev.submit_form(db, people.inspector, form.id, expected_version=form.version)
        ev.approve_form(db, people.supervisor, form.id, expected_version=form.version)
    ws = workspace(qtbot, db, people.supervisor)
    view = ws.results_view
    assert view.period is not None and view.period.id == period.id
    rows = {view.model.row_at(r).unit_id: view.model.row_at(r) for r in range(view.model.rowCount())}
    best, second = rows[units[1].id], rows[units[0].id]
    assert (best.rank, second.rank) == (1, 2)
    assert _result_text(best, "rank") == "۱ از ۲"
    assert _result_text(best, "grade") == Grade.EXCELLENT.label
    assert _result_text(second, "grade") == Grade.GOOD.label
    assert _result_text(second, "total") == "۷۷٫۵۰"
    assert view.bar_chart.items and view.bar_chart.items[0][1] == Decimal("100.00")
    assert len(view.radar.axes) == 2
    assert view.unit_report_button.isEnabled()
    assert view._unit_params()["period"] == period.code
