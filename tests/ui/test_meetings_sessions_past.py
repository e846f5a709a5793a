"""The sessions list and its "Show past sessions" box, clicked as a clerk would: unticked,
today's and later sessions only (last week's once stayed); ticked, the earlier ones too,
newest first, and the columns keep filling the table (they once shrank to their contents
beside a grey band)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pr_desk.services import meetings
from pr_desk.ui.meetings.common import today
from pr_desk.ui.meetings.sessions_view import SESSION_COLUMNS
from tests.databases import fresh_office


@pytest.fixture
def sessions(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    days = {}
    for name, offset in (("month", -40), ("last_week", -5), ("yesterday", -1), ("today", 0), ("next_week", 7)):
        days[name] = meetings.create_session(db, admin, official_id=official.id, session_date=today() + dt.timedelta(days=offset),
                                             start_time="09:00", end_time="11:00", place="سالن جلسات طبقه دوم", capacity=5).id
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    ws.tabs.setCurrentWidget(ws.sessions_view)
    yield ws.sessions_view, days
    db.dispose()


def listed(view) -> list:  # type: ignore[no-untyped-def,type-arg]
    return [view.model.row_at(r).info.id for r in range(view.model.rowCount())]


def filled(view) -> bool:  # type: ignore[no-untyped-def]
    """The columns span the table's width, the place column taking what is spare."""
    header = view.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    place = widths[[c.key for c in SESSION_COLUMNS].index("place")]
    return abs(sum(widths) - view.viewport().width()) <= 2 and place > 300


def test_show_past_sessions_both_ways(qtbot, sessions) -> None:  # type: ignore[no-untyped-def]
    view, days = sessions
    assert not view.show_past.isChecked()
    assert listed(view) == [days["today"], days["next_week"]]
    assert view.count_label.text() == "۲ جلسه"
    assert filled(view.table)

    qtbot.mouseClick(view.show_past, Qt.MouseButton.LeftButton)
    assert view.show_past.isChecked()
    assert listed(view) == [days["next_week"], days["today"], days["yesterday"], days["last_week"], days["month"]]
    assert filled(view.table)
    index = view.model.index(3, 0)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(index).center())
    assert view.current() is not None and view.current().id == days["last_week"]

    qtbot.mouseClick(view.show_past, Qt.MouseButton.LeftButton)
    assert listed(view) == [days["today"], days["next_week"]]
    assert filled(view.table)
