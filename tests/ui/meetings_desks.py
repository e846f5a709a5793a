"""An office for the meeting tabs' tests of two PCs: the mayor, two citizens waiting for
him, and the meetings workspace shown on this PC (another PC opens the same file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.services import meetings
from tests.databases import fresh_office


def office_with_two_waiting(tmp_path: Path) -> tuple[str, Any, Any, Any]:
    """(the file's path, its Database, the administrator, the official) with two requests
    waiting in the official's queue."""
    path = str(tmp_path / "office.sqlite")
    db, admin = fresh_office(path)
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    for i, name in enumerate(("مریم", "رضا")):
        first = f"00123456{i}"
        citizen, _new = meetings.find_or_create_citizen(db, admin, national_code=first + str(national_code_check_digit(first)),
                                                         first_name=name, last_name="احمدی", mobile="09121234567", district=6)
        meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id, subject_category="urban_services",
                                  channel="in_person", description="معابر محله", confirm_duplicate=True)
    return path, db, admin, official


def shown_workspace(qtbot, db, admin):  # type: ignore[no-untyped-def]
    """The meetings workspace as this PC shows it."""
    from pr_desk.ui.meetings import MeetingsWorkspace

    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    return ws
