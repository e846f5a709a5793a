"""Importing users from rows of a spreadsheet: the preview (check_users_import) and the
import itself refuse the same rows for the same reasons; one-time passwords leave only
their hashes behind."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.importing import ImportRejected
from pr_desk.domain.roles import Role, UserImportRow
from pr_desk.services import auth, users

BAD_ROWS = [
    UserImportRow(2, "", "بی‌نام", "کارشناس"),  # empty username
    UserImportRow(3, "s.rahimi", "سارا رحیمی", "clerk"),
    UserImportRow(4, "S.Rahimi", "سارا دوم", "کارشناس"),  # the same username (case does not count)
    UserImportRow(5, "b.karimi", "بهرام کریمی", "امپراتور"),  # unknown role
    UserImportRow(6, "huge", "ن" * 20_000, "x" * 20_000),  # a huge name and a huge role
    UserImportRow(7, "ali۱2", "علی ۱2", "بازرس"),  # Persian and Latin digits mixed in the username
    UserImportRow(8, "f.user", "=cmd()", "clerk"),  # a formula-looking cell
    UserImportRow(9, "admin", "", "admin"),  # already in the database
]


def _messages(problems: list[object], row: int) -> list[str]:
    return [p.message for p in problems if p.row_number == row]  # type: ignore[attr-defined]


def _iso(text: str) -> str:
    """A cell's text as a message repeats it: in a first-strong isolate (reads whole in Persian)."""
    return "\u2068" + text + "\u2069"


def test_the_check_names_every_problem_in_persian_and_writes_nothing(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    before = users.count_users(db, admin)
    check = users.check_users_import(db, admin, BAD_ROWS)
    assert not check.clean and check.planned == ()
    assert {p.row_number for p in check.problems} == {2, 4, 5, 6, 7, 8, 9}  # row 3 alone is fine
    assert _messages(check.problems, 2) == ["وارد کردن «نام کاربری» الزامی است."]
    assert _messages(check.problems, 4) == [f"نام کاربری {_iso('s.rahimi')} تکراری است (ردیف ۳)."]
    assert _messages(check.problems, 5) == [f"نقش نامعلوم: {_iso('امپراتور')}"]
    huge = _messages(check.problems, 6)
    assert len(huge) == 2  # both cells named, and neither repeated whole
    assert "۲۰۰" in huge[0] and "۲۰۰۰۰" in huge[0]
    assert huge[1] == f"نقش نامعلوم: {_iso('x' * 40 + '…')}"  # a few characters of it, not 20,000
    assert _messages(check.problems, 7) == [f"نام کاربری «{_iso('ali۱2')}» رقم فارسی یا عربی دارد؛ رقم‌های آن را انگلیسی (0 تا 9) بنویسید."]
    assert _messages(check.problems, 8) == [f"«نام و نام خانوادگی» مانند فرمول صفحه‌گسترده با «=» آغاز می‌شود: «{_iso('=cmd()')}». خود مقدار را بنویسید."]
    assert _messages(check.problems, 9) == [f"نام کاربری {_iso('admin')} پیش‌تر گرفته شده است."]
    assert users.count_users(db, admin) == before


def test_the_import_refuses_the_rows_the_check_refuses(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    before = users.count_users(db, admin)
    check = users.check_users_import(db, admin, BAD_ROWS)
    with pytest.raises(ImportRejected) as refused:
        users.import_users(db, admin, BAD_ROWS)
    assert refused.value.problems == list(check.problems)
    assert "۷" in str(refused.value)  # seven rows, however many problems they have
    assert users.count_users(db, admin) == before


def test_a_clean_file_is_previewed_then_imported_with_one_time_passwords(office, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    caplog.set_level(logging.DEBUG)
    rows = [UserImportRow(2, "Z.Mohammadi", " زهرا  محمدی ", "سرپرست"), UserImportRow(3, "k.amini", "", "inspector")]
    check = users.check_users_import(db, admin, rows)
    assert check.clean
    assert [(p.username, p.display_name, p.role) for p in check.planned] == [
        ("z.mohammadi", "زهرا  محمدی", Role.SUPERVISOR), ("k.amini", "k.amini", Role.INSPECTOR)]
    seen: list[tuple[int, int]] = []
    added = users.import_users(db, admin, rows, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
    assert [(u.username, u.display_name, u.role) for u in added] == [
        (p.username, p.display_name, p.role) for p in check.planned]
    assert all(u.one_time_password not in repr(u) for u in added)
    first = auth.login(db, "z.mohammadi", added[0].one_time_password)
    assert first.must_change_password and first.role is Role.SUPERVISOR
    # the passwords are nowhere but in the returned list: not the log, not the database file
    for user in added:
        assert user.one_time_password not in caplog.text
    if db.is_sqlite:  # every byte of the file and its journal: users, audit trail, sync log
        db.dispose()
        path = Path(db.display_name)
        stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert stored and not any(u.one_time_password.encode() in stored for u in added)


def test_stopping_while_passwords_are_made_writes_nothing(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    before = users.count_users(db, admin)

    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt  # what a cancel looks like to the service: any exception

    with pytest.raises(KeyboardInterrupt):
        users.import_users(db, admin, [UserImportRow(2, "a.one", "", "clerk"), UserImportRow(3, "a.two", "", "clerk")], progress=stop)
    assert users.count_users(db, admin) == before


def test_whole_file_refusals_and_permission(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    with pytest.raises(UserError, match="ردیفی"):
        users.check_users_import(db, admin, [])
    many = [UserImportRow(n, f"user{n}", "", "clerk") for n in range(2, 5003)]
    with pytest.raises(UserError, match="۵۰۰۰"):
        users.check_users_import(db, admin, many)
    users.add_user(db, admin, username="clerk1", display_name="کارشناس", role=Role.CLERK, password="clerk-pass-1")
    clerk = auth.login(db, "clerk1", "clerk-pass-1")
    with pytest.raises(PermissionDenied):
        users.check_users_import(db, clerk, [UserImportRow(2, "x.y", "", "clerk")])
