"""Users, roles, login and lock-out, on SQLite and PostgreSQL."""

from __future__ import annotations

import sys

import pytest

from pr_desk.domain.errors import PermissionDenied, StaleRecord, UserError
from pr_desk.domain.roles import Role
from pr_desk.services import audit_log, auth, users
from pr_desk.services.context import Actor
from tests.conftest import ADMIN_PASSWORD


def _add(db, admin, username="clerk1", role=Role.CLERK, password="clerk-pass-1"):  # type: ignore[no-untyped-def]
    return users.add_user(db, admin, username=username, display_name="علی رضایی", role=role, password=password)


def test_login_with_the_right_password_and_audit(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    actor = auth.login(db, "admin", ADMIN_PASSWORD)
    assert actor.role is Role.ADMIN and actor.username == "admin"
    assert auth.login(db, "ADMIN ", ADMIN_PASSWORD).user_id == actor.user_id  # usernames ignore case and spaces
    entries = audit_log.list_entries(db, admin, actions=["login"])
    assert len(entries) == 2 and entries[0].actor_name == "admin"


def test_wrong_password_and_unknown_user_are_audited(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    for name, password in (("admin", "nope"), ("nobody", "x"), ("", ""), ("' OR 1=1 --", "x"), ("ع" * 5000, "x")):
        with pytest.raises(auth.LoginFailed):
            auth.login(db, name, password)
    failed = audit_log.list_entries(db, admin, actions=["login_failed"])
    assert len(failed) == 5
    assert {e.actor_name for e in failed} >= {"admin", "nobody"}


def test_five_wrong_passwords_lock_the_account(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    _add(db, admin)
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginFailed):
            auth.login(db, "clerk1", "wrong-password")
    with pytest.raises(auth.LoginFailed, match="قفل"):
        auth.login(db, "clerk1", "clerk-pass-1")  # even the right password is refused while locked
    with pytest.raises(auth.LoginFailed) as stranger:
        auth.login(db, "clerk1", "a-guess")  # a stranger is not told that the account exists and is locked
    with pytest.raises(auth.LoginFailed) as nobody:
        auth.login(db, "no-such-user", "a-guess")
    assert str(stranger.value) == str(nobody.value) and "قفل" not in str(stranger.value)
    info = users.find_by_username(db, admin, "clerk1")
    assert info.locked
    users.reset_password(db, admin, info.id, "new-pass-1405")
    assert auth.login(db, "clerk1", "new-pass-1405").username == "clerk1"


def test_disabled_user_cannot_log_in_and_can_be_enabled(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    info = _add(db, admin)
    users.disable_user(db, admin, info.id)
    with pytest.raises(auth.LoginFailed):
        auth.login(db, "clerk1", "clerk-pass-1")
    users.enable_user(db, admin, info.id)
    assert auth.login(db, "clerk1", "clerk-pass-1")


def test_passwords_are_argon2id_hashes(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    _add(db, admin)
    from pr_desk.data.queries import users as q

    with db.session() as s:
        assert q.by_username(s, "clerk1").password_hash.startswith("$argon2id$")


def test_real_use_hashes_with_argon2s_recommended_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests hash with low costs (tests/conftest.py sets auth.TEST_PASSWORD_COSTS); the
    program, without that setting, with the library's recommended ones."""
    from argon2 import PasswordHasher, extract_parameters

    monkeypatch.delenv(auth.TEST_PASSWORD_COSTS, raising=False)
    made = extract_parameters(auth._new_hasher().hash("clerk-pass-1"))
    recommended = PasswordHasher()
    assert (made.type.name, made.time_cost, made.memory_cost, made.parallelism) == (
        "ID", recommended.time_cost, recommended.memory_cost, recommended.parallelism)
    assert recommended.memory_cost >= 64 * 1024 and recommended.time_cost >= 2  # RFC 9106's second choice, at least
    # The installed (frozen) program ignores the test setting.
    monkeypatch.setenv(auth.TEST_PASSWORD_COSTS, "low")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    frozen = extract_parameters(auth._new_hasher().hash("clerk-pass-1"))
    assert (frozen.time_cost, frozen.memory_cost) == (recommended.time_cost, recommended.memory_cost)


def test_a_clerk_cannot_call_admin_services(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    _add(db, admin)
    clerk = auth.login(db, "clerk1", "clerk-pass-1")
    with pytest.raises(PermissionDenied):
        users.add_user(db, clerk, username="x1", display_name="x", role=Role.ADMIN, password="password-1")
    with pytest.raises(PermissionDenied):
        users.reset_password(db, clerk, admin.user_id, "password-22")
    with pytest.raises(PermissionDenied):
        users.list_users(db, clerk)
    with pytest.raises(PermissionDenied):
        audit_log.list_entries(db, clerk)


@pytest.mark.parametrize(
    ("username", "display_name", "role", "password"),
    [
        ("", "x", Role.CLERK, "password-1"),
        ("a", "x", Role.CLERK, "password-1"),
        ("علی", "x", Role.CLERK, "password-1"),
        ("ok_user", "", Role.CLERK, "password-1"),
        ("ok_user", "x", "emperor", "password-1"),
        ("ok_user", "x", Role.CLERK, "short"),
        ("ok_user", "x", Role.CLERK, "12345678901"),
        ("ok_user", "ن" * 300, Role.CLERK, "password-1"),
        ("admin", "x", Role.CLERK, "password-1"),  # taken
    ],
)
def test_bad_user_input_is_refused_and_nothing_changes(office, username, display_name, role, password) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    before = users.count_users(db, admin)
    with pytest.raises(UserError) as info:
        users.add_user(db, admin, username=username, display_name=display_name, role=role, password=password)
    assert info.value.translated().strip()
    assert users.count_users(db, admin) == before


def test_last_admin_cannot_be_disabled_or_demoted(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    other = _add(db, admin, "boss2", Role.ADMIN)
    with pytest.raises(UserError):
        users.disable_user(db, admin, admin.user_id)  # not yourself
    users.disable_user(db, admin, other.id)
    with pytest.raises(UserError):
        users.update_user(db, admin, admin.user_id, display_name="x", role=Role.CLERK)


def test_stale_edit_by_a_second_admin_is_refused(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    info = _add(db, admin)
    users.update_user(db, admin, info.id, display_name="نام اول", role=Role.CLERK, expected_version=info.version)
    with pytest.raises(StaleRecord):
        users.update_user(db, admin, info.id, display_name="نام دوم", role=Role.SUPERVISOR, expected_version=info.version)
    assert users.get_user(db, admin, info.id).display_name == "نام اول"


def test_audit_records_before_and_after_values(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    info = _add(db, admin)
    users.update_user(db, admin, info.id, display_name="زهرا محمدی", role=Role.SUPERVISOR)
    entries = audit_log.list_entries(db, admin, record_id=info.id)
    update = next(e for e in entries if e.action == "update")
    assert update.before == {"display_name": "علی رضایی", "role": "clerk"}
    assert update.after == {"display_name": "زهرا محمدی", "role": "supervisor"}
    insert = next(e for e in entries if e.action == "insert")
    assert insert.after["password_hash"] == "***"  # secrets never reach the trail


def test_one_time_password_must_be_changed_and_audit_details_read_well(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    info = _add(db, admin)
    users.reset_password(db, admin, info.id, "temporary-1405")
    clerk = auth.login(db, "clerk1", "temporary-1405")
    assert clerk.must_change_password
    with pytest.raises(UserError):
        auth.change_own_password(db, clerk, old_password="temporary-1405", new_password="temporary-1405")
    auth.change_own_password(db, clerk, old_password="temporary-1405", new_password="my-own-pass-1405")
    assert not auth.login(db, "clerk1", "my-own-pass-1405").must_change_password
    users.update_user(db, admin, info.id, display_name="زهرا محمدی", role=Role.SUPERVISOR)
    update = next(e for e in audit_log.list_entries(db, admin, record_id=info.id) if e.action == "update")
    assert "نقش: کارشناس ← سرپرست" in update.details


def test_unlock_and_enable_lift_a_lock_out(office) -> None:  # type: ignore[no-untyped-def]
    """Issue 19, item 7: `enable` said it enabled a locked account but left it locked."""
    db, admin = office
    info = _add(db, admin)
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginFailed):
            auth.login(db, "clerk1", "wrong-password")
    assert users.find_by_username(db, admin, "clerk1").locked
    with pytest.raises(PermissionDenied):
        users.unlock_user(db, Actor(info.id, "clerk1", "علی رضایی", Role.CLERK), info.id)
    users.unlock_user(db, admin, info.id)
    assert not users.find_by_username(db, admin, "clerk1").locked
    assert auth.login(db, "clerk1", "clerk-pass-1").username == "clerk1"
    assert audit_log.list_entries(db, admin, actions=["unlock"])
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginFailed):
            auth.login(db, "clerk1", "wrong-password")
    users.disable_user(db, admin, info.id)
    users.enable_user(db, admin, info.id)  # enabling lets the owner in: the lock goes too
    assert auth.login(db, "clerk1", "clerk-pass-1").username == "clerk1"


def test_expected_actor_is_who_a_right_password_logs_in_and_reads_only(office) -> None:  # type: ignore[no-untyped-def]
    """The app builds the main window hidden for this actor while `login` checks the
    password (issue 17 §1 b): it must be the login's own actor, and asking writes nothing."""
    db, admin = office
    clerk = _add(db, admin)
    gone = _add(db, admin, username="gone1")
    users.disable_user(db, admin, gone.id)
    entries = len(audit_log.list_entries(db, admin))
    expected = auth.expected_actor(db, " CLERK1")
    assert auth.expected_actor(db, "nobody") is None and auth.expected_actor(db, "") is None
    assert auth.expected_actor(db, "gone1") is None  # disabled: no window to build
    assert len(audit_log.list_entries(db, admin)) == entries  # nothing audited, nothing counted
    assert expected is not None and expected == auth.login(db, "clerk1", "clerk-pass-1")
    for _ in range(5):
        with pytest.raises(auth.LoginFailed):
            auth.login(db, "clerk1", "a-guess")
    assert users.find_by_username(db, admin, "clerk1").locked
    assert auth.expected_actor(db, "clerk1") is None  # locked: no window either
    users.reset_password(db, admin, clerk.id, "one-time-pass-1")
    again = auth.expected_actor(db, "clerk1")
    assert again is not None and again.must_change_password  # the app builds no window before the change
