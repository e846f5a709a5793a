"""A login writes only the account's local columns (last login, failed count, lock, a
rehashed password): nothing a field copy syncs, so it leaves no change to sync and the
row's version stays (issue 18, around it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pr_desk.data.models import User
from pr_desk.data.sync.models import SyncChange
from pr_desk.services import auth, setup

PASSWORD = "admin-pass-1405"


def _changes(db) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(SyncChange)).scalar_one()


def _row(db):  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.execute(select(User.version, User.updated_at, User.last_login_at, User.failed_logins)
                            .where(User.username == "admin")).one()


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, _admin = setup.create_database(str(tmp_path / "office.sqlite"), admin_username="admin",
                                       admin_display_name="مدیر", admin_password=PASSWORD)
    yield db
    db.dispose()


def test_a_login_leaves_no_change_to_sync(office) -> None:  # type: ignore[no-untyped-def]
    before, row = _changes(office), _row(office)
    auth.login(office, "admin", PASSWORD)
    auth.wait_for_login_records()
    after = _row(office)
    assert after.last_login_at is not None and after.last_login_at != row.last_login_at
    assert (after.version, after.updated_at) == (row.version, row.updated_at)
    assert _changes(office) == before


def test_a_wrong_password_is_counted_and_leaves_no_change_to_sync(office) -> None:  # type: ignore[no-untyped-def]
    before, row = _changes(office), _row(office)
    with pytest.raises(auth.LoginFailed):
        auth.login(office, "admin", "wrong-password-1")
    assert _row(office).failed_logins == row.failed_logins + 1
    assert _changes(office) == before
    auth.login(office, "admin", PASSWORD)
    auth.wait_for_login_records()
    assert _row(office).failed_logins == 0 and _changes(office) == before
