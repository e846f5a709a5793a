"""The app's screens driven like a user would: real dialogs, a real SQLite database made
through the services, keys typed with qtbot; no modal is ever left open."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import _, set_language
from pr_desk.services import auth, maintenance, setup, units, users
from tests.databases import fresh_office

ADMIN_PASSWORD = "admin-pass-1405"


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    yield db, admin
    db.dispose()


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Persian text as an input method delivers it (QTest's key clicks are ASCII only)."""
    widget.insert(text)


def _main_window(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    return window


# -- first run and login ------------------------------------------------------------------------

def test_setup_dialog_validates_and_creates_the_administrator(qtbot, tmp_path: Path) -> None:
    from pr_desk.ui.account_dialogs import AdminSetupDialog

    opened = setup.open_or_create(str(tmp_path / "new.sqlite"))
    try:
        assert opened.needs_admin
        dialog = AdminSetupDialog(opened.db)
        qtbot.addWidget(dialog)
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.username, "A b")
        assert "username" in dialog.validate()
        assert dialog.fields["username"].error()  # shown beside the field
        dialog.username.clear()
        qtbot.keyClicks(dialog.username, "boss")
        type_text(dialog.display_name, "مریم احمدی")
        qtbot.keyClicks(dialog.password, "short")
        assert dialog.fields["password"].error()
        assert not dialog.ok_button.isEnabled()
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, "strong-pass-1405")
        qtbot.keyClicks(dialog.password_repeat, "strong-pass-1406")
        assert dialog.fields["password_repeat"].error() == "دو گذرواژه یکسان نیستند."
        assert not dialog.ok_button.isEnabled()
        dialog.password_repeat.clear()
        qtbot.keyClicks(dialog.password_repeat, "strong-pass-1405")
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert dialog.actor is not None and dialog.actor.role is Role.ADMIN
        assert auth.login(opened.db, "boss", "strong-pass-1405").display_name == "مریم احمدی"
    finally:
        opened.db.dispose()


