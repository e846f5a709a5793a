"""The meeting day's docket open on two PCs (the official's room and the front desk): when
one acts first, the other's click is refused, and its docket now shows what happened. It
kept showing the old state after the refusal (nobody in the room, the same buttons
enabled), so the clerk clicked again and again until they thought of Refresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.jalali import office_today
from pr_desk.domain.meetings import EntryState
from pr_desk.services import meetings, setup
from tests.ui.meetings_desks import office_with_two_waiting, shown_workspace


@pytest.fixture
def two_desks(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    path, db, admin, official = office_with_two_waiting(tmp_path)
    session = meetings.create_session(db, admin, official_id=official.id, session_date=office_today(), start_time="09:00",
                                      end_time="11:00", place="دفتر شهردار", capacity=3)
    entries = meetings.fill_session(db, admin, session_id=session.id)
    for e in entries:
        meetings.check_in(db, admin, entry_id=e.id)
    other_pc = setup.open_or_create(path, create=False).db
    ws = shown_workspace(qtbot, db, admin)
    ws.open_docket(session)
    yield ws.docket_view, other_pc, admin, session, entries
    other_pc.dispose()
    db.dispose()


def click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(row, 0)).center())


def test_a_call_refused_because_another_pc_called_first_shows_who_is_in(qtbot, two_desks, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    docket, other_pc, admin, session, entries = two_desks
    assert docket.call_button.isEnabled() and docket.docket.in_meeting is None
    called = meetings.call_next(other_pc, admin, session_id=session.id)  # the front desk calls first
    assert called is not None
    qtbot.mouseClick(docket.call_button, Qt.MouseButton.LeftButton)
    assert no_modal_boxes  # refused, and said why
    assert docket.docket.in_meeting is not None and docket.docket.in_meeting.id == called.entry.id
    assert not docket.call_button.isEnabled() and docket.finish_button.isEnabled()
    assert called.entry.citizen_name in docket.now_label.text()


def test_a_no_show_refused_because_the_citizen_was_called_elsewhere_shows_them_in(
        qtbot, two_desks, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    docket, other_pc, admin, session, entries = two_desks
    click_row(qtbot, docket.table, 0)
    assert docket.current() is not None and docket.current().id == entries[0].id and docket.no_show_button.isEnabled()
    meetings.call_next(other_pc, admin, session_id=session.id)
    qtbot.mouseClick(docket.no_show_button, Qt.MouseButton.LeftButton)
    assert len(no_modal_boxes) == 2  # asked (and answered Yes), then refused and said why
    shown = docket.current()
    assert shown is not None and shown.id == entries[0].id and shown.state is EntryState.IN_MEETING
    assert not docket.no_show_button.isEnabled()


def test_no_show_asks_first_and_says_a_second_one_closes_the_request(qtbot, two_desks, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """One click beside Check in marked a citizen sitting in the hall as not attending, with
    no question and no undo (the second time their request closed as not attended)."""
    from PySide6.QtWidgets import QMessageBox

    docket, _other_pc, admin, session, entries = two_desks
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(_parent: object, _title: str, text: str, *_a: object, **_k: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    click_row(qtbot, docket.table, 1)
    name = docket.current().citizen_name
    qtbot.mouseClick(docket.no_show_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and name in asked[0]
    assert meetings.session_entries(docket.db, admin, session_id=session.id)[1].outcome is None  # No: nothing recorded
    assert docket.current().state is EntryState.CHECKED_IN
    qtbot.mouseClick(docket.no_show_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert docket.current().state is EntryState.NO_SHOW
    # the same request in a later session: the question says the request will close
    later = meetings.create_session(docket.db, admin, official_id=session.official_id, session_date=session.session_date,
                                    start_time="14:00", end_time="15:00", place="دفتر شهردار", capacity=1)
    meetings.fill_session(docket.db, admin, session_id=later.id)
    docket.window().open_docket(later)
    click_row(qtbot, docket.table, 0)
    answers.append(QMessageBox.StandardButton.No)
    qtbot.mouseClick(docket.no_show_button, Qt.MouseButton.LeftButton)
    assert "دوم" in asked[2] and "بسته" in asked[2]
