"""The office settings dialog shows whether deadlines count Iran's official holidays (the
events calendar's, on by default) and lets the administrator turn it off with a click; the
deadline of an order then counts an official holiday as a working day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from pr_desk.services import office_settings
from pr_desk.ui.meetings.settings_dialog import OfficeSettingsDialog
from tests.databases import fresh_office

NOWRUZ = dt.date(2027, 3, 22)  # 1 Farvardin 1406: an official holiday


def test_the_official_calendar_is_on_and_can_be_turned_off(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    try:
        assert NOWRUZ not in _working_days(db, admin)
        dialog = OfficeSettingsDialog(db, admin)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        box = dialog.official_calendar
        assert box.isChecked()
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 8, box.height() // 2))
        assert not box.isChecked()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.saved is not None and not dialog.saved.official_calendar
        assert NOWRUZ in _working_days(db, admin)
        again = OfficeSettingsDialog(db, admin)
        qtbot.addWidget(again)
        assert not again.official_calendar.isChecked()
    finally:
        db.dispose()


def _working_days(db, actor) -> set[dt.date]:  # type: ignore[no-untyped-def]
    calendar = office_settings.get_office_settings(db, actor).calendar
    return {NOWRUZ + dt.timedelta(days=i) for i in range(-2, 3) if calendar.is_working_day(NOWRUZ + dt.timedelta(days=i))}
