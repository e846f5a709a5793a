"""Slice B's screens driven by mouse and keyboard (SQLite): the Tasks tab applies the
checklist, adds a task, marks one done and one not needed, colours the status by the
reminder ladder; the Budget tab edits an amount in place (a negative one is refused with
its sentence), adds a line, shows the totals row and over-budget lines in red, exports
the sheet; the checklist dialog adds and moves a line; clerks get no budget."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView

from pr_desk.domain.errors import PermissionDenied
from pr_desk.domain.events import TaskStatus
from pr_desk.domain.followup import REMINDER_COLOURS, ReminderLevel
from pr_desk.domain.text import to_persian_digits
from pr_desk.services.events import budget as bg
from pr_desk.services.events import checklists as cl
from pr_desk.services.events import tasks as tk
from pr_desk.ui.events.budget import BudgetLineDialog, BudgetPanel
from pr_desk.ui.events.checklist_dialog import ChecklistDialog, ChecklistItemDialog
from pr_desk.ui.events.tasks import TaskDialog, TasksPanel
from pr_desk.ui.kit.reason_dialog import ReasonDialog
from tests.databases import fresh_office
from tests.services.events.planning_helpers import ensure_types, make_event, staff


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin", admin_display_name="مدیر سامانه",
                                admin_password="admin-pass-1405")
    people = staff(db, admin)
    ensure_types(db, admin)
    cl.ensure_default_checklists(db)
    yield db, people
    db.dispose()


def click(qtbot: Any, button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_cell(qtbot: Any, table: QTableView, row: int, column: int, *, double: bool = False) -> None:
    rect = table.visualRect(table.model().index(row, column))
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    else:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    widget.resize(1100, 560)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)  # the window's shortcuts answer only when it is active
    return widget


def run_dialog(monkeypatch: pytest.MonkeyPatch, qtbot: Any, cls: Any, step: Any) -> None:
    def run(self: Any) -> int:
        self.show()
        qtbot.waitExposed(self)
        step(self)
        return int(self.result())

    monkeypatch.setattr(cls, "exec", run)


def test_tasks_panel_by_mouse_and_keys(qtbot, office, no_modal_boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, people = office
    start = tk.today() + dt.timedelta(days=10)
    event_id = make_event(db, people.admin, start_on=start)
    panel = shown(qtbot, TasksPanel(db, people.clerk, event_id))
    assert panel.TITLE == "Tasks" and panel.model.rowCount() == 0
    click(qtbot, panel.buttons["apply"])
    count = len(cl.DEFAULT_CHECKLISTS["conference"])
    assert panel.model.rowCount() == count
    assert to_persian_digits(count) in panel.summary.text()
    # the T−30 line is long past: escalated, on the ladder's red
    first = panel.tasks[0]
    assert first.reminder is ReminderLevel.ESCALATED
    status = panel.model.index(0, panel.model.column_index("status"))
    assert panel.model.data(status, Qt.ItemDataRole.BackgroundRole).color().name() == REMINDER_COLOURS[ReminderLevel.ESCALATED]
    assert panel.model.data(status) == ReminderLevel.ESCALATED.label
    due = panel.model.data(panel.model.index(0, 0))
    assert due[:2] == "۱۴" and "/" in due  # Jalali, Persian digits
    assert "T−" in panel.model.data(panel.model.index(0, 1))
    # again: nothing new, and the person is told
    click(qtbot, panel.buttons["apply"])
    assert panel.model.rowCount() == count and no_modal_boxes
    # done by a click on the row, then the button
    click_cell(qtbot, panel.table, 0, 2)
    assert panel.current() is not None and panel.current().id == first.id
    click(qtbot, panel.buttons["done"])
    assert tk.list_tasks(db, people.clerk, event_id=event_id)[0].status is TaskStatus.DONE
    # not needed by the keyboard: Ctrl+Shift+D on the second row, with a reason
    click_cell(qtbot, panel.table, 1, 2)
    run_dialog(monkeypatch, qtbot, ReasonDialog, lambda d: (d.text.setPlainText("از سال گذشته آماده است"), d.accept()))
    qtbot.keyClick(panel.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    second = tk.list_tasks(db, people.clerk, event_id=event_id)[1]
    assert second.status is TaskStatus.DROPPED and second.note == "از سال گذشته آماده است"
    # reopen it by Ctrl+R
    click_cell(qtbot, panel.table, 1, 2)
    qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert tk.list_tasks(db, people.clerk, event_id=event_id)[1].status is TaskStatus.OPEN

    # add a task by hand with the button
    def fill(d: TaskDialog) -> None:
        d.title_edit.setText("هماهنگی با پلیس راهور")
        d.due.setDate(start - dt.timedelta(days=2))
        d.owner.setCurrentIndex(d.owner.findText("علی رضایی"))
        click(qtbot, d.ok_button)

    run_dialog(monkeypatch, qtbot, TaskDialog, fill)
    click(qtbot, panel.buttons["add"])
    added = [t for t in panel.tasks if t.title == "هماهنگی با پلیس راهور"]
    assert added and added[0].owner_name == "علی رضایی" and not added[0].from_template
    assert panel.current() is not None and panel.current().id == added[0].id


def test_an_inspector_sees_no_buttons_and_a_clerk_no_budget(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, people = office
    event_id = make_event(db, people.admin)
    with pytest.raises(PermissionDenied):
        TasksPanel(db, people.inspector, event_id)
    with pytest.raises(PermissionDenied):
        bg.get_budget(db, people.clerk, event_id=event_id)


def test_budget_panel_edits_in_place_and_exports(qtbot, office, no_modal_boxes, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, people = office
    event_id = make_event(db, people.admin)
    bg.add_budget_line(db, people.supervisor, event_id=event_id, category="محل برگزاری", planned=120_000_000,
                       committed=100_000_000)
    panel = shown(qtbot, BudgetPanel(db, people.supervisor, event_id))
    model = panel.model
    assert panel.TITLE == "Budget" and model.rowCount() == 2  # the line and the totals row
    assert model.data(model.index(0, 2)) == "۱۲۰٬۰۰۰٬۰۰۰"
    assert model.data(model.index(1, 0)) == "جمع" and not (model.flags(model.index(1, 2)) & Qt.ItemFlag.ItemIsEditable)

    def type_in_cell(row: int, column: int, text: str) -> None:
        click_cell(qtbot, panel.table, row, column)
        click_cell(qtbot, panel.table, row, column, double=True)
        qtbot.waitUntil(lambda: panel.table.state() == QAbstractItemView.State.EditingState)
        editors = [e for e in panel.table.viewport().findChildren(QLineEdit) if e.isVisible()]
        assert len(editors) == 1
        editor = editors[0]
        editor.setText(text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.table.state() != QAbstractItemView.State.EditingState)  # Qt commits a moment later

    # committed above the plan: the line turns red
    type_in_cell(0, 3, "۱۳۰٬۰۰۰٬۰۰۰")
    assert bg.get_budget(db, people.supervisor, event_id=event_id).lines[0].committed == 130_000_000
    assert model.data(model.index(0, 3)) == "۱۳۰٬۰۰۰٬۰۰۰"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert "بیش از بودجه" in panel.summary.text()
    # a negative amount: one sentence, nothing changed
    type_in_cell(0, 4, "-5000")
    assert no_modal_boxes and "منفی" in no_modal_boxes[-1]
    assert bg.get_budget(db, people.supervisor, event_id=event_id).lines[0].paid == 0

    # a new line from the button
    def fill(d: BudgetLineDialog) -> None:
        d.category.setEditText("پذیرایی")
        d.amounts["planned"].setText("۸۰٬۰۰۰٬۰۰۰")
        d.amounts["paid"].setText("12.5")
        assert not d.ok_button.isEnabled()  # not a whole number of Rials
        d.amounts["paid"].setText("۲۰۰۰۰۰۰۰")
        click(qtbot, d.ok_button)

    run_dialog(monkeypatch, qtbot, BudgetLineDialog, fill)
    click(qtbot, panel.buttons["add"])
    assert model.rowCount() == 3
    assert model.data(model.index(2, 2)) == "۲۰۰٬۰۰۰٬۰۰۰" and model.data(model.index(2, 4)) == "۲۰٬۰۰۰٬۰۰۰"
    out = tmp_path / "budget.xlsx"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    click(qtbot, panel.buttons["export"])
    ws = load_workbook(out).active
    assert any(str(c.value).startswith("=SUM(") for row in ws.iter_rows() for c in row)
    # remove the new line by Delete
    click_cell(qtbot, panel.table, 1, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert model.rowCount() == 2
    assert panel.table.editTriggers() & QAbstractItemView.EditTrigger.DoubleClicked


def test_checklist_dialog_adds_and_moves_a_line(qtbot, office, no_modal_boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, people = office
    types = ensure_types(db, people.admin)
    dialog = shown(qtbot, ChecklistDialog(db, people.supervisor, types["visit"]))
    before = len(dialog.items)
    assert before == len(cl.DEFAULT_CHECKLISTS["visit"])

    def fill(d: ChecklistItemDialog) -> None:
        d.title_edit.setText("هماهنگی خودرو")
        d.offset.setValue(-4)
        click(qtbot, d.ok_button)

    run_dialog(monkeypatch, qtbot, ChecklistItemDialog, fill)
    click(qtbot, dialog.buttons["add"])
    assert len(dialog.items) == before + 1 and dialog.items[-1].title == "هماهنگی خودرو"
    assert dialog.current() is not None and dialog.current().title == "هماهنگی خودرو"
    click(qtbot, dialog.buttons["up"])
    assert dialog.items[-2].title == "هماهنگی خودرو"
    click_cell(qtbot, dialog.table, len(dialog.items) - 2, 1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert dialog.items[-1].title == "هماهنگی خودرو"
    clerk_view = shown(qtbot, ChecklistDialog(db, people.clerk, types["visit"]))
    assert not clerk_view.buttons["add"].isVisible()


def test_moving_the_event_offers_to_move_its_tasks(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.data.events.models import Event
    from pr_desk.services.context import write
    from pr_desk.ui.events.tasks import offer_to_shift_tasks

    db, people = office
    start = tk.today() + dt.timedelta(days=30)
    event_id = make_event(db, people.admin, start_on=start)
    made = tk.apply_template(db, people.clerk, event_id=event_id).tasks
    with write(db, people.admin) as s:
        e = s.get(Event, event_id)
        e.start_on = e.end_on = start + dt.timedelta(days=14)
    assert offer_to_shift_tasks(None, db, people.clerk, event_id, 0) == 0 and not no_modal_boxes
    moved = offer_to_shift_tasks(None, db, people.clerk, event_id, 14)
    assert moved == len(made) and "۱۴" in no_modal_boxes[-1]
    after = {t.id: t.due_on for t in tk.list_tasks(db, people.clerk, event_id=event_id)}
    assert all(after[t.id] > t.due_on for t in made)
