"""The Guests, Seating, Programme and Check-in tabs of an event's window, driven as people
use them: clicks on the table's viewport, a seat clicked on the drawn plan then a guest,
Enter at the door; the protocol ranks dialog."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import QPoint, Qt

from pr_desk.domain.events import Honorific, InvitationStatus
from pr_desk.services.events import checkin as ck
from pr_desk.services.events import guests as gs
from pr_desk.services.events import programme as pg
from pr_desk.services.events import seating as st
from tests.services.evaluation.factories import staff
from tests.services.events.guest_factories import make_event

SHOTS = os.environ.get("PR_DESK_SHOTS")  # a folder: the screens are saved there to look at


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))


def _row_point(view, row: int, column: int = 0) -> QPoint:  # type: ignore[no-untyped-def]
    return view.visualRect(view.model().index(row, column)).center()


@pytest.fixture
def event(sqlite_office):  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    people = staff(db, admin)
    event_id = make_event(db, admin, capacity=40, venue="تالار بزرگ کشور")
    ranks = {r.name: r.id for r in gs.list_ranks(db, admin)}
    for honorific, name, title, org, rank, status in (
        (Honorific.DR_MR, "علیرضا زاکانی", "شهردار تهران", "شهرداری تهران", "شهردار تهران", "accepted"),
        (Honorific.MRS, "زهره لاجوردی", "عضو شورای شهر", "شورای اسلامی شهر تهران", "عضو شورای شهر", "accepted"),
        (Honorific.ENG_MR, "حمید توکلی", "معاون شهردار", "معاونت فنی و عمرانی", "معاون شهردار", "invited"),
        (Honorific.MR, "محسن یزدانی", "خبرنگار", "روزنامه همشهری", "رسانه", "to_invite"),
    ):
        g = gs.add_guest(db, admin, event_id=event_id, honorific=honorific, full_name=name, title=title, organisation=org,
                         rank_id=ranks[rank], mobile="09121234567" if status == "accepted" else "")
        if status != "to_invite":
            gs.set_invitation(db, admin, g.id, InvitationStatus.INVITED)
        if status == "accepted":
            gs.set_invitation(db, admin, g.id, InvitationStatus.ACCEPTED)
    return db, people, event_id


def test_guests_panel_lists_steps_and_edits(qtbot, event, no_modal_boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.events.guests import GuestDialog, GuestsPanel

    db, people, event_id = event
    panel = GuestsPanel(db, people.clerk, event_id)
    qtbot.addWidget(panel)
    panel.resize(1100, 500)
    panel.show()
    assert GuestsPanel.TITLE == "Guests"
    assert panel.model.rowCount() == 4
    assert panel.model.data(panel.model.index(0, 0)) == "جناب آقای دکتر علیرضا زاکانی"
    assert "۴" in panel.summary.text()
    _shot(panel, "guests_panel.png")
    # a click on the reporter's row, then Invited
    reporter_row = next(r for r in range(4) if panel.model.row_at(r).full_name == "محسن یزدانی")
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=_row_point(panel.table, reporter_row))
    assert panel.current() is not None and panel.current().full_name == "محسن یزدانی"
    qtbot.mouseClick(panel.buttons["invited"], Qt.MouseButton.LeftButton)
    assert gs.list_guests(db, people.clerk, event_id, search="یزدانی")[0].invitation is InvitationStatus.INVITED
    # search
    panel.search.setText("همشهري")
    assert panel.model.rowCount() == 1
    panel.search.setText("")
    # add through the dialog
    def fill(dialog: GuestDialog) -> int:
        dialog.name_edit.setText("مریم احمدی")
        dialog.honorific.setCurrentIndex(1)
        dialog.mobile_edit.setText("12")
        assert not dialog.ok_button.isEnabled()
        dialog.mobile_edit.setText("۰۹۱۲۰۰۰۱۱۲۲")
        assert dialog.ok_button.isEnabled()
        dialog.accept()
        return 1
    monkeypatch.setattr(GuestDialog, "exec", fill)
    qtbot.mouseClick(panel.buttons["add"], Qt.MouseButton.LeftButton)
    assert gs.guest_counts(db, people.clerk, event_id).total == 5
    # an inspector cannot open it; a supervisor sees the ranks button
    assert not panel.buttons["ranks"].isVisibleTo(panel)
    sup = GuestsPanel(db, people.supervisor, event_id)
    qtbot.addWidget(sup)
    assert sup.buttons["ranks"].isVisibleTo(sup)


def test_ranks_dialog(qtbot, event, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.events.ranks_dialog import RanksDialog

    db, people, _event_id = event
    dialog = RanksDialog(db, people.supervisor)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == len(gs.DEFAULT_RANKS)
    second = dialog.table.visualItemRect(dialog.table.item(1, 1)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert dialog.current() is not None and dialog.current().name == "معاون وزیر"
    qtbot.mouseClick(dialog.buttons["up"], Qt.MouseButton.LeftButton)
    assert [r.name for r in gs.list_ranks(db, people.clerk)][:2] == ["معاون وزیر", "وزیر"] and dialog.changed
    _shot(dialog, "ranks_dialog.png")
    clerk = RanksDialog(db, people.clerk)
    qtbot.addWidget(clerk)
    assert not clerk.buttons["add"].isEnabled()


def test_seating_panel_fill_and_click_a_seat_then_a_guest(qtbot, event, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.events.seating import SeatingPanel

    db, people, event_id = event
    panel = SeatingPanel(db, people.clerk, event_id)
    qtbot.addWidget(panel)
    panel.resize(1100, 500)
    panel.show()
    assert not panel.buttons["fill"].isEnabled()
    panel.groups.setValue(3)
    panel.per_group.setValue(6)
    with qtbot.waitSignal(panel.plan_changed, timeout=2000):  # the event's version moved: the window re-reads it
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert panel.seating is not None and len(panel.seating.seats) == 18
    qtbot.mouseClick(panel.buttons["fill"], Qt.MouseButton.LeftButton)
    seats = {s.label: s.guest_address for s in panel.seating.seats if s.guest_id}
    assert seats["R1-1"] == "جناب آقای دکتر علیرضا زاکانی"  # accepted, highest rank
    # seat 1 is drawn on the right
    r11, r12 = panel.map.rects["R1-1"], panel.map.rects["R1-2"]
    assert r11.x() > r12.x()
    _shot(panel, "seating_rows.png")
    # click the free seat R2-3, then the invited engineer (already seated: moves)
    qtbot.mouseClick(panel.map, Qt.MouseButton.LeftButton, pos=panel.map.rects["R2-3"].center().toPoint())
    assert panel.chosen_seat == "R2-3"
    row = next(i for i in range(panel.guest_list.count())
               if panel.guest_list.item(i).data(Qt.ItemDataRole.UserRole).full_name == "محسن یزدانی")
    item = panel.guest_list.item(row)
    qtbot.mouseClick(panel.guest_list.viewport(), Qt.MouseButton.LeftButton, pos=panel.guest_list.visualItemRect(item).center())
    assert panel.seating.seat("R2-3").guest_address == "جناب آقای محسن یزدانی"
    qtbot.mouseClick(panel.buttons["refill"], Qt.MouseButton.LeftButton)  # asks, then clears and fills again
    assert [s.label for s in panel.seating.seats if s.guest_id] == ["R1-1", "R1-2", "R1-3"]  # the reporter is not invited yet
    # tables
    for g in gs.list_guests(db, people.clerk, event_id):
        if g.seat:
            st.unassign_seat(db, people.clerk, g.id)
    panel.refresh()
    panel.mode.setCurrentIndex(1)
    panel.groups.setValue(3)
    panel.per_group.setValue(8)
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.buttons["fill"], Qt.MouseButton.LeftButton)
    assert panel.seating.mode.value == "tables" and panel.seating.seat("T1-1").guest_id is not None
    _shot(panel, "seating_tables.png")


def test_programme_panel(qtbot, event, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.events.programme import ProgrammePanel

    db, people, event_id = event
    mayor = gs.list_guests(db, people.clerk, event_id, search="زاکانی")[0]
    pg.add_item(db, people.clerk, event_id=event_id, title="تلاوت قرآن کریم", minutes=5)
    pg.add_item(db, people.clerk, event_id=event_id, title="سرود جمهوری اسلامی ایران", minutes=5)
    pg.add_item(db, people.clerk, event_id=event_id, title="سخنرانی", minutes=20, guest_id=mayor.id)
    pg.add_item(db, people.clerk, event_id=event_id, title="پذیرایی", starts_at=dt.time(11, 30), minutes=30)
    panel = ProgrammePanel(db, people.clerk, event_id)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    assert panel.model.rowCount() == 4
    assert panel.model.data(panel.model.index(0, 1)) == "۱۰:۰۰ تا ۱۰:۰۵"
    assert panel.model.data(panel.model.index(2, 4)) == "جناب آقای دکتر علیرضا زاکانی"
    _shot(panel, "programme.png")
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=_row_point(panel.table, 1))
    qtbot.mouseClick(panel.buttons["up"], Qt.MouseButton.LeftButton)
    assert [i.title for i in pg.list_programme(db, people.clerk, event_id)][0] == "سرود جمهوری اسلامی ایران"
    assert panel.current() is not None and panel.current().position == 1


def test_checkin_panel_enter_marks_present(qtbot, event, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.events.checkin import CheckInPanel

    db, people, event_id = event
    panel = CheckInPanel(db, people.clerk, event_id)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    assert panel.expected.figure.text() == "۳" and panel.present.figure.text() == "۰"
    panel.search.setText("لاجوردي")
    panel.find_guests()
    assert panel.results.count() == 1
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.present.figure.text() == "۱" and "زهره لاجوردی" in panel.message.text()
    assert panel.search.text() == ""
    # a click on a result marks that guest
    panel.search.setText("توکلی")
    panel.find_guests()
    item = panel.results.item(0)
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=panel.results.visualItemRect(item).center())
    assert ck.checkin_counts(db, people.clerk, event_id).present == 2
    _shot(panel, "checkin.png")
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert ck.checkin_counts(db, people.clerk, event_id).present == 1
    assert panel.present.figure.text() == "۱"


def test_guests_import_from_excel_through_the_kits_flow(qtbot, event, tmp_path, no_modal_boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    from pr_desk.services.events import importing
    from pr_desk.ui.events.guests import GuestsPanel
    from pr_desk.ui.kit import import_flow

    db, people, event_id = event
    template = importing.save_guests_template(tmp_path / "guests.xlsx", importing.template_lists(db, people.clerk))
    previews: list[int] = []

    def preview_exec(self: import_flow.ImportPreviewDialog) -> int:
        previews.append(self.model.rowCount())
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(import_flow.ImportPreviewDialog, "exec", preview_exec)
    panel = GuestsPanel(db, people.clerk, event_id)
    qtbot.addWidget(panel)
    assert panel.buttons["import"].isVisibleTo(panel)
    result = panel.import_file(template)
    assert result is not None and result.guests_added == previews[0] >= 1
    assert panel.model.rowCount() == 4 + result.guests_added
    assert any("افزوده شد" in text for text in no_modal_boxes)
