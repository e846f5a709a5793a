"""What a clerk's Windows PC does to the database file, tested here (issue 16, item 3): a
second PR Desk holding the file (on this PC, or on another over a shared folder) gives a
sentence, not "database is locked"; a backup is taken while the app has the file open; and
paths longer than Windows' old 260-character limit are not assumed away."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pr_desk.data import engine
from pr_desk.domain.errors import UserError
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import set_language
from pr_desk.services import auth, maintenance, setup, units

PASSWORD = "admin-pass-1405"


def office_file(path: Path) -> Path:
    db, _admin = setup.create_database(str(path), admin_username="admin", admin_display_name="مدیر سامانه",
                                       admin_password=PASSWORD)
    db.dispose()
    return path


def test_a_file_another_program_holds_alone_is_in_use_not_damaged(tmp_path: Path) -> None:
    path = office_file(tmp_path / "office.sqlite")
    other = sqlite3.connect(path, timeout=0.1, isolation_level=None)  # another PR Desk, mid-restore
    try:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(UserError) as refused:
            setup.open_or_create(str(path), create=True)
        set_language("fa")
        sentence = str(refused.value)
        assert "در حال استفاده" in sentence and "locked" not in sentence and "آسیب" not in sentence
        set_language("en")
        assert "in use by another program" in str(refused.value)
    finally:
        other.close()
    opened = setup.open_or_create(str(path), create=True)  # once it lets go, the file opens
    opened.db.dispose()


def test_a_write_behind_another_pr_desks_long_write_says_busy_in_persian(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)  # the app waits 10 s; the test need not
    path = office_file(tmp_path / "office.sqlite")
    first = setup.open_or_create(str(path)).db  # the PR Desk that writes a long import
    second = setup.open_or_create(str(path)).db  # the second PR Desk on the same file
    try:
        actor = auth.login(second, "admin", PASSWORD)
        holding = first.engine.raw_connection()
        holding.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(UserError) as refused:
                units.add_unit(second, actor, name="واحد آزمایشی", kind=UnitKind.OFFICE)
            set_language("fa")
            assert "locked" not in str(refused.value) and "سرگرم" in str(refused.value)
        finally:
            holding.rollback()
            holding.close()
        units.add_unit(second, actor, name="واحد آزمایشی", kind=UnitKind.OFFICE)  # its turn now
    finally:
        first.dispose()
        second.dispose()


def test_a_backup_while_the_app_has_the_file_open_and_is_reading(tmp_path: Path) -> None:
    path = office_file(tmp_path / "office.sqlite")
    db = setup.open_or_create(str(path)).db
    try:
        admin = auth.login(db, "admin", PASSWORD)
        units.add_unit(db, admin, name="واحد پیش از پشتیبان", kind=UnitKind.OFFICE)
        reading = db.engine.raw_connection()  # a list page in the middle of its read
        reading.execute("BEGIN")
        reading.execute("SELECT count(*) FROM sqlite_master").fetchone()
        try:
            out = maintenance.backup(db, tmp_path / "copy.sqlite", actor=admin)
        finally:
            reading.rollback()
            reading.close()
        maintenance.check_backup_file(out)
        copy = sqlite3.connect(out)
        try:
            names = {row[0] for row in copy.execute("SELECT name FROM unit")}
        finally:
            copy.close()
        assert "واحد پیش از پشتیبان" in names
        units.add_unit(db, admin, name="واحد پس از پشتیبان", kind=UnitKind.OFFICE)  # the app goes on
    finally:
        db.dispose()


def long_folder(root: Path) -> Path:
    # Latin folder names: SQLite's own limit on Linux is 512 bytes (a Persian letter takes
    # two), where Windows' SQLite takes long paths; the stand-in is Windows' 260 characters.
    folder = root / "پوشه کاربر"
    while len(str(folder)) <= 280:
        folder = folder / "Public Relations District Office"
    folder.mkdir(parents=True)
    return folder


def test_init_open_and_backup_under_a_path_longer_than_260_characters(tmp_path: Path) -> None:
    folder = long_folder(tmp_path)
    path = office_file(folder / "دفتر روابط عمومی.sqlite")
    assert len(str(path)) > 260
    db = setup.open_or_create(str(path)).db
    try:
        admin = auth.login(db, "admin", PASSWORD)
        units.add_unit(db, admin, name="واحد مسیر بلند", kind=UnitKind.OFFICE)
        out = maintenance.backup(db, folder / "پشتیبان روز.sqlite", actor=admin)
    finally:
        db.dispose()
    assert len(str(out)) > 260
    maintenance.check_backup_file(out)
