"""Two PR Desks on one SQLite file, each editing (issue 19's test list): this process holds
the file as the app does (one long-lived engine), another process is the second PR Desk.
Both open the same user's record; the second saves first; the first's save is refused as a
stale edit and nothing the second wrote is overwritten. Then the other way round."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pr_desk.domain.errors import StaleRecord
from pr_desk.domain.roles import Role
from pr_desk.services import auth, setup, users
from tests.conftest import ADMIN_PASSWORD

SECOND_APP = textwrap.dedent("""
    import sys
    from pr_desk.domain.errors import StaleRecord
    from pr_desk.services import auth, setup, users
    opened = setup.open_or_create(sys.argv[1], create=False)
    admin = auth.login(opened.db, "admin", sys.argv[2])
    import uuid
    try:
        users.update_user(opened.db, admin, uuid.UUID(sys.argv[3]), display_name=sys.argv[4], role="clerk",
                          expected_version=int(sys.argv[5]))
        print("saved")
    except StaleRecord:
        print("stale")
    finally:
        opened.db.dispose()
""")


def second_app(path: Path, user_id: object, name: str, version: int) -> str:
    done = subprocess.run([sys.executable, "-c", SECOND_APP, str(path), ADMIN_PASSWORD, str(user_id), name, str(version)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_two_apps_editing_one_record_never_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    db, _admin = setup.create_database(str(path), admin_username="admin", admin_display_name="مدیر سامانه",
                                       admin_password=ADMIN_PASSWORD)
    try:
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        clerk = users.add_user(db, admin, username="clerk1", display_name="علی رضایی", role=Role.CLERK,
                               password="clerk-pass-1405")
        # Both apps have the record open at version 1; the second PR Desk saves first.
        assert second_app(path, clerk.id, "نام از برنامه دوم", clerk.version) == "saved"
        with pytest.raises(StaleRecord):
            users.update_user(db, admin, clerk.id, display_name="نام از برنامه اول", role=Role.CLERK,
                              expected_version=clerk.version)
        now = users.get_user(db, admin, clerk.id)
        assert now.display_name == "نام از برنامه دوم"
        # The first app reloads and saves; the second, still on the old version, is refused.
        users.update_user(db, admin, clerk.id, display_name="نام تازه برنامه اول", role=Role.CLERK,
                          expected_version=now.version)
        assert second_app(path, clerk.id, "دوباره از برنامه دوم", now.version) == "stale"
        assert users.get_user(db, admin, clerk.id).display_name == "نام تازه برنامه اول"
    finally:
        db.dispose()