def test_login_wrong_then_right(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.account_dialogs import LoginDialog

    db, _admin = office
    dialog = LoginDialog(db, database_name=db.display_name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.general_error.error() == _("Wrong username or password.")
    assert dialog.isVisible()
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "admin"


# -- the main window ---------------------------------------------------------------------------

def test_main_window_names_database_and_user_and_shows_tabs_by_role(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    window = _main_window(qtbot, db, admin)
    assert window.windowTitle() == "میز روابط عمومی — مدیر سامانه"
    assert str(Path(db.display_name).name) in window.status_text()
    assert "مدیر سامانه" in window.status_text()
    assert window.tab_titles()[-3:] == ["واحدها", "کاربران", "سابقه تغییرات"]  # after the workspaces
    assert window.units_page is not None and window.units_page.model.total_count() == 22

    users.add_user(db, admin, username="clerk1", display_name="علی رضایی", role=Role.CLERK, password="clerk-pass-1405")
    clerk = auth.login(db, "clerk1", "clerk-pass-1405")
    clerk_window = _main_window(qtbot, db, clerk)
    assert "واحدها" in clerk_window.tab_titles()
    assert "کاربران" not in clerk_window.tab_titles() and "سابقه تغییرات" not in clerk_window.tab_titles()
    assert not clerk_window.units_page.add_button.isEnabled()  # type: ignore[union-attr]
    assert not clerk_window.backup_action.isEnabled()


def test_add_a_unit_through_the_dialog_and_see_it_in_the_table(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitDialog

    db, admin = office
    window = _main_window(qtbot, db, admin)
    page = window.units_page
    assert page is not None

    def fill_and_save() -> None:
        dialog = page.findChild(UnitDialog)
        assert dialog is not None and dialog.isVisible()
        type_text(dialog.name, "سازمان فاوا")
        dialog.kind.setCurrentIndex(dialog.kind.findData(UnitKind.ORGANISATION))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, fill_and_save)
    page.add_unit()
    names = [u.name for u in page.model.rows()]
    assert "سازمان فاوا" in names
    assert page.current_unit() is not None and page.current_unit().name == "سازمان فاوا"  # type: ignore[union-attr]

    # search as you type, debounced
    type_text(page.search, "فاوا")
    qtbot.waitUntil(lambda: page.model.total_count() == 1, timeout=3000)


def test_editing_a_stale_unit_tells_the_user_to_reload(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitDialog

    db, admin = office
    unit = units.add_unit(db, admin, name="شرکت نمونه", kind=UnitKind.COMPANY)
    units.update_unit(db, admin, unit.id, name="شرکت نمونه تهران", expected_version=unit.version)
    dialog = UnitDialog(db, admin)
    qtbot.addWidget(dialog)
    dialog.load(unit)  # the version the user saw before the other change
    dialog.name.clear()
    type_text(dialog.name, "شرکت نمونه دیگر")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.general_error.error() == _(
        "Someone else changed this record after you opened it. Reload it and make your change again.")
    assert not dialog.ok_button.isEnabled()
    assert units.get_unit(db, admin, unit.id).name == "شرکت نمونه تهران"


def test_unit_dialog_shows_a_service_refusal_beside_its_field(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitDialog

    db, admin = office
    dialog = UnitDialog(db, admin)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "روابط عمومی منطقه ۱")  # the name of a pre-loaded district
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.fields["name"].error()


def test_add_a_user(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.users_page import UserDialog

    db, admin = office
    window = _main_window(qtbot, db, admin)
    page = window.users_page
    assert page is not None
    dialog = UserDialog(db, admin, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "z.mohammadi")
    type_text(dialog.display_name, "زهرا محمدی")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SUPERVISOR))
    qtbot.keyClicks(dialog.password, "super-pass-1405")
    qtbot.keyClicks(dialog.password_repeat, "super-pass-1405")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.reload()
    rows = {r.username: r for r in page.model.rows()}
    assert rows["z.mohammadi"].role_label == "سرپرست"
    assert rows["z.mohammadi"].state_label == "فعال"

    # the same username again: the service's refusal beside the username field
    again = UserDialog(db, admin, page)
    qtbot.addWidget(again)
    qtbot.keyClicks(again.username, "z.mohammadi")
    type_text(again.display_name, "دیگری")
    qtbot.keyClicks(again.password, "super-pass-1405")
    qtbot.keyClicks(again.password_repeat, "super-pass-1405")
    qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    assert again.result() != QDialog.DialogCode.Accepted
    assert again.fields["username"].error()


def test_supervisor_sees_users_read_only(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    users.add_user(db, admin, username="sup", display_name="سرپرست", role=Role.SUPERVISOR, password="super-pass-1405")
    sup = auth.login(db, "sup", "super-pass-1405")
    window = _main_window(qtbot, db, sup)
    assert window.tab_titles()[-3:] == ["واحدها", "کاربران", "سابقه تغییرات"]  # after the workspaces
    assert window.users_page is not None and not window.users_page.add_button.isVisibleTo(window.users_page)
    assert window.audit_page is not None and window.audit_page.model.total_count()  # logins are there


def test_language_switch_rebuilds_the_window_in_english(qtbot, office, qapp) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.app import DeskController

    db, admin = office
    controller = DeskController(qapp, quit_app=lambda: None)
    controller.db, controller.actor = db, admin
    try:
        window = controller.show_main_window()
        qtbot.addWidget(window)
        assert "واحدها" in window.tab_titles()
        window.language_actions["en"].trigger()
        english = controller.window
        assert english is not None and english is not window
        qtbot.addWidget(english)
        assert english.windowTitle() == "PR Desk — مدیر سامانه"
        assert english.tab_titles()[-3:] == ["Units", "Users", "Audit trail"]
        assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
        from pr_desk.ui import settings

        assert settings.LANGUAGE.get() == "en"
    finally:
        set_language("fa")
        from pr_desk.ui.app import apply_language

        apply_language(qapp)
        if controller.window is not None:
            controller.window.close_for_good()
        controller.db = None


def test_a_foreign_file_at_start_is_refused_and_left_alone(qtbot, tmp_path: Path, no_modal_boxes: list[str]) -> None:
    from pr_desk.ui.app import run

    foreign = tmp_path / "letter.sqlite"
    foreign.write_bytes(b"This is not a database at all, just a letter.\n" * 50)
    before = foreign.read_bytes()
    assert run(["--db", str(foreign)]) == 0  # the user chose Quit (the box was not clicked)
    assert len(no_modal_boxes) == 1
    assert no_modal_boxes[0]  # the service's translated sentence
    assert foreign.read_bytes() == before


def test_import_shows_rejected_rows_and_imports_nothing(qtbot, office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from pr_desk.ui import units_page
    from pr_desk.ui.kit import import_flow

    db, admin = office
    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Unit name", "Kind", "District", "Notes"])
    sheet.append(["ORG-900", "سازمان آزمایشی", "organisation", "", ""])
    sheet.append(["ORG-901", "", "organisation", "", ""])
    path = tmp_path / "units.xlsx"
    book.save(path)
    seen: list[tuple[int, bool]] = []

    def fake_exec(self: import_flow.ImportPreviewDialog) -> int:
        seen.append((self.model.rowCount(), self.import_button is not None))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(import_flow.ImportPreviewDialog, "exec", fake_exec)
    runs = spy_progress(monkeypatch, import_flow)
    page = units_page.UnitsPage(db, admin)
    qtbot.addWidget(page)
    before = page.model.total_count()
    page.import_file(path)
    assert seen == [(1, False)]  # the bad row with its reason at once, and no Import button
    assert runs == [("در حال خواندن و بررسی فایل اکسل…", True)]  # read and checked behind the progress dialog; no write
    page.reload()
    assert page.model.total_count() == before


def spy_progress(monkeypatch: pytest.MonkeyPatch, module: object) -> list[tuple[str, bool]]:
    """run_with_progress as `module` calls it, still the real one: (title, cancellable) of each run."""
    from pr_desk.ui.kit.progress import run_with_progress

    runs: list[tuple[str, bool]] = []

    def spy(parent, title: str, job, *, cancellable: bool = True, **kwargs):  # type: ignore[no-untyped-def]
        runs.append((title, cancellable))
        return run_with_progress(parent, title, job, cancellable=cancellable, **kwargs)

    monkeypatch.setattr(module, "run_with_progress", spy)
    return runs


def spy_threads(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[threading.Thread]:
    """The threads `owner.name` is called on (it still does its work)."""
    real = getattr(owner, name)
    threads: list[threading.Thread] = []

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return threads


def _units_workbook(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Unit name", "Kind", "District", "Notes"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_units_import_reads_checks_and_writes_off_the_ui_thread(qtbot, office, tmp_path: Path, no_modal_boxes: list[str],  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.ui import units_page
    from pr_desk.ui.kit import import_flow

    db, admin = office
    path = _units_workbook(tmp_path / "units.xlsx", [["ORG-900", "سازمان آزمایشی", "organisation", "", ""],
                                                     ["ORG-901", "شرکت آزمایشی", "company", "", ""]])
    previews: list[tuple[int, bool]] = []

    def preview_exec(self: import_flow.ImportPreviewDialog) -> int:
        previews.append((self.model.rowCount(), self.import_button is not None))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(import_flow.ImportPreviewDialog, "exec", preview_exec)
    runs = spy_progress(monkeypatch, import_flow)
    read_on = spy_threads(monkeypatch, units, "read_units_file")
    checked_on = spy_threads(monkeypatch, units, "check_units_import")
    written_on = spy_threads(monkeypatch, units, "import_units")
    page = units_page.UnitsPage(db, admin)
    qtbot.addWidget(page)
    changed: list[bool] = []
    page.changed.connect(lambda: changed.append(True))
    before = page.model.total_count()
    result = page.import_file(path)
    assert result is not None and (result.added, result.updated, result.unchanged) == (2, 0, 0)
    # reading and checking may be cancelled, and so may the write: Cancel rolls its one transaction back (issue 20)
    assert runs == [("در حال خواندن و بررسی فایل اکسل…", True), ("در حال ورود واحدها…", True)]
    for threads in (read_on, checked_on, written_on):
        assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert previews == [(2, True)]  # the preview still comes before anything is written
    assert no_modal_boxes == ["ورود انجام شد: ۲ افزوده، ۰ به\u200cروز، ۰ بدون تغییر."]
    assert page.model.total_count() == before + 2 and changed == [True]  # the list is refreshed at once


def test_a_damaged_units_workbook_is_one_sentence_and_changes_nothing(qtbot, office, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                      no_modal_boxes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.ui import units_page
    from pr_desk.ui.kit import import_flow

    db, admin = office
    good = _units_workbook(tmp_path / "good.xlsx", [["ORG-900", "سازمان آزمایشی", "organisation", "", ""]])
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good.read_bytes()[: good.stat().st_size // 2])  # cut short, as by a failed copy
    monkeypatch.setattr(import_flow.ImportPreviewDialog, "exec", lambda self: pytest.fail("no preview for a damaged file"))
    runs = spy_progress(monkeypatch, import_flow)
    page = units_page.UnitsPage(db, admin)
    qtbot.addWidget(page)
    before = units.count_units(db, admin)
    audit_before = maintenance.check(db).audit_entries
    assert page.import_file(damaged) is None
    assert [title for title, _c in runs] == ["در حال خواندن و بررسی فایل اکسل…"]
    assert no_modal_boxes == ["\u2066damaged.xlsx\u2069 فایل اکسل (\u200e.xlsx) نیست."]  # the file's fault in one sentence, not our apology
    assert units.count_units(db, admin) == before and maintenance.check(db).audit_entries == audit_before


def test_cancelling_while_the_units_workbook_is_read_imports_nothing(qtbot, office, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                      no_modal_boxes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from pr_desk.ui import units_page
    from pr_desk.ui.kit import import_flow
    from pr_desk.ui.kit.progress import ProgressDialog

    db, admin = office
    path = _units_workbook(tmp_path / "units.xlsx", [["ORG-900", "سازمان آزمایشی", "organisation", "", ""]])
    released = threading.Event()
    real_read = units.read_units_file

    def slow_read(p: Path):  # type: ignore[no-untyped-def]
        released.wait(10)  # a big file: still reading when the user presses Cancel
        return real_read(p)

    monkeypatch.setattr(units, "read_units_file", slow_read)
    monkeypatch.setattr(import_flow.ImportPreviewDialog, "exec", lambda self: pytest.fail("no preview after Cancel"))
    monkeypatch.setattr(units, "import_units", lambda *a, **k: pytest.fail("nothing is written after Cancel"))
    pressed: list[str] = []

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, press_cancel)
            return
        dialog = dialogs[0]
        assert dialog.cancel_button.isVisible() and dialog.label.text() == "در حال خواندن \u2066units.xlsx\u2069…"
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        pressed.append(dialog.label.text())
        released.set()

    page = units_page.UnitsPage(db, admin)
    qtbot.addWidget(page)
    before = units.count_units(db, admin)
    QTimer.singleShot(0, press_cancel)
    assert page.import_file(path) is None
    assert pressed == ["در حال لغو…"]
    assert no_modal_boxes == [] and units.count_units(db, admin) == before


# -- backup ----------------------------------------------------------------------------------

def test_backup_from_the_file_menu_runs_off_the_ui_thread(qtbot, office, tmp_path: Path, no_modal_boxes: list[str],  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from pr_desk.ui import main_window

    db, admin = office
    out = tmp_path / "backups" / "office-backup.sqlite"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    runs = spy_progress(monkeypatch, main_window)
    copied_on = spy_threads(monkeypatch, maintenance, "backup")
    window = _main_window(qtbot, db, admin)
    audit_before = maintenance.check(db).audit_entries
    window.backup_action.trigger()
    assert runs == [("در حال تهیه نسخه پشتیبان از پایگاه داده…", False)]  # one SQLite copy: no clean point to stop
    assert len(copied_on) == 1 and copied_on[0] is not threading.main_thread()
    assert out.is_file() and not out.with_name(out.name + ".part").exists()
    maintenance.check_backup_file(out)  # a whole PR Desk database
    assert no_modal_boxes == [f"نسخه پشتیبان در \u2066{out}\u2069 ذخیره شد."]
    assert maintenance.check(db).audit_entries == audit_before + 1  # the backup is in the trail


def test_a_backup_to_a_missing_folder_is_one_sentence_and_changes_nothing(qtbot, office, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                          no_modal_boxes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.ui import main_window

    db, admin = office
    missing = tmp_path / "no-such-folder"
    runs = spy_progress(monkeypatch, main_window)
    window = _main_window(qtbot, db, admin)
    audit_before = maintenance.check(db).audit_entries
    assert window.back_up_to(missing / "office-backup.sqlite") is None
    assert [title for title, _c in runs] == ["در حال تهیه نسخه پشتیبان از پایگاه داده…"]
    assert no_modal_boxes == [f"پوشه \u2066{missing}\u2069 وجود ندارد."]  # the path kept left to right
    assert not missing.exists()  # no folder made, no copy, no leftover part file
    assert not [p.name for p in tmp_path.rglob("*") if "backup" in p.name]
    assert maintenance.check(db).audit_entries == audit_before  # no backup recorded in the trail


def test_only_the_tab_in_front_is_built_when_the_window_opens(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    window = _main_window(qtbot, db, admin)
    window.show()
    qtbot.waitExposed(window)
    front = window.tabs.currentWidget()
    assert front.built and [name for name, lazy in window._lazy.items() if lazy.built] == ["dashboard"]
    window.tabs.setCurrentWidget(window._lazy["units"])  # turning to a tab builds it, on screen
    assert window._lazy["units"].built and window.units_page.model.total_count() > 0
    assert window.units_page.isVisible() and window.units_page.table.isVisible()
    assert not window._lazy["audit"].built
    qtbot.wait(50)  # the event loop lays the new page out
    assert window.units_page.table.width() > 200
    if os.environ.get("PR_DESK_SHOTS"):  # a folder: the window is saved there as PNG
        Path(os.environ["PR_DESK_SHOTS"]).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(os.environ["PR_DESK_SHOTS"]) / "main-units.png"))
