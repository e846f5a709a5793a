"""The CLI's import progress (issue 20): shown on standard error, one line rewritten in
place, only when standard error is a terminal; a script (a pipe) sees none of it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from pr_desk.cli.common import TerminalProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_and_ends_its_line() -> None:
    out = Terminal()
    shown = TerminalProgress(out)
    shown.step("Reading requests.xlsx…")
    shown.rows(0, 4000)
    shown.rows(2000, 4000)
    shown.rows(4000, 4000)
    text = out.getvalue()
    assert text.count("\r") == 4 and text.endswith("\n") and text.count("\n") == 1
    assert "2,000" in text or "۲٬۰۰۰" in text or "2000" in text


def test_progress_is_quiet_in_a_script() -> None:
    out = io.StringIO()  # a pipe or a file: not a terminal
    shown = TerminalProgress(out)
    shown.step("Reading requests.xlsx…")
    shown.rows(10, 10)
    shown.end()
    assert out.getvalue() == ""


# --- every import command shows it (the file read once, then the rows written) -----------------

def _book(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _files(db: Any, admin: Any, tmp_path: Path) -> list[tuple[list[str], Path]]:
    """A clean file of each import kind, with what its command needs: (argv, file)."""
    from pr_desk.domain.national_code import national_code_check_digit
    from pr_desk.services import evaluation as ev
    from pr_desk.services import meetings
    from pr_desk.spreadsheets.directives import DIRECTIVE_COLUMNS
    from pr_desk.spreadsheets.meetings import MEETING_COLUMNS
    from tests.services.evaluation.factories import districts, small_template, staff

    meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    first = "100000001"
    people = staff(db, admin)
    template = small_template(db, admin)
    (d1,) = districts(db, admin, 1)
    period = ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=3, template_id=template.id, unit_ids=[d1.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id], inspector_id=people.inspector.user_id)
    form = ev.save_form_sheet(db, admin, unit=d1.code, period="1404-Q3", out=tmp_path / "form.xlsx")
    sheet = load_workbook(form)
    for ref, value in {"C9": 9, "D9": 8, "C10": 5, "D10": 4, "C12": 20, "D12": 15}.items():
        sheet.worksheets[0][ref] = value
    sheet.save(form)
    directive = {"number": "د/1404/012", "kind": "دستورالعمل", "title": "پوشش خبری", "issued_on": "1404/02/03",
                 "recipients": "همه مناطق"}
    return [
        (["units"], _book(tmp_path / "units.xlsx", ["کد", "نام واحد", "نوع", "منطقه", "توضیحات"],
                          [["ORG-301", "سازمان سیصد و یک", "سازمان وابسته", "", ""]])),
        (["users"], _book(tmp_path / "users.xlsx", ["نام کاربری", "نام کامل", "نقش"], [["clerk.1", "کارشناس یک", "کارشناس"]])),
        (["meetings"], _book(tmp_path / "meetings.xlsx", [key for key, _label in MEETING_COLUMNS], [
            [first + str(national_code_check_digit(first)), "مریم", "احمدی", "", "6", "شهردار تهران", "", "", "درخواست",
             "1404/09/01", "", ""]])),
        (["directives"], _book(tmp_path / "directives.xlsx", [key for key, _label in DIRECTIVE_COLUMNS],
                               [[directive.get(key, "") for key, _label in DIRECTIVE_COLUMNS]])),
        (["events"], _book(tmp_path / "events.xlsx", ["کد رویداد", "نوع رویداد", "عنوان رویداد", "تاریخ شروع", "تاریخ پایان"],
                           [["E1404-030", "جشنواره", "جشنواره مطبوعات", "1404/05/16", "1404/05/18"]])),
        (["guests", "--event", "E1404-030"], _book(tmp_path / "guests.xlsx", ["عنوان احترام", "نام مهمان", "تلفن همراه", "رده تشریفات"],
                                                   [["سرکار خانم", "مریم احمدی", "", "معاون شهردار"]])),
        (["evaluation"], form),
    ]


def test_every_import_command_shows_its_progress_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from pr_desk import cli
    from pr_desk.cli import common
    from pr_desk.services import setup

    path = tmp_path / "office.sqlite"
    db, admin = setup.create_database(str(path), admin_username="boss", admin_display_name="مدیر", admin_password="boss-pass-1405")
    try:
        files = _files(db, admin, tmp_path)
    finally:
        db.dispose()
    monkeypatch.setenv("PR_DESK_PASSWORD", "boss-pass-1405")
    for argv, file in files:
        terminal = Terminal()
        monkeypatch.setattr(common, "TerminalProgress", lambda stream=None, shown=terminal: TerminalProgress(shown))
        kind, *options = argv
        code = cli.main(["import", kind, str(file), *options, "--db", str(path), "--as", "boss"])
        captured = capsys.readouterr()
        assert code == 0, (kind, captured.err)
        shown = terminal.getvalue()
        assert file.name in shown and shown.endswith("\n"), (kind, shown)  # "Reading FILE…", then the rows
        assert shown.count("\r") >= 3, (kind, shown)  # reading, checking, rows written
        monkeypatch.undo()
        monkeypatch.setenv("PR_DESK_PASSWORD", "boss-pass-1405")
        assert "\r" not in captured.err  # the real standard error here is no terminal: nothing of it
    assert {argv[0] for argv, _file in files} == set(common.IMPORT_COMMANDS)  # every kind the command line imports
