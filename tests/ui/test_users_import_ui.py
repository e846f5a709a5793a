"""The Users page's import from Excel, driven as an administrator would: a real workbook,
a real SQLite file, the preview and the one-time passwords dialogs (their exec() replaced
by a look at what they hold)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from pr_desk.domain.roles import Role
from pr_desk.services import auth, users
from pr_desk.ui import users_page
from pr_desk.ui.kit import import_flow
from pr_desk.ui.kit.paged_table_model import ROW_ROLE
from tests.databases import fresh_office

ADMIN_PASSWORD = "admin-pass-1405"


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    yield db, admin
    db.dispose()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[QDialog]]:
    """The preview answers Import when it offers it; the passwords dialog is kept to look at."""
    seen: dict[str, list[QDialog]] = {"preview": [], "passwords": []}

    def preview_exec(self: import_flow.ImportPreviewDialog) -> int:
        seen["preview"].append(self)
        return int(QDialog.DialogCode.Accepted if self.import_button is not None else QDialog.DialogCode.Rejected)

    def passwords_exec(self: users_page.OneTimePasswordsDialog) -> int:
        seen["passwords"].append(self)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(import_flow.ImportPreviewDialog, "exec", preview_exec)
    monkeypatch.setattr(users_page.OneTimePasswordsDialog, "exec", passwords_exec)
    return seen


def _workbook(path: Path, rows: list[list[object]], *, text_cells: bool = True) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["نام کاربری", "نام و نام خانوادگی", "نقش"])
    for row in rows:
        sheet.append(row)
        if text_cells:  # as Excel keeps what a user typed into a text cell: "=cmd()" stays text
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    book.save(path)
    return path


_ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")


def _table(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The cells as shown, without the invisible isolates around Latin text."""
    return [[model.index(r, c).data().translate(_ISOLATES) for c in range(model.columnCount())] for r in range(model.rowCount())]


def _visual(text: str) -> str:
    """The Latin letters, digits and signs of `text` in the order a right-to-left line shows
    them, left to right (Persian letters as "·"): what the eye reads, from Qt's own layout."""
    from PySide6.QtGui import QTextLayout, QTextOption

    layout = QTextLayout(text, QApplication.font())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    placed = []
    for run in line.glyphRuns():
        glyph_char = {}
        for ch in set(text):
            if ch.isascii() and ch.isprintable() and ch != " ":
                glyphs = run.rawFont().glyphIndexesForString(ch)
                if glyphs:
                    glyph_char[glyphs[0]] = ch
        placed += [(pos.x(), glyph_char.get(g, "·")) for g, pos in zip(run.glyphIndexes(), run.positions(), strict=True)]
    return "".join(ch for _x, ch in sorted(placed)).replace("·", "")


