"""The administrator's lists the dashboard's backups and field-copies tiles open: every
backup file still on disk (the backup folder and the trail's backups kept elsewhere) and
each field copy's last package out, last return in and state."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.services import backups, maintenance
from pr_desk.services.sync import copies
from tests.services.sync.support import (
    checkout,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
    refresh,
)


def test_backups_lists_the_folder_and_the_trail_newest_first(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    folder = tmp_path / "backups"
    folder.mkdir()
    elsewhere = tmp_path / "usb" / "office-copy.sqlite"
    elsewhere.parent.mkdir()
    maintenance.backup(db, elsewhere, actor=admin)  # saved elsewhere: the trail knows it
    maintenance.backup(db, folder / "office-before-upgrade-20261201-0900.sqlite", actor=admin)
    (folder / "office-before-sync-20261202-0900.sqlite").write_bytes(b"x" * 3000)
    (folder / "notes.txt").write_text("not a backup")
    gone = tmp_path / "gone.sqlite"
    maintenance.backup(db, gone, actor=admin)
    gone.unlink()  # the trail names it, the disk no longer has it
    for name, day in (("usb/office-copy.sqlite", 3), ("backups/office-before-upgrade-20261201-0900.sqlite", 2),
                      ("backups/office-before-sync-20261202-0900.sqlite", 1)):
        stamp = dt.datetime(2026, 11, day, tzinfo=dt.UTC).timestamp()
        os.utime(tmp_path / name, (stamp, stamp))

    listed = backups.list_backups(db, admin, folder=folder)
    assert [b.name for b in listed] == ["office-copy.sqlite", "office-before-upgrade-20261201-0900.sqlite",
                                        "office-before-sync-20261202-0900.sqlite"]  # newest first
    assert listed[0].made_at == dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
    assert [b.kind for b in listed] == [backups.backup_kind(b.name) for b in listed]
    kinds = {b.name: b.kind_label for b in listed}
    assert kinds["office-copy.sqlite"] == "تهیه‌شده به دست مدیر سامانه"
    assert kinds["office-before-sync-20261202-0900.sqlite"] == "پیش از ورود فایل همگام‌سازی"
    sizes = {b.name: b for b in listed}
    assert sizes["office-before-sync-20261202-0900.sqlite"].size == 3000
    assert sizes["office-before-sync-20261202-0900.sqlite"].size_text == "۲٫۹ کیلوبایت"
    by_size = backups.list_backups(db, admin, folder=folder, sort_key="size_text", descending=False)
    assert by_size[0].name == "office-before-sync-20261202-0900.sqlite"


def test_only_an_administrator_lists_backups(office) -> None:  # type: ignore[no-untyped-def]
    from tests.services.test_dashboard import _world

    db, admin = office
    people = _world(db, admin)
    with pytest.raises(UserError):
        backups.list_backups(db, people.supervisor)
    assert backups.list_backups(db, admin) == [] or all(b.path.is_file() for b in backups.list_backups(db, admin))


def test_field_copies_say_what_is_out_and_what_came_back(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(sqlite_office, tmp_path)
    first = checkout(world, "a")
    second = checkout(world, "b")
    try:
        states = copies.field_copy_states(world.office, world.admin)
        assert [c.state for c in states] == ["nothing_back", "nothing_back"]
        assert all(c.last_out is not None and c.last_back is None and c.alert for c in states)
        # the first laptop sends its return: it is back in step, listed after the one still out
        from pr_desk.services import evaluation as ev
        from pr_desk.services import sync
        from tests.services.evaluation.factories import full_scores

        detail = ev.open_form(first.db, first.actor, period_id=world.period.id, unit_id=world.units[0].id)
        ev.save_scores(first.db, first.actor, detail.form.id, lines=full_scores(detail, ["5", "2", "10"]))
        sync.apply_import(world.office, world.admin, path=first.export(tmp_path))
        states = copies.field_copy_states(world.office, world.admin)
        assert [(c.replica_id.hex, c.state) for c in states] == [
            (__import__("uuid").UUID(second.replica_id).hex, "nothing_back"),
            (__import__("uuid").UUID(first.replica_id).hex, "in_step")]
        assert states[1].state_label == "هم‌گام با دفتر"
        # a next package for it: waiting for its return; retired: last
        refresh(world, first)
        mine = {c.replica_id.hex: c for c in copies.field_copy_states(world.office, world.admin)}
        assert mine[__import__("uuid").UUID(first.replica_id).hex].state == "waiting"
        sync.retire_field_copy(world.office, world.admin, second.replica_id)
        states = copies.field_copy_states(world.office, world.admin)
        assert [c.state for c in states] == ["waiting", "retired"]
        assert [c.inspector for c in copies.field_copy_states(world.office, world.admin, sort_key="last_out", descending=True)]
        with pytest.raises(UserError):
            copies.field_copy_states(world.office, world.inspector)
    finally:
        first.db.dispose()
        second.db.dispose()
