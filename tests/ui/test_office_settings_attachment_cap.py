"""The office settings dialog carries the cap of a directive's attachments: an
administrator types a new figure and clicks Save; the services keep it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from pr_desk.services import office_settings
from pr_desk.ui.meetings.settings_dialog import OfficeSettingsDialog
from tests.databases import fresh_office


def test_the_administrator_sets_the_attachment_cap(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    try:
        dialog = OfficeSettingsDialog(db, admin)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        spin = dialog.attachment_cap
        assert spin.value() == 10 and (spin.minimum(), spin.maximum()) == (1, 100)
        spin.lineEdit().selectAll()
        qtbot.keyClicks(spin.lineEdit(), "3")
        assert spin.value() == 3
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.saved is not None and dialog.saved.attachment_cap_mb == 3
        assert office_settings.get_office_settings(db, admin).attachment_cap == 3 * 1024 * 1024
        again = OfficeSettingsDialog(db, admin)
        qtbot.addWidget(again)
        assert again.attachment_cap.value() == 3
    finally:
        db.dispose()