def test_import_buttons_only_for_who_may_manage_users(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    assert page.import_button.isVisibleTo(page) and page.template_button.isVisibleTo(page)
    assert page.import_button.text() == "ورود از اکسل…"
    users.add_user(db, admin, username="sup", display_name="سرپرست", role=Role.SUPERVISOR, password="super-pass-1405")
    readonly = users_page.UsersPage(db, auth.login(db, "sup", "super-pass-1405"))
    qtbot.addWidget(readonly)
    assert not readonly.import_button.isVisibleTo(readonly)
    assert not readonly.template_button.isVisibleTo(readonly)


def test_a_clean_file_imports_and_shows_the_passwords_once(qtbot, office, tmp_path: Path, no_modal_boxes: list[str],
                                                           dialogs, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    caplog.set_level(logging.DEBUG)
    path = _workbook(tmp_path / "new-users.xlsx", [["z.mohammadi", "زهرا محمدی", "سرپرست"], ["K.Amini", "کاوه امینی", "بازرس"]])
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    imported = page.import_file(path)
    assert no_modal_boxes == []

    preview = dialogs["preview"][0]
    assert preview.import_button is not None and preview.import_button.text() == "ورود اطلاعات"
    assert _table(preview.model) == [["۲", "z.mohammadi", "زهرا محمدی", "سرپرست"], ["۳", "k.amini", "کاوه امینی", "بازرس"]]
    assert "new-users.xlsx" in preview.summary.text() and "۲ کاربر" in preview.summary.text()

    [shown] = dialogs["passwords"]
    assert imported is not None and [u.username for u in imported] == ["z.mohammadi", "k.amini"]
    rows = _table(shown.model)
    assert [r[:3] for r in rows] == [["z.mohammadi", "زهرا محمدی", "سرپرست"], ["k.amini", "کاوه امینی", "بازرس"]]
    passwords = [r[3] for r in rows]
    assert passwords == [u.one_time_password for u in imported]
    assert all(p.isascii() for p in passwords)  # typed at login as shown: never Persian digits
    assert shown.model.index(0, 3).data(Qt.ItemDataRole.FontRole).fixedPitch()
    assert {r.username for r in page.model.rows()} >= {"z.mohammadi", "k.amini"}  # the list is fresh

    # each logs in with the shown password, and must choose their own
    assert auth.login(db, "k.amini", passwords[1]).must_change_password
    # shown to the administrator only: not in the log
    assert not any(p in caplog.text for p in passwords)


def test_the_passwords_dialog_copies_saves_and_asks_before_losing_them(qtbot, tmp_path: Path, no_modal_boxes: list[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    from pr_desk.services.users import ImportedUser

    imported = [ImportedUser("z.mohammadi", "abcd-efgh-jk23", "زهرا محمدی", Role.SUPERVISOR),
                ImportedUser("k.amini", "mnpq-rstu-vw45", "کاوه امینی", Role.INSPECTOR)]
    dialog = users_page.OneTimePasswordsDialog(imported)
    qtbot.addWidget(dialog)

    answers = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: answers.pop()))
    dialog.show()
    dialog.reject()  # Close or Escape before copying: asked, and No keeps the dialog open
    assert dialog.isVisible() and not answers

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == (
        "نام کاربری\tنام و نام خانوادگی\tنقش\tگذرواژه یک‌بارمصرف\n"
        "z.mohammadi\tزهرا محمدی\tسرپرست\tabcd-efgh-jk23\n"
        "k.amini\tکاوه امینی\tبازرس\tmnpq-rstu-vw45\n")
    assert "۲ گذرواژه" in dialog.status.text()

    assert dialog.save_to(tmp_path / "passwords")  # the .xlsx is added
    sheet = load_workbook(tmp_path / "passwords.xlsx").active
    assert sheet.sheet_view.rightToLeft
    assert [list(r) for r in sheet.iter_rows(min_row=1, max_row=3, values_only=True)] == [
        ["نام کاربری", "نام و نام خانوادگی", "نقش", "گذرواژه یک‌بارمصرف"],
        ["z.mohammadi", "زهرا محمدی", "سرپرست", "abcd-efgh-jk23"],
        ["k.amini", "کاوه امینی", "بازرس", "mnpq-rstu-vw45"],
    ]
    # one cell copied with Ctrl+C is exactly what to type at login: no invisible marks
    dialog.table.setCurrentIndex(dialog.model.index(1, 3))
    qtbot.keyClick(dialog.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "mnpq-rstu-vw45"
    # ... yet drawn left to right inside the right-to-left table, in a fixed-pitch font
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.direction = Qt.LayoutDirection.RightToLeft
    dialog.table.itemDelegateForColumn(3).initStyleOption(option, dialog.model.index(1, 3))
    assert option.direction == Qt.LayoutDirection.LeftToRight and option.font.fixedPitch()
    dialog.reject()  # copied and saved: closes without asking
    assert not dialog.isVisible() and no_modal_boxes == []
    QApplication.clipboard().clear()


def test_a_file_with_bad_rows_lists_each_problem_and_adds_no_one(qtbot, office, tmp_path: Path, no_modal_boxes: list[str],
                                                                 dialogs) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    users.add_user(db, admin, username="taken.one", display_name="پیشین", role=Role.CLERK, password="clerk-pass-1405")
    path = _workbook(tmp_path / "bad.xlsx", [
        ["", "بی‌نام", "کارشناس"],                     # 2: empty username
        ["s.rahimi", "سارا رحیمی", "کارشناس"],         # 3: fine on its own
        ["S.RAHIMI", "سارا دوم", "کارشناس"],           # 4: the same username again
        ["b.karimi", "بهرام کریمی", "امپراتور"],       # 5: unknown role
        ["long.name", "ن" * 30_000, "کارشناس"],        # 6: a huge cell
        ["ali۱2", "علی", "بازرس"],                      # 7: Persian and Latin digits mixed
        ["f.user", "=cmd()", "کارشناس"],               # 8: a formula-looking cell
        ["taken.one", "", "clerk"],                    # 9: already a user
    ])
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    before = users.count_users(db, admin)
    assert page.import_file(path) is None

    [preview] = dialogs["preview"]
    assert preview.import_button is None  # nothing to import: only Close
    lines = {(line.row_number, line.message) for line in (preview.model.index(r, 0).data(ROW_ROLE) for r in range(preview.model.rowCount()))}
    assert {n for n, _m in lines} == {2, 4, 5, 6, 7, 8, 9}
    table = _table(preview.model)
    problems = {row[0]: row[3] for row in table}  # Row, Column, Value, Problem
    assert "نام کاربری" in problems["۲"] and "الزامی" in problems["۲"]
    assert "تکراری" in problems["۴"] and "۳" in problems["۴"]
    assert problems["۵"] == "نقش نامعلوم: امپراتور"
    # the formula-looking text reads =cmd() in the Persian sentence, not ()cmd= as it would bare
    formula = next(line.message for line in (preview.model.index(r, 0).data(ROW_ROLE) for r in range(preview.model.rowCount()))
                   if line.row_number == 8)
    assert "=cmd()" in _visual(formula)
    assert "=cmd()" not in _visual(formula.translate(_ISOLATES))
    assert "۲۰۰" in problems["۶"] and "۳۰۰۰۰" in problems["۶"]
    assert "رقم فارسی" in problems["۷"]
    assert "فرمول" in problems["۸"] and "=cmd()" in problems["۸"]
    assert "گرفته شده" in problems["۹"]
    assert all(len(cell) < 300 for row in table for cell in row)  # the huge cell is never shown whole
    assert "۷ ردیف از ۸ ردیف" in preview.summary.text()
    assert dialogs["passwords"] == [] and no_modal_boxes == []
    assert users.count_users(db, admin) == before


def test_a_formula_cell_in_the_username_is_named_too(qtbot, office, tmp_path: Path, dialogs) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    # openpyxl writes "=cmd()" as a real formula here; with no value computed it reads back empty
    path = _workbook(tmp_path / "formula.xlsx", [["=cmd()", "کسی", "کارشناس"], ["ok.user", "درست", "کارشناس"]], text_cells=False)
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    before = users.count_users(db, admin)
    page.import_file(path)
    [preview] = dialogs["preview"]
    assert preview.import_button is None
    assert [row[0] for row in _table(preview.model)] == ["۲"]
    assert users.count_users(db, admin) == before


def test_a_file_that_is_not_excel_gives_one_clear_sentence(qtbot, office, tmp_path: Path, no_modal_boxes: list[str],
                                                           dialogs) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    path = tmp_path / "users.xlsx"
    path.write_text("username,name,role\nz.m,Z,clerk\n", encoding="utf-8")
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    before = users.count_users(db, admin)
    assert page.import_file(path) is None
    assert no_modal_boxes == ["\u2066users.xlsx\u2069 فایل اکسل (\u200e.xlsx) نیست."]
    assert dialogs["preview"] == [] and users.count_users(db, admin) == before


def test_a_username_taken_after_the_preview_stops_the_import(qtbot, office, tmp_path: Path, no_modal_boxes: list[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    path = _workbook(tmp_path / "users.xlsx", [["n.one", "یکم", "کارشناس"], ["n.two", "دوم", "کارشناس"]])
    previews: list[import_flow.ImportPreviewDialog] = []

    def preview_exec(self: import_flow.ImportPreviewDialog) -> int:
        previews.append(self)
        if len(previews) == 1:  # another administrator adds n.two while this one reads the preview
            users.add_user(db, admin, username="n.two", display_name="دیگری", role=Role.CLERK, password="clerk-pass-1405")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(import_flow.ImportPreviewDialog, "exec", preview_exec)
    monkeypatch.setattr(users_page.OneTimePasswordsDialog, "exec", lambda self: pytest.fail("no passwords to show"))
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    before = users.count_users(db, admin)
    assert page.import_file(path) is None
    assert previews[0].import_button is not None and previews[1].import_button is None
    assert [row[0] for row in _table(previews[1].model)] == ["۳"]
    assert "گرفته شده" in _table(previews[1].model)[0][3]
    assert users.count_users(db, admin) == before + 1  # only the other administrator's n.two
    assert users.count_users(db, admin, search="n.one") == 0


def test_cancelling_while_passwords_are_made_adds_no_one(qtbot, office, tmp_path: Path, no_modal_boxes: list[str], dialogs,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.kit.progress import JobCancelled, JobResult, JobStatus

    db, admin = office
    path = _workbook(tmp_path / "users.xlsx", [["c.one", "", "کارشناس"], ["c.two", "", "کارشناس"]])
    titles: list[str] = []

    def cancel_at_once(_parent: object, title: str, job, **_k: object) -> JobResult:  # type: ignore[no-untyped-def]
        titles.append(title)
        cancelled = title == "در حال ورود کاربران…"  # the Cancel button, pressed as the import starts
        try:
            return JobResult(JobStatus.OK, value=job(lambda *_a: None, lambda: cancelled))
        except JobCancelled:
            return JobResult(JobStatus.CANCELLED)

    monkeypatch.setattr(import_flow, "run_with_progress", cancel_at_once)
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    before = users.count_users(db, admin)
    assert page.import_file(path) is None
    assert titles == ["در حال خواندن و بررسی فایل اکسل…", "در حال ورود کاربران…"]
    assert no_modal_boxes == ["ورود اطلاعات لغو شد؛ هیچ کاربری افزوده نشد."]
    assert dialogs["passwords"] == [] and users.count_users(db, admin) == before


def test_unlock_a_locked_out_user_with_the_mouse(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    """Issue 19, item 7: the users page lifts a lock-out (Unlock), not only a password reset."""
    user_service = users
    db, admin = office
    user_service.add_user(db, admin, username="clerk9", display_name="کارشناس نه", role="clerk", password="clerk-pass-1405")
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginFailed):
            auth.login(db, "clerk9", "wrong")
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    row = next(i for i, r in enumerate(page.model.rows()) if r.username == "clerk9")
    index = page.model.index(row, 0)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    assert page.unlock_button.isEnabled()
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert not user_service.find_by_username(db, admin, "clerk9").locked
    assert not page.unlock_button.isEnabled()
    assert auth.login(db, "clerk9", "clerk-pass-1405").username == "clerk9"
